/**
 * A column headed as 篇2's 标准7 (文体活动) that holds the number of activities is read as 文体活动次数
 * (at least two), not as 是/否, where 1 would pass as 是 and 2 or 3 be refused (docs/layout.md).
 */
import type { RawCell } from "../../src/engine/types";
import { render } from "../../src/messages";
import { recompute, type RecomputeResult } from "../../src/workbook";
import { NOW, preset, sheetOf } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

type Ok = RecomputeResult & { ok: true };

/** Every standard met but 标准7, whose column (headed `header`) holds `activities[i]` on branch i. */
function starSheet(header: string, activities: RawCell[], extra: RawCell[][] = []): RawCell[][] {
  const standards = Array.from({ length: 13 }, (_, i) => i + 1).filter((n) => n !== 7);
  const head = ["党支部名称", "所属党委", "考核分数", ...standards.map((n) => `标准${n}`), header];
  // Each branch in a 党委 of its own: 标准13 (考核排名第一) is true of one branch per 党委.
  const row = (v: RawCell, i: number): RawCell[] => [
    `第${i + 1}党支部`,
    `第${i + 1}党委`,
    97,
    ...standards.map(() => "是"),
    v,
  ];
  return [["2026年度星级党支部评定表"], head, ...activities.map(row), ...extra];
}

async function scored(
  rows: RawCell[][],
  mapping?: Record<string, string>,
): Promise<{ r: Ok; tiers: string[]; notices: string[] }> {
  const wb = new MemoryWorkbook([sheetOf("考评表", rows)]);
  const r = await recompute(wb, { now: NOW, rubric: preset("star-branch"), ...(mapping ? { mapping } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  return {
    r,
    tiers: r.evaluation.rows.map((x) => x.tier),
    notices: r.notices.map((n) => render(n, "zh")),
  };
}

describe("a 文体活动 column of counts", () => {
  it("is read as 文体活动次数: 2, 3 and 2次 meet 标准7, 1 and 0 do not, and the run says so", async () => {
    const { r, tiers, notices } = await scored(starSheet("文体活动", [3, 2, "2次", 1, 0]));
    expect(tiers).toEqual(["五星级", "五星级", "五星级", "四星级", "四星级"]);
    expect(r.layout.fields.std7Count?.column).toBe("P");
    expect(r.layout.fields.std7).toBeUndefined();
    expect(notices).toContain(
      "P 列「文体活动」填的是次数，按「文体活动次数」读取（2 次及以上为达到）；如该列是是/否，请改填是或否。",
    );
    const one = r.evaluation.rows[3]!;
    expect(one.flags.map((f) => f.code)).toContain("FIVE_STAR_STANDARD_UNMET");
    expect(one.flags.map((f) => f.code)).not.toContain("INVALID_VALUE");
  });

  it("written as 1次 alone is a count too: one activity does not meet 标准7", async () => {
    const { tiers } = await scored(starSheet("文体活动", ["1次", "1次"]));
    expect(tiers).toEqual(["四星级", "四星级"]);
  });

  it("a 是/否 column stays one, even with a 合计 row counting its 是", async () => {
    const { r, tiers, notices } = await scored(
      starSheet("文体活动", ["是", "是", "否"], [["合计", null, null, ...Array<RawCell>(12).fill(null), 2]]),
    );
    expect(tiers).toEqual(["五星级", "五星级", "四星级"]);
    expect(r.layout.fields.std7?.column).toBe("P");
    expect(notices.some((n) => n.includes("填的是次数"))).toBe(false);
  });

  it("a column of 1 and 0 only cannot be told from ticks: read as 是/否", async () => {
    const { r, tiers } = await scored(starSheet("文体活动", [1, 0]));
    expect(r.layout.fields.std7?.column).toBe("P");
    expect(tiers).toEqual(["五星级", "四星级"]);
  });

  it("the user's own mapping of the column to 标准7 is kept", async () => {
    const { r, tiers } = await scored(starSheet("文体活动", [3, 1]), { std7: "P" });
    expect(r.layout.fields.std7?.column).toBe("P");
    expect(r.layout.fields.std7Count).toBeUndefined();
    expect(tiers).toEqual(["四星级", "五星级"]);
  });

  it("beside a 文体活动次数 column of its own, 文体活动 stays the 是/否 standard", async () => {
    const rows = starSheet("文体活动", ["是", "是"]).map((line, i) =>
      i === 0 ? line : [...line, i === 1 ? "文体活动次数" : i === 2 ? 3 : 1],
    );
    const { r, tiers } = await scored(rows);
    expect(r.layout.fields.std7?.column).toBe("P");
    expect(r.layout.fields.std7Count?.column).toBe("Q");
    expect(tiers).toEqual(["五星级", "四星级"]);
  });
});
