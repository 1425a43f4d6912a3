/** Entry point of `npm run cli`: the process wrapper around runCli. */
import { runCli, type CliIo } from "./run";

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stderrIsTty: process.stderr.isTTY === true,
  progress: (text) => process.stderr.write(`\r${text}\x1b[K`),
};

void runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
