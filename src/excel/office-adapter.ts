/**
 * The Office.js side of `WorkbookAdapter`: reads the scoring sheet in one round trip and applies a
 * `WritePlan` in one more (split only where a request would pass Excel on the web's 5 MB limit).
 */
import { columnIndex, columnLetter } from "../engine/address";
import type { RawCell } from "../engine/types";
import type {
  CellFormat,
  CellRect,
  PlanOp,
  ReadRequest,
  SheetInfo,
  SheetModel,
  SheetVisibility,
  WorkbookAdapter,
  WorkbookSnapshot,
  WritePlan,
  WriteValue,
} from "../workbook/model";
import { EXCEL_ERROR_TEXTS } from "../workbook/model";
import { AppError, msg, render, type Message, type SheetRows } from "../messages";

/** `Excel.run`, injectable so that tests can pass the in-memory Excel. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface OfficeAdapterOptions {
  /** Whether the host supports `ExcelApi <version>`; default asks Office.context.requirements. */
  supports?: (version: string) => boolean;
  /**
   * Largest request to send, in bytes of JSON as office.js serialises it (default 3.5 MB: under
   * Excel on the web's 5 MB limit even if the host counts the escaped envelope, ~+16%).
   */
  requestBudget?: number;
  /** How long one read or write may take before it ends with a clear message (default 60 s). */
  timeoutMs?: number;
}

export interface OfficeAdapter extends WorkbookAdapter {
  /** Activates a sheet and selects a cell (a flag was clicked). */
  selectCell(sheet: string, address: string): Promise<void>;
}

/** An Office.js failure as a catalogue message, for the command and the task pane to render. */
export class OfficeAdapterError extends AppError {
  constructor(message: Message, code: string) {
    super(message, { code });
    this.name = "OfficeAdapterError";
  }
}

function timeoutError(what: "read" | "write", ms: number): OfficeAdapterError {
  const seconds = Math.round(ms / 1000);
  const code = what === "read" ? "OFFICE_READ_TIMEOUT" : "OFFICE_WRITE_TIMEOUT";
  return new OfficeAdapterError(msg(code, { seconds }), "TIMEOUT");
}

function tooManyCells(dims: { rowCount: number; columnCount: number }): OfficeAdapterError {
  return new OfficeAdapterError(
    msg("OFFICE_TOO_MANY_CELLS", { rows: dims.rowCount, columns: dims.columnCount }),
    "TOO_MANY_CELLS",
  );
}

function sheetProtected(names: string[]): OfficeAdapterError {
  return new OfficeAdapterError(msg("OFFICE_SHEET_PROTECTED", { sheets: names }), "SHEET_PROTECTED");
}

function isSizeRefusal(error: unknown): boolean {
  const code = errorCode(error);
  return code === "RequestPayloadSizeLimitExceeded" || code === "PayloadTooLarge";
}

/** What some steps write: per sheet, its rows when they are result rows (contiguous runs joined). */
function describeSteps(steps: Step[]): SheetRows[] {
  const bySheet = new Map<string, Array<{ first: number; last: number }>>();
  for (const step of steps) {
    const runs = bySheet.get(step.op.sheet) ?? [];
    if (step.rows) runs.push({ ...step.rows });
    bySheet.set(step.op.sheet, runs);
  }
  const out: SheetRows[] = [];
  for (const [sheet, runs] of bySheet) {
    runs.sort((a, b) => a.first - b.first);
    const joined: Array<{ first: number; last: number }> = [];
    for (const run of runs) {
      const last = joined[joined.length - 1];
      if (last && run.first <= last.last + 1) last.last = Math.max(last.last, run.last);
      else joined.push(run);
    }
    out.push({ sheet, rows: joined });
  }
  return out;
}

/**
 * A write that failed: nothing written is said so; otherwise the message lists what was written
 * (committed requests), what may be half-written (the failing request: Excel does not roll back
 * the actions before the one that failed) and what was not written.
 */
function partialWrite(error: unknown, written: Step[], failing: Step[], all: Step[]): OfficeAdapterError {
  const reason = officeErrorMessage(error);
  const code = errorCode(error) ?? "WRITE_FAILED";
  if (written.length === 0 && failing.length === all.length)
    return new OfficeAdapterError(msg("OFFICE_WRITE_NOT_DONE", { reason }), code);
  const rest = all.filter((s) => !written.includes(s) && !failing.includes(s));
  return new OfficeAdapterError(
    msg("OFFICE_PARTIAL_WRITE", {
      reason,
      written: describeSteps(written),
      maybe: describeSteps(failing),
      notWritten: describeSteps(rest),
    }),
    "PARTIAL_WRITE",
  );
}

function noSheet(name: string): OfficeAdapterError {
  return new OfficeAdapterError(msg("OFFICE_NO_SHEET", { sheet: name }), "NO_SHEET");
}

