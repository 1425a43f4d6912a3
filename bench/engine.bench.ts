/**
 * Engine throughput: `evaluateTable` on service-org rows with EVERY optional column present,
 * cells as numbers (engine_rows_per_s_numeric) and as typed-in text like "18分", "96%"
 * (engine_rows_per_s_text). Medians of several timed runs after warm-up; the rows-per-CPU-second
 * figures count this process's CPU time only, which a busy machine disturbs less.
 *
 * And the engine's share of `score` (engine_share_of_score_10k/_100k): the CPU time of
 * `evaluateTable` on a table as a share of the CPU time of scoring that table's .xlsx bytes in
 * this process (scoreXlsxBytes: read, layout, engine, records, plan, write; what the CLI runs
 * between reading and writing the file), on bench/table.ts's branch tables.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { evaluateTable, getPreset } from "../src/engine";
import type { InputRow, InputTable, MappedField, RawCell } from "../src/engine/types";
import { SETTINGS_SHEET, toInputTable } from "../src/workbook";
import { XlsxAdapter, openXlsxBytes } from "../src/xlsx";
import { scoreXlsxBytes } from "../src/xlsx/score-bytes";
import { writeBranchTable } from "./table";

// A large real sheet: the spec benchmarks recompute at 100, 10,000 and 50,000 rows.
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = 21;
const WARMUP = 5;

const FIELD_IDS = [
  "name",
  "group",
  "system",
  "team",
  "mechanism",
  "support",
  "performance",
  "satisfaction",
  "selfScore",
  "classification",
  "veto",
  "vetoReason",
  "priorStars",
  "declaredStars",
  "remark",
];

/** Deterministic pseudo-random numbers (mulberry32), so every run scores the same rows. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CN_STARS = ["无星", "一星级", "二星级", "三星级", "四星级", "五星级"];

export function makeTable(text: boolean): InputTable {
  const rand = prng(text ? 2 : 1);
  const fields: Record<string, MappedField> = {};
  FIELD_IDS.forEach((id, i) => (fields[id] = { column: String.fromCharCode(66 + i), header: id }));
  const rows: InputRow[] = [];
  for (let r = 0; r < ROWS; r++) {
    // Realistic sheets: most rows are clean; a few self-score higher, jump tiers, mismatch or are vetoed.
    const score = () => Math.round((15 + rand() * 5) * 2) / 2;
    const crit = [score(), score(), score(), score(), score()];
    const sum = crit.reduce((a, b) => a + b, 0);
    const sat = Math.round(94 + rand() * 6);
    const stars = sum >= 95 ? 5 : sum >= 90 ? 4 : sum >= 80 ? 3 : sum >= 70 ? 2 : sum >= 60 ? 1 : 0;
    const prior = rand() < 0.05 ? Math.max(0, stars - 2) : Math.max(0, stars - (rand() < 0.3 ? 1 : 0));
    const declared = rand() < 0.1 ? Math.min(5, stars + 1) : stars;
    const self = Math.round(rand() < 0.1 ? sum + 2 : sum - rand() * 3);
    const klass = stars >= 3 ? "先进" : stars >= 1 ? "一般" : "后进";
    const vetoed = rand() < 0.01;
    const cells: Record<string, RawCell> = text
      ? {
          name: `第${r + 1}党支部`,
          group: `机关党委${r % 40}`,
          system: `${crit[0]}分`,
          team: `${crit[1]}分`,
          mechanism: ` ${crit[2]} `,
          support: `${crit[3]}分`,
          performance: `${crit[4]}`,
          satisfaction: `${sat}%`,
          selfScore: `${self}分`,
          classification: klass,
          veto: vetoed ? "是" : "否",
          vetoReason: vetoed ? "违反廉洁纪律" : "",
          priorStars: CN_STARS[prior]!,
          declaredStars: CN_STARS[declared]!,
          remark: r % 7 === 0 ? "整改中" : "",
        }
      : {
          name: `第${r + 1}党支部`,
          group: `机关党委${r % 40}`,
          system: crit[0]!,
          team: crit[1]!,
          mechanism: crit[2]!,
          support: crit[3]!,
          performance: crit[4]!,
          satisfaction: sat / 100,
          selfScore: self,
          classification: klass,
          veto: vetoed,
          vetoReason: vetoed ? "违反廉洁纪律" : null,
          priorStars: prior,
          declaredStars: declared,
          remark: null,
        };
    rows.push({ row: r + 3, cells });
  }
  return { fields, rows };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Measured {
  /** Median rows/s by wall-clock time. */
  rate: number;
  /** Median rows/s by this process's CPU time: steadier when others share the machine. */
  cpuRate: number;
  flagsPerRow: number;
}

type Evaluate = (table: InputTable) => { rows: { flags: unknown[] }[] };

const rubric = getPreset("service-org")!;
const engine: Evaluate = (table) => evaluateTable(rubric, table);

