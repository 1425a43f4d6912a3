import {
  evaluateRow,
  evaluateTable,
  flagText,
  matchHeader,
  formatFlagsCell,
  parseRubric,
  tierLabel,
} from "../../src/engine";
import type { Rubric } from "../../src/engine/types";
import {
  codes,
  evalService,
  makeTable,
  preset,
  scoresFor,
  serviceRow,
  SERVICE_CRITERIA,
  plainFlag,
  plainFlags,
} from "./support";

const ALL_SERVICE = [
  "name",
  ...SERVICE_CRITERIA,
  "satisfaction",
  "zeroErrors",
  "selfScore",
  "declaredStars",
  "classification",
  "veto",
  "vetoReason",
  "priorStars",
];

describe("reading a row: not rated", () => {
  it("a blank required criterion makes the row not rated and names the cell", () => {
    const r = evalService([19, "", 19, 20, 19]);
    expect(r.rated).toBe(false);
    expect(r.tier).toBe("未评定");
    expect(r.total).toBeNull();
    expect(r.stars).toBeNull();
    expect(r.eligibility).toBe("");
    expect(plainFlags(r.flags)).toEqual([
      { code: "MISSING_VALUE", severity: "error", message: "缺少服务队伍分数", cell: "D3" },
    ]);
    expect(flagText(r.flags[0]!)).toBe("D3 缺少服务队伍分数");
    expect(r.explanation).toBe("缺少服务队伍分数 → 未评定");
  });

  it("an invalid score (text, Excel error, date) makes the row not rated", () => {
    const a = evalService([19, "十八", 19, 20, 19]);
    expect(a.rated).toBe(false);
    expect(a.flags[0]).toMatchObject({ code: "INVALID_VALUE", severity: "error", cell: "D3" });
    expect(a.flags[0]!.message).toBe("服务队伍：「十八」不是有效的分数");
    const b = evalService([{ error: "#N/A" }, 18, 19, 20, 19]);
    expect(b.flags[0]!.message).toBe("服务体系：单元格为错误值#N/A");
    const c = evalService([new Date(2026, 0, 1), 18, 19, 20, 19]);
    expect(c.flags[0]!.message).toBe("服务体系：日期不是分数");
    expect(c.rated).toBe(false);
  });

  it("a score outside 0..max is OUT_OF_RANGE and not rated", () => {
    const r = evalService([21, 18, 19, 20, 19]);
    expect(r.rated).toBe(false);
    expect(plainFlags(r.flags)).toEqual([
      { code: "OUT_OF_RANGE", severity: "error", message: "服务体系21超出0–20", cell: "C3" },
    ]);
    expect(evalService([-0.5, 18, 19, 20, 19]).flags[0]!.code).toBe("OUT_OF_RANGE");
    expect(evalService([1e308, 18, 19, 20, 19]).flags[0]!.message).toBe("服务体系1e+308超出0–20");
    expect(evalService([20, 20, 20, 20, 20]).rated).toBe(true);
  });

  it("lists every bad cell, most severe first", () => {
    const r = evalService(["", 30, "x", 20, 19], { satisfaction: "abc" });
    expect(codes(r)).toEqual(["MISSING_VALUE", "OUT_OF_RANGE", "INVALID_VALUE", "INVALID_VALUE"]);
    expect(r.flags.map((f) => f.severity)).toEqual(["error", "error", "error", "warning"]);
    expect(formatFlagsCell(r.flags)).toBe(
      "C3 缺少服务体系分数；D3 服务队伍30超出0–20；E3 服务机制：「x」不是有效的分数；H3 群众满意率：「abc」不是有效的百分比",
    );
  });
});

