/**
 * What a run writes in each result column of a branch's row (SPEC §5): shared by the write plan and
 * the check that a result column found by its header holds nothing else (user-columns.ts).
 */
import { formatFlagsCell } from "../engine";
import type { RowResult } from "../engine/types";
import type { WriteValue } from "./model";
import type { OutputKey } from "./settings";

/** What a result cell of `key` holds for row result `r` (nothing for a row that is not a branch). */
export function resultValue(key: OutputKey, r: RowResult | undefined): WriteValue {
  if (!r) return null;
  switch (key) {
    case "total":
      return r.rated ? r.total : null;
    case "stars":
      return r.rated ? r.stars : null;
    case "tier":
      return r.tier;
    case "eligibility":
      return r.eligibility === "" ? null : r.eligibility;
    case "flags": {
      // A row without flags (most rows of a clean table) makes no empty text.
      const text = r.flags.length > 0 ? formatFlagsCell(r.flags) : "";
      return text === "" ? null : text;
    }
    case "explanation":
      return r.explanation === "" ? null : r.explanation;
  }
}

/** Results by sheet row number. */
export function resultsByRow(rows: readonly RowResult[]): (RowResult | undefined)[] {
  let last = 0;
  // Indexed loops: a for…of allocates an iterator result per row until V8 optimises it.
  for (let i = 0; i < rows.length; i++) last = Math.max(last, rows[i].row);
  // Sized first: filled out of order (blocks of rows), it stays an array, not a dictionary.
  const byRow = new Array<RowResult | undefined>(last + 1);
  for (let i = 0; i < rows.length; i++) byRow[rows[i].row] = rows[i];
  return byRow;
}
