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
import { addFormulaRow, type FormulaRuns } from "../workbook/formula-runs";
import type { CellRect, SheetModel, SheetVisibility } from "../workbook/model";
import { EXCEL_LAST_COLUMN, EXCEL_LAST_ROW } from "../workbook/writeplan";
import {
  NS_RELATIONSHIPS,
  parseRelationships,
  prefixInScope,
  quoteLeftOpen,
  relsPath,
  resolvePart,
  tagCutInValue,
  unescapeXml,
  xmlAttributes,
  xmlBoolean,
  type Relationship,
} from "./xml";
import { sheetSetsUpPrinting, sheetsWithPrintArea, sheetsWithPrintNames } from "./print";
import { sheetIsProtected, workbookLocks, type WorkbookLocks } from "./protection";
import {
  findSheetData,
  indexOfByte,
  indexOfSeq,
  lastIndexOfSeq,
  needle,
  plainBytes,
  seqAt,
  tagConcernsChecks,
  textAt,
  utf8Bytes,
} from "./xml-bytes";
import { xmlFault } from "./well-formed";

/** A part's text by its name in the package, or undefined when the package has no such part. */
export type PartText = (part: string) => string | undefined;

export interface PackageSheet {
  name: string;
  visibility: SheetVisibility;
  /** The worksheet part, e.g. "xl/worksheets/sheet1.xml". */
  part: string;
  /** The workbook names print titles or a print area for it (a page setup of the user's, SPEC §5). */
  printNames?: boolean;
  /** A print area is set (always the user's: this tool sets none). */
  printArea?: boolean;
}

export interface PackageWorkbook {
  /** Worksheets in tab order (chart sheets and dialog sheets are left out, as ExcelJS does). */
  sheets: PackageSheet[];
  /** The worksheet that was the active tab, when it is one. */
  activeSheet?: string;
  date1904: boolean;
  /**
   * `<calcPr fullCalcOnLoad="1">`: the writer asks for every formula to be calculated on opening, as
   * generators that calculate nothing do (XlsxWriter stores 0 as every formula's result).
   */
  recalcOnLoad: boolean;
  sharedStringsPart?: string;
  stylesPart?: string;
  /** The workbook's own protection (「保护工作簿」): what the writers must not change or drop. */
  locks: WorkbookLocks;
}

const WORKSHEET_TYPE = `${NS_RELATIONSHIPS}/worksheet`;

function relationships(xml: string | undefined): Relationship[] {
  return xml ? parseRelationships(xml) : [];
}

/** Unprefixed root element (after the declaration and comments), e.g. `<worksheet `. */
function hasPlainRoot(xml: string, root: string): boolean {
  return new RegExp(`^(?:\\s|<\\?[\\s\\S]*?\\?>|<!--[\\s\\S]*?-->)*<${root}[\\s>]`).test(xml);
}

/** A part the package names one way and holds under another case (`named` xl/workbook.xml, held XL/WORKBOOK.XML). */
export interface CaseOnlyName {
  held: string;
  named: string;
}

/**
 * The first part, from the package's root relationships down to the workbook's, that is named with
 * other letter cases than the zip holds it under (null: none). OPC compares names ignoring case and
 * Excel opens such a file, but this reader looks parts up by their exact names: without this, the
 * file was "a workbook without worksheets". `held` lists the zip's entry names.
 */
export function caseOnlyPartName(text: PartText, held: readonly string[]): CaseOnlyName | null {
  const exact = new Set(held);
  const byLower = new Map(held.map((name) => [name.toLowerCase(), name]));
  const heldAs = (named: string): CaseOnlyName | null => {
    const other = exact.has(named) ? undefined : byLower.get(named.toLowerCase());
    return other === undefined ? null : { held: other, named };
  };
  // Read under either case, to follow the references of a package whose names all differ.
  const read = (named: string) => text(named) ?? text(byLower.get(named.toLowerCase()) ?? named);
  const rootRels = "_rels/.rels";
  const office = relationships(read(rootRels)).find((r) => r.type.endsWith("/officeDocument") && !r.external);
  if (!office) return heldAs(rootRels);
  const workbook = resolvePart("", office.target);
  const workbookRels = relsPath(workbook);
  const targets = relationships(read(workbookRels))
    .filter((r) => !r.external)
    .map((r) => resolvePart(workbook, r.target));
  for (const named of [rootRels, workbook, workbookRels, ...targets]) {
    const found = heldAs(named);
    if (found) return found;
  }
  return null;
}

