/**
 * An opened package as every reader of ours takes it, and the checks made before anything reads it
 * (docs/xlsx-round-trip.md, "What the package itself decides"): XML parts in Excel's usual spelling
 * (readableXml: UTF-16, namespace prefixes, rows and cells without references), duplicate entries,
 * CDATA where cells are read, the table filters ExcelJS's reader throws on, and where a damaged
 * package is damaged. Pure functions over the zip entries; the adapter turns their findings into
 * messages.
 */
import { lacksReferences, withCellReferences } from "./cell-references";
import { hasPrefixedRoot, withDefaultNamespace } from "./prefixed";
import { xmlFault } from "./well-formed";
import { compressEntry, entryData, indexOfBytes, writeZip, type ZipEntry } from "./zip";

/** Parts holding XML (what readableXml may respell). */
const XML_PART = /\.(?:xml|rels|vml)$/i;

const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8Encoder = new TextEncoder();
/** How much of a part is decoded to tell whether it needs respelling (a prefixed root, references left out). */
const HEAD_BYTES = 64 * 1024;

/** Whether XML bytes are UTF-16 (OPC allows it; a byte-order mark, or "<?" in two bytes a character). */
function utf16Of(data: Uint8Array): "utf-16le" | "utf-16be" | null {
  const [a, b, c, d] = data;
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0 && c === 0x3f && d === 0)) return "utf-16le";
  if ((a === 0xfe && b === 0xff) || (a === 0 && b === 0x3c && c === 0 && d === 0x3f)) return "utf-16be";
  return null;
}

/**
 * XML as every reader of ours takes it: UTF-8 (a UTF-16 part re-encoded, its declaration saying
 * so), with a namespace prefix on its root taken off where prefixed.ts can, and a worksheet's rows
 * and cells given the references its writer left out; the bytes themselves when none of this
 * applies (the usual case, told from the part's head: no copy). A part that needs any of it is
 * decoded and encoded once.
 */
export function readableXml(data: Uint8Array): Uint8Array {
  const utf16 = utf16Of(data);
  if (utf16 === null) {
    const head = utf8Decoder.decode(data.subarray(0, HEAD_BYTES));
    if (!hasPrefixedRoot(head) && !lacksReferences(head)) return data;
  }
  const text = utf16 === null ? utf8Decoder.decode(data) : declaredUtf8(new TextDecoder(utf16).decode(data));
  const unprefixed = withDefaultNamespace(text) ?? text;
  const referenced = lacksReferences(unprefixed.slice(0, HEAD_BYTES)) ? withCellReferences(unprefixed) : null;
  const readable = referenced ?? unprefixed;
  return readable === text && utf16 === null ? data : utf8Encoder.encode(readable);
}

