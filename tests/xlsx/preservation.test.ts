/**
 * Features a real workbook carries beside the scoring table, through a score run. What ExcelJS keeps
 * is asserted here; what it loses is listed (and probed) in docs/xlsx-round-trip.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { runCli, type CliIo } from "../../src/cli/run";
import { lostContent } from "../../src/xlsx";
import { loadWorkbook } from "../fixtures/snapshot";
import { busyWorkbook, toExcelJs } from "../fixtures/workbooks";

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
    expect(lost.zh).toEqual(["图表", "数据透视表"]);
    expect(lost.en).toEqual(["charts", "pivot tables"]);
  });

  test("score -o warns about what the new file lacks; --in-place refuses and leaves the input as it was", async () => {
    const input = path.join(dir, "foreign.xlsx");
    await withForeignParts(input);
    const before = readFileSync(input).toString("base64");
    let stderr = "";
    const io: CliIo = { ...quiet, stderr: (t) => (stderr += t) };
    expect(await runCli(["score", input, "-o", path.join(dir, "foreign.out.xlsx")], io)).toBe(0);
    expect(stderr).toContain("注意：输出文件没有保留原文件中的 图表、自定义文档属性");
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

/** Hangs a chart (drawing + chart part, as Excel links them) off one sheet of an .xlsx file. */
async function injectChart(file: string, sheetName: string): Promise<void> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const escaped = sheetName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const rid = new RegExp(`<sheet [^>]*name="${escaped}"[^>]*r:id="(rId\\d+)"`).exec(workbookXml)![1];
  const target =
    new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
    new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
  const sheetPart = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
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

test("the add-in's chart on the summary sheet is not a loss (the sheet is rebuilt); a chart on a user sheet is", async () => {
  const input = path.join(dir, "addin.xlsx");
  await toExcelJs(busyWorkbook()).xlsx.writeFile(input);
  const scored = path.join(dir, "addin.scored.xlsx");
  expect(await runCli(["score", input, "-o", scored], quiet)).toBe(0);
  await injectChart(scored, "评定汇总 (2)");
  let stderr = "";
  const io: CliIo = { ...quiet, stderr: (t) => (stderr += t) };
  expect(await runCli(["score", scored, "--in-place"], io)).toBe(0);
  expect(stderr).not.toContain("丢失");
  expect(stderr).not.toContain("没有保留");
  await injectChart(scored, "说明");
  stderr = "";
  expect(await runCli(["score", scored, "--in-place"], io)).toBe(3);
  expect(stderr).toMatch(/会丢失：.*、图表（/);
});
