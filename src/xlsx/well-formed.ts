/**
 * Whether a part's XML is well-formed, as far as a damaged SpreadsheetML part can fail to be:
 * elements nested and closed, one root, attributes written `name="value"` once each, `&` only as
 * a reference to a character XML can carry, no `<` in an attribute value, no control characters,
 * no `]]>` in text, comments, CDATA sections and processing instructions closed, the XML
 * declaration first (after a byte-order mark) and as XML writes it. The package reader scans cells without parsing the XML, so a sheet cut or garbled by
 * another program would otherwise be scored from whatever the scan made of it, and the patcher
 * would copy the damage into the output (read-sheet.ts readWorksheetXml). Not a full XML 1.0
 * parser: no DTD, name characters not checked one by one. Pure: runs in a browser too.
 */

export interface XmlFault {
  /** Index in the text where the fault was found. */
  at: number;
  reason: string;
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*/y;
const ATTRIBUTE = /\s+([A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#([0-9]+)|#x([0-9a-fA-F]+));/y;
/** Characters XML cannot carry, even as a reference (its Char production). */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * The document and where its next `&` is: searched once past each one, as text and attribute
 * values are checked in order (a search per text node would read the rest of a large sheet each time).
 */
interface Doc {
  xml: string;
  amp: number;
  /** Where the next "]]>" is (not allowed in text): searched the same way. */
  cdataEnd: number;
}

function nameAt(xml: string, at: number): string | undefined {
  NAME.lastIndex = at;
  return NAME.exec(xml)?.[0];
}

/** The first `&` in [from, to) that does not start a reference, or -1. */
function badAmpersand(doc: Doc, from: number, to: number): number {
  for (;;) {
    if (doc.amp >= 0 && doc.amp < from) doc.amp = doc.xml.indexOf("&", from);
    if (doc.amp < 0 || doc.amp >= to) return -1;
    REFERENCE.lastIndex = doc.amp;
    const ref = REFERENCE.exec(doc.xml);
    if (!ref) return doc.amp;
    const code = ref[1] !== undefined ? Number(ref[1]) : ref[2] !== undefined ? parseInt(ref[2], 16) : 0x20;
    if (!isXmlChar(code)) return doc.amp;
    doc.amp = doc.xml.indexOf("&", doc.amp + 1);
  }
}

/** Whether "]]>" stands in the text [from, to). */
function holdsCdataEnd(doc: Doc, from: number, to: number): boolean {
  if (doc.cdataEnd >= 0 && doc.cdataEnd < from) doc.cdataEnd = doc.xml.indexOf("]]>", from);
  return doc.cdataEnd >= 0 && doc.cdataEnd < to;
}

/** A start tag from `at` (its `<`): its name, where it ends, whether it closes itself; or a fault. */
function startTag(doc: Doc, at: number): { name: string; end: number; empty: boolean } | XmlFault {
  const { xml } = doc;
  const name = nameAt(xml, at + 1);
  if (!name) return { at, reason: "a tag without a name" };
  const seen = new Set<string>();
  let i = at + 1 + name.length;
  for (;;) {
    ATTRIBUTE.lastIndex = i;
    const m = ATTRIBUTE.exec(xml);
    if (!m) break;
    if (seen.has(m[1]!)) return { at: i, reason: `attribute ${m[1]} given twice` };
    seen.add(m[1]!);
    const bad = badAmpersand(doc, i, ATTRIBUTE.lastIndex);
    if (bad >= 0) return { at: bad, reason: "& not starting a reference to a character XML can carry" };
    i = ATTRIBUTE.lastIndex;
  }
  while (i < xml.length && " \t\r\n".includes(xml[i]!)) i++;
  if (xml.startsWith("/>", i)) return { name, end: i + 2, empty: true };
  if (xml[i] === ">") return { name, end: i + 1, empty: false };
  return { at: i, reason: `tag <${name}> not written as name="value" attributes` };
}

/** Where a construct whose body starts at `at` ends (after `close`), or a fault naming `what`. */
function skipTo(xml: string, at: number, close: string, what: string): number | XmlFault {
  const end = xml.indexOf(close, at);
  return end < 0 ? { at, reason: `${what} not closed` } : end + close.length;
}

const XML_DECLARATION =
  /<\?xml\s+version\s*=\s*(["'])1\.\d+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>/y;

/** Where a processing instruction at `at` ends; the XML declaration only first, and as XML writes it. */
function processingInstruction(xml: string, at: number): number | XmlFault {
  const target = nameAt(xml, at + 2);
  const after = target ? xml[at + 2 + target.length] : undefined;
  if (!target || (after !== "?" && !" \t\r\n".includes(after ?? "x")))
    return { at, reason: "a processing instruction without a name" };
  if (target.toLowerCase() !== "xml") return skipTo(xml, at + 2, "?>", "a processing instruction");
  // Only a byte-order mark (kept by this package's decoder) may come before it.
  const start = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (at !== start) return { at, reason: "an XML declaration not at the start" };
  XML_DECLARATION.lastIndex = start;
  return XML_DECLARATION.test(xml)
    ? XML_DECLARATION.lastIndex
    : { at, reason: "a malformed XML declaration" };
}

/** The first fault of `xml` as a document, or null when it is well-formed (by this module's rules). */
export function xmlFault(xml: string): XmlFault | null {
  const notChar = NOT_XML_CHAR.exec(xml);
  if (notChar) return { at: notChar.index, reason: "a character XML cannot carry" };
  const doc: Doc = { xml, amp: xml.indexOf("&"), cdataEnd: xml.indexOf("]]>") };
  const open: string[] = [];
  let rootDone = false;
  let at = 0;
  for (;;) {
    const lt = xml.indexOf("<", at);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > at) {
      const outside = open.length === 0;
      if (outside && xml.slice(at, textEnd).trim() !== "")
        return { at, reason: "text outside the root element" };
      const bad = badAmpersand(doc, at, textEnd);
      if (bad >= 0) return { at: bad, reason: "& not starting a reference to a character XML can carry" };
      if (holdsCdataEnd(doc, at, textEnd)) return { at: doc.cdataEnd, reason: "]]> in text" };
    }
    if (lt < 0) break;
    let next: number | XmlFault;
    if (xml.startsWith("<?", lt)) next = processingInstruction(xml, lt);
    else if (xml.startsWith("<!--", lt)) next = skipTo(xml, lt + 4, "-->", "a comment");
    else if (xml.startsWith("<![CDATA[", lt)) {
      if (open.length === 0) return { at: lt, reason: "CDATA outside the root element" };
      next = skipTo(xml, lt + 9, "]]>", "a CDATA section");
    } else if (xml.startsWith("<!", lt)) return { at: lt, reason: "a document type declaration" };
    else if (xml.startsWith("</", lt)) {
      const name = nameAt(xml, lt + 2);
      const gt = name ? xml.indexOf(">", lt) : -1;
      if (!name || gt < 0 || xml.slice(lt + 2 + name.length, gt).trim() !== "")
        return { at: lt, reason: "a malformed end tag" };
      if (open.pop() !== name) return { at: lt, reason: `</${name}> does not close the open element` };
      if (open.length === 0) rootDone = true;
      next = gt + 1;
    } else {
      const tag = startTag(doc, lt);
      if ("reason" in tag) return tag;
      if (open.length === 0 && rootDone) return { at: lt, reason: "a second root element" };
      if (tag.empty) rootDone ||= open.length === 0;
      else open.push(tag.name);
      next = tag.end;
    }
    if (typeof next !== "number") return next;
    at = next;
  }
  if (open.length > 0) return { at: xml.length, reason: `<${open[open.length - 1]}> not closed` };
  return rootDone ? null : { at: 0, reason: "no root element" };
}
