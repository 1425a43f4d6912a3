/**
 * Searching and slicing a part's UTF-8 bytes as the reader and patcher read a large sheet's rows:
 * the rows are never decoded into one string (at 100,000 rows a 32 MB string took ~115 ms to make,
 * its copy into the output as long again; docs/xlsx-round-trip.md, "Scale"). Every delimiter the
 * XML uses is ASCII, and no byte of a multi-byte UTF-8 character is, so offsets found by these
 * searches always fall between characters: a slice decodes to what slicing the decoded text gives.
 * Pure: runs in a browser too.
 */

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * The bytes as a plain Uint8Array (a Node Buffer viewed as one): the scans index one kind of array
 * only, which V8 compiles to plain loads; a Buffer here and there made them several times slower.
 */
export function plainBytes(b: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(b) === Uint8Array.prototype
    ? b
    : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** A text's UTF-8 bytes. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Where byte `code` first occurs in b[from, to), or -1. A loop: TypedArray indexOf measured slower
 * for the short distances a sheet's tags lie apart.
 */
export function indexOfByte(b: Uint8Array, code: number, from: number, to = b.length): number {
  for (let i = from; i < to; i++) if (b[i] === code) return i;
  return -1;
}

/**
 * Bytes a sheet's rows are full of (tag punctuation, digits, cell references, the letters of
 * `<c r= s= t=><v>`): a search looks for a needle's first byte not among them, which occurs far
 * less often than its "<".
 */
const COMMON_BYTES = new Set(
  [...'<>/="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZcrstv .'].map((c) => c.charCodeAt(0)),
);

/** A needle and the offset of the byte its search looks for. */
export interface Needle {
  bytes: Uint8Array;
  anchor: number;
}

/** A string of ASCII characters as a needle for indexOfSeq. */
export function needle(text: string): Needle {
  const bytes = utf8Bytes(text);
  const anchor = bytes.findIndex((c) => !COMMON_BYTES.has(c));
  return { bytes, anchor: anchor < 0 ? 0 : anchor };
}

/**
 * indexOfSeq for a needle expected far away (the end of `<sheetData>`, past every row): its anchor
 * byte is found by the array's own indexOf, which scans a long way in a fraction of a loop's time
 * (a loop run once over 32 MB, before V8 optimises it, took 30–70 ms; indexOf ~9 ms).
 */
export function indexOfSeqFar(b: Uint8Array, needle: Needle, from: number): number {
  const { bytes, anchor } = needle;
  const code = bytes[anchor];
  for (let i = b.indexOf(code, from + anchor); i >= 0; i = b.indexOf(code, i + 1)) {
    const start = i - anchor;
    if (seqAt(b, start, bytes)) return start;
  }
  return -1;
}

/** Where `needle` first starts in b[from, to) (it lies wholly before `to`), or -1. */
export function indexOfSeq(b: Uint8Array, needle: Needle, from: number, to = b.length): number {
  const { bytes, anchor } = needle;
  const code = bytes[anchor];
  const end = to - bytes.length + anchor + 1;
  for (let i = indexOfByte(b, code, from + anchor, end); i >= 0; i = indexOfByte(b, code, i + 1, end)) {
    const start = i - anchor;
    let k = 0;
    while (k < bytes.length && b[start + k] === bytes[k]) k++;
    if (k === bytes.length) return start;
  }
  return -1;
}

/**
 * Where `needle` last starts at or before `at` (as String's lastIndexOf with a position), or -1.
 * A loop from the end: the tails of a sheet it reads (lastValueRow) are short.
 */
export function lastIndexOfSeq(b: Uint8Array, needle: Uint8Array, at: number): number {
  for (let i = Math.min(at, b.length - needle.length); i >= 0; i--) if (seqAt(b, i, needle)) return i;
  return -1;
}

/** Whether `needle` is written at b[at…]. */
export function seqAt(b: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at < 0 || at + needle.length > b.length) return false;
  for (let k = 0; k < needle.length; k++) if (b[at + k] !== needle[k]) return false;
  return true;
}

