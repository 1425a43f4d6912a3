/**
 * The rubric as JSON, validated (SPEC §4). Objects are strict (an unknown key is an error, so a
 * typo never silently drops a rule), defaults are applied, and cross-field checks run after the
 * shape is right. Every message names its path, in Chinese and English.
 */
import { z } from "zod";
import { msg, renderBoth } from "../messages";
import { forEachLeaf, isValueRef } from "./conditions";
import { normalizeHeader } from "./headers";
import type { Condition, ConditionValue, Rubric } from "./types";

import { DEFAULT_NEAR_NEXT, DEFAULT_NOT_RATED_LABEL, DEFAULT_OUTPUT } from "./rubric-schema-defaults";

export { DEFAULT_NEAR_NEXT, DEFAULT_NOT_RATED_LABEL, DEFAULT_OUTPUT };

/**
 * The row's computed values, usable in conditions and ValueRefs: "$total", "$stars", and
 * "$nextMin" — the lowest total of a band above the row's result (blank at the top, or with count
 * tiers). See docs/schemes.md "Computed values".
 */
export const COMPUTED_REFS = ["$total", "$stars", "$nextMin"] as const;

const nonEmpty = z.string().trim().min(1);
const finite = z.number().refine(Number.isFinite, { message: "finite" });

const ValueRefSchema = z.strictObject({ ref: nonEmpty, add: finite.optional() });

const ConditionValueSchema: z.ZodType<ConditionValue> = z.union([
  finite,
  z.string(),
  z.boolean(),
  z.null(),
  z.array(z.union([finite, z.string()])),
  ValueRefSchema,
]);

const COMPARE_OPS = [">=", ">", "<=", "<", "=", "!=", "in", "is"] as const;

/**
 * One strict object with every key optional, then "exactly one form" checked by hand: a zod union
 * would report every branch's complaints, which helps nobody find the typo.
 */
interface RawCondition {
  field?: string;
  op?: (typeof COMPARE_OPS)[number];
  value?: ConditionValue;
  all?: Condition[];
  absentParts?: "report" | "skip";
  any?: Condition[];
  not?: Condition;
  label?: string;
  labelEn?: string;
}

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      field: nonEmpty.optional(),
      op: z.enum(COMPARE_OPS).optional(),
      value: ConditionValueSchema.optional(),
      all: z.array(ConditionSchema).min(1).optional(),
      absentParts: z.enum(["report", "skip"]).optional(),
      any: z.array(ConditionSchema).min(1).optional(),
      not: ConditionSchema.optional(),
      label: z.string().optional(),
      labelEn: z.string().optional(),
    })
    .superRefine((c: RawCondition, ctx) => {
      const forms = [c.field !== undefined || c.op !== undefined, c.all, c.any, c.not].filter(
        (x) => x !== undefined && x !== false,
      ).length;
      if (forms !== 1) {
        ctx.addIssue({
          code: "custom",
          message: "条件必须恰好是 {field, op, value}、{all}、{any}、{not} 之一",
          params: { messageEn: "a condition must be exactly one of {field, op, value}, {all}, {any}, {not}" },
        });
        return;
      }
      if (c.absentParts !== undefined && c.all === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["absentParts"],
          message: "只用于 {all} 条件",
          params: { messageEn: "is only for {all} conditions" },
        });
      }
      if (c.field !== undefined || c.op !== undefined) {
        for (const key of ["field", "op", "value"] as const) {
          if (!(key in c)) {
            ctx.addIssue({
              code: "custom",
              path: [key],
              message: `缺少 ${key}`,
              params: { messageEn: `${key} is required in a {field, op, value} condition` },
            });
          }
        }
      }
    })
    .transform((c) => c as Condition),
);

const FieldSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { message: "id" }),
  label: nonEmpty,
  labelEn: z.string().optional(),
  aliases: z.array(z.string()).default([]),
  role: z.enum([
    "name",
    "group",
    "criterion",
    "total",
    "percent",
    "check",
    "stars",
    "category",
    "number",
    "text",
  ]),
  max: finite.optional(),
  pass: finite.optional(),
  minCount: finite.optional(),
  weight: finite.optional(),
  required: z.boolean().optional(),
  haveWords: z.enum(["yes", "absence", "unclear"]).optional(),
  onePerGroup: z.boolean().optional(),
});

