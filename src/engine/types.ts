/**
 * The engine's contract: the rubric as data, a table of raw cells in, an evaluation out.
 * Everything here is plain data so that the workbook layer, the CLI, the Office.js side and the
 * tests can all share it. The zod schema in `rubric-schema.ts` validates JSON into `Rubric`.
 */
import type { Message } from "../messages";

export type Lang = "zh" | "en";
export type Severity = "error" | "warning" | "info";

export type FieldRole =
  "name" | "group" | "criterion" | "total" | "percent" | "check" | "stars" | "category" | "number" | "text";

export interface FieldDef {
  id: string;
  label: string;
  labelEn?: string;
  /** Header texts that map to this field (matched after normalisation, see workbook/headers). */
  aliases: string[];
  role: FieldRole;
  /** criterion: full marks (a score outside 0..max makes the row not rated). */
  max?: number;
  /** criterion: the line at or above which it counts as passed/earned (count tiers, "full marks" stats). */
  pass?: number;
  /** check: a number in the cell is compared with this minimum instead of read as yes/no (e.g. 文体活动 ≥ 2). */
  minCount?: number;
  /** weighted score method: this field's weight. */
  weight?: number;
  /** A required field absent from the sheet is a table error: nothing is written. */
  required?: boolean;
  /**
   * check: how 有/无 are read (docs/schemes.md "有 and 无"). "yes" (default): 有 = yes, 无 = no.
   * "absence": the standard is an absence (三年无违法违纪), so 无 = met (yes) and 有 = not met (no);
   * the explanation says how the answer was read. "unclear": 有/无 are refused as invalid (是/否 only).
   */
  haveWords?: "yes" | "absence" | "unclear";
  /**
   * check: at most one row per group (or per table without a group column) can answer yes, e.g.
   * 标准13 考核排名第一; every row of a group where several do is flagged ONE_PER_GROUP_REPEATED.
   */
  onePerGroup?: boolean;
}

export type ScoreMethod = "sum" | "weighted" | "column" | "count";

export interface ScoreDef {
  method: ScoreMethod;
  /** method "column": the id of the total field. */
  field?: string;
  /** Decimals of the rounded total (half-up on the decimal value). */
  decimals: number;
}

export interface Band {
  stars: number;
  label: string;
  labelEn?: string;
  min: number;
}

export type TierDef =
  | {
      kind: "bands";
      /** Strictly descending by min. */
      bands: Band[];
      below: { label: string; labelEn?: string };
    }
  | {
      kind: "count";
      /** labels[n] is the label for n criteria earned, n = 0..criteria count. */
      labels: string[];
      labelsEn?: string[];
    };

export type CompareOp = ">=" | ">" | "<=" | "<" | "=" | "!=" | "in" | "is";

/** A reference to another value of the same row, optionally offset: {ref: "priorStars", add: 1}. */
export interface ValueRef {
  ref: string;
  add?: number;
}

export type ConditionValue = number | string | boolean | null | Array<number | string> | ValueRef;

/**
 * Conditions are data (json-rules-engine style). `field` is a declared field id or one of the
 * row's computed values: "$total", "$stars".
 */
export type Condition =
  | ({ field: string; op: CompareOp; value: ConditionValue } & ConditionLabel)
  | ({ all: Condition[]; absentParts?: AbsentParts } & ConditionLabel)
  | ({ any: Condition[] } & ConditionLabel)
  | ({ not: Condition } & ConditionLabel);

/**
 * How an `all` treats parts on columns the table does not have (docs/schemes.md "Absent columns").
 * "report" (default): the usual rule (dropped in a gate and reported, absent as a whole elsewhere).
 * "skip": the parts the table has must all hold; absent parts are skipped without a report, and the
 * `all` is absent only when every part is (标准7: 是/否 and/or 次数).
 */
export type AbsentParts = "report" | "skip";

/**
 * Optional display name of a condition (additive). A gate lists the labels of the unmet parts of its
 * top-level `all` in `{unmet}` (e.g. "7.文体活动"); without a label the field labels are used.
 */
export interface ConditionLabel {
  label?: string;
  labelEn?: string;
}

export type RuleKind = "gate" | "veto" | "check";

