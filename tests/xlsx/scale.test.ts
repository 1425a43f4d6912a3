/**
 * Sheets beyond what one run scores (src/xlsx/limits.ts, MAX_SCORED_ROWS) are refused before
 * their rows are parsed (their size is read from the end of the sheet), with the sheet's size, the
 * limit and what to do, and nothing is written: never a crash. The table is the benchmark's
 * (bench/table.ts), written straight as XML.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeBranchTable } from "../../bench/table";
import { runCli, type CliIo } from "../../src/cli/run";
import { MAX_SCORED_ROWS, scoredRowsForHeap, useScoredRowLimit } from "../../src/xlsx";
import * as readSheet from "../../src/xlsx/read-sheet";
import { scoreXlsxBytes } from "../../src/xlsx/score-bytes";

let dir: string;
let input: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "scale-"));
  input = path.join(dir, "large.xlsx");
  // A title row and a header row above the branches: MAX_SCORED_ROWS + 2 rows in the sheet.
  await writeBranchTable(input, MAX_SCORED_ROWS);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = (MAX_SCORED_ROWS + 2).toLocaleString("en-US");
const limit = MAX_SCORED_ROWS.toLocaleString("en-US");

test("score refuses a sheet of more rows than one run scores: exit 3, the sizes and what to do, nothing written", async () => {
  const output = path.join(dir, "out.xlsx");
  let stderr = "";
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    env: { SOURCE_DATE_EPOCH: "1767225600" },
    stderrIsTty: false,
  };
  const code = await runCli(["score", input, "-o", output], io);
  expect(code).toBe(3);
  expect(stderr).toContain(
    `工作表「评分表」有 ${rows} 行，超过一次可评定的 ${limit} 行，未评定；请把表格拆分为几个文件后分别评定`,
  );
  expect(existsSync(output)).toBe(false);
}, 120_000);

test("the same refusal from the bytes-in/bytes-out use case the page runs, in English, before any row is parsed", async () => {
  const parse = jest.spyOn(readSheet, "readWorksheetXml");
  const scored = await scoreXlsxBytes(readFileSync(input), {
    input: "large.xlsx",
    output: "large（评定结果）.xlsx",
    recompute: { now: new Date("2026-12-03T00:00:00Z"), lang: "en" },
  });
  expect(scored.ok).toBe(false);
  if (scored.ok) return;
  expect(scored.error.code).toBe("TOO_MANY_ROWS");
  expect(scored.error.text("en")).toBe(
    `Sheet "评分表" has ${rows} rows, more than the ${limit} one run can score, and was not scored. Split the table into several files and score each`,
  );
  // The sheet's rows were never parsed (a million of them took 11 s and 1.3 GB before the refusal).
  expect(parse).not.toHaveBeenCalled();
  parse.mockRestore();
}, 120_000);

describe("a smaller heap scores fewer rows", () => {
  afterEach(() => useScoredRowLimit(MAX_SCORED_ROWS));

  test("the row limit follows the heap: all of MAX_SCORED_ROWS from ~2 GB, fewer below", () => {
    expect(scoredRowsForHeap(4144 * 1024 ** 2)).toBe(MAX_SCORED_ROWS);
    expect(scoredRowsForHeap(2048 * 1024 ** 2)).toBe(MAX_SCORED_ROWS);
    expect(scoredRowsForHeap(1024 ** 3)).toBe(262_000);
    expect(scoredRowsForHeap(512 * 1024 ** 2)).toBe(131_000);
  });

  test("a sheet over the lowered limit is refused with that limit, before any row is parsed", async () => {
    const small = path.join(dir, "small.xlsx");
    await writeBranchTable(small, 1_200);
    useScoredRowLimit(1_000);
    const parse = jest.spyOn(readSheet, "readWorksheetXml");
    const scored = await scoreXlsxBytes(readFileSync(small), {
      input: "small.xlsx",
      output: "small（评定结果）.xlsx",
      recompute: { now: new Date("2026-12-03T00:00:00Z") },
    });
    expect(scored.ok).toBe(false);
    if (scored.ok) return;
    expect(scored.error.text("zh")).toBe(
      "工作表「评分表」有 1,202 行，超过一次可评定的 1,000 行，未评定；请把表格拆分为几个文件后分别评定",
    );
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
  }, 60_000);
});

test("a scored sheet is read and patched from its bytes: its rows are never decoded into one string", async () => {
  // Past WELL_FORMED_CHECK_BYTES (a smaller sheet is decoded once, to be checked for damage whole).
  const small = path.join(dir, "decoded.xlsx");
  await writeBranchTable(small, 15_000);
  const decoded: number[] = [];
  const decode = TextDecoder.prototype.decode;
  const spy = jest.spyOn(TextDecoder.prototype, "decode").mockImplementation(function (
    this: TextDecoder,
    input?: AllowSharedBufferSource,
    options?: TextDecodeOptions,
  ) {
    decoded.push(input?.byteLength ?? 0);
    return decode.call(this, input, options);
  });
  let scored: Awaited<ReturnType<typeof scoreXlsxBytes>>;
  try {
    scored = await scoreXlsxBytes(readFileSync(small), {
      input: "decoded.xlsx",
      output: "decoded（评定结果）.xlsx",
      recompute: { now: new Date("2026-12-03T00:00:00Z") },
    });
  } finally {
    spy.mockRestore();
  }
  expect(scored.ok).toBe(true);
  if (!scored.ok) return;
  expect(scored.report.via).toBe("patch");
  // The sheet part is ~4.7 MB at 15,000 rows; the largest text decoded is a part around it (shared
  // strings), never the rows.
  expect(Math.max(...decoded)).toBeLessThan(1_300_000);
}, 60_000);
