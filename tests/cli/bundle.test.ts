/**
 * The built command line (scripts/cli.mjs): dist-cli/cli.cjs is a loader (scripts/cli-loader.cjs)
 * that compiles the bundle with the V8 code cache made at build time. The cache must be one V8
 * takes, and a run must give the same file with it, without it and in this process.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Module } from "node:module";
import { writeBranchTable } from "../../bench/table";
import { takeEarlyInput } from "../../src/cli/early-inflate";
import { CLI_EPOCH, cli, tempDirForTests } from "../support/cli-run";

const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist-cli");
const EXAMPLE = path.join(ROOT, "examples", "service-org.xlsx");
const tempDir = tempDirForTests("cli-bundle-");

beforeAll(() => {
  const build = spawnSync(process.execPath, ["scripts/cli.mjs", "--build-only"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(build.status).toBe(0);
}, 120_000);

function runLoader(loader: string, argv: string[]) {
  return spawnSync(process.execPath, [loader, ...argv], {
    env: { ...process.env, SOURCE_DATE_EPOCH: CLI_EPOCH },
    encoding: "utf8",
  });
}

/** The V8 flags the loader sets before it compiles the bundle (a code cache is made for them). */
function loaderFlags(): string {
  const set = /v8\.setFlagsFromString\("([^"]+)"\)/.exec(readFileSync(path.join(DIST, "cli.cjs"), "utf8"));
  return set?.[1] ?? "";
}

test("the build leaves a code cache that V8 accepts for the bundle, with the loader's V8 flags", () => {
  expect(loaderFlags()).toBe("--no-allocation-site-pretenuring");
  const bundle = path.join(DIST, "cli-main.cjs");
  const check = `
    require("node:v8").setFlagsFromString(${JSON.stringify(loaderFlags())});
    const { readFileSync } = require("node:fs");
    const script = new (require("node:vm").Script)(require("node:module").wrap(readFileSync(process.argv[1], "utf8")), {
      filename: process.argv[1],
      cachedData: readFileSync(process.argv[1] + ".cache"),
    });
    process.stdout.write(String(script.cachedDataRejected));`;
  const run = spawnSync(process.execPath, ["-e", check, bundle], { encoding: "utf8" });
  expect(run.stdout).toBe("false");
});

test("the bundles are ASCII (non-ASCII text escaped), so V8 holds their source one byte a character", () => {
  for (const name of ["cli-main.cjs", "deflate-worker.cjs", "early-inflate.cjs"]) {
    const bytes = readFileSync(path.join(DIST, name));
    expect({ name, ascii: bytes.every((b) => b < 0x80) }).toEqual({ name, ascii: true });
  }
  // The escapes still mean the text: the Chinese messages come out as they are written.
  const ran = runLoader(path.join(DIST, "cli.cjs"), ["presets"]);
  expect(ran.stdout).toContain("五星级服务型党组织");
});

test("a score through the loader is the same file with the code cache, without it and in this process", async () => {
  const withCache = path.join(tempDir(), "with-cache.xlsx");
  const ran = runLoader(path.join(DIST, "cli.cjs"), ["score", EXAMPLE, "-o", withCache]);
  expect(ran.stderr).not.toMatch(/Error|Warning|程序错误/);
  expect(ran.stderr).toMatch(/已评定 27 个支部/);
  expect(ran.status).toBe(0);
  // The same three files in a folder of their own, without the cache (and without the early
  // inflate's bundle, which the loader does without).
  const bare = path.join(tempDir(), "bare");
  mkdirSync(bare);
  for (const name of ["cli.cjs", "cli-main.cjs", "deflate-worker.cjs"])
    copyFileSync(path.join(DIST, name), path.join(bare, name));
  expect(existsSync(path.join(bare, "cli-main.cjs.cache"))).toBe(false);
  const withoutCache = path.join(tempDir(), "without-cache.xlsx");
  expect(runLoader(path.join(bare, "cli.cjs"), ["score", EXAMPLE, "-o", withoutCache]).status).toBe(0);
  const inProcess = path.join(tempDir(), "in-process.xlsx");
  expect((await cli(["score", EXAMPLE, "-o", inProcess])).code).toBe(0);
  expect(readFileSync(withCache).equals(readFileSync(inProcess))).toBe(true);
  expect(readFileSync(withoutCache).equals(readFileSync(inProcess))).toBe(true);
}, 60_000);

test("the loaded bundle still loads ExcelJS on first use (a template)", () => {
  const out = path.join(tempDir(), "template.xlsx");
  const ran = runLoader(path.join(DIST, "cli.cjs"), ["template", "-o", out]);
  expect(ran.stderr).not.toMatch(/Error|Warning|程序错误/);
  expect(ran.stderr).toMatch(/已新建评分表/);
  expect(ran.status).toBe(0);
  expect(readFileSync(out).subarray(0, 2).toString("latin1")).toBe("PK");
});

test("the built command line ends only once its output is out: --json through a pipe is whole, and the exit code is the run's", () => {
  const out = path.join(tempDir(), "json.xlsx");
  const ran = runLoader(path.join(DIST, "cli.cjs"), ["score", EXAMPLE, "-o", out, "--json"]);
  expect(ran.status).toBe(0);
  const report = JSON.parse(ran.stdout) as { rows: unknown[] };
  expect(report.rows).toHaveLength(30);
  expect(ran.stderr).toMatch(/已写出/);
  const missing = runLoader(path.join(DIST, "cli.cjs"), ["score", path.join(tempDir(), "none.xlsx")]);
  expect(missing.status).toBe(3);
  expect(missing.stderr).toMatch(/找不到文件/);
});

function hasStart(
  value: unknown,
): value is { startEarlyInflate: (argv: string[], fromBytes?: number) => void } {
  return typeof value === "object" && value !== null && "startEarlyInflate" in value;
}

test("the loader's early inflate is handed to the bundle (one slot for both bundles)", async () => {
  // Loaded as the loader loads it, beside this process's own copy of the module.
  const early: unknown = Module.createRequire(__filename)(path.join(DIST, "early-inflate.cjs"));
  if (!hasStart(early)) throw new Error("early-inflate.cjs exports no startEarlyInflate");
  early.startEarlyInflate(["score", EXAMPLE], 1);
  const taken = await takeEarlyInput(EXAMPLE);
  expect(taken?.sheet?.data.length).toBeGreaterThan(0);
  expect(Buffer.from(taken!.bytes).equals(readFileSync(EXAMPLE))).toBe(true);
});

test("a sheet large enough to be inflated early scores to the same file as in this process", async () => {
  // ~5,000 rows: a sheet part over 1 MB (EARLY_INFLATE_FROM_BYTES).
  const input = path.join(tempDir(), "large.xlsx");
  await writeBranchTable(input, 5000);
  const viaLoader = path.join(tempDir(), "large-loader.xlsx");
  const ran = runLoader(path.join(DIST, "cli.cjs"), ["score", input, "-o", viaLoader]);
  expect(ran.stderr).toMatch(/共 5000 个支部行/);
  expect(ran.status).toBe(0);
  const inProcess = path.join(tempDir(), "large-in-process.xlsx");
  expect((await cli(["score", input, "-o", inProcess])).code).toBe(0);
  expect(readFileSync(viaLoader).equals(readFileSync(inProcess))).toBe(true);
}, 60_000);
