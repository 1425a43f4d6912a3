/**
 * Reading the scoring sheet: one round trip for the sheet list, the table, merges and settings;
 * fallbacks for a response too large (rows in blocks), more than 512 merged areas (in pieces), a
 * missing sheet, and hidden rows from the visible view (docs/office-host.md).
 */
import { columnLetter } from "../../engine/address";
import type { RawCell } from "../../engine/types";
import { addFormulaArea, type FormulaRuns } from "../../workbook/formula-runs";
import type { CellRect, ReadRequest, SheetModel, WorkbookSnapshot } from "../../workbook/model";
import { OfficeAdapterError, errorCode, noSheet, tooManyCells } from "./errors";
import { type PageLayoutProbe, hasOwnPageSetup, probePageLayout } from "./page-layout";
import {
  type AdapterEnv,
  HIDDEN_COLUMN_PROBE,
  MERGE_PIECE_ROWS,
  type Meta,
  SHEET_ITEMS,
  VISIBLE_ROW_BYTES,
  parseAreasAddress,
  rawCell,
  rectA1,
  loadWorkbookProtection,
  rememberSheets,
  sheetItem,
  timed,
  utf8Length,
  visibilityIn,
} from "./shared";

export function read(env: AdapterEnv, request: ReadRequest): Promise<WorkbookSnapshot> {
  return timed(env, "read", readWithFallbacks(env, request));
}

export async function readWithFallbacks(env: AdapterEnv, request: ReadRequest): Promise<WorkbookSnapshot> {
  try {
    return await env.run((context) => readOnce(env, context, request, true, "whole"));
  } catch (error) {
    const code = errorCode(error);
    if (code === "ResponsePayloadSizeLimitExceeded")
      return env.run((context) => readInRowBlocks(env, context, request));
    // Navigating from an absent sheet (the settings sheet, a named sheet) may fail on hosts that
    // do not carry null objects through navigation: learn which sheets exist, then navigate
    // only from those.
    if (code === "ItemNotFound") {
      try {
        // Most often the absent sheet is the settings sheet (a workbook never rated).
        return await env.run((context) => readOnce(env, context, request, false, "whole"));
      } catch (again) {
        if (errorCode(again) !== "ItemNotFound") throw again;
        return env.run((context) => readKnowingSheets(env, context, request));
      }
    }
    // Excel fails the merged-areas call on a range with more than 512 of them: read the same
    // sheet again with merges asked for in pieces of the table's rows. That read may then be too
    // large for one response (a large table with many merged areas; the first request failed on
    // the merges before its size counted): then rows in blocks, merges in pieces.
    if (env.supports("1.13") && !(error instanceof OfficeAdapterError)) {
      try {
        return await env.run((context) => readOnce(env, context, request, true, "pieces"));
      } catch (again) {
        if (errorCode(again) !== "ResponsePayloadSizeLimitExceeded") throw again;
        return env.run((context) => readInRowBlocks(env, context, request));
      }
    }
    throw error;
  }
}

export async function readKnowingSheets(
  env: AdapterEnv,
  context: Excel.RequestContext,
  request: ReadRequest,
): Promise<WorkbookSnapshot> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  const names = new Set(sheets.items.map((s) => s.name.toLowerCase()));
  if (request.sheet && !names.has(request.sheet.toLowerCase())) throw noSheet(request.sheet);
  return readOnce(env, context, request, names.has(request.settingsSheet.toLowerCase()), "pieces");
}

export interface Queued {
  sheets: Excel.WorksheetCollection;
  /** The workbook's protection (null below ExcelApi 1.7). */
  bookProtection: Excel.WorkbookProtection | null;
  target: Excel.Worksheet;
  merged: Excel.RangeAreas | null;
  columns: Excel.Range[];
  settingsSheet: Excel.Worksheet;
  settings: Excel.Range | null;
  active: Excel.Worksheet;
  /** The target's page setup (ExcelApi 1.9), to tell whether the user has one of their own. */
  layout: PageLayoutProbe | null;
  /** The target's formula cells (ExcelApi 1.9): a formula showing "" reads as an empty cell. */
  formulas: Excel.RangeAreas | null;
}

