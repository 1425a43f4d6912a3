/**
 * The CLI's deflate worker (src/xlsx/node-deflate.ts): parts deflated in the worker thread are the
 * same bytes as parts deflated in this thread, parts that stay below FAST_DEFLATE_BYTES never
 * reach it, and a worker that cannot
 * start, crashes or stalls costs time, never the output. The worker runs from its bundle, built
 * here the way scripts/cli.mjs builds it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { build } from "esbuild";
import { writeBranchTable } from "../../bench/table";
import { DeflateWorker, useDeflateWorker } from "../../src/xlsx/node-deflate";
import { writeXlsxBytes } from "../../src/xlsx/adapter";
import { scoreXlsxBytes } from "../../src/xlsx/score-bytes";
import {
  BATCH_BYTES,
  FAST_DEFLATE_BYTES,
  PartWriter,
  prepareDeflate,
  usePartOffload,
  type PartOffload,
  type ZipEntry,
} from "../../src/xlsx/zip";
import { cli, tempDirForTests } from "../support/cli-run";

const ROOT = path.resolve(__dirname, "..", "..");
const tempDir = tempDirForTests("deflate-worker-");
let script = "";
let table = "";

beforeAll(async () => {
  script = path.join(tempDir(), "deflate-worker.cjs");
  await build({
    entryPoints: [path.join(ROOT, "src", "xlsx", "node-deflate-worker.ts")],
    outfile: script,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "warning",
  });
  // 16,000 branches: the scored sheet (~11 MB of XML) grows past FAST_DEFLATE_BYTES, so it is offloaded.
  table = path.join(tempDir(), "table.xlsx");
  await writeBranchTable(table, 16_000);
  // This thread's deflate as a package write makes it ready (src/xlsx/patch.ts); the worker's own.
  expect(await prepareDeflate()).toBe(true);
}, 120_000);

afterEach(() => usePartOffload(null));

/** Text written piece by piece: rows of a sheet, some Chinese (multi-byte in UTF-8). */
function rows(count: number, from = 0): string[] {
  return Array.from(
    { length: count },
    (_, k) =>
      `<row r="${k + from + 1}"><c r="A${k + from + 1}"><v>${(k * 7919) % 1000}</v></c>` +
      `<c r="B${k + from + 1}" t="inlineStr"><is><t>第${k % 97}党支部</t></is></c></row>`,
  );
}

async function written(pieces: readonly string[], offload: PartOffload | null): Promise<ZipEntry> {
  const out = new PartWriter("xl/worksheets/sheet1.xml", offload);
  for (const piece of pieces) out.write(piece);
  return out.finish();
}

/** An offload that counts the parts it was asked for. */
function counting(worker: DeflateWorker): { offload: PartOffload; opened: () => number } {
  let opened = 0;
  return {
    offload: () => {
      opened++;
      return worker.open();
    },
    opened: () => opened,
  };
}

function expectSameEntry(actual: ZipEntry, expected: ZipEntry): void {
  expect(actual.size).toBe(expected.size);
  expect(actual.crc).toBe(expected.crc);
  expect(actual.compressedSize).toBe(expected.compressedSize);
  expect(Buffer.from(actual.raw).equals(Buffer.from(expected.raw))).toBe(true);
}

