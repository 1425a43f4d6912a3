/**
 * Whether a worksheet's cells may lie outside a block, read from its bytes without parsing its cells
 * (WorkbookAdapter.contentOutside's quick answer: re-scoring a scored 100,000-row file parsed its
 * owned sheets whole, ~20 MB, for ~1 s). False only when every row is numbered within the block and
 * its last cell's column is within it; true when anything is unsure, and the caller then reads the
 * cells (a cell past the block may hold only a format). Pure: runs in a browser too.
 */
import { lastCellStart, plainCellRef } from "./patch-rows";
import { findSheetData, indexOfByte, indexOfSeq, needle } from "./xml-bytes";

const ROW_OPEN = needle("<row");
const ROW_CLOSE = needle("</row>");

/** A whole number written in ASCII digits at b[from, to), or null. */
function digitsAt(b: Uint8Array, from: number, to: number): number | null {
  if (from >= to || to - from > 9) return null;
  let n = 0;
  for (let i = from; i < to; i++) {
    if (b[i]! < 48 || b[i]! > 57) return null;
    n = n * 10 + (b[i]! - 48);
  }
  return n;
}

/** The number of a row tag written `<row r="12"…` (as Excel and this tool write it), or null. */
function plainRowNumber(b: Uint8Array, at: number, gt: number): number | null {
  // "<row r=\""
  if (b[at + 4] !== 32 || b[at + 5] !== 114 || b[at + 6] !== 61 || b[at + 7] !== 34) return null;
  const close = indexOfByte(b, 34, at + 8, gt);
  return close < 0 ? null : digitsAt(b, at + 8, close);
}

/** The column of the last cell in b[from, to) (0: the row has none), or null when it cannot tell. */
function lastCellColumn(b: Uint8Array, from: number, to: number): number | null {
  const at = lastCellStart(b, from, to);
  if (at < 0) return 0;
  // ` r="AB12"` first, as Excel and this tool write it; "<c>" or another order: unsure.
  return plainCellRef(b, at + 2)?.col ?? null;
}

/** Whether `xml` (a worksheet part) may hold a cell past row `lastRow` or column `lastCol`. */
export function cellsMayReachPast(xml: Uint8Array, lastRow: number, lastCol: number): boolean {
  const data = findSheetData(xml);
  if (!data) return true;
  for (let at = data.start; ;) {
    const open = indexOfSeq(xml, ROW_OPEN, at, data.end);
    if (open < 0) return false;
    const gt = indexOfByte(xml, 62, open, data.end);
    const row = gt < 0 ? null : plainRowNumber(xml, open, gt);
    if (row === null) return true;
    if (xml[gt - 1] === 47) {
      at = gt + 1;
      continue;
    }
    const end = indexOfSeq(xml, ROW_CLOSE, gt, data.end);
    if (end < 0) return true;
    const last = lastCellColumn(xml, gt + 1, end);
    if (last === null || (last > 0 && (row > lastRow || last > lastCol))) return true;
    at = end + ROW_CLOSE.bytes.length;
  }
}
