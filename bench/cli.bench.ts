/**
 * `score` side by side with what a user's own script would do (SPEC §11): ExcelJS's streaming
 * reader and writer, SheetJS (npm `xlsx`) and openpyxl (read-only in, write-only out) each read
 * the table, total and tier every branch, write two result columns and a small summary; the floor
 * unzips the package and scans the sheet once. Every run is its own process, timed from outside
 * with /usr/bin/time (wall time and peak RSS), the contenders interleaved in each round.
 *
 * Sizes: 10,000 and 100,000 branches; with BENCH_MILLION=1 also Excel's last row (1,048,574
 * branches below the title and header), which takes minutes per contender. BENCH_RUNS sets the
 * rounds at 10,000 and BENCH_RUNS_100K at 100,000 (default 3 each; one round above). Also: a 30-row workbook end to end through
 * `node scripts/cli.mjs` (what `npm run score` runs), median of 5; and `score` on its own output
 * at 10,000 and 100,000 rows (scoring a workbook again).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { MAX_BRANCHES, writeBranchTable } from "./table";

type Result = Record<string, number | string>;
interface Contender {
  id: string;
  /** The command line, or why it cannot run here. */
  command: (input: string, output: string) => string[] | { missing: string };
}

const root = process.cwd();
const peers = path.join(root, "bench", "peers");
const TIME = "/usr/bin/time";
/** A run longer than this is stopped and reported as such. */
const TIMEOUT_MS = 30 * 60 * 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function pythonWithOpenpyxl(): string | null {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const probe = spawnSync(python, ["-c", "import openpyxl"], { stdio: "ignore" });
    if (probe.status === 0) return python;
  }
  return null;
}

function hasSheetJs(): boolean {
  try {
    createRequire(path.join(root, "package.json")).resolve("xlsx");
    return true;
  } catch {
    return false;
  }
}

function contenders(): Contender[] {
  const python = pythonWithOpenpyxl();
  const sheetJs = hasSheetJs();
  return [
    { id: "score", command: (i, o) => ["node", path.join(root, "dist-cli", "cli.cjs"), "score", i, "-o", o] },
    { id: "exceljs_stream", command: (i, o) => ["node", path.join(peers, "exceljs-stream.cjs"), i, o] },
    {
      id: "sheetjs",
      command: (i, o) =>
        sheetJs ? ["node", path.join(peers, "sheetjs.cjs"), i, o] : { missing: "not installed (npm xlsx)" },
    },
    {
      id: "openpyxl",
      command: (i, o) =>
        python
          ? [python, path.join(peers, "openpyxl_peer.py"), i, o]
          : { missing: "not installed (python3-openpyxl)" },
    },
    { id: "floor", command: (i) => ["node", path.join(peers, "floor.cjs"), i] },
  ];
}

