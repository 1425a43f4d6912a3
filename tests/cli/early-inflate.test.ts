/**
 * The early inflate (src/cli/early-inflate.ts): the CLI's loader reads `score`'s input and starts
 * inflating its largest sheet on another thread while the bundle loads. It is a guess the reader
 * never trusts: only an entry stored with the same bytes takes the result (node-codec.ts).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { parseArgs } from "../../src/cli/args";
import { scoreInput, startEarlyInflate, takeEarlyInput } from "../../src/cli/early-inflate";
import { usePreparedInflate } from "../../src/xlsx";
import { entryData, readZip, writeZip, type ZipEntry } from "../../src/xlsx/zip";
import { cli, tempDirForTests } from "../support/cli-run";
import { testWithTool } from "../support/tools";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLE = path.join(ROOT, "examples", "service-org.xlsx");
const tempDir = tempDirForTests("early-inflate-");

function largestSheet(bytes: Uint8Array): ZipEntry {
  const sheets = readZip(bytes)!.filter((e) => e.name.startsWith("xl/worksheets/"));
  return sheets.reduce((a, b) => (b.size > a.size ? b : a));
}

afterEach(async () => {
  // Nothing a test started is left for the next one.
  await takeEarlyInput("");
  usePreparedInflate(null);
});

describe("the input of a score command line", () => {
  test.each([
    [["score", "a.xlsx"]],
    [["--", "score", "a.xlsx", "-o", "b.xlsx"]],
    [["score", "-o", "b.xlsx", "a.xlsx"]],
    [["score", "--rubric", "r.json", "--json", "a.xlsx"]],
    [["score", "--in-place", "--lang=en", "a.xlsx", "--sheet", "评分表"]],
    [["score", "--map", "name=B", "--map", "total=C", "--finalize", "a.xlsx"]],
    [["score", "--notice-title", "关于…的公示", "--prior", "p.xlsx", "a.xlsx"]],
  ])("is the word the argument parser reads as the input: %j", (argv) => {
    expect(scoreInput(argv)).toBe(parseArgs(argv).input);
    expect(scoreInput(argv)).toBe("a.xlsx");
  });

  test("other commands and a line without an input have none", () => {
    expect(scoreInput(["template", "-o", "a.xlsx"])).toBeNull();
    expect(scoreInput(["merge", "a.xlsx", "b.xlsx"])).toBeNull();
    expect(scoreInput(["score", "-o", "b.xlsx"])).toBeNull();
    expect(scoreInput([])).toBeNull();
  });
});

describe("reading and inflating early", () => {
  test("gives the file's bytes and its largest sheet exactly as the reader inflates it", async () => {
    startEarlyInflate(["score", EXAMPLE], 1);
    const early = await takeEarlyInput(EXAMPLE);
    const source = readFileSync(EXAMPLE);
    expect(Buffer.from(early!.bytes).equals(source)).toBe(true);
    const sheet = largestSheet(source);
    expect(early!.sheet!.size).toBe(sheet.size);
    expect(Buffer.from(early!.sheet!.raw).equals(Buffer.from(sheet.raw))).toBe(true);
    expect(Buffer.from(early!.sheet!.data).equals(Buffer.from(entryData(sheet)))).toBe(true);
    // Taken once.
    expect(await takeEarlyInput(EXAMPLE)).toBeNull();
  });

  test("a sheet below the threshold is not inflated, but the bytes read are kept", async () => {
    startEarlyInflate(["score", EXAMPLE]);
    const early = await takeEarlyInput(EXAMPLE);
    expect(early?.sheet).toBeNull();
    expect(Buffer.from(early!.bytes).equals(readFileSync(EXAMPLE))).toBe(true);
  });

  test("what was read for another file is not handed out", async () => {
    startEarlyInflate(["score", EXAMPLE], 1);
    expect(await takeEarlyInput(path.join(tempDir(), "other.xlsx"))).toBeNull();
    // …and is let go.
    expect(await takeEarlyInput(EXAMPLE)).toBeNull();
  });

  test("what was read before the file was saved again is not handed out: the run reads the saved file", async () => {
    const file = path.join(tempDir(), "saved-after-read.xlsx");
    writeFileSync(file, readFileSync(EXAMPLE));
    startEarlyInflate(["score", file, "--in-place"]);
    // Saved (a sync folder, another program) while the bundle loads: --in-place must not write the old bytes.
    writeFileSync(file, Buffer.concat([readFileSync(EXAMPLE), Buffer.from("saved")]));
    expect(await takeEarlyInput(file)).toBeNull();
  });

  test("nothing is started for another command, a missing file or a folder", async () => {
    const folder = path.join(tempDir(), "folder.xlsx");
    mkdirSync(folder);
    for (const argv of [
      ["template", "-o", EXAMPLE],
      ["score", path.join(tempDir(), "missing.xlsx")],
      ["score", folder],
    ]) {
      startEarlyInflate(argv, 1);
      expect(await takeEarlyInput(argv[argv.length - 1]!)).toBeNull();
    }
  });

  testWithTool("mkfifo", "nothing is started for a named pipe, and nothing waits for a writer", async () => {
    const fifo = path.join(tempDir(), "pipe.xlsx");
    execFileSync("mkfifo", [fifo]);
    const started = Date.now();
    startEarlyInflate(["score", fifo], 1);
    expect(await takeEarlyInput(fifo)).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("a sheet the reader would refuse as a deflate bomb is not inflated", async () => {
    const bomb = new Uint8Array(32 * 1024 ** 2);
    const raw = zlib.deflateRawSync(bomb, { level: 9 });
    const entry: ZipEntry = {
      name: "xl/worksheets/sheet1.xml",
      method: 8,
      crc: 0,
      compressedSize: raw.length,
      size: bomb.length,
      raw,
    };
    const file = path.join(tempDir(), "bomb.xlsx");
    writeFileSync(file, writeZip([entry], new Date("2026-01-01T00:00:00Z")));
    startEarlyInflate(["score", file], 1);
    const early = await takeEarlyInput(file);
    expect(early?.sheet).toBeNull();
  });
});

describe("the reader takes an early inflate", () => {
  test("for the entry stored with the same bytes, instead of inflating it again", () => {
    const sheet = largestSheet(readFileSync(EXAMPLE));
    const data = new Uint8Array(entryData(sheet));
    usePreparedInflate({ raw: sheet.raw, size: sheet.size, data });
    expect(entryData(sheet)).toBe(data);
    // Used once.
    expect(entryData(sheet)).not.toBe(data);
  });

  test("never for an entry of the same sizes but other bytes", () => {
    const sheet = largestSheet(readFileSync(EXAMPLE));
    const other = new Uint8Array(sheet.raw);
    other[other.length - 1] ^= 0xff;
    usePreparedInflate({ raw: other, size: sheet.size, data: new Uint8Array(sheet.size) });
    expect(Buffer.from(entryData(sheet)).equals(Buffer.from(zlib.inflateRawSync(sheet.raw)))).toBe(true);
  });

  test("a score with the sheet inflated early writes the same file, and inflates that sheet only once", async () => {
    const plain = path.join(tempDir(), "plain.xlsx");
    expect((await cli(["score", EXAMPLE, "-o", plain])).code).toBe(0);
    const sheet = largestSheet(readFileSync(EXAMPLE));
    const inflates = jest.spyOn(zlib, "inflateRawSync");
    try {
      startEarlyInflate(["score", EXAMPLE, "-o", "early.xlsx"], 1);
      const early = path.join(tempDir(), "early.xlsx");
      expect((await cli(["score", EXAMPLE, "-o", early])).code).toBe(0);
      const sizes = inflates.mock.calls.map(([, options]) => options?.maxOutputLength);
      expect(sizes).not.toContain(sheet.size);
      expect(readFileSync(early).equals(readFileSync(plain))).toBe(true);
    } finally {
      inflates.mockRestore();
    }
  });
});
