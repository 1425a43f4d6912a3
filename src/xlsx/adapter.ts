/**
 * The .xlsx side of the WorkbookAdapter contract, over ExcelJS. It reads one sheet into the plain
 * SheetModel and applies a WritePlan; every decision about what to write lives in src/workbook.
 */
import type ExcelJS from "exceljs";
import type JSZip from "jszip";
import { loadExcelJs, loadJSZip } from "./lazy";
import { checkScoredRows, preflightPackage } from "./limits";
import {
  cdataParts,
  duplicateEntries,
  firstXmlFault,
  incompleteRelationship,
  packageForExcelJs,
  partData,
} from "./package";
import { Refusal, patchPackage } from "./patch";
import {
  caseOnlyPartName,
  lastValueRow,
  partUnreadable,
  readDateStyles,
  readPackageWorkbook,
  readSharedStrings,
  readWorksheetXml,
  worksheetOutside,
  type CellContext,
  type PackageWorkbook,
  type ReadNotes,
  type SheetDamage,
} from "./read-sheet";
import { DamagedPart, ZipBytes, prepareLargePartOffload, readZip, zipEndFound, type ZipEntry } from "./zip";
import { FAST_DEFLATE_BYTES } from "./part-deflate";
import { clipCellText, encodeExcelText } from "./text";
import { relsPath, resolvePart, unescapeXml, xmlAttributes } from "./xml";
import { cellAddress, columnLetter, parseCellAddress } from "../engine";
import { isOurFooter, pageNumberFooter, pageSetupIsOurs } from "./print";
import { protectionRefusal, sheetIsProtected, workbookLocks } from "./protection";
import { AppError, msg, type ContentKind, type Message } from "../messages";
import type { RawCell } from "../engine/types";
import {
  rectsOverlap,
  type CellFormat,
  type CellRect,
  type DataValidationRule,
  type FoundCell,
  type PageSetup,
  type PlanOp,
  type ReadRequest,
  type SheetInfo,
  type SheetModel,
  type SheetVisibility,
  type WorkbookAdapter,
  type WorkbookSnapshot,
  type WritePlan,
  type WriteValue,
} from "../workbook/model";
import { addFormulaRow, type FormulaRuns } from "../workbook/formula-runs";
import { cellsMayReachPast } from "./sheet-reach";
import { firstValueOutside } from "../workbook/extent";
import { SETTINGS_FORMAT, SETTINGS_SHEET, type WrittenExtent } from "../workbook/settings";
import { lostDefinedNames } from "./defined-names";
import { EXCEL_LAST_ROW } from "../workbook/writeplan";

export type XlsxErrorCode =
  | "FILE_NOT_FOUND"
  | "UNREADABLE"
  | "NOT_XLSX"
  | "EMPTY_WORKBOOK"
  | "NO_SHEET"
  | "WRITE_FAILED"
  | "WOULD_LOSE_CONTENT"
  | "UNSAFE_FORMULA"
  | "PROTECTED";

/** An input or output problem the user can fix (the CLI maps it to exit code 3): a catalogue message. */
export class XlsxError extends AppError {
  declare readonly code: XlsxErrorCode;

  constructor(code: XlsxErrorCode, message: Message) {
    super(message, { code });
    this.name = "XlsxError";
  }
}

// As zip.ts decodes entries: ignoreBOM keeps a leading byte-order mark, so a part is rewritten as it was.
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * An .xlsx file as opened: its bytes, its sheets read straight from the package XML
 * (src/xlsx/read-sheet.ts), and ExcelJS's model of every cell only when something needs it (a
 * sheet the fast reader steps aside from, or the ExcelJS writer). Plans applied to it wait in
 * `pending` until writeXlsxAtomic patches them into the package.
 */
export class XlsxFile {
  /** Plan operations applied and not yet written. */
  readonly pending: PlanOp[] = [];
  private model: ExcelJS.Workbook | undefined;
  private loading: Promise<ExcelJS.Workbook> | undefined;
  private modifiedAt: Date | undefined;
  private readonly texts = new Map<string, string>();
  private readonly inflated = new Map<string, Uint8Array>();
  /**
   * Inflated parts kept past forgetInflated: an owned sheet the run replaces, looked at for content
   * outside its block, then for protection and formulas before the patch rewrites it (inflating a
   * 100,000-row 评定核查 each time took ~80 ms).
   */
  private readonly held = new Set<string>();
  /** Parts kept as bytes for the patcher (the scored sheet: its rows are never decoded whole). */
  private readonly kept = new Map<string, Uint8Array>();
  /** Kept parts whose rows the reader found plain (ReadNotes.plainRows). */
  private readonly plain = new Set<string>();
  /** Worksheet parts looked at for protection (sheetProtected). */
  private readonly protection = new Map<string, boolean>();
  /** The sheets read from the package XML, by name: their values as read (checkExcelJsReadsAll). */
  readonly packageReads = new Map<string, readonly (readonly RawCell[])[]>();

  /** The workbook part as read without ExcelJS, or null when only ExcelJS can read it. */
  readonly book: PackageWorkbook | null;

  private readonly byName: ReadonlyMap<string, ZipEntry> | null;

  constructor(
    readonly file: string,
    readonly source: Uint8Array,
    private readonly entries: readonly ZipEntry[] | null,
  ) {
    this.book = null;
    this.byName = entries ? new Map(entries.map((e) => [e.name, e])) : null;
    if (!entries) return;
    try {
      const book = readPackageWorkbook((part) => this.text(part));
      if (book && book.sheets.length > 0) this.book = book;
    } catch {
      // A part that does not inflate: ExcelJS reports the damage in its own words.
    }
  }

  /** The document's "modified" property to write. */
  get modified(): Date | undefined {
    return this.model ? this.model.modified : this.modifiedAt;
  }

  set modified(date: Date | undefined) {
    this.modifiedAt = date;
    if (this.model && date) this.model.modified = date;
  }

  /** ExcelJS's model, once something has loaded it (after which it holds the pending plans). */
  get loaded(): ExcelJS.Workbook | undefined {
    return this.model;
  }

  /** A part's text (inflated once, kept for the patcher, which reads the same parts, unless `keep` is false). */
  text(part: string, { keep = true } = {}): string | undefined {
    let text = this.texts.get(part);
    if (text === undefined) {
      const entry = this.byName?.get(part);
      if (!entry) return undefined;
      text = utf8Decoder.decode(this.kept.get(part) ?? this.inflated.get(part) ?? this.partData(entry));
      this.inflated.delete(part);
      if (keep) this.texts.set(part, text);
    }
    return text;
  }

  /** A part's content, inflated once: kept until text() decodes it or the read is over. */
  data(part: string): Uint8Array | undefined {
    let data = this.inflated.get(part);
    if (data === undefined) {
      const entry = this.byName?.get(part);
      if (!entry) return undefined;
      data = this.partData(entry);
      this.inflated.set(part, data);
    }
    return data;
  }

  /** partData, with a damaged part named as part of this file. */
  private partData(entry: ZipEntry): Uint8Array {
    try {
      return partData(entry);
    } catch (error) {
      if (error instanceof DamagedPart)
        throw new XlsxError("UNREADABLE", msg("DAMAGED", { file: this.file, detail: error.damage }));
      throw error;
    }
  }

  /** A part's content, inflated once and kept until forgetText (the scored sheet, read and then patched). */
  bytes(part: string): Uint8Array | undefined {
    let data = this.kept.get(part);
    if (data === undefined) {
      data = this.data(part);
      if (data === undefined) return undefined;
      this.inflated.delete(part);
      this.kept.set(part, data);
    }
    return data;
  }

  /** A part's text and bytes let go (the scored sheet once patched); they are inflated again if asked. */
  forgetText(part: string): void {
    this.texts.delete(part);
    this.kept.delete(part);
    this.inflated.delete(part);
    this.held.delete(part);
    this.plain.delete(part);
  }

  /** The reader found the rows of kept part `part` plain (ReadNotes.plainRows). */
  setPlainRows(part: string): void {
    if (this.kept.has(part)) this.plain.add(part);
  }

  /** Whether the reader found the rows of kept part `part` plain. */
  hasPlainRows(part: string): boolean {
    return this.plain.has(part);
  }

  /**
   * Whether the workbook's structure is protected: as the package read found it, or, for a package
   * only ExcelJS reads (which ignores the workbook's protection), from the usual workbook part.
   */
  structureLocked(): boolean {
    if (this.book) return this.book.locks.structure;
    const workbookXml = this.text("xl/workbook.xml", { keep: false });
    return workbookXml !== undefined && workbookLocks(workbookXml).structure;
  }

  /** What the read of sheet part `part` found of its protection (the scored sheet: not looked at again). */
  noteProtected(part: string, isProtected: boolean): void {
    this.protection.set(part, isProtected);
  }

  /**
   * Whether worksheet part `part` is protected against changes. A part not read before (a sheet
   * the tool owns, on a later run) is inflated to look, and not kept: its rows are rewritten anyway.
   */
  sheetProtected(part: string): boolean {
    let found = this.protection.get(part);
    if (found === undefined) {
      const entry = this.byName?.get(part);
      const bytes = this.kept.get(part) ?? this.inflated.get(part) ?? (entry && this.partData(entry));
      found = bytes !== undefined && sheetIsProtected(worksheetOutside(bytes));
      this.protection.set(part, found);
    }
    return found;
  }

  /** Keep part `part`, once inflated, until the patch takes it (bytes) or forgetText (see `held`). */
  hold(part: string): void {
    this.held.add(part);
  }

  /** Forget the parts inflated and not read since (other sheets than the one scored), but the held ones and `except`. */
  forgetInflated(except?: string): void {
    for (const part of [...this.inflated.keys()])
      if (part !== except && !this.held.has(part)) this.inflated.delete(part);
  }

  /** Load ExcelJS's model (once); the plans applied so far move into it, deferred as before. */
  async exceljs(): Promise<ExcelJS.Workbook> {
    if (this.model) return this.model;
    this.held.clear();
    this.forgetInflated();
    this.loading ??= loadWithExcelJs(this.file, this.source, this.entries).then((model) => {
      if (this.modifiedAt) model.modified = this.modifiedAt;
      if (this.pending.length > 0) pendingPlans.set(model, [...this.pending]);
      this.pending.length = 0;
      this.model = model;
      return model;
    });
    return this.loading;
  }
}

/**
 * Why ExcelJS's reader gave up, for a message. Its own words do not say which part: the first one
 * that is not well-formed, or the first relationship missing what every relationship has, where
 * one is found; else its words.
 */
