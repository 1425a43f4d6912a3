/**
 * The bytes-in/bytes-out use case the page runs in a browser gives exactly the CLI's file: on the
 * three bundled examples and on round-trip fixtures, with the same time given, with Node's zlib or
 * the pure-JavaScript codec a browser uses (docs/page.md).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli, type CliIo } from "../../src/cli/run";
import { useNodeZlib } from "../../src/xlsx/node-codec";
import { scoreXlsxBytes, scoredFileName } from "../../src/xlsx/score-bytes";
import { PURE_ZIP_CODEC, useZipCodec } from "../../src/xlsx/zip";
import { allFixtures, writeFixture } from "../fixtures/workbooks";

const EPOCH = 1767225600;
const NOW = new Date(EPOCH * 1000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "score-bytes-"));
});
afterAll(() => {
  useNodeZlib();
  rmSync(dir, { recursive: true, force: true });
});

async function cliScore(input: string, output: string): Promise<Buffer> {
  const io: CliIo = {
    stdout: () => undefined,
    stderr: () => undefined,
    env: { SOURCE_DATE_EPOCH: String(EPOCH) },
    stderrIsTty: false,
  };
  useNodeZlib(); // the CLI as it ships
  expect(await runCli(["score", input, "-o", output], io)).toBe(0);
  return readFileSync(output);
}

async function bytesScore(input: string, output: string, useCodec: () => void): Promise<Uint8Array> {
  useCodec();
  const scored = await scoreXlsxBytes(new Uint8Array(readFileSync(input)), {
    input: path.basename(input),
    output: path.basename(output),
    recompute: { lang: "zh", now: NOW, stamped: true },
    write: { fixedDate: NOW },
  });
  if (!scored.ok) throw scored.error;
  return scored.zip.bytes;
}

const examples = ["service-org", "star-branch", "model-organ"].map((name) => [
  name,
  path.join(process.cwd(), "examples", `${name}.xlsx`),
]);

describe.each([
  ["Node's zlib", useNodeZlib],
  ["the browser's pure-JavaScript codec", () => useZipCodec(PURE_ZIP_CODEC)],
])("with %s", (_label, useCodec) => {
  test.each(examples)("examples/%s.xlsx scores to the CLI's bytes", async (name, input) => {
    const output = path.join(dir, `${name}-${useCodec === useNodeZlib ? "zlib" : "pure"}.xlsx`);
    const cli = await cliScore(input, output);
    const bytes = await bytesScore(input, output, useCodec);
    expect(bytes.length).toBe(cli.length);
    expect(Buffer.from(bytes).equals(cli)).toBe(true);
  });

  test.each(["titleAndGroupHeader", "cellKinds", "awkwardRows", "busyWorkbook"])(
    "the %s fixture scores to the CLI's bytes",
    async (name) => {
      const input = path.join(dir, `${name}.xlsx`);
      await writeFixture(allFixtures()[name], input);
      const cli = await cliScore(input, path.join(dir, `${name}-cli.xlsx`));
      const bytes = await bytesScore(input, path.join(dir, `${name}-bytes.xlsx`), useCodec);
      expect(Buffer.from(bytes).equals(cli)).toBe(true);
    },
  );
});

test("an input that cannot be scored gives the reason and no bytes", async () => {
  const input = path.join(dir, "empty.xlsx");
  await writeFixture({ title: "empty", sheets: [{ name: "说明", rows: [["只有说明"]] }] }, input);
  const scored = await scoreXlsxBytes(new Uint8Array(readFileSync(input)), {
    input: "empty.xlsx",
    output: "empty（评定结果）.xlsx",
    recompute: { lang: "zh", now: NOW },
  });
  expect(scored.ok).toBe(false);
  expect(scored.ok ? "" : scored.error.code).toBe("NO_TABLE");
});

test("a scored copy's name says what it is, in the user's language", () => {
  expect(scoredFileName("考评表.xlsx")).toBe("考评表（评定结果）.xlsx");
  expect(scoredFileName("C:\\申报\\考评表.XLSX")).toBe("C:\\申报\\考评表（评定结果）.xlsx");
  expect(scoredFileName("dir/plain.xlsm", "en")).toBe("dir/plain.scored.xlsx");
});
