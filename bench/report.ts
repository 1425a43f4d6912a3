/**
 * BENCHMARKS.md from bench/results.json: each figure against its goal (SPEC §11 and the project's
 * own targets), pass/fail, the machine it ran on and how to reproduce. bench/run.ts calls
 * writeBenchmarks() after it has written the results; `npx tsx bench/report.ts` redoes the page
 * from the last results without measuring again.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

type Figure = number | string;
export type BenchResults = Record<string, unknown>;

export interface Goal {
  key: string;
  what: string;
  op: "<=" | ">=";
  target: number;
  /** A better figure aimed for, beyond the bar that decides pass/fail. */
  aim?: number;
  unit: "rows/s" | "ratio" | "syncs" | "bytes" | "ms" | "MB" | "%";
  /** Why this goal, when it is ours rather than the spec's. */
  note?: string;
}

const MB = 1024 * 1024;
const KB = 1024;

export const GOALS: Goal[] = [
  {
    key: "engine_share_of_score_100k",
    what: "The engine's share of scoring 100,000 rows (evaluateTable's CPU time over scoreXlsxBytes')",
    op: "<=",
    target: 25,
    unit: "%",
    note: "SPEC §11 reports the engine's speed only to show it stays a small share of `score`'s time, with no micro-optimisation beyond that; a small share taken as at most a quarter. The first wave's throughput bars (≥ 1,000,000 rows/s numeric, ≥ 300,000 text) are no longer the spec's; the rows/s are listed under other figures",
  },
  {
    key: "cli_score_100k_ms",
    what: "`score` on 100,000 branches, whole process (issue 10)",
    op: "<=",
    target: 2500,
    unit: "ms",
    note: "one bench is one sample: this shared machine's speed drifts by up to a quarter within minutes, and issue 10 asks for the goal to hold reliably (README, Benchmarks)",
  },
  {
    key: "cli_peak_rss_mb_100k",
    what: "`score` peak memory (RSS), 100,000 branches (issue 10)",
    op: "<=",
    target: 500,
    unit: "MB",
  },
  {
    key: "cli_score_30_ms",
    what: "`score` of the 30-row example, end to end through `node scripts/cli.mjs` (what `npm run score` runs)",
    op: "<=",
    target: 500,
    unit: "ms",
  },
  {
    key: "syncs_100",
    what: "Office.js syncs per recompute, 100 rows",
    op: "<=",
    target: 3,
    aim: 2,
    unit: "syncs",
  },
  {
    key: "syncs_10k",
    what: "Office.js syncs per recompute, 10,000 rows",
    op: "<=",
    target: 3,
    aim: 2,
    unit: "syncs",
  },
  {
    key: "max_payload_bytes_50k",
    what: "Largest Office.js request per recompute, 50,000 rows (Excel on the web refuses > 5 MB)",
    op: "<=",
    target: 5 * MB,
    unit: "bytes",
  },
  {
    key: "taskpane_js_gzip_bytes",
    what: "Task pane's initial JavaScript, gzipped",
    op: "<=",
    target: 300 * KB,
    unit: "bytes",
  },
  {
    key: "taskpane_first_render_ms",
    what: "Task pane first render: navigation → detected table shown (headless Chromium, sample workbook, in-memory Excel)",
    op: "<=",
    target: 1000,
    unit: "ms",
    note: "our goal: the pane is usable within a second once Office.js is there (Office.js' own load and Excel's round trips are not in this figure)",
  },
];

