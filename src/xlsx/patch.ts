/**
 * Write a scored workbook by patching the package it was opened from, instead of re-serialising
 * the whole workbook through ExcelJS:
 *
 * - every part the plan does not touch is copied byte for byte (charts, pivot tables, slicers,
 *   comments, Excel 2010+ extensions, row heights, calcPr: nothing ExcelJS drops can be lost);
 * - in the scored sheet only the rows that gain or lose result cells are rebuilt, and only the
 *   cells the plan names are replaced;
 * - the sheets the tool owns (评定汇总, _星级评定) are generated as XML directly;
 * - new cell formats are appended to styles.xml, never changing an existing one.
 *
 * Anything this does not understand (prefixed SpreadsheetML, a cell whose reference names another row,
 * zip64, an op it does not do on a user's sheet…) returns a reason instead of a package, and the
 * caller falls back to ExcelJS, which has its own loss report. It is faster because the parts
 * that change are a fraction of the package and are compressed again alone (zip.ts).
 */
import { posix } from "./part-path";
import {
  rectsOverlap,
  type CellRect,
  type PageSetup,
  type PlanOp,
  type SheetVisibility,
  type WriteValue,
} from "../workbook/model";
import { EXCEL_LAST_COLUMN, EXCEL_LAST_ROW } from "../workbook/writeplan";
import { msg, type Message } from "../messages";
import type { PatchPlace, PatchReason } from "../messages/patch-reasons";
import type { LostContent } from "./adapter";
import {
  AFTER_DEFINED_NAMES,
  freshPrintXml,
  freshSheetPr,
  headWithFitToPage,
  printTitlesFormula,
  tailWithPageSetup,
  withPrintTitles,
  type PrintTitles,
} from "./print";
import { CellTails, cellXml, letter } from "./cell-xml";
import {
  NS_RELATIONSHIPS,
  parseRelationships,
  prefixInScope,
  relsPath,
  resolvePart,
  tagCutInValue,
  unescapeXml,
  xmlAttributes,
  xmlBoolean,
  type Relationship,
} from "./xml";
import { escapeAttribute, hasPlainRoot, setAttribute, unsupported, Unsupported } from "./xml-edit";
import { StyleRegistry } from "./styles";
import { partData, partText } from "./package";
import { xmlFault } from "./well-formed";
import {
  KEEP_STYLE,
  KEEP_VALUE,
  PlannedRows,
  RowWrites,
  addLayer,
  layerRows,
  plannedExtent,
  plannedRow,
  type Layer,
  type PlannedValue,
} from "./planned-cells";
import {
  FORMULA_OPEN,
  ROW_CLOSE,
  cellColumnIn,
  rowNumberOf,
  Refusal,
  RowPatcher,
  nextRowTag,
  parseRange,
  withHeight,
  type PatchNotes,
  type RowPlan,
  type RowTag,
  type RowsPiece,
} from "./patch-rows";
import {
  findSheetData,
  indexOfByte,
  indexOfSeq,
  plainBytes,
  sheetDataStart,
  tagConcernsChecks,
  textAt,
  type SheetDataBytes,
} from "./xml-bytes";

export { Refusal } from "./patch-rows";
import {
  OffloadFailed,
  PartWriter,
  compressEntry,
  currentPartOffload,
  prepareDeflate,
  readZip,
  releaseDeflateMemory,
  zipPieces,
  type ZipBytes,
  type PartOffload,
  type ZipEntry,
} from "./zip";
import { EXCEL_CELL_TEXT_LIMIT } from "./text";

export type PatchResult =
  | {
      ok: true;
      /** The package written, as its pieces (ZipBytes.bytes joins them). */
      zip: ZipBytes;
      /** What the input had that the output may not: macros, in a package written as .xlsx. */
      dropped: LostContent;
    }
  /** Why the package was not patched: the whole workbook is then written anew (or refused). */
  | { ok: false; reason: Message<"PATCH_STEPPED_ASIDE"> };

export interface PatchInput {
  /** The bytes of the file the workbook was opened from. */
  source: Uint8Array;
  ops: readonly PlanOp[];
  /** Stamp for the zip entries (a fixed one makes equal inputs give equal bytes). */
  zipDate: Date;
  /** The document's new "modified" property, when it should change. */
  modified?: Date;
  /** Parts' text already inflated by the reader, to save inflating them again. */
  partText?: (part: string) => string | undefined;
  /** Parts' bytes already inflated by the reader (the scored sheet), to save inflating them again. */
  partBytes?: (part: string) => Uint8Array | undefined;
  /**
   * Whether the reader found a part's rows (in the bytes partBytes gives) free of every tag the
   * patcher's checks look for (xml-bytes.ts tagConcernsChecks): they are then not searched again.
   */
  plainRows?: (part: string) => boolean;
  /** A part's text is not needed again by this write (a patched sheet): the caller may let it go. */
  forgetPartText?: (part: string) => void;
}

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_WORKSHEET = `${NS_RELATIONSHIPS}/worksheet`;
const CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

export async function patchPackage(input: PatchInput): Promise<PatchResult> {
  const offload = currentPartOffload();
  await prepareDeflate();
  try {
    try {
      return { ok: true, ...(await patch(input, offload)) };
    } catch (error) {
      // The CLI's deflate worker stopped: the same package written again, deflated in this thread.
      if (error instanceof OffloadFailed && offload) return { ok: true, ...(await patch(input, null)) };
      throw error;
    }
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.reason };
    throw error;
  } finally {
    releaseDeflateMemory();
  }
}

// ---------------------------------------------------------------------------------------------
// Small XML helpers: the parts we edit are machine-written SpreadsheetML; anything unusual is
// rejected by the checks below rather than guessed at.

function relationships(xml: string | undefined, part: string): Relationship[] {
  if (!xml) return [];
  checkMarkup(xml, { part });
  return parseRelationships(xml);
}

const MARKUP: [string, PatchReason][] = [
  ["<!--", "comment"],
  ["<![CDATA[", "cdata"],
  ["<!DOCTYPE", "doctype"],
  ["<!", "declaration"],
  ["<?", "instruction"],
];

/** The first "<" + `mark` at or after `from`: the rare second character is searched, which is fast. */
function markupAt(xml: string, mark: "!" | "?", from: number): number {
  for (let i = xml.indexOf(mark, from); i >= 0; i = xml.indexOf(mark, i + 1))
    if (i > from && xml.charCodeAt(i - 1) === 0x3c) return i - 1;
  return -1;
}

/**
 * The patcher finds elements by searching text, which is right only where every "<" starts an
 * element: a comment or CDATA section holding "<row r=…>" or "</row>" would steer it (result cells
 * written into a comment, or into a cell's text). Excel never writes these constructs, so a part
 * that has one (after the XML declaration) is left to the ExcelJS writer, whose parser reads them.
 */
function checkMarkup(xml: string, place: PatchPlace): void {
  const declaration = /^\uFEFF?\s*<\?xml\b[^>]*\?>/.exec(xml);
  const from = declaration ? declaration[0].length : 0;
  for (const mark of ["!", "?"] as const) {
    const at = markupAt(xml, mark, from);
    if (at < 0) continue;
    unsupported(MARKUP.find(([token]) => xml.startsWith(token, at))?.[1] ?? "declaration", place);
  }
  // Likewise every ">" must end a tag: one inside an attribute value (XML allows it; Excel writes &gt;)
  // would end the tag the patcher finds there early.
  if (tagCutInValue(xml) >= 0) unsupported("angleInAttribute", place);
}

/**
 * Markup-compatibility wrappers (`<mc:AlternateContent>`) hold alternatives an XML-aware reader
 * chooses between; the patcher does not choose, so the elements it edits must lie outside them.
 * Excel writes them around form controls and OLE objects (after the cells) and around
 * `<x15ac:absPath>` in workbook.xml, never around the cells, columns or sheet list.
 */