export interface RuleDef {
  code: string;
  kind: RuleKind;
  severity: Severity;
  /** Short name of the rule (additive), used in "未检查…" table flags; defaults to the code. */
  label?: string;
  labelEn?: string;
  /** Message templates with placeholders like {satisfaction}, {tier}, {unmet}, {reason}. */
  message: string;
  messageEn?: string;
  /**
   * gate (additive): message used instead of `message` when the condition failed only because a
   * cell it needs is blank or invalid ("群众满意率未填"). Without it `message` is used with 未填.
   */
  messageMissing?: string;
  messageMissingEn?: string;
  /**
   * gate (additive): message used when a cell the condition needs was filled but could not be read
   * (INVALID_VALUE / OUT_OF_RANGE), e.g. 群众满意率 "101". Without it, a rule that has
   * `messageMissing` gets a generic "{label}填写无效（无法识别），不能认定达标"; otherwise `message`
   * is used with 无效 in the placeholders.
   */
  messageInvalid?: string;
  messageInvalidEn?: string;
  /**
   * gate (additive): also flag (without capping) when the condition is shown false on a row below
   * `minStars` — e.g. 群众满意率 below 95% is worth a flag at any tier.
   */
  alwaysFlag?: boolean;
  /** gate: keeping a tier of at least `minStars` requires `when` to hold, else cap to `capTo`. */
  minStars?: number;
  capTo?: number;
  /** veto / check: fires when `when` holds. gate: the condition that must hold. */
  when: Condition;
  /**
   * check (additive): the flag takes this severity (and message, when given) when `escalate.when`
   * also holds, e.g. SELF_SCORE_HIGHER is info unless the self score alone reaches a higher tier.
   */
  escalate?: { severity: Severity; when: Condition; message?: string; messageEn?: string };
  /** veto: outcome — "none" (no star) or a cap. */
  outcome?: { kind: "none" } | { kind: "cap"; stars: number };
}

export interface EligibilityDef {
  minStars: number;
  label: string;
  labelEn?: string;
}

export interface OutputDef {
  total: string;
  stars: string;
  tier: string;
  eligibility: string;
  flags: string;
  explanation: string;
  summarySheet: string;
}

export interface Rubric {
  id: string;
  name: string;
  nameEn?: string;
  version: string;
  source: string;
  notes: string[];
  fields: FieldDef[];
  score: ScoreDef;
  tiers: TierDef;
  rules: RuleDef[];
  /** Descending by minStars; the first whose minStars ≤ stars applies. */
  eligibility: EligibilityDef[];
  /** Points under the next band's min at which NEAR_NEXT_TIER is noted (default 1). */
  nearNext: number;
  /** Label for a row that cannot be rated (default 未评定). */
  notRatedLabel: string;
  output: OutputDef;
}

/** A raw cell as an adapter reads it: a formula's cached result, Excel errors as {error}. */
export type RawCell = string | number | boolean | Date | null | undefined | { error: string };

export interface MappedField {
  /** Column letter(s) in the sheet, e.g. "D". */
  column: string;
  /** The header text as found. */
  header: string;
}

export interface InputRow {
  /** 1-based sheet row. */
  row: number;
  /** Raw cells by field id (only mapped fields). */
  cells: Record<string, RawCell>;
}

export interface InputTable {
  /** Fields present in the sheet, by field id. Absent fields are "not checked". */
  fields: Record<string, MappedField>;
  rows: InputRow[];
}

export type FlagCode =
  | "MISSING_VALUE"
  | "INVALID_VALUE"
  | "OUT_OF_RANGE"
  | "MISSING_NAME"
  | "DUPLICATE_NAME"
  | "HEADER_MAX_MISMATCH"
  | "MISSING_COLUMN"
  | "NOT_CHECKED"
  | "NEAR_NEXT_TIER"
  | "ONE_PER_GROUP_REPEATED"
  | (string & {});

export interface Flag {
  code: FlagCode;
  severity: Severity;
  /**
   * What the flag says, as data: a catalogue message (code and parameters, src/messages). Render it
   * with `render(flag.text, lang)` for either language; a rule's flag carries the rubric's templates.
   */
  text: Message;
  /** `text` rendered in the run's language (what the sheet, the pane and the JSON output show). */
  message: string;
  /** A1 address of the cell concerned, when there is one. */
  cell?: string;
}

/** A parsed cell: a value, missing, or invalid with the reason (shown to the user). */
export type Parsed<T> =
  { kind: "value"; value: T } | { kind: "missing" } | { kind: "invalid"; reason: Message };

export type ParsedValue = number | boolean | string;

export interface RowResult {
  row: number;
  name: string;
  group: string | null;
  rated: boolean;
  /** Rounded total; null when not rated. For count tiers: sum of given scores, or null. */
  total: number | null;
  stars: number | null;
  tier: string;
  eligibility: string;
  /** Most severe first. */
  flags: Flag[];
  explanation: string;
  /** Parsed values by field id (only those that parsed to a value). */
  values: Record<string, ParsedValue>;
}

export interface Evaluation {
  rubric: { id: string; version: string };
  rows: RowResult[];
  /** Table-level flags (e.g. rules not checked for lack of a column). */
  tableFlags: Flag[];
}

export interface EvaluateOptions {
  lang?: Lang;
}