describe("exact totals", () => {
  it("18.333 + 18.333 + 18.334 + 20 + 20 is exactly 95 (五星级)", () => {
    const r = evalService([18.333, 18.333, 18.334, 20, 20]);
    expect(r.total).toBe(95);
    expect(r.stars).toBe(5);
    expect(r.explanation).toBe("总分95.00 → 五星级");
  });

  it("the rounded total is the one tiered: 94.995 → 95.00 (half-up on the decimal value)", () => {
    const r = evalService([18.999, 19, 19, 19, 18.996]);
    expect(r.total).toBe(95);
    expect(r.stars).toBe(5);
    const below = evalService([18.999, 19, 19, 19, 18.995]);
    expect(below.total).toBe(94.99);
    expect(below.stars).toBe(4);
  });

  it("binary-float sums that JavaScript gets wrong come out right", () => {
    // 0.1 + 0.2 !== 0.3 in binary; the engine sums decimal values.
    expect(evalService([0.1, 0.2, 19.7, 20, 20]).total).toBe(60);
    expect(evalService([19.1, 19.2, 19.3, 19.4, 18.995]).total).toBe(96);
  });

  it("a column total is rounded the same way", () => {
    const ev = evaluateTable(
      preset("star-branch"),
      makeTable(
        ["name", "score"],
        [
          { name: "a", score: 94.995 },
          { name: "b", score: 84.994 },
        ],
      ),
    );
    expect(ev.rows.map((r) => [r.total, r.stars])).toEqual([
      [95, 5],
      [84.99, 3],
    ]);
  });
});

describe("rules", () => {
  it("VETO: no star whatever the score, with the reason", () => {
    const r = evalService(scoresFor(99), { veto: "是", vetoReason: "违反中央八项规定精神" });
    expect(r.stars).toBe(0);
    expect(r.tier).toBe("无星");
    expect(r.eligibility).toBe("支部及负责人当年不得评先");
    expect(plainFlag(r.flags[0])).toEqual({
      code: "VETO",
      severity: "error",
      message: "一票否决：违反中央八项规定精神",
      cell: "H3",
    });
    expect(r.explanation).toBe("总分99.00 → 五星级；一票否决：违反中央八项规定精神 → 无星");
  });

  it("VETO on a row not rated for a blank score is flagged and told, the row staying 未评定", () => {
    const r = evalService([19, null, 19, 19, 19], { veto: "是", vetoReason: "违反中央八项规定精神" });
    expect(r.rated).toBe(false);
    expect(r.tier).toBe("未评定");
    expect(plainFlags(r.flags).map((f) => [f.code, f.severity, f.message])).toEqual([
      ["MISSING_VALUE", "error", "缺少服务队伍分数"],
      ["VETO", "error", "一票否决：违反中央八项规定精神"],
    ]);
    expect(r.explanation).toBe("缺少服务队伍分数；一票否决：违反中央八项规定精神 → 未评定");
    // No veto: as before.
    const plain = evalService([19, null, 19, 19, 19], { veto: "否" });
    expect(plain.explanation).toBe("缺少服务队伍分数 → 未评定");
  });

  it("VETO without a reason says so; a blank or 否 veto does not fire", () => {
    expect(evalService(scoresFor(99), { veto: true }).flags[0]!.message).toBe("一票否决：未注明事由");
    expect(evalService(scoresFor(99), { veto: "否" }).stars).toBe(5);
    expect(evalService(scoresFor(99), { veto: "" }).stars).toBe(5);
    expect(evalService(scoresFor(99), { veto: "" }).flags).toEqual([]);
  });

  it("SELF_SCORE_HIGHER when the self score is above the total (not when equal); info within the tier", () => {
    const r = evalService(scoresFor(88), { selfScore: "88.5分" });
    expect(plainFlags(r.flags)).toContainEqual({
      code: "SELF_SCORE_HIGHER",
      severity: "info",
      message: "自评分88.5高于评定总分88.00",
      cell: "H3",
    });
    expect(codes(evalService(scoresFor(88), { selfScore: 88 }))).not.toContain("SELF_SCORE_HIGHER");
  });

  it("DECLARED_STAR_HIGHER when the declared star is above the result", () => {
    const r = evalService(scoresFor(91), { declaredStars: "五星级" });
    expect(plainFlags(r.flags)).toContainEqual({
      code: "DECLARED_STAR_HIGHER",
      severity: "warning",
      message: "申报星级五星级高于评定结果四星级",
      cell: "H3",
    });
    expect(codes(evalService(scoresFor(91), { declaredStars: "★★★★" }))).not.toContain(
      "DECLARED_STAR_HIGHER",
    );
  });

  it.each([
    ["先进", 85, false],
    ["先进", 75, true],
    ["一般", 75, false],
    ["一般", 65, false],
    ["一般", 85, true],
    ["一般", 50, true],
    ["后进", 50, false],
    ["后进", 61, true],
  ])("CLASS_MISMATCH: %s at %p → flagged %p (flag only, tier unchanged)", (klass, total, flagged) => {
    const r = evalService(scoresFor(total), { classification: klass });
    expect(codes(r).includes("CLASS_MISMATCH")).toBe(flagged);
    expect(r.total).toBe(total);
  });

  it.each([
    [3, 91, false],
    [3, 96, true],
    [5, 85, true],
    [5, 91, false],
    [0, 65, false],
  ])("TIER_JUMP: last year %p stars, total %p → flagged %p", (prior, total, flagged) => {
    const r = evalService(scoresFor(total), { priorStars: prior });
    expect(codes(r).includes("TIER_JUMP")).toBe(flagged);
  });

  it("TIER_JUMP message names last year's tier and this year's", () => {
    const r = evalService(scoresFor(96), { priorStars: "三星级" });
    expect(r.flags.find((f) => f.code === "TIER_JUMP")!.message).toBe(
      "较上年三星级变化超过一级（现为五星级）",
    );
  });
});

