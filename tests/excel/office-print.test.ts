/**
 * Print-ready output through Microsoft's office.js (the emulated host, docs/office-host.md), at the
 * add-in's minimum ExcelApi 1.7 and the newest: result columns take the look of the user's table
 * (copyFormat), borders and fonts from a plan's formats, row heights, and every sheet's page setup.
 */
import { SETTINGS_SHEET } from "../../src/workbook";
import type { CellRect, PageSetup, PlanOp, WritePlan } from "../../src/workbook/model";
import { PAGE_NUMBER_FOOTER } from "../../src/excel/office-adapter";
import {
  DEFAULT_FONT,
  FakeExcel,
  PAYLOAD_LIMIT_BYTES,
  type DescribedWorkbook,
  type FakeCell,
} from "../support/fake-excel";
import { officeHost } from "../support/office-host/host";
import { payloads } from "../support/office-run";

const API_LEVELS = [7, 17];

/** A cell's look as Excel reports it (defaults filled in), for comparing a copy with its source. */
function looks(cell: FakeCell | undefined): Record<string, unknown> {
  const line = (edge: "top" | "bottom" | "left" | "right"): string => {
    const l = cell?.borders?.[edge];
    return l ? `${l.style}/${l.weight}/${l.color}` : "None";
  };
  return {
    numberFormat: cell?.numberFormat ?? "General",
    fill: cell?.fill ?? null,
    fontName: cell?.fontName ?? DEFAULT_FONT.name,
    fontSize: cell?.fontSize ?? DEFAULT_FONT.size,
    fontColor: cell?.fontColor ?? DEFAULT_FONT.color,
    bold: cell?.bold ?? false,
    italic: cell?.italic ?? false,
    horizontal: cell?.horizontal ?? "General",
    vertical: cell?.vertical ?? "Bottom",
    wrap: cell?.wrap ?? false,
    borders: [line("top"), line("bottom"), line("left"), line("right")],
  };
}

/** A user's table: title row, a styled header row (row 2), bordered data rows in 仿宋. */
function userTable(rows: number): DescribedWorkbook {
  const data = Array.from({ length: rows }, (_, i) => [`第${i + 1}支部`, 80 + (i % 20)]);
  return {
    sheets: [
      {
        name: "评分表",
        rows: [["2026年度星级评定"], ["支部名称", "得分"], ...data],
        styles: {
          "A2:B2": {
            fill: "#DDEBF7",
            bold: true,
            fontName: "黑体",
            fontSize: 12,
            horizontal: "Center",
            vertical: "Center",
            wrap: true,
            border: true,
          },
          [`A3:B${rows + 2}`]: { fontName: "仿宋", fontSize: 11, border: true, numFmt: "0.0" },
        },
      },
    ],
  };
}

/** What the scored-sheet builder emits for two result columns C:D (SPEC §5). */
function resultColumnsPlan(rows: number, setup?: PageSetup): WritePlan {
  const last = rows + 2;
  const ops: PlanOp[] = [
    { kind: "copyFormat", sheet: "评分表", from: { row: 2, col: 2 }, to: rect(2, 3, 2, 4) },
    { kind: "copyFormat", sheet: "评分表", from: { row: 3, col: 2 }, to: rect(3, 3, last, 4) },
    {
      kind: "values",
      sheet: "评分表",
      row: 2,
      col: 3,
      values: [
        ["评定总分", "评定星级"],
        ...Array.from({ length: rows }, (_, i) => [80 + (i % 20), "四星级"]),
      ],
      formats: [
        [],
        ...Array.from({ length: rows }, () => [{ numFmt: "0.00" }, { fill: "#F4B183", wrap: true }]),
      ],
    },
    { kind: "rowHeights", sheet: "评分表", row: 2, heights: [36] },
  ];
  if (setup) ops.push({ kind: "pageSetup", sheet: "评分表", setup });
  return { ops };
}

function rect(top: number, left: number, bottom: number, right: number): CellRect {
  return { top, left, bottom, right };
}

const SCORED_SETUP: PageSetup = {
  paper: "A4",
  orientation: "landscape",
  fitToWidth: true,
  pagesWide: 2,
  titleRows: { first: 1, last: 2 },
  titleColumns: { first: 1, last: 1 },
  pageNumbers: true,
};

