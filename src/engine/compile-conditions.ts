/**
 * Conditions compiled against the columns a table has (docs/schemes.md "Absent columns"): a leaf on
 * an absent column is left out where that is safe and reported; a blank cell makes a leaf "unknown".
 */
import { authored, bothNames, type BothNames } from "../messages";
import { cleanText, parsePercent, parseScore, parseStars, parseYesNo } from "./cells";
import type { CompiledField, CompiledRubric } from "./compiled";
import {
  allOf,
  anyOf,
  combinationOf,
  isValueRef,
  notOf,
  OPERATORS,
  type LeafCondition,
  type Operand,
  type Truth,
} from "./conditions";
import type { Cell } from "./read-row";
import type { Condition, ConditionValue, Lang } from "./types";

/** What a condition sees of a row. */
export interface RowView {
  cells: readonly Cell[];
  total: number | null;
  stars: number;
  /** The lowest band min above `stars` (docs/schemes.md "Computed values"). */
  nextMin: number | null;
}

export type Test = (row: RowView) => Truth;

export interface CompiledCondition {
  /** null: every column it needs is absent (the rule is not applied). */
  test: Test | null;
  /** Labels of the columns (or labelled conditions) left out, in both languages. */
  missing: BothNames[];
  /** Field indexes it reads (present ones), for the flag's cell. */
  fields: number[];
}

export interface Columns {
  cr: CompiledRubric;
  present: readonly boolean[];
}

type Side = (row: RowView) => Operand | null;

function cellOperand(index: number): Side {
  return (row) => {
    const cell = row.cells[index];
    return cell?.kind === "value" ? cell.operand : null;
  };
}

const COMPUTED: Record<string, Side> = {
  $total: (row) => row.total,
  $stars: (row) => row.stars,
  $nextMin: (row) => row.nextMin,
};

/** A constant written as text, read the way the left field reads its cells ("95%" → 0.95). */
function constantFor(f: CompiledField | null, v: ConditionValue): Operand | null {
  if (f?.reader === "text") return v === null || typeof v === "object" ? null : cleanText(String(v));
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const parsed =
    f?.reader === "percent"
      ? parsePercent(v)
      : f?.reader === "stars"
        ? parseStars(v)
        : f?.reader === "yesno" || f?.reader === "count"
          ? yesNoOrScore(v)
          : parseScore(v);
  return parsed.kind === "value" ? parsed.value : null;
}

function yesNoOrScore(v: unknown): ReturnType<typeof parseScore> {
  const yn = parseYesNo(v);
  return yn.kind === "value" ? { kind: "value", value: yn.value ? 1 : 0 } : parseScore(v);
}

/** The left side of a leaf, or "absent" when its column is not in the table. */
function leftSide(
  leaf: LeafCondition,
  cols: Columns,
): { side: Side; field: CompiledField | null } | "absent" {
  const computed = COMPUTED[leaf.field];
  if (computed) return { side: computed, field: null };
  const f = cols.cr.byId.get(leaf.field);
  if (!f || !cols.present[f.index]) return "absent";
  return { side: cellOperand(f.index), field: f };
}

/** The right side: a constant, a list (for `in`), or a reference to a present numeric field. */
function rightSide(
  leaf: LeafCondition,
  left: CompiledField | null,
  cols: Columns,
): Side | Operand[] | "absent" | "never" {
  const v = leaf.value;
  if (leaf.op === "in") {
    const list = Array.isArray(v) ? v.map((x) => constantFor(left, x)).filter((x) => x !== null) : [];
    return list;
  }
  if (isValueRef(v)) {
    const add = v.add ?? 0;
    const computed = COMPUTED[v.ref];
    const f = cols.cr.byId.get(v.ref);
    if (!computed && (!f || !cols.present[f.index] || f.reader === "text")) return "absent";
    const base = computed ?? cellOperand(f!.index);
    return (row) => {
      const b = base(row);
      return typeof b === "number" ? b + add : null;
    };
  }
  const k = constantFor(left, v);
  return k === null ? "never" : () => k;
}

