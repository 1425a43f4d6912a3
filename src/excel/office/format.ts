/**
 * Cell formats on the Office.js side: style groups and their targets (RangeAreas at ExcelApi 1.9),
 * borders, and a source cell's whole format loaded and set again where there is no copyFrom.
 */
import type { CellFormat, CellRect, PlanOp } from "../../workbook/model";
import { MAX_AREAS_ADDRESS, height, rectA1, rectRange, width } from "./shared";

/** The style attributes set per group of cells; borders are grouped on their own (see borderRects). */
export const STYLE_KEYS = [
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
export const formatKeys = new WeakMap<CellFormat, string | null>();

export function formatKey(format: CellFormat): string | null {
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
export function verticalRuns(cells: Array<[number, number]>): CellRect[] {
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
export function cellRects(cells: Array<[number, number]>): CellRect[] {
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

/** Office.js's border sides: the four edges, and the lines between cells of a range of several. */
export const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"] as const;

export interface BorderLine {
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

export const THIN: BorderLine = { style: "Continuous", weight: "Thin", color: "#000000" };

export const NO_LINE: BorderLine = { style: "None", weight: "Thin", color: "#000000" };

export function setBorder(border: Excel.RangeBorder, line: BorderLine): void {
  border.style = line.style as Excel.BorderLineStyle;
  if (line.style === "None") return;
  border.weight = line.weight as Excel.BorderWeight;
  border.color = line.color;
}

/**
 * Lines on a range: its four edges, and between its cells (InsideHorizontal/InsideVertical are set
 * only on a range with more than one row/column). `inside` defaults to the edges' lines.
 */
export function applyBorders(
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

export function uniformEdges(line: BorderLine): Record<(typeof EDGES)[number], BorderLine> {
  return { EdgeTop: line, EdgeBottom: line, EdgeLeft: line, EdgeRight: line };
}

/** A loaded format set on a range: what copyFrom(…, "Formats") does where ExcelApi 1.9 is missing. */
export function applyLoadedFormat(range: Excel.Range, rect: CellRect, format: LoadedFormat): void {
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

export interface FormatProbe {
  cell: Excel.Range;
  format: Excel.RangeFormat;
  font: Excel.RangeFont;
  fill: Excel.RangeFill;
  edges: Excel.RangeBorder[];
}

export function probeFormat(cell: Excel.Range): FormatProbe {
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

export function loadedFormat(p: FormatProbe): LoadedFormat {
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

export function sourceKey(sheet: string, cell: { row: number; col: number }): string {
  return `${sheet.toLowerCase()}!${cell.row},${cell.col}`;
}

/** Addresses joined by commas in lists of at most MAX_AREAS_ADDRESS characters (one getRanges call each). */
export function addressChunks(addresses: string[]): string[] {
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

export interface FormatTarget {
  format: Excel.RangeFormat;
}

/** The cells of a style group as few API objects as possible: RangeAreas (ExcelApi 1.9) or one range per run. */
export function formatTargets(ws: Excel.Worksheet, rects: CellRect[], useAreas: boolean): FormatTarget[] {
  if (!useAreas) return rects.map((r) => rectRange(ws, r) as FormatTarget);
  return addressChunks(rects.map(rectA1)).map((address) => ws.getRanges(address) as unknown as FormatTarget);
}

export function capitalised(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

export function applyStyle(target: Excel.RangeFormat, format: CellFormat): void {
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
export function borderRects(
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
