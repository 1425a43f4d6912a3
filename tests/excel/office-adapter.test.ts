import ExcelJS from "exceljs";
import type { RawCell } from "../../src/engine/types";
import { OfficeAdapterError } from "../../src/excel";
import {
  DEFAULT_REQUEST_BUDGET,
  isDateFormat,
  literal,
  parseAreasAddress,
  rawCell,
} from "../../src/excel/office-adapter";
import { getPreset } from "../../src/engine";
import { buildTemplatePlan, recompute, SETTINGS_SHEET } from "../../src/workbook";
import type { WritePlan } from "../../src/workbook/model";
import { XlsxAdapter, readSheetModel } from "../../src/xlsx";
import {
  allFixtures,
  cellKinds,
  expectedValues,
  modelOrgan,
  serviceOrg,
  starBranch,
  toExcelJs,
  type WorkbookFixture,
} from "../fixtures/workbooks";
import { columnName, FakeExcel, PAYLOAD_LIMIT_BYTES } from "../support/fake-excel";
import { fakeAdapter, payloads } from "../support/office-run";

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4));
/** The add-in's minimum (manifest) and the newest level the emulated host knows. */
const API_LEVELS = [7, 17];

function useApiLevel(level: number): void {
  beforeAll(() => (FakeExcel.defaultApiVersion = level));
  afterAll(() => (FakeExcel.defaultApiVersion = 17));
}

/** Blanks as null, rows cut after their last value, trailing blank rows dropped. */
function normalise(rows: RawCell[][]): RawCell[][] {
  const out = rows.map((row) => {
    const clean = row.map((v) => (v === undefined || v === "" ? null : v));
    while (clean.length > 0 && clean[clean.length - 1] === null) clean.pop();
    return clean;
  });
  while (out.length > 0 && out[out.length - 1].length === 0) out.pop();
  return out;
}