const BandSchema = z.strictObject({
  stars: z.number().int().min(0).max(5),
  label: nonEmpty,
  labelEn: z.string().optional(),
  min: finite,
});

const TierSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("bands"),
    bands: z.array(BandSchema).min(1),
    below: z.strictObject({ label: nonEmpty, labelEn: z.string().optional() }),
  }),
  z.strictObject({
    kind: z.literal("count"),
    labels: z.array(nonEmpty).min(2),
    labelsEn: z.array(z.string()).optional(),
  }),
]);

const RuleSchema = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: "code" }),
  kind: z.enum(["gate", "veto", "check"]),
  severity: z.enum(["error", "warning", "info"]),
  label: z.string().optional(),
  labelEn: z.string().optional(),
  message: nonEmpty,
  messageEn: z.string().optional(),
  messageMissing: z.string().optional(),
  messageMissingEn: z.string().optional(),
  messageInvalid: z.string().optional(),
  messageInvalidEn: z.string().optional(),
  alwaysFlag: z.boolean().optional(),
  minStars: z.number().int().min(1).max(5).optional(),
  capTo: z.number().int().min(0).max(5).optional(),
  when: ConditionSchema,
  escalate: z
    .strictObject({
      severity: z.enum(["error", "warning", "info"]),
      when: ConditionSchema,
      message: z.string().optional(),
      messageEn: z.string().optional(),
    })
    .optional(),
  outcome: z
    .discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("none") }),
      z.strictObject({ kind: z.literal("cap"), stars: z.number().int().min(0).max(5) }),
    ])
    .optional(),
});

const EligibilitySchema = z.strictObject({
  minStars: z.number().int().min(0).max(5),
  label: nonEmpty,
  labelEn: z.string().optional(),
});

const OutputSchema = z.strictObject({
  total: nonEmpty.default(DEFAULT_OUTPUT.total),
  stars: nonEmpty.default(DEFAULT_OUTPUT.stars),
  tier: nonEmpty.default(DEFAULT_OUTPUT.tier),
  eligibility: nonEmpty.default(DEFAULT_OUTPUT.eligibility),
  flags: nonEmpty.default(DEFAULT_OUTPUT.flags),
  explanation: nonEmpty.default(DEFAULT_OUTPUT.explanation),
  summarySheet: nonEmpty.default(DEFAULT_OUTPUT.summarySheet),
});

const RubricShape = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: "rubric-id" }),
  name: nonEmpty,
  nameEn: z.string().optional(),
  version: nonEmpty,
  source: z.string().default(""),
  notes: z.array(z.string()).default([]),
  fields: z.array(FieldSchema).min(1),
  score: z.strictObject({
    method: z.enum(["sum", "weighted", "column", "count"]),
    field: z.string().optional(),
    decimals: z.number().int().min(0).max(6).default(2),
  }),
  tiers: TierSchema,
  rules: z.array(RuleSchema).default([]),
  eligibility: z.array(EligibilitySchema).default([]),
  nearNext: z.number().min(0).default(DEFAULT_NEAR_NEXT),
  notRatedLabel: nonEmpty.default(DEFAULT_NOT_RATED_LABEL),
  output: OutputSchema.default(() => ({ ...DEFAULT_OUTPUT })),
});

type ShapedRubric = z.output<typeof RubricShape>;

export interface RubricIssue {
  path: (string | number)[];
  message: string;
  messageEn: string;
}

function conditionFields(
  c: Condition,
  at: (string | number)[],
  out: { field: string; path: (string | number)[] }[],
) {
  forEachLeaf(c, (leaf, place) => {
    out.push({ field: leaf.field, path: [...at, ...place.path, "field"] });
    if (isValueRef(leaf.value))
      out.push({ field: leaf.value.ref, path: [...at, ...place.path, "value", "ref"] });
  });
}

function fmt(path: (string | number)[]): string {
  return formatPath(path);
}

