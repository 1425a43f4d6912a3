/**
 * A sheet the tool owns, built top to bottom as a document (docs/owned-sheets.md "Layout"): a title,
 * lines of text, headings and ruled tables. The whole sheet is written as one block of values, with
 * merges for the title and the text lines, column widths, row heights and an A4 page setup.
 *
 * Widths: every table column asks for the width of its content (header and first rows), bounded by
 * its kind (numbers stay narrow, names and text wrap within a cap). A sheet column is as wide as the
 * widest ask among the tables that use it; the sheets place their tables so that a column is used by
 * content of a like width (a number never shares a column with a long text), and a table's last
 * column may span to the sheet's right edge (merged, for short tables) so a long text needs no
 * column of its own.
 */
import type { CellFormat, CellRect, PlanOp, WriteValue } from "./model";
import type { Lang } from "../engine/types";
import { ownedSheetPageSetup } from "./page";
import { displayWidth, LINE_HEIGHT, roundTo, wrappedLines } from "./util";

export type ColumnKind = "num" | "short" | "name" | "text";

/** The widest a column of each kind is made (its text wraps beyond); the narrowest. */
const CAPS: Record<ColumnKind, number> = { num: 12, short: 14, name: 24, text: 40 };
const MIN_WIDTH = 6;
/** Rows per table that widths are estimated from (a 10,000-row ranking needs no more). */
const MEASURED_ROWS = 500;
/** Tables at most this long may merge their last column to the right edge. */
const SPAN_ROWS = 300;

export interface DocColumn {
  header: string;
  kind: ColumnKind;
  /** Overrides the kind's cap. */
  cap?: number;
  /** At least this wide (a 公示名单 column that fills the page). */
  min?: number;
}

export const HEADER_FILL = "#D9E1F2";
const TITLE_FORMAT: CellFormat = {
  bold: true,
  fontSize: 16,
  horizontal: "center",
  vertical: "center",
  wrap: true,
};
/** The title's font over the body's (11 pt): a width unit holds that much less of the title. */
const TITLE_SCALE = 16 / 11;
const HEADING_FORMAT: CellFormat = { bold: true, fontSize: 12 };
const PARA_FORMAT: CellFormat = { wrap: true, vertical: "top" };
const HEADER_FORMAT: CellFormat = {
  bold: true,
  fill: HEADER_FILL,
  horizontal: "center",
  vertical: "center",
  wrap: true,
  border: true,
};
const CELL_FORMATS: Record<ColumnKind, CellFormat> = {
  num: { border: true, vertical: "center" },
  short: { border: true, horizontal: "center", vertical: "center", wrap: true },
  name: { border: true, vertical: "center", wrap: true },
  text: { border: true, vertical: "center", wrap: true },
};

type RowKind = "title" | "para" | "heading" | "header" | "row" | "blank";

interface DocRow {
  kind: RowKind;
  /** From the table's first column (column A for the other rows). */
  values: WriteValue[];
  formats: (CellFormat | null)[];
  /** Lines of text the row needs (set at emit time for wrapped cells). */
  table?: TableRecord;
  /** The row's last value spans to the right edge (merged). */
  span?: boolean;
}

interface TableRecord {
  startCol: number;
  columns: DocColumn[];
  /** Width each column asks for, from the header and the first MEASURED_ROWS rows. */
  asks: number[];
  measured: number;
  /** The last column spans to the right edge (a short table's long text). */
  spanLast: boolean;
  /** Rows written so far, the header included. */
  rowCount: number;
  /** The columns' own formats: shared by every row that brings none of its own (most rows). */
  plainFormats: CellFormat[];
  /** The formats of rows that bring their own, by the array they brought: rows passing one array share one. */
  ownFormats: Map<readonly (CellFormat | null)[], CellFormat[]>;
}

/** What a table is filled through. */
export interface DocTable {
  /**
   * A row; `formats` are cell formats on top of the columns' own. Rows passing the same formats
   * array share its merged formats, so an array passed again must hold the same formats.
   */
  row(values: WriteValue[], formats?: (CellFormat | null)[]): void;
}

function cellText(v: WriteValue): string {
  if (v === null) return "";
  return typeof v === "number" ? String(roundTo(v, 2)) : String(v);
}

/** Merged formats by content, for cell formats that are new objects on every call. */
const mergedByKey = new Map<string, CellFormat>();
/** The same by the objects themselves: the usual cell format is a constant, and rows may be many. */
const mergedByObject = new WeakMap<CellFormat, Map<CellFormat, CellFormat>>();

/** A column's base format with a cell's own on top; shared objects, as rows may be many. */
function withBase(base: CellFormat, own: CellFormat | null | undefined): CellFormat {
  if (!own) return base;
  const byBase = mergedByObject.get(own);
  const known = byBase?.get(base);
  if (known) return known;
  const key = JSON.stringify([base, own]);
  let f = mergedByKey.get(key);
  if (!f) {
    f = { ...base, ...own };
    mergedByKey.set(key, f);
  }
  if (byBase) byBase.set(base, f);
  else mergedByObject.set(own, new Map([[base, f]]));
  return f;
}

