/**
 * Features a real workbook carries beside the scoring table, through a score run. What ExcelJS keeps
 * is asserted here; what it loses is listed (and probed) in docs/xlsx-round-trip.md.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { runCli, type CliIo } from "../../src/cli/run";
import { render } from "../../src/messages";
import { lostContent, openXlsx, sheetTail, writeXlsxAtomic } from "../../src/xlsx";
import { loadWorkbook } from "../fixtures/snapshot";
import { busyWorkbook, toExcelJs } from "../fixtures/workbooks";
import { withTool } from "../support/tools";
import { packageXmlErrors, xmlError } from "../support/well-formed";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "xlsx-keep-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quiet: CliIo = {
  stdout: () => undefined,
  stderr: () => undefined,
  env: { SOURCE_DATE_EPOCH: "1767225600" },
  stderrIsTty: false,
};
/** The CLI forced onto the ExcelJS writer, whose losses must still be detected and named. */
const viaExcelJs: CliIo = { ...quiet, env: { ...quiet.env, STAR_RATING_WRITER: "exceljs" } };
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

async function richWorkbook(file: string): Promise<void> {
  const workbook = toExcelJs(busyWorkbook());
  const info = workbook.getWorksheet("说明")!;
  info.addImage(workbook.addImage({ buffer: PNG as unknown as ExcelJS.Buffer, extension: "png" }), "D2:E4");
  info.properties.tabColor = { argb: "FFFF0000" };
  info.getCell("A5").value = { text: "评定办法", hyperlink: "https://example.org/rules" };
  info.getRow(3).outlineLevel = 1;
  info.addTable({
    name: "联系人",
    ref: "G1",
    headerRow: true,
    style: { theme: "TableStyleLight9", showRowStripes: true },
    columns: [{ name: "姓名" }, { name: "电话" }],
    rows: [["王五", "123"]],
  });
  const scoring = workbook.getWorksheet("评分表")!;
  scoring.autoFilter = "A2:J8";
  scoring.pageSetup.printArea = "A1:J8";
  await workbook.xlsx.writeFile(file);
}

async function parts(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return Object.keys(zip.files).filter((name) => !zip.files[name].dir);
}

test("images, notes, tables, hyperlinks, validation, conditional formats, names, filters, freeze panes survive a score", async () => {
  const input = path.join(dir, "rich.xlsx");
  const output = path.join(dir, "rich.scored.xlsx");
  await richWorkbook(input);
  expect(await runCli(["score", input, "-o", output], quiet)).toBe(0);
  const after = await loadWorkbook(output);
  const info = after.getWorksheet("说明")!;
  expect(info.getImages()).toHaveLength(1);
  expect(info.properties.tabColor).toEqual({ argb: "FFFF0000" });
  expect(info.getCell("A5").value).toEqual({ text: "评定办法", hyperlink: "https://example.org/rules" });
  expect(info.getRow(3).outlineLevel).toBe(1);
  expect(info.getTable("联系人")).toBeDefined();
  const scoring = after.getWorksheet("评分表")!;
  expect(scoring.getCell("B3").note).toBe("支部书记：王五");
  expect(scoring.getCell("J5").dataValidation).toMatchObject({ type: "list", formulae: ['"是,否"'] });
  const cf = (scoring as unknown as { conditionalFormattings: { ref: string }[] }).conditionalFormattings;
  expect(cf.map((c) => c.ref)).toEqual(["D3:H8"]);
  expect(scoring.autoFilter).toBe("A2:J8");
  expect(scoring.views[0]).toMatchObject({ state: "frozen", xSplit: 2, ySplit: 2 });
  expect(after.definedNames.getRanges("评分区域").ranges).toEqual(["'评分表'!$D$3:$H$8"]);
  const names = await parts(output);
  expect(names.some((n) => n.startsWith("xl/media/"))).toBe(true);
  expect(names.some((n) => n.startsWith("xl/tables/"))).toBe(true);
  expect(names.some((n) => /xl\/comments\d*\.xml/.test(n))).toBe(true);
});

