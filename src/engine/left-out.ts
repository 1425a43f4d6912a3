/**
 * Requirements a rule runs without (docs/schemes.md "Requirements no column reads"). A table that
 * gives 标准1 only as 参会率 has the standard checked, but only its attendance: 无迟到早退 and the
 * tasks are never looked at, and a 五星级 would seem to vouch for them. The run says so once, in one
 * NOT_CHECKED table flag per rule, naming the requirements in the plan's words.
 */
import { bothNames, msg, type BothNames } from "../messages";
import { compileCondition, conditionNames, type Columns } from "./compile-conditions";
import { combinationOf } from "./conditions";
import { makeFlag } from "./flag";
import type { Condition, Flag, RuleDef } from "./types";

/** One part of a rule that the table reads only in part. */
export interface PartLeftOut {
  /** The part's label ("1.参会及任务完成"). */
  part: BothNames;
  /** The columns the table gives for it. */
  read: BothNames[];
  /** What none of those columns tests. */
  requirements: BothNames[];
}

/** Each name once (two columns of one part may leave out the same requirement). */
function byText(items: BothNames[]): BothNames[] {
  const seen = new Set<string>();
  return items.filter((n) => {
    if (seen.has(n.zh)) return false;
    seen.add(n.zh);
    return true;
  });
}

/**
 * What a condition leaves untested with the columns present: its own `leavesOut`; in an `all`, what
 * every present part leaves out (a yes/no column for the whole standard tests it all); in an `any`,
 * what any present alternative leaves out (a row may pass by that one). Absent conditions leave
 * nothing here: NOT_CHECKED reports them already.
 */
function leftOut(c: Condition, cols: Columns, gate: boolean): BothNames[] {
  if (compileCondition(c, cols, gate).test === null) return [];
  if (c.leavesOut) return c.leavesOut.map((r) => bothNames(r.label, r.labelEn));
  const comb = combinationOf(c);
  if (comb === null) return [];
  if (comb.kind === "not") return leftOut(comb.part, cols, gate);
  const present = comb.parts.filter((p) => compileCondition(p, cols, gate).test !== null);
  const lists = present.map((p) => leftOut(p, cols, gate));
  if (comb.kind === "any") return byText(lists.flat());
  const [first = [], ...rest] = lists;
  return first.filter((r) => rest.every((l) => l.some((x) => x.zh === r.zh)));
}

/** The parts of a rule (a top-level `all`'s, else the whole condition) that the table reads only in part. */
export function partsLeftOut(def: RuleDef, cols: Columns): PartLeftOut[] {
  const gate = def.kind === "gate";
  const comb = combinationOf(def.when);
  const parts = comb?.kind === "all" ? comb.parts : [def.when];
  return parts.flatMap((part) => {
    const requirements = leftOut(part, cols, gate);
    if (requirements.length === 0) return [];
    const fields = compileCondition(part, cols, gate).fields;
    const read = byText(fields.map((i) => cols.cr.fields[i]!.names));
    const own = conditionNames(part, cols.cr);
    const names = own.zh === "?" ? bothNames(def.label ?? def.code, def.labelEn ?? def.label) : own;
    return [{ part: names, read, requirements }];
  });
}

/** The rule's one table flag for what its columns leave untested, or null when they test it all. */
export function leftOutFlag(def: RuleDef, cols: Columns): Flag | null {
  const parts = partsLeftOut(def, cols);
  if (parts.length === 0) return null;
  const rule = bothNames(def.label ?? def.code, def.labelEn ?? def.label);
  return makeFlag(cols.cr.lang, "NOT_CHECKED", "info", msg("REQUIREMENTS_LEFT_OUT", { rule, parts }));
}