describe("reading", () => {
  test("cell kinds: numbers, text, errors, formula results and dates read as the engine expects", async () => {
    const fixture = cellKinds();
    const excel = FakeExcel.fromDescription(fixture);
    const snapshot = await fakeAdapter(excel).read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.sheet.name).toBe(fixture.sheets[0].name);
    expect(normalise(snapshot.sheet.values)).toEqual(normalise(expectedValues(fixture.sheets[0])));
    expect(snapshot.settingsJson).toBeNull();
    expect(excel.syncs).toHaveLength(1);
  });

  test("merges, hidden columns, sheet visibility and the named sheet come back in one sync", async () => {
    const fixture = serviceOrg(5);
    fixture.sheets[0].hiddenColumns = [3];
    fixture.sheets.push({ name: "隐藏", rows: [["x"]], visibility: "veryHidden" });
    const excel = FakeExcel.fromDescription(fixture);
    const snapshot = await fakeAdapter(excel).read({ sheet: "评分表", settingsSheet: SETTINGS_SHEET });
    expect(snapshot.sheet.merges).toEqual([{ top: 1, left: 1, bottom: 1, right: 10 }]);
    expect(snapshot.sheet.hiddenColumns).toEqual([3]);
    expect(snapshot.sheets).toEqual([
      { name: "评分表", visibility: "visible" },
      { name: "隐藏", visibility: "veryHidden" },
    ]);
    expect(excel.syncs).toHaveLength(1);
  });

  test("hidden rows are asked for in a second sync only when some row is hidden", async () => {
    const fixture = serviceOrg(6);
    fixture.sheets[0].hiddenRows = [4, 6];
    const excel = FakeExcel.fromDescription(fixture);
    const snapshot = await fakeAdapter(excel).read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.sheet.hiddenRows).toEqual([4, 6]);
    expect(excel.syncs).toHaveLength(2);
  });

  test("without ExcelApi 1.13 merges are not asked for, and reading still works", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(3), { apiVersion: 7 });
    const snapshot = await fakeAdapter(excel).read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.sheet.merges).toEqual([]);
    expect(snapshot.sheet.values[1][1]).toBe("党支部名称");
  });

  test("a sheet that is not there is a NO_SHEET error in both languages", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(3));
    const error = await fakeAdapter(excel)
      .read({ sheet: "没有", settingsSheet: SETTINGS_SHEET })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfficeAdapterError);
    expect((error as OfficeAdapterError).code).toBe("NO_SHEET");
    expect((error as OfficeAdapterError).text("zh")).toContain("没有");
  });

  test("the settings JSON is the chunks of column A joined", async () => {
    const fixture = serviceOrg(2);
    fixture.sheets.push({ name: SETTINGS_SHEET, rows: [['{"a":'], ['"b"}']], visibility: "veryHidden" });
    const snapshot = await fakeAdapter(FakeExcel.fromDescription(fixture)).read({
      settingsSheet: SETTINGS_SHEET,
    });
    expect(snapshot.settingsJson).toBe('{"a":"b"}');
  });

  test("a host that fails navigation from a null object still reads (settings sheet absent): one retry", async () => {
    const fixture = serviceOrg(4);
    const excel = FakeExcel.fromDescription(fixture, { nullNavigation: "throw" });
    const snapshot = await fakeAdapter(excel).read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.settingsJson).toBeNull();
    expect(snapshot.sheet.values[1][1]).toBe("党支部名称");
    expect(excel.syncs.map((s) => s.error ?? "ok")).toEqual(["ItemNotFound", "ok"]);
  });

  test("a host that fails null navigation: a missing named sheet is still NO_SHEET, an empty sheet still reads", async () => {
    const excel = FakeExcel.fromDescription(
      {
        sheets: [
          { name: "A", rows: [["x"]] },
          { name: "空", rows: [] },
        ],
      },
      { nullNavigation: "throw" },
    );
    const missing = await fakeAdapter(excel)
      .read({ sheet: "没有", settingsSheet: SETTINGS_SHEET })
      .catch((e: unknown) => e);
    expect((missing as OfficeAdapterError).code).toBe("NO_SHEET");
    const empty = await fakeAdapter(excel).read({ sheet: "空", settingsSheet: SETTINGS_SHEET });
    expect(empty.sheet.values).toEqual([]);
  });

  test("with a settings sheet, a host that fails null navigation reads in one sync", async () => {
    const fixture = serviceOrg(2);
    fixture.sheets.push({ name: SETTINGS_SHEET, rows: [["{}"]], visibility: "veryHidden" });
    const excel = FakeExcel.fromDescription(fixture, { nullNavigation: "throw" });
    const snapshot = await fakeAdapter(excel).read({ settingsSheet: SETTINGS_SHEET });
    expect(snapshot.settingsJson).toBe("{}");
    expect(excel.syncs).toHaveLength(1);
  });

  test("a response over 5 MB is read again in blocks of rows, with the same values", async () => {
    const fixture = serviceOrg(3000);
    const small = FakeExcel.fromDescription(fixture, { payloadLimit: 200_000 });
    const whole = FakeExcel.fromDescription(fixture);
    const blocks = await fakeAdapter(small, 150_000).read({ settingsSheet: SETTINGS_SHEET });
    const once = await fakeAdapter(whole).read({ settingsSheet: SETTINGS_SHEET });
    expect(blocks.sheet.values).toEqual(once.sheet.values);
    expect(small.syncs[0].error).toBe("ResponsePayloadSizeLimitExceeded");
    expect(small.syncs.length).toBeGreaterThan(2);
    expect(payloads(small, 1).maxResponse).toBeLessThanOrEqual(200_000);
  });

  test("helpers: date formats, error texts, merged-area addresses", () => {
    expect(isDateFormat("yyyy-mm-dd")).toBe(true);
    expect(isDateFormat('[$-804]yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat("0.00")).toBe(false);
    expect(isDateFormat("0%")).toBe(false);
    expect(isDateFormat('"分"0')).toBe(false);
    expect(rawCell("#N/A", "General")).toEqual({ error: "#N/A" });
    expect(rawCell("", "General")).toBeNull();
    expect(rawCell(46160, "yyyy-mm-dd")).toEqual(new Date(Date.UTC(2026, 4, 18)));
    expect(parseAreasAddress("'评分 表'!A1:J1,'评分 表'!D2:H2")).toEqual([
      { top: 1, left: 1, bottom: 1, right: 10 },
      { top: 2, left: 4, bottom: 2, right: 8 },
    ]);
  });
});