/** What the other figures are, for the table of figures without a goal. */
const DESCRIPTIONS: Record<string, string> = {
  engine_rows_per_s_numeric: "engine throughput, numeric cells (rows/s, wall clock)",
  engine_rows_per_s_text: "engine throughput, typed-in text cells such as “18分”, “96%” (rows/s, wall clock)",
  engine_bench_rows: "rows per engine benchmark run",
  engine_bench_columns: "columns per engine benchmark row",
  engine_bench_flags_per_row: "flags per row in the engine benchmark's data",
  engine_rows_per_cpu_s_numeric:
    "engine rows per CPU-second, numeric cells (less sensitive to a busy machine)",
  engine_rows_per_cpu_s_text: "engine rows per CPU-second, text cells",
  engine_floor_rows_per_cpu_s: "a trivial evaluator's rows per CPU-second on the same table (the yardstick)",
  engine_share_of_score_10k:
    "the engine's share (%) of scoring a 10,000-row table: evaluateTable's CPU time over scoreXlsxBytes' (read, engine, records, plan, write) in one process",
  engine_share_of_score_100k: "the engine's share (%) of scoring a 100,000-row table, as above",
  engine_cpu_ms_10k: "evaluateTable on the 10,000-row table (CPU ms, median of 3)",
  engine_score_cpu_ms_10k: "scoreXlsxBytes on the 10,000-row table (CPU ms, median of 3)",
  engine_cpu_ms_100k: "evaluateTable on the 100,000-row table (CPU ms, one run)",
  engine_score_cpu_ms_100k: "scoreXlsxBytes on the 100,000-row table (CPU ms, one run)",
  cli_score_10k_ms: "`score` on 10,000 branches (ms, median)",
  cli_peak_rss_mb_10k: "`score` peak memory, 10,000 rows (MB)",
  cli_rescore_10000_ms: "`score` on its own output of 10,000 rows: a workbook scored again (ms, median)",
  cli_rescore_10000_mb: "peak memory scoring a 10,000-row output again (MB)",
  cli_rescore_100000_ms: "`score` on its own output of 100,000 rows: a workbook scored again (ms, median)",
  cli_rescore_100000_mb: "peak memory scoring a 100,000-row output again (MB)",
  syncs_50k: "Office.js syncs per recompute, 50,000 rows (the write may split by rows under the 5 MB limit)",
  syncs_rerun_10k: "syncs of a second recompute, 10,000 rows",
  syncs_rerun_50k: "syncs of a second recompute, 50,000 rows",
  max_payload_bytes_10k: "largest Office.js request, 10,000 rows",
  max_response_bytes_50k: "largest Office.js response, 50,000 rows",
  taskpane_js_files: "scripts taskpane.html loads (lazy chunks excluded)",
  taskpane_first_render_min_ms: "first render, fastest run (ms)",
  taskpane_first_render_max_ms: "first render, slowest run (ms)",
  taskpane_title_ms: "navigation → the pane's title shown (services loaded, workbook read) (ms, median)",
  taskpane_first_paint_spinner_ms: "navigation → the loading spinner shown (ms, median)",
  taskpane_first_render_runs: "runs behind the first-render median",
};

DESCRIPTIONS.max_payload_bytes_100k =
  "largest Office.js request, 100,000 rows (plain, filtered or with 600 merged areas; recompute or re-run)";
DESCRIPTIONS.office_bench_ms = "time the Office.js matrix took (ms, wall clock on the shared machine)";

const VARIANTS: Array<[string, string]> = [
  ["plain", "plain"],
  ["filtered", "filtered (every third row hidden)"],
  ["merges", "600 merged areas"],
];
const ROW_LABELS: Array<[string, string]> = [
  ["100", "100"],
  ["10k", "10,000"],
  ["50k", "50,000"],
  ["100k", "100,000"],
];

function bytesCell(value: unknown): string {
  return typeof value === "number" ? `${grouped(value / MB, 2)} MB` : "—";
}
function countCell(value: unknown): string {
  return typeof value === "number" ? grouped(value) : "—";
}