/** Excel's tallest row (409.5 points): a taller one is cut when the file is opened. */
const MAX_ROW_HEIGHT = 409.5;

export class SheetDoc {
  private readonly rows: DocRow[] = [];
  private readonly tables: TableRecord[] = [];
  /** Widths the sheet's columns have at least, with or without a table (a 公示名单 with no list). */
  private reserved: readonly number[] = [];

  /**
   * The sheet's columns at least this wide: its text lines and title span them even when no table
   * is written (a notice with nobody to list was one column six units wide, its title 3 characters a line).
   */
  reserve(widths: readonly number[]): void {
    this.reserved = widths;
  }

  get nextRow(): number {
    return this.rows.length + 1;
  }

  title(text: string): number {
    this.rows.push({ kind: "title", values: [text], formats: [TITLE_FORMAT] });
    return this.rows.length;
  }

  /** A line of text across the sheet, wrapped. */
  para(text: string, format: CellFormat = PARA_FORMAT): number {
    this.rows.push({ kind: "para", values: [text], formats: [{ ...PARA_FORMAT, ...format }] });
    return this.rows.length;
  }

  heading(text: string): number {
    this.rows.push({ kind: "heading", values: [text], formats: [HEADING_FORMAT] });
    return this.rows.length;
  }

  blank(): void {
    this.rows.push({ kind: "blank", values: [], formats: [] });
  }

  /**
   * A ruled table from `startCol`; with `spanLast`, its last column takes the rest of the sheet's
   * width when the table is short (its rows are merged there), else it is a text column of its own.
   */
  table(columns: DocColumn[], options: { startCol?: number; spanLast?: boolean } = {}): DocTable {
    const startCol = options.startCol ?? 1;
    const t: TableRecord = {
      startCol,
      columns,
      asks: columns.map((c) => displayWidth(c.header) + 2),
      measured: 0,
      spanLast: options.spanLast === true,
      rowCount: 1,
      plainFormats: columns.map((c) => CELL_FORMATS[c.kind]),
      ownFormats: new Map(),
    };
    this.tables.push(t);
    this.rows.push({
      kind: "header",
      values: columns.map((c) => c.header),
      formats: columns.map(() => HEADER_FORMAT),
      table: t,
    });
    return {
      row: (values, formats = []) => {
        if (t.measured++ < MEASURED_ROWS) {
          values.forEach((v, j) => {
            const w = displayWidth(cellText(v)) + 2;
            if (w > (t.asks[j] ?? 0)) t.asks[j] = w;
          });
        }
        let merged = formats.length === 0 ? t.plainFormats : t.ownFormats.get(formats);
        if (!merged) {
          merged = columns.map((c, j) => withBase(CELL_FORMATS[c.kind], formats[j]));
          t.ownFormats.set(formats, merged);
        }
        this.rows.push({ kind: "row", values, formats: merged, table: t });
        t.rowCount++;
      },
    };
  }

  private spans(t: TableRecord): boolean {
    return t.spanLast && t.rowCount <= SPAN_ROWS;
  }

  /** Width per sheet column: the widest ask, each bounded by its kind's cap. */
  widths(): number[] {
    let last = 1;
    for (const t of this.tables) last = Math.max(last, t.startCol + t.columns.length - 1);
    last = Math.max(last, this.reserved.length);
    const widths = new Array<number>(last).fill(MIN_WIDTH);
    this.reserved.forEach((w, i) => (widths[i] = Math.max(widths[i]!, w)));
    for (const t of this.tables) {
      t.columns.forEach((c, j) => {
        if (j === t.columns.length - 1 && this.spans(t)) return;
        const col = t.startCol + j - 1;
        const ask = Math.max(c.min ?? MIN_WIDTH, Math.min(t.asks[j] ?? MIN_WIDTH, c.cap ?? CAPS[c.kind]));
        widths[col] = Math.max(widths[col] ?? MIN_WIDTH, ask);
      });
    }
    // A spanning last column takes what is right of it; only when that is too little does the
    // sheet's last column grow (the other tables' columns keep their widths).
    for (const t of this.tables) {
      if (!this.spans(t)) continue;
      const j = t.columns.length - 1;
      const c = t.columns[j]!;
      const ask = Math.max(c.min ?? MIN_WIDTH, Math.min(t.asks[j] ?? MIN_WIDTH, c.cap ?? CAPS[c.kind]));
      const room = widths.slice(t.startCol + j - 1).reduce((s, x) => s + x, 0);
      if (room < ask) widths[widths.length - 1] = (widths[widths.length - 1] ?? MIN_WIDTH) + ask - room;
    }
    return widths;
  }

