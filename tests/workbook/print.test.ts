import { evaluateTable } from "../../src/engine";
import {
  buildWritePlan,
  detectLayout,
  NOT_RATED_FILL,
  recompute,
  starText,
  TIER_FILLS,
  toInputTable,
  type PlanOp,
  type SheetModel,
} from "../../src/workbook";
import { luma } from "../../src/workbook/tier-style";
import { realStyleSheet, SIX_BRANCHES } from "../fixtures/real-style";
import { LANDSCAPE_UNITS, MIN_PRINT_SCALE, pagesWide } from "../../src/workbook/page";
import { render } from "../../src/messages";
import { NOW, preset, sheetOf, smallServiceSheet } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

const service = preset("service-org");

function planOf(sheet: SheetModel) {
  const l = detectLayout(sheet, service);
  if (!l.ok) throw new Error(l.error.message);
  const evaluation = evaluateTable(service, toInputTable(sheet, l.layout));
  const sheets = [{ name: sheet.name, visibility: "visible" as const }];
  return buildWritePlan({ sheet, sheets, rubric: service, layout: l.layout, evaluation, now: NOW });
}

function pageSetupOf(ops: PlanOp[], sheet: string) {
  const op = ops.find((o) => o.kind === "pageSetup" && o.sheet === sheet);
  return op?.kind === "pageSetup" ? op.setup : undefined;
}

