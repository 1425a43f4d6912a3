/**
 * Benchmark runner (`npm run bench [-- filter…]`): runs every bench/*.bench.ts module in name order
 * (or those whose name contains a filter), merges their numbers into bench/results.json — keeping
 * keys of modules that were not run — with the machine they ran on, and prints a table.
 * Each module exports `run(): Promise<Record<string, number | string>>`.
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeBenchmarks } from "./report";

type BenchResult = Record<string, number | string>;
interface BenchModule {
  run: () => Promise<BenchResult>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsPath = path.join(here, "results.json");

function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    // Others may share the machine: a high load makes wall-clock rates a fraction of CPU-time ones.
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

function readPrevious(): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(resultsPath, "utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function isBenchModule(m: unknown): m is BenchModule {
  return typeof m === "object" && m !== null && typeof (m as { run?: unknown }).run === "function";
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((a) => a !== "--");
  const files = readdirSync(here)
    .filter((f) => f.endsWith(".bench.ts"))
    .sort()
    .filter((f) => filters.length === 0 || filters.some((flt) => f.includes(flt)));
  if (files.length === 0) {
    console.error(`没有匹配的基准测试 / no bench modules match: ${filters.join(" ") || "(none found)"}`);
    process.exitCode = 2;
    return;
  }
  const merged: Record<string, unknown> = { ...readPrevious() };
  const rows: [string, string, string][] = [];
  let failed = false;
  for (const file of files) {
    const mod: unknown = await import(pathToFileURL(path.join(here, file)).href);
    if (!isBenchModule(mod)) {
      console.error(`${file}: 没有导出 run() / does not export run()`);
      failed = true;
      continue;
    }
    const started = Date.now();
    try {
      const result = await mod.run();
      for (const [k, v] of Object.entries(result)) {
        merged[k] = v;
        rows.push([
          file,
          k,
          typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 3 }) : v,
        ]);
      }
      console.error(`${file}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (err) {
      failed = true;
      console.error(
        `${file}: 失败 / failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }
  merged.machine = machine();
  merged.updated = new Date().toISOString();
  const sorted = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((k) => [k, merged[k]]),
  );
  writeFileSync(resultsPath, JSON.stringify(sorted, null, 2) + "\n");
  console.error(`已写入 / wrote ${writeBenchmarks(resultsPath, undefined, { loadAverage: os.loadavg() })}`);

  const w0 = Math.max(6, ...rows.map((r) => r[0].length));
  const w1 = Math.max(3, ...rows.map((r) => r[1].length));
  console.log(`${"module".padEnd(w0)}  ${"key".padEnd(w1)}  value`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
  const m = merged.machine as Record<string, unknown>;
  console.log(
    `machine: ${String(m.cpu)}, ${String(m.cores)} cores, ${String(m.memoryGiB)} GiB, node ${String(m.node)}, ${String(m.os)}`,
  );
  if (failed) process.exitCode = 1;
}

void main();
