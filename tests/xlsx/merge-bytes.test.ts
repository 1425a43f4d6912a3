/**
 * 申报汇总 as bytes (src/xlsx/merge-bytes.ts): the merged package is zipped by zip.ts, so the page
 * (where ExcelJS is its prebuilt bundle with its own JSZip) and the CLI write the same bytes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import pako from "pako";
import { mergeXlsxBytes } from "../../src/xlsx/merge-bytes";
import { deflateWhole } from "../../src/xlsx/part-deflate";
import { entryData, readZip } from "../../src/xlsx/zip";

const EXAMPLES = path.join(__dirname, "..", "..", "examples");
const NOW = new Date("2026-01-01T00:00:00Z");

function files() {
  const bytes = new Uint8Array(readFileSync(path.join(EXAMPLES, "service-org.xlsx")));
  return [
    { name: "一、机关党委.xlsx", bytes },
    { name: "二、直属党委.xlsx", bytes: bytes.slice() },
  ];
}

/** The DOS date and time of every local header, read from the archive itself. */
function localStamps(zip: Uint8Array): { time: number; date: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: { time: number; date: number }[] = [];
  for (let i = 0; i + 30 <= zip.length;) {
    if (view.getUint32(i, true) !== 0x04034b50) break;
    out.push({ time: view.getUint16(i + 10, true), date: view.getUint16(i + 12, true) });
    i += 30 + view.getUint16(i + 26, true) + view.getUint16(i + 28, true) + view.getUint32(i + 18, true);
  }
  return out;
}

test("the merged workbook: every part stamped with the run's time, deflated as the patcher's are, no folder entries", async () => {
  const merged = await mergeXlsxBytes(files(), {
    output: "申报汇总.xlsx",
    now: NOW,
    write: { fixedDate: NOW },
  });
  if (!merged.ok) throw new Error(merged.error.message);
  const entries = readZip(merged.bytes)!;
  expect(entries.map((e) => e.name)).toContain("xl/worksheets/sheet1.xml");
  expect(entries.filter((e) => e.name.endsWith("/"))).toEqual([]);
  // 2026-01-01 00:00:00 as DOS date and time.
  const stamps = localStamps(merged.bytes);
  expect(stamps).toHaveLength(entries.length);
  expect(new Set(stamps.map((s) => `${s.date}/${s.time}`))).toEqual(
    new Set([`${(46 << 9) | (1 << 5) | 1}/0`]),
  );
  for (const entry of entries) {
    const data = entryData(entry);
    // libdeflate's bytes (src/xlsx/part-deflate.ts), not pako's or JSZip's.
    expect(Buffer.from(entry.raw).equals(Buffer.from(deflateWhole(data)))).toBe(true);
    if (data.length > 1000)
      expect(Buffer.from(entry.raw).equals(Buffer.from(pako.deflateRaw(data, { level: 6 })))).toBe(false);
  }
});

test("the same submissions at the same time give the same bytes, whenever they are merged", async () => {
  const first = await mergeXlsxBytes(files(), { output: "a.xlsx", now: NOW, write: { fixedDate: NOW } });
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const second = await mergeXlsxBytes(files(), { output: "b.xlsx", now: NOW, write: { fixedDate: NOW } });
  if (!first.ok || !second.ok) throw new Error("merge failed");
  expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
});
