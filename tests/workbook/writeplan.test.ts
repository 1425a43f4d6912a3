import { evaluateTable } from "../../src/engine";
import type { RawCell } from "../../src/engine/types";
import {
  buildWritePlan,
  chooseSummarySheet,
  detectLayout,
  recompute,
  NOT_RATED_FILL,
  SUMMARY_LIST_LIMIT,
  TIER_FILLS,
  toInputTable,
  type PlanOp,
  type RecomputeResult,
  type SheetModel,
} from "../../src/workbook";
import { NOW, preset, SERVICE_HEADER, sheetOf, smallServiceSheet } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

const service = preset("service-org");

function planOf(sheet: SheetModel, sheets = [{ name: sheet.name, visibility: "visible" as const }]) {
  const l = detectLayout(sheet, service);
  if (!l.ok) throw new Error(l.error.message);
  const evaluation = evaluateTable(service, toInputTable(sheet, l.layout));
  return buildWritePlan({ sheet, sheets, rubric: service, layout: l.layout, evaluation, now: NOW });
}

async function run(
  wb: MemoryWorkbook,
  opts: Parameters<typeof recompute>[1] = {},
): Promise<RecomputeResult & { ok: true }> {
  const r = await recompute(wb, { now: NOW, ...opts });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

function row(wb: MemoryWorkbook, sheet: string, r: number): RawCell[] {
  return (wb.sheet(sheet)!.model.values[r - 1] ?? []).slice();
}

/** The result columns' headers service-org writes, left to right. */
const SERVICE_RESULT_HEADERS = ["评定总分", "星数", "评定星级", "评先资格", "评定标记", "评定说明"];

describe("result columns", () => {
  it("go right of the table with the rubric's headers, formats and one value per branch", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r = await run(wb);
    expect(row(wb, "评分表", 2).slice(10)).toEqual(SERVICE_RESULT_HEADERS);
    expect(row(wb, "评分表", 3).slice(10, 14)).toEqual([96, 5, "五星级", "可推荐市级以上先进"]);
    expect(row(wb, "评分表", 7).slice(10, 15)).toEqual([null, null, "未评定", null, "E7 缺少服务队伍分数"]);
    expect(wb.format("评分表", 3, 11)).toMatchObject({ numFmt: "0.00" });
    expect(wb.format("评分表", 3, 13)).toMatchObject({ fill: TIER_FILLS[5] });
    expect(wb.format("评分表", 3, 13)).toMatchObject({ numFmt: '@" ★★★★★"' });
    expect(wb.format("评分表", 7, 13)).toMatchObject({ fill: NOT_RATED_FILL });
    expect(r.layout.resultColumns).toEqual({});
  });

  it("are reused where their headers are, even after the user moved them, and never duplicated", async () => {
    // Written by an earlier run whose settings are gone: 评定说明 tells its rows.
    const sheet = sheetOf("s", [
      ["评定星级", ...SERVICE_HEADER, "评定总分", "评定说明"],
      ["四星级", 1, "第一党支部", "机关党委", 19, 19, 19, 19, 20, 0.98, "否", 91, "总分91.00 → 四星级"],
    ]);
    const wb = new MemoryWorkbook([sheet]);
    await run(wb);
    const header = row(wb, "s", 1);
    expect(header.filter((h) => h === "评定星级")).toHaveLength(1);
    expect(header.filter((h) => h === "评定总分")).toHaveLength(1);
    expect(wb.get("s", 2, 1)).toBe("五星级");
    expect(wb.get("s", 2, 12)).toBe(96);
    expect(wb.get("s", 2, 13)).toBe("总分96.00 → 五星级");
    // The missing ones go after the right-most found one.
    expect(header.slice(13)).toEqual(["星数", "评先资格", "评定标记"]);
    await run(wb);
    expect(wb.applied[1]).toEqual(wb.applied[0]);
  });

  it("follow the table when the user inserts a column, without duplicating anything", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb);
    // Insert a column at C (所属党委 moves to D, results move one to the right).
    const m = wb.sheet("评分表")!.model;
    m.values = m.values.map((line, i) => {
      const copy = line.slice();
      while (copy.length < 2) copy.push(null);
      copy.splice(2, 0, i === 1 ? "联系电话" : i >= 2 ? "1380000000" + String(i) : null);
      return copy;
    });
    const r = await run(wb);
    expect(r.layout.fields.group?.column).toBe("D");
    expect(r.layout.fields.system?.column).toBe("E");
    expect(r.layout.resultColumns.total?.column).toBe("L");
    const header = row(wb, "评分表", 2);
    expect(header.filter((h) => h === "评定总分")).toHaveLength(1);
    expect(header.slice(11)).toEqual(["评定总分", "星数", "评定星级", "评先资格", "评定标记", "评定说明"]);
    expect(wb.get("评分表", 3, 3)).toBe("13800000002");
    expect(wb.get("评分表", 3, 12)).toBe(96);
  });

  it("never overwrite user data right of the table: they go further right", async () => {
    const sheet = smallServiceSheet();
    sheet.values[1]![11] = "联系人"; // L2, a user's column with a gap at K
    sheet.values[4]![10] = "手写备注"; // K5: K is occupied too
    const wb = new MemoryWorkbook([sheet]);
    const before = wb.snapshotValues()["评分表"]!;
    const r = await run(wb);
    const plan = r.plan.ops.filter((op): op is Extract<PlanOp, { sheet: string }> => op.sheet === "评分表");
    for (const op of plan) {
      if (op.kind === "values") expect(op.col).toBeGreaterThanOrEqual(13);
      if (op.kind === "clear") expect(op.rect.left).toBeGreaterThanOrEqual(13);
    }
    expect(wb.get("评分表", 2, 13)).toBe("评定总分");
    const after = wb.snapshotValues()["评分表"]!;
    before.forEach((line, i) => line.forEach((v, j) => expect(after[i]![j]).toEqual(v)));
  });

  it("stay side by side past a note a few columns right of the table, instead of around it", async () => {
    const sheet = smallServiceSheet();
    sheet.values[3]![12] = "见附件"; // M4, a note two columns right of the table (J)
    const wb = new MemoryWorkbook([sheet]);
    const r = await run(wb);
    expect(r.plan.ops.filter((op) => op.kind === "values" && op.sheet === "评分表")[0]).toMatchObject({
      col: 14,
      row: 2,
    });
    expect(row(wb, "评分表", 2).slice(13, 19)).toEqual(SERVICE_RESULT_HEADERS);
    expect(wb.get("评分表", 4, 13)).toBe("见附件");
  });

  it("go right of the table's columns when something stands in the header row at XFD, instead of refusing", async () => {
    const sheet = smallServiceSheet();
    sheet.values[1]![16383] = "备注（远处）"; // XFD2, in the header row
    const wb = new MemoryWorkbook([sheet]);
    await run(wb);
    expect(row(wb, "评分表", 2).slice(10, 16)).toEqual(SERVICE_RESULT_HEADERS);
    expect(wb.get("评分表", 2, 16384)).toBe("备注（远处）");
  });

  it("go past a column whose formulas show nothing (a user's helper column reads blank but is not free)", () => {
    const sheet = smallServiceSheet();
    // K4:K7 hold =IF(…,"超分","") showing nothing; a formula in K2 or above the data would not count.
    const plan = planOf({ ...sheet, blankFormulaColumns: { 11: 7 } });
    const first = plan.ops.find((op) => op.kind === "values" && op.sheet === "评分表");
    expect(first?.kind === "values" && first.col).toBe(12);
    const above = planOf({ ...sheet, blankFormulaColumns: { 11: 1 } });
    const atK = above.ops.find((op) => op.kind === "values" && op.sheet === "评分表");
    expect(atK?.kind === "values" && atK.col).toBe(11);
  });

  it("skip hidden columns", async () => {
    const sheet = smallServiceSheet();
    sheet.hiddenColumns = [11];
    const wb = new MemoryWorkbook([sheet]);
    await run(wb);
    expect(wb.get("评分表", 2, 11)).toBeNull();
    expect(wb.get("评分表", 2, 12)).toBe("评定总分");
  });

  it("clear their stale cells below a table that shrank", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb);
    expect(wb.get("评分表", 7, 13)).toBe("未评定");
    // The user clears the last two branches and adds a 合计 row in their place.
    const m = wb.sheet("评分表")!.model;
    for (let c = 0; c < 10; c++) {
      m.values[5]![c] = null;
      m.values[6]![c] = null;
    }
    await run(wb);
    expect(wb.get("评分表", 5, 13)).toBe("四星级");
    expect(row(wb, "评分表", 6).slice(10)).toEqual([null, null, null, null, null, null]);
    expect(row(wb, "评分表", 7).slice(10)).toEqual([null, null, null, null, null, null]);
    expect(wb.format("评分表", 7, 13)).toBeUndefined();
  });

  it("clear stale cells without settings only where they carry a tier label, never a user's note", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb);
    wb.sheets.splice(
      wb.sheets.findIndex((x) => x.model.name === "_星级评定"),
      1,
    );
    const m = wb.sheet("评分表")!.model;
    for (let c = 0; c < 10; c++) m.values[6]![c] = null; // row 7 cleared: its results are stale
    m.values.push([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      "注：由机关党委评定",
    ]);
    await run(wb);
    expect(row(wb, "评分表", 7).slice(10)).toEqual([null, null, null, null, null, null]);
    expect(wb.get("评分表", 8, 16)).toBe("注：由机关党委评定");
  });

  it("leave 合计/平均 rows alone, even in result columns (a user's own average stays)", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb);
    // After the first run the user adds an average row, with their own figures under 评定总分/评定星级.
    wb.sheet("评分表")!.model.values.push([
      null,
      "平均分",
      null,
      17.8,
      17.75,
      17.8,
      17.8,
      18,
      null,
      null,
      90.25,
      null,
      "（手填）",
    ]);
    const r = await run(wb);
    expect(r.layout.resultColumns.total?.column).toBe("K");
    expect(r.layout.excludedRows.map((x) => x.row)).toEqual([8]);
    expect(row(wb, "评分表", 8).slice(10, 13)).toEqual([90.25, null, "（手填）"]);
    for (const op of r.plan.ops) {
      if (op.kind === "values" && op.sheet === "评分表")
        expect(op.row + op.values.length - 1).toBeLessThan(8);
      if (op.kind === "clear" && op.sheet === "评分表") expect(op.rect.bottom).toBeLessThan(8);
    }
    const again = await run(wb);
    expect(again.plan).toEqual(r.plan);
  });

  it("a branch row turned into a 合计 row keeps its old results, untouched, and the run says so", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const first = await run(wb);
    expect(first.warnings.join("\n")).not.toContain("留有上次写入的结果");
    // Row 7 (第五党支部, 未评定 then) becomes the 合计 row; its result cells stay as the tool wrote them.
    const line = wb.sheet("评分表")!.model.values[6]!;
    line.splice(0, 3, null, "合计", null);
    const stale = line.slice(10, 16);
    const r = await run(wb);
    expect(r.layout.excludedRows.map((x) => x.row)).toEqual([7]);
    expect(row(wb, "评分表", 7).slice(10, 16)).toEqual(stale);
    expect(r.warnings).toContain(
      "第 7 行不作为支部评定（合计行等），但其评定列中还留有上次写入的结果（如 M7「未评定」），本工具不改动这类行；如果这些行已不是支部，请删除其中的评定结果",
    );
    // The user's own figures there (no tier label) are not taken for stale results.
    wb.sheet("评分表")!.model.values[6]!.splice(10, 6, 90.25, null, null, null, null, null);
    expect((await run(wb)).warnings.join("\n")).not.toContain("留有上次写入的结果");
  });

  it("keep a branch name or flag that starts with '=' as literal text", async () => {
    const sheet = smallServiceSheet();
    sheet.values[2]![1] = '=HYPERLINK("x")';
    const wb = new MemoryWorkbook([sheet]);
    const r = await run(wb);
    const summaryValues = r.plan.ops.find((op) => op.kind === "values" && op.sheet === r.summarySheet);
    expect(
      summaryValues?.kind === "values" && summaryValues.values.some((l) => l.includes('=HYPERLINK("x")')),
    ).toBe(true);
    expect(wb.sheet(r.summarySheet)!.model.values.flat()).toContain('=HYPERLINK("x")');
  });
});

