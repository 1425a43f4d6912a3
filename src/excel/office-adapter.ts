/**
 * The Office.js side of `WorkbookAdapter`: reads the scoring sheet in one round trip and applies a
 * `WritePlan` in one more (split only where a request would pass Excel on the web's 5 MB limit).
 */
import { columnIndex, columnLetter } from "../engine/address";
import type { RawCell } from "../engine/types";
import type {
  ApplyResult,
  CellFormat,
  CellRect,
  PageSetup,
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
  /**
   * Codes of the notices the user has already seen in this session (a host that cannot set up
   * printing is said once, not on every run); default: one set for the page's lifetime.
   */
  shownNotices?: Set<string>;
}

const SESSION_NOTICES = new Set<string>();

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

/** UTF-8 length of a string, counted without encoding it (this runs per row of every write). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value));
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

/** The style attributes set per group of cells; borders are grouped on their own (see borderRects). */
const STYLE_KEYS = [
  "fill",
  "fontColor",
  "bold",
  "horizontal",
  "vertical",
  "wrap",
  "fontName",
  "fontSize",
  "italic",
] as const;

// Plans share one format object among many cells: its key is worked out once.
const formatKeys = new WeakMap<CellFormat, string | null>();
function formatKey(format: CellFormat): string | null {
  let key = formatKeys.get(format);
  if (key === undefined) {
    key = STYLE_KEYS.every((k) => format[k] === undefined)
      ? null
      : JSON.stringify(STYLE_KEYS.map((k) => format[k] ?? null));
    formatKeys.set(format, key);
  }
  return key;
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

/**
 * Rectangles covering `cells`: vertical runs, joined across neighbouring columns whose runs have
 * the same rows (a table's columns usually do), so that a bordered table is one range, not one per column.
 */
function cellRects(cells: Array<[number, number]>): CellRect[] {
  const runs = verticalRuns(cells).sort((a, b) => a.top - b.top || a.bottom - b.bottom || a.left - b.left);
  const rects: CellRect[] = [];
  for (const run of runs) {
    const last = rects[rects.length - 1];
    if (last && last.top === run.top && last.bottom === run.bottom && last.right + 1 === run.left)
      last.right = run.left;
    else rects.push({ ...run });
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

/** The workbook as the write finds it, and what this write needs to say afterwards. */
interface WriteState extends KnownSheets {
  /** Formats of copyFormat sources, loaded first where the host has no copyFrom (below ExcelApi 1.9). */
  sources: Map<string, LoadedFormat>;
  notices: Message[];
}

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

/** What the read learns besides the cells. */
interface Meta {
  info: SheetInfo[];
  name: string;
  hiddenColumns: number[];
  settingsJson: string | null;
  /** Undefined when the host cannot tell (below ExcelApi 1.9). */
  pageSetupCustomised: boolean | undefined;
}

interface PageLayoutProbe {
  layout: Excel.PageLayout;
  footer: Excel.HeaderFooter;
  titleRows: Excel.Range;
  titleColumns: Excel.Range;
}

/** Queues the reads that tell a page setup of the user's: ~1 KB of request, in the read's own sync. */
function probePageLayout(sheet: Excel.Worksheet): PageLayoutProbe {
  const layout = sheet.pageLayout;
  layout.load("orientation,paperSize,zoom");
  const footer = layout.headersFooters.defaultForAllPages;
  footer.load("centerFooter");
  const titleRows = layout.getPrintTitleRowsOrNullObject();
  titleRows.load("address");
  const titleColumns = layout.getPrintTitleColumnsOrNullObject();
  titleColumns.load("address");
  return { layout, footer, titleRows, titleColumns };
}

/**
 * Whether the sheet has a page setup of the user's (SPEC §5: then the scored sheet keeps it):
 * landscape, a paper other than the two defaults (A4, Letter), a scale, fit to more than one page
 * wide or to pages tall, or print titles — unless it is the setup this tool writes (A4, one page
 * wide, our page-number footer), which a re-run sets again. Fit to one page wide alone is what the
 * template wrote before it set up printing: not the user's either (as the .xlsx side reads it).
 */
function hasOwnPageSetup(probe: PageLayoutProbe): boolean {
  const { layout } = probe;
  if (layout.isNullObject) return false;
  const zoom = layout.zoom ?? {};
  const wide = zoom.horizontalFitToPages ?? 0;
  const tall = zoom.verticalFitToPages ?? 0;
  const paper = layout.paperSize;
  // 1 to 4 pages wide: src/workbook/page.ts pagesWide.
  const ours =
    paper === "A4" &&
    wide >= 1 &&
    wide <= 4 &&
    tall === 0 &&
    probe.footer.centerFooter === PAGE_NUMBER_FOOTER;
  if (ours) return false;
  const scaled = typeof zoom.scale === "number" && zoom.scale !== 100;
  return (
    layout.orientation === "Landscape" ||
    (paper !== undefined && paper !== "A4" && paper !== "Letter") ||
    scaled ||
    wide > 1 ||
    tall > 0 ||
    !probe.titleRows.isNullObject ||
    !probe.titleColumns.isNullObject
  );
}

/** The footer that numbers printed pages (SPEC §5, §6). */
export const PAGE_NUMBER_FOOTER = "第 &P 页，共 &N 页";

/** Office.js's border sides: the four edges, and the lines between cells of a range of several. */
const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"] as const;

interface BorderLine {
  style: string;
  weight: string;
  color: string;
}

/** A cell's whole format as loaded (ExcelApi 1.7 has no copyFrom: the copy is set attribute by attribute). */
export interface LoadedFormat {
  numberFormat: string;
  horizontal: string;
  vertical: string;
  wrap: boolean;
  fontName: string;
  fontSize: number;
  fontColor: string;
  bold: boolean;
  italic: boolean;
  /** null: no fill (read as white; telling white from none needs ExcelApi 1.9's `pattern`). */
  fill: string | null;
  edges: Record<(typeof EDGES)[number], BorderLine>;
}

const THIN: BorderLine = { style: "Continuous", weight: "Thin", color: "#000000" };
const NO_LINE: BorderLine = { style: "None", weight: "Thin", color: "#000000" };

function setBorder(border: Excel.RangeBorder, line: BorderLine): void {
  border.style = line.style as Excel.BorderLineStyle;
  if (line.style === "None") return;
  border.weight = line.weight as Excel.BorderWeight;
  border.color = line.color;
}

/**
 * Lines on a range: its four edges, and between its cells (InsideHorizontal/InsideVertical are set
 * only on a range with more than one row/column). `inside` defaults to the edges' lines.
 */
function applyBorders(
  range: Excel.Range,
  rect: CellRect,
  edges: Record<(typeof EDGES)[number], BorderLine>,
): void {
  const borders = range.format.borders;
  for (const side of EDGES) setBorder(borders.getItem(side as Excel.BorderIndex), edges[side]);
  if (height(rect) > 1)
    setBorder(
      borders.getItem("InsideHorizontal" as Excel.BorderIndex),
      edges.EdgeBottom.style !== "None" ? edges.EdgeBottom : edges.EdgeTop,
    );
  if (width(rect) > 1)
    setBorder(
      borders.getItem("InsideVertical" as Excel.BorderIndex),
      edges.EdgeRight.style !== "None" ? edges.EdgeRight : edges.EdgeLeft,
    );
}

function uniformEdges(line: BorderLine): Record<(typeof EDGES)[number], BorderLine> {
  return { EdgeTop: line, EdgeBottom: line, EdgeLeft: line, EdgeRight: line };
}

/** A loaded format set on a range: what copyFrom(…, "Formats") does where ExcelApi 1.9 is missing. */
function applyLoadedFormat(range: Excel.Range, rect: CellRect, format: LoadedFormat): void {
  // One value for the whole range: Excel applies a single input to every cell.
  range.numberFormat = [[format.numberFormat]];
  const target = range.format;
  target.horizontalAlignment = format.horizontal as Excel.HorizontalAlignment;
  target.verticalAlignment = format.vertical as Excel.VerticalAlignment;
  target.wrapText = format.wrap;
  const font = target.font;
  font.name = format.fontName;
  font.size = format.fontSize;
  font.color = format.fontColor;
  font.bold = format.bold;
  font.italic = format.italic;
  if (format.fill === null) target.fill.clear();
  else target.fill.color = format.fill;
  applyBorders(range, rect, format.edges);
}

interface FormatProbe {
  cell: Excel.Range;
  format: Excel.RangeFormat;
  font: Excel.RangeFont;
  fill: Excel.RangeFill;
  edges: Excel.RangeBorder[];
}

function probeFormat(cell: Excel.Range): FormatProbe {
  cell.load("numberFormat");
  const format = cell.format;
  format.load("horizontalAlignment,verticalAlignment,wrapText");
  const font = format.font;
  font.load("name,size,color,bold,italic");
  const fill = format.fill;
  fill.load("color");
  const borders = format.borders;
  const edges = EDGES.map((side) => borders.getItem(side as Excel.BorderIndex).load("style,weight,color"));
  return { cell, format, font, fill, edges };
}

function loadedFormat(p: FormatProbe): LoadedFormat {
  const line = (b: Excel.RangeBorder): BorderLine => ({ style: b.style, weight: b.weight, color: b.color });
  const fill = p.fill.color;
  return {
    numberFormat: String(p.cell.numberFormat[0]?.[0] ?? "General"),
    horizontal: p.format.horizontalAlignment,
    vertical: p.format.verticalAlignment,
    wrap: p.format.wrapText,
    fontName: p.font.name,
    fontSize: p.font.size,
    fontColor: p.font.color,
    bold: p.font.bold,
    italic: p.font.italic,
    fill: !fill || fill.toUpperCase() === "#FFFFFF" ? null : fill,
    edges: {
      EdgeTop: line(p.edges[0]),
      EdgeBottom: line(p.edges[1]),
      EdgeLeft: line(p.edges[2]),
      EdgeRight: line(p.edges[3]),
    },
  };
}

function sourceKey(sheet: string, cell: { row: number; col: number }): string {
  return `${sheet.toLowerCase()}!${cell.row},${cell.col}`;
}

function applyPageSetup(layout: Excel.PageLayout, setup: PageSetup): void {
  layout.paperSize = "A4" as Excel.PaperType;
  layout.orientation = (
    setup.orientation === "landscape" ? "Landscape" : "Portrait"
  ) as Excel.PageOrientation;
  if (setup.fitToWidth) layout.zoom = { horizontalFitToPages: setup.pagesWide ?? 1, verticalFitToPages: 0 };
  if (setup.titleRows) layout.setPrintTitleRows(`$${setup.titleRows.first}:$${setup.titleRows.last}`);
  if (setup.titleColumns)
    layout.setPrintTitleColumns(
      `$${columnLetter(setup.titleColumns.first)}:$${columnLetter(setup.titleColumns.last)}`,
    );
  if (setup.pageNumbers) layout.headersFooters.defaultForAllPages.centerFooter = PAGE_NUMBER_FOOTER;
  if (setup.centerHorizontally !== undefined) layout.centerHorizontally = setup.centerHorizontally;
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
      // sheet again with merges asked for in pieces of the table's rows. That read may then be too
      // large for one response (a large table with many merged areas; the first request failed on
      // the merges before its size counted): then rows in blocks, merges in pieces.
      if (supports("1.13") && !(error instanceof OfficeAdapterError)) {
        try {
          return await excelRun((context) => readOnce(context, request, true, "pieces"));
        } catch (again) {
          if (errorCode(again) !== "ResponsePayloadSizeLimitExceeded") throw again;
          return excelRun((context) => readInRowBlocks(context, request));
        }
      }
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
    /** The target's page setup (ExcelApi 1.9), to tell whether the user has one of their own. */
    layout: PageLayoutProbe | null;
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
    const layout = supports("1.9") ? probePageLayout(target) : null;
    return { sheets, target, merged: null, columns, settingsSheet, settings, active, layout };
  }

  async function finishMetadata(
    context: Excel.RequestContext,
    q: Queued,
    request: ReadRequest,
  ): Promise<Meta> {
    if (request.sheet && q.target.isNullObject) throw noSheet(request.sheet);
    const items = q.sheets.items.map(sheetItem);
    rememberSheets(items, q.active.name, true);
    const info = items.map((s) => ({ name: s.name, visibility: visibilityIn(s.visibility) }));
    const hiddenColumns = q.columns.flatMap((c, i) => (c.columnHidden === true ? [i + 1] : []));
    let settingsJson: string | null = null;
    if (!q.settingsSheet.isNullObject) {
      const settings = q.settings;
      if (!settings) settingsJson = await settingsInBlocks(context, q.settingsSheet);
      else if (!settings.isNullObject && settings.rowIndex === 0)
        settingsJson = settingsText(settings.values);
    }
    const pageSetupCustomised = q.layout ? hasOwnPageSetup(q.layout) : undefined;
    return { info, name: q.target.name, hiddenColumns, settingsJson, pageSetupCustomised };
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
    context: Excel.RequestContext,
    settingsSheet: Excel.Worksheet,
  ): Promise<string | null> {
    const used = settingsSheet.getRange("A:A").getUsedRangeOrNullObject(true);
    used.load("rowIndex,rowCount");
    await context.sync();
    if (used.isNullObject || used.rowIndex !== 0) return null;
    const values: unknown[][] = [];
    let blockRows = Math.max(1, Math.floor(budget / 100_000));
    while (values.length < used.rowCount) {
      const rows = Math.min(blockRows, used.rowCount - values.length);
      const block = settingsSheet.getRangeByIndexes(values.length, 0, rows, 1);
      block.load("values");
      try {
        await context.sync();
      } catch (error) {
        if (errorCode(error) === "ResponsePayloadSizeLimitExceeded" && blockRows > 1) {
          blockRows = Math.ceil(blockRows / 2);
          continue;
        }
        throw error;
      }
      values.push(...block.values);
      // The JSON ends at the first empty cell.
      if (block.values.some(([v]) => v === "" || v === null)) break;
    }
    return settingsText(values);
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

  function snapshot(meta: Meta, sheet: SheetModel): WorkbookSnapshot {
    const withSetup: SheetModel =
      meta.pageSetupCustomised === undefined
        ? sheet
        : { ...sheet, pageSetupCustomised: meta.pageSetupCustomised };
    return { sheets: meta.info, settingsJson: meta.settingsJson, sheet: withSetup };
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
    const perRow = VISIBLE_ROW_BYTES + 2 * utf8Length(sheetName);
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
    // The settings too are read in blocks (finishMetadata): they may be what made the response too big.
    const q = queueMetadata(context, request, false);
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
    meta: Meta,
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
        return copyFormatSteps(op, state);
      case "rowHeights":
        return rowHeightSteps(op);
      case "pageSetup":
        if (!supports("1.9")) {
          // Excel 2016 has no pageLayout: the results are written, and the user is told once.
          if (!state.notices.some((n) => n.code === "PAGE_SETUP_NOT_SUPPORTED"))
            state.notices.push(msg("PAGE_SETUP_NOT_SUPPORTED"));
          return [];
        }
        return [
          {
            op,
            // ~350 bytes for paper and orientation, ~1,200 with everything (measured).
            bytes:
              ACTION_OVERHEAD * 2 +
              (op.setup.titleRows ? ACTION_OVERHEAD : 0) +
              (op.setup.titleColumns ? ACTION_OVERHEAD : 0) +
              (op.setup.pageNumbers ? ACTION_OVERHEAD * 2 : 0),
            emit: (b) => applyPageSetup(b.worksheet(op.sheet).pageLayout, op.setup),
          },
        ];
    }
  }

  /**
   * The target cells take the source cell's whole format: copyFrom(…, "Formats") at ExcelApi 1.9;
   * below, the format loaded before the write (loadSources) set attribute by attribute.
   */
  function copyFormatSteps(op: Extract<PlanOp, { kind: "copyFormat" }>, state: WriteState): Step[] {
    const rect = op.to;
    const target = (b: BatchState): Excel.Range =>
      b.worksheet(op.sheet).getRangeByIndexes(rect.top - 1, rect.left - 1, height(rect), width(rect));
    if (supports("1.9"))
      return [
        {
          op,
          // Measured through the emulated host: ~820 bytes a copy (docs/office-host.md).
          bytes: ACTION_OVERHEAD * 4,
          emit: (b) => {
            const source = b.worksheet(op.sheet).getRangeByIndexes(op.from.row - 1, op.from.col - 1, 1, 1);
            target(b).copyFrom(source, "Formats" as Excel.RangeCopyType);
          },
        },
      ];
    const format = state.sources.get(sourceKey(op.sheet, op.from));
    if (!format) return []; // the source sheet does not exist yet: nothing to copy
    return [
      {
        op,
        // ~4,300 bytes measured: a range, its format, font, fill, six border sides, ~20 sets.
        bytes: ACTION_OVERHEAD * 17 + jsonBytes(format),
        emit: (b) => applyLoadedFormat(target(b), rect, format),
      },
    ];
  }

  /**
   * Row heights: the runs of rows of one height as RangeAreas ("5:5,7:9,…", ExcelApi 1.9), a few
   * thousand rows a call; below 1.9 one range per run (wrapped result text alternates heights, so a
   * large sheet has thousands of runs: ~560 request bytes each as ranges, ~10 as addresses).
   */
  function rowHeightSteps(op: Extract<PlanOp, { kind: "rowHeights" }>): Step[] {
    const byHeight = new Map<number, Array<{ first: number; last: number }>>();
    let i = 0;
    while (i < op.heights.length) {
      const h = op.heights[i];
      let j = i + 1;
      while (j < op.heights.length && op.heights[j] === h) j++;
      if (h !== null) {
        const runs = byHeight.get(h) ?? [];
        runs.push({ first: op.row + i, last: op.row + j - 1 });
        byHeight.set(h, runs);
      }
      i = j;
    }
    const steps: Step[] = [];
    for (const [h, runs] of byHeight) {
      if (!supports("1.9")) {
        for (const run of runs)
          steps.push({
            op,
            bytes: ACTION_OVERHEAD * 3,
            emit: (b) => {
              const rows = run.last - run.first + 1;
              b.worksheet(op.sheet).getRangeByIndexes(run.first - 1, 0, rows, 1).format.rowHeight = h;
            },
          });
        continue;
      }
      for (const address of addressChunks(runs.map((r) => `${r.first}:${r.last}`)))
        steps.push({
          op,
          bytes: ACTION_OVERHEAD * 3 + address.length,
          emit: (b) => {
            b.worksheet(op.sheet).getRanges(address).format.rowHeight = h;
          },
        });
    }
    return steps;
  }

  /**
   * Where the host has no copyFrom (below ExcelApi 1.9): one sync loading the whole format of each
   * distinct source cell (a handful: the header cell and a data cell per table), before the write.
   */
  async function loadSources(context: Excel.RequestContext, plan: WritePlan, state: KnownSheets) {
    const sources = new Map<string, LoadedFormat>();
    if (supports("1.9")) return sources;
    const probes = new Map<string, FormatProbe>();
    for (const op of plan.ops) {
      if (op.kind !== "copyFormat") continue;
      const key = sourceKey(op.sheet, op.from);
      const sheet = state.sheets.get(op.sheet.toLowerCase());
      if (probes.has(key) || !sheet) continue;
      const cell = context.workbook.worksheets
        .getItem(sheet.name)
        .getRangeByIndexes(op.from.row - 1, op.from.col - 1, 1, 1);
      probes.set(key, probeFormat(cell));
    }
    if (probes.size === 0) return sources;
    await context.sync();
    for (const [key, probe] of probes) sources.set(key, loadedFormat(probe));
    return sources;
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

  /**
   * Number formats of a block, per column: one range per run of consecutive cells that have a
   * value and a format, with one format per row (a 2-D array). Runs of one format each (the
   * 评定星级 column's format differs with the tier) made a range per cell: ~6,000 ranges at
   * 10,000 rows, each kept and released by office.js (docs/office-host.md).
   */
  function numberFormatSpans(
    op: Extract<PlanOp, { kind: "values" }>,
    start: number,
    end: number,
    widthCols: number,
  ): { top: number; col: number; formats: string[] }[] {
    const spans: { top: number; col: number; formats: string[] }[] = [];
    for (let c = 0; c < widthCols; c++) {
      let span: { top: number; col: number; formats: string[] } | null = null;
      for (let r = start; r < end; r++) {
        // An empty cell's number format shows nothing; leaving it alone matches the .xlsx side.
        const f = op.values[r]?.[c] != null ? op.formats?.[r]?.[c]?.numFmt : undefined;
        if (f === undefined) span = null;
        else if (span) span.formats.push(f);
        else spans.push((span = { top: op.row + r, col: op.col + c, formats: [f] }));
      }
    }
    return spans;
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
    const numFmtSpans = op.formats ? numberFormatSpans(op, start, end, widthCols) : [];
    const styleCells = new Map<string, { format: CellFormat; cells: Array<[number, number]> }>();
    if (op.formats) {
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
    const borderGroups = borderRects(op, start, end);
    const useAreas = supports("1.9");
    let bytes = ACTION_OVERHEAD * 2 + jsonBytes(padded);
    for (const span of numFmtSpans)
      bytes += ACTION_OVERHEAD * 3 + span.formats.reduce((n, f) => n + jsonBytes(f) + 3, 0);
    for (const g of styleGroups) {
      const addressBytes = g.rects.reduce((n, r) => n + rectA1(r).length + 1, 0);
      const targets = useAreas
        ? Math.ceil(addressBytes / MAX_AREAS_ADDRESS) + g.rects.length / 200
        : g.rects.length;
      // A target costs its object paths, and ~110 bytes per attribute set (measured).
      const attributes = STYLE_KEYS.filter((key) => g.format[key] !== undefined).length;
      bytes += addressBytes + Math.ceil(targets) * (ACTION_OVERHEAD * 3 + 110 * attributes);
    }
    // A bordered rectangle: a range, four edges and the two inside sides, ~3,400 bytes (measured).
    for (const g of borderGroups) bytes += g.rects.length * ACTION_OVERHEAD * 15;
    return {
      bytes,
      op,
      rows: { first: top, last: top + padded.length - 1 },
      emit: (b) => {
        const ws = b.worksheet(op.sheet);
        for (const span of numFmtSpans)
          ws.getRangeByIndexes(span.top - 1, span.col - 1, span.formats.length, 1).numberFormat =
            span.formats.map((f) => [f]);
        if (widthCols > 0 && padded.length > 0)
          ws.getRangeByIndexes(top - 1, op.col - 1, padded.length, widthCols).values = padded;
        for (const group of styleGroups) {
          for (const target of formatTargets(ws, group.rects, useAreas))
            applyStyle(target.format, group.format);
        }
        for (const group of borderGroups)
          for (const rect of group.rects) {
            const range = ws.getRangeByIndexes(rect.top - 1, rect.left - 1, height(rect), width(rect));
            applyBorders(range, rect, uniformEdges(group.on ? THIN : NO_LINE));
          }
      },
    };
  }

  const shown = options.shownNotices ?? SESSION_NOTICES;

  async function apply(plan: WritePlan): Promise<ApplyResult> {
    const notices = await timed(
      "write",
      excelRun((context) => applyIn(context, plan)),
    );
    // A notice about the host (not the workbook) is said once per session.
    const unseen = notices.filter((n) => !shown.has(n.code));
    for (const n of unseen) shown.add(n.code);
    return { notices: unseen };
  }

  /**
   * One sync to see the workbook as it is now (the user may have renamed, deleted or protected
   * sheets since the read), then the write in as few requests as the budget allows.
   */
  async function applyIn(context: Excel.RequestContext, plan: WritePlan): Promise<Message[]> {
    const known = await prepareWrite(context);
    const touched = new Set(plan.ops.map((op) => op.sheet.toLowerCase()));
    const locked = [...known.protectedSheets].filter((name) => touched.has(name.toLowerCase()));
    if (locked.length) throw sheetProtected(locked);
    const state: WriteState = { ...known, sources: await loadSources(context, plan, known), notices: [] };
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
    return state.notices;
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
  async function prepareWrite(context: Excel.RequestContext): Promise<KnownSheets> {
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

/** Addresses joined by commas in lists of at most MAX_AREAS_ADDRESS characters (one getRanges call each). */
function addressChunks(addresses: string[]): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let length = 0;
  for (const address of addresses) {
    if (parts.length > 0 && length + address.length + 1 > MAX_AREAS_ADDRESS) {
      chunks.push(parts.join(","));
      parts = [];
      length = 0;
    }
    parts.push(address);
    length += address.length + 1;
  }
  if (parts.length) chunks.push(parts.join(","));
  return chunks;
}

interface FormatTarget {
  format: Excel.RangeFormat;
}

/** The cells of a style group as few API objects as possible: RangeAreas (ExcelApi 1.9) or one range per run. */
function formatTargets(ws: Excel.Worksheet, rects: CellRect[], useAreas: boolean): FormatTarget[] {
  if (!useAreas)
    return rects.map((r) => ws.getRangeByIndexes(r.top - 1, r.left - 1, height(r), width(r)) as FormatTarget);
  return addressChunks(rects.map(rectA1)).map((address) => ws.getRanges(address) as unknown as FormatTarget);
}

function capitalised(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

function applyStyle(target: Excel.RangeFormat, format: CellFormat): void {
  if (format.fill !== undefined) target.fill.color = format.fill;
  if (format.fontColor !== undefined) target.font.color = format.fontColor;
  if (format.bold !== undefined) target.font.bold = format.bold;
  if (format.italic !== undefined) target.font.italic = format.italic;
  if (format.fontName !== undefined) target.font.name = format.fontName;
  if (format.fontSize !== undefined) target.font.size = format.fontSize;
  if (format.horizontal !== undefined)
    target.horizontalAlignment = capitalised(format.horizontal) as Excel.HorizontalAlignment;
  if (format.vertical !== undefined)
    target.verticalAlignment = capitalised(format.vertical) as Excel.VerticalAlignment;
  if (format.wrap !== undefined) target.wrapText = format.wrap;
}

/** Cells of a values block that set `border`, as rectangles, grouped by on/off. */
function borderRects(
  op: Extract<PlanOp, { kind: "values" }>,
  start: number,
  end: number,
): Array<{ on: boolean; rects: CellRect[] }> {
  if (!op.formats) return [];
  const on: Array<[number, number]> = [];
  const off: Array<[number, number]> = [];
  for (let r = start; r < end; r++)
    op.formats[r]?.forEach((format, c) => {
      if (format?.border !== undefined) (format.border ? on : off).push([op.row + r, op.col + c]);
    });
  const groups: Array<{ on: boolean; rects: CellRect[] }> = [];
  if (on.length) groups.push({ on: true, rects: cellRects(on) });
  if (off.length) groups.push({ on: false, rects: cellRects(off) });
  return groups;
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
