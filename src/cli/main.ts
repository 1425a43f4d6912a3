/** Entry point of `npm run cli`: the process wrapper around runCli. */
import { rmSync } from "node:fs";
import path from "node:path";
import { getHeapStatistics } from "node:v8";
import { pendingTempFiles, scoredRowsForHeap, useScoredRowLimit } from "../xlsx";
import { useDeflateWorker } from "../xlsx/node-deflate";
import { runCli, type CliIo } from "./run";

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stderrIsTty: process.stderr.isTTY === true,
  progress: (text) => process.stderr.write(`\r${text}\x1b[K`),
};

// Large parts are deflated on the other core by the worker scripts/cli.mjs bundles beside this
// one (src/xlsx/node-deflate.ts); run from the sources, without that file, they are deflated here.
if (typeof __dirname === "string") useDeflateWorker(path.join(__dirname, "deflate-worker.cjs"));

// A sheet too large for the heap this machine gives Node is refused rather than crashing on it.
useScoredRowLimit(scoredRowsForHeap(getHeapStatistics().heap_size_limit));

// Ctrl-C while writing must not leave a half-written temporary file beside the output.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const file of pendingTempFiles) rmSync(file, { force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

/** `then` once `stream` has taken what was written to it before (its write callbacks run in order). */
function drained(stream: NodeJS.WriteStream, then: () => void): void {
  stream.write("", () => then());
}

void runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  // Ended here once the output is out, not left to end by itself: Node then tears down the
  // heap and the deflate worker first, ~25 ms of a 100,000-row run (~60 → ~35 ms from the
  // exit event to the end). Everything the run writes is written and synced before runCli returns.
  drained(process.stdout, () => drained(process.stderr, () => process.exit(code)));
});