describe("summary sheet name", () => {
  it("uses 评定汇总 (2) when a user's own sheet is called 评定汇总, and says so", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet(), sheetOf("评定汇总", [["我自己的汇总"]])]);
    const r = await run(wb);
    expect(r.summarySheet).toBe("评定汇总 (2)");
    expect(r.warnings.join("")).toContain("评定汇总 (2)");
    expect(wb.get("评定汇总", 1, 1)).toBe("我自己的汇总");
    // Second run: the carried settings say (2) is ours; the user's sheet is still left alone.
    const r2 = await run(wb);
    expect(r2.summarySheet).toBe("评定汇总 (2)");
    expect(wb.sheets.filter((s) => s.model.name.startsWith("评定汇总"))).toHaveLength(2);
  });

  it("a sheet of the user's made under an owned sheet's name after the tool's was deleted is left alone", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb);
    // The tool's 公示名单 deleted, and a sheet of the user's own added under that name.
    wb.sheets.splice(
      wb.sheets.findIndex((s) => s.model.name === "公示名单"),
      1,
    );
    wb.addSheet(sheetOf("公示名单", [["我单位自己排版的公示（正式稿）"], ["第一段正文……"]]));
    const r = await run(wb);
    expect(wb.get("公示名单", 1, 1)).toBe("我单位自己排版的公示（正式稿）");
    expect(wb.get("公示名单", 2, 1)).toBe("第一段正文……");
    expect(wb.get("公示名单 (2)", 1, 1)).toEqual(expect.stringMatching(/^关于.*公示$/));
    expect(r.warnings.join("\n")).toContain("公示名单 (2)");
    // The next run keeps to (2); the user's sheet stays as it is.
    await run(wb);
    expect(wb.get("公示名单", 1, 1)).toBe("我单位自己排版的公示（正式稿）");
    expect(wb.sheets.filter((s) => s.model.name.startsWith("公示名单"))).toHaveLength(2);
  });

  it("an owned sheet the user emptied, or edited below its top, is still ours and rebuilt in place", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb);
    wb.sheet("评定核查")!.model.values = [];
    wb.sheet("公示名单")!.model.values[10] = ["手写的一行"];
    await run(wb);
    expect(wb.sheets.map((s) => s.model.name)).toEqual([
      "评分表",
      "评定汇总",
      "评定核查",
      "公示名单",
      "_星级评定",
    ]);
    expect(wb.get("评定核查", 1, 1)).toEqual(expect.stringMatching(/核查$/));
  });

  it("监督电话 and 联系人 typed into the 公示名单 are kept by the next run, and carried", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb);
    const notice = wb.sheet("公示名单")!.model.values;
    const at = notice.findIndex((line) => String(line?.[0] ?? "").startsWith("监督电话："));
    expect(notice[at]![0]).toBe("监督电话：__________\u3000\u3000联系人：__________");
    notice[at]![0] = "监督电话：0351-1234567\u3000联系人：王老师";
    const r = await run(wb);
    expect(wb.get("公示名单", at + 1, 1)).toBe("监督电话：0351-1234567\u3000\u3000联系人：王老师");
    expect(r.warnings).toContain(
      "沿用您在「公示名单」中填写的监督电话「0351-1234567」、联系人「王老师」，已存入工作簿设置（也可在评定面板的公示设置中或用 --notice-phone、--notice-contact 修改）",
    );
    // Carried: the next run writes them without a word; a value given for a run wins.
    expect((await run(wb)).warnings.join("\n")).not.toContain("沿用您在");
    await run(wb, { notice: { phone: "12388" } });
    expect(wb.get("公示名单", at + 1, 1)).toBe("监督电话：12388\u3000\u3000联系人：王老师");
  });

  it("a renamed summary and a copy of the scored sheet are said to hold old results; nothing else is", async () => {
    const wb = new MemoryWorkbook([
      smallServiceSheet(),
      sheetOf("说明", [["填表说明"], ["党支部名称", "评定星级"]]),
    ]);
    const first = await run(wb);
    expect(first.warnings.join("\n")).not.toMatch(/以前写出的|中也有评定结果列/);
    // 评定汇总 renamed to hand it up; the scored sheet copied (Excel's "move or copy").
    wb.sheet("评定汇总")!.model.name = "汇总（上报）";
    wb.sheet("公示名单")!.model.name = "公示（张贴稿）";
    wb.addSheet({
      ...wb.sheet("评分表")!.model,
      name: "评分表 (2)",
      values: wb.sheet("评分表")!.model.values.map((l) => l.slice()),
    });
    const r = await run(wb);
    expect(r.summarySheet).toBe("评定汇总");
    expect(r.warnings).toContain(
      "工作表「汇总（上报）」是本工具以前写出的评定汇总（可能改过名或复制过），本次没有更新，其中仍是旧结果；上报或公示请用本次写出的表，不再需要的话请删除它",
    );
    expect(r.warnings.join("\n")).toContain(
      "工作表「公示（张贴稿）」是本工具以前写出的公示名单（可能改过名或复制过）",
    );
    expect(r.warnings).toContain(
      "工作表「评分表 (2)」中也有评定结果列，本次没有更新它（本次评定的是「评分表」）；如果该表也要评定，请另行选择它评定",
    );
    expect(r.warnings.join("\n")).not.toContain("「说明」");
  });

  it("an owned sheet the user hid stays hidden on the next run; a new one is visible", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await run(wb);
    wb.sheet("公示名单")!.visibility = "hidden";
    wb.sheet("评定核查")!.visibility = "hidden";
    await run(wb);
    expect(wb.sheets.map((s) => [s.model.name, s.visibility])).toEqual([
      ["评分表", "visible"],
      ["评定汇总", "visible"],
      ["评定核查", "hidden"],
      ["公示名单", "hidden"],
      ["_星级评定", "veryHidden"],
    ]);
    // Rebuilt all the same: the hidden notice holds this run's list.
    expect(wb.get("公示名单", 1, 1)).toEqual(expect.stringMatching(/^关于.*公示$/));
  });

  it("counts up past taken names and never picks the scored sheet", () => {
    const sheets = ["评定汇总", "评定汇总 (2)"].map((name) => ({ name, visibility: "visible" as const }));
    expect(chooseSummarySheet("评定汇总", sheets, "表", null)).toEqual({
      name: "评定汇总 (3)",
      renamed: true,
    });
    expect(chooseSummarySheet("评定汇总", sheets, "表", "评定汇总")).toEqual({
      name: "评定汇总",
      renamed: false,
    });
    expect(chooseSummarySheet("评定汇总", [], "评定汇总", null).name).toBe("评定汇总 (2)");
  });
});