describe("NEAR_NEXT_TIER", () => {
  it("差0.5分可评五星级 at 94.5", () => {
    const r = evalService(scoresFor(94.5));
    expect(plainFlags(r.flags)).toEqual([
      { code: "NEAR_NEXT_TIER", severity: "info", message: "差0.5分可评五星级" },
    ]);
  });

  it("within nearNext (1 point, inclusive), not beyond", () => {
    expect(evalService(scoresFor(89)).flags.map((f) => f.message)).toEqual(["差1分可评四星级"]);
    expect(evalService(scoresFor(88.99)).flags).toEqual([]);
    expect(evalService(scoresFor(59.99)).flags.map((f) => f.message)).toEqual(["差0.01分可评一星级"]);
    expect(evalService(scoresFor(100)).flags).toEqual([]);
  });

  it("not noted when the row was capped, or when a gate would stop it at the next band", () => {
    expect(codes(evalService(scoresFor(94.5), { veto: "是" }))).not.toContain("NEAR_NEXT_TIER");
    expect(codes(evalService(scoresFor(94.5), { satisfaction: 0.9 }))).not.toContain("NEAR_NEXT_TIER");
    expect(codes(evalService(scoresFor(94.5), { satisfaction: 0.96 }))).toContain("NEAR_NEXT_TIER");
  });
});

