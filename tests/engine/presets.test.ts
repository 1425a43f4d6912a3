import { evaluateTable, getPreset, parseRubric, presets } from "../../src/engine";
import type { RawCell } from "../../src/engine/types";
import { render } from "../../src/messages";
import { codes, evalService, makeTable, plainFlag, plainFlags, preset, scoresFor } from "./support";

describe("the three presets", () => {
  it("are exactly service-org, star-branch and model-organ", () => {
    expect(presets.map((p) => p.id)).toEqual(["service-org", "star-branch", "model-organ"]);
    expect(getPreset("star-branch")?.name).toBe("星级党支部（三星起创）");
    expect(getPreset("nope")).toBeUndefined();
  });

  it.each(presets.map((p) => [p.id, p] as const))("%s validates through parseRubric unchanged", (_id, p) => {
    const result = parseRubric(JSON.parse(JSON.stringify(p)));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.rubric).toEqual(p);
  });

  it.each(presets.map((p) => [p.id, p] as const))(
    "%s states its source and its choices as adjustable",
    (_id, p) => {
      expect(p.source.length).toBeGreaterThan(20);
      expect(p.notes.length).toBeGreaterThanOrEqual(5);
      for (const note of p.notes) expect(note).toMatch(/^（选择）/);
    },
  );

  it("are frozen (shipped read-only)", () => {
    const p = preset("service-org");
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.tiers)).toBe(true);
    expect(() => {
      (p as { name: string }).name = "x";
    }).toThrow(TypeError);
  });

  it("every preset has the common optional columns (SPEC §2.4)", () => {
    for (const p of presets) {
      const ids = p.fields.map((f) => f.id);
      for (const id of ["name", "group", "veto", "vetoReason", "priorStars", "declaredStars", "remark"]) {
        expect(ids).toContain(id);
      }
      expect(p.rules.map((r) => r.code)).toEqual(
        expect.arrayContaining(["VETO", "DECLARED_STAR_HIGHER", "TIER_JUMP"]),
      );
    }
  });
});

describe("service-org bands (95 / 90 / 80 / 70 / 60, lower bound inclusive)", () => {
  it.each([
    [100, 5, "五星级"],
    [95, 5, "五星级"],
    [94.99, 4, "四星级"],
    [94.5, 4, "四星级"],
    [90, 4, "四星级"],
    [89.99, 3, "三星级"],
    [80, 3, "三星级"],
    [79.99, 2, "二星级"],
    [70, 2, "二星级"],
    [69.99, 1, "一星级"],
    [60, 1, "一星级"],
    [59.99, 0, "无星"],
    [0, 0, "无星"],
  ])("total %p → %p stars (%s)", (total, stars, tier) => {
    const r = evalService(scoresFor(total));
    expect(r.total).toBe(total);
    expect(r.stars).toBe(stars);
    expect(r.tier).toBe(tier);
    expect(r.rated).toBe(true);
  });

  it("eligibility: 5 → city-level, 4 → may be rated, 3 or fewer → branch and secretary not this year", () => {
    expect(evalService(scoresFor(96)).eligibility).toBe("可推荐市级以上先进");
    expect(evalService(scoresFor(91)).eligibility).toBe("可评先进");
    expect(evalService(scoresFor(90)).eligibility).toBe("可评先进");
    expect(evalService(scoresFor(89.99)).eligibility).toBe("支部及负责人当年不得评先");
    expect(evalService(scoresFor(85)).eligibility).toBe("支部及负责人当年不得评先");
    expect(evalService(scoresFor(40)).eligibility).toBe("支部及负责人当年不得评先");
  });

  it("the explanation tells the chain", () => {
    const r = evalService([19, 19.5, 19, 20, 19], { satisfaction: "93%" });
    expect(r.total).toBe(96.5);
    expect(r.explanation).toBe("总分96.50 → 五星级；群众满意率93%低于95% → 四星级");
  });
});

