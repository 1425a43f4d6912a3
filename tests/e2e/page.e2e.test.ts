/**
 * The page that needs no install (SPEC §10, docs/page.md): the build's index.html opened from a
 * static host and from disk (file://), outside Excel. Pick files, rate, download; every download
 * is byte for byte what `npm run cli -- score` writes for the same file at the same time, and the
 * page requests nothing but its own files (everything else is aborted and recorded).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import type { Locator, Page } from "playwright-core";
import { writeBranchTable } from "../../bench/table";
import { entryData, readZip } from "../../src/xlsx/zip";
import { withMacros } from "../support/macros";
import { openPane, type PaneSession } from "./support/browser";
import { distDir, ROOT, screenshotDir } from "./support/pane";
import { serveStatic, type StaticServer } from "./support/server";

/** The run's time, fixed in the page and given to the CLI (SOURCE_DATE_EPOCH). */
const EPOCH = 1767225600;
const NOW = new Date(EPOCH * 1000);
/** The browser's time zone (support/browser.ts); the CLI gets the same, for the summary's local time. */
const TZ = "Asia/Shanghai";
const SHOTS = screenshotDir();
const VIEWPORT = { width: 1000, height: 900 };

let server: StaticServer;
let dir: string;

beforeAll(async () => {
  server = await serveStatic(distDir());
  dir = mkdtempSync(path.join(os.tmpdir(), "page-e2e-"));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI run as a user runs it (its own process) at the page's time and zone; its output's bytes. */
function cli(args: string[], output: string, epoch = EPOCH): Buffer {
  const run = spawnSync(process.execPath, ["scripts/cli.mjs", ...args, "-o", output], {
    cwd: ROOT,
    env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch), TZ },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`CLI failed (${run.status}): ${run.stderr}`);
  return readFileSync(output);
}

/** What `npm run cli -- score input [options]` writes at the page's time and zone. */
function cliBytes(input: string, name: string, options: string[] = []): Buffer {
  return cli(["score", input, ...options], path.join(dir, `${name}-cli.xlsx`));
}

/** The file's download link once its href is not `previous` (a run replaces the link), then its bytes. */
async function nextDownload(page: Page, fileName: string, previous: string | null): Promise<Buffer> {
  const link = page.getByRole("listitem").filter({ hasText: fileName }).getByRole("link", { name: /^下载/ });
  await page.waitForFunction(
    ([name, old]) => {
      const item = [...document.querySelectorAll("li")].find((li) => li.textContent?.includes(name));
      const href = item?.querySelector("a")?.getAttribute("href") ?? null;
      return href !== null && href !== old;
    },
    [fileName, previous] as const,
    { timeout: 300000 },
  );
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const saved = path.join(dir, `${fileName}-${Date.now()}-page.xlsx`);
  await download.saveAs(saved);
  return readFileSync(saved);
}

async function currentHref(page: Page, fileName: string): Promise<string | null> {
  const link = page.getByRole("listitem").filter({ hasText: fileName }).getByRole("link", { name: /^下载/ });
  return (await link.count()) > 0 ? link.getAttribute("href") : null;
}

/** 一键评定 for the file shown, once its table is found; its pane and when the click came. */
async function startRating(page: Page, fileName: string): Promise<{ pane: Locator; started: number }> {
  const pane = page.getByRole("region", { name: fileName });
  await pane.getByText(/^工作表：/).waitFor({ timeout: 120000 });
  const started = Date.now();
  await pane.getByRole("button", { name: "一键评定", exact: true }).click();
  return { pane, started };
}

/** 一键评定 for the file shown, then its download link; returns the download's bytes and name. */
async function rateAndDownload(
  page: Page,
  fileName: string,
): Promise<{ bytes: Buffer; name: string; ms: number }> {
  const { started } = await startRating(page, fileName);
  const link = page.getByRole("listitem").filter({ hasText: fileName }).getByRole("link", { name: /^下载/ });
  await link.waitFor({ timeout: 300000 });
  const ms = Date.now() - started;
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const saved = path.join(dir, `${fileName}-page.xlsx`);
  await download.saveAs(saved);
  return { bytes: readFileSync(saved), name: download.suggestedFilename(), ms };
}

/** The service-org example with `edit` made to its package, written as `name` for the page to pick. */
async function editedExample(name: string, edit: (zip: JSZip) => Promise<void>): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path.join(ROOT, "examples", "service-org.xlsx")));
  await edit(zip);
  const file = path.join(dir, name);
  writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