export function queueMetadata(
  env: AdapterEnv,
  context: Excel.RequestContext,
  request: ReadRequest,
  withSettings: boolean,
): Queued {
  const sheets = context.workbook.worksheets;
  // Protection and chart names too: the write that follows needs no other look at the workbook.
  sheets.load(SHEET_ITEMS);
  const bookProtection = loadWorkbookProtection(env, context);
  const target = request.sheet ? sheets.getItemOrNullObject(request.sheet) : sheets.getActiveWorksheet();
  target.load("name");
  const active = request.sheet ? sheets.getActiveWorksheet() : target;
  if (active !== target) active.load("name");
  const columns: Excel.Range[] = [];
  for (let c = 1; c <= HIDDEN_COLUMN_PROBE; c++) {
    const column = target.getRange(`${columnLetter(c)}:${columnLetter(c)}`);
    column.load("columnHidden");
    columns.push(column);
  }
  const settingsSheet = sheets.getItemOrNullObject(request.settingsSheet);
  settingsSheet.load("name");
  let settings: Excel.Range | null = null;
  if (withSettings) {
    settings = settingsSheet.getRange("A:A").getUsedRangeOrNullObject(true);
    settings.load("values,rowIndex");
  }
  const layout = env.supports("1.9") ? probePageLayout(target) : null;
  // Areas, not cells: a column of helper formulas is one "Q4:Q33" however long.
  const formulas = env.supports("1.9") ? target.getRange().getSpecialCellsOrNullObject("Formulas") : null;
  formulas?.load("address");
  return {
    sheets,
    bookProtection,
    target,
    merged: null,
    columns,
    settingsSheet,
    settings,
    active,
    layout,
    formulas,
  };
}

export async function finishMetadata(
  env: AdapterEnv,
  context: Excel.RequestContext,
  q: Queued,
  request: ReadRequest,
): Promise<Meta> {
  if (request.sheet && q.target.isNullObject) throw noSheet(request.sheet);
  const items = q.sheets.items.map(sheetItem);
  rememberSheets(env, items, q.active.name, true, q.bookProtection?.protected === true);
  const info = items.map((s) => ({ name: s.name, visibility: visibilityIn(s.visibility) }));
  const hiddenColumns = q.columns.flatMap((c, i) => (c.columnHidden === true ? [i + 1] : []));
  let settingsJson: string | null = null;
  if (!q.settingsSheet.isNullObject) {
    const settings = q.settings;
    if (!settings) settingsJson = await settingsInBlocks(env, context, q.settingsSheet);
    else if (!settings.isNullObject && settings.rowIndex === 0) settingsJson = settingsText(settings.values);
  }
  const pageSetupCustomised = q.layout ? hasOwnPageSetup(q.layout) : undefined;
  const mergesUnknown = !env.supports("1.13");
  const formulaAreas = q.formulas && !q.formulas.isNullObject ? parseAreasAddress(q.formulas.address) : [];
  const formulaColumns = lastRowByColumn(formulaAreas);
  const formulaRuns = runsByColumn(formulaAreas);
  return {
    info,
    name: q.target.name,
    hiddenColumns,
    settingsJson,
    pageSetupCustomised,
    mergesUnknown,
    ...(formulaColumns ? { formulaColumns } : {}),
    ...(formulaRuns ? { formulaRuns } : {}),
  };
}

type Areas = ReturnType<typeof parseAreasAddress>;

/** The rows the areas cover, by column (SheetModel.formulaRuns). */
function runsByColumn(areas: Areas): FormulaRuns | undefined {
  if (areas.length === 0) return undefined;
  const runs: FormulaRuns = {};
  for (const area of areas)
    for (let col = area.left; col <= area.right; col++) addFormulaArea(runs, col, area.top, area.bottom);
  return runs;
}

