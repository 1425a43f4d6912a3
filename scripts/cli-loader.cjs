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
const vm = require("node:vm");
const Module = require("node:module");

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
