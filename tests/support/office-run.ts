/**
 * Wires the in-memory Excel into the Office.js adapter through the emulated host: Microsoft's own
 * office.js serialises every request, and the in-memory Excel answers it (office-host/).
 */
import type { ExcelRun, OfficeAdapter } from "../../src/excel";
import { FakeExcel, type FakeExcelOptions, type DescribedWorkbook } from "./fake-excel";
import { officeHost } from "./office-host/host";

export function fakeRun(excel: FakeExcel): ExcelRun {
  return officeHost(excel).run;
}

export function fakeAdapter(excel: FakeExcel, requestBudget?: number): OfficeAdapter {
  return officeHost(excel).adapter({ requestBudget });
}

export function fakeWorkbook(description: DescribedWorkbook, options?: FakeExcelOptions): FakeExcel {
  return FakeExcel.fromDescription(description, options);
}

/** Syncs since `from`, and the largest request and accepted response among them. */
export function payloads(
  excel: FakeExcel,
  from = 0,
): { syncs: number; maxRequest: number; maxResponse: number } {
  const syncs = excel.syncs.slice(from);
  return {
    syncs: syncs.length,
    maxRequest: Math.max(0, ...syncs.map((s) => s.requestBytes)),
    maxResponse: Math.max(0, ...syncs.filter((s) => !s.error).map((s) => s.responseBytes)),
  };
}
