/** Reading last year's results (--prior, src/workbook/prior.ts): where they are and what they say. */
import { recompute, type RecomputeResult } from "../../src/workbook";
import type { RawCell } from "../../src/engine/types";
import { priorFromSheet, readPrior } from "../../src/workbook/prior";
import { NOW, SERVICE_HEADER, sheetOf, smallServiceSheet } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

describe("last year's results", () => {
  it("a branch inserted by hand into last year's scored sheet does not push its last branch out", async () => {
    const lastYear = new MemoryWorkbook([smallServiceSheet("2025年")]);
    const scored = await recompute(lastYear, { now: NOW });
    expect(scored.ok).toBe(true);
    // A late branch typed in after the run, with its 评定星级 (K..P are the result columns).
    const values = lastYear.sheet("2025年")!.model.values;
    values.splice(4, 0, [9, "第九党支部", "机关党委", 16, 16, 16, 16, 16, 0.95, "否", 80, 3, "三星级"]);
    const read = await readPrior(lastYear, "2025.xlsx");
    expect(read.ok && read.prior.entries.map((e) => [e.name, e.stars])).toEqual([
      ["第一党支部", 5],
      ["第二党支部", 4],
      ["第九党支部", 3],
      ["第三党支部", 4],
      ["第四党支部", 3],
      ["第五党支部", null],
    ]);
  });

  it("reads 评定星级 typed as stars (★★★★, ★★★☆☆) as that many stars", () => {
    const read = priorFromSheet(
      sheetOf("2025年", [
        ["党支部名称", "评定星级"],
        ["第一党支部", "★★★★"],
        ["第二党支部", "★★★☆☆"],
        ["第三党支部", "★★★★★ 五星级"],
      ]),
      null,
      "2025.xlsx",
    );
    expect(read.ok && read.prior.entries.map((e) => [e.name, e.stars])).toEqual([
      ["第一党支部", 4],
      ["第二党支部", 3],
      ["第三党支部", 5],
    ]);
  });
});

/** Two 宣传处党支部 this year, under different 党委; the one under 直属党委 is new. */
function twoOfOneName(): MemoryWorkbook {
  return new MemoryWorkbook([
    sheetOf("评分表", [
      ["2026年度评定表"],
      SERVICE_HEADER,
      [1, "宣传处党支部", "直属党委", 13, 13, 13, 13, 13, 0.98, "否"],
      [2, "宣传处党支部", "机关党委", 19, 19, 19, 19, 19, 0.98, "否"],
      [3, "财务处党支部", "机关党委", 18, 18, 18, 18, 18, 0.98, "否"],
    ]),
  ]);
}

async function withLastYear(rows: RawCell[][]): Promise<RecomputeResult & { ok: true }> {
  const read = priorFromSheet(
    sheetOf("2025年", [["党支部名称", "所属党委", "评定星级"], ...rows]),
    null,
    "2025.xlsx",
  );
  if (!read.ok) throw read.error;
  const r = await recompute(twoOfOneName(), { now: NOW, prior: read.prior });
  if (!r.ok) throw r.error;
  return r;
}

function priorOf(r: RecomputeResult & { ok: true }, row: number): unknown {
  return r.evaluation.rows.find((x) => x.row === row)?.values.priorStars;
}

