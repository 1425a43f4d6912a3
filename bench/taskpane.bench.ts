/**
 * Task pane first render in headless Chromium: from navigation to the pane showing the detected
 * table of the sample workbook (the first content a user can act on), with the in-memory Excel of
 * the browser tests standing in for Excel. Timestamps come from the page itself (performance.now(),
 * whose origin is the navigation start, taken in the frame after the content appeared), so
 * Playwright's own round trips are not counted. Median of RUNS runs after a warm-up.
 * Builds dist/ first when it is absent or older than the sources (as office.bench.ts does).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { openPane } from "../tests/e2e/support/browser";
import { excelConfig } from "../tests/e2e/support/pane";
import { serveStatic } from "../tests/e2e/support/server";

const root = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_PANE_RUNS ?? 9);
const WARMUP = 2;

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }, 0);
}

function builtDist(): string {
  const dist = process.env.E2E_DIST ? path.resolve(root, process.env.E2E_DIST) : path.join(root, "dist");
  const page = path.join(dist, "taskpane.html");
  if (
    !process.env.E2E_DIST &&
    (!existsSync(page) || statSync(page).mtimeMs < newestSource(path.join(root, "src")))
  ) {
    execFileSync("npx", ["webpack", "--mode", "production"], { cwd: root, stdio: "inherit" });
  }
  if (!existsSync(page)) throw new Error(`${page} is missing`);
  return dist;
}

/**
 * Installed before any page script: notes when the loading spinner, the pane's title and the
 * detected table first appear, each in the animation frame after (i.e. when it can be painted).
 */
// Keep it free of named inner functions: tsx's esbuild wraps those in __name(), which the page lacks.
function markScript(): void {
  const marks: Record<string, number> = {};
  (window as unknown as { __marks: Record<string, number> }).__marks = marks;
  const watch: [string, (text: string) => boolean][] = [
    ["spinner", (t) => t.includes("正在读取工作簿")],
    ["title", (t) => t.includes("按评定方案为党支部评定星级")],
    ["table", (t) => t.includes("工作表：")],
  ];
  const observer = new MutationObserver(() => {
    const text = document.body?.innerText ?? "";
    for (const [name, seen] of watch) {
      if (marks[name] === undefined && seen(text)) {
        marks[name] = -1;
        requestAnimationFrame(() => {
          marks[name] = performance.now();
        });
      }
    }
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function run(): Promise<Record<string, number | string>> {
  const server = await serveStatic(builtDist());
  const config = await excelConfig("zh-CN", "light");
  const session = await openPane({
    origin: server.origin,
    office: { kind: "fake", config },
    navigate: false,
  });
  const table: number[] = [];
  const title: number[] = [];
  const spinner: number[] = [];
  try {
    await session.context.addInitScript(markScript);
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const page = await session.context.newPage();
      await page.goto(new URL("taskpane.html", server.origin).href);
      await page.waitForFunction(() => {
        const marks = (window as unknown as { __marks?: Record<string, number> }).__marks;
        return marks !== undefined && (marks.table ?? -1) > 0;
      });
      const marks = await page.evaluate(
        () => (window as unknown as { __marks: Record<string, number> }).__marks,
      );
      await page.close();
      if (i < WARMUP) continue;
      table.push(marks.table);
      title.push(marks.title);
      spinner.push(marks.spinner ?? NaN);
    }
    if (session.errors.length > 0 || session.external.length > 0)
      throw new Error(`the pane misbehaved: ${[...session.errors, ...session.external].join("; ")}`);
  } finally {
    await session.close();
    await server.close();
  }
  const round = (n: number) => Math.round(n);
  return {
    taskpane_first_render_ms: round(median(table)),
    taskpane_first_render_min_ms: round(Math.min(...table)),
    taskpane_first_render_max_ms: round(Math.max(...table)),
    taskpane_title_ms: round(median(title)),
    taskpane_first_paint_spinner_ms: round(median(spinner.filter((n) => !Number.isNaN(n)))),
    taskpane_first_render_runs: RUNS,
  };
}
