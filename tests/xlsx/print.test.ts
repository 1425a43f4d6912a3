/**
 * Print-ready output in .xlsx (SPEC §5, §6): both writers (the package patcher and ExcelJS) apply
 * pageSetup (A4, orientation, fit to one page wide, print titles, page numbers), copyFormat with
 * formats on top, the new font/border/alignment fields and row heights; a user's own page setup
 * is read as such and kept; re-runs add nothing; LibreOffice opens the result and prints A4 pages.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { PageSetup, PlanOp } from "../../src/workbook/model";
import { recompute } from "../../src/workbook/recompute";
import { XlsxAdapter, openXlsx, writeXlsxAtomic } from "../../src/xlsx";
import { entryText, readZip } from "../../src/xlsx/zip";
import { loadWorkbook } from "../fixtures/snapshot";
import { serviceOrg, writeFixture } from "../fixtures/workbooks";
import { pdfPages } from "../../scripts/render-sheets";
import { pageSetupIsOurs } from "../../src/xlsx/print";
import { testWithTool } from "../support/tools";
import { packageXmlErrors } from "../support/well-formed";

const NOW = new Date(Date.UTC(2026, 10, 26, 8, 0, 0));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "xlsx-print-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A wide scored sheet: two pages wide (src/workbook/page.ts pagesWide), the name column on both. */
const LANDSCAPE: PageSetup = {
  paper: "A4",
  orientation: "landscape",
  fitToWidth: true,
  pagesWide: 2,
  titleRows: { first: 1, last: 2 },
  titleColumns: { first: 1, last: 2 },
  pageNumbers: true,
  centerHorizontally: true,
};
const PORTRAIT: PageSetup = {
  paper: "A4",
  orientation: "portrait",
  fitToWidth: true,
  titleRows: { first: 1, last: 3 },
  pageNumbers: true,
};

/**
 * A user's table that looks like one: a merged title, a header row in 宋体 12 bold on a fill with
 * thin borders, centred and vertically centred, data rows bordered; columns A–D, results from E.
 */
async function styledTable(file: string, edit?: (ws: ExcelJS.Worksheet) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("评分表");
  const thin: Partial<ExcelJS.Borders> = {
    left: { style: "thin" },
    right: { style: "thin" },
    top: { style: "thin" },
    bottom: { style: "thin" },
  };
  ws.getCell("A1").value = "XX机关党委2026年度党支部星级评定";
  ws.mergeCells("A1:D1");
  ["序号", "党支部", "得分一", "得分二"].forEach((h, i) => {
    const cell = ws.getCell(2, i + 1);
    cell.value = h;
    cell.style = {
      font: { name: "宋体", size: 12, bold: true },
      fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } },
      border: thin,
      alignment: { horizontal: "center", vertical: "middle" },
    };
  });
  for (let r = 3; r <= 6; r++) {
    [r - 2, `第${r - 2}党支部`, 10 + r, 20 - r].forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = v;
      cell.style = { font: { name: "宋体", size: 11 }, border: thin };
    });
  }
  edit?.(ws);
  await wb.xlsx.writeFile(file);
}