/**
 * A yardstick, not the engine: read every mapped cell by field id and allocate a result object and a
 * values object of the same shape, with no parsing, rules or text. The gap between this and the
 * engine is the engine's own work; this itself bounds what any engine with this data contract can do.
 */
const floor: Evaluate = (table) => {
  const ids = Object.keys(table.fields);
  const rows = new Array<{ flags: unknown[] }>(table.rows.length);
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const values: Record<string, RawCell> = {};
    for (const id of ids) {
      const v = row.cells[id];
      if (v !== null && v !== undefined && v !== "") values[id] = v;
    }
    rows[r] = {
      row: row.row,
      name: values.name,
      group: null,
      rated: true,
      total: 90,
      stars: 4,
      tier: "四星级",
      eligibility: "可评先进",
      flags: [],
      explanation: "总分90.00 → 四星级",
      values,
    } as { flags: unknown[] };
  }
  return { rows };
};

function measure(table: InputTable, evaluate: Evaluate = engine): Measured {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let sink = 0;
  let flags = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const ev = evaluate(table);
    const ns = Number(process.hrtime.bigint() - t0);
    const cpu = process.cpuUsage(cpu0);
    sink += ev.rows.length;
    flags = ev.rows.reduce((n, r) => n + r.flags.length, 0);
    if (i >= WARMUP) {
      rates.push(table.rows.length / (ns / 1e9));
      cpuRates.push(table.rows.length / ((cpu.user + cpu.system) / 1e6));
    }
  }
  if (sink !== (WARMUP + RUNS) * table.rows.length) throw new Error("evaluateTable lost rows");
  return {
    rate: Math.round(median(rates)),
    cpuRate: Math.round(median(cpuRates)),
    flagsPerRow: Math.round((flags / table.rows.length) * 1000) / 1000,
  };
}

/** CPU milliseconds of one call, by this process's CPU time. */
async function cpuMs(work: () => Promise<unknown> | unknown): Promise<number> {
  const cpu0 = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000;
}

interface Share {
  /** evaluateTable's CPU time over scoreXlsxBytes' on the same table. */
  share: number;
  scoreMs: number;
  engineMs: number;
}

/** The engine's share of scoring a branch table of `rows` rows (medians of `runs` runs each). */
async function shareOfScore(rows: number, runs: number): Promise<Share> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "engine-share-"));
  try {
    const file = path.join(dir, `branches-${rows}.xlsx`);
    await writeBranchTable(file, rows);
    const bytes = new Uint8Array(readFileSync(file));
    const options = { input: file, output: "scored.xlsx", recompute: { now: new Date(0) } };
    const scoreMs: number[] = [];
    const score = () => scoreXlsxBytes(bytes, options);
    for (let i = 1; i < runs; i++) scoreMs.push(await cpuMs(score));
    const cpu0 = process.cpuUsage();
    const scored = await score();
    const cpu = process.cpuUsage(cpu0);
    scoreMs.push((cpu.user + cpu.system) / 1000);
    if (!scored.ok) throw new Error(`scoring the ${rows}-row table failed`);
    const { result } = scored;
    // The table the engine was given: the scored sheet read again, mapped by the run's own layout.
    const snapshot = await new XlsxAdapter(await openXlsxBytes(bytes, file)).read({
      sheet: result.sheet,
      settingsSheet: SETTINGS_SHEET,
    });
    const table = toInputTable(snapshot.sheet, result.layout);
    const engineMs: number[] = [];
    for (let i = 0; i < runs; i++) engineMs.push(await cpuMs(() => evaluateTable(result.rubric, table)));
    const scoreMedian = median(scoreMs);
    const engine = median(engineMs);
    return {
      share: Math.round((engine / scoreMedian) * 1000) / 10,
      scoreMs: Math.round(scoreMedian),
      engineMs: Math.round(engine),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const numeric = measure(makeTable(false));
  const text = measure(makeTable(true));
  const yardstick = measure(makeTable(false), floor);
  const share10k = await shareOfScore(10_000, 3);
  const share100k = await shareOfScore(100_000, 1);
  return {
    engine_share_of_score_10k: share10k.share,
    engine_share_of_score_100k: share100k.share,
    engine_cpu_ms_10k: share10k.engineMs,
    engine_score_cpu_ms_10k: share10k.scoreMs,
    engine_cpu_ms_100k: share100k.engineMs,
    engine_score_cpu_ms_100k: share100k.scoreMs,
    engine_rows_per_s_numeric: numeric.rate,
    engine_rows_per_s_text: text.rate,
    engine_rows_per_cpu_s_numeric: numeric.cpuRate,
    engine_rows_per_cpu_s_text: text.cpuRate,
    engine_floor_rows_per_cpu_s: yardstick.cpuRate,
    engine_bench_flags_per_row: numeric.flagsPerRow,
    engine_bench_rows: ROWS,
    engine_bench_columns: FIELD_IDS.length,
  };
}