/** The workbook's worksheets and where its shared strings and styles are; null when not plain SpreadsheetML. */
export function readPackageWorkbook(text: PartText): PackageWorkbook | null {
  const rootRelsXml = text("_rels/.rels");
  const officeDocument = relationships(rootRelsXml).find(
    (r) => r.type.endsWith("/officeDocument") && !r.external,
  );
  if (!officeDocument) return null;
  const workbookPart = resolvePart("", officeDocument.target);
  const workbookXml = text(workbookPart);
  if (!workbookXml || !hasPlainRoot(workbookXml, "workbook")) return null;
  const relsXml = text(relsPath(workbookPart));
  // Damaged, they are left to ExcelJS's reader, which says where.
  if ([rootRelsXml, workbookXml, relsXml].some(partUnreadable)) return null;
  const rels = relationships(relsXml);
  const rootTag = /<workbook\b[^>]*>/.exec(workbookXml)?.[0] ?? "";
  const target = (suffix: string) => {
    const rel = rels.find((r) => r.type.endsWith(suffix) && !r.external);
    return rel ? resolvePart(workbookPart, rel.target) : undefined;
  };
  const sheets: PackageSheet[] = [];
  const tabs: (PackageSheet | undefined)[] = [];
  const printNamed = sheetsWithPrintNames(workbookXml);
  const printArea = sheetsWithPrintArea(workbookXml);
  const sheetsMatch = /(<sheets\b[^>]*>)([\s\S]*?)<\/sheets>/.exec(workbookXml);
  for (const m of (sheetsMatch?.[2] ?? "").matchAll(/<sheet\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    // Strict Open XML binds another namespace: its sheets are left to ExcelJS's reader.
    const rPrefix = prefixInScope(NS_RELATIONSHIPS, [rootTag, sheetsMatch![1]!, m[0]]);
    const rel = rPrefix === undefined ? undefined : rels.find((r) => r.id === a.get(`${rPrefix}:id`));
    const state = a.get("state");
    const sheet: PackageSheet | undefined =
      rel && !rel.external && rel.type === WORKSHEET_TYPE
        ? {
            name: unescapeXml(a.get("name") ?? ""),
            visibility: state === "hidden" || state === "veryHidden" ? state : "visible",
            part: resolvePart(workbookPart, rel.target),
            ...(printNamed.has(tabs.length) ? { printNames: true } : {}),
            ...(printArea.has(tabs.length) ? { printArea: true } : {}),
          }
        : undefined;
    tabs.push(sheet);
    if (sheet) sheets.push(sheet);
  }
  const view = /<workbookView\b[^>]*>/.exec(workbookXml);
  const activeTab = Number(view ? (xmlAttributes(view[0]).get("activeTab") ?? 0) : 0);
  const workbookPr = /<workbookPr\b[^>]*>/.exec(workbookXml);
  const calcPr = /<calcPr\b[^>]*>/.exec(workbookXml);
  return {
    sheets,
    activeSheet: tabs[Number.isInteger(activeTab) ? activeTab : 0]?.name,
    date1904: workbookPr ? xmlBoolean(xmlAttributes(workbookPr[0]).get("date1904")) : false,
    recalcOnLoad: calcPr ? xmlBoolean(xmlAttributes(calcPr[0]).get("fullCalcOnLoad")) : false,
    sharedStringsPart: target("/sharedStrings"),
    stylesPart: target("/styles"),
    locks: workbookLocks(workbookXml),
  };
}

/**
 * Element text as an XML processor hands it on: line ends normalised first (a literal CR LF or
 * lone CR is one LF, XML 1.0 §2.11: a file written with Windows line ends inside a cell's text),
 * then references decoded, so a CR written as `&#13;` stays one.
 */
function elementText(raw: string): string {
  return unescapeXml(raw.includes("\r") ? raw.replace(/\r\n?/g, "\n") : raw);
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
  return decodeExcelText(elementText(out));
}

/**
 * A string item's text when it is one plain `<t>` run (`<t>text</t>`, what Excel writes for
 * all but rich text), read without a regular expression; undefined for any other form.
 */
function plainItemText(inner: string): string | undefined {
  if (!inner.startsWith("<t>") || !inner.endsWith("</t>")) return undefined;
  const text = inner.slice(3, -4);
  if (text.includes("<")) return undefined;
  return decodeExcelText(elementText(text));
}

const STRING_ITEM = /<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g;

export function readSharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out = new Array<string>(sizeHint(xml));
  let count = 0;
  for (let at = xml.indexOf("<si"); at >= 0; at = xml.indexOf("<si", at)) {
    // `<si><t>text</t></si>`, what Excel writes for all but rich text, is read with no regular
    // expression (a match and its groups for each of 100,000 strings).
    const close = xml.startsWith("<si><t>", at) ? xml.indexOf("<", at + 7) : -1;
    if (close >= 0 && xml.startsWith("</t></si>", close)) {
      out[count++] = decodeExcelText(elementText(xml.slice(at + 7, close)));
      at = close + 9;
      continue;
    }
    STRING_ITEM.lastIndex = at;
    const m = STRING_ITEM.exec(xml);
    if (!m) break;
    const inner = m[1] ?? "";
    out[count++] = plainItemText(inner) ?? stringItemText(inner);
    at = STRING_ITEM.lastIndex;
  }
  out.length = count;
  return out;
}

/**
 * How many strings the table says it holds (its uniqueCount), to size the list up front: grown by
 * push, a list of 100,000 is copied into ever larger arrays, each in memory never touched before.
 * Only a hint (the list is cut or grows to what is there), bounded by what the text can hold.
 */
function sizeHint(xml: string): number {
  const declared = Number(/\suniqueCount="(\d{1,9})"/.exec(xml.slice(0, 1024))?.[1] ?? 0);
  return Math.min(declared, Math.floor(xml.length / 5));
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
  /** A formula's stored 0 may be a placeholder (PackageWorkbook.recalcOnLoad): such cells are noted. */
  zeroResultsDoubtful?: boolean;
}

/** What the reader noticed that the user should hear about. */
export interface ReadNotes {
  /** Formula cells without a cached result (files written by tools that do not calculate). */
  uncachedFormulas: string[];
  /**
   * Set by a read of a sheet's bytes: its rows hold no tag the patcher's checks look for
   * (xml-bytes.ts tagConcernsChecks), found by the scan that read them (the patcher need not look).
   */
  plainRows?: boolean;
  /** Why the scan stopped as damaged, and where: the adapter names it when it refuses the file. */
  damage?: SheetDamage;
  /** Formula cells whose stored result is 0, where CellContext.zeroResultsDoubtful says it may be a placeholder. */
  zeroFormulas?: string[];
  /** Set by a read of a whole sheet: whether it is protected against changes (protection.ts). */
  protected?: boolean;
}