/** Result columns E:F styled like the table (header and data), with the plan's formats on top. */
function resultPlan(): PlanOp[] {
  const header = { wrap: true };
  const tier = { fill: "#2E7D32", fontColor: "#FFFFFF" };
  return [
    {
      kind: "copyFormat",
      sheet: "评分表",
      from: { row: 2, col: 4 },
      to: { top: 2, left: 5, bottom: 2, right: 6 },
    },
    {
      kind: "copyFormat",
      sheet: "评分表",
      from: { row: 3, col: 4 },
      to: { top: 3, left: 5, bottom: 6, right: 6 },
    },
    {
      kind: "values",
      sheet: "评分表",
      row: 2,
      col: 5,
      values: [
        ["评定星级", "评定标记"],
        ["五星级", "F5 缺少分数，请补充"],
        ["四星级", null],
        ["三星级", null],
        ["无星", null],
      ],
      formats: [
        [header, header],
        [tier, { wrap: true }],
        [null, null],
        [{ italic: true, fontSize: 9 }, null],
        [{ border: false }, null],
      ],
    },
    { kind: "columnWidths", sheet: "评分表", col: 5, widths: [10, 30] },
    { kind: "rowHeights", sheet: "评分表", row: 2, heights: [30, null] },
    { kind: "pageSetup", sheet: "评分表", setup: LANDSCAPE },
    { kind: "ensureSheet", sheet: "评定汇总", visibility: "visible", clear: true },
    {
      kind: "values",
      sheet: "评定汇总",
      row: 1,
      col: 1,
      values: [["评定汇总"], ["方案：星级服务型党支部"], ["名次", "党支部"], [1, "第一党支部"]],
      formats: [
        [{ bold: true, fontSize: 16, fontName: "黑体" }],
        [null],
        [{ border: true, vertical: "center" }, { border: true }],
        [null, null],
      ],
    },
    { kind: "pageSetup", sheet: "评定汇总", setup: PORTRAIT },
  ];
}

async function writeWith(input: string, output: string, ops: PlanOp[], writer: "auto" | "exceljs") {
  const workbook = await openXlsx(input);
  await new XlsxAdapter(workbook).apply({ ops });
  return writeXlsxAtomic(workbook, output, { writer, fixedDate: NOW });
}

/** A package's parts as text, and each sheet's part by name. */
function packageOf(file: string) {
  const entries = readZip(readFileSync(file))!;
  const parts = new Map(entries.map((e) => [e.name, entryText(e)]));
  const workbook = parts.get("xl/workbook.xml")!;
  const rels = parts.get("xl/_rels/workbook.xml.rels")!;
  const sheetPart = (name: string): string => {
    const tag = [...workbook.matchAll(/<sheet\b[^>]*>/g)].find((m) => m[0].includes(`name="${name}"`))![0];
    const id = /r:id="([^"]+)"/.exec(tag)![1];
    const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!;
    const t = target[1] ?? target[2];
    return parts.get(t.startsWith("/") ? t.slice(1) : `xl/${t}`)!;
  };
  return { parts, workbook, sheetPart };
}

/** CT_Worksheet's children in schema order (ECMA-376 Part 1, §18.3.1.99), the ones we touch and their neighbours. */
const ORDER = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetProtection",
  "autoFilter",
  "mergeCells",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "drawing",
  "legacyDrawing",
  "tableParts",
  "extLst",
];

/** The worksheet's top-level children in document order. */
function children(xml: string): string[] {
  const body = xml.slice(xml.indexOf(">", xml.indexOf("<worksheet")) + 1, xml.lastIndexOf("</worksheet>"));
  const out: string[] = [];
  let depth = 0;
  for (const m of body.matchAll(/<(\/?)([\w:]+)[^>]*?(\/?)>/g)) {
    if (m[1]) depth--;
    else {
      if (depth === 0) out.push(m[2]);
      if (!m[3]) depth++;
    }
  }
  return out;
}

function inSchemaOrder(xml: string): boolean {
  const positions = children(xml).map((name) => ORDER.indexOf(name));
  return positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]));
}

const written = new Map<string, Promise<string>>();

/** The styled table written with resultPlan() by one writer (once per test file). */
function outputOf(writer: "auto" | "exceljs"): Promise<string> {
  let done = written.get(writer);
  if (!done) {
    done = (async () => {
      const input = path.join(dir, `table-${writer}.xlsx`);
      await styledTable(input);
      const output = path.join(dir, `table-${writer}.out.xlsx`);
      const report = await writeWith(input, output, resultPlan(), writer);
      expect(report.via).toBe(writer === "auto" ? "patch" : "exceljs");
      return output;
    })();
    written.set(writer, done);
  }
  return done;
}

