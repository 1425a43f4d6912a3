/**
 * The rubric as JSON, validated (SPEC §4). This schema is the one source of the rubric's types
 * (`types.ts` infers them with `z.output`). Objects are strict (an unknown key is an error, so a
 * typo never silently drops a rule), defaults are applied, and the cross-field checks of
 * `rubric-checks.ts` run once the shape is right. `rubric-errors.ts` words every problem with its
 * path through the message catalogue, in Chinese and English.
 */
import { z } from "zod";
import { msg, render, type Lang, type Message } from "../messages";
import { crossCheck } from "./rubric-checks";
import { issueText, rubricErrorPath } from "./rubric-errors";
import type { Condition } from "./types";

import {
  COMPUTED_REFS,
  DEFAULT_NEAR_NEXT,
  DEFAULT_NOT_RATED_LABEL,
  DEFAULT_OUTPUT,
  ID_PATTERNS,
} from "./rubric-schema-defaults";

export { COMPUTED_REFS, DEFAULT_NEAR_NEXT, DEFAULT_NOT_RATED_LABEL, DEFAULT_OUTPUT };
export { formatPath } from "./rubric-errors";

/** A problem the schema's own checks report: where, and what (a catalogue message, the text after the path). */
export interface RubricIssue {
  path: (string | number)[];
  text: Message;
}

/** Adds a problem to zod's issues; `rubric-errors.ts` renders `params.text` (no message is matched later). */
export function addIssue(ctx: z.RefinementCtx, issue: RubricIssue): void {
  ctx.addIssue({ code: "custom", path: issue.path, params: { text: issue.text } });
}

const nonEmpty = z.string().trim().min(1);
/** zod 4's number is finite: JSON's 1e400 (Infinity) is refused. */
const finite = z.number();

export const SeveritySchema = z.enum(["error", "warning", "info"]);

/** A reference to another value of the same row, optionally offset: {ref: "priorStars", add: 1}. */
export const ValueRefSchema = z.strictObject({ ref: nonEmpty, add: finite.optional() });

export const ConditionValueSchema = z.union([
  finite,
  z.string(),
  z.boolean(),
  z.null(),
  z.array(z.union([finite, z.string()])),
  ValueRefSchema,
]);

export const COMPARE_OPS = [">=", ">", "<=", "<", "=", "!=", "in", "is"] as const;

/**
 * A condition as one strict object with every key optional; "exactly one form" is checked by hand
 * (a zod union would report every branch's complaints, which helps nobody find the typo). The
 * `Condition` type (types.ts) is the union of the forms; tests/engine/types.test.ts checks that it
 * has exactly these keys.
 */
export const ConditionShape = z.strictObject({
  field: nonEmpty.optional(),
  op: z.enum(COMPARE_OPS).optional(),
  value: ConditionValueSchema.optional(),
  get all() {
    return z.array(ConditionSchema).min(1).optional();
  },
  /** How an `all` treats parts on absent columns (docs/schemes.md "Absent columns"). */
  absentParts: z.enum(["report", "skip"]).optional(),
  get any() {
    return z.array(ConditionSchema).min(1).optional();
  },
  get not() {
    return ConditionSchema.optional();
  },
  /** Display name of a condition: a gate's `{unmet}` lists these ("7.文体活动"). */
  label: z.string().optional(),
  labelEn: z.string().optional(),
  /** What of its part this condition does not test (docs/schemes.md "Requirements no column reads"). */
  leavesOut: z
    .array(z.strictObject({ label: nonEmpty, labelEn: z.string().optional() }))
    .min(1)
    .optional(),
});

type RawCondition = z.output<typeof ConditionShape>;

function checkConditionForm(c: RawCondition, ctx: z.RefinementCtx): void {
  const forms = [c.field !== undefined || c.op !== undefined, c.all, c.any, c.not].filter(
    (x) => x !== undefined && x !== false,
  ).length;
  if (forms !== 1) return addIssue(ctx, { path: [], text: msg("CONDITION_ONE_FORM") });
  if (c.absentParts !== undefined && c.all === undefined) {
    addIssue(ctx, { path: ["absentParts"], text: msg("ONLY_FOR", { what: "all" }) });
  }
  if (c.field === undefined && c.op === undefined) return;
  for (const key of ["field", "op", "value"] as const) {
    if (!(key in c)) addIssue(ctx, { path: [key], text: msg("CONDITION_KEY_MISSING", { key }) });
  }
}

/** The condition as data: exactly one form, which the transform states (checked just above). */
export const ConditionSchema: z.ZodType<Condition> = ConditionShape.superRefine(checkConditionForm).transform(
  (c) => c as Condition,
);