describe("parts deflated in the worker", () => {
  const big = "第".repeat(400_000) + "x".repeat(300_000);
  test.each([
    ["rows of a sheet", () => rows(130_000)],
    [
      "pieces larger than a batch (multi-byte text) among rows",
      () => [...rows(20_000), big, "<b/>", ...rows(5_000, 20_000), big, big, big, big, big],
    ],
  ])(
    "a part past FAST_DEFLATE_BYTES (level 1), %s, gives the same entry in the worker as in this thread",
    async (_, make) => {
      const worker = new DeflateWorker(script);
      const { offload, opened } = counting(worker);
      const pieces = make();
      const inWorker = await written(pieces, offload);
      await worker.close();
      expect(opened()).toBe(1);
      expect(inWorker.size).toBeGreaterThan(FAST_DEFLATE_BYTES);
      expectSameEntry(inWorker, await written(pieces, null));
      expect(inflateRawSync(inWorker.raw).toString("utf8")).toBe(pieces.join(""));
    },
    60_000,
  );

  test("a second large part opened while the worker still holds the first waits behind it in the worker, the same bytes", async () => {
    const worker = new DeflateWorker(script);
    const first = new PartWriter("xl/worksheets/sheet1.xml", () => worker.open());
    for (const piece of rows(130_000)) first.write(piece);
    const firstEntry = first.finish();
    // The first part is with the worker (not yet deflated back) when the second passes the threshold.
    let secondAsked = 0;
    let secondGot: unknown = undefined;
    const second = new PartWriter("xl/worksheets/sheet2.xml", () => {
      secondAsked++;
      secondGot = worker.open();
      return secondGot as ReturnType<PartOffload>;
    });
    for (const piece of rows(130_000, 7)) second.write(piece);
    const secondEntry = second.finish();
    expect(secondAsked).toBe(1);
    expect(secondGot).not.toBeNull();
    expect(firstEntry).toBeInstanceOf(Promise);
    expect(secondEntry).toBeInstanceOf(Promise);
    expectSameEntry(await firstEntry, await written(rows(130_000), null));
    expectSameEntry(await secondEntry, await written(rows(130_000, 7), null));
    await worker.close();
  }, 60_000);

  test("the worker gives a writer's batch buffers back once it has their bytes, and the part's bytes are unchanged", async () => {
    const worker = new DeflateWorker(script);
    const stream = worker.open();
    if (!stream) throw new Error("the worker did not open a part");
    const text = rows(130_000).join("");
    const bytes = new TextEncoder().encode(text);
    const batches: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += BATCH_BYTES) {
      const batch = new Uint8Array(BATCH_BYTES);
      batch.set(bytes.subarray(at, at + BATCH_BYTES));
      batches.push(batch);
    }
    // As a writer hands them over: the last cut to its length, from the start of its buffer.
    const last = bytes.length % BATCH_BYTES;
    for (let i = 0; i < batches.length; i++)
      stream.write(i === batches.length - 1 && last > 0 ? batches[i].subarray(0, last) : batches[i]);
    // Bytes of their own (not a writer's buffer) stay in the worker.
    stream.write(new TextEncoder().encode("<!-- end -->"));
    const part = await stream.end();
    const spares: Uint8Array[] = [];
    for (let spare = stream.spare?.(); spare; spare = stream.spare?.()) spares.push(spare);
    await worker.close();
    expect(spares.length).toBe(batches.length);
    expect(spares.every((spare) => spare.byteLength === BATCH_BYTES)).toBe(true);
    expect(inflateRawSync(part.raw).toString("utf8")).toBe(text + "<!-- end -->");
  }, 60_000);

  test("a part expected past FAST_DEFLATE_BYTES (a patched sheet's source length) goes to the worker from its first bytes, the same entry", async () => {
    const worker = new DeflateWorker(script);
    let charsWhenAsked = -1;
    let chars = 0;
    const out = new PartWriter(
      "xl/worksheets/sheet1.xml",
      () => {
        charsWhenAsked = chars;
        return worker.open();
      },
      FAST_DEFLATE_BYTES + 1,
    );
    const pieces = rows(130_000);
    for (const piece of pieces) {
      out.write(piece);
      chars += piece.length;
    }
    const entry = await out.finish();
    await worker.close();
    expect(charsWhenAsked).toBeGreaterThan(0);
    expect(charsWhenAsked).toBeLessThan(2 * BATCH_BYTES);
    expectSameEntry(entry, await written(pieces, null));
  }, 60_000);

  test("parts that stay below FAST_DEFLATE_BYTES are deflated in this thread: the worker is never asked", async () => {
    const worker = new DeflateWorker(script);
    const { offload, opened } = counting(worker);
    const small = await written(rows(2_000), offload);
    const several = await written(rows(30_000), offload);
    const empty = await written([], offload);
    await worker.close();
    expect(opened()).toBe(0);
    expect(several.size).toBeLessThan(FAST_DEFLATE_BYTES);
    expectSameEntry(small, await written(rows(2_000), null));
    expectSameEntry(several, await written(rows(30_000), null));
    expect(inflateRawSync(empty.raw).length).toBe(0);
  });
});

