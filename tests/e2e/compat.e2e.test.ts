/**
 * The build as deployed: dist/manifest.xml points only at files dist/ has (SupportUrl = help.html),
 * and a webview that cannot run the ES2020 bundles shows a short Chinese message naming the Office
 * version needed, never a blank pane (src/compat/compat.js, docs/office-addin.md#old-hosts).
 *
 * An old webview (Internet Explorer 11 / EdgeHTML in Office 2016/2019) is played by Chromium with the
 * bundles refused (each served as source that does not parse) and the ES2020 built-ins removed
 * before any script runs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { openPane, type PaneSession } from "./support/browser";
import { distDir, excelConfig } from "./support/pane";
import { serveStatic, type StaticServer } from "./support/server";

let server: StaticServer;

beforeAll(async () => {
  server = await serveStatic(distDir());
});

afterAll(async () => {
  await server?.close();
});

const OLD_TITLE = "此加载项需要 Office 2021 / Microsoft 365 或更新版本";
const FAILED_TITLE = "星级评定助手未能加载";

/** Every script of the build except compat.js answers with source that does not parse. */
async function refuseBundles(page: Page): Promise<void> {
  await page.route(
    (url) =>
      url.origin + "/" === server.origin && url.pathname.endsWith(".js") && url.pathname !== "/compat.js",
    (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/javascript; charset=utf-8",
        // What an ES5 parser makes of `a?.b ?? c`.
        body: "var x = a?.b ?? c;\n@@ this webview cannot parse the build\n",
      }),
  );
}

/** The webview lacks what came with ES2020 (the built-ins compat.js looks for). */
async function withoutEs2020BuiltIns(session: PaneSession): Promise<void> {
  await session.context.addInitScript(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    delete (Promise as unknown as Record<string, unknown>).allSettled;
    delete (String.prototype as unknown as Record<string, unknown>).matchAll;
    delete g.BigInt;
  });
}

function onlySyntaxErrors(session: PaneSession): void {
  expect(session.errors.length).toBeGreaterThan(0);
  expect(session.errors.filter((e) => !/SyntaxError|Unexpected token|Invalid or unexpected/.test(e))).toEqual(
    [],
  );
  expect(session.external).toEqual([]);
}

test("dist/manifest.xml points only at files the build has, SupportUrl at the help page", () => {
  const dist = distDir();
  const manifest = readFileSync(path.join(dist, "manifest.xml"), "utf8");
  const urls = [...manifest.matchAll(/DefaultValue="(https:\/\/[^"]+)"/g)].map((m) => new URL(m[1]));
  expect(urls.length).toBeGreaterThan(8);
  // Every URL sits under the folder of the pane's own page (the deployment's base URL).
  const source = /<SourceLocation DefaultValue="([^"]+)"/.exec(manifest)?.[1] ?? "";
  const base = source.replace(/taskpane\.html$/, "");
  expect(base).toMatch(/^https:\/\/.+\/$/);
  expect(urls.filter((u) => !u.href.startsWith(base))).toEqual([]);
  for (const url of urls) {
    const file = path.join(dist, url.href.slice(base.length));
    expect({ url: url.href, exists: readFileSync(file).length > 0 }).toEqual({ url: url.href, exists: true });
  }
  const support = /<SupportUrl DefaultValue="([^"]+)"/.exec(manifest)?.[1] ?? "";
  expect(support).toBe(`${base}help.html`);
  const help = readFileSync(path.join(dist, "help.html"), "utf8");
  expect(help).toContain("<h1>星级评定助手 · 使用帮助</h1>");
  expect(help).not.toMatch(/<script/i);
});

test("the help page is served with the add-in and reads as a page, without script errors", async () => {
  const session = await openPane({
    origin: server.origin,
    office: { kind: "blocked" },
    path: "help.html",
  });
  try {
    await expect(session.page.locator("h1").textContent()).resolves.toBe("星级评定助手 · 使用帮助");
    await expect(session.page.locator("li").count()).resolves.toBeGreaterThan(6);
  } finally {
    await session.close();
  }
  expect(session.errors).toEqual([]);
  expect(server.notFound).toEqual([]);
});

