/**
 * The rows of a user's sheet patched (patch.ts writeUserSheet): untouched runs of rows copied as
 * slices of the source, changed rows rebuilt with the plan's cells and heights. What a row gets
 * comes from a RowPlan (the plan's layers). Pure: runs in a browser too.
 */
import { columnIndex, parseCellAddress } from "../engine/address";
import type { CellRect } from "../workbook/model";
import { msg, render, type Message } from "../messages";
import { CellTails, cellXml, letter } from "./cell-xml";
import { KEEP_STYLE, KEEP_VALUE, RowWrites } from "./planned-cells";
import { setAttribute, unsupported } from "./xml-edit";
import { quoteLeftOpen } from "./xml";
import { indexOfByte, indexOfSeq, isBlankAt, isWordByte, needle, seqAt, textAt } from "./xml-bytes";

/** What neither writer can do without damaging the user's workbook: the user has to change the file. */
export class Refusal extends Error {
  constructor(readonly msg: Message) {
    super(render(msg, "en"));
    this.name = "Refusal";
  }
}

/** What the plan does to a user's sheet's rows. */
export interface RowPlan {
  /** The sheet's name, for messages. */
  readonly sheet: string;
  /** The rows the plan writes cells in or sets the height of, in increasing order. */
  readonly changed: ArrayLike<number>;
  /** Row `row`'s cells, asked for in increasing order; the object is reused for the next row. */
  at(row: number): RowWrites;
  /** Any row's cells (a formula's range), into `into`. */
  row(row: number, into: RowWrites): RowWrites;
  /** The row's height in points; null gives it its automatic height again; undefined: unchanged. */
  height(row: number): number | null | undefined;
}

/** A row's start tag with the plan's height (null: the automatic height again). */
export function withHeight(tag: string, height: number | null | undefined): string {
  if (height === undefined) return tag;
  if (height === null) return setAttribute(setAttribute(tag, "ht", null), "customHeight", null);
  return setAttribute(setAttribute(tag, "ht", String(height)), "customHeight", "1");
}

export function parseRange(ref: string): CellRect | null {
  const [a, b] = ref.split(":");
  const from = parseCellAddress(a);
  const to = b ? parseCellAddress(b) : from;
  if (!from || !to) return null;
  return { top: from.row, left: from.col, bottom: to.row, right: to.col };
}

