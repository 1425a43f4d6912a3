/** Wires the in-memory Excel into the Office.js adapter (the one cast between the fake and Excel's types). */
import { createOfficeAdapter, type ExcelRun, type OfficeAdapter } from "../../src/excel";
import { FakeExcel, type FakeExcelOptions, type DescribedWorkbook } from "./fake-excel";

export function fakeRun(excel: FakeExcel): ExcelRun {
  return excel.run as unknown as ExcelRun;
}

export function fakeAdapter(excel: FakeExcel, requestBudget?: number): OfficeAdapter {
  return createOfficeAdapter(fakeRun(excel), { supports: (v) => excel.supports(v), requestBudget });
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