describe("writing", () => {
  test("text that looks like a formula, number, boolean or error stays literal text", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["x"]] }] });
    const adapter = fakeAdapter(excel);
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    const texts = ["=SUM(A1:A3)", "+1", "-x", "@name", "001", "TRUE", "#N/A", "'quoted", "2026-01-01", "50%"];
    const plan: WritePlan = {
      ops: [{ kind: "values", sheet: "S", row: 2, col: 1, values: [texts, [1, true, null]] }],
    };
    await adapter.apply(plan);
    texts.forEach((text, i) => {
      const cell = excel.cell("S", `${String.fromCharCode(65 + i)}2`)!;
      expect(cell.value).toBe(text);
      expect(cell.formula).toBeUndefined();
      expect(cell.error).toBeUndefined();
    });
    expect(excel.cell("S", "A3")!.value).toBe(1);
    expect(excel.cell("S", "B3")!.value).toBe(true);
    expect(excel.cell("S", "C3")?.value ?? "").toBe("");
    expect(literal("=1")).toBe("'=1");
  });

  test("without the text prefix the fake would have made a formula (the fake is not lenient)", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["x"]] }] });
    await excel.run(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("A2:B2").values = [["=SUM(A1)", "007"]];
      await context.sync();
    });
    expect(excel.cell("S", "A2")!.formula).toBe("=SUM(A1)");
    expect(excel.cell("S", "B2")!.value).toBe(7);
  });

  test("a plan's null empties a cell (Office.js null would leave it)", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["a", "b"]] }] });
    const adapter = fakeAdapter(excel);
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    await adapter.apply({ ops: [{ kind: "values", sheet: "S", row: 1, col: 1, values: [[null, "c"]] }] });
    expect(excel.readValues("S")).toEqual([[null, "c"]]);
  });

  test("formats, widths, freeze, validation, merge, chart and page layout, all in one sync", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["x"]] }] });
    const adapter = fakeAdapter(excel);
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    const before = excel.syncs.length;
    await adapter.apply({
      ops: [
        { kind: "ensureSheet", sheet: "汇总", visibility: "visible", clear: true },
        {
          kind: "values",
          sheet: "汇总",
          row: 1,
          col: 1,
          values: [
            ["五星级", 3],
            ["四星级", 5],
          ],
          formats: [
            [{ fill: "#FFD966", bold: true }, { numFmt: "0" }],
            [{ fill: "#FFD966", horizontal: "center" }, { numFmt: "0" }],
          ],
        },
        { kind: "merge", sheet: "汇总", rect: { top: 4, left: 1, bottom: 4, right: 3 } },
        { kind: "columnWidths", sheet: "汇总", col: 1, widths: [10, 20] },
        { kind: "freeze", sheet: "汇总", rows: 1, columns: 0 },
        {
          kind: "validation",
          sheet: "汇总",
          rect: { top: 2, left: 2, bottom: 3, right: 2 },
          rule: { kind: "decimal", min: 0, max: 20, message: "0–20" },
        },
        {
          kind: "chart",
          sheet: "汇总",
          title: "星级分布",
          data: { top: 1, left: 1, bottom: 2, right: 2 },
          anchor: { top: 1, left: 4, bottom: 15, right: 10 },
        },
        {
          kind: "pageSetup",
          sheet: "汇总",
          setup: { paper: "A4", orientation: "portrait", fitToWidth: true, pageNumbers: false },
        },
        { kind: "ensureSheet", sheet: SETTINGS_SHEET, visibility: "veryHidden", clear: true },
      ],
    });
    expect(excel.syncs.length - before).toBe(1);
    const sheet = excel.requireSheet("汇总");
    expect(excel.cell("汇总", "A1")).toMatchObject({ value: "五星级", fill: "#FFD966", bold: true });
    expect(excel.cell("汇总", "A2")).toMatchObject({ fill: "#FFD966", horizontal: "Center" });
    expect(excel.cell("汇总", "B1")).toMatchObject({ value: 3, numberFormat: "0" });
    expect(sheet.merges).toEqual([{ top: 4, left: 1, bottom: 4, right: 3 }]);
    expect(sheet.columnWidths.get(2)).toBeCloseTo((20 * 7 + 5) * 0.75);
    expect(sheet.freeze).toEqual({ rows: 1, columns: 0 });
    expect(sheet.validations[0].rule).toEqual({
      decimal: { formula1: 0, formula2: 20, operator: "Between" },
    });
    expect(sheet.charts).toHaveLength(1);
    expect(sheet.charts[0]).toMatchObject({
      type: "ColumnClustered",
      title: "星级分布",
      legendVisible: false,
    });
    expect(sheet.charts[0].source).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
    expect(sheet.pageLayout).toEqual({
      horizontalFitToPages: 1,
      verticalFitToPages: 0,
      orientation: "Portrait",
      paperSize: "A4",
    });
    expect(excel.requireSheet(SETTINGS_SHEET).visibility).toBe("VeryHidden");
    expect(excel.calculationSuspensions).toBe(1);
    expect(excel.screenUpdatingSuspensions).toBe(1);
  });

  test("a whole-number validation (a count) is set as Excel's wholeNumber rule, with its input message", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["x"]] }] });
    const adapter = fakeAdapter(excel);
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    const rect = { top: 2, left: 2, bottom: 5, right: 2 };
    const rule = {
      kind: "whole",
      min: 0,
      max: 366,
      message: "请输入整数次数",
      prompt: "填写次数：0或正整数",
    } as const;
    await adapter.apply({ ops: [{ kind: "validation", sheet: "S", rect, rule }] });
    const [validation] = excel.requireSheet("S").validations;
    expect(validation?.rule).toEqual({ wholeNumber: { formula1: 0, formula2: 366, operator: "Between" } });
    expect(validation?.errorAlert).toMatchObject({
      message: "请输入整数次数",
      showAlert: true,
      style: "Stop",
    });
    expect(validation?.prompt).toEqual({
      message: "填写次数：0或正整数",
      showPrompt: true,
      title: "星级评定",
    });
  });

  test("on ExcelApi 1.7 the same plan works without RangeAreas, validation, page layout and screen suspension", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["x"]] }] }, { apiVersion: 7 });
    const adapter = fakeAdapter(excel);
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    await adapter.apply({
      ops: [
        {
          kind: "values",
          sheet: "S",
          row: 2,
          col: 1,
          values: [["a"], ["b"], ["c"]],
          formats: [[{ fill: "#C00000" }], [{ fill: "#C00000" }], [{ fill: "#00B050" }]],
        },
        {
          kind: "validation",
          sheet: "S",
          rect: { top: 2, left: 2, bottom: 3, right: 2 },
          rule: { kind: "list", items: ["是", "否"], message: "是/否" },
        },
        {
          kind: "pageSetup",
          sheet: "S",
          setup: { paper: "A4", orientation: "portrait", fitToWidth: true, pageNumbers: false },
        },
      ],
    });
    expect(excel.cell("S", "A3")!.fill).toBe("#C00000");
    expect(excel.cell("S", "A4")!.fill).toBe("#00B050");
    expect(excel.requireSheet("S").validations).toEqual([]);
    expect(excel.screenUpdatingSuspensions).toBe(0);
    expect(excel.calculationSuspensions).toBe(1);
  });

  test("rebuilding an owned sheet keeps its tab position and drops its old chart", async () => {
    const excel = FakeExcel.fromDescription({
      sheets: [
        { name: "A", rows: [["x"]] },
        { name: "汇总", rows: [["old"]] },
        { name: "B", rows: [["y"]] },
      ],
    });
    excel.requireSheet("汇总").charts.push({
      name: "old",
      type: "ColumnClustered",
      seriesBy: "Columns",
      source: { top: 1, left: 1, bottom: 1, right: 1 },
      title: "",
      legendVisible: true,
    });
    const adapter = fakeAdapter(excel);
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    await adapter.apply({
      ops: [
        { kind: "ensureSheet", sheet: "汇总", visibility: "visible", clear: true },
        { kind: "values", sheet: "汇总", row: 1, col: 1, values: [["new"]] },
      ],
    });
    expect(excel.sheets.map((s) => s.name)).toEqual(["A", "汇总", "B"]);
    expect(excel.requireSheet("汇总").charts).toEqual([]);
    expect(excel.readValues("汇总")).toEqual([["new"]]);
  });

  test("a new scoring sheet (template plan) applied without a read first, then rated", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "Sheet1", rows: [] }] });
    const adapter = fakeAdapter(excel);
    const template = buildTemplatePlan(getPreset("service-org")!, {
      sample: true,
      existingSheets: ["Sheet1"],
    });
    await adapter.apply(template.plan);
    // One sync to learn which sheets exist, one to write.
    expect(excel.syncs).toHaveLength(2);
    const sheet = excel.requireSheet(template.sheet);
    expect(sheet.freeze?.rows).toBeGreaterThan(0);
    expect(sheet.validations.length).toBeGreaterThan(0);
    excel.activeSheet = template.sheet;
    const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    expect(result.ok).toBe(true);
  });

  test("selectCell activates the sheet and selects the cell in one sync", async () => {
    const excel = FakeExcel.fromDescription({
      sheets: [
        { name: "A", rows: [["x"]] },
        { name: "B", rows: [["y"]] },
      ],
    });
    await fakeAdapter(excel).selectCell("B", "C7");
    expect(excel.activeSheet).toBe("B");
    expect(excel.selection).toEqual({ sheet: "B", address: "C7" });
    expect(excel.syncs).toHaveLength(1);
  });
});

