/**
 * Chromium (Debian's, driven by playwright-core) and one task pane page per test, each in a browser
 * context of its own (as isolated as a new profile), with every request accounted for: the page's own origin is served by the static server, the Office.js CDN
 * URL is answered locally (the harness, or the real office.js from @microsoft/office-js), and
 * anything else is recorded and aborted, since the pane must not use the network.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { HarnessConfig } from "../harness";
import { harnessScript } from "./harness-bundle";

export const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_CDN_DIR = "https://appsforoffice.microsoft.com/lib/1/hosted/";
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const REAL_OFFICE_DIR = path.join(process.cwd(), "node_modules", "@microsoft", "office-js", "dist");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** What answers the Office.js script tag. */
export type OfficeMode =
  | { kind: "fake"; config: HarnessConfig }
  /** The real office.js (and its string files) from node_modules: a plain browser, no Office host. */
  | { kind: "real" }
  /** Office.js does not load at all (offline, blocked). */
  | { kind: "blocked" }
  /** A page that must not ask for Office.js at all: a request for it is recorded like any other. */
  | { kind: "none" };

export interface PaneSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, in order. */
  errors: string[];
  /** Requests that would have left the machine (aborted). */
  external: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  origin: string;
  office: OfficeMode;
  /** A task pane's size; Excel's default pane is about 350 px wide. */
  viewport?: { width: number; height: number };
  /** The page to open, relative to the server (default taskpane.html). */
  path?: string;
  /** Navigate right away (default true). */
  navigate?: boolean;
  /** Date.now()/new Date() in the page (timers keep running), so a re-run writes the same time. */
  fixedTime?: Date;
  /** A page opened from disk (file://): the files under this directory are its own; any other file is not. */
  ownFiles?: string;
}

function isLocal(url: URL): boolean {
  return url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
}

/** The real office.js and the files it asks for next to itself (localized strings, host scripts). */
function realOfficeFile(url: string): string | null {
  if (!url.startsWith(OFFICE_CDN_DIR)) return null;
  const rel = decodeURIComponent(new URL(url).pathname.slice(new URL(OFFICE_CDN_DIR).pathname.length));
  const file = path.resolve(REAL_OFFICE_DIR, rel);
  if (!file.startsWith(REAL_OFFICE_DIR + path.sep) || !existsSync(file) || !statSync(file).isFile())
    return null;
  return file;
}

const watched = new WeakSet<Page>();

/** Collects console errors and uncaught exceptions of a page into `errors` (once per page). */
export function watchPage(page: Page, errors: string[]): void {
  if (watched.has(page)) return;
  watched.add(page);
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
}

function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Under Jest, one Chromium serves all the tests of a file, each in a fresh context, and is closed
 * after the file: starting a browser per test cost ~1–1.5 s each. Elsewhere (bench/) each session
 * starts its own and closes it with the session.
 */
const jestAfterAll = (globalThis as { afterAll?: (fn: () => Promise<void>) => void }).afterAll;
let shared: Promise<Browser> | null = null;
if (jestAfterAll)
  jestAfterAll(async () => {
    const browser = shared;
    shared = null;
    if (browser) await (await browser).close();
  });

async function browserFor(): Promise<{ browser: Browser; own: boolean }> {
  if (!jestAfterAll) return { browser: await launch(), own: true };
  shared ??= launch();
  try {
    return { browser: await shared, own: false };
  } catch (error) {
    shared = null;
    throw error;
  }
}

export async function openPane(options: OpenOptions): Promise<PaneSession> {
  const { browser, own } = await browserFor();
  let context: BrowserContext;
  try {
    context = await browser.newContext({
      viewport: options.viewport ?? { width: 380, height: 900 },
      deviceScaleFactor: 1,
      locale: options.office.kind === "fake" ? options.office.config.displayLanguage : "zh-CN",
      serviceWorkers: "block",
      timezoneId: "Asia/Shanghai",
    });
  } catch (error) {
    if (own) await browser.close();
    throw error;
  }
  if (options.fixedTime) await context.clock.setFixedTime(options.fixedTime);
  const errors: string[] = [];
  const external: string[] = [];
  const office = options.office;
  await context.route("**/*", async (route) => {
    const href = route.request().url();
    const url = new URL(href);
    if (url.protocol === "file:" && options.ownFiles) {
      const file = path.resolve(decodeURIComponent(url.pathname));
      if (file.startsWith(path.resolve(options.ownFiles) + path.sep)) return route.continue();
    }
    if (isLocal(url)) return route.continue();
    if (office.kind === "fake" && href === OFFICE_CDN) {
      return route.fulfill({
        status: 200,
        contentType: "text/javascript; charset=utf-8",
        body: harnessScript(office.config),
      });
    }
    if (office.kind === "real") {
      const file = realOfficeFile(href);
      if (file) {
        return route.fulfill({
          status: 200,
          contentType: "text/javascript; charset=utf-8",
          body: readFileSync(file),
        });
      }
    }
    if (office.kind === "blocked" && href === OFFICE_CDN) return route.abort("internetdisconnected");
    external.push(href);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  watchPage(page, errors);
  // Pages opened later (the benchmark opens one per run) are watched the same way.
  context.on("page", (other) => watchPage(other, errors));
  const session: PaneSession = {
    context,
    page,
    errors,
    external,
    close: async () => {
      await context.close();
      if (own) await browser.close();
    },
  };
  if (options.navigate !== false)
    await page.goto(new URL(options.path ?? "taskpane.html", options.origin).href);
  return session;
}
