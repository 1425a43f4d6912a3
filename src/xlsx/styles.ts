/**
 * Cell formats in styles.xml for the package patcher (src/xlsx/patch.ts): new formats are appended,
 * existing entries never change, and what a run adds is found again by the next run (same XML), so
 * styles.xml stops growing after the first run.
 *
 * Two ways to a cell format (cellXfs index): `id(format)` builds one from the workbook's default font
 * (the owned sheets' formats), and `derive(base, format)` clones a cell format already in the workbook
 * (a result header copying the user's header cell, docs/xlsx-round-trip.md) with the plan's format on
 * top: font, fill, border, alignment and number format composed, the rest of the clone kept.
 * SpreadsheetML reference: ECMA-376 Part 1, §18.8 (styles). Pure: runs in a browser too.
 */
import type { CellFormat } from "../workbook/model";
import { unescapeXml, xmlAttributes } from "./xml";
import { escapeAttribute, hasPlainRoot, setAttribute, unsupported } from "./xml-edit";

const BUILTIN_FORMATS: Record<string, number> = {
  General: 0,
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
  "0.00E+00": 11,
  "@": 49,
};

type SectionName = "numFmts" | "fonts" | "fills" | "borders" | "cellXfs";

interface Section {
  name: SectionName;
  start: number;
  end: number;
  open: string;
  body: string;
  /** The existing items in order (index → XML). */
  list: string[];
  added: string[];
  /** Each existing item's XML → its index, so a second run reuses the formats the first one added. */
  existing: Map<string, number>;
}

const ITEM_PATTERNS: Record<SectionName, RegExp> = {
  numFmts: /<numFmt\b[^>]*?\/>/g,
  fonts: /<font\b[^>]*?(?:\/>|>[\s\S]*?<\/font>)/g,
  fills: /<fill\b[^>]*?(?:\/>|>[\s\S]*?<\/fill>)/g,
  borders: /<border\b[^>]*?(?:\/>|>[\s\S]*?<\/border>)/g,
  cellXfs: /<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g,
};

/** The four edges thin, in the automatic colour: a ruled table. */
const THIN_BORDER =
  "<border>" +
  ["left", "right", "top", "bottom"].map((e) => `<${e} style="thin"><color indexed="64"/></${e}>`).join("") +
  "<diagonal/></border>";

const PLAIN_XF = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';

