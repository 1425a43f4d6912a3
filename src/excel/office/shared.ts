/**
 * What the Office.js adapter's modules share: the session's environment (how to run a batch, the
 * host's API level, the request budget), the workbook as last seen, sizes of requests, addresses,
 * cell values, and the queued steps of a write.
 */
import { columnIndex, columnLetter } from "../../engine/address";
import type { RawCell } from "../../engine/types";
import type { FormulaRuns } from "../../workbook/formula-runs";
import { type Message, msg } from "../../messages";
import {
  type CellRect,
  EXCEL_ERROR_TEXTS,
  type PlanOp,
  type SheetInfo,
  type SheetVisibility,
  type WorkbookAdapter,
  type WriteValue,
} from "../../workbook/model";
import { OfficeAdapterError, timeoutError } from "./errors";
import type { LoadedFormat } from "./format";

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

export interface OfficeAdapter extends WorkbookAdapter {
  /** Activates a sheet and selects a cell (a flag was clicked). */
  selectCell(sheet: string, address: string): Promise<void>;
}

export const DEFAULT_REQUEST_BUDGET = 3.5 * 1024 * 1024;

export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Bytes one API call costs in a request beyond its arguments, as office.js serialises it: every
 * range it creates travels as an object path plus Instantiate, _KeepReference and a second
 * Instantiate (~330 bytes), and a property set or method call adds ~110 (measured through the
 * emulated host, docs/office-host.md).
 */
export const ACTION_OVERHEAD = 240;

/** Rows per piece when merged areas are read by table range (Excel fails on more than 512 areas in one call). */
export const MERGE_PIECE_ROWS = 500;

/** Response bytes per visible row in a visible-view read ("'Sheet'!A123" and brackets), with margin. */
export const VISIBLE_ROW_BYTES = 24;

/** Columns whose hidden state is read (one cheap proxy each); wider sheets report hidden columns up to here. */
export const HIDDEN_COLUMN_PROBE = 64;

/** Longest address list passed to one getRanges call. */
export const MAX_AREAS_ADDRESS = 2000;

export const VISIBILITY_OUT: Record<SheetVisibility, Excel.SheetVisibility> = {
  visible: "Visible" as Excel.SheetVisibility,
  hidden: "Hidden" as Excel.SheetVisibility,
  veryHidden: "VeryHidden" as Excel.SheetVisibility,
};

export function visibilityIn(value: string): SheetVisibility {
  return value === "VeryHidden" ? "veryHidden" : value === "Hidden" ? "hidden" : "visible";
}

export function defaultSupports(version: string): boolean {
  const office = (globalThis as { Office?: typeof Office }).Office;
  try {
    return Boolean(office?.context?.requirements?.isSetSupported("ExcelApi", version));
  } catch {
    return false;
  }
}

