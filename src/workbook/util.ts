/**
 * Small helpers shared by the workbook layer: cell text, blank tests, bilingual notices.
 * Nothing here knows about rubrics; header matching and A1 addressing stay in the engine.
 */
import type { Lang, RawCell } from "../engine/types";
import type { Message } from "../messages";
import type { SheetModel } from "./model";

/**
 * Something the user should know about a run, as a catalogue message (src/messages): its code is
 * stable, and the task pane renders it in either language without recomputing.
 */
export type Notice = Message;

export function pick(lang: Lang, zh: string, en: string): string {
  return lang === "en" ? en : zh;
}

/** The cell at 1-based (row, col), or null outside the model. */
export function cellAt(sheet: SheetModel, row: number, col: number): RawCell {
  const line = sheet.values[row - 1];
  if (!line) return null;
  return line[col - 1] ?? null;
}

export function isBlank(v: RawCell): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === "string") return v.trim() === "";
  return false;
}

/** The text a user sees in a header or name cell (numbers as typed, dates as ISO day). */
export function cellText(v: RawCell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  return v.error;
}

/** Number of columns the model holds (the widest row). */
export function sheetWidth(sheet: SheetModel): number {
  let w = 0;
  const lines = sheet.values;
  // Indexed: a for…of allocates an iterator result per row until V8 optimises the loop.
  for (let i = 0; i < lines.length; i++) if (lines[i] && lines[i].length > w) w = lines[i].length;
  return w;
}

/** The last row (1-based) holding anything non-blank, 0 for an empty sheet. */
export function lastNonBlankRow(sheet: SheetModel): number {
  for (let r = sheet.values.length; r >= 1; r--) {
    const line = sheet.values[r - 1];
    if (line && line.some((v) => !isBlank(v))) return r;
  }
  return 0;
}

/**
 * Whether every character is one that folding leaves as it is (digits, a–z, CJK ideographs
 * U+4E00–U+9FFF: no compatibility form, no case, no space), as in most branch names ("第28党支部"):
 * those are not normalised again, one name per table row.
 */
function isFolded(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x4e00 && c <= 0x9fff))) return false;
  }
  return true;
}

/**
 * Folds the forms a typed label takes (full-width letters, ideographic spaces, line breaks) so that
 * labels such as 合计 / "合 计" / "合\u3000计" compare equal. Header matching proper is the engine's.
 */
export function foldText(text: string): string {
  if (isFolded(text)) return text;
  return text
    .normalize("NFKC")
    .replace(/[\s\u3000]+/g, "")
    .toLowerCase();
}

/** Half-up rounding on the decimal text, good enough for display statistics (means, shares). */
export function roundTo(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const shifted = Number(`${Math.abs(x)}e${decimals}`);
  const rounded = Number(`${Math.round(shifted)}e-${decimals}`);
  return x < 0 ? -rounded : rounded;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "2026-11-26 18:30" in the machine's local time (what the office sees on its clock). */
export function formatLocalTime(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(
    d.getMinutes(),
  )}`;
}

/** Display width of one character code in Excel column units (CJK and full-width are about two). */
function charWidth(code: number): number {
  // Surrogate pairs (rare in names) count once, as one wide character.
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  // ★☆ and the geometric shapes (■□ of 评定汇总's bar) print full width in the CJK fonts.
  return code >= 0x2e80 || code === 0x2605 || code === 0x2606 || (code >= 0x25a0 && code <= 0x25ff) ? 2 : 1;
}

/** A text cut at `chars` characters (code points), "…" marking the cut: a cell quoted in a message. */
export function clipped(text: string, chars: number): string {
  const all = [...text];
  return all.length <= chars ? text : all.slice(0, chars).join("") + "…";
}

/** Display width of text in Excel column units (CJK and full-width characters are about two). */
export function displayWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) w += charWidth(text.charCodeAt(i));
  return w;
}

/**
 * A wrapped line breaks at words and punctuation (a line may not start with 」 or ，), so it holds
 * less than the column's width: a text that needs more than one line is counted this much longer.
 * Rendered through LibreOffice, the examples' 评定标记 took a fifth more lines than width alone says.
 */
const WRAP_LOSS = 1.2;

/** Lines a text takes when wrapped in a column `width` units wide (explicit line breaks count). */
export function wrappedLines(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  // No character is wider than two units: a short line fits without being measured. Most cells
  // are one short line, and row heights are estimated for every row of a 100,000-row table.
  if (text.length * 2 <= usable && !text.includes("\n")) return 1;
  // One pass over the characters, each line measured as it ends (no split: a long table measures
  // tens of thousands of texts).
  let lines = 0;
  let w = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x0a;
    if (code !== 0x0a) {
      w += charWidth(code);
      continue;
    }
    lines += w <= usable ? 1 : Math.ceil((w * WRAP_LOSS) / usable);
    w = 0;
  }
  return lines;
}

/**
 * Points per wrapped line of an 11-point font: Excel's default row is 14.25–15 points, but a CJK
 * line (Noto Sans CJK, 宋体 in LibreOffice) takes about 16, and a bottom-aligned cell whose text
 * needs more than its row cuts the first line off; 16.5 leaves room in both.
 */
export const LINE_HEIGHT = 16.5;