/** One run in its own process: wall ms and peak RSS MB, or why it failed. */
function timed(argv: string[]): { ms: number; mb: number } | { failed: string } {
  const useTime = existsSync(TIME);
  const started = performance.now();
  const child = spawnSync(useTime ? TIME : argv[0], useTime ? ["-f", "%e %M", ...argv] : argv.slice(1), {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    timeout: TIMEOUT_MS,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  const ms = performance.now() - started;
  if (child.error) return { failed: child.error.message };
  const last = child.stderr.trim().split("\n").pop() ?? "";
  if (child.status !== 0)
    return {
      failed: `exit ${child.status ?? child.signal}: ${child.stderr.trim().split("\n").slice(-3).join(" ")}`,
    };
  const kb = useTime ? Number(last.split(" ")[1]) : NaN;
  return { ms: Math.round(ms), mb: Number.isFinite(kb) ? Math.round(kb / 1024) : -1 };
}

function sideBySide(rows: number, rounds: number, dir: string, out: Result): void {
  const input = path.join(dir, `branches-${rows}.xlsx`);
  const all = contenders();
  const times = new Map<string, number[]>();
  const peaks = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    // Interleaved, and rotated each round, so that machine noise spreads over all of them.
    for (let k = 0; k < all.length; k++) {
      const who = all[(k + round) % all.length];
      const argv = who.command(input, path.join(dir, `${who.id}-${rows}.xlsx`));
      const key = `side_${rows}_${who.id}`;
      if (!Array.isArray(argv)) {
        out[`${key}_status`] = argv.missing;
        continue;
      }
      const r = timed(argv);
      if ("failed" in r) {
        out[`${key}_status`] = r.failed.slice(0, 300);
        continue;
      }
      times.set(who.id, [...(times.get(who.id) ?? []), r.ms]);
      peaks.set(who.id, [...(peaks.get(who.id) ?? []), r.mb]);
      process.stderr.write(`  ${rows} rows, ${who.id}: ${r.ms} ms, ${r.mb} MB\n`);
    }
  }
  for (const [id, ms] of times) {
    out[`side_${rows}_${id}_ms`] = Math.round(median(ms));
    out[`side_${rows}_${id}_mb`] = Math.max(...(peaks.get(id) ?? [-1]));
  }
}

/**
 * `score` on its own output of that size (`score-<rows>.xlsx`, written by sideBySide): what a user
 * does on scoring a workbook again, where every row already holds the result cells and the owned
 * sheets are there to be replaced. Median of `rounds`, the largest peak.
 */
function scoredAgain(rows: number, rounds: number, dir: string, out: Result): void {
  const scored = path.join(dir, `score-${rows}.xlsx`);
  if (!existsSync(scored)) return;
  const times: number[] = [];
  const peaks: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const again = path.join(dir, `score-again-${rows}-${round}.xlsx`);
    const r = timed(["node", path.join(root, "dist-cli", "cli.cjs"), "score", scored, "-o", again]);
    rmSync(again, { force: true });
    if ("failed" in r) {
      out[`cli_rescore_${rows}_status`] = r.failed.slice(0, 300);
      return;
    }
    times.push(r.ms);
    peaks.push(r.mb);
    process.stderr.write(`  ${rows} rows, score again: ${r.ms} ms, ${r.mb} MB\n`);
  }
  out[`cli_rescore_${rows}_ms`] = Math.round(median(times));
  out[`cli_rescore_${rows}_mb`] = Math.max(...peaks);
}

export async function run(): Promise<Result> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cli-bench-"));
  const out: Result = {};
  try {
    // The bundle the contenders' `score` runs, built now so that no run pays for it.
    spawnSync("node", [path.join(root, "scripts", "cli.mjs"), "--build-only"], { stdio: "inherit" });
    const small: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = timed([
        "node",
        path.join(root, "scripts", "cli.mjs"),
        "score",
        path.join(root, "examples", "service-org.xlsx"),
        "-o",
        path.join(dir, "small.xlsx"),
      ]);
      if ("failed" in r) throw new Error(`score of the example failed: ${r.failed}`);
      small.push(r.ms);
    }
    out.cli_score_30_ms = Math.round(median(small));
    const sizes = [10_000, 100_000, ...(process.env.BENCH_MILLION === "1" ? [MAX_BRANCHES] : [])];
    for (const rows of sizes) {
      await writeBranchTable(path.join(dir, `branches-${rows}.xlsx`), rows);
      // 100,000 rows: three rounds too (a median, the largest peak), as one round on this shared
      // machine read anywhere in a ±15% band; BENCH_RUNS_100K=1 for a quick look.
      const rounds =
        rows <= 10_000 ? process.env.BENCH_RUNS : rows <= 100_000 ? process.env.BENCH_RUNS_100K : "1";
      sideBySide(rows, Number(rounds ?? 3), dir, out);
      if (rows <= 100_000) scoredAgain(rows, Number(rounds ?? 3), dir, out);
    }
    // The figures the goals are stated in.
    if (typeof out.side_100000_score_ms === "number") out.cli_score_100k_ms = out.side_100000_score_ms;
    if (typeof out.side_100000_score_mb === "number") out.cli_peak_rss_mb_100k = out.side_100000_score_mb;
    if (typeof out.side_10000_score_ms === "number") out.cli_score_10k_ms = out.side_10000_score_ms;
    if (typeof out.side_10000_score_mb === "number") out.cli_peak_rss_mb_10k = out.side_10000_score_mb;
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