function whereDamaged(
  buffer: Uint8Array,
  entries: readonly ZipEntry[] | null,
  error: unknown,
): string | Message {
  if (error instanceof DamagedPart) return error.damage;
  // Said in words rather than the zip library's English ("can't find end of central directory").
  if (!entries && !zipEndFound(buffer)) return msg("ZIP_CUT_SHORT");
  const fault = entries ? firstXmlFault(entries) : null;
  if (fault) return msg("XML_FAULT", fault);
  const relationship = entries ? incompleteRelationship(entries) : null;
  if (relationship) return msg("RELATIONSHIP_INCOMPLETE", relationship);
  return error instanceof Error ? error.message : String(error);
}

async function loadWithExcelJs(
  file: string,
  buffer: Uint8Array,
  entries: readonly ZipEntry[] | null,
): Promise<ExcelJS.Workbook> {
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    const readable = entries ? await packageForExcelJs(buffer, entries) : { buffer, tables: [] };
    // ExcelJS types its Buffer parameter with an older Buffer declaration than @types/node's.
    await workbook.xlsx.load(readable.buffer as unknown as ExcelJS.Buffer);
    if (readable.tables.length > 0) filteredTables.set(workbook, readable.tables);
  } catch (error) {
    throw new XlsxError("UNREADABLE", msg("DAMAGED", { file, detail: whereDamaged(buffer, entries, error) }));
  }
  // Kept for writing: patched (see writeXlsxAtomic), or analysed if the ExcelJS writer is needed.
  sourceBuffers.set(workbook, buffer);
  return workbook;
}

/**
 * Whether the bytes hold `text` in UTF-16LE: how a compound file's directory names its streams. An
 * .xlsx saved with a password to open is such a file holding the streams EncryptionInfo and
 * EncryptedPackage (MS-OFFCRYPTO), where an .xls holds Workbook.
 */
function holdsUtf16(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  for (
    let at = bytes.indexOf(first);
    at >= 0 && at + text.length * 2 <= bytes.length;
    at = bytes.indexOf(first, at + 1)
  ) {
    let i = 0;
    while (i < text.length && bytes[at + 2 * i] === text.charCodeAt(i) && bytes[at + 2 * i + 1] === 0) i++;
    if (i === text.length) return true;
  }
  return false;
}

/**
 * Open an .xlsx file's bytes (`file` names it in messages), telling apart another format and a
 * damaged package. Reading the file is the caller's: node-io.ts (CLI) or the page (a picked file).
 */
export async function openXlsxBytes(buffer: Uint8Array, file: string): Promise<XlsxFile> {
  const head = buffer.subarray(0, 8);
  // An .xlsx is a zip package; the old binary .xls is an OLE compound file.
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  if (!isZip) {
    const isOle = [0xd0, 0xcf, 0x11, 0xe0].every((byte, i) => head[i] === byte);
    if (isOle && holdsUtf16(buffer, "EncryptedPackage"))
      throw new XlsxError("NOT_XLSX", msg("ENCRYPTED_XLSX", { file }));
    throw new XlsxError("NOT_XLSX", isOle ? msg("OLD_XLS", { file }) : msg("NOT_XLSX", { file }));
  }
  // Another spreadsheet format, or too large to read: refused before any part is inflated.
  preflightPackage(buffer, file);
  const entries = readZip(buffer);
  const opened = new XlsxFile(file, buffer, entries);
  // The cell parts the check inflates are kept for the read: a sheet is inflated once, not twice.
  if (entries) checkPackage(file, entries, (entry) => opened.data(entry.name) ?? partData(entry));
  if (entries) refuseCaseOnlyNames(opened, entries);
  // A package the fast reader cannot read (zip64, damaged XML, a prefix it cannot take off) is ExcelJS's to judge now.
  if (!opened.book) await opened.exceljs();
  return opened;
}

/**
 * A package opened only for a glance at a sheet's top rows (readTop), e.g. an earlier output's
 * settings (written-stamp.ts): without the checks a file to be scored gets (every cell part
 * inflated to look for CDATA: ~1.4 s for a 100,000-row output) and without ExcelJS. Null when the
 * fast reader cannot read it; throws what openXlsxBytes throws for what is not a package.
 */
export function openXlsxToGlance(buffer: Uint8Array, file: string): XlsxFile | null {
  if (buffer[0] !== 0x50 || buffer[1] !== 0x4b) throw new XlsxError("NOT_XLSX", msg("NOT_XLSX", { file }));
  preflightPackage(buffer, file);
  const opened = new XlsxFile(file, buffer, readZip(buffer));
  return opened.book ? opened : null;
}

/**
 * A package whose part names differ in case from what it calls them (XL/WORKBOOK.XML called
 * xl/workbook.xml) is refused saying so: neither reader finds its parts by their names, and
 * ExcelJS's "no worksheets" gave the user nothing to act on (docs/xlsx-round-trip.md).
 */
function refuseCaseOnlyNames(opened: XlsxFile, entries: readonly ZipEntry[]): void {
  const found = caseOnlyPartName(
    (part) => opened.text(part, { keep: false }),
    entries.map((e) => e.name),
  );
  if (found) throw new XlsxError("UNREADABLE", msg("PART_NAME_CASE", { file: opened.file, ...found }));
}

/** What no reader of ours can score safely: refused before anything is read (nothing is written). */
function checkPackage(
  file: string,
  entries: readonly ZipEntry[],
  data: (entry: ZipEntry) => Uint8Array,
): void {
  const duplicates = duplicateEntries(entries);
  if (duplicates.length > 0)
    throw new XlsxError("UNREADABLE", msg("DUPLICATE_PARTS", { file, parts: duplicates }));
  const cdata = cdataParts(entries, data);
  if (cdata.length > 0) throw new XlsxError("UNREADABLE", msg("CDATA_PARTS", { file, parts: cdata }));
}

/** Table parts whose filters ExcelJS could not read, given to it without them (see package.ts). */
const filteredTables = new WeakMap<ExcelJS.Workbook, string[]>();

interface SourcePackage {
  parts: string[];
  /** Sheet name → the parts its relationships reach (drawings, charts, comments…), transitively. */
  partsBySheet: Map<string, Set<string>>;
  /** Sheet name → its part and what its XML holds that ExcelJS may drop (only sheets holding any). */
  tailsBySheet: Map<string, { part: string; tail: SheetTail }>;
  /** The workbook part protects the workbook (「保护工作簿」), which ExcelJS neither reads nor writes. */
  workbookLocked: boolean;
  /** The workbook part as it was, for what ExcelJS rewrites in it (its defined names). */
  workbookXml: string | undefined;
}

/**
 * What a worksheet's XML holds after its cells that ExcelJS may drop on writing: the `<ext uri>`
 * entries of its `<extLst>` (Excel 2010+ features), each with how many items it holds, and the
 * names of its top-level elements.
 */
export interface SheetTail {
  extensions: Map<string, number>;
  elements: Set<string>;
  /** Each extension's `<ext …>…</ext>` text as written, to copy into a sheet ExcelJS wrote without it. */
  extensionXml: Map<string, string>;
  /** The root element's namespace declarations (prefix → uri), which extension XML may rely on. */
  namespaces: Map<string, string>;
}

/** Sheet `<extLst>` entries by uri: what the user calls them, and the element that counts one item. */
const SHEET_EXTENSIONS: Record<string, { item: RegExp; kind: ContentKind }> = {
  "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": {
    item: /<(?:[\w.-]+:)?dataValidation\b/g,
    kind: "crossSheetValidation",
  },
  "{78C0D931-6437-407d-A8EE-F0AAD7539E65}": {
    item: /<(?:[\w.-]+:)?cfRule\b/g,
    kind: "conditionalFormats2010",
  },
  "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": { item: /<(?:[\w.-]+:)?sparklineGroup\b/g, kind: "sparklines" },
  "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}": { item: /<(?:[\w.-]+:)?slicer\b/g, kind: "slicers" },
  "{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}": { item: /<(?:[\w.-]+:)?slicer\b/g, kind: "slicers" },
  "{7E03D99C-DC04-49d9-9315-930204A7B6E9}": { item: /<(?:[\w.-]+:)?timelineRef\b/g, kind: "timelines" },
};

/** Top-level worksheet elements ExcelJS 4.4 does not model (so never writes) that the user can see. */
const DROPPED_SHEET_ELEMENTS: Record<string, ContentKind> = {
  protectedRanges: "protectedRanges",
  scenarios: "scenarios",
  customSheetViews: "customSheetViews",
  colBreaks: "colBreaks",
  ignoredErrors: "ignoredErrors",
  cellWatches: "cellWatches",
  dataConsolidate: "dataConsolidate",
};