/** Each column the areas cover, with the last row they reach in it. */
function lastRowByColumn(areas: Areas): Record<number, number> | undefined {
  const out: Record<number, number> = {};
  let any = false;
  for (const area of areas)
    for (let col = area.left; col <= area.right; col++) {
      out[col] = Math.max(out[col] ?? 0, area.bottom);
      any = true;
    }
  return any ? out : undefined;
}

/** The settings' JSON from its chunks in column A, up to the first empty cell (settings.ts). */
function settingsText(values: unknown[][]): string | null {
  const chunks: string[] = [];
  for (const [value] of values) {
    if (value === "" || value === null || value === undefined) break;
    chunks.push(String(value));
  }
  return chunks.length ? chunks.join("") : null;
}

/**
 * The settings read apart from the table, in blocks of rows: 定稿 keeps every branch's result in
 * them (docs/records.md), ~730 bytes a branch, 37 MB at 50,000 branches, far beyond one response.
 * A chunk is at most 30,000 characters, ~90 KB as a response spells it (Chinese, escaped quotes).
 */
async function settingsInBlocks(
  env: AdapterEnv,
  context: Excel.RequestContext,
  settingsSheet: Excel.Worksheet,
): Promise<string | null> {
  const used = settingsSheet.getRange("A:A").getUsedRangeOrNullObject(true);
  used.load("rowIndex,rowCount");
  await context.sync();
  if (used.isNullObject || used.rowIndex !== 0) return null;
  const values: unknown[][] = [];
  await inRowBlocks(
    context,
    used.rowCount,
    Math.max(1, Math.floor(env.budget / 100_000)),
    (start, rows) => settingsSheet.getRangeByIndexes(start, 0, rows, 1).load("values"),
    (block) => {
      values.push(...block.values);
      // The JSON ends at the first empty cell.
      return !block.values.some(([v]) => v === "" || v === null);
    },
  );
  return settingsText(values);
}

export function toModel(
  name: string,
  values: unknown[][],
  formats: unknown[][],
  rowIndex: number,
  columnIndex: number,
): RawCell[][] {
  const out: RawCell[][] = [];
  for (let r = 0; r < rowIndex; r++) out.push([]);
  values.forEach((row, r) => {
    const cells: RawCell[] = new Array<RawCell>(columnIndex).fill(null);
    row.forEach((value, c) => cells.push(rawCell(value, formats[r]?.[c])));
    out.push(cells);
  });
  void name;
  return out;
}

export interface Dims {
  rowIndex: number;
  columnIndex: number;
  rowCount: number;
  columnCount: number;
}

export async function readOnce(
  env: AdapterEnv,
  context: Excel.RequestContext,
  request: ReadRequest,
  withSettings: boolean,
  merges: "whole" | "pieces",
): Promise<WorkbookSnapshot> {
  const q = queueMetadata(env, context, request, withSettings);
  const used = q.target.getUsedRangeOrNullObject(true);
  // rowHidden of the whole range is one value: false when no row is hidden, null when some are.
  used.load("values,numberFormat,rowIndex,columnIndex,rowCount,columnCount,rowHidden");
  if (merges === "whole" && env.supports("1.13")) {
    q.merged = used.getMergedAreasOrNullObject();
    q.merged.load("address");
  }
  await context.sync();
  const meta = await finishMetadata(env, context, q, request);
  if (used.isNullObject) return emptySheetSnapshot(meta);
  const dims: Dims = {
    rowIndex: used.rowIndex,
    columnIndex: used.columnIndex,
    rowCount: used.rowCount,
    columnCount: used.columnCount,
  };
  // Over 5 million cells Excel answers the cell arrays with null: read the rows in blocks.
  if (!Array.isArray(used.values))
    return readBlocks(env, context, q.target, meta, dims, used.rowHidden !== false);
  const values = toModel(meta.name, used.values, used.numberFormat, used.rowIndex, used.columnIndex);
  const mergeRects =
    merges === "pieces"
      ? await mergesInPieces(env, context, q.target, dims)
      : q.merged && !q.merged.isNullObject
        ? parseAreasAddress(q.merged.address)
        : [];
  const hiddenRows =
    used.rowHidden === false
      ? []
      : await hiddenRowsOf(env, context, q.target, dims, meta.hiddenColumns, meta.name);
  return snapshot(meta, {
    name: meta.name,
    values,
    merges: mergeRects,
    hiddenRows,
    hiddenColumns: meta.hiddenColumns,
  });
}

