/**
 * The cells the write plan writes in a user's sheet (the result columns), for the package patcher
 * (patch.ts). The plan's rectangular ops — clear, copyFormat, values — are kept as they are
 * ("layers", in plan order) and a row's cells are worked out when the row is written, rather than
 * laid into a record per cell and a map per row first: at 100,000 rows those were ~600,000 records
 * and ~100,000 maps, the largest thing alive while the sheet was written and much of the garbage
 * collector's work (docs/xlsx-round-trip.md, "Scale"). A cell ends as it did when every op was
 * laid into cell records in order: the same value and the same cellXfs index.
 *
 * Style ids are registered when the plan is replayed (valuesLayer), in the order the per-cell replay
 * registered them, so styles.xml gets its new entries in the same order. Pure: runs in a browser too.
 */
import {
  rectsOverlap,
  type CellFormat,
  type CellRect,
  type PlanOp,
  type WriteValue,
} from "../workbook/model";
import type { StyleRegistry } from "./styles";

/** The cell keeps the format it has in the sheet (a values op without formats, on no copied format). */
export const KEEP_STYLE = -1;
/** A cell whose format changes (copyFormat) and whose value stays what it is. */
export const KEEP_VALUE = Symbol("keep value");

export type PlannedValue = WriteValue | typeof KEEP_VALUE;
export type ValuesOp = Extract<PlanOp, { kind: "values" }>;

/** One op of the plan on a user's sheet; `index` is its place among the sheet's layers. */
export type Layer =
  | { kind: "clear"; index: number; rect: CellRect }
  /** `style`: the cellXfs index of the op's source cell, as the plan had left it. */
  | { kind: "copyFormat"; index: number; rect: CellRect; style: number }
  /** `styles`: each cell's cellXfs index (row r, column c at r * width + c), KEEP_STYLE for none. */
  | { kind: "values"; index: number; rect: CellRect; op: ValuesOp; width: number; styles: Int32Array };

/**
 * What the plan writes in one row: entries 0..size-1 in column order, each a value (KEEP_VALUE:
 * the cell's own) and a cellXfs index (KEEP_STYLE: the cell's own). Reused from row to row: the
 * arrays are overwritten, never shrunk, so a row costs no allocation.
 */
export class RowWrites {
  readonly cols: number[] = [];
  readonly values: PlannedValue[] = [];
  readonly styles: number[] = [];
  size = 0;

  /** The entry of `col`, -1 when the plan writes nothing there. */
  find(col: number): number {
    for (let i = 0; i < this.size; i++) if (this.cols[i] === col) return i;
    return -1;
  }

  set(col: number, value: PlannedValue, style: number): void {
    const at = this.entry(col);
    this.values[at] = value;
    this.styles[at] = style;
  }

  clear(): void {
    this.size = 0;
  }

  /** The entry of `col`, made (in column order) when there is none. */
  private entry(col: number): number {
    const { cols, values, styles } = this;
    const n = this.size;
    // Columns are written left to right, so a new one usually goes last.
    if (n === 0 || cols[n - 1] < col) {
      cols[n] = col;
      this.size++;
      return n;
    }
    // A later layer over the same columns (a clear, then the values): entries of adjacent columns
    // hold `col` at its offset from the first.
    const offset = col - cols[0];
    if (offset >= 0 && offset < n && cols[offset] === col) return offset;
    const found = this.find(col);
    if (found >= 0) return found;
    let at = n;
    for (; at > 0 && cols[at - 1] > col; at--) {
      cols[at] = cols[at - 1];
      values[at] = values[at - 1];
      styles[at] = styles[at - 1];
    }
    cols[at] = col;
    this.size++;
    return at;
  }
}

/** One layer's effect on row `row` (which it covers) of `writes`. */
function applyLayer(layer: Layer, row: number, writes: RowWrites): void {
  const { left, right } = layer.rect;
  if (layer.kind === "clear") {
    for (let col = left; col <= right; col++) writes.set(col, null, 0);
  } else if (layer.kind === "copyFormat") {
    // The cell keeps its value (KEEP_VALUE when the plan has written none) and takes the format.
    for (let col = left; col <= right; col++) {
      const at = writes.find(col);
      if (at >= 0) writes.styles[at] = layer.style;
      else writes.set(col, KEEP_VALUE, layer.style);
    }
  } else {
    const r = row - layer.rect.top;
    const values = layer.op.values[r];
    for (let c = 0; c < values.length; c++) {
      // An empty string is an empty cell (Excel itself never stores one).
      const value = values[c] === "" ? null : (values[c] ?? null);
      writes.set(left + c, value, layer.styles[r * layer.width + c]);
    }
  }
}

