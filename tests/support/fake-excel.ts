/**
 * An in-memory Excel that follows the Excel JavaScript API's rules closely enough to test the
 * Office.js adapter honestly:
 *  - proxy objects; nothing happens until `context.sync()`, which runs the queued actions in order;
 *  - a scalar property can be read only after `load` + `sync` (else PropertyNotLoaded);
 *  - `*OrNullObject` and `isNullObject`, with null-ness carried through navigation;
 *  - every sync is counted, and the byte size of its request (the queued actions, serialised) and
 *    of its response (the loaded values) is recorded;
 *  - a request or response over 5 MB is refused like Excel on the web does
 *    (RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded), with nothing applied;
 *  - writing a string runs Excel's input parsing: "=…" (and "+…", "-…", "@…" that are not numbers)
 *    becomes a formula, "12" a number, "TRUE" a boolean, unless the cell is formatted as text ("@")
 *    or the string starts with the text prefix "'";
 *  - merges, number formats, fills, fonts, alignment, sheet visibility (a very hidden sheet cannot be
 *    deleted), freeze panes, column widths, data validation, charts and page layout are recorded.
 *
 * No Node-only imports: this file is also bundled into a browser page for end-to-end tests.
 */
import { columnIndex, columnLetter } from "../../src/engine/address";
import type { RawCell } from "../../src/engine/types";
import { EXCEL_ERROR_TEXTS, type CellRect } from "../../src/workbook/model";

export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

export class FakeRichApiError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

// ---------------------------------------------------------------------------------------------
// Workbook state

export type FakeVisibility = "Visible" | "Hidden" | "VeryHidden";
type CellScalar = string | number | boolean;

export interface FakeCell {
  /** "" is an empty cell. Errors are kept as their text ("#N/A") with `error` set. */
  value: CellScalar;
  formula?: string;
  error?: boolean;
  /** The cell was entered with the text prefix (a leading apostrophe). */
  textPrefix?: boolean;
  numberFormat?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  horizontal?: string;
  vertical?: string;
  wrap?: boolean;
  fontName?: string;
  fontSize?: number;
  italic?: boolean;
  /** Edges of this cell that have a line (Excel shares an edge between neighbours; the fake keeps it per cell). */
  borders?: Partial<Record<BorderEdge, FakeBorderLine>>;
}

export type BorderEdge = "top" | "bottom" | "left" | "right";

export interface FakeBorderLine {
  style: string;
  weight: string;
  color: string;
}

/** What a cell looks like before anything sets it: Excel's defaults as Office.js reports them. */
export const DEFAULT_FONT = { name: "Calibri", size: 11, color: "#000000" };

/** The format keys a cell can carry (cleared by clear("Formats"), copied by copyFrom("Formats")). */
export const FORMAT_KEYS = [
  "numberFormat",
  "fill",
  "fontColor",
  "bold",
  "horizontal",
  "vertical",
  "wrap",
  "fontName",
  "fontSize",
  "italic",
  "borders",
] as const;

/** A sheet's page setup as Excel keeps it (ExcelApi 1.9 `worksheet.pageLayout`). */
export interface PageLayoutState {
  horizontalFitToPages?: number;
  verticalFitToPages?: number;
  scale?: number;
  orientation?: string;
  paperSize?: string;
  centerHorizontally?: boolean;
  /** "$1:$3", as `setPrintTitleRows` was given it (sheet part dropped). */
  printTitleRows?: string;
  printTitleColumns?: string;
  centerFooter?: string;
}

export interface FakeChart {
  name: string;
  type: string;
  seriesBy: string;
  source: CellRect;
  title: string;
  legendVisible: boolean;
  position?: { start: string; end: string };
}

export interface FakeValidation {
  rect: CellRect;
  rule: unknown;
  errorAlert?: unknown;
  prompt?: unknown;
}

export interface FakeSheet {
  name: string;
  visibility: FakeVisibility;
  /** cells[r][c], 0-based. */
  cells: (FakeCell | undefined)[][];
  merges: CellRect[];
  hiddenRows: Set<number>;
  hiddenColumns: Set<number>;
  /** Column widths in points, by 1-based column. */
  columnWidths: Map<number, number>;
  freeze: { rows: number; columns: number } | null;
  charts: FakeChart[];
  validations: FakeValidation[];
  pageLayout: PageLayoutState;
  /** Row heights in points, by 1-based row (rows not set have the default height). */
  rowHeights: Map<number, number>;
  /** Sheet protection is on: Excel refuses every change to its cells (AccessDenied). */
  protected: boolean;
}

export interface SyncRecord {
  /** Bytes of the request body as serialised (through the emulated host: by Microsoft's office.js). */
  requestBytes: number;
  /** Bytes of the whole message handed to the host bridge (the body inside its envelope). */
  messageBytes?: number;
  responseBytes: number;
  actions: number;
  /** Actions that set a property or call a method (a sync with none of them changed nothing). */
  writeActions: number;
  /** The request was refused (payload limit) or failed on an action. */
  error?: string;
}

export interface FakeExcelOptions {
  /** Highest ExcelApi minor version this host supports (default 17, i.e. 1.17). */
  apiVersion?: number;
  /** Request/response limit in bytes (default 5 MB, as Excel on the web); Infinity for desktop. */
  payloadLimit?: number;
  /**
   * What navigating from a null object gives: another null object ("propagate", the default), or
   * an ItemNotFound error at sync ("throw") — the documentation does not say, so the adapter must
   * work under both.
   */
  nullNavigation?: "propagate" | "throw";
  /** Cells beyond which a read of values answers null (default 5 million, Excel's limit). */
  cellReadLimit?: number;
}

/** Node's Buffer when there is one (Jest); the browser page of the e2e tests counts by hand. */
const nodeBuffer = (globalThis as { Buffer?: { byteLength(text: string, encoding: "utf8"): number } }).Buffer;

/** UTF-8 length of `text` (the texts measured are JSON, which has no lone surrogates). */
export function utf8Bytes(text: string): number {
  if (nodeBuffer) return nodeBuffer.byteLength(text, "utf8");
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;
/** Excel's documented limits (docs/office-host.md). */
export const MAX_MERGED_AREAS = 512;
export const MAX_CELLS_READ = 5_000_000;

/** Parses "A1", "A1:C3", "A:A", "3:5" (no sheet part) into a 1-based rectangle. */
export function parseRect(address: string): CellRect {
  const [a, b = a] = address.replace(/\$/g, "").split(":");
  const part = (text: string, end: boolean): { row: number; col: number } => {
    const m = /^([A-Za-z]*)(\d*)$/.exec(text.trim());
    if (!m) throw new FakeRichApiError("InvalidArgument", `The argument is invalid: ${address}`);
    return {
      col: m[1] ? columnIndex(m[1]) : end ? MAX_COLS : 1,
      row: m[2] ? Number(m[2]) : end ? MAX_ROWS : 1,
    };
  };
  const p = part(a, false);
  const q = part(b, true);
  // "A:A": the row parts are absent on both sides; "3:5": the column parts.
  const top = /\d/.test(a) ? p.row : 1;
  const left = /[A-Za-z]/.test(a) ? p.col : 1;
  return { top, left, bottom: q.row, right: q.col };
}

export function rectAddress(rect: CellRect): string {
  const a = `${columnLetter(rect.left)}${rect.top}`;
  const b = `${columnLetter(rect.right)}${rect.bottom}`;
  return a === b ? a : `${a}:${b}`;
}

export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
export function dateToSerial(date: Date): number {
  return (date.getTime() - EXCEL_EPOCH_MS) / 86400000;
}
export function serialToDate(serial: number): Date {
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * 86400000));
}

/** Whether a number format shows a date or time (Excel's own test, roughly: d/m/y/h/s outside quotes). */
export function isDateFormat(format: string | undefined): boolean {
  if (!format || format === "General" || format === "@") return false;
  const stripped = format
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\\./g, "");
  return /[dmyhs]/i.test(stripped);
}

/** What Excel does with a typed/assigned string (the cell is not formatted as text). */
function parseInput(text: string): Partial<FakeCell> & { value: CellScalar } {
  if (text === "") return { value: "" };
  if (text.startsWith("'")) return { value: text.slice(1), textPrefix: true };
  const trimmed = text.trim();
  const numeric = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/.test(trimmed.replace(/,/g, ""));
  if (numeric) {
    const percent = trimmed.endsWith("%");
    const n = Number(trimmed.replace(/,/g, "").replace(/%$/, ""));
    return percent ? { value: n / 100, numberFormat: "0%" } : { value: n };
  }
  if (/^(true|false)$/i.test(trimmed)) return { value: trimmed.toUpperCase() === "TRUE" };
  if (EXCEL_ERROR_TEXTS.has(trimmed.toUpperCase())) return { value: trimmed.toUpperCase(), error: true };
  if (/^[=+\-@]/.test(text) && text.length > 1) {
    // A formula; the fake does not calculate, so it shows what an unknown name gives.
    const formula = text.startsWith("=") ? text : `=${text}`;
    return { value: "#NAME?", error: true, formula };
  }
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(trimmed);
  if (iso) {
    const serial = dateToSerial(new Date(Date.UTC(+iso[1], +iso[2] - 1, +iso[3])));
    return { value: serial, numberFormat: "yyyy/m/d" };
  }
  return { value: text };
}

// ---------------------------------------------------------------------------------------------
// Plain descriptions in (the fixtures' format) and out

export type DescribedCell =
  | RawCell
  | { formula: string; result: RawCell }
  | { richText: string[] }
  | { text: string; hyperlink: string };

export interface DescribedSheet {
  name: string;
  rows: DescribedCell[][];
  merges?: CellRect[];
  hiddenRows?: number[];
  hiddenColumns?: number[];
  visibility?: "visible" | "hidden" | "veryHidden";
  widths?: number[];
  /** Cell styles by address ("B3", or a range "A3:J3" for all its cells). */
  styles?: Record<string, DescribedStyle>;
  protected?: boolean;
  /** The user's own page setup, as Excel would report it. */
  pageLayout?: PageLayoutState;
}

export interface DescribedStyle {
  numFmt?: string;
  fill?: string;
  bold?: boolean;
  fontColor?: string;
  fontName?: string;
  fontSize?: number;
  italic?: boolean;
  horizontal?: string;
  vertical?: string;
  wrap?: boolean;
  /** Thin black lines on all four edges. */
  border?: boolean;
}

export const THIN_LINE: FakeBorderLine = { style: "Continuous", weight: "Thin", color: "#000000" };

