/**
 * What the command-line tests share: the CLI run in-process with its output captured, at a fixed
 * time (SOURCE_DATE_EPOCH, 2026-01-01), and a temporary folder for the test file's files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli, type CliIo } from "../../src/cli/run";

/** The run's fixed time, as SOURCE_DATE_EPOCH: 2026-01-01T00:00:00Z. */
export const CLI_EPOCH = "1767225600";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run cli -- <argv>` in this process, stdout and stderr captured, stderr not a terminal. */
export async function cli(argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { SOURCE_DATE_EPOCH: CLI_EPOCH, ...env },
    stderrIsTty: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/**
 * A temporary folder made before the calling test file's tests and removed after them (call at
 * the top level of a test file); the returned function gives its path.
 */
export function tempDirForTests(prefix: string): () => string {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => {
    if (!dir) throw new Error("the temporary folder exists only while the tests run");
    return dir;
  };
}
