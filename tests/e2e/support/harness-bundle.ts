/** Bundles tests/e2e/harness.ts into one classic browser script (esbuild, in memory). */
import { buildSync } from "esbuild";
import { readFileSync } from "node:fs";
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

/** Microsoft's excel-web-16.00.js, the file Excel on the web loads, from @microsoft/office-js. */
const OFFICE_JS_LIBRARY = path.join(
  process.cwd(),
  "node_modules/@microsoft/office-js/dist/excel-web-16.00.js",
);
let library: string | null = null;

/**
 * The script served in place of office.js: the test's configuration, the harness, then (unless
 * `officeJs: false`) Microsoft's library unchanged and the harness's finishing call.
 */
export function harnessScript(config: HarnessConfig): string {
  // JSON is valid JavaScript; escaping "<" keeps a cell text such as "</script>" harmless.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  const harness = `window.__E2E_CONFIG__ = ${json};\n${harnessBundle()}`;
  if (config.officeJs === false) return harness;
  library ??= readFileSync(OFFICE_JS_LIBRARY, "utf8");
  return `${harness}\n;${library}\n;window.__e2eAfterOfficeJs();\n`;
}
