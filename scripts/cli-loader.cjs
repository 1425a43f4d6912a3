"use strict";
/**
 * dist-cli/cli.cjs (copied there by scripts/cli.mjs): runs the CLI's bundle, cli-main.cjs beside it,
 * with the V8 code cache scripts/cli.mjs made when it built the bundle. Compiling the 1.6 MB bundle
 * took ~50–80 ms of every run (~15% of a 30-row one). V8 checks that a cache belongs to this source
 * and this Node; one that does not, or none, only means the bundle is compiled as usual.
 * STAR_CODE_CACHE_OUT=<file>: write the cache there when the run ends (the build's warm-up run).
 */
const fs = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");
const Module = require("node:module");

/**
 * V8 lets a sample of the first collections decide that some places in the code make objects that
 * live long, and makes their objects in the old generation from then on. At 100,000 rows it picked,
 * in about one run in three, places whose objects die as soon as their row is rated: the old
 * generation then filled with ~8 MB of garbage per 20 MB allocated, and a full collection of a
 * ~200 MB heap came near the end (+0.4 to 1 s, +60 MB; docs/xlsx-round-trip.md, "Scale"). Without
 * that guess every run is like the good ones. It only changes where V8 puts new objects, never a
 * value; set before the bundle is compiled (the code cache is made with it set too).
 */
v8.setFlagsFromString("--no-allocation-site-pretenuring");

const file = path.join(__dirname, "cli-main.cjs");

function cachedData() {
  try {
    return fs.readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
}

function run() {
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), {
    filename: file,
    cachedData: cachedData(),
  });
  const out = process.env.STAR_CODE_CACHE_OUT;
  // After the run, so the functions it compiled are in the cache too.
  if (out) process.once("exit", () => fs.writeFileSync(out, script.createCachedData()));
  const bundle = new Module(file, module);
  bundle.filename = file;
  script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, __dirname);
}

/**
 * `score`'s largest sheet starts inflating on another thread before the bundle is compiled and
 * loaded (src/cli/early-inflate.ts, its own small bundle): both took the main thread in turn.
 */
function startEarlyInflate() {
  try {
    require(path.join(__dirname, "early-inflate.cjs")).startEarlyInflate(process.argv.slice(2));
  } catch {
    // An optimisation only: without it the sheet is inflated when it is read.
  }
}

startEarlyInflate();
run();
