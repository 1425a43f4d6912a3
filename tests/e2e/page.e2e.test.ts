/**
 * The page that needs no install (SPEC §10, docs/page.md): the build's index.html opened from a
 * static host and from disk (file://), outside Excel. Pick files, rate, download; every download
 * is byte for byte what `npm run cli -- score` writes for the same file at the same time, and the
 * page requests nothing but its own files (everything else is aborted and recorded).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { writeBranchTable } from "../../bench/table";
import { openPane, type PaneSession } from "./support/browser";
import { distDir, ROOT } from "./support/pane";
import { serveStatic, type StaticServer } from "./support/server";

/** The run's time, fixed in the page and given to the CLI (SOURCE_DATE_EPOCH). */
const EPOCH = 1767225600;
const NOW = new Date(EPOCH * 1000);
/** The browser's time zone (support/browser.ts); the CLI gets the same, for the summary's local time. */
const TZ = "Asia/Shanghai";
const SHOTS = path.join(ROOT, "docs", "screenshots");
const VIEWPORT = { width: 1000, height: 900 };

let server: StaticServer;
let dir: string;

beforeAll(async () => {
  server = await serveStatic(distDir());
  dir = mkdtempSync(path.join(os.tmpdir(), "page-e2e-"));
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the CLI writes for `input`, run as a user runs it (its own process) at the page's time and zone. */
function cliBytes(input: string, name: string): Buffer {
  const output = path.join(dir, `${name}-cli.xlsx`);
  const run = spawnSync(process.execPath, ["scripts/cli.mjs", "score", input, "-o", output], {
    cwd: ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH: String(EPOCH), TZ },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`CLI failed (${run.status}): ${run.stderr}`);
  return readFileSync(output);
}

/** 一键评定 for the file shown, then its download link; returns the download's bytes and name. */
async function rateAndDownload(
  page: Page,
  fileName: string,
): Promise<{ bytes: Buffer; name: string; ms: number }> {
  const pane = page.getByRole("region", { name: fileName });
  const run = pane.getByRole("button", { name: "一键评定", exact: true });
  await pane.getByText(/^工作表：/).waitFor({ timeout: 120000 });
  const started = Date.now();
  await run.click();
  const link = page.getByRole("listitem").filter({ hasText: fileName }).getByRole("link", { name: /^下载/ });
  await link.waitFor({ timeout: 300000 });
  const ms = Date.now() - started;
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const saved = path.join(dir, `${fileName}-page.xlsx`);
  await download.saveAs(saved);
  return { bytes: readFileSync(saved), name: download.suggestedFilename(), ms };
}

function expectNoNetwork(session: PaneSession): void {
  expect(session.errors).toEqual([]);
  expect(session.external).toEqual([]);
  expect(server.notFound).toEqual([]);
}

test("served statically: pick the example, rate, download the CLI's exact bytes, no request leaves", async () => {
  const input = path.join(ROOT, "examples", "service-org.xlsx");
  const session = await openPane({
    origin: server.origin,
    path: "index.html",
    office: { kind: "none" },
    viewport: VIEWPORT,
    fixedTime: NOW,
  });
  try {
    const { page } = session;
    await page.getByRole("heading", { name: "星级评定助手", level: 1 }).waitFor();
    await page.getByLabel("选择文件…").setInputFiles(input);
    const result = await rateAndDownload(page, "service-org.xlsx");
    expect(result.name).toBe("service-org（评定结果）.xlsx");
    await page.getByText(/^已评定 27 个支部/).waitFor();
    expect(result.bytes.equals(cliBytes(input, "service-org"))).toBe(true);
    // The scored file's flags are listed as in the pane; the work ran in the worker (no warning).
    await page.getByText(/^评定标记（\d+）$/).waitFor();
    await expect(page.getByText("此浏览器不允许后台评定", { exact: false }).count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "page-scored-zh.png"), fullPage: true });
    console.log(`page: service-org.xlsx rated and written in ${result.ms} ms`);
  } finally {
    await session.close();
  }
  expectNoNetwork(session);
  expect(server.requested.every((p) => !p.includes("office.js"))).toBe(true);
});