function argb(color: string): string {
  return "FF" + color.replace(/^#/, "").toUpperCase();
}

function hasFontChange(f: CellFormat): boolean {
  return (
    f.bold !== undefined ||
    f.italic !== undefined ||
    f.fontColor !== undefined ||
    f.fontName !== undefined ||
    f.fontSize !== undefined
  );
}

function hasAlignmentChange(f: CellFormat): boolean {
  return f.horizontal !== undefined || f.vertical !== undefined || f.wrap !== undefined;
}

/**
 * A font's children with the format's font fields set. CT_Font is an unordered choice of children,
 * so what changes is taken out and written in front (b, i, sz, color, name), the rest kept in order.
 * A font name drops `<scheme>`: a scheme font shows the theme's face whatever its name says.
 */
function fontInner(inner: string, f: CellFormat): string {
  let rest = inner;
  const drop = (name: string) => {
    rest = rest.replace(new RegExp(`<${name}\\b[^>]*?(?:/>|>[\\s\\S]*?</${name}>)`, "g"), "");
  };
  if (f.bold !== undefined) drop("b");
  if (f.italic !== undefined) drop("i");
  if (f.fontSize !== undefined) drop("sz");
  if (f.fontColor !== undefined) drop("color");
  if (f.fontName !== undefined) {
    drop("name");
    drop("scheme");
  }
  const head =
    (f.bold ? "<b/>" : "") +
    (f.italic ? "<i/>" : "") +
    (f.fontSize !== undefined ? `<sz val="${f.fontSize}"/>` : "") +
    (f.fontColor ? `<color rgb="${argb(f.fontColor)}"/>` : "") +
    (f.fontName !== undefined ? `<name val="${escapeAttribute(f.fontName)}"/>` : "");
  return head + rest;
}

/** An `<alignment>` with the format's alignment set on top of `existing` (its other attributes kept). */
function alignmentXml(existing: string | undefined, f: CellFormat): string {
  let tag = existing ?? "<alignment/>";
  if (f.horizontal !== undefined) tag = setAttribute(tag, "horizontal", f.horizontal);
  // No vertical alignment in the format keeps the cell's (a result cell's is the row's, copied from
  // its name cell), as Office.js does: a wrapped result lines up with the user's cells.
  if (f.vertical !== undefined) tag = setAttribute(tag, "vertical", f.vertical);
  if (f.wrap !== undefined) tag = setAttribute(tag, "wrapText", f.wrap ? "1" : null);
  return tag;
}

export class StyleRegistry {
  private readonly sections = new Map<SectionName, Section | null>();
  private readonly formatIds = new Map<string, number>();
  private readonly fontIds = new Map<string, number>();
  private readonly fillIds = new Map<string, number>();
  private readonly xfIds = new Map<string, number>();
  private readonly byObject = new WeakMap<CellFormat, number>();
  private readonly derivedByObject = new WeakMap<CellFormat, Map<number, number>>();
  private readonly derivedByKey = new Map<string, number>();
  private nextFormatId = 164;
  private readonly baseFont: string;
  changed = false;

  constructor(
    private readonly xml: string,
    /** The part it came from, named when the patcher steps aside. */
    private readonly part = "xl/styles.xml",
  ) {
    if (!hasPlainRoot(xml, "styleSheet")) unsupported("notPlain", { part: this.part });
    for (const name of ["numFmts", "fonts", "fills", "borders", "cellXfs"] as const)
      this.sections.set(name, this.section(name));
    for (const name of ["fonts", "fills", "cellXfs"] as const)
      if (!this.sections.get(name)) unsupported("elementMissing", { part: this.part, element: name });
    const numFmts = this.sections.get("numFmts");
    if (numFmts) {
      for (const m of numFmts.body.matchAll(/<numFmt\b[^>]*>/g)) {
        const a = xmlAttributes(m[0]);
        const id = Number(a.get("numFmtId"));
        const code = a.get("formatCode");
        if (!Number.isInteger(id)) continue;
        if (code !== undefined && !this.formatIds.has(unescapeXml(code)))
          this.formatIds.set(unescapeXml(code), id);
        this.nextFormatId = Math.max(this.nextFormatId, id + 1);
      }
    }
    const fonts = this.sections.get("fonts") as Section;
    const first = /<font\b[^>]*?(?:\/>|>([\s\S]*?)<\/font>)/.exec(fonts.body);
    this.baseFont = first?.[1] ?? '<sz val="11"/><name val="Calibri"/>';
  }

  private section(name: SectionName): Section | null {
    const open = new RegExp(`<${name}\\b[^>]*?(/?)>`).exec(this.xml);
    if (!open) return null;
    const bodyStart = open.index + open[0].length;
    const close = open[1] === "/" ? bodyStart : this.xml.indexOf(`</${name}>`, bodyStart);
    if (close < 0) unsupported("elementUnclosed", { part: this.part, element: name });
    const body = this.xml.slice(bodyStart, close);
    const existing = new Map<string, number>();
    const list: string[] = [];
    for (const m of body.matchAll(ITEM_PATTERNS[name])) {
      if (!existing.has(m[0])) existing.set(m[0], list.length);
      list.push(m[0]);
    }
    return {
      name,
      start: open.index,
      end: open[1] === "/" ? bodyStart : close + name.length + 3,
      open: open[0],
      body,
      list,
      added: [],
      existing,
    };
  }

  private emptySection(name: SectionName): Section {
    const section: Section = {
      name,
      start: -1,
      end: -1,
      open: "",
      body: "",
      list: [],
      added: [],
      existing: new Map(),
    };
    this.sections.set(name, section);
    return section;
  }

  private add(name: SectionName, xml: string): number {
    const section = this.sections.get(name) ?? this.emptySection(name);
    const known = section.existing.get(xml);
    if (known !== undefined) return known;
    const added = section.added.indexOf(xml);
    if (added >= 0) return section.list.length + added;
    section.added.push(xml);
    this.changed = true;
    return section.list.length + section.added.length - 1;
  }

  /** An item by its index (existing or added this run). */
  private item(name: SectionName, index: number): string | undefined {
    const section = this.sections.get(name);
    if (!section || !Number.isInteger(index) || index < 0) return undefined;
    return index < section.list.length ? section.list[index] : section.added[index - section.list.length];
  }

  private numberFormat(code: string | undefined): number {
    if (code === undefined) return 0;
    if (code in BUILTIN_FORMATS) return BUILTIN_FORMATS[code];
    const known = this.formatIds.get(code);
    if (known !== undefined) return known;
    const id = this.nextFormatId++;
    this.add("numFmts", `<numFmt numFmtId="${id}" formatCode="${escapeAttribute(code)}"/>`);
    this.formatIds.set(code, id);
    return id;
  }

  /** A font from the workbook's default one (index 0) with the format's font fields. */
  private font(f: CellFormat): number {
    if (!f.bold && !f.fontColor && !f.italic && f.fontName === undefined && f.fontSize === undefined)
      return 0;
    const key = JSON.stringify([f.bold, f.italic, f.fontColor, f.fontName, f.fontSize]);
    const known = this.fontIds.get(key);
    if (known !== undefined) return known;
    // Only what is set is changed: `bold: false` on the default font is the default font.
    const only: CellFormat = {
      bold: f.bold ? true : undefined,
      italic: f.italic ? true : undefined,
      fontColor: f.fontColor,
      fontName: f.fontName,
      fontSize: f.fontSize,
    };
    const id = this.add("fonts", `<font>${fontInner(this.baseFont, only)}</font>`);
    this.fontIds.set(key, id);
    return id;
  }

  private fill(color: string | undefined): number {
    if (!color) return 0;
    const rgb = argb(color);
    const known = this.fillIds.get(rgb);
    if (known !== undefined) return known;
    const id = this.add(
      "fills",
      `<fill><patternFill patternType="solid"><fgColor rgb="${rgb}"/><bgColor indexed="64"/></patternFill></fill>`,
    );
    this.fillIds.set(rgb, id);
    return id;
  }

  private border(on: boolean | undefined): number {
    if (!on) return 0;
    if (!this.sections.get("borders")) unsupported("elementMissing", { part: this.part, element: "borders" });
    return this.add("borders", THIN_BORDER);
  }

  private xf(xml: string): number {
    const known = this.xfIds.get(xml);
    const id = known ?? this.add("cellXfs", xml);
    this.xfIds.set(xml, id);
    return id;
  }

  /** The cellXfs index for a format (0, the workbook's normal style, for an empty one). */
  id(format: CellFormat): number {
    const cached = this.byObject.get(format);
    if (cached !== undefined) return cached;
    const numFmtId = this.numberFormat(format.numFmt);
    const fontId = this.font(format);
    const fillId = this.fill(format.fill);
    const borderId = this.border(format.border);
    const aligned = format.horizontal || format.vertical || format.wrap;
    const align = aligned ? alignmentXml(undefined, { ...format, wrap: format.wrap || undefined }) : "";
    let id = 0;
    if (numFmtId || fontId || fillId || borderId || align) {
      id = this.xf(
        `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"` +
          (numFmtId ? ' applyNumberFormat="1"' : "") +
          (fontId ? ' applyFont="1"' : "") +
          (fillId ? ' applyFill="1"' : "") +
          (borderId ? ' applyBorder="1"' : "") +
          (align ? ` applyAlignment="1">${align}</xf>` : "/>"),
      );
    }
    this.byObject.set(format, id);
    return id;
  }

  /**
   * The cellXfs index of cell format `base` with `format` on top (a result cell that took the user's
   * header or data cell's format, then the plan's fill, wrap or number format). `base` itself when
   * the format changes nothing.
   */
  derive(base: number, format: CellFormat): number {
    const byBase = this.derivedByObject.get(format);
    const cached = byBase?.get(base);
    if (cached !== undefined) return cached;
    const key = `${base}:${JSON.stringify(format)}`;
    let id = this.derivedByKey.get(key);
    if (id === undefined) {
      id = this.deriveNow(base, format);
      this.derivedByKey.set(key, id);
    }
    if (byBase) byBase.set(base, id);
    else this.derivedByObject.set(format, new Map([[base, id]]));
    return id;
  }

  private deriveNow(base: number, f: CellFormat): number {
    const xml = this.item("cellXfs", base) ?? PLAIN_XF;
    const open = /^<xf\b[^>]*?\/?>/.exec(xml)?.[0] ?? "<xf/>";
    const children = xml.endsWith("/>") && open === xml ? "" : xml.slice(open.length, -"</xf>".length);
    let tag = open.replace(/\s*\/>$/, ">");
    const attrs = xmlAttributes(open);
    const set = (name: string, id: number, apply: string) => {
      tag = setAttribute(setAttribute(tag, name, String(id)), apply, "1");
    };
    if (f.numFmt !== undefined) set("numFmtId", this.numberFormat(f.numFmt), "applyNumberFormat");
    if (hasFontChange(f)) {
      const fontXml = this.item("fonts", Number(attrs.get("fontId") ?? 0)) ?? `<font>${this.baseFont}</font>`;
      const inner = /^<font\b[^>]*?\/>$/.test(fontXml)
        ? ""
        : fontXml.replace(/^<font\b[^>]*>|<\/font>$/g, "");
      set("fontId", this.add("fonts", `<font>${fontInner(inner, f)}</font>`), "applyFont");
    }
    if (f.fill) set("fillId", this.fill(f.fill), "applyFill");
    if (f.border !== undefined) set("borderId", this.border(f.border), "applyBorder");
    let rest = children;
    let alignment = /<alignment\b[^>]*?\/>|<alignment\b[^>]*>\s*<\/alignment>/.exec(children)?.[0];
    if (hasAlignmentChange(f)) {
      rest = rest.replace(alignment ?? "\u0000", "");
      alignment = alignmentXml(alignment?.replace(/>\s*<\/alignment>$/, "/>"), f);
      tag = setAttribute(tag, "applyAlignment", "1");
      // CT_Xf: alignment comes first, then protection and extLst.
      rest = alignment + rest;
    }
    const out = rest === "" ? tag.replace(/>$/, "/>") : `${tag}${rest}</xf>`;
    return this.xf(out);
  }

  toXml(): string {
    const edits: { start: number; end: number; text: string }[] = [];
    for (const section of this.sections.values()) {
      if (!section || section.added.length === 0) continue;
      const count = section.list.length + section.added.length;
      const body = section.body + section.added.join("");
      if (section.start < 0) {
        // A new <numFmts>: it is the first child of <styleSheet>.
        const fonts = this.sections.get("fonts") as Section;
        edits.push({
          start: fonts.start,
          end: fonts.start,
          text: `<numFmts count="${count}">${body}</numFmts>`,
        });
        continue;
      }
      const open = setAttribute(section.open.replace(/\/>$/, ">"), "count", String(count));
      edits.push({ start: section.start, end: section.end, text: `${open}${body}</${section.name}>` });
    }
    edits.sort((a, b) => b.start - a.start || b.end - a.end);
    let xml = this.xml;
    for (const e of edits) xml = xml.slice(0, e.start) + e.text + xml.slice(e.end);
    return xml;
  }
}
