/**
 * What a table brings to the rubric: which columns it has (and where), the rules compiled against
 * them, and the table-level flags for what cannot be checked (SPEC §4.1 "Table-level",
 * docs/schemes.md "Absent columns").
 */
import { parseScore, parseYesNo } from "./cells";
import { compileRubric, type CompiledRubric } from "./compiled";
import { compileCondition, conditionNames, type Columns, type Test } from "./compile-conditions";
import { combinationOf } from "./conditions";
import { makeFlag } from "./flag";
import { leftOutFlag } from "./left-out";
import type { TotalLines } from "./total";
import type { GateSays } from "./gates";
import { bothNames, msg, type BothNames, type Message } from "../messages";
import type { Condition, Flag, InputRow, Lang, MappedField, Rubric, RuleDef } from "./types";

export interface RulePart {
  /** The part's label ("7.文体活动"), for `{unmet}`. */
  names: BothNames;
  test: Test;
  fields: number[];
  /**
   * A part that needs several cells (标准7: 是 and 文体活动次数 ≥ 2): each requirement, so that its
   * flag points at the cell that fails (K8 for 1次, not the 是 in J8). Null for a single condition.
   */
  pieces: { test: Test; fields: number[] }[] | null;
}

/** The requirements of a condition that is an `all` (nested ones flattened), compiled; null otherwise. */
function requirements(c: Condition, cols: Columns): { test: Test; fields: number[] }[] | null {
  const comb = combinationOf(c);
  if (comb?.kind !== "all") return null;
  return comb.parts.flatMap((part) => {
    const nested = requirements(part, cols);
    if (nested) return nested;
    const compiled = compileCondition(part, cols, true);
    return compiled.test === null ? [] : [{ test: compiled.test, fields: compiled.fields }];
  });
}

export interface CompiledRule {
  def: RuleDef;
  test: Test;
  /** check: `escalate.when` (null: none, or its columns are absent). */
  escalate: Test | null;
  /** A gate over a top-level `all`: its parts, to list the unmet ones. */
  parts: RulePart[] | null;
  /** Field indexes the rule reads; the first is the flag's cell. */
  fields: number[];
}

/**
 * How many shared texts each cache of a table keeps (gate texts, near-next notes, explanations):
 * the rows of real tables share a few hundred; past this, texts are made for each row again.
 */
export const TEXTS_KEPT = 5000;

export interface TableContext {
  cr: CompiledRubric;
  present: boolean[];
  /** Column letters by field index ("" or unknown: null). */
  columns: (string | null)[];
  /** model-organ star columns holding scores above 1: their 1s and 0s are points. */
  scoreColumns: Set<number>;
  gates: CompiledRule[];
  vetoes: CompiledRule[];
  checks: CompiledRule[];
  tableFlags: Flag[];
  /** Explanation first lines rendered so far, by total (total.ts). */
  totalLines: TotalLines;
  /** What failing gates said so far, by everything it depends on (gates.ts). */
  gateTexts: Map<number, { key: unknown[]; says: GateSays }[]>;
  gateTextsKept: number;
  /** NEAR_NEXT_TIER texts by next tier and gap (near-next.ts): a table has a few dozen. */
  nearNextTexts: Map<string, { text: Message; message: string }>;
  /** Explanations of one step, by step and first line (evaluate.ts), and how many are kept. */
  explanations: Map<string, Map<string, string>>;
  explanationsKept: number;
  cellAddress: (fieldIndex: number | undefined, row: number) => string | undefined;
}

/** A rule's short name: its label, else its code. */
export function ruleNames(def: RuleDef): BothNames {
  return bothNames(def.label ?? def.code, def.labelEn ?? def.label);
}