describe("a scored workbook", () => {
  const fixedDate = new Date("2026-01-01T00:00:00Z");
  let inThread: Buffer;
  /** The scored file, written again (the package patched with the same plan) under each offload. */
  let score: () => Promise<Buffer>;
  beforeAll(async () => {
    const scored = await scoreXlsxBytes(readFileSync(table), {
      input: "table.xlsx",
      output: "out.xlsx",
      recompute: { now: fixedDate },
      write: { fixedDate },
    });
    if (!scored.ok) throw new Error(scored.error.text("en"));
    inThread = Buffer.from(scored.zip.bytes);
    const workbook = scored.adapter.workbook;
    score = async () => Buffer.from((await writeXlsxBytes(workbook, "out.xlsx", { fixedDate })).zip.bytes);
  }, 120_000);

  test("is written again the same in this thread (what the cases below compare with)", async () => {
    expect((await score()).equals(inThread)).toBe(true);
  }, 120_000);

  test("is the same bytes with its large sheets deflated in the worker", async () => {
    const worker = new DeflateWorker(script);
    const { offload, opened } = counting(worker);
    usePartOffload(offload);
    const bytes = await score();
    await worker.close();
    expect(opened()).toBeGreaterThanOrEqual(1);
    expect(bytes.equals(inThread)).toBe(true);
  }, 120_000);

  test("reading a sheet past half of FAST_DEFLATE_BYTES starts the worker before anything is written; the same bytes", async () => {
    const worker = new DeflateWorker(script);
    const { offload, opened } = counting(worker);
    let prestarted = 0;
    usePartOffload(offload, () => {
      prestarted++;
      worker.prestart();
    });
    const scored = await scoreXlsxBytes(readFileSync(table), {
      input: "table.xlsx",
      output: "out.xlsx",
      recompute: { now: fixedDate },
      write: { fixedDate },
    });
    await worker.close();
    expect(scored.ok).toBe(true);
    // Asked once, at the read (the write then opened its parts on the started worker).
    expect(prestarted).toBe(1);
    expect(opened()).toBeGreaterThanOrEqual(1);
    if (scored.ok) expect(Buffer.from(scored.zip.bytes).equals(inThread)).toBe(true);
  }, 120_000);

  test("a worker started ahead that cannot load its script costs nothing: parts are deflated in this thread", async () => {
    const broken = path.join(tempDir(), "broken-prestart.cjs");
    writeFileSync(broken, "throw new Error('no such worker');");
    const worker = new DeflateWorker(broken);
    worker.prestart();
    usePartOffload(() => worker.open());
    const bytes = await score();
    await worker.close();
    expect(bytes.equals(inThread)).toBe(true);
  }, 120_000);

  test.each([
    ["cannot load its script", "throw new Error('no such worker');"],
    [
      "crashes on its first chunk",
      "require('node:worker_threads').parentPort.on('message', () => process.exit(7));",
    ],
    ["never takes a chunk", "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);"],
  ])(
    "is the same bytes when the worker %s: written again in this thread",
    async (_, source) => {
      const broken = path.join(tempDir(), `broken-${source.length}.cjs`);
      writeFileSync(broken, source);
      const worker = new DeflateWorker(broken, { stallMs: 1000 });
      const { offload, opened } = counting(worker);
      usePartOffload(offload);
      const bytes = await score();
      // Given up on: the worker is not tried again.
      expect(worker.open()).toBeNull();
      await worker.close();
      expect(opened()).toBeGreaterThanOrEqual(1);
      expect(bytes.equals(inThread)).toBe(true);
    },
    120_000,
  );

  test("without the worker's file, nothing is plugged in and parts are deflated in this thread", () => {
    expect(useDeflateWorker(path.join(tempDir(), "missing.cjs"))).toBeNull();
  });

  test("the bundled CLI (deflate worker beside it) writes the same bytes as the CLI in this thread", async () => {
    const inProcess = path.join(tempDir(), "in-process.xlsx");
    expect((await cli(["score", table, "-o", inProcess])).code).toBe(0);
    const bundled = path.join(tempDir(), "bundled.xlsx");
    const run = spawnSync(process.execPath, ["scripts/cli.mjs", "score", table, "-o", bundled], {
      cwd: ROOT,
      env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600" },
      encoding: "utf8",
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(existsSync(path.join(ROOT, "dist-cli", "deflate-worker.cjs"))).toBe(true);
    expect(readFileSync(bundled).equals(readFileSync(inProcess))).toBe(true);
  }, 120_000);
});
