/**
 * Where a sheet holds formulas, by column, as ascending runs of rows (SheetModel.formulaRuns): a
 * user's own formula column under a result column's header is theirs, and the plan refuses to
 * write over it (writeplan.ts). Pure: each adapter fills it as it reads.
 */

/** Rows holding a formula, by column: ascending, non-overlapping runs [first, last]. */
export type FormulaRuns = Record<number, [number, number][]>;

/** Notes a formula at (`col`, `row`), rows coming in ascending order within a column (a sheet read top down). */
export function addFormulaRow(runs: FormulaRuns, col: number, row: number): void {
  const list = (runs[col] ??= []);
  const last = list[list.length - 1];
  if (last && row <= last[1] + 1) last[1] = Math.max(last[1], row);
  else list.push([row, row]);
}

/** Notes the rows `top`…`bottom` of `col` (an area the host gave), in any order; runs kept merged. */
export function addFormulaArea(runs: FormulaRuns, col: number, top: number, bottom: number): void {
  const list = [...(runs[col] ?? []), [top, bottom] as [number, number]].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const run of list) {
    const last = merged[merged.length - 1];
    if (last && run[0] <= last[1] + 1) last[1] = Math.max(last[1], run[1]);
    else merged.push([run[0], run[1]]);
  }
  runs[col] = merged;
}

/** The first of `rows` (ascending) holding a formula in `col`, or null. */
export function firstFormulaRow(
  runs: FormulaRuns | undefined,
  col: number,
  rows: readonly number[],
): number | null {
  const list = runs?.[col];
  if (!list) return null;
  let i = 0;
  for (const row of rows) {
    while (i < list.length && list[i]![1] < row) i++;
    if (i === list.length) return null;
    if (list[i]![0] <= row) return row;
  }
  return null;
}