function summaryRows(wb: MemoryWorkbook, name: string): RawCell[][] {
  return wb.sheet(name)!.model.values.map((l) => {
    const line = l.slice();
    while (line.length > 0 && (line[line.length - 1] === null || line[line.length - 1] === undefined))
      line.pop();
    return line;
  });
}

/** The rows under a numbered heading ("三、排名" or "3. Ranking") up to the next blank row. */
function section(rows: RawCell[][], heading: string): RawCell[][] {
  const start = rows.findIndex(
    (r) => typeof r[0] === "string" && r[0].replace(/^([一二三四五六七八九十]+、|\d+\. )/, "") === heading,
  );
  if (start < 0) throw new Error(`no section ${heading}`);
  const out: RawCell[][] = [];
  for (let i = start + 1; i < rows.length && rows[i]!.length > 0; i++) out.push(rows[i]!);
  return out;
}

describe("summary sections", () => {
  const sheetWithPrior = (): SheetModel =>
    sheetOf("评分表", [
      ["2026年度评定表"],
      [...SERVICE_HEADER, "上年星级"],
      [1, "第一党支部", "机关党委", 19, 19, 19, 19, 20, 0.98, "否", "四星级"],
      [2, "第二党支部", "机关党委", 18, 18, 18, 18, 18, 0.96, "否", 4],
      [3, "第三党支部", "直属党委", 18, 18, 18, 18, 18, "97%", "否", 5],
      [4, "第四党支部", "直属党委", 17, 17, 17, 17, 17, 0.95, "否", "★★★★★"],
      [5, "第五党支部", "直属党委", 17, null, 17, 17, 17, 0.95, "否", 3],
    ]);

  let rows: RawCell[][] = [];
  let result: RecomputeResult & { ok: true };
  let wb: MemoryWorkbook;
  beforeAll(async () => {
    wb = new MemoryWorkbook([sheetWithPrior()]);
    result = await run(wb);
    rows = summaryRows(wb, "评定汇总");
  });

  it("opens with the workbook's title and one line of facts, and points at 评定核查", () => {
    expect(rows[0]).toEqual(["2026年度评定汇总"]);
    expect(String(rows[1]?.[0])).toMatch(
      /^评定方案：五星级服务型党组织（百分制）；计算时间：2026-12-0[12] \d\d:00；共 5 个支部，已评定 4 个，未评定 1 个。$/,
    );
    expect(rows[2]).toEqual([`另有 2 条需核查的事项，见「评定核查」表。`]);
  });

  it("counts the distribution with shares and a bar of squares, each 5%", () => {
    const bar = (n: number) => "■".repeat(n) + "□".repeat(20 - n);
    expect(section(rows, "星级分布").slice(0, 9)).toEqual([
      [null, "星级", "支部数", "占比", "分布（每格 5%）"],
      [null, "五星级", 1, 0.2, bar(4)],
      [null, "四星级", 2, 0.4, bar(8)],
      [null, "三星级", 1, 0.2, bar(4)],
      [null, "二星级", 0, 0, bar(0)],
      [null, "一星级", 0, 0, bar(0)],
      [null, "无星", 0, 0, bar(0)],
      [null, "未评定", 1, 0.2, bar(4)],
      [null, "合计", 5, 1],
    ]);
    expect(result.counts).toMatchObject({ rated: 4, notRated: 1 });
  });

  it("gives per-criterion statistics over rated branches", () => {
    const s = section(rows, "分项得分");
    expect(s[1]).toEqual(["序号", "分项", "满分", "平均分", "最低分", "最高分", "满分支部数"]);
    expect(s[2]).toEqual([1, "服务体系", 20, 18, 17, 19, 0]);
    expect(s[6]).toEqual([5, "服务业绩", 20, 18.25, 17, 20, 1]);
    expect(s[7]).toEqual([6, "评定总分", 100, 90.25, 85, 96, 0]);
  });

  it("ranks with shared ranks 1, 2, 2, 4 and states the order", () => {
    const s = section(rows, "排名");
    expect(s[0]).toEqual([
      "按评定星级、再按评定总分从高到低排序；并列者名次相同。星级与总分不一致的，备注说明原因。",
    ]);
    expect(s.slice(1)).toEqual([
      ["名次", "党支部", "评定总分", "评定星级", "所属党组织", "备注"],
      [1, "第一党支部", 96, "五星级", "机关党委", ""],
      [2, "第二党支部", 90, "四星级", "机关党委", ""],
      [2, "第三党支部", 90, "四星级", "直属党委", ""],
      [4, "第四党支部", 85, "三星级", "直属党委", ""],
    ]);
  });

  it("counts tiers per group with the mean total", () => {
    expect(section(rows, "分组统计")).toEqual([
      [
        "序号",
        "所属党组织",
        "支部数",
        "五星级",
        "四星级",
        "三星级",
        "二星级",
        "一星级",
        "无星",
        "未评定",
        "平均总分",
      ],
      [1, "机关党委", 2, 1, 1, 0, 0, 0, 0, 0, 93],
      [2, "直属党委", 3, 0, 1, 1, 0, 0, 0, 1, 87.5],
    ]);
  });

  it("lists who may and may not be rated advanced", () => {
    expect(section(rows, "评先推荐").slice(1)).toEqual([
      [1, "第一党支部", 96, "五星级", "机关党委", "可推荐市级以上先进"],
      [2, "第二党支部", 90, "四星级", "机关党委", "可评先进"],
      [3, "第三党支部", 90, "四星级", "直属党委", "可评先进"],
    ]);
    expect(section(rows, "不得评先").slice(1)).toEqual([
      [1, "第四党支部", 85, "三星级", "直属党委", "支部及负责人当年不得评先"],
    ]);
    expect(rows.flat()).toContain("另有 1 个支部未评定，原因见「评定核查」表。");
  });

  it("leaves the flags to 评定核查: no code and no cell list on the summary", () => {
    const text = rows.flat().join(" ");
    expect(text).not.toMatch(/MISSING_VALUE|TIER_JUMP|需关注|表头行|service-org/);
  });

  it("compares with last year", () => {
    const s = section(rows, "动态变化（与上年比较）");
    expect(s.slice(0, 5)).toEqual([
      [null, "变化", "支部数"],
      [null, "上升", 1],
      [null, "持平", 1],
      [null, "下降", 2],
      [null, "无法比较", 1],
    ]);
    const list = rows.slice(rows.findIndex((r) => r[3] === "上年星级"));
    expect(list.slice(0, 4)).toEqual([
      ["序号", "党支部", "所属党组织", "上年星级", "本年星级", "变化"],
      [1, "第一党支部", "机关党委", "四星级", "五星级", "上升1级"],
      [2, "第三党支部", "直属党委", "五星级", "四星级", "下降1级"],
      [3, "第四党支部", "直属党委", "五星级", "三星级", "下降2级"],
    ]);
  });

  it("counts the change in the scheme's own tiers: 三星起创's 三星级 → 未评星 is one tier down", async () => {
    const sheet = sheetOf("考核表", [
      ["序号", "党支部名称", "考核分数", "上年星级"],
      [1, "甲支部", 60, "三星级"],
      [2, "乙支部", 60, "五星级"],
      [3, "丙支部", 60, "四星级"],
      [4, "丁支部", 80, "一星级"],
      [5, "戊支部", 60, "二星级"],
      [6, "己支部", 96, "三星级"],
    ]);
    const starWb = new MemoryWorkbook([sheet]);
    await run(starWb, { rubric: preset("star-branch") });
    const starRows = summaryRows(starWb, "评定汇总");
    expect(section(starRows, "动态变化（与上年比较）").slice(1, 5)).toEqual([
      [null, "上升", 2],
      [null, "持平", 1],
      [null, "下降", 3],
      [null, "无法比较", 0],
    ]);
    const list = starRows.slice(starRows.findIndex((r) => r[2] === "上年星级"));
    expect(list.slice(1, 6)).toEqual([
      [1, "甲支部", "三星级", "未评星", "下降1级"],
      [2, "乙支部", "五星级", "未评星", "下降3级"],
      [3, "丙支部", "四星级", "未评星", "下降2级"],
      [4, "丁支部", "未评星", "三星级", "上升1级"],
      [5, "己支部", "三星级", "五星级", "上升2级"],
    ]);
  });

  it("draws no chart and leaves no gap: the next section follows the distribution table", () => {
    const s = wb.sheet("评定汇总")!;
    const dist = rows.findIndex((r) => r[0] === "一、星级分布") + 1;
    expect(s.charts).toHaveLength(0);
    const next = rows.findIndex((r) => r[0] === "二、分项得分") + 1;
    // Heading, table header, 7 tiers, 合计, one blank row.
    expect(next).toBe(dist + 11);
    // The bar does not wrap; it spans from its column to the right edge, room for 20 squares (40 units).
    expect(s.formats.get(`${dist + 2},5`)).toMatchObject({ wrap: false, border: true });
    const span = s.model.merges.find((m) => m.top === dist + 2 && m.left === 5);
    expect(span).toBeDefined();
    let room = 0;
    for (let c = 5; c <= span!.right; c++) room += s.widths.get(c) ?? 0;
    expect(room).toBeGreaterThanOrEqual(40);
  });

  it("shows the tier cells' stars as the scored sheet does (number format), in the distribution and the lists", () => {
    const s = wb.sheet("评定汇总")!;
    const at = (label: string, col: number) => {
      const r = rows.findIndex((line, i) => i > 0 && line[col - 1] === label);
      return s.formats.get(`${r + 1},${col}`);
    };
    expect(at("五星级", 2)).toMatchObject({ numFmt: '@" ★★★★★"', fill: TIER_FILLS[5] });
    expect(at("四星级", 4)).toMatchObject({ numFmt: '@" ★★★★☆"', fill: TIER_FILLS[4] });
    expect(at("未评定", 2)?.numFmt).toBeUndefined();
  });

  it("merges the title, sets widths and prints on A4", () => {
    const s = wb.sheet("评定汇总")!;
    const dist = rows.findIndex((r) => r[0] === "一、星级分布") + 1;
    expect(s.model.merges[0]).toMatchObject({ top: 1, left: 1, bottom: 1 });
    expect(s.widths.get(1)).toBeGreaterThanOrEqual(6);
    expect(s.pageSetup).toMatchObject({ paper: "A4", orientation: "portrait", fitToWidth: true });
    expect(s.formats.get(`${dist},1`)).toMatchObject({ bold: true });
  });
});