describe.each(API_LEVELS)("recompute through Office.js at ExcelApi 1.%i", (level) => {
  useApiLevel(level);

  test("a failure before writing leaves the workbook untouched: no write sync", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["随便"], ["什么"]] }] });
    const before = excel.snapshot();
    const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    expect(result.ok).toBe(false);
    expect(excel.snapshot()).toBe(before);
    expect(excel.syncs.length).toBeGreaterThan(0);
    expect(excel.syncs.map((s) => s.writeActions)).toEqual(excel.syncs.map(() => 0));
    expect(excel.writeSyncs).toBe(0);
    expect(excel.calculationSuspensions).toBe(0);
  });

  test.each([
    ["service-org", serviceOrg(20)],
    ["star-branch", starBranch(20)],
    ["model-organ", modelOrgan(20)],
  ])(
    "%s: results, summary, very hidden settings, in 2 syncs (3 below ExcelApi 1.9); a second run changes nothing",
    async (_id, fixture) => {
      const excel = FakeExcel.fromDescription(fixture);
      const adapter = fakeAdapter(excel);
      const first = await recompute(adapter, { lang: "zh", now: NOW });
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      // Read and write; below ExcelApi 1.9 (no copyFrom) the formats the result cells copy are loaded in between.
      expect(excel.syncs).toHaveLength(level >= 9 ? 2 : 3);
      const summary = excel.requireSheet(first.summarySheet);
      // 星级分布 is a text bar, the same in every adapter: no chart beside it.
      expect(summary.charts).toHaveLength(0);
      expect(excel.requireSheet(SETTINGS_SHEET).visibility).toBe("VeryHidden");
      const afterFirst = excel.snapshot();
      const second = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
      expect(second.ok).toBe(true);
      expect(excel.snapshot()).toBe(afterFirst);
    },
  );
});