export const DEFAULT_REQUEST_BUDGET = 3.5 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 60_000;
/**
 * Bytes one API call costs in a request beyond its arguments, as office.js serialises it: every
 * range it creates travels as an object path plus Instantiate, _KeepReference and a second
 * Instantiate (~330 bytes), and a property set or method call adds ~110 (measured through the
 * emulated host, docs/office-host.md).
 */
const ACTION_OVERHEAD = 240;
/** Rows per piece when merged areas are read by table range (Excel fails on more than 512 areas in one call). */
const MERGE_PIECE_ROWS = 500;
/** Response bytes per visible row in a visible-view read ("'Sheet'!A123" and brackets), with margin. */
const VISIBLE_ROW_BYTES = 24;
/** Columns whose hidden state is read (one cheap proxy each); wider sheets report hidden columns up to here. */
const HIDDEN_COLUMN_PROBE = 64;
/** Longest address list passed to one getRanges call. */
const MAX_AREAS_ADDRESS = 2000;

const VISIBILITY_OUT: Record<SheetVisibility, Excel.SheetVisibility> = {
  visible: "Visible" as Excel.SheetVisibility,
  hidden: "Hidden" as Excel.SheetVisibility,
  veryHidden: "VeryHidden" as Excel.SheetVisibility,
};

function visibilityIn(value: string): SheetVisibility {
  return value === "VeryHidden" ? "veryHidden" : value === "Hidden" ? "hidden" : "visible";
}

function defaultSupports(version: string): boolean {
  const office = (globalThis as { Office?: typeof Office }).Office;
  try {
    return Boolean(office?.context?.requirements?.isSetSupported("ExcelApi", version));
  } catch {
    return false;
  }
}

function defaultRun(): ExcelRun {
  const excel = (globalThis as { Excel?: { run: ExcelRun } }).Excel;
  if (!excel) throw new OfficeAdapterError(msg("OFFICE_NOT_IN_EXCEL"), "NoExcel");
  return excel.run.bind(excel) as ExcelRun;
}

const encoder = new TextEncoder();
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

function a1(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

function rectA1(rect: CellRect): string {
  const start = a1(rect.top, rect.left);
  const end = a1(rect.bottom, rect.right);
  return start === end ? start : `${start}:${end}`;
}

/** Rectangles of a RangeAreas address ("Sheet1!A1:J1,'My sheet'!D2:H2"). */
export function parseAreasAddress(address: string): CellRect[] {
  const rects: CellRect[] = [];
  const pattern = /!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?/g;
  for (const m of address.matchAll(pattern)) {
    const left = columnIndex(m[1]);
    const top = Number(m[2]);
    rects.push({ top, left, bottom: m[4] ? Number(m[4]) : top, right: m[3] ? columnIndex(m[3]) : left });
  }
  return rects;
}

/** Whether a number format displays a date or time: d, m, y, h or s outside quotes, brackets and escapes. */
export function isDateFormat(format: unknown): boolean {
  if (typeof format !== "string" || format === "General" || format === "@") return false;
  const stripped = format
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "");
  return /[dmyhs]/i.test(stripped);
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * One cell as read: "" is empty; an error shows as its text (telling it from typed text would need
 * `valueTypes`, ~9 more bytes per cell, and both are "invalid" to the engine); a number in a date
 * format is a date.
 */
export function rawCell(value: unknown, format: unknown): RawCell {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "string") return EXCEL_ERROR_TEXTS.has(value) ? { error: value } : value;
  if (typeof value === "number") {
    return isDateFormat(format) ? new Date(EXCEL_EPOCH_MS + Math.round(value * 86400000)) : value;
  }
  if (typeof value === "boolean") return value;
  return String(value);
}

/**
 * Every string goes in with Excel's text prefix ('), which Excel strips on entry: nothing we write
 * is ever parsed as a formula ("=…", "+…", "-…", "@…"), a number ("001"), a date or a boolean. A
 * number format of "@" would also stop it but changes the cell's format; the prefix does not.
 */
export function literal(value: WriteValue): string | number | boolean {
  if (value === null) return ""; // null in Office.js means "leave as is"; the plan's null means empty
  if (typeof value === "string") return value === "" ? "" : `'${value}`;
  return value;
}

function formatKey(format: CellFormat): string | null {
  const { fill, fontColor, bold, horizontal, wrap } = format;
  if (
    fill === undefined &&
    fontColor === undefined &&
    bold === undefined &&
    horizontal === undefined &&
    wrap === undefined
  )
    return null;
  return JSON.stringify([fill ?? null, fontColor ?? null, bold ?? null, horizontal ?? null, wrap ?? null]);
}

