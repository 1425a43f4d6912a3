/**
 * Page setup of the sheets the tool writes (SPEC §5, §6; docs/owned-sheets.md "Printing"): A4, fit
 * to one page wide, title rows repeated, page numbers in the footer.
 */
import { cellAt, isBlank } from "./util";
import type { PageSetup, PlanOp, SheetModel } from "./model";
import type { Layout } from "./layout";

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
 * The scored sheet's page setup, unless the user already has one (then theirs is kept): A4
 * landscape, one page wide, the header rows (not the title above them: a form's title prints once,
 * on the first page) and the columns up to the name column repeated on every page.
 */
export function scoredSheetPageSetup(sheet: SheetModel, layout: Layout, nameCol: number): PlanOp[] {
  if (sheet.pageSetupCustomised === true) return [];
  const setup: PageSetup = {
    paper: "A4",
    orientation: "landscape",
    fitToWidth: true,
    titleRows: { first: headerTopRow(sheet, layout), last: layout.headerRow },
    titleColumns: { first: 1, last: nameCol },
    pageNumbers: true,
  };
  return [{ kind: "pageSetup", sheet: sheet.name, setup }];
}

/** An owned sheet's page setup: A4 (portrait unless it needs width), one page wide, centred. */
export function ownedSheetPageSetup(
  sheet: string,
  titleRows: { first: number; last: number } | undefined,
  orientation: "portrait" | "landscape" = "portrait",
): PlanOp {
  const setup: PageSetup = {
    paper: "A4",
    orientation,
    fitToWidth: true,
    ...(titleRows ? { titleRows } : {}),
    pageNumbers: true,
    centerHorizontally: true,
  };
  return { kind: "pageSetup", sheet, setup };
}
