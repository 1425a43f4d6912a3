/**
 * Protection the user set in Excel or WPS, which both writers must honour as the add-in does
 * (src/excel/office/write.ts refuses a protected sheet before writing): a sheet protected against
 * changes (`<sheetProtection sheet="1">`, 「审阅 › 保护工作表」) is not written into, and a workbook
 * whose structure is protected (`<workbookProtection lockStructure="1">`, 「保护工作簿」) gets no new
 * sheet and no sheet shown or hidden. Both are refused before anything is written
 * (docs/xlsx-round-trip.md, "Protection"). Pure: runs in a browser too.
 */
import { msg, type Message } from "../messages";
import type { PlanOp } from "../workbook/model";
import { structureChanges, touchedSheets, type ExistingSheet } from "../workbook/protection";
import { xmlAttributes, xmlBoolean } from "./xml";

/** The first start tag of `element` (with or without a namespace prefix) in `xml`. */
function startTag(xml: string, element: string): string | null {
  return new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${element}\\b[^>]*>`).exec(xml)?.[0] ?? null;
}

/** Whether a worksheet's XML outside its rows says the sheet is protected (its `sheet` attribute, false by default). */
export function sheetIsProtected(outsideRows: string): boolean {
  const tag = startTag(outsideRows, "sheetProtection");
  return tag !== null && xmlBoolean(xmlAttributes(tag).get("sheet"));
}

/** How the workbook part protects the workbook: its structure, and whether any protection is set. */
export interface WorkbookLocks {
  /** Sheets cannot be added, deleted, renamed, moved, hidden or shown. */
  structure: boolean;
  /** Some protection is set (structure, windows or revisions): the ExcelJS writer drops it. */
  any: boolean;
}

export function workbookLocks(workbookXml: string): WorkbookLocks {
  const tag = startTag(workbookXml, "workbookProtection");
  if (tag === null) return { structure: false, any: false };
  const a = xmlAttributes(tag);
  const structure = xmlBoolean(a.get("lockStructure"));
  return {
    structure,
    any: structure || xmlBoolean(a.get("lockWindows")) || xmlBoolean(a.get("lockRevision")),
  };
}

/** Why the plan cannot be written, or null: protected sheets it writes to first, then the structure. */
export function protectionRefusal(
  file: string,
  ops: readonly PlanOp[],
  existing: readonly ExistingSheet[],
  isProtected: (sheet: string) => boolean,
  structureLocked: boolean,
): Message | null {
  const known = new Set(existing.map((s) => s.name.toLowerCase()));
  const locked = touchedSheets(ops).filter((name) => known.has(name.toLowerCase()) && isProtected(name));
  if (locked.length > 0) return msg("SHEET_PROTECTED_IN_FILE", { file, sheets: locked });
  const changes = structureLocked ? structureChanges(ops, existing) : [];
  if (changes.length > 0) return msg("WORKBOOK_STRUCTURE_LOCKED", { file, sheets: changes });
  return null;
}
