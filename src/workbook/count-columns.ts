/**
 * A yes/no standard's column that holds counts is that standard's count (docs/layout.md "A column of
 * counts under a yes/no header"). 篇2's 标准7 asks for 文体活动 "至少两次": a column headed 文体活动
 * (the standard's short name) holding 3, 2, 1, 0 is the number of activities, where the yes/no
 * reading would take 1 as 是 (met) and refuse 2 and 3. The rubric says which field such a column is
 * read as (`countsAs`); the cells decide whether it is one.
 */
import { parseCount, parseYesNo } from "../engine";
import type { RawCell, Rubric } from "../engine/types";
import type { SheetModel } from "./model";
import { cellAt } from "./util";

/** A column found under a yes/no field's header that is read as its count field instead. */
export interface CountColumn {
  /** The yes/no field whose header the column has. */
  from: string;
  /** The count field it is read as. */
  to: string;
  col: number;
}

/** Digits only (what a yes/no reading also takes as 1/0): not a word. */
const NUMERIC_TEXT = /^\s*[+-]?\d+(\.\d+)?\s*$/;

/** A yes/no word (是, 否, √, 有 …) typed in the cell: the column is then a yes/no column. */
function isYesNoWord(v: RawCell): boolean {
  if (typeof v === "boolean") return true;
  return typeof v === "string" && !NUMERIC_TEXT.test(v) && parseYesNo(v).kind === "value";
}

/** A count that only a count column holds: 2 or more, or a number of times written as such ("1次"). */
function isCount(v: RawCell): boolean {
  const n = parseCount(v);
  if (n.kind !== "value") return false;
  return n.value >= 2 || (typeof v === "string" && v.includes("次"));
}

/**
 * Whether the cells below the header are counts: at least one count, and no yes/no word (a 是/否
 * column whose 合计 row counts its 是 stays a 是/否 column).
 */
function holdsCounts(sheet: SheetModel, headerRow: number, col: number): boolean {
  let counts = false;
  for (let r = headerRow + 1; r <= sheet.values.length; r++) {
    const v = cellAt(sheet, r, col);
    if (isYesNoWord(v)) return false;
    if (!counts && isCount(v)) counts = true;
  }
  return counts;
}

/**
 * The columns to read as counts: a field with `countsAs` found by its header (or an earlier run's
 * mapping), not mapped by the user this run, whose count field has no column of its own.
 */
export function countColumns(
  sheet: SheetModel,
  rubric: Rubric,
  headerRow: number,
  mapped: Readonly<Record<string, { col: number }>>,
  userMapped: ReadonlySet<string>,
): CountColumn[] {
  const out: CountColumn[] = [];
  for (const f of rubric.fields) {
    const to = f.countsAs;
    const at = mapped[f.id];
    if (to === undefined || !at || userMapped.has(f.id) || mapped[to] || userMapped.has(to)) continue;
    if (holdsCounts(sheet, headerRow, at.col)) out.push({ from: f.id, to, col: at.col });
  }
  return out;
}