const XML_TAG =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)(?:[\w.-]+:)?([\w.-]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/**
 * Read a worksheet's top-level elements and `<extLst>` entries. Only the XML after `<sheetData>` is
 * scanned (everything that can be dropped lives there), so a large sheet costs one string search.
 */
export function sheetTail(xml: string): SheetTail {
  const tail: SheetTail = {
    extensions: new Map(),
    elements: new Set(),
    extensionXml: new Map(),
    namespaces: new Map(),
  };
  const root = /<(?:[\w.-]+:)?worksheet\b((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(xml);
  if (!root) return tail;
  for (const [name, value] of xmlAttributes(root[1]))
    if (name.startsWith("xmlns:")) tail.namespaces.set(name.slice(6), value);
  const dataAt = xml.lastIndexOf("sheetData");
  // No cells at all: start inside the root element.
  const from = dataAt >= 0 ? xml.indexOf(">", dataAt) + 1 : root.index + root[0].length;
  const scanner = new RegExp(XML_TAG.source, "g");
  scanner.lastIndex = from;
  let depth = 0;
  let inExtLst = false;
  let ext: { uri: string; start: number; bodyStart: number } | null = null;
  const addExtension = (uri: string, body: string, whole: string) => {
    const known = SHEET_EXTENSIONS[uri];
    const items = known ? (body.match(known.item)?.length ?? 0) : 0;
    tail.extensions.set(uri, (tail.extensions.get(uri) ?? 0) + Math.max(items, 1));
    tail.extensionXml.set(uri, (tail.extensionXml.get(uri) ?? "") + whole);
  };
  for (let m = scanner.exec(xml); m; m = scanner.exec(xml)) {
    const local = m[2];
    if (local === undefined) continue; // a comment, processing instruction or CDATA
    const closing = m[1] === "/";
    const selfClosing = m[4] === "/";
    if (closing) {
      depth--;
      if (depth < 0) break; // the root element's end
      if (depth === 1 && inExtLst && local === "ext" && ext) {
        addExtension(ext.uri, xml.slice(ext.bodyStart, m.index), xml.slice(ext.start, m.index + m[0].length));
        ext = null;
      }
      if (depth === 0 && local === "extLst") inExtLst = false;
      continue;
    }
    if (depth === 0) tail.elements.add(local);
    if (depth === 1 && inExtLst && local === "ext") {
      const uri = xmlAttributes(m[3]).get("uri") ?? "";
      if (selfClosing) addExtension(uri, "", m[0]);
      else ext = { uri, start: m.index, bodyStart: m.index + m[0].length };
    }
    if (selfClosing) continue;
    if (depth === 0 && local === "extLst") inExtLst = true;
    depth++;
  }
  return tail;
}

function tailIsNotable(tail: SheetTail): boolean {
  return tail.extensions.size > 0 || [...tail.elements].some((e) => e in DROPPED_SHEET_ELEMENTS);
}

/** Sheet name → worksheet part, from the workbook (`known`: its text, when the caller has it) and its relationships. */
async function sheetPartsByName(zip: JSZip, known?: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const workbookXml = known ?? (await zip.file("xl/workbook.xml")?.async("string"));
  const workbookRels = await zip.file("xl/_rels/workbook.xml.rels")?.async("string");
  if (!workbookXml || !workbookRels) return out;
  const targetById = new Map<string, string>();
  for (const m of workbookRels.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    const id = a.get("Id");
    const target = a.get("Target");
    if (id && target) targetById.set(id, resolvePart("xl/workbook.xml", target));
  }
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    const sheetPart = targetById.get(a.get("r:id") ?? "");
    const name = a.get("name");
    if (name && sheetPart) out.set(unescapeXml(name), sheetPart);
  }
  return out;
}

/**
 * Extensions that point only at cells and sheets, never at another package part, so a verbatim copy
 * stays valid: x14 data validations (lists from another sheet), sparklines, and x14 conditional
 * formats. ExcelJS reads the latter but writes them back only for rules created in this session, and
 * it keeps the main rules' `x14:id` links to them, so the copy reconnects; it is only copied when the
 * written sheet has no such extension of its own (never two copies). Slicers and timelines point at
 * parts ExcelJS has dropped: those are reported instead.
 */
const RESTORABLE_EXTENSIONS = new Set([
  "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}",
  "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}",
  "{78C0D931-6437-407d-A8EE-F0AAD7539E65}",
]);

/** Namespace prefixes an XML fragment uses but does not declare itself. */
function undeclaredPrefixes(fragment: string): Set<string> {
  const used = new Set<string>();
  for (const m of fragment.matchAll(/<\/?([\w.-]+):[\w.-]+/g)) used.add(m[1]);
  for (const m of fragment.matchAll(/\s([\w.-]+):[\w.-]+\s*=\s*["']/g)) used.add(m[1]);
  for (const m of fragment.matchAll(/\sxmlns:([\w.-]+)\s*=/g)) used.delete(m[1]);
  used.delete("xmlns");
  used.delete("xml");
  return used;
}

/**
 * ExcelJS writes a sheet without the x14 extensions it does not model. Copy the source's entries
 * back into the written sheet XML (into its `<extLst>`, which must stay the last child), with the
 * root namespace declarations they rely on. We never insert or delete rows or columns in a user's
 * sheet, so the cell ranges they name still mean the same cells. Returns whether anything changed.
 */
async function restoreSheetExtensions(
  source: SourcePackage,
  recreated: Set<string> | undefined,
  written: JSZip,
): Promise<boolean> {
  if (source.tailsBySheet.size === 0) return false;
  const writtenParts = await sheetPartsByName(written);
  let changed = false;
  for (const [sheet, { tail }] of source.tailsBySheet) {
    if (recreated?.has(sheet)) continue;
    const part = writtenParts.get(sheet);
    const file = part ? written.file(part) : null;
    if (!part || !file) continue;
    let xml = await file.async("string");
    const kept = sheetTail(xml);
    const blocks: string[] = [];
    const declarations = new Map<string, string>();
    for (const [uri, text] of tail.extensionXml) {
      // A prefixed <x:ext> would need a main-namespace prefix the written sheet does not declare.
      if (!RESTORABLE_EXTENSIONS.has(uri) || kept.extensions.has(uri) || !/^<ext\b/.test(text)) continue;
      const needed = new Map<string, string>();
      let resolvable = true;
      for (const prefix of undeclaredPrefixes(text)) {
        const meant = tail.namespaces.get(prefix);
        const there = kept.namespaces.get(prefix) ?? declarations.get(prefix);
        if (meant === undefined || (there !== undefined && there !== meant)) resolvable = false;
        else if (there === undefined) needed.set(prefix, meant);
      }
      // Left out, it is reported as lost like anything else ExcelJS drops.
      if (!resolvable) continue;
      for (const [prefix, uriOfPrefix] of needed) declarations.set(prefix, uriOfPrefix);
      blocks.push(text);
    }
    if (blocks.length === 0) continue;
    const end = xml.lastIndexOf("</worksheet>");
    if (end < 0) continue;
    const extLstEnd = xml.lastIndexOf("</extLst>", end);
    const insideExtLst = kept.elements.has("extLst") && extLstEnd >= 0;
    // ExcelJS writes <legacyDrawing/> (notes) after its own <extLst>; anything else there means we
    // did not find the sheet's own extLst, so leave it and let the loss check report it.
    const afterExtLst = xml.slice(extLstEnd + "</extLst>".length, end);
    if (insideExtLst && !/^(\s*<[\w:]+(?:\s[^<>]*)?\/>)*\s*$/.test(afterExtLst)) continue;
    xml = insideExtLst
      ? xml.slice(0, extLstEnd) + blocks.join("") + xml.slice(extLstEnd)
      : xml.slice(0, end) + `<extLst>${blocks.join("")}</extLst>` + xml.slice(end);
    if (declarations.size > 0) {
      const root = /<worksheet\b/.exec(xml);
      if (!root) continue;
      const at = root.index + "<worksheet".length;
      const attributes = [...declarations].map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`).join("");
      xml = xml.slice(0, at) + attributes + xml.slice(at);
    }
    written.file(part, xml);
    changed = true;
  }
  return changed;
}

/** Sheet-level content the written package lacks, one entry per sheet and feature, named for the user. */
async function lostSheetContent(
  source: SourcePackage,
  recreated: Set<string> | undefined,
  written: JSZip,
): Promise<LostContent> {
  const lost: LostContent = { parts: [], what: [] };
  if (source.tailsBySheet.size === 0) return lost;
  const writtenParts = await sheetPartsByName(written);
  for (const [sheet, { part, tail }] of source.tailsBySheet) {
    if (recreated?.has(sheet)) continue;
    const writtenPart = writtenParts.get(sheet);
    const xml = writtenPart ? await written.file(writtenPart)?.async("string") : undefined;
    const kept = xml
      ? sheetTail(xml)
      : { extensions: new Map<string, number>(), elements: new Set<string>() };
    for (const [uri, count] of tail.extensions) {
      if ((kept.extensions.get(uri) ?? 0) >= count) continue;
      const known = SHEET_EXTENSIONS[uri];
      lost.parts.push(`${part}#extLst${uri}`);
      lost.what.push(
        known
          ? msg("LOST_ON_SHEET", { sheet, kind: known.kind })
          : msg("LOST_EXTENSION_ON_SHEET", { sheet, uri }),
      );
    }
    for (const element of tail.elements) {
      const kind = DROPPED_SHEET_ELEMENTS[element];
      if (!kind || kept.elements.has(element)) continue;
      lost.parts.push(`${part}#${element}`);
      lost.what.push(msg("LOST_ON_SHEET", { sheet, kind }));
    }
  }
  return lost;
}

/** The bytes each workbook opened by openXlsx came from: patched on writing, or compared with what ExcelJS wrote. */
const sourceBuffers = new WeakMap<ExcelJS.Workbook, Uint8Array>();
/**
 * Plans applied to a workbook opened by openXlsx, not yet in its ExcelJS model: writing patches them
 * into the source package. They are applied to the model only when something needs it
 * (materialise), after which the model is the truth and writing goes through ExcelJS.
 */
const pendingPlans = new WeakMap<ExcelJS.Workbook, PlanOp[]>();
const materialised = new WeakSet<ExcelJS.Workbook>();

function materialise(workbook: ExcelJS.Workbook): void {
  const ops = pendingPlans.get(workbook);
  materialised.add(workbook);
  pendingPlans.delete(workbook);
  if (ops && ops.length > 0) new XlsxAdapter(workbook).applyNow(ops);
}
/** Sheets an XlsxAdapter re-created (the summary and settings sheets): what hung off them is ours to drop. */
const recreatedSheets = new WeakMap<ExcelJS.Workbook, Set<string>>();

async function relationshipTargets(zip: JSZip, part: string): Promise<string[]> {
  const rels = zip.file(relsPath(part));
  if (!rels) return [];
  const xml = await rels.async("string");
  const out: string[] = [];
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    const target = a.get("Target");
    if (a.get("TargetMode") === "External" || !target) continue;
    out.push(resolvePart(part, target));
  }
  return out;
}

async function readSourcePackage(buffer: Uint8Array): Promise<SourcePackage> {
  const zip = await (await loadJSZip()).loadAsync(buffer);
  const parts = Object.keys(zip.files).filter((name) => !zip.files[name].dir);
  const partsBySheet = new Map<string, Set<string>>();
  const tailsBySheet = new Map<string, { part: string; tail: SheetTail }>();
  const workbookXml = await zip.file("xl/workbook.xml")?.async("string");
  for (const [name, sheetPart] of await sheetPartsByName(zip, workbookXml)) {
    const xml = await zip.file(sheetPart)?.async("string");
    const tail = xml === undefined ? undefined : sheetTail(xml);
    if (tail && tailIsNotable(tail)) tailsBySheet.set(name, { part: sheetPart, tail });
    const reached = new Set<string>([sheetPart]);
    const queue = [sheetPart];
    while (queue.length > 0) {
      const part = queue.pop() as string;
      if (zip.file(relsPath(part))) reached.add(relsPath(part));
      for (const target of await relationshipTargets(zip, part)) {
        if (reached.has(target)) continue;
        reached.add(target);
        queue.push(target);
      }
    }
    partsBySheet.set(name, reached);
  }
  const workbookLocked = workbookXml !== undefined && workbookLocks(workbookXml).any;
  return { parts, partsBySheet, tailsBySheet, workbookLocked, workbookXml };
}

/** Source parts that only sheets re-created by the adapter reached: replacing those sheets drops them by design. */
function partsOfRecreatedSheets(source: SourcePackage, recreated: Set<string> | undefined): Set<string> {
  const out = new Set<string>();
  if (!recreated || recreated.size === 0) return out;
  const keptElsewhere = new Set<string>();
  for (const [sheet, reached] of source.partsBySheet)
    for (const part of reached) (recreated.has(sheet) ? out : keptElsewhere).add(part);
  for (const part of keptElsewhere) out.delete(part);
  return out;
}

/** Parts whose loss changes nothing the user sees: Excel rebuilds the calc chain; printer blobs are device caches. */
const HARMLESS_PARTS = [/^xl\/calcChain\.xml$/, /^xl\/printerSettings\//];

const PART_NAMES: [RegExp, ContentKind][] = [
  [/^xl\/charts\//, "charts"],
  [/^xl\/chartsheets\//, "chartSheets"],
  [/^xl\/pivot(Tables|Cache)\//, "pivotTables"],
  [/^xl\/slicer/, "slicers"],
  [/^xl\/timeline/, "timelines"],
  [/^xl\/threadedComments\/|^xl\/persons\//, "threadedComments"],
  [/^xl\/externalLinks\//, "externalLinks"],
  [/^xl\/embeddings\//, "embeddings"],
  [/^xl\/(ctrlProps|activeX)\//, "formControls"],
  [/^xl\/drawings\//, "drawings"],
  [/^docProps\/custom\.xml$/, "customProperties"],
  [/^customXml\//, "customXml"],
  [/^xl\/vbaProject\.bin$/, "macros"],
];

/** A part name with its numbers folded, so renumbered parts (vmlDrawing1 → vmlDrawing2) still match. */
function partKind(name: string): string {
  return name.replace(/\d+/g, "#");
}

/** A part's name as ExcelJS writes it: some zip tools start every name with "/". */
function unrooted(name: string): string {
  return name.replace(/^\/+/, "");
}

export interface LostContent {
  parts: string[];
  /** What the user would call it, one message per kind of content (rendered where it is shown). */
  what: Message[];
}

/** Content of the source package with no counterpart in the written one (ExcelJS drops what it does not model). */
export function lostContent(source: readonly string[], written: readonly string[]): LostContent {
  const kept = new Set(written.map(partKind));
  const parts = source
    .map(unrooted)
    .filter((p) => !kept.has(partKind(p)) && !HARMLESS_PARTS.some((re) => re.test(p)));
  const kinds = new Set<ContentKind>();
  const unnamed: string[] = [];
  for (const part of parts) {
    const known = PART_NAMES.find(([re]) => re.test(part));
    if (known) kinds.add(known[1]);
    else unnamed.push(part);
  }
  const what: Message[] = [
    ...[...kinds].map((kind) => msg("LOST_KIND", { kind })),
    ...unnamed.map((part) => msg("LOST_PART", { part })),
  ];
  return { parts, what };
}

export interface WriteOptions {
  /**
   * Stamp every zip entry with this time instead of now, so that writing the same workbook twice
   * gives the same bytes (examples, reproducible builds). ExcelJS offers no option for it; JSZip's
   * defaults are the only hook, set for the duration of this write.
   */
  fixedDate?: Date;
  /** Refuse (WOULD_LOSE_CONTENT, nothing written) when the file would lose content it was opened with. */
  refuseLoss?: boolean;
  /**
   * "auto" (the default) patches the opened file's package when it can and uses ExcelJS otherwise;
   * "exceljs" always re-serialises through ExcelJS (tests of that path).
   */
  writer?: "auto" | "exceljs";
}

export interface WriteReport {
  /** Content the opened file had that the written one has not (empty for workbooks not from openXlsx). */
  lost: LostContent;
  /** "patch": the source package with only the plan's changes; "exceljs": written by ExcelJS. */
  via: "patch" | "exceljs";
  /** Why the package could not be patched, when a workbook from openXlsx went through ExcelJS. */
  fallbackReason?: Message<"PATCH_STEPPED_ASIDE">;
}

/**
 * ExcelJS expands every validation range into one entry per cell when reading, and its writer
 * merges them back after sorting addresses as text (J10 before J3), which turns J3:J12 into the
 * overlapping J10:J12 + J3:J12. Rebuild the rectangles here, per rule (cells read from one range
 * share one rule object), so the writer only sees ranges it passes through unchanged.
 */
function compactValidations(ws: ExcelJS.Worksheet): void {
  const holder = internals(ws).dataValidations as unknown as {
    model: Record<string, ExcelJS.DataValidation | undefined>;
  };
  const model = holder.model;
  const groups = new Map<ExcelJS.DataValidation, Map<number, number[]>>();
  const kept: Record<string, ExcelJS.DataValidation> = {};
  let expanded = false;
  for (const address of Object.keys(model)) {
    const rule = model[address];
    if (!rule) continue;
    const cell = address.includes(":") ? null : parseCellAddress(address);
    if (!cell) {
      kept[address] = rule;
      continue;
    }
    expanded = true;
    let byCol = groups.get(rule);
    if (!byCol) groups.set(rule, (byCol = new Map()));
    let rows = byCol.get(cell.col);
    if (!rows) byCol.set(cell.col, (rows = []));
    rows.push(cell.row);
  }
  if (!expanded) return;
  for (const [rule, byCol] of groups) {
    // Vertical runs per column, then columns with identical runs side by side become one rectangle.
    const colsByRun = new Map<string, number[]>();
    for (const [col, rows] of byCol) {
      rows.sort((a, b) => a - b);
      let start = rows[0];
      for (let i = 1; i <= rows.length; i++) {
        if (i < rows.length && rows[i] === rows[i - 1] + 1) continue;
        const key = `${start}:${rows[i - 1]}`;
        const cols = colsByRun.get(key) ?? [];
        cols.push(col);
        colsByRun.set(key, cols);
        if (i < rows.length) start = rows[i];
      }
    }
    for (const [run, cols] of colsByRun) {
      const [top, bottom] = run.split(":").map(Number);
      cols.sort((a, b) => a - b);
      let left = cols[0];
      for (let i = 1; i <= cols.length; i++) {
        if (i < cols.length && cols[i] === cols[i - 1] + 1) continue;
        kept[rectAddress({ top, left, bottom, right: cols[i - 1] })] = rule;
        if (i < cols.length) left = cols[i];
      }
    }
  }
  holder.model = kept;
}

/** Make a read workbook safe for ExcelJS's writer (see the two workarounds called here). */
/**
 * Make a read workbook safe for ExcelJS's writer. Returns what undoes the text encoding, so the
 * in-memory workbook keeps its text as read.
 */
function prepareForWrite(workbook: ExcelJS.Workbook): () => void {
  const undo: (() => void)[] = [];
  for (const ws of workbook.worksheets) {
    compactValidations(ws);
    // ExcelJS crashes on tables without a style (LibreOffice writes them): an empty style is the same thing.
    for (const table of ws.getTables() as unknown as { table?: { style?: object | null } }[]) {
      if (table.table && !table.table.style) table.table.style = {};
    }
    encodeTexts(ws, undo);
  }
  return () => undo.forEach((step) => step());
}

/** Cells holding a value (a formula counts), merged cells' hidden parts left out. */
function filledCells(ws: ExcelJS.Worksheet): number {
  let filled = 0;
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.type !== VALUE_MERGE && cell.value !== null && cell.value !== "") filled++;
    }),
  );
  return filled;
}

/** What a sheet's damage says, naming the sheet and the cell or row (`strings`: the shared strings there are). */
function damageDetail(sheet: string, damage: SheetDamage, strings: number): Message {
  switch (damage.why) {
    case "rowNumber":
      return msg("ROW_PAST_EXCEL", { sheet, row: damage.row });
    case "rowOrder":
      return msg("ROW_OUT_OF_ORDER", { sheet, row: damage.row, after: damage.after });
    case "sharedString":
      return msg("SHARED_STRING_MISSING", { sheet, cell: damage.cell, count: strings });
    case "cellOrder":
      return msg("CELL_OUT_OF_ORDER", { sheet, cell: damage.cell });
    case "twoValues":
      return msg("CELL_TWO_VALUES", { sheet, cell: damage.cell });
  }
}

/** The refusal of a damaged sheet (exit 3, nothing written). */
function damagedSheet(file: string, sheet: string, damage: SheetDamage, strings = 0): XlsxError {
  return new XlsxError("UNREADABLE", msg("DAMAGED", { file, detail: damageDetail(sheet, damage, strings) }));
}

/**
 * What reading cells needs from the package (shared strings, date styles); null when either part is
 * damaged (ExcelJS's reader then says where) or beyond the scanners here (read-sheet.ts
 * partUnreadable), which would read what they make of it.
 */
function cellContextOf(file: XlsxFile, book: PackageWorkbook): CellContext | null {
  // Not kept as text: the patcher never reads the shared strings (1M names: ~50 MB).
  const strings = book.sharedStringsPart ? file.text(book.sharedStringsPart, { keep: false }) : undefined;
  const styles = book.stylesPart ? file.text(book.stylesPart) : undefined;
  if (partUnreadable(strings) || partUnreadable(styles)) return null;
  return {
    sharedStrings: readSharedStrings(strings),
    dateStyles: readDateStyles(styles),
    date1904: book.date1904,
    // This tool asks for the calculation too, after keeping every result as it was: its own output's
    // zeros are as trustworthy as the file it scored (whose run said so if they were not).
    zeroResultsDoubtful: book.recalcOnLoad && !findByName(book.sheets, SETTINGS_SHEET),
  };
}

/**
 * The ExcelJS writer writes what ExcelJS read. A sheet whose XML is not what SpreadsheetML allows
 * (a second `<sheetData>` among the rows) is read whole by the package reader and partly or not at
 * all by ExcelJS: written, the user's cells would be gone. Such a file is refused (exit 3, nothing
 * written) when ExcelJS sees fewer filled cells in a sheet than the package reader did, naming the
 * input and why the patcher stepped aside (`reason`; none when the ExcelJS writer was asked for).
 */
function checkExcelJsReadsAll(
  opened: XlsxFile,
  workbook: ExcelJS.Workbook,
  reason: Message<"PATCH_STEPPED_ASIDE"> | undefined,
): void {
  for (const [sheet, values] of opened.packageReads) {
    const ws = workbook.getWorksheet(sheet);
    let ours = 0;
    for (const row of values) for (const value of row) if (value !== null && value !== "") ours++;
    const theirs = ws ? filledCells(ws) : 0;
    if (theirs < ours)
      throw new XlsxError(
        "UNREADABLE",
        msg("EXCELJS_READS_LESS", { file: opened.file, sheet, ours, theirs, reason }),
      );
  }
}

/**
 * ExcelJS decodes Excel's `_xHHHH_` escapes when it reads shared strings but does not encode them
 * when it writes: a literal "_x0041_" would come back as "A" in Excel, and a character XML cannot
 * carry (read from "_xFFFE_") would make the file unreadable. Encode every text before writing.
 */
function encodeTexts(ws: ExcelJS.Worksheet, undo: (() => void)[]): void {
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.type === VALUE_MERGE) return;
      const value = cell.value;
      if (typeof value === "string") {
        const encoded = encodeExcelText(value);
        if (encoded === value) return;
        cell.value = encoded;
        undo.push(() => (cell.value = value));
        return;
      }
      const rich = value as ExcelJS.CellRichTextValue | null;
      if (rich && typeof rich === "object" && Array.isArray(rich.richText)) {
        const runs = rich.richText;
        if (!runs.some((run) => encodeExcelText(String(run.text ?? "")) !== run.text)) return;
        cell.value = {
          ...rich,
          richText: runs.map((run) => ({ ...run, text: encodeExcelText(String(run.text ?? "")) })),
        };
        undo.push(() => (cell.value = value));
      }
    }),
  );
}

/**
 * The bytes of the workbook as written to `file` (named in messages; writing the bytes is the
 * caller's: node-io.ts writeXlsxAtomic, or the page's download).
 *
 * A workbook from openXlsx is written as its source package plus the plans applied through an
 * XlsxAdapter (src/xlsx/patch.ts); edits made on its ExcelJS model directly are only written by
 * the ExcelJS writer (`writer: "exceljs"`, or when the package cannot be patched).
 */
export async function writeXlsxBytes(
  target: ExcelJS.Workbook | XlsxFile,
  file: string,
  options: WriteOptions = {},
): Promise<{ zip: ZipBytes; report: WriteReport }> {
  const opened = target instanceof XlsxFile && !target.loaded ? target : undefined;
  const model = target instanceof XlsxFile ? target.loaded : target;
  const sourceBuffer = opened ? opened.source : model && sourceBuffers.get(model);
  let fallbackReason: Message<"PATCH_STEPPED_ASIDE"> | undefined;
  if (sourceBuffer && !(model && materialised.has(model)) && options.writer !== "exceljs") {
    let patched: Awaited<ReturnType<typeof patchPackage>>;
    try {
      patched = await patchPackage({
        source: sourceBuffer,
        ops: opened ? opened.pending : (pendingPlans.get(model as ExcelJS.Workbook) ?? []),
        zipDate: options.fixedDate ?? new Date(),
        modified: opened ? opened.modified : model?.modified,
        partText: opened ? (part) => opened.text(part) : undefined,
        partBytes: opened ? (part) => opened.bytes(part) : undefined,
        plainRows: opened ? (part) => opened.hasPlainRows(part) : undefined,
        forgetPartText: opened ? (part) => opened.forgetText(part) : undefined,
      });
    } catch (error) {
      // Neither writer can do it without damaging the workbook (ExcelJS would even crash on it).
      if (error instanceof Refusal) throw new XlsxError("UNSAFE_FORMULA", error.msg);
      throw error;
    }
    if (patched.ok) {
      if (options.refuseLoss && patched.dropped.parts.length > 0) throw wouldLose(file, patched.dropped);
      return { zip: patched.zip, report: { lost: patched.dropped, via: "patch" } };
    }
    fallbackReason = patched.reason;
  }
  const workbook = target instanceof XlsxFile ? await target.exceljs() : target;
  if (target instanceof XlsxFile) checkExcelJsReadsAll(target, workbook, fallbackReason);
  const defaults = (await loadJSZip()).defaults as { date: Date | null };
  const previousDate = defaults.date;
  materialise(workbook);
  const source = sourceBuffer ? await readSourcePackage(sourceBuffer) : undefined;
  const recreated = recreatedSheets.get(workbook);
  let buffer: Uint8Array;
  let written: JSZip | undefined;
  let restoreTexts: (() => void) | undefined;
  try {
    restoreTexts = prepareForWrite(workbook);
    if (options.fixedDate) defaults.date = options.fixedDate;
    try {
      buffer = new Uint8Array(await workbook.xlsx.writeBuffer());
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new XlsxError("WRITE_FAILED", msg("EXCELJS_WRITE_FAILED", { detail }));
    }
    if (source) {
      written = await (await loadJSZip()).loadAsync(buffer);
      // Re-zipped only when an extension was copied back: the common case keeps ExcelJS's bytes.
      if (await restoreSheetExtensions(source, recreated, written))
        buffer = await written.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    }
  } finally {
    defaults.date = previousDate;
    restoreTexts?.();
  }
  const lost: LostContent =
    source && written
      ? await lostByExcelJs(source, recreated, written, filteredTables.get(workbook) ?? [])
      : { parts: [], what: [] };
  if (options.refuseLoss && lost.parts.length > 0) throw wouldLose(file, lost);
  const report: WriteReport = { lost, via: "exceljs", ...(fallbackReason ? { fallbackReason } : {}) };
  return { zip: new ZipBytes([buffer]), report };
}

/** What the ExcelJS writer left out: parts, content inside the sheets it wrote, table filters. */
async function lostByExcelJs(
  source: SourcePackage,
  recreated: Set<string> | undefined,
  written: JSZip,
  filtered: readonly string[],
): Promise<LostContent> {
  const replaced = partsOfRecreatedSheets(source, recreated);
  const writtenParts = Object.keys(written.files).filter((name) => !written.files[name].dir);
  const parts = lostContent(
    source.parts.filter((p) => !replaced.has(p)),
    writtenParts,
  );
  // ExcelJS also drops content inside the sheet parts it does write (Excel 2010+ extensions).
  const inSheets = await lostSheetContent(source, recreated, written);
  const inBook = await lostInWorkbookPart(source, written, recreated);
  const lost = {
    parts: [...parts.parts, ...inSheets.parts, ...inBook.parts],
    what: [...parts.what, ...inSheets.what, ...inBook.what],
  };
  // ExcelJS read these tables without the filters it cannot model (package.ts), so it writes them without.
  if (filtered.length === 0) return lost;
  return {
    parts: [...lost.parts, ...filtered.map((t) => `${t}#autoFilter`)],
    what: [...lost.what, msg("LOST_KIND", { kind: "tableFilters" })],
  };
}

/**
 * What ExcelJS drops from the workbook part: its protection (the file would open unprotected) and
 * defined names it does not model (constants, formulas, a sheet's scope), which formulas use.
 */
async function lostInWorkbookPart(
  source: SourcePackage,
  written: JSZip,
  recreated: ReadonlySet<string> | undefined,
): Promise<LostContent> {
  const writtenXml = await written.file("xl/workbook.xml")?.async("string");
  const lost: LostContent = { parts: [], what: [] };
  if (source.workbookLocked && (writtenXml === undefined || !workbookLocks(writtenXml).any)) {
    lost.parts.push("xl/workbook.xml#workbookProtection");
    lost.what.push(msg("LOST_KIND", { kind: "workbookProtection" }));
  }
  const names =
    source.workbookXml === undefined ? [] : lostDefinedNames(source.workbookXml, writtenXml, recreated);
  if (names.length > 0) {
    lost.parts.push(...names.map((name) => `xl/workbook.xml#definedName:${name}`));
    lost.what.push(msg("LOST_NAMES", { names }));
  }
  return lost;
}

function wouldLose(file: string, lost: LostContent): XlsxError {
  return new XlsxError("WOULD_LOSE_CONTENT", msg("WOULD_LOSE_CONTENT", { file, lost: lost.what }));
}

type ExcelValue = ExcelJS.CellValue | undefined;

// ExcelJS's ValueType numbers (as its typings declare them), compared without loading ExcelJS itself.
const VALUE_MERGE = 1 as ExcelJS.ValueType;
const VALUE_FORMULA = 6 as ExcelJS.ValueType;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function richTextToString(value: unknown): string {
  if (typeof value === "string") return value;
  if (isRecord(value) && Array.isArray(value.richText))
    return value.richText.map((run: unknown) => (isRecord(run) ? String(run.text ?? "") : "")).join("");
  return value === null || value === undefined ? "" : String(value);
}

/** An ExcelJS cell value as the engine sees it: formulas by their cached result, text as text. */
export function toRawCell(value: ExcelValue): RawCell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    default:
      break;
  }
  if (value instanceof Date) return value;
  const record = value as unknown as Record<string, unknown>;
  if ("formula" in record || "sharedFormula" in record) return toRawCell(record.result as ExcelValue);
  if ("error" in record) return { error: String(record.error) };
  if ("richText" in record) return richTextToString(record);
  if ("hyperlink" in record || "text" in record) return richTextToString(record.text);
  return null;
}

interface WorksheetInternals {
  _merges?: Record<
    string,
    { model?: CellRect; top?: number; left?: number; bottom?: number; right?: number }
  >;
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
  /** `<sheetProtection>` as ExcelJS read it (`sheet`: protected against changes). */
  sheetProtection?: { sheet?: boolean } | null;
}

/** protectionRefusal from the package as read: each sheet's part looked at only if the plan writes to it. */
function packageRefusal(file: XlsxFile, book: PackageWorkbook, ops: readonly PlanOp[]): Message | null {
  const isProtected = (name: string) => {
    const sheet = findByName(book.sheets, name);
    return sheet !== undefined && file.sheetProtected(sheet.part);
  };
  return protectionRefusal(file.file, ops, book.sheets, isProtected, book.locks.structure);
}

/** Whether ExcelJS read the sheet as protected against changes (its model of `<sheetProtection>`). */
function exceljsSheetProtected(ws: ExcelJS.Worksheet | undefined): boolean {
  return ws !== undefined && internals(ws).sheetProtection?.sheet === true;
}

function internals(ws: ExcelJS.Worksheet): WorksheetInternals {
  return ws as unknown as WorksheetInternals;
}

function mergesOf(ws: ExcelJS.Worksheet): CellRect[] {
  const merges = internals(ws)._merges;
  const out: CellRect[] = [];
  if (merges) {
    for (const merge of Object.values(merges)) {
      const m = merge.model ?? merge;
      if (m.top && m.left && m.bottom && m.right)
        out.push({ top: m.top, left: m.left, bottom: m.bottom, right: m.right });
    }
    return out.sort((a, b) => a.top - b.top || a.left - b.left);
  }
  // Fallback if ExcelJS ever renames its internal map: the (slower) public model.
  for (const ref of ws.model.merges ?? []) {
    const [from, to] = ref.split(":");
    const a = ws.getCell(from);
    const b = ws.getCell(to ?? from);
    out.push({ top: Number(a.row), left: Number(a.col), bottom: Number(b.row), right: Number(b.col) });
  }
  return out;
}

/** Read a worksheet into the plain model (values rectangular up to the last used row/column). */
export interface ReadStats {
  /**
   * Formula cells that carry no cached result (files written by tools that do not calculate):
   * they read as blank, so the user should open and save the file in Excel first.
   */
  uncachedFormulas: string[];
  /**
   * Formula cells whose stored result is 0 in a workbook that asks to be calculated on opening and
   * was not written by this tool (cellContextOf): the 0 may be a placeholder (XlsxWriter's).
   */
  zeroFormulas: string[];
}

function noStats(): ReadStats {
  return { uncachedFormulas: [], zeroFormulas: [] };
}

export function readSheetModel(ws: ExcelJS.Worksheet, stats?: ReadStats): SheetModel {
  const rows: RawCell[][] = [];
  const hiddenRows: number[] = [];
  let blankFormulas: Record<number, number> | undefined;
  let formulaRuns: FormulaRuns | undefined;
  let width = 0;
  // eachRow skips rows ExcelJS never materialised, which is what makes large sheets cheap to read.
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    let last = 0;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // A merged range's value belongs to its top-left cell only, as in Excel itself.
      if (cell.type === VALUE_MERGE) return;
      const isFormula = cell.type === VALUE_FORMULA;
      if (isFormula) addFormulaRow((formulaRuns ??= {}), col, rowNumber);
      // A formula's value drops a cached result of 0, FALSE or "" (ExcelJS copies only truthy
      // fields); its `result` keeps what the file holds.
      const raw = isFormula ? toRawCell(cell.result as ExcelValue) : toRawCell(cell.value);
      if (stats && raw === null && isFormula) stats.uncachedFormulas.push(cell.address);
      if (raw === null || raw === "") {
        if (isFormula) (blankFormulas ??= {})[col] = rowNumber;
        return;
      }
      while (cells.length < col - 1) cells.push(null);
      cells[col - 1] = raw;
      last = col;
    });
    rows[rowNumber - 1] = cells;
    if (last > width) width = last;
  });
  for (let r = 1; r <= ws.rowCount; r++) if (ws.findRow(r)?.hidden) hiddenRows.push(r);
  const values: RawCell[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const cells = rows[r] ?? [];
    while (cells.length < width) cells.push(null);
    values[r] = cells;
  }
  const trimmed = trimTrailingBlankRows(values);
  const hiddenColumns: number[] = [];
  const columns = ws.columns ?? [];
  columns.forEach((column, i) => {
    if (column?.hidden) hiddenColumns.push(i + 1);
  });
  return {
    name: ws.name,
    values: trimmed,
    merges: mergesOf(ws),
    hiddenRows,
    hiddenColumns,
    ...(setsUpPrinting(ws) ? { pageSetupCustomised: true } : {}),
    ...(blankFormulas ? { blankFormulaColumns: blankFormulas } : {}),
    ...(formulaRuns ? { formulaRuns } : {}),
  };
}