export const FieldRoleSchema = z.enum([
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
]);

export const FieldSchema = z.strictObject({
  id: z.string().regex(ID_PATTERNS["field-id"]),
  label: nonEmpty,
  labelEn: z.string().optional(),
  /** Header texts that map to this field (matched after normalisation, see workbook/headers). */
  aliases: z.array(z.string()).default([]),
  role: FieldRoleSchema,
  /** criterion: full marks (a score outside 0..max makes the row not rated). */
  max: finite.optional(),
  /** criterion: the line at or above which it counts as passed/earned (count tiers, "full marks" stats). */
  pass: finite.optional(),
  /** check: a number in the cell is compared with this minimum instead of read as yes/no (文体活动 ≥ 2). */
  minCount: finite.optional(),
  /**
   * check: the count field (one with `minCount`) a column found under this field's header is read
   * as when its cells are counts (a number of 2 or more, or "1次"): 篇2's 标准7 headed 文体活动 over
   * the number of activities is 文体活动次数, where 1 would otherwise read as 是 (docs/layout.md).
   */
  countsAs: z.string().regex(ID_PATTERNS["field-id"]).optional(),
  /** weighted score method: this field's weight. */
  weight: finite.optional(),
  /** A required field absent from the sheet is a table error: nothing is written. */
  required: z.boolean().optional(),
  /**
   * check: how 有/无 are read (docs/schemes.md "有 and 无"). "yes" (default): 有 = yes. "absence":
   * the standard is an absence (三年无违法违纪), so 无 = met. "unclear": 有/无 are refused (是/否 only).
   * "fault": the column asks about a fault (差错): 有 = yes, and the words that judge rather than
   * answer (达标/未达标, 合格, 通过, 完成, 符合/不符合, 对/错), which would read backwards here (达标 as
   * "errors", 不符合 as "no errors"), are refused.
   */
  haveWords: z.enum(["yes", "absence", "unclear", "fault"]).optional(),
  /**
   * category: the texts a cell may hold (先进/一般/后进), compared as names are (trimmed, half-width).
   * Anything else is refused on its row (INVALID_VALUE naming them); without `values`, any text is taken.
   */
  values: z.array(nonEmpty).min(1).optional(),
  /** check: at most one row per group answers yes (标准13 考核排名第一); ONE_PER_GROUP_REPEATED otherwise. */
  onePerGroup: z.boolean().optional(),
});

export const BandSchema = z.strictObject({
  stars: z.number().int().min(0).max(5),
  label: nonEmpty,
  labelEn: z.string().optional(),
  min: finite,
});

export const TierSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("bands"),
    /** Strictly descending by min. */
    bands: z.array(BandSchema).min(1),
    below: z.strictObject({ label: nonEmpty, labelEn: z.string().optional() }),
  }),
  z.strictObject({
    kind: z.literal("count"),
    /** labels[n] is the label for n criteria earned, n = 0..criteria count. */
    labels: z.array(nonEmpty).min(2),
    labelsEn: z.array(z.string()).optional(),
  }),
]);

export const ScoreSchema = z.strictObject({
  method: z.enum(["sum", "weighted", "column", "count"]),
  /** method "column": the id of the total field. */
  field: z.string().optional(),
  /** Decimals of the rounded total (half-up on the decimal value). */
  decimals: z.number().int().min(0).max(6).default(2),
});

export const RuleSchema = z.strictObject({
  code: z.string().regex(ID_PATTERNS["rule-code"]),
  kind: z.enum(["gate", "veto", "check"]),
  severity: SeveritySchema,
  /** Short name of the rule, used in "未检查…" table flags; defaults to the code. */
  label: z.string().optional(),
  labelEn: z.string().optional(),
  /** Message templates with placeholders like {satisfaction}, {tier}, {unmet}, {reason}. */
  message: nonEmpty,
  messageEn: z.string().optional(),
  /** gate: the message when the condition failed only because a cell it needs is blank. */
  messageMissing: z.string().optional(),
  messageMissingEn: z.string().optional(),
  /** gate: the message when a cell it needs was filled but unreadable (群众满意率 "101"). */
  messageInvalid: z.string().optional(),
  messageInvalidEn: z.string().optional(),
  /** gate: also flag (without capping) on a row below `minStars` when the condition is not shown (false, blank or unreadable). */
  alwaysFlag: z.boolean().optional(),
  /** gate: keeping a tier of at least `minStars` requires `when` to hold, else cap to `capTo`. */
  minStars: z.number().int().min(1).max(5).optional(),
  capTo: z.number().int().min(0).max(5).optional(),
  /** veto / check: fires when `when` holds. gate: the condition that must hold. */
  when: ConditionSchema,
  /** check: another severity (and message) when `escalate.when` also holds (SELF_SCORE_HIGHER). */
  escalate: z
    .strictObject({
      severity: SeveritySchema,
      when: ConditionSchema,
      message: z.string().optional(),
      messageEn: z.string().optional(),
    })
    .optional(),
  /** veto: outcome — "none" (no star) or a cap. */
  outcome: z
    .discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("none") }),
      z.strictObject({ kind: z.literal("cap"), stars: z.number().int().min(0).max(5) }),
    ])
    .optional(),
});

