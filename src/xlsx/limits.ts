/**
 * How large an input may be, checked up front from the zip's central directory (the sizes every
 * part declares) before any part is inflated, so that a small file that unpacks to gigabytes is
 * refused with a message saying it is too large instead of exhausting memory or being called
 * damaged. Pure (bytes in, an error or nothing out): it runs in a browser as in Node.
 *
 * A part is read as one JavaScript string, and V8 holds at most 2^29 − 24 (~536.9M) characters in
 * one: a larger part cannot be read at all, so it is refused before anything is inflated. Excel's
 * last row fits: 1,048,575 rows × 10 columns as Excel writes them (`<c r="J1048575" s="3"><v>12.5</v></c>`,
 * ~35 bytes a cell) is ~360 MB of sheet XML; 30 columns (~1.2 GB) is refused. Real parts compress
 * 5–30:1 (row and cell references keep even a sheet of identical values from compressing
 * further); a deflate bomb reaches ~1,000:1. README.md ("The command line") states them for users.
 */
import { AppError, msg } from "../messages";
import {
  MAX_COMPRESSION_RATIO,
  MAX_PACKAGE_BYTES,
  MAX_PART_BYTES,
  limitBreach,
  type DeclaredPart,
} from "./limit-rules";
import { CENTRAL_HEADER, END_OF_CENTRAL_DIRECTORY } from "./zip-directory";

export {
  MAX_COMPRESSION_RATIO,
  MAX_FILE_BYTES,
  MAX_PACKAGE_BYTES,
  MAX_PART_BYTES,
  RATIO_CHECKED_FROM_BYTES,
  type DeclaredPart,
} from "./limit-rules";

/**
 * The most rows of a sheet one run scores. Memory grows with the rows (the table, its results, the
 * owned sheets and the patched XML): measured peak 0.46 GB at 100,000 rows and 2.07 GB at 500,000,
 * where a browser tab or Node's default heap on a machine of 16 GB gives ~4 GB. A larger sheet is
 * refused before its rows are parsed, before anything is evaluated or written, with a message
 * saying to split it.
 */
export const MAX_SCORED_ROWS = 500_000;
/**
 * Heap one scored row needs, about: 500,000 rows completed with Node's heap held to 2 GB (peak
 * 1.73 GB) and ran out of it at 1 GB, what a machine of 4 GB gets by default.
 */
export const HEAP_BYTES_PER_SCORED_ROW = 4096;

let scoredRowLimit = MAX_SCORED_ROWS;

/**
 * Score at most `rows` rows in a run (never more than MAX_SCORED_ROWS): the CLI sets it from the
 * heap Node was given (scoredRowsForHeap), so a small machine refuses what it would crash on.
 */
export function useScoredRowLimit(rows: number): void {
  scoredRowLimit = Math.min(MAX_SCORED_ROWS, rows);
}

/** The rows a heap of `heapBytes` scores, in thousands: MAX_SCORED_ROWS from a heap of ~2 GB. */
export function scoredRowsForHeap(heapBytes: number): number {
  return Math.min(MAX_SCORED_ROWS, Math.floor(heapBytes / HEAP_BYTES_PER_SCORED_ROW / 1000) * 1000);
}

const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const MAX32 = 0xffffffff;

function u64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
}

/** Where the central directory starts and how many entries it has (zip64 included), or null. */
function directoryOf(view: DataView): { offset: number; count: number } | null {
  const floor = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let end = view.byteLength - 22; end >= floor; end--) {
    if (view.getUint32(end, true) !== END_OF_CENTRAL_DIRECTORY) continue;
    const count = view.getUint16(end + 10, true);
    const offset = view.getUint32(end + 16, true);
    if (count !== 0xffff && offset !== MAX32) return { offset, count };
    // Zip64: a locator right before the end record points at the zip64 end record.
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) return null;
    const record = u64(view, locator + 8);
    if (record + 56 > view.byteLength || view.getUint32(record, true) !== ZIP64_END) return null;
    return { offset: u64(view, record + 48), count: u64(view, record + 32) };
  }
  return null;
}