test("a table without a style (as LibreOffice writes them) no longer crashes ExcelJS's writer", async () => {
  const input = path.join(dir, "unstyled-table.xlsx");
  await richWorkbook(input);
  const zip = await JSZip.loadAsync(readFileSync(input));
  const tablePart = Object.keys(zip.files).find((n) => n.startsWith("xl/tables/") && n.endsWith(".xml"))!;
  const xml = await zip.file(tablePart)!.async("string");
  zip.file(tablePart, xml.replace(/<tableStyleInfo[^>]*\/>/, ""));
  writeFileSync(input, await zip.generateAsync({ type: "nodebuffer" }));
  // Plain ExcelJS fails on this file; the CLI writes it.
  const plain = new ExcelJS.Workbook();
  await plain.xlsx.readFile(input);
  await expect(plain.xlsx.writeBuffer()).rejects.toThrow();
  const output = path.join(dir, "unstyled-table.scored.xlsx");
  expect(await runCli(["score", input, "-o", output], quiet)).toBe(0);
  expect((await loadWorkbook(output)).getWorksheet("说明")!.getTable("联系人")).toBeDefined();
});

describe("content ExcelJS cannot carry", () => {
  async function withForeignParts(file: string): Promise<void> {
    await richWorkbook(file);
    const zip = await JSZip.loadAsync(readFileSync(file));
    // The parts a chart and custom document properties bring; ExcelJS does not model either.
    zip.file(
      "xl/charts/chart1.xml",
      '<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>',
    );
    zip.file(
      "docProps/custom.xml",
      '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>',
    );
    zip.file(
      "xl/calcChain.xml",
      '<?xml version="1.0"?><calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    );
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
  }

  test("lostContent names kinds of content, ignores renumbered and harmless parts", () => {
    const lost = lostContent(
      [
        "xl/worksheets/sheet1.xml",
        "xl/drawings/vmlDrawing1.vml",
        "xl/charts/chart1.xml",
        "xl/charts/chart2.xml",
        "xl/calcChain.xml",
        "xl/pivotTables/pivotTable1.xml",
      ],
      ["xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing2.vml"],
    );
    expect(lost.parts).toEqual([
      "xl/charts/chart1.xml",
      "xl/charts/chart2.xml",
      "xl/pivotTables/pivotTable1.xml",
    ]);
    expect(lost.what.map((m) => render(m, "zh"))).toEqual(["图表", "数据透视表"]);
    expect(lost.what.map((m) => render(m, "en"))).toEqual(["charts", "pivot tables"]);
  });

  test("the package patcher keeps a chart's parts and custom properties, by -o and --in-place", async () => {
    const input = path.join(dir, "foreign-kept.xlsx");
    await withForeignParts(input);
    let stderr = "";
    const io: CliIo = { ...quiet, stderr: (t) => (stderr += t) };
    const output = path.join(dir, "foreign-kept.out.xlsx");
    expect(await runCli(["score", input, "-o", output], io)).toBe(0);
    expect(await runCli(["score", input, "--in-place"], io)).toBe(0);
    expect(stderr).not.toContain("没有保留");
    expect(stderr).not.toContain("丢失");
    for (const file of [output, input]) {
      const zip = await JSZip.loadAsync(readFileSync(file));
      expect(await zip.file("xl/charts/chart1.xml")?.async("string")).toContain("chartSpace");
      expect(await zip.file("docProps/custom.xml")?.async("string")).toContain("custom-properties");
      expect(zip.file("xl/calcChain.xml")).not.toBeNull();
    }
  });

  test("through ExcelJS, score -o warns about what the new file lacks; --in-place refuses and leaves the input as it was", async () => {
    const input = path.join(dir, "foreign.xlsx");
    await withForeignParts(input);
    const before = readFileSync(input).toString("base64");
    let stderr = "";
    const io: CliIo = { ...viaExcelJs, stderr: (t) => (stderr += t) };
    expect(await runCli(["score", input, "-o", path.join(dir, "foreign.out.xlsx")], io)).toBe(0);
    expect(stderr).toContain("注意：输出文件没有保留原文件中的图表、自定义文档属性");
    stderr = "";
    expect(await runCli(["score", input, "--in-place"], io)).toBe(3);
    expect(stderr).toContain("会丢失：图表、自定义文档属性");
    expect(readFileSync(input).toString("base64")).toBe(before);
  });
});

test("a validation range of 10+ rows comes back as one range (ExcelJS alone makes J10:J12 + J3:J12)", async () => {
  const fixture = busyWorkbook();
  const scoring = fixture.sheets[1];
  for (let i = 9; i <= 12; i++)
    scoring.rows.push([i, `第${i}党支部`, "机关党委", 19, 19, 19, 19, 19, 0.97, "否"]);
  scoring.extras = { ...scoring.extras, validation: { range: "J3:J12", list: ["是", "否"] } };
  const input = path.join(dir, "validation.xlsx");
  await toExcelJs(fixture).xlsx.writeFile(input);
  const output = path.join(dir, "validation.scored.xlsx");
  expect(await runCli(["score", input, "-o", output], quiet)).toBe(0);
  const zip = await JSZip.loadAsync(readFileSync(output));
  const sheetXml = await zip.file("xl/worksheets/sheet2.xml")!.async("string");
  expect(sheetXml.match(/<dataValidation [^>]*sqref="[^"]*"/g)).toEqual([
    expect.stringContaining('sqref="J3:J12"'),
  ]);
});

