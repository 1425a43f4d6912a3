/**
 * A column the user made with a result column's header (评定星级, 评定总分 …) before this tool wrote
 * anything there: the committee's own tiers, a total worked out by hand, a 评定说明 of meeting notes.
 * The run would write its results over them. Columns the settings say this tool wrote are its own
 * (hand-edits.ts looks at those); any other column found by its header is written only when what
 * it holds is what this run writes there, or a run's results (its row's 评定说明 a run's chain, as
 * when the settings were lost or the sheet renamed). Otherwise the run stops, nothing written
 * (docs/layout.md "Result columns the user made").
 */
import type { Evaluation, RawCell, RowResult, Rubric } from "../engine/types";
import { AppError, msg } from "../messages";
import { firstFormulaRow } from "./formula-runs";
import { rubricsRunsMayUse, runExplanationTest } from "./hand-edits";
import type { Layout, ResultColumn } from "./layout";
import type { SheetModel, WriteValue } from "./model";
import { resultValue, resultsByRow } from "./result-values";
import { OUTPUT_KEYS, ownedOn, type OutputKey, type SettingsRead } from "./settings";
import { cellAt, cellText, clipped, isBlank } from "./util";

/** Cells named in the message. */
const CELLS_SHOWN = 3;
/** A cell's text is quoted up to this many characters. */
const TEXT_SHOWN = 20;

/** The result columns found by their headers that the settings do not say this tool wrote. */
function unownedResultColumns(
  sheet: SheetModel,
  layout: Layout,
  carried: SettingsRead | null | undefined,
): { key: OutputKey; found: ResultColumn }[] {
  const owned = ownedOn(carried?.owned, sheet.name);
  const out: { key: OutputKey; found: ResultColumn }[] = [];
  for (const key of OUTPUT_KEYS) {
    const found = layout.resultColumns[key];
    if (found && found.via !== "settings" && owned?.resultColumns[key] !== found.column)
      out.push({ key, found });
  }
  return out;
}

/**
 * A result column found by its header whose branch rows hold formulas is the user's own (a 评定星级
 * worked out with =IF(…) before the tool came): AppError USER_FORMULAS names the first formula.
 * A 合计 row's formula is never written over.
 */
function refuseFormulas(sheet: SheetModel, layout: Layout, columns: { found: ResultColumn }[]): void {
  for (const { found } of columns) {
    const row = firstFormulaRow(sheet.formulaRuns, found.col, layout.dataRows);
    if (row === null) continue;
    const cell = found.column + String(row);
    const text = msg("RESULT_COLUMN_HOLDS_FORMULAS", { sheet: sheet.name, header: found.header, cell });
    throw new AppError(text, { code: "USER_FORMULAS" });
  }
}

/** A cell holding what the run writes there: the same number, or the same text but for spaces around it. */
function holdsWritten(cell: RawCell, written: WriteValue): boolean {
  if (written === null) return false;
  if (typeof written === "number")
    return typeof cell === "number" && Math.abs(cell - written) <= 1e-9 * Math.max(1, Math.abs(written));
  return cellText(cell).trim() === String(written).trim();
}

/** The first cells of a column that neither hold this run's result nor sit in a row a run wrote. */
function typedCells(
  sheet: SheetModel,
  layout: Layout,
  key: OutputKey,
  col: number,
  byRow: readonly (RowResult | undefined)[],
  ranRow: (row: number) => boolean,
): number[] {
  const rows: number[] = [];
  for (const row of layout.dataRows) {
    const cell = cellAt(sheet, row, col);
    if (isBlank(cell) || holdsWritten(cell, resultValue(key, byRow[row])) || ranRow(row)) continue;
    rows.push(row);
    if (rows.length === CELLS_SHOWN) break;
  }
  return rows;
}

/**
 * Stops the run (AppError USER_FORMULAS or USER_VALUES, nothing written) when a result column found
 * by its header, not one the settings say this tool wrote, holds formulas or values of the user's.
 */
export function refuseUserResultColumns(
  sheet: SheetModel,
  layout: Layout,
  rubric: Rubric,
  evaluation: Evaluation,
  carried: SettingsRead | null | undefined,
): void {
  const columns = unownedResultColumns(sheet, layout, carried);
  if (columns.length === 0) return;
  refuseFormulas(sheet, layout, columns);
  const byRow = resultsByRow(evaluation.rows);
  const isRun = runExplanationTest(rubricsRunsMayUse(rubric, carried));
  const explanation = layout.resultColumns.explanation;
  const ranRow = (row: number) =>
    explanation !== undefined && isRun(cellText(cellAt(sheet, row, explanation.col)));
  for (const { key, found } of columns) {
    const rows = typedCells(sheet, layout, key, found.col, byRow, ranRow);
    if (rows.length === 0) continue;
    const cells = rows.map((row) => ({
      cell: found.column + String(row),
      text: clipped(cellText(cellAt(sheet, row, found.col)).trim(), TEXT_SHOWN),
    }));
    const text = msg("RESULT_COLUMN_HOLDS_VALUES", { sheet: sheet.name, header: found.header, cells });
    throw new AppError(text, { code: "USER_VALUES" });
  }
}
