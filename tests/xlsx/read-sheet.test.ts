/**
 * The package reader (src/xlsx/read-sheet.ts) against ExcelJS's reader: the same snapshot (sheet
 * list, settings, values, merges, hidden rows and columns) for every fixture, the examples,
 * LibreOffice-written files and generated sheets; and the cached results ExcelJS drops (0, FALSE)
 * read as stored.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { recompute, type SheetModel } from "../../src/workbook";
import { XlsxAdapter, openXlsx } from "../../src/xlsx";
import {
  isDateFormat,
  lastValueRow,
  readDateStyles,
  readSharedStrings,
  readWorksheetXml,
  type CellContext,
  type ReadNotes,
} from "../../src/xlsx/read-sheet";
import { allFixtures, serviceOrg, writeFixture } from "../fixtures/workbooks";
import { testWithTool } from "../support/tools";

const SETTINGS = "_星级评定";
/** No shared strings, no date styles: what most sheets written here need to be read. */
const PLAIN: CellContext = { sharedStrings: [], dateStyles: [], date1904: false };
/** A worksheet of these rows; `row1` for cells of its first row. */
const sheetOf = (rows: string) =>
  `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
const row1 = (cells: string) => sheetOf(`<row r="1">${cells}</row>`);
const NOW = new Date(Date.UTC(2026, 0, 1));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "read-sheet-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every sheet of a file read both ways; the package reader must not have needed ExcelJS. */
async function expectParity(file: string): Promise<number> {
  const fast = await openXlsx(file);
  const viaExcelJs = await openXlsx(file);
  await viaExcelJs.exceljs();
  const names = (await new XlsxAdapter(fast).sheetList()).map((s) => s.name);
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    const a = await new XlsxAdapter(fast).read({ sheet: name, settingsSheet: SETTINGS });
    const b = await new XlsxAdapter(viaExcelJs).read({ sheet: name, settingsSheet: SETTINGS });
    // Formulas showing nothing: the package reader finds every one ExcelJS finds (ExcelJS drops a
    // formula inside another's shared range, which only generated sheets have), perhaps more.
    const blankFormulas = (sheet: SheetModel) => {
      const found = sheet.blankFormulaColumns;
      delete sheet.blankFormulaColumns;
      return found ?? {};
    };
    const [ours, theirs] = [blankFormulas(a.sheet), blankFormulas(b.sheet)];
    for (const [col, lastRow] of Object.entries(theirs))
      expect(ours[Number(col)]).toBeGreaterThanOrEqual(lastRow);
    // Every formula ExcelJS finds, the package reader finds too (and those inside a shared range).
    const formulaRows = (sheet: SheetModel) => {
      const runs = sheet.formulaRuns ?? {};
      delete sheet.formulaRuns;
      return Object.entries(runs).flatMap(([col, list]) =>
        list.flatMap(([top, bottom]) =>
          Array.from({ length: bottom - top + 1 }, (_, i) => `${col}:${top + i}`),
        ),
      );
    };
    const [ourFormulas, theirFormulas] = [new Set(formulaRows(a.sheet)), formulaRows(b.sheet)];
    expect(theirFormulas.filter((cell) => !ourFormulas.has(cell))).toEqual([]);
    expect(a).toEqual(b);
  }
  const defaults = [new XlsxAdapter(fast), new XlsxAdapter(viaExcelJs)].map((adapter) =>
    adapter.read({ settingsSheet: SETTINGS }).then((s) => s.sheet.name),
  );
  const [fastDefault, excelJsDefault] = await Promise.all(defaults);
  expect(fastDefault).toBe(excelJsDefault);
  expect(fast.loaded).toBeUndefined();
  return names.length;
}

describe("the package reader reads what ExcelJS's reader reads", () => {
  for (const [key, fixture] of Object.entries(allFixtures())) {
    test(`fixture ${key}`, async () => {
      const file = path.join(dir, `${key}.xlsx`);
      await writeFixture(fixture, file);
      expect(await expectParity(file)).toBe(fixture.sheets.length);
    });
  }

  test("the examples, scored and not", async () => {
    const examples = path.join(__dirname, "..", "..", "examples");
    for (const name of readdirSync(examples).filter((f) => f.endsWith(".xlsx"))) {
      const input = path.join(examples, name);
      await expectParity(input);
      const file = await openXlsx(input);
      const result = await recompute(new XlsxAdapter(file), { now: NOW });
      expect(result.ok).toBe(true);
    }
  });

  test("60 generated sheets: every cell type, formula, text form, attribute spelling, hidden rows and columns, merge", async () => {
    const base = path.join(dir, "generated-base.xlsx");
    await writeFixture(serviceOrg(2), base);
    const source = await JSZip.loadAsync(readFileSync(base));
    const styles = (await source.file("xl/styles.xml")!.async("string")).replace(
      /<cellXfs count="\d+">(<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>))/,
      '<cellXfs count="2">$1<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>',
    );
    const strings =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `${GENERATED_STRINGS.join("")}</sst>`;
    const pick = seeded(20261204);
    const seen = { dates: 0, errors: 0, hidden: 0, merges: 0 };
    for (let i = 0; i < 60; i++) {
      const zip = await JSZip.loadAsync(readFileSync(base));
      zip.file("xl/worksheets/sheet1.xml", generatedSheet(pick));
      zip.file("xl/sharedStrings.xml", strings);
      zip.file("xl/styles.xml", styles);
      const file = path.join(dir, `generated-${i}.xlsx`);
      writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
      await expectParity(file);
      const { sheet } = await new XlsxAdapter(await openXlsx(file)).read({ settingsSheet: SETTINGS });
      const values = sheet.values.flat();
      seen.dates += values.filter((v) => v instanceof Date).length;
      seen.errors += values.filter((v) => v !== null && typeof v === "object" && "error" in v).length;
      seen.hidden += sheet.hiddenRows.length + sheet.hiddenColumns.length;
      seen.merges += sheet.merges.length;
    }
    // The sheets hold what they are meant to test: dates by style, errors, hidden rows and columns, merges.
    expect(Object.values(seen).every((n) => n > 5)).toBe(true);
  }, 60_000);

  testWithTool(
    "soffice",
    "files LibreOffice wrote (its own string, style and row markup)",
    async () => {
      const fixtures = allFixtures();
      const keys = ["cellKinds", "awkwardRows", "busyWorkbook"];
      const sources = path.join(dir, "lo-src");
      const converted = path.join(dir, "lo-conv");
      mkdirSync(sources, { recursive: true });
      for (const key of keys) await writeFixture(fixtures[key], path.join(sources, `${key}.xlsx`));
      const profile = `-env:UserInstallation=file://${path.join(dir, "lo-profile")}`;
      execFileSync(
        "soffice",
        [
          profile,
          "--headless",
          "--convert-to",
          "xlsx",
          "--outdir",
          converted,
          ...keys.map((k) => path.join(sources, `${k}.xlsx`)),
        ],
        { stdio: "ignore", timeout: 120_000 },
      );
      for (const key of keys) await expectParity(path.join(converted, `${key}.xlsx`));
    },
    180_000,
  );
});