/** WCAG contrast ratio of two "#RRGGBB" colours. */
function contrast(a: string, b: string): number {
  const rel = (hex: string) => {
    const v = Number.parseInt(hex.slice(1), 16);
    const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    const [r, g, bl] = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => lin(c / 255));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [rel(a), rel(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

describe("tier fills", () => {
  const fills = [...Object.values(TIER_FILLS), NOT_RATED_FILL];

  it("are seven distinct colours at least 24 of 255 apart in greyscale", () => {
    const greys = fills.map(luma).sort((a, b) => a - b);
    expect(new Set(fills).size).toBe(7);
    for (let i = 1; i < greys.length; i++) expect(greys[i]! - greys[i - 1]!).toBeGreaterThanOrEqual(24);
  });

  it("darken with the tier, so a grey print still ranks them", () => {
    const byStars = [5, 4, 3, 2, 1, 0].map((s) => luma(TIER_FILLS[s]!));
    expect([...byStars].sort((a, b) => a - b)).toEqual(byStars);
  });

  it("keep the tier label readable (contrast 4.5 or more with the text colour used)", () => {
    const plan = planOf(smallServiceSheet());
    const formats = plan.ops.flatMap((o) => (o.kind === "values" && o.formats ? o.formats.flat() : []));
    const tierFormats = formats.filter((f) => f?.fill !== undefined);
    expect(tierFormats.length).toBeGreaterThan(0);
    for (const f of tierFormats) expect(contrast(f!.fill!, f!.fontColor ?? "#000000")).toBeGreaterThan(4.5);
  });

  it("shows stars after the tier label by the cell's number format; the values stay the label and a number", () => {
    expect(starText(4)).toBe("★★★★☆");
    expect(starText(0)).toBe("☆☆☆☆☆");
    const plan = planOf(smallServiceSheet());
    const data = plan.ops.find((o) => o.kind === "values" && o.sheet === "评分表" && o.row === 3);
    if (data?.kind !== "values") throw new Error("no data block");
    expect(data.values[0]![1]).toBe(5);
    expect(data.formats![0]![1]).toMatchObject({ numFmt: "0" });
    expect(data.values[0]![2]).toBe("五星级");
    expect(data.formats![0]![2]).toMatchObject({ numFmt: '@" ★★★★★"', fill: TIER_FILLS[5] });
    // Not rated: no stars, the pale red fill.
    expect(data.formats![4]![2]).toEqual({
      fill: NOT_RATED_FILL,
      fontColor: "#9C0006",
      bold: true,
      horizontal: "center",
    });
  });
});

describe("the scored sheet prints", () => {
  it("A4 landscape, one page wide, header row and name column repeated, page numbers", () => {
    const plan = planOf(smallServiceSheet());
    expect(pageSetupOf(plan.ops, "评分表")).toEqual({
      paper: "A4",
      orientation: "landscape",
      fitToWidth: true,
      titleRows: { first: 2, last: 2 },
      titleColumns: { first: 1, last: 2 },
      pageNumbers: true,
    });
  });

  it("prints a table too wide for one legible page on two pages wide, the name column on each", () => {
    const rows = smallServiceSheet().values.map((r, i) =>
      i === 0
        ? r
        : [...r, i === 1 ? "备注" : "本年度群众评议表已于十一月底收齐，综合评分经支部委员会审议通过"],
    );
    const setup = pageSetupOf(planOf(sheetOf("评分表", rows)).ops, "评分表");
    expect(setup).toMatchObject({ fitToWidth: true, pagesWide: 2, titleColumns: { first: 1, last: 2 } });
  });

  it("chooses the fewest pages wide at which each page prints at 65% or more, the title columns counted on each", () => {
    const perPage = LANDSCAPE_UNITS / MIN_PRINT_SCALE; // 200 width units
    expect(perPage).toBe(200);
    expect(pagesWide([6, 24, ...Array(17).fill(10)], 2)).toBe(1); // 200
    expect(pagesWide([6, 24, ...Array(18).fill(10)], 2)).toBe(2); // 210
    expect(pagesWide([6, 24, ...Array(34).fill(10)], 2)).toBe(2); // 370, and the titles again: 400
    expect(pagesWide([6, 24, ...Array(35).fill(10)], 2)).toBe(3);
    expect(pagesWide([150, 150, ...Array(90).fill(10)], 2)).toBe(4); // at most 4: the titles alone fill a page
  });

  it("bottom-aligns the wrapped result cells, as Excel aligns the user's cells by default", () => {
    const plan = planOf(smallServiceSheet());
    const results = plan.ops.flatMap((o) =>
      o.kind === "values" && o.sheet === "评分表" && o.row > 2 && o.formats ? o.formats.flat() : [],
    );
    const wrapped = results.filter((f) => f?.wrap === true);
    expect(wrapped.length).toBe(15); // 评先资格, 评定标记, 评定说明 of five rows
    expect(wrapped.every((f) => f?.vertical === "bottom")).toBe(true);
    expect(results.filter((f) => f?.vertical === "top")).toEqual([]);
  });

  it("numbers the pages of every sheet in the run's language", async () => {
    const setups = async (lang: "zh" | "en") => {
      const wb = new MemoryWorkbook([smallServiceSheet()]);
      await recompute(wb, { now: NOW, lang });
      return wb.applied.flatMap((p) => p.ops).filter((o) => o.kind === "pageSetup");
    };
    const en = await setups("en");
    expect(en.map((o) => o.sheet)).toEqual(["评分表", "评定汇总", "评定核查", "公示名单"]);
    expect(en.every((o) => o.kind === "pageSetup" && o.setup.pageNumbersIn === "en")).toBe(true);
    expect(
      (await setups("zh")).some((o) => o.kind === "pageSetup" && o.setup.pageNumbersIn !== undefined),
    ).toBe(false);
  });

  it("keeps the user's own page setup, and on the first run says where the results are, for its print area", async () => {
    const plan = planOf({ ...smallServiceSheet(), pageSetupCustomised: true });
    expect(pageSetupOf(plan.ops, "评分表")).toBeUndefined();
    expect(plan.notices.map((n) => render(n, "zh"))).toContain(
      "工作表「评分表」有自己的页面设置（如打印区域、缩放），本工具未改动；评定结果写在 K–P 列，打印前请在「页面布局」中确认这些列在打印区域内。",
    );
    expect(planOf(smallServiceSheet()).notices.map((n) => n.code)).not.toContain("OWN_PAGE_SETUP_KEPT");
    // Once the result columns are there, later runs say nothing.
    const wb = new MemoryWorkbook([{ ...smallServiceSheet(), pageSetupCustomised: true }]);
    const first = await recompute(wb, { now: NOW });
    expect(first.ok && first.notices.map((n) => n.code)).toContain("OWN_PAGE_SETUP_KEPT");
    const again = await recompute(wb, { now: NOW });
    expect(again.ok && again.notices.map((n) => n.code)).not.toContain("OWN_PAGE_SETUP_KEPT");
  });

  it("repeats both rows of a two-row merged header, and result cells take the header and data look", () => {
    const sheet = realStyleSheet({ sheet: "评分表", branches: SIX_BRANCHES.slice(0, 2) });
    const plan = planOf(sheet);
    const setup = pageSetupOf(plan.ops, "评分表");
    expect(setup?.titleRows).toEqual({ first: 3, last: 4 });
    expect(setup?.titleColumns).toEqual({ first: 1, last: 2 });
    const copies = plan.ops.filter((o) => o.kind === "copyFormat");
    expect(copies).toEqual([
      {
        kind: "copyFormat",
        sheet: "评分表",
        from: { row: 4, col: 2 },
        to: { top: 3, left: 12, bottom: 4, right: 17 },
      },
      {
        kind: "copyFormat",
        sheet: "评分表",
        from: { row: 5, col: 2 },
        to: { top: 5, left: 12, bottom: 6, right: 17 },
      },
    ]);
  });

  it("wraps 评定标记 and 评定说明 and raises only the rows whose text needs more lines", () => {
    const rows = smallServiceSheet().values;
    rows[3] = [2, "第二党支部", "机关党委", null, null, null, null, 18, 0.9, "否"];
    const plan = planOf(sheetOf("评分表", rows));
    const widths = plan.ops.find((o) => o.kind === "columnWidths" && o.sheet === "评分表");
    expect(widths?.kind === "columnWidths" && widths.widths).toEqual([10, 6, 18, 26, 30, 40]);
    const heights = plan.ops.find((o) => o.kind === "rowHeights");
    if (heights?.kind !== "rowHeights") throw new Error("no row heights");
    expect(heights.row).toBe(3);
    expect(heights.heights[1]).toBeGreaterThanOrEqual(30);
    expect(heights.heights[0]).toBeNull();
  });
});