/**
 * The ExcelJS model's view of print.ts sheetSetsUpPrinting (the package reader's), plus print titles
 * and a print area: whether the user set the sheet up for printing (SPEC §5: it then keeps it).
 */
function setsUpPrinting(ws: ExcelJS.Worksheet): boolean {
  const p: Partial<ExcelJS.PageSetup> = ws.pageSetup ?? {};
  // A print area is the user's whatever the setup around it: this tool sets none.
  if (p.printArea) return true;
  const paperSize: number | undefined = p.paperSize;
  const ours =
    paperSize === 9 &&
    p.fitToPage === true &&
    (p.fitToWidth ?? 0) >= 1 &&
    (p.fitToWidth ?? 0) <= 4 &&
    p.fitToHeight === 0 &&
    (p.scale ?? 100) === 100 &&
    isOurFooter(ws.headerFooter?.oddFooter);
  if (ours) return false;
  if (p.orientation === "landscape") return true;
  const paper: number | undefined = p.paperSize;
  if (paper !== undefined && paper !== 1 && paper !== 9) return true;
  if (p.scale !== undefined && p.scale !== 100) return true;
  if (p.fitToPage && ((p.fitToWidth ?? 1) !== 1 || (p.fitToHeight ?? 1) !== 0)) return true;
  if (p.printArea || p.printTitlesRow || p.printTitlesColumn) return true;
  // ExcelJS keeps the manual row breaks on the worksheet without declaring them in its types.
  const breaks: unknown = Reflect.get(ws, "rowBreaks");
  return Array.isArray(breaks) && breaks.length > 0;
}