describe("the tool's sheets and the user's, told apart through office.js", () => {
  test("a sheet the user made under 公示名单 after deleting the tool's is left alone; the tool's goes to 公示名单 (2)", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(5));
    const first = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    expect(first.ok).toBe(true);
    excel.sheets.splice(
      excel.sheets.findIndex((s) => s.name === "公示名单"),
      1,
    );
    const own = excel.addSheet("公示名单");
    own.cells = [[{ value: "我单位自己排版的公示（正式稿）" }], [{ value: "第一段正文……" }]];
    const before = excel.syncs.length;
    const second = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(excel.readValues("公示名单")).toEqual([["我单位自己排版的公示（正式稿）"], ["第一段正文……"]]);
    expect(String(excel.readValues("公示名单 (2)")[0]![0])).toMatch(/^关于.*公示$/);
    expect(second.warnings.join("\n")).toContain("公示名单 (2)");
    // The tops of the other sheets in one round trip between the read and the write.
    expect(excel.syncs.length - before).toBe(3);
  });

  test("a renamed copy of 评定汇总 is named as stale, as the command line names it", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(5));
    expect((await recompute(fakeAdapter(excel), { lang: "zh", now: NOW })).ok).toBe(true);
    const summary = excel.requireSheet("评定汇总");
    const copy = excel.addSheet("汇总（上报）");
    copy.cells = summary.cells.map((row) => row.map((cell) => (cell ? { value: cell.value } : cell)));
    const second = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.warnings.join("\n")).toContain("「汇总（上报）」");
  });
});

interface PathOutcome {
  ok: boolean;
  sheets: Map<string, RawCell[][]>;
  /** "Sheet!A1" → fill / bold / number format, for cells that have any. */
  styles: Map<string, string>;
}

function styleKey(
  fill: string | undefined,
  bold: boolean | undefined,
  numFmt: string | undefined,
): string | null {
  const parts = [
    fill ? `fill ${fill.toUpperCase()}` : "",
    bold ? "bold" : "",
    numFmt && numFmt !== "General" ? numFmt : "",
  ];
  return parts.some(Boolean) ? parts.join("|") : null;
}

