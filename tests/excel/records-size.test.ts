/**
 * The records carried in the workbook settings (docs/records.md) at 50,000 branches, through
 * Microsoft's own office.js (the emulated host): 定稿 stores every branch's result, so the settings
 * grow with the table; every request and response must stay under Excel's 5 MB as office.js
 * serialises them, on the run that freezes and on the next one, which reads the frozen results back.
 */
import { recompute, SETTINGS_SHEET } from "../../src/workbook";
import { serviceOrg } from "../fixtures/workbooks";
import { FakeExcel, PAYLOAD_LIMIT_BYTES } from "../support/fake-excel";
import { officeHost } from "../support/office-host/host";
import { payloads } from "../support/office-run";

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4));
const ROWS = 50_000;

function settingsBytes(excel: FakeExcel): number {
  const text = excel
    .readValues(SETTINGS_SHEET)
    .map((r) => String(r[0] ?? ""))
    .join("");
  return new TextEncoder().encode(text).length;
}

test("定稿 at 50,000 branches: the run that freezes and the next one keep every request and response under 5 MB", async () => {
  const excel = FakeExcel.fromDescription(serviceOrg(ROWS));
  const frozen = await recompute(officeHost(excel).adapter(), { lang: "zh", now: NOW, finalize: true });
  if (!frozen.ok) throw new Error(frozen.error.message);
  const first = payloads(excel);
  const settings = settingsBytes(excel);
  const afterFirst = excel.syncs.length;

  const later = new Date(NOW.getTime() + 86_400_000);
  const again = await recompute(officeHost(excel).adapter(), { lang: "zh", now: later });
  if (!again.ok) throw new Error(again.error.message);
  if (!again.ok) return;
  expect(again.records.final?.rows).toHaveLength(ROWS);
  const second = payloads(excel, afterFirst);
  console.log(
    `records at ${ROWS} branches: settings ${(settings / 1e6).toFixed(2)} MB; ` +
      `定稿 run ${first.syncs} syncs, largest request ${(first.maxRequest / 1e6).toFixed(2)} MB, response ${(first.maxResponse / 1e6).toFixed(2)} MB; ` +
      `next run ${second.syncs} syncs, largest request ${(second.maxRequest / 1e6).toFixed(2)} MB, response ${(second.maxResponse / 1e6).toFixed(2)} MB; ` +
      `refused: ${
        excel.syncs
          .filter((s) => s.error)
          .map((s) => s.error)
          .join(", ") || "none"
      }`,
  );
  expect(settings).toBeGreaterThan(PAYLOAD_LIMIT_BYTES);
  for (const p of [first, second]) {
    expect(p.maxRequest).toBeLessThan(PAYLOAD_LIMIT_BYTES);
    expect(p.maxResponse).toBeLessThan(PAYLOAD_LIMIT_BYTES);
  }
}, 900_000);
