/**
 * The browser tests drive the pane against the in-memory Excel's own proxies (the direct path, no
 * office.js in between). That path must answer what the adapter asks, or every browser test fails.
 */
import { FakeExcel } from "../support/fake-excel";
import { describeXlsx } from "../e2e/support/workbook";
import { createOfficeAdapter, type ExcelRun } from "../../src/excel";
import { recompute } from "../../src/workbook";

const NOW = new Date("2026-12-01T09:30:00");

function directAdapter(excel: FakeExcel) {
  // The in-memory Excel's proxies stand in for Excel's (the same shape the browser harness installs).
  return createOfficeAdapter(excel.run as unknown as ExcelRun);
}

test("a second recompute on the bundled example changes nothing, and 评定汇总 has no chart (its distribution is a text bar)", async () => {
  const excel = FakeExcel.fromDescription(await describeXlsx("examples/service-org.xlsx"));
  const first = await recompute(directAdapter(excel), { lang: "zh", now: NOW });
  expect(first.ok).toBe(true);
  if (!first.ok) return;
  expect(excel.requireSheet(first.summarySheet).charts).toEqual([]);
  const afterFirst = excel.snapshot();

  const second = await recompute(directAdapter(excel), { lang: "zh", now: NOW });
  expect(second.ok ? "ok" : JSON.stringify(second.error)).toBe("ok");
  expect(excel.snapshot()).toBe(afterFirst);
});