describe("summary in English", () => {
  it("uses English headings and tier labels; result column headers stay the rubric's", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r = await run(wb, { lang: "en" });
    const rows = summaryRows(wb, r.summarySheet);
    expect(section(rows, "Star distribution")[1]).toEqual([null, "5 stars", 1, 0.2, "■■■■" + "□".repeat(16)]);
    expect(section(rows, "Ranking")[1]).toEqual(["Rank", "Branch", "Total", "Tier", "Group", "Remarks"]);
    expect(wb.get("评分表", 2, 11)).toBe("评定总分");
    expect(wb.get("评分表", 3, 13)).toBe("5 stars");
  });
});

describe("plan shape", () => {
  it("writes contiguous result columns as one block and ends with the settings sheet", () => {
    const p = planOf(smallServiceSheet());
    const kinds = p.ops.map((op) => `${op.kind}:${"sheet" in op ? op.sheet : ""}`);
    expect(kinds.slice(0, 6)).toEqual([
      "clear:评分表",
      "copyFormat:评分表",
      "copyFormat:评分表",
      "values:评分表",
      "values:评分表",
      "columnWidths:评分表",
    ]);
    const shape = (op: PlanOp | undefined) =>
      op?.kind === "values" && [op.row, op.col, op.values.length, op.values[0]?.length];
    expect(shape(p.ops[3])).toEqual([2, 11, 1, 6]);
    expect(shape(p.ops[4])).toEqual([3, 11, 5, 6]);
    expect(kinds.slice(-2)).toEqual(["ensureSheet:_星级评定", "values:_星级评定"]);
    expect(p.resultColumns).toEqual({
      total: "K",
      stars: "L",
      tier: "M",
      eligibility: "N",
      flags: "O",
      explanation: "P",
    });
  });
});

