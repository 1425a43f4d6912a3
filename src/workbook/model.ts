/**
 * The plain workbook model shared by both adapters (Office.js in src/excel, ExcelJS in src/xlsx)
 * and the pure workbook layer. Adapters read a sheet into `SheetModel` and apply a `WritePlan`;
 * nothing else lives in an adapter.
 */
import type { RawCell } from "../engine/types";
import type { Message } from "../messages";
import type { FormulaRuns } from "./formula-runs";
import type { WrittenExtent } from "./settings";

/** A rectangle of cells, 1-based and inclusive. */
export interface CellRect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Whether two rectangles share a cell. */
export function rectsOverlap(a: CellRect, b: CellRect): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

export interface SheetModel {
  name: string;
  /** values[r][c] is the cell at sheet row r+1, column c+1: a formula's cached result, never formula text. */
  values: RawCell[][];
  merges: CellRect[];
  /** 1-based row numbers that are hidden. */
  hiddenRows: number[];
  /** 1-based column numbers that are hidden. */
  hiddenColumns: number[];
  /**
   * True when the sheet already has a page setup of the user's (orientation, paper, scaling or print
   * titles set): the scored sheet then keeps it (SPEC §5). Adapters that cannot tell leave it undefined.
   */
  pageSetupCustomised?: boolean;
  /**
   * True when the host cannot say which cells are merged (Excel below ExcelApi 1.13): `merges` is
   * then empty whatever the sheet holds, so a merged 所属党委 reads blank below its first row.
   */
  mergesUnknown?: boolean;
  /**
   * Columns holding a formula whose result reads blank (a stored "" or none), by column, with the
   * last row holding one: empty to the reader, but a user's helper column (=IF(H4>20,"超分","")),
   * so never a place for the result columns. Set only when there are such cells, by adapters that
   * can tell (Excel from ExcelApi 1.9 gives every formula column: it cannot tell which show nothing
   * without each cell's type, and a column showing values is occupied anyway).
   */
  blankFormulaColumns?: Record<number, number>;
  /**
   * Rows holding a formula, by column (formula-runs.ts), whatever they show: a result column found
   * by its header that holds the user's formulas is theirs, not the tool's to fill. Set only when
   * there are such cells, by adapters that can tell.
   */
  formulaRuns?: FormulaRuns;
}

export type SheetVisibility = "visible" | "hidden" | "veryHidden";

export interface SheetInfo {
  name: string;
  visibility: SheetVisibility;
}

/** What `read` returns: everything recompute needs, gathered in one round trip where the host allows. */
export interface WorkbookSnapshot {
  sheets: SheetInfo[];
  /**
   * The raw JSON text held by the settings sheet, or null when the workbook carries none.
   * The settings sheet stores the JSON in column A split into chunks of at most 30,000 characters
   * (Excel's cell limit is 32,767); adapters return the chunks of A1, A2, … joined.
   */
  settingsJson: string | null;
  /** The sheet to score. */
  sheet: SheetModel;
}

/** A value as written. Strings are always literal text: adapters must never let "=…" become a formula. */
export type WriteValue = string | number | boolean | null;

export interface CellFormat {
  /** Excel number format, e.g. "0.00", "0%", "@". */
  numFmt?: string;
  /** Fill colour "#RRGGBB". */
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  horizontal?: "left" | "center" | "right";
  vertical?: "top" | "center" | "bottom";
  wrap?: boolean;
  fontName?: string;
  /** Points. */
  fontSize?: number;
  italic?: boolean;
  /** Thin borders on all four edges: the look of a ruled table. */
  border?: boolean;
}

/** How a sheet prints (SPEC §5, §6). */
export interface PageSetup {
  paper: "A4";
  orientation: "portrait" | "landscape";
  /** Every column on one page wide (or `pagesWide`), as many pages tall as needed. */
  fitToWidth: boolean;
  /**
   * Pages wide when fitting to width, 1 unless said (a wide scored sheet: page.ts pagesWide); the
   * print title columns repeat on each.
   */
  pagesWide?: number;
  /** Rows repeated at the top of every printed page (1-based, inclusive). */
  titleRows?: { first: number; last: number };
  /** Columns repeated at the left of every printed page (1-based, inclusive). */
  titleColumns?: { first: number; last: number };
  /** Footer "第 &P 页，共 &N 页" (PAGE_NUMBER_TEXT, page.ts). */
  pageNumbers: boolean;
  /** The footer in English ("Page &P of &N"), for a run in English; absent: Chinese. */
  pageNumbersIn?: "en";
  centerHorizontally?: boolean;
}