/** Vertical runs (same column, consecutive rows) of the cells in `cells`, as rectangles. */
function verticalRuns(cells: Array<[number, number]>): CellRect[] {
  const byColumn = new Map<number, number[]>();
  for (const [row, col] of cells) {
    const rows = byColumn.get(col) ?? [];
    rows.push(row);
    byColumn.set(col, rows);
  }
  const rects: CellRect[] = [];
  for (const [col, rows] of byColumn) {
    rows.sort((a, b) => a - b);
    let start = rows[0];
    let prev = rows[0];
    for (let i = 1; i <= rows.length; i++) {
      const row = rows[i];
      if (row === prev + 1) {
        prev = row;
        continue;
      }
      rects.push({ top: start, left: col, bottom: prev, right: col });
      start = prev = row;
    }
  }
  return rects;
}

interface KnownSheets {
  sheets: Map<string, { name: string; visibility: SheetVisibility; position: number }>;
  active: string | null;
  /** Chart names per sheet, by lower-case sheet name (for rebuilding an owned sheet in place). */
  charts: Map<string, string[]>;
  protectedSheets: Set<string>;
  /** Loaded by the read just before: the write may use it without another look (used once). */
  fresh: boolean;
}

interface SheetItem {
  name: string;
  visibility: string;
  position: number;
  protection?: { protected?: boolean };
  charts?: { items?: Array<{ name: string }> };
}

/** One queued piece of the write, its estimated size, and the plan op it belongs to. */
interface Step {
  bytes: number;
  op: PlanOp;
  /** Rows of a values op this step writes (for saying what was written when a write fails). */
  rows?: { first: number; last: number };
  emit(batch: BatchState): void;
}

/** The workbook as the write finds it. */
type WriteState = KnownSheets;

const SHEET_ITEMS =
  "items/name,items/visibility,items/position,items/protection/protected,items/charts/items/name";

function sheetItem(s: Excel.Worksheet): SheetItem {
  return {
    name: s.name,
    visibility: s.visibility,
    position: s.position,
    protection: { protected: s.protection?.protected },
    charts: { items: (s.charts?.items ?? []).map((c) => ({ name: c.name })) },
  };
}

interface BatchState {
  context: Excel.RequestContext;
  sheets: Map<string, Excel.Worksheet>;
  worksheet(name: string): Excel.Worksheet;
}