function trimTrailingBlankRows(values: RawCell[][]): RawCell[][] {
  let end = values.length;
  while (end > 0 && values[end - 1].every((v) => v === null || v === "")) end--;
  return end === values.length ? values : values.slice(0, end);
}

function visibilityOf(ws: ExcelJS.Worksheet): SheetVisibility {
  return ws.state === "hidden" || ws.state === "veryHidden" ? ws.state : "visible";
}

function argb(hex: string): string {
  return "FF" + hex.replace(/^#/, "").toUpperCase();
}

const THIN: Partial<ExcelJS.Border> = { style: "thin" };
const THIN_BORDERS: Partial<ExcelJS.Borders> = { left: THIN, right: THIN, top: THIN, bottom: THIN };

function fontOf(format: CellFormat): Partial<ExcelJS.Font> | undefined {
  const font: Partial<ExcelJS.Font> = {
    ...(format.bold !== undefined ? { bold: format.bold } : {}),
    ...(format.italic !== undefined ? { italic: format.italic } : {}),
    ...(format.fontColor ? { color: { argb: argb(format.fontColor) } } : {}),
    ...(format.fontName !== undefined ? { name: format.fontName } : {}),
    ...(format.fontSize !== undefined ? { size: format.fontSize } : {}),
  };
  return Object.keys(font).length > 0 ? font : undefined;
}

/** The alignment a format sets on top of `base` (no vertical in the format keeps the base's, as styles.ts). */
function alignmentOf(
  format: CellFormat,
  base: Partial<ExcelJS.Alignment> | undefined,
): Partial<ExcelJS.Alignment> | undefined {
  if (!format.horizontal && !format.vertical && format.wrap === undefined) return undefined;
  // ExcelJS calls SpreadsheetML's vertical "center" "middle".
  const asked = format.vertical === "center" ? "middle" : format.vertical;
  const vertical = asked;
  return {
    ...base,
    ...(format.horizontal ? { horizontal: format.horizontal } : {}),
    ...(format.wrap !== undefined ? { wrapText: format.wrap } : {}),
    ...(vertical ? { vertical } : {}),
  };
}

function styleOf(format: CellFormat): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {};
  if (format.numFmt) style.numFmt = format.numFmt;
  if (format.fill) style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(format.fill) } };
  const font = fontOf(format);
  if (font) style.font = font;
  if (format.border) style.border = THIN_BORDERS;
  const alignment = alignmentOf(format, undefined);
  if (alignment) style.alignment = alignment;
  return style;
}