/** The zip64 extra field's sizes, which replace the 32-bit fields that hold 0xFFFFFFFF. */
function zip64Sizes(view: DataView, extra: number, end: number, part: DeclaredPart): void {
  for (let at = extra; at + 4 <= end;) {
    const id = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (id === ZIP64_EXTRA) {
      let field = at + 4;
      if (part.size === MAX32 && field + 8 <= end) {
        part.size = u64(view, field);
        field += 8;
      }
      if (part.compressedSize === MAX32 && field + 8 <= end) part.compressedSize = u64(view, field);
      return;
    }
    at += 4 + length;
  }
}

/** Every entry the central directory declares, or null when there is no readable directory. */
export function declaredParts(bytes: Uint8Array): DeclaredPart[] | null {
  if (bytes.byteLength < 22) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const directory = directoryOf(view);
  if (!directory) return null;
  const parts: DeclaredPart[] = [];
  const decoder = new TextDecoder();
  let at = directory.offset;
  for (let i = 0; i < directory.count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_HEADER) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const extra = at + 46 + nameLength;
    if (extra + extraLength > view.byteLength) return null;
    const part: DeclaredPart = {
      name: decoder.decode(bytes.subarray(at + 46, extra)),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
    };
    zip64Sizes(view, extra, extra + extraLength, part);
    parts.push(part);
    at = extra + extraLength + view.getUint16(at + 32, true);
  }
  return parts;
}

/** What a zip package that is not .xlsx is, when it is a spreadsheet format a user may pick by mistake. */
function otherSpreadsheetFormat(names: ReadonlySet<string>): "ods" | "xlsb" | null {
  if (names.has("xl/workbook.bin")) return "xlsb";
  if (names.has("mimetype") && names.has("content.xml") && !names.has("[Content_Types].xml")) return "ods";
  return null;
}

/**
 * Refuse, before any part is read, a package that is not .xlsx but another spreadsheet format
 * (.ods, .xlsb: "save as .xlsx") or is too large (a part or the whole beyond the limits above, or
 * a large part compressed beyond what real files reach). A package without a readable central
 * directory passes: the reader says it is damaged.
 */
export function preflightPackage(bytes: Uint8Array, file: string): void {
  const parts = declaredParts(bytes);
  if (!parts) return;
  const format = otherSpreadsheetFormat(new Set(parts.map((p) => p.name)));
  if (format === "ods") throw new AppError(msg("OPENDOCUMENT_FILE", { file }));
  if (format === "xlsb") throw new AppError(msg("BINARY_WORKBOOK", { file }));
  // Zip tools that wrote Windows paths (.NET 4.5's ZipFile did) make a package no part of which is
  // where a reader looks; said as such, not as a workbook without sheets.
  const backslashed = parts.find((p) => /\\[^\\]/.test(p.name));
  if (backslashed)
    throw new AppError(
      msg("DAMAGED", { file, detail: msg("PART_NAME_BACKSLASH", { part: backslashed.name }) }),
    );
  const breach = limitBreach(parts);
  if (!breach) return;
  if (breach.kind === "total")
    throw new AppError(msg("TOO_LARGE_TOTAL", { file, size: breach.total, limit: MAX_PACKAGE_BYTES }));
  const { part } = breach;
  if (breach.kind === "part")
    throw new AppError(
      msg("TOO_LARGE_PART", { file, part: part.name, size: part.size, limit: MAX_PART_BYTES }),
    );
  throw new AppError(
    msg("OVER_COMPRESSED", {
      file,
      part: part.name,
      size: part.size,
      compressed: part.compressedSize,
      ratio: MAX_COMPRESSION_RATIO,
    }),
  );
}

/** Refuse a sheet of more rows than one run scores (useScoredRowLimit), before it is evaluated. */
export function checkScoredRows(sheet: string, rows: number): void {
  if (rows > scoredRowLimit) throw new AppError(msg("TOO_MANY_ROWS", { sheet, rows, limit: scoredRowLimit }));
}
