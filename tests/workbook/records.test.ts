/**
 * What a workbook carries beyond one run (SPEC §10): last year's results, 定稿 and the history of
 * runs, through recompute on the in-memory workbook.
 */
import { parseSettings, recompute, SETTINGS_SHEET, type RecomputeResult } from "../../src/workbook";
import { HISTORY_LIMIT, appendHistory, type HistoryEntry } from "../../src/workbook/history";
import type { ReviewSection } from "../../src/workbook/model";
import { priorFromSheet, readPrior } from "../../src/workbook/prior";
import { render } from "../../src/messages";
import { NOW, SMALL_SHEET_STARS, sheetOf, smallServiceSheet } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

async function ok(
  wb: MemoryWorkbook,
  opts: Parameters<typeof recompute>[1] = {},
): Promise<RecomputeResult & { ok: true }> {
  const r = await recompute(wb, { now: NOW, ...opts });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

function section(r: { reviewSections: ReviewSection[] }, title: string): ReviewSection {
  const s = r.reviewSections.find((x) => x.title === title);
  if (!s) throw new Error(`no section ${title}: ${r.reviewSections.map((x) => x.title).join(", ")}`);
  return s;
}

function carried(wb: MemoryWorkbook) {
  const lines = wb.column(SETTINGS_SHEET, 1).filter((v): v is string => typeof v === "string");
  return parseSettings(lines.join(""));
}

function row(r: RecomputeResult & { ok: true }, name: string) {
  const found = r.evaluation.rows.find((x) => x.name === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
}

/** Last year's results as a plain sheet: a name and a 评定星级 column, no settings. */
function lastYearSheet() {
  return sheetOf("2025年评定", [
    ["2025年度评定结果"],
    ["序号", "党支部名称", "评定总分", "评定星级"],
    // Pasted from a web page: an invisible zero-width space after the name.
    [1, "第一党支部\u200b", 82, "三星级"],
    [2, "第 二党支部", 90, "四星级"],
    [3, "１.第三党支部", 91, "四星级"],
    [4, "第五党支部", null, "未评定"],
    [5, "第七党支部", 75, "二星级"],
    [null, "合计", null, null],
  ]);
}

describe("last year's results (--prior)", () => {
  it("reads names and stars under the 评定星级 header, skipping the 合计 row", () => {
    const read = priorFromSheet(lastYearSheet(), null, "2025.xlsx");
    expect(read.ok && read.prior.entries).toEqual([
      { name: "第一党支部\u200b", stars: 3, tier: "三星级" },
      { name: "第 二党支部", stars: 4, tier: "四星级" },
      { name: "１.第三党支部", stars: 4, tier: "四星级" },
      { name: "第五党支部", stars: null, tier: "未评定" },
      { name: "第七党支部", stars: 2, tier: "二星级" },
    ]);
  });

  it("fills 上年星级 by normalised name, flags a jump, lists unmatched names, writes no input cell", async () => {
    const read = priorFromSheet(lastYearSheet(), null, "2025.xlsx");
    if (!read.ok) throw read.error;
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const before = wb.snapshotValues()["评分表"]!.map((line) => line.slice(0, 10));
    const r = await ok(wb, { prior: read.prior });
    expect(row(r, "第一党支部").values.priorStars).toBe(3);
    expect(row(r, "第一党支部").flags.map((f) => f.code)).toContain("TIER_JUMP");
    expect(row(r, "第二党支部").values.priorStars).toBe(4);
    expect(row(r, "第三党支部").values.priorStars).toBe(4);
    expect(row(r, "第四党支部").values.priorStars).toBeUndefined();
    const s = section(r, "上年星级对照");
    expect(s.note).toContain("匹配 4 个");
    expect(s.rows).toEqual([
      ["第四党支部", "本表有，上年结果中没有此名称（新设或改名？）"],
      ["第七党支部", "上年结果中有，本表没有此名称"],
      ["第五党支部", "上年未评定"],
    ]);
    const after = wb.snapshotValues()["评分表"]!.map((line) => line.slice(0, 10));
    expect(after).toEqual(before);
    // Carried: the next run (the ribbon button, no picker) compares with the same year.
    expect(carried(wb).records.prior?.entries).toHaveLength(5);
    const again = await ok(wb);
    expect(row(again, "第一党支部").values.priorStars).toBe(3);
    // null stops using them.
    const dropped = await ok(wb, { prior: null });
    expect(row(dropped, "第一党支部").values.priorStars).toBeUndefined();
    expect(carried(wb).records.prior).toBeUndefined();
  });

  it("reads a scored workbook where its settings say the results are", async () => {
    const lastYear = new MemoryWorkbook([smallServiceSheet("2025年")]);
    await ok(lastYear);
    const read = await readPrior(lastYear, "2025.xlsx");
    expect(read.ok && read.prior.sheet).toBe("2025年");
    expect(read.ok && read.prior.entries.map((e) => [e.name, e.stars])).toEqual(SMALL_SHEET_STARS);
  });

  it("finds the results by their headers when a column was inserted or deleted since the file was scored", async () => {
    const expected = SMALL_SHEET_STARS;
    const inserted = new MemoryWorkbook([smallServiceSheet("2025年")]);
    await ok(inserted);
    // A column inserted at A: the settings' letters now point one column left of everything.
    for (const line of inserted.sheet("2025年")!.model.values) line?.unshift(null);
    const read = await readPrior(inserted, "2025.xlsx");
    expect(read.ok && read.prior.entries.map((e) => [e.name, e.stars])).toEqual(expected);
    // The first column deleted: the letters point one column right.
    const deleted = new MemoryWorkbook([smallServiceSheet("2025年")]);
    await ok(deleted);
    for (const line of deleted.sheet("2025年")!.model.values) line?.shift();
    const again = await readPrior(deleted, "2025.xlsx");
    expect(again.ok && again.prior.entries.map((e) => [e.name, e.stars])).toEqual(expected);
  });

  it("last year's results from a file whose names match none of the table's are not used, and said so", async () => {
    const other = priorFromSheet(
      sheetOf("2025年", [
        ["党支部名称", "评定星级"],
        ["财政局第一党支部", "五星级"],
        ["财政局第二党支部", "三星级"],
      ]),
      null,
      "财政局2025.xlsx",
    );
    if (!other.ok) throw other.error;
    const mine = priorFromSheet(lastYearSheet(), null, "2025.xlsx");
    if (!mine.ok) throw mine.error;
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb, { prior: mine.prior });
    const r = await ok(wb, { prior: other.prior });
    expect(r.notices.map((n) => render(n, "zh"))).toContain(
      "「财政局2025.xlsx」中的上年评定结果没有一个党支部名称与本表对应，未取用；请确认选择的是本单位上年评定后的工作簿",
    );
    // The results carried from the earlier run stay in use, and stay carried.
    expect(row(r, "第一党支部").values.priorStars).toBe(3);
    expect(carried(wb).records.prior?.source).toBe("2025.xlsx");
  });

  it("this year's own scored file chosen as last year's: used, with a notice that every branch has this table's scores", async () => {
    const thisYear = new MemoryWorkbook([smallServiceSheet()]);
    await ok(thisYear);
    const read = await readPrior(thisYear, "2026（评定结果）.xlsx");
    if (!read.ok) throw read.error;
    // Last year's inputs as its settings mapped them: scores, 满意率 and 否决, not the name or 党委.
    expect(read.prior.inputFields).toHaveLength(7);
    expect(read.prior.entries[0]!.inputs?.split("\u0000")).toContain("19");
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r = await ok(wb, { prior: read.prior });
    expect(r.notices.map((n) => render(n, "zh"))).toContain(
      "「2026（评定结果）.xlsx」中按名称对应的 5 个支部，各项得分与本表逐格相同：它像是本年度的评定结果，不像上年的；如选错了文件，请改选上年评定后的工作簿",
    );
    expect(row(r, "第一党支部").values.priorStars).toBe(5);
    expect(section(r, "上年星级对照").note).toContain(
      "注意：这些支部的各项得分与本表逐格相同，所选文件像是本年度的评定结果，请核对。",
    );
    // The inputs only served this run: the settings carry the results alone, and the next run says nothing.
    expect(carried(wb).records.prior?.entries.some((e) => e.inputs !== undefined)).toBe(false);
    expect(carried(wb).records.prior?.inputFields).toBeUndefined();
    const again = await ok(wb);
    expect(again.notices.map((n) => n.code)).not.toContain("PRIOR_SAME_INPUTS");
  });

  it("last year's file with one score of one branch different from this year's gives no such notice", async () => {
    const lastYear = new MemoryWorkbook([smallServiceSheet()]);
    await ok(lastYear);
    lastYear.sheet("评分表")!.model.values[4]![4] = 16;
    const read = await readPrior(lastYear, "2025.xlsx");
    if (!read.ok) throw read.error;
    const r = await ok(new MemoryWorkbook([smallServiceSheet()]), { prior: read.prior });
    expect(r.notices.map((n) => n.code)).not.toContain("PRIOR_SAME_INPUTS");
    expect(section(r, "上年星级对照").note).toContain("匹配 5 个");
    expect(section(r, "上年星级对照").note).not.toContain("逐格相同");
  });

  it("a workbook without results is refused with the file named", () => {
    const read = priorFromSheet(sheetOf("s", [["会议记录"], ["时间", "地点"]]), null, "notes.xlsx");
    expect(!read.ok && read.error.text("zh")).toContain("「notes.xlsx」中找不到上年的评定结果");
  });
});

describe("定稿", () => {
  it("keeps the frozen results after an input changes and lists the branch and why; 解除定稿 writes today's", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const first = await ok(wb, { finalize: true });
    expect(row(first, "第二党支部").tier).toBe("四星级");
    expect(carried(wb).records.final?.rows).toHaveLength(5);
    // 第二党支部's 服务体系 18 → 20 (E4): 92 is still 四星级; 服务队伍 too (94): still 四星级; all five: 五星级.
    wb.sheet("评分表")!.model.values[3]!.splice(3, 5, 20, 20, 19, 19, 19);
    const later = await ok(wb, { now: new Date("2026-12-05T08:00:00Z") });
    expect(row(later, "第二党支部").tier).toBe("四星级");
    expect(row(later, "第二党支部").total).toBe(90);
    // Flags come back with the words they had (第五党支部: a score missing when frozen).
    const frozenFlag = row(later, "第五党支部").flags[0]!;
    expect(frozenFlag.message).toBe(row(first, "第五党支部").flags[0]!.message);
    expect(frozenFlag.text).toEqual({ code: "TEXT", params: { zh: frozenFlag.message } });
    expect(wb.get("评分表", 4, 13)).toBe("四星级");
    const s = section(later, "定稿");
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]!.slice(0, 4)).toEqual(["第二党支部", 4, "四星级", "五星级"]);
    expect(s.rows[0]![4]).toContain("服务体系：定稿时18，现为20");
    expect(s.rows[0]![4]).toContain("现在的结果：五星级（97）");
    const undone = await ok(wb, { unfinalize: true, now: new Date("2026-12-06T08:00:00Z") });
    expect(row(undone, "第二党支部").tier).toBe("五星级");
    expect(wb.get("评分表", 4, 13)).toBe("五星级");
    expect(carried(wb).records.final).toBeUndefined();
    expect(undone.reviewSections.some((x) => x.title === "定稿")).toBe(false);
  });

  it("in English, the result a frozen branch would now have reads with half-width brackets", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb, { finalize: true, lang: "en" });
    wb.sheet("评分表")!.model.values[3]!.splice(3, 5, 20, 20, 19, 19, 19);
    const later = await ok(wb, { now: new Date("2026-12-05T08:00:00Z"), lang: "en" });
    const rows = later.reviewSections.find((x) => x.rows.some((r) => r[0] === "第二党支部"))!.rows;
    expect(rows.find((r) => r[0] === "第二党支部")![4]).toContain("; result now: 5 stars (97)");
  });

  it("two branches of one name keep their own frozen results when the table is sorted after 定稿", async () => {
    const sheet = smallServiceSheet();
    // Row 7 (第五党支部) becomes a second 第二党支部, under another 党委 and with other scores (三星级).
    sheet.values[6] = [5, "第二党支部", "直属党委", 17, 17, 17, 17, 17, 0.95, "否"];
    const wb = new MemoryWorkbook([sheet]);
    const first = await ok(wb, { finalize: true });
    const before = first.evaluation.rows.map((r) => [r.group, r.total, r.tier]);
    expect(before[1]).toEqual(["机关党委", 90, "四星级"]);
    expect(before[4]).toEqual(["直属党委", 85, "三星级"]);
    // Sorted by score, lowest first: the two copies change places with everything else.
    const values = wb.sheet("评分表")!.model.values;
    const rows = values.slice(2, 7).reverse();
    values.splice(2, 5, ...rows.map((line) => line.slice(0, 10)));
    const later = await ok(wb);
    const after = later.evaluation.rows.map((r) => [r.name, r.group, r.total, r.tier]);
    expect(after).toEqual([
      ["第二党支部", "直属党委", 85, "三星级"],
      ["第四党支部", "直属党委", 85, "三星级"],
      ["第三党支部", "直属党委", 90, "四星级"],
      ["第二党支部", "机关党委", 90, "四星级"],
      ["第一党支部", "机关党委", 96, "五星级"],
    ]);
    expect(later.reviewSections.find((x) => x.title === "定稿")?.rows).toEqual([]);
  });

  it("two branches of one name keep their own frozen results after their 党委 are renamed and the table sorted", async () => {
    const sheet = smallServiceSheet();
    sheet.values[6] = [5, "第二党支部", "直属党委", 17, 17, 17, 17, 17, 0.95, "否"];
    const wb = new MemoryWorkbook([sheet]);
    await ok(wb, { finalize: true });
    const values = wb.sheet("评分表")!.model.values;
    const rows = values.slice(2, 7).reverse();
    values.splice(2, 5, ...rows.map((line) => line.slice(0, 10)));
    for (const line of values.slice(2, 7)) line[2] = `市${String(line[2])}`;
    const later = await ok(wb);
    // In row order after the sort: the copy scored 17s (85, 三星级), then the one scored 90 (四星级).
    const copies = later.evaluation.rows
      .filter((r) => r.name === "第二党支部")
      .map((r) => [r.row, r.total, r.tier]);
    expect(copies).toEqual([
      [3, 85, "三星级"],
      [6, 90, "四星级"],
    ]);
    // Shown under their 党委 as renamed; the results are the frozen ones.
    expect(later.evaluation.rows.filter((r) => r.name === "第二党支部").map((r) => r.group)).toEqual([
      "市直属党委",
      "市机关党委",
    ]);
  });

  it("last year's results given after 定稿 are kept, and the run says the frozen results still stand", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb, { finalize: true });
    const read = priorFromSheet(lastYearSheet(), null, "2025.xlsx");
    if (!read.ok) throw read.error;
    const later = await ok(wb, { prior: read.prior });
    expect(later.notices.map((n) => render(n, "zh"))).toContainEqual(
      expect.stringMatching(
        /^工作簿已于 2026-12-01 定稿：本次指定的上年结果「2025\.xlsx」已保存，但写出的仍是定稿结果/,
      ),
    );
    const plain = await ok(wb);
    expect(plain.notices.map((n) => n.code)).not.toContain("PRIOR_UNDER_FINAL");
  });

  it("a frozen flag names its branch's cell where the branch stands after a sort, not where it stood", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const first = await ok(wb, { finalize: true });
    expect(row(first, "第五党支部").flags.map((f) => f.cell)).toEqual(["E7"]);
    const values = wb.sheet("评分表")!.model.values;
    values.splice(2, 5, ...values.slice(2, 7).reverse());
    const later = await ok(wb);
    expect(row(later, "第五党支部").row).toBe(3);
    expect(row(later, "第五党支部").flags.map((f) => f.cell)).toEqual(["E3"]);
    const flagsColumn = wb.sheet("评分表")!.model.values[1]!.indexOf("评定标记");
    expect(wb.get("评分表", 3, flagsColumn + 1)).toBe("E3 缺少服务队伍分数");
  });

  it("a branch added after 定稿 and one removed are listed", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb, { finalize: true });
    wb.sheet("评分表")!.model.values[6]![1] = "第六党支部";
    const later = await ok(wb);
    const rows = section(later, "定稿").rows.map((x) => [x[0], x[4]]);
    expect(rows).toEqual([
      ["第六党支部", "定稿后新增的支部：结果按现在的数据评定，未定稿"],
      ["第五党支部", "定稿时有此支部，本表已没有"],
    ]);
  });

  it("定稿 twice keeps the first; 解除定稿 without one says so", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb, { finalize: true });
    wb.sheet("评分表")!.model.values[3]!.splice(3, 5, 20, 20, 19, 19, 19);
    const again = await ok(wb, { finalize: true });
    expect(row(again, "第二党支部").tier).toBe("四星级");
    expect(again.warnings.join("\n")).toContain("请先解除定稿");
    const plain = new MemoryWorkbook([smallServiceSheet()]);
    const r = await ok(plain, { unfinalize: true });
    expect(r.warnings).toContain("工作簿尚未定稿，无需解除");
  });
});

