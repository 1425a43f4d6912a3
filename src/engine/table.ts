/**
 * What a table brings to the rubric: which columns it has (and where), the rules compiled against
 * them, and the table-level flags for what cannot be checked (SPEC §4.1 "Table-level",
 * docs/schemes.md "Absent columns").
 */
import { parseScore, parseYesNo } from "./cells";
import { compileRubric, type CompiledRubric } from "./compiled";
import { compileCondition, conditionLabel, type Test } from "./compile-conditions";
import { combinationOf } from "./conditions";
import type { Flag, InputRow, Lang, MappedField, Rubric, RuleDef } from "./types";

export interface RulePart {
  /** The part's label in the chosen language ("7.文体活动"), for `{unmet}`. */
  label: string;
  test: Test;
  fields: number[];
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
  cellAddress: (fieldIndex: number | undefined, row: number) => string | undefined;
}

function ruleName(def: RuleDef, lang: Lang): string {
  return (lang === "en" ? (def.labelEn ?? def.label) : def.label) ?? def.code;
}

/** "未检查群众满意率：表中没有该列" / "五星级标准部分未检查：表中没有…列". */
function notCheckedMessage(name: string, cols: string[], partial: boolean, lang: Lang): string {
  const only = cols.length === 1 && cols[0] === name;
  if (lang === "en") {
    if (only && !partial) return `${name} not checked: the table has no such column`;
    return partial
      ? `${name} only partly checked: no column for ${cols.join(", ")}`
      : `${name} not checked: the table has no column for ${cols.join(", ")}`;
  }
  if (only && !partial) return `未检查${name}：表中没有该列`;
  return partial
    ? `${name}部分未检查：表中没有${cols.join("、")}列`
    : `未检查${name}：表中没有${cols.join("、")}列`;
}

function gateParts(def: RuleDef, cols: { cr: CompiledRubric; present: boolean[] }): RulePart[] | null {
  const comb = combinationOf(def.when);
  if (def.kind !== "gate" || comb?.kind !== "all") return null;
  const parts: RulePart[] = [];
  for (const part of comb.parts) {
    const compiled = compileCondition(part, cols, true);
    if (compiled.test === null) continue;
    const label = conditionLabel(part, cols.cr, cols.cr.lang) ?? "?";
    parts.push({ label, test: compiled.test, fields: compiled.fields });
  }
  return parts;
}

function compileRules(
  defs: RuleDef[],
  cols: { cr: CompiledRubric; present: boolean[] },
  flags: Flag[],
): CompiledRule[] {
  const lang = cols.cr.lang;
  const out: CompiledRule[] = [];
  for (const def of defs) {
    const cc = compileCondition(def.when, cols, def.kind === "gate");
    if (cc.test === null || cc.missing.length > 0) {
      const missing = [...new Set(lang === "en" ? cc.missingEn : cc.missing)];
      const message = notCheckedMessage(ruleName(def, lang), missing, cc.test !== null, lang);
      flags.push({ code: "NOT_CHECKED", severity: "info", message });
    }
    if (cc.test === null) continue;
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
  const message =
    cr.lang === "en"
      ? `Required columns missing: ${absent.map((f) => f.def.labelEn ?? f.def.label).join(", ")}`
      : `缺少必需的列：${absent.map((f) => f.def.label).join("、")}`;
  return { code: "MISSING_COLUMN", severity: "error", message };
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
    cellAddress: (index, row) => {
      const col = index === undefined ? null : columns[index];
      return col ? col + String(row) : undefined;
    },
  };
}