test("opened from disk (file://): two files at once, each downloads the CLI's bytes", async () => {
  const files = ["star-branch", "model-organ"].map((name) => path.join(ROOT, "examples", `${name}.xlsx`));
  const dist = distDir();
  const session = await openPane({
    origin: `file://${dist}/`,
    path: "index.html",
    office: { kind: "none" },
    viewport: VIEWPORT,
    fixedTime: NOW,
    ownFiles: dist,
  });
  try {
    const { page } = session;
    await page.getByRole("heading", { name: "星级评定助手", level: 1 }).waitFor();
    await page.getByLabel("选择文件…").setInputFiles(files);
    for (const file of files) {
      const name = path.basename(file);
      await page.getByRole("button", { name, exact: true }).click();
      const result = await rateAndDownload(page, name);
      expect(result.name).toBe(name.replace(".xlsx", "（评定结果）.xlsx"));
      expect(result.bytes.equals(cliBytes(file, name))).toBe(true);
      console.log(`page (file://): ${name} rated and written in ${result.ms} ms`);
    }
  } finally {
    await session.close();
  }
  expect(session.errors).toEqual([]);
  expect(session.external).toEqual([]);
});

test("a 10,000-row table: progress while it runs, the page stays responsive, the CLI's bytes", async () => {
  const input = path.join(dir, "一万行.xlsx");
  await writeBranchTable(input, 10_000);
  const session = await openPane({
    origin: server.origin,
    path: "index.html",
    office: { kind: "none" },
    viewport: VIEWPORT,
    fixedTime: NOW,
  });
  try {
    const { page } = session;
    await page.getByLabel("选择文件…").setInputFiles(input);
    const pane = page.getByRole("region", { name: "一万行.xlsx" });
    await pane.getByText(/^工作表：/).waitFor({ timeout: 120000 });
    const started = Date.now();
    await pane.getByRole("button", { name: "一键评定", exact: true }).click();
    await pane.getByRole("progressbar").waitFor();
    // The main thread answers while the worker rates: an evaluate round trip stays short.
    const t0 = Date.now();
    await page.evaluate(() => document.title);
    const roundTrip = Date.now() - t0;
    const link = page.getByRole("link", { name: /^下载/ });
    await link.waitFor({ timeout: 300000 });
    const ms = Date.now() - started;
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const saved = path.join(dir, "10k-page.xlsx");
    await download.saveAs(saved);
    expect(readFileSync(saved).equals(cliBytes(input, "10k"))).toBe(true);
    expect(roundTrip).toBeLessThan(1000);
    console.log(`page: 10,000 rows rated and written in ${ms} ms (main thread answered in ${roundTrip} ms)`);
  } finally {
    await session.close();
  }
  expectNoNetwork(session);
});

test("several files merged into one table (申报汇总), which is then rated like any file", async () => {
  const first = path.join(ROOT, "examples", "service-org.xlsx");
  const second = path.join(dir, "第二党委.xlsx");
  copyFileSync(first, second);
  const session = await openPane({
    origin: server.origin,
    path: "index.html",
    office: { kind: "none" },
    viewport: VIEWPORT,
    fixedTime: NOW,
  });
  try {
    const { page } = session;
    await page.getByLabel("选择文件…").setInputFiles([first, second]);
    await page.getByRole("button", { name: "第二党委.xlsx", exact: true }).waitFor();
    await page.getByRole("button", { name: "合并为一张表" }).click();
    await page.getByRole("button", { name: "申报汇总.xlsx", exact: true }).waitFor({ timeout: 120000 });
    const result = await rateAndDownload(page, "申报汇总.xlsx");
    expect(result.name).toBe("申报汇总（评定结果）.xlsx");
    await page
      .getByRole("region", { name: "申报汇总.xlsx" })
      .getByText(/^已评定 \d+ 个支部/)
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, "page-merged-zh.png"), fullPage: true });
  } finally {
    await session.close();
  }
  expectNoNetwork(session);
});