describe("table-level", () => {
  it("DUPLICATE_NAME on every copy, names compared without spaces", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(
        ["name", ...SERVICE_CRITERIA],
        [
          serviceRow(scoresFor(80), {}, "第一党支部"),
          serviceRow(scoresFor(80), {}, "第二党支部"),
          serviceRow(scoresFor(80), {}, " 第一 党支部"),
        ],
      ),
    );
    expect(plainFlags(ev.rows[0]!.flags)).toEqual([
      {
        code: "DUPLICATE_NAME",
        severity: "warning",
        message: "党支部名称「第一党支部」重复（另见第5行）",
        cell: "B3",
      },
    ]);
    expect(ev.rows[2]!.flags[0]).toMatchObject({ code: "DUPLICATE_NAME", cell: "B5" });
    expect(plainFlags(ev.rows[1]!.flags)).toEqual([]);
  });

  it("DUPLICATE_NAME in a large table finds every repeated name and only those, in row order", () => {
    // 3,000 rows: every 7th repeats the name 5 rows up, every 11th the first row's; the rest unique.
    const names = Array.from({ length: 3000 }, (_, i) =>
      i > 0 && i % 11 === 0 ? "第0党支部" : i >= 5 && i % 7 === 0 ? `第${i - 5}党支部` : `第${i}党支部`,
    );
    const rows = names.map((name) => serviceRow(scoresFor(80), {}, name));
    const ev = evaluateTable(preset("service-org"), makeTable(["name", ...SERVICE_CRITERIA], rows));
    const flagged = ev.rows.filter((r) => r.flags.some((f) => f.code === "DUPLICATE_NAME")).map((r) => r.row);
    // What a plain count says: the rows whose name is on more than one row.
    const count = new Map<string, number>();
    for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
    const expected = names.flatMap((n, i) => ((count.get(n) ?? 0) > 1 ? [i + 3] : []));
    expect(flagged).toEqual(expected);
    expect(flagged.length).toBeGreaterThan(600);
    const first = ev.rows[0]!.flags.find((f) => f.code === "DUPLICATE_NAME")!;
    expect(first.message).toBe("党支部名称「第0党支部」重复（另见第14、25、36、47、58行等，另有267处）");
  });

  it("DUPLICATE_NAME names five other rows at most, then how many more (one name pasted 2,000 times)", () => {
    const rows = Array.from({ length: 2000 }, () => serviceRow(scoresFor(80), {}, "第一党支部"));
    const ev = evaluateTable(preset("service-org"), makeTable(["name", ...SERVICE_CRITERIA], rows));
    expect(ev.rows[0]!.flags[0]!.message).toBe(
      "党支部名称「第一党支部」重复（另见第4、5、6、7、8行等，另有1994处）",
    );
    expect(ev.rows[3]!.flags[0]!.message).toBe(
      "党支部名称「第一党支部」重复（另见第3、4、5、7、8行等，另有1994处）",
    );
    const en = evaluateTable(
      preset("service-org"),
      makeTable(["name", ...SERVICE_CRITERIA], rows.slice(0, 7)),
      {
        lang: "en",
      },
    );
    expect(en.rows[6]!.flags[0]!.message).toBe(
      'Branch name "第一党支部" also on rows 3, 4, 5, 6, 7 and 1 more',
    );
    expect(Math.max(...ev.rows.map((r) => r.flags[0]!.message.length))).toBeLessThan(60);
  });

  it("MISSING_NAME: the row is still rated", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(["name", ...SERVICE_CRITERIA], [serviceRow(scoresFor(80), {}, "")]),
    );
    expect(plainFlags(ev.rows[0]!.flags)).toEqual([
      { code: "MISSING_NAME", severity: "warning", message: "缺少党支部名称", cell: "B3" },
    ]);
    expect(ev.rows[0]!.stars).toBe(3);
  });

  it("MISSING_COLUMN: a required column absent is a table error and rows are not rated", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(["name", "system", "team"], [{ name: "a", system: 20, team: 20 }]),
    );
    expect(plainFlag(ev.tableFlags[0])).toEqual({
      code: "MISSING_COLUMN",
      severity: "error",
      message: "缺少必需的列：服务机制、服务保障、服务业绩",
    });
    expect(ev.rows[0]!.rated).toBe(false);
  });

  it("NOT_CHECKED once per rule, not per row", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(
        ["name", ...SERVICE_CRITERIA],
        [serviceRow(scoresFor(80)), serviceRow(scoresFor(90), {}, "b")],
      ),
    );
    const messages = ev.tableFlags.filter((f) => f.code === "NOT_CHECKED").map((f) => f.message);
    expect(messages).toEqual([
      "未检查群众满意率：表中没有该列",
      "未检查政务服务零差错：表中没有该列",
      "未检查一票否决：表中没有该列",
      "未检查自评分核对：表中没有自评分列",
      "未检查申报星级核对：表中没有申报星级列",
      "未检查晋位升级等次核对：表中没有晋位升级等次列",
      "未检查星级动态变化：表中没有上年星级列",
    ]);
    expect(ev.rows.every((r) => r.flags.every((f) => f.code !== "NOT_CHECKED"))).toBe(true);
  });

  it("every optional column present: no NOT_CHECKED", () => {
    const ev = evaluateTable(preset("service-org"), makeTable(ALL_SERVICE, [serviceRow(scoresFor(80))]));
    expect(plainFlags(ev.tableFlags)).toEqual([]);
    expect(ev.rubric).toEqual({ id: "service-org", version: "1.1.1" });
  });
});

describe("English", () => {
  it("messages, tiers and the explanation follow lang: en", () => {
    const r = evalService([19, 19.5, 19, 20, 19], { satisfaction: "93%" }, undefined, { lang: "en" });
    expect(r.tier).toBe("4 stars");
    expect(r.explanation).toBe("Total 96.50 → 5 stars; satisfaction 93% is below 95% → 4 stars");
    // The same words standing alone as a flag start with a capital.
    expect(r.flags.find((f) => f.code === "SATISFACTION_LOW")!.message).toBe("Satisfaction 93% is below 95%");
    expect(r.eligibility).toBe("Eligible for honours");
    const declared = evalService(scoresFor(65), { declaredStars: "二星级" }, undefined, { lang: "en" });
    expect(declared.flags.find((f) => f.code === "DECLARED_STAR_HIGHER")!.message).toBe(
      "Declared 2 stars, higher than the result (1 star)",
    );
    const m = evalService([19, "", 19, 20, 19], {}, [], { lang: "en" });
    expect(m.flags[0]!.message).toBe("Service team is missing");
    expect(m.tier).toBe("Not rated");
  });
});

