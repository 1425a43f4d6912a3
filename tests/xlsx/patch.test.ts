/**
 * The package patcher (src/xlsx/patch.ts) against the ExcelJS writer it replaces for opened files:
 * the same cells, formats, merges and widths on every fixture, the untouched parts byte for byte,
 * stable styles across runs, literal text, and the fall back to ExcelJS for what it does not do.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { runCli, type CliIo } from "../../src/cli/run";
import { msg, render } from "../../src/messages";
import { recompute } from "../../src/workbook/recompute";
import { XlsxAdapter, openXlsx, toRawCell, writeXlsxAtomic } from "../../src/xlsx";
import { leastSheetBytes, patchPackage, type PatchResult } from "../../src/xlsx/patch";
import { readPackageWorkbook, readSharedStrings } from "../../src/xlsx/read-sheet";
import type { PlanOp } from "../../src/workbook/model";
import { crc32, entryText, readZip, writeZip } from "../../src/xlsx/zip";
import { loadWorkbook } from "../fixtures/snapshot";
import { allFixtures, busyWorkbook, serviceOrg, writeFixture } from "../fixtures/workbooks";
import { withPrefix } from "../support/prefix";
import { cellsOf } from "../support/sheet-cells";
import { testWithTool } from "../support/tools";
import { packageXmlErrors, xmlError } from "../support/well-formed";
import { withCellReferences } from "../../src/xlsx/cell-references";

const NOW = new Date(Date.UTC(2026, 10, 26, 8, 0, 0));

/** The package a patch wrote (the test fails if it wrote none). */
function zipOf(result: PatchResult): Uint8Array {
  if (!result.ok) throw new Error(`not patched: ${render(result.reason, "en")}`);
  return result.zip.bytes;
}
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "xlsx-patch-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scoreWith(input: string, output: string, writer: "auto" | "exceljs") {
  const workbook = await openXlsx(input);
  const result = await recompute(new XlsxAdapter(workbook), { now: NOW });
  workbook.modified = NOW; // as the CLI does
  const report = await writeXlsxAtomic(workbook, output, { writer, fixedDate: NOW });
  return { result, report };
}

/** What a user sees of a cell: its value and the formats the plan sets. */
function visible(cell: ExcelJS.Cell): string | null {
  const fill = cell.fill?.type === "pattern" ? cell.fill.fgColor?.argb : undefined;
  const seen = {
    value: toRawCell(cell.value),
    fill,
    bold: cell.font?.bold || undefined,
    // Plans set no font colour: a cell's colour is its workbook's default font, which the patcher
    // keeps (LibreOffice's is explicit black) and ExcelJS replaces with its own.
    color: cell.font?.color?.argb === "FF000000" ? undefined : cell.font?.color?.argb,
    numFmt: cell.numFmt && cell.numFmt !== "General" ? cell.numFmt : undefined,
    // "general" is the default; ExcelJS drops it on writing, the patcher keeps the source's bytes.
    horizontal:
      (cell.alignment?.horizontal as string | undefined) === "general"
        ? undefined
        : cell.alignment?.horizontal,
    wrap: cell.alignment?.wrapText || undefined,
  };
  // ExcelJS stores an empty string as a shared string; the patcher leaves the cell empty, as Excel would.
  if (seen.value === "") seen.value = null;
  const shown = JSON.stringify(seen, (_, v: unknown) => (v instanceof Date ? v.toISOString() : v));
  return seen.value === null && shown === '{"value":null}' ? null : shown;
}

function picture(workbook: ExcelJS.Workbook): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const ws of workbook.worksheets) {
    const cells: Record<string, string> = {};
    ws.eachRow({ includeEmpty: true }, (row) =>
      row.eachCell({ includeEmpty: true }, (cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        const v = visible(cell);
        if (v) cells[cell.address] = v;
      }),
    );
    const widths: Record<number, number | undefined> = {};
    (ws.columns ?? []).forEach((c, i) => {
      if (c.width !== undefined) widths[i + 1] = c.width;
    });
    out[ws.name] = {
      state: ws.state ?? "visible",
      cells,
      merges: [...(ws.model.merges ?? [])].sort(),
      widths,
      hiddenRows: Array.from({ length: ws.rowCount }, (_, i) => i + 1).filter((r) => ws.findRow(r)?.hidden),
    };
  }
  return out;
}

describe("same workbook as the ExcelJS writer", () => {
  const fixtures = { ...allFixtures(), serviceOrg300: serviceOrg(300, 9) };
  test.each(Object.keys(fixtures))("%s: first run and re-run", async (key) => {
    const input = path.join(dir, `${key}.xlsx`);
    await writeFixture(fixtures[key as keyof typeof fixtures], input);
    const viaPatch = path.join(dir, `${key}.patch.xlsx`);
    const viaExcelJs = path.join(dir, `${key}.exceljs.xlsx`);
    const patched = await scoreWith(input, viaPatch, "auto");
    const written = await scoreWith(input, viaExcelJs, "exceljs");
    expect(patched.result.ok).toBe(written.result.ok);
    expect(patched.report.via).toBe("patch");
    expect(written.report.via).toBe("exceljs");
    expect(picture(await loadWorkbook(viaPatch))).toEqual(picture(await loadWorkbook(viaExcelJs)));
    // A re-run over each one's own output (result columns and summary already there).
    const again = path.join(dir, `${key}.patch2.xlsx`);
    const againExcelJs = path.join(dir, `${key}.exceljs2.xlsx`);
    expect((await scoreWith(viaPatch, again, "auto")).report.via).toBe("patch");
    await scoreWith(viaExcelJs, againExcelJs, "exceljs");
    expect(picture(await loadWorkbook(again))).toEqual(picture(await loadWorkbook(againExcelJs)));
  });
});

testWithTool(
  "soffice",
  "workbooks LibreOffice wrote (its own XML conventions) patch to the same result, which LibreOffice reads back",
  async () => {
    const keys = ["busyWorkbook", "titleAndGroupHeader", "cellKinds"] as const;
    const fixtures = allFixtures();
    const sources = path.join(dir, "lo-src");
    const converted = path.join(dir, "lo-conv");
    const profile = `-env:UserInstallation=file://${path.join(dir, "lo-profile")}`;
    const soffice = (args: string[]) =>
      execFileSync("soffice", [profile, "--headless", ...args], { stdio: "ignore", timeout: 120_000 });
    mkdirSync(sources, { recursive: true });
    for (const key of keys) await writeFixture(fixtures[key], path.join(sources, `${key}.xlsx`));
    soffice([
      "--convert-to",
      "xlsx",
      "--outdir",
      converted,
      ...keys.map((k) => path.join(sources, `${k}.xlsx`)),
    ]);
    const outputs: string[] = [];
    for (const key of keys) {
      const input = path.join(converted, `${key}.xlsx`);
      const viaPatch = path.join(dir, `lo-${key}.patch.xlsx`);
      const viaExcelJs = path.join(dir, `lo-${key}.exceljs.xlsx`);
      const patched = await scoreWith(input, viaPatch, "auto");
      await scoreWith(input, viaExcelJs, "exceljs");
      expect(patched.result.ok).toBe(true);
      expect(patched.report.via).toBe("patch");
      expect(picture(await loadWorkbook(viaPatch))).toEqual(picture(await loadWorkbook(viaExcelJs)));
      outputs.push(viaPatch);
    }
    const csv = path.join(dir, "lo-csv");
    soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", csv, ...outputs]);
    // CSV holds the first sheet: the scoring table in this fixture.
    const table = readFileSync(path.join(csv, "lo-titleAndGroupHeader.patch.csv"), "utf8");
    expect(table).toContain("评定星级");
    // 评定星级 shows its stars after the label (a number format): "五星级 ★★★★★".
    expect(table).toMatch(/,(五|四|三|二|一)星级 [★☆]{5},/);
  },
  240_000,
);

