/**
 * The block of an owned sheet the tool wrote, and a value found outside it: a line the user added
 * to the 公示名单 (a 盖章 line under the 落款, a remark beside the ranking) is content the next run
 * would clear, so that sheet is kept as it is instead (recompute.ts recogniseOwned, docs/owned-sheets.md).
 */
import { columnLetter } from "../engine/address";
import type { RawCell } from "../engine/types";
import type { FoundCell, PlanOp } from "./model";
import type { WrittenExtent } from "./settings";
import { isBlank } from "./util";

/** The last row and column of `sheet` the plan writes a value to; null when it writes none. */
export function writtenExtent(ops: readonly PlanOp[], sheet: string): WrittenExtent | null {
  let lastRow = 0;
  let lastCol = 0;
  for (const op of ops) {
    if (op.kind !== "values" || op.sheet !== sheet) continue;
    op.values.forEach((line, r) =>
      line.forEach((v, c) => {
        if (isBlank(v)) return;
        lastRow = Math.max(lastRow, op.row + r);
        lastCol = Math.max(lastCol, op.col + c);
      }),
    );
  }
  return lastRow > 0 ? { lastRow, lastCol } : null;
}

/**
 * The first cell, row by row, of `values` (rows from A1, as the readers model a sheet) holding a
 * value outside `block`. Whitespace alone is no value, as it is nothing to lose.
 */
export function firstValueOutside(
  values: readonly (readonly RawCell[] | undefined)[],
  block: WrittenExtent,
): FoundCell | null {
  for (let r = 0; r < values.length; r++) {
    const line = values[r] ?? [];
    const from = r + 1 > block.lastRow ? 0 : block.lastCol;
    for (let c = from; c < line.length; c++) {
      const value = line[c] ?? null;
      if (!isBlank(value)) return { cell: `${columnLetter(c + 1)}${r + 1}`, value };
    }
  }
  return null;
}