  /**
   * The width each column of a table wraps its text in (a spanning last column: all it spans), 0 for
   * a number column, which does not wrap.
   */
  private wrapWidths(t: TableRecord, widths: number[]): number[] {
    return t.columns.map((c, j) => {
      if (c.kind === "num") return 0;
      const col = t.startCol + j;
      return j === t.columns.length - 1 && this.spans(t)
        ? widths.slice(col - 1).reduce((s, x) => s + x, 0)
        : (widths[col - 1] ?? MIN_WIDTH);
    });
  }

  /** Lines of text a row needs: its wrapped cells in their columns' widths (`wrapWidths` of its table). */
  private linesOf(r: DocRow, wrapWidths: (t: TableRecord) => number[], total: number): number {
    // A long title wraps (a notice's own title of 50 characters was cut at both ends): a 16-point
    // line (~21 pt) and the space it always had fit in one body line (16.5 pt) more than its lines.
    if (r.kind === "title") return wrappedLines(cellText(r.values[0] ?? null), total / TITLE_SCALE) + 1;
    if (r.kind === "para") return wrappedLines(cellText(r.values[0] ?? null), total);
    if (!r.table) return 1;
    const widths = wrapWidths(r.table);
    let lines = 1;
    for (let j = 0; j < widths.length; j++) {
      if (widths[j] === 0) continue;
      lines = Math.max(lines, wrappedLines(cellText(r.values[j] ?? null), widths[j]!));
    }
    return lines;
  }

  /** The plan ops writing the document into `sheet` (already ensured and cleared). */
  emit(sheet: string, lang: Lang, orientation: "portrait" | "landscape" = "portrait"): PlanOp[] {
    const widths = this.widths();
    const width = widths.length;
    const total = widths.reduce((s, w) => s + w, 0);
    // Sized up front (a 公示名单 of 100,000 rows: see writeplan.ts blockOps).
    const values = new Array<WriteValue[]>(this.rows.length);
    const formats = new Array<(CellFormat | null)[]>(this.rows.length);
    const merges: CellRect[] = [];
    const heights = new Array<number | null>(this.rows.length);
    // Rows sharing their formats (a table's plain rows) share them padded too: one array, not one per row.
    const paddedFormats = new Map<(CellFormat | null)[], (CellFormat | null)[]>();
    const tableWidths = new Map<TableRecord, number[]>();
    const wrapWidths = (t: TableRecord): number[] => {
      let known = tableWidths.get(t);
      if (!known) tableWidths.set(t, (known = this.wrapWidths(t, widths)));
      return known;
    };
    this.rows.forEach((r, i) => {
      const row = i + 1;
      // A table's row starts at its first column; the sheet's rows are all as wide as the sheet.
      const start = r.table ? r.table.startCol - 1 : 0;
      // A row already as wide as the sheet is used as it is (a 公示名单 row of each of 100,000 branches).
      values[i] = start === 0 && r.values.length === width ? r.values : padded(r.values, start, width);
      const t = r.table;
      const lastCol = t ? t.startCol + t.columns.length - 1 : 0;
      if (r.kind === "title" || r.kind === "para") {
        if (width > 1) merges.push({ top: row, left: 1, bottom: row, right: width });
        formats[i] = padded(r.formats, start, width);
      } else if (t && this.spans(t) && lastCol < width) {
        merges.push({ top: row, left: lastCol, bottom: row, right: width });
        const fmt = padded(r.formats, start, width);
        // The merged area takes the ruled look on every cell, so its border is drawn whole.
        for (let c = lastCol; c < width; c++) fmt[c] = fmt[lastCol - 1] ?? null;
        formats[i] = fmt;
      } else {
        let fmt = paddedFormats.get(r.formats);
        if (!fmt) paddedFormats.set(r.formats, (fmt = padded(r.formats, start, width)));
        formats[i] = fmt;
      }
      const lines = this.linesOf(r, wrapWidths, total);
      heights[i] = lines > 1 ? Math.min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT) : null;
    });
    const ops: PlanOp[] = [
      { kind: "values", sheet, row: 1, col: 1, values, formats },
      ...merges.map((rect): PlanOp => ({ kind: "merge", sheet, rect })),
      { kind: "columnWidths", sheet, col: 1, widths },
    ];
    if (heights.some((h) => h !== null)) ops.push({ kind: "rowHeights", sheet, row: 1, heights });
    ops.push(ownedSheetPageSetup(sheet, { first: 1, last: 1 }, orientation, lang));
    return ops;
  }
}

/** `items` placed from index `start` in a row `width` long, the rest null (cut at `width`). */
function padded<T>(items: readonly T[], start: number, width: number): (T | null)[] {
  const line = new Array<T | null>(width).fill(null);
  for (let j = 0; j < items.length && start + j < width; j++) line[start + j] = items[j]!;
  return line;
}