describe.each(["auto", "exceljs"] as const)("%s writer", (writer) => {
  let output: string;
  beforeAll(async () => {
    output = await outputOf(writer);
  });

  test("every sheet written prints on A4 in its orientation, pages wide as planned, with titles and page numbers", async () => {
    const wb = await loadWorkbook(output);
    const scored = wb.getWorksheet("评分表")!;
    expect(scored.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 2,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: "1:2",
      printTitlesColumn: "A:B",
    });
    expect(scored.headerFooter.oddFooter).toBe("&C第 &P 页，共 &N 页");
    const summary = wb.getWorksheet("评定汇总")!;
    expect(summary.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "1:3",
    });
    expect(summary.pageSetup.printTitlesColumn).toBeUndefined();
    expect(summary.headerFooter.oddFooter).toBe("&C第 &P 页，共 &N 页");
  });

  test("the print titles are one defined name per sheet, and the sheets' elements are in schema order", async () => {
    const pkg = packageOf(output);
    // ExcelJS writes ' as &apos;, the patcher as it is: the same text.
    const names = [...pkg.workbook.matchAll(/<definedName\b[^>]*>[^<]*<\/definedName>/g)].map((m) =>
      m[0].replace(/&apos;/g, "'"),
    );
    expect(names).toEqual([
      `<definedName name="_xlnm.Print_Titles" localSheetId="0">'评分表'!$A:$B,'评分表'!$1:$2</definedName>`,
      `<definedName name="_xlnm.Print_Titles" localSheetId="1">'评定汇总'!$1:$3</definedName>`,
    ]);
    for (const name of ["评分表", "评定汇总"]) {
      const xml = pkg.sheetPart(name);
      expect(inSchemaOrder(xml)).toBe(true);
      expect(xml).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
    }
    expect((await packageXmlErrors(readFileSync(output))).errors).toEqual([]);
  });

  test("result cells take the table's look with the plan's formats on top", async () => {
    const ws = (await loadWorkbook(output)).getWorksheet("评分表")!;
    const header = ws.getCell("E2");
    expect(header.font).toMatchObject({ name: "宋体", size: 12, bold: true });
    expect(header.fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } });
    expect(header.border).toMatchObject({ left: { style: "thin" }, bottom: { style: "thin" } });
    // The header's own centring kept, wrap added on top.
    expect(header.alignment).toMatchObject({ horizontal: "center", vertical: "middle", wrapText: true });
    const tier = ws.getCell("E3");
    expect(tier.fill).toMatchObject({ fgColor: { argb: "FF2E7D32" } });
    expect(tier.font).toMatchObject({ name: "宋体", size: 11, color: { argb: "FFFFFFFF" } });
    expect(tier.border).toMatchObject({ top: { style: "thin" } });
    // No format on a copied cell keeps the copied one; italic and size compose with the face.
    expect(ws.getCell("E4").font).toMatchObject({ name: "宋体", size: 11 });
    expect(ws.getCell("E4").border).toMatchObject({ right: { style: "thin" } });
    expect(ws.getCell("E5").font).toMatchObject({ name: "宋体", size: 9, italic: true });
    expect(ws.getCell("E6").border?.left).toBeUndefined();
    // Wrapped, and aligned like the row (the data cell it copied has no vertical alignment: bottom).
    expect(ws.getCell("F3").alignment).toEqual({ wrapText: true });
    expect(ws.getCell("F3").value).toBe("F5 缺少分数，请补充");
    // The user's cells are as they were.
    expect(ws.getCell("D2").alignment).toEqual({ horizontal: "center", vertical: "middle" });
    expect(ws.getCell("D2").alignment?.wrapText).toBeUndefined();
    expect(ws.getRow(2).height).toBe(30);
    expect(ws.getColumn(6).width).toBe(30);
  });

  test("owned-sheet formats: font face and size, borders, vertical alignment", async () => {
    const ws = (await loadWorkbook(output)).getWorksheet("评定汇总")!;
    expect(ws.getCell("A1").font).toMatchObject({ name: "黑体", size: 16, bold: true });
    expect(ws.getCell("A3").border).toMatchObject({ left: { style: "thin" }, top: { style: "thin" } });
    expect(ws.getCell("A3").alignment).toMatchObject({ vertical: "middle" });
  });

  test("a re-run adds no defined name, no cell format and no font", async () => {
    const again = path.join(dir, `table-${writer}.again.xlsx`);
    await writeWith(output, again, resultPlan(), writer);
    const first = packageOf(output);
    const second = packageOf(again);
    const count = (xml: string, re: RegExp) => [...xml.matchAll(re)].length;
    expect(count(second.workbook, /_xlnm\.Print_Titles/g)).toBe(2);
    const styles = (p: ReturnType<typeof packageOf>) => p.parts.get("xl/styles.xml")!;
    for (const list of ["cellXfs", "fonts", "fills", "borders"]) {
      const n = (xml: string) => /<(\w+) count="(\d+)"/.exec(xml.slice(xml.indexOf(`<${list}`)))![2];
      expect(n(styles(second))).toBe(n(styles(first)));
    }
    if (writer === "auto") {
      expect(second.workbook).toBe(first.workbook);
      expect(styles(second)).toBe(styles(first));
      expect(second.sheetPart("评分表")).toBe(first.sheetPart("评分表"));
    }
  });
});