/** CLI io that keeps what goes to stderr. */
function capturedCli(): { io: CliIo; stderr: () => string } {
  let text = "";
  return {
    io: { stdout: () => undefined, stderr: (t: string) => void (text += t), env: {}, stderrIsTty: false },
    stderr: () => text,
  };
}

/**
 * The busy workbook with a row's last cell written without its reference: valid, and beyond the
 * patcher, which must place the result cells after it. (An unreferenced cell earlier in the row
 * is fine: the results are appended after the last, referenced one.)
 */
/** The busy workbook with its scoring sheet's XML edited by `edit` (which must change it). */
async function withScoringSheet(name: string, edit: (xml: string) => string): Promise<string> {
  const input = path.join(dir, `${name}.xlsx`);
  await writeFixture(busyWorkbook(), input);
  const zip = await JSZip.loadAsync(readFileSync(input));
  const xml = await zip.file("xl/worksheets/sheet2.xml")!.async("string");
  const edited = edit(xml);
  expect(edited).not.toBe(xml);
  zip.file("xl/worksheets/sheet2.xml", edited);
  writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return input;
}

/** A cell whose reference names another row than its own: neither reader can say where it is. */
function withForeignReference(): Promise<string> {
  return withScoringSheet("foreign-ref", (xml) => xml.replace(/<c r="J5"/, '<c r="J50"'));
}

describe('a ">" inside an attribute value (XML allows it; Excel writes &gt;)', () => {
  /** The busy workbook with `edit` applied to one part's text. */
  async function withPart(part: string, edit: (xml: string) => string): Promise<Buffer> {
    const input = path.join(dir, "gt-source.xlsx");
    await writeFixture(busyWorkbook(), input);
    const zip = await JSZip.loadAsync(readFileSync(input));
    const xml = await zip.file(part)!.async("string");
    const edited = edit(xml);
    expect(edited).not.toBe(xml);
    zip.file(part, edited);
    return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  }
  const ops = [{ kind: "values" as const, sheet: "评分表", row: 5, col: 20, values: [["x"]] }];

  test.each([
    [
      "a row's start tag",
      "xl/worksheets/sheet2.xml",
      (xml: string) => xml.replace('<row r="5"', '<row note="a>b" r="5"'),
    ],
    [
      "the sheet around its rows",
      "xl/worksheets/sheet2.xml",
      (xml: string) =>
        xml.replace("<sheetData>", '<sheetFormatPr note="a>b" defaultRowHeight="15"/><sheetData>'),
    ],
    ["the sheet list", "xl/workbook.xml", (xml: string) => xml.replace("<sheet ", '<sheet note="a>b" ')],
  ])("in %s: the patcher steps aside (the ExcelJS writer reads it)", async (_, part, edit) => {
    const source = await withPart(part, edit);
    const result = await patchPackage({ source, ops, zipDate: NOW });
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : render(result.reason, "en")).toContain('">" inside an attribute value');
  });

  test("score writes a sound workbook through the ExcelJS writer, and says why", async () => {
    const input = path.join(dir, "gt-row.xlsx");
    writeFileSync(
      input,
      await withPart("xl/worksheets/sheet2.xml", (xml) => xml.replace('<row r="5"', '<row note="a>b" r="5"')),
    );
    const output = path.join(dir, "gt-row.out.xlsx");
    const { io, stderr } = capturedCli();
    expect(await runCli(["score", input, "-o", output], io)).toBe(0);
    expect(stderr()).toContain(
      "（工作表「评分表」（xl/worksheets/sheet2.xml）有一行的行标记的属性值中含有「>」），已把整个工作簿重新写出",
    );
    expect((await packageXmlErrors(readFileSync(output))).errors).toEqual([]);
  });
});