export function defaultRun(): ExcelRun {
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

export function a1(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

export function rectA1(rect: CellRect): string {
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

export function height(rect: CellRect): number {
  return rect.bottom - rect.top + 1;
}

export function width(rect: CellRect): number {
  return rect.right - rect.left + 1;
}

/** The range of a rectangle of cells (its rows and columns counted from 1, as the plan counts them). */
export function rectRange(ws: Excel.Worksheet, rect: CellRect): Excel.Range {
  return ws.getRangeByIndexes(rect.top - 1, rect.left - 1, height(rect), width(rect));
}

/** Excel column width in points for a width in characters of the default font (7 px a character, 5 px padding). */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
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

export const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

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

export interface KnownSheets {
  sheets: Map<string, { name: string; visibility: SheetVisibility; position: number }>;
  active: string | null;
  /** Chart names per sheet, by lower-case sheet name (for rebuilding an owned sheet in place). */
  charts: Map<string, string[]>;
  protectedSheets: Set<string>;
  /** The workbook's structure is protected (「保护工作簿」; ExcelApi 1.7): no sheet may be added, shown or hidden. */
  structureLocked: boolean;
  /** Loaded by the read just before: the write may use it without another look (used once). */
  fresh: boolean;
}

export interface SheetItem {
  name: string;
  visibility: string;
  position: number;
  protection?: { protected?: boolean };
  charts?: { items?: Array<{ name: string }> };
}

/** One queued piece of the write, its estimated size, and the plan op it belongs to. */
export interface Step {
  bytes: number;
  op: PlanOp;
  /** Rows of a values op this step writes (for saying what was written when a write fails). */
  rows?: { first: number; last: number };
  emit(batch: BatchState): void;
}

/** The workbook as the write finds it, and what this write needs to say afterwards. */
export interface WriteState extends KnownSheets {
  /** Formats of copyFormat sources, loaded first where the host has no copyFrom (below ExcelApi 1.9). */
  sources: Map<string, LoadedFormat>;
  notices: Message[];
}

export interface BatchState {
  context: Excel.RequestContext;
  sheets: Map<string, Excel.Worksheet>;
  worksheet(name: string): Excel.Worksheet;
}

export const SHEET_ITEMS =
  "items/name,items/visibility,items/position,items/protection/protected,items/charts/items/name";

/**
 * The workbook's protection, queued for loading with the sheet list where the host has it (ExcelApi
 * 1.7, Excel 2016 and later): `protected` is its structure's protection.
 */
export function loadWorkbookProtection(
  env: AdapterEnv,
  context: Excel.RequestContext,
): Excel.WorkbookProtection | null {
  if (!env.supports("1.7")) return null;
  const protection = context.workbook.protection;
  protection.load("protected");
  return protection;
}

export function sheetItem(s: Excel.Worksheet): SheetItem {
  return {
    name: s.name,
    visibility: s.visibility,
    position: s.position,
    protection: { protected: s.protection?.protected },
    charts: { items: (s.charts?.items ?? []).map((c) => ({ name: c.name })) },
  };
}

/** What the read learns besides the cells. */
export interface Meta {
  info: SheetInfo[];
  name: string;
  hiddenColumns: number[];
  settingsJson: string | null;
  /** Undefined when the host cannot tell (below ExcelApi 1.9). */
  pageSetupCustomised: boolean | undefined;
  /** The host has no call that returns merged areas (below ExcelApi 1.13). */
  mergesUnknown: boolean;
  /** Columns holding formulas, with the last row holding one (ExcelApi 1.9; SheetModel.blankFormulaColumns). */
  formulaColumns?: Record<number, number>;
  /** The same areas as rows by column (SheetModel.formulaRuns). */
  formulaRuns?: FormulaRuns;
}

/** One adapter's session: how it reaches Excel and what it last saw of the workbook. */
export interface AdapterEnv {
  run: ExcelRun;
  supports(version: string): boolean;
  /** Largest request to send, in bytes of JSON as office.js serialises it. */
  budget: number;
  timeoutMs: number;
  /** The workbook as the last read or write saw it. */
  known: KnownSheets | null;
  /** Codes of the host notices already said in this session. */
  shown: Set<string>;
}

export function rememberSheets(
  env: AdapterEnv,
  items: SheetItem[],
  active: string | null,
  fresh: boolean,
  structureLocked: boolean,
): KnownSheets {
  env.known = {
    sheets: new Map(
      items.map((s) => [
        s.name.toLowerCase(),
        { name: s.name, visibility: visibilityIn(s.visibility), position: s.position },
      ]),
    ),
    active,
    charts: new Map(items.map((s) => [s.name.toLowerCase(), (s.charts?.items ?? []).map((c) => c.name)])),
    protectedSheets: new Set(items.filter((s) => s.protection?.protected === true).map((s) => s.name)),
    structureLocked,
    fresh,
  };
  return env.known;
}

/** A read or write that takes longer than the time limit ends with a clear message. */
export function timed<T>(env: AdapterEnv, what: "read" | "write", work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(what, env.timeoutMs)), env.timeoutMs);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
