/** What a command line run talks to, and its clock: kept apart so tests run the CLI in-process. */

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress lines only then). */
  stderrIsTty: boolean;
  /** Rewrites the current stderr line (progress). */
  progress?: (text: string) => void;
  /** Sheet rows from which a progress line is shown (default 5,000). */
  progressRows?: number;
}

/** Fixed time for reproducible output (examples, tests): the reproducible-builds convention. */
export function fixedTime(env: NodeJS.ProcessEnv): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}

export function runTime(env: NodeJS.ProcessEnv): Date {
  return fixedTime(env) ?? new Date();
}