// Either quote, as XML allows (the first group is the quote): a sheet written with 'single' ones is patched too.
const CELL_REF = /(?:^|\s)r\s*=\s*(["'])\$?([A-Z]{1,3})\$?(\d+)\1/;
const CELL_STYLE = /(?:^|\s)s\s*=\s*(["'])(\d+)\1/;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
/** An `r` attribute of any form: one CELL_REF cannot read (r="") is not a missing reference. */
const REFERENCE_ATTR = /(?:^|\s)r\s*=/;

/**
 * The column of a cell of row `rowNumber` from its start tag's attributes: its reference's, or for
 * a cell written without one the column after `previous` (the reader's rule, read-sheet.ts
 * scanSheetData); 0 when its reference cannot be read or names another row.
 */
export function cellColumnIn(attrs: string, previous: number, rowNumber: number): number {
  const ref = CELL_REF.exec(attrs);
  if (ref) return Number(ref[3]) === rowNumber ? columnIndex(ref[2]) : 0;
  return REFERENCE_ATTR.test(attrs) ? 0 : previous + 1;
}

/** What patching the sheets found that matters to the rest of the package. */
export interface PatchNotes {
  /** A formula cell was overwritten or emptied: the calculation chain no longer describes the workbook. */
  formulasRemoved: boolean;
}

const FORMULA_REF = /<f\b[^>]*\sref\s*=\s*(["'])([^"']+)\1/;

/**
 * An existing cell the plan overwrites may hold the first cell of a shared or array formula whose
 * range reaches cells the plan does not write (a formula typed into a result cell and filled to
 * the right). Replacing it would leave those cells with a formula that has no definition — Excel
 * calls the file corrupt — so the user is asked to change it first.
 */
function checkFormulaRange(plan: RowPlan, address: string, cellXmlText: string): void {
  const ref = FORMULA_REF.exec(cellXmlText)?.[2];
  const rect = ref ? parseRange(ref) : null;
  if (!ref || !rect) return;
  const writes = new RowWrites();
  for (let row = rect.top; row <= rect.bottom; row++) {
    plan.row(row, writes);
    for (let col = rect.left; col <= rect.right; col++) {
      const at = writes.find(col);
      if (at >= 0 && writes.values[at] !== KEEP_VALUE) continue;
      const outside = `${letter(col)}${row}`;
      throw new Refusal(msg("FORMULA_RANGE_IN_RESULTS", { sheet: plan.sheet, address, ref, outside }));
    }
  }
}

const EXT_LST = needle("<extLst");
const CELL_CLOSE = needle("</c>");
/** What starts a formula element in a sheet's XML (as `includes("<f")` on its text finds it). */
export const FORMULA_OPEN = needle("<f");

/**
 * Where the row's own cells that stay end, -1 when the row needs the full rebuild (patchRow). The
 * row's bytes b[from, end) are then kept as they are and the plan's cells (newCellsXml) go after
 * them. The usual row: every cell the plan writes lies right of the row's last cell (the result
 * columns right of the table), so all of them stay (`to`). A row scored before ends with the result
 * cells: those trailing cells are cut off when the plan writes every one of them anew.
 */
function keptCellsEnd(
  rowNumber: number,
  b: Uint8Array,
  from: number,
  to: number,
  writes: RowWrites,
  out: RowsOut,
): number {
  // Rows the reader found plain hold no <extLst (xml-bytes.ts tagConcernsChecks): not searched again.
  if (!out.plainRows && indexOfSeq(b, EXT_LST, from, to) >= 0) return -1;
  let cut = to;
  let at = lastCellStart(b, from, to);
  for (let after = Infinity; at >= 0; at = lastCellStart(b, from, at)) {
    const col = cellColumn(b, at, cut, rowNumber);
    if (col === 0) return -1;
    // A row's cells are in column order (the schema's): this one and those before it stay.
    if (col < writes.cols[0]) break;
    if (col >= after || !writtenAnew(b, at, cut, col, writes)) return -1;
    cut = at;
    after = col;
  }
  if (at < 0 && !isBlankAt(b, from, cut) && textAt(b, from, cut).trim() !== "") return -1;
  return cut === to || nothingKept(b, cut, to, writes) ? cut : -1;
}

/** The column of the cell at b[at] (its tag ends before `to`) when it is in row `rowNumber`; else 0. */
function cellColumn(b: Uint8Array, at: number, to: number, rowNumber: number): number {
  const plain = plainCellRef(b, at + 2);
  if (plain) return plain.row === rowNumber ? plain.col : 0;
  const gt = indexOfByte(b, 62, at, to);
  const ref = CELL_REF.exec(textAt(b, at + 2, gt < 0 ? to - 1 : gt));
  return ref && Number(ref[3]) === rowNumber ? columnIndex(ref[2]) : 0;
}

/**
 * The cell at b[at], in column `col`, is one the plan writes, referenced as plainCellRef reads it,
 * and b[at, end) holds that one cell and whitespace: cut off, it takes nothing else with it.
 */
function writtenAnew(b: Uint8Array, at: number, end: number, col: number, writes: RowWrites): boolean {
  if (!plainCellRef(b, at + 2) || writes.find(col) < 0) return false;
  const gt = indexOfByte(b, 62, at, end);
  if (gt < 0) return false;
  if (b[gt - 1] === 47) return isBlankAt(b, gt + 1, end);
  // The first </c> closes the cell (no cell holds another): only whitespace may follow it.
  const close = indexOfSeq(b, CELL_CLOSE, gt + 1, end);
  return close >= 0 && isBlankAt(b, close + 4, end);
}

/**
 * Nothing of the cut cells b[cut, to) carries over: none holds a formula (patchRow checks its range
 * and notes its removal) and the plan keeps no cell's value or format (KEEP_VALUE, KEEP_STYLE).
 */
function nothingKept(b: Uint8Array, cut: number, to: number, writes: RowWrites): boolean {
  if (indexOfSeq(b, FORMULA_OPEN, cut, to) >= 0) return false;
  for (let i = 0; i < writes.size; i++)
    if (writes.values[i] === KEEP_VALUE || writes.styles[i] === KEEP_STYLE) return false;
  return true;
}

/** A cell reference read in place (reused: one a row). */
const plainRef = { col: 0, row: 0 };

/**
 * The reference of a cell whose attributes, from b[at], start ` r="A12"` (as Excel and most writers
 * put it), read without making a string; null for any other form, which CELL_REF reads.
 */
export function plainCellRef(b: Uint8Array, at: number): { col: number; row: number } | null {
  if (b[at] !== 32 || b[at + 1] !== 114 || b[at + 2] !== 61 || b[at + 3] !== 34) return null;
  let i = at + 4;
  let col = 0;
  for (; i < at + 7 && b[i] >= 65 && b[i] <= 90; i++) col = col * 26 + (b[i] - 64);
  const digits = i;
  let row = 0;
  for (; i < digits + 7 && b[i] >= 48 && b[i] <= 57; i++) row = row * 10 + (b[i] - 48);
  if (col === 0 || i === digits || b[i] !== 34) return null;
  plainRef.col = col;
  plainRef.row = row;
  return plainRef;
}

/**
 * Where the last `<c ` or `<c>` of b[from, to) starts (-1: none), found from the end: a search for
 * "<c>" alone, which machine-written rows never hold, would read the whole row. "<c" followed by
 * anything else is another element (`<color>` in a rich text run) and is passed over.
 */
export function lastCellStart(b: Uint8Array, from: number, to: number): number {
  for (let at = to - 2; at >= from; at--)
    if (b[at] === 60 && b[at + 1] === 99 && at + 2 < to && (b[at + 2] === 32 || b[at + 2] === 62)) return at;
  return -1;
}

/** The plan's cells where the row has none (left), in column order (a kept style has nothing to keep). */
function newCellsXml(rowNumber: number, writes: RowWrites, tails: CellTails): string {
  const rowText = String(rowNumber);
  let out = "";
  for (let i = 0; i < writes.size; i++) {
    const value = writes.values[i];
    const style = Math.max(writes.styles[i], 0);
    if ((value === null || value === KEEP_VALUE) && style === 0) continue;
    out += tails.cell(writes.cols[i], rowText, style, value);
  }
  return out;
}

/** A row's start tag as a rebuilt row has it: an open tag, without spans (an optional hint that may no longer be true). */
function rowOpenTag(startTag: string): string {
  const tag = startTag.endsWith("/>") ? startTag.slice(0, -2) + ">" : startTag;
  return tag.includes("spans") ? setAttribute(tag, "spans", null) : tag;
}

/** A start tag with nothing of its own: a row that has no cells either is dropped. */
function isBareRowTag(open: string): boolean {
  return /^<row\s+r\s*=\s*(["'])\d+\1\s*>$/.test(open);
}

/** A rebuilt row; a row left with neither cells nor attributes of its own is dropped. */
function rowXml(startTag: string, cells: string): string {
  const open = rowOpenTag(startTag);
  if (cells.trim() === "" && isBareRowTag(open)) return "";
  return `${open}${cells}</row>`;
}

/** A row rebuilt cell by cell: the plan's cells replace the row's own where they meet. */
function patchRow(
  rowNumber: number,
  startTag: string,
  body: string,
  writes: RowWrites,
  plan: RowPlan,
  notes: PatchNotes,
): string {
  const cells = new Map<number, string>();
  const styles = new Map<number, number>();
  let rest = body;
  if (body.length > 0) {
    CELL.lastIndex = 0;
    let previous = 0;
    rest = body.replace(CELL, (whole: string, attrs: string) => {
      // Only r and s matter here; a full attribute parse per cell costs more than the rest of the row.
      const col = cellColumnIn(attrs, previous, rowNumber);
      // One without its reference is written with it, as cells may now come before it.
      const referenced = REFERENCE_ATTR.test(attrs);
      if (col === 0 || (!referenced && cells.has(col)))
        unsupported("cellWithoutReference", { sheet: plan.sheet, row: rowNumber });
      previous = col;
      cells.set(col, referenced ? whole : `<c r="${letter(col)}${rowNumber}"${whole.slice(2)}`);
      styles.set(col, Number(CELL_STYLE.exec(attrs)?.[2] ?? 0));
      return "";
    });
    if (rest.trim() !== "") unsupported("rowHoldsMore", { sheet: plan.sheet, row: rowNumber });
  }
  for (let i = 0; i < writes.size; i++) {
    const col = writes.cols[i];
    const value = writes.values[i];
    const planned = writes.styles[i];
    const existing = cells.get(col);
    if (value === KEEP_VALUE) {
      // copyFormat only: the cell keeps its content and takes the new format.
      const style = Math.max(planned, 0);
      if (existing !== undefined) cells.set(col, withCellStyle(existing, style));
      else if (style > 0) cells.set(col, cellXml(letter(col) + rowNumber, style, null));
      continue;
    }
    if (existing !== undefined && existing.includes("<f")) {
      checkFormulaRange(plan, letter(col) + rowNumber, existing);
      notes.formulasRemoved = true;
    }
    const style = planned === KEEP_STYLE ? (styles.get(col) ?? 0) : planned;
    if (value === null && style === 0) {
      cells.delete(col);
      continue;
    }
    if (value === null && existing === undefined && planned === KEEP_STYLE) continue;
    cells.set(col, cellXml(letter(col) + rowNumber, style, value));
  }
  const cols = [...cells.keys()].sort((a, b) => a - b);
  return rowXml(startTag, cols.map((c) => cells.get(c)).join(""));
}

/** An existing cell's XML with its format replaced (0: the workbook's normal format). */
function withCellStyle(cell: string, style: number): string {
  const open = /^<c\b[^>]*?\/?>/.exec(cell)?.[0];
  if (!open) return cell;
  return setAttribute(open, "s", style > 0 ? String(style) : null) + cell.slice(open.length);
}

function newRow(rowNumber: number, writes: RowWrites, tails: CellTails, height?: number | null): string {
  const cells = newCellsXml(rowNumber, writes, tails);
  const open = withHeight(`<row r="${rowNumber}">`, height ?? undefined);
  if (cells) return `${open}${cells}</row>`;
  return open.includes(" ht=") ? open.replace(/>$/, "/>") : "";
}

/** A row's start tag found in the bytes: where it starts, where its ">" is, and its text. */
export interface RowTag {
  at: number;
  gt: number;
  selfClosing: boolean;
  text: string;
}

const ROW_OPEN = needle("<row");
export const ROW_CLOSE = needle("</row>");

/** The first `<row` start tag at or after `from` that starts before `to` (what /<row\b[^>]*?(\/?)>/ finds). */
export function nextRowTag(b: Uint8Array, from: number, to: number): RowTag | null {
  // Rows follow one another directly: the next one is nearly always where the search starts.
  const first = seqAt(b, from, ROW_OPEN.bytes) ? from : indexOfSeq(b, ROW_OPEN, from);
  for (let at = first; at >= 0 && at < to; at = indexOfSeq(b, ROW_OPEN, at + 1)) {
    if (isWordByte(b[at + 4])) continue;
    const gt = indexOfByte(b, 62, at + 4);
    if (gt < 0) return null;
    const text = textAt(b, at, gt + 1);
    // A ">" inside an attribute value (xml.ts quoteLeftOpen) would cut the tag short here. What
    // follows a row's start tag is nearly always its first cell's "<", which no value can hold: only
    // the other tags are looked at (all 100,000 of them cost ~20 ms).
    if (b[gt + 1] !== 60 && quoteLeftOpen(text)) unsupported("rowTagAngle");
    return { at, gt, selfClosing: b[gt - 1] === 47, text };
  }
  return null;
}

/** A piece of the patched rows: text the patcher made, or bytes copied from the source. */
export type RowsPiece = string | Uint8Array;

/**
 * The rows of the sheet's bytes between `from` and `to` (a `<sheetData>`'s body) with the plan's
 * cells and heights, handed to `emit` in order by run(). Untouched text is handed on as the source's
 * bytes: the rows are never decoded as a whole, nor encoded again.
 */
export class RowPatcher {
  private readonly tails = new CellTails();
  private readonly out: RowsOut;
  /** The next changed row (its index in plan.changed) and the last source row's number. */
  private next = 0;
  private lastRow = 0;
  private at: number;
  private copiedFrom: number;

  /** `plainRows`: the reader found the rows free of what the patcher looks for (PatchInput.plainRows). */
  constructor(
    private readonly xml: Uint8Array,
    from: number,
    private readonly to: number,
    private readonly plan: RowPlan,
    notes: PatchNotes,
    private readonly emit: (piece: RowsPiece) => void,
    plainRows = false,
  ) {
    this.out = { plan, notes, tails: this.tails, emit, plainRows };
    this.at = from;
    this.copiedFrom = from;
  }

  /** The range patched: its source rows, then the rows the plan adds after the last of them. */
  run(): void {
    this.patchSourceRows();
    this.finish();
  }

  /** The source rows up to the last one the plan changes (or adds a row before). */
  private patchSourceRows(): void {
    const { xml, plan, emit } = this;
    const changed = plan.changed;
    while (this.next < changed.length) {
      const tag = nextRowTag(xml, this.at, this.to);
      if (!tag) return;
      const rowNumber = rowNumberOf(tag.text, this.lastRow, plan.sheet);
      if (rowNumber <= this.lastRow) unsupported("rowsOutOfOrder", { sheet: plan.sheet });
      this.lastRow = rowNumber;
      const bodyFrom = tag.gt + 1;
      const rowEnd = tag.selfClosing ? bodyFrom : indexOfSeq(xml, ROW_CLOSE, bodyFrom);
      if (rowEnd < 0) unsupported("rowUnclosed", { sheet: plan.sheet, row: rowNumber });
      const after = tag.selfClosing ? bodyFrom : rowEnd + 6;
      // Rows the plan adds before this one.
      while (this.next < changed.length && changed[this.next] < rowNumber) {
        if (this.copiedFrom < tag.at) emit(xml.subarray(this.copiedFrom, tag.at));
        this.copiedFrom = tag.at;
        this.addRow(changed[this.next++]);
      }
      if (this.next < changed.length && changed[this.next] === rowNumber) {
        const row = { number: rowNumber, tag: tag.text, at: tag.at, bodyFrom, end: rowEnd };
        patchSourceRow(xml, this.copiedFrom, row, plan.at(rowNumber), this.out);
        this.copiedFrom = after;
        this.next++;
      }
      this.at = after;
    }
  }

  /** The source's bytes up to `to` not yet emitted, then the rows the plan adds after its last row. */
  private finish(): void {
    const changed = this.plan.changed;
    if (this.copiedFrom < this.to) this.emit(this.xml.subarray(this.copiedFrom, this.to));
    this.copiedFrom = this.to;
    for (; this.next < changed.length; this.next++) this.addRow(changed[this.next]);
  }

  private addRow(row: number): void {
    this.emit(newRow(row, this.plan.at(row), this.tails, this.plan.height(row)));
  }
}

/**
 * A row's number from its start tag (`<row r="12"…` read in place, as most writers put it first); a
 * row without one is the row after `previous` (the reader's rule, read-sheet.ts nextRowNumber).
 */
export function rowNumberOf(tag: string, previous: number, sheet: string): number {
  if (tag.startsWith('<row r="')) {
    let n = 0;
    let i = 8;
    for (; i < tag.length && i < 17; i++) {
      const digit = tag.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      n = n * 10 + digit;
    }
    if (i > 8 && tag.charCodeAt(i) === 34) return n;
  }
  const rowAttr = /\sr\s*=\s*(["'])(\d+)\1/.exec(tag);
  if (rowAttr) return Number(rowAttr[2]);
  if (REFERENCE_ATTR.test(tag.slice(4))) unsupported("rowWithoutNumber", { sheet });
  return previous + 1;
}

/**
 * A changed row's start tag with its number: a row written without one (CT_Row's `r` is optional)
 * gets it, as its cells get theirs (patchRow), so readers that need them (ExcelJS) read the output.
 */
function numbered(tag: string, rowNumber: number): string {
  return tag.startsWith('<row r="') || REFERENCE_ATTR.test(tag.slice(4))
    ? tag
    : `<row r="${rowNumber}"${tag.slice(4)}`;
}

/** A source row the plan changes: its start tag at `at`, its cells from `bodyFrom` to `end` (its `</row>`). */
interface SourceRow {
  number: number;
  tag: string;
  at: number;
  bodyFrom: number;
  end: number;
}

interface RowsOut {
  plan: RowPlan;
  notes: PatchNotes;
  tails: CellTails;
  emit: (piece: RowsPiece) => void;
  plainRows: boolean;
}

/**
 * A changed source row (and the untouched bytes before it, from `copiedFrom`) into `emit`. A row
 * whose own cells stay up to a point (keptCellsEnd), the usual one, is copied as it is up to there
 * with the plan's cells after: the copy is the source's bytes, so the row's text is never built again.
 */
function patchSourceRow(
  xml: Uint8Array,
  copiedFrom: number,
  row: SourceRow,
  writes: RowWrites,
  out: RowsOut,
): void {
  const { plan, emit } = out;
  const selfClosing = row.tag.endsWith("/>");
  const start = withHeight(numbered(row.tag, row.number), plan.height(row.number));
  const kept = writes.size > 0 ? keptCellsEnd(row.number, xml, row.bodyFrom, row.end, writes, out) : -1;
  const added = kept >= 0 ? newCellsXml(row.number, writes, out.tails) : null;
  const open = added !== null ? rowOpenTag(start) : "";
  if (added && open === row.tag) {
    // The row's start tag stays and it gains cells: its bytes up to the kept cells' end (and the
    // untouched bytes before it) are copied as they are, then the new cells.
    emit(xml.subarray(copiedFrom, kept));
    emit(added + "</row>");
    return;
  }
  if (copiedFrom < row.at) emit(xml.subarray(copiedFrom, row.at));
  // The rarer rows are rebuilt from their text.
  const body = selfClosing ? "" : textAt(xml, row.bodyFrom, added === null ? row.end : kept);
  if (writes.size === 0) emit(selfClosing ? start : `${start}${body}</row>`);
  else if (added === null) emit(patchRow(row.number, start, body, writes, plan, out.notes));
  else if (added !== "" || lastCellStart(xml, row.bodyFrom, kept) >= 0 || !isBareRowTag(open)) {
    emit(open);
    if (body) emit(body);
    emit(added + "</row>");
  }
}
