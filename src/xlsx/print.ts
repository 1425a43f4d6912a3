/**
 * How a sheet prints, in SpreadsheetML (SPEC §5, §6; docs/xlsx-round-trip.md "Printing"): A4, the
 * orientation, fit to one page wide, centred, page numbers in the footer, and the print titles as the
 * workbook's `_xlnm.Print_Titles` name for the sheet. Used by the package patcher for the owned sheets
 * (written whole) and the scored sheet (edited in place: every other element kept as it was), and by
 * the package reader, which tells whether a user's sheet already has a page setup of its own.
 *
 * Element order follows CT_Worksheet and CT_Workbook (ECMA-376 Part 1, §18.3.1.99 and §18.2.27):
 * Excel calls a file with elements out of order damaged. Pure: runs in a browser too.
 */
import { columnLetter } from "../engine/address";
import type { PageSetup } from "../workbook/model";
import { isPageNumberText, PAGE_NUMBER_TEXT, pageNumberText } from "../workbook/page";
import { unescapeXml, xmlAttributes, xmlBoolean } from "./xml";
import { setAttribute, unsupported } from "./xml-edit";

/** "第 1 页，共 3 页" centred in the footer (&C centre, &P page, &N pages). */
export const PAGE_NUMBER_FOOTER = `&C${PAGE_NUMBER_TEXT.zh}`;

/** A setup's odd-page footer: its page numbers centred, in its language. */
export function pageNumberFooter(setup: PageSetup): string {
  return `&C${pageNumberText(setup)}`;
}

/** Whether a footer is one this tool writes, in either language (a re-run in the other one replaces it). */
export function isOurFooter(footer: string | undefined): boolean {
  return footer?.startsWith("&C") === true && isPageNumberText(footer.slice(2));
}

/** Excel's paper size code for A4 (ECMA-376 Part 1, §18.3.1.63). */
const PAPER_A4 = "9";

export const DEFAULT_MARGINS =
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';

