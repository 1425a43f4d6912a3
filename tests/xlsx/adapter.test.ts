import { mkdtempSync, promises as fs, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { RawCell } from "../../src/engine/types";
import {
  EXCEL_CELL_TEXT_LIMIT,
  XlsxAdapter,
  XlsxError,
  openXlsx,
  toRawCell,
  writeXlsxAtomic,
} from "../../src/xlsx";
import {
  allFixtures,
  awkwardRows,
  busyWorkbook,
  cellKinds,
  expectedSheetModel,
  expectedValues,
  titleAndGroupHeader,
  writeFixture,
  type WorkbookFixture,
} from "../fixtures/workbooks";
import { diffSnapshots, loadWorkbook, snapshotWorkbook } from "../fixtures/snapshot";

const SETTINGS = "_星级评定";
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "xlsx-adapter-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function roundTrip(fixture: WorkbookFixture, name: string): Promise<XlsxAdapter> {
  const file = path.join(dir, `${name}.xlsx`);
  await writeFixture(fixture, file);
  return new XlsxAdapter(await openXlsx(file));
}

/** What a reader should return: blanks as null, the table padded to its widest row, trailing blank rows dropped. */
function normalise(rows: RawCell[][]): RawCell[][] {
  const clean = rows.map((row) => row.map((v) => (v === undefined || v === "" ? null : v)));
  const width = Math.max(...clean.map((row) => row.reduce<number>((w, v, i) => (v === null ? w : i + 1), 0)));
  while (clean.length > 0 && clean[clean.length - 1].every((v) => v === null)) clean.pop();
  return clean.map((row) => {
    const out = row.slice(0, width);
    while (out.length < width) out.push(null);
    return out;
  });
}

describe("readSheetModel through read()", () => {
  for (const [key, fixture] of Object.entries(allFixtures())) {
    test(`${key}: every sheet reads back as the described values`, async () => {
      const adapter = await roundTrip(fixture, key);
      for (const sheet of fixture.sheets) {
        const snapshot = await adapter.read({ sheet: sheet.name, settingsSheet: SETTINGS });
        expect(snapshot.sheet.name).toBe(sheet.name);
        expect(snapshot.sheet.values).toEqual(normalise(expectedValues(sheet)));
        // The shared expectation the Office.js parity tests use too: values, merges, hidden rows/columns.
        expect(snapshot.sheet).toEqual(expectedSheetModel(sheet));
      }
    });
  }

  test("formula cells give their cached results, errors as {error}, dates as Date, rich text as text", async () => {
    const adapter = await roundTrip(cellKinds(), "kinds");
    const { sheet } = await adapter.read({ settingsSheet: SETTINGS });
    const col = 3; // 服务体系, column D
    expect(sheet.values[1][col]).toBe("１９");
    expect(sheet.values[7][col]).toEqual({ error: "#N/A" });
    expect(sheet.values[8][col]).toEqual({ error: "#DIV/0!" });
    expect(sheet.values[9][col]).toBe(18);
    expect(sheet.values[9][col + 1]).toBe(19);
    expect(sheet.values[10][col]).toBeInstanceOf(Date);
    expect((sheet.values[10][col] as Date).toISOString()).toBe("2026-05-18T00:00:00.000Z");
    expect(sheet.values[12][col]).toBe("19");
  });

  test("merges are reported and only the top-left cell of a merge carries its value", async () => {
    const adapter = await roundTrip(titleAndGroupHeader(), "merges");
    const { sheet } = await adapter.read({ settingsSheet: SETTINGS });
    expect(sheet.merges).toEqual([
      { top: 1, left: 1, bottom: 1, right: 10 },
      { top: 4, left: 4, bottom: 4, right: 8 },
    ]);
    expect(sheet.values[0][0]).toBe("2026年度星级服务型党支部评定表");
    expect(sheet.values[0][1]).toBeNull();
    expect(sheet.values[3][3]).toBe("考评得分");
    expect(sheet.values[3][4]).toBeNull();
  });

  test("hidden rows and columns are reported", async () => {
    const adapter = await roundTrip(awkwardRows(), "hidden");
    const { sheet } = await adapter.read({ settingsSheet: SETTINGS });
    expect(sheet.hiddenRows).toEqual([7]);
    expect(sheet.hiddenColumns).toEqual([12]);
  });

  test("shared formulas read their cached results too", async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("表");
    ws.getCell("A1").value = 1;
    ws.getCell("A2").value = 2;
    // ExcelJS's typings omit shareType/ref, which its writer uses to emit a shared formula.
    ws.getCell("B1").value = {
      formula: "A1*10",
      result: 10,
      shareType: "shared",
      ref: "B1:B2",
    } as ExcelJS.CellFormulaValue;
    ws.getCell("B2").value = { sharedFormula: "B1", result: 20 };
    const file = path.join(dir, "shared.xlsx");
    await workbook.xlsx.writeFile(file);
    const { sheet } = await new XlsxAdapter(await openXlsx(file)).read({ settingsSheet: SETTINGS });
    expect(sheet.values).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });

  test("hyperlinks read as their text", () => {
    expect(toRawCell({ text: "第一党支部", hyperlink: "https://example.org" })).toBe("第一党支部");
    expect(toRawCell({ text: { richText: [{ text: "第" }, { text: "二" }] }, hyperlink: "x" } as never)).toBe(
      "第二",
    );
  });
});

