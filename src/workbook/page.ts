/**
 * Page setup of the sheets the tool writes (SPEC §5, §6; docs/owned-sheets.md "Printing"): A4, fit
 * to one page wide, title rows repeated, page numbers in the footer.
 */
import { cellAt, cellText, displayWidth, isBlank } from "./util";
import type { PageSetup, PlanOp, SheetModel } from "./model";
import type { Layout } from "./layout";
import type { Lang } from "../engine/types";

/** The footer's page numbers in each language, in Excel's codes (&P this page, &N pages). */
export const PAGE_NUMBER_TEXT = { zh: "第 &P 页，共 &N 页", en: "Page &P of &N" } as const;

/** The page-number footer of a setup: its text in the setup's language. */
export function pageNumberText(setup: PageSetup): string {
  return PAGE_NUMBER_TEXT[setup.pageNumbersIn ?? "zh"];
}

/** Whether a footer's text is our page numbers, in either language (a run in the other replaces it). */
export function isPageNumberText(text: string | undefined): boolean {
  return text === PAGE_NUMBER_TEXT.zh || text === PAGE_NUMBER_TEXT.en;
}

/** A setup's page numbers in the run's language (a Chinese footer on an English run's pages). */
export function pageNumbersIn(lang: Lang): Pick<PageSetup, "pageNumbersIn"> {
  return lang === "en" ? { pageNumbersIn: "en" } : {};
}

/**
 * The first row of the table's header: the header row, or higher when a header cell is merged down
 * into it from above (序号 over two rows) or group headers (支部自评 | 机关党委考评) stand over it.
 */
export function headerTopRow(sheet: SheetModel, layout: Layout): number {
  let top = layout.headerRow;
  for (const m of sheet.merges) {
    if (m.left > layout.rightEdge || m.top >= layout.headerRow || m.bottom < layout.headerRow) continue;
    top = Math.min(top, m.top);
  }
  if (layout.blocks.length > 0) top = Math.min(top, layout.headerRow - 1);
  return Math.max(1, top);
}

/** The name column, or the table's first column when nothing is mapped as the name. */
export function nameColumn(layout: Layout, nameFieldId: string | undefined): number {
  const f = nameFieldId !== undefined ? layout.fields[nameFieldId] : undefined;
  return f?.col ?? 1;
}

/** The first non-blank column of the header row (where the table starts). */
export function tableLeft(sheet: SheetModel, layout: Layout): number {
  for (let c = 1; c <= layout.rightEdge; c++) if (!isBlank(cellAt(sheet, layout.headerRow, c))) return c;
  return 1;
}

/**
 * Width units (Excel's column width: about one digit of the body font) an A4 landscape page holds at
 * 100% between this tool's 0.7-inch margins: 741 pt of paper, a column of width w being about
 * 5.25·w + 3.75 pt wide (docs/owned-sheets.md "Printing the scored sheet").
 */
export const LANDSCAPE_UNITS = 130;
/** The least scale a page is printed at: an 11-point body then prints at 7.2 pt (issue 12: ≥ about 7). */
export const MIN_PRINT_SCALE = 0.65;
/** Data rows sampled to estimate a column's width (a long table's widths are set by its first rows). */
const SAMPLED_ROWS = 300;
/** A column is at least this wide (Excel's default 8.43, less for 序号-like columns) and at most this. */
const NARROWEST = 6;
const WIDEST = 40;

/**
 * A column's printed width estimated from its text: the widest data cell, or half the widest header
 * cell (header text wraps); the model does not carry the user's column widths. Hidden columns do not print.
 */
export function estimatedColumnWidth(
  sheet: SheetModel,
  layout: Layout,
  col: number,
  headerTop: number,
): number {
  if (sheet.hiddenColumns.includes(col)) return 0;
  const spansColumns = (row: number) =>
    sheet.merges.some(
      (m) => m.top <= row && row <= m.bottom && m.left <= col && col <= m.right && m.left < m.right,
    );
  let header = 0;
  for (let r = headerTop; r <= layout.headerRow; r++)
    if (!spansColumns(r)) header = Math.max(header, displayWidth(cellText(cellAt(sheet, r, col))));
  let data = 0;
  for (const r of layout.dataRows.slice(0, SAMPLED_ROWS))
    data = Math.max(data, displayWidth(cellText(cellAt(sheet, r, col))));
  return Math.min(WIDEST, Math.max(NARROWEST, data + 1, Math.ceil(header / 2) + 1));
}

/**
 * How many pages wide the scored sheet prints: the fewest such that each page, with the repeated
 * title columns, prints at MIN_PRINT_SCALE or larger (at most 4; a table wider than that prints smaller).
 */
export function pagesWide(widths: readonly number[], titleColumns: number): number {
  const total = widths.reduce((a, b) => a + b, 0);
  const titles = widths.slice(0, titleColumns).reduce((a, b) => a + b, 0);
  const perPage = LANDSCAPE_UNITS / MIN_PRINT_SCALE;
  for (let n = 1; n < 4; n++) if (total + (n - 1) * titles <= n * perPage) return n;
  return 4;
}

/**
 * The scored sheet's page setup, unless the user already has one (then theirs is kept): A4
 * landscape, as many pages wide as pagesWide says (one for most tables), the header rows (not the
 * title above them: a form's title prints once, on the first page) and the columns up to the name
 * column repeated on every page. `resultWidths` are the widths the plan gives the result columns.
 */
export function scoredSheetPageSetup(
  sheet: SheetModel,
  layout: Layout,
  nameCol: number,
  resultWidths: ReadonlyMap<number, number> = new Map(),
  lang: Lang = "zh",
): PlanOp[] {
  if (sheet.pageSetupCustomised === true) return [];
  const top = headerTopRow(sheet, layout);
  const right = Math.max(layout.rightEdge, nameCol, ...resultWidths.keys());
  const widths: number[] = [];
  for (let c = 1; c <= right; c++)
    widths.push(resultWidths.get(c) ?? estimatedColumnWidth(sheet, layout, c, top));
  const wide = pagesWide(widths, nameCol);
  const setup: PageSetup = {
    paper: "A4",
    orientation: "landscape",
    fitToWidth: true,
    ...(wide > 1 ? { pagesWide: wide } : {}),
    titleRows: { first: top, last: layout.headerRow },
    titleColumns: { first: 1, last: nameCol },
    pageNumbers: true,
    ...pageNumbersIn(lang),
  };
  return [{ kind: "pageSetup", sheet: sheet.name, setup }];
}

/** An owned sheet's page setup: A4 (portrait unless it needs width), one page wide, centred. */
export function ownedSheetPageSetup(
  sheet: string,
  titleRows: { first: number; last: number } | undefined,
  orientation: "portrait" | "landscape" = "portrait",
  lang: Lang = "zh",
): PlanOp {
  const setup: PageSetup = {
    paper: "A4",
    orientation,
    fitToWidth: true,
    ...(titleRows ? { titleRows } : {}),
    pageNumbers: true,
    ...pageNumbersIn(lang),
    centerHorizontally: true,
  };
  return { kind: "pageSetup", sheet, setup };
}