/** Cross-field checks on a rubric whose shape is already valid. */
export function crossCheck(r: ShapedRubric): RubricIssue[] {
  const issues: RubricIssue[] = [];
  const add = (path: (string | number)[], zh: string, en: string) =>
    issues.push({ path, message: `${fmt(path)} ${zh}`, messageEn: `${fmt(path)} ${en}` });

  const ids = new Map<string, number>();
  r.fields.forEach((f, i) => {
    const prev = ids.get(f.id);
    if (prev !== undefined)
      add(
        ["fields", i, "id"],
        `与 fields[${prev}].id 重复（"${f.id}"）`,
        `duplicates fields[${prev}].id ("${f.id}")`,
      );
    else ids.set(f.id, i);
  });

  const aliasOwner = new Map<string, number>();
  r.fields.forEach((f, i) => {
    const texts = [f.label, ...f.aliases];
    texts.forEach((t, j) => {
      const { key } = normalizeHeader(t);
      if (!key) return;
      const owner = aliasOwner.get(key);
      if (owner !== undefined && owner !== i) {
        const path = j === 0 ? ["fields", i, "label"] : ["fields", i, "aliases", j - 1];
        add(
          path,
          `"${t}" 已是 fields[${owner}] 的表头别名`,
          `"${t}" is already a header alias of fields[${owner}]`,
        );
      } else aliasOwner.set(key, i);
    });
  });

  const roleCount = (role: string) => r.fields.filter((f) => f.role === role).length;
  if (roleCount("name") !== 1) {
    add(
      ["fields"],
      "必须恰有一个 role 为 name 的字段（支部名称）",
      'must have exactly one field with role "name" (the branch name)',
    );
  }
  if (roleCount("group") > 1)
    add(["fields"], "最多一个 role 为 group 的字段", 'may have at most one field with role "group"');

  r.fields.forEach((f, i) => {
    if (f.role === "criterion") {
      if (f.max === undefined)
        add(
          ["fields", i, "max"],
          "是必填的：评分项需要满分",
          "is required: a criterion needs its full marks",
        );
      else if (!(f.max > 0)) add(["fields", i, "max"], "必须大于 0", "must be above 0");
      if (f.pass !== undefined && f.max !== undefined && (f.pass < 0 || f.pass > f.max)) {
        add(["fields", i, "pass"], `必须在 0 到 max（${f.max}）之间`, `must be between 0 and max (${f.max})`);
      }
      if (f.weight !== undefined && r.score.method !== "weighted") {
        add(
          ["fields", i, "weight"],
          '只用于 score.method "weighted"',
          'is only used with score.method "weighted"',
        );
      }
    } else {
      if (f.pass !== undefined)
        add(["fields", i, "pass"], "只用于评分项（criterion）", "is only for criterion fields");
      if (f.weight !== undefined)
        add(["fields", i, "weight"], "只用于评分项（criterion）", "is only for criterion fields");
      if (f.max !== undefined && f.role !== "total" && f.role !== "number") {
        add(
          ["fields", i, "max"],
          "只用于 criterion、total 或 number 字段",
          "is only for criterion, total or number fields",
        );
      }
    }
    for (const key of ["minCount", "haveWords", "onePerGroup"] as const) {
      if (f[key] !== undefined && f.role !== "check") {
        add(["fields", i, key], "只用于检查项（check）", "is only for check fields");
      }
    }
  });

  const criteria = r.fields.filter((f) => f.role === "criterion");
  if (r.score.method === "column") {
    if (r.score.field === undefined) {
      add(
        ["score", "field"],
        '是必填的：method 为 "column" 时需指明总分字段',
        'is required when method is "column" (the total field)',
      );
    } else {
      const f = r.fields.find((x) => x.id === r.score.field);
      if (!f)
        add(
          ["score", "field"],
          `不是已声明的字段 id（"${r.score.field}"）`,
          `is not a declared field id ("${r.score.field}")`,
        );
      else if (f.role !== "total")
        add(["score", "field"], `必须指向 role 为 total 的字段`, `must name a field with role "total"`);
    }
  } else {
    if (r.score.field !== undefined)
      add(["score", "field"], '只用于 method "column"', 'is only used with method "column"');
    if (criteria.length === 0) {
      add(
        ["score", "method"],
        `"${r.score.method}" 需要至少一个评分项（criterion）`,
        `"${r.score.method}" needs at least one criterion field`,
      );
    }
  }
  if (r.score.method === "weighted") {
    criteria.forEach((f) => {
      if (f.weight === undefined) {
        const i = r.fields.indexOf(f);
        add(
          ["fields", i, "weight"],
          '是必填的：method 为 "weighted"',
          'is required when score.method is "weighted"',
        );
      }
    });
  }

  if (r.tiers.kind === "bands") {
    const bands = r.tiers.bands;
    for (let i = 1; i < bands.length; i++) {
      if (!(bands[i]!.min < bands[i - 1]!.min)) {
        add(
          ["tiers", "bands", i, "min"],
          `必须小于 tiers.bands[${i - 1}].min（${bands[i - 1]!.min}）`,
          `must be below tiers.bands[${i - 1}].min (${bands[i - 1]!.min})`,
        );
      }
      if (!(bands[i]!.stars < bands[i - 1]!.stars)) {
        add(
          ["tiers", "bands", i, "stars"],
          `必须小于 tiers.bands[${i - 1}].stars（${bands[i - 1]!.stars}）`,
          `must be below tiers.bands[${i - 1}].stars (${bands[i - 1]!.stars})`,
        );
      }
    }
    if (r.score.method === "count") {
      add(
        ["tiers", "kind"],
        'score.method 为 "count" 时必须是 "count"',
        'must be "count" when score.method is "count"',
      );
    }
  } else {
    if (r.tiers.labels.length !== criteria.length + 1) {
      add(
        ["tiers", "labels"],
        `应有 ${criteria.length + 1} 个（评分项数 + 1），实际 ${r.tiers.labels.length} 个`,
        `must have ${criteria.length + 1} labels (criteria count + 1), not ${r.tiers.labels.length}`,
      );
    }
    if (r.tiers.labelsEn && r.tiers.labelsEn.length !== r.tiers.labels.length) {
      add(["tiers", "labelsEn"], "个数必须与 tiers.labels 相同", "must have as many entries as tiers.labels");
    }
    if (r.score.method !== "count")
      add(["score", "method"], '按个数评星时必须是 "count"', 'must be "count" when tiers.kind is "count"');
    if (criteria.length > 5)
      add(
        ["fields"],
        "按个数评星时评分项最多 5 个",
        'may have at most 5 criteria when tiers.kind is "count"',
      );
  }

  const known = new Set<string>([...r.fields.map((f) => f.id), ...COMPUTED_REFS]);
  const codes = new Map<string, number>();
  r.rules.forEach((rule, i) => {
    const prev = codes.get(rule.code);
    if (prev !== undefined)
      add(
        ["rules", i, "code"],
        `与 rules[${prev}].code 重复（"${rule.code}"）`,
        `duplicates rules[${prev}].code ("${rule.code}")`,
      );
    else codes.set(rule.code, i);
    const refs: { field: string; path: (string | number)[] }[] = [];
    conditionFields(rule.when as Condition, ["rules", i, "when"], refs);
    if (rule.escalate)
      conditionFields(rule.escalate.when as Condition, ["rules", i, "escalate", "when"], refs);
    if (rule.escalate && rule.kind !== "check")
      add(["rules", i, "escalate"], "只用于提示规则（check）", "is only for check rules");
    for (const ref of refs) {
      if (!known.has(ref.field)) {
        add(
          ref.path,
          `不是已声明的字段 id 或 $total/$stars/$nextMin（"${ref.field}"）`,
          `is not a declared field id or $total/$stars/$nextMin ("${ref.field}")`,
        );
      }
    }
    if (rule.kind === "gate") {
      if (rule.minStars === undefined)
        add(["rules", i, "minStars"], "是必填的：门槛规则需要 minStars", "is required for a gate");
      if (rule.capTo === undefined)
        add(["rules", i, "capTo"], "是必填的：门槛规则需要 capTo", "is required for a gate");
      if (rule.minStars !== undefined && rule.capTo !== undefined && !(rule.capTo < rule.minStars)) {
        add(
          ["rules", i, "capTo"],
          `必须小于 rules[${i}].minStars（${rule.minStars}）`,
          `must be below rules[${i}].minStars (${rule.minStars})`,
        );
      }
      if (rule.outcome !== undefined)
        add(["rules", i, "outcome"], "只用于否决规则（veto）", "is only for veto rules");
    } else {
      if (rule.minStars !== undefined)
        add(["rules", i, "minStars"], "只用于门槛规则（gate）", "is only for gate rules");
      if (rule.capTo !== undefined)
        add(["rules", i, "capTo"], "只用于门槛规则（gate）", "is only for gate rules");
      if (rule.kind === "veto" && rule.outcome === undefined) {
        add(
          ["rules", i, "outcome"],
          '是必填的：否决规则需要结果（{"kind":"none"} 或 {"kind":"cap","stars":n}）',
          'is required for a veto ({"kind":"none"} or {"kind":"cap","stars":n})',
        );
      }
      if (rule.kind === "check" && rule.outcome !== undefined)
        add(["rules", i, "outcome"], "只用于否决规则（veto）", "is only for veto rules");
    }
  });

  const el = r.eligibility;
  for (let i = 1; i < el.length; i++) {
    if (!(el[i]!.minStars < el[i - 1]!.minStars)) {
      add(
        ["eligibility", i, "minStars"],
        `必须小于 eligibility[${i - 1}].minStars（${el[i - 1]!.minStars}）`,
        `must be below eligibility[${i - 1}].minStars (${el[i - 1]!.minStars})`,
      );
    }
  }
  return issues;
}