describe("choosing the sheet and reading settings", () => {
  test("no sheet named: the active tab, else the first visible worksheet", async () => {
    const busy = await roundTrip(busyWorkbook(), "active");
    expect((await busy.read({ settingsSheet: SETTINGS })).sheet.name).toBe("评分表");

    const fixture = busyWorkbook();
    delete fixture.activeSheet;
    fixture.sheets[0].visibility = "hidden";
    const firstVisible = await roundTrip(fixture, "first-visible");
    expect((await firstVisible.read({ settingsSheet: SETTINGS })).sheet.name).toBe("评分表");
  });

  test("sheet list with visibility, and the settings chunks in column A joined", async () => {
    const fixture = busyWorkbook();
    fixture.sheets.push({
      name: SETTINGS,
      visibility: "veryHidden",
      rows: [['{"version":1,'], ['"a":2}'], [], ["x"]],
    });
    const adapter = await roundTrip(fixture, "settings");
    const snapshot = await adapter.read({ sheet: "评分表", settingsSheet: SETTINGS });
    expect(snapshot.sheets).toEqual([
      { name: "说明", visibility: "visible" },
      { name: "评分表", visibility: "visible" },
      { name: "评定汇总", visibility: "visible" },
      { name: SETTINGS, visibility: "veryHidden" },
    ]);
    expect(snapshot.settingsJson).toBe('{"version":1,"a":2}');
    const none = await roundTrip(busyWorkbook(), "no-settings");
    expect((await none.read({ settingsSheet: SETTINGS })).settingsJson).toBeNull();
  });

  test("a sheet that does not exist is an XlsxError naming the sheets", async () => {
    const adapter = await roundTrip(busyWorkbook(), "missing-sheet");
    await expect(adapter.read({ sheet: "没有这张表", settingsSheet: SETTINGS })).rejects.toMatchObject({
      code: "NO_SHEET",
      message: expect.stringContaining("说明、评分表、评定汇总"),
    });
  });
});