describe("eligibility belongs to service-org only", () => {
  it("star-branch and model-organ write no 评先资格 column and no 评先 section", async () => {
    const starSheet = sheetOf("星级", [
      ["党支部名称", "所属党委", "考核分数"],
      ["甲支部", "机关党委", 96],
      ["乙支部", "机关党委", 80],
    ]);
    const modelSheet = sheetOf("五星", [
      ["党支部名称", "理论学习星", "制度落实星", "党建活动星", "党员先锋星", "自身建设星"],
      ["甲支部", 18, 17, 16, 20, 19],
      ["乙支部", "是", "是", "否", 18, 12],
    ]);
    for (const [sheet, id] of [
      [starSheet, "star-branch"],
      [modelSheet, "model-organ"],
    ] as const) {
      const wb = new MemoryWorkbook([sheet]);
      const r = await run(wb, { rubric: preset(id) });
      const header = row(wb, sheet.name, 1);
      expect(header).toContain("评定星级");
      expect(header).not.toContain("评先资格");
      expect(r.evaluation.rows.every((x) => x.eligibility === "")).toBe(true);
      const summary = wb.sheet(r.summarySheet)!.model.values.flat();
      expect(summary).not.toContain("评先推荐");
      expect(summary).not.toContain("不得评先");
    }
  });

  it("a 评先资格 column left by an earlier run is kept in place and emptied, not deleted", async () => {
    const sheet = sheetOf("星级", [
      ["党支部名称", "考核分数", "评定星级", "评先资格", "评定说明"],
      ["甲支部", 96, "五星级", "可推荐市级以上先进", "总分96.00 → 五星级"],
    ]);
    const wb = new MemoryWorkbook([sheet]);
    await run(wb, { rubric: preset("star-branch") });
    expect(row(wb, "星级", 1).slice(0, 5)).toEqual([
      "党支部名称",
      "考核分数",
      "评定星级",
      "评先资格",
      "评定说明",
    ]);
    expect(row(wb, "星级", 2)[3] ?? null).toBeNull();
  });
});