/** The rubric schema: shape, defaults and cross-field checks. Its output is a `Rubric`. */
export const RubricSchema = RubricShape.superRefine((r, ctx) => {
  for (const issue of crossCheck(r)) {
    ctx.addIssue({
      code: "custom",
      path: issue.path,
      message: issue.message,
      params: { messageEn: issue.messageEn, full: true },
    });
  }
}).transform((r): Rubric => {
  const { $schema: _schema, ...rest } = r;
  return rest as Rubric;
});

/** `tiers.bands[2].min`; the root is "rubric". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || "rubric";
}

export interface RubricError {
  path: string;
  message: string;
  messageEn: string;
}

function typeName(v: unknown): { zh: string; en: string } {
  if (v === undefined) return { zh: "缺失", en: "missing" };
  if (v === null) return { zh: "null", en: "null" };
  if (Array.isArray(v)) return { zh: "数组", en: "an array" };
  switch (typeof v) {
    case "string":
      return { zh: "文字", en: "a string" };
    case "number":
      return { zh: "数字", en: "a number" };
    case "boolean":
      return { zh: "布尔值", en: "a boolean" };
    default:
      return { zh: "对象", en: "an object" };
  }
}

const EXPECTED: Record<string, { zh: string; en: string }> = {
  string: { zh: "文字", en: "a string" },
  number: { zh: "数字", en: "a number" },
  boolean: { zh: "布尔值（true/false）", en: "a boolean" },
  array: { zh: "数组", en: "an array" },
  object: { zh: "对象", en: "an object" },
  int: { zh: "整数", en: "an integer" },
};

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  params?: Record<string, unknown>;
  format?: string;
  options?: unknown[];
}

function toRubricErrors(issue: ZodIssueLike, input: unknown): RubricError[] {
  const p = formatPath(issue.path);
  const at = valueAt(input, issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return (issue.keys ?? []).map((k) => {
        const kp = formatPath([...issue.path, k]);
        return { path: kp, message: `${kp} 是未知的键`, messageEn: `${kp} is not a known key` };
      });
    case "invalid_type": {
      if (at === undefined) return [{ path: p, message: `${p} 是必填的`, messageEn: `${p} is required` }];
      // JSON's 1e400 parses as Infinity, which is "a number" yet not one the schema takes.
      if (typeof at === "number" && !Number.isFinite(at)) {
        const text = renderBoth(msg("NOT_FINITE_NUMBER", { path: p }));
        return [{ path: p, message: text.zh, messageEn: text.en }];
      }
      const e = EXPECTED[issue.expected ?? ""] ?? { zh: String(issue.expected), en: String(issue.expected) };
      const got = typeName(at);
      return [
        {
          path: p,
          message: `${p} 应为${e.zh}，实际为${got.zh}`,
          messageEn: `${p} must be ${e.en}, not ${got.en}`,
        },
      ];
    }
    case "invalid_value": {
      const list = (issue.values ?? []).map((v) => JSON.stringify(v)).join(", ");
      return [{ path: p, message: `${p} 必须是 ${list} 之一`, messageEn: `${p} must be one of ${list}` }];
    }
    case "invalid_union": {
      if (issue.path.at(-1) === "kind" || typeof at === "object") {
        return [{ path: p, message: `${p} 不是有效的选项`, messageEn: `${p} is not a valid option` }];
      }
      const got = typeName(at);
      return [
        {
          path: p,
          message: `${p} 的类型不对（${got.zh}）`,
          messageEn: `${p} has the wrong type (${got.en})`,
        },
      ];
    }
    case "too_small": {
      const m = String(issue.minimum);
      if (issue.origin === "array")
        return [
          { path: p, message: `${p} 至少要有 ${m} 项`, messageEn: `${p} must have at least ${m} item(s)` },
        ];
      if (issue.origin === "string")
        return [{ path: p, message: `${p} 不能为空`, messageEn: `${p} must not be empty` }];
      const op = issue.inclusive === false ? "大于" : "不小于";
      const opEn = issue.inclusive === false ? "above" : "at least";
      return [{ path: p, message: `${p} 必须${op} ${m}`, messageEn: `${p} must be ${opEn} ${m}` }];
    }
    case "too_big": {
      const m = String(issue.maximum);
      if (issue.origin === "array")
        return [{ path: p, message: `${p} 最多 ${m} 项`, messageEn: `${p} must have at most ${m} item(s)` }];
      const op = issue.inclusive === false ? "小于" : "不大于";
      const opEn = issue.inclusive === false ? "below" : "at most";
      return [{ path: p, message: `${p} 必须${op} ${m}`, messageEn: `${p} must be ${opEn} ${m}` }];
    }
    case "invalid_format": {
      if (issue.message === "id") {
        return [
          {
            path: p,
            message: `${p} 必须以英文字母开头，只含字母、数字和 _`,
            messageEn: `${p} must start with a letter and contain only letters, digits and _`,
          },
        ];
      }
      if (issue.message === "code") {
        return [
          {
            path: p,
            message: `${p} 必须是大写字母、数字和 _（如 SATISFACTION_LOW）`,
            messageEn: `${p} must be upper case letters, digits and _ (e.g. SATISFACTION_LOW)`,
          },
        ];
      }
      if (issue.message === "rubric-id") {
        return [
          {
            path: p,
            message: `${p} 必须是小写字母、数字和 -（如 service-org）`,
            messageEn: `${p} must be lower case letters, digits and - (e.g. service-org)`,
          },
        ];
      }
      return [{ path: p, message: `${p} 格式不对`, messageEn: `${p} has the wrong format` }];
    }
    case "custom": {
      if (issue.message === "finite") {
        return [{ path: p, message: `${p} 必须是有限的数字`, messageEn: `${p} must be a finite number` }];
      }
      const en = typeof issue.params?.messageEn === "string" ? issue.params.messageEn : issue.message;
      if (issue.params?.full === true) return [{ path: p, message: issue.message, messageEn: en }];
      return [{ path: p, message: `${p} ${issue.message}`, messageEn: `${p} ${en}` }];
    }
    default:
      return [{ path: p, message: `${p} 无效`, messageEn: `${p} is invalid (${issue.message})` }];
  }
}

export type ParseRubricResult = { ok: true; rubric: Rubric } | { ok: false; errors: RubricError[] };

/** Validates JSON into a `Rubric` (defaults applied) or lists every problem with its path. */
export function parseRubric(json: unknown): ParseRubricResult {
  let result;
  try {
    result = RubricSchema.safeParse(json);
  } catch {
    return {
      ok: false,
      errors: [{ path: "rubric", message: "rubric 无法读取", messageEn: "rubric could not be read" }],
    };
  }
  if (result.success) return { ok: true, rubric: result.data };
  const errors: RubricError[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues as unknown as ZodIssueLike[]) {
    for (const e of toRubricErrors(issue, json)) {
      const k = e.path + "\u0000" + e.message;
      if (!seen.has(k)) {
        seen.add(k);
        errors.push(e);
      }
    }
  }
  return { ok: false, errors };
}