function styleCell(cell: FakeCell, style: DescribedStyle): void {
  if (style.numFmt) cell.numberFormat = style.numFmt;
  if (style.fill) cell.fill = style.fill.toUpperCase();
  if (style.bold !== undefined) cell.bold = style.bold;
  if (style.fontColor) cell.fontColor = style.fontColor.toUpperCase();
  if (style.fontName) cell.fontName = style.fontName;
  if (style.fontSize) cell.fontSize = style.fontSize;
  if (style.italic !== undefined) cell.italic = style.italic;
  if (style.horizontal) cell.horizontal = style.horizontal;
  if (style.vertical) cell.vertical = style.vertical;
  if (style.wrap !== undefined) cell.wrap = style.wrap;
  if (style.border)
    cell.borders = {
      top: { ...THIN_LINE },
      bottom: { ...THIN_LINE },
      left: { ...THIN_LINE },
      right: { ...THIN_LINE },
    };
}

export interface DescribedWorkbook {
  sheets: DescribedSheet[];
  activeSheet?: string;
  /** The workbook's structure is protected (「保护工作簿」): sheets cannot be added, deleted, shown or hidden. */
  structureProtected?: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Date);
}

function cellFromDescription(cell: DescribedCell): FakeCell | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (cell instanceof Date) return { value: dateToSerial(cell), numberFormat: "yyyy-mm-dd" };
  if (isPlainObject(cell)) {
    if ("formula" in cell) {
      const inner = cellFromDescription(cell.result as DescribedCell) ?? { value: "" };
      return { ...inner, formula: `=${String(cell.formula)}` };
    }
    if ("richText" in cell) return { value: (cell.richText as string[]).join("") };
    if ("hyperlink" in cell) return { value: String(cell.text) };
    if ("error" in cell) return { value: String(cell.error), error: true };
  }
  if (typeof cell === "string" || typeof cell === "number" || typeof cell === "boolean")
    return { value: cell };
  return undefined;
}

const VISIBILITY_IN: Record<string, FakeVisibility> = {
  visible: "Visible",
  hidden: "Hidden",
  veryHidden: "VeryHidden",
};

/** Excel's column width in points for a width given in characters (as ExcelJS and the plan use). */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Entities that proxies resolve to at sync time

export interface RangeEntity {
  kind: "range";
  sheet: FakeSheet;
  rect: CellRect;
}
export interface AreasEntity {
  kind: "areas";
  sheet: FakeSheet;
  rects: CellRect[];
}
export interface ChartEntity {
  kind: "chart";
  sheet: FakeSheet;
  chart: FakeChart;
}
export type Entity =
  | RangeEntity
  | AreasEntity
  | ChartEntity
  | { kind: "sheet"; sheet: FakeSheet }
  | { kind: "workbook" }
  | { kind: "application" }
  | { kind: "sheets" }
  | { kind: "charts"; sheet: FakeSheet }
  | { kind: "freeze"; sheet: FakeSheet }
  | { kind: "pageLayout"; sheet: FakeSheet }
  | { kind: "format"; target: RangeEntity | AreasEntity }
  | { kind: "fill"; target: RangeEntity | AreasEntity }
  | { kind: "font"; target: RangeEntity | AreasEntity }
  | { kind: "borders"; target: RangeEntity | AreasEntity }
  | { kind: "border"; target: RangeEntity | AreasEntity; side: string }
  | { kind: "headersFooters"; sheet: FakeSheet }
  | { kind: "headerFooter"; sheet: FakeSheet }
  | { kind: "validation"; target: RangeEntity }
  | { kind: "chartTitle"; chart: FakeChart }
  | { kind: "chartLegend"; chart: FakeChart }
  | { kind: "protection"; sheet: FakeSheet }
  | { kind: "workbookProtection" }
  | { kind: "visibleView"; target: RangeEntity };

export const NULL = Symbol("null object");
export type Resolved = Entity | typeof NULL;

type Action =
  | { type: "set"; target: FakeClientObject; prop: string; value: unknown }
  | { type: "call"; target: FakeClientObject; method: string; args: unknown[]; result?: FakeClientObject }
  | { type: "load"; target: FakeClientObject; props: string[] };

// ---------------------------------------------------------------------------------------------
// The workbook and its request context

export class FakeExcel {
  readonly sheets: FakeSheet[] = [];
  activeSheet = "";
  selection: { sheet: string; address: string } | null = null;
  readonly syncs: SyncRecord[] = [];
  /** Requests that only release references (office.js sends one when `Excel.run` ends). */
  readonly cleanupRequests: SyncRecord[] = [];
  /** Names of sheets deleted through the API (deleting a sheet clears Excel's undo history). */
  readonly deletedSheets: string[] = [];
  /**
   * Calls that clear Excel's undo history (worksheet delete, position, visibility), as
   * "Delete 评定汇总" / "Position 评定汇总" / "Visibility _星级评定", in order.
   */
  readonly undoClearing: string[] = [];
  /**
   * When set, requests after this many (counted in `syncs`) fail with GeneralException: a write cut
   * off part way. office.js's release of tracked objects (`cleanupRequests`) still succeeds.
   */
  failAfterRequests: number | null = null;
  readonly cellReadLimit: number;
  /** The workbook's structure is protected: Excel refuses to add, delete, show or hide a sheet (AccessDenied). */
  structureProtected = false;
  /** While true, the emulated host never answers a request: a sync that never returns. */
  hang = false;
  /** Times a batch suspended calculation / screen updating. */
  calculationSuspensions = 0;
  screenUpdatingSuspensions = 0;
  readonly apiVersion: number;
  readonly payloadLimit: number;
  readonly nullNavigation: "propagate" | "throw";

  /** The API level of workbooks made without one (tests run whole suites at 1.7 and the newest). */
  static defaultApiVersion = 17;

  constructor(options: FakeExcelOptions = {}) {
    this.apiVersion = options.apiVersion ?? FakeExcel.defaultApiVersion;
    this.payloadLimit = options.payloadLimit ?? PAYLOAD_LIMIT_BYTES;
    this.nullNavigation = options.nullNavigation ?? "propagate";
    this.cellReadLimit = options.cellReadLimit ?? MAX_CELLS_READ;
  }

  static fromDescription(description: DescribedWorkbook, options: FakeExcelOptions = {}): FakeExcel {
    const excel = new FakeExcel(options);
    excel.structureProtected = description.structureProtected ?? false;
    for (const described of description.sheets) {
      const sheet = excel.addSheet(described.name);
      sheet.visibility = VISIBILITY_IN[described.visibility ?? "visible"];
      sheet.protected = described.protected ?? false;
      described.rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          const fake = cellFromDescription(cell);
          if (fake) Object.assign(excel.cellAt(sheet, r, c, true)!, fake);
        }),
      );
      sheet.merges.push(...(described.merges ?? []).map((m) => ({ ...m })));
      for (const r of described.hiddenRows ?? []) sheet.hiddenRows.add(r);
      for (const c of described.hiddenColumns ?? []) sheet.hiddenColumns.add(c);
      (described.widths ?? []).forEach((w, i) => sheet.columnWidths.set(i + 1, charsToPoints(w)));
      for (const [address, style] of Object.entries(described.styles ?? {})) {
        const rect = parseRect(address);
        for (let r = rect.top; r <= rect.bottom; r++)
          for (let c = rect.left; c <= rect.right; c++)
            styleCell(excel.cellAt(sheet, r - 1, c - 1, true)!, style);
      }
      if (described.pageLayout) sheet.pageLayout = { ...described.pageLayout };
    }
    excel.activeSheet =
      description.activeSheet ??
      description.sheets.find((s) => (s.visibility ?? "visible") === "visible")?.name ??
      "";
    return excel;
  }

  addSheet(name: string): FakeSheet {
    if (this.sheet(name))
      throw new FakeRichApiError(
        "ItemAlreadyExists",
        `A resource with the same name or identifier already exists.`,
      );
    const sheet: FakeSheet = {
      name,
      visibility: "Visible",
      cells: [],
      merges: [],
      hiddenRows: new Set(),
      hiddenColumns: new Set(),
      columnWidths: new Map(),
      freeze: null,
      charts: [],
      validations: [],
      pageLayout: {},
      rowHeights: new Map(),
      protected: false,
    };
    this.sheets.push(sheet);
    if (!this.activeSheet) this.activeSheet = name;
    return sheet;
  }

  sheet(name: string): FakeSheet | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  cellAt(sheet: FakeSheet, r: number, c: number, create: boolean): FakeCell | undefined {
    let row = sheet.cells[r];
    if (!row) {
      if (!create) return undefined;
      row = sheet.cells[r] = [];
    }
    let cell = row[c];
    if (!cell && create) cell = row[c] = { value: "" };
    return cell;
  }

  supports(version: string): boolean {
    const [major, minor] = version.split(".").map(Number);
    return major === 1 && minor <= this.apiVersion;
  }

  /** `Excel.run` against this workbook. */
  readonly run = async <T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T> => {
    const context = new FakeRequestContext(this);
    const result = await batch(context);
    // Excel.run syncs whatever is still queued when the batch returns.
    if (context.pendingActions() > 0) await context.sync();
    return result;
  };

  // ----- inspection helpers for tests ------------------------------------------------------

  /** Values as a reader sees them: numbers, text, booleans, null for empty, {error}, Date for date formats. */
  readValues(name: string): RawCell[][] {
    const sheet = this.requireSheet(name);
    const used = usedRect(sheet, true);
    if (!used) return [];
    const out: RawCell[][] = [];
    for (let r = 0; r < used.bottom; r++) {
      const row: RawCell[] = [];
      for (let c = 0; c < used.right; c++) row.push(rawOf(this.cellAt(sheet, r, c, false)));
      while (row.length > 0 && row[row.length - 1] === null) row.pop();
      out.push(row);
    }
    return out;
  }

  cell(name: string, address: string): FakeCell | undefined {
    const rect = parseRect(address);
    return this.cellAt(this.requireSheet(name), rect.top - 1, rect.left - 1, false);
  }

  requireSheet(name: string): FakeSheet {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    return sheet;
  }

  /** A deep copy of the state that tests compare before/after (cells, merges, sheets, charts). */
  snapshot(): string {
    // Keys sorted: the same state must give the same text whatever order properties were set in.
    return JSON.stringify(
      this.sheets.map((s) => ({
        ...s,
        hiddenRows: [...s.hiddenRows].sort((a, b) => a - b),
        hiddenColumns: [...s.hiddenColumns].sort((a, b) => a - b),
        columnWidths: [...s.columnWidths].sort((a, b) => a[0] - b[0]),
        rowHeights: [...s.rowHeights].sort((a, b) => a[0] - b[0]),
      })),
      (_key, value: unknown) =>
        value && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          : value,
    );
  }

  get writeSyncs(): number {
    return this.syncs.filter((s) => s.writeActions > 0 && !s.error).length;
  }
}