/** A seeded pseudo-random choice (the same sheets on every run). */
function seeded(seed: number): <T>(items: readonly T[]) => T {
  let state = seed;
  return (items) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return items[Math.floor((state / 2147483648) * items.length)]!;
  };
}

const GENERATED_STRINGS = [
  "<si><t>支部甲</t></si>",
  '<si><t xml:space="preserve"> 空格 </t></si>',
  "<si><r><rPr><b/></rPr><t>富</t></r><r><t>文本</t></r></si>",
  '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
  "<si><t>a_x000D_b</t></si>",
  "<si/>",
  "<si><t>&amp;&lt;&#x41;</t></si>",
];
const GENERATED_TEXTS = [
  "第一党支部",
  "a &amp; b",
  "&#x4E00;&#20108;",
  " lead",
  "a\r\nb",
  "&lt;t&gt;",
  "=SUM(A1)",
  "甲&#13;乙",
];
const GENERATED_NUMBERS = [
  "12",
  "12.5",
  "-0",
  "1E3",
  "1.5e-3",
  ".5",
  "0012",
  " 7 ",
  "",
  "-1.25",
  "0",
  "&#49;&#x32;",
];

/**
 * A sheet in the forms Excel, LibreOffice and other writers store cells (every type, formulas with
 * and without cached results, shared formulas, rich and phonetic text, attributes in any order and
 * quoting, hidden rows and columns, merges), leaving out where the readers differ by design
 * (docs/xlsx-round-trip.md: `t="d"`, `_xHHHH_` in inline text, numbers no Excel writes).
 */
