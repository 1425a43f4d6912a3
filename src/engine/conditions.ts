/**
 * Rubric conditions (SPEC §4, docs/schemes.md "Rubric semantics"): the one walk over the condition
 * tree that every module uses (schema cross-checks, layout, summary, template, the pane's rule text),
 * the operator table, and three-valued truth for cells that are blank.
 */
import type { CompareOp, Condition, ConditionValue, ValueRef } from "./types";

export type LeafCondition = Extract<Condition, { field: string }>;
export type ConditionPath = (string | number)[];

export function isLeaf(c: Condition): c is LeafCondition {
  return "field" in c;
}

export function isValueRef(v: ConditionValue): v is ValueRef {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** How a condition combines its parts, or null for a leaf. */
export type Combination =
  | { kind: "all"; parts: Condition[]; skipAbsent: boolean }
  | { kind: "any"; parts: Condition[] }
  | { kind: "not"; part: Condition };

export function combinationOf(c: Condition): Combination | null {
  if ("all" in c) return { kind: "all", parts: c.all, skipAbsent: c.absentParts === "skip" };
  if ("any" in c) return { kind: "any", parts: c.any };
  if ("not" in c) return { kind: "not", part: c.not };
  return null;
}

/** The parts of a combination with the path key each sits under. */
function partsWithPaths(c: Condition, path: ConditionPath): [Condition, ConditionPath][] {
  const comb = combinationOf(c);
  if (comb === null) return [];
  if (comb.kind === "not") return [[comb.part, [...path, "not"]]];
  return comb.parts.map((p, i) => [p, [...path, comb.kind, i]]);
}

/** Where a leaf sits: its path, and whether it is only a later alternative (any / skipping all). */
export interface LeafPlace {
  path: ConditionPath;
  /** Under the second or a later part of an `any` or of an `all` with absentParts "skip". */
  alternative: boolean;
}

/** Visits every leaf of a condition, in reading order, with where it sits. */
export function forEachLeaf(
  c: Condition,
  visit: (leaf: LeafCondition, place: LeafPlace) => void,
  place: LeafPlace = { path: [], alternative: false },
): void {
  if (isLeaf(c)) {
    visit(c, place);
    return;
  }
  const comb = combinationOf(c);
  const choices = comb?.kind === "any" || (comb?.kind === "all" && comb.skipAbsent);
  partsWithPaths(c, place.path).forEach(([part, path], i) =>
    forEachLeaf(part, visit, { path, alternative: place.alternative || (choices === true && i > 0) }),
  );
}

/** Every leaf of a condition, in reading order. */
export function leavesOf(c: Condition): LeafCondition[] {
  const out: LeafCondition[] = [];
  forEachLeaf(c, (leaf) => out.push(leaf));
  return out;
}

/** The field ids a condition reads (left sides and `{ref}`s; "$…" computed values left out). */
export function conditionFieldIds(c: Condition): string[] {
  const out: string[] = [];
  for (const leaf of leavesOf(c)) {
    for (const id of [leaf.field, isValueRef(leaf.value) ? leaf.value.ref : null]) {
      if (id !== null && !id.startsWith("$") && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

/** A value compared by a leaf: a number (scores, percents, yes/no as 1/0, stars) or cleaned text. */
export type Operand = number | string;

const numeric =
  (cmp: (a: number, b: number) => boolean) =>
  (a: Operand, b: Operand | readonly Operand[]): boolean =>
    typeof a === "number" && typeof b === "number" && cmp(a, b);

/** The operators (SPEC §4). Adding one is one line here (and one in the schema's list). */
export const OPERATORS: Record<CompareOp, (a: Operand, b: Operand | readonly Operand[]) => boolean> = {
  ">=": numeric((a, b) => a >= b),
  ">": numeric((a, b) => a > b),
  "<=": numeric((a, b) => a <= b),
  "<": numeric((a, b) => a < b),
  "=": (a, b) => a === b,
  is: (a, b) => a === b,
  "!=": (a, b) => !Array.isArray(b) && a !== b,
  in: (a, b) => Array.isArray(b) && b.includes(a),
};

/** Three-valued truth: a leaf on a blank cell is "unknown" (docs/schemes.md "Blank cell"). */
export type Truth = "yes" | "no" | "unknown";

/**
 * `all` of the parts' truths: "no" if any part is "no", else "unknown" if any is, else "yes". The
 * parts are tests of one row, run in order until one decides (tests have no side effects).
 */
export function allOf<R>(tests: readonly ((row: R) => Truth)[], row: R): Truth {
  let unknown = false;
  for (const test of tests) {
    const t = test(row);
    if (t === "no") return "no";
    if (t === "unknown") unknown = true;
  }
  return unknown ? "unknown" : "yes";
}

/** `any` of the parts' truths: "yes" if any part is "yes", else "unknown" if any is, else "no". */
export function anyOf<R>(tests: readonly ((row: R) => Truth)[], row: R): Truth {
  let unknown = false;
  for (const test of tests) {
    const t = test(row);
    if (t === "yes") return "yes";
    if (t === "unknown") unknown = true;
  }
  return unknown ? "unknown" : "no";
}

export function notOf(t: Truth): Truth {
  return t === "yes" ? "no" : t === "no" ? "yes" : "unknown";
}