describe("service-org satisfaction gate (95%)", () => {
  it.each<[RawCell, number]>([
    [0.95, 5],
    ["95%", 5],
    [95, 5],
    ["95", 5],
    [0.949, 4],
    ["94.9%", 4],
    [94.9, 4],
    [1, 5],
  ])("satisfaction %p at total 96 → %p stars", (sat, stars) => {
    const r = evalService(scoresFor(96), { satisfaction: sat });
    expect(r.stars).toBe(stars);
    expect(codes(r).includes("SATISFACTION_LOW")).toBe(stars === 4);
  });

  it("caps to 四星级 with a flag naming the cell and the value", () => {
    const r = evalService(scoresFor(96), { satisfaction: 0.93 });
    const flag = r.flags.find((f) => f.code === "SATISFACTION_LOW");
    // The flag carries its catalogue message: the same flag reads in English too.
    expect(flag && render(flag.text, "en")).toBe("Satisfaction 93% is below 95%");
    expect(plainFlag(flag)).toEqual({
      code: "SATISFACTION_LOW",
      severity: "warning",
      message: "群众满意率93%低于95%",
      cell: "H3",
    });
  });

  it.each([
    [0.9499999999, "群众满意率94.99999999%低于95%"],
    [0.9497, "群众满意率94.97%低于95%"],
    [0.94995, "群众满意率94.99%低于95%"],
  ])("a rate just under 95%% (%p) is never shown as 95%% in the flag", (sat, message) => {
    const r = evalService(scoresFor(96), { satisfaction: sat });
    expect(r.flags.find((f) => f.code === "SATISFACTION_LOW")?.message).toBe(message);
  });

  it("a blank satisfaction cell in a present column does not show 95%: capped, message says 未填", () => {
    const r = evalService(scoresFor(97), { satisfaction: "" });
    expect(r.stars).toBe(4);
    expect(r.flags.map((f) => f.message)).toContain("群众满意率未填，不能认定达到95%");
  });

  it("an invalid satisfaction is a warning and counts as blank", () => {
    const r = evalService(scoresFor(97), { satisfaction: "很好" });
    expect(r.stars).toBe(4);
    expect(r.flags[0]).toMatchObject({ code: "INVALID_VALUE", severity: "warning", cell: "H3" });
  });

  it("no satisfaction column: nothing capped, one NOT_CHECKED table flag", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(
        ["name", "system", "team", "mechanism", "support", "performance"],
        [{ name: "a", system: 20, team: 20, mechanism: 20, support: 20, performance: 20 }],
      ),
    );
    expect(ev.rows[0]!.stars).toBe(5);
    const notChecked = ev.tableFlags.filter((f) => f.code === "NOT_CHECKED");
    expect(notChecked.map((f) => f.message)).toContain("未检查群众满意率：表中没有该列");
    expect(notChecked.every((f) => f.severity === "info")).toBe(true);
  });

  // 篇1 三.2: every branch goes through 党员群众测评 (满意度测评), and 93% is flagged at any tier; a
  // blank result is said on every row too, not only where it caps (docs/schemes.md "群众满意率").
  it.each<[number, number, string]>([
    [94.99, 4, "四星级"],
    [85, 3, "三星级"],
    [60, 1, "一星级"],
    [59.99, 0, "无星"],
  ])("a blank satisfaction at %p points is flagged at H3 without changing %p stars", (total, stars, tier) => {
    const r = evalService(scoresFor(total), { satisfaction: "" });
    expect(r.stars).toBe(stars);
    expect(plainFlags(r.flags).filter((f) => f.code === "SATISFACTION_LOW")).toEqual([
      {
        code: "SATISFACTION_LOW",
        severity: "warning",
        message: "群众满意率未填，不能认定达到95%",
        cell: "H3",
      },
    ]);
    expect(r.explanation).toBe(`总分${total.toFixed(2)} → ${tier}`);
  });

  it("an unreadable satisfaction below 95 points says so twice: the cell, and that 95% is not shown", () => {
    const r = evalService(scoresFor(91), { satisfaction: "很好" });
    expect(r.stars).toBe(4);
    expect(plainFlags(r.flags).map((f) => [f.code, f.message, f.cell])).toEqual([
      ["INVALID_VALUE", "群众满意率：「很好」不是有效的百分比", "H3"],
      ["SATISFACTION_LOW", "群众满意率填写无效（无法识别），不能认定达到95%", "H3"],
    ]);
  });

  it("below 95% on a lower tier is flagged without changing the tier", () => {
    const r = evalService(scoresFor(85), { satisfaction: 0.9 });
    expect(r.stars).toBe(3);
    expect(codes(r)).toContain("SATISFACTION_LOW");
    expect(r.explanation).toBe("总分85.00 → 三星级");
  });
});

