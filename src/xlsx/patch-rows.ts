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

const CELL_REF = /(?:^|\s)r\s*=\s*"\$?([A-Z]{1,3})\$?(\d+)"/;
const CELL_STYLE = /(?:^|\s)s\s*=\s*"(\d+)"/;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

/** What patching the sheets found that matters to the rest of the package. */
export interface PatchNotes {
  /** A formula cell was overwritten or emptied: the calculation chain no longer describes the workbook. */
  formulasRemoved: boolean;
}

const FORMULA_REF = /<f\b[^>]*\sref\s*=\s*"([^"]+)"/;

/**
 * An existing cell the plan overwrites may hold the first cell of a shared or array formula whose
 * range reaches cells the plan does not write (a formula typed into a result cell and filled to
 * the right). Replacing it would leave those cells with a formula that has no definition — Excel
 * calls the file corrupt — so the user is asked to change it first.
 */
function checkFormulaRange(plan: RowPlan, address: string, cellXmlText: string): void {
  const ref = FORMULA_REF.exec(cellXmlText)?.[1];
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

/**
 * The usual row: every cell the plan writes lies right of the row's last cell (the result columns
 * right of the table). The row's own cells are then kept as they are and the new ones appended:
 * their XML is returned ("" for none); null when the row needs the full rebuild (patchRow).
 */
function appendedCells(rowNumber: number, body: string, writes: RowWrites, tails: CellTails): string | null {
  const first = writes.cols[0];
  const lastCell = lastCellStart(body);
  if (body.includes("<extLst")) return null;
  if (lastCell >= 0) {
    const ref = CELL_REF.exec(body.slice(lastCell + 2, body.indexOf(">", lastCell)));
    if (!ref || Number(ref[2]) !== rowNumber || columnIndex(ref[1]) >= first) return null;
  } else if (body.trim() !== "") return null;
  return newCellsXml(rowNumber, writes, tails);
}

/**
 * Where the row's last `<c ` or `<c>` starts (-1: none), found from the end: a search for "<c>"
 * alone, which machine-written rows never hold, would read the whole row. "<c" followed by anything
 * else is another element (`<color>` in a rich text run) and is passed over.
 */
function lastCellStart(body: string): number {
  let at = body.lastIndexOf("<c");
  while (at >= 0 && body[at + 2] !== " " && body[at + 2] !== ">")
    at = at > 0 ? body.lastIndexOf("<c", at - 1) : -1;
  return at;
}

/** Cells the plan adds where the row had none, in column order (a kept style has nothing to keep). */
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
  return /^<row\s+r="\d+"\s*>$/.test(open);
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
    rest = body.replace(CELL, (whole: string, attrs: string) => {
      // Only r and s matter here; a full attribute parse per cell costs more than the rest of the row.
      const ref = CELL_REF.exec(attrs);
      const col = ref ? columnIndex(ref[1]) : 0;
      if (!ref || col === 0 || Number(ref[2]) !== rowNumber)
        unsupported(`a cell in row ${rowNumber} has no usable reference`);
      cells.set(col, whole);
      styles.set(col, Number(CELL_STYLE.exec(attrs)?.[1] ?? 0));
      return "";
    });
    if (rest.trim() !== "") unsupported(`row ${rowNumber} holds more than cells`);
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

const ROW_TAG = /<row\b[^>]*?(\/?)>/g;

/**
 * The rows of `xml` between `from` and `to` (a `<sheetData>`'s body) with the plan's cells and
 * heights, handed to `emit` in order by run().
 */
export class RowPatcher {
  private readonly tails = new CellTails();
  private readonly out: RowsOut;
  /** The next changed row (its index in plan.changed) and the last source row's number. */
  private next = 0;
  private lastRow = 0;
  private at: number;
  private copiedFrom: number;

  constructor(
    private readonly xml: string,
    from: number,
    private readonly to: number,
    private readonly plan: RowPlan,
    notes: PatchNotes,
    private readonly emit: (piece: string) => void,
  ) {
    this.out = { plan, notes, tails: this.tails, emit };
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
    const ROW = ROW_TAG;
    while (this.next < changed.length) {
      ROW.lastIndex = this.at;
      const m = ROW.exec(xml);
      if (!m || m.index >= this.to) return;
      const rowNumber = rowNumberOf(m[0], plan.sheet);
      if (rowNumber <= this.lastRow) unsupported(`sheet "${plan.sheet}" lists its rows out of order`);
      this.lastRow = rowNumber;
      const bodyFrom = m.index + m[0].length;
      const rowEnd = m[1] === "/" ? bodyFrom : xml.indexOf("</row>", bodyFrom);
      if (rowEnd < 0) unsupported(`sheet "${plan.sheet}": row ${rowNumber} is not closed`);
      const after = m[1] === "/" ? bodyFrom : rowEnd + 6;
      // Rows the plan adds before this one.
      while (this.next < changed.length && changed[this.next] < rowNumber) {
        if (this.copiedFrom < m.index) emit(xml.slice(this.copiedFrom, m.index));
        this.copiedFrom = m.index;
        this.addRow(changed[this.next++]);
      }
      if (this.next < changed.length && changed[this.next] === rowNumber) {
        const row = { number: rowNumber, tag: m[0], at: m.index, bodyFrom, end: rowEnd };
        patchSourceRow(xml, this.copiedFrom, row, plan.at(rowNumber), this.out);
        this.copiedFrom = after;
        this.next++;
      }
      this.at = after;
    }
  }

  /** The source's text up to `to` not yet emitted, then the rows the plan adds after its last row. */
  private finish(): void {
    const changed = this.plan.changed;
    if (this.copiedFrom < this.to) this.emit(this.xml.slice(this.copiedFrom, this.to));
    this.copiedFrom = this.to;
    for (; this.next < changed.length; this.next++) this.addRow(changed[this.next]);
  }

  private addRow(row: number): void {
    this.emit(newRow(row, this.plan.at(row), this.tails, this.plan.height(row)));
  }
}

/** A row's number from its start tag (`<row r="12"…` read in place, as most writers put it first). */
function rowNumberOf(tag: string, sheet: string): number {
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
  const rowAttr = /\sr\s*=\s*"(\d+)"/.exec(tag);
  if (!rowAttr) unsupported(`sheet "${sheet}" has a row without a number`);
  return Number(rowAttr[1]);
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
  emit: (piece: string) => void;
}

/**
 * A changed source row (and the untouched text before it, from `copiedFrom`) into `emit`. A row
 * whose new cells all go after its own, the usual one, is copied as it is with its new cells
 * after: the copy is a slice of the source, so the row's text is never built again.
 */
function patchSourceRow(
  xml: string,
  copiedFrom: number,
  row: SourceRow,
  writes: RowWrites,
  out: RowsOut,
): void {
  const { plan, emit } = out;
  const selfClosing = row.tag.endsWith("/>");
  const body = selfClosing ? "" : xml.slice(row.bodyFrom, row.end);
  const start = withHeight(row.tag, plan.height(row.number));
  const added = writes.size > 0 ? appendedCells(row.number, body, writes, out.tails) : null;
  const open = added !== null ? rowOpenTag(start) : "";
  if (added && open === row.tag) {
    // The row's start tag stays and it gains cells: its text up to </row> (and the untouched text
    // before it) is one slice of the source. One write per row: writing the slice and the new cells
    // apart, which spares flattening them together, measured no faster in the CLI (more writes).
    emit(xml.slice(copiedFrom, row.end) + added + "</row>");
    return;
  }
  if (copiedFrom < row.at) emit(xml.slice(copiedFrom, row.at));
  if (writes.size === 0) emit(selfClosing ? start : `${start}${body}</row>`);
  else if (added === null) emit(patchRow(row.number, start, body, writes, plan, out.notes));
  else if (added !== "" || lastCellStart(body) >= 0 || !isBareRowTag(open)) {
    emit(open);
    if (body) emit(body);
    emit(added + "</row>");
  }
}
