/** Page setup through Office.js (ExcelApi 1.9, `worksheet.pageLayout`): read the user's, write ours. */
import { columnLetter } from "../../engine/address";
import type { PageSetup } from "../../workbook/model";
import { isPageNumberText, PAGE_NUMBER_TEXT, pageNumberText } from "../../workbook/page";

export interface PageLayoutProbe {
  layout: Excel.PageLayout;
  footer: Excel.HeaderFooter;
  titleRows: Excel.Range;
  titleColumns: Excel.Range;
}

/** Queues the reads that tell a page setup of the user's: ~1 KB of request, in the read's own sync. */
export function probePageLayout(sheet: Excel.Worksheet): PageLayoutProbe {
  const layout = sheet.pageLayout;
  layout.load("orientation,paperSize,zoom");
  const footer = layout.headersFooters.defaultForAllPages;
  footer.load("centerFooter");
  const titleRows = layout.getPrintTitleRowsOrNullObject();
  titleRows.load("address");
  const titleColumns = layout.getPrintTitleColumnsOrNullObject();
  titleColumns.load("address");
  return { layout, footer, titleRows, titleColumns };
}

/**
 * Whether the sheet has a page setup of the user's (SPEC §5: then the scored sheet keeps it):
 * landscape, a paper other than the two defaults (A4, Letter), a scale, fit to more than one page
 * wide or to pages tall, or print titles — unless it is the setup this tool writes (A4, one page
 * wide, our page-number footer), which a re-run sets again. Fit to one page wide alone is what the
 * template wrote before it set up printing: not the user's either (as the .xlsx side reads it).
 */
export function hasOwnPageSetup(probe: PageLayoutProbe): boolean {
  const { layout } = probe;
  if (layout.isNullObject) return false;
  const zoom = layout.zoom ?? {};
  const wide = zoom.horizontalFitToPages ?? 0;
  const tall = zoom.verticalFitToPages ?? 0;
  const paper = layout.paperSize;
  // 1 to 4 pages wide: src/workbook/page.ts pagesWide.
  const ours =
    paper === "A4" && wide >= 1 && wide <= 4 && tall === 0 && isPageNumberText(probe.footer.centerFooter);
  if (ours) return false;
  const scaled = typeof zoom.scale === "number" && zoom.scale !== 100;
  return (
    layout.orientation === "Landscape" ||
    (paper !== undefined && paper !== "A4" && paper !== "Letter") ||
    scaled ||
    wide > 1 ||
    tall > 0 ||
    !probe.titleRows.isNullObject ||
    !probe.titleColumns.isNullObject
  );
}

/** The footer that numbers printed pages (SPEC §5, §6), in Chinese; in English "Page &P of &N". */
export const PAGE_NUMBER_FOOTER = PAGE_NUMBER_TEXT.zh;

export function applyPageSetup(layout: Excel.PageLayout, setup: PageSetup): void {
  layout.paperSize = "A4" as Excel.PaperType;
  layout.orientation = (
    setup.orientation === "landscape" ? "Landscape" : "Portrait"
  ) as Excel.PageOrientation;
  if (setup.fitToWidth) layout.zoom = { horizontalFitToPages: setup.pagesWide ?? 1, verticalFitToPages: 0 };
  if (setup.titleRows) layout.setPrintTitleRows(`$${setup.titleRows.first}:$${setup.titleRows.last}`);
  if (setup.titleColumns)
    layout.setPrintTitleColumns(
      `$${columnLetter(setup.titleColumns.first)}:$${columnLetter(setup.titleColumns.last)}`,
    );
  if (setup.pageNumbers) layout.headersFooters.defaultForAllPages.centerFooter = pageNumberText(setup);
  if (setup.centerHorizontally !== undefined) layout.centerHorizontally = setup.centerHorizontally;
}