describe("star-branch (75 / 85 / 95, overlapping bounds read inclusive)", () => {
  const ALL_STD = Array.from({ length: 13 }, (_, i) => `std${i + 1}`);
  const allMet = Object.fromEntries(ALL_STD.map((id) => [id, "是"]));

  function evalStar(score: RawCell, extra: Record<string, RawCell> = allMet, ids = Object.keys(extra)) {
    return evaluateTable(
      preset("star-branch"),
      makeTable(["name", "score", ...ids], [{ name: "a", score, ...extra }]),
    ).rows[0]!;
  }

  it.each([
    [100, 5, "五星级"],
    [95, 5, "五星级"],
    [94.99, 4, "四星级"],
    [85, 4, "四星级"],
    [84.99, 3, "三星级"],
    [75, 3, "三星级"],
    [74.99, 0, "未评星"],
    [30, 0, "未评星"],
  ])("score %p → %p stars (%s)", (score, stars, tier) => {
    const r = evalStar(score);
    expect(r.stars).toBe(stars);
    expect(r.tier).toBe(tier);
    expect(r.total).toBe(score);
  });

  it("one unmet standard caps 五星级 at 四星级 and names it", () => {
    const r = evalStar(97, { ...allMet, std4: "否", std12: "×" });
    expect(r.stars).toBe(4);
    expect(r.flags[0]).toMatchObject({
      code: "FIVE_STAR_STANDARD_UNMET",
      message: "未达到五星级标准：4.三年无违法违纪、12.工作创新",
    });
    expect(r.explanation).toBe(
      "总分97.00 → 五星级；未达到五星级标准：4.三年无违法违纪、12.工作创新 → 四星级",
    );
  });

  it("standard 7 as a count (文体活动次数 ≥ 2) and standard 9 as two 100% rates", () => {
    const base = Object.fromEntries(
      ALL_STD.filter((id) => id !== "std7" && id !== "std9").map((id) => [id, "√"]),
    );
    const met = evalStar(96, { ...base, std7Count: 2, std9Participation: "100%", std9Pass: 1 });
    expect(met.stars).toBe(5);
    const short = evalStar(96, { ...base, std7Count: 1, std9Participation: "100%", std9Pass: 0.98 });
    expect(short.stars).toBe(4);
    expect(short.flags[0]!.message).toBe("未达到五星级标准：7.文体活动、9.民主评议");
  });

  it("no checklist columns: nothing capped, the table says the standards were not checked", () => {
    const ev = evaluateTable(preset("star-branch"), makeTable(["name", "score"], [{ name: "a", score: 99 }]));
    expect(ev.rows[0]!.stars).toBe(5);
    expect(ev.tableFlags.map((f) => f.message)).toContain(
      "未检查五星级标准：表中没有1.参会及任务完成、2.班子健全团结、3.学习型组织创建、4.三年无违法违纪、5.创先争优、6.无违规通报、7.文体活动、8.三年无工作失误、9.民主评议、10.制度档案规范、11.计划落实、12.工作创新、13.考核排名第一列",
    );
  });

  it("some checklist columns: the present ones are checked, the rest reported", () => {
    const ev = evaluateTable(
      preset("star-branch"),
      makeTable(["name", "score", "std1", "std2"], [{ name: "a", score: 99, std1: "是", std2: "否" }]),
    );
    expect(ev.rows[0]!.stars).toBe(4);
    const msg = ev.tableFlags.find((f) => f.message.startsWith("五星级标准部分未检查"))?.message;
    expect(msg).toContain("3.学习型组织创建");
    expect(msg).not.toContain("1.参会及任务完成");
  });

  it("a blank standard counts as not met and says so", () => {
    const r = evalStar(99, { ...allMet, std3: "" });
    expect(r.stars).toBe(4);
    expect(r.flags[0]!.message).toBe("未达到五星级标准：3.学习型组织创建（未填）");
  });
});

describe("model-organ (stars earned one by one, 16 of 20)", () => {
  const STARS = ["theory", "institution", "activity", "vanguard", "selfBuilding"];
  function evalModel(cells: RawCell[], extra: Record<string, RawCell> = {}) {
    const row: Record<string, RawCell> = { name: "a", ...extra };
    STARS.forEach((id, i) => (row[id] = cells[i]));
    return evaluateTable(preset("model-organ"), makeTable(["name", ...STARS, ...Object.keys(extra)], [row]))
      .rows[0]!;
  }

  it.each([
    [[16, 16, 16, 16, 16], 5, "五星"],
    [[15.99, 16, 16, 16, 16], 4, "四星"],
    [[15.99, 15.99, 20, 20, 20], 3, "三星"],
    [[0, 0, 0, 0, 16], 1, "一星"],
    [[15, 15, 15, 15, 15], 0, "未获星"],
  ])("scores %p → %p stars (%s)", (cells, stars, tier) => {
    const r = evalModel(cells);
    expect(r.stars).toBe(stars);
    expect(r.tier).toBe(tier);
  });

  it("yes/no cells count stars; with any yes/no star there is no total (no mixed sum)", () => {
    const r = evalModel(["是", "√", 18, "否", "达标"]);
    expect(r.stars).toBe(4);
    expect(r.total).toBeNull();
    const none = evalModel(["是", "是", "否", "否", "是"]);
    expect(none.total).toBeNull();
    expect(none.tier).toBe("三星");
  });

  it("党员队伍星 is an alias of 党员先锋星", () => {
    const f = preset("model-organ").fields.find((x) => x.id === "vanguard")!;
    expect(f.aliases).toContain("党员队伍星");
  });

  it("a bare 1/0 is yes/no, unless its column holds scores above 1", () => {
    expect(evalModel([1, 1, 1, 0, 1]).stars).toBe(4);
    const ev = evaluateTable(
      preset("model-organ"),
      makeTable(
        ["name", ...STARS],
        [
          { name: "a", theory: 18, institution: 1, activity: 1, vanguard: 1, selfBuilding: 1 },
          { name: "b", theory: 1, institution: 1, activity: 1, vanguard: 1, selfBuilding: 1 },
        ],
      ),
    );
    // theory holds a score (18), so its 1 on row b is one point: not earned.
    expect(ev.rows[1]!.stars).toBe(4);
    expect(ev.rows[0]!.stars).toBe(5);
  });

  it("a veto gives 未获星", () => {
    const r = evalModel([20, 20, 20, 20, 20], { veto: "是", vetoReason: "违纪" });
    expect(r.stars).toBe(0);
    expect(r.tier).toBe("未获星");
  });
});