/** A leaf as a test, or null when a column it needs is absent. */
export function compileLeaf(leaf: LeafCondition, cols: Columns): Test | null {
  const left = leftSide(leaf, cols);
  if (left === "absent") return null;
  if (leaf.op === "is" && leaf.value === null) {
    const index = left.field?.index;
    if (index === undefined) return (row) => (left.side(row) === null ? "yes" : "no");
    return (row) => (row.cells[index]?.kind === "value" ? "no" : "yes");
  }
  const right = rightSide(leaf, left.field, cols);
  if (right === "absent") return null;
  if (right === "never") return () => "no";
  const compare = OPERATORS[leaf.op];
  return (row) => {
    const a = left.side(row);
    const b = typeof right === "function" ? right(row) : right;
    if (a === null || b === null) return "unknown";
    return compare(a, b) ? "yes" : "no";
  };
}

export function conditionLabel(c: Condition, cr: CompiledRubric, lang: Lang): string | null {
  const own = authored(lang, c.label, c.labelEn);
  if (own) return own;
  if (!("field" in c)) return null;
  const f = cr.byId.get(c.field);
  return f ? f.names[lang] : null;
}

/** A condition's label in both languages ("?" where it has none), for `{unmet}`. */
export function conditionNames(c: Condition, cr: CompiledRubric): BothNames {
  return { zh: conditionLabel(c, cr, "zh") ?? "?", en: conditionLabel(c, cr, "en") ?? "?" };
}

function leafCondition(leaf: LeafCondition, cols: Columns): CompiledCondition {
  const test = compileLeaf(leaf, cols);
  const ids = [leaf.field, isValueRef(leaf.value) ? leaf.value.ref : null];
  const fields: number[] = [];
  const missing: BothNames[] = [];
  for (const id of ids) {
    const f = id === null ? undefined : cols.cr.byId.get(id);
    if (!f) continue;
    if (cols.present[f.index]) fields.push(f.index);
    else missing.push(f.names);
  }
  if (test !== null) return { test, missing: [], fields };
  if (leaf.label) return { test, missing: [bothNames(leaf.label, leaf.labelEn)], fields };
  return { test, missing, fields };
}

/** An absent condition reports its own label when it has one, else what its parts miss. */
function absent(
  c: Condition,
  cols: Columns,
  parts: CompiledCondition[],
  fields: number[],
): CompiledCondition {
  const own = conditionLabel(c, cols.cr, "zh");
  const ownEn = conditionLabel(c, cols.cr, "en") ?? own;
  return {
    test: null,
    missing: own && ownEn ? [{ zh: own, en: ownEn }] : parts.flatMap((k) => k.missing),
    fields,
  };
}

/**
 * Compiles a condition. `gate`: it is a gate's (leaving a part of an `all` out caps less, the safe
 * direction); `negated`: under an odd number of `not`s, where that direction flips.
 */
export function compileCondition(
  c: Condition,
  cols: Columns,
  gate: boolean,
  negated = false,
): CompiledCondition {
  const comb = combinationOf(c);
  if (comb === null) return leafCondition(c as LeafCondition, cols);
  if (comb.kind === "not") {
    const inner = compileCondition(comb.part, cols, gate, !negated);
    if (inner.test === null)
      return conditionLabel(c, cols.cr, "zh") ? absent(c, cols, [inner], inner.fields) : inner;
    const t = inner.test;
    return { ...inner, test: (row) => notOf(t(row)) };
  }
  const parts = comb.parts.map((p) => compileCondition(p, cols, gate, negated));
  const live = parts.filter((p) => p.test !== null);
  const fields = live.flatMap((p) => p.fields);
  const isAll = comb.kind === "all";
  const skip = isAll && comb.skipAbsent;
  // In a veto or check (or under a `not` in a gate) an `all` with an absent part is absent as a whole.
  const wholeOnly = isAll && !skip && gate === negated;
  if (live.length === 0 || (wholeOnly && live.length < parts.length)) return absent(c, cols, parts, fields);
  // Requirements left out of an `all` are reported; alternatives left out of an `any` are not.
  const reported = isAll && !skip ? parts : live;
  const tests = live.map((p) => p.test as Test);
  const combine = isAll ? allOf : anyOf;
  return {
    test: tests.length === 1 ? tests[0]! : (row) => combine(tests, row),
    missing: reported.flatMap((p) => p.missing),
    fields,
  };
}