/**
 * Damage only this reader sees for what it is: a shared string index naming no string (ExcelJS's
 * reader stops on it with a TypeError), a cell after one to its right or repeating one (Excel
 * repairs the file; ExcelJS's reader keeps whichever comes last), a cell holding two values.
 */
export type SheetDamage =
  | { why: "sharedString" | "cellOrder" | "twoValues"; cell: string }
  /** A row numbered past Excel's last (1,048,576): read as it says, the sheet would be a billion rows. */
  | { why: "rowNumber"; row: number }
  /** A row not numbered past the one before it. */
  | { why: "rowOrder"; row: number; after: number };

/** An Excel serial date as a Date (UTC), as ExcelJS converts it. */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/**
 * A start tag's attributes (the text between the element name and `>`), read with indexOf for the
 * plain form Excel and LibreOffice write (` name="value"`); any other spacing or quoting goes
 * through the general attribute parser.
 */
class TagAttributes {
  private general: Map<string, string> | undefined;

  constructor(private readonly text: string) {
    if (/['\t\n\r]|\s=|=\s/.test(text)) this.general = xmlAttributes(text);
  }

  get(name: string): string | undefined {
    if (this.general) return this.general.get(name);
    const at = this.text.indexOf(` ${name}="`);
    if (at < 0) return undefined;
    const from = at + name.length + 3;
    const end = this.text.indexOf('"', from);
    return end < 0 ? undefined : this.text.slice(from, end);
  }
}

/**
 * A number as XML Schema writes a double (what `<v>` of a number cell holds), surrounding spaces
 * allowed: parseFloat alone reads "1,5" as 1 and "0x10" as 0.
 */
const XSD_DOUBLE = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A shared string by its index as stored; NO_SUCH_STRING when the index names no string (damage). */
function sharedString(index: number, context: CellContext): string | typeof NO_SUCH_STRING {
  return context.sharedStrings[index] ?? NO_SUCH_STRING;
}

/**
 * A cell's value from its `t` attribute and stored text; a formula's cached result likewise. A
 * number or boolean stored in a form Excel never writes is read as its text (the engine then
 * flags the cell as unreadable, naming it) rather than as whatever parseFloat makes of it.
 */
function cellValue(
  type: string | undefined,
  stored: string,
  style: number,
  context: CellContext,
): RawCell | typeof NO_SUCH_STRING {
  switch (type) {
    case "s":
      return stored.trim() === "" ? null : sharedString(Number(stored), context);
    case "str":
      // A formula's text result is the same string type as shared and inline text (ST_Xstring).
      return decodeExcelText(elementText(stored));
    case "b": {
      const text = unescapeXml(stored);
      const word = text.trim();
      if (word === "1" || word === "true") return true;
      if (word === "0" || word === "false") return false;
      return word === "" ? null : text;
    }
    case "e":
      return { error: unescapeXml(stored) };
    case "d": {
      const date = new Date(stored.trim());
      return Number.isNaN(date.getTime()) ? unescapeXml(stored) : date;
    }
    default: {
      // Unescaped first: "&#49;&#50;" is the number 12 (Excel writes none, but XML allows it).
      const text = unescapeXml(stored);
      if (text.trim() === "") return null;
      if (!XSD_DOUBLE.test(text)) return text;
      const n = parseFloat(text);
      return context.dateStyles[style] ? serialToDate(n, context.date1904) : n;
    }
  }
}

/**
 * The attributes of a cell's start tag the reader uses (`r`, `t`, `s`), read in place from the
 * sheet's bytes for the plain form Excel and LibreOffice write (` name="value"`), through the general
 * attribute parser for any other spacing or quoting. One object serves every cell of a scan: a
 * sheet has millions of cells, and a string and an object for each was most of the reading's work.
 */
class CellTag {
  /** The column its reference names (A = 1), 0 when there is none. */
  column = 0;
  /**
   * A reference is written but names no column Excel has ("4", "a1", "XFE1": a damaged sheet), or
   * the tag was cut short inside an attribute value (xml.ts quoteLeftOpen): the sheet is not scanned.
   */
  unreadable = false;
  type: string | undefined;
  style = 0;
  private refStart = -1;
  private refEnd = -1;
  private refText: string | undefined;

  /** Read the attributes between `from` (after `<c`) and `to` (before `>` or `/>`). */
  read(b: Uint8Array, from: number, to: number): void {
    this.column = 0;
    this.unreadable = false;
    this.type = undefined;
    this.style = 0;
    this.refStart = -1;
    this.refText = undefined;
    // Walked a byte at a time: the attributes are a few characters long, and a search for each
    // end cost more than the walk.
    for (let at = from; at < to;) {
      if (b[at] === 32) {
        at++;
        continue;
      }
      let equals = at;
      while (equals < to && isNameChar(b[equals])) equals++;
      let close = equals + 2;
      while (close < to && b[close] !== 34) close++;
      const plain = equals > at && b[equals] === 61 && b[equals + 1] === 34;
      if (!plain || close >= to || (close + 1 < to && b[close + 1] !== 32)) {
        this.readGeneral(textAt(b, from, to));
        return;
      }
      if (equals - at === 1) this.set(b[at], b, equals + 2, close);
      at = close + 1;
    }
  }

  /** The reference as written (e.g. "L3"), or undefined. */
  ref(b: Uint8Array): string | undefined {
    return this.refStart >= 0 ? textAt(b, this.refStart, this.refEnd) : this.refText;
  }

  private set(name: number, b: Uint8Array, from: number, to: number): void {
    if (name === 114 /* r */) {
      this.refStart = from;
      this.refEnd = to;
      this.column = columnAt(b, from, to);
      this.unreadable = this.column === 0 || this.column > EXCEL_LAST_COLUMN;
    } else if (name === 116 /* t */) this.type = typeAt(b, from, to);
    else if (name === 115 /* s */) this.style = numberAt(b, from, to);
  }

  private readGeneral(text: string): void {
    const attributes = xmlAttributes(text);
    this.refStart = -1;
    this.refText = attributes.get("r");
    this.column = this.refText === undefined ? 0 : columnOf(this.refText);
    this.unreadable =
      quoteLeftOpen(text) ||
      (this.refText !== undefined && (this.column === 0 || this.column > EXCEL_LAST_COLUMN));
    this.type = attributes.get("t");
    const style = attributes.get("s");
    this.style = style === undefined ? 0 : Number(style);
  }
}

/** Whether a byte may be part of an attribute name as the plain form writes it (no space, quote or `=`). */
function isNameChar(c: number): boolean {
  return !(c === 32 || c === 9 || c === 10 || c === 13 || c === 34 || c === 39 || c === 61);
}

/** "AB12" → 28 (the column of a cell reference); 0 when it does not start with letters. */
function columnAt(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** columnAt for a reference given as text. */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** The one-letter cell types (`t`), by their byte. */
const ONE_LETTER_TYPES = new Map([..."sbedn"].map((t) => [t.charCodeAt(0), t]));

const INLINE_STR = utf8Bytes("inlineStr");
const STR = utf8Bytes("str");

/**
 * A cell type (`t`) without making a string for each cell: the one-letter types, and "inlineStr"
 * and "str" (every result text cell of a scored sheet read again is `t="inlineStr"`).
 */
function typeAt(b: Uint8Array, from: number, to: number): string {
  if (to - from === 1) {
    const letter = ONE_LETTER_TYPES.get(b[from]);
    if (letter !== undefined) return letter;
  }
  if (to - from === INLINE_STR.length && seqAt(b, from, INLINE_STR)) return "inlineStr";
  if (to - from === STR.length && seqAt(b, from, STR)) return "str";
  return textAt(b, from, to);
}

/** Number(b[from, to)), read in place when it is plain digits (a style or shared string index). */
function numberAt(b: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 9) return Number(textAt(b, from, to));
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = b[i] - 48;
    if (digit < 0 || digit > 9) return Number(textAt(b, from, to));
    n = n * 10 + digit;
  }
  return n;
}

const CLOSE_V = needle("</v>");
const CLOSE_C = needle("</c>");
// Made once: a needle made per inline-string cell (a re-scored output's text results) took ~0.2 s
// of 100,000 rows in TextEncoder alone.
const CLOSE_IS = needle("</is>");

/** Where the text of `<name>…</name>` starting at `at` begins and ends within [at, to); null when it does not. */
function elementTextAt(b: Uint8Array, at: number, to: number, name: "v" | "is"): [number, number] | null {
  const open = indexOfByte(b, 62, at);
  if (open < 0 || open >= to) return null;
  if (b[open - 1] === 47) return [open, open]; // <v/>
  const close = indexOfSeq(b, name === "v" ? CLOSE_V : CLOSE_IS, open);
  return close < 0 || close + name.length + 3 > to ? null : [open + 1, close];
}

/**
 * One cell's value from its content b[from, to): null for empty, UNCACHED for a formula
 * without a cached result. The content's tags are visited once, in place.
 */
function readCell(
  b: Uint8Array,
  from: number,
  to: number,
  tag: CellTag,
  context: CellContext,
  scan: ScanState,
): RawCell | typeof UNCACHED | typeof NO_SUCH_STRING | typeof TWO_VALUES {
  let formula = false;
  let v = -1;
  let is = -1;
  for (let lt = indexOfByte(b, 60, from, to); lt >= 0; lt = indexOfByte(b, 60, lt + 1, to)) {
    if (scan.plainRows && tagConcernsChecks(b, lt, to)) scan.plainRows = false;
    if (isTag(b, lt + 1, TAG_F)) formula = true;
    else if (isTag(b, lt + 1, TAG_V)) {
      // A cell holds at most one value (ECMA-376 CT_Cell): a second is damage, not a choice to make.
      if (v >= 0) return TWO_VALUES;
      v = lt;
    } else if (isTag(b, lt + 1, TAG_IS)) {
      if (is >= 0) return TWO_VALUES;
      is = lt;
    }
  }
  scan.formula = formula;
  const type = tag.type;
  if (type === "inlineStr" && !formula) {
    const text = is < 0 ? null : elementTextAt(b, is, to, "is");
    if (text === null) return null;
    const inner = textAt(b, text[0], text[1]);
    // `<is><t>text</t></is>`, what the tool and most writers put in an inline string, without a regular expression.
    return plainItemText(inner) ?? stringItemText(inner);
  }
  const value = v < 0 ? null : elementTextAt(b, v, to, "v");
  if (formula && (value === null || (value[0] === value[1] && type !== "str"))) return UNCACHED;
  if (value === null) return null;
  return storedValue(b, value[0], value[1], tag, context);
}

/** A cell's value from its stored text b[from, to) (`<v>`), read as its type says. */
function storedValue(
  b: Uint8Array,
  from: number,
  to: number,
  tag: CellTag,
  context: CellContext,
): RawCell | typeof NO_SUCH_STRING {
  // A shared string's index, read in place (the commonest cell that is not a number).
  if (tag.type === "s" && to > from) return sharedString(numberAt(b, from, to), context);
  if (tag.type === undefined || tag.type === "n") {
    const n = plainNumberAt(b, from, to);
    if (n !== undefined) return context.dateStyles[tag.style] ? serialToDate(n, context.date1904) : n;
  }
  // The cached result, as stored: "0" is 0, not blank (ExcelJS drops falsy results).
  return cellValue(tag.type, textAt(b, from, to), tag.style, context);
}

/** Powers of ten a double holds exactly (10^0 … 10^22). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * parseFloat(b[from, to)) for plain decimal text ("12.5", "-3", "0.97") of at most 15 digits,
 * read in place; undefined for any other form (an exponent, more digits), which parseFloat reads.
 * The same double: the digits are an exact integer and 10^k an exact power, so their quotient is
 * the correctly rounded value of the decimal, as parseFloat's is (IEEE 754 division rounds once).
 */
function plainNumberAt(b: Uint8Array, from: number, to: number): number | undefined {
  const negative = b[from] === 45; // -
  let digits = 0;
  let decimals = -1;
  let n = 0;
  for (let i = negative ? from + 1 : from; i < to; i++) {
    const c = b[i];
    if (c === 46 /* . */ && decimals < 0) decimals = 0;
    else if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else return undefined;
  }
  if (digits === 0 || digits > 15 || decimals === 0) return undefined;
  if (!negative && (decimals === 1 || decimals === 2) && n < SHARED_DECIMALS)
    return sharedDecimal(n, decimals);
  const value = decimals > 0 ? n / EXACT_POWERS_OF_TEN[decimals]! : n;
  return negative ? -value : value;
}

/**
 * Numbers of at most four digits with one or two decimals (a score's 17.5, a rate's 0.98, up to
 * 999.9 and 99.99), made once each: a number that is not whole is an object of its own in V8, and
 * a sheet of 100,000 rows repeats a few hundred of them ~350,000 times, each kept until the
 * workbook is written (~5 MB, copied twice by the young generation's collector; enough, at
 * 100,000 rows, to bring on a full collection of the whole heap near the end). Filled with
 * `undefined` so that the array holds references: an array of numbers only would hold the doubles
 * themselves and make a new object at every read. The value is the one computed below either way.
 */
const SHARED_DECIMALS = 10_000;
const sharedDecimals: (number | undefined)[] = new Array<number | undefined>(2 * SHARED_DECIMALS).fill(
  undefined,
);

function sharedDecimal(digits: number, decimals: 1 | 2): number {
  const at = (decimals - 1) * SHARED_DECIMALS + digits;
  return (sharedDecimals[at] ??= digits / EXACT_POWERS_OF_TEN[decimals]!);
}

/** Whether `<v>` is written at b[at…]. */
function valueOpensAt(b: Uint8Array, at: number): boolean {
  return b[at] === 60 && b[at + 1] === 118 && b[at + 2] === 62;
}

/** Whether `</v></c>` is written at b[at…]. */
function valueAndCellCloseAt(b: Uint8Array, at: number): boolean {
  return (
    b[at] === 60 && // <
    b[at + 1] === 47 && // /
    b[at + 2] === 118 && // v
    b[at + 3] === 62 && // >
    b[at + 4] === 60 &&
    b[at + 5] === 47 &&
    b[at + 6] === 99 && // c
    b[at + 7] === 62
  );
}

/**
 * The content of a cell written as `<v>text</v></c>` (a value, what Excel writes for all but
 * formulas and inline strings), starting at `at` and closed before `to`: where its text ends.
 * -1 for any other form, which readCell visits tag by tag; this one is read with no search.
 */
function plainValueEnd(b: Uint8Array, at: number, to: number): number {
  if (!valueOpensAt(b, at)) return -1;
  let lt = at + 3;
  while (lt < to && b[lt] !== 60) lt++;
  return lt + 4 < to && valueAndCellCloseAt(b, lt) ? lt : -1;
}

/** A formula cell without a cached result. */
const UNCACHED = Symbol("uncached");
/** A stored value no Excel file holds (a shared string index past the list): the sheet is damaged. */
const NO_SUCH_STRING = Symbol("bad value");
/** A cell with two `<v>` (or two `<is>`): damaged, whichever value was meant. */
const TWO_VALUES = Symbol("two values");

function letterOf(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface ScannedCells {
  rows: RawCell[][];
  hiddenRows: number[];
  /** Every tag was visited and none is one the patcher's checks look for (ReadNotes.plainRows). */
  plainRows: boolean;
  /** SheetModel.blankFormulaColumns, when the sheet has such cells. */
  blankFormulas?: Record<number, number>;
  /** SheetModel.formulaRuns, when the sheet has formulas. */
  formulaRuns?: FormulaRuns;
}

/** What a scan has found so far beside the cells. */
interface ScanState {
  plainRows: boolean;
  /** The cell readCell read last holds a formula. */
  formula: boolean;
  /** ScannedCells.blankFormulas, as found so far. */
  blankFormulas?: Record<number, number>;
  /** ScannedCells.formulaRuns, as found so far. */
  formulaRuns?: FormulaRuns;
  /** The part's bytes and the tag of the cell being read: to name a cell in a note. */
  b: Uint8Array;
  tag: CellTag;
}

/**
 * What the reader notes of one cell's value (`formula`: the cell holds one) before storing it: a
 * formula without a result or showing nothing, a 0 that may be a placeholder. True when there is
 * nothing to store.
 */
function nothingToStore(
  raw: RawCell | typeof UNCACHED,
  formula: boolean,
  col: number,
  row: number,
  scan: ScanState,
  notes: ReadNotes | undefined,
  context: CellContext,
): raw is typeof UNCACHED | null | "" {
  const blank = raw === UNCACHED || raw === null || raw === "";
  if (raw === UNCACHED) notes?.uncachedFormulas.push(cellName(scan.tag, scan.b, col, row));
  if (blank && (formula || raw === UNCACHED)) (scan.blankFormulas ??= {})[col] = row;
  if (formula) addFormulaRow((scan.formulaRuns ??= {}), col, row);
  if (raw === 0 && formula && context.zeroResultsDoubtful)
    notes?.zeroFormulas?.push(cellName(scan.tag, scan.b, col, row));
  return blank;
}

const TAG_ROW = utf8Bytes("row");
const TAG_C = utf8Bytes("c");
const TAG_F = utf8Bytes("f");
const TAG_V = utf8Bytes("v");
const TAG_IS = utf8Bytes("is");

/** Whether the tag name at `at` (just after "<") is exactly `name`. */
function isTag(b: Uint8Array, at: number, name: Uint8Array): boolean {
  for (let i = 0; i < name.length; i++) if (b[at + i] !== name[i]) return false;
  const next = b[at + name.length];
  return next === 32 || next === 62 || next === 47 || next === 9 || next === 10 || next === 13;
}

/**
 * Where the next tag starts at or after `from` (the next "<" before `to`): in a sheet's XML the
 * next tag nearly always follows directly, and a search per cell cost more than this look.
 */
function nextTag(b: Uint8Array, from: number, to: number): number {
  return b[from] === 60 ? from : indexOfByte(b, 60, from, to);
}

/**
 * The number of a row whose start tag, b[from, gt) after "<row", is exactly ` r="digits"` (a plain
 * row as most writers emit it), read in place; 0 for any other tag, which TagAttributes reads (the
 * same number: such a tag has no other attribute, so no `hidden`).
 */
function plainRowNumber(b: Uint8Array, from: number, gt: number): number {
  const quote = gt - 1;
  const digits = quote - (from + 4);
  if (digits < 1 || digits > 9 || b[quote] !== 34) return 0;
  // ` r="`
  if (b[from] !== 32 || b[from + 1] !== 114 || b[from + 2] !== 61 || b[from + 3] !== 34) return 0;
  let n = 0;
  for (let i = from + 4; i < quote; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The number of the row whose start tag is b[lt, gt] (`previous`: the row before it), its hidden
 * state noted; 0 when the scan must stop: the tag was cut inside an attribute value, or damage
 * (noted) — a number past Excel's last row (read as it says, a sheet would be a billion rows) or
 * not past the row before (ECMA-376 lists rows in order, once each).
 */
function nextRowNumber(
  b: Uint8Array,
  lt: number,
  gt: number,
  previous: number,
  hiddenRows: number[],
  notes: ReadNotes | undefined,
): number {
  let row = plainRowNumber(b, lt + 4, gt);
  if (row <= 0) {
    const text = textAt(b, lt + 4, gt);
    if (quoteLeftOpen(text)) return 0;
    const attrs = new TagAttributes(text);
    const r = Number(attrs.get("r"));
    row = Number.isInteger(r) && r > 0 ? r : previous + 1;
    if (xmlBoolean(attrs.get("hidden"))) hiddenRows.push(row);
  }
  const damage: SheetDamage | null =
    row > EXCEL_LAST_ROW
      ? { why: "rowNumber", row }
      : row <= previous
        ? { why: "rowOrder", row, after: previous }
        : null;
  if (!damage) return row;
  if (notes) notes.damage = damage;
  return 0;
}

/** A cell's name for messages: its reference as written, else its column and row as scanned. */
function cellName(tag: CellTag, b: Uint8Array, col: number, row: number): string {
  return (tag.column > 0 && tag.ref(b)) || letterOf(col) + row;
}

/**
 * The `<sheetData>` body, b[from, to): every non-blank value by row and column, and the hidden
 * rows. Read in place from the part's bytes, never decoded as a whole.
 */
function scanSheetData(
  b: Uint8Array,
  from: number,
  to: number,
  context: CellContext,
  notes?: ReadNotes,
  lastRow = Infinity,
): ScannedCells | null {
  const rows: RawCell[][] = [];
  const hiddenRows: number[] = [];
  let rowNumber = 0;
  let col = 0;
  let cells: RawCell[] | undefined;
  let width = 0;
  const blankRow: RawCell[] = [];
  const tag = new CellTag();
  const scan: ScanState = { plainRows: true, formula: false, b, tag };
  let lt = indexOfByte(b, 60, from, to);
  for (; lt >= 0 && lt < to;) {
    const gt = indexOfByte(b, 62, lt);
    if (gt < 0) break;
    if (isTag(b, lt + 1, TAG_ROW)) {
      rowNumber = nextRowNumber(b, lt, gt, rowNumber, hiddenRows, notes);
      if (rowNumber === 0) return null;
      if (rowNumber > lastRow) break;
      col = 0;
      cells = undefined;
      lt = nextTag(b, gt + 1, to);
      continue;
    }
    if (!isTag(b, lt + 1, TAG_C)) {
      if (scan.plainRows && tagConcernsChecks(b, lt, to)) scan.plainRows = false;
      lt = nextTag(b, gt + 1, to);
      continue;
    }
    const selfClosing = b[gt - 1] === 47;
    tag.read(b, lt + 2, selfClosing ? gt - 1 : gt);
    if (tag.unreadable) return null;
    // A row's cells go left to right, each column once (ECMA-376 §18.3.1.4).
    if (tag.column > 0 && tag.column <= col) {
      if (notes) notes.damage = { why: "cellOrder", cell: cellName(tag, b, tag.column, rowNumber) };
      return null;
    }
    col = tag.column > 0 ? tag.column : col + 1;
    if (selfClosing) {
      lt = nextTag(b, gt + 1, to);
      continue;
    }
    const valueEnd = tag.type === "inlineStr" ? -1 : plainValueEnd(b, gt + 1, to);
    const end = valueEnd >= 0 ? valueEnd + 4 : indexOfSeq(b, CLOSE_C, gt);
    if (end < 0 || end >= to) break;
    const raw =
      valueEnd >= 0
        ? storedValue(b, gt + 4, valueEnd, tag, context)
        : readCell(b, gt + 1, end, tag, context, scan);
    lt = nextTag(b, end + 4, to);
    if (raw === TWO_VALUES || raw === NO_SUCH_STRING) {
      const why = raw === TWO_VALUES ? "twoValues" : "sharedString";
      if (notes) notes.damage = { why, cell: cellName(tag, b, col, rowNumber) };
      return null;
    }
    if (nothingToStore(raw, valueEnd < 0 && scan.formula, col, rowNumber, scan, notes, context)) continue;
    // As wide as the widest row so far, which `rectangular` pads every row to (grown by push, a row of
    // ten cells had room for 17); copied from a row of nulls that wide: a block move, not a fill.
    if (!cells) cells = rows[rowNumber - 1] = blankRow.slice();
    while (cells.length < col - 1) cells.push(null);
    cells[col - 1] = raw;
    if (col > width) {
      width = col;
      while (blankRow.length < width) blankRow.push(null);
    }
  }
  // A scan that stopped early (a tag not closed) has not seen every tag.
  const plainRows = scan.plainRows && (lt < 0 || lt >= to);
  return { rows, hiddenRows, plainRows, blankFormulas: scan.blankFormulas, formulaRuns: scan.formulaRuns };
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
    if (!xmlBoolean(a.get("hidden"))) continue;
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

/** A worksheet's XML around its rows (all of it when it has no `<sheetData>`). */
export function worksheetOutside(b: Uint8Array): string {
  const found = findSheetData(b);
  return found ? found.before + found.after : textAt(b, 0, b.length);
}

/** A worksheet's `<sheetData>` body and the XML around it; null when this reader does not read the part. */
function splitSheetData(
  b: Uint8Array,
): { start: number; end: number; outside: string; skeleton: string } | null {
  const found = findSheetData(b);
  if (!found || !hasPlainRoot(found.before, "worksheet")) return null;
  // The part without its rows: what is checked for well-formedness in a sheet too large to check whole.
  const skeleton = found.before + (found.selfClosing ? "<sheetData/>" : "<sheetData>") + found.after;
  return { start: found.start, end: found.end, outside: found.before + found.after, skeleton };
}

/**
 * Sheets up to this many bytes of XML (~10,000 rows of a usual scoring table) are checked for
 * well-formedness whole before they are read (~40–100 ms at 3 MB); a larger one, around its rows.
 */
export const WELL_FORMED_CHECK_BYTES = 4 * 1024 * 1024;

/**
 * Other parts the reader scans (the workbook, its relationships, shared strings, styles) are checked
 * whole up to this size (shared strings of ~30,000 names; 100,000 take ~3 MB and ~50 ms to check).
 */
export const WELL_FORMED_PART_BYTES = 1024 * 1024;

/** Damaged (well-formed.ts), or a tag whose first `>` stands inside an attribute value (xml.ts tagCutInValue). */
function unscannable(text: string): boolean {
  return xmlFault(text) !== null || tagCutInValue(text) >= 0;
}

/**
 * Whether a part's text is one this reader leaves to ExcelJS's, as far as it is checked (whole, up
 * to WELL_FORMED_PART_BYTES): damaged, or holding a tag its search for `>` would cut short.
 */
export function partUnreadable(xml: string | undefined): boolean {
  return xml !== undefined && xml.length <= WELL_FORMED_PART_BYTES && unscannable(xml);
}

/** The same for a sheet's XML where it is checked: whole if small, else around its rows. */
function sheetUnreadable(xml: string | Uint8Array, b: Uint8Array, skeleton: string): boolean {
  if (b.length > WELL_FORMED_CHECK_BYTES) return unscannable(skeleton);
  return unscannable(typeof xml === "string" ? xml : textAt(b, 0, b.length));
}

/**
 * Whether a comment (`<!--`) or a CDATA section (`<![CDATA[`) lies in b[from, to). Both open
 * with "<!", and "!" is rare in cells: it is what is searched for.
 */
export function holdsCommentOrCdata(b: Uint8Array, from: number, to: number): boolean {
  // The array's own indexOf: "!" is rare, and a loop run once over a large sheet is slow.
  for (let bang = b.indexOf(33, from + 1); bang >= 0 && bang < to; bang = b.indexOf(33, bang + 1)) {
    const at = bang - 1;
    if (b[at] !== 60) continue;
    if (b[bang + 1] === 45 && b[bang + 2] === 45 && at + 4 <= to) return true; // <!--
    if (seqAt(b, at, CDATA_OPEN) && at + 9 <= to) return true;
  }
  return false;
}

const CDATA_OPEN = utf8Bytes("<![CDATA[");

/** Whether the cell at (row, col) lies inside a merged range without being its top-left cell. */
function hiddenByMerge(merges: readonly CellRect[], row: number, col: number): boolean {
  return merges.some(
    (m) =>
      row >= m.top && row <= m.bottom && col >= m.left && col <= m.right && (row !== m.top || col !== m.left),
  );
}

/** lastValueRowIn's answer when the rows it needs start before the bytes it was given. */
const EARLIER = "earlier";

const SHEET_DATA_END = utf8Bytes("</sheetData>");
const SHEET_DATA_OPEN = utf8Bytes("<sheetData");
const ROW_OPEN = utf8Bytes("<row");

/**
 * lastValueRow over `tail`, the end of a worksheet part's bytes (all of them when `whole`): the
 * number of the last row holding a value, EARLIER when that row is not wholly in the tail,
 * undefined when it cannot tell.
 */
function lastValueRowIn(
  tail: Uint8Array,
  context: CellContext,
  whole: boolean,
): number | undefined | typeof EARLIER {
  const bodyEnd = lastIndexOfSeq(tail, SHEET_DATA_END, tail.length);
  if (bodyEnd < 0) return whole ? undefined : EARLIER;
  const bodyStart = lastIndexOfSeq(tail, SHEET_DATA_OPEN, bodyEnd);
  // The merges follow <sheetData> (ECMA-376 Part 1, §18.3.1.99): they are in any tail holding its end.
  let merges: CellRect[] | undefined;
  for (let end = bodyEnd; ;) {
    let at = lastIndexOfSeq(tail, ROW_OPEN, end - 1);
    while (at >= 0 && !isTag(tail, at + 1, TAG_ROW)) at = lastIndexOfSeq(tail, ROW_OPEN, at - 1);
    if (at < 0 || at < bodyStart) return bodyStart >= 0 ? 0 : whole ? undefined : EARLIER;
    if (/<!--|-->|<!\[CDATA\[|]]>/.test(textAt(tail, at, end))) return undefined;
    const gt = indexOfByte(tail, 62, at, end);
    const r = Number(new TagAttributes(textAt(tail, at + 4, gt < 0 ? end : gt)).get("r"));
    if (!Number.isInteger(r) || r < 1) return undefined;
    const scanned = scanSheetData(tail, at, end, context);
    if (!scanned) return undefined;
    const cells = scanned.rows[r - 1] ?? [];
    merges ??= readMerges(textAt(tail, bodyEnd, tail.length));
    for (let c = 0; c < cells.length; c++) {
      const value = cells[c];
      if (value !== null && value !== "" && !hiddenByMerge(merges, r, c + 1)) return r;
    }
    end = at;
  }
}

/** The first tail of a sheet's bytes read, grown fourfold while the rows needed start before it. */
const FIRST_TAIL_BYTES = 64 * 1024;

/**
 * The number of the last sheet row holding a value (the height of readWorksheetXml's `values`),
 * found from the end of a worksheet part's bytes by reading only the rows below it: a sheet can be
 * refused for its size (src/xlsx/limits.ts) before a million rows are parsed. Trailing rows
 * without values (formatted, blank) are skipped as the reader skips them; the `<dimension>`
 * element is not trusted (a writer may leave it stale). Undefined when the rows cannot be numbered
 * this way (a row without its `r`, a comment or CDATA among them): the caller then reads the sheet
 * and counts.
 */
export function lastValueRow(bytes: Uint8Array, context: CellContext): number | undefined {
  const b = plainBytes(bytes);
  for (let size = FIRST_TAIL_BYTES; ; size *= 4) {
    const from = Math.max(0, b.length - size);
    // A character cut at the window's start is never read: only the rows after it are.
    const found = lastValueRowIn(b.subarray(from), context, from === 0);
    if (found !== EARLIER) return found;
  }
}

export function readWorksheetXml(
  name: string,
  xml: string | Uint8Array,
  context: CellContext,
  notes?: ReadNotes,
  /** Read no row below this one (a sheet's top, to recognise it). */
  lastRow = Infinity,
): SheetModel | null {
  // A large sheet is read from its bytes: decoding it whole took as long as reading it.
  const b = typeof xml === "string" ? utf8Bytes(xml) : plainBytes(xml);
  const split = splitSheetData(b);
  if (!split) return null;
  const { start, end, outside } = split;
  // A comment or CDATA section among the cells could hide or fake a tag from this scanner; a
  // damaged part would be scored from whatever the scan made of it (and its damage copied out).
  // ExcelJS's reader then reads it, or says where it is damaged.
  if (holdsCommentOrCdata(b, start, end) || sheetUnreadable(xml, b, split.skeleton)) return null;
  const merges = readMerges(outside);
  if (notes) notes.protected = sheetIsProtected(outside);
  // The scan stops at damage: noted (notes.damage) where this reader can name it, else left to
  // ExcelJS's reader to say where.
  const scanned = scanSheetData(b, start, end, context, notes, lastRow);
  if (!scanned) return null;
  const { rows, hiddenRows, plainRows, blankFormulas, formulaRuns } = scanned;
  if (notes) notes.plainRows = plainRows;
  clearMergedCells(rows, merges);
  return {
    name,
    values: rectangular(rows),
    merges,
    hiddenRows,
    hiddenColumns: readHiddenColumns(outside),
    // Set only when true: a sheet without a page setup reads as before (the shared expectations).
    ...(sheetSetsUpPrinting(outside) ? { pageSetupCustomised: true } : {}),
    ...(blankFormulas ? { blankFormulaColumns: blankFormulas } : {}),
    ...(formulaRuns ? { formulaRuns } : {}),
  };
}