describe.each(API_LEVELS)("print-ready output at ExcelApi 1.%i", (level) => {
  test("result headers take the header cell's format, result cells the data cell's; plan formats apply on top", async () => {
    const excel = FakeExcel.fromDescription(userTable(30), { apiVersion: level });
    const adapter = officeHost(excel).adapter({ shownNotices: new Set() });
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    await adapter.apply(resultColumnsPlan(30));
    const header = looks(excel.cell("评分表", "B2"));
    expect(header).toMatchObject({ fill: "#DDEBF7", fontName: "黑体", bold: true, wrap: true });
    expect(looks(excel.cell("评分表", "C2"))).toEqual(header);
    expect(looks(excel.cell("评分表", "D2"))).toEqual(header);
    const data = looks(excel.cell("评分表", "B17"));
    expect(data).toMatchObject({ fontName: "仿宋", numberFormat: "0.0" });
    // 评定总分: the data cell's look with the plan's number format on top.
    expect(looks(excel.cell("评分表", "C17"))).toEqual({ ...data, numberFormat: "0.00" });
    // 评定星级: the tier fill and wrap on top of the data cell's font and borders.
    expect(looks(excel.cell("评分表", "D32"))).toEqual({ ...data, fill: "#F4B183", wrap: true });
    expect(excel.requireSheet("评分表").rowHeights.get(2)).toBe(36);
    expect(excel.syncs.every((s) => !s.error)).toBe(true);
    // ExcelApi 1.9 copies in the write; below it the source formats are loaded first (one more sync).
    expect(payloads(excel).syncs).toBe(level >= 9 ? 2 : 3);
  });

  test("every sheet written has its page setup (or, below ExcelApi 1.9, one notice for all of them)", async () => {
    const excel = FakeExcel.fromDescription(userTable(5), { apiVersion: level });
    const shownNotices = new Set<string>();
    const adapter = officeHost(excel).adapter({ shownNotices });
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    const owned = ["评定汇总", "评定核查", "公示名单"];
    const plan = resultColumnsPlan(5, SCORED_SETUP);
    for (const sheet of owned) {
      plan.ops.push(
        { kind: "ensureSheet", sheet, visibility: "visible", clear: true },
        { kind: "values", sheet, row: 1, col: 1, values: [[sheet]] },
        {
          kind: "pageSetup",
          sheet,
          setup: {
            paper: "A4",
            orientation: "portrait",
            fitToWidth: true,
            titleRows: { first: 1, last: 1 },
            pageNumbers: true,
            centerHorizontally: true,
          },
        },
      );
    }
    const first = await adapter.apply(plan);
    if (level >= 9) {
      expect(excel.requireSheet("评分表").pageLayout).toEqual({
        paperSize: "A4",
        orientation: "Landscape",
        horizontalFitToPages: 2,
        verticalFitToPages: 0,
        printTitleRows: "$1:$2",
        printTitleColumns: "$A:$A",
        centerFooter: PAGE_NUMBER_FOOTER,
      });
      for (const sheet of owned)
        expect(excel.requireSheet(sheet).pageLayout).toEqual({
          paperSize: "A4",
          orientation: "Portrait",
          horizontalFitToPages: 1,
          verticalFitToPages: 0,
          printTitleRows: "$1:$1",
          centerFooter: "第 &P 页，共 &N 页",
          centerHorizontally: true,
        });
      expect(first).toEqual({ notices: [] });
    } else {
      for (const sheet of ["评分表", ...owned]) expect(excel.requireSheet(sheet).pageLayout).toEqual({});
      expect(first?.notices.map((n) => n.code)).toEqual(["PAGE_SETUP_NOT_SUPPORTED"]);
      // Said once: the next run in the same session does not repeat it.
      await adapter.read({ settingsSheet: SETTINGS_SHEET });
      expect(await adapter.apply(plan)).toEqual({ notices: [] });
    }
    // Nothing above the host's level was used without detection (ApiNotFound would fail a sync).
    expect(excel.syncs.filter((s) => s.error)).toEqual([]);
  });

  test("the read says whether the sheet has a page setup of the user's (undefined below ExcelApi 1.9), in the same sync", async () => {
    const cases: Array<[string, object | undefined, boolean]> = [
      ["no setup", undefined, false],
      ["A4 portrait", { paperSize: "A4", orientation: "Portrait" }, false],
      ["landscape", { orientation: "Landscape" }, true],
      ["A3", { paperSize: "A3" }, true],
      ["fit to pages tall", { horizontalFitToPages: 1, verticalFitToPages: 2 }, true],
      ["one page wide alone (the old template's)", { horizontalFitToPages: 1, verticalFitToPages: 0 }, false],
      [
        "the setup this tool writes",
        {
          paperSize: "A4",
          orientation: "Landscape",
          horizontalFitToPages: 1,
          verticalFitToPages: 0,
          printTitleRows: "$1:$2",
          centerFooter: "第 &P 页，共 &N 页",
        },
        false,
      ],
      [
        "the setup this tool writes for a wide table (two pages wide)",
        {
          paperSize: "A4",
          orientation: "Landscape",
          horizontalFitToPages: 2,
          verticalFitToPages: 0,
          printTitleColumns: "$A:$B",
          centerFooter: "第 &P 页，共 &N 页",
        },
        false,
      ],
      [
        "the setup this tool writes on an English run",
        {
          paperSize: "A4",
          orientation: "Landscape",
          horizontalFitToPages: 1,
          verticalFitToPages: 0,
          printTitleRows: "$1:$2",
          centerFooter: "Page &P of &N",
        },
        false,
      ],
      ["scaled", { scale: 80 }, true],
      ["print titles", { printTitleRows: "$1:$2" }, true],
    ];
    for (const [name, pageLayout, customised] of cases) {
      const described = userTable(3);
      if (pageLayout) described.sheets[0].pageLayout = pageLayout;
      const excel = FakeExcel.fromDescription(described, { apiVersion: level });
      const snapshot = await officeHost(excel).adapter().read({ settingsSheet: SETTINGS_SHEET });
      expect({ name, customised: snapshot.sheet.pageSetupCustomised }).toEqual({
        name,
        customised: level >= 9 ? customised : undefined,
      });
      expect(excel.syncs).toHaveLength(1);
    }
  });

  test("borders, fonts and vertical alignment from a plan's formats: a bordered table is one range", async () => {
    const excel = FakeExcel.fromDescription(
      { sheets: [{ name: "S", rows: [["x"]] }] },
      { apiVersion: level },
    );
    const adapter = officeHost(excel).adapter({ shownNotices: new Set() });
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    const cell = { border: true, fontName: "宋体", fontSize: 10, vertical: "center" as const };
    const before = excel.syncs.length;
    await adapter.apply({
      ops: [
        { kind: "ensureSheet", sheet: "汇总", visibility: "visible", clear: true },
        {
          kind: "values",
          sheet: "汇总",
          row: 2,
          col: 1,
          values: [
            ["名次", "支部", "总分"],
            [1, "甲", 95],
            [2, "乙", 90],
          ],
          formats: [
            [
              { ...cell, bold: true, italic: false },
              { ...cell, bold: true },
              { ...cell, bold: true },
            ],
            [cell, cell, cell],
            [cell, cell, { ...cell, italic: true }],
          ],
        },
      ],
    });
    const thin = "Continuous/Thin/#000000";
    for (const address of ["A2", "B3", "C4"])
      expect(looks(excel.cell("汇总", address))).toMatchObject({
        fontName: "宋体",
        fontSize: 10,
        vertical: "Center",
        borders: [thin, thin, thin, thin],
      });
    expect(excel.cell("汇总", "A2")!.bold).toBe(true);
    expect(excel.cell("汇总", "C4")!.italic).toBe(true);
    expect(excel.cell("汇总", "A5")).toBeUndefined();
    expect(excel.syncs.length - before).toBe(1);
  });

  test("row heights: one range per run of equal heights; null leaves a row as it is", async () => {
    const excel = FakeExcel.fromDescription(
      { sheets: [{ name: "S", rows: [["x"]] }] },
      { apiVersion: level },
    );
    excel.requireSheet("S").rowHeights.set(4, 50);
    const adapter = officeHost(excel).adapter();
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    await adapter.apply({
      ops: [{ kind: "rowHeights", sheet: "S", row: 1, heights: [30, 20, 20, null, 18] }],
    });
    expect([...excel.requireSheet("S").rowHeights].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 30],
      [2, 20],
      [3, 20],
      [4, 50],
      [5, 18],
    ]);
  });

  test("50,000 rows with copied formats, bordered cells, row heights and page setup: every request under 5 MB", async () => {
    const rows = 50_000;
    const excel = FakeExcel.fromDescription(userTable(rows), { apiVersion: level });
    const adapter = officeHost(excel).adapter({ shownNotices: new Set() });
    await adapter.read({ settingsSheet: SETTINGS_SHEET });
    const plan = resultColumnsPlan(rows, SCORED_SETUP);
    plan.ops.push({
      kind: "values",
      sheet: "评分表",
      row: 3,
      col: 5,
      values: Array.from({ length: rows }, (_, i) => [i % 3 === 0 ? "F5 缺少分数" : ""]),
      formats: Array.from({ length: rows }, (_, i) => [
        { border: true, wrap: true, ...(i % 7 === 0 ? { fill: "#FCE4D6" } : {}) },
      ]),
    });
    plan.ops.push({ kind: "rowHeights", sheet: "评分表", row: 3, heights: new Array<number>(rows).fill(28) });
    const from = excel.syncs.length;
    await adapter.apply(plan);
    const p = payloads(excel, from);
    expect(p.maxRequest).toBeLessThanOrEqual(PAYLOAD_LIMIT_BYTES);
    expect(excel.syncs.filter((s) => s.error)).toEqual([]);
    expect(looks(excel.cell("评分表", `D${rows + 2}`))).toMatchObject({ fontName: "仿宋", fill: "#F4B183" });
    expect(excel.cell("评分表", `E${rows + 2}`)!.borders?.bottom?.style).toBe("Continuous");
    expect(excel.requireSheet("评分表").rowHeights.get(rows + 2)).toBe(28);
  }, 120_000);
});
