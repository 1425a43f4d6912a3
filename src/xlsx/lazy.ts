/**
 * ExcelJS and JSZip, loaded on first use. Opening, scoring and patching a file needs neither (see
 * read-sheet.ts and patch.ts); only templates, the ExcelJS writer fallback and sheets the package
 * reader steps aside from do. Loading ExcelJS costs ~0.3 s, most of a small workbook's run.
 */
import type ExcelJSModule from "exceljs";
import type JSZipModule from "jszip";

export async function loadExcelJs(): Promise<typeof ExcelJSModule> {
  return (await import("exceljs")).default;
}

export async function loadJSZip(): Promise<typeof JSZipModule> {
  return (await import("jszip")).default;
}

/** A new, empty ExcelJS workbook (templates). */
export async function newExcelWorkbook(): Promise<ExcelJSModule.Workbook> {
  return new (await loadExcelJs()).Workbook();
}