describe("custom rubrics", () => {
  function rubric(patch: Partial<Rubric> & Record<string, unknown>): Rubric {
    const base = {
      id: "custom",
      name: "自定义",
      version: "1",
      fields: [
        { id: "name", label: "名称", role: "name", required: true },
        { id: "a", label: "甲", role: "criterion", max: 50, required: true },
        { id: "b", label: "乙", role: "criterion", max: 50, required: true },
        { id: "ok", label: "达标", role: "check" },
        { id: "note", label: "说明", role: "text" },
      ],
      score: { method: "sum", decimals: 1 },
      tiers: {
        kind: "bands",
        bands: [
          { stars: 5, label: "五", min: 90 },
          { stars: 4, label: "四", min: 80 },
          { stars: 3, label: "三", min: 70 },
        ],
        below: { label: "无" },
      },
      ...patch,
    };
    const parsed = parseRubric(base);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.rubric;
  }
  const table = (a: number, b: number, extra: Record<string, unknown> = {}) =>
    makeTable(
      ["name", "a", "b", "ok", "note"],
      [{ name: "x", a, b, ok: "是", note: "", ...(extra as object) }],
    );

  it("weighted sums are exact and rounded to the rubric's decimals", () => {
    const plain = rubric({});
    const weighted = plain.fields.map((f) =>
      f.id === "a" ? { ...f, weight: 0.4 } : f.id === "b" ? { ...f, weight: 0.6 } : f,
    );
    const r = rubric({ score: { method: "weighted", decimals: 2 }, fields: weighted });
    // 0.4 × 33.33 + 0.6 × 44.45 = 13.332 + 26.67 = 40.002 → 40.00
    expect(evaluateTable(r, table(33.33, 44.45)).rows[0]!.total).toBe(40);
    // sum method with 1 decimal: 45.05 + 44.9 = 89.95 → 90.0 (half-up)
    expect(evaluateTable(rubric({}), table(45.05, 44.9)).rows[0]!.stars).toBe(5);
  });

  it("gates run top down to a fixed point; each change is recorded", () => {
    const r = rubric({
      rules: [
        {
          code: "NEED_OK",
          kind: "gate",
          severity: "warning",
          message: "未达标",
          minStars: 5,
          capTo: 4,
          when: { field: "ok", op: "is", value: true },
        },
        {
          code: "FOUR_NEEDS_NOTE",
          kind: "gate",
          severity: "warning",
          message: "四星需说明",
          minStars: 4,
          capTo: 3,
          when: { not: { field: "note", op: "is", value: null } },
        },
      ],
    });
    const row = evaluateTable(r, table(48, 47, { ok: "否" })).rows[0]!;
    expect(row.stars).toBe(3);
    expect(row.explanation).toBe("总分95.0 → 五；未达标 → 四；四星需说明 → 三");
    expect(codes(row)).toEqual(["NEED_OK", "FOUR_NEEDS_NOTE"]);
    const noted = evaluateTable(r, table(48, 47, { ok: "否", note: "已整改" })).rows[0]!;
    expect(noted.stars).toBe(4);
  });

  it("a veto with a cap outcome only lowers", () => {
    const r = rubric({
      rules: [
        {
          code: "CAPPED",
          kind: "veto",
          severity: "error",
          message: "封顶",
          when: { field: "ok", op: "is", value: false },
          outcome: { kind: "cap", stars: 3 },
        },
      ],
    });
    expect(evaluateTable(r, table(48, 47, { ok: "否" })).rows[0]!.stars).toBe(3);
    expect(evaluateTable(r, table(30, 30, { ok: "否" })).rows[0]!.stars).toBe(0);
    expect(evaluateTable(r, table(48, 47, { ok: "是" })).rows[0]!.stars).toBe(5);
  });

  it("checks with ValueRefs and the in operator", () => {
    const r = rubric({
      rules: [
        {
          code: "A_ABOVE_B",
          kind: "check",
          severity: "info",
          message: "甲{a}高于乙{b}加5",
          when: { field: "a", op: ">", value: { ref: "b", add: 5 } },
        },
        {
          code: "IN_LIST",
          kind: "check",
          severity: "info",
          message: "{tier}",
          when: { field: "$stars", op: "in", value: [3, 4] },
        },
      ],
    });
    const row = evaluateTable(r, table(40, 34)).rows[0]!;
    expect(row.flags.map((f) => f.message)).toEqual(["甲40高于乙34加5", "三"]);
    expect(evaluateTable(r, table(40, 35)).rows[0]!.flags.map((f) => f.code)).toEqual(["IN_LIST"]);
  });
});