function covers(layer: Layer, row: number): boolean {
  return layer.rect.top <= row && row <= layer.rect.bottom;
}

/** Row `row` as the layers leave it (every layer looked at: for the odd row, not a sweep). */
export function plannedRow(layers: readonly Layer[], row: number, into = new RowWrites()): RowWrites {
  into.clear();
  for (const layer of layers) if (covers(layer, row)) applyLayer(layer, row, into);
  return into;
}

/**
 * The rows of a sheet asked for in increasing order, each as the layers leave it: a sweep that
 * looks only at the layers covering the row (a plan has a layer per run of rows between 合计 rows).
 */
export class PlannedRows {
  private readonly byTop: Layer[];
  private next = 0;
  private readonly active: Layer[] = [];
  private readonly writes = new RowWrites();

  constructor(layers: readonly Layer[]) {
    this.byTop = [...layers].sort((a, b) => a.rect.top - b.rect.top || a.index - b.index);
  }

  /** Row `row` (not lower than the row asked for before); the same object is reused for the next. */
  at(row: number): RowWrites {
    const { byTop, active } = this;
    let added = false;
    for (; this.next < byTop.length && byTop[this.next].rect.top <= row; this.next++) {
      active.push(byTop[this.next]);
      added = true;
    }
    if (added) active.sort((a, b) => a.index - b.index);
    let kept = 0;
    for (const layer of active) if (layer.rect.bottom >= row) active[kept++] = layer;
    active.length = kept;
    this.writes.clear();
    for (const layer of active) applyLayer(layer, row, this.writes);
    return this.writes;
  }
}

/** The rows any layer writes a cell in, and `alsoRows` (row heights), in order. */
export function layerRows(layers: readonly Layer[], alsoRows: Iterable<number> = []): number[] {
  let last = 0;
  for (const layer of layers) last = Math.max(last, layer.rect.bottom);
  const also = [...alsoRows].filter((row) => row >= 0);
  for (const row of also) last = Math.max(last, row);
  const written = new Uint8Array(last + 1);
  for (const row of also) written[row] = 1;
  for (const layer of layers) {
    const { top, bottom } = layer.rect;
    for (let row = Math.max(top, 0); row <= bottom; row++)
      if (layer.kind !== "values" || layer.op.values[row - top].length > 0) written[row] = 1;
  }
  // Counted first and sized up front: grown by push, a list of 100,000 rows is copied into ever
  // larger arrays, each in memory never touched before.
  let count = 0;
  for (let row = 0; row <= last; row++) count += written[row];
  const rows = new Array<number>(count);
  for (let row = 0, at = 0; row <= last; row++) if (written[row]) rows[at++] = row;
  return rows;
}

/**
 * A clear, copyFormat or values op on a user's sheet, added to its layers. copyFormat copies the
 * format of its source cell as the plan has left it, else as `stored` in the sheet.
 */
export function addLayer(
  layers: Layer[],
  op: Extract<PlanOp, { kind: "values" | "clear" | "copyFormat" }>,
  styles: StyleRegistry,
  stored: (cell: { row: number; col: number }) => number,
): void {
  const index = layers.length;
  if (op.kind === "values") layers.push(valuesLayer(layers, op, styles));
  else if (op.kind === "clear") {
    if (op.rect.left <= op.rect.right) layers.push({ kind: "clear", index, rect: op.rect });
  } else {
    const source = plannedRow(layers, op.from.row);
    const at = source.find(op.from.col);
    const style = at >= 0 && source.styles[at] !== KEEP_STYLE ? source.styles[at] : stored(op.from);
    if (op.to.left <= op.to.right) layers.push({ kind: "copyFormat", index, rect: op.to, style });
  }
}

