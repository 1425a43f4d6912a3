/**
 * The engine's contract: the rubric as data, a table of raw cells in, an evaluation out.
 * Everything here is plain data so that the workbook layer, the CLI, the Office.js side and the
 * tests can all share it. The zod schema in `rubric-schema.ts` validates JSON into `Rubric` and is
 * where the rubric's types come from.
 */
import type { z } from "zod";
import type { Message } from "../messages";
import type * as S from "./rubric-schema";

export type Lang = "zh" | "en";

// The rubric's types are the schema's (src/engine/rubric-schema.ts, one source of truth): what
// parseRubric returns, defaults applied. Only `Condition`, a recursive union of forms, is written out.
export type Severity = z.output<typeof S.SeveritySchema>;
export type FieldRole = z.output<typeof S.FieldRoleSchema>;
export type FieldDef = z.output<typeof S.FieldSchema>;
export type ScoreDef = z.output<typeof S.ScoreSchema>;
export type ScoreMethod = ScoreDef["method"];
export type Band = z.output<typeof S.BandSchema>;
export type TierDef = z.output<typeof S.TierSchema>;
export type CompareOp = (typeof S.COMPARE_OPS)[number];
/** A reference to another value of the same row, optionally offset: {ref: "priorStars", add: 1}. */
export type ValueRef = z.output<typeof S.ValueRefSchema>;
export type ConditionValue = z.output<typeof S.ConditionValueSchema>;
export type RuleDef = z.output<typeof S.RuleSchema>;
export type RuleKind = RuleDef["kind"];
export type EligibilityDef = z.output<typeof S.EligibilitySchema>;
export type OutputDef = z.output<typeof S.OutputSchema>;
export type Rubric = z.output<typeof S.RubricSchema>;

/**
 * Conditions are data (json-rules-engine style). `field` is a declared field id or one of the
 * row's computed values: "$total", "$stars". The schema's `ConditionShape` has exactly these keys
 * (tests/engine/types.test.ts fails if the two drift apart).
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
  /**
   * Requirements of the part this condition stands for that its columns do not test: 参会率 reads
   * 标准1's attendance, not its 无迟到早退. When a table checks a part only through such conditions,
   * the run says once which requirements went unchecked (docs/schemes.md "Requirements no column reads").
   */
  leavesOut?: Requirement[];
}

/** A requirement of a plan, in its words. */
export interface Requirement {
  label: string;
  labelEn?: string;
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
