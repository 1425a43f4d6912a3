/**
 * Read a workbook's sheet list and one worksheet into the plain SheetModel straight from the
 * package's XML text, without building ExcelJS's model of every cell (which costs ~33 µs and
 * ~3 KB per row). Pure: it is given the parts' text (the caller inflates them), so it runs in a
 * browser as well as in Node.
 *
 * It reads what ExcelJS's reader gives the adapter (values, merges, hidden rows and columns, the
 * sheet list, the active tab) and a formula's cached result exactly as stored, including the 0,
 * FALSE and "" results ExcelJS drops. What it does not understand (prefixed SpreadsheetML, XML
 * comments or CDATA inside the cells, strict-OOXML namespaces) makes it return null, and the
 * caller reads through ExcelJS instead. SpreadsheetML reference: ECMA-376 Part 1, §18.3 (sheet),
 * §18.4 (shared strings), §18.8 (styles) and §18.2 (workbook).
 */
import type { RawCell } from "../engine/types";
import type { CellRect, SheetModel, SheetVisibility } from "../workbook/model";
import { relsPath, resolvePart, unescapeXml, xmlAttributes } from "./xml";

/** A part's text by its name in the package, or undefined when the package has no such part. */
export type PartText = (part: string) => string | undefined;

export interface PackageSheet {
  name: string;
  visibility: SheetVisibility;
  /** The worksheet part, e.g. "xl/worksheets/sheet1.xml". */
  part: string;
}

export interface PackageWorkbook {
  /** Worksheets in tab order (chart sheets and dialog sheets are left out, as ExcelJS does). */
  sheets: PackageSheet[];
  /** The worksheet that was the active tab, when it is one. */
  activeSheet?: string;
  date1904: boolean;
  sharedStringsPart?: string;
  stylesPart?: string;
}

const NS_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WORKSHEET_TYPE = `${NS_RELATIONSHIPS}/worksheet`;

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

function relationships(xml: string | undefined): Relationship[] {
  if (!xml) return [];
  const out: Relationship[] = [];
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    out.push({
      id: a.get("Id") ?? "",
      type: a.get("Type") ?? "",
      target: a.get("Target") ?? "",
      external: a.get("TargetMode") === "External",
    });
  }
  return out;
}

/** Unprefixed root element (after the declaration and comments), e.g. `<worksheet `. */
function hasPlainRoot(xml: string, root: string): boolean {
  return new RegExp(`^(?:\\s|<\\?[\\s\\S]*?\\?>|<!--[\\s\\S]*?-->)*<${root}[\\s>]`).test(xml);
}

function isTrue(value: string | undefined): boolean {
  return value === "1" || value === "true";
}

/** The workbook's worksheets and where its shared strings and styles are; null when not plain SpreadsheetML. */
export function readPackageWorkbook(text: PartText): PackageWorkbook | null {
  const officeDocument = relationships(text("_rels/.rels")).find(
    (r) => r.type.endsWith("/officeDocument") && !r.external,
  );
  if (!officeDocument) return null;
  const workbookPart = resolvePart("", officeDocument.target);
  const workbookXml = text(workbookPart);
  if (!workbookXml || !hasPlainRoot(workbookXml, "workbook")) return null;
  const rels = relationships(text(relsPath(workbookPart)));
  const rootTag = /<workbook\b[^>]*>/.exec(workbookXml)?.[0] ?? "";
  const rPrefix = [...xmlAttributes(rootTag)]
    .find(([k, v]) => k.startsWith("xmlns:") && v === NS_RELATIONSHIPS)?.[0]
    .slice(6);
  if (!rPrefix) return null;
  const target = (suffix: string) => {
    const rel = rels.find((r) => r.type.endsWith(suffix) && !r.external);
    return rel ? resolvePart(workbookPart, rel.target) : undefined;
  };
  const sheets: PackageSheet[] = [];
  const tabs: (PackageSheet | undefined)[] = [];
  const sheetsBlock = /<sheets\b[^>]*>([\s\S]*?)<\/sheets>/.exec(workbookXml)?.[1] ?? "";
  for (const m of sheetsBlock.matchAll(/<sheet\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    const rel = rels.find((r) => r.id === a.get(`${rPrefix}:id`));
    const state = a.get("state");
    const sheet: PackageSheet | undefined =
      rel && !rel.external && rel.type === WORKSHEET_TYPE
        ? {
            name: unescapeXml(a.get("name") ?? ""),
            visibility: state === "hidden" || state === "veryHidden" ? state : "visible",
            part: resolvePart(workbookPart, rel.target),
          }
        : undefined;
    tabs.push(sheet);
    if (sheet) sheets.push(sheet);
  }
  const view = /<workbookView\b[^>]*>/.exec(workbookXml);
  const activeTab = Number(view ? (xmlAttributes(view[0]).get("activeTab") ?? 0) : 0);
  const workbookPr = /<workbookPr\b[^>]*>/.exec(workbookXml);
  return {
    sheets,
    activeSheet: tabs[Number.isInteger(activeTab) ? activeTab : 0]?.name,
    date1904: workbookPr ? isTrue(xmlAttributes(workbookPr[0]).get("date1904")) : false,
    sharedStringsPart: target("/sharedStrings"),
    stylesPart: target("/styles"),
  };
}

/** Excel's `_xHHHH_` escapes (characters XML cannot carry), as Excel reads them in cell text. */
function decodeExcelText(text: string): string {
  return text.includes("_x")
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

/** The text of a string item (`<si>` or `<is>`): its `<t>` runs, phonetic guides (`<rPh>`) left out. */
function stringItemText(inner: string): string {
  const body = inner.includes("<rPh") ? inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "") : inner;
  let out = "";
  for (const m of body.matchAll(/<t\b[^>]*?(?:\/>|>([^<]*)<\/t>)/g)) out += m[1] ?? "";
  return decodeExcelText(unescapeXml(out));
}

export function readSharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  for (const m of xml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) out.push(stringItemText(m[1] ?? ""));
  return out;
}