function generatedSheet(pick: <T>(items: readonly T[]) => T): string {
  const attrs = (list: [string, string][]) => {
    const q = pick(['"', '"', "'"]);
    return pick([list, [...list].reverse()])
      .map(([k, v]) => `${pick([" ", " ", "  "])}${k}=${q}${v}${q}`)
      .join("");
  };
  const cell = (ref: string): string => {
    const r: [string, string] = ["r", ref];
    switch (
      pick([
        "n",
        "n",
        "s",
        "str",
        "inline",
        "rich",
        "b",
        "e",
        "f0",
        "fnov",
        "date",
        "empty",
        "shared",
        "spaced",
      ])
    ) {
      case "n":
        return `<c${attrs([r])}><v>${pick(GENERATED_NUMBERS)}</v></c>`;
      case "s":
        return `<c${attrs([r, ["t", "s"]])}><v>${pick([0, 1, 2, 3, 4, 5, 6])}</v></c>`;
      case "str":
        return `<c${attrs([r, ["t", "str"]])}><f>A1&amp;""</f><v>${pick(GENERATED_TEXTS)}</v></c>`;
      case "inline":
        return `<c${attrs([r, ["t", "inlineStr"]])}><is><t xml:space="preserve">${pick(GENERATED_TEXTS)}</t></is></c>`;
      case "rich":
        return `<c${attrs([r, ["t", "inlineStr"]])}><is><r><t>${pick(GENERATED_TEXTS)}</t></r><r><rPr><b/></rPr><t>乙</t></r></is></c>`;
      case "b":
        return `<c${attrs([r, ["t", "b"]])}><v>${pick(["1", "0", ""])}</v></c>`;
      case "e":
        return `<c${attrs([r, ["t", "e"]])}><v>${pick(["#N/A", "#DIV/0!"])}</v></c>`;
      case "f0":
        return `<c${attrs([r])}><f>B1-B1</f><v>0</v></c>`;
      case "fnov":
        return `<c${attrs([r])}><f>B1</f></c>`;
      case "date":
        return `<c${attrs([r, ["s", "1"]])}><v>${pick(["45000", "45000.5", "1", "60"])}</v></c>`;
      case "empty":
        return `<c${attrs([r, ...pick<[string, string][]>([[], [["s", "1"]]])])}/>`;
      case "shared":
        return `<c${attrs([r])}><f t="shared" si="0"${pick([' ref="A1:F9">B1*2</f>', "/>"])}<v>${pick(GENERATED_NUMBERS)}</v></c>`;
      default:
        return `<c${attrs([r])}>\n  <v>${pick(GENERATED_NUMBERS)}</v>\n</c>`;
    }
  };
  let rows = "";
  for (let row = 1; row <= 8; row++) {
    if (pick([true, false, false, false, false, false])) continue;
    let cells = "";
    for (const col of "ABCDEF")
      if (pick([true, true, true, true, true, false])) cells += cell(`${col}${row}`);
    const rowAttrs: [string, string][] = [["r", String(row)]];
    if (pick([true, false, false, false])) rowAttrs.push(["spans", "1:6"]);
    if (pick([true, false, false, false, false])) rowAttrs.push(["hidden", pick(["1", "true", "0"])]);
    rows += `<row${attrs(rowAttrs)}>${cells}</row>`;
  }
  const hidden = (col: number): [string, string][] =>
    col === 2 || col === 5 ? [["hidden", pick(["1", "true", "0"])]] : [];
  const cols = [1, 2, 3, 5].map(
    (c) =>
      `<col${attrs([["min", String(c)], ["max", String(c === 3 ? 4 : c)], ["width", "9"], ...hidden(c)])}/>`,
  );
  const merges = pick(['<mergeCells count="1"><mergeCell ref="B2:C3"/></mergeCells>', ""]);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<cols>${cols.join("")}</cols><sheetData>${rows}</sheetData>${merges}</worksheet>`
  );
}

/** A copy of `file` whose sheet XML has `from` replaced by `to`. */
async function editSheet(file: string, out: string, edit: (xml: string) => string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const part = "xl/worksheets/sheet1.xml";
  zip.file(part, edit(await zip.file(part)!.async("string")));
  writeFileSync(out, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
}

describe("formula results as Excel stores them", () => {
  test("a cached 0 and a cached FALSE are values, not blanks; a formula without one is noted", async () => {
    const plain = path.join(dir, "zero-src.xlsx");
    await writeFixture(serviceOrg(3, 5), plain);
    const file = path.join(dir, "zero.xlsx");
    // D3 = 0 as Excel writes a formula equal to 0; K3 a FALSE result; L3 a formula never calculated.
    await editSheet(plain, file, (xml) =>
      xml
        .replace(/<c r="D3"([^>]*?)(?:\/>|>[\s\S]*?<\/c>)/, '<c r="D3"$1><f>D4-D4</f><v>0</v></c>')
        .replace(
          /(<c r="J3"[\s\S]*?<\/c>)/,
          '$1<c r="K3" t="b"><f>1=2</f><v>0</v></c><c r="L3"><f>1+1</f></c>',
        ),
    );
    for (const viaExcelJs of [false, true]) {
      const opened = await openXlsx(file);
      if (viaExcelJs) await opened.exceljs();
      const adapter = new XlsxAdapter(opened);
      const { sheet } = await adapter.read({ settingsSheet: SETTINGS });
      expect(sheet.values[2].slice(3, 4)).toEqual([0]);
      expect(sheet.values[2].slice(10)).toEqual([false]);
      expect(adapter.readStats.uncachedFormulas).toEqual(["L3"]);
    }
    const result = await recompute(new XlsxAdapter(await openXlsx(file)), { now: NOW });
    if (!result.ok) throw new Error(result.error.text("en"));
    const first = result.evaluation.rows.find((r) => r.name === "第1党支部")!;
    expect(first.rated).toBe(true);
    expect(first.flags.map((f) => f.code)).not.toContain("MISSING_VALUE");
  });
});

describe("parts of the package", () => {
  test("shared strings: rich runs joined, phonetic guides left out, Excel's _xHHHH_ escapes decoded", () => {
    const xml =
      '<sst><si><t>第一</t></si><si><r><rPr><b/></rPr><t>党</t></r><r><t xml:space="preserve">支部 </t></r></si>' +
      '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si><si><t>a_x000D_b &amp; _x005F_x0041_</t></si><si/></sst>';
    expect(readSharedStrings(xml)).toEqual(["第一", "党支部 ", "東京", "a\rb & _x0041_", ""]);
  });

  test("line ends inside text as an XML reader gives them: a literal CR LF or CR is LF, a CR written as &#13; stays", () => {
    const xml =
      "<sst><si><t>第一党支部\r\n（机关）</t></si><si><t>a\rb</t></si><si><t>a&#13;&#10;b</t></si>" +
      "<si><r><t>标准13\r\n</t></r><r><t>考核排名第一</t></r></si><si><t>a_x000D_\r\nb</t></si></sst>";
    expect(readSharedStrings(xml)).toEqual([
      "第一党支部\n（机关）",
      "a\nb",
      "a\r\nb",
      "标准13\n考核排名第一",
      "a\r\nb",
    ]);
    const sheet = readWorksheetXml(
      "表",
      row1(
        '<c r="A1" t="inlineStr"><is><t>甲\r\n乙</t></is></c><c r="B1" t="str"><f>A1</f><v>甲\r\n乙</v></c>' +
          '<c r="C1" t="inlineStr"><is><t>甲&#13;乙</t></is></c>',
      ),
      PLAIN,
    )!;
    expect(sheet.values[0]).toEqual(["甲\n乙", "甲\n乙", "甲\r乙"]);
  });

  test("a formula's text result decodes Excel's _xHHHH_ escapes as shared and inline text do", () => {
    const sheet = readWorksheetXml(
      "表",
      row1(
        '<c r="A1" t="str"><f>"a"&amp;CHAR(9)</f><v>甲_x0009_乙</v></c>' +
          '<c r="B1" t="str"><f>B2</f><v>_x005F_x0041_</v></c>' +
          '<c r="C1" t="inlineStr"><is><t>甲_x0009_乙</t></is></c>',
      ),
      PLAIN,
    )!;
    expect(sheet.values[0]).toEqual(["甲\t乙", "_x0041_", "甲\t乙"]);
  });

  test("numbers and booleans stored in a form Excel never writes are read as their text, not guessed", () => {
    const context: CellContext = { sharedStrings: ["甲"], dateStyles: [false, true], date1904: false };
    const cells = [
      '<c r="A1"><v>1,5</v></c>',
      '<c r="B1"><v>0x10</v></c>',
      '<c r="C1"><v> 7 </v></c>',
      '<c r="D1"><v>1.5E-3</v></c>',
      '<c r="E1" t="n"><v>12abc</v></c>',
      '<c r="F1" s="1"><v>45000x</v></c>',
      '<c r="G1" t="b"><v>1</v></c>',
      '<c r="H1" t="b"><v>0</v></c>',
      '<c r="I1" t="b"><v></v></c>',
      '<c r="J1" t="b"><v>yes</v></c>',
      '<c r="K1" t="s"><v></v></c>',
      '<c r="L1" t="s"><v>0</v></c>',
      '<c r="M1"><v>&#49;&#x32;</v></c>',
      '<c r="N1" t="b"><v>&#49;</v></c>',
    ];
    const sheet = readWorksheetXml("表", row1(cells.join("")), context)!;
    expect(sheet.values[0]).toEqual([
      "1,5",
      "0x10",
      7,
      0.0015,
      "12abc",
      "45000x",
      true,
      false,
      null,
      "yes",
      null,
      "甲",
      12,
      true,
    ]);
  });

  test.each([
    ["a cell after one to its right", '<c r="B1"><v>1</v></c><c r="A1"><v>2</v></c>', "A1", "cellOrder"],
    ["a cell twice", '<c r="A1"><v>1</v></c><c r="A1"><v>2</v></c>', "A1", "cellOrder"],
    [
      "a cell without a reference, then one naming its column",
      '<c r="A1"><v>1</v></c><c><v>2</v></c><c r="B1"><v>3</v></c>',
      "B1",
      "cellOrder",
    ],
    ["a cell holding two values", '<c r="A1"><v>1</v>x<v>2</v></c><c r="B1"><v>2</v></c>', "A1", "twoValues"],
    [
      "a cell holding two inline strings",
      '<c r="A1" t="inlineStr"><is><t>甲</t></is><is><t>乙</t></is></c><c r="B1"><v>2</v></c>',
      "A1",
      "twoValues",
    ],
  ])("%s is damage: the sheet is not read, the cell is named", (_, cells, cell, why) => {
    const notes: ReadNotes = { uncachedFormulas: [] };
    expect(readWorksheetXml("表", row1(cells), PLAIN, notes)).toBeNull();
    expect(notes.damage).toEqual({ why, cell });
    // In order, the same cells are read.
    const sorted = '<c r="A1"><v>1</v></c><c r="B1"><v>2</v></c>';
    expect(readWorksheetXml("表", row1(sorted), PLAIN)?.values).toEqual([[1, 2]]);
  });

  test("a row numbered past Excel's last row, or not past the row before, is damage: the sheet is not read", () => {
    const read = (rows: string) => {
      const notes: ReadNotes = { uncachedFormulas: [] };
      return { sheet: readWorksheetXml("表", sheetOf(rows), PLAIN, notes), damage: notes.damage };
    };
    const row = (r: string) => `<row r="${r}"><c r="A${r}"><v>1</v></c></row>`;
    // Read as it says, the first would make a sheet of a billion rows (the run once died out of memory).
    expect(read(row("1") + row("999999916") + row("17"))).toEqual({
      sheet: null,
      damage: { why: "rowNumber", row: 999_999_916 },
    });
    expect(read(row("1") + row("1000000") + row("17"))).toEqual({
      sheet: null,
      damage: { why: "rowOrder", row: 17, after: 1_000_000 },
    });
    expect(read(row("2") + row("2")).damage).toEqual({ why: "rowOrder", row: 2, after: 2 });
    // Excel's last row itself is a row, and a row without a number is the next one.
    expect(read(row("1") + row("1048576")).sheet?.values.length).toBe(1_048_576);
    expect(read(`${row("3")}<row><c r="A4"><v>2</v></c></row>`).sheet?.values).toEqual([
      [null],
      [null],
      [1],
      [2],
    ]);
  });

  test.each([
    ["an index past the list", '<c r="A1" t="s"><v>1</v></c>'],
    ["a negative index", '<c r="A1" t="s"><v>-1</v></c>'],
    ["an index that is no number", '<c r="A1" t="s"><v>x</v></c>'],
    ["a formula's result naming no string", '<c r="A1" t="s"><f>B1</f><v>5</v></c>'],
  ])("a shared string cell with %s is damage: the sheet is not read", (_, cell) => {
    expect(readWorksheetXml("表", row1(cell), { ...PLAIN, sharedStrings: ["甲"] })).toBeNull();
  });

  test("date styles: built-in date ids and custom codes with date parts outside quotes and brackets", () => {
    const xml =
      '<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>' +
      '<numFmt numFmtId="165" formatCode="0.0&quot;分&quot;"/><numFmt numFmtId="166" formatCode="[Red]0%"/></numFmts>' +
      '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="58"/><xf numFmtId="9"/></cellXfs></styleSheet>';
    expect(readDateStyles(xml)).toEqual([false, true, true, false, false, true, false]);
    expect(isDateFormat('0"d"')).toBe(false);
    expect(isDateFormat("h:mm")).toBe(true);
  });
});

describe("row start tags: plain ones read in place, any other form by its attributes", () => {
  const context: CellContext = { sharedStrings: [], dateStyles: [], date1904: false };
  const read = (rows: string) =>
    readWorksheetXml(
      "表",
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
      context,
    )!;

  test("numbers, leading zeros, a row without or with a bad number, hidden rows, other attributes", () => {
    const sheet = read(
      '<row r="2"><c r="A2"><v>2</v></c></row>' +
        '<row r="004"><c r="A4"><v>4</v></c></row>' +
        "<row><c><v>5</v></c></row>" +
        '<row r="0"><c r="A6"><v>6</v></c></row>' +
        '<row r="8" hidden="1"><c r="A8"><v>8</v></c></row>' +
        "<row r='9' hidden='true'><c r=\"A9\"><v>9</v></c></row>" +
        '<row r="10" spans="1:2" ht="20"><c r="B10"><v>10</v></c></row>' +
        '<row r="11"/><row r="12" ><c r="A12"><v>12</v></c></row>' +
        '<row r="1x"><c><v>13</v></c></row>',
    );
    const byRow = sheet.values.map((cells, i) => [i + 1, cells.find((v) => v !== null) ?? null]);
    expect(byRow.filter(([, v]) => v !== null)).toEqual([
      [2, 2],
      [4, 4],
      [5, 5],
      [6, 6],
      [8, 8],
      [9, 9],
      [10, 10],
      [12, 12],
      [13, 13],
    ]);
    expect(sheet.hiddenRows).toEqual([8, 9]);
    expect(sheet.values.every((cells) => cells.length === 2)).toBe(true);
  });
});

describe("a sheet's height read from its end (refusing a too-large sheet before parsing it)", () => {
  const context: CellContext = { sharedStrings: ["名称", ""], dateStyles: [], date1904: false };
  const sheet = (rows: string, after = "") =>
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<dimension ref="A1:B2"/><sheetData>${rows}</sheetData>${after}</worksheet>`;
  const bytes = (xml: string) => new TextEncoder().encode(xml);
  /** What the whole read makes of the same sheet. */
  const readHeight = (xml: string) => readWorksheetXml("表", xml, context)!.values.length;
  const blankRows = (from: number, count: number) =>
    Array.from(
      { length: count },
      (_, i) => `<row r="${from + i}" ht="20" customHeight="1"><c r="A${from + i}" s="1"/></row>`,
    ).join("");

  test.each([
    [
      "a value in the last row",
      '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="7"><c r="B7"><v>0</v></c></row>',
      "",
      7,
    ],
    [
      "trailing rows holding only formats, an empty shared string, an empty inline string or an uncached formula",
      '<row r="2"><c r="A2"><v>3</v></c></row><row r="3"><c r="A3" s="1"/></row><row r="4"><c r="A4" t="s"><v>1</v></c></row>' +
        '<row r="5"><c r="A5" t="inlineStr"><is><t></t></is></c></row><row r="6"><c r="A6"><f>1+1</f></c></row>',
      "",
      2,
    ],
    [
      "a value hidden by a merge is not one (the reader clears it)",
      '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>5</v></c></row>',
      '<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>',
      1,
    ],
    ["no rows", "", "", 0],
    ["a stale <dimension> is not believed", '<row r="40"><c r="C40"><v>1</v></c></row>', "", 40],
  ])("%s", (_, rows, after, height) => {
    const xml = sheet(rows, after);
    expect(lastValueRow(bytes(xml), context)).toBe(height);
    expect(readHeight(xml)).toBe(height);
  });

  test("rows below the first window read (blank rows, multi-byte text cut at a window's edge)", () => {
    const named = Array.from(
      { length: 3000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>第${i + 1}党支部</t></is></c></row>`,
    ).join("");
    const xml = sheet(named + blankRows(3001, 5000));
    expect(bytes(xml).length).toBeGreaterThan(4 * 64 * 1024);
    expect(lastValueRow(bytes(xml), context)).toBe(3000);
    expect(readHeight(xml)).toBe(3000);
  });

  test("cannot tell from the end (the whole read counts instead): a row without its number, a comment", () => {
    expect(
      lastValueRow(
        bytes(sheet('<row r="1"><c r="A1"><v>1</v></c></row><row><c><v>2</v></c></row>')),
        context,
      ),
    ).toBe(undefined);
    const commented = sheet(
      '<row r="1"><c r="A1"><v>1</v></c></row><!-- <row r="900000"><c r="A900000"><v>1</v></c></row> -->',
    );
    expect(lastValueRow(bytes(commented), context)).toBe(undefined);
  });
});

describe("the rows' bytes read in place, and what the patcher may skip looking for", () => {
  const context: CellContext = { sharedStrings: ["名称"], dateStyles: [], date1904: false };
  const sheet = (rows: string) =>
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<sheetData>${rows}</sheetData></worksheet>`;
  const plainRows =
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>第一党支部</t></is></c></row>' +
    '<row r="2"><c r="A2"><v>95.5</v></c><c r="B2" t="inlineStr"><is><r><rPr><b/></rPr><t>富</t></r><r><t>文本</t></r></is></c></row>';
  const read = (rows: string) => {
    const notes = { uncachedFormulas: [] as string[], plainRows: undefined as boolean | undefined };
    const model = readWorksheetXml("表", new TextEncoder().encode(sheet(rows)), context, notes);
    return { values: model?.values, plainRows: notes.plainRows };
  };

  test("values from the bytes, Chinese and rich text included; machine-written rows are plain", () => {
    expect(read(plainRows)).toEqual({
      values: [
        ["名称", "第一党支部"],
        [95.5, "富文本"],
      ],
      plainRows: true,
    });
  });

  test("decimals read in place are parseFloat's numbers, the repeated short ones and the rest", () => {
    const texts: string[] = [];
    for (let n = 0; n < 10_000; n += 7) texts.push((n / 10).toFixed(1), (n / 100).toFixed(2));
    texts.push(
      "999.9",
      "99.99",
      "1000.0",
      "100.00",
      "0.05",
      "00.5",
      "-17.5",
      "-0.98",
      "17.525",
      "0.125",
      "12",
    );
    // The same texts twice: a number made once and handed out again is the same number.
    const all = [...texts, ...texts];
    const rows = all.map((t, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${t}</v></c></row>`).join("");
    const values = read(rows).values?.map((row) => row[0]);
    expect(values).toEqual(all.map((t) => Number.parseFloat(t)));
  });

  test.each([
    ["a processing instruction", '<?editor row-cache?><row r="3"><c r="A3"><v>1</v></c></row>'],
    ["a prefixed element", '<row r="3"><c r="A3"><v>1</v></c><x:note/></row>'],
    ["a second sheetData", '<row r="3"><c r="A3"><v>1</v></c></row><sheetData/>'],
    ["a cols element", '<cols><col min="1" max="1"/></cols><row r="3"><c r="A3"><v>1</v></c></row>'],
    ["an extension list in a row", '<row r="3"><c r="A3"><v>1</v></c><extLst><ext uri="x"/></extLst></row>'],
    ["such a tag inside a cell", '<row r="3"><c r="A3"><mergeCells/><v>1</v></c></row>'],
  ])("rows holding %s are not plain: the patcher looks at the whole part", (_what, extra) => {
    expect(read(plainRows + extra).plainRows).toBe(false);
  });

  test("a sheet cut inside its rows is not scanned at all (damaged), so its rows are never taken as plain", () => {
    expect(read(plainRows + '<row r="3"><c r="A3"><v>1</v>')).toEqual({
      values: undefined,
      plainRows: undefined,
    });
  });
});