/** The values of every sheet, as the xlsx side sees them after the same recompute. */
async function viaXlsx(fixture: WorkbookFixture): Promise<PathOutcome> {
  const workbook: ExcelJS.Workbook = toExcelJs(fixture);
  const result = await recompute(new XlsxAdapter(workbook), { lang: "zh", now: NOW });
  const styles = new Map<string, string>();
  for (const ws of workbook.worksheets)
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        // ExcelJS copies a merge's style onto its hidden cells; only the master cell counts.
        if (cell.isMerged && cell.master !== cell) return;
        const fill = cell.fill?.type === "pattern" ? cell.fill.fgColor?.argb?.replace(/^FF/, "#") : undefined;
        const key = styleKey(fill, cell.font?.bold, cell.numFmt);
        if (key) styles.set(`${ws.name}!${cell.address}`, key);
      }),
    );
  return {
    ok: result.ok,
    sheets: new Map(workbook.worksheets.map((ws) => [ws.name, normalise(readSheetModel(ws).values)])),
    styles,
  };
}

async function viaOffice(fixture: WorkbookFixture): Promise<PathOutcome> {
  const excel = FakeExcel.fromDescription(fixture);
  const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
  const styles = new Map<string, string>();
  for (const sheet of excel.sheets)
    sheet.cells.forEach((row, r) =>
      row?.forEach((cell, c) => {
        // As on the .xlsx side: a merged area's style is its master cell's.
        const inside = sheet.merges.some(
          (m) => m.top <= r + 1 && r + 1 <= m.bottom && m.left <= c + 1 && c + 1 <= m.right,
        );
        const master = sheet.merges.some((m) => m.top === r + 1 && m.left === c + 1);
        if (inside && !master) return;
        const key = cell && styleKey(cell.fill, cell.bold, cell.numberFormat);
        if (key) styles.set(`${sheet.name}!${columnName(c + 1)}${r + 1}`, key);
      }),
    );
  return {
    ok: result.ok,
    sheets: new Map(excel.sheets.map((s) => [s.name, normalise(excel.readValues(s.name))])),
    styles,
  };
}

describe("parity with the .xlsx path", () => {
  const fixtures = allFixtures();
  test.each(Object.keys(fixtures))(
    "%s: same outcome, result cells, summary, settings and cell styles",
    async (key) => {
      const fixture = fixtures[key];
      const xlsx = await viaXlsx(fixture);
      const office = await viaOffice(fixture);
      expect(office.ok).toBe(xlsx.ok);
      expect([...office.sheets.keys()].sort()).toEqual([...xlsx.sheets.keys()].sort());
      for (const [name, values] of xlsx.sheets)
        expect({ name, values: office.sheets.get(name) }).toEqual({ name, values });
      expect(Object.fromEntries([...office.styles].sort())).toEqual(
        Object.fromEntries([...xlsx.styles].sort()),
      );
    },
  );
});

describe.each(API_LEVELS)("sync budget and payload at ExcelApi 1.%i", (level) => {
  useApiLevel(level);
  test("100 rows in 2 syncs (3 at 1.7); 10,000 rows in requests packed to the budget, every one under 5 MB as office.js sends it", async () => {
    for (const rows of [100, 10_000]) {
      const excel = FakeExcel.fromDescription(serviceOrg(rows));
      const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
      expect(result.ok).toBe(true);
      const p = payloads(excel);
      expect(p.maxRequest).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
      expect(excel.syncs.every((s) => !s.error)).toBe(true);
      // Read and write; below ExcelApi 1.9 (no copyFrom) one sync in between loads the formats
      // the result cells copy.
      if (rows === 100) expect(p.syncs).toBe(level === 7 ? 3 : 2);
      // At 10,000 rows the write (~8 MB at 1.17, more at 1.7 without RangeAreas: one range per run
      // of fills) takes several requests: each but the last filled to at least half the budget.
      const writes = excel.syncs.filter((s) => s.writeActions > 0);
      for (const w of writes.slice(0, -1)) expect(w.requestBytes).toBeGreaterThan(DEFAULT_REQUEST_BUDGET / 2);
      // Number formats that change row by row (评定星级's stars) go in one range per column and
      // block: office.js keeps every range it creates and releases each at the end of Excel.run
      // (one _RemoveReference each, in a loop quadratic in their number), so not a range per row.
      // At 1.7 (no RangeAreas) fills still take a range per run of rows: ~7,100 (12,900 before).
      const released = excel.cleanupRequests.reduce((n, c) => n + c.actions, 0);
      if (rows === 10_000) expect(released).toBeLessThan(level >= 9 ? 1_000 : 8_000);
    }
  });

  test("50,000 rows: no request passes 5 MB and every row gets its result", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(50_000));
    const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    expect(result.ok).toBe(true);
    const p = payloads(excel);
    expect(p.maxRequest).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
    expect(excel.syncs.filter((s) => s.error === "RequestPayloadSizeLimitExceeded")).toEqual([]);
    const values = excel.readValues("评分表");
    expect(values).toHaveLength(50_002);
    expect(typeof values[50_001][12]).toBe("string"); // 评定星级 of the last branch
  }, 120_000);
});

