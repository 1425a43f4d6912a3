/**
 * The Office.js path through Microsoft's own office.js (excel-web-16.00.js in jsdom, answered by
 * the in-memory Excel: tests/support/office-host): syncs and the largest request *as the library
 * serialises it* for a recompute and a re-run at 100 / 10,000 / 50,000 / 100,000 rows, plain,
 * filtered (every third row hidden) and with 600 merged areas (from 1,200 rows); and the task
 * pane's initial JavaScript (the scripts taskpane.html loads, not lazy chunks), gzipped. Also the
 * print-ready write's cost at ExcelApi 1.7 against the newest level (100 and 10,000 rows).
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

type Variant = "plain" | "filtered" | "merges";

/** The variant's workbook; the fixture's rows are built once per size and shared (only read). */
function workbook(fixture: ReturnType<typeof serviceOrg>, variant: Variant, apiVersion?: number): FakeExcel {
  const rows = fixture.sheets[0].rows.length - 2;
  const sheet = { ...fixture.sheets[0] };
  if (variant === "filtered")
    sheet.hiddenRows = Array.from({ length: Math.floor(rows / 3) }, (_, i) => 3 + i * 3);
  if (variant === "merges")
    sheet.merges = [
      ...(sheet.merges ?? []),
      ...Array.from({ length: 600 }, (_, i) => ({ top: 3 + 2 * i, left: 3, bottom: 4 + 2 * i, right: 3 })),
    ];
  return FakeExcel.fromDescription(
    { ...fixture, sheets: [sheet, ...fixture.sheets.slice(1)] },
    { apiVersion },
  );
}

interface RunFigures {
  syncs: number;
  maxRequest: number;
  maxResponse: number;
  /** Every request and accepted response of the run, added up. */
  requestBytes: number;
  responseBytes: number;
}

function figures(excel: FakeExcel, from: number): RunFigures {
  const syncs = excel.syncs.slice(from);
  return {
    ...payloads(excel, from),
    requestBytes: syncs.reduce((n, s) => n + s.requestBytes, 0),
    responseBytes: syncs.filter((s) => !s.error).reduce((n, s) => n + s.responseBytes, 0),
  };
}

/** A recompute, then a re-run on the workbook it left (the same state a user's second click sees). */
async function measure(
  excel: FakeExcel,
  what: string,
  rerun = true,
): Promise<{ first: RunFigures; rerun?: RunFigures }> {
  const started = Date.now();
  const first = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
  if (!first.ok) throw new Error(`recompute failed (${what}): ${first.error.text("en")}`);
  const firstFigures = figures(excel, 0);
  if (!rerun) {
    console.error(`office ${what}: ${JSON.stringify(firstFigures)} (${Date.now() - started} ms)`);
    return { first: firstFigures };
  }
  const mark = excel.syncs.length;
  const second = await recompute(fakeAdapter(excel), { lang: "zh", now: NOW });
  if (!second.ok) throw new Error(`re-run failed (${what}): ${second.error.text("en")}`);
  const out = { first: firstFigures, rerun: figures(excel, mark) };
  console.error(`office ${what}: ${JSON.stringify(out)} (${Date.now() - started} ms)`);
  return out;
}

const SIZES: Array<[number, string]> = [
  [100, "100"],
  [10_000, "10k"],
  [50_000, "50k"],
  [100_000, "100k"],
];

/**
 * office_<variant>_<rows>_{syncs,max_request_bytes,rerun_syncs,rerun_max_request_bytes,
 * max_response_bytes} for every size and variant.
 */
async function matrix(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [rows, label] of SIZES) {
    const fixture = serviceOrg(rows);
    for (const variant of ["plain", "filtered", "merges"] as const) {
      if (variant === "merges" && rows < 1_200) continue; // 600 merged pairs need 1,200 rows
      const r = await measure(workbook(fixture, variant), `${variant} ${label}`);
      if (!r.rerun) throw new Error("the matrix measures a re-run too");
      const key = `office_${variant}_${label}`;
      out[`${key}_syncs`] = r.first.syncs;
      out[`${key}_max_request_bytes`] = r.first.maxRequest;
      out[`${key}_rerun_syncs`] = r.rerun.syncs;
      out[`${key}_rerun_max_request_bytes`] = r.rerun.maxRequest;
      out[`${key}_max_response_bytes`] = Math.max(r.first.maxResponse, r.rerun.maxResponse);
    }
  }
  return out;
}

/**
 * The print-ready write at ExcelApi 1.7 (no copyFrom: one more sync loads the source cells'
 * formats, then each copy sets them) against the newest level, on the same workbook:
 * office_api<level>_<rows>_{syncs,max_request_bytes,request_bytes,response_bytes} of a recompute.
 */
async function printReadyAt17(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [rows, label] of SIZES.slice(0, 2)) {
    const fixture = serviceOrg(rows);
    for (const level of [7, 17]) {
      const { first } = await measure(
        workbook(fixture, "plain", level),
        `ExcelApi 1.${level} ${label}`,
        false,
      );
      const key = `office_api${level}_${label}`;
      out[`${key}_syncs`] = first.syncs;
      out[`${key}_max_request_bytes`] = first.maxRequest;
      out[`${key}_request_bytes`] = first.requestBytes;
      out[`${key}_response_bytes`] = first.responseBytes;
    }
  }
  return out;
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

/** The largest request of a recompute and its re-run. */
function largest(m: Record<string, number>, key: string): number {
  return Math.max(m[`office_${key}_max_request_bytes`], m[`office_${key}_rerun_max_request_bytes`]);
}

export async function run(): Promise<Record<string, number | string>> {
  const started = Date.now();
  const m = await matrix();
  const api17 = await printReadyAt17();
  const pane = taskpaneInitialGzip();
  return {
    ...m,
    ...api17,
    office_bench_ms: Date.now() - started,
    syncs_100: m.office_plain_100_syncs,
    syncs_10k: m.office_plain_10k_syncs,
    syncs_50k: m.office_plain_50k_syncs,
    syncs_rerun_10k: m.office_plain_10k_rerun_syncs,
    syncs_rerun_50k: m.office_plain_50k_rerun_syncs,
    max_payload_bytes_10k: largest(m, "plain_10k"),
    max_payload_bytes_50k: largest(m, "plain_50k"),
    max_payload_bytes_100k: Math.max(
      largest(m, "plain_100k"),
      largest(m, "filtered_100k"),
      largest(m, "merges_100k"),
    ),
    max_response_bytes_50k: m.office_plain_50k_max_response_bytes,
    taskpane_js_gzip_bytes: pane.bytes,
    taskpane_js_files: pane.files,
  };
}