/** What Excel does to formulas that point into a deleted sheet: the reference becomes #REF!. */
function breakReferencesTo(excel: FakeExcel, name: string): void {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = `(?:'${escaped.replace(/'/g, "''")}'|${escaped})![$A-Z0-9:]+`;
  for (const sheet of excel.sheets)
    for (const row of sheet.cells)
      for (const cell of row ?? [])
        if (cell?.formula && new RegExp(pattern).test(cell.formula)) {
          cell.formula = cell.formula.replace(new RegExp(pattern, "g"), "#REF!");
          cell.value = "#REF!";
          cell.error = true;
        }
}

function rawOf(cell: FakeCell | undefined): RawCell {
  if (!cell || cell.value === "") return null;
  if (cell.error) return { error: String(cell.value) };
  if (typeof cell.value === "number" && isDateFormat(cell.numberFormat)) return serialToDate(cell.value);
  return cell.value;
}

/** Whether a cell makes its sheet's used range (a value; or, unless `valuesOnly`, a fill, format or bold). */
function countsAsUsed(cell: FakeCell | undefined, valuesOnly: boolean): boolean {
  if (!cell) return false;
  // A formula is content, even one showing nothing; formatting alone counts only without valuesOnly.
  return (
    cell.value !== "" ||
    cell.formula !== undefined ||
    (!valuesOnly && (cell.fill !== undefined || cell.numberFormat !== undefined || cell.bold !== undefined))
  );
}

function rowIsUsed(row: (FakeCell | undefined)[] | undefined, valuesOnly: boolean): boolean {
  if (!row) return false;
  for (let c = 0; c < row.length; c++) if (countsAsUsed(row[c], valuesOnly)) return true;
  return false;
}

/**
 * The sheet's used range, 1-based. Asked at every used-range request, so it does not visit every
 * cell of a large sheet: the first and last used rows are found from each end, and within the rows
 * between, only cells left of the leftmost and right of the rightmost used cell so far can widen it.
 */
/**
 * The cells of `rect` holding a formula, as Excel's getSpecialCells("Formulas") gives them: areas,
 * here each column's runs of consecutive formula cells, in column order.
 */
export function formulaAreas(sheet: FakeSheet, rect: CellRect): CellRect[] {
  const areas: CellRect[] = [];
  // Only the used range can hold a formula (a whole sheet's range is 16,384 columns wide).
  const used = usedRect(sheet, false);
  if (!used) return areas;
  const bottom = Math.min(rect.bottom, used.bottom);
  for (let col = Math.max(rect.left, used.left); col <= Math.min(rect.right, used.right); col++) {
    let top = 0;
    for (let row = rect.top; row <= bottom + 1; row++) {
      const formula = row <= bottom && sheet.cells[row - 1]?.[col - 1]?.formula !== undefined;
      if (formula && top === 0) top = row;
      if (!formula && top > 0) {
        areas.push({ top, left: col, bottom: row - 1, right: col });
        top = 0;
      }
    }
  }
  return areas;
}

export function usedRect(sheet: FakeSheet, valuesOnly: boolean): CellRect | null {
  const cells = sheet.cells;
  let bottom = cells.length - 1;
  while (bottom >= 0 && !rowIsUsed(cells[bottom], valuesOnly)) bottom--;
  if (bottom < 0) return null;
  let top = 0;
  while (!rowIsUsed(cells[top], valuesOnly)) top++;
  let left = Infinity;
  let right = -1;
  for (let r = top; r <= bottom; r++) {
    const row = cells[r];
    if (!row) continue;
    for (let c = 0; c < Math.min(row.length, left); c++)
      if (countsAsUsed(row[c], valuesOnly)) {
        left = c;
        break;
      }
    for (let c = row.length - 1; c > right; c--)
      if (countsAsUsed(row[c], valuesOnly)) {
        right = c;
        break;
      }
  }
  return { top: top + 1, left: left + 1, bottom: bottom + 1, right: right + 1 };
}

export function intersects(a: CellRect, b: CellRect): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

let nextObjectId = 1;

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  private queue: Action[] = [];
  private pendingLoads = new Set<FakeClientObject>();
  private objectPaths = 0;

  constructor(readonly excel: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
  }

  pendingActions(): number {
    return this.queue.length;
  }

  /** @internal */ enqueue(action: Action): void {
    this.queue.push(action);
    if (action.type === "load") this.pendingLoads.add(action.target);
  }
  /** @internal */ registerObjectPath(): void {
    this.objectPaths++;
  }

  async sync(): Promise<void> {
    const actions = this.queue;
    const objectPaths = this.objectPaths;
    this.queue = [];
    this.objectPaths = 0;
    const request = serialiseRequest(actions, objectPaths);
    const requestBytes = utf8Bytes(request);
    const record: SyncRecord = {
      requestBytes,
      responseBytes: 0,
      actions: actions.length,
      writeActions: actions.filter((a) => a.type !== "load").length,
    };
    this.excel.syncs.push(record);
    if (requestBytes > this.excel.payloadLimit) {
      record.error = "RequestPayloadSizeLimitExceeded";
      throw new FakeRichApiError(
        "RequestPayloadSizeLimitExceeded",
        "The request payload size has exceeded the limit. Please refer to the documentation: " +
          "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins.",
      );
    }
    const responses: { target: FakeClientObject; values: Map<string, unknown>; isNull: boolean }[] = [];
    let calcSuspended = false;
    for (const action of actions) {
      try {
        this.execute(action, responses, () => (calcSuspended = true));
      } catch (error) {
        record.error = error instanceof FakeRichApiError ? error.code : String(error);
        throw error;
      }
    }
    if (calcSuspended) this.excel.calculationSuspensions++;
    const responseBytes = utf8Bytes(
      JSON.stringify(responses.map((r) => (r.isNull ? null : Object.fromEntries(r.values)))),
    );
    record.responseBytes = responseBytes;
    if (responseBytes > this.excel.payloadLimit) {
      record.error = "ResponsePayloadSizeLimitExceeded";
      throw new FakeRichApiError(
        "ResponsePayloadSizeLimitExceeded",
        "The response payload size has exceeded the limit. Please refer to the documentation: " +
          "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins.",
      );
    }
    for (const r of responses) r.target._receive(r.values, r.isNull);
    for (const target of this.pendingLoads) target._synced = true;
    this.pendingLoads.clear();
  }

  private execute(
    action: Action,
    responses: { target: FakeClientObject; values: Map<string, unknown>; isNull: boolean }[],
    suspendCalc: () => void,
  ): void {
    const resolved = action.target._resolve();
    if (action.type === "load") {
      if (resolved === NULL) {
        responses.push({ target: action.target, values: new Map(), isNull: true });
        return;
      }
      const values = new Map<string, unknown>();
      for (const prop of action.props) values.set(prop, readProperty(this.excel, resolved, prop));
      responses.push({ target: action.target, values, isNull: false });
      return;
    }
    if (resolved === NULL) {
      throw new FakeRichApiError("ItemNotFound", "The requested resource doesn't exist.", action.type);
    }
    if (action.type === "set") writeProperty(this.excel, resolved, action.prop, action.value);
    else {
      const result = callMethod(this.excel, resolved, action.method, action.args, suspendCalc);
      if (action.result) action.result._bind(result);
    }
  }
}

function serialiseRequest(actions: Action[], objectPaths: number): string {
  // Shaped like the RichApi request body: one entry per action, arguments inline.
  const body = actions.map((a, i) => ({
    Id: i + 1,
    ActionType: a.type === "set" ? 4 : a.type === "call" ? 3 : 2,
    ObjectPathId: a.target._id,
    Name: a.type === "set" ? a.prop : a.type === "call" ? a.method : "Load",
    ArgumentInfo: { Arguments: a.type === "set" ? [a.value] : a.type === "call" ? a.args : a.props },
  }));
  // Proxy arguments (a chart's source range) travel as object path references.
  return JSON.stringify({ Actions: body, ObjectPaths: objectPaths }, (_key, value: unknown) =>
    value instanceof FakeClientObject ? { ObjectPathId: value._id } : value,
  );
}

// ---------------------------------------------------------------------------------------------
// Reading and writing properties, calling methods

/** Calls `fn` on every cell of the rectangles, creating the cells that do not exist yet (as `cellAt`). */
function forEachCell(sheet: FakeSheet, rects: CellRect[], fn: (cell: FakeCell) => void): void {
  for (const rect of rects)
    for (let r = rect.top - 1; r < Math.min(rect.bottom, MAX_ROWS); r++) {
      const row = (sheet.cells[r] ??= []);
      for (let c = rect.left - 1; c < rect.right; c++) fn((row[c] ??= { value: "" }));
    }
}

function boundedRect(sheet: FakeSheet, rect: CellRect): CellRect {
  // Whole-column/row references: only the cells that exist matter.
  const used = usedRect(sheet, false);
  if (!used)
    return { ...rect, bottom: Math.min(rect.bottom, rect.top), right: Math.min(rect.right, rect.left) };
  return {
    top: rect.top,
    left: rect.left,
    bottom: Math.min(rect.bottom, Math.max(used.bottom, rect.top)),
    right: Math.min(rect.right, Math.max(used.right, rect.left)),
  };
}

function grid<T>(excel: FakeExcel, entity: RangeEntity, fn: (cell: FakeCell | undefined) => T): T[][] {
  const out: T[][] = [];
  const { rect, sheet } = entity;
  for (let r = rect.top - 1; r < rect.bottom; r++) {
    const row: T[] = [];
    for (let c = rect.left - 1; c < rect.right; c++) row.push(fn(excel.cellAt(sheet, r, c, false)));
    out.push(row);
  }
  return out;
}