describe.each(["auto", "exceljs"] as const)("page numbers in the run's language (%s writer)", (writer) => {
  const inEnglish = (ops: PlanOp[]): PlanOp[] =>
    ops.map((op) => (op.kind === "pageSetup" ? { ...op, setup: { ...op.setup, pageNumbersIn: "en" } } : op));

  test("an English run numbers its pages in English; a Chinese run after it in Chinese again", async () => {
    const input = path.join(dir, `lang-${writer}.xlsx`);
    await styledTable(input);
    const english = path.join(dir, `lang-${writer}.en.xlsx`);
    await writeWith(input, english, inEnglish(resultPlan()), writer);
    const en = await loadWorkbook(english);
    for (const name of ["评分表", "评定汇总"])
      expect(en.getWorksheet(name)!.headerFooter.oddFooter).toBe("&CPage &P of &N");
    // The setup is still ours (not kept as the user's), and a Chinese run replaces the footer.
    const chinese = path.join(dir, `lang-${writer}.zh.xlsx`);
    await writeWith(english, chinese, resultPlan(), writer);
    const zh = await loadWorkbook(chinese);
    for (const name of ["评分表", "评定汇总"])
      expect(zh.getWorksheet(name)!.headerFooter.oddFooter).toBe("&C第 &P 页，共 &N 页");
  });
});