/** CT_Worksheet's children after `<sheetData>`, in schema order. */
const AFTER_SHEET_DATA = [
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

/** CT_Workbook's children after `<definedNames>`, in schema order. */
export const AFTER_DEFINED_NAMES = [
  "calcPr",
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "smartTagPr",
  "smartTagTypes",
  "webPublishing",
  "fileRecoveryPr",
  "webPublishObjects",
  "extLst",
];

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function pageSetupAttributes(setup: PageSetup): [string, string][] {
  const out: [string, string][] = [
    ["paperSize", PAPER_A4],
    ["orientation", setup.orientation],
  ];
  if (setup.fitToWidth) out.push(["fitToWidth", String(setup.pagesWide ?? 1)], ["fitToHeight", "0"]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// A sheet written whole (the owned sheets)

/** `<sheetPr>` of a sheet written whole: fit to page when the setup fits to width. */
export function freshSheetPr(setup: PageSetup | undefined): string {
  return setup?.fitToWidth ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : "";
}

/** printOptions, pageMargins, pageSetup and headerFooter of a sheet written whole, in schema order. */
export function freshPrintXml(setup: PageSetup | undefined): string {
  if (!setup) return DEFAULT_MARGINS;
  const options = setup.centerHorizontally ? '<printOptions horizontalCentered="1"/>' : "";
  const attributes = pageSetupAttributes(setup)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join("");
  const footer = setup.pageNumbers
    ? `<headerFooter><oddFooter>${escapeText(pageNumberFooter(setup))}</oddFooter></headerFooter>`
    : "";
  return `${options}${DEFAULT_MARGINS}<pageSetup${attributes}/>${footer}`;
}

// ---------------------------------------------------------------------------------------------
// A user's sheet, edited in place

interface Element {
  name: string;
  start: number;
  end: number;
}

/**
 * The top-level child elements in `xml` from `from` to `to` (a worksheet's children after
 * `<sheetData>`): elements nested in others (a custom view's own `<pageSetup>`) are not children.
 * The part has been checked for comments, CDATA and processing instructions (patch.ts checkMarkup).
 */
function childElements(xml: string, from: number, to: number): Element[] {
  const out: Element[] = [];
  let depth = 0;
  let open: Element | undefined;
  for (let lt = xml.indexOf("<", from); lt >= 0 && lt < to; lt = xml.indexOf("<", lt + 1)) {
    const gt = xml.indexOf(">", lt);
    if (gt < 0)
      unsupported("elementUnclosed", { element: /^<\/?([\w:.-]*)/.exec(xml.slice(lt, lt + 64))?.[1] ?? "" });
    if (xml[lt + 1] === "/") {
      depth--;
      if (depth === 0 && open) {
        open.end = gt + 1;
        out.push(open);
        open = undefined;
      }
      if (depth < 0) break;
      continue;
    }
    const name = /^<([\w.:-]+)/.exec(xml.slice(lt, gt))?.[1] ?? "";
    const selfClosing = xml[gt - 1] === "/";
    if (depth === 0) {
      const element = { name, start: lt, end: gt + 1 };
      if (selfClosing) out.push(element);
      else open = element;
    }
    if (!selfClosing) depth++;
  }
  return out;
}

/**
 * `xml` with the top-level child `name` replaced by `edit(existing)` (or inserted, in schema
 * order, when the element is absent and `edit(undefined)` gives one). `edit` returning the same
 * text leaves the part's bytes as they were.
 */
function editChild(
  xml: string,
  from: number,
  to: number,
  name: string,
  edit: (existing: string | undefined) => string | undefined,
): string {
  const children = childElements(xml, from, to);
  const found = children.filter((c) => c.name === name);
  if (found.length > 1) unsupported("elementRepeated", { element: name });
  if (found.length === 1) {
    const [c] = found;
    const next = edit(xml.slice(c.start, c.end));
    return next === undefined ? xml : xml.slice(0, c.start) + next + xml.slice(c.end);
  }
  const next = edit(undefined);
  if (next === undefined) return xml;
  const later = AFTER_SHEET_DATA.slice(AFTER_SHEET_DATA.indexOf(name) + 1);
  const before = children.find((c) => later.includes(c.name));
  const at = before ? before.start : to;
  return xml.slice(0, at) + next + xml.slice(at);
}

/**
 * The head of a user's sheet (up to `<sheetData>`) with fit-to-page set in `<sheetPr>`
 * (CT_SheetPr: tabColor, outlinePr, pageSetUpPr — the last child).
 */
export function headWithFitToPage(head: string, setup: PageSetup): string {
  const value = setup.fitToWidth ? "1" : null;
  const sheetPr = /<sheetPr\b[^>]*?(\/?)>/.exec(head);
  if (!sheetPr) {
    if (value === null) return head;
    const root = /<worksheet\b[^>]*>/.exec(head);
    if (!root) unsupported("elementMissing", { element: "worksheet" });
    const at = root.index + root[0].length;
    return `${head.slice(0, at)}<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>${head.slice(at)}`;
  }
  const start = sheetPr.index;
  const openEnd = start + sheetPr[0].length;
  if (sheetPr[1] === "/") {
    if (value === null) return head;
    const open = sheetPr[0].replace(/\s*\/>$/, ">");
    return `${head.slice(0, start)}${open}<pageSetUpPr fitToPage="1"/></sheetPr>${head.slice(openEnd)}`;
  }
  const close = head.indexOf("</sheetPr>", openEnd);
  if (close < 0) unsupported("elementUnclosed", { element: "sheetPr" });
  const body = head.slice(openEnd, close);
  const existing = /<pageSetUpPr\b[^>]*?\/>/.exec(body);
  let next: string;
  if (existing) next = body.replace(existing[0], () => setAttribute(existing[0], "fitToPage", value));
  else if (value === null) return head;
  else next = `${body}<pageSetUpPr fitToPage="1"/>`;
  return head.slice(0, openEnd) + next + head.slice(close);
}

/**
 * The tail of a user's sheet (from `</sheetData>`) with the page setup: paper, orientation and fit
 * set on `<pageSetup>` (its other attributes, such as the printer settings' r:id, kept), centring
 * on `<printOptions>`, margins when there are none, and the page-number footer when the sheet has
 * no odd-page footer of its own.
 */
export function tailWithPageSetup(tail: string, setup: PageSetup): string {
  let xml = tail;
  const end = () => {
    const at = xml.lastIndexOf("</worksheet>");
    if (at < 0) unsupported("elementUnclosed", { element: "worksheet" });
    return at;
  };
  const from = tail.startsWith("</sheetData>") ? "</sheetData>".length : 0;
  if (setup.centerHorizontally)
    xml = editChild(xml, from, end(), "printOptions", (old) =>
      setAttribute(old ?? "<printOptions/>", "horizontalCentered", "1"),
    );
  xml = editChild(xml, from, end(), "pageMargins", (old) => old ?? DEFAULT_MARGINS);
  xml = editChild(xml, from, end(), "pageSetup", (old) => {
    let tag = old ?? "<pageSetup/>";
    if (!tag.endsWith("/>")) tag = tag.replace(/>[\s\S]*$/, "/>"); // CT_PageSetup has no children
    for (const [k, v] of pageSetupAttributes(setup)) tag = setAttribute(tag, k, v);
    if (!setup.fitToWidth) tag = setAttribute(setAttribute(tag, "fitToWidth", null), "fitToHeight", null);
    return tag;
  });
  if (setup.pageNumbers) xml = editChild(xml, from, end(), "headerFooter", (old) => withFooter(old, setup));
  return xml;
}

/**
 * Odd-page footers that are nobody's choice: empty (LibreOffice writes `<oddFooter></oddFooter>`
 * on every sheet) or LibreOffice's own default for a sheet made in it.
 */
const NOBODYS_FOOTER = /<oddFooter\b[^>]*?(?:\/>|>(?:|&amp;CPage &amp;P)<\/oddFooter>)/;

/** A `<headerFooter>` with our page-number footer, unless it has an odd-page footer of the user's. */
function withFooter(old: string | undefined, setup: PageSetup): string {
  const footer = `<oddFooter>${escapeText(pageNumberFooter(setup))}</oddFooter>`;
  if (old === undefined) return `<headerFooter>${footer}</headerFooter>`;
  if (NOBODYS_FOOTER.test(old)) return old.replace(NOBODYS_FOOTER, footer);
  // Ours, perhaps in the other language: the run's replaces it.
  const ours = /<oddFooter>([^<]*)<\/oddFooter>/.exec(old);
  if (ours && isOurFooter(unescapeXml(ours[1]!))) return old.replace(ours[0], footer);
  if (/<oddFooter\b/.test(old)) return old;
  if (old.endsWith("/>")) return `${old.slice(0, -2).trimEnd()}>${footer}</headerFooter>`;
  // CT_HeaderFooter: oddHeader, oddFooter, evenHeader, evenFooter, firstHeader, firstFooter.
  const oddHeader = /<oddHeader\b[^>]*?(?:\/>|>[\s\S]*?<\/oddHeader>)/.exec(old);
  const at = oddHeader ? oddHeader.index + oddHeader[0].length : old.indexOf(">") + 1;
  return old.slice(0, at) + footer + old.slice(at);
}

// ---------------------------------------------------------------------------------------------
// Print titles: the workbook's _xlnm.Print_Titles name for the sheet

function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** The print titles' formula, e.g. `'评定汇总'!$A:$B,'评定汇总'!$1:$3` (columns first, as Excel writes it). */
export function printTitlesFormula(sheet: string, setup: PageSetup): string | null {
  const parts: string[] = [];
  const c = setup.titleColumns;
  const r = setup.titleRows;
  if (c) parts.push(`${quotedSheet(sheet)}!$${columnLetter(c.first)}:$${columnLetter(c.last)}`);
  if (r) parts.push(`${quotedSheet(sheet)}!$${r.first}:$${r.last}`);
  return parts.length > 0 ? parts.join(",") : null;
}

export interface PrintTitles {
  /** The sheet's 0-based position in the workbook's `<sheets>`. */
  localSheetId: number;
  /** The formula; null removes the sheet's print titles. */
  formula: string | null;
}

const PRINT_TITLES = "_xlnm.Print_Titles";

/**
 * workbook.xml with each sheet's `_xlnm.Print_Titles` set: one name per sheet (ours replaces the one
 * there), every other defined name kept byte for byte; `<definedNames>` inserted in schema order
 * when the workbook has none.
 */
export function withPrintTitles(workbookXml: string, titles: readonly PrintTitles[]): string {
  if (titles.length === 0) return workbookXml;
  const block = /<definedNames\b[^>]*?(?:\/>|>([\s\S]*?)<\/definedNames>)/.exec(workbookXml);
  let body = block?.[1] ?? "";
  for (const t of titles) {
    const element =
      t.formula === null
        ? ""
        : `<definedName name="${PRINT_TITLES}" localSheetId="${t.localSheetId}">${escapeText(t.formula)}</definedName>`;
    let replaced = false;
    body = body.replace(/<definedName\b[^>]*?(?:\/>|>[\s\S]*?<\/definedName>)/g, (whole) => {
      const a = xmlAttributes(/^<definedName\b[^>]*>/.exec(whole)?.[0] ?? "");
      if (a.get("name") !== PRINT_TITLES || a.get("localSheetId") !== String(t.localSheetId)) return whole;
      // Two names for one sheet would make Excel repair the file: the first is replaced, others go.
      const out = replaced ? "" : element;
      replaced = true;
      return out;
    });
    if (!replaced) body += element;
  }
  const names = body.trim() === "" ? "" : `<definedNames>${body}</definedNames>`;
  if (block) {
    const open = /^<definedNames\b[^>]*?>/.exec(block[0])?.[0] ?? "";
    const kept = names && !open.endsWith("/>") ? `${open}${body}</definedNames>` : names;
    return workbookXml.slice(0, block.index) + kept + workbookXml.slice(block.index + block[0].length);
  }
  if (!names) return workbookXml;
  let at = workbookXml.lastIndexOf("</workbook>");
  for (const name of AFTER_DEFINED_NAMES) {
    const m = new RegExp(`<${name}[\\s>/]`).exec(workbookXml);
    if (m && m.index < at) at = m.index;
  }
  return workbookXml.slice(0, at) + names + workbookXml.slice(at);
}

// ---------------------------------------------------------------------------------------------
// Reading: does the user's sheet have a page setup of its own?

/** The pages wide this tool fits a sheet to (src/workbook/page.ts pagesWide: 1 to 4). */
const OUR_PAGES_WIDE = /^[1-4]$/;

/**
 * Whether a worksheet's page setup is the one this tool writes (A4, fit to 1–4 pages wide, our
 * page-number footer): a re-run sets it again rather than keeping it as the user's.
 */
export function pageSetupIsOurs(xml: string): boolean {
  const tag = [...xml.matchAll(/<pageSetup\b[^>]*>/g)].pop()?.[0];
  if (!tag) return false;
  const a = xmlAttributes(tag);
  const pr = /<pageSetUpPr\b[^>]*>/.exec(xml);
  const footer = /<oddFooter>([^<]*)<\/oddFooter>/.exec(xml)?.[1];
  return (
    a.get("paperSize") === PAPER_A4 &&
    OUR_PAGES_WIDE.test(a.get("fitToWidth") ?? "") &&
    a.get("fitToHeight") === "0" &&
    (a.get("scale") ?? "100") === "100" &&
    pr !== null &&
    xmlBoolean(xmlAttributes(pr[0]).get("fitToPage")) &&
    footer !== undefined &&
    isOurFooter(unescapeXml(footer))
  );
}

/**
 * Whether a worksheet's XML sets up printing (SPEC §5: the scored sheet then keeps it): landscape,
 * a paper other than A4 or Letter (the printers' defaults), a scale, fit to a number of pages tall,
 * or manual page breaks. Values equal to the defaults do not count (ExcelJS writes portrait and
 * scale 100 on every sheet), and neither does fit to one page wide in portrait alone (what this
 * tool's template wrote before it set up printing) nor the setup this tool writes (pageSetupIsOurs).
 */
export function sheetSetsUpPrinting(xml: string): boolean {
  if (pageSetupIsOurs(xml)) return false;
  const tag = [...xml.matchAll(/<pageSetup\b[^>]*>/g)].pop()?.[0];
  const a = tag ? xmlAttributes(tag) : new Map<string, string>();
  const paper = a.get("paperSize");
  const scale = a.get("scale");
  if (a.get("orientation") === "landscape") return true;
  if (paper !== undefined && paper !== "1" && paper !== PAPER_A4) return true;
  if (scale !== undefined && scale !== "100") return true;
  const pr = /<pageSetUpPr\b[^>]*>/.exec(xml);
  if (pr && xmlBoolean(xmlAttributes(pr[0]).get("fitToPage"))) {
    if ((a.get("fitToWidth") ?? "1") !== "1" || (a.get("fitToHeight") ?? "1") !== "0") return true;
  }
  return /<(?:rowBreaks|colBreaks)\b[^>]*>\s*<brk\b/.test(xml);
}

/**
 * The 0-based sheet positions with a print area: this tool never sets one, so it is the user's
 * whatever the page setup around it (a template's setup with a print area added later stays theirs).
 */
export function sheetsWithPrintArea(workbookXml: string): Set<number> {
  const out = new Set<number>();
  for (const m of workbookXml.matchAll(/<definedName\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    const id = Number(a.get("localSheetId"));
    if (a.get("name") === "_xlnm.Print_Area" && Number.isInteger(id)) out.add(id);
  }
  return out;
}

/** The 0-based sheet positions that have print titles or a print area (`_xlnm` names with localSheetId). */
export function sheetsWithPrintNames(workbookXml: string): Set<number> {
  const out = new Set<number>();
  for (const m of workbookXml.matchAll(/<definedName\b[^>]*>/g)) {
    const a = xmlAttributes(m[0]);
    const name = a.get("name");
    const id = Number(a.get("localSheetId"));
    if ((name === PRINT_TITLES || name === "_xlnm.Print_Area") && Number.isInteger(id)) out.add(id);
  }
  return out;
}
