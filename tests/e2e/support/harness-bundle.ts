/** Bundles tests/e2e/harness.ts into one classic browser script (esbuild, in memory). */
import { buildSync } from "esbuild";
import path from "node:path";
import type { HarnessConfig } from "../harness";

let cached: string | null = null;

export function harnessBundle(): string {
  if (cached === null) {
    const result = buildSync({
      entryPoints: [path.join(__dirname, "..", "harness.ts")],
      bundle: true,
      write: false,
      format: "iife",
      platform: "browser",
      target: "es2020",
      charset: "utf8",
      logLevel: "silent",
    });
    cached = result.outputFiles[0].text;
  }
  return cached;
}

/** The script served in place of office.js: the test's configuration, then the harness. */
export function harnessScript(config: HarnessConfig): string {
  // JSON is valid JavaScript; escaping "<" keeps a cell text such as "</script>" harmless.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `window.__E2E_CONFIG__ = ${json};\n${harnessBundle()}`;
}