describe("branches of one name under different 党委", () => {
  it("a new branch of a name last year had once does not take the other's stars", async () => {
    const r = await withLastYear([
      ["宣传处党支部", "机关党委", "五星级"],
      ["财务处党支部", "机关党委", "四星级"],
    ]);
    expect(priorOf(r, 3)).toBeUndefined();
    expect(r.evaluation.rows[0]!.flags.map((f) => f.code)).not.toContain("TIER_JUMP");
    expect(priorOf(r, 4)).toBe(5);
    const s = r.reviewSections.find((x) => x.title === "上年星级对照")!;
    expect(s.rows).toEqual([["宣传处党支部（直属党委）", "本表有，上年结果中没有此名称（新设或改名？）"]]);
  });

  it("each takes last year's stars of its own 党委", async () => {
    const r = await withLastYear([
      ["宣传处党支部", "机关党委", "五星级"],
      ["宣传处党支部", "直属党委", "一星级"],
      ["财务处党支部", "机关党委", "四星级"],
    ]);
    expect(priorOf(r, 3)).toBe(1);
    expect(priorOf(r, 4)).toBe(5);
    expect(priorOf(r, 5)).toBe(4);
    expect(r.reviewSections.find((x) => x.title === "上年星级对照")!.rows).toEqual([]);
  });

  it("a name twice last year and once now takes its 党委's stars; the other is listed", async () => {
    const r = await withLastYear([
      ["宣传处党支部", "机关党委", "五星级"],
      ["财务处党支部", "机关党委", "四星级"],
      ["财务处党支部", "直属党委", "二星级"],
    ]);
    expect(priorOf(r, 5)).toBe(4);
    expect(r.reviewSections.find((x) => x.title === "上年星级对照")!.rows).toEqual([
      ["宣传处党支部（直属党委）", "本表有，上年结果中没有此名称（新设或改名？）"],
      ["财务处党支部（直属党委）", "上年结果中有，本表没有此名称"],
    ]);
  });

  it("last year without 所属党委 cannot tell two of one name apart: neither takes the one result, and it is said", async () => {
    const read = priorFromSheet(
      sheetOf("2025年", [
        ["党支部名称", "评定星级"],
        ["宣传处党支部", "五星级"],
        ["财务处党支部", "四星级"],
      ]),
      null,
      "2025.xlsx",
    );
    if (!read.ok) throw read.error;
    const r = await recompute(twoOfOneName(), { now: NOW, prior: read.prior });
    if (!r.ok) throw r.error;
    expect([priorOf(r, 3), priorOf(r, 4), priorOf(r, 5)]).toEqual([undefined, undefined, 4]);
    const s = r.reviewSections.find((x) => x.title === "上年星级对照")!;
    expect(s.note).toContain("匹配 1 个；以下名称未能对应");
    expect(s.rows).toEqual([["宣传处党支部", "本表有多个同名支部，上年结果无法按所属党委区分它们，未取用"]]);
  });

  it("a branch that moved to another 党委 keeps its stars when its name is not shared", async () => {
    const r = await withLastYear([["财务处党支部", "直属党委", "二星级"]]);
    expect(priorOf(r, 5)).toBe(2);
  });
});

describe("last year's 星数 and 评定星级", () => {
  const lastYear = (rows: RawCell[][]) =>
    priorFromSheet(sheetOf("2025年", [["党支部名称", "星数", "评定星级"], ...rows]), null, "2025.xlsx");

  it("agreeing, give the stars", () => {
    const read = lastYear([["第一党支部", 5, "五星级"]]);
    expect(read.ok && read.prior.entries).toEqual([{ name: "第一党支部", stars: 5, tier: "五星级" }]);
  });

  it("disagreeing (one edited by hand since the run), neither is used and the branch is listed", async () => {
    const read = lastYear([
      ["宣传处党支部", 5, "四星级"],
      ["财务处党支部", 4, "四星级"],
    ]);
    if (!read.ok) throw read.error;
    expect(read.prior.entries[0]).toEqual({
      name: "宣传处党支部",
      stars: null,
      tier: "四星级",
      conflictingStars: 5,
    });
    const r = await recompute(twoOfOneName(), { now: NOW, prior: read.prior });
    if (!r.ok) throw r.error;
    expect([priorOf(r, 3), priorOf(r, 4), priorOf(r, 5)]).toEqual([undefined, undefined, 4]);
    expect(r.reviewSections.find((x) => x.title === "上年星级对照")!.rows).toEqual([
      ["宣传处党支部", "上年结果中星数（5）与评定星级（四星级）不一致，未取用：请核对上年文件"],
    ]);
  });
});