describe("summary lists of a very large table", () => {
  it("show the first SUMMARY_LIST_LIMIT (100) entries and say how many more there are and where they are", () => {
    expect(SUMMARY_LIST_LIMIT).toBe(100);
    const rows: RawCell[][] = [["评定表"], SERVICE_HEADER];
    const count = SUMMARY_LIST_LIMIT + 3;
    for (let i = 1; i <= count; i++)
      rows.push([i, `第${i}党支部`, "机关党委", 18, 18, 18, 18, 18, 0.96, "否"]);
    const plan = planOf(sheetOf("评分表", rows));
    const summary = plan.ops.find((op) => op.kind === "values" && op.sheet !== "评分表");
    if (summary?.kind !== "values") throw new Error("no summary values");
    const firstColumn = summary.values.map((line) => line[0]);
    const heading = firstColumn.indexOf("三、排名");
    // The heading, the order line, the table header, then exactly the bound's worth of ranked branches and the note.
    expect(firstColumn[heading + 3]).toBe(1);
    expect(typeof firstColumn[heading + 2 + SUMMARY_LIST_LIMIT]).toBe("number");
    expect(firstColumn[heading + 3 + SUMMARY_LIST_LIMIT]).toBe(
      `（共 ${count} 个，此处列出前 100 个；其余 3 个见「评分表」表中各支部所在行的评定结果）`,
    );
    // Every branch is 四星级 (可评先进): 评先推荐 would be the ranking again, so it says so instead.
    expect(firstColumn).toContain(
      `全部 ${count} 个已评定的支部均属「评先推荐」，名单即上面的「排名」，不再重复列出。`,
    );
    expect(summary.values.length).toBeLessThan(2 * SUMMARY_LIST_LIMIT);
  });
});
