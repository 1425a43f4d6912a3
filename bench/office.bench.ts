/**
 * The Office.js path on the in-memory Excel: syncs per recompute at 100 / 10,000 / 50,000 rows
 * and the largest request (and response) at 50,000, as Excel on the web would see them; and the
 * task pane's initial JavaScript (the scripts taskpane.html loads, not lazy chunks), gzipped.
 * Builds dist/ first when it is absent.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { recompute } from "../src/workbook";
import { serviceOrg } from "../tests/fixtures/workbooks";
import { FakeExcel } from "../tests/support/fake-excel";
import { fakeAdapter, payloads } from "../tests/support/office-run";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NOW = new Date(Date.UTC(2026, 0, 2));

async function measure(
  rows: number,
): Promise<{ first: ReturnType<typeof payloads>; rerun: ReturnType<typeof payloads> }> {
  const excel = FakeExcel.fromDescription(serviceOrg(rows));
  const first = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
  if (!first.ok) throw new Error(`recompute failed at ${rows} rows: ${first.error.text("en")}`);
  const firstPayloads = payloads(excel);
  const mark = excel.syncs.length;
  const second = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
  if (!second.ok) throw new Error(`re-run failed at ${rows} rows: ${second.error.text("en")}`);
  return { first: firstPayloads, rerun: payloads(excel, mark) };
}

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }, 0);
}

function taskpaneInitialGzip(): { bytes: number; files: string } {
  const dist = path.join(root, "dist");
  const page = path.join(dist, "taskpane.html");
  // Absent or older than the sources: build, so the number is about the code as it is.
  if (!existsSync(page) || statSync(page).mtimeMs < newestSource(path.join(root, "src"))) {
    execFileSync("npx", ["webpack", "--mode", "production"], { cwd: root, stdio: "inherit" });
  }
  const html = readFileSync(path.join(dist, "taskpane.html"), "utf8");
  // Minified HTML leaves attribute values unquoted.
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/g)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((src) => !/^https?:/.test(src)); // Office.js comes from the CDN
  const bytes = scripts.reduce(
    (sum, src) => sum + gzipSync(readFileSync(path.join(dist, src.replace(/^\//, ""))), { level: 9 }).length,
    0,
  );
  return { bytes, files: scripts.join(" ") };
}

export async function run(): Promise<Record<string, number | string>> {
  const r100 = await measure(100);
  const r10k = await measure(10_000);
  const r50k = await measure(50_000);
  const pane = taskpaneInitialGzip();
  return {
    syncs_100: r100.first.syncs,
    syncs_10k: r10k.first.syncs,
    syncs_50k: r50k.first.syncs,
    syncs_rerun_10k: r10k.rerun.syncs,
    syncs_rerun_50k: r50k.rerun.syncs,
    max_payload_bytes_10k: r10k.first.maxRequest,
    max_payload_bytes_50k: Math.max(r50k.first.maxRequest, r50k.rerun.maxRequest),
    max_response_bytes_50k: Math.max(r50k.first.maxResponse, r50k.rerun.maxResponse),
    taskpane_js_gzip_bytes: pane.bytes,
    taskpane_js_files: pane.files,
  };
}
