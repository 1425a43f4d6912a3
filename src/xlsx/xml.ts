/**
 * The few XML and package-path helpers both writers need. The parts we read this way are
 * machine-written SpreadsheetML and OPC relationships; nothing here is a general XML parser.
 */
import { posix } from "./part-path";

/** The relationships namespace of transitional Open XML, which `r:id` attributes name parts in. */
export const NS_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/**
 * The prefix bound to `namespace` for an element whose start tag is the last of `tags` (its
 * ancestors' before it, outermost first): the innermost declaration wins. Excel declares the
 * relationships prefix on `<workbook>`; openpyxl (and pandas through it) on each `<sheet>`.
 */
export function prefixInScope(namespace: string, tags: readonly string[]): string | undefined {
  for (let i = tags.length - 1; i >= 0; i--) {
    for (const [name, value] of xmlAttributes(tags[i]!))
      if (name.startsWith("xmlns:") && value === namespace) return name.slice("xmlns:".length);
  }
  return undefined;
}

/** An xsd:boolean attribute's value ("1" or "true"); false when absent. */
export function xmlBoolean(value: string | undefined): boolean {
  return value === "1" || value === "true";
}

/** A start tag's attributes, quoted either way. */
export function xmlAttributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1], m[2] ?? m[3]);
  return out;
}

/**
 * Whether a start tag's text, as far as a search for its first `>` took it, leaves a quoted value
 * open: the `>` stood inside an attribute value. XML allows one there; Excel, LibreOffice and the
 * XML libraries writers use all write `&gt;` (none in 110 files of other writers), but a tag found
 * by its first `>` would be cut short and misread, so a reader or the patcher steps aside.
 */
export function quoteLeftOpen(tag: string): boolean {
  let quote = 0;
  for (let i = 0; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (quote === 0) {
      if (c === 0x22 || c === 0x27) quote = c;
    } else if (c === quote) quote = 0;
  }
  return quote !== 0;
}

/** The index of the first tag in `xml` whose `>` search would stop inside an attribute value, or -1. */
export function tagCutInValue(xml: string): number {
  for (let lt = xml.indexOf("<"); lt >= 0;) {
    let quote = 0;
    let i = lt + 1;
    for (; i < xml.length; i++) {
      const c = xml.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
        else if (c === 0x3e) return lt;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) break;
    }
    lt = xml.indexOf("<", i);
  }
  return -1;
}

export function unescapeXml(text: string): string {
  // Most text has no reference at all: seven regular-expression passes over it would find nothing.
  if (!text.includes("&")) return text;
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, "&");
}

/** A relationship target as a part name (no leading slash), relative to the part that names it. */
export function resolvePart(fromPart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(fromPart), target));
}

/** The relationships part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels. */
export function relsPath(part: string): string {
  return posix.join(posix.dirname(part), "_rels", `${posix.basename(part)}.rels`);
}

/** One `<Relationship>` of an OPC `.rels` part. */
export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** The relationships a `.rels` part declares, in document order. */
export function parseRelationships(xml: string): Relationship[] {
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