/**
 * A copied cell style (copyFormat) with a plan format on top, as the patcher's styles.ts derive
 * composes it: font fields, fill, border, alignment and number format replace the copied ones.
 */
function composedStyle(base: Partial<ExcelJS.Style>, format: CellFormat): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = { ...base };
  if (format.numFmt !== undefined) style.numFmt = format.numFmt;
  const font = fontOf(format);
  if (font) {
    const merged: Partial<ExcelJS.Font> = { ...base.font, ...font };
    // A named face is that face: a theme (scheme) font would show the theme's instead.
    if (format.fontName !== undefined) delete merged.scheme;
    style.font = merged;
  }
  if (format.fill) style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(format.fill) } };
  if (format.border !== undefined) {
    if (format.border) style.border = THIN_BORDERS;
    else delete style.border;
  }
  const alignment = alignmentOf(format, base.alignment);
  if (alignment) style.alignment = alignment;
  return style;
}

function hasStyle(format: CellFormat): boolean {
  return Object.values(format).some((v) => v !== undefined);
}

function listFormula(items: string[]): string {
  return `"${items.map((item) => item.replace(/"/g, '""')).join(",")}"`;
}

function a1(row: number, col: number): string {
  return cellAddress(col, row);
}

function rectAddress(rect: CellRect): string {
  const from = a1(rect.top, rect.left);
  const to = a1(rect.bottom, rect.right);
  return from === to ? from : `${from}:${to}`;
}