export function createOfficeAdapter(run?: ExcelRun, options: OfficeAdapterOptions = {}): OfficeAdapter {
  const excelRun: ExcelRun = run ?? ((batch) => defaultRun()(batch));
  const supports = options.supports ?? defaultSupports;
  const budget = options.requestBudget ?? DEFAULT_REQUEST_BUDGET;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let known: KnownSheets | null = null;

  function rememberSheets(items: SheetItem[], active: string | null, fresh: boolean): KnownSheets {
    known = {
      sheets: new Map(
        items.map((s) => [
          s.name.toLowerCase(),
          { name: s.name, visibility: visibilityIn(s.visibility), position: s.position },
        ]),
      ),
      active,
      charts: new Map(items.map((s) => [s.name.toLowerCase(), (s.charts?.items ?? []).map((c) => c.name)])),
      protectedSheets: new Set(items.filter((s) => s.protection?.protected === true).map((s) => s.name)),
      fresh,
    };
    return known;
  }

  /** A read or write that takes longer than the time limit ends with a clear message. */
  function timed<T>(what: "read" | "write", work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(what, timeoutMs)), timeoutMs);
    });
    return Promise.race([work, limit]).finally(() => clearTimeout(timer));
  }

  function read(request: ReadRequest): Promise<WorkbookSnapshot> {
    return timed("read", readWithFallbacks(request));
  }

  async function readWithFallbacks(request: ReadRequest): Promise<WorkbookSnapshot> {
    try {
      return await excelRun((context) => readOnce(context, request, true, "whole"));
    } catch (error) {
      const code = errorCode(error);
      if (code === "ResponsePayloadSizeLimitExceeded")
        return excelRun((context) => readInRowBlocks(context, request));
      // Navigating from an absent sheet (the settings sheet, a named sheet) may fail on hosts that
      // do not carry null objects through navigation: learn which sheets exist, then navigate
      // only from those.
      if (code === "ItemNotFound") {
        try {
          // Most often the absent sheet is the settings sheet (a workbook never rated).
          return await excelRun((context) => readOnce(context, request, false, "whole"));
        } catch (again) {
          if (errorCode(again) !== "ItemNotFound") throw again;
          return excelRun((context) => readKnowingSheets(context, request));
        }
      }
      // Excel fails the merged-areas call on a range with more than 512 of them: read the same
      // sheet again with merges asked for in pieces of the table's rows.
      if (supports("1.13") && !(error instanceof OfficeAdapterError))
        return excelRun((context) => readOnce(context, request, true, "pieces"));
      throw error;
    }
  }

  async function readKnowingSheets(
    context: Excel.RequestContext,
    request: ReadRequest,
  ): Promise<WorkbookSnapshot> {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    const names = new Set(sheets.items.map((s) => s.name.toLowerCase()));
    if (request.sheet && !names.has(request.sheet.toLowerCase())) throw noSheet(request.sheet);
    return readOnce(context, request, names.has(request.settingsSheet.toLowerCase()), "pieces");
  }

  interface Queued {
    sheets: Excel.WorksheetCollection;
    target: Excel.Worksheet;
    merged: Excel.RangeAreas | null;
    columns: Excel.Range[];
    settingsSheet: Excel.Worksheet;
    settings: Excel.Range | null;
    active: Excel.Worksheet;
  }

  function queueMetadata(context: Excel.RequestContext, request: ReadRequest, withSettings: boolean): Queued {
    const sheets = context.workbook.worksheets;
    // Protection and chart names too: the write that follows needs no other look at the workbook.
    sheets.load(SHEET_ITEMS);
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
    return { sheets, target, merged: null, columns, settingsSheet, settings, active };
  }

  async function finishMetadata(
    context: Excel.RequestContext,
    q: Queued,
    request: ReadRequest,
  ): Promise<{ info: SheetInfo[]; name: string; hiddenColumns: number[]; settingsJson: string | null }> {
    if (request.sheet && q.target.isNullObject) throw noSheet(request.sheet);
    const items = q.sheets.items.map(sheetItem);
    rememberSheets(items, q.active.name, true);
    const info = items.map((s) => ({ name: s.name, visibility: visibilityIn(s.visibility) }));
    const hiddenColumns = q.columns.flatMap((c, i) => (c.columnHidden === true ? [i + 1] : []));
    let settingsJson: string | null = null;
    if (!q.settingsSheet.isNullObject) {
      let settings = q.settings;
      if (!settings) {
        settings = q.settingsSheet.getRange("A:A").getUsedRangeOrNullObject(true);
        settings.load("values,rowIndex");
        await context.sync();
      }
      if (!settings.isNullObject && settings.rowIndex === 0) {
        const chunks: string[] = [];
        for (const [value] of settings.values) {
          if (value === "" || value === null) break;
          chunks.push(String(value));
        }
        settingsJson = chunks.length ? chunks.join("") : null;
      }
    }
    return { info, name: q.target.name, hiddenColumns, settingsJson };
  }

  function toModel(
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

  interface Dims {
    rowIndex: number;
    columnIndex: number;
    rowCount: number;
    columnCount: number;
  }

  async function readOnce(
    context: Excel.RequestContext,
    request: ReadRequest,
    withSettings: boolean,
    merges: "whole" | "pieces",
  ): Promise<WorkbookSnapshot> {
    const q = queueMetadata(context, request, withSettings);
    const used = q.target.getUsedRangeOrNullObject(true);
    // rowHidden of the whole range is one value: false when no row is hidden, null when some are.
    used.load("values,numberFormat,rowIndex,columnIndex,rowCount,columnCount,rowHidden");
    if (merges === "whole" && supports("1.13")) {
      q.merged = used.getMergedAreasOrNullObject();
      q.merged.load("address");
    }
    await context.sync();
    const meta = await finishMetadata(context, q, request);
    if (used.isNullObject)
      return snapshot(meta, {
        name: meta.name,
        values: [],
        merges: [],
        hiddenRows: [],
        hiddenColumns: meta.hiddenColumns,
      });
    const dims: Dims = {
      rowIndex: used.rowIndex,
      columnIndex: used.columnIndex,
      rowCount: used.rowCount,
      columnCount: used.columnCount,
    };
    // Over 5 million cells Excel answers the cell arrays with null: read the rows in blocks.
    if (!Array.isArray(used.values))
      return readBlocks(context, q.target, meta, dims, used.rowHidden !== false);
    const values = toModel(meta.name, used.values, used.numberFormat, used.rowIndex, used.columnIndex);
    const mergeRects =
      merges === "pieces"
        ? await mergesInPieces(context, q.target, dims)
        : q.merged && !q.merged.isNullObject
          ? parseAreasAddress(q.merged.address)
          : [];
    const hiddenRows =
      used.rowHidden === false
        ? []
        : await hiddenRowsOf(context, q.target, dims, meta.hiddenColumns, meta.name);
    return snapshot(meta, {
      name: meta.name,
      values,
      merges: mergeRects,
      hiddenRows,
      hiddenColumns: meta.hiddenColumns,
    });
  }

  function snapshot(
    meta: { info: SheetInfo[]; settingsJson: string | null },
    sheet: SheetModel,
  ): WorkbookSnapshot {
    return { sheets: meta.info, settingsJson: meta.settingsJson, sheet };
  }

  /**
   * Merged areas of the table, asked for by pieces of its rows (Excel fails the call on a range
   * with more than 512 merged areas); a piece that still fails is asked for again in smaller pieces.
   */
  async function mergesInPieces(
    context: Excel.RequestContext,
    sheet: Excel.Worksheet,
    dims: Dims,
  ): Promise<CellRect[]> {
    if (!supports("1.13")) return [];
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
   * request whatever the row count), in blocks sized to the budget.
   */
  async function hiddenRowsOf(
    context: Excel.RequestContext,
    sheet: Excel.Worksheet,
    dims: Dims,
    hiddenColumns: number[],
    sheetName: string,
  ): Promise<number[]> {
    const hiddenCols = new Set(hiddenColumns);
    let column = dims.columnIndex;
    while (hiddenCols.has(column + 1) && column < dims.columnIndex + dims.columnCount - 1) column++;
    const perRow = VISIBLE_ROW_BYTES + 2 * encoder.encode(sheetName).length;
    const blockRows = Math.max(1, Math.floor(budget / perRow));
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
  async function readInRowBlocks(
    context: Excel.RequestContext,
    request: ReadRequest,
  ): Promise<WorkbookSnapshot> {
    const q = queueMetadata(context, request, true);
    const used = q.target.getUsedRangeOrNullObject(true);
    used.load("rowIndex,columnIndex,rowCount,columnCount,rowHidden");
    await context.sync();
    const meta = await finishMetadata(context, q, request);
    if (used.isNullObject)
      return snapshot(meta, {
        name: meta.name,
        values: [],
        merges: [],
        hiddenRows: [],
        hiddenColumns: meta.hiddenColumns,
      });
    const dims = {
      rowIndex: used.rowIndex,
      columnIndex: used.columnIndex,
      rowCount: used.rowCount,
      columnCount: used.columnCount,
    };
    return readBlocks(context, q.target, meta, dims, used.rowHidden !== false);
  }

  /** Values in blocks of rows (one sync each: this path exists only for sheets too big for one response). */
  async function readBlocks(
    context: Excel.RequestContext,
    sheet: Excel.Worksheet,
    meta: { info: SheetInfo[]; name: string; hiddenColumns: number[]; settingsJson: string | null },
    dims: Dims,
    someHidden: boolean,
  ): Promise<WorkbookSnapshot> {
    const values: RawCell[][] = [];
    for (let r = 0; r < dims.rowIndex; r++) values.push([]);
    // A cell's value and format take ~17–25 bytes in a response (measured on scored sheets);
    // 40 leaves room for long texts, and a block that still fails is halved.
    let blockRows = Math.max(1, Math.floor(budget / (dims.columnCount * 40)));
    let done = 0;
    while (done < dims.rowCount) {
      const rows = Math.min(blockRows, dims.rowCount - done);
      const block = sheet.getRangeByIndexes(dims.rowIndex + done, dims.columnIndex, rows, dims.columnCount);
      block.load("values,numberFormat");
      try {
        await context.sync();
      } catch (error) {
        if (errorCode(error) === "ResponsePayloadSizeLimitExceeded" && blockRows > 1) {
          blockRows = Math.ceil(blockRows / 2);
          continue;
        }
        throw error;
      }
      if (!Array.isArray(block.values)) throw tooManyCells(dims);
      values.push(...toModel(meta.name, block.values, block.numberFormat, 0, dims.columnIndex));
      done += rows;
    }
    const merges = await mergesInPieces(context, sheet, dims);
    const hiddenRows = someHidden
      ? await hiddenRowsOf(context, sheet, dims, meta.hiddenColumns, meta.name)
      : [];
    return snapshot(meta, { name: meta.name, values, merges, hiddenRows, hiddenColumns: meta.hiddenColumns });
  }

  // ----- writing -----------------------------------------------------------------------------

  function stepsFor(op: PlanOp, state: WriteState): Step[] {
    switch (op.kind) {
      case "ensureSheet":
        return [ensureSheetStep(op, state)];
      case "values":
        return valuesSteps(op);
      case "clear":
        return [
          {
            op,
            bytes: ACTION_OVERHEAD * 2,
            emit: (b) =>
              b
                .worksheet(op.sheet)
                .getRangeByIndexes(op.rect.top - 1, op.rect.left - 1, height(op.rect), width(op.rect))
                .clear("All" as Excel.ClearApplyTo),
          },
        ];
      case "merge":
        return [
          {
            op,
            bytes: ACTION_OVERHEAD * 2,
            emit: (b) =>
              b
                .worksheet(op.sheet)
                .getRangeByIndexes(op.rect.top - 1, op.rect.left - 1, height(op.rect), width(op.rect))
                .merge(false),
          },
        ];
      case "columnWidths":
        return [
          {
            op,
            bytes: ACTION_OVERHEAD * 3 * op.widths.length,
            emit: (b) => {
              const ws = b.worksheet(op.sheet);
              op.widths.forEach((w, i) => {
                // The plan gives widths in characters (as ExcelJS); Office.js takes points.
                ws.getRangeByIndexes(0, op.col - 1 + i, 1, 1).format.columnWidth = charsToPoints(w);
              });
            },
          },
        ];
      case "freeze":
        return [
          {
            op,
            bytes: ACTION_OVERHEAD * 3,
            emit: (b) => {
              const panes = b.worksheet(op.sheet).freezePanes;
              panes.unfreeze();
              if (op.rows > 0 && op.columns > 0)
                panes.freezeAt(rectA1({ top: 1, left: 1, bottom: op.rows, right: op.columns }));
              else if (op.rows > 0) panes.freezeRows(op.rows);
              else if (op.columns > 0) panes.freezeColumns(op.columns);
            },
          },
        ];
      case "validation":
        if (!supports("1.8")) return [];
        return [
          {
            op,
            bytes: ACTION_OVERHEAD * 4 + jsonBytes(op.rule),
            emit: (b) => {
              const dv = b
                .worksheet(op.sheet)
                .getRangeByIndexes(
                  op.rect.top - 1,
                  op.rect.left - 1,
                  height(op.rect),
                  width(op.rect),
                ).dataValidation;
              dv.clear();
              dv.rule =
                op.rule.kind === "decimal"
                  ? {
                      decimal: {
                        formula1: op.rule.min,
                        formula2: op.rule.max,
                        operator: "Between" as Excel.DataValidationOperator,
                      },
                    }
                  : { list: { inCellDropDown: true, source: op.rule.items.join(",") } };
              dv.errorAlert = {
                message: op.rule.message,
                showAlert: true,
                style: "Stop" as Excel.DataValidationAlertStyle,
                title: "星级评定",
              };
            },
          },
        ];
      case "chart":
        return [
          {
            op,
            bytes: ACTION_OVERHEAD * 6 + jsonBytes(op.title),
            emit: (b) => {
              const ws = b.worksheet(op.sheet);
              const data = ws.getRangeByIndexes(
                op.data.top - 1,
                op.data.left - 1,
                height(op.data),
                width(op.data),
              );
              const chart = ws.charts.add(
                "ColumnClustered" as Excel.ChartType,
                data,
                "Columns" as Excel.ChartSeriesBy,
              );
              chart.name = "StarRatingDistribution";
              chart.title.text = op.title;
              chart.legend.visible = false;
              chart.setPosition(a1(op.anchor.top, op.anchor.left), a1(op.anchor.bottom, op.anchor.right));
            },
          },
        ];
      case "copyFormat":
      case "rowHeights":
      case "pageSetup":
        return []; // not emitted by any builder yet: the print-ready work applies them next
      case "fitWidth":
        if (!supports("1.9")) return [];
        return [
          {
            op,
            bytes: ACTION_OVERHEAD * 2,
            emit: (b) => {
              b.worksheet(op.sheet).pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
            },
          },
        ];
    }
  }

  function ensureSheetStep(op: Extract<PlanOp, { kind: "ensureSheet" }>, state: WriteState): Step {
    const existing = state.sheets.get(op.sheet.toLowerCase());
    const visibility = VISIBILITY_OUT[op.visibility];
    const charts = state.charts.get(op.sheet.toLowerCase()) ?? [];
    const step: Step = {
      bytes: ACTION_OVERHEAD * (6 + 2 * charts.length),
      op,
      emit: (b) => {
        const sheets = b.context.workbook.worksheets;
        if (!existing) {
          const ws = sheets.add(op.sheet);
          if (op.visibility !== "visible") ws.visibility = visibility;
          b.sheets.set(op.sheet.toLowerCase(), ws);
          return;
        }
        const ws = sheets.getItem(existing.name);
        if (op.clear) {
          // A sheet we own is emptied and rewritten in place, never deleted and added again:
          // formulas and links that point into it survive, and Excel keeps its undo history
          // (deleting, moving or re-showing a sheet clears it). docs/office-host.md
          const all = ws.getRange();
          all.clear("All" as Excel.ClearApplyTo);
          all.unmerge();
          if (supports("1.8")) all.dataValidation.clear();
          for (const name of charts) ws.charts.getItem(name).delete();
        }
        // Visibility changes only when it differs (the first run hides the settings sheet).
        if (existing.visibility !== op.visibility) ws.visibility = visibility;
        b.sheets.set(op.sheet.toLowerCase(), ws);
      },
    };
    // Keep our picture of the workbook current for the ops that follow.
    if (!existing)
      state.sheets.set(op.sheet.toLowerCase(), {
        name: op.sheet,
        visibility: op.visibility,
        position: state.sheets.size,
      });
    return step;
  }

  function valuesSteps(op: Extract<PlanOp, { kind: "values" }>): Step[] {
    const rows = op.values.map((row) => row.map(literal));
    const rowBytes = rows.map((row, r) => jsonBytes(row) + (op.formats ? jsonBytes(op.formats[r] ?? []) : 0));
    const steps: Step[] = [];
    // Blocks of rows, small against the budget so that batches are packed nearly full.
    const blockBudget = budget / 8;
    let start = 0;
    while (start < rows.length) {
      let end = start;
      let bytes = 0;
      while (end < rows.length && (end === start || bytes + rowBytes[end] < blockBudget))
        bytes += rowBytes[end++];
      steps.push(valuesBlockStep(op, rows, start, end));
      start = end;
    }
    return steps;
  }

  function valuesBlockStep(
    op: Extract<PlanOp, { kind: "values" }>,
    rows: (string | number | boolean)[][],
    start: number,
    end: number,
  ): Step {
    const block = rows.slice(start, end);
    const widthCols = Math.max(0, ...block.map((r) => r.length));
    const padded = block.map((r) =>
      r.length === widthCols ? r : [...r, ...new Array<string>(widthCols - r.length).fill("")],
    );
    const top = op.row + start;
    // Number formats: per column, runs of the same format.
    const numFmtRuns: { rect: CellRect; format: string }[] = [];
    const styleCells = new Map<string, { format: CellFormat; cells: Array<[number, number]> }>();
    if (op.formats) {
      for (let c = 0; c < widthCols; c++) {
        let runStart = -1;
        let runFormat: string | undefined;
        for (let r = start; r <= end; r++) {
          // An empty cell's number format shows nothing; leaving it alone matches the .xlsx side.
          const f = r < end && op.values[r]?.[c] != null ? op.formats[r]?.[c]?.numFmt : undefined;
          if (f !== runFormat) {
            if (runFormat !== undefined)
              numFmtRuns.push({
                rect: { top: op.row + runStart, left: op.col + c, bottom: op.row + r - 1, right: op.col + c },
                format: runFormat,
              });
            runStart = r;
            runFormat = f;
          }
        }
      }
      for (let r = start; r < end; r++) {
        op.formats[r]?.forEach((format, c) => {
          if (!format) return;
          const key = formatKey(format);
          if (!key) return;
          const entry = styleCells.get(key) ?? { format, cells: [] };
          entry.cells.push([op.row + r, op.col + c]);
          styleCells.set(key, entry);
        });
      }
    }
    const styleGroups = [...styleCells.values()].map((g) => ({
      format: g.format,
      rects: verticalRuns(g.cells),
    }));
    const useAreas = supports("1.9");
    let bytes = ACTION_OVERHEAD * 2 + jsonBytes(padded);
    for (const run of numFmtRuns)
      bytes += ACTION_OVERHEAD * 3 + height(run.rect) * (jsonBytes(run.format) + 3);
    for (const g of styleGroups) {
      const addressBytes = g.rects.reduce((n, r) => n + rectA1(r).length + 1, 0);
      const targets = useAreas
        ? Math.ceil(addressBytes / MAX_AREAS_ADDRESS) + g.rects.length / 200
        : g.rects.length;
      bytes += addressBytes + Math.ceil(targets) * ACTION_OVERHEAD * 5;
    }
    return {
      bytes,
      op,
      rows: { first: top, last: top + padded.length - 1 },
      emit: (b) => {
        const ws = b.worksheet(op.sheet);
        for (const run of numFmtRuns) {
          const rows2 = height(run.rect);
          ws.getRangeByIndexes(run.rect.top - 1, run.rect.left - 1, rows2, 1).numberFormat = Array.from(
            { length: rows2 },
            () => [run.format],
          );
        }
        if (widthCols > 0 && padded.length > 0)
          ws.getRangeByIndexes(top - 1, op.col - 1, padded.length, widthCols).values = padded;
        for (const group of styleGroups) {
          for (const target of formatTargets(ws, group.rects, useAreas))
            applyStyle(target.format, group.format);
        }
      },
    };
  }

  function apply(plan: WritePlan): Promise<void> {
    return timed(
      "write",
      excelRun((context) => applyIn(context, plan)),
    );
  }

  /**
   * One sync to see the workbook as it is now (the user may have renamed, deleted or protected
   * sheets since the read), then the write in as few requests as the budget allows.
   */
  async function applyIn(context: Excel.RequestContext, plan: WritePlan): Promise<void> {
    const state = await prepareWrite(context);
    const touched = new Set(plan.ops.map((op) => op.sheet.toLowerCase()));
    const locked = [...state.protectedSheets].filter((name) => touched.has(name.toLowerCase()));
    if (locked.length) throw sheetProtected(locked);
    const steps = plan.ops.flatMap((op) => stepsFor(op, state));
    const batch: BatchState = {
      context,
      sheets: new Map(),
      worksheet(name) {
        const key = name.toLowerCase();
        let ws = this.sheets.get(key);
        if (!ws) {
          ws = context.workbook.worksheets.getItem(name);
          this.sheets.set(key, ws);
        }
        return ws;
      },
    };
    await writeBatches(batch, packBatches(steps), steps);
  }

  function packBatches(steps: Step[]): Step[][] {
    // The estimates come within ~7% of what office.js sends (measured through the emulated host
    // on scoring sheets and summaries up to 100,000 rows): pack to 92% of the budget.
    const fill = budget * 0.92;
    const batches: Step[][] = [];
    let current: Step[] = [];
    let currentBytes = 0;
    for (const step of steps) {
      if (current.length > 0 && currentBytes + step.bytes > fill) {
        batches.push(current);
        current = [];
        currentBytes = 0;
      }
      current.push(step);
      currentBytes += step.bytes;
    }
    if (current.length) batches.push(current);
    return batches;
  }

  /**
   * One sync per batch; more than one only when the write would pass the budget. A request Excel
   * refuses for its size has changed nothing: it is split in two and sent again. Any other failure
   * after something was written says exactly what was and was not written.
   */
  async function writeBatches(batch: BatchState, batches: Step[][], all: Step[]): Promise<void> {
    const { context } = batch;
    const screen = supports("1.9");
    const queue = [...batches];
    const written: Step[] = [];
    while (queue.length > 0) {
      const steps = queue.shift()!;
      context.workbook.application.suspendApiCalculationUntilNextSync();
      if (screen) context.workbook.application.suspendScreenUpdatingUntilNextSync();
      for (const step of steps) step.emit(batch);
      try {
        await context.sync();
      } catch (error) {
        if (isSizeRefusal(error) && steps.length > 1) {
          const half = Math.ceil(steps.length / 2);
          queue.unshift(steps.slice(0, half), steps.slice(half));
          continue;
        }
        throw partialWrite(error, written, steps, all);
      }
      written.push(...steps);
    }
  }

  /** The workbook as the write finds it: what the read just saw, or one look now. */
  async function prepareWrite(context: Excel.RequestContext): Promise<WriteState> {
    if (known?.fresh) {
      known.fresh = false;
      return known;
    }
    const sheets = context.workbook.worksheets;
    sheets.load(SHEET_ITEMS);
    await context.sync();
    const state = rememberSheets(sheets.items.map(sheetItem), known?.active ?? null, false);
    return state;
  }

  async function selectCell(sheet: string, address: string): Promise<void> {
    await excelRun(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await context.sync();
    });
  }

  return { read, apply, selectCell };
}