/** bench/office.bench.ts's matrix: office_<variant>_<rows>_<measure> as one table. */
function officeMatrix(results: BenchResults): string[] {
  if (!Object.keys(results).some((k) => /^office_(plain|filtered|merges)_/.test(k))) return [];
  const lines = [
    "## Office.js requests as office.js sends them · Office.js 请求实测",
    "",
    "Requests serialised by Microsoft's own `excel-web-16.00.js` and answered by the emulated host (ExcelApi 1.17); Excel on the web refuses a request or response over 5 MB. A recompute on the sample table, then a re-run on the workbook it left. MB = 1,048,576 bytes.",
    "",
    "| rows | sheet | recompute: syncs | recompute: largest request | re-run: syncs | re-run: largest request | largest response |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const [rows, rowsText] of ROW_LABELS)
    for (const [variant, variantText] of VARIANTS) {
      const key = `office_${variant}_${rows}`;
      if (!(`${key}_syncs` in results)) continue;
      lines.push(
        `| ${rowsText} | ${variantText} | ${countCell(results[`${key}_syncs`])} | ${bytesCell(results[`${key}_max_request_bytes`])} | ${countCell(results[`${key}_rerun_syncs`])} | ${bytesCell(results[`${key}_rerun_max_request_bytes`])} | ${bytesCell(results[`${key}_max_response_bytes`])} |`,
      );
    }
  lines.push("");
  const levels = ROW_LABELS.filter(([rows]) => `office_api7_${rows}_syncs` in results);
  if (levels.length > 0) {
    lines.push(
      "The print-ready write at ExcelApi 1.7 (Excel 2016: no `copyFrom`, so one more sync loads the source cells' formats and each copy sets them) against 1.17, a recompute of the plain table:",
      "",
      "| rows | ExcelApi | syncs | largest request | all requests | all responses |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const [rows, rowsText] of levels)
      for (const level of [7, 17]) {
        const key = `office_api${level}_${rows}`;
        lines.push(
          `| ${rowsText} | 1.${level} | ${countCell(results[`${key}_syncs`])} | ${bytesCell(results[`${key}_max_request_bytes`])} | ${bytesCell(results[`${key}_request_bytes`])} | ${bytesCell(results[`${key}_response_bytes`])} |`,
        );
      }
    lines.push("");
  }
  return lines;
}

const HIDDEN = new Set(["machine", "updated"]);

function grouped(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function format(value: number, unit: Goal["unit"] | "bytes?"): string {
  switch (unit) {
    case "rows/s":
      return `${grouped(value)} rows/s`;
    case "ratio":
      return `${grouped(value, 2)}×`;
    case "syncs":
      return grouped(value);
    case "bytes":
      return value >= MB
        ? `${grouped(value / MB, 2)} MB (${grouped(value)} B)`
        : `${grouped(value / KB, 1)} KB (${grouped(value)} B)`;
    case "ms":
      return `${grouped(value)} ms`;
    case "MB":
      return `${grouped(value)} MB`;
    case "%":
      return `${grouped(value, 1)}%`;
    default:
      return grouped(value, 3);
  }
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function figureText(key: string, value: unknown): string {
  if (typeof value === "number") return /bytes/.test(key) ? format(value, "bytes") : grouped(value, 3);
  return typeof value === "string" ? `\`${value}\`` : JSON.stringify(value);
}

export function passes(goal: Goal, value: number): boolean {
  return goal.op === "<=" ? value <= goal.target : value >= goal.target;
}

export interface RenderOptions {
  /** os.loadavg() when the run ended: how busy the shared machine was. */
  loadAverage?: number[];
}

const PEERS: [string, string][] = [
  ["score", "`score`"],
  ["exceljs_stream", "ExcelJS stream reader/writer"],
  ["sheetjs", "SheetJS (`xlsx`)"],
  ["openpyxl", "openpyxl read-only/write-only"],
  ["floor", "floor: unzip + scan once"],
];

/** bench/cli.bench.ts's side-by-side runs: time and peak memory per size, and each ÷ `score`. */
function sideBySide(results: BenchResults): string[] {
  const sizes = [
    ...new Set(
      Object.keys(results)
        .map((k) => /^side_(\d+)_/.exec(k)?.[1])
        .filter((x): x is string => x !== undefined),
    ),
  ].sort((a, b) => Number(a) - Number(b));
  if (sizes.length === 0) return [];
  const lines = [
    "## `score` side by side · 与常用库对比",
    "",
    "Each contender does the least a user's own script would: read the table, total and tier per branch, write the rows with two result columns and a small summary, save (bench/peers/). One process per run, wall time and peak RSS from `/usr/bin/time`; medians of three rounds at 10,000 and 100,000 rows (the largest peak), one run above. In brackets: the contender's time ÷ `score`'s.",
    "",
    `| branches | ${PEERS.map(([, name]) => name).join(" | ")} |`,
    `| --- | ${PEERS.map(() => "---").join(" | ")} |`,
  ];
  for (const size of sizes) {
    const scoreMs = results[`side_${size}_score_ms`];
    const cells = PEERS.map(([id]) => {
      const ms = results[`side_${size}_${id}_ms`];
      const mb = results[`side_${size}_${id}_mb`];
      const status = results[`side_${size}_${id}_status`];
      if (typeof ms !== "number") return typeof status === "string" ? escapeCell(status) : "—";
      const ratio = typeof scoreMs === "number" && id !== "score" ? ` (${grouped(ms / scoreMs, 2)}×)` : "";
      return `${grouped(ms / 1000, 2)} s / ${grouped(Number(mb))} MB${ratio}`;
    });
    lines.push(`| ${grouped(Number(size))} | ${cells.join(" | ")} |`);
  }
  lines.push("");
  return lines;
}

/** The Markdown page for these results. */
export function renderBenchmarks(results: BenchResults, options: RenderOptions = {}): string {
  const lines: string[] = [];
  const machine = (results.machine ?? {}) as Record<string, Figure>;
  const updated = typeof results.updated === "string" ? results.updated : "unknown";
  lines.push("# Benchmarks · 性能基准");
  lines.push("");
  lines.push(
    "Generated by `npm run bench` (bench/run.ts → bench/report.ts) from `bench/results.json`; do not edit by hand.",
  );
  lines.push("由 `npm run bench` 自动生成，请勿手工修改。");
  lines.push("");
  lines.push(
    `Last updated: ${updated}. A partial run (\`npm run bench -- <name>\`) updates only its own figures; the others are kept from earlier runs.`,
  );
  lines.push("");

  let failed = 0;
  let missing = 0;
  lines.push("## Goals · 目标");
  lines.push("");
  lines.push("| figure | measured | goal | result |");
  lines.push("| --- | --- | --- | --- |");
  for (const goal of GOALS) {
    const value = results[goal.key];
    const bar = `${goal.op === "<=" ? "≤" : "≥"} ${format(goal.target, goal.unit)}${goal.aim !== undefined ? ` (aim ${format(goal.aim, goal.unit)})` : ""}`;
    let measured: string;
    let verdict: string;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      measured = "not measured";
      verdict = "— not measured · 未测";
      missing++;
    } else {
      measured = format(value, goal.unit);
      const ok = passes(goal, value);
      if (!ok) failed++;
      const aimed =
        goal.aim !== undefined && ok && (goal.op === "<=" ? value <= goal.aim : value >= goal.aim);
      verdict = ok ? (aimed ? "✅ pass · 达标 (aim met)" : "✅ pass · 达标") : "❌ fail · 未达标";
    }
    lines.push(`| \`${goal.key}\` — ${escapeCell(goal.what)} | ${measured} | ${bar} | ${verdict} |`);
  }
  lines.push("");
  lines.push(
    `${GOALS.length - failed - missing} of ${GOALS.length} goals met` +
      (failed ? `, ${failed} missed` : "") +
      (missing ? `, ${missing} not measured` : "") +
      ".",
  );
  const notes = GOALS.filter((g) => g.note);
  if (notes.length > 0) {
    lines.push("");
    for (const g of notes) lines.push(`- \`${g.key}\`: ${g.note}.`);
  }
  lines.push("");

  lines.push(...sideBySide(results));
  lines.push(...officeMatrix(results));
  const goalKeys = new Set(GOALS.map((g) => g.key));
  const others = Object.keys(results)
    .filter(
      (k) =>
        !goalKeys.has(k) &&
        !HIDDEN.has(k) &&
        !k.startsWith("side_") &&
        !/^office_(plain|filtered|merges|api\d+)_/.test(k),
    )
    .sort();
  if (others.length > 0) {
    lines.push("## Other figures · 其他数据");
    lines.push("");
    lines.push("| figure | value | what it is |");
    lines.push("| --- | --- | --- |");
    for (const key of others)
      lines.push(
        `| \`${key}\` | ${escapeCell(figureText(key, results[key]))} | ${escapeCell(DESCRIPTIONS[key] ?? "")} |`,
      );
    lines.push("");
  }

  lines.push("## Machine · 运行环境");
  lines.push("");
  const machineRows: [string, Figure | undefined][] = [
    ["CPU", machine.cpu],
    ["cores", machine.cores],
    ["memory (GiB)", machine.memoryGiB],
    ["Node.js", machine.node],
    ["OS", machine.os],
    ["load average (1 min) when the machine was recorded", machine.loadAverage1m],
  ];
  for (const [label, value] of machineRows) if (value !== undefined) lines.push(`- ${label}: ${value}`);
  lines.push("- Browser (task pane figures): Debian Chromium, headless, driven by playwright-core");
  if (options.loadAverage && options.loadAverage.length === 3)
    lines.push(
      `- Load average when the run ended (1, 5, 15 min): ${options.loadAverage.map((n) => n.toFixed(2)).join(", ")}`,
    );
  lines.push("");
  lines.push(
    "The machine is shared: other builds and test runs were using the same 2 cores while these figures were taken, so timings are pessimistic and vary from run to run (medians of several runs are reported where noted). " +
      "本机为多人共用的 2 核机器，测量时有其他构建和测试同时运行，耗时数据偏保守、各次之间有波动。",
  );
  lines.push("");

  lines.push("## Reproduce · 复现");
  lines.push("");
  lines.push("```sh");
  lines.push("npm install");
  lines.push("npm run bench              # every bench/*.bench.ts, then this page");
  lines.push("npm run bench -- taskpane  # only the modules whose file name contains “taskpane”");
  lines.push("```");
  lines.push("");
  lines.push(
    "Each bench/*.bench.ts module measures its figures; bench/run.ts merges them into `bench/results.json` (keeping figures of modules not run) with the machine, then writes this page. " +
      "The Office.js figures are requests serialised by Microsoft's own office.js (`excel-web-16.00.js`, loaded unchanged in jsdom) and answered by the emulated host over the in-memory Excel of the tests (`tests/support/office-host/`, `tests/support/fake-excel.ts`): syncs and bytes as the library sends them; " +
      "the task pane figures build `dist/` if it is missing or older than `src/`, and need Chromium at `/usr/bin/chromium` (or `CHROMIUM_PATH`).",
  );
  lines.push("");
  return lines.join("\n");
}

/** Reads the results and writes BENCHMARKS.md beside the repository root; returns the path written. */
export function writeBenchmarks(
  resultsPath: string = path.join(__dirname, "results.json"),
  outPath: string = path.join(__dirname, "..", "BENCHMARKS.md"),
  options: RenderOptions = {},
): string {
  const results = JSON.parse(readFileSync(resultsPath, "utf8")) as BenchResults;
  writeFileSync(outPath, renderBenchmarks(results, options));
  return outPath;
}

if (require.main === module) {
  console.error(`wrote ${writeBenchmarks()}`);
}
