/**
 * 篇3 rates star by star; a star may be yes/no or a score out of 20 (earned at 16). There is no
 * meaningful sum of yes/no and scored stars, so 评定总分 is empty unless every star of the row is
 * scored (docs/schemes.md "model-organ").
 */
import { evaluateTable } from "../../src/engine";
import type { RawCell } from "../../src/engine/types";
import { makeTable, preset } from "./support";
import { rankRows } from "../../src/workbook/summary";

const STARS = ["theory", "institution", "activity", "vanguard", "selfBuilding"];

function evalModel(rows: RawCell[][]) {
  return evaluateTable(
    preset("model-organ"),
    makeTable(
      ["name", "group", ...STARS],
      rows.map((cells, i) => ({
        name: `第${i + 1}支部`,
        group: "机关",
        ...Object.fromEntries(STARS.map((id, k) => [id, cells[k]])),
      })),
    ),
  );
}

describe("model-organ 评定总分", () => {
  it("every star scored: the total is their sum out of 100, and stars count those at 16 or more", () => {
    const r = evalModel([[18, 17, 16, 15.5, 20]]).rows[0]!;
    expect(r.stars).toBe(4);
    expect(r.total).toBe(86.5);
    expect(r.explanation).toBe("获4星（理论学习星、制度落实星、党建活动星、自身建设星），总分86.50 → 四星");
  });

  it("one yes/no star among scores: no total, and the explanation names none", () => {
    const r = evalModel([[18, 17, "是", 15.5, 20]]).rows[0]!;
    expect(r.stars).toBe(4);
    expect(r.total).toBeNull();
    expect(r.explanation).toBe("获4星（理论学习星、制度落实星、党建活动星、自身建设星） → 四星");
  });

  it("ranking never uses a mixed sum: stars first, then the total only among rows that have one", () => {
    const ev = evalModel([
      ["是", "是", "是", "是", "否"], // 4 stars, no total
      [20, 20, 20, 20, 10], // 4 stars, total 90
      [18, "是", 17, 16, 5], // 4 stars, mixed: no total (would have been 56 + a yes)
      [20, 20, 20, 20, 20], // 5 stars, 100
    ]);
    expect(ev.rows.map((r) => r.total)).toEqual([null, 90, null, 100]);
    const ranked = rankRows(ev).map((x) => [x.rank, x.result.name]);
    expect(ranked).toEqual([
      [1, "第4支部"],
      [2, "第2支部"],
      [3, "第1支部"],
      [3, "第3支部"],
    ]);
  });

  it("model-organ has no eligibility rule", () => {
    expect(preset("model-organ").eligibility).toEqual([]);
    expect(evalModel([[20, 20, 20, 20, 20]]).rows[0]!.eligibility).toBe("");
  });
});

describe("model-organ: a 1 in a star column that holds scores", () => {
  it("is 1 point (no star), and the row says why where it happens; a column of 是/否 and 1s reads 1 as 是", () => {
    // Row 1's 1s are 是 while no row holds a score; row 2's 17 makes 理论学习星 a score column.
    const alone = evalModel([
      [1, 1, 1, 1, 1],
      ["是", "是", "是", "是", "是"],
    ]);
    expect(alone.rows[0]!.stars).toBe(5);
    expect(alone.rows[0]!.flags).toEqual([]);
    const mixed = evalModel([
      [1, 1, 1, 1, 1],
      [17, "是", "是", "是", "是"],
    ]);
    const first = mixed.rows[0]!;
    expect(first.stars).toBe(4);
    expect(first.flags.map((f) => [f.code, f.severity, f.cell, f.message])).toEqual([
      [
        "STAR_ONE_AS_POINTS",
        "warning",
        "D3",
        "理论学习星填 1：本列有高于 1 的分数，按分数读取（16分及以上得星），1 分未得星；如果 1 表示「是」，请改填「是」",
      ],
    ]);
    // The other columns have no score: their 1s are still 是.
    expect(mixed.rows[1]!.flags.map((f) => f.code)).not.toContain("STAR_ONE_AS_POINTS");
  });
});