describe("what the patcher writes", () => {
  test("parts the plan does not touch are the source's bytes; calcPr asks Excel to recalculate", async () => {
    const input = path.join(dir, "untouched.xlsx");
    await writeFixture(busyWorkbook(), input);
    const output = path.join(dir, "untouched.out.xlsx");
    await scoreWith(input, output, "auto");
    const before = readZip(readFileSync(input))!;
    const after = new Map(readZip(readFileSync(output))!.map((e) => [e.name, e]));
    const changed = before
      .filter((e) => !Buffer.from(after.get(e.name)?.raw ?? []).equals(e.raw))
      .map((e) => e.name);
    // Only the scored sheet, the workbook's sheet list, relationships, content types and styles.
    expect(changed.sort()).toEqual(
      [
        "[Content_Types].xml",
        "docProps/core.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/worksheets/sheet2.xml",
      ].sort(),
    );
    const untouched = before.filter((e) => !changed.includes(e.name));
    expect(untouched.map((e) => e.name)).toEqual(
      expect.arrayContaining(["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/theme/theme1.xml"]),
    );
    const zip = await JSZip.loadAsync(readFileSync(output));
    expect(await zip.file("xl/workbook.xml")!.async("string")).toMatch(/<calcPr [^>]*fullCalcOnLoad="1"/);
    // Every part is well-formed XML.
    expect((await packageXmlErrors(readFileSync(output))).errors).toEqual([]);
  });

  test("styles.xml gains the plan's formats once; later runs reuse them", async () => {
    const input = path.join(dir, "styles.xlsx");
    await writeFixture(serviceOrg(20), input);
    const counts: string[] = [];
    let current = input;
    for (let run = 1; run <= 3; run++) {
      const next = path.join(dir, `styles.${run}.xlsx`);
      await scoreWith(current, next, "auto");
      const styles = await (await JSZip.loadAsync(readFileSync(next))).file("xl/styles.xml")!.async("string");
      counts.push(
        ["fonts", "fills", "cellXfs", "numFmts"]
          .map((name) => new RegExp(`<${name} count="(\\d+)"`).exec(styles)?.[1] ?? "-")
          .join("/"),
      );
      current = next;
    }
    const first = await (await JSZip.loadAsync(readFileSync(input))).file("xl/styles.xml")!.async("string");
    const xfsBefore = Number(/<cellXfs count="(\d+)"/.exec(first)![1]);
    expect(Number(counts[0].split("/")[2])).toBeGreaterThan(xfsBefore);
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
    expect(
      readFileSync(path.join(dir, "styles.3.xlsx")).equals(readFileSync(path.join(dir, "styles.2.xlsx"))),
    ).toBe(true);
  });

  test("text stays text: formulas, XML specials, spaces, line breaks, Excel's _xHHHH_ escapes, Excel's length limit", async () => {
    const input = path.join(dir, "text.xlsx");
    await writeFixture(busyWorkbook(), input);
    const workbook = await openXlsx(input);
    const texts = [
      "=SUM(A1)",
      "a&b<c>\"'",
      " lead",
      "trail ",
      "line\nbreak",
      "_x0041_",
      "tab\there",
      "x".repeat(40_000),
      "控制\u0001字符\ufffe",
      // An emoji is two UTF-16 units: this one's pair straddles the cut.
      "x" + "😀".repeat(20_000),
    ];
    await new XlsxAdapter(workbook).apply({
      ops: [
        { kind: "ensureSheet", sheet: "文本", visibility: "visible", clear: true },
        {
          kind: "values",
          sheet: "文本",
          row: 1,
          col: 1,
          values: [texts, [1.5, true, false, -0, null, 1e-7, 12345678901234, null, null, null]],
        },
      ],
    });
    const output = path.join(dir, "text.out.xlsx");
    expect((await writeXlsxAtomic(workbook, output)).via).toBe("patch");
    const zip = await JSZip.loadAsync(readFileSync(output));
    const sourceParts = new Set(readZip(readFileSync(input))!.map((e) => e.name));
    const part = Object.keys(zip.files).find(
      (n) => n.startsWith("xl/worksheets/sheet") && !sourceParts.has(n),
    )!;
    const xml = await zip.file(part)!.async("string");
    expect(xml).not.toContain("<f>");
    expect(xml).toContain("<t>_x005F_x0041_</t>"); // Excel shows _x0041_, not "A"
    expect(xml).toContain('<t xml:space="preserve"> lead</t>');
    expect(xml).toContain("<t>控制_x0001_字符_xFFFE_</t>"); // characters XML cannot carry
    const ws = (await loadWorkbook(output)).getWorksheet("文本")!;
    const row = (r: number) => Array.from({ length: 10 }, (_, i) => toRawCell(ws.getCell(r, i + 1).value));
    // ExcelJS does not decode Excel's escapes in inline strings (it does in shared strings); Excel does.
    expect(row(1)).toEqual([
      ...texts.slice(0, 5),
      "_x005F_x0041_",
      "tab\there",
      "x".repeat(32_766) + "…",
      "控制_x0001_字符_xFFFE_",
      expect.any(String),
    ]);
    // Cut at the limit, not through the middle of an emoji's surrogate pair.
    const clipped = row(1)[9] as string;
    expect(clipped.length).toBe(32_766);
    expect(clipped === "x" + "😀".repeat(16_382) + "…").toBe(true);
    expect(row(2)).toEqual([1.5, true, false, 0, null, 1e-7, 12345678901234, null, null, null]);
  });

  test("the ExcelJS writer encodes Excel's escapes too: a user's _x0041_ stays text, an unwritable character stays readable", async () => {
    const input = path.join(dir, "escapes.xlsx");
    const fixture = busyWorkbook();
    // As Excel stores them: a literal "_x0041_", and U+FFFE, which XML cannot carry.
    fixture.sheets[0].rows.push(["字面_x005F_x0041_", "怪字_xFFFE_"]);
    await writeFixture(fixture, input);
    const workbook = await openXlsx(input);
    const output = path.join(dir, "escapes.out.xlsx");
    expect((await writeXlsxAtomic(workbook, output, { writer: "exceljs" })).via).toBe("exceljs");
    const strings = await (
      await JSZip.loadAsync(readFileSync(output))
    )
      .file("xl/sharedStrings.xml")!
      .async("string");
    expect(strings).toContain("字面_x005F_x0041_");
    expect(strings).toContain("怪字_xFFFE_");
    expect(xmlError(strings)).toBeNull();
    // The in-memory workbook keeps the text as read.
    const model = await workbook.exceljs();
    const values = model.worksheets[0].getRow(model.worksheets[0].rowCount).values as unknown[];
    expect(values.slice(1, 3)).toEqual(["字面_x0041_", "怪字\ufffe"]);
  });

  test("an op it does not do on a user's sheet falls back to ExcelJS, which does it", async () => {
    const input = path.join(dir, "fallback.xlsx");
    await writeFixture(busyWorkbook(), input);
    const workbook = await openXlsx(input);
    await new XlsxAdapter(workbook).apply({ ops: [{ kind: "freeze", sheet: "说明", rows: 1, columns: 0 }] });
    const output = path.join(dir, "fallback.out.xlsx");
    const report = await writeXlsxAtomic(workbook, output);
    expect(report.via).toBe("exceljs");
    expect(report.fallbackReason).toEqual(
      msg("PATCH_STEPPED_ASIDE", { why: "plan", detail: "freeze is only planned for new workbooks" }),
    );
    const view = (await loadWorkbook(output)).getWorksheet("说明")!.views[0];
    expect(view).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  test("the command line says when a file had to go through ExcelJS, and why", async () => {
    // An XML comment among the rows: the patcher steps aside, ExcelJS reads and writes it.
    const input = await withScoringSheet("comment-cli", (xml) =>
      xml.replace('<row r="6"', '<!-- 备注 --><row r="6"'),
    );
    const { io, stderr } = capturedCli();
    expect(await runCli(["score", input, "-o", path.join(dir, "comment-cli.out.xlsx")], io)).toBe(0);
    expect(stderr()).toContain(
      "注意：此文件不能只补写评定部分（工作表「评分表」（xl/worksheets/sheet2.xml）含有 XML 注释），已把整个工作簿重新写出",
    );
  });

  test("cells and rows written without their reference part way down are patched where they are read", async () => {
    // J5 follows I5 and row 6 follows row 5: without their references they stand where they were.
    const stripped = await withScoringSheet("noref-later", (xml) =>
      xml
        .replace('<c r="J5"', "<c")
        .replace('<row r="6"', "<row")
        .replace(/<c r="[A-J]6"/g, "<c"),
    );
    const original = path.join(dir, "noref-original.xlsx");
    await writeFixture(busyWorkbook(), original);
    const fromStripped = await scoreWith(stripped, path.join(dir, "noref-later.out.xlsx"), "auto");
    const fromOriginal = await scoreWith(original, path.join(dir, "noref-original.out.xlsx"), "auto");
    expect(fromStripped.report.via).toBe("patch");
    expect(fromOriginal.report.via).toBe("patch");
    expect(fromStripped.result.ok && fromStripped.result.evaluation.rows.length).toBeGreaterThan(3);
    const scoring = (file: string) =>
      entryText(
        readZip(readFileSync(path.join(dir, file)))!.find((e) => e.name === "xl/worksheets/sheet2.xml")!,
      );
    const rowsOut = scoring("noref-later.out.xlsx");
    // Rebuilt rows have their cells' references written in, and row 6 its number: ExcelJS reads the output.
    expect(rowsOut).toContain('<c r="I5"><v>1</v></c><c r="J5" t="s">');
    expect(rowsOut).toContain('<row r="6" x14ac:dyDescent="0.25"><c r="A6"><v>4</v></c><c r="B6" t="s">');
    const cells = (xml: string) => cellsOf(withCellReferences(xml) ?? xml).map((r) => r.cells);
    expect(cells(rowsOut)).toEqual(cells(scoring("noref-original.out.xlsx")));
  });

  test("a cell whose reference names another row, or a package it cannot read, is left to ExcelJS", async () => {
    const source = readFileSync(await withForeignReference());
    const ops = [{ kind: "values" as const, sheet: "评分表", row: 5, col: 20, values: [["x"]] }];
    expect(await patchPackage({ source, ops, zipDate: NOW })).toEqual({
      ok: false,
      reason: msg("PATCH_STEPPED_ASIDE", {
        why: "cellWithoutReference",
        sheet: "评分表",
        part: "xl/worksheets/sheet2.xml",
        row: 5,
      }),
    });
    expect(
      await patchPackage({ source: Buffer.from("not a zip at all, not even close"), ops, zipDate: NOW }),
    ).toEqual({
      ok: false,
      reason: msg("PATCH_STEPPED_ASIDE", { why: "zipFeatures" }),
    });
  });
});

describe("what else the package holds", () => {
  /** A scored busy workbook whose package `edit` changes, for a second score. */
  async function scoredThenEdited(name: string, edit: (zip: JSZip) => Promise<void>): Promise<string> {
    const input = path.join(dir, `${name}.xlsx`);
    await writeFixture(busyWorkbook(), input);
    const scored = path.join(dir, `${name}.scored.xlsx`);
    await scoreWith(input, scored, "auto");
    const zip = await JSZip.loadAsync(readFileSync(scored));
    await edit(zip);
    writeFileSync(scored, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    return scored;
  }
  const SCORING = "xl/worksheets/sheet2.xml";

  /** A calculation chain naming cell `cell` added to the package (relationship and content type quoted with `q`). */
  async function withCalcChain(zip: JSZip, cell: string, q: string): Promise<void> {
    zip.file(
      "xl/calcChain.xml",
      `<?xml version="1.0"?><calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="${cell}" i="2"/></calcChain>`,
    );
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    zip.file(
      "xl/_rels/workbook.xml.rels",
      rels.replace(
        "</Relationships>",
        `<Relationship Id=${q}rIdCc${q} Type=${q}http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain${q} Target=${q}calcChain.xml${q}/></Relationships>`,
      ),
    );
    const types = await zip.file("[Content_Types].xml")!.async("string");
    zip.file(
      "[Content_Types].xml",
      types.replace(
        "</Types>",
        `<Override PartName=${q}/xl/calcChain.xml${q} ContentType=${q}application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml${q}/></Types>`,
      ),
    );
  }

  /** The worksheet part of a sheet, from the workbook and its relationships. */
  async function partOf(zip: JSZip, sheet: string): Promise<string> {
    const workbook = await zip.file("xl/workbook.xml")!.async("string");
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    const id = new RegExp(`<sheet [^>]*name="${sheet.replace(/[()]/g, "\\$&")}"[^>]*r:id="([^"]+)"`).exec(
      workbook,
    )![1];
    const target = new RegExp(`<Relationship [^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1];
    return `xl/${target}`;
  }

  async function danglingRelationships(file: string): Promise<string[]> {
    const zip = await JSZip.loadAsync(readFileSync(file));
    const out: string[] = [];
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith(".rels"))) {
      const xml = await zip.file(name)!.async("string");
      const base = path.posix.dirname(path.posix.dirname(name));
      for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
        if (/TargetMode="External"/.test(m[0])) continue;
        const target = /Target="([^"]+)"/.exec(m[0])![1];
        const part = target.startsWith("/")
          ? target.slice(1)
          : path.posix.normalize(path.posix.join(base, target));
        if (!zip.file(part)) out.push(`${name} → ${part}`);
      }
    }
    return out;
  }

  /** The service-org fixture as a generator that writes no styles part would leave it (no styles, no s="…"). */
  async function withoutStyles(name: string): Promise<string> {
    const input = path.join(dir, `${name}.xlsx`);
    await writeFixture(serviceOrg(12), input);
    const zip = await JSZip.loadAsync(readFileSync(input));
    zip.remove("xl/styles.xml");
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    zip.file("xl/_rels/workbook.xml.rels", rels.replace(/<Relationship [^>]*\/styles"[^>]*\/>/, ""));
    const types = await zip.file("[Content_Types].xml")!.async("string");
    zip.file("[Content_Types].xml", types.replace(/<Override PartName="\/xl\/styles.xml"[^>]*\/>/, ""));
    for (const part of Object.keys(zip.files).filter((n) => n.startsWith("xl/worksheets/sheet"))) {
      const xml = await zip.file(part)!.async("string");
      zip.file(part, xml.replace(/ s="\d+"/g, ""));
    }
    writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    return input;
  }

  test("a workbook without a styles part is patched: the part is added, related and typed, with Excel's defaults first", async () => {
    const input = await withoutStyles("no-styles");
    const output = path.join(dir, "no-styles.out.xlsx");
    const { result, report } = await scoreWith(input, output, "auto");
    expect(result.ok).toBe(true);
    expect(report.via).toBe("patch");
    const zip = await JSZip.loadAsync(readFileSync(output));
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    expect(rels).toMatch(
      /<Relationship Id="rId\d+" Type="[^"]*\/relationships\/styles" Target="styles.xml"\/>/,
    );
    const types = await zip.file("[Content_Types].xml")!.async("string");
    expect(types).toContain(
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
    );
    const styles = await zip.file("xl/styles.xml")!.async("string");
    // The user's cells (no s="…") keep the default format: the first font and xf are Excel's defaults.
    expect(styles).toContain('<fonts count="');
    expect(/<font>([\s\S]*?)<\/font>/.exec(styles)![1]).toBe(
      '<sz val="11"/><name val="Calibri"/><family val="2"/>',
    );
    expect(/<cellXfs count="(\d+)"><xf ([^>]*)\/>/.exec(styles)![2]).toBe(
      'numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"',
    );
    expect(Number(/<cellXfs count="(\d+)"/.exec(styles)![1])).toBeGreaterThan(1);
    // The result cells use formats that exist; the package reads back whole, every part well-formed.
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    const xfs = Number(/<cellXfs count="(\d+)"/.exec(styles)![1]);
    const used = [...sheet.matchAll(/ s="(\d+)"/g)].map((m) => Number(m[1]));
    expect(used.length).toBeGreaterThan(0);
    expect(Math.max(...used)).toBeLessThan(xfs);
    expect((await packageXmlErrors(readFileSync(output))).errors).toEqual([]);
    const again = await openXlsx(output);
    const rerun = await recompute(new XlsxAdapter(again), { now: NOW });
    expect(rerun.ok && rerun.evaluation.rows.map((r) => r.tier)).toEqual(
      result.ok ? result.evaluation.rows.map((r) => r.tier) : [],
    );
  });

  test("a styles relationship whose part is missing is a damaged package: the patcher refuses it", async () => {
    const input = await withoutStyles("dangling-styles");
    const zip = await JSZip.loadAsync(readFileSync(input));
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    const styles = `<Relationship Id="rId99" Type="${"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"}" Target="styles.xml"/>`;
    zip.file("xl/_rels/workbook.xml.rels", rels.replace("</Relationships>", `${styles}</Relationships>`));
    const source = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    const written = path.join(dir, "dangling-styles.xlsx");
    writeFileSync(written, source);
    const workbook = await openXlsx(written);
    const result = await recompute(new XlsxAdapter(workbook), { now: NOW });
    expect(result.ok).toBe(true);
    const ops = workbook.pending;
    expect(ops.length).toBeGreaterThan(0);
    expect(await patchPackage({ source, ops, zipDate: NOW })).toEqual({
      ok: false,
      reason: msg("PATCH_STEPPED_ASIDE", { why: "noStyles" }),
    });
  });

  test("a formula range started in a result cell and reaching the user's cells: refused, nothing written", async () => {
    const scored = await scoredThenEdited("shared", async (zip) => {
      let xml = await zip.file(SCORING)!.async("string");
      xml = xml.replace(
        /<c r="K3"[^>]*?(\/>|>[\s\S]*?<\/c>)/,
        // The cached result is the run's total (78): another would be a total typed over (hand-edits.ts).
        '<c r="K3"><f t="shared" ref="K3:Q3" si="0">D3*2</f><v>78</v></c>',
      );
      xml = xml.replace(
        /(<row r="3"[^>]*>[\s\S]*?)<\/row>/,
        '$1<c r="Q3"><f t="shared" si="0"/><v>0</v></c></row>',
      );
      zip.file(SCORING, xml);
    });
    const before = readFileSync(scored);
    const { io, stderr } = capturedCli();
    expect(await runCli(["score", scored, "--in-place"], io)).toBe(3);
    expect(stderr()).toContain("单元格 K3 是公式区域 K3:Q3 的起点");
    expect(stderr()).toContain("未写入任何内容");
    expect(readFileSync(scored).equals(before)).toBe(true);
  });

  test("what the rebuilt summary reached goes, what the workbook still reaches stays (a pivot cache)", async () => {
    let summaryRels = "";
    const scored = await scoredThenEdited("pivot", async (zip) => {
      // 评定汇总 (2): the fixture has a 评定汇总 of its own.
      const summary = await partOf(zip, "评定汇总 (2)");
      summaryRels = summary.replace("worksheets/", "worksheets/_rels/") + ".rels";
      const rel = (id: string, type: string, target: string) =>
        `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
      zip.file(
        summaryRels,
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel("rId1", "pivotTable", "../pivotTables/pivotTable1.xml")}</Relationships>`,
      );
      zip.file(
        "xl/pivotTables/pivotTable1.xml",
        '<?xml version="1.0"?><pivotTableDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
      );
      zip.file(
        "xl/pivotTables/_rels/pivotTable1.xml.rels",
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel("rId1", "pivotCacheDefinition", "../pivotCache/pivotCacheDefinition1.xml")}</Relationships>`,
      );
      zip.file(
        "xl/pivotCache/pivotCacheDefinition1.xml",
        '<?xml version="1.0"?><pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
      );
      const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
      zip.file(
        "xl/_rels/workbook.xml.rels",
        rels.replace(
          "</Relationships>",
          `${rel("rIdPc", "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml")}</Relationships>`,
        ),
      );
    });
    const output = path.join(dir, "pivot.out.xlsx");
    expect((await scoreWith(scored, output, "auto")).report.via).toBe("patch");
    const zip = await JSZip.loadAsync(readFileSync(output));
    expect(zip.file("xl/pivotTables/pivotTable1.xml")).toBeNull();
    expect(zip.file(summaryRels)).toBeNull();
    expect(zip.file("xl/pivotCache/pivotCacheDefinition1.xml")).not.toBeNull();
    expect(await danglingRelationships(output)).toEqual([]);
  });

  test.each([
    ["double", '"'],
    ["single", "'"],
  ])(
    "a formula overwritten in a result cell takes the calculation chain with it; Excel rebuilds it (%s quotes)",
    async (name, q) => {
      const scored = await scoredThenEdited(`calcchain-${name}`, async (zip) => {
        const xml = await zip.file(SCORING)!.async("string");
        zip.file(
          SCORING,
          // The cached result is the run's total (78), as in the test above.
          xml.replace(/<c r="K3"[^>]*?(\/>|>[\s\S]*?<\/c>)/, `<c r=${q}K3${q}><f>D3*2</f><v>78</v></c>`),
        );
        await withCalcChain(zip, "K3", q);
      });
      const output = path.join(dir, `calcchain-${name}.out.xlsx`);
      expect((await scoreWith(scored, output, "auto")).report.via).toBe("patch");
      const zip = await JSZip.loadAsync(readFileSync(output));
      expect(zip.file("xl/calcChain.xml")).toBeNull();
      expect(await zip.file("xl/_rels/workbook.xml.rels")!.async("string")).not.toContain("calcChain");
      expect(await zip.file("[Content_Types].xml")!.async("string")).not.toContain("calcChain");
      expect(await danglingRelationships(output)).toEqual([]);
    },
  );

  test("a formula typed into an owned sheet the run rebuilds takes the calculation chain with it", async () => {
    const scored = await scoredThenEdited("calcchain-owned", async (zip) => {
      // 评定汇总 (2): the fixture has a 评定汇总 of its own. Its title cell, inside the block the tool wrote.
      const summary = await partOf(zip, "评定汇总 (2)");
      const xml = await zip.file(summary)!.async("string");
      expect(xml).toMatch(/<c r="A1"[^>]*?(\/>|>[\s\S]*?<\/c>)/);
      zip.file(
        summary,
        xml.replace(
          /<c r="A1"[^>]*?(\/>|>[\s\S]*?<\/c>)/,
          '<c r="A1" t="str"><f>"评定"&amp;"汇总"</f><v>评定汇总</v></c>',
        ),
      );
      await withCalcChain(zip, "A1", '"');
    });
    const output = path.join(dir, "calcchain-owned.out.xlsx");
    expect((await scoreWith(scored, output, "auto")).report.via).toBe("patch");
    const zip = await JSZip.loadAsync(readFileSync(output));
    expect(await zip.file(await partOf(zip, "评定汇总 (2)"))!.async("string")).not.toContain("<f>");
    expect(zip.file("xl/calcChain.xml")).toBeNull();
    expect(await zip.file("xl/_rels/workbook.xml.rels")!.async("string")).not.toContain("calcChain");
    expect(await danglingRelationships(output)).toEqual([]);
  });

  test("a cell written without its reference inside a row: the result cells still go after the row's last cell", async () => {
    const input = path.join(dir, "mid-noref.xlsx");
    await writeFixture(busyWorkbook(), input);
    const zip = await JSZip.loadAsync(readFileSync(input));
    const xml = await zip.file(SCORING)!.async("string");
    zip.file(SCORING, xml.replace(/<c r="B5"/, "<c"));
    writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const viaPatch = path.join(dir, "mid-noref.patch.xlsx");
    const viaExcelJs = path.join(dir, "mid-noref.exceljs.xlsx");
    expect((await scoreWith(input, viaPatch, "auto")).report.via).toBe("patch");
    await scoreWith(input, viaExcelJs, "exceljs");
    expect(picture(await loadWorkbook(viaPatch))).toEqual(picture(await loadWorkbook(viaExcelJs)));
  });

  test("a row whose last cell is rich text with a colour (<color> inside it): the result cells go after that cell", async () => {
    const input = path.join(dir, "rich-last.xlsx");
    await writeFixture(busyWorkbook(), input);
    const zip = await JSZip.loadAsync(readFileSync(input));
    const xml = await zip.file(SCORING)!.async("string");
    const row = /<row r="5"[^>]*>([\s\S]*?)<\/row>/.exec(xml)!;
    const cells = [...row[1].matchAll(/<c r="([A-Z]+)5"[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g)];
    const last = cells[cells.length - 1]!;
    const rich = `<c r="${last[1]}5" t="inlineStr"><is><r><rPr><color rgb="FFFF0000"/></rPr><t>备注</t></r></is></c>`;
    zip.file(SCORING, xml.replace(last[0], rich));
    writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const viaPatch = path.join(dir, "rich-last.patch.xlsx");
    const viaExcelJs = path.join(dir, "rich-last.exceljs.xlsx");
    expect((await scoreWith(input, viaPatch, "auto")).report.via).toBe("patch");
    await scoreWith(input, viaExcelJs, "exceljs");
    expect(picture(await loadWorkbook(viaPatch))).toEqual(picture(await loadWorkbook(viaExcelJs)));
    const out = entryText(readZip(readFileSync(viaPatch))!.find((e) => e.name === SCORING)!);
    const patchedRow = /<row r="5"[^>]*>([\s\S]*?)<\/row>/.exec(out)![1];
    expect(patchedRow.startsWith(row[1].replace(last[0], rich))).toBe(true);
    expect(patchedRow.length).toBeGreaterThan(row[1].replace(last[0], rich).length);
  });

  test("the scored sheet spelt another way (attributes reordered, single-quoted, broken over lines; whitespace between elements; inline instead of shared strings) is patched to the same workbook", async () => {
    const input = path.join(__dirname, "..", "..", "examples", "star-branch.xlsx");
    const zip = await JSZip.loadAsync(readFileSync(input));
    const part = "xl/worksheets/sheet1.xml";
    const xml = await zip.file(part)!.async("string");
    const strings = readSharedStrings(await zip.file("xl/sharedStrings.xml")!.async("string"));
    const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const respelt = xml
      // Shared strings as inline ones (a formula's cell keeps its own form).
      .replace(
        /<c ([^>]*?)t="s"([^>]*)><v>(\d+)<\/v><\/c>/g,
        (_, a: string, b: string, index: string) =>
          `<c ${a}t="inlineStr"${b}><is><t xml:space="preserve">${escape(strings[Number(index)]!)}</t></is></c>`,
      )
      // Every start tag but the root's: attributes in reverse order, single quotes, one a line.
      .replace(
        /<(?!worksheet\b)([a-zA-Z][\w:]*)((?:\s+[\w:]+="[^"]*")+)\s*(\/?)>/g,
        (_, name: string, attrs: string, close: string) => {
          const list = [...attrs.matchAll(/([\w:]+)="([^"']*)"/g)].map((m) => `${m[1]}='${m[2]}'`);
          return list.length === [...attrs.matchAll(/=/g)].length
            ? `<${name}\n ${list.reverse().join("\n ")} ${close}>`
            : `<${name}${attrs}${close}>`;
        },
      )
      // Line breaks between rows and cells, and before a cell's value.
      .replace(/(<row\b[^>]*[^/]>|<\/row>|<\/c>|<c\b[^>]*[^/]>(?=<[vf]))/g, "$1\n  ");
    expect(respelt).toContain("t='inlineStr'");
    expect(respelt).toMatch(/<row\n [^>]*r='3'/);
    zip.file(part, respelt);
    const respeltInput = path.join(dir, "respelt.xlsx");
    writeFileSync(respeltInput, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const asIs = path.join(dir, "respelt-reference.xlsx");
    const out = path.join(dir, "respelt-scored.xlsx");
    expect((await scoreWith(input, asIs, "auto")).report.via).toBe("patch");
    const { report } = await scoreWith(respeltInput, out, "auto");
    expect(report.fallbackReason).toBeUndefined();
    expect(report.via).toBe("patch");
    expect(picture(await loadWorkbook(out))).toEqual(picture(await loadWorkbook(asIs)));
  });

  const utf16 = (xml: string) =>
    Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), "utf16le"),
    ]);
  // Each row's and each cell's reference left out wherever it is the one after the one before, as
  // writers built on the Open XML SDK leave them out.
  const withoutReferences = (xml: string) => {
    let row = 0;
    let col = 0;
    return xml.replace(
      /<(row|c) r="([A-Z]*)(\d+)"/g,
      (tag, name: string, letters: string, digits: string) => {
        if (name === "row") {
          const next = Number(digits) === row + 1;
          row = Number(digits);
          col = 0;
          return next ? "<row" : tag;
        }
        const index = [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
        const next = index === col + 1;
        col = index;
        return next ? "<c" : tag;
      },
    );
  };
  const SPELT_OTHERWISE: [string, Record<string, (xml: string) => string | Buffer>, string[]][] = [
    [
      "with namespace prefixes (x: on SpreadsheetML as the Open XML SDK writes it, ns0: on relationships and content types)",
      {
        "xl/workbook.xml": (xml) => withPrefix(xml, "x"),
        "xl/worksheets/sheet1.xml": (xml) => withPrefix(xml, "x"),
        "xl/sharedStrings.xml": (xml) => withPrefix(xml, "x"),
        "xl/styles.xml": (xml) => withPrefix(xml, "x"),
        "xl/_rels/workbook.xml.rels": (xml) => withPrefix(xml, "ns0"),
        "_rels/.rels": (xml) => withPrefix(xml, "ns0"),
        "[Content_Types].xml": (xml) => withPrefix(xml, "ns0"),
      },
      [
        "[Content_Types].xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
      ],
    ],
    [
      "in UTF-16 (as OPC allows: a byte-order mark, the declaration saying so)",
      {
        "xl/workbook.xml": utf16,
        "xl/worksheets/sheet1.xml": utf16,
        "xl/sharedStrings.xml": utf16,
        "xl/_rels/workbook.xml.rels": utf16,
      },
      ["xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"],
    ],
    [
      "without row and cell references where they follow one another (CT_Row's and CT_Cell's r are optional)",
      { "xl/worksheets/sheet1.xml": withoutReferences },
      ["xl/worksheets/sheet1.xml"],
    ],
  ];

  test("a sheet leaving out its references past its first row is patched, not respelt, to the same cells", async () => {
    const input = path.join(__dirname, "..", "..", "examples", "service-org.xlsx");
    const zip = await JSZip.loadAsync(readFileSync(input));
    const part = "xl/worksheets/sheet1.xml";
    const xml = await zip.file(part)!.async("string");
    // The first row keeps its references, so the readers' respelling (which looks at a sheet's head)
    // leaves the sheet as it is: the patcher meets every other row and cell without them.
    const firstRowEnd = xml.indexOf("</row>") + "</row>".length;
    const respelt = xml.slice(0, firstRowEnd) + withoutReferences(xml.slice(firstRowEnd));
    expect((respelt.match(/<c[ >](?![^>]*\br=)/g) ?? []).length).toBeGreaterThan(200);
    zip.file(part, respelt);
    const respeltInput = path.join(dir, "refs-past-head.xlsx");
    writeFileSync(respeltInput, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const asIs = path.join(dir, "refs-past-head-reference.xlsx");
    const out = path.join(dir, "refs-past-head-scored.xlsx");
    await scoreWith(input, asIs, "auto");
    const { result, report } = await scoreWith(respeltInput, out, "auto");
    expect(result.ok).toBe(true);
    expect(report.via).toBe("patch");
    const cells = (file: string) => {
      const text = entryText(readZip(readFileSync(file))!.find((e) => e.name === part)!);
      return cellsOf(withCellReferences(text) ?? text).map((r) => r.cells);
    };
    expect(cells(out)).toEqual(cells(asIs));
  });

  test.each(SPELT_OTHERWISE)(
    "a workbook written %s is patched to the same workbook",
    async (how, respell, written) => {
      const input = path.join(__dirname, "..", "..", "examples", "service-org.xlsx");
      const zip = await JSZip.loadAsync(readFileSync(input));
      const plain = new Map<string, string>();
      for (const [part, spell] of Object.entries(respell)) {
        plain.set(part, await zip.file(part)!.async("string"));
        zip.file(part, spell(plain.get(part)!));
      }
      const name = how.slice(0, 12).replace(/\W/g, "-");
      const respeltInput = path.join(dir, `${name}.xlsx`);
      writeFileSync(respeltInput, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
      const asIs = path.join(dir, `${name}-reference.xlsx`);
      const out = path.join(dir, `${name}-scored.xlsx`);
      await scoreWith(input, asIs, "auto");
      const { result, report } = await scoreWith(respeltInput, out, "auto");
      expect(result.ok).toBe(true);
      expect(report.fallbackReason).toBeUndefined();
      expect(report.via).toBe("patch");
      // Each part is either written by the run, as Excel spells it, or left exactly as it was.
      const output = await JSZip.loadAsync(readFileSync(out));
      const rewritten: string[] = [];
      for (const part of plain.keys()) {
        const bytes = await output.file(part)!.async("nodebuffer");
        if (bytes.equals(await zip.file(part)!.async("nodebuffer"))) {
          // ExcelJS reads only Excel's spelling: it is given the part so, to compare.
          output.file(part, plain.get(part)!);
          continue;
        }
        const text = bytes.toString("utf8");
        expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"/);
        expect(text).not.toMatch(/<\/?(x|ns0):/);
        rewritten.push(part);
      }
      expect(rewritten.sort()).toEqual(written);
      const readable = path.join(dir, `${name}-scored-readable.xlsx`);
      writeFileSync(readable, await output.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
      expect(picture(await loadWorkbook(readable))).toEqual(picture(await loadWorkbook(asIs)));
      // ExcelJS's reader is given the parts so spelt too, so its writer scores such a file alike.
      const viaExcelJs = path.join(dir, `${name}-exceljs.xlsx`);
      const asIsViaExcelJs = path.join(dir, `${name}-reference-exceljs.xlsx`);
      await scoreWith(input, asIsViaExcelJs, "exceljs");
      expect((await scoreWith(respeltInput, viaExcelJs, "exceljs")).report.via).toBe("exceljs");
      expect(picture(await loadWorkbook(viaExcelJs))).toEqual(picture(await loadWorkbook(asIsViaExcelJs)));
    },
  );

  test("rows gaining cells after their own: the row is kept as written, spans dropped, a bare empty row dropped", async () => {
    const input = path.join(dir, "appended.xlsx");
    await writeFixture(busyWorkbook(), input);
    const zip = await JSZip.loadAsync(readFileSync(input));
    const xml = await zip.file(SCORING)!.async("string");
    const row5 = /<row r="5"[^>]*>[\s\S]*?<\/row>/.exec(xml)![0];
    const cells5 = row5.slice(row5.indexOf(">") + 1, -"</row>".length);
    const edited = xml
      .replace(row5, `<row r="5" spans="1:9" ht="20" customHeight="1">${cells5}</row>`)
      .replace(
        "</sheetData>",
        '<row r="40"></row><row r="41" spans="2:3"/><row r="42" ht="30"></row></sheetData>',
      );
    zip.file(SCORING, edited);
    const source = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    const values = (row: number, value: string | null): PlanOp => ({
      kind: "values",
      sheet: "评分表",
      row,
      col: 20,
      values: [[value]],
    });
    const ops = [values(5, "甲"), values(40, null), values(41, "乙"), values(42, null)];
    const result = await patchPackage({ source, ops, zipDate: NOW });
    const out = entryText(readZip(zipOf(result))!.find((e) => e.name === SCORING)!);
    const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
    expect(out).toContain(`<row r="5" ht="20" customHeight="1">${cells5}${cell("T5", "甲")}</row>`);
    expect(out).not.toContain('<row r="40"');
    expect(out).toContain(`<row r="41">${cell("T41", "乙")}</row><row r="42" ht="30"></row></sheetData>`);
  });

  test("a scored sheet scored again: its rows read, cell by cell, as the full row rebuild writes them", async () => {
    const once = await scoredThenEdited("rescored", async () => {});
    // The same file with every cell's reference single-quoted: each row ending with result cells
    // then goes through the full rebuild (patch-rows.ts patchRow) rather than being cut and copied.
    const zip = await JSZip.loadAsync(readFileSync(once));
    const xml = await zip.file(SCORING)!.async("string");
    expect(xml).toMatch(/<c r="[A-Z]+\d+" s="\d+"\/>/);
    zip.file(SCORING, xml.replace(/<c r="([A-Z]+\d+)"/g, "<c r='$1'"));
    const quoted = path.join(dir, "rescored-quoted.xlsx");
    writeFileSync(quoted, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const twice = path.join(dir, "rescored-twice.xlsx");
    const rebuilt = path.join(dir, "rescored-rebuilt.xlsx");
    expect((await scoreWith(once, twice, "auto")).report.via).toBe("patch");
    expect((await scoreWith(quoted, rebuilt, "auto")).report.via).toBe("patch");
    const rows = (file: string) =>
      cellsOf(entryText(readZip(readFileSync(file))!.find((e) => e.name === SCORING)!));
    expect(rows(twice).length).toBeGreaterThan(5);
    expect(rows(twice)).toEqual(rows(rebuilt));
    expect(picture(await loadWorkbook(twice))).toEqual(picture(await loadWorkbook(once)));
  });

  test("an owned sheet of 200,000 rows: more rows than a function call takes arguments", async () => {
    const input = path.join(dir, "tall.xlsx");
    await writeFixture(busyWorkbook(), input);
    const values = Array.from({ length: 200_000 }, (_, i) => [i % 7 === 0 ? null : `第${i + 1}党支部`]);
    const result = await patchPackage({
      source: readFileSync(input),
      ops: [
        { kind: "ensureSheet", sheet: "高表", visibility: "visible", clear: true },
        { kind: "values", sheet: "高表", row: 1, col: 1, values },
      ],
      zipDate: NOW,
    });
    expect(result.ok).toBe(true);
    const entries = readZip(zipOf(result))!;
    const xml = entryText(entries.find((e) => e.name === "xl/worksheets/sheet4.xml")!);
    expect(xml).toContain('<dimension ref="A1:A200000"/>');
    expect(xml.match(/<row /g)).toHaveLength(200_000 - Math.ceil(200_000 / 7));
  });

  test("<col> written with an end tag keeps its width", async () => {
    const scored = await scoredThenEdited("cols", async (zip) => {
      const xml = await zip.file(SCORING)!.async("string");
      zip.file(SCORING, xml.replace(/<col ([^>]*?)\/>/g, "<col $1></col>"));
    });
    const output = path.join(dir, "cols.out.xlsx");
    await scoreWith(scored, output, "auto");
    const ws = (await loadWorkbook(output)).getWorksheet("评分表")!;
    const before = (await loadWorkbook(scored)).getWorksheet("评分表")!;
    expect(ws.columns.map((c) => c.width)).toEqual(before.columns.map((c) => c.width));
    expect(ws.getColumn(10).width).toBe(10);
  });
});

describe("zip", () => {
  test("entries read back as written, stored and deflated; CRC-32 as zip computes it", async () => {
    const text = Buffer.from("星级评定 ".repeat(100));
    const deflated = zlib.deflateRawSync(text);
    const entries = [
      {
        name: "a.txt",
        method: 0,
        crc: crc32(text),
        compressedSize: text.length,
        size: text.length,
        raw: text,
      },
      {
        name: "dir/b.xml",
        method: 8,
        crc: crc32(text),
        compressedSize: deflated.length,
        size: text.length,
        raw: deflated,
      },
    ];
    const file = path.join(dir, "plain.zip");
    writeFileSync(file, writeZip(entries, NOW));
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    const back = readZip(readFileSync(file))!;
    expect(back.map((e) => [e.name, e.method, e.size])).toEqual([
      ["a.txt", 0, text.length],
      ["dir/b.xml", 8, text.length],
    ]);
    // An independent reader (JSZip) agrees, CRCs included.
    const independent = await JSZip.loadAsync(readFileSync(file), { checkCRC32: true });
    expect((await independent.file("dir/b.xml")!.async("nodebuffer")).equals(text)).toBe(true);
    expect((await independent.file("a.txt")!.async("nodebuffer")).equals(text)).toBe(true);
  });
});

describe("where an owned sheet is deflated", () => {
  test("the least bytes reckoned from its values (all of a small sheet's) never pass what is written, and come near it", async () => {
    const input = path.join(dir, "least-in.xlsx");
    await writeFixture(serviceOrg(), input);
    const output = path.join(dir, "least-out.xlsx");
    const { result } = await scoreWith(input, output, "auto");
    if (!result.ok) throw new Error("not scored");
    const entries = readZip(readFileSync(output))!;
    const book = readPackageWorkbook((part) => {
      const entry = entries.find((e) => e.name === part);
      return entry ? entryText(entry) : undefined;
    })!;
    const owned = [result.summarySheet, result.reviewSheet, result.noticeSheet].filter(
      (s): s is string => !!s,
    );
    expect(owned.length).toBe(3);
    for (const sheet of owned) {
      const part = book.sheets.find((s) => s.name === sheet)!.part;
      const written = entries.find((e) => e.name === part)!.size;
      const least = leastSheetBytes(result.plan.ops.filter((op) => "sheet" in op && op.sheet === sheet));
      expect({ sheet, below: least <= written }).toEqual({ sheet, below: true });
      expect({ sheet, near: least * 3 >= written }).toEqual({ sheet, near: true });
    }
  });

  test("a large sheet's least bytes are reckoned from a sample of its rows, near what all its rows give", () => {
    const values = Array.from({ length: 20_000 }, (_, i) => [
      i + 1,
      `第${i}党支部`,
      i % 3 === 0 ? null : "J30 一票否决：未注明事由".repeat(1 + (i % 5)),
    ]);
    const all = values.reduce(
      (n, [, name, flag]) =>
        n + 22 + 44 + (name as string).length + (flag ? 44 + (flag as string).length : 0),
      0,
    );
    const least = leastSheetBytes([{ kind: "values", sheet: "评定核查", row: 1, col: 1, values }]);
    expect(Math.abs(least - all) / all).toBeLessThan(0.05);
  });
});
