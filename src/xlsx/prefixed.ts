/**
 * A part whose elements carry a namespace prefix (`<x:worksheet xmlns:x="…/spreadsheetml/2006/main">
 * <x:sheetData>…`, as the Open XML SDK and ClosedXML write SpreadsheetML, and Python's ElementTree
 * writes relationships as `<ns0:Relationships>`) is the same XML as one with that namespace the
 * default. Excel reads both; the package reader, the patcher and ExcelJS (its issue #1437) look for
 * unprefixed names. So such a part is read in its default-namespace spelling: the root's prefix
 * taken off its elements and its namespace declared as the default, the prefix's own declaration
 * kept (an attribute may use it). Only where that cannot change what any name means; otherwise
 * the part is left as written (and a reader that needs it refuses, as before). A part the run
 * writes is then written in the default spelling; parts it does not touch keep their bytes.
 * Pure: runs in a browser too (docs/xlsx-round-trip.md, "Namespace prefixes").
 */

/** The root element's start tag, after an optional byte-order mark and XML declaration. */
const ROOT = /^\uFEFF?(?:<\?xml[^>]*\?>)?\s*<([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)(\s[^>]*)?>/;
/** A root element whose name has a prefix, told from the part's first characters. */
const PREFIXED_ROOT_NAME = /^\uFEFF?(?:<\?xml[^>]*\?>)?\s*<[A-Za-z_][\w.-]*:/;
/** What this rewrite does not reason about: CDATA, DOCTYPE, processing instructions. */
const OPAQUE = /<!\[CDATA\[|<!DOCTYPE|<\?(?!xml\s)/;
/**
 * An XML comment: it means nothing to any reader (Excel drops them when it saves), so a respelt part
 * is written without them. Outside CDATA and processing instructions (refused above) `<!--` can only
 * open one: `<` is never literal in text or in an attribute's value.
 */
const COMMENT = /<!--[\s\S]*?-->/g;
/** A default namespace declared anywhere. */
const DEFAULT_DECLARED = /\sxmlns\s*=/;
/** An element without a prefix (in no namespace when no default is declared). */
const UNPREFIXED_ELEMENT = /<[A-Za-z_][\w.-]*(?=[\s/>])/;

/**
 * The namespaces written as the default one by Excel and every usual writer, whose readers (ours,
 * ExcelJS) match unprefixed names. Others keep their prefix: docProps/core.xml's `cp:` is how
 * everyone writes it, and ExcelJS reads it only so.
 */
const USUALLY_DEFAULT = new Set([
  "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
  "http://schemas.openxmlformats.org/package/2006/relationships",
  "http://schemas.openxmlformats.org/package/2006/content-types",
]);

/** The size of the pieces a long part is respelt in (replacedInChunks). */
const CHUNK_CHARS = 4 * 1024 * 1024;

/**
 * The part's text with its root's prefix made the default namespace, or null when its root has no
 * prefix or the rewrite could change a name's meaning (a default namespace declared, an element
 * without a prefix, the prefix declared again below the root) or meet text it does not parse.
 * Its comments are left out (COMMENT).
 */
export function withDefaultNamespace(xml: string): string | null {
  const root = ROOT.exec(xml);
  if (!root) return null;
  const [, prefix, , attributes = ""] = root;
  const name = escapeName(prefix!);
  const declaration = new RegExp(`\\sxmlns:${name}\\s*=\\s*(["'])([^"']*)\\1`);
  const uri = declaration.exec(attributes)?.[2];
  if (uri === undefined || !USUALLY_DEFAULT.has(uri)) return null;
  if (OPAQUE.test(xml)) return null;
  const plain = withoutComments(xml);
  return plain === null ? null : respelt(plain, prefix!, root[2]!, uri);
}

/** The part without its comments; null when one is never closed (not XML). */
function withoutComments(xml: string): string | null {
  if (!xml.includes("<!--")) return xml;
  const out = xml.replace(COMMENT, "");
  return out.includes("<!--") ? null : out;
}

/** `xml` (no comment left) with `prefix` taken off, when that cannot change what a name means. */
function respelt(xml: string, prefix: string, rootName: string, uri: string): string | null {
  const name = escapeName(prefix);
  if (DEFAULT_DECLARED.test(xml)) return null;
  if (UNPREFIXED_ELEMENT.test(xml)) return null;
  const declarations = xml.match(new RegExp(`\\sxmlns:${name}\\s*=`, "g"))?.length ?? 0;
  if (declarations !== 1) return null;
  const tags = new RegExp(`<(/?)${name}:`, "g");
  const body = replacedInChunks(xml, tags, "<$1");
  // The root's start tag, now unprefixed: the default namespace declared right after its name.
  const at = body.indexOf(`<${rootName}`) + 1 + rootName.length;
  return `${body.slice(0, at)} xmlns="${uri}"${body.slice(at)}`;
}

/** Whether a part's first characters open a root element whose name has a prefix (cheap: the head only). */
export function hasPrefixedRoot(head: string): boolean {
  return PREFIXED_ROOT_NAME.test(head);
}

/**
 * `xml.replace(pattern, replacement)` for a pattern that matches only from a `<`, done a few MB at
 * a time (each piece cut just before a `<`): one replace over a 500,000-row sheet (~20 million
 * matches) makes V8 stop the process ("invalid size error"), which no try can catch.
 */
function replacedInChunks(xml: string, pattern: RegExp, replacement: string): string {
  if (xml.length <= CHUNK_CHARS) return xml.replace(pattern, replacement);
  const pieces: string[] = [];
  for (let from = 0; from < xml.length;) {
    const cut = xml.indexOf("<", from + CHUNK_CHARS);
    const to = cut < 0 ? xml.length : cut;
    pieces.push(xml.slice(from, to).replace(pattern, replacement));
    from = to;
  }
  return pieces.join("");
}

function escapeName(name: string): string {
  return name.replace(/[.-]/g, "\\$&");
}