/** Short pieces (a tag's attributes, a number) are made a character at a time when they are ASCII. */
const SHORT_TEXT = 32;

/** b[from, to) decoded (as slicing the decoded part would give). */
export function textAt(b: Uint8Array, from: number, to: number): string {
  if (to - from <= SHORT_TEXT) {
    let text = "";
    for (let i = from; i < to; i++) {
      const c = b[i];
      if (c >= 0x80) return decoder.decode(b.subarray(from, to));
      text += String.fromCharCode(c);
    }
    return text;
  }
  return decoder.decode(b.subarray(from, to));
}

/** Whether b[from, to) is XML white space only. */
export function isBlankAt(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** Where a worksheet's `<sheetData>` body lies in its bytes, and its XML around the body as text. */
export interface SheetDataBytes {
  /** Where the `<sheetData…>` start tag begins, and whether it closes itself. */
  open: number;
  selfClosing: boolean;
  /** The body, b[start, end): the rows. */
  start: number;
  end: number;
  /** The XML before the start tag and from `</sheetData>` (or after a self-closing tag) on. */
  before: string;
  after: string;
}

const SHEET_DATA = needle("<sheetData");
const SHEET_DATA_CLOSE = needle("</sheetData>");

/** Whether a byte may continue an XML name as `\b` sees it (a word character). */
export function isWordByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Where the first `<sheetData` start tag begins (what /<sheetData\b/ finds), or -1. */
export function sheetDataStart(b: Uint8Array): number {
  let open = indexOfSeq(b, SHEET_DATA, 0);
  while (open >= 0 && isWordByte(b[open + SHEET_DATA.bytes.length]))
    open = indexOfSeq(b, SHEET_DATA, open + 1);
  return open;
}

/**
 * A worksheet's `<sheetData>` body and the XML around it (the first `<sheetData` start tag, as the
 * reader and patcher have always taken it); null when the part has none or it is not closed.
 */
export function findSheetData(b: Uint8Array): SheetDataBytes | null {
  const open = sheetDataStart(b);
  if (open < 0) return null;
  const gt = indexOfByte(b, 62, open);
  if (gt < 0) return null;
  const selfClosing = b[gt - 1] === 47;
  const start = gt + 1;
  const end = selfClosing ? start : indexOfSeqFar(b, SHEET_DATA_CLOSE, start);
  if (end < 0) return null;
  return { open, selfClosing, start, end, before: textAt(b, 0, open), after: textAt(b, end, b.length) };
}

/**
 * Element names whose start or end tag among a sheet's rows makes the patcher check the whole part's
 * text (patch.ts checkedSheetCut): the elements it counts, and the markup-compatibility wrapper.
 */
const CHECKED_NAMES = [
  "dimension",
  "cols",
  "sheetData",
  "mergeCells",
  "sheetPr",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "AlternateContent",
].map((name) => utf8Bytes(name));

/** A row's extension list, whose row the patcher rebuilds rather than appending cells after it. */
const EXT_LST_NAME = utf8Bytes("extLst");

/**
 * Whether the tag at b[lt] ("<") is one the patcher looks for in a sheet's rows: markup (`<!`,
 * `<?`), a prefixed element, an element of CHECKED_NAMES (its checks of the part), or one whose
 * name starts `extLst` (patch-rows.ts keptCellsEnd). Machine-written rows have none.
 */
export function tagConcernsChecks(b: Uint8Array, lt: number, to: number): boolean {
  let at = lt + 1;
  if (b[at] === 33 || b[at] === 63) return true;
  if (b[at] === 47) at++;
  let end = at;
  while (end < to && isWordByte(b[end])) end++;
  if (b[end] === 58) return true;
  const length = end - at;
  if (length >= 6 && seqAt(b, at, EXT_LST_NAME)) return true;
  return length >= 4 && CHECKED_NAMES.some((name) => name.length === length && seqAt(b, at, name));
}