describe("openXlsx errors", () => {
  test("missing file, text file, old .xls header, damaged zip", async () => {
    await expect(openXlsx(path.join(dir, "nope.xlsx"))).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
    const text = path.join(dir, "text.xlsx");
    writeFileSync(text, "序号,党支部名称\n1,第一党支部\n");
    const notXlsx = await openXlsx(text).catch((e: unknown) => e);
    expect(notXlsx).toMatchObject({ code: "NOT_XLSX" });
    expect((notXlsx as XlsxError).text("zh")).toBe(
      `${text} 不是 .xlsx 文件；如是 .csv 等其他格式，请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试`,
    );
    const xls = path.join(dir, "old.xls");
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await expect(openXlsx(xls)).rejects.toMatchObject({
      code: "NOT_XLSX",
      msg: { code: "OLD_XLS", params: { file: xls } },
    });
    await expect(openXlsx(xls).catch((e: XlsxError) => e.text("zh"))).resolves.toContain("WPS 表格（.et）");
    // An .xlsx with a password to open: a compound file naming its EncryptedPackage stream (UTF-16LE).
    const encrypted = path.join(dir, "encrypted.xlsx");
    const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    writeFileSync(
      encrypted,
      Buffer.concat([header, Buffer.alloc(504), Buffer.from("EncryptionInfo\0EncryptedPackage", "utf16le")]),
    );
    const locked = await openXlsx(encrypted).catch((e: XlsxError) => e);
    expect(locked).toMatchObject({ code: "NOT_XLSX", msg: { code: "ENCRYPTED_XLSX" } });
    expect((locked as XlsxError).text("zh")).toContain("设置了打开密码（已加密）");
    // An .xlsx cut short (a download stopped half way): said in words, not in the zip library's English.
    const cut = path.join(dir, "cut.xlsx");
    const whole = readFileSync(path.join(process.cwd(), "examples", "service-org.xlsx"));
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const cutError = await openXlsx(cut).catch((e: XlsxError) => e);
    expect((cutError as XlsxError).text("zh")).toContain(
      "文件不完整，末尾缺了一部分，可能没有下载或复制完整",
    );
    expect((cutError as XlsxError).text("zh")).not.toMatch(/central directory/);
    const broken = path.join(dir, "broken.xlsx");
    writeFileSync(broken, Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(64, 7)]));
    const error = await openXlsx(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XlsxError);
    expect((error as XlsxError).code).toBe("UNREADABLE");
  });
});