function height(rect: CellRect): number {
  return rect.bottom - rect.top + 1;
}
function width(rect: CellRect): number {
  return rect.right - rect.left + 1;
}

/** Excel column width in points for a width in characters of the default font (7 px a character, 5 px padding). */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

interface FormatTarget {
  format: Excel.RangeFormat;
}

/** The cells of a style group as few API objects as possible: RangeAreas (ExcelApi 1.9) or one range per run. */
function formatTargets(ws: Excel.Worksheet, rects: CellRect[], useAreas: boolean): FormatTarget[] {
  if (!useAreas)
    return rects.map((r) => ws.getRangeByIndexes(r.top - 1, r.left - 1, height(r), width(r)) as FormatTarget);
  const targets: FormatTarget[] = [];
  let parts: string[] = [];
  let length = 0;
  for (const rect of rects) {
    const address = rectA1(rect);
    if (parts.length > 0 && length + address.length + 1 > MAX_AREAS_ADDRESS) {
      targets.push(ws.getRanges(parts.join(",")) as unknown as FormatTarget);
      parts = [];
      length = 0;
    }
    parts.push(address);
    length += address.length + 1;
  }
  if (parts.length) targets.push(ws.getRanges(parts.join(",")) as unknown as FormatTarget);
  return targets;
}