/** The worksheet part of the sheet with this name, as the workbook's relationships say. */
async function sheetPartOf(zip: JSZip, sheetName: string): Promise<string> {
  const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const escaped = sheetName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const rid = new RegExp(`<sheet [^>]*name="${escaped}"[^>]*r:id="(rId\\d+)"`).exec(workbookXml)![1];
  const target =
    new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
    new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

/** Hangs a chart (drawing + chart part, as Excel links them) off one sheet of an .xlsx file. */
async function injectChart(file: string, sheetName: string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const sheetPart = await sheetPartOf(zip, sheetName);
  const sheetRels = sheetPart.replace(/worksheets\//, "worksheets/_rels/") + ".rels";
  const existing =
    (await zip.file(sheetRels)?.async("string")) ??
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const link =
    '<Relationship Id="rIdChart" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing77.xml"/>';
  zip.file(sheetRels, existing.replace("</Relationships>", `${link}</Relationships>`));
  zip.file(
    "xl/drawings/drawing77.xml",
    '<?xml version="1.0"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>',
  );
  zip.file(
    "xl/drawings/_rels/drawing77.xml.rels",
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart77.xml"/></Relationships>',
  );
  zip.file(
    "xl/charts/chart77.xml",
    '<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>',
  );
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
}

test("a chart on the rebuilt summary sheet goes with it; a chart on a user sheet is kept", async () => {
  const input = path.join(dir, "addin-patch.xlsx");
  await toExcelJs(busyWorkbook()).xlsx.writeFile(input);
  const scored = path.join(dir, "addin-patch.scored.xlsx");
  expect(await runCli(["score", input, "-o", scored], quiet)).toBe(0);
  await injectChart(scored, "评定汇总 (2)");
  expect(await runCli(["score", scored, "--in-place"], quiet)).toBe(0);
  let zip = await JSZip.loadAsync(readFileSync(scored));
  // The summary's drawing and chart were reached only from the summary: gone with it, and unlisted.
  expect(zip.file("xl/charts/chart77.xml")).toBeNull();
  expect(zip.file("xl/drawings/drawing77.xml")).toBeNull();
  const summaryPart = await sheetPartOf(zip, "评定汇总 (2)");
  expect(zip.file(summaryPart.replace("worksheets/", "worksheets/_rels/") + ".rels")).toBeNull();
  await injectChart(scored, "说明");
  let stderr = "";
  const io: CliIo = { ...quiet, stderr: (t) => (stderr += t) };
  expect(await runCli(["score", scored, "--in-place"], io)).toBe(0);
  expect(stderr).not.toContain("丢失");
  zip = await JSZip.loadAsync(readFileSync(scored));
  expect(zip.file("xl/charts/chart77.xml")).not.toBeNull();
  expect(zip.file("xl/drawings/drawing77.xml")).not.toBeNull();
});

test("through ExcelJS, the add-in's chart on the summary sheet is not a loss (the sheet is rebuilt); a chart on a user sheet is", async () => {
  const input = path.join(dir, "addin.xlsx");
  await toExcelJs(busyWorkbook()).xlsx.writeFile(input);
  const scored = path.join(dir, "addin.scored.xlsx");
  expect(await runCli(["score", input, "-o", scored], viaExcelJs)).toBe(0);
  await injectChart(scored, "评定汇总 (2)");
  let stderr = "";
  const io: CliIo = { ...viaExcelJs, stderr: (t) => (stderr += t) };
  expect(await runCli(["score", scored, "--in-place"], io)).toBe(0);
  expect(stderr).not.toContain("丢失");
  expect(stderr).not.toContain("没有保留");
  await injectChart(scored, "说明");
  stderr = "";
  expect(await runCli(["score", scored, "--in-place"], io)).toBe(3);
  expect(stderr).toMatch(/会丢失：.*、图表（/);
});

describe("Excel 2010+ features in a sheet's <extLst> (ExcelJS drops them on writing)", () => {
  const X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main";
  const XM = "http://schemas.microsoft.com/office/excel/2006/main";
  const XR = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision";
  // A drop-down whose list is on another sheet: Excel stores it only as an x14 extension.
  const crossSheetList =
    `<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="${X14}"><x14:dataValidations count="1">` +
    `<x14:dataValidation type="list" allowBlank="1" showErrorMessage="1" xr:uid="{6A1B2C3D-0000-4000-8000-000000000001}"><x14:formula1><xm:f>说明!$A$1:$A$2</xm:f></x14:formula1>` +
    `<xm:sqref>J3:J8</xm:sqref></x14:dataValidation></x14:dataValidations></ext>`;
  const sparklines =
    `<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="${X14}"><x14:sparklineGroups>` +
    `<x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline>` +
    `<xm:f>评分表!D3:H3</xm:f><xm:sqref>C1</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext>`;
  // An x14 data bar with no main-namespace twin (ExcelJS keeps no x14 conditional format it read).
  const orphanDataBar =
    `<ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="${X14}"><x14:conditionalFormattings>` +
    `<x14:conditionalFormatting><x14:cfRule type="dataBar" id="{00000000-0000-0000-0000-000000000001}"><x14:dataBar minLength="0" maxLength="100">` +
    `<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule><xm:sqref>B2</xm:sqref></x14:conditionalFormatting>` +
    `</x14:conditionalFormattings></ext>`;

  /** Appends extension entries to a sheet's XML; `xm` and `xr` are declared on the root, as Excel does, to test carrying them over. */
  async function injectExtensions(
    file: string,
    sheetName: string,
    entries: string[],
    before = "",
  ): Promise<void> {
    const zip = await JSZip.loadAsync(readFileSync(file));
    const part = await sheetPartOf(zip, sheetName);
    let xml = await zip.file(part)!.async("string");
    xml = xml.replace("<worksheet ", `<worksheet xmlns:xm="${XM}" xmlns:xr="${XR}" `);
    if (before) xml = xml.replace("</sheetData>", `</sheetData>${before}`);
    xml = xml.replace("</worksheet>", `<extLst>${entries.join("")}</extLst></worksheet>`);
    zip.file(part, xml);
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  }

  async function sheetXml(file: string, sheetName: string): Promise<string> {
    const zip = await JSZip.loadAsync(readFileSync(file));
    return zip.file(await sheetPartOf(zip, sheetName))!.async("string");
  }

  function capture(base: CliIo = quiet): { io: CliIo; text: () => string; reset: () => void } {
    let stderr = "";
    return {
      io: { ...base, stderr: (t) => (stderr += t) },
      text: () => stderr,
      reset: () => (stderr = ""),
    };
  }

  test("sheetTail counts the sheet's extension items and top-level elements, not a cfRule's own extLst", () => {
    const xml =
      `<?xml version="1.0"?><worksheet xmlns="main" xmlns:xm="${XM}"><sheetData><row r="1"/></sheetData>` +
      `<protectedRanges><protectedRange sqref="A1" name="a"/></protectedRanges>` +
      `<conditionalFormatting sqref="B2"><cfRule type="dataBar" priority="1"><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"><x14:id xmlns:x14="${X14}">{1}</x14:id></ext></extLst></cfRule></conditionalFormatting>` +
      `<extLst>${crossSheetList}${crossSheetList.replace("J3:J8", "K3")}<ext uri="{ABC}"/></extLst></worksheet>`;
    const tail = sheetTail(xml);
    expect([...tail.extensions]).toEqual([
      ["{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}", 2],
      ["{ABC}", 1],
    ]);
    expect([...tail.elements]).toEqual(["protectedRanges", "conditionalFormatting", "extLst"]);
    expect(tail.namespaces.get("xm")).toBe(XM);
    expect(tail.extensionXml.get("{ABC}")).toBe('<ext uri="{ABC}"/>');
  });

  test("cross-sheet drop-downs and sparklines are copied back: kept by -o and --in-place, once, well-formed, read by LibreOffice", async () => {
    const input = path.join(dir, "x14-keep.xlsx");
    await toExcelJs(busyWorkbook()).xlsx.writeFile(input);
    await injectExtensions(input, "评分表", [crossSheetList]);
    await injectExtensions(input, "说明", [sparklines, orphanDataBar]);
    const output = path.join(dir, "x14-keep.out.xlsx");
    const { io, text, reset } = capture();
    expect(await runCli(["score", input, "-o", output], io)).toBe(0);
    expect(text()).not.toContain("没有保留");
    const scoring = await sheetXml(output, "评分表");
    expect(scoring).toContain(crossSheetList);
    // `xm` was declared on the source's root only: the written root declares it too.
    expect(scoring).toMatch(new RegExp(`^<\\?xml[^>]*>\\s*<worksheet [^>]*xmlns:xm="${XM}"`));
    expect(scoring).toMatch(new RegExp(`^<\\?xml[^>]*>\\s*<worksheet [^>]*xmlns:xr="${XR}"`));
    expect(scoring).toMatch(/<\/extLst><\/worksheet>\s*$/);
    expect(await sheetXml(output, "说明")).toContain(sparklines + orphanDataBar);
    // The ExcelJS writer drops them and the copy-back restores them, with the namespaces they use.
    const viaWriter = path.join(dir, "x14-keep.exceljs.xlsx");
    const written = capture(viaExcelJs);
    expect(await runCli(["score", input, "-o", viaWriter], written.io)).toBe(0);
    expect(written.text()).not.toContain("没有保留");
    const writtenScoring = await sheetXml(viaWriter, "评分表");
    expect(writtenScoring).toContain(crossSheetList);
    expect(writtenScoring).toMatch(new RegExp(`^<\\?xml[^>]*>\\s*<worksheet [^>]*xmlns:xm="${XM}"`));
    expect(await sheetXml(viaWriter, "说明")).toContain(sparklines + orphanDataBar);
    // The other parts ExcelJS wrote are untouched; the re-zipped file is well-formed throughout.
    const wellFormed = await packageXmlErrors(readFileSync(output));
    expect(wellFormed.checked).toBeGreaterThan(5);
    expect(wellFormed.errors).toEqual([]);
    // LibreOffice opens it and reads the drop-down (it writes it back as a plain list validation).
    await withTool("soffice", "LibreOffice reading the kept drop-down back", async () => {
      const lo = path.join(dir, "x14-lo");
      execFileSync(
        "soffice",
        [
          `-env:UserInstallation=file://${lo}/profile`,
          "--headless",
          "--convert-to",
          "xlsx",
          "--outdir",
          lo,
          output,
        ],
        { stdio: "ignore", timeout: 120_000 },
      );
      expect(readdirSync(lo)).toContain("x14-keep.out.xlsx");
      const viaLibreOffice = await sheetXml(path.join(lo, "x14-keep.out.xlsx"), "评分表");
      expect(viaLibreOffice).toMatch(/sqref="J3:J8"[^>]*>[\s\S]*?说明!\$A\$1:\$A\$2/);
    });
    // --in-place keeps it too, and a second run does not add a second copy.
    reset();
    expect(await runCli(["score", output, "--in-place"], io)).toBe(0);
    expect(await runCli(["score", output, "--in-place"], io)).toBe(0);
    expect(text()).not.toContain("丢失");
    const again = await sheetXml(output, "评分表");
    expect(again.split("{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}")).toHaveLength(2);
    const notes = await sheetXml(output, "说明");
    expect(notes.split("<x14:sparklineGroup ")).toHaveLength(2);
    expect(notes.split("<x14:cfRule ")).toHaveLength(2);
  }, 180_000);

  test("what cannot be copied back is named: -o warns, --in-place refuses (3) and leaves the input as it was", async () => {
    const input = path.join(dir, "x14-lose.xlsx");
    await toExcelJs(busyWorkbook()).xlsx.writeFile(input);
    await injectExtensions(
      input,
      "说明",
      [
        `<ext uri="{A8765BA9-456A-4dab-B4F3-ACF838C121DE}" xmlns:x14="${X14}"><x14:slicerList><x14:slicer r:id="rId9"/></x14:slicerList></ext>`,
        '<ext uri="{11111111-2222-3333-4444-555555555555}"><unknown xmlns="urn:x"/></ext>',
      ],
      '<protectedRanges><protectedRange sqref="A1:B2" name="区域1"/></protectedRanges>',
    );
    const before = readFileSync(input).toString("base64");
    // The package patcher keeps all of it.
    const kept = capture();
    const keptOut = path.join(dir, "x14-lose.kept.xlsx");
    expect(await runCli(["score", input, "-o", keptOut], kept.io)).toBe(0);
    expect(kept.text()).not.toContain("没有保留");
    const keptXml = await sheetXml(keptOut, "说明");
    expect(keptXml).toContain("{A8765BA9-456A-4dab-B4F3-ACF838C121DE}");
    expect(keptXml).toContain("{11111111-2222-3333-4444-555555555555}");
    expect(keptXml).toContain('<protectedRange sqref="A1:B2" name="区域1"/>');
    // ExcelJS cannot, and says so.
    const { io, text, reset } = capture(viaExcelJs);
    expect(await runCli(["score", input, "-o", path.join(dir, "x14-lose.out.xlsx")], io)).toBe(0);
    expect(text()).toContain(
      "注意：输出文件没有保留原文件中的工作表「说明」的切片器、" +
        "工作表「说明」的 Excel 扩展内容（{11111111-2222-3333-4444-555555555555}）、工作表「说明」的允许编辑区域",
    );
    reset();
    expect(await runCli(["score", input, "--in-place", "--lang", "en"], io)).toBe(3);
    expect(text()).toContain(
      'would lose: the slicers on sheet "说明", ' +
        'the Excel extension data ({11111111-2222-3333-4444-555555555555}) on sheet "说明", ' +
        'the ranges users may edit on sheet "说明"',
    );
    expect(text()).toContain("Nothing was written");
    expect(readFileSync(input).toString("base64")).toBe(before);
  });

  test("copied into the extLst ExcelJS writes itself (x14 rules made in this session), also with a note's legacyDrawing after it", async () => {
    const input = path.join(dir, "x14-merge.xlsx");
    await toExcelJs(busyWorkbook()).xlsx.writeFile(input);
    await injectExtensions(input, "评分表", [crossSheetList]);
    const workbook = await (await openXlsx(input)).exceljs();
    workbook.getWorksheet("评分表")!.addConditionalFormatting({
      ref: "D3:D8",
      rules: [
        { type: "dataBar", priority: 1, cfvo: [{ type: "min" }, { type: "max" }] } as ExcelJS.DataBarRuleType,
      ],
    });
    const output = path.join(dir, "x14-merge.out.xlsx");
    // Edits made on the ExcelJS model itself are only written by the ExcelJS writer.
    const report = await writeXlsxAtomic(workbook, output, { refuseLoss: true, writer: "exceljs" });
    expect(report.via).toBe("exceljs");
    expect(report.lost.parts).toEqual([]);
    const xml = await sheetXml(output, "评分表");
    expect(xml.match(/<extLst>/g)?.length).toBe(2); // the main cfRule's x14:id link, and the sheet's
    expect(xml).toContain("<legacyDrawing "); // the fixture's note on B3
    expect(xml).toMatch(
      /<extLst><ext uri="\{78C0D931-6437-407d-A8EE-F0AAD7539E65\}"[\s\S]*<\/ext><ext uri="\{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF\}"[\s\S]*<\/ext><\/extLst>(<legacyDrawing [^>]*\/>)?<\/worksheet>\s*$/,
    );
    expect(xmlError(xml)).toBeNull();
  });

  test("a data bar's x14 half survives (ExcelJS alone drops it); extensions on the rebuilt summary sheet are no loss", async () => {
    const workbook = toExcelJs(busyWorkbook());
    workbook.getWorksheet("说明")!.addConditionalFormatting({
      ref: "B1:B3",
      rules: [
        { type: "dataBar", priority: 1, cfvo: [{ type: "min" }, { type: "max" }] } as ExcelJS.DataBarRuleType,
      ],
    });
    const input = path.join(dir, "x14-own.xlsx");
    await workbook.xlsx.writeFile(input);
    expect(await sheetXml(input, "说明")).toContain("{78C0D931-6437-407d-A8EE-F0AAD7539E65}");
    const { io, text } = capture();
    expect(await runCli(["score", input, "--in-place"], io)).toBe(0);
    const notes = await sheetXml(input, "说明");
    expect(notes.split("{78C0D931-6437-407d-A8EE-F0AAD7539E65}")).toHaveLength(2);
    const linked = /<x14:id>(\{[^}]+\})<\/x14:id>/.exec(notes)![1];
    expect(notes).toContain(`<x14:cfRule type="dataBar" id="${linked}">`);
    await injectExtensions(input, "评定汇总 (2)", [crossSheetList]);
    expect(await runCli(["score", input, "--in-place"], io)).toBe(0);
    expect(text()).not.toContain("丢失");
    expect(text()).not.toContain("没有保留");
  });
});
