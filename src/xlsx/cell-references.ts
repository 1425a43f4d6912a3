/**
 * Rows and cells written without their reference: CT_Row's `r` and CT_Cell's `r` are optional, and
 * writers built on the Open XML SDK often leave them out (`<row><c t="s"><v>3</v></c>…`). A row
 * without one is the row after the one before it, a cell without one the cell right of the one
 * before it in its row (the first at column A), as LibreOffice and SheetJS read them. The package
 * reader and the patcher find cells by their references, and ExcelJS's reader stops with a
 * TypeError, so such a sheet is read with the references written in. Pure: runs in a browser too
 * (docs/xlsx-round-trip.md, "Rows and cells without a reference").
 */
import { columnIndex } from "../engine/address";
import { letter } from "./cell-xml";
import { tagCutInValue } from "./xml";

/** A worksheet's root element, after the declaration. */
const WORKSHEET_ROOT = /^\uFEFF?(?:<\?xml[^>]*\?>)?\s*<worksheet[\s>]/;
/** How much of a sheet is looked at to tell whether its rows and cells carry references. */
const HEAD_CHARS = 64 * 1024;
/** A row's or a cell's start tag, its attributes in group 2. */
const ROW_OR_CELL = /<(row|c)(?=[\s/>])([^>]*)>/g;
const REFERENCE = /\sr\s*=\s*(["'])([^"']*)\1/;
const CELL_REFERENCE = /^\$?([A-Za-z]{1,3})\$?\d+$/;

/**
 * Whether a worksheet's first row or cell has no reference: a writer that leaves them out does so
 * throughout. A sheet that only lacks one further on is read and patched as it is, by the same rule
 * (read-sheet.ts scanSheetData, patch-rows.ts cellColumnIn and rowNumberOf), and given to ExcelJS
 * with them written in (package.ts packageForExcelJs). Looks at the sheet's first 64 KB.
 */
export function lacksReferences(xml: string): boolean {
  if (!WORKSHEET_ROOT.test(xml)) return false;
  const head = xml.slice(0, HEAD_CHARS);
  const data = head.indexOf("<sheetData");
  if (data < 0) return false;
  const tags = new RegExp(ROW_OR_CELL.source, "g");
  tags.lastIndex = data;
  let seen = 0;
  for (let tag = tags.exec(head); tag && seen < 2; tag = tags.exec(head), seen++) {
    if (!REFERENCE.test(tag[2]!)) return true;
  }
  return false;
}

/**
 * The sheet with every row and cell given its reference, or null when none lacks one or the sheet
 * holds a tag whose first `>` stands inside an attribute value (the tag search would cut it).
 */
export function withCellReferences(xml: string): string | null {
  const start = xml.indexOf("<sheetData");
  const end = xml.lastIndexOf("</sheetData>");
  if (start < 0 || end < start || tagCutInValue(xml) >= 0) return null;
  const pieces: string[] = [];
  let copied = 0;
  let row = 0;
  let col = 0;
  let added = false;
  const tags = new RegExp(ROW_OR_CELL.source, "g");
  tags.lastIndex = start;
  for (let tag = tags.exec(xml); tag && tag.index < end; tag = tags.exec(xml)) {
    const [, name, attributes = ""] = tag;
    const given = REFERENCE.exec(attributes)?.[2];
    if (name === "row") {
      row = given !== undefined && /^\d+$/.test(given) ? Number(given) : row + 1;
      col = 0;
    } else {
      const letters = given !== undefined ? CELL_REFERENCE.exec(given)?.[1] : undefined;
      col = letters ? columnIndex(letters.toUpperCase()) : col + 1;
    }
    if (given !== undefined) continue;
    const at = tag.index + 1 + name!.length;
    const reference = name === "row" ? String(row) : `${letter(col)}${row}`;
    pieces.push(xml.slice(copied, at), ` r="${reference}"`);
    copied = at;
    added = true;
  }
  if (!added) return null;
  pieces.push(xml.slice(copied));
  return pieces.join("");
}