function expectNoNetwork(session: PaneSession): void {
  expect(session.errors).toEqual([]);
  expect(session.external).toEqual([]);
  expect(server.notFound).toEqual([]);
}

/** The page outside Excel opened from disk (file://), at the pane's size and with the fixed clock. */
function openFromDisk(): ReturnType<typeof openPane> {
  const dist = distDir();
  return openPane({
    origin: `file://${dist}/`,
    path: "index.html",
    office: { kind: "none" },
    viewport: VIEWPORT,
    fixedTime: NOW,
    ownFiles: dist,
  });
}

/** The page outside Excel, served over http, at the pane's size and with the fixed clock. */
function openServedPage(): ReturnType<typeof openPane> {
  return openPane({
    origin: server.origin,
    path: "index.html",
    office: { kind: "none" },
    viewport: VIEWPORT,
    fixedTime: NOW,
  });
}

test("served statically: pick the example, rate, download the CLI's exact bytes, no request leaves", async () => {
  const input = path.join(ROOT, "examples", "service-org.xlsx");
  const session = await openServedPage();
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

test("a macro-enabled workbook: the download is the CLI's file, and the page says under the result that it has no macros", async () => {
  const input = await editedExample("宏.xlsm", withMacros);
  const session = await openServedPage();
  try {
    const { page } = session;
    await page.getByLabel("选择文件…").setInputFiles(input);
    const result = await rateAndDownload(page, "宏.xlsm");
    expect(result.name).toBe("宏（评定结果）.xlsx");
    await page.getByText("注意：输出文件没有保留原文件中的宏（.xlsx 写入无法保留；原文件未改动）").waitFor();
    expect(result.bytes.equals(cliBytes(input, "macros"))).toBe(true);
  } finally {
    await session.close();
  }
  expectNoNetwork(session);
});

test("a protected scoring sheet: the page says so in the CLI's words and offers no download", async () => {
  const input = await editedExample("受保护.xlsx", async (zip) => {
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    zip.file(
      "xl/worksheets/sheet1.xml",
      sheet.replace("</sheetData>", '</sheetData><sheetProtection sheet="1"/>'),
    );
  });
  const session = await openServedPage();
  try {
    const { page } = session;
    await page.getByLabel("选择文件…").setInputFiles(input);
    await startRating(page, "受保护.xlsx");
    await page
      .getByText("受保护.xlsx 中的工作表「评分表」受保护，无法写入评定结果", { exact: false })
      .first()
      .waitFor();
    await expect(page.getByRole("link", { name: /^下载/ }).count()).resolves.toBe(0);
  } finally {
    await session.close();
  }
  expectNoNetwork(session);
});

test("where the page's policy refuses WebAssembly: the file is still written, pako's deflate, the CLI's content", async () => {
  // The build with 'wasm-unsafe-eval' taken out of the page's Content-Security-Policy.
  const noWasm = path.join(dir, "no-wasm");
  cpSync(distDir(), noWasm, { recursive: true });
  const index = path.join(noWasm, "index.html");
  const html = readFileSync(index, "utf8");
  expect(html).toContain("script-src 'self' 'wasm-unsafe-eval';");
  writeFileSync(index, html.replace(" 'wasm-unsafe-eval'", ""));
  const refused = await serveStatic(noWasm);
  const input = path.join(ROOT, "examples", "service-org.xlsx");
  const session = await openPane({
    origin: refused.origin,
    path: "index.html",
    office: { kind: "none" },
    viewport: VIEWPORT,
    fixedTime: NOW,
  });
  try {
    const { page } = session;
    await page.getByLabel("选择文件…").setInputFiles(input);
    const result = await rateAndDownload(page, "service-org.xlsx");
    const fromCli = cliBytes(input, "no-wasm");
    const [ours, theirs] = [result.bytes, fromCli].map((bytes) => readZip(new Uint8Array(bytes))!);
    expect(ours.map((e) => e.name)).toEqual(theirs.map((e) => e.name));
    ours.forEach((entry, i) =>
      expect(Buffer.from(entryData(entry)).equals(Buffer.from(entryData(theirs[i])))).toBe(true),
    );
    // Deflated otherwise (pako): the page could not compile the module, and said nothing to the user.
    expect(result.bytes.equals(fromCli)).toBe(false);
    expect(
      session.errors.filter((e) => !/WebAssembly|wasm-unsafe-eval|Content Security Policy/i.test(e)),
    ).toEqual([]);
  } finally {
    await session.close();
    await refused.close();
  }
});

test("opened from disk (file://): two files at once, each downloads the CLI's bytes; a .csv among them is 未能评定 in the list", async () => {
  const files = ["star-branch", "model-organ"].map((name) => path.join(ROOT, "examples", `${name}.xlsx`));
  const csv = path.join(mkdtempSync(path.join(os.tmpdir(), "page-csv-")), "名单.csv");
  writeFileSync(csv, "序号,党支部名称\n1,第一党支部\n");
  const session = await openFromDisk();
  try {
    const { page } = session;
    await page.getByRole("heading", { name: "星级评定助手", level: 1 }).waitFor();
    await page.getByLabel("选择文件…").setInputFiles([...files, csv]);
    // Not a workbook: the list says so at once, before its pane is opened.
    await page.getByText("未能评定").waitFor();
    expect(await page.getByText("待评定").count()).toBe(2);
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

test("the same file picked twice is listed once and said; another file of the same name is numbered", async () => {
  const example = path.join(ROOT, "examples", "service-org.xlsx");
  const other = path.join(mkdtempSync(path.join(os.tmpdir(), "page-same-name-")), "service-org.xlsx");
  copyFileSync(path.join(ROOT, "examples", "star-branch.xlsx"), other);
  const session = await openFromDisk();
  try {
    const { page } = session;
    await page.getByRole("heading", { name: "星级评定助手", level: 1 }).waitFor();
    await page.getByLabel("选择文件…").setInputFiles(example);
    await page.getByRole("button", { name: "service-org.xlsx", exact: true }).waitFor();
    await page.getByLabel("选择文件…").setInputFiles([example, other]);
    await page
      .getByRole("alert")
      .getByText("「service-org.xlsx」已在列表中，未重复添加（合并时会重复计入）。")
      .waitFor();
    await page.getByRole("button", { name: "service-org (2).xlsx", exact: true }).waitFor();
    expect(await page.getByRole("button", { name: /^service-org.*\.xlsx$/ }).count()).toBe(2);
  } finally {
    await session.close();
  }
  expect(session.errors).toEqual([]);
});

test("a 13,000-row table: progress while it runs, the page stays responsive, the CLI's bytes", async () => {
  // 13,000 rows: the scored sheet (~8.7 MB) is past FAST_DEFLATE_BYTES, so level 1 is compared too.
  const input = path.join(dir, "一万行.xlsx");
  await writeBranchTable(input, 13_000);
  const session = await openServedPage();
  try {
    const { page } = session;
    await page.getByLabel("选择文件…").setInputFiles(input);
    const { pane, started } = await startRating(page, "一万行.xlsx");
    await pane.getByRole("progressbar").waitFor();
    // The main thread answers while the worker rates: an evaluate round trip stays short.
    const t0 = Date.now();
    await page.evaluate(() => document.title);
    const roundTrip = Date.now() - t0;
    const link = page.getByRole("link", { name: /^下载/ });
    await link.waitFor({ timeout: 300000 });
    const ms = Date.now() - started;
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const saved = path.join(dir, "13k-page.xlsx");
    await download.saveAs(saved);
    const fromCli = cliBytes(input, "13k");
    const sheet = readZip(new Uint8Array(fromCli))!.find((e) => e.name === "xl/worksheets/sheet1.xml")!;
    expect(sheet.size).toBeGreaterThan(8 * 1024 * 1024);
    expect(readFileSync(saved).equals(fromCli)).toBe(true);
    expect(roundTrip).toBeLessThan(1000);
    console.log(`page: 13,000 rows rated and written in ${ms} ms (main thread answered in ${roundTrip} ms)`);
  } finally {
    await session.close();
  }
  expectNoNetwork(session);
});

test("several files merged into one table (申报汇总), rated like any file: the CLI's merge and score bytes", async () => {
  // Both files in one folder, so that the CLI, run there, names them in 来源 as the page does.
  const first = path.join(dir, "service-org.xlsx");
  copyFileSync(path.join(ROOT, "examples", "service-org.xlsx"), first);
  // Another office's file: the example with its title changed (the same bytes would be the same file).
  const second = await editedExample("第二党委.xlsx", async (zip) => {
    const strings = await zip.file("xl/sharedStrings.xml")!.async("string");
    expect(strings).toContain("2026年度");
    zip.file("xl/sharedStrings.xml", strings.replace("2026年度", "2026年度第二党委"));
  });
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(EPOCH), TZ };
  const merge = spawnSync(
    process.execPath,
    [
      path.join(ROOT, "scripts", "cli.mjs"),
      "merge",
      "service-org.xlsx",
      "第二党委.xlsx",
      "-o",
      "申报汇总.xlsx",
    ],
    { cwd: dir, env, encoding: "utf8" },
  );
  expect(merge.status).toBe(0);
  const cliScored = cliBytes(path.join(dir, "申报汇总.xlsx"), "merged");
  const session = await openServedPage();
  try {
    const { page } = session;
    await page.getByLabel("选择文件…").setInputFiles([first, second]);
    await page.getByRole("button", { name: "第二党委.xlsx", exact: true }).waitFor();
    await page.getByRole("button", { name: "合并为一张表" }).click();
    await page.getByRole("button", { name: "申报汇总.xlsx", exact: true }).waitFor({ timeout: 120000 });
    // The merged workbook, offered for download until it is rated: the CLI's merge, byte for byte.
    const merged = await nextDownload(page, "申报汇总.xlsx", null);
    expect(merged.equals(readFileSync(path.join(dir, "申报汇总.xlsx")))).toBe(true);
    const pane = page.getByRole("region", { name: "申报汇总.xlsx" });
    await pane.getByText(/^工作表：/).waitFor({ timeout: 120000 });
    const href = await currentHref(page, "申报汇总.xlsx");
    await pane.getByRole("button", { name: "一键评定", exact: true }).click();
    const scored = await nextDownload(page, "申报汇总.xlsx", href);
    expect(scored.equals(cliScored)).toBe(true);
    await expect(
      page.getByRole("listitem").filter({ hasText: "申报汇总.xlsx" }).getByRole("link").textContent(),
    ).resolves.toContain("申报汇总（评定结果）.xlsx");
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

test("last year's results, 定稿 and 解除定稿 on the page: each download is the CLI's --prior / --finalize / --unfinalize bytes", async () => {
  const input = path.join(ROOT, "examples", "service-org.xlsx");
  // Last year's scored workbook, written a year earlier by the CLI.
  const prior = path.join(dir, "2025年评定结果.xlsx");
  cli(["score", input], prior, EPOCH - 365 * 86400);
  const session = await openServedPage();
  try {
    const { page } = session;
    await page.getByLabel("选择文件…").setInputFiles(input);
    const pane = page.getByRole("region", { name: "service-org.xlsx" });
    await pane.getByText(/^工作表：/).waitFor({ timeout: 120000 });
    await pane.getByText("定稿与上年结果", { exact: true }).click();

    // Picking last year's file is a run with it: `score --prior`.
    await pane.getByLabel("上年评定结果").setInputFiles(prior);
    const withPrior = await nextDownload(page, "service-org.xlsx", null);
    await pane.getByText(/^按「2025年评定结果.xlsx」取上年星级/).waitFor();
    expect(withPrior.equals(cliBytes(input, "prior", ["--prior", prior]))).toBe(true);

    // 定稿 keeps last year's file for the run: `score --prior --finalize`.
    let href = await currentHref(page, "service-org.xlsx");
    await pane.getByRole("button", { name: "定稿", exact: true }).click();
    const finalized = await nextDownload(page, "service-org.xlsx", href);
    await pane.getByText(/^已于 2026-01-01 08:00 定稿/).waitFor();
    expect(finalized.equals(cliBytes(input, "final", ["--prior", prior, "--finalize"]))).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "page-records-zh.png"), fullPage: true });

    // 一键评定 again: the choices stay with the file (the page never changes the original).
    href = await currentHref(page, "service-org.xlsx");
    await pane.getByRole("button", { name: "一键评定", exact: true }).click();
    const again = await nextDownload(page, "service-org.xlsx", href);
    expect(again.equals(finalized)).toBe(true);
  } finally {
    await session.close();
  }
  expectNoNetwork(session);
});

test("a finalised file opens with 解除定稿 on the page, and its download is the CLI's --unfinalize bytes", async () => {
  const input = path.join(ROOT, "examples", "star-branch.xlsx");
  const finalized = path.join(dir, "已定稿.xlsx");
  cli(["score", input, "--finalize"], finalized, EPOCH - 86400);
  const session = await openServedPage();
  try {
    const { page } = session;
    await page.getByLabel("选择文件…").setInputFiles(finalized);
    const pane = page.getByRole("region", { name: "已定稿.xlsx" });
    await pane.getByText(/^工作表：/).waitFor({ timeout: 120000 });
    await pane.getByText("定稿与上年结果", { exact: true }).click();
    await pane.getByText(/^已于 2025-12-31 08:00 定稿/).waitFor();
    await pane.getByRole("button", { name: "解除定稿", exact: true }).click();
    const unfrozen = await nextDownload(page, "已定稿.xlsx", null);
    await pane.getByText(/^尚未定稿/).waitFor();
    expect(unfrozen.equals(cliBytes(finalized, "unfinal", ["--unfinalize"]))).toBe(true);
  } finally {
    await session.close();
  }
  expectNoNetwork(session);
});

test("leaving with a rated file not downloaded asks first (beforeunload); once it is downloaded the page closes unasked", async () => {
  const session = await openFromDisk();
  try {
    const { page } = session;
    await page.getByRole("heading", { name: "星级评定助手", level: 1 }).waitFor();
    await page.getByLabel("选择文件…").setInputFiles(path.join(ROOT, "examples", "service-org.xlsx"));
    // The click on 一键评定 is the user's gesture: without one Chromium leaves without asking.
    await startRating(page, "service-org.xlsx");
    const item = page.getByRole("listitem").filter({ hasText: "service-org.xlsx" });
    await item.getByRole("link", { name: /^下载/ }).waitFor({ timeout: 300000 });
    const asked = page.waitForEvent("dialog");
    await page.close({ runBeforeUnload: true });
    const dialog = await asked;
    expect(dialog.type()).toBe("beforeunload");
    await dialog.dismiss(); // 留在此页: the page and its result stay
    await nextDownload(page, "service-org.xlsx", null);
    const dialogs: string[] = [];
    page.on("dialog", (other) => {
      dialogs.push(other.type());
      void other.dismiss();
    });
    const closed = page.waitForEvent("close");
    await page.close({ runBeforeUnload: true });
    await closed;
    expect(dialogs).toEqual([]);
  } finally {
    await session.close();
  }
  expect(session.errors).toEqual([]);
});

/**
 * Run in the page before its own scripts: the first scoring request posted to a worker is replaced by
 * a message its handler cannot read, so the real worker throws an uncaught error (an error event on
 * the page's Worker, as when it dies of an error or out of memory). Later workers are left alone.
 */
function breakFirstWorkerRun(): void {
  let broken = false;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: never[]) {
    const op = (message as { request?: { op?: string } } | null)?.request?.op;
    if (op === "score" && !broken) {
      broken = true;
      return post.call(this, null);
    }
    return post.call(this, message, ...rest);
  } as Worker["postMessage"];
}

test("a worker that dies in a run: 未能评定 with the reason, and 一键评定 again (a fresh worker) downloads the CLI's bytes", async () => {
  const input = path.join(ROOT, "examples", "service-org.xlsx");
  const session = await openPane({
    origin: server.origin,
    path: "index.html",
    office: { kind: "none" },
    viewport: VIEWPORT,
    fixedTime: NOW,
    navigate: false,
  });
  try {
    const { page } = session;
    await page.addInitScript(breakFirstWorkerRun);
    await page.goto(new URL("index.html", server.origin).href);
    await page.getByLabel("选择文件…").setInputFiles(input);
    await startRating(page, "service-org.xlsx");
    const item = page.getByRole("listitem").filter({ hasText: "service-org.xlsx" });
    await item.getByText("未能评定").waitFor({ timeout: 60000 });
    await page
      .getByText("评定过程意外中止（可能是文件太大、内存不足），请重试或改用命令行。", { exact: false })
      .first()
      .waitFor();
    // A fresh worker has the file again: the next run is the CLI's bytes.
    const result = await rateAndDownload(page, "service-org.xlsx");
    expect(result.bytes.equals(cliBytes(input, "service-org"))).toBe(true);
  } finally {
    await session.close();
  }
  expect(session.external).toEqual([]);
  // The worker's own uncaught error may be logged by the browser; nothing on the page itself.
  expect(session.errors.filter((e) => !/Cannot destructure|null/.test(e))).toEqual([]);
});