function checkOutsideAlternates(xml: string, place: PatchPlace, elements: readonly string[]): void {
  // The native search first: the pattern's optional prefix makes the regex read a large sheet slowly.
  const open = xml.includes("AlternateContent") ? /<(?:[\w.-]+:)?AlternateContent\b/.exec(xml) : null;
  const close = open ? xml.lastIndexOf("AlternateContent>") : -1;
  // One pass over the part for all the names: a 100,000-row sheet is read once, not once per name.
  const found = new Map<string, number[]>(elements.map((name) => [name, []]));
  for (const m of xml.matchAll(new RegExp(`</?(${elements.join("|")})\\b`, "g")))
    found.get(m[1])?.push(m.index);
  for (const name of elements) {
    const at = found.get(name) ?? [];
    if (at.length > 2) unsupported("elementRepeated", { ...place, element: name });
    if (open && at.some((i) => i > open.index && i < close))
      unsupported("elementInAlternate", { ...place, element: name });
  }
}

// ---------------------------------------------------------------------------------------------
// Cells

/** A cell a generated sheet's general path writes (writeFreshSheet). */
interface CellWrite {
  value: PlannedValue;
  /** cellXfs index; KEEP_STYLE writes none. */
  style: number;
}

// ---------------------------------------------------------------------------------------------
// What the plan does to each sheet

interface SheetWork {
  name: string;
  /** The sheet's current part, if it exists in the package. */
  part?: string;
  /** Generated from scratch (the sheet is new or re-created); otherwise the existing XML is patched. */
  fresh: boolean;
  visibility?: SheetVisibility;
  /** A user's sheet: the plan's clear, copyFormat and values ops on it, resolved per row as it is written. */
  layers: Layer[];
  /** A fresh sheet's cells, when it is not written straight from one block of values. */
  cells: Map<number, Map<number, CellWrite>>;
  /**
   * A fresh sheet's values and clear ops, in order. They are laid into `cells` only when needed:
   * the usual owned sheet is one block of values, written straight from the op.
   */
  pending: Extract<PlanOp, { kind: "values" | "clear" | "copyFormat" }>[];
  merges: CellRect[];
  widths: Map<number, number>;
  /** Row heights in points; null gives a row back its automatic height. */
  heights: Map<number, number | null>;
  /** A fresh sheet's cells that took another cell's format (copyFormat): the cellXfs index later formats apply on top of. */
  base: Map<number, Map<number, number>>;
  page?: PageSetup;
}

function newWork(
  name: string,
  part: string | undefined,
  fresh: boolean,
  visibility?: SheetVisibility,
): SheetWork {
  return {
    name,
    part,
    fresh,
    visibility,
    layers: [],
    cells: new Map(),
    pending: [],
    merges: [],
    widths: new Map(),
    heights: new Map(),
    base: new Map(),
  };
}

/** The plan's cells of a row, made when the row has none yet. */
function rowCells(work: SheetWork, row: number): Map<number, CellWrite> {
  let cells = work.cells.get(row);
  if (!cells) work.cells.set(row, (cells = new Map()));
  return cells;
}

/**
 * What the plan now writes to a cell of a generated sheet (its general path; a user's sheet
 * resolves its cells per row from layers, planned-cells.ts). A cell written again keeps its one
 * record, changed in place.
 */
function setCell(cells: Map<number, CellWrite>, col: number, value: PlannedValue, style: number): void {
  const write = cells.get(col);
  if (write) {
    write.value = value;
    write.style = style;
  } else cells.set(col, { value, style });
}

function applyValues(work: SheetWork, op: Extract<PlanOp, { kind: "values" }>, styles: StyleRegistry): void {
  for (let r = 0; r < op.values.length; r++) {
    const row = op.row + r;
    const values = op.values[r];
    const formats = op.formats?.[r];
    // Looked up once per row: a result block is 100,000 rows of a few cells.
    const bases = work.base.size > 0 ? work.base.get(row) : undefined;
    const cells = rowCells(work, row);
    for (let c = 0; c < values.length; c++) {
      // An empty string is an empty cell (Excel itself never stores one).
      const value = values[c] === "" ? null : (values[c] ?? null);
      const format = formats?.[c];
      const base = bases?.get(op.col + c);
      // On a copied format the plan's format applies on top; no format keeps the copied one.
      const style =
        base !== undefined
          ? format
            ? styles.derive(base, format)
            : base
          : format
            ? styles.id(format)
            : op.formats
              ? 0
              : KEEP_STYLE;
      if (value === null && style <= 0) {
        cells.delete(op.col + c);
        continue;
      }
      setCell(cells, op.col + c, value, style);
    }
    if (cells.size === 0) work.cells.delete(row);
  }
}

function applyClear(work: SheetWork, rect: CellRect): void {
  if (rect.left > rect.right) return;
  for (let row = rect.top; row <= rect.bottom; row++) {
    const base = work.base.get(row);
    if (base) for (let col = rect.left; col <= rect.right; col++) base.delete(col);
    const cells = work.cells.get(row);
    if (cells) for (let col = rect.left; col <= rect.right; col++) cells.delete(col);
  }
}

/**
 * copyFormat: the cells of `to` take the format `style` (the source cell's cellXfs index), values
 * kept; the formats of later values ops on them apply on top (applyValues).
 */
function applyCopyFormat(work: SheetWork, to: CellRect, style: number): void {
  if (to.left > to.right) return;
  for (let row = to.top; row <= to.bottom; row++) {
    let base = work.base.get(row);
    if (!base) work.base.set(row, (base = new Map()));
    const cells = rowCells(work, row);
    for (let col = to.left; col <= to.right; col++) {
      base.set(col, style);
      const existing = cells.get(col);
      if (existing) existing.style = style;
      else cells.set(col, { value: KEEP_VALUE, style });
    }
  }
}

/** The start tag of row `row` in a sheet's bytes, its number read as the patcher reads it (rowNumberOf). */
function rowTagOf(b: Uint8Array, row: number, sheet: string): RowTag | null {
  let number = 0;
  for (let tag = nextRowTag(b, 0, b.length); tag; tag = nextRowTag(b, tag.gt + 1, b.length)) {
    number = rowNumberOf(tag.text, number, sheet);
    if (number === row) return tag;
    if (number > row) return null;
  }
  return null;
}

const CELL_START = /<c\b[^>]*>/g;

/** The start tag of the cell in column `col` among row `row`'s cells, read as the patcher reads them (cellColumnIn). */
function cellTagIn(body: string, row: number, col: number): string | null {
  let at = 0;
  for (const m of body.matchAll(CELL_START)) {
    at = cellColumnIn(m[0], at, row);
    if (at === col) return m[0];
    if (at === 0 || at > col) return null;
  }
  return null;
}

