#!/usr/bin/env node
/**
 * Runs the command line from a prebuilt bundle (dist-cli/cli.cjs, a loader of cli-main.cjs), building it first with esbuild
 * when it is missing or older than any source file, package.json or this script. Compiling
 * TypeScript at every start (tsx) took ~1 s of a 30-row run; the bundle starts in ~0.1–0.2 s.
 * No install hook is needed: `npm install && npm run score` builds it on first use.
 *
 *   node scripts/cli.mjs <cli arguments…>      build if stale, then run
 *   node scripts/cli.mjs --build-only          build if stale, run nothing
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// What runs: a small loader (scripts/cli-loader.cjs) that compiles the bundle, cli-main.cjs, with
// V8's code cache (cli-main.cjs.cache, made here after the build by scoring an example once).
const bundle = path.join(root, "dist-cli", "cli.cjs");
const loaderSource = path.join(root, "scripts", "cli-loader.cjs");
const mainBundle = path.join(root, "dist-cli", "cli-main.cjs");
// The deflate worker's own small bundle, started by the CLI beside it (src/xlsx/node-deflate.ts).
const workerBundle = path.join(root, "dist-cli", "deflate-worker.cjs");
// The loader's early inflate of the input's largest sheet, its own small bundle (src/cli/early-inflate.ts).
const earlyBundle = path.join(root, "dist-cli", "early-inflate.cjs");

/** The newest modification time among the files the bundle is built from. */
function newestSource() {
  let newest = Math.max(
    statSync(path.join(root, "package.json")).mtimeMs,
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
    statSync(loaderSource).mtimeMs,
  );
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|json)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(path.join(root, "src"));
  return newest;
}

/**
 * The bundle's text with every non-ASCII character written as a \u escape (esbuild leaves them in
 * regular expressions and kept comments): V8 then holds the source as one byte a character, and
 * each run reads and hashes half as much (~10 ms of a 30-row run). The escape means the same
 * character in a string, template, regular expression, identifier or comment; only String.raw
 * would see it differently, so a bundle using it with such text is refused.
 */
function asciiOnly(text) {
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (escaped !== text && /String\.raw/.test(text))
    throw new Error("cli.mjs: String.raw with non-ASCII text in the bundle");
  return escaped;
}

async function buildIfStale() {
  const built = [bundle, mainBundle, workerBundle, earlyBundle].every((file) => existsSync(file));
  if (built && statSync(bundle).mtimeMs >= newestSource()) return;
  const esbuild = await import("esbuild");
  const options = {
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // ExcelJS and JSZip stay in node_modules, loaded on first use (src/xlsx/lazy.ts): parsing and
    // initialising them at every start cost ~0.6 s; only templates and the writer fallback need them.
    external: ["exceljs", "jszip"],
    // …by require, not import(): the loader compiles the bundle with vm.Script (for its code cache),
    // where import() needs an experimental loader option and is lost with a cache (Node 20).
    supported: { "dynamic-import": false },
    legalComments: "none",
    logLevel: "warning",
    write: false,
  };
  const [cli, worker, early] = await Promise.all([
    esbuild.build({
      ...options,
      entryPoints: [path.join(root, "src", "cli", "main.ts")],
      outfile: mainBundle,
    }),
    esbuild.build({
      ...options,
      entryPoints: [path.join(root, "src", "xlsx", "node-deflate-worker.ts")],
      outfile: workerBundle,
    }),
    esbuild.build({
      ...options,
      entryPoints: [path.join(root, "src", "cli", "early-inflate.ts")],
      outfile: earlyBundle,
    }),
  ]);
  // Written aside and renamed, so that a run started meanwhile never loads half a bundle; the
  // loader last, as its time is what says the build is current.
  mkdirSync(path.dirname(bundle), { recursive: true });
  for (const [file, result] of [
    [workerBundle, worker],
    [earlyBundle, early],
    [mainBundle, cli],
  ]) {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, asciiOnly(result.outputFiles[0].text));
    renameSync(temp, file);
  }
  const temp = `${bundle}.${process.pid}.tmp`;
  copyFileSync(loaderSource, temp);
  renameSync(temp, bundle);
  writeCodeCache();
}

/**
 * V8's code cache for the bundle, from one run scoring the 30-row example (so that the functions a
 * run compiles are in it). Without it, or if the run fails, the bundle is compiled at each start.
 */
function writeCodeCache() {
  let dir = "";
  try {
    dir = mkdtempSync(path.join(os.tmpdir(), "cli-code-cache-"));
    const cache = path.join(dir, "cache");
    const example = path.join(root, "examples", "service-org.xlsx");
    const run = spawnSync(process.execPath, [bundle, "score", example, "-o", path.join(dir, "out.xlsx")], {
      env: { ...process.env, STAR_CODE_CACHE_OUT: cache },
      stdio: "ignore",
    });
    if (run.status !== 0 || !existsSync(cache)) return;
    const temp = `${mainBundle}.cache.${process.pid}.tmp`;
    copyFileSync(cache, temp);
    renameSync(temp, `${mainBundle}.cache`);
  } catch {
    // Optional: no temporary folder or a read-only dist-cli only costs the compile at each start.
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await buildIfStale();
if (!process.argv.includes("--build-only")) createRequire(import.meta.url)(bundle);
