/**
 * Turns an .xlsx file into the plain description the in-memory Excel loads (tests/support), so the
 * browser harness can start from the very workbook a user would open (examples/service-org.xlsx).
 */
import ExcelJS from "exceljs";
import type { RawCell } from "../../../src/engine/types";
import type { DescribedCell, DescribedSheet, DescribedWorkbook } from "../../support/fake-excel";

/** Excel's serial date (1900 system), so a date survives JSON as a number with a date format. */
function serial(date: Date): number {
  return date.getTime() / 86400000 + 25569;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Date);
}

function describeValue(value: ExcelJS.CellValue): DescribedCell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return serial(value);
  if (isRecord(value)) {
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      const inner = describeValue(result ?? null);
      const formula = String((value as { formula?: string; sharedFormula?: string }).formula ?? "");
      // A cached error stays an error; any other object (rich text) has no place as a formula result.
      const cached = isRecord(inner) && !("error" in inner) ? null : inner;
      return { formula, result: cached as RawCell };
    }
    if ("richText" in value) {
      return { richText: (value.richText as { text: string }[]).map((part) => part.text) };
    }
    if ("hyperlink" in value) return { text: String(value.text ?? ""), hyperlink: String(value.hyperlink) };
    if ("error" in value) return { error: String(value.error) };
  }
  return String(value);
}

function rect(range: string): { top: number; left: number; bottom: number; right: number } {
  const [from, to = from] = range.split(":");
  const decode = (a1: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a1);
    if (!m) throw new Error(`bad merge address ${range}`);
    let col = 0;
    for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
    return { row: Number(m[2]), col };
  };
  const a = decode(from);
  const b = decode(to);
  return { top: a.row, left: a.col, bottom: b.row, right: b.col };
}

function describeSheet(ws: ExcelJS.Worksheet): DescribedSheet {
  const rows: DescribedCell[][] = [];
  const styles: NonNullable<DescribedSheet["styles"]> = {};
  const hiddenRows: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (row.hidden) hiddenRows.push(r);
    const out: DescribedCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      // A merged area's other cells repeat the master's value in ExcelJS; Excel keeps them empty.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      out[c - 1] = describeValue(cell.value);
      const numFmt = cell.numFmt || (cell.value instanceof Date ? "yyyy-mm-dd" : undefined);
      if (numFmt && numFmt !== "General") styles[cell.address] = { numFmt };
    });
    for (let i = 0; i < out.length; i++) if (out[i] === undefined) out[i] = null;
    rows[r - 1] = out;
  });
  for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) rows[i] = [];
  const widths: number[] = [];
  (ws.columns ?? []).forEach((col, i) => {
    widths[i] = col.width ?? 8.43;
  });
  const hiddenColumns = (ws.columns ?? []).flatMap((col, i) => (col.hidden ? [i + 1] : []));
  return {
    name: ws.name,
    rows,
    merges: (ws.model.merges ?? []).map(rect),
    hiddenRows,
    hiddenColumns,
    visibility: ws.state === "veryHidden" ? "veryHidden" : ws.state === "hidden" ? "hidden" : "visible",
    widths,
    styles,
  };
}

export async function describeXlsx(file: string): Promise<DescribedWorkbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheets = workbook.worksheets.map(describeSheet);
  const activeTab = workbook.views?.[0]?.activeTab ?? 0;
  return { sheets, activeSheet: workbook.worksheets[activeTab]?.name ?? sheets[0]?.name };
}