/**
 * The last row and the rightmost column of the cells the layers write that are not empty and
 * unformatted (0 when there are none): what a sheet's <dimension> must cover. Rows are read from
 * the top only until a cell reaches the layers' rightmost column, and from the bottom until a row
 * has such a cell: usually a few rows, rather than every row once more before the sheet is written.
 */
export function plannedExtent(layers: readonly Layer[]): { bottom: number; right: number } {
  const rows = layerRows(layers);
  let widest = 0;
  for (const layer of layers) widest = Math.max(widest, layer.rect.right);
  const planned = new PlannedRows(layers);
  let right = 0;
  for (let k = 0; k < rows.length && right < widest; k++)
    right = Math.max(right, rightmostShown(planned.at(rows[k])));
  let bottom = 0;
  const writes = new RowWrites();
  for (let k = rows.length - 1; k >= 0 && bottom === 0; k--)
    if (rightmostShown(plannedRow(layers, rows[k], writes)) > 0) bottom = rows[k];
  return { bottom, right };
}

/** The column of a row's rightmost cell that is not empty and unformatted, 0 when none is. */
function rightmostShown(writes: RowWrites): number {
  for (let i = writes.size - 1; i >= 0; i--)
    if (writes.values[i] !== null || writes.styles[i] > 0) return writes.cols[i];
  return 0;
}

/** The rectangle a values op writes (as wide as its widest row). */
function valuesRect(op: ValuesOp): CellRect {
  // A loop, not Math.max(...): a block of 100,000 rows has more rows than a call takes arguments.
  const width = op.values.reduce((w, r) => Math.max(w, r.length), 0);
  return { top: op.row, left: op.col, bottom: op.row + op.values.length - 1, right: op.col + width - 1 };
}

const NO_BASE = -1;

/**
 * A values op as a layer on `layers` (the sheet's earlier ones), each cell's format resolved now:
 * on a copied format (copyFormat, not cleared since) the plan's format applies on top of it, and no
 * format keeps the copied one; elsewhere the plan's format, none (0) when the op has formats for
 * other cells, else the cell's own.
 */
function valuesLayer(layers: readonly Layer[], op: ValuesOp, styles: StyleRegistry): Layer {
  const rect = valuesRect(op);
  const width = rect.right - rect.left + 1;
  const under = layers.filter((l) => l.kind !== "values" && rectsOverlap(l.rect, rect));
  const bases = new Int32Array(Math.max(width, 0));
  const previousBases = new Int32Array(Math.max(width, 0));
  const cellStyles = new Int32Array(op.values.length * Math.max(width, 0));
  for (let r = 0; r < op.values.length; r++) {
    copiedFormats(under, op.row + r, rect, bases);
    const formats = op.formats?.[r];
    // Rows of one tier share their formats array: such a row under the same copied formats has
    // the previous row's styles (whose lookups registered whatever they needed).
    const repeats =
      r > 0 &&
      formats === op.formats?.[r - 1] &&
      op.values[r].length === op.values[r - 1].length &&
      bases.every((base, c) => base === previousBases[c]);
    if (repeats) cellStyles.copyWithin(r * width, (r - 1) * width, r * width);
    else
      for (let c = 0; c < op.values[r].length; c++)
        cellStyles[r * width + c] = cellStyle(bases[c], formats?.[c], op.formats !== undefined, styles);
    previousBases.set(bases);
  }
  return { kind: "values", index: layers.length, rect, op, width, styles: cellStyles };
}

/** Into `bases`: the copied format of each cell of `rect`'s row `row`, NO_BASE where none. */
function copiedFormats(under: readonly Layer[], row: number, rect: CellRect, bases: Int32Array): void {
  bases.fill(NO_BASE);
  for (const layer of under) {
    if (!covers(layer, row)) continue;
    const base = layer.kind === "copyFormat" ? layer.style : NO_BASE;
    const from = Math.max(layer.rect.left, rect.left);
    const to = Math.min(layer.rect.right, rect.right);
    for (let col = from; col <= to; col++) bases[col - rect.left] = base;
  }
}

function cellStyle(
  base: number,
  format: CellFormat | null | undefined,
  hasFormats: boolean,
  styles: StyleRegistry,
): number {
  if (base !== NO_BASE) return format ? styles.derive(base, format) : base;
  if (format) return styles.id(format);
  return hasFormats ? 0 : KEEP_STYLE;
}