/** The format a cell shows in a sheet's XML: its own, else its row's (customFormat), else its column's. */
function styleInSheet(xml: Uint8Array, row: number, col: number, sheet: string): number {
  const asIndex = (text: string | undefined) => {
    const n = Number(text ?? 0);
    return Number.isInteger(n) && n >= 0 ? n : 0;
  };
  const rowTag = rowTagOf(xml, row, sheet);
  if (rowTag) {
    if (!rowTag.selfClosing) {
      const from = rowTag.gt + 1;
      const close = indexOfSeq(xml, ROW_CLOSE, from);
      const body = textAt(xml, from, close < 0 ? xml.length - 1 : close);
      const cell = cellTagIn(body, row, col);
      if (cell) return asIndex(xmlAttributes(cell).get("s"));
    }
    const a = xmlAttributes(rowTag.text);
    if (xmlBoolean(a.get("customFormat"))) return asIndex(a.get("s"));
  }
  const sheetData = sheetDataStart(xml);
  const cols = /<cols\b[^>]*>([\s\S]*?)<\/cols>/.exec(
    textAt(xml, 0, sheetData < 0 ? xml.length - 1 : sheetData),
  );
  for (const m of cols?.[1].matchAll(/<col\b[^>]*>/g) ?? []) {
    const a = xmlAttributes(m[0]);
    if (Number(a.get("min")) <= col && col <= Number(a.get("max"))) return asIndex(a.get("style"));
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Generating an owned sheet

function dimension(work: SheetWork): string {
  let maxRow = 0;
  let maxCol = 0;
  for (const [row, cells] of work.cells) {
    if (cells.size === 0) continue;
    maxRow = Math.max(maxRow, row);
    for (const col of cells.keys()) maxCol = Math.max(maxCol, col);
  }
  for (const m of work.merges) {
    maxRow = Math.max(maxRow, m.bottom);
    maxCol = Math.max(maxCol, m.right);
  }
  return maxRow === 0 ? "A1" : `A1:${letter(maxCol)}${maxRow}`;
}

function colsXml(widths: Map<number, number>, extra: string[] = []): string {
  const items = [...widths]
    .sort((a, b) => a[0] - b[0])
    .map(([col, width]) => `<col min="${col}" max="${col}" width="${width}" customWidth="1"/>`);
  return items.length + extra.length > 0 ? `<cols>${[...items, ...extra].join("")}</cols>` : "";
}

const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_RELATIONSHIPS}">`;

function sheetHead(work: SheetWork, dimensionRef: string): string {
  return (
    SHEET_START +
    freshSheetPr(work.page) +
    `<dimension ref="${dimensionRef}"/><sheetFormatPr defaultRowHeight="15"/>` +
    colsXml(work.widths) +
    "<sheetData>"
  );
}

function sheetTail(work: SheetWork): string {
  let out = "</sheetData>";
  if (work.merges.length > 0) {
    out += `<mergeCells count="${work.merges.length}">`;
    for (const m of work.merges)
      out += `<mergeCell ref="${letter(m.left)}${m.top}:${letter(m.right)}${m.bottom}"/>`;
    out += "</mergeCells>";
  }
  return out + freshPrintXml(work.page) + "</worksheet>";
}

/** A generated row's start tag, with its height when the plan sets one. */
function rowStart(work: SheetWork, row: number): string {
  return work.heights.size > 0 ? withHeight(`<row r="${row}">`, work.heights.get(row)) : `<row r="${row}">`;
}

/** What each cell of a block of values is written with (r, c: offsets in the block). */
interface BlockCells {
  value(r: number, c: number): WriteValue;
  style(r: number, c: number): number;
}

/** A block's cells: a merged range holds its top-left value alone and shows its format throughout, as Excel writes it. */
function blockCells(
  work: SheetWork,
  op: Extract<PlanOp, { kind: "values" }>,
  styles: StyleRegistry,
): BlockCells {
  const styleAt = (r: number, c: number): number => {
    const format = op.formats?.[r]?.[c];
    return format ? styles.id(format) : 0;
  };
  // The merges lie inside the block (writeFreshSheet checks): their hidden cells by the block's
  // row (r) and column (c), in an array, so that a row without merges costs one index per cell.
  const slaves: Map<number, number>[] = [];
  for (const m of work.merges) {
    const style = styleAt(m.top - op.row, m.left - op.col);
    for (let row = m.top; row <= m.bottom; row++) {
      const cols = (slaves[row - op.row] ??= new Map());
      for (let col = m.left; col <= m.right; col++)
        if (row !== m.top || col !== m.left) cols.set(col - op.col, style);
    }
  }
  const valueAt = (r: number, c: number): WriteValue => {
    const value = op.values[r][c];
    return value === "" ? null : (value ?? null);
  };
  // The usual block has no merges: no lookups per cell.
  if (slaves.length === 0) return { value: valueAt, style: styleAt };
  return {
    value: (r, c) => (slaves[r]?.has(c) ? null : valueAt(r, c)),
    style: (r, c) => slaves[r]?.get(c) ?? styleAt(r, c),
  };
}

/** The range a block's cells and merges use ("A1:…"), "A1" when they use none: the sheet's <dimension>. */
function blockDimension(work: SheetWork, op: Extract<PlanOp, { kind: "values" }>, cells: BlockCells): string {
  let maxRow = 0;
  let maxCol = 0;
  for (let r = 0; r < op.values.length; r++) {
    // From the row's end: its last cell that is written is its widest.
    for (let c = op.values[r].length - 1; c >= 0; c--) {
      if (cells.value(r, c) === null && cells.style(r, c) <= 0) continue;
      maxRow = op.row + r;
      maxCol = Math.max(maxCol, op.col + c);
      break;
    }
  }
  for (const m of work.merges) {
    maxRow = Math.max(maxRow, m.bottom);
    maxCol = Math.max(maxCol, m.right);
  }
  return maxRow === 0 ? "A1" : `A1:${letter(maxCol)}${maxRow}`;
}

/**
 * An owned sheet written by one block of values with its merges inside the block (the summary, the
 * settings): rows straight from the op, no cell map. Same cells as the general path below. Rows are
 * written as they are made, not held (a 公示名单 of 100,000 branches): the dimension, which comes
 * first, is found by a pass that writes nothing.
 */
function writeBlockSheet(
  work: SheetWork,
  op: Extract<PlanOp, { kind: "values" }>,
  styles: StyleRegistry,
  out: PartWriter,
): void {
  const cells = blockCells(work, op, styles);
  const tails = new CellTails();
  out.write(sheetHead(work, blockDimension(work, op, cells)));
  for (let r = 0; r < op.values.length; r++) {
    const row = op.row + r;
    const rowText = String(row);
    let line = "";
    for (let c = 0; c < op.values[r].length; c++) {
      const value = cells.value(r, c);
      const style = cells.style(r, c);
      if (value === null && style <= 0) continue;
      line += tails.cell(op.col + c, rowText, Math.max(style, 0), value);
    }
    if (line) out.write(rowStart(work, row) + line + "</row>");
    else if (work.heights.has(row)) out.write(rowStart(work, row).replace(/>$/, "/>"));
  }
  out.write(sheetTail(work));
}

/** The smallest XML of a written number and text cell (`<c r="A1"><v>0</v></c>`, `…t="inlineStr"><is><t></t></is></c>`). */
const LEAST_NUMBER_CELL_BYTES = 22;
const LEAST_TEXT_CELL_BYTES = 44;

/** Rows of a values op looked at for leastSheetBytes: evenly spaced, the whole op when it has fewer. */
const SAMPLED_ROWS = 1024;

/** A row's values at their smallest cells, with their text (clipped as cell-xml.ts clips it). */
function leastRowBytes(line: readonly WriteValue[]): number {
  let bytes = 0;
  for (let c = 0; c < line.length; c++) {
    const v = line[c];
    if (typeof v === "string") {
      if (v !== "") bytes += LEAST_TEXT_CELL_BYTES + Math.min(v.length, EXCEL_CELL_TEXT_LIMIT - 1);
    } else if (v !== null && v !== undefined) bytes += LEAST_NUMBER_CELL_BYTES;
  }
  return bytes;
}

/**
 * About the bytes a fresh sheet's XML written from `ops` has at least: each value's cell at its
 * smallest, with its text (a UTF-16 unit is a byte or more), from SAMPLED_ROWS rows of each op
 * (looking at all took ~20–30 ms at 100,000 rows, mostly before V8 optimised the loop). Past
 * FAST_DEFLATE_BYTES the part goes to the offload from its first bytes, instead of ~8 MB being
 * collected here and copied over (a 评定核查 of 100,000 rows). Only where the part is deflated
 * depends on it, never its bytes.
 */
export function leastSheetBytes(ops: readonly PlanOp[]): number {
  let bytes = 0;
  for (const op of ops) {
    if (op.kind !== "values") continue;
    const lines = op.values;
    const step = Math.max(1, Math.ceil(lines.length / SAMPLED_ROWS));
    let sampled = 0;
    let sampledBytes = 0;
    // One row of each `step`, at a place that varies from step to step (Knuth's multiplicative
    // hash): rows that repeat a pattern (every 5th row flagged) are not seen at one phase only.
    for (let from = 0; from < lines.length; from += step, sampled++) {
      const r = Math.min(lines.length - 1, from + ((Math.imul(sampled, 2654435761) >>> 0) % step));
      sampledBytes += leastRowBytes(lines[r]!);
    }
    if (sampled > 0) bytes += Math.round((sampledBytes * lines.length) / sampled);
  }
  return bytes;
}

/** A sheet the tool owns, generated whole from the plan's ops into `out`. */
function writeFreshSheet(work: SheetWork, styles: StyleRegistry, out: PartWriter): void {
  const only = work.pending.length === 1 ? work.pending[0] : null;
  if (only?.kind === "values") {
    const block: CellRect = {
      top: only.row,
      left: only.col,
      bottom: only.row + only.values.length - 1,
      // A loop, not Math.max(...): a summary of 100,000 branches has more rows than a call takes arguments.
      right: only.col + only.values.reduce((w, r) => Math.max(w, r.length), 0) - 1,
    };
    const inside = (m: CellRect) =>
      m.top >= block.top && m.bottom <= block.bottom && m.left >= block.left && m.right <= block.right;
    const heightsInside = [...work.heights.keys()].every((r) => r >= block.top && r <= block.bottom);
    if (work.merges.every(inside) && heightsInside) return writeBlockSheet(work, only, styles, out);
  }
  for (const op of work.pending) {
    if (op.kind === "values") applyValues(work, op, styles);
    else if (op.kind === "clear") applyClear(work, op.rect);
    else {
      const source = work.cells.get(op.from.row)?.get(op.from.col)?.style ?? 0;
      applyCopyFormat(work, op.to, Math.max(source, 0));
    }
  }
  // A merged range shows its top-left cell's format across the whole range, as Excel writes it.
  for (const m of work.merges) {
    const master = work.cells.get(m.top)?.get(m.left);
    const style = master && master.style > 0 ? master.style : 0;
    for (let row = m.top; row <= m.bottom; row++)
      for (let col = m.left; col <= m.right; col++) {
        if (row === m.top && col === m.left) continue;
        if (style > 0) setCell(rowCells(work, row), col, null, style);
        else work.cells.get(row)?.delete(col);
      }
  }
  out.write(sheetHead(work, dimension(work)));
  const rows = [...new Set([...work.cells.keys(), ...work.heights.keys()])].sort((a, b) => a - b);
  for (const row of rows) {
    const cells = work.cells.get(row) ?? new Map<number, CellWrite>();
    if (cells.size === 0) {
      if (work.heights.has(row)) out.write(rowStart(work, row).replace(/>$/, "/>"));
      continue;
    }
    let line = rowStart(work, row);
    const cols = [...cells.keys()].sort((a, b) => a - b);
    for (const col of cols) {
      const cell = cells.get(col) as CellWrite;
      line += cellXml(letter(col) + row, cell.style, cell.value);
    }
    out.write(line + "</row>");
  }
  out.write(sheetTail(work));
}

// ---------------------------------------------------------------------------------------------
// Patching a user's sheet

/** A sheet's XML cut around its rows: up to and including `<sheetData>`, the rows (bytes), the rest. */
interface SheetDataCut {
  head: string;
  bodyStart: number;
  bodyEnd: number;
  tail: string;
}

function cutSheetData(found: SheetDataBytes): SheetDataCut {
  return {
    head: found.before + "<sheetData>",
    bodyStart: found.start,
    bodyEnd: found.end,
    tail: found.selfClosing ? "</sheetData>" + found.after : found.after,
  };
}

/**
 * Whether the rows b[from, to) hold a tag the part's checks look for (xml-bytes.ts
 * tagConcernsChecks). Machine-written rows hold none: the checks then read the XML around the rows
 * only, which says the same as reading all of it.
 */
function rowsNeedWholeChecks(b: Uint8Array, from: number, to: number): boolean {
  for (let lt = indexOfByte(b, 60, from, to); lt >= 0; lt = indexOfByte(b, 60, lt + 1, to))
    if (tagConcernsChecks(b, lt, to)) return true;
  return false;
}

/**
 * A user's sheet checked as patchable (checkMarkup, a plain root, checkOutsideAlternates) and cut
 * around its rows. The checks read the XML around the rows when the rows hold nothing they look
 * for, else the whole part's text: a large sheet is not decoded for them.
 */
function checkedSheetCut(
  xml: Uint8Array,
  work: SheetWork,
  elements: readonly string[],
  rowsArePlain: boolean,
): SheetDataCut {
  const place = sheetPlace(work);
  const found = findSheetData(xml);
  const around = found && found.before + textAt(xml, found.open, found.start) + found.after;
  // The reader's scan of these bytes may already have found their rows plain (PatchInput.plainRows).
  const whole =
    !found ||
    around === null ||
    around.includes("AlternateContent") ||
    (!rowsArePlain && rowsNeedWholeChecks(xml, found.start, found.end));
  const text = whole ? textAt(xml, 0, xml.length) : around;
  checkMarkup(text, place);
  if (!hasPlainRoot(text, "worksheet")) unsupported("notPlain", place);
  checkOutsideAlternates(text, place, elements);
  if (found) return cutSheetData(found);
  const open = sheetDataStart(xml);
  if (open < 0 || indexOfByte(xml, 62, open) < 0)
    unsupported("elementMissing", { ...place, element: "sheetData" });
  unsupported("elementUnclosed", { ...place, element: "sheetData" });
}

function patchMerges(xml: string, work: SheetWork): string {
  const block = /<mergeCells\b[^>]*>([\s\S]*?)<\/mergeCells>/.exec(xml);
  if (!block) return xml;
  const kept: string[] = [];
  let removed = false;
  for (const m of block[1].matchAll(/<mergeCell\b[^>]*\/>/g)) {
    const rect = parseRange(xmlAttributes(m[0]).get("ref") ?? "");
    if (rect && writesInsideMerge(work, rect)) removed = true;
    else kept.push(m[0]);
  }
  if (!removed) return xml;
  const replacement =
    kept.length > 0 ? `<mergeCells count="${kept.length}">${kept.join("")}</mergeCells>` : "";
  return xml.slice(0, block.index) + replacement + xml.slice(block.index + block[0].length);
}

function patchCols(xml: string, widths: Map<number, number>): string {
  if (widths.size === 0) return xml;
  const block = /<cols\b[^>]*>([\s\S]*?)<\/cols>/.exec(xml);
  if (!block) {
    const at = xml.search(/<sheetData\b/);
    return xml.slice(0, at) + colsXml(widths) + xml.slice(at);
  }
  type Col = { min: number; max: number; tag: string };
  let cols: Col[] = [];
  for (const m of block[1].matchAll(/<col\b[^>]*?(?:\/>|>\s*<\/col>)/g)) {
    const tag = m[0].replace(/>\s*<\/col>$/, "/>");
    const a = xmlAttributes(tag);
    const min = Number(a.get("min"));
    const max = Number(a.get("max"));
    if (!Number.isInteger(min) || !Number.isInteger(max)) unsupported("columnWithoutRange");
    cols.push({ min, max, tag });
  }
  for (const [col, width] of widths) {
    const next: Col[] = [];
    let covered = false;
    for (const c of cols) {
      if (col < c.min || col > c.max) {
        next.push(c);
        continue;
      }
      covered = true;
      const range = (min: number, max: number, tag: string): Col => ({
        min,
        max,
        tag: setAttribute(setAttribute(tag, "min", String(min)), "max", String(max)),
      });
      if (c.min < col) next.push(range(c.min, col - 1, c.tag));
      next.push(
        range(col, col, setAttribute(setAttribute(c.tag, "width", String(width)), "customWidth", "1")),
      );
      if (col < c.max) next.push(range(col + 1, c.max, c.tag));
    }
    if (!covered)
      next.push({
        min: col,
        max: col,
        tag: `<col min="${col}" max="${col}" width="${width}" customWidth="1"/>`,
      });
    cols = next.sort((a, b) => a.min - b.min);
  }
  const open = block[0].slice(0, block[0].indexOf(">") + 1);
  return (
    xml.slice(0, block.index) +
    open +
    cols.map((c) => c.tag).join("") +
    "</cols>" +
    xml.slice(block.index + block[0].length)
  );
}

/** Whether the plan writes a value into `rect` other than on its top-left cell. */
function writesInsideMerge(work: SheetWork, rect: CellRect): boolean {
  const writes = new RowWrites();
  for (let row = rect.top; row <= rect.bottom; row++) {
    plannedRow(work.layers, row, writes);
    for (let i = 0; i < writes.size; i++) {
      const col = writes.cols[i];
      const value = writes.values[i];
      if (col < rect.left || col > rect.right || value === null || value === KEEP_VALUE) continue;
      if (row !== rect.top || col !== rect.left) return true;
    }
  }
  return false;
}

/** What the plan does to a user's sheet's rows, from its layers. */
function layerPlan(work: SheetWork): RowPlan {
  const planned = new PlannedRows(work.layers);
  return {
    sheet: work.name,
    // The rows the plan writes cells in or sets the height of, in order.
    changed: layerRows(work.layers, work.heights.keys()),
    at: (row) => planned.at(row),
    row: (row, into) => plannedRow(work.layers, row, into),
    height: (row) => work.heights.get(row),
  };
}

function patchDimension(xml: string, work: SheetWork): string {
  const m = /<dimension\b[^>]*\/>/.exec(xml);
  if (!m) return xml;
  const rect = parseRange(xmlAttributes(m[0]).get("ref") ?? "");
  if (!rect) return xml;
  const planned = plannedExtent(work.layers);
  const bottom = Math.max(rect.bottom, planned.bottom);
  const right = Math.max(rect.right, planned.right);
  const ref = `${letter(rect.left)}${rect.top}:${letter(right)}${bottom}`;
  return xml.slice(0, m.index) + setAttribute(m[0], "ref", ref) + xml.slice(m.index + m[0].length);
}

/** A user's sheet with the plan's cells, widths and page setup, written into `out`. */
function writeUserSheet(
  xml: Uint8Array,
  work: SheetWork,
  rowsArePlain: boolean,
  notes: PatchNotes,
  out: PartWriter,
): void {
  try {
    patchUserSheet(xml, work, rowsArePlain, notes, out);
  } catch (error) {
    // The page setup and column edits do not know their sheet: the note names it.
    throw error instanceof Unsupported ? error.at(sheetPlace(work)) : error;
  }
}

/** Where a user's sheet is, for the reason the patcher steps aside: its name and its part. */
function sheetPlace(work: SheetWork): PatchPlace {
  return { sheet: work.name, ...(work.part ? { part: work.part } : {}) };
}

function patchUserSheet(
  xml: Uint8Array,
  work: SheetWork,
  rowsArePlain: boolean,
  notes: PatchNotes,
  out: PartWriter,
): void {
  const printing = work.page ? ["sheetPr", "printOptions", "pageMargins", "pageSetup", "headerFooter"] : [];
  const elements = ["dimension", "cols", "sheetData", "mergeCells", ...printing];
  const cut = checkedSheetCut(xml, work, elements, rowsArePlain);
  // The schema orders dimension and cols before sheetData and mergeCells after it; the rows are
  // deflated as they are patched (zip.ts PartWriter), never joined into one string.
  let head = patchDimension(patchCols(cut.head, work.widths), work);
  let tail = patchMerges(cut.tail, work);
  if (work.page) {
    head = headWithFitToPage(head, work.page);
    tail = tailWithPageSetup(tail, work.page);
  }
  out.write(head);
  const emit = (piece: RowsPiece) => (typeof piece === "string" ? out.write(piece) : out.writeBytes(piece));
  new RowPatcher(xml, cut.bodyStart, cut.bodyEnd, layerPlan(work), notes, emit, rowsArePlain).run();
  out.write(tail);
}

// ---------------------------------------------------------------------------------------------
// The package

interface WorkbookSheet {
  name: string;
  tag: string;
  part?: string;
}

/** The package being patched: what was read from it, and what has changed so far. */
interface PackageEdit {
  input: PatchInput;
  entries: ZipEntry[];
  byName: Map<string, ZipEntry>;
  /** A part's text, inflated once. */
  text: (part: string) => string | undefined;
  /** A part's bytes, inflated once (a user's sheet: its rows are patched as bytes, never decoded whole). */
  bytes: (part: string) => Uint8Array | undefined;
  /** A part's text let go (a patched sheet: at 100,000 rows 33 MB the rest of the write can use). */
  forget: (part: string) => void;
  rootRels: Relationship[];
  workbookPart: string;
  workbookXml: string;
  workbookRelsPart: string;
  workbookRelsXml: string;
  /** The workbook's relationships (new sheets are added). */
  rels: Relationship[];
  /**
   * The prefix workbook.xml gives the relationships namespace for what `<sheets>` holds ("r"), or
   * null when only each `<sheet>` declares its own (openpyxl): a new one then declares it too.
   */
  rPrefix: string | null;
  /** The `<sheets>` element as read; `sheetsXml` is its content as it becomes. */
  sheetsBlock: RegExpExecArray;
  sheetsXml: string;
  sheets: WorkbookSheet[];
  stylesPart: string;
  styles: StyleRegistry;
  contentTypes: string;
  /** Changed parts: text compressed when the zip is built, or entries compressed as written (sheets). */
  changed: Map<string, string | ZipEntry | Promise<ZipEntry>>;
  deleted: Set<string>;
  notes: PatchNotes;
}

async function patch(
  input: PatchInput,
  offload: PartOffload | null,
): Promise<Omit<Extract<PatchResult, { ok: true }>, "ok">> {
  const edit = openPackage(input);
  const works = replayPlan(input.ops, edit.sheets, (name) => findSheet(edit, name), edit.styles, edit.bytes);
  const recreatedParts = writeSheets(edit, works, offload);
  const macroParts = dropMacros(edit);
  edit.contentTypes = asXlsxWorkbook(edit.contentTypes, edit.workbookPart);
  if (recreatedParts.length > 0) dropOrphanedParts(edit, recreatedParts);
  dropStaleCalcChain(edit);
  finishWorkbookParts(edit, works);
  const dropped: LostContent =
    macroParts.length > 0
      ? { parts: macroParts, what: [msg("LOST_KIND", { kind: "macros" })] }
      : NOTHING_DROPPED;
  return { zip: await assembleZip(edit), dropped };
}

/** Parts read once each (as text or as bytes) and kept until forgotten. */
function partCache<T>(
  byName: ReadonlyMap<string, ZipEntry>,
  read: (name: string, entry: ZipEntry) => T,
): { get(name: string): T | undefined; forget(name: string): void } {
  const kept = new Map<string, T>();
  return {
    get(name) {
      let value = kept.get(name);
      if (value === undefined) {
        const entry = byName.get(name);
        if (!entry) return undefined;
        value = read(name, entry);
        kept.set(name, value);
      }
      return value;
    },
    forget: (name) => void kept.delete(name),
  };
}

/** Read the package's zip, its workbook, the workbook's relationships, sheets and styles. */
function openPackage(input: PatchInput): PackageEdit {
  const entries = readZip(input.source);
  if (!entries) unsupported("zipFeatures");
  // Some zip tools write "/xl/workbook.xml": no part is where the package's relationships point.
  const rooted = entries.find((e) => e.name.startsWith("/"));
  if (rooted) unsupported("rootedPartNames", { part: rooted.name });
  const byName = new Map(entries.map((e) => [e.name, e]));
  const texts = partCache(byName, (name, entry) => input.partText?.(name) ?? partText(entry));
  const kept = partCache(byName, (name, entry) => plainBytes(input.partBytes?.(name) ?? partData(entry)));
  const text = (name: string): string | undefined => texts.get(name);
  const bytes = (name: string): Uint8Array | undefined => kept.get(name);
  const forget = (name: string): void => {
    texts.forget(name);
    kept.forget(name);
    input.forgetPartText?.(name);
  };
  const rootRels = relationships(text("_rels/.rels"), "_rels/.rels");
  const officeDocument = rootRels.find((r) => r.type.endsWith("/officeDocument") && !r.external);
  if (!officeDocument) unsupported("noWorkbookPart");
  const workbookPart = resolvePart("", officeDocument.target);
  const workbookXml = text(workbookPart);
  if (!workbookXml || !hasPlainRoot(workbookXml, "workbook")) unsupported("notPlain", { part: workbookPart });
  checkMarkup(workbookXml, { part: workbookPart });
  checkOutsideAlternates(workbookXml, { part: workbookPart }, ["sheets", "calcPr"]);
  const workbookRelsPart = relsPath(workbookPart);
  const workbookRelsXml = text(workbookRelsPart);
  if (!workbookRelsXml) unsupported("noWorkbookRelationships");
  const rels = relationships(workbookRelsXml, workbookRelsPart);
  const rootTag = /<workbook\b[^>]*>/.exec(workbookXml)?.[0] ?? "";
  const sheetsBlock = /<sheets\b[^>]*>([\s\S]*?)<\/sheets>/.exec(workbookXml);
  if (!sheetsBlock) unsupported("noSheetList");
  const sheetsTag = /^<sheets\b[^>]*>/.exec(sheetsBlock[0])![0];
  const rPrefix = prefixInScope(NS_RELATIONSHIPS, [rootTag, sheetsTag]) ?? null;
  const sheets = listSheets(sheetsBlock[1], rels, [rootTag, sheetsTag], workbookPart);
  if (sheets.every((s) => s.part === undefined) && !rPrefix) unsupported("noRelationshipsNamespace");
  const contentTypes = text("[Content_Types].xml");
  if (!contentTypes) unsupported("noContentTypes");
  checkMarkup(contentTypes, { part: "[Content_Types].xml" });
  const edit: PackageEdit = {
    input,
    entries,
    byName,
    text,
    bytes,
    forget,
    rootRels,
    workbookPart,
    workbookXml,
    workbookRelsPart,
    workbookRelsXml,
    rels,
    rPrefix,
    sheetsBlock,
    sheetsXml: sheetsBlock[1],
    sheets,
    ...openStyles(rels, workbookPart, text),
    contentTypes,
    changed: new Map(),
    deleted: new Set(),
    notes: { formulasRemoved: false },
  };
  if (!edit.stylesPart) addStylesPart(edit);
  return edit;
}

/** The workbook's `<sheet>` entries with the worksheet part each one names (`ancestors`: their enclosing start tags). */
function listSheets(
  sheetsXml: string,
  rels: readonly Relationship[],
  ancestors: readonly string[],
  workbookPart: string,
): WorkbookSheet[] {
  const sheets: WorkbookSheet[] = [];
  for (const m of sheetsXml.matchAll(/<sheet\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    const rPrefix = prefixInScope(NS_RELATIONSHIPS, [...ancestors, m[0]]);
    const rel = rPrefix === undefined ? undefined : rels.find((r) => r.id === a.get(`${rPrefix}:id`));
    sheets.push({
      name: unescapeXml(a.get("name") ?? ""),
      tag: m[0],
      part:
        rel && !rel.external && rel.type === REL_WORKSHEET
          ? resolvePart(workbookPart, rel.target)
          : undefined,
    });
  }
  return sheets;
}

/**
 * The styles of a workbook written without a styles part (some generators leave it out; its cells
 * then show the application's defaults): Excel's own defaults, which the result cells' formats are
 * added to. One font (Calibri 11), the two fills Excel requires first, one border, the Normal style.
 */
const NEW_STYLESHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";
const REL_STYLES = `${NS_RELATIONSHIPS}/styles`;
const CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";

/**
 * The workbook's styles; `stylesPart` is "" when it has none (the part is added: addStylesPart). A
 * styles relationship whose part is missing is a damaged package, not a workbook without styles.
 */
function openStyles(
  rels: readonly Relationship[],
  workbookPart: string,
  text: (part: string) => string | undefined,
): { stylesPart: string; styles: StyleRegistry } {
  const stylesRel = rels.find((r) => r.type.endsWith("/styles") && !r.external);
  if (!stylesRel) return { stylesPart: "", styles: new StyleRegistry(NEW_STYLESHEET) };
  const stylesPart = resolvePart(workbookPart, stylesRel.target);
  const stylesXml = text(stylesPart);
  if (!stylesXml) unsupported("noStyles");
  checkMarkup(stylesXml, { part: stylesPart });
  checkOutsideAlternates(stylesXml, { part: stylesPart }, ["numFmts", "fonts", "fills", "cellXfs"]);
  return { stylesPart, styles: new StyleRegistry(stylesXml, stylesPart) };
}

/** A relationship id the workbook's relationships do not use yet ("rId" and a number, as Excel writes them). */
function newRelationshipId(edit: PackageEdit): string {
  const ids = new Set(edit.rels.map((r) => r.id));
  let idNumber = edit.rels.length + 1;
  while (ids.has(`rId${idNumber}`)) idNumber++;
  return `rId${idNumber}`;
}

/** A new part related to the workbook: its relationship and its content type. */
function relateNewPart(edit: PackageEdit, part: string, type: string, contentType: string): string {
  const id = newRelationshipId(edit);
  edit.rels.push({ id, type, target: "", external: false });
  const target = posix.relative(posix.dirname(edit.workbookPart), part);
  edit.workbookRelsXml = edit.workbookRelsXml.replace(
    /<\/Relationships>\s*$/,
    `<Relationship Id="${id}" Type="${type}" Target="${target}"/></Relationships>`,
  );
  edit.contentTypes = edit.contentTypes.replace(
    /<\/Types>\s*$/,
    `<Override PartName="/${part}" ContentType="${contentType}"/></Types>`,
  );
  return id;
}

/** The styles part of a workbook that had none, beside the workbook part (written with the other parts). */
function addStylesPart(edit: PackageEdit): void {
  const dir = posix.dirname(edit.workbookPart);
  const used = (p: string) => edit.byName.has(p) || edit.changed.has(p);
  let part = posix.join(dir, "styles.xml");
  for (let n = 2; used(part); n++) part = posix.join(dir, `styles${n}.xml`);
  relateNewPart(edit, part, REL_STYLES, CT_STYLES);
  edit.stylesPart = part;
  edit.changed.set(part, edit.styles.toXml());
}

function findSheet(edit: PackageEdit, name: string): WorkbookSheet | undefined {
  const { sheets } = edit;
  return (
    sheets.find((s) => s.name === name) ?? sheets.find((s) => s.name.toLowerCase() === name.toLowerCase())
  );
}

/** The parts reached from `starts` through relationships (their .rels parts too), not entering `blocked`. */
function reach(edit: PackageEdit, starts: string[], blocked: readonly string[] = []): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const part = queue.pop() as string;
    if (seen.has(part) || blocked.includes(part)) continue;
    seen.add(part);
    if (edit.byName.has(relsPath(part))) seen.add(relsPath(part));
    for (const r of relationships(edit.text(relsPath(part)), relsPath(part)))
      if (!r.external) queue.push(resolvePart(part, r.target));
  }
  return seen;
}