describe("history of runs", () => {
  it("each run adds an entry with the distribution and the branches whose tier changed; carried", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb);
    wb.sheet("评分表")!.model.values[3]!.splice(3, 5, 20, 20, 19, 19, 19);
    const second = await ok(wb, { now: new Date("2026-12-02T08:00:00Z"), user: "张三" });
    const history = carried(wb).records.history!;
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({
      user: "张三",
      rated: 4,
      notRated: 1,
      distribution: [
        { label: "五星级", count: 2 },
        { label: "四星级", count: 1 },
        { label: "三星级", count: 1 },
        { label: "未评定", count: 1 },
      ],
      changed: [{ name: "第二党支部", from: "四星级", to: "五星级" }],
      changedCount: 1,
    });
    const s = section(second, "评定记录");
    expect(s.rows).toHaveLength(2);
    expect(s.rows[0]![3]).toBe("张三");
    expect(s.rows[0]![5]).toBe("第二党支部 四星级→五星级");
  });

  it("a space typed after a tier's label is not a change of tier", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb);
    const values = wb.sheet("评分表")!.model.values;
    const tierCol = values[1]!.indexOf("评定星级");
    values[3]![tierCol] = `${String(values[3]![tierCol])} `;
    await ok(wb, { now: new Date("2026-12-02T08:00:00Z") });
    const history = carried(wb).records.history!;
    expect(history.at(-1)!.changed).toEqual([]);
  });

  it("a re-run with the same time and data writes the same plan (runs that change nothing share an entry)", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb);
    await ok(wb);
    expect(wb.applied[1]).toEqual(wb.applied[0]);
    await ok(wb, { now: new Date("2026-12-01T09:00:00Z") });
    const history = carried(wb).records.history!;
    expect(history).toHaveLength(1);
    expect(history[0]!.lastAt).toBe("2026-12-01T09:00:00.000Z");
  });

  it("keeps the last 50 entries", () => {
    let history: HistoryEntry[] = [];
    for (let i = 0; i < 60; i++) {
      const entry: HistoryEntry = {
        at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        rubric: { id: "service-org", name: "x", version: "1" },
        rated: i,
        notRated: 0,
        distribution: [],
        changed: [],
        changedCount: 0,
      };
      history = appendHistory(history, entry);
    }
    expect(HISTORY_LIMIT).toBe(50);
    expect(history).toHaveLength(50);
    expect(history[0]!.rated).toBe(10);
    expect(history[49]!.rated).toBe(59);
  });

  it("a history damaged by hand is dropped with a notice, the run goes on", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb);
    const settings = JSON.parse(carried(wb).settings ? JSON.stringify(carried(wb).settings) : "{}");
    settings.history = [{ at: 5 }];
    wb.sheet(SETTINGS_SHEET)!.model.values = [[JSON.stringify(settings)]];
    const r = await ok(wb);
    expect(r.warnings).toContain("工作簿设置中的评定记录无法读取（可能被手工改动），本次未使用");
    expect(carried(wb).records.history).toHaveLength(1);
  });
});