function applyStyle(target: Excel.RangeFormat, format: CellFormat): void {
  if (format.fill !== undefined) target.fill.color = format.fill;
  if (format.fontColor !== undefined) target.font.color = format.fontColor;
  if (format.bold !== undefined) target.font.bold = format.bold;
  if (format.horizontal !== undefined)
    target.horizontalAlignment = (format.horizontal[0].toUpperCase() +
      format.horizontal.slice(1)) as Excel.HorizontalAlignment;
  if (format.wrap !== undefined) target.wrapText = format.wrap;
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** What an Office.js failure means for the user, as a catalogue message. */
export function officeErrorMessage(error: unknown): Message {
  if (error instanceof AppError) return error.msg;
  switch (errorCode(error)) {
    case "RequestPayloadSizeLimitExceeded":
    case "ResponsePayloadSizeLimitExceeded":
      return msg("OFFICE_PAYLOAD_TOO_LARGE");
    case "InvalidOperationInCellEditMode":
      return msg("OFFICE_CELL_EDIT_MODE");
    case "AccessDenied":
      return msg("OFFICE_ACCESS_DENIED");
    default:
      return msg("OFFICE_ERROR", { detail: error instanceof Error ? error.message : String(error) });
  }
}

/** A user-facing explanation of an Office.js failure, in the UI language. */
export function describeOfficeError(error: unknown, lang: "zh" | "en"): string {
  return render(officeErrorMessage(error), lang);
}