export function readProperty(excel: FakeExcel, entity: Entity, prop: string): unknown {
  switch (entity.kind) {
    case "range": {
      const { rect, sheet } = entity;
      // Over 5 million cells Excel answers the cell arrays with null (desktop; the web refuses the size first).
      if (
        (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1) > excel.cellReadLimit &&
        /^(values|numberFormat|valueTypes|text|formulas)$/.test(prop)
      )
        return null;
      switch (prop) {
        case "values":
          return grid(excel, entity, (cell) => (cell ? cell.value : ""));
        case "numberFormat":
          return grid(excel, entity, (cell) => cell?.numberFormat ?? "General");
        case "valueTypes":
          return grid(excel, entity, (cell) =>
            !cell || cell.value === ""
              ? "Empty"
              : cell.error
                ? "Error"
                : typeof cell.value === "number"
                  ? "Double"
                  : typeof cell.value === "boolean"
                    ? "Boolean"
                    : "String",
          );
        case "formulas":
          return grid(excel, entity, (cell) => cell?.formula ?? (cell ? cell.value : ""));
        case "address":
          return `${quoteSheet(sheet.name)}!${rectAddress(rect)}`;
        case "rowIndex":
          return rect.top - 1;
        case "columnIndex":
          return rect.left - 1;
        case "rowCount":
          return rect.bottom - rect.top + 1;
        case "columnCount":
          return rect.right - rect.left + 1;
        case "columnHidden": {
          const hidden = [];
          for (let c = rect.left; c <= rect.right; c++) hidden.push(sheet.hiddenColumns.has(c));
          return hidden.every(Boolean) ? true : hidden.some(Boolean) ? null : false;
        }
        case "rowHidden": {
          const hidden = [];
          for (let r = rect.top; r <= Math.min(rect.bottom, rect.top + 100000); r++)
            hidden.push(sheet.hiddenRows.has(r));
          return hidden.every(Boolean) ? true : hidden.some(Boolean) ? null : false;
        }
      }
      break;
    }
    case "protection":
      if (prop === "protected") return entity.sheet.protected;
      break;
    case "workbookProtection":
      if (prop === "protected") return excel.structureProtected;
      break;
    case "format":
    case "fill":
    case "font":
    case "border": {
      const value = readFormatProperty(excel, entity, prop);
      if (value !== undefined) return value;
      break;
    }
    case "pageLayout": {
      const layout = entity.sheet.pageLayout;
      if (prop === "orientation") return layout.orientation ?? "Portrait";
      if (prop === "paperSize") return layout.paperSize ?? "Letter";
      if (prop === "centerHorizontally") return layout.centerHorizontally ?? false;
      if (prop === "zoom")
        return layout.horizontalFitToPages !== undefined || layout.verticalFitToPages !== undefined
          ? {
              horizontalFitToPages: layout.horizontalFitToPages,
              verticalFitToPages: layout.verticalFitToPages,
            }
          : { scale: layout.scale ?? 100 };
      break;
    }
    case "headerFooter":
      if (prop === "centerFooter") return entity.sheet.pageLayout.centerFooter ?? "";
      break;
    case "visibleView":
      if (prop === "cellAddresses") {
        const { sheet, rect } = entity.target;
        const rows: string[][] = [];
        for (let r = rect.top; r <= rect.bottom; r++) {
          if (sheet.hiddenRows.has(r)) continue;
          const row: string[] = [];
          for (let c = rect.left; c <= rect.right; c++)
            if (!sheet.hiddenColumns.has(c)) row.push(`${quoteSheet(sheet.name)}!${columnLetter(c)}${r}`);
          rows.push(row);
        }
        return rows;
      }
      if (prop === "rowCount") {
        let n = 0;
        for (let r = entity.target.rect.top; r <= entity.target.rect.bottom; r++)
          if (!entity.target.sheet.hiddenRows.has(r)) n++;
        return n;
      }
      break;
    case "areas":
      if (prop === "address")
        return entity.rects.map((r) => `${quoteSheet(entity.sheet.name)}!${rectAddress(r)}`).join(",");
      if (prop === "areaCount") return entity.rects.length;
      break;
    case "sheet":
      if (prop === "name") return entity.sheet.name;
      if (prop === "visibility") return entity.sheet.visibility;
      if (prop === "position") return excel.sheets.indexOf(entity.sheet);
      // `worksheets.load("items/protection/protected")`, as the adapter's look before writing asks.
      if (prop === "protection/protected") return entity.sheet.protected;
      // `worksheets.load("items/charts/items/name")`: the chart names the adapter reads with the sheet list.
      if (prop.startsWith("charts/"))
        return readProperty(excel, { kind: "charts", sheet: entity.sheet }, prop.slice("charts/".length));
      break;
    case "sheets":
      if (prop.startsWith("items/")) {
        const sub = prop.slice("items/".length);
        return excel.sheets.map((s) => readProperty(excel, { kind: "sheet", sheet: s }, sub));
      }
      if (prop === "count") return excel.sheets.length;
      break;
    case "charts":
      if (prop === "count") return entity.sheet.charts.length;
      if (prop === "items/name") return entity.sheet.charts.map((c) => c.name);
      break;
    case "chart":
      if (prop === "name") return entity.chart.name;
      break;
  }
  throw new FakeRichApiError("InvalidArgument", `The fake cannot load ${entity.kind}.${prop}`);
}

const HORIZONTAL = new Set([
  "General",
  "Left",
  "Center",
  "Right",
  "Fill",
  "Justify",
  "CenterAcrossSelection",
  "Distributed",
]);