function dropPart(edit: PackageEdit, part: string): void {
  edit.deleted.add(part);
  const escaped = part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  edit.contentTypes = edit.contentTypes.replace(
    new RegExp(`<Override\\b[^>]*\\sPartName\\s*=\\s*["']/${escaped}["'][^>]*(?:/>|>\\s*</Override>)`),
    "",
  );
}

/**
 * Every sheet the plan touches, written: owned sheets generated, users' sheets patched, each
 * deflated as it is written (large ones by `offload`, in the CLI a worker thread). Returns the parts
 * of owned sheets that were re-created in place.
 */
function writeSheets(
  edit: PackageEdit,
  works: ReadonlyMap<string, SheetWork>,
  offload: PartOffload | null,
): string[] {
  const recreatedParts: string[] = [];
  for (const work of works.values()) {
    const sheet = findSheet(edit, work.name) as WorkbookSheet;
    if (work.fresh) {
      if (sheet.part) {
        // A formula a user typed into an owned sheet goes with it. Looked for in its bytes: the
        // sheet is as long as the list of branches, and is not read again once replaced.
        const old = edit.bytes(sheet.part);
        if (old && indexOfSeq(old, FORMULA_OPEN, 0) >= 0) edit.notes.formulasRemoved = true;
        edit.forget(sheet.part);
        recreatedParts.push(sheet.part);
      } else addSheetPart(edit, work, sheet);
      const out = new PartWriter(sheet.part as string, offload, leastSheetBytes(work.pending));
      writing(out, () => writeFreshSheet(work, edit.styles, out));
      edit.changed.set(out.name, out.finish());
    } else {
      const xml = edit.bytes(work.part as string);
      if (xml === undefined) unsupported("sheetPartMissing", sheetPlace(work));
      // About its source's length or more (a patched sheet keeps its cells and adds the results).
      const out = new PartWriter(work.part as string, offload, xml.length);
      const plain = edit.input.plainRows?.(work.part as string) ?? false;
      writing(out, () => writeUserSheet(xml, work, plain, edit.notes, out));
      edit.forget(work.part as string);
      edit.changed.set(out.name, out.finish());
    }
    if (work.visibility) {
      const state = work.visibility === "visible" ? null : work.visibility;
      const tag = setAttribute(sheet.tag, "state", state);
      edit.sheetsXml = edit.sheetsXml.replace(sheet.tag, tag);
      sheet.tag = tag;
    }
  }
  return recreatedParts;
}