/** The snapshot of a sheet with nothing in it. */
function emptySheetSnapshot(meta: Meta): WorkbookSnapshot {
  return snapshot(meta, {
    name: meta.name,
    values: [],
    merges: [],
    hiddenRows: [],
    hiddenColumns: meta.hiddenColumns,
  });
}

export function snapshot(meta: Meta, sheet: SheetModel): WorkbookSnapshot {
  const withSetup: SheetModel = {
    ...sheet,
    ...(meta.pageSetupCustomised === undefined ? {} : { pageSetupCustomised: meta.pageSetupCustomised }),
    ...(meta.mergesUnknown ? { mergesUnknown: true } : {}),
    // Every formula column, not only those showing nothing: the host cannot tell which without
    // each cell's type, and a column with values is occupied anyway.
    ...(meta.formulaColumns ? { blankFormulaColumns: meta.formulaColumns } : {}),
    ...(meta.formulaRuns ? { formulaRuns: meta.formulaRuns } : {}),
  };
  return { sheets: meta.info, settingsJson: meta.settingsJson, sheet: withSetup };
}

/**
 * Merged areas of the table, asked for by pieces of its rows (Excel fails the call on a range
 * with more than 512 merged areas); a piece that still fails is asked for again in smaller pieces.
 */
export async function mergesInPieces(
  env: AdapterEnv,
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  dims: Dims,
): Promise<CellRect[]> {
  if (!env.supports("1.13")) return [];
  let pieceRows = MERGE_PIECE_ROWS;
  for (;;) {
    const pieces: Excel.RangeAreas[] = [];
    for (let r = 0; r < dims.rowCount; r += pieceRows) {
      const rows = Math.min(pieceRows, dims.rowCount - r);
      const piece = sheet
        .getRangeByIndexes(dims.rowIndex + r, dims.columnIndex, rows, dims.columnCount)
        .getMergedAreasOrNullObject();
      piece.load("address");
      pieces.push(piece);
    }
    try {
      await context.sync();
    } catch (error) {
      if (pieceRows === 1) throw error;
      pieceRows = Math.max(1, Math.floor(pieceRows / 4));
      continue;
    }
    // An area that crosses a piece boundary comes back from both pieces.
    const seen = new Map<string, CellRect>();
    for (const piece of pieces)
      if (!piece.isNullObject)
        for (const rect of parseAreasAddress(piece.address)) seen.set(rectA1(rect), rect);
    return [...seen.values()];
  }
}

/**
 * Which rows are hidden (asked only when some are): the visible view of one visible column
 * lists the visible rows' addresses (~20 bytes each in the response, a few hundred bytes of
 * request whatever the row count), in blocks sized to the env.budget.
 */