/** UTF-16 XML's text with its declaration saying UTF-8, as it is about to be encoded. */
function declaredUtf8(text: string): string {
  return text.replace(/^(<\?xml[^>]*?\sencoding\s*=\s*["'])UTF-16(["'])/i, "$1UTF-8$2");
}

/** A part's content as every reader of ours takes it: XML as readableXml gives it, anything else as inflated. */
export function partData(entry: ZipEntry): Uint8Array {
  const data = entryData(entry);
  return XML_PART.test(entry.name) ? readableXml(data) : data;
}

/** partData as text. */
export function partText(entry: ZipEntry): string {
  return utf8Decoder.decode(partData(entry));
}

/** Parts up to this size are checked when a damaged package's message looks for the damage. */
const FAULT_CHECK_BYTES = 64 * 1024 * 1024;

/** Where a part stops being well-formed XML, for a message. */
export interface PartFault {
  part: string;
  line: number;
  column: number;
  reason: string;
}

/** Each part `wanted` names, as partText reads it, in the zip's order; parts that do not inflate left out (the zip's own message says so). */
function* partTexts(entries: readonly ZipEntry[], wanted: (entry: ZipEntry) => boolean) {
  for (const entry of entries) {
    if (!wanted(entry)) continue;
    let text: string;
    try {
      text = partText(entry);
    } catch {
      continue;
    }
    yield { part: entry.name, text };
  }
}

/**
 * The first XML part (in the zip's order, up to FAULT_CHECK_BYTES) that is not well-formed, or
 * null: what a message names when ExcelJS's reader gave up on the package in its own words,
 * which do not say which part.
 */
export function firstXmlFault(entries: readonly ZipEntry[]): PartFault | null {
  const wanted = (e: ZipEntry) => XML_PART.test(e.name) && e.size <= FAULT_CHECK_BYTES;
  for (const { part, text } of partTexts(entries, wanted)) {
    const fault = xmlFault(text);
    if (!fault) continue;
    // A fault found where a run of text starts (text outside the root) is shown where that text does.
    const skipped = text.slice(fault.at).search(/\S/);
    const where = skipped < 0 ? fault.at : fault.at + skipped;
    const lines = text.slice(0, where).split("\n");
    return { part, line: lines.length, column: lines[lines.length - 1]!.length + 1, reason: fault.reason };
  }
  return null;
}

/** A relationship that lacks an attribute every relationship has (ECMA-376 Part 2: Id, Type, Target). */
export interface RelationshipFault {
  part: string;
  id: string;
  missing: string;
}

const RELATIONSHIP_TAG = /<Relationship\b([^>]*)>/g;

/**
 * The first relationship (in the zip's order) without its Id, Type or Target, or null: a package
 * ExcelJS's reader stops on with a TypeError ("reading 'replace'"), which names nothing.
 */
export function incompleteRelationship(entries: readonly ZipEntry[]): RelationshipFault | null {
  for (const { part, text } of partTexts(entries, (e) => /\.rels$/i.test(e.name))) {
    for (const tag of text.matchAll(RELATIONSHIP_TAG)) {
      const attributes = tag[1]!;
      const missing = ["Id", "Type", "Target"].filter(
        (name) => !new RegExp(`\\s${name}\\s*=`).test(attributes),
      );
      if (missing.length === 0) continue;
      const id = /\sId\s*=\s*(["'])([^"']*)\1/.exec(attributes)?.[2] ?? "";
      return { part, id, missing: missing.join(", ") };
    }
  }
  return null;
}

/**
 * Entry names that occur more than once (compared as OPC does, ignoring case). Readers disagree on
 * which copy counts (JSZip keeps the last, others the first), so such a package has no one meaning.
 */
export function duplicateEntries(entries: readonly ZipEntry[]): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const entry of entries) {
    const key = entry.name.toLowerCase();
    if (seen.has(key)) out.add(entry.name);
    seen.add(key);
  }
  return [...out];
}

/** Parts whose cell text is read: the worksheets and the shared strings. */
const CELL_PARTS = /^xl\/(?:worksheets\/[^/]+\.xml|sharedStrings\.xml)$/i;
const CDATA = new TextEncoder().encode("<![CDATA[");
/** Where CDATA's first "[" is in "<![CDATA[": searched for natively, since "[" is rare in XML and "<" is not. */
const CDATA_BRACKET = 2;

/** Whether XML bytes hold "<![CDATA[". */
function hasCdata(bytes: Uint8Array): boolean {
  for (
    let at = bytes.indexOf(CDATA[CDATA_BRACKET]);
    at >= 0;
    at = bytes.indexOf(CDATA[CDATA_BRACKET], at + 1)
  ) {
    const start = at - CDATA_BRACKET;
    if (start >= 0 && indexOfBytes(bytes.subarray(start, start + CDATA.length), CDATA) === 0) return true;
  }
  return false;
}

/**
 * Parts holding cell text that carry a CDATA section. ExcelJS's reader drops CDATA text (a cell
 * would read as blank) and the text patcher cannot see where such a section ends, so neither may
 * score the file. Excel itself never writes CDATA. `data` gives an entry's content (the opened file
 * keeps what it inflates here for the read that follows).
 */
export function cdataParts(
  entries: readonly ZipEntry[],
  data: (entry: ZipEntry) => Uint8Array = entryData,
): string[] {
  return entries.filter((e) => CELL_PARTS.test(e.name) && hasCdata(data(e))).map((e) => e.name);
}

/** ExcelJS 4.4 reads table parts whose names match this (lib/xlsx/xlsx.js). */
const TABLE_PART = /xl\/tables\/table\d+[.]xml/;
/** What ExcelJS's table reader accepts inside <filterColumn>; anything else makes it throw. */
const READABLE_FILTER =
  /^(?:\s*<(?:filters|customFilters)\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:filters|customFilters)>))*\s*$/;

/**
 * A table part as ExcelJS can read it: a <filterColumn> filtering by colour, icon, top 10 or a
 * dynamic rule (and a sort state or extension list inside <autoFilter>) is reduced to its button.
 * Returns null when nothing needed changing. Only ExcelJS sees the result: the patcher writes the
 * source's bytes, and the ExcelJS writer reports these filters as lost.
 */
export function tableForExcelJs(xml: string): string | null {
  const auto = /<autoFilter\b[^>]*?(?:\/>|>([\s\S]*?)<\/autoFilter>)/.exec(xml);
  if (!auto || auto[1] === undefined) return null;
  let body = auto[1];
  body = body.replace(
    /<filterColumn\b([^>]*?)>([\s\S]*?)<\/filterColumn>/g,
    (whole, attrs: string, inner: string) =>
      READABLE_FILTER.test(inner) ? whole : `<filterColumn${attrs}/>`,
  );
  body = body.replace(/<sortState\b[^>]*?(?:\/>|>[\s\S]*?<\/sortState>)/g, "");
  body = body.replace(/<extLst\b[^>]*?(?:\/>|>[\s\S]*?<\/extLst>)/g, "");
  if (body === auto[1]) return null;
  const start = auto.index + auto[0].indexOf(">") + 1;
  return xml.slice(0, start) + body + xml.slice(start + auto[1].length);
}

/**
 * The package as ExcelJS's reader can take it, and the table parts whose filters it was given
 * without; the buffer itself when nothing needed changing (the usual case, no copy). XML parts are
 * given to it as readableXml spells them (ExcelJS reads UTF-8 and unprefixed names only), and a
 * worksheet with a row or cell without its reference anywhere (readableXml looks at a sheet's head
 * only) with them written in: ExcelJS's reader stops with a TypeError on one.
 */
export async function packageForExcelJs(
  buffer: Uint8Array,
  entries: readonly ZipEntry[],
): Promise<{ buffer: Uint8Array; tables: string[] }> {
  const changed = new Map<string, ZipEntry>();
  const tables: string[] = [];
  for (const entry of entries) {
    if (!XML_PART.test(entry.name)) continue;
    const data = entryData(entry);
    let readable = readableXml(data);
    const table = TABLE_PART.test(entry.name) ? tableForExcelJs(utf8Decoder.decode(readable)) : null;
    if (table !== null) tables.push(entry.name);
    if (WORKSHEET_PART.test(entry.name)) readable = referencedThroughout(readable);
    if (table !== null) changed.set(entry.name, compressEntry(entry.name, table));
    else if (readable !== data) changed.set(entry.name, compressEntry(entry.name, readable));
  }
  if (changed.size === 0) return { buffer, tables };
  const out = entries.map((entry) => changed.get(entry.name) ?? entry);
  return { buffer: writeZip(out, new Date()), tables };
}

const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/i;
/** A row's or a cell's start tag without an `r` among its attributes. */
const UNREFERENCED = /<(?:row|c)(?=[\s/>])(?![^>]*\sr\s*=)[^>]*>/;

/** A worksheet's XML with every row and cell given its reference when one lacks it (cell-references.ts). */
function referencedThroughout(data: Uint8Array): Uint8Array {
  const text = utf8Decoder.decode(data);
  if (!UNREFERENCED.test(text)) return data;
  const referenced = withCellReferences(text);
  return referenced === null ? data : utf8Encoder.encode(referenced);
}