test("an old webview (no ES2020) shows the Office version needed instead of a blank pane", async () => {
  const session = await openPane({
    origin: server.origin,
    office: { kind: "fake", config: await excelConfig("zh-CN") },
    navigate: false,
  });
  try {
    const { page } = session;
    await withoutEs2020BuiltIns(session);
    await refuseBundles(page);
    await page.goto(new URL("taskpane.html", server.origin).href);
    const alert = page.locator("#star-rating-unsupported");
    await alert.waitFor();
    const text = (await alert.textContent()) ?? "";
    expect(text).toContain(OLD_TITLE);
    expect(text).toContain("Office 2016、Office 2019 不能运行本加载项");
    expect(text).toContain("This add-in needs Office 2021");
    await expect(alert.getAttribute("role")).resolves.toBe("alert");
    await expect(alert.isVisible()).resolves.toBe(true);
  } finally {
    await session.close();
  }
  onlySyntaxErrors(session);
});

test("a current webview whose bundles did not load says so, without blaming the Office version", async () => {
  const session = await openPane({
    origin: server.origin,
    office: { kind: "fake", config: await excelConfig("zh-CN") },
    navigate: false,
  });
  try {
    const { page } = session;
    await refuseBundles(page);
    await page.goto(new URL("taskpane.html", server.origin).href);
    const text = (await page.locator("#star-rating-unsupported").textContent()) ?? "";
    expect(text).toContain(FAILED_TITLE);
    expect(text).not.toContain("Office 2021");
  } finally {
    await session.close();
  }
  onlySyntaxErrors(session);
});

test("in an old webview the ribbon command answers with the same message and completes", async () => {
  const session = await openPane({
    origin: server.origin,
    office: { kind: "fake", config: await excelConfig("zh-CN") },
    navigate: false,
    path: "commands.html",
  });
  try {
    const { page } = session;
    await withoutEs2020BuiltIns(session);
    await refuseBundles(page);
    await page.goto(new URL("commands.html", server.origin).href);
    type Win = {
      __associated?: Record<string, (event: { completed(): void }) => void>;
      __dialogs: { url: string }[];
      Office: {
        context: {
          ui: { displayDialogAsync(url: string, options: unknown, cb: (r: unknown) => void): void };
        };
      };
    };
    await page.waitForFunction(
      () => typeof (window as unknown as Win).__associated?.recomputeAll === "function",
    );
    const outcome = await page.evaluate(
      () =>
        new Promise<{ url: string; completed: number }>((resolve) => {
          const w = window as unknown as Win;
          let url = "";
          // The user reads the dialog and closes it with its X (12006).
          w.Office.context.ui.displayDialogAsync = (address, _options, callback) => {
            url = address;
            let onEvent: ((arg: { error: number }) => void) | undefined;
            callback({
              status: "succeeded",
              value: {
                addEventHandler: (_type: string, handler: (arg: { error: number }) => void) =>
                  (onEvent = handler),
                close: () => undefined,
              },
            });
            setTimeout(() => onEvent?.({ error: 12006 }), 50);
          };
          let completed = 0;
          w.__associated!.recomputeAll({
            completed() {
              completed++;
              setTimeout(() => resolve({ url, completed }), 200);
            },
          });
        }),
    );
    expect(outcome.completed).toBe(1);
    expect(new URL(outcome.url).pathname).toBe("/unsupported.html");

    await page.unrouteAll();
    await page.goto(outcome.url);
    await expect(page.locator("main").textContent()).resolves.toContain(OLD_TITLE);
  } finally {
    await session.close();
  }
  onlySyntaxErrors(session);
});

test("the real build runs: no old-host message in the pane or the function file", async () => {
  for (const pagePath of ["taskpane.html", "commands.html"]) {
    const session = await openPane({
      origin: server.origin,
      office: { kind: "fake", config: await excelConfig("zh-CN") },
      path: pagePath,
    });
    try {
      const { page } = session;
      await page.waitForFunction(
        () => (window as unknown as { __starRatingBooted?: boolean }).__starRatingBooted === true,
      );
      await page.waitForLoadState("load");
      await expect(page.locator("#star-rating-unsupported").count()).resolves.toBe(0);
    } finally {
      await session.close();
    }
    expect(session.errors).toEqual([]);
  }
});