describe("a user's own page setup", () => {
  test("is read as the user's (both readers) and kept by a scoring run", async () => {
    const input = path.join(dir, "own-setup.xlsx");
    const wb = new ExcelJS.Workbook();
    const fixture = serviceOrg(6);
    await writeFixture(fixture, input);
    await wb.xlsx.readFile(input);
    const ws = wb.getWorksheet("评分表")!;
    ws.pageSetup = { ...ws.pageSetup, orientation: "landscape", paperSize: 11, printTitlesRow: "1:2" };
    ws.headerFooter = { oddFooter: "&L本单位自制 &R&P" };
    await wb.xlsx.writeFile(input);
    for (const load of ["package", "exceljs"] as const) {
      const file = await openXlsx(input);
      if (load === "exceljs") await file.exceljs();
      const snapshot = await new XlsxAdapter(file).read({ settingsSheet: "_星级评定" });
      expect(snapshot.sheet.pageSetupCustomised).toBe(true);
    }
    const output = path.join(dir, "own-setup.out.xlsx");
    const file = await openXlsx(input);
    expect((await recompute(new XlsxAdapter(file), { now: NOW })).ok).toBe(true);
    await writeXlsxAtomic(file, output, { fixedDate: NOW });
    const before = packageOf(input).sheetPart("评分表");
    const after = packageOf(output).sheetPart("评分表");
    const setup = (xml: string) => xml.slice(xml.indexOf("<pageMargins"), xml.indexOf("</worksheet>"));
    expect(setup(after)).toBe(setup(before));
    expect(packageOf(output).workbook).toContain(`localSheetId="0">&apos;评分表&apos;!$1:$2</definedName>`);
  });

  test("portrait fit-to-width alone (what the template wrote) is not the user's; landscape or titles are", async () => {
    const read = async (edit: (ws: ExcelJS.Worksheet) => void) => {
      const file = path.join(dir, "flag.xlsx");
      await styledTable(file, edit);
      const snapshot = await new XlsxAdapter(await openXlsx(file)).read({ settingsSheet: "_星级评定" });
      return snapshot.sheet.pageSetupCustomised ?? false;
    };
    expect(await read(() => undefined)).toBe(false);
    expect(
      await read(
        (ws) => (ws.pageSetup = { ...ws.pageSetup, fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
      ),
    ).toBe(false);
    expect(await read((ws) => (ws.pageSetup = { ...ws.pageSetup, paperSize: 9 }))).toBe(false);
    expect(
      await read(
        (ws) => (ws.pageSetup = { ...ws.pageSetup, fitToPage: true, fitToWidth: 1, fitToHeight: 1 }),
      ),
    ).toBe(true);
    expect(await read((ws) => (ws.pageSetup = { ...ws.pageSetup, scale: 80 }))).toBe(true);
    expect(await read((ws) => (ws.pageSetup = { ...ws.pageSetup, printArea: "A1:D6" }))).toBe(true);
    // The setup this tool writes (a template's), with a print area the user added since: theirs.
    const ours = (ws: ExcelJS.Worksheet) => {
      ws.pageSetup = { ...ws.pageSetup, paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
      ws.headerFooter = { oddFooter: "&C第 &P 页，共 &N 页" };
    };
    expect(await read(ours)).toBe(false);
    expect(
      await read((ws) => {
        ours(ws);
        ws.pageSetup = { ...ws.pageSetup, printArea: "A1:D6" };
      }),
    ).toBe(true);
  });

  test("setting up a sheet keeps the printer settings link and the user's own footer, and replaces only our name", async () => {
    const input = path.join(dir, "printer.xlsx");
    await styledTable(input);
    const entries = readZip(readFileSync(input))!;
    const JSZip = (await import("jszip")).default;
    const zip = await JSZip.loadAsync(readFileSync(input));
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    zip.file(
      "xl/worksheets/sheet1.xml",
      sheet
        .replace(
          /<pageSetup\b[^>]*\/>/,
          '<pageSetup orientation="portrait" horizontalDpi="600" r:id="rId9"/>',
        )
        .replace(
          "</worksheet>",
          "<headerFooter><oddHeader>&amp;C机密</oddHeader><oddFooter>&amp;R自制</oddFooter></headerFooter></worksheet>",
        ),
    );
    const workbook = await zip.file("xl/workbook.xml")!.async("string");
    zip.file(
      "xl/workbook.xml",
      workbook.replace(
        "</sheets>",
        `</sheets><definedNames><definedName name="本表范围">'评分表'!$A$1:$D$6</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">'评分表'!$1:$1</definedName></definedNames>`,
      ),
    );
    writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    expect(entries.length).toBeGreaterThan(0);
    const output = path.join(dir, "printer.out.xlsx");
    expect(
      (await writeWith(input, output, [{ kind: "pageSetup", sheet: "评分表", setup: LANDSCAPE }], "auto"))
        .via,
    ).toBe("patch");
    const pkg = packageOf(output);
    const xml = pkg.sheetPart("评分表");
    expect(xml).toMatch(
      /<pageSetup orientation="landscape" horizontalDpi="600" r:id="rId9" paperSize="9" fitToWidth="2" fitToHeight="0"\/>/,
    );
    expect(xml).toContain(
      "<headerFooter><oddHeader>&amp;C机密</oddHeader><oddFooter>&amp;R自制</oddFooter></headerFooter>",
    );
    expect(inSchemaOrder(xml)).toBe(true);
    expect(pkg.workbook).toContain(
      `<definedNames><definedName name="本表范围">'评分表'!$A$1:$D$6</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">'评分表'!$A:$B,'评分表'!$1:$2</definedName></definedNames>`,
    );
  });
});

test("a LibreOffice-written sheet's empty footer and default settings are not the user's: ours replace them", async () => {
  const input = path.join(dir, "lo-like.xlsx");
  await styledTable(input);
  const JSZip = (await import("jszip")).default;
  const zip = await JSZip.loadAsync(readFileSync(input));
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  // What LibreOffice writes on every sheet (seen converting examples/service-org.xlsx).
  const lo = sheet
    .replace(/<sheetPr\b[^>]*\/>|<sheetPr\b[\s\S]*?<\/sheetPr>/, "")
    .replace(
      /(<worksheet\b[^>]*>)/,
      '$1<sheetPr filterMode="false"><pageSetUpPr fitToPage="true"/></sheetPr>',
    )
    .replace(
      /<pageMargins\b/,
      '<printOptions headings="false" gridLines="false" gridLinesSet="true" horizontalCentered="false" verticalCentered="false"/><pageMargins',
    )
    .replace(
      /<pageSetup\b[^>]*\/>/,
      '<pageSetup paperSize="1" scale="100" fitToWidth="1" fitToHeight="0" orientation="portrait" copies="1"/>' +
        '<headerFooter differentFirst="false" differentOddEven="false"><oddHeader></oddHeader><oddFooter></oddFooter></headerFooter>',
    );
  zip.file("xl/worksheets/sheet1.xml", lo);
  writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  const snapshot = await new XlsxAdapter(await openXlsx(input)).read({ settingsSheet: "_星级评定" });
  expect(snapshot.sheet.pageSetupCustomised).toBeUndefined();
  const output = path.join(dir, "lo-like.out.xlsx");
  await writeWith(input, output, [{ kind: "pageSetup", sheet: "评分表", setup: LANDSCAPE }], "auto");
  const xml = packageOf(output).sheetPart("评分表");
  expect(xml).toContain('<sheetPr filterMode="false"><pageSetUpPr fitToPage="1"/></sheetPr>');
  expect(xml).toContain('horizontalCentered="1"');
  expect(xml).toMatch(
    /<pageSetup paperSize="9" scale="100" fitToWidth="2" fitToHeight="0" orientation="landscape" copies="1"\/>/,
  );
  expect(xml).toContain(
    '<headerFooter differentFirst="false" differentOddEven="false"><oddHeader></oddHeader><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>',
  );
  expect(inSchemaOrder(xml)).toBe(true);
});

testWithTool(
  "soffice",
  "LibreOffice opens what both writers wrote and prints it on A4 pages, landscape for the scored sheet",
  async () => {
    const pdfDir = path.join(dir, "pdf");
    const profile = `-env:UserInstallation=file://${path.join(dir, "lo-profile")}`;
    const files = [await outputOf("auto"), await outputOf("exceljs")];
    execFileSync("soffice", [profile, "--headless", "--convert-to", "pdf", "--outdir", pdfDir, ...files], {
      stdio: "ignore",
      timeout: 180_000,
    });
    expect(readdirSync(pdfDir).sort()).toEqual(["table-auto.out.pdf", "table-exceljs.out.pdf"]);
    for (const file of readdirSync(pdfDir)) {
      const pages = pdfPages(readFileSync(path.join(pdfDir, file)));
      // The scored sheet (landscape) then 评定汇总 (portrait), A4 = 842 × 595 points.
      expect(pages.length).toBe(2);
      expect(pages[0]).toEqual({ width: expect.closeTo(842, 0), height: expect.closeTo(595, 0) });
      expect(pages[1]).toEqual({ width: expect.closeTo(595, 0), height: expect.closeTo(842, 0) });
    }
  },
  240_000,
);

test("the setup this tool writes is read as ours at one to four pages wide, not beyond", () => {
  const sheet = (wide: number) =>
    '<worksheet><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetData/>' +
    `<pageSetup paperSize="9" orientation="landscape" fitToWidth="${wide}" fitToHeight="0"/>` +
    "<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>";
  expect([1, 2, 3, 4, 5].map((n) => pageSetupIsOurs(sheet(n)))).toEqual([true, true, true, true, false]);
});