describe("a group merged down over its branches, read through office.js", () => {
  /** Rows 3–8 hold branches 1–6; 1, 2, 4 and 5 are 机关党委: merged 1–2 and 4–5, their text once. */
  async function rateMerged(level: number) {
    const fixture = serviceOrg(6);
    const rows = fixture.sheets[0]!.rows;
    rows[3]![2] = null;
    rows[6]![2] = null;
    fixture.sheets[0]!.merges!.push(
      { top: 3, left: 3, bottom: 4, right: 3 },
      { top: 6, left: 3, bottom: 7, right: 3 },
    );
    const excel = FakeExcel.fromDescription(fixture, { apiVersion: level });
    const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
    if (!result.ok) throw new Error(result.error.message);
    return { groups: result.evaluation.rows.map((r) => r.group), warnings: result.warnings };
  }

  test("ExcelApi 1.13 and later: every branch under the merge keeps its group", async () => {
    const { groups, warnings } = await rateMerged(17);
    expect(groups).toEqual(["机关党委", "机关党委", "机关二党委", "机关党委", "机关党委", "机关二党委"]);
    expect(warnings.join("\n")).not.toContain("合并单元格");
  });

  // Below ExcelApi 1.13 Excel has no call that returns merged areas (docs/office-host.md).
  test("ExcelApi 1.7: the blank groups are said, with what to do", async () => {
    const { groups, warnings } = await rateMerged(7);
    expect(groups).toEqual(["机关党委", null, "机关二党委", "机关党委", null, "机关二党委"]);
    expect(warnings).toContain(
      "「所属党委」列（C 列）有 2 个支部是空白（如第4行），在分组统计中记为（未填）。如果这些是合并单元格：此版本的 Excel 无法告诉本工具哪些单元格已合并，请取消合并并在每行填写，或用 Microsoft 365 版 Excel、命令行或网页评定。",
    );
  });
});

describe.each(API_LEVELS)("a helper column of formulas showing nothing, at ExcelApi 1.%i", (level) => {
  /** K3:K8, right of the table (A–J): =IF(D3>20,"超分","") for every branch, each showing "". */
  function withHelperColumn() {
    const fixture = serviceOrg(6);
    const rows = fixture.sheets[0]!.rows;
    for (let r = 3; r <= 8; r++) rows[r - 1]!.push({ formula: `IF(D${r}>20,"超分","")`, result: "" });
    return FakeExcel.fromDescription(fixture, { apiVersion: level });
  }

  test(
    level >= 9
      ? "the results go past it and every formula stays"
      : "below ExcelApi 1.9 Excel cannot say where formulas are: the results take the column (docs/office-host.md)",
    async () => {
      const excel = withHelperColumn();
      const result = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
      if (!result.ok) throw new Error(result.error.message);
      const kept = [3, 4, 5, 6, 7, 8].map((r) => excel.cell("评分表", `K${r}`)?.formula);
      if (level >= 9) {
        expect(kept).toEqual([3, 4, 5, 6, 7, 8].map((r) => `=IF(D${r}>20,"超分","")`));
        expect(excel.cell("评分表", "K2")).toBeUndefined();
        expect(excel.cell("评分表", "L2")?.value).toBe("评定总分");
      } else {
        expect(kept).toEqual(Array(6).fill(undefined));
        expect(excel.cell("评分表", "K2")?.value).toBe("评定总分");
      }
    },
  );
});
