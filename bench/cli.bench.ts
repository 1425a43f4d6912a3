/**
 * `score` on 10,000 branches as a ratio to ExcelJS merely reading and writing the same file
 * (SPEC §10): median of paired runs in this process, the two alternating so that machine noise
 * hits both. Peak memory and the 100,000-branch run are measured in a child process each, because
 * a process's peak RSS only ever grows.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { runCli, type CliIo } from "../src/cli/run";
import { recompute } from "../src/workbook";
import { XlsxAdapter, openXlsx, writeXlsxAtomic } from "../src/xlsx";
import { serviceOrg, writeFixture } from "../tests/fixtures/workbooks";

const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const quiet: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, stderrIsTty: false };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeExcelJs(input: string, output: string): Promise<number> {
  const start = performance.now();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(input);
  await workbook.xlsx.writeFile(output);
  return performance.now() - start;
}

async function timeScore(input: string, output: string): Promise<number> {
  const start = performance.now();
  const code = await runCli(["score", input, "-o", output], quiet);
  if (code !== 0) throw new Error(`score exited with ${code}`);
  return performance.now() - start;
}

/** Where the time of one score goes: open, recompute (read model, evaluate, plan, apply), write. */
async function breakdown(
  input: string,
  output: string,
): Promise<{ open: number; recompute: number; write: number }> {
  let start = performance.now();
  const workbook = await openXlsx(input);
  const open = performance.now() - start;
  start = performance.now();
  const result = await recompute(new XlsxAdapter(workbook), {});
  if (!result.ok) throw new Error(result.error.text("en"));
  const recomputeMs = performance.now() - start;
  start = performance.now();
  await writeXlsxAtomic(workbook, output);
  return { open, recompute: recomputeMs, write: performance.now() - start };
}

function cellCount(workbook: ExcelJS.Workbook): number {
  let cells = 0;
  for (const ws of workbook.worksheets) ws.eachRow((row) => row.eachCell(() => void cells++));
  return cells;
}

/** Runs `score` in a fresh process (the CLI's own entry code path) and reports its time and peak RSS. */
function childRun(input: string, output: string): { ms: number; rssMb: number } {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const child = spawnSync(
    tsx,
    [path.join(process.cwd(), "bench", "cli.bench.ts"), "--child", input, output],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`);
  const line = child.stdout.trim().split("\n").pop() ?? "{}";
  return JSON.parse(line) as { ms: number; rssMb: number };
}

export async function run(): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cli-bench-"));
  try {
    const input10k = path.join(dir, "branches-10k.xlsx");
    await writeFixture(serviceOrg(10_000, 42), input10k);
    // Warm-up: JIT and module loading should not count against either side.
    await timeExcelJs(input10k, path.join(dir, "warm-exceljs.xlsx"));
    await timeScore(input10k, path.join(dir, "warm-score.xlsx"));
    const ratios: number[] = [];
    const scores: number[] = [];
    const baselines: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const scoreFirst = i % 2 === 1;
      let s = 0;
      let b = 0;
      if (scoreFirst) s = await timeScore(input10k, path.join(dir, `s${i}.xlsx`));
      b = await timeExcelJs(input10k, path.join(dir, `b${i}.xlsx`));
      if (!scoreFirst) s = await timeScore(input10k, path.join(dir, `s${i}.xlsx`));
      ratios.push(s / b);
      scores.push(s);
      baselines.push(b);
    }
    // The output holds far more cells than the input (result columns, a summary listing every
    // branch): ExcelJS alone reading the input and writing a workbook of the output's size is the
    // floor for any ExcelJS-based score.
    const scored = path.join(dir, "s0.xlsx");
    const inputBook = new ExcelJS.Workbook();
    await inputBook.xlsx.readFile(input10k);
    const outputBook = new ExcelJS.Workbook();
    await outputBook.xlsx.readFile(scored);
    const floors: number[] = [];
    const parts = { open: [] as number[], recompute: [] as number[], write: [] as number[] };
    for (let i = 0; i < 3; i++) {
      let start = performance.now();
      await new ExcelJS.Workbook().xlsx.readFile(input10k);
      const read = performance.now() - start;
      start = performance.now();
      await outputBook.xlsx.writeFile(path.join(dir, `floor${i}.xlsx`));
      floors.push(read + performance.now() - start);
      const b = await breakdown(input10k, path.join(dir, `parts${i}.xlsx`));
      parts.open.push(b.open);
      parts.recompute.push(b.recompute);
      parts.write.push(b.write);
    }
    const child10k = childRun(input10k, path.join(dir, "child-10k.xlsx"));

    const input100k = path.join(dir, "branches-100k.xlsx");
    await writeFixture(serviceOrg(100_000, 43), input100k);
    const child100k = childRun(input100k, path.join(dir, "child-100k.xlsx"));
    return {
      cli_ratio_to_exceljs_10k: Math.round(median(ratios) * 100) / 100,
      cli_score_10k_ms: Math.round(median(scores)),
      cli_exceljs_read_write_10k_ms: Math.round(median(baselines)),
      cli_output_cells_ratio_10k: Math.round((cellCount(outputBook) / cellCount(inputBook)) * 100) / 100,
      cli_ratio_to_exceljs_output_size_10k: Math.round((median(scores) / median(floors)) * 100) / 100,
      cli_10k_open_ms: Math.round(median(parts.open)),
      cli_10k_recompute_ms: Math.round(median(parts.recompute)),
      cli_10k_write_ms: Math.round(median(parts.write)),
      cli_peak_rss_mb_10k: child10k.rssMb,
      cli_score_100k_ms: Math.round(child100k.ms),
      cli_peak_rss_mb_100k: child100k.rssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(input: string, output: string): Promise<void> {
  const ms = await timeScore(input, output);
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ ms: Math.round(ms), rssMb }) + "\n");
}

const childIndex = process.argv.indexOf("--child");
if (childIndex > 0 && process.argv[1]?.endsWith("cli.bench.ts")) {
  void child(process.argv[childIndex + 1], process.argv[childIndex + 2]).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