/** `write` into `out`; when it throws, `out` is dropped (a worker forgets what it was sent). */
function writing(out: PartWriter, write: () => void): void {
  try {
    write();
  } catch (error) {
    out.abort();
    throw error;
  }
}

/** A new sheet's part, relationship, `<sheet>` entry and content type. */
function addSheetPart(edit: PackageEdit, work: SheetWork, sheet: WorkbookSheet): void {
  const used = (p: string) => edit.byName.has(p) || edit.changed.has(p);
  let n = edit.sheets.length;
  while (used(`xl/worksheets/sheet${n}.xml`)) n++;
  const part = `xl/worksheets/sheet${n}.xml`;
  const id = relateNewPart(edit, part, REL_WORKSHEET, CT_WORKSHEET);
  const sheetIds = [...edit.sheetsXml.matchAll(/\ssheetId\s*=\s*(["'])(\d+)\1/g)].map((m) => Number(m[2]));
  const sheetId = Math.max(0, ...sheetIds) + 1;
  // Where only each <sheet> declares the relationships prefix (openpyxl), the new one declares it too.
  const declared = edit.rPrefix === null ? ` xmlns:r="${NS_RELATIONSHIPS}"` : "";
  const ref = `${edit.rPrefix ?? "r"}:id="${id}"`;
  sheet.tag = `<sheet${declared} name="${escapeAttribute(work.name)}" sheetId="${sheetId}" ${ref}/>`;
  sheet.part = part;
  edit.sheetsXml += sheet.tag;
}

/** The VBA project and its relationship dropped (the output is an .xlsx); the parts dropped. */
function dropMacros(edit: PackageEdit): string[] {
  const macroParts = withoutMacros(
    edit.rels,
    edit.workbookPart,
    (starts, blocked) => reach(edit, starts, blocked),
    (part) => dropPart(edit, part),
    (p) => edit.byName.has(p),
  );
  if (macroParts.length > 0) {
    const ids = new Set(edit.rels.filter((r) => r.type === REL_VBA_PROJECT).map((r) => r.id));
    edit.workbookRelsXml = edit.workbookRelsXml.replace(/<Relationship\b[^>]*>/g, (tag) =>
      ids.has(xmlAttributes(tag).get("Id") ?? "") ? "" : tag,
    );
  }
  return macroParts;
}

/**
 * What only a re-created sheet reached (its old drawings, comments…) is dropped. Everything the
 * package still reaches without passing through one stays: the workbook's own parts (pivot caches,
 * slicer caches, external links), chartsheets, other sheets.
 */
function dropOrphanedParts(edit: PackageEdit, recreatedParts: string[]): void {
  const roots = edit.rootRels.filter((r) => !r.external).map((r) => resolvePart("", r.target));
  const kept = reach(edit, roots, recreatedParts);
  for (const part of recreatedParts)
    for (const p of reach(edit, [part]))
      if (p !== part && !kept.has(p) && edit.byName.has(p)) dropPart(edit, p);
}

/**
 * Excel rebuilds a missing calculation chain; one naming cells that no longer hold a formula is
 * what it "repairs" with a warning.
 */
function dropStaleCalcChain(edit: PackageEdit): void {
  const calcChain = edit.rels.find((r) => r.type.endsWith("/calcChain") && !r.external);
  if (!edit.notes.formulasRemoved || !calcChain) return;
  dropPart(edit, resolvePart(edit.workbookPart, calcChain.target));
  edit.workbookRelsXml = edit.workbookRelsXml.replace(
    new RegExp(`<Relationship\\b[^>]*\\sId\\s*=\\s*["']${calcChain.id}["'][^>]*(?:/>|>\\s*</Relationship>)`),
    "",
  );
}

/** workbook.xml (sheets, print titles, recalculation), its relationships, content types, styles, core properties. */
function finishWorkbookParts(edit: PackageEdit, works: ReadonlyMap<string, SheetWork>): void {
  const { sheetsBlock, changed } = edit;
  const sheetsOpen = sheetsBlock[0].slice(0, sheetsBlock[0].indexOf(">") + 1);
  let workbookXml =
    edit.workbookXml.slice(0, sheetsBlock.index) +
    `${sheetsOpen}${edit.sheetsXml}</sheets>` +
    edit.workbookXml.slice(sheetsBlock.index + sheetsBlock[0].length);
  workbookXml = withFullCalcOnLoad(printTitlesIn(workbookXml, edit.workbookPart, works, edit.sheets));
  changed.set(edit.workbookPart, workbookXml);
  changed.set(edit.workbookRelsPart, edit.workbookRelsXml);
  changed.set("[Content_Types].xml", edit.contentTypes);
  if (edit.styles.changed) changed.set(edit.stylesPart, edit.styles.toXml());
  const modified = edit.input.modified;
  if (!modified) return;
  const coreRel = edit.rootRels.find((r) => r.type.endsWith("/core-properties") && !r.external);
  const corePart = coreRel ? resolvePart("", coreRel.target) : undefined;
  const core = corePart ? edit.text(corePart) : undefined;
  // A damaged core.xml (another program's) is carried as it is: the run needs nothing from it, and
  // an edit by text search into XML that is not well-formed would be an edit made blind.
  if (!corePart || !core || xmlFault(core) !== null) return;
  checkMarkup(core, { part: corePart });
  const stamp = modified.toISOString().replace(/\.\d{3}Z$/, "Z");
  const next = core.replace(/(<dcterms:modified\b[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
  if (next !== core) changed.set(corePart, next);
}

/** The output zip: the source's entries in their order (changed ones replaced), then the new parts. */
async function assembleZip(edit: PackageEdit): Promise<ZipBytes> {
  const entry = async (name: string): Promise<ZipEntry> => {
    const content = edit.changed.get(name) as string | ZipEntry | Promise<ZipEntry>;
    return typeof content === "string" ? compressEntry(name, content) : content;
  };
  const out: ZipEntry[] = [];
  for (const source of edit.entries) {
    if (edit.deleted.has(source.name)) continue;
    out.push(edit.changed.has(source.name) ? await entry(source.name) : source);
  }
  for (const name of edit.changed.keys()) if (!edit.byName.has(name)) out.push(await entry(name));
  return zipPieces(out, edit.input.zipDate);
}

/** The plan replayed onto per-sheet work lists (new sheets are added to `sheets`). */
function replayPlan(
  ops: readonly PlanOp[],
  sheets: WorkbookSheet[],
  findSheet: (name: string) => WorkbookSheet | undefined,
  styles: StyleRegistry,
  bytes: (part: string) => Uint8Array | undefined,
): Map<string, SheetWork> {
  const works = new Map<string, SheetWork>();
  const workFor = (name: string): SheetWork => {
    const sheet = findSheet(name);
    if (!sheet) unsupported("plan", { detail: `the plan names a sheet that does not exist: ${name}` });
    let work = works.get(sheet.name);
    if (!work) {
      if (!sheet.part) unsupported("notWorksheet", { sheet: sheet.name });
      work = newWork(sheet.name, sheet.part, false);
      works.set(sheet.name, work);
    }
    return work;
  };
  for (const op of ops) {
    checkInsideSheet(op);
    switch (op.kind) {
      case "ensureSheet": {
        let sheet = findSheet(op.sheet);
        if (!sheet) {
          sheet = { name: op.sheet, tag: "" };
          sheets.push(sheet);
        }
        const existing = works.get(sheet.name);
        if (!existing || op.clear)
          works.set(sheet.name, newWork(sheet.name, sheet.part, op.clear || !sheet.part, op.visibility));
        else existing.visibility = op.visibility;
        break;
      }
      case "chart":
        break; // the adapter reports charts as skipped; the distribution table is there to chart
      case "freeze":
      case "validation":
        unsupported("plan", { detail: `${op.kind} is only planned for new workbooks` });
        break;
      default:
        applySheetOp(workFor(op.sheet), op, styles, bytes);
    }
  }
  return works;
}

type SheetOp = Exclude<PlanOp, { kind: "ensureSheet" | "chart" | "freeze" | "validation" }>;

function applySheetOp(
  work: SheetWork,
  op: SheetOp,
  styles: StyleRegistry,
  bytes: (part: string) => Uint8Array | undefined,
): void {
  switch (op.kind) {
    case "values":
    case "clear":
    case "copyFormat":
      if (work.fresh) work.pending.push(op);
      else addLayer(work.layers, op, styles, storedStyle(work, bytes));
      return;
    case "columnWidths":
      op.widths.forEach((width, i) => work.widths.set(op.col + i, width));
      return;
    case "rowHeights":
      op.heights.forEach((height, i) => {
        if (height !== null) work.heights.set(op.row + i, height);
      });
      return;
    case "merge": {
      if (!work.fresh) unsupported("plan", { detail: "merging cells in a user's sheet" });
      const same = (m: CellRect) =>
        m.top === op.rect.top &&
        m.left === op.rect.left &&
        m.bottom === op.rect.bottom &&
        m.right === op.rect.right;
      if (!work.merges.some(same)) {
        work.merges = work.merges.filter((m) => !rectsOverlap(m, op.rect));
        work.merges.push(op.rect);
      }
      return;
    }
    case "pageSetup":
      work.page = op.setup;
      return;
    default: {
      const unknown: never = op;
      unsupported("plan", { detail: `unknown plan op ${JSON.stringify(unknown)}` });
    }
  }
}

/** The format a cell has in a user's sheet as stored (styleInSheet): what copyFormat copies when the plan has not set it. */
function storedStyle(
  work: SheetWork,
  bytes: (part: string) => Uint8Array | undefined,
): (cell: { row: number; col: number }) => number {
  return ({ row, col }) => {
    const xml = work.part ? bytes(work.part) : undefined;
    return xml === undefined ? 0 : styleInSheet(xml, row, col, work.name);
  };
}

/**
 * workbook.xml with the print titles of every sheet the plan sets up for printing. A user's sheet
 * without titles in its setup keeps whatever names it has; a sheet written whole loses stale ones.
 */
function printTitlesIn(
  workbookXml: string,
  workbookPart: string,
  works: ReadonlyMap<string, SheetWork>,
  sheets: readonly WorkbookSheet[],
): string {
  const titles: PrintTitles[] = [];
  for (const work of works.values()) {
    if (!work.page) continue;
    const index = sheets.findIndex((s) => s.name === work.name);
    const formula = printTitlesFormula(work.name, work.page);
    if (index < 0 || (formula === null && !work.fresh)) continue;
    titles.push({ localSheetId: index, formula });
  }
  if (titles.length === 0) return workbookXml;
  checkOutsideAlternates(workbookXml, { part: workbookPart }, ["definedNames"]);
  return withPrintTitles(workbookXml, titles);
}

/**
 * A cell right of XFD or below row 1,048,576 makes Excel refuse the whole file. The write plan
 * never places one there (writeplan.ts refuses first); this keeps the patcher from writing one blind.
 */
function checkInsideSheet(op: PlanOp): void {
  let right = 0;
  let bottom = 0;
  if (op.kind === "values") {
    right = op.col + op.values.reduce((w, r) => Math.max(w, r.length), 0) - 1;
    bottom = op.row + op.values.length - 1;
  } else if (op.kind === "clear" || op.kind === "merge") {
    right = op.rect.right;
    bottom = op.rect.bottom;
  } else if (op.kind === "copyFormat") {
    right = op.to.right;
    bottom = op.to.bottom;
  } else if (op.kind === "rowHeights") bottom = op.row + op.heights.length - 1;
  else if (op.kind === "columnWidths") right = op.col + op.widths.length - 1;
  if (right <= EXCEL_LAST_COLUMN && bottom <= EXCEL_LAST_ROW) return;
  const where = right > EXCEL_LAST_COLUMN ? { column: right } : { row: bottom };
  throw new Refusal(msg("BEYOND_EXCEL_GRID", { sheet: op.sheet, ...where }));
}

const NOTHING_DROPPED: LostContent = { parts: [], what: [] };
const REL_VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject";
const CT_PRINTER_SETTINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings";
const CT_XLSX_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

/**
 * What we write is always an .xlsx (docs/xlsx-round-trip.md): Excel refuses a file of that name
 * that holds a VBA project or declares a macro-enabled (or template) workbook. The VBA project and
 * what only it reaches (its signature) are dropped; returns those parts (the caller removes the
 * relationship and reports the loss). Excel 4 macro sheets are sheets of their own: left to ExcelJS.
 */
function withoutMacros(
  rels: readonly Relationship[],
  workbookPart: string,
  reach: (starts: string[], blocked?: readonly string[]) => Set<string>,
  dropPart: (part: string) => void,
  exists: (part: string) => boolean,
): string[] {
  if (rels.some((r) => r.type.endsWith("/xlMacrosheet") || r.type.endsWith("/xlIntlMacrosheet")))
    unsupported("macroSheets");
  const projects = rels.filter((r) => r.type === REL_VBA_PROJECT && !r.external);
  if (projects.length === 0) return [];
  const starts = projects.map((r) => resolvePart(workbookPart, r.target));
  const stillReached = reach([workbookPart], starts);
  const parts = [...reach(starts)].filter((p) => !stillReached.has(p) && exists(p));
  parts.forEach(dropPart);
  return parts;
}

/** The content types with the workbook declared as an .xlsx workbook (not .xlsm, .xltx, .xltm, .xlam). */
function asXlsxWorkbook(contentTypes: string, workbookPart: string): string {
  // An .xlsm maps .bin to the VBA project by default; an .xlsx maps it to printer settings.
  const types = contentTypes.replace(/<Default\b[^>]*>/g, (tag) =>
    xmlAttributes(tag).get("ContentType") === "application/vnd.ms-office.vbaProject"
      ? setAttribute(tag, "ContentType", CT_PRINTER_SETTINGS)
      : tag,
  );
  return types.replace(/<Override\b[^>]*>/g, (tag) => {
    const a = xmlAttributes(tag);
    if (a.get("PartName") !== `/${workbookPart}` || a.get("ContentType") === CT_XLSX_WORKBOOK) return tag;
    return setAttribute(tag, "ContentType", CT_XLSX_WORKBOOK);
  });
}

/** CT_Workbook's children after `<calcPr>`, in schema order. */
const AFTER_CALC_PR = AFTER_DEFINED_NAMES.slice(AFTER_DEFINED_NAMES.indexOf("calcPr") + 1);

/**
 * Ask Excel to recalculate on opening: the result cells changed, and a user's formula over them
 * (a COUNTIF of 五星级, say) would otherwise show its old cached value until the next edit.
 */
function withFullCalcOnLoad(xml: string): string {
  const calcPr = /<calcPr\b[^>]*\/?>/.exec(xml);
  if (calcPr)
    return (
      xml.slice(0, calcPr.index) +
      setAttribute(calcPr[0], "fullCalcOnLoad", "1") +
      xml.slice(calcPr.index + calcPr[0].length)
    );
  let at = xml.lastIndexOf("</workbook>");
  for (const name of AFTER_CALC_PR) {
    const m = new RegExp(`<${name}[\\s>/]`).exec(xml);
    if (m && m.index < at) at = m.index;
  }
  return xml.slice(0, at) + '<calcPr fullCalcOnLoad="1"/>' + xml.slice(at);
}
