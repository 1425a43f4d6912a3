import { parseRubric, RubricSchema } from "../../src/engine";
import type { Rubric } from "../../src/engine/types";
import { preset } from "./support";

/** A deep, mutable copy of a preset as plain JSON (loosely typed: the tests break it on purpose). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = Record<string, any>;
function json(id = "service-org"): LooseJson {
  return JSON.parse(JSON.stringify(preset(id)));
}

function errorsOf(input: unknown): { path: string; message: string; messageEn: string }[] {
  const r = parseRubric(input);
  if (r.ok) throw new Error("expected the rubric to be rejected");
  return r.errors;
}

describe("parseRubric accepts and fills defaults", () => {
  it("a minimal rubric gets the SPEC §5 defaults", () => {
    const r = parseRubric({
      id: "mini",
      name: "最小",
      version: "1",
      fields: [
        { id: "name", label: "名称", role: "name" },
        { id: "s", label: "得分", role: "criterion", max: 100 },
      ],
      score: { method: "sum" },
      tiers: { kind: "bands", bands: [{ stars: 5, label: "五星级", min: 95 }], below: { label: "无星" } },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const rubric: Rubric = r.rubric;
    expect(rubric.nearNext).toBe(1);
    expect(rubric.notRatedLabel).toBe("未评定");
    expect(rubric.score.decimals).toBe(2);
    expect(rubric.rules).toEqual([]);
    expect(rubric.notes).toEqual([]);
    expect(rubric.fields[0]!.aliases).toEqual([]);
    expect(rubric.output).toEqual({
      total: "评定总分",
      stars: "星数",
      tier: "评定星级",
      eligibility: "评先资格",
      flags: "评定标记",
      explanation: "评定说明",
      summarySheet: "评定汇总",
    });
  });

  it("RubricSchema is the zod schema behind it", () => {
    expect(RubricSchema.safeParse(json()).success).toBe(true);
    expect(RubricSchema.safeParse({}).success).toBe(false);
  });

  it("rejects non-objects without throwing", () => {
    for (const bad of [null, 3, "x", [], undefined]) expect(parseRubric(bad).ok).toBe(false);
  });
});

describe("parseRubric rejects, naming the path (zh + en)", () => {
  type Case = [string, (r: ReturnType<typeof json>) => unknown, string, string, string];
  const cases: Case[] = [
    [
      "bands not descending",
      (r) => ((r.tiers.bands[2].min = 92), r),
      "tiers.bands[2].min",
      "tiers.bands[2].min 必须小于 tiers.bands[1].min（90）",
      "tiers.bands[2].min must be below tiers.bands[1].min (90)",
    ],
    [
      "band stars not descending",
      (r) => ((r.tiers.bands[1].stars = 5), r),
      "tiers.bands[1].stars",
      "tiers.bands[1].stars 必须小于 tiers.bands[0].stars（5）",
      "tiers.bands[1].stars must be below tiers.bands[0].stars (5)",
    ],
    [
      "unknown key",
      (r) => ((r.tiers.bands[0].minimum = 95), r),
      "tiers.bands[0].minimum",
      "tiers.bands[0].minimum 是未知的键",
      "tiers.bands[0].minimum is not a known key",
    ],
    [
      "condition on an undeclared field",
      (r) => ((r.rules[0].when.field = "satisfation"), r),
      "rules[0].when.field",
      'rules[0].when.field 不是已声明的字段 id 或 $total/$stars/$nextMin（"satisfation"）',
      'rules[0].when.field is not a declared field id or $total/$stars/$nextMin ("satisfation")',
    ],
    [
      "ValueRef to an undeclared field",
      (r) => ((r.rules[2].when.value.ref = "$totl"), r),
      "rules[2].when.value.ref",
      'rules[2].when.value.ref 不是已声明的字段 id 或 $total/$stars/$nextMin（"$totl"）',
      'rules[2].when.value.ref is not a declared field id or $total/$stars/$nextMin ("$totl")',
    ],
    [
      "duplicate rule code",
      (r) => ((r.rules[2].code = "VETO"), r),
      "rules[2].code",
      'rules[2].code 与 rules[1].code 重复（"VETO"）',
      'rules[2].code duplicates rules[1].code ("VETO")',
    ],
    [
      "duplicate field id",
      (r) => ((r.fields[3].id = "system"), r),
      "fields[3].id",
      'fields[3].id 与 fields[2].id 重复（"system"）',
      'fields[3].id duplicates fields[2].id ("system")',
    ],
    [
      "criterion without max",
      (r) => (delete r.fields[2].max, r),
      "fields[2].max",
      "fields[2].max 是必填的：评分项需要满分",
      "fields[2].max is required: a criterion needs its full marks",
    ],
    [
      "column method without total field",
      (r) => ((r.score = { method: "column", decimals: 2 }), r),
      "score.field",
      'score.field 是必填的：method 为 "column" 时需指明总分字段',
      'score.field is required when method is "column" (the total field)',
    ],
    [
      "gate without capTo",
      (r) => (delete r.rules[0].capTo, r),
      "rules[0].capTo",
      "rules[0].capTo 是必填的：门槛规则需要 capTo",
      "rules[0].capTo is required for a gate",
    ],
    [
      "gate capTo not below minStars",
      (r) => ((r.rules[0].capTo = 5), r),
      "rules[0].capTo",
      "rules[0].capTo 必须小于 rules[0].minStars（5）",
      "rules[0].capTo must be below rules[0].minStars (5)",
    ],
    [
      "veto without outcome",
      (r) => (delete r.rules[1].outcome, r),
      "rules[1].outcome",
      'rules[1].outcome 是必填的：否决规则需要结果（{"kind":"none"} 或 {"kind":"cap","stars":n}）',
      'rules[1].outcome is required for a veto ({"kind":"none"} or {"kind":"cap","stars":n})',
    ],
    [
      "eligibility not descending",
      (r) => ((r.eligibility[2].minStars = 4), r),
      "eligibility[2].minStars",
      "eligibility[2].minStars 必须小于 eligibility[1].minStars（4）",
      "eligibility[2].minStars must be below eligibility[1].minStars (4)",
    ],
    [
      "decimals out of range",
      (r) => ((r.score.decimals = 7), r),
      "score.decimals",
      "score.decimals 必须不大于 6",
      "score.decimals must be at most 6",
    ],
    [
      "wrong type",
      (r) => ((r.nearNext = "1"), r),
      "nearNext",
      "nearNext 应为数字，实际为文字",
      "nearNext must be a number, not a string",
    ],
    [
      "bad operator",
      (r) => ((r.rules[0].when.op = "=>"), r),
      "rules[0].when.op",
      'rules[0].when.op 必须是 ">=", ">", "<=", "<", "=", "!=", "in", "is" 之一',
      'rules[0].when.op must be one of ">=", ">", "<=", "<", "=", "!=", "in", "is"',
    ],
    [
      "missing required key",
      (r) => (delete r.version, r),
      "version",
      "version 是必填的",
      "version is required",
    ],
    [
      "a condition mixing two forms",
      (r) => ((r.rules[0].when = { field: "satisfaction", op: ">=", value: 0.95, all: [] }), r),
      "rules[0].when.all",
      "rules[0].when.all 至少要有 1 项",
      "rules[0].when.all must have at least 1 item",
    ],
  ];

  it.each(cases)("%s", (_name, mutate, path, message, messageEn) => {
    const errors = errorsOf(mutate(json()));
    expect(errors).toContainEqual({ path, message, messageEn });
  });

  it("countsAs names another check field that reads counts", () => {
    const broken = (countsAs: string, also: (r: LooseJson) => void = () => {}) => {
      const r = json("star-branch");
      const at = (r.fields as { id: string }[]).findIndex((f) => f.id === "std7");
      r.fields[at].countsAs = countsAs;
      also(r);
      return { path: `fields[${at}].countsAs`, errors: errorsOf(r) };
    };
    const unknown = broken("std7Counts");
    expect(unknown.errors).toContainEqual({
      path: unknown.path,
      message: `${unknown.path} 不是已声明的字段 id（"std7Counts"）`,
      messageEn: `${unknown.path} is not a declared field id ("std7Counts")`,
    });
    for (const wrong of [broken("std8"), broken("std7")]) {
      expect(wrong.errors).toContainEqual({
        path: wrong.path,
        message: `${wrong.path} 必须指向另一个有 minCount 的检查项（check），且本字段不能有 minCount`,
        messageEn: `${wrong.path} must name another check field that has minCount, and this field must not have minCount`,
      });
    }
    expect(parseRubric(json("star-branch")).ok).toBe(true);
  });

  it("count tiers need criteria count + 1 labels", () => {
    const r = json("model-organ");
    r.tiers.labels.pop();
    expect(errorsOf(r)).toContainEqual({
      path: "tiers.labels",
      message: "tiers.labels 应有 6 个（评分项数 + 1），实际 5 个",
      messageEn: "tiers.labels must have 6 labels (criteria count + 1), not 5",
    });
  });

  it("a condition with two forms says so", () => {
    const r = json();
    r.rules[0].when = {
      field: "satisfaction",
      op: ">=",
      value: 0.95,
      not: { field: "veto", op: "is", value: true },
    };
    expect(errorsOf(r)).toContainEqual({
      path: "rules[0].when",
      message: "rules[0].when 条件必须恰好是 {field, op, value}、{all}、{any}、{not} 之一",
      messageEn: "rules[0].when a condition must be exactly one of {field, op, value}, {all}, {any}, {not}",
    });
  });

  it("a header alias may belong to one field only", () => {
    const r = json();
    r.fields[3].aliases.push("服务体系");
    const e = errorsOf(r);
    expect(e[0]!.path).toMatch(/^fields\[3\]\.aliases\[\d+\]$/);
    expect(e[0]!.message).toContain("已是 fields[2] 的表头别名");
  });

  it("lists several problems at once", () => {
    const r = json();
    r.tiers.bands[2].min = 92;
    r.rules[2].code = "VETO";
    expect(errorsOf(r).map((e) => e.path)).toEqual(["tiers.bands[2].min", "rules[2].code"]);
  });

  it("every message starts with its path", () => {
    const r = json();
    r.foo = 1;
    r.fields[0].role = "boss";
    for (const e of errorsOf(r)) {
      expect(e.message.startsWith(e.path)).toBe(true);
      expect(e.messageEn.startsWith(e.path)).toBe(true);
    }
  });
});
