/**
 * The ribbon's 一键评定 (an ExecuteFunction command in commands.html), run the way Excel runs it:
 * the function file loads, associates `recomputeAll`, and is called with an event that must be
 * completed exactly once. On success the workbook is rated without the pane and a dialog says what
 * was done; on failure the user is told why in dialog.html.
 */
import type { Page } from "playwright-core";
import type { DescribedWorkbook } from "../support/fake-excel";
import { openPane, type PaneSession } from "./support/browser";
import {
  columnUnder,
  distDir,
  excelConfig,
  sheetNames,
  sheetValues,
  workbookSnapshot,
  SAMPLE_SHEET,
  SUMMARY_SHEET,
} from "./support/pane";
import { serveStatic, type StaticServer } from "./support/server";

let server: StaticServer;

beforeAll(async () => {
  server = await serveStatic(distDir());
});

afterAll(async () => {
  await server?.close();
});

interface RibbonWindow {
  __associated?: Record<string, (event: { completed(): void }) => unknown>;
  __dialogs: { url: string; closed: boolean }[];
  __parentMessages: string[];
}

/** Calls the associated command like Excel does and resolves with how many times it completed. */
async function clickRibbonButton(page: Page, name: string): Promise<number> {
  await page.waitForFunction(
    (fn) => typeof (window as unknown as RibbonWindow).__associated?.[fn] === "function",
    name,
  );
  return page.evaluate(
    (fn) =>
      new Promise<number>((resolve) => {
        let completed = 0;
        const action = (window as unknown as RibbonWindow).__associated![fn];
        void action({
          completed() {
            completed++;
            // Give a second, wrong call a chance to show up before answering.
            setTimeout(() => resolve(completed), 200);
          },
        });
      }),
    name,
  );
}

function expectClean(session: PaneSession): void {
  expect(session.errors).toEqual([]);
  expect(session.external).toEqual([]);
  expect(server.notFound).toEqual([]);
}

test("一键评定 on the ribbon rates the workbook without the pane, says what it did and completes the event once", async () => {
  const session = await openPane({
    origin: server.origin,
    office: { kind: "fake", config: await excelConfig("zh-CN") },
    path: "commands.html",
  });
  try {
    const { page } = session;
    await expect(clickRibbonButton(page, "recomputeAll")).resolves.toBe(1);
    const tiers = columnUnder(await sheetValues(page, SAMPLE_SHEET), 3, "评定星级");
    expect(tiers.slice(0, 3)).toEqual(["五星级", "五星级", "四星级"]);
    expect((await sheetNames(page)).map((s) => s.name)).toContain(SUMMARY_SHEET);
    // It says what it did, in a dialog the "user" closes with OK.
    const dialogs = await page.evaluate(() => (window as unknown as RibbonWindow).__dialogs);
    expect(dialogs).toHaveLength(1);
    const done = new URL(dialogs[0].url).searchParams;
    expect(done.get("title")).toBe("一键评定完成");
    expect(done.get("body")).toMatch(/^已评定 \d+ 个支部：五星级 \d+/);
    // …and which sheets it wrote: the scored sheet, then every owned sheet it rewrote.
    const owned = (await sheetNames(page))
      .filter((s) => s.visibility === "Visible" && s.name !== SAMPLE_SHEET)
      .map((s) => `「${s.name}」`);
    expect(owned).toContain(`「${SUMMARY_SHEET}」`);
    expect(done.get("body")?.split("\n")[1]).toBe(
      `结果已写入「${SAMPLE_SHEET}」；已更新${owned.join("、")}。`,
    );
  } finally {
    await session.close();
  }
  expectClean(session);
});

test("when there is nothing to rate, the ribbon command says why in a dialog and writes nothing", async () => {
  const workbook: DescribedWorkbook = {
    sheets: [{ name: "Sheet1", rows: [["会议记录"], ["2026年12月1日", "支部大会"]] }],
  };
  const session = await openPane({
    origin: server.origin,
    office: { kind: "fake", config: { ...(await excelConfig("zh-CN")), workbook } },
    path: "commands.html",
  });
  try {
    const { page } = session;
    const before = await workbookSnapshot(page);
    await expect(clickRibbonButton(page, "recomputeAll")).resolves.toBe(1);
    expect(await workbookSnapshot(page)).toBe(before);

    const dialogs = await page.evaluate(() => (window as unknown as RibbonWindow).__dialogs);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0].closed).toBe(true);
    const url = new URL(dialogs[0].url);
    expect(url.origin + "/").toBe(server.origin);
    expect(url.pathname).toBe("/dialog.html");
    expect(url.searchParams.get("lang")).toBe("zh");
    expect(url.searchParams.get("title")).toBe("一键评定未完成");
    const body = url.searchParams.get("body") ?? "";
    // It names the sheet and the rubrics to choose from (by name: ids are for files and the command
    // line), so the user knows what to do, and where.
    expect(body).toContain("Sheet1");
    expect(body).toContain("「五星级服务型党组织（百分制）」");
    expect(body).toContain("评定面板");
    expect(body).not.toMatch(/--[a-z]|service-org/);

    // The dialog page itself shows that message and answers OK to its parent.
    await page.goto(url.href);
    await expect(page.locator("#title").textContent()).resolves.toBe("一键评定未完成");
    await expect(page.locator("#message").textContent()).resolves.toBe(body);
    await page.getByRole("button", { name: "确定" }).click();
    await expect(page.evaluate(() => (window as unknown as RibbonWindow).__parentMessages)).resolves.toEqual([
      "close",
    ]);
  } finally {
    await session.close();
  }
  expectClean(session);
});
