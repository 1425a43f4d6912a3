/**
 * A self score above the result is normal after a self-assessment: info, and a warning only when the
 * self score alone would reach a higher tier than the result. A declared star above the result stays
 * a warning (docs/schemes.md "Self score and declared star").
 */
import { evaluateTable } from "../../src/engine";
import type { RawCell } from "../../src/engine/types";
import { evalService, makeTable, preset, scoresFor, plainFlag } from "./support";

function selfFlag(total: number, selfScore: RawCell, extra: Record<string, RawCell> = {}) {
  return evalService(scoresFor(total), { selfScore, ...extra }).flags.find(
    (f) => f.code === "SELF_SCORE_HIGHER",
  );
}

describe("service-org self score (bands 95 / 90 / 80 / 70 / 60)", () => {
  it("88 with self 89.5: same tier alone (三星级), so info", () => {
    expect(plainFlag(selfFlag(88, 89.5))).toEqual({
      code: "SELF_SCORE_HIGHER",
      severity: "info",
      message: "自评分89.5高于评定总分88.00",
      cell: "H3",
    });
  });

  it("88 with self 90 (the 四星级 line): warning, saying the self score alone reaches a higher tier", () => {
    expect(plainFlag(selfFlag(88, 90))).toEqual({
      code: "SELF_SCORE_HIGHER",
      severity: "warning",
      message: "自评分90高于评定总分88.00，按自评分可评高于三星级的星级",
      cell: "H3",
    });
  });

  it("89.99 with self 90: warning; 89.99 with self 89.995: info", () => {
    expect(selfFlag(89.99, 90)?.severity).toBe("warning");
    expect(selfFlag(89.99, 89.995)?.severity).toBe("info");
  });

  it("at the top tier nothing is higher: 96 with self 99 is info", () => {
    expect(selfFlag(96, 99, { satisfaction: "96%" })?.severity).toBe("info");
  });

  it("compared with the result, not the band: 96 capped to 四星级 by satisfaction, self 96.5 is a warning", () => {
    const flag = selfFlag(96, 96.5, { satisfaction: "93%" });
    expect(flag?.severity).toBe("warning");
    expect(flag?.message).toBe("自评分96.5高于评定总分96.00，按自评分可评高于四星级的星级");
  });

  it("not higher: no flag", () => {
    expect(selfFlag(88, 88)).toBeUndefined();
    expect(selfFlag(88, 70)).toBeUndefined();
  });

  it("a realistic sheet: most self scores a little above the result are info, not warnings", () => {
    const rows = [
      [91, 93],
      [86, 88],
      [82, 84],
      [93, 94.5],
      [88, 91],
    ].map(([total, self]) => selfFlag(total!, self!)?.severity);
    expect(rows).toEqual(["info", "info", "info", "info", "warning"]);
  });
});

describe("star-branch self score (bands 95 / 85 / 75)", () => {
  function starSelf(score: number, selfScore: number) {
    const ev = evaluateTable(
      preset("star-branch"),
      makeTable(["name", "score", "selfScore"], [{ name: "a", score, selfScore }]),
    );
    return ev.rows[0]!.flags.find((f) => f.code === "SELF_SCORE_HIGHER");
  }

  it("80 with self 84.99: info; with self 85: warning", () => {
    expect(starSelf(80, 84.99)?.severity).toBe("info");
    expect(starSelf(80, 85)?.severity).toBe("warning");
  });

  it("below 75 (未评星) with self 75: warning", () => {
    expect(starSelf(70, 75)?.severity).toBe("warning");
  });
});

describe("declared star", () => {
  it("a declared star above the result stays a warning", () => {
    const r = evalService(scoresFor(91), { declaredStars: "五星级" });
    expect(r.flags.find((f) => f.code === "DECLARED_STAR_HIGHER")?.severity).toBe("warning");
  });
});

describe("star-branch declared star (三星起创: 未评星, 三星级, 四星级, 五星级)", () => {
  const declared = (score: number, declaredStars: RawCell) =>
    evaluateTable(
      preset("star-branch"),
      makeTable(["name", "score", "declaredStars"], [{ name: "甲", score, declaredStars }]),
    ).rows[0]!.flags.filter((f) => f.code === "DECLARED_STAR_HIGHER");

  it("a declared 一星级 or 二星级 is 未评星 too: not higher than 未评星", () => {
    expect(declared(60, "二星级")).toEqual([]);
    expect(declared(60, "一星级")).toEqual([]);
  });

  it("a declared 三星级 over 未评星, or 五星级 over 四星级, is higher", () => {
    expect(declared(60, "三星级").map((f) => f.message)).toEqual(["申报星级三星级高于评定结果未评星"]);
    expect(declared(88, "五星级")).toHaveLength(1);
    expect(declared(88, "四星级")).toEqual([]);
    expect(declared(80, "四星级")).toHaveLength(1);
  });
});