function check2d(value: unknown, rect: CellRect, prop: string): unknown[][] {
  const rows = rect.bottom - rect.top + 1;
  const cols = rect.right - rect.left + 1;
  if (
    !Array.isArray(value) ||
    value.length !== rows ||
    value.some((r) => !Array.isArray(r) || r.length !== cols)
  )
    throw new FakeRichApiError(
      "InvalidArgument",
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${prop}).`,
    );
  return value as unknown[][];
}

/** The sheet whose cells a change to `entity` touches, if that sheet is protected. */
function protectedSheetOf(entity: Entity): FakeSheet | null {
  const target = "target" in entity ? entity.target : entity;
  if (target.kind === "range" || target.kind === "areas") return target.sheet.protected ? target.sheet : null;
  if (["charts", "chart", "freeze", "pageLayout", "headerFooter"].includes(entity.kind) && "sheet" in entity)
    return entity.sheet.protected ? entity.sheet : null;
  return null;
}

/** Excel refuses what would change a protected workbook's structure. */
function refuseIfStructureProtected(excel: FakeExcel): void {
  if (excel.structureProtected)
    throw new FakeRichApiError(
      "AccessDenied",
      "The workbook's structure is protected. You can't add, delete, move, hide or unhide sheets.",
    );
}

function refuseIfProtected(entity: Entity): void {
  if (protectedSheetOf(entity))
    throw new FakeRichApiError(
      "AccessDenied",
      "The cell or chart you're trying to change is on a protected sheet. You don't have sufficient permissions for this action.",
    );
}

export function writeProperty(excel: FakeExcel, entity: Entity, prop: string, value: unknown): void {
  refuseIfProtected(entity);
  switch (entity.kind) {
    case "range": {
      const { sheet, rect } = entity;
      if (prop === "values") {
        const rows = check2d(value, rect, prop);
        rows.forEach((row, i) =>
          row.forEach((v, j) => {
            if (v === null || v === undefined) return; // null leaves the cell as it is
            const cell = excel.cellAt(sheet, rect.top - 1 + i, rect.left - 1 + j, true)!;
            delete cell.formula;
            delete cell.error;
            delete cell.textPrefix;
            if (typeof v === "number" || typeof v === "boolean") cell.value = v;
            else if (typeof v === "string") {
              if (cell.numberFormat === "@") cell.value = v;
              else {
                const parsed = parseInput(v);
                // A format inferred from the input ("50%") applies only to a cell that has none.
                if (cell.numberFormat && cell.numberFormat !== "General") delete parsed.numberFormat;
                Object.assign(cell, parsed);
              }
            } else throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
          }),
        );
        return;
      }
      if (prop === "numberFormat") {
        // One value for many cells is applied to all of them (Excel's "single input copy").
        const single =
          Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && value[0].length === 1;
        const rows = single
          ? Array.from({ length: rect.bottom - rect.top + 1 }, () =>
              new Array<unknown>(rect.right - rect.left + 1).fill((value as unknown[][])[0][0]),
            )
          : check2d(value, rect, prop);
        rows.forEach((row, i) =>
          row.forEach((v, j) => {
            if (v === null || v === undefined) return;
            excel.cellAt(sheet, rect.top - 1 + i, rect.left - 1 + j, true)!.numberFormat = String(v);
          }),
        );
        return;
      }
      break;
    }
    case "sheet":
      if (prop === "visibility") {
        refuseIfStructureProtected(excel);
        const v = String(value) as FakeVisibility;
        if (!["Visible", "Hidden", "VeryHidden"].includes(v))
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        if (
          v !== "Visible" &&
          excel.sheets.filter((s) => s.visibility === "Visible" && s !== entity.sheet).length === 0
        )
          throw new FakeRichApiError(
            "InvalidOperation",
            "A workbook must have at least one visible worksheet.",
          );
        entity.sheet.visibility = v;
        return;
      }
      if (prop === "position") {
        const sheets = excel.sheets;
        sheets.splice(sheets.indexOf(entity.sheet), 1);
        sheets.splice(Math.max(0, Math.min(Number(value), sheets.length)), 0, entity.sheet);
        return;
      }
      if (prop === "name") {
        entity.sheet.name = String(value);
        return;
      }
      break;
    case "fill":
      if (prop === "color") {
        const color = String(value).toUpperCase();
        forEachTarget(entity.target, (cell) => (cell.fill = color));
        return;
      }
      break;
    case "font":
      if (prop === "color") {
        const color = String(value).toUpperCase();
        forEachTarget(entity.target, (cell) => (cell.fontColor = color));
        return;
      }
      if (prop === "bold") {
        forEachTarget(entity.target, (cell) => (cell.bold = Boolean(value)));
        return;
      }
      if (prop === "italic") {
        forEachTarget(entity.target, (cell) => (cell.italic = Boolean(value)));
        return;
      }
      if (prop === "name") {
        forEachTarget(entity.target, (cell) => (cell.fontName = String(value)));
        return;
      }
      if (prop === "size") {
        if (typeof value !== "number" || value < 1 || value > 409)
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        forEachTarget(entity.target, (cell) => (cell.fontSize = value));
        return;
      }
      break;
    case "border":
      if (prop === "style" || prop === "weight" || prop === "color") {
        writeBorder(excel, entity, prop, value);
        return;
      }
      break;
    case "headerFooter":
      if (prop === "centerFooter") {
        entity.sheet.pageLayout.centerFooter = String(value);
        return;
      }
      break;
    case "format":
      if (prop === "horizontalAlignment") {
        if (!HORIZONTAL.has(String(value)))
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        forEachTarget(entity.target, (cell) => (cell.horizontal = String(value)));
        return;
      }
      if (prop === "wrapText") {
        forEachTarget(entity.target, (cell) => (cell.wrap = Boolean(value)));
        return;
      }
      if (prop === "verticalAlignment") {
        if (!["Top", "Center", "Bottom", "Justify", "Distributed"].includes(String(value)))
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        forEachTarget(entity.target, (cell) => (cell.vertical = String(value)));
        return;
      }
      if (prop === "rowHeight") {
        if (typeof value !== "number" || value < 0 || value > 409)
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        const target = entity.target;
        for (const rect of target.kind === "range" ? [target.rect] : target.rects)
          for (let r = rect.top; r <= rect.bottom; r++) target.sheet.rowHeights.set(r, value);
        return;
      }
      if (prop === "columnWidth" && entity.target.kind === "range") {
        for (let c = entity.target.rect.left; c <= entity.target.rect.right; c++)
          entity.target.sheet.columnWidths.set(c, Number(value));
        return;
      }
      break;
    case "validation":
      if (prop === "rule") {
        const list = entity.target.sheet.validations;
        const existing = list.find((v) => JSON.stringify(v.rect) === JSON.stringify(entity.target.rect));
        if (existing) existing.rule = value;
        else list.push({ rect: { ...entity.target.rect }, rule: value });
        return;
      }
      if (prop === "errorAlert" || prop === "prompt") {
        const existing = entity.target.sheet.validations.find(
          (v) => JSON.stringify(v.rect) === JSON.stringify(entity.target.rect),
        );
        if (!existing) throw new FakeRichApiError("InvalidOperation", `Set a rule before the ${prop}.`);
        existing[prop] = value;
        return;
      }
      break;
    case "pageLayout": {
      const layout = entity.sheet.pageLayout;
      if (prop === "zoom") {
        // A scale and fit-to-pages exclude each other: the last one set wins.
        delete layout.scale;
        delete layout.horizontalFitToPages;
        delete layout.verticalFitToPages;
        Object.assign(layout, value as object);
        return;
      }
      if (prop === "orientation") {
        if (value !== "Portrait" && value !== "Landscape")
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        layout.orientation = value;
        return;
      }
      if (prop === "paperSize") {
        if (!["A4", "A3", "A5", "B4", "B5", "Letter", "Legal"].includes(String(value)))
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        layout.paperSize = String(value);
        return;
      }
      if (prop === "centerHorizontally") {
        layout.centerHorizontally = Boolean(value);
        return;
      }
      break;
    }
    case "chartTitle":
      if (prop === "text") {
        entity.chart.title = String(value);
        return;
      }
      break;
    case "chartLegend":
      if (prop === "visible") {
        entity.chart.legendVisible = Boolean(value);
        return;
      }
      break;
    case "chart":
      if (prop === "name") {
        entity.chart.name = String(value);
        return;
      }
      break;
  }
  throw new FakeRichApiError("InvalidArgument", `The fake cannot set ${entity.kind}.${prop}`);
}

function forEachTarget(target: RangeEntity | AreasEntity, fn: (cell: FakeCell) => void): void {
  forEachCell(target.sheet, target.kind === "range" ? [target.rect] : target.rects, fn);
}

/** A property of every cell of the target: its value when all cells agree, null when they differ (as Excel). */
function uniform<T>(
  excel: FakeExcel,
  target: RangeEntity | AreasEntity,
  fn: (cell: FakeCell | undefined) => T,
): T | null {
  const rects = target.kind === "range" ? [target.rect] : target.rects;
  let first = true;
  let value: T | null = null;
  for (const rect of rects)
    for (let r = rect.top - 1; r < Math.min(rect.bottom, rect.top + 9999); r++)
      for (let c = rect.left - 1; c < Math.min(rect.right, rect.left + 255); c++) {
        const v = fn(excel.cellAt(target.sheet, r, c, false));
        if (first) {
          value = v;
          first = false;
        } else if (JSON.stringify(v) !== JSON.stringify(value)) return null;
      }
  return value;
}

const SIDE_EDGE: Record<string, BorderEdge> = {
  EdgeTop: "top",
  EdgeBottom: "bottom",
  EdgeLeft: "left",
  EdgeRight: "right",
};
export const BORDER_SIDES = [
  "EdgeTop",
  "EdgeBottom",
  "EdgeLeft",
  "EdgeRight",
  "InsideVertical",
  "InsideHorizontal",
  "DiagonalDown",
  "DiagonalUp",
];

const NO_LINE: FakeBorderLine = { style: "None", weight: "Thin", color: "#000000" };

/** What Office.js reports for a format property of a range (undefined: not a format property the fake knows). */
function readFormatProperty(excel: FakeExcel, entity: Entity, prop: string): unknown {
  if (entity.kind === "format") {
    const t = entity.target;
    if (prop === "horizontalAlignment") return uniform(excel, t, (c) => c?.horizontal ?? "General");
    if (prop === "verticalAlignment") return uniform(excel, t, (c) => c?.vertical ?? "Bottom");
    if (prop === "wrapText") return uniform(excel, t, (c) => c?.wrap ?? false);
    if (prop === "rowHeight" && t.kind === "range")
      return t.rect.top === t.rect.bottom ? (t.sheet.rowHeights.get(t.rect.top) ?? 15) : null;
    if (prop === "columnWidth" && t.kind === "range") return t.sheet.columnWidths.get(t.rect.left) ?? 48;
  }
  // No fill reads as white (Excel; telling it from a white fill needs `pattern`, ExcelApi 1.9).
  if (entity.kind === "fill" && prop === "color")
    return uniform(excel, entity.target, (c) => c?.fill ?? "#FFFFFF");
  if (entity.kind === "font") {
    const t = entity.target;
    if (prop === "name") return uniform(excel, t, (c) => c?.fontName ?? DEFAULT_FONT.name);
    if (prop === "size") return uniform(excel, t, (c) => c?.fontSize ?? DEFAULT_FONT.size);
    if (prop === "color") return uniform(excel, t, (c) => c?.fontColor ?? DEFAULT_FONT.color);
    if (prop === "bold") return uniform(excel, t, (c) => c?.bold ?? false);
    if (prop === "italic") return uniform(excel, t, (c) => c?.italic ?? false);
  }
  if (entity.kind === "border") {
    const edge = SIDE_EDGE[entity.side];
    const line = (c: FakeCell | undefined): FakeBorderLine => (edge && c?.borders?.[edge]) || NO_LINE;
    if (prop === "sideIndex") return entity.side;
    if (prop === "style" || prop === "weight" || prop === "color")
      return uniform(excel, entity.target, (c) => line(c)[prop]);
  }
  return undefined;
}

/** Calls `fn` for each cell of `rect` whose `edge` a border side of the whole range covers (1-based). */
function forEachSideCell(
  rect: CellRect,
  side: string,
  fn: (r: number, c: number, edge: BorderEdge) => void,
): void {
  const rows = (r0: number, r1: number, edge: BorderEdge): void => {
    for (let r = r0; r <= r1; r++) for (let c = rect.left; c <= rect.right; c++) fn(r, c, edge);
  };
  const cols = (c0: number, c1: number, edge: BorderEdge): void => {
    for (let c = c0; c <= c1; c++) for (let r = rect.top; r <= rect.bottom; r++) fn(r, c, edge);
  };
  if (side === "EdgeTop") rows(rect.top, rect.top, "top");
  else if (side === "EdgeBottom") rows(rect.bottom, rect.bottom, "bottom");
  else if (side === "EdgeLeft") cols(rect.left, rect.left, "left");
  else if (side === "EdgeRight") cols(rect.right, rect.right, "right");
  else if (side === "InsideHorizontal") {
    rows(rect.top, rect.bottom - 1, "bottom");
    rows(rect.top + 1, rect.bottom, "top");
  } else if (side === "InsideVertical") {
    cols(rect.left, rect.right - 1, "right");
    cols(rect.left + 1, rect.right, "left");
  } else if (!BORDER_SIDES.includes(side))
    throw new FakeRichApiError(
      "InvalidArgument",
      "The argument is invalid or missing or has an incorrect format.",
    );
}

/** Sets one attribute of a border side: a style of None removes the line; weight or colour on no line draws one. */
function writeBorder(
  excel: FakeExcel,
  entity: Extract<Entity, { kind: "border" }>,
  prop: string,
  value: unknown,
): void {
  const target = entity.target;
  const rects = target.kind === "range" ? [target.rect] : target.rects;
  const text = prop === "color" ? String(value).toUpperCase() : String(value);
  for (const rect of rects)
    forEachSideCell(rect, entity.side, (r, c, edge) => {
      const cell = excel.cellAt(target.sheet, r - 1, c - 1, true)!;
      const borders = (cell.borders ??= {});
      if (prop === "style" && value === "None") {
        delete borders[edge];
        return;
      }
      const line = (borders[edge] ??= { ...THIN_LINE });
      if (prop === "style") line.style = text;
      else if (prop === "weight") line.weight = text;
      else if (prop === "color") line.color = text;
    });
}

/** A deep copy of a cell's format keys (the same as a JSON round trip of them: borders are nested one level). */
function copyOfFormat(cell: FakeCell | undefined): Partial<FakeCell> {
  const format: Partial<FakeCell> = {};
  if (!cell) return format;
  for (const key of FORMAT_KEYS) {
    if (cell[key] === undefined) continue;
    if (key === "borders") {
      const borders: Partial<Record<BorderEdge, FakeBorderLine>> = {};
      for (const [edge, line] of Object.entries(cell.borders!) as [BorderEdge, FakeBorderLine | undefined][])
        if (line) borders[edge] = { ...line };
      format.borders = borders;
    } else Object.assign(format, { [key]: cell[key] });
  }
  return format;
}

/** Range.copyFrom(source, "Formats"): the source's cell formats tiled over the target (Excel pastes formats so). */
function copyFormats(excel: FakeExcel, target: RangeEntity, source: RangeEntity): void {
  const src = source.rect;
  const h = src.bottom - src.top + 1;
  const w = src.right - src.left + 1;
  const formats: Partial<FakeCell>[][] = [];
  for (let i = 0; i < h; i++) {
    const row: Partial<FakeCell>[] = [];
    for (let j = 0; j < w; j++)
      row.push(copyOfFormat(excel.cellAt(source.sheet, src.top - 1 + i, src.left - 1 + j, false)));
    formats.push(row);
  }
  const { rect, sheet } = target;
  for (let r = rect.top; r <= rect.bottom; r++)
    for (let c = rect.left; c <= rect.right; c++) {
      const cell = excel.cellAt(sheet, r - 1, c - 1, true)!;
      for (const key of FORMAT_KEYS) delete cell[key];
      Object.assign(cell, copyOfFormat(formats[(r - rect.top) % h][(c - rect.left) % w] as FakeCell));
    }
}

/** A range argument: a range entity, a proxy, or an address ("$1:$3", "Sheet1!A1"). */
export function rangeArgument(excel: FakeExcel, sheet: FakeSheet, arg: unknown): RangeEntity {
  if (arg instanceof FakeClientObject) return rangeOf(nonNull(arg._resolve()));
  if (typeof arg === "object" && arg !== null && "kind" in arg) return rangeOf(arg as Entity);
  if (typeof arg === "string") {
    const bang = arg.lastIndexOf("!");
    const named =
      bang >= 0 ? excel.sheet(arg.slice(0, bang).replace(/^'|'$/g, "").replace(/''/g, "'")) : sheet;
    if (!named) throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
    return { kind: "range", sheet: named, rect: parseRect(arg.slice(bang + 1)) };
  }
  throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
}

function nonNull(resolved: Resolved): Entity {
  if (resolved === NULL) throw new FakeRichApiError("ItemNotFound", "The requested resource doesn't exist.");
  return resolved;
}

/** The address `setPrintTitleRows` / `setPrintTitleColumns` keep: "$1:$3" or "$A:$B", whole rows or columns only. */
function printTitleAddress(excel: FakeExcel, sheet: FakeSheet, arg: unknown, rows: boolean): string {
  const range = rangeArgument(excel, sheet, arg);
  const { rect } = range;
  const whole = rows
    ? rect.left === 1 && rect.right === MAX_COLS
    : rect.top === 1 && rect.bottom === MAX_ROWS;
  if (!whole) throw new FakeRichApiError("InvalidArgument", "Print titles must be whole rows or columns.");
  return rows ? `$${rect.top}:$${rect.bottom}` : `$${columnLetter(rect.left)}:$${columnLetter(rect.right)}`;
}

/** `getPrintTitleRowsOrNullObject()` / `…ColumnsOrNullObject()`: the rows or columns set, or a null object. */
export function printTitleRange(sheet: FakeSheet, rows: boolean): Resolved {
  const address = rows ? sheet.pageLayout.printTitleRows : sheet.pageLayout.printTitleColumns;
  return address ? { kind: "range", sheet, rect: parseRect(address) } : NULL;
}

export function callMethod(
  excel: FakeExcel,
  entity: Entity,
  method: string,
  args: unknown[],
  suspendCalc: () => void,
): Entity | undefined {
  if (method !== "select") refuseIfProtected(entity);
  switch (entity.kind) {
    case "application":
      if (method === "suspendApiCalculationUntilNextSync") {
        suspendCalc();
        return;
      }
      if (method === "suspendScreenUpdatingUntilNextSync") {
        excel.screenUpdatingSuspensions++;
        return;
      }
      break;
    case "sheets":
      if (method === "add") {
        refuseIfStructureProtected(excel);
        const sheet = excel.addSheet(String(args[0]));
        return { kind: "sheet", sheet };
      }
      break;
    case "sheet":
      if (method === "delete") {
        refuseIfStructureProtected(excel);
        if (entity.sheet.visibility === "VeryHidden")
          throw new FakeRichApiError(
            "GeneralException",
            "There was an internal error while processing the request.",
          );
        const others = excel.sheets.filter((s) => s !== entity.sheet);
        if (!others.some((s) => s.visibility === "Visible"))
          throw new FakeRichApiError(
            "InvalidOperation",
            "A workbook must have at least one visible worksheet.",
          );
        const index = excel.sheets.indexOf(entity.sheet);
        excel.sheets.splice(index, 1);
        excel.deletedSheets.push(entity.sheet.name);
        breakReferencesTo(excel, entity.sheet.name);
        if (excel.activeSheet === entity.sheet.name)
          excel.activeSheet = (others.slice(index).find((s) => s.visibility === "Visible") ??
            others.find((s) => s.visibility === "Visible"))!.name;
        return;
      }
      if (method === "activate") {
        if (entity.sheet.visibility !== "Visible")
          throw new FakeRichApiError("InvalidOperation", "A hidden worksheet cannot be activated.");
        excel.activeSheet = entity.sheet.name;
        return;
      }
      break;
    case "range": {
      const { sheet, rect } = entity;
      if (method === "merge") {
        const across = Boolean(args[0]);
        const pieces = across
          ? Array.from({ length: rect.bottom - rect.top + 1 }, (_, i) => ({
              ...rect,
              top: rect.top + i,
              bottom: rect.top + i,
            }))
          : [rect];
        for (const piece of pieces) {
          if (sheet.merges.some((m) => intersects(m, piece)))
            throw new FakeRichApiError(
              "MergedRangeConflict",
              "Cannot merge cells that overlap another merged area.",
            );
          sheet.merges.push({ ...piece });
        }
        return;
      }
      if (method === "unmerge") {
        sheet.merges = sheet.merges.filter((m) => !intersects(m, rect));
        return;
      }
      if (method === "clear") {
        const applyTo = String(args[0] ?? "All");
        const bounded = boundedRect(sheet, rect);
        for (let r = bounded.top - 1; r < bounded.bottom; r++) {
          const row = sheet.cells[r];
          if (!row) continue;
          for (let c = bounded.left - 1; c < bounded.right; c++) {
            const cell = row[c];
            if (!cell) continue;
            if (applyTo === "All" || applyTo === "Contents") {
              cell.value = "";
              delete cell.formula;
              delete cell.error;
              delete cell.textPrefix;
            }
            if (applyTo === "All" || applyTo === "Formats") for (const key of FORMAT_KEYS) delete cell[key];
            if (applyTo === "All" && cell.value === "") row[c] = undefined;
          }
        }
        if (applyTo === "All" || applyTo === "Formats")
          sheet.merges = sheet.merges.filter((m) => !intersects(m, rect));
        return;
      }
      if (method === "copyFrom") {
        const copyType = String(args[1] ?? "All");
        if (copyType !== "Formats")
          throw new FakeRichApiError("InvalidArgument", `The fake copies formats only, not ${copyType}.`);
        copyFormats(excel, entity, rangeArgument(excel, sheet, args[0]));
        return;
      }
      if (method === "select") {
        excel.activeSheet = sheet.name;
        excel.selection = { sheet: sheet.name, address: rectAddress(rect) };
        return;
      }
      break;
    }
    case "fill":
      if (method === "clear") {
        forEachTarget(entity.target, (cell) => delete cell.fill);
        return;
      }
      break;
    case "freeze": {
      const freeze = entity.sheet.freeze ?? { rows: 0, columns: 0 };
      if (method === "unfreeze") {
        entity.sheet.freeze = null;
        return;
      }
      if (method === "freezeRows") {
        entity.sheet.freeze = { rows: Number(args[0] ?? 1), columns: 0 };
        return;
      }
      if (method === "freezeColumns") {
        entity.sheet.freeze = { rows: 0, columns: Number(args[0] ?? 1) };
        return;
      }
      if (method === "freezeAt") {
        const r = parseRect(String(args[0]));
        entity.sheet.freeze = { rows: r.bottom, columns: r.right };
        return;
      }
      void freeze;
      break;
    }
    case "pageLayout":
      if (method === "setPrintTitleRows" || method === "setPrintTitleColumns") {
        const rows = method === "setPrintTitleRows";
        const address = printTitleAddress(excel, entity.sheet, args[0], rows);
        if (rows) entity.sheet.pageLayout.printTitleRows = address;
        else entity.sheet.pageLayout.printTitleColumns = address;
        return;
      }
      break;
    case "validation":
      if (method === "clear") {
        const rect = entity.target.rect;
        entity.target.sheet.validations = entity.target.sheet.validations.filter(
          (v) => !intersects(v.rect, rect),
        );
        return;
      }
      break;
    case "charts":
      if (method === "add") {
        const source = sourceAddress(args[1]);
        const chart: FakeChart = {
          name: `Chart ${entity.sheet.charts.length + 1}`,
          type: String(args[0]),
          seriesBy: String(args[2] ?? "Auto"),
          source: parseRect(source.includes("!") ? source.slice(source.lastIndexOf("!") + 1) : source),
          title: "",
          legendVisible: true,
        };
        entity.sheet.charts.push(chart);
        return { kind: "chart", sheet: entity.sheet, chart };
      }
      break;
    case "chart":
      if (method === "setPosition") {
        entity.chart.position = { start: String(args[0]), end: String(args[1] ?? args[0]) };
        return;
      }
      if (method === "delete") {
        entity.sheet.charts = entity.sheet.charts.filter((c) => c !== entity.chart);
        return;
      }
      break;
  }
  throw new FakeRichApiError("InvalidArgument", `The fake cannot call ${entity.kind}.${method}`);
}

// ---------------------------------------------------------------------------------------------
// Proxy classes

type Resolver = () => Resolved;

function notLoaded(prop: string): FakeRichApiError {
  return new FakeRichApiError(
    "PropertyNotLoaded",
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

export class FakeClientObject {
  /** @internal */ readonly _id = nextObjectId++;
  /** @internal */ _synced = false;
  private loaded = new Map<string, unknown>();
  private nullObject: boolean | undefined;
  private bound: Resolved | undefined;

  constructor(
    readonly context: FakeRequestContext,
    private readonly resolver: Resolver | null,
  ) {
    context.registerObjectPath();
  }

  /** @internal */ _resolve(): Resolved {
    if (this.bound !== undefined) return this.bound;
    if (!this.resolver) throw new FakeRichApiError("InvalidObjectPath", "The object path is not valid.");
    return this.resolver();
  }
  /** @internal */ _bind(entity: Entity | undefined): void {
    this.bound = entity ?? NULL;
  }
  /** @internal */ _receive(values: Map<string, unknown>, isNull: boolean): void {
    this.nullObject = isNull;
    for (const [k, v] of values) this.loaded.set(k, v);
  }

  get isNullObject(): boolean {
    if (this.nullObject === undefined) throw notLoaded("isNullObject");
    return this.nullObject;
  }

  load(props?: string | string[]): this {
    const list = props === undefined ? this.defaultLoad() : Array.isArray(props) ? props : props.split(",");
    this.context.enqueue({ type: "load", target: this, props: list.map((p) => p.trim()).filter(Boolean) });
    return this;
  }

  protected defaultLoad(): string[] {
    return [];
  }

  protected get<T>(prop: string): T {
    if (this.nullObject) throw new FakeRichApiError("ItemNotFound", "The requested resource doesn't exist.");
    if (!this.loaded.has(prop)) throw notLoaded(prop);
    return this.loaded.get(prop) as T;
  }

  protected set(prop: string, value: unknown): void {
    this.context.enqueue({ type: "set", target: this, prop, value });
  }

  protected call(method: string, args: unknown[], result?: FakeClientObject): void {
    this.context.enqueue({ type: "call", target: this, method, args, result });
  }

  /** Child proxy resolved from this one; a null parent gives a null child. */
  protected child<T extends FakeClientObject>(
    make: (ctx: FakeRequestContext, resolver: Resolver) => T,
    from: (parent: Entity) => Resolved,
  ): T {
    return make(this.context, () => {
      const parent = this._resolve();
      if (parent !== NULL) return from(parent);
      if (this.context.excel.nullNavigation === "throw")
        throw new FakeRichApiError("ItemNotFound", "The requested resource doesn't exist.");
      return NULL;
    });
  }
}

export function sheetOf(entity: Entity): FakeSheet {
  if ("sheet" in entity) return entity.sheet;
  throw new FakeRichApiError("InvalidArgument", "Not a worksheet.");
}

export function rangeOf(entity: Entity): RangeEntity {
  if (entity.kind === "range") return entity;
  throw new FakeRichApiError("InvalidArgument", "Not a range.");
}

export class FakeApplication extends FakeClientObject {
  suspendApiCalculationUntilNextSync(): void {
    this.call("suspendApiCalculationUntilNextSync", []);
  }
  suspendScreenUpdatingUntilNextSync(): void {
    if (!this.context.excel.supports("1.9"))
      throw new TypeError("suspendScreenUpdatingUntilNextSync is not a function");
    this.call("suspendScreenUpdatingUntilNextSync", []);
  }
}

export class FakeWorkbook extends FakeClientObject {
  readonly worksheets: FakeWorksheetCollection;
  readonly application: FakeApplication;
  constructor(context: FakeRequestContext) {
    super(context, () => ({ kind: "workbook" }));
    this.worksheets = new FakeWorksheetCollection(context, () => ({ kind: "sheets" }));
    this.application = new FakeApplication(context, () => ({ kind: "application" }));
  }
}

export class FakeWorksheetCollection extends FakeClientObject {
  private itemsCache: FakeWorksheet[] | undefined;

  get items(): FakeWorksheet[] {
    if (this.itemsCache) return this.itemsCache;
    const names = this.get<string[]>("items/name");
    this.itemsCache = names.map((name, i) => {
      const ws = new FakeWorksheet(this.context, () => {
        const sheet = this.context.excel.sheet(name);
        return sheet ? { kind: "sheet", sheet } : NULL;
      });
      const values = new Map<string, unknown>([["name", name]]);
      for (const prop of ["visibility", "position"]) {
        try {
          values.set(prop, this.get<unknown[]>(`items/${prop}`)[i]);
        } catch {
          // not loaded: reading it later throws PropertyNotLoaded, as in Excel
        }
      }
      ws._receive(values, false);
      ws._chartNames = this.loadedChartNames(i);
      return ws;
    });
    return this.itemsCache;
  }

  /** `items/charts/items/name`, when the load asked for it: the chart names of sheet i. */
  private loadedChartNames(i: number): string[] | undefined {
    try {
      return this.get<string[][]>("items/charts/items/name")[i];
    } catch {
      return undefined; // not loaded: reading the sheet's charts later throws PropertyNotLoaded
    }
  }

  override _receive(values: Map<string, unknown>, isNull: boolean): void {
    this.itemsCache = undefined;
    super._receive(values, isNull);
  }

  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const sheet = this.context.excel.sheet(name);
      if (!sheet)
        throw new FakeRichApiError(
          "ItemNotFound",
          "The requested resource doesn't exist.",
          `Worksheets.getItem(${name})`,
        );
      return { kind: "sheet", sheet };
    });
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const sheet = this.context.excel.sheet(name);
      return sheet ? { kind: "sheet", sheet } : NULL;
    });
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const sheet = this.context.excel.sheet(this.context.excel.activeSheet);
      if (!sheet) throw new FakeRichApiError("ItemNotFound", "There is no active worksheet.");
      return { kind: "sheet", sheet };
    });
  }
  add(name: string): FakeWorksheet {
    const ws = new FakeWorksheet(this.context, null);
    this.call("add", [name], ws);
    return ws;
  }
}

export class FakeWorksheet extends FakeClientObject {
  get name(): string {
    return this.get("name");
  }
  get visibility(): FakeVisibility {
    return this.get("visibility");
  }
  set visibility(value: FakeVisibility) {
    this.set("visibility", value);
  }
  get position(): number {
    return this.get("position");
  }
  set position(value: number) {
    this.set("position", value);
  }
  get freezePanes(): FakeFreezePanes {
    return this.child(
      (c, r) => new FakeFreezePanes(c, r),
      (e) => ({ kind: "freeze", sheet: sheetOf(e) }),
    );
  }
  /** Chart names loaded with the sheet list (`worksheets.load("items/charts/items/name")`). */
  _chartNames: string[] | undefined;

  get charts(): FakeChartCollection {
    const charts = this.child(
      (c, r) => new FakeChartCollection(c, r),
      (e) => ({ kind: "charts", sheet: sheetOf(e) }),
    );
    if (this._chartNames) charts._receive(new Map([["items/name", this._chartNames]]), false);
    return charts;
  }
  get pageLayout(): FakePageLayout {
    if (!this.context.excel.supports("1.9")) return undefined as unknown as FakePageLayout;
    return this.child(
      (c, r) => new FakePageLayout(c, r),
      (e) => ({ kind: "pageLayout", sheet: sheetOf(e) }),
    );
  }
  getRange(address?: string): FakeRange {
    return this.child(
      (c, r) => new FakeRange(c, r),
      (e) => ({
        kind: "range",
        sheet: sheetOf(e),
        rect: address ? parseRect(address) : { top: 1, left: 1, bottom: MAX_ROWS, right: MAX_COLS },
      }),
    );
  }
  getRangeByIndexes(row: number, col: number, rowCount: number, colCount: number): FakeRange {
    if (rowCount < 1 || colCount < 1)
      throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
    return this.child(
      (c, r) => new FakeRange(c, r),
      (e) => ({
        kind: "range",
        sheet: sheetOf(e),
        rect: { top: row + 1, left: col + 1, bottom: row + rowCount, right: col + colCount },
      }),
    );
  }
  getRanges(addresses: string): FakeRangeAreas {
    if (!this.context.excel.supports("1.9")) throw new TypeError("getRanges is not a function");
    return this.child(
      (c, r) => new FakeRangeAreas(c, r),
      (e) => {
        // Long area lists fail in Excel with a bare InvalidArgument (office-js#5198: ~8,200 characters).
        if (addresses.length > 8000)
          throw new FakeRichApiError(
            "InvalidArgument",
            "The argument is invalid or missing or has an incorrect format.",
          );
        return {
          kind: "areas",
          sheet: sheetOf(e),
          rects: addresses.split(",").map((a) => parseRect(a.trim())),
        };
      },
    );
  }
  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return this.child(
      (c, r) => new FakeRange(c, r),
      (e) => {
        const sheet = sheetOf(e);
        const rect = usedRect(sheet, valuesOnly);
        return rect ? { kind: "range", sheet, rect } : NULL;
      },
    );
  }
  activate(): void {
    this.call("activate", []);
  }
  delete(): void {
    this.call("delete", []);
  }
}

export class FakeRange extends FakeClientObject {
  get values(): CellScalar[][] {
    return this.get("values");
  }
  set values(value: unknown[][]) {
    this.set("values", value);
  }
  get numberFormat(): string[][] {
    return this.get("numberFormat");
  }
  set numberFormat(value: unknown[][]) {
    this.set("numberFormat", value);
  }
  get valueTypes(): string[][] {
    return this.get("valueTypes");
  }
  get formulas(): unknown[][] {
    return this.get("formulas");
  }
  get address(): string {
    return this.get("address");
  }
  get rowIndex(): number {
    return this.get("rowIndex");
  }
  get columnIndex(): number {
    return this.get("columnIndex");
  }
  get rowCount(): number {
    return this.get("rowCount");
  }
  get columnCount(): number {
    return this.get("columnCount");
  }
  get columnHidden(): boolean | null {
    return this.get("columnHidden");
  }
  get rowHidden(): boolean | null {
    return this.get("rowHidden");
  }
  get format(): FakeRangeFormat {
    return this.child(
      (c, r) => new FakeRangeFormat(c, r),
      (e) => ({ kind: "format", target: rangeOf(e) }),
    );
  }
  get dataValidation(): FakeDataValidation {
    if (!this.context.excel.supports("1.8")) return undefined as unknown as FakeDataValidation;
    return this.child(
      (c, r) => new FakeDataValidation(c, r),
      (e) => ({ kind: "validation", target: rangeOf(e) }),
    );
  }
  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return this.child(
      (c, r) => new FakeRange(c, r),
      (e) => {
        const range = rangeOf(e);
        const used = usedRect(range.sheet, valuesOnly);
        if (!used || !intersects(used, range.rect)) return NULL;
        return {
          kind: "range",
          sheet: range.sheet,
          rect: {
            top: Math.max(used.top, range.rect.top),
            left: Math.max(used.left, range.rect.left),
            bottom: Math.min(used.bottom, range.rect.bottom),
            right: Math.min(used.right, range.rect.right),
          },
        };
      },
    );
  }
  getMergedAreasOrNullObject(): FakeRangeAreas {
    if (!this.context.excel.supports("1.13"))
      throw new TypeError("getMergedAreasOrNullObject is not a function");
    return this.child(
      (c, r) => new FakeRangeAreas(c, r),
      (e) => {
        const range = rangeOf(e);
        const rects = range.sheet.merges.filter((m) => intersects(m, range.rect));
        return rects.length
          ? { kind: "areas", sheet: range.sheet, rects: rects.map((m) => ({ ...m })) }
          : NULL;
      },
    );
  }
  getSpecialCellsOrNullObject(cellType: string): FakeRangeAreas {
    if (!this.context.excel.supports("1.9"))
      throw new TypeError("getSpecialCellsOrNullObject is not a function");
    return this.child(
      (c, r) => new FakeRangeAreas(c, r),
      (e) => {
        if (cellType !== "Formulas")
          throw new FakeRichApiError("InvalidArgument", "Only Formulas is modelled.");
        const range = rangeOf(e);
        const rects = formulaAreas(range.sheet, range.rect);
        return rects.length ? { kind: "areas", sheet: range.sheet, rects } : NULL;
      },
    );
  }
  merge(across = false): void {
    this.call("merge", [across]);
  }
  unmerge(): void {
    this.call("unmerge", []);
  }
  clear(applyTo: string = "All"): void {
    this.call("clear", [applyTo]);
  }
  copyFrom(source: FakeRange | string, copyType = "All", skipBlanks = false, transpose = false): void {
    if (!this.context.excel.supports("1.9")) throw new TypeError("copyFrom is not a function");
    this.call("copyFrom", [source, copyType, skipBlanks, transpose]);
  }
  select(): void {
    this.call("select", []);
  }
}

export class FakeRangeAreas extends FakeClientObject {
  get address(): string {
    return this.get("address");
  }
  get areaCount(): number {
    return this.get("areaCount");
  }
  get format(): FakeRangeFormat {
    return this.child(
      (c, r) => new FakeRangeFormat(c, r),
      (e) => {
        if (e.kind !== "areas") throw new FakeRichApiError("InvalidArgument", "Not range areas.");
        return { kind: "format", target: e };
      },
    );
  }
}

export class FakeRangeFormat extends FakeClientObject {
  get fill(): FakeRangeFill {
    return this.child(
      (c, r) => new FakeRangeFill(c, r),
      (e) => ({ kind: "fill", target: (e as { target: RangeEntity | AreasEntity }).target }),
    );
  }
  get font(): FakeRangeFont {
    return this.child(
      (c, r) => new FakeRangeFont(c, r),
      (e) => ({ kind: "font", target: (e as { target: RangeEntity | AreasEntity }).target }),
    );
  }
  get borders(): FakeRangeBorderCollection {
    return this.child(
      (c, r) => new FakeRangeBorderCollection(c, r),
      (e) => ({ kind: "borders", target: (e as { target: RangeEntity | AreasEntity }).target }),
    );
  }
  get horizontalAlignment(): string {
    return this.get("horizontalAlignment");
  }
  set horizontalAlignment(value: string) {
    this.set("horizontalAlignment", value);
  }
  get verticalAlignment(): string {
    return this.get("verticalAlignment");
  }
  set verticalAlignment(value: string) {
    this.set("verticalAlignment", value);
  }
  get wrapText(): boolean {
    return this.get("wrapText");
  }
  set wrapText(value: boolean) {
    this.set("wrapText", value);
  }
  set columnWidth(value: number) {
    this.set("columnWidth", value);
  }
  get rowHeight(): number {
    return this.get("rowHeight");
  }
  set rowHeight(value: number) {
    this.set("rowHeight", value);
  }
}

export class FakeRangeBorderCollection extends FakeClientObject {
  getItem(side: string): FakeRangeBorder {
    return this.child(
      (c, r) => new FakeRangeBorder(c, r),
      (e) => {
        if (!BORDER_SIDES.includes(side))
          throw new FakeRichApiError("InvalidArgument", "The argument is invalid or missing.");
        return { kind: "border", target: (e as { target: RangeEntity | AreasEntity }).target, side };
      },
    );
  }
}

export class FakeRangeBorder extends FakeClientObject {
  get style(): string {
    return this.get("style");
  }
  set style(value: string) {
    this.set("style", value);
  }
  get weight(): string {
    return this.get("weight");
  }
  set weight(value: string) {
    this.set("weight", value);
  }
  get color(): string {
    return this.get("color");
  }
  set color(value: string) {
    this.set("color", value);
  }
}

export class FakeRangeFill extends FakeClientObject {
  get color(): string {
    return this.get("color");
  }
  set color(value: string) {
    this.set("color", value);
  }
  clear(): void {
    this.call("clear", []);
  }
}

export class FakeRangeFont extends FakeClientObject {
  get color(): string {
    return this.get("color");
  }
  set color(value: string) {
    this.set("color", value);
  }
  get bold(): boolean {
    return this.get("bold");
  }
  set bold(value: boolean) {
    this.set("bold", value);
  }
  get italic(): boolean {
    return this.get("italic");
  }
  set italic(value: boolean) {
    this.set("italic", value);
  }
  get name(): string {
    return this.get("name");
  }
  set name(value: string) {
    this.set("name", value);
  }
  get size(): number {
    return this.get("size");
  }
  set size(value: number) {
    this.set("size", value);
  }
}

export class FakeDataValidation extends FakeClientObject {
  set rule(value: unknown) {
    this.set("rule", value);
  }
  set errorAlert(value: unknown) {
    this.set("errorAlert", value);
  }
  set prompt(value: unknown) {
    this.set("prompt", value);
  }
  clear(): void {
    this.call("clear", []);
  }
}

export class FakeFreezePanes extends FakeClientObject {
  freezeRows(count = 1): void {
    this.call("freezeRows", [count]);
  }
  freezeColumns(count = 1): void {
    this.call("freezeColumns", [count]);
  }
  freezeAt(range: string | FakeRange): void {
    if (typeof range !== "string")
      throw new FakeRichApiError("InvalidArgument", "The fake takes an address for freezeAt.");
    this.call("freezeAt", [range]);
  }
  unfreeze(): void {
    this.call("unfreeze", []);
  }
}

export class FakePageLayout extends FakeClientObject {
  get zoom(): { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number } {
    return this.get("zoom");
  }
  set zoom(value: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number }) {
    this.set("zoom", value);
  }
  get orientation(): string {
    return this.get("orientation");
  }
  set orientation(value: string) {
    this.set("orientation", value);
  }
  get paperSize(): string {
    return this.get("paperSize");
  }
  set paperSize(value: string) {
    this.set("paperSize", value);
  }
  get centerHorizontally(): boolean {
    return this.get("centerHorizontally");
  }
  set centerHorizontally(value: boolean) {
    this.set("centerHorizontally", value);
  }
  get headersFooters(): FakeHeaderFooterGroup {
    return this.child(
      (c, r) => new FakeHeaderFooterGroup(c, r),
      (e) => ({ kind: "headersFooters", sheet: sheetOf(e) }),
    );
  }
  setPrintTitleRows(rows: FakeRange | string): void {
    this.call("setPrintTitleRows", [rows]);
  }
  setPrintTitleColumns(columns: FakeRange | string): void {
    this.call("setPrintTitleColumns", [columns]);
  }
  getPrintTitleRowsOrNullObject(): FakeRange {
    return this.child(
      (c, r) => new FakeRange(c, r),
      (e) => printTitleRange(sheetOf(e), true),
    );
  }
  getPrintTitleColumnsOrNullObject(): FakeRange {
    return this.child(
      (c, r) => new FakeRange(c, r),
      (e) => printTitleRange(sheetOf(e), false),
    );
  }
}

export class FakeHeaderFooterGroup extends FakeClientObject {
  get defaultForAllPages(): FakeHeaderFooter {
    return this.child(
      (c, r) => new FakeHeaderFooter(c, r),
      (e) => ({ kind: "headerFooter", sheet: sheetOf(e) }),
    );
  }
}

export class FakeHeaderFooter extends FakeClientObject {
  get centerFooter(): string {
    return this.get("centerFooter");
  }
  set centerFooter(value: string) {
    this.set("centerFooter", value);
  }
}

export class FakeChartCollection extends FakeClientObject {
  get items(): { name: string }[] {
    return this.get<string[]>("items/name").map((name) => ({ name }));
  }

  getItem(name: string): FakeChart2 {
    return new FakeChart2(this.context, () => {
      const entity = this._resolve();
      const sheet = entity !== NULL && entity.kind === "charts" ? entity.sheet : undefined;
      const chart = sheet?.charts.find((c) => c.name === name);
      if (!sheet || !chart)
        throw new FakeRichApiError("ItemNotFound", "The requested resource doesn't exist.");
      return { kind: "chart", sheet, chart };
    });
  }

  add(type: string, source: FakeRange | string, seriesBy = "Auto"): FakeChart2 {
    const chart = new FakeChart2(this.context, null);
    // The source range goes over the wire as a reference, resolved when the action runs.
    this.call("add", [type, source, seriesBy], chart);
    return chart;
  }
}

function sourceAddress(source: unknown): string {
  if (typeof source === "string") return source;
  if (source instanceof FakeClientObject) {
    const entity = source._resolve();
    if (entity !== NULL && entity.kind === "range") return rectAddress(entity.rect);
  }
  throw new FakeRichApiError("InvalidArgument", "The chart's source data is invalid.");
}

export class FakeChart2 extends FakeClientObject {
  get title(): FakeChartTitle {
    return this.child(
      (c, r) => new FakeChartTitle(c, r),
      (e) => ({ kind: "chartTitle", chart: (e as ChartEntity).chart }),
    );
  }
  get legend(): FakeChartLegend {
    return this.child(
      (c, r) => new FakeChartLegend(c, r),
      (e) => ({ kind: "chartLegend", chart: (e as ChartEntity).chart }),
    );
  }
  set name(value: string) {
    this.set("name", value);
  }
  setPosition(start: string, end?: string): void {
    this.call("setPosition", [start, end ?? start]);
  }
  delete(): void {
    this.call("delete", []);
  }
}

export class FakeChartTitle extends FakeClientObject {
  set text(value: string) {
    this.set("text", value);
  }
}

export class FakeChartLegend extends FakeClientObject {
  set visible(value: boolean) {
    this.set("visible", value);
  }
}

export type FakeRun = FakeExcel["run"];

/** Plain description of one sheet as the Office.js side would see it, for comparisons in tests. */
export function describeSheet(excel: FakeExcel, name: string): { values: RawCell[][]; merges: CellRect[] } {
  return { values: excel.readValues(name), merges: excel.requireSheet(name).merges.map((m) => ({ ...m })) };
}

/** A1 column letters of a 1-based column (the engine's helper, re-exported for the tests). */
export { columnLetter as columnName };
