/**
 * Tests that call an external program (LibreOffice as an independent reader of what we write) run
 * when the program is installed and say so when it is not (SPEC §11: `npm test` passes on a machine
 * with Node alone). CI installs the programs and sets STAR_RATING_REQUIRE_TOOLS=1 (.ci/run), which
 * turns a missing program into a failing test, so these tests can never be skipped silently there.
 */
import { accessSync, constants } from "node:fs";
import path from "node:path";

/** The external programs some tests use, with what each one is for a reader of the output. */
export const EXTERNAL_TOOLS = {
  soffice: "LibreOffice",
  // Makes a named pipe, the input that must not make `score` wait (coreutils; none on Windows).
  mkfifo: "coreutils",
} as const;
export type ExternalTool = keyof typeof EXTERNAL_TOOLS;

/** The variable that makes every external program mandatory (set by .ci/run). */
export const REQUIRE_TOOLS_VARIABLE = "STAR_RATING_REQUIRE_TOOLS";

/** Whether `tool` is an executable file in a directory on PATH. */
export function toolInstalled(tool: ExternalTool, searchPath = process.env.PATH ?? ""): boolean {
  return searchPath
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(path.join(dir, tool), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

export function toolsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[REQUIRE_TOOLS_VARIABLE];
  return value !== undefined && value !== "" && value !== "0";
}

function missingMessage(tool: ExternalTool, what: string): string {
  return `not run: ${what} — ${tool} (${EXTERNAL_TOOLS[tool]}) is not installed`;
}

function requiredMessage(tool: ExternalTool, what: string): string {
  return `${what} needs ${tool} (${EXTERNAL_TOOLS[tool]}), which is not installed, and ${REQUIRE_TOOLS_VARIABLE} makes it mandatory`;
}

/**
 * A test that needs `tool`. Without it, the test's title ends "(not run: … not installed)" and it
 * writes a console line saying what did not run; with STAR_RATING_REQUIRE_TOOLS set, it fails.
 */
export function testWithTool(
  tool: ExternalTool,
  name: string,
  body: () => Promise<void>,
  timeout?: number,
): void {
  if (toolInstalled(tool)) {
    test(name, body, timeout);
  } else if (toolsRequired()) {
    test(name, () => {
      throw new Error(requiredMessage(tool, `"${name}"`));
    });
  } else {
    test(`${name} (not run: ${tool} not installed)`, () => {
      console.warn(missingMessage(tool, `"${name}"`));
    });
  }
}

/**
 * The part of a longer test that needs `tool`: runs `body` when the tool is installed; otherwise
 * writes a console line saying what did not run, or throws when the tools are mandatory.
 */
export async function withTool(tool: ExternalTool, what: string, body: () => Promise<void>): Promise<void> {
  if (toolInstalled(tool)) return body();
  if (toolsRequired()) throw new Error(requiredMessage(tool, what));
  console.warn(missingMessage(tool, what));
}