/** A sheet by name; Excel sheet names are case-insensitive, an exact match wins. */
function findByName<T extends { name: string }>(sheets: readonly T[], name: string): T | undefined {
  const exact = sheets.find((s) => s.name === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  return sheets.find((s) => s.name.toLowerCase() === lower);
}

/** The sheet a read is for: the one named (an XlsxError naming the others if absent), else the default. */
function chooseSheet(
  sheets: readonly SheetInfo[],
  request: ReadRequest,
  defaultSheet: (exclude: string) => string | undefined,
): string {
  if (sheets.length === 0) throw new XlsxError("EMPTY_WORKBOOK", msg("EMPTY_WORKBOOK"));
  if (request.sheet !== undefined) {
    const found = findByName(sheets, request.sheet);
    if (found) return found.name;
    throw new XlsxError(
      "NO_SHEET",
      msg("NO_SHEET", { sheet: request.sheet, sheets: sheets.map((s) => s.name) }),
    );
  }
  const chosen = defaultSheet(request.settingsSheet);
  if (chosen === undefined) throw new XlsxError("EMPTY_WORKBOOK", msg("NO_VISIBLE_SHEET"));
  return chosen;
}

/** A4 (ECMA-376 Part 1, §18.3.1.63). */
const PAPER_A4: ExcelJS.PaperSize = 9;

/**
 * A sheet's page setup (SPEC §5, §6), as the patcher writes it (print.ts): A4, the orientation, fit
 * to one page wide, centred, the print titles, the page-number footer unless the sheet has an
 * odd-page footer of its own. Titles the setup does not give are left as the sheet has them.
 */
function setUpPrinting(ws: ExcelJS.Worksheet, setup: PageSetup): void {
  const rows = setup.titleRows;
  const columns = setup.titleColumns;
  const current: Partial<ExcelJS.PageSetup> = ws.pageSetup ?? {};
  ws.pageSetup = {
    ...current,
    paperSize: PAPER_A4,
    orientation: setup.orientation,
    fitToPage: setup.fitToWidth,
    ...(setup.fitToWidth ? { fitToWidth: setup.pagesWide ?? 1, fitToHeight: 0 } : {}),
    ...(setup.centerHorizontally ? { horizontalCentered: true } : {}),
    ...(rows ? { printTitlesRow: `${rows.first}:${rows.last}` } : {}),
    ...(columns ? { printTitlesColumn: `${columnLetter(columns.first)}:${columnLetter(columns.last)}` } : {}),
  };
  const footer = ws.headerFooter?.oddFooter;
  if (setup.pageNumbers && (!footer || footer === "&CPage &P" || isOurFooter(footer)))
    ws.headerFooter = { ...ws.headerFooter, oddFooter: pageNumberFooter(setup) };
}

/** The settings JSON: column A's chunks from A1 down to the first blank cell, joined. */
export function settingsText(column: readonly RawCell[]): string | null {
  const chunks: string[] = [];
  for (const raw of column) {
    if (raw === null || raw === undefined || raw === "") break;
    chunks.push(typeof raw === "string" ? raw : String(raw));
  }
  return chunks.length > 0 ? chunks.join("") : null;
}

/**
 * The WorkbookAdapter over an opened file (openXlsx: read without ExcelJS where it can, plans kept
 * for writeXlsxAtomic to patch in) or an in-memory ExcelJS workbook (templates, the ExcelJS writer).
 */
export class XlsxAdapter implements WorkbookAdapter {
  /** Plan operations that .xlsx writing cannot do (charts), for the caller to mention. */
  readonly skipped: PlanOp[] = [];
  /** What the last read noticed about the scored sheet (formulas without a cached result). */
  readStats: ReadStats = noStats();
  /** The same per sheet read: a recompute may read other sheets after the one it scores. */
  private readonly statsBySheet = new Map<string, ReadStats>();
  /** Rows of the sheet the last read returned (the CLI shows progress for large tables only). */
  lastReadRows = 0;
  private readonly styleCache = new Map<string, Partial<ExcelJS.Style>>();
  private readonly styleByObject = new WeakMap<CellFormat, Partial<ExcelJS.Style>>();
  private readonly plainFormat: CellFormat = {};
  /** Per sheet, row and column: the style a copyFormat gave a cell (later formats compose on it). */
  private readonly copied = new Map<string, Map<number, Map<number, Partial<ExcelJS.Style>>>>();
  private readonly composedCache = new WeakMap<
    Partial<ExcelJS.Style>,
    Map<CellFormat, Partial<ExcelJS.Style>>
  >();
  /** Shared strings and date styles of an opened file, read once for every sheet read. */
  private cellContext: CellContext | null | undefined;

  constructor(readonly workbook: ExcelJS.Workbook | XlsxFile) {}

  /** The ExcelJS model behind the adapter: the workbook itself, or an opened file's once loaded. */
  private get model(): ExcelJS.Workbook {
    const model = this.workbook instanceof XlsxFile ? this.workbook.loaded : this.workbook;
    if (!model) throw new Error("the ExcelJS model of this file is not loaded");
    return model;
  }

  /** Worksheets in tab order. */
  private worksheets(): ExcelJS.Worksheet[] {
    return this.model.worksheets;
  }

  private findSheet(name: string): ExcelJS.Worksheet | undefined {
    return findByName(this.worksheets(), name);
  }

  private requireSheet(name: string): ExcelJS.Worksheet {
    const ws = this.findSheet(name);
    if (!ws) throw new Error(`plan names a sheet that does not exist: ${name}`);
    return ws;
  }

  /** The sheet to score when none is named: the active tab if it is a visible sheet, else the first visible one. */
  defaultSheet(exclude: string): ExcelJS.Worksheet | undefined {
    const sheets = this.worksheets();
    const usable = (ws: ExcelJS.Worksheet | undefined) =>
      ws !== undefined && visibilityOf(ws) === "visible" && ws.name !== exclude;
    const activeTab = this.model.views?.[0]?.activeTab;
    if (typeof activeTab === "number" && usable(sheets[activeTab])) return sheets[activeTab];
    return sheets.find(usable);
  }

  /** The worksheets with their visibility, in tab order. */
  async sheetList(): Promise<SheetInfo[]> {
    const file = this.workbook instanceof XlsxFile ? this.workbook : undefined;
    if (file?.book && !file.loaded)
      return file.book.sheets.map((s) => ({ name: s.name, visibility: s.visibility }));
    if (file) await file.exceljs();
    return this.worksheets().map((ws) => ({ name: ws.name, visibility: visibilityOf(ws) }));
  }

  async read(request: ReadRequest): Promise<WorkbookSnapshot> {
    this.readStats = noStats();
    const file = this.workbook instanceof XlsxFile ? this.workbook : undefined;
    // A read after a deferred write must see it: that takes ExcelJS's model.
    if (file && !file.loaded && file.pending.length > 0) await file.exceljs();
    let fast: WorkbookSnapshot | null = null;
    try {
      fast = file && !file.loaded && file.book ? this.readPackage(file, file.book, request) : null;
    } finally {
      file?.forgetInflated();
    }
    if (fast) {
      this.statsBySheet.set(fast.sheet.name, this.readStats);
      this.lastReadRows = fast.sheet.values.length;
      checkScoredRows(fast.sheet.name, this.lastReadRows);
      return fast;
    }
    if (file) await file.exceljs();
    if (pendingPlans.has(this.model)) materialise(this.model);
    const sheets: SheetInfo[] = this.worksheets().map((ws) => ({
      name: ws.name,
      visibility: visibilityOf(ws),
    }));
    this.refuseUserSheetNamedLikeSettings(request.settingsSheet);
    const target = chooseSheet(sheets, request, (exclude) => this.defaultSheet(exclude)?.name);
    this.statsBySheet.set(target, this.readStats);
    const ws = this.requireSheet(target);
    // ExcelJS keeps a row numbered past Excel's last as it is: read, it would be a billion rows.
    if (ws.rowCount > EXCEL_LAST_ROW)
      throw damagedSheet(file?.file ?? target, target, { why: "rowNumber", row: ws.rowCount });
    const sheet = readSheetModel(ws, this.readStats);
    this.lastReadRows = sheet.values.length;
    checkScoredRows(sheet.name, this.lastReadRows);
    return { sheets, settingsJson: this.readSettings(request.settingsSheet), sheet };
  }

  /**
   * The settings sheet is ours only when hidden or holding our settings: a visible sheet of that
   * name with anything else is the user's, which a recompute would clear and hide. Refuse instead.
   */
  private refuseUserSheetNamedLikeSettings(name: string): void {
    const ws = this.findSheet(name);
    if (!ws || visibilityOf(ws) !== "visible") return;
    if (this.readSettings(name)?.includes(SETTINGS_FORMAT)) return;
    throw new AppError(msg("SETTINGS_SHEET_NAME_TAKEN", { sheet: ws.name }));
  }

  /** What reading `sheet` noticed (formulas without a cached result); empty if it was not read. */
  statsFor(sheet: string): ReadStats {
    return this.statsBySheet.get(sheet) ?? noStats();
  }

  /** The read straight from the package XML; null when a sheet (or a part cells need) needs ExcelJS's reader. */
  private readPackage(file: XlsxFile, book: PackageWorkbook, request: ReadRequest): WorkbookSnapshot | null {
    const sheets: SheetInfo[] = book.sheets.map((s) => ({ name: s.name, visibility: s.visibility }));
    const context = (this.cellContext ??= cellContextOf(file, book));
    if (!context) return null;
    let settingsJson: string | null = null;
    const settings = findByName(book.sheets, request.settingsSheet);
    if (settings) {
      const settingsXml = file.text(settings.part);
      const model = settingsXml === undefined ? null : readWorksheetXml(settings.name, settingsXml, context);
      if (!model) return null;
      settingsJson = settingsText(model.values.map((row) => row[0] ?? null));
      // As refuseUserSheetNamedLikeSettings: a visible sheet of that name without our settings is the user's.
      if (settings.visibility === "visible" && !settingsJson?.includes(SETTINGS_FORMAT))
        throw new AppError(msg("SETTINGS_SHEET_NAME_TAKEN", { sheet: settings.name }));
    }
    const target = chooseSheet(sheets, request, (exclude) => {
      const active = book.sheets.find((s) => s.name === book.activeSheet);
      const usable = (s: SheetInfo | undefined) =>
        s !== undefined && s.visibility === "visible" && s.name !== exclude;
      return (usable(active) ? active : sheets.find(usable))?.name;
    });
    const part = (name: string) => findByName(book.sheets, name) as (typeof book.sheets)[number];
    // Too many rows is refused before they are decoded and parsed, from the end of the sheet's
    // bytes: a sheet reaching Excel's last row costs its inflating, not a 1.3 GB read.
    const bytes = file.bytes(part(target).part);
    if (bytes === undefined) return null;
    // Patched, a sheet this large will likely pass FAST_DEFLATE_BYTES (results add about as much
    // again as its cells) and be deflated by the offload (the CLI's worker): it starts now.
    if (bytes.length > FAST_DEFLATE_BYTES / 2) prepareLargePartOffload();
    const height = lastValueRow(bytes, context);
    if (height !== undefined) checkScoredRows(target, height);
    // Read from the bytes, which the patcher copies its rows from: the sheet is never decoded whole.
    const notes: ReadNotes = {
      uncachedFormulas: this.readStats.uncachedFormulas,
      zeroFormulas: this.readStats.zeroFormulas,
    };
    const sheet = readWorksheetXml(target, bytes, context, notes);
    if (!sheet && notes.damage)
      throw damagedSheet(file.file, target, notes.damage, context.sharedStrings.length);
    if (!sheet) return null;
    if (notes.plainRows) file.setPlainRows(part(target).part);
    if (notes.protected !== undefined) file.noteProtected(part(target).part, notes.protected);
    file.packageReads.set(target, sheet.values);
    // Print titles count as the user's unless the page setup around them is the one we write; a
    // print area always does (we set none).
    const named = part(target);
    if (named.printArea || (named.printNames && !pageSetupIsOurs(worksheetOutside(bytes))))
      sheet.pageSetupCustomised = true;
    return { sheets, settingsJson, sheet };
  }

  /**
   * The first `rows` rows of a sheet (WorkbookAdapter.readTop): from the package's bytes when it is
   * read without ExcelJS (the part is inflated and let go, its rows below `rows` not parsed).
   */
  async readTop(name: string, rows: number): Promise<RawCell[][] | null> {
    return (await this.sheetValues(name, rows))?.slice(0, rows) ?? null;
  }

  /**
   * WorkbookAdapter.contentOutside: the sheet's values read whole, as readTop reads its top (only
   * the owned sheets are asked, and they are as long as the list of branches).
   */
  async contentOutside(name: string, block: WrittenExtent): Promise<FoundCell | null> {
    if (!this.mayReachPast(name, block)) return null;
    const values = await this.sheetValues(name, Infinity);
    return values ? firstValueOutside(values, block) : null;
  }

  /** False when the sheet's bytes show every cell within `block` (sheet-reach.ts); true when unsure. */
  private mayReachPast(name: string, block: WrittenExtent): boolean {
    const file = this.workbook instanceof XlsxFile ? this.workbook : undefined;
    const book = file && !file.loaded && file.pending.length === 0 ? file.book : undefined;
    const part = book ? findByName(book.sheets, name)?.part : undefined;
    if (!file || !part) return true;
    // Only the tool's own sheets are asked: the patch replaces this one, so its bytes are kept for it.
    file.hold(part);
    const bytes = file.data(part);
    return !bytes || cellsMayReachPast(bytes, block.lastRow, block.lastCol);
  }

  /** A sheet's values down to `rows` (more may come), from the package's bytes where it can. */
  private async sheetValues(name: string, rows: number): Promise<RawCell[][] | null> {
    const file = this.workbook instanceof XlsxFile ? this.workbook : undefined;
    const book = file && !file.loaded && file.pending.length === 0 ? file.book : undefined;
    const context = file && book ? (this.cellContext ??= cellContextOf(file, book)) : null;
    if (file && book && context) {
      const sheet = findByName(book.sheets, name);
      if (!sheet) return null;
      try {
        const bytes = file.data(sheet.part);
        const model = bytes && readWorksheetXml(name, bytes, context, undefined, rows);
        if (model) return model.values;
      } finally {
        // Kept until the next look: an owned sheet's top is read just before what lies outside its block.
        file.forgetInflated(sheet.part);
      }
    }
    if (file) await file.exceljs();
    if (pendingPlans.has(this.model)) materialise(this.model);
    const ws = this.findSheet(name);
    return ws ? readSheetModel(ws).values : null;
  }

  private readSettings(name: string): string | null {
    const ws = this.findSheet(name);
    if (!ws) return null;
    const column: RawCell[] = [];
    for (let r = 1; r <= ws.rowCount; r++) column.push(toRawCell(ws.getCell(r, 1).value));
    return settingsText(column);
  }

  async apply(plan: WritePlan): Promise<void> {
    await this.refuseProtected(plan.ops);
    if (this.workbook instanceof XlsxFile && !this.workbook.loaded) {
      // Deferred: writeXlsxAtomic patches these into the opened package (or loads ExcelJS's model).
      this.workbook.pending.push(...plan.ops);
      for (const op of plan.ops) if (op.kind === "chart") this.skipped.push(op);
      return;
    }
    const wb = this.model;
    if (sourceBuffers.has(wb) && !materialised.has(wb)) {
      // Deferred: writeXlsxAtomic patches these into the opened package (or materialises them).
      pendingPlans.set(wb, [...(pendingPlans.get(wb) ?? []), ...plan.ops]);
      for (const op of plan.ops) if (op.kind === "chart") this.skipped.push(op);
      return;
    }
    this.applyNow(plan.ops);
  }

  /**
   * Refuses a plan that writes to a protected sheet, or adds, shows or hides a sheet in a workbook
   * whose structure is protected, as Excel and the add-in do (protection.ts): before anything is written.
   */
  private async refuseProtected(ops: readonly PlanOp[]): Promise<void> {
    const file = this.workbook instanceof XlsxFile ? this.workbook : undefined;
    // Opened without a package read of its own, only ExcelJS's model can say.
    if (file && !file.loaded && !file.book) await file.exceljs();
    const refusal =
      file?.book && !file.loaded ? packageRefusal(file, file.book, ops) : this.modelRefusal(ops, file);
    if (refusal) throw new XlsxError("PROTECTED", refusal);
  }

  /** protectionRefusal from ExcelJS's model (and, for an opened file, its workbook part's locks). */
  private modelRefusal(ops: readonly PlanOp[], file: XlsxFile | undefined): Message | null {
    const sheets = this.worksheets().map((ws) => ({ name: ws.name, visibility: visibilityOf(ws) }));
    const isProtected = (name: string) => exceljsSheetProtected(this.findSheet(name));
    return protectionRefusal(file?.file ?? "", ops, sheets, isProtected, file?.structureLocked() ?? false);
  }

  /** Apply ops to the ExcelJS model now. */
  applyNow(ops: readonly PlanOp[]): void {
    for (const op of ops) this.applyOp(op);
  }

  private applyOp(op: PlanOp): void {
    switch (op.kind) {
      case "ensureSheet":
        return this.ensureSheet(op.sheet, op.visibility, op.clear);
      case "values":
        return this.writeValues(this.requireSheet(op.sheet), op.row, op.col, op.values, op.formats);
      case "clear":
        return this.clearRect(this.requireSheet(op.sheet), op.rect);
      case "merge":
        return this.merge(this.requireSheet(op.sheet), op.rect);
      case "columnWidths": {
        const ws = this.requireSheet(op.sheet);
        op.widths.forEach((width, i) => {
          ws.getColumn(op.col + i).width = width;
        });
        return;
      }
      case "freeze": {
        const ws = this.requireSheet(op.sheet);
        const current = ws.views?.[0] ?? {};
        const frozen = op.rows > 0 || op.columns > 0;
        ws.views = [
          frozen
            ? {
                ...current,
                state: "frozen",
                xSplit: op.columns,
                ySplit: op.rows,
                topLeftCell: a1(op.rows + 1, op.columns + 1),
              }
            : { ...current, state: "normal" },
        ] as ExcelJS.WorksheetView[];
        return;
      }
      case "validation":
        return this.validate(this.requireSheet(op.sheet), op.rect, op.rule);
      case "chart":
        // ExcelJS cannot write charts; the distribution table is still there to chart by hand.
        this.skipped.push(op);
        return;
      case "copyFormat":
        return this.copyFormat(this.requireSheet(op.sheet), op.from, op.to);
      case "rowHeights": {
        const ws = this.requireSheet(op.sheet);
        op.heights.forEach((height, i) => {
          if (height !== null) ws.getRow(op.row + i).height = height;
        });
        return;
      }
      case "pageSetup":
        return setUpPrinting(this.requireSheet(op.sheet), op.setup);
      default: {
        const unknown: never = op;
        throw new Error(`unknown plan op ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * The cells of `to` take cell `from`'s style (one shared object); later values' formats are
   * composed on top of it (writeValues), as the patcher does.
   */
  private copyFormat(ws: ExcelJS.Worksheet, from: { row: number; col: number }, to: CellRect): void {
    const base = Object.freeze({ ...ws.getCell(from.row, from.col).style });
    let copied = this.copied.get(ws.name);
    if (!copied) this.copied.set(ws.name, (copied = new Map()));
    for (let r = to.top; r <= to.bottom; r++) {
      let cols = copied.get(r);
      if (!cols) copied.set(r, (cols = new Map()));
      const row = ws.getRow(r);
      for (let c = to.left; c <= to.right; c++) {
        cols.set(c, base);
        row.getCell(c).style = base;
      }
    }
  }

  /** A copied style with a format on top: one shared object per (style, format), as styleFor. */
  private composed(base: Partial<ExcelJS.Style>, format: CellFormat): Partial<ExcelJS.Style> {
    let byFormat = this.composedCache.get(base);
    if (!byFormat) this.composedCache.set(base, (byFormat = new Map()));
    let style = byFormat.get(format);
    if (!style) byFormat.set(format, (style = Object.freeze(composedStyle(base, format))));
    return style;
  }

  private ensureSheet(name: string, visibility: SheetVisibility, clear: boolean): void {
    const existing = this.findSheet(name);
    if (existing && clear) this.copied.delete(existing.name);
    if (!existing) {
      this.model.addWorksheet(name, { state: visibility });
      return;
    }
    if (clear) {
      // Re-creating is the only complete clear in ExcelJS (rows, styles, merges, views, validations,
      // page setup); keep the tab where it was.
      const orderNo = (existing as unknown as { orderNo: number }).orderNo;
      const sheetName = existing.name;
      const recreated = recreatedSheets.get(this.model) ?? new Set<string>();
      recreated.add(sheetName);
      recreatedSheets.set(this.model, recreated);
      this.model.removeWorksheet(existing.id);
      const fresh = this.model.addWorksheet(sheetName, { state: visibility });
      (fresh as unknown as { orderNo: number }).orderNo = orderNo;
      return;
    }
    existing.state = visibility;
  }

  private styleFor(format: CellFormat): Partial<ExcelJS.Style> {
    // Plans reuse a handful of format objects for thousands of cells: look them up by identity first.
    const known = this.styleByObject.get(format);
    if (known) return known;
    const key = JSON.stringify(format);
    let style = this.styleCache.get(key);
    if (!style) {
      // One shared, never-mutated style object per distinct format: ExcelJS's writer caches the
      // style id by object identity, which keeps writing 10,000s of formatted cells cheap.
      style = Object.freeze(styleOf(format)) as Partial<ExcelJS.Style>;
      this.styleCache.set(key, style);
    }
    this.styleByObject.set(format, style);
    return style;
  }

  private writeValues(
    ws: ExcelJS.Worksheet,
    top: number,
    left: number,
    values: WriteValue[][],
    formats?: (CellFormat | null)[][],
  ): void {
    const merges = mergesOf(ws);
    const copied = this.copied.get(ws.name);
    for (let r = 0; r < values.length; r++) {
      const rowValues = values[r];
      const row = ws.getRow(top + r);
      const rowFormats = formats?.[r];
      const copiedRow = copied?.get(top + r);
      for (let c = 0; c < rowValues.length; c++) {
        const value = rowValues[c] ?? null;
        const format = rowFormats?.[c];
        // An empty, unformatted cell that does not exist yet stays non-existent: summaries are sparse
        // grids, and every Cell object costs memory and writing time.
        if (value === null && !(format && hasStyle(format)) && !row.findCell(left + c)) continue;
        const cell = row.getCell(left + c);
        if (cell.type === VALUE_MERGE) {
          // A merged cell's slave forwards writes to its master, which may be someone else's cell.
          if (value === null) continue;
          const rect: CellRect = { top: top + r, left: left + c, bottom: top + r, right: left + c };
          for (const m of merges)
            if (rectsOverlap(m, rect)) ws.unMergeCells(m.top, m.left, m.bottom, m.right);
        }
        // Strings are assigned as plain strings: ExcelJS only makes formulas from {formula} objects,
        // so "=SUM(A1)" is stored as a shared string, never a formula.
        cell.value = typeof value === "string" ? clipCellText(value) : value;
        const base = copiedRow?.get(left + c);
        if (base) cell.style = format ? this.composed(base, format) : base;
        else if (format) cell.style = this.styleFor(format);
        else if (formats) cell.style = this.styleFor(this.plainFormat);
      }
    }
  }

  private clearRect(ws: ExcelJS.Worksheet, rect: CellRect): void {
    const plain = this.styleFor(this.plainFormat);
    const copied = this.copied.get(ws.name);
    for (let r = rect.top; r <= rect.bottom; r++) {
      const copiedRow = copied?.get(r);
      if (copiedRow) for (let c = rect.left; c <= rect.right; c++) copiedRow.delete(c);
      const row = ws.findRow(r);
      if (!row) continue;
      for (let c = rect.left; c <= rect.right; c++) {
        const cell = row.findCell(c);
        if (!cell) continue;
        if (cell.type !== VALUE_MERGE) cell.value = null;
        cell.style = plain;
      }
    }
  }

  private merge(ws: ExcelJS.Worksheet, rect: CellRect): void {
    for (const m of mergesOf(ws)) {
      if (m.top === rect.top && m.left === rect.left && m.bottom === rect.bottom && m.right === rect.right)
        return;
      if (rectsOverlap(m, rect)) ws.unMergeCells(m.top, m.left, m.bottom, m.right);
    }
    ws.mergeCells(rect.top, rect.left, rect.bottom, rect.right);
  }

  private validate(ws: ExcelJS.Worksheet, rect: CellRect, rule: DataValidationRule): void {
    const common = {
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: "stop" as const,
      errorTitle: "星级评定",
      error: rule.message,
    };
    const prompt = rule.prompt
      ? { showInputMessage: true, promptTitle: "星级评定", prompt: rule.prompt }
      : {};
    const validation: ExcelJS.DataValidation =
      rule.kind === "list"
        ? { ...common, ...prompt, type: "list", formulae: [listFormula(rule.items)] }
        : { ...common, ...prompt, type: rule.kind, operator: "between", formulae: [rule.min, rule.max] };
    internals(ws).dataValidations.add(rectAddress(rect), validation);
  }
}
