/**
 * Cell text as SpreadsheetML stores it. Excel reads `_xHHHH_` in cell text as an escaped character
 * (how it stores characters XML cannot carry), so a literal "_x0041_" is stored as "_x005F_x0041_".
 * ExcelJS decodes them when it reads shared strings (so the reader needs nothing) but never encodes
 * them: both writers encode through here.
 */

/** Excel refuses to open a file whose cell holds more characters than this. */
export const EXCEL_CELL_TEXT_LIMIT = 32_767;

// Control characters are exactly what these patterns are for.
// eslint-disable-next-line no-control-regex
const NEEDS_ENCODING = /[\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;

/** Text → the form stored in the file (before XML escaping, which the XML writer does). */
export function encodeExcelText(text: string): string {
  if (!NEEDS_ENCODING.test(text)) return text;
  return text.replace(/_(x[0-9a-fA-F]{4}_)/g, "_x005F_$1").replace(
    // eslint-disable-next-line no-control-regex
    /[\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`,
  );
}

/** What escapeCellText changes: Excel's escapes (NEEDS_ENCODING) or XML's (&, <, >). */
const NEEDS_ESCAPE = new RegExp(`[&<>]|${NEEDS_ENCODING.source}`);

/**
 * Cell text as element content: Excel's own escapes first, then XML's. Most cell text needs
 * neither, and is then returned after one search instead of two.
 */
export function escapeCellText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  const stored = encodeExcelText(text);
  return /[&<>]/.test(stored)
    ? stored.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    : stored;
}

/** Whether text needs xml:space="preserve" to keep its spaces: leading or trailing white space, a line break or a tab. */
export function needsSpacePreserved(text: string): boolean {
  if (text.length === 0) return false;
  return (
    isWhiteSpace(text.charCodeAt(0)) ||
    isWhiteSpace(text.charCodeAt(text.length - 1)) ||
    text.includes("\n") ||
    text.includes("\t")
  );
}

/** `\s` of a regular expression (ECMAScript's white space and line terminators), for one UTF-16 code unit. */
export function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Text cut to Excel's cell limit, ending in "…", never through the middle of a surrogate pair (an emoji). */
export function clipCellText(text: string): string {
  if (text.length <= EXCEL_CELL_TEXT_LIMIT) return text;
  let end = EXCEL_CELL_TEXT_LIMIT - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + "…";
}