/**
 * Built-in number formats that show dates or times: ids 14–22 and 45–47 everywhere, and the East
 * Asian date formats 27–36 and 50–58 (ECMA-376 Part 1, §18.8.30). ExcelJS treats only the first
 * group as dates; the second is how Chinese Excel stores 2026年5月18日.
 */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** A custom format code shows a date when, outside quotes and [brackets], it names a date or time part. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]/.test(bare);
}

/** For each cell style index (`s`), whether its number format shows a date. */
export function readDateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    custom.set(Number(a.get("numFmtId")), unescapeXml(a.get("formatCode") ?? ""));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? "";
  const out: boolean[] = [];
  for (const m of cellXfs.matchAll(/<xf\b[^>]*>/g)) {
    const id = Number(xmlAttributes(m[0]).get("numFmtId") ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return out;
}

/** What a sheet's cells are read with: the workbook's shared strings, date styles and date system. */
export interface CellContext {
  sharedStrings: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/** What the reader noticed that the user should hear about. */
export interface ReadNotes {
  /** Formula cells without a cached result (files written by tools that do not calculate). */
  uncachedFormulas: string[];
}

/** An Excel serial date as a Date (UTC), as ExcelJS converts it. */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

const CELL_REF = /\sr\s*=\s*"([A-Z]{1,3})(\d+)"/;
const STYLE_ATTR = /\ss\s*=\s*"(\d+)"/;
const TYPE_ATTR = /\st\s*=\s*"(\w+)"/;
const ROW_NUMBER = /\sr\s*=\s*"(\d+)"/;
const HIDDEN_ATTR = /\shidden\s*=\s*"(?:1|true)"/;
const VALUE = /<v(?:\s[^>]*)?>([^<]*)<\/v>/;

/** A cell's value from its `t` attribute and stored text; a formula's cached result likewise. */
function cellValue(type: string | undefined, stored: string, style: number, context: CellContext): RawCell {
  switch (type) {
    case "s":
      return context.sharedStrings[Number(stored)] ?? null;
    case "str":
      return unescapeXml(stored);
    case "b":
      return Number(stored) !== 0;
    case "e":
      return { error: unescapeXml(stored) };
    case "d": {
      const date = new Date(stored.trim());
      return Number.isNaN(date.getTime()) ? unescapeXml(stored) : date;
    }
    default: {
      const n = parseFloat(stored);
      if (Number.isNaN(n)) return null;
      return context.dateStyles[style] ? serialToDate(n, context.date1904) : n;
    }
  }
}

/** One `<c>`'s value: null for an empty cell or a formula without a cached result (noted). */
function readCell(
  attrs: string,
  inner: string,
  ref: string,
  context: CellContext,
  notes?: ReadNotes,
): RawCell {
  const type = TYPE_ATTR.exec(attrs)?.[1];
  const style = Number(STYLE_ATTR.exec(attrs)?.[1] ?? 0);
  if (type === "inlineStr" && !inner.includes("<f")) {
    const is = /<is\b[^>]*>([\s\S]*?)<\/is>/.exec(inner);
    return is ? stringItemText(is[1]) : null;
  }
  const value = VALUE.exec(inner);
  if (inner.includes("<f")) {
    // The cached result, as stored: "0" is 0, not blank (ExcelJS drops falsy results).
    if (!value || (value[1] === "" && type !== "str")) {
      notes?.uncachedFormulas.push(ref);
      return null;
    }
    return cellValue(type, value[1], style, context);
  }
  return value ? cellValue(type, value[1], style, context) : null;
}

function letterOf(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface ScannedCells {
  rows: RawCell[][];
  hiddenRows: number[];
}

/** The `<sheetData>` body: every non-blank value by row and column, and the hidden rows. */
function scanSheetData(body: string, context: CellContext, notes?: ReadNotes): ScannedCells {
  const rows: RawCell[][] = [];
  const hiddenRows: number[] = [];
  const token = /<row\b([^>]*?)(\/?)>|<c\b([^>]*?)(\/?)>/g;
  let rowNumber = 0;
  let col = 0;
  let cells: RawCell[] | undefined;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    if (m[1] !== undefined) {
      const r = ROW_NUMBER.exec(m[1]);
      rowNumber = r ? Number(r[1]) : rowNumber + 1;
      col = 0;
      cells = undefined;
      if (HIDDEN_ATTR.test(m[1])) hiddenRows.push(rowNumber);
      continue;
    }
    const attrs = m[3];
    const ref = CELL_REF.exec(attrs);
    col = ref ? columnNumber(ref[1]) : col + 1;
    if (m[4] === "/") continue;
    const end = body.indexOf("</c>", token.lastIndex);
    if (end < 0) break;
    const inner = body.slice(token.lastIndex, end);
    token.lastIndex = end + 4;
    const raw = readCell(attrs, inner, ref ? ref[1] + ref[2] : letterOf(col) + rowNumber, context, notes);
    if (raw === null || raw === "") continue;
    if (!cells) cells = rows[rowNumber - 1] = [];
    while (cells.length < col - 1) cells.push(null);
    cells[col - 1] = raw;
  }
  return { rows, hiddenRows };
}

function parseRef(ref: string): CellRect | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  const left = columnNumber(m[1]);
  const top = Number(m[2]);
  const right = m[3] ? columnNumber(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  return {
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom),
    right: Math.max(left, right),
  };
}

function readMerges(xml: string): CellRect[] {
  const out: CellRect[] = [];
  for (const m of xml.matchAll(/<mergeCell\b[^>]*>/g)) {
    const rect = parseRef(xmlAttributes(m[0]).get("ref") ?? "");
    if (rect) out.push(rect);
  }
  return out.sort((a, b) => a.top - b.top || a.left - b.left);
}

function readHiddenColumns(xml: string): number[] {
  const hidden = new Set<number>();
  for (const m of xml.matchAll(/<col\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    if (!isTrue(a.get("hidden"))) continue;
    const min = Number(a.get("min"));
    const max = Number(a.get("max"));
    if (!Number.isInteger(min) || !Number.isInteger(max)) continue;
    for (let c = Math.max(1, min); c <= Math.min(max, 16_384); c++) hidden.add(c);
  }
  return [...hidden].sort((a, b) => a - b);
}

/** A merged range's value belongs to its top-left cell only, as in Excel itself. */
function clearMergedCells(rows: RawCell[][], merges: readonly CellRect[]): void {
  for (const m of merges) {
    for (let r = m.top; r <= Math.min(m.bottom, rows.length); r++) {
      const cells = rows[r - 1];
      if (!cells) continue;
      for (let c = m.left; c <= Math.min(m.right, cells.length); c++)
        if (r !== m.top || c !== m.left) cells[c - 1] = null;
    }
  }
}

/** Rows padded to the widest non-blank row, trailing blank rows dropped. */
function rectangular(rows: RawCell[][]): RawCell[][] {
  let width = 0;
  let height = 0;
  for (let r = 0; r < rows.length; r++) {
    const cells = rows[r];
    if (!cells) continue;
    let last = cells.length;
    while (last > 0 && (cells[last - 1] === null || cells[last - 1] === "")) last--;
    cells.length = last;
    if (last > 0) height = r + 1;
    if (last > width) width = last;
  }
  const values: RawCell[][] = new Array(height);
  for (let r = 0; r < height; r++) {
    const cells = rows[r] ?? [];
    while (cells.length < width) cells.push(null);
    values[r] = cells;
  }
  return values;
}

/**
 * A worksheet part's XML as the plain SheetModel, or null when it holds constructs this reader does
 * not read (the caller then reads it through ExcelJS).
 */
export function readWorksheetXml(
  name: string,
  xml: string,
  context: CellContext,
  notes?: ReadNotes,
): SheetModel | null {
  if (!hasPlainRoot(xml, "worksheet")) return null;
  const open = /<sheetData\b[^>]*?(\/?)>/.exec(xml);
  if (!open) return null;
  const bodyStart = open.index + open[0].length;
  const bodyEnd = open[1] === "/" ? bodyStart : xml.indexOf("</sheetData>", bodyStart);
  if (bodyEnd < 0) return null;
  const body = xml.slice(bodyStart, bodyEnd);
  // A comment or CDATA section among the cells could hide or fake a tag from this scanner.
  if (body.includes("<!--") || body.includes("<![CDATA[")) return null;
  const outside = xml.slice(0, open.index) + xml.slice(bodyEnd);
  const merges = readMerges(outside);
  const { rows, hiddenRows } = scanSheetData(body, context, notes);
  clearMergedCells(rows, merges);
  return { name, values: rectangular(rows), merges, hiddenRows, hiddenColumns: readHiddenColumns(outside) };
}