/**
 * `message` is the error shown when a value is refused; `prompt`, when given, the input message shown
 * while the cell is selected (said before the typing, where the error comes only after it).
 * `whole` takes integers only (Excel's "whole number" type): a count refuses 2.5, where `decimal` took it.
 */
export type DataValidationRule = (
  | { kind: "decimal"; min: number; max: number }
  | { kind: "whole"; min: number; max: number }
  | { kind: "list"; items: string[] }
) & { message: string; prompt?: string };

export type PlanOp =
  /** Create the sheet if absent (at the end), set its visibility; `clear` empties it (values, formats, merges, charts). */
  | { kind: "ensureSheet"; sheet: string; visibility: SheetVisibility; clear: boolean }
  /** Write a block of values whose top-left is (row, col); `formats` per cell, same shape, optional. */
  | {
      kind: "values";
      sheet: string;
      row: number;
      col: number;
      values: WriteValue[][];
      formats?: (CellFormat | null)[][];
    }
  /** Clear values and formats of a rectangle (stale result cells when the table shrank). */
  | { kind: "clear"; sheet: string; rect: CellRect }
  | { kind: "merge"; sheet: string; rect: CellRect }
  | { kind: "columnWidths"; sheet: string; col: number; widths: number[] }
  | { kind: "freeze"; sheet: string; rows: number; columns: number }
  | { kind: "validation"; sheet: string; rect: CellRect; rule: DataValidationRule }
  /** A clustered column chart of `data` (2 columns: label, count). ExcelJS cannot draw charts and skips it. */
  | { kind: "chart"; sheet: string; title: string; data: CellRect; anchor: CellRect }
  /**
   * The cells of `to` take the whole format of the cell `from` (font, fill, borders, alignment, number
   * format): result columns look like the user's table (SPEC §5). Formats of later `values` ops on
   * those cells apply on top of it.
   */
  | { kind: "copyFormat"; sheet: string; from: { row: number; col: number }; to: CellRect }
  /** Row heights in points from `row` down; null leaves a row as it is. */
  | { kind: "rowHeights"; sheet: string; row: number; heights: (number | null)[] }
  | { kind: "pageSetup"; sheet: string; setup: PageSetup };

/**
 * A titled table a feature (merge, last year's results, 定稿, the history of runs) adds to 评定核查
 * (SPEC §6, §10): the feature says what, the 评定核查 builder lays it out. Texts are final words, no codes.
 */
export interface ReviewSection {
  title: string;
  /** One line under the title. */
  note?: string;
  header: string[];
  rows: WriteValue[][];
}

export interface WritePlan {
  ops: PlanOp[];
}

export interface ReadRequest {
  /** The sheet to score; undefined means the active sheet (Office) or the first visible worksheet (xlsx). */
  sheet?: string;
  /** The name of the settings sheet to read in the same round trip. */
  settingsSheet: string;
}

/** What an adapter has to tell the user after applying a plan (e.g. a host that cannot set up printing). */
export interface ApplyResult {
  notices: Message[];
}

/** A cell and its value, e.g. A40 「（盖章）」. */
export interface FoundCell {
  /** A1 address. */
  cell: string;
  value: RawCell;
}

export interface WorkbookAdapter {
  read(request: ReadRequest): Promise<WorkbookSnapshot>;
  /**
   * The first `rows` rows of a sheet's values, or null when there is no such sheet: enough to tell
   * whether a sheet the settings call ours still is (recompute.ts). Adapters that cannot read a
   * sheet's top cheaply leave it out, and the settings are then taken at their word.
   */
  readTop?(sheet: string, rows: number): Promise<RawCell[][] | null>;
  /**
   * The first cell, row by row, holding a value outside rows 1..lastRow × columns 1..lastCol of a
   * sheet (formatting alone is no value), or null when there is none or no such sheet: what the
   * user added around what this tool wrote on an owned sheet (recompute.ts). Adapters answer it
   * from what readTop read where they can (Office.js: the same round trip, unless there is such a cell).
   */
  contentOutside?(sheet: string, block: WrittenExtent): Promise<FoundCell | null>;
  /** Resolves with notices for the user, or nothing when there are none. */
  apply(plan: WritePlan): Promise<ApplyResult | void>;
}

/**
 * The error values Excel shows as cell text. Office.js returns an error cell's value as this text,
 * so both the Office.js adapter and the in-memory Excel of the tests tell errors from text with it.
 */
export const EXCEL_ERROR_TEXTS: ReadonlySet<string> = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BUSY!",
  "#BLOCKED!",
  "#CONNECT!",
  "#UNKNOWN!",
]);