/** Each label once (a column two parts of a rule read is reported once). */
function distinct(names: readonly BothNames[]): BothNames[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = `${n.zh}\u0000${n.en}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function gateParts(def: RuleDef, cols: { cr: CompiledRubric; present: boolean[] }): RulePart[] | null {
  const comb = combinationOf(def.when);
  if (def.kind !== "gate" || comb?.kind !== "all") return null;
  const parts: RulePart[] = [];
  for (const part of comb.parts) {
    const compiled = compileCondition(part, cols, true);
    if (compiled.test === null) continue;
    parts.push({
      names: conditionNames(part, cols.cr),
      test: compiled.test,
      fields: compiled.fields,
      pieces: requirements(part, cols),
    });
  }
  return parts;
}

function compileRules(
  defs: RuleDef[],
  cols: { cr: CompiledRubric; present: boolean[] },
  flags: Flag[],
): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const def of defs) {
    const cc = compileCondition(def.when, cols, def.kind === "gate");
    if (cc.test === null || cc.missing.length > 0) {
      const text = msg("NOT_CHECKED", {
        rule: ruleNames(def),
        columns: distinct(cc.missing),
        partial: cc.test !== null,
      });
      flags.push(makeFlag(cols.cr.lang, "NOT_CHECKED", "info", text));
    }
    if (cc.test === null) continue;
    const leftOut = leftOutFlag(def, cols);
    if (leftOut) flags.push(leftOut);
    const escalate = def.escalate ? compileCondition(def.escalate.when, cols, false).test : null;
    out.push({ def, test: cc.test, escalate, parts: gateParts(def, cols), fields: cc.fields });
  }
  return out;
}

const BIT_TEXT = /^\s*[01]\s*$/;

/** A star column with any score above 1 (or a fraction) is a score column (docs/schemes.md). */
function holdsScores(id: string, rows: readonly InputRow[]): boolean {
  return rows.some((row) => {
    const raw: unknown = row?.cells?.[id];
    if (typeof raw === "boolean") return false;
    if (typeof raw === "string" && parseYesNo(raw).kind === "value" && !BIT_TEXT.test(raw)) return false;
    const v = parseScore(raw);
    return v.kind === "value" && (v.value > 1 || !Number.isInteger(v.value));
  });
}

function missingColumnFlag(cr: CompiledRubric, present: boolean[]): Flag | null {
  const absent = cr.fields.filter((f) => f.needed && !present[f.index]);
  if (absent.length === 0) return null;
  const text = msg("REQUIRED_COLUMNS_MISSING", { columns: absent.map((f) => f.names) });
  return makeFlag(cr.lang, "MISSING_COLUMN", "error", text);
}

export function compileTable(
  rubric: Rubric,
  fields: Record<string, MappedField>,
  rows: readonly InputRow[],
  lang: Lang,
): TableContext {
  const cr = compileRubric(rubric, lang);
  const mapped = cr.fields.map((f) => fields[f.id]);
  const present = mapped.map((m) => m !== undefined && m !== null);
  const columns = mapped.map((m) => (m && typeof m.column === "string" && m.column ? m.column : null));
  const tableFlags: Flag[] = [];
  const missingColumn = missingColumnFlag(cr, present);
  if (missingColumn) tableFlags.push(missingColumn);
  const cols = { cr, present };
  const scoreColumns = new Set(
    cr.criteria
      .filter((f) => f.reader === "star" && present[f.index] && holdsScores(f.id, rows))
      .map((f) => f.index),
  );
  return {
    cr,
    present,
    columns,
    scoreColumns,
    gates: compileRules(cr.gates, cols, tableFlags),
    vetoes: compileRules(cr.vetoes, cols, tableFlags),
    checks: compileRules(cr.checks, cols, tableFlags),
    tableFlags,
    totalLines: new Map(),
    gateTexts: new Map(),
    gateTextsKept: 0,
    nearNextTexts: new Map(),
    explanations: new Map(),
    explanationsKept: 0,
    cellAddress: (index, row) => {
      const col = index === undefined ? null : columns[index];
      return col ? col + String(row) : undefined;
    },
  };
}