export const EligibilitySchema = z.strictObject({
  minStars: z.number().int().min(0).max(5),
  label: nonEmpty,
  labelEn: z.string().optional(),
});

export const OutputSchema = z.strictObject({
  total: nonEmpty.default(DEFAULT_OUTPUT.total),
  stars: nonEmpty.default(DEFAULT_OUTPUT.stars),
  tier: nonEmpty.default(DEFAULT_OUTPUT.tier),
  eligibility: nonEmpty.default(DEFAULT_OUTPUT.eligibility),
  flags: nonEmpty.default(DEFAULT_OUTPUT.flags),
  explanation: nonEmpty.default(DEFAULT_OUTPUT.explanation),
  summarySheet: nonEmpty.default(DEFAULT_OUTPUT.summarySheet),
});

export const RubricShape = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(ID_PATTERNS["rubric-id"]),
  name: nonEmpty,
  nameEn: z.string().optional(),
  version: nonEmpty,
  source: z.string().default(""),
  notes: z.array(z.string()).default([]),
  fields: z.array(FieldSchema).min(1),
  score: ScoreSchema,
  tiers: TierSchema,
  rules: z.array(RuleSchema).default([]),
  /** Descending by minStars; the first whose minStars ≤ stars applies. */
  eligibility: z.array(EligibilitySchema).default([]),
  /** Points under the next band's min at which NEAR_NEXT_TIER is noted (default 1). */
  nearNext: z.number().min(0).default(DEFAULT_NEAR_NEXT),
  /** Label for a row that cannot be rated (default 未评定). */
  notRatedLabel: nonEmpty.default(DEFAULT_NOT_RATED_LABEL),
  output: OutputSchema.default(() => ({ ...DEFAULT_OUTPUT })),
});

/** The rubric schema: shape, defaults and cross-field checks. Its output is a `Rubric`. */
export const RubricSchema = RubricShape.superRefine((r, ctx) => {
  for (const issue of crossCheck(r)) addIssue(ctx, issue);
}).transform(({ $schema: _schema, ...rubric }) => rubric);

/** A problem with a rubric: where, and what, in each language (each message starts with its path). */
export interface RubricError {
  path: string;
  message: string;
  messageEn: string;
}

export type ParseRubricResult =
  { ok: true; rubric: z.output<typeof RubricSchema> } | { ok: false; errors: RubricError[] };

/** The issues of an invalid rubric, worded by the catalogue in one language (zod's error map). */
function issuesIn(json: unknown, lang: Lang): z.core.$ZodIssue[] {
  const result = RubricSchema.safeParse(json, { error: (issue) => issueText(issue, lang) });
  return result.success ? [] : result.error.issues;
}

function unreadable(): ParseRubricResult {
  const text = msg("RUBRIC_UNREADABLE");
  return { ok: false, errors: [{ path: "rubric", ...bothTexts(text) }] };
}

function bothTexts(text: Message): { message: string; messageEn: string } {
  return { message: render(text, "zh"), messageEn: render(text, "en") };
}

/** Validates JSON into a `Rubric` (defaults applied) or lists every problem with its path. */
export function parseRubric(json: unknown): ParseRubricResult {
  let result;
  try {
    result = RubricSchema.safeParse(json);
    if (result.success) return { ok: true, rubric: result.data };
  } catch {
    return unreadable();
  }
  // Worded once per language: the error map renders each issue in the language it is given.
  const zh = issuesIn(json, "zh");
  const en = issuesIn(json, "en");
  const errors: RubricError[] = [];
  const seen = new Set<string>();
  zh.forEach((issue, i) => {
    const error = {
      path: rubricErrorPath(issue),
      message: issue.message,
      messageEn: en[i]?.message ?? issue.message,
    };
    const key = error.path + "\u0000" + error.message;
    if (seen.has(key)) return;
    seen.add(key);
    errors.push(error);
  });
  return { ok: false, errors };
}