export async function hiddenRowsOf(
  env: AdapterEnv,
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  dims: Dims,
  hiddenColumns: number[],
  sheetName: string,
): Promise<number[]> {
  const hiddenCols = new Set(hiddenColumns);
  let column = dims.columnIndex;
  while (hiddenCols.has(column + 1) && column < dims.columnIndex + dims.columnCount - 1) column++;
  const perRow = VISIBLE_ROW_BYTES + 2 * utf8Length(sheetName);
  const blockRows = Math.max(1, Math.floor(env.budget / perRow));
  const hidden: number[] = [];
  for (let start = 0; start < dims.rowCount; start += blockRows) {
    const rows = Math.min(blockRows, dims.rowCount - start);
    const view = sheet.getRangeByIndexes(dims.rowIndex + start, column, rows, 1).getVisibleView();
    view.load("cellAddresses");
    await context.sync(); // one sync per block; one block holds ~100,000 rows
    const visible = new Set<number>();
    for (const row of view.cellAddresses) {
      const m = /(\d+)$/.exec(String(row[0] ?? ""));
      if (m) visible.add(Number(m[1]));
    }
    for (let r = 1; r <= rows; r++) {
      const rowNumber = dims.rowIndex + start + r;
      if (!visible.has(rowNumber)) hidden.push(rowNumber);
    }
  }
  return hidden;
}

/** The fallback when one response would be too big: the size first, then blocks of rows. */
export async function readInRowBlocks(
  env: AdapterEnv,
  context: Excel.RequestContext,
  request: ReadRequest,
): Promise<WorkbookSnapshot> {
  // The settings too are read in blocks (finishMetadata): they may be what made the response too big.
  const q = queueMetadata(env, context, request, false);
  const used = q.target.getUsedRangeOrNullObject(true);
  used.load("rowIndex,columnIndex,rowCount,columnCount,rowHidden");
  await context.sync();
  const meta = await finishMetadata(env, context, q, request);
  if (used.isNullObject) return emptySheetSnapshot(meta);
  const dims = {
    rowIndex: used.rowIndex,
    columnIndex: used.columnIndex,
    rowCount: used.rowCount,
    columnCount: used.columnCount,
  };
  return readBlocks(env, context, q.target, meta, dims, used.rowHidden !== false);
}

/** Values in blocks of rows (one sync each: this path exists only for sheets too big for one response). */
export async function readBlocks(
  env: AdapterEnv,
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  meta: Meta,
  dims: Dims,
  someHidden: boolean,
): Promise<WorkbookSnapshot> {
  const values: RawCell[][] = [];
  for (let r = 0; r < dims.rowIndex; r++) values.push([]);
  // A cell's value and format take ~17–25 bytes in a response (measured on scored sheets);
  // 40 leaves room for long texts, and a block that still fails is halved.
  await inRowBlocks(
    context,
    dims.rowCount,
    Math.max(1, Math.floor(env.budget / (dims.columnCount * 40))),
    (start, rows) =>
      sheet
        .getRangeByIndexes(dims.rowIndex + start, dims.columnIndex, rows, dims.columnCount)
        .load("values,numberFormat"),
    (block) => {
      if (!Array.isArray(block.values)) throw tooManyCells(dims);
      values.push(...toModel(meta.name, block.values, block.numberFormat, 0, dims.columnIndex));
      return true;
    },
  );
  const merges = await mergesInPieces(env, context, sheet, dims);
  const hiddenRows = someHidden
    ? await hiddenRowsOf(env, context, sheet, dims, meta.hiddenColumns, meta.name)
    : [];
  return snapshot(meta, { name: meta.name, values, merges, hiddenRows, hiddenColumns: meta.hiddenColumns });
}

/**
 * Rows [0, total) loaded in blocks, one sync each, for reads too large for one response: a block
 * Excel refuses for its response size is halved and loaded again. `take` gets each loaded block
 * and returns false to stop early.
 */
async function inRowBlocks<T>(
  context: Excel.RequestContext,
  total: number,
  firstBlockRows: number,
  load: (start: number, rows: number) => T,
  take: (block: T) => boolean,
): Promise<void> {
  let blockRows = firstBlockRows;
  let done = 0;
  while (done < total) {
    const rows = Math.min(blockRows, total - done);
    const block = load(done, rows);
    try {
      await context.sync();
    } catch (error) {
      if (errorCode(error) === "ResponsePayloadSizeLimitExceeded" && blockRows > 1) {
        blockRows = Math.ceil(blockRows / 2);
        continue;
      }
      throw error;
    }
    done += rows;
    if (!take(block)) return;
  }
}