describe("apply", () => {
  async function applyAndReload(
    fixture: WorkbookFixture,
    name: string,
    ops: Parameters<XlsxAdapter["apply"]>[0]["ops"],
  ) {
    const file = path.join(dir, `${name}.xlsx`);
    await writeFixture(fixture, file);
    const adapter = new XlsxAdapter(await openXlsx(file));
    await adapter.apply({ ops });
    const out = path.join(dir, `${name}.out.xlsx`);
    await writeXlsxAtomic(adapter.workbook, out);
    return { file, out, adapter, reloaded: await loadWorkbook(out) };
  }

  test("values with formats; strings starting with = + - @ stay literal text", async () => {
    const { out, reloaded } = await applyAndReload(busyWorkbook(), "values", [
      { kind: "ensureSheet", sheet: "汇总", visibility: "visible", clear: true },
      {
        kind: "values",
        sheet: "汇总",
        row: 1,
        col: 1,
        values: [
          ["=SUM(A1)", "+A1", "-1", "@x"],
          [96.5, true, null, "五星级"],
        ],
        formats: [
          [null, null, null, null],
          [
            { numFmt: "0.00" },
            { bold: true },
            null,
            { fill: "#FFD966", fontColor: "#7F6000", horizontal: "center", wrap: true },
          ],
        ],
      },
    ]);
    const ws = reloaded.getWorksheet("汇总")!;
    for (const [address, text] of [
      ["A1", "=SUM(A1)"],
      ["B1", "+A1"],
      ["C1", "-1"],
      ["D1", "@x"],
    ] as const) {
      expect(ws.getCell(address).type).toBe(ExcelJS.ValueType.String);
      expect(ws.getCell(address).value).toBe(text);
    }
    expect(ws.getCell("A2").value).toBe(96.5);
    expect(ws.getCell("A2").numFmt).toBe("0.00");
    expect(ws.getCell("B2").value).toBe(true);
    expect(ws.getCell("B2").font?.bold).toBe(true);
    expect(ws.getCell("D2").fill).toMatchObject({
      type: "pattern",
      pattern: "solid",
      fgColor: { argb: "FFFFD966" },
    });
    expect(ws.getCell("D2").font?.color).toEqual({ argb: "FF7F6000" });
    expect(ws.getCell("D2").alignment).toMatchObject({ horizontal: "center", wrapText: true });
    // The sheet XML has no formula element at all: the text is stored as a string, not as <f>.
    const sheetIndex = reloaded.worksheets.findIndex((w) => w.name === "汇总") + 1;
    const zip = await JSZip.loadAsync(readFileSync(out));
    const xml = await zip.file(`xl/worksheets/sheet${sheetIndex}.xml`)!.async("string");
    expect(xml).not.toContain("<f>");
    // Text, shared (ExcelJS) or inline (the package patcher): either way never a formula.
    expect(xml).toMatch(/<c r="A1"[^>]*t="(s|inlineStr)"/);
  });

  test("ensureSheet veryHidden, clear re-creates in place, merge, widths, freeze, validation, fit-to-width page setup, chart skipped", async () => {
    const { adapter, reloaded } = await applyAndReload(busyWorkbook(), "ops", [
      { kind: "ensureSheet", sheet: SETTINGS, visibility: "veryHidden", clear: true },
      { kind: "values", sheet: SETTINGS, row: 1, col: 1, values: [["{}"]] },
      { kind: "ensureSheet", sheet: "评定汇总", visibility: "visible", clear: true },
      { kind: "values", sheet: "评定汇总", row: 1, col: 1, values: [["标题"], [1]] },
      { kind: "merge", sheet: "评定汇总", rect: { top: 1, left: 1, bottom: 1, right: 4 } },
      { kind: "merge", sheet: "评定汇总", rect: { top: 1, left: 1, bottom: 1, right: 4 } },
      { kind: "columnWidths", sheet: "评定汇总", col: 2, widths: [20, 30] },
      { kind: "freeze", sheet: "评定汇总", rows: 1, columns: 0 },
      {
        kind: "validation",
        sheet: "评定汇总",
        rect: { top: 2, left: 2, bottom: 5, right: 2 },
        rule: { kind: "decimal", min: 0, max: 20, message: "0~20" },
      },
      {
        kind: "validation",
        sheet: "评定汇总",
        rect: { top: 2, left: 3, bottom: 5, right: 3 },
        rule: { kind: "list", items: ["是", "否"], message: "是或否" },
      },
      {
        kind: "chart",
        sheet: "评定汇总",
        title: "星级分布",
        data: { top: 1, left: 1, bottom: 3, right: 2 },
        anchor: { top: 1, left: 5, bottom: 10, right: 10 },
      },
      {
        kind: "pageSetup",
        sheet: "评定汇总",
        setup: { paper: "A4", orientation: "portrait", fitToWidth: true, pageNumbers: false },
      },
    ]);
    expect(adapter.skipped.map((op) => op.kind)).toEqual(["chart"]);
    expect(reloaded.worksheets.map((w) => [w.name, w.state])).toEqual([
      ["说明", "visible"],
      ["评分表", "visible"],
      ["评定汇总", "visible"],
      [SETTINGS, "veryHidden"],
    ]);
    const ws = reloaded.getWorksheet("评定汇总")!;
    expect(ws.getCell("A1").value).toBe("标题");
    expect(ws.getCell("A2").value).toBe(1);
    expect(ws.getCell("B2").value).toBeNull(); // the old user content is gone
    expect(ws.model.merges).toEqual(["A1:D1"]);
    expect(ws.getColumn(2).width).toBe(20);
    expect(ws.getColumn(3).width).toBe(30);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1, xSplit: 0 });
    expect(ws.getCell("B3").dataValidation).toMatchObject({
      type: "decimal",
      operator: "between",
      formulae: [0, 20],
    });
    expect(ws.getCell("C5").dataValidation).toMatchObject({ type: "list", formulae: ['"是,否"'] });
    expect(ws.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(reloaded.getWorksheet(SETTINGS)!.getCell("A1").value).toBe("{}");
  });

  test("a whole-number validation (a count) is written as Excel's whole type, with its input message", async () => {
    const rule = {
      kind: "whole",
      min: 0,
      max: 366,
      message: "请输入整数次数",
      prompt: "填写次数：0或正整数",
    } as const;
    const { reloaded } = await applyAndReload(busyWorkbook(), "whole", [
      { kind: "ensureSheet", sheet: "评定汇总", visibility: "visible", clear: true },
      { kind: "validation", sheet: "评定汇总", rect: { top: 2, left: 2, bottom: 5, right: 2 }, rule },
    ]);
    expect(reloaded.getWorksheet("评定汇总")!.getCell("B4").dataValidation).toMatchObject({
      type: "whole",
      operator: "between",
      formulae: [0, 366],
      showErrorMessage: true,
      error: "请输入整数次数",
      showInputMessage: true,
      prompt: "填写次数：0或正整数",
    });
  });

  test("text longer than Excel's 32,767-character cell limit is clipped with an ellipsis", async () => {
    const long = "第一党支部重复；".repeat(5000);
    const { reloaded } = await applyAndReload(busyWorkbook(), "long-text", [
      { kind: "values", sheet: "评分表", row: 3, col: 11, values: [[long, "短"]] },
    ]);
    const text = reloaded.getWorksheet("评分表")!.getCell("K3").value as string;
    expect(text).toHaveLength(EXCEL_CELL_TEXT_LIMIT);
    expect(text.endsWith("…")).toBe(true);
    expect(long.startsWith(text.slice(0, -1))).toBe(true);
    expect(reloaded.getWorksheet("评分表")!.getCell("L3").value).toBe("短");
  });

  test("clear empties values and formats of a rectangle only", async () => {
    const { reloaded } = await applyAndReload(busyWorkbook(), "clear", [
      {
        kind: "values",
        sheet: "评分表",
        row: 2,
        col: 11,
        values: [["评定星级"], ["五星级"], ["四星级"]],
        formats: [[{ bold: true }], [{ fill: "#FFD966" }], [{ fill: "#FFD966" }]],
      },
      { kind: "clear", sheet: "评分表", rect: { top: 3, left: 11, bottom: 4, right: 11 } },
    ]);
    const ws = reloaded.getWorksheet("评分表")!;
    expect(ws.getCell("K2").value).toBe("评定星级");
    expect(ws.getCell("K3").value).toBeNull();
    expect(ws.getCell("K3").fill).toBeUndefined();
    expect(ws.getCell("J3").value).toBe("否");
  });

  test("writing result cells changes nothing else in the workbook", async () => {
    const { file, reloaded } = await applyAndReload(busyWorkbook(), "untouched", [
      {
        kind: "values",
        sheet: "评分表",
        row: 2,
        col: 11,
        values: [["评定星级"], ["五星级"]],
        formats: [[{ bold: true }], [{ fill: "#FFD966" }]],
      },
      { kind: "ensureSheet", sheet: "评定汇总 (2)", visibility: "visible", clear: true },
      { kind: "values", sheet: "评定汇总 (2)", row: 1, col: 1, values: [["=第三党支部"]] },
    ]);
    const before = snapshotWorkbook(await loadWorkbook(file));
    const after = snapshotWorkbook(reloaded);
    expect(
      diffSnapshots(before, after, { rects: { 评分表: [{ top: 1, left: 11, bottom: 100, right: 11 }] } }),
    ).toEqual([]);
  });

  test("a failed write leaves no file behind", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("a");
    const target = path.join(dir, "no-such-dir", "out.xlsx");
    await expect(writeXlsxAtomic(workbook, target)).rejects.toMatchObject({ code: "OUTPUT_DIR_UNWRITABLE" });
    const leftovers = (await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"));
    expect(leftovers).toEqual([]);
  });
});