describe("helpers", () => {
  it("tierLabel", () => {
    const so = preset("service-org");
    expect(tierLabel(so, 5)).toBe("五星级");
    expect(tierLabel(so, 0)).toBe("无星");
    expect(tierLabel(so, null)).toBe("未评定");
    expect(tierLabel(so, 3, "en")).toBe("3 stars");
    expect(tierLabel(preset("star-branch"), 2)).toBe("未评星");
    expect(tierLabel(preset("model-organ"), 2)).toBe("二星");
  });

  it("evaluateRow alone: present columns are the row's keys; cells addressed when fields are given", () => {
    const so = preset("service-org");
    const row = { row: 9, cells: serviceRow([20, 20, 20, 20, 19.5]) };
    const alone = evaluateRow(so, row);
    expect(alone.stars).toBe(5);
    expect(alone.total).toBe(99.5);
    const t = makeTable(["name", ...SERVICE_CRITERIA], []);
    const bad = evaluateRow(so, { row: 9, cells: serviceRow([20, 20, 20, 20, ""]) }, t.fields);
    expect(bad.flags[0]!.cell).toBe("G9");
  });

  it("values holds what parsed, by field id", () => {
    const r = evalService([19, 18.5, "19分", 20, 19], {
      satisfaction: "96%",
      veto: "否",
      priorStars: "四星级",
      selfScore: "",
    });
    expect(r.values).toEqual({
      name: "第一党支部",
      system: 19,
      team: 18.5,
      mechanism: 19,
      support: 20,
      performance: 19,
      satisfaction: 0.96,
      veto: false,
      priorStars: 4,
    });
    expect(r.group).toBeNull();
    expect(r.name).toBe("第一党支部");
  });
});

describe("caches", () => {
  it("a rubric edited in place (not frozen) is compiled again", () => {
    const r = structuredClone(preset("service-org")) as Rubric;
    const t = makeTable(["name", ...SERVICE_CRITERIA], [serviceRow(scoresFor(92))]);
    expect(evaluateTable(r, t).rows[0]!.stars).toBe(4);
    if (r.tiers.kind !== "bands") throw new Error("bands expected");
    r.tiers.bands[0]!.min = 91;
    expect(evaluateTable(r, t).rows[0]!.stars).toBe(5);
    r.fields[2]!.aliases.push("体系建设情况");
    expect(matchHeader(r, "体系建设情况")?.fieldId).toBe("system");
  });
});

describe("optional criteria", () => {
  it("a blank optional criterion adds nothing and never carries over from the row before", () => {
    const parsed = parseRubric({
      id: "opt",
      name: "可选项",
      version: "1",
      fields: [
        { id: "name", label: "名称", role: "name" },
        { id: "a", label: "甲", role: "criterion", max: 60, required: true },
        { id: "bonus", label: "加分", role: "criterion", max: 40 },
        { id: "delta", label: "增减", role: "number" },
      ],
      score: { method: "sum", decimals: 1 },
      tiers: { kind: "bands", bands: [{ stars: 5, label: "优", min: 90 }], below: { label: "一般" } },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const ev = evaluateTable(
      parsed.rubric,
      makeTable(
        ["name", "a", "bonus", "delta"],
        [
          { name: "x", a: 55, bonus: 38, delta: -3 },
          { name: "y", a: 55, bonus: "", delta: "" },
        ],
      ),
    );
    expect(ev.rows.map((r) => [r.total, r.tier])).toEqual([
      [93, "优"],
      [55, "一般"],
    ]);
    // A number without a declared max may be negative.
    expect(ev.rows[0]!.values.delta).toBe(-3);
    expect(plainFlags(ev.rows[0]!.flags)).toEqual([]);
  });
});
