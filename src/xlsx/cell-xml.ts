/**
 * The XML of the cells the package patcher writes (patch.ts): result cells in a user's sheet and
 * every cell of a sheet the tool owns. At 100,000 rows that is ~900,000 cells whose style and value
 * mostly repeat from row to row (a tier's name, a total, 评先资格), so what follows a cell's
 * reference is made once per style and value (`CellTails`) rather than escaped and assembled again
 * for every cell (docs/xlsx-round-trip.md, "Scale"). Pure: runs in a browser too.
 */
import { columnLetter } from "../engine/address";
import { KEEP_VALUE, type PlannedValue } from "./planned-cells";
import { clipCellText, escapeCellText, needsSpacePreserved } from "./text";

const letters: string[] = [];
export function letter(col: number): string {
  return (letters[col] ??= columnLetter(col));
}

const openings: string[] = [];
/** `<c r="` and the column's letters: a cell's XML up to its row number. */
export function cellOpening(col: number): string {
  return (openings[col] ??= `<c r="${letter(col)}`);
}

function numberText(n: number): string {
  return Object.is(n, -0) ? "0" : String(n);
}

/** A cell's XML after `<c r="A1`: the reference's closing quote, its style, type and value. */
function cellTail(style: number, value: PlannedValue): string {
  const s = style > 0 ? `" s="${style}"` : '"';
  if (value === null || value === KEEP_VALUE) return `${s}/>`;
  if (typeof value === "number")
    return Number.isFinite(value) ? `${s}><v>${numberText(value)}</v></c>` : `${s} t="e"><v>#NUM!</v></c>`;
  if (typeof value === "boolean") return `${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  // Inline text is text whatever it looks like: "=SUM(A1)" is never a formula without an <f>.
  const text = clipCellText(value);
  const space = needsSpacePreserved(text) ? ' xml:space="preserve"' : "";
  return `${s} t="inlineStr"><is><t${space}>${escapeCellText(text)}</t></is></c>`;
}

/** A cell's XML (`style` a cellXfs index, 0 for none). */
export function cellXml(ref: string, style: number, value: PlannedValue): string {
  return `<c r="${ref}` + cellTail(style, value);
}

/** How many tails a CellTails keeps, and the longest text it keeps one for. */
const MAX_TAILS = 4096;
const MAX_TAIL_TEXT = 256;
/** Values of a column looked up before it is judged: one whose values mostly differ is then not looked up. */
const SAMPLE = 512;

/**
 * Cell tails (what follows `<c r="A1`) made once per style and value. A column whose values mostly
 * differ (a flag's text naming its cell, a branch's name) is not looked up once SAMPLE of its
 * values have been (a lookup of a new text reads it whole), and at most MAX_TAILS are kept, so the
 * cache holds the values that repeat and never grows with the sheet. Whole numbers (a 序号) are
 * quick to write and are never looked up.
 */
export class CellTails {
  private readonly byStyle = new Map<number, Map<PlannedValue, string>>();
  private kept = 0;
  private readonly styleText: string[] = [];
  private readonly looked: number[] = [];
  private readonly missed: number[] = [];

  /** Cell (`col`, the row whose number is `rowText`)'s XML. */
  cell(col: number, rowText: string, style: number, value: PlannedValue): string {
    return cellOpening(col) + rowText + this.tail(col, style, value);
  }

  private tail(col: number, style: number, value: PlannedValue): string {
    if (typeof value === "number" && Number.isInteger(value) && !Object.is(value, -0))
      return `${this.styled(style)}><v>${value}</v></c>`;
    const looked = this.looked[col] ?? 0;
    const missed = this.missed[col] ?? 0;
    if (looked >= SAMPLE && missed * 2 > looked) return cellTail(style, value);
    let tails = this.byStyle.get(style);
    if (tails === undefined) this.byStyle.set(style, (tails = new Map()));
    let tail = tails.get(value);
    if (looked < SAMPLE) this.looked[col] = looked + 1;
    if (tail === undefined) {
      tail = cellTail(style, value);
      if (looked < SAMPLE) this.missed[col] = missed + 1;
      const short = typeof value !== "string" || value.length <= MAX_TAIL_TEXT;
      if (this.kept < MAX_TAILS && short) {
        tails.set(value, tail);
        this.kept++;
      }
    }
    return tail;
  }

  /** `"` and the style attribute: how every tail of `style` starts. */
  private styled(style: number): string {
    return (this.styleText[style] ??= style > 0 ? `" s="${style}"` : '"');
  }
}
