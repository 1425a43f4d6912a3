/**
 * The built task pane in headless Chromium, against the in-memory Excel loaded with the sample
 * workbook (examples/service-org.xlsx). Every test also checks that the page logged no error and
 * sent no request off the machine.
 */
import { presets } from "../../src/engine";
import type { RawCell } from "../../src/engine/types";
import { openPane, type OpenOptions, type PaneSession } from "./support/browser";
import {
  carriedSettings,
  columnUnder,
  distDir,
  officeJsSyncs,
  excelConfig,
  ROOT,
  screenshotDir,
  SAMPLE_XLSX,
  selection,
  sheetNames,
  sheetValues,
  syncCount,
  workbookSnapshot,
  SAMPLE_SHEET,
  SETTINGS_SHEET,
  SUMMARY_SHEET,
} from "./support/pane";
import { serveStatic, type StaticServer } from "./support/server";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";

/** The sample's header row (two title rows above it). */
const HEADER_ROW = 3;
const FIXED_TIME = new Date("2026-12-01T01:30:00Z"); // 09:30 in Beijing

let server: StaticServer;

beforeAll(async () => {
  server = await serveStatic(distDir());
});

afterAll(async () => {
  await server?.close();
});

async function withPane(
  options: Omit<OpenOptions, "origin">,
  body: (session: PaneSession) => Promise<void>,
): Promise<PaneSession> {
  const session = await openPane({ origin: server.origin, ...options });
  try {
    await body(session);
  } finally {
    await session.close();
  }
  return session;
}

function expectClean(session: PaneSession, allowedErrors: RegExp[] = []): void {
  expect(session.errors.filter((e) => !allowedErrors.some((re) => re.test(e)))).toEqual([]);
  expect(session.external).toEqual([]);
  expect(server.notFound).toEqual([]);
}

const zh = { run: "一键评定", sheetLine: "工作表：评分表", refresh: "重新识别" };
const en = { run: "Rate All (一键评定)", sheetLine: "Sheet: 评分表", refresh: "Detect again" };

/** The pane is usable once the detected table is shown. */
async function waitForTable(page: Page, sheetLine: string): Promise<void> {
  await page.getByText(sheetLine, { exact: true }).waitFor();
}

/** Clicks 一键评定 and waits until the run is over (Excel was used and the button is back). */
async function rate(page: Page, runLabel: string): Promise<void> {
  const before = await syncCount(page);
  await page.getByRole("button", { name: runLabel, exact: true }).click();
  await page.waitForFunction(
    ([n, label]) => {
      const fake = (window as unknown as { __fakeExcel: { syncs: unknown[] } }).__fakeExcel;
      const button = [...document.querySelectorAll("button")].find((b) => b.textContent === label);
      return (
        fake.syncs.length > n &&
        button !== undefined &&
        !button.disabled &&
        button.getAttribute("aria-disabled") !== "true"
      );
    },
    [before, runLabel] as const,
  );
}

function counts(values: RawCell[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) if (v !== null) out.set(String(v), (out.get(String(v)) ?? 0) + 1);
  return out;
}

test("renders in Chinese when Excel's display language is zh-CN", async () => {
  const session = await withPane(
    { office: { kind: "fake", config: await excelConfig("zh-CN") } },
    async ({ page }) => {
      await waitForTable(page, zh.sheetLine);
      await expect(page.getByRole("heading", { name: "星级评定助手" }).count()).resolves.toBe(1);
      await expect(page.getByText("评定方案", { exact: true }).count()).resolves.toBe(1);
      await expect(page.getByText("识别的表格", { exact: true }).count()).resolves.toBe(1);
      await expect(page.getByRole("button", { name: zh.run, exact: true }).isEnabled()).resolves.toBe(true);
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("zh-CN");
      // The sample's headers match the service-org preset, which is picked without being asked.
      await expect(page.getByLabel("使用的方案").inputValue()).resolves.toBe("preset:service-org");
    },
  );
  expectClean(session);
});

test("renders in English when Excel's display language is en-US", async () => {
  const session = await withPane(
    { office: { kind: "fake", config: await excelConfig("en-US") } },
    async ({ page }) => {
      await waitForTable(page, en.sheetLine);
      await expect(page.getByRole("heading", { name: "Star Rating" }).count()).resolves.toBe(1);
      await expect(page.getByText("Detected table", { exact: true }).count()).resolves.toBe(1);
      await expect(page.getByText("Header row: 3", { exact: true }).count()).resolves.toBe(1);
      await expect(page.getByRole("button", { name: en.run, exact: true }).isEnabled()).resolves.toBe(true);
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe("en");
      // No Chinese UI chrome beside the workbook's own headers and the bilingual button name.
      await expect(page.getByText("识别的表格").count()).resolves.toBe(0);

      // Results and flags speak English too (the branch names are the workbook's own).
      await rate(page, en.run);
      await page.getByText(/^Rated 27 branches \(/).waitFor();
      const flag = await page.getByTitle(`Select ${SAMPLE_SHEET}!I6 in Excel`).textContent();
      expect(flag).toContain("93%");
      expect((flag ?? "").replace("政策法规处党支部", "")).not.toMatch(/[\u4e00-\u9fff]/);
    },
  );
  expectClean(session);
});

test("shows the detected table and mapping; a changed mapping survives re-detection and is used and stored by the next recompute", async () => {
  const session = await withPane(
    { office: { kind: "fake", config: await excelConfig("zh-CN") } },
    async ({ page }) => {
      await waitForTable(page, zh.sheetLine);
      await expect(page.getByText("表头行：第 3 行", { exact: true }).count()).resolves.toBe(1);
      // Every required column was found, so the pickers are folded away behind one line.
      await expect(page.getByRole("combobox").count()).resolves.toBe(1); // the rubric picker only
      await page.getByRole("button", { name: "查看或修改", exact: true }).click();
      await expect(page.getByLabel(/^党支部名称/).inputValue()).resolves.toBe("B");
      await expect(page.getByLabel(/^服务体系/).inputValue()).resolves.toBe("D");
      await expect(page.getByLabel("群众满意率", { exact: true }).inputValue()).resolves.toBe("I");
      const prior = page.getByLabel("上年星级", { exact: true });
      await expect(prior.inputValue()).resolves.toBe("O");

      // Baseline: the tier-jump check reads last year's stars from column O.
      await rate(page, zh.run);
      const flagsBefore = columnUnder(await sheetValues(page, SAMPLE_SHEET), HEADER_ROW, "评定标记").map(
        String,
      );
      expect(flagsBefore.some((f) => /\bO\d+ [^；]*较上年/.test(f))).toBe(true);

      // Point 上年星级 at 申报星级 (K) instead.
      await prior.selectOption("K");
      await expect(prior.inputValue()).resolves.toBe("K");
      await page.getByText("手动选择的对应关系将在下次评定时使用并保存到工作簿。").waitFor();

      const refresh = page.getByRole("button", { name: zh.refresh, exact: true });
      const readsBefore = await syncCount(page);
      await refresh.click();
      await page.waitForFunction((n) => {
        const fake = (window as unknown as { __fakeExcel: { syncs: unknown[] } }).__fakeExcel;
        const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "重新识别");
        return (
          fake.syncs.length > n &&
          button !== undefined &&
          !button.disabled &&
          button.getAttribute("aria-disabled") !== "true"
        );
      }, readsBefore);
      await expect(page.getByLabel("上年星级", { exact: true }).inputValue()).resolves.toBe("K");

      await rate(page, zh.run);
      const settings = await carriedSettings(page);
      expect(settings.mapping?.columns?.priorStars).toBe("K");
      const flagsAfter = columnUnder(await sheetValues(page, SAMPLE_SHEET), HEADER_ROW, "评定标记").map(
        String,
      );
      expect(flagsAfter.some((f) => /\bO\d+ [^；]*较上年/.test(f))).toBe(false);
      expect(flagsAfter.some((f) => /\bK\d+ [^；]*较上年/.test(f))).toBe(true);
    },
  );
  expectClean(session);
});

test("一键评定 writes the results and the summary, shows the distribution, and a second click changes nothing", async () => {
  const session = await withPane(
    { office: { kind: "fake", config: await excelConfig("zh-CN") }, fixedTime: FIXED_TIME },
    async ({ page }) => {
      await waitForTable(page, zh.sheetLine);
      const untouched = await sheetValues(page, SAMPLE_SHEET);
      await expect(sheetNames(page)).resolves.toEqual([{ name: SAMPLE_SHEET, visibility: "Visible" }]);

      await rate(page, zh.run);
      const rows = await sheetValues(page, SAMPLE_SHEET);
      // Inputs are untouched: every original cell reads the same.
      untouched.forEach((row, r) => row.forEach((v, c) => expect([r, c, rows[r][c]]).toEqual([r, c, v])));

      const tiers = columnUnder(rows, HEADER_ROW, "评定星级");
      const totals = columnUnder(rows, HEADER_ROW, "评定总分");
      const names = columnUnder(rows, HEADER_ROW, "党支部名称");
      expect(tiers).toHaveLength(30);
      // 办公室党支部: 19+19.5+19+20+19 = 96.5, satisfaction 98% → 五星级.
      expect([names[0], totals[0], tiers[0]]).toEqual(["办公室党支部", 96.5, "五星级"]);
      // 政策法规处党支部: 96.5 but satisfaction 93% < 95% → capped at 四星级.
      expect([names[2], totals[2], tiers[2]]).toEqual(["政策法规处党支部", 96.5, "四星级"]);
      const byTier = counts(tiers);
      const rated = tiers.filter((t) => t !== "未评定").length;
      expect(byTier.get("未评定")).toBeGreaterThan(0);

      // The summary sheet's distribution agrees with the result column.
      const names2 = await sheetNames(page);
      expect(names2).toEqual(
        expect.arrayContaining([
          { name: SUMMARY_SHEET, visibility: "Visible" },
          { name: SETTINGS_SHEET, visibility: "VeryHidden" },
        ]),
      );
      const summary = await sheetValues(page, SUMMARY_SHEET);
      // "一、星级分布", then its table one column in: 星级, 支部数, 占比.
      const heading = summary.findIndex((r) => String(r[0] ?? "").endsWith("星级分布"));
      expect(heading).toBeGreaterThan(0);
      const distribution: RawCell[][] = [];
      for (let r = heading + 2; r < summary.length && summary[r]?.[1] != null; r++)
        distribution.push(summary[r].slice(1));
      const listed = new Map(distribution.filter((r) => r[0] !== "合计").map((r) => [String(r[0]), r[1]]));
      for (const [tier, n] of byTier) expect([tier, listed.get(tier)]).toEqual([tier, n]);
      expect(distribution.find((r) => r[0] === "合计")?.[1]).toBe(30);
      expect(String(summary[1]?.[0])).toContain("计算时间：2026-12-01 09:30");

      // The pane's result line says the same.
      const line = await page.getByText(/^已评定 \d+ 个支部/).textContent();
      expect(line).toContain(`已评定 ${rated} 个支部`);
      for (const [tier, n] of byTier) if (tier !== "未评定") expect(line).toContain(`${tier} ${n}`);
      expect(line).toContain(`未评定 ${byTier.get("未评定")} 个`);
      // It names every sheet written: the scored one, then each owned sheet the run rewrote.
      const written = (await sheetNames(page))
        .filter((s) => s.visibility === "Visible" && s.name !== SAMPLE_SHEET)
        .map((s) => `「${s.name}」`);
      expect(written).toContain(`「${SUMMARY_SHEET}」`);
      await page.getByText(`结果已写入「${SAMPLE_SHEET}」；已更新${written.join("、")}。`).waitFor();

      const first = await workbookSnapshot(page);
      await rate(page, zh.run);
      expect(await workbookSnapshot(page)).toBe(first);
      // All of it went through Microsoft's excel-web-16.00.js to the emulated host.
      const through = await officeJsSyncs(page);
      expect(through.officeJs).toBe(true);
      expect(through.syncs).toBeGreaterThan(2);
    },
  );
  expectClean(session);
});

test("clicking a flag selects its cell in Excel", async () => {
  const session = await withPane(
    { office: { kind: "fake", config: await excelConfig("zh-CN") } },
    async ({ page }) => {
      await waitForTable(page, zh.sheetLine);
      await rate(page, zh.run);
      // The flag about 政策法规处党支部's satisfaction (I6, 93%).
      const flag = page.getByTitle(`在 Excel 中选中 ${SAMPLE_SHEET}!I6`);
      await expect(flag.textContent()).resolves.toContain("93%");
      await expect(selection(page)).resolves.not.toEqual({ sheet: SAMPLE_SHEET, address: "I6" });
      await flag.click();
      await page.waitForFunction(
        () => (window as unknown as { __fakeExcel: { selection: unknown } }).__fakeExcel.selection !== null,
      );
      await expect(selection(page)).resolves.toEqual({ sheet: SAMPLE_SHEET, address: "I6" });

      // A row-level note (near the next tier) has no cell of its own: it selects the branch's name cell.
      const note = page.getByRole("button").filter({ hasText: "第15行" });
      await expect(note.textContent()).resolves.toContain("可评");
      await note.click();
      await page.waitForFunction(
        () =>
          (window as unknown as { __fakeExcel: { selection: { address: string } | null } }).__fakeExcel
            .selection?.address !== "I6",
      );
      await expect(selection(page)).resolves.toEqual({ sheet: SAMPLE_SHEET, address: "B15" });
    },
  );
  expectClean(session);
});

test("switching to a preset the sheet does not fit shows what is missing, and rating then writes nothing", async () => {
  const session = await withPane(
    { office: { kind: "fake", config: await excelConfig("zh-CN") } },
    async ({ page }) => {
      await waitForTable(page, zh.sheetLine);
      const before = await workbookSnapshot(page);
      await page.getByLabel("使用的方案").selectOption("preset:star-branch");
      await page.getByText("缺少必需的列：评定时不会写入任何内容。").waitFor();
      await expect(page.getByText("内置方案（只读） · 版本", { exact: false }).count()).resolves.toBe(1);

      await page.getByRole("button", { name: zh.run, exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "缺少" }).last().waitFor();
      expect(await workbookSnapshot(page)).toBe(before);

      // Back to the preset that fits: detection finds the table again and rating works.
      await page.getByLabel("使用的方案").selectOption("preset:service-org");
      await page.getByText("缺少必需的列：评定时不会写入任何内容。").waitFor({ state: "detached" });
      await rate(page, zh.run);
      await page.getByText(/^已评定 27 个支部/).waitFor();
    },
  );
  expectClean(session);
});

test("importing an invalid rubric file shows the schema path and changes nothing", async () => {
  const bad = JSON.parse(JSON.stringify(presets.find((p) => p.id === "service-org"))) as {
    tiers: { bands: { min: number }[] };
  };
  bad.tiers.bands[2].min = 99;
  const session = await withPane(
    { office: { kind: "fake", config: await excelConfig("zh-CN") } },
    async ({ page }) => {
      await waitForTable(page, zh.sheetLine);
      const before = await workbookSnapshot(page);
      const syncsBefore = await syncCount(page);
      await page.getByLabel("选择评定方案文件").setInputFiles({
        name: "bad-rubric.json",
        mimeType: "application/json",
        buffer: Buffer.from(JSON.stringify(bad, null, 2)),
      });
      const message = page.getByText("bad-rubric.json 不是有效的评定方案，未做任何更改：");
      await message.waitFor();
      await page.getByText("tiers.bands[2].min", { exact: true }).waitFor();
      await expect(page.getByText(/必须小于 tiers\.bands\[1\]\.min/).count()).resolves.toBe(1);
      // The rubric in use is still the preset, no custom choice appeared, Excel was not touched.
      const picker = page.getByLabel("使用的方案");
      await expect(picker.inputValue()).resolves.toBe("preset:service-org");
      await expect(picker.locator("option[value=custom]").count()).resolves.toBe(0);
      expect(await syncCount(page)).toBe(syncsBefore);
      expect(await workbookSnapshot(page)).toBe(before);
    },
  );
  expectClean(session);
});

test("opened in a plain browser with the real office.js, the pane's page scores files instead", async () => {
  const session = await withPane({ office: { kind: "real" } }, async ({ page }) => {
    await page.getByRole("heading", { name: "星级评定助手", level: 1 }).waitFor();
    await page.getByRole("button", { name: "选择文件…" }).waitFor();
    // Words for an office worker: nothing about npm, manifests or sideloading.
    await expect(page.locator("body").innerText()).resolves.not.toMatch(/npm|manifest|旁加载/i);
    await expect(page.getByRole("button", { name: zh.run, exact: true }).count()).resolves.toBe(0);
    await page.screenshot({
      path: path.join(screenshotDir(), "pane-outside-excel-zh.png"),
      fullPage: true,
    });
  });
  // Office.js tries to frame its telemetry page; the pane's CSP blocks it (the one error allowed here).
  expectClean(session, [
    /^console: Framing 'https:\/\/telemetryservice\.firstpartyapps\.oaspapps\.com\/' violates/,
  ]);
});

test("when Office.js cannot load at all, the page scores files instead of staying blank", async () => {
  const session = await withPane({ office: { kind: "blocked" } }, async ({ page }) => {
    await page.getByRole("heading", { name: "星级评定助手", level: 1 }).waitFor();
    await page.getByRole("button", { name: "选择文件…" }).waitFor();
  });
  // The blocked script tag itself is the one error the browser reports.
  expectClean(session, [/^console: Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/]);
});

test("on an Excel with only ExcelApi 1.7 (the manifest's minimum), rating and a re-run through office.js give the same results as at the newest level", async () => {
  const valuesOn = async (apiVersion: number): Promise<RawCell[][]> => {
    let values: RawCell[][] = [];
    const session = await withPane(
      { office: { kind: "fake", config: { ...(await excelConfig("zh-CN")), apiVersion } } },
      async ({ page }) => {
        await waitForTable(page, zh.sheetLine);
        await rate(page, zh.run);
        await page.getByText(/^已评定 27 个支部/).waitFor();
        values = await sheetValues(page, SAMPLE_SHEET);
        expect((await sheetNames(page)).map((s) => s.name)).toContain(SUMMARY_SHEET);
        // A re-run at this level rewrites in place and ends with the same values.
        await rate(page, zh.run);
        expect(await sheetValues(page, SAMPLE_SHEET)).toEqual(values);
        await expect(officeJsSyncs(page)).resolves.toMatchObject({ officeJs: true });
      },
    );
    expectClean(session);
    return values;
  };
  const oldest = await valuesOn(7);
  expect(columnUnder(oldest, HEADER_ROW, "评定星级").slice(0, 3)).toEqual(["五星级", "五星级", "四星级"]);
  expect(oldest).toEqual(await valuesOn(17));
});

test("新建评分表 with sample rows adds a ready-to-fill sheet, selects its first cell, and the pane detects it", async () => {
  const session = await withPane(
    { office: { kind: "fake", config: await excelConfig("zh-CN") } },
    async ({ page }) => {
      await waitForTable(page, zh.sheetLine);
      const before = (await sheetNames(page)).map((s) => s.name);
      await page.getByRole("checkbox", { name: "含示例数据" }).check();
      await page.getByRole("button", { name: "新建评分表", exact: true }).click();
      const done = page.getByText(/^已新建工作表「.+」。$/);
      await done.waitFor();
      const created = /「(.+)」/.exec((await done.textContent()) ?? "")?.[1] ?? "";
      expect(before).not.toContain(created);
      expect((await sheetNames(page)).map((s) => s.name)).toContain(created);

      const sheet = await page.evaluate((name) => {
        const fake = (
          window as unknown as {
            __fakeExcel: {
              sheet(n: string): { freeze: { rows: number } | null; validations: unknown[] } | undefined;
              activeSheet: string;
              selection: { sheet: string; address: string } | null;
            };
          }
        ).__fakeExcel;
        const s = fake.sheet(name);
        return {
          freezeRows: s?.freeze?.rows ?? 0,
          validations: s?.validations.length ?? 0,
          active: fake.activeSheet,
          selection: fake.selection,
        };
      }, created);
      expect(sheet.active).toBe(created);
      expect(sheet.validations).toBeGreaterThan(0);
      expect(sheet.freezeRows).toBeGreaterThan(0);
      // The header row is frozen; the first data cell (the branch name under it) is selected for typing.
      expect(sheet.selection).toEqual({ sheet: created, address: `B${sheet.freezeRows + 1}` });

      const rows = await sheetValues(page, created);
      const headers = rows[sheet.freezeRows - 1].map(String);
      expect(headers).toEqual(expect.arrayContaining(["党支部名称", "服务体系（20分）", "群众满意率"]));
      expect(rows.length).toBeGreaterThan(sheet.freezeRows + 1); // sample rows under the header

      // The pane looked at the new active sheet.
      await page.getByText(`工作表：${created}`, { exact: true }).waitFor();
    },
  );
  expectClean(session);
});

test("in a 350×700 pane 一键评定 is in view without scrolling, and the Chinese pane shows no English or codes", async () => {
  const viewport = { width: 350, height: 700 };
  const session = await withPane(
    { office: { kind: "fake", config: await excelConfig("zh-CN") }, viewport },
    async ({ page }) => {
      await waitForTable(page, zh.sheetLine);
      const button = page.getByRole("button", { name: zh.run, exact: true });
      const box = await button.boundingBox();
      const scrolled = await page.evaluate(() => window.scrollY);
      expect(scrolled).toBe(0);
      expect(box).not.toBeNull();
      // The whole button, not just its top edge, inside the viewport.
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
      expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      // What the user sees on opening the pane (README).
      await page.screenshot({ path: path.join(screenshotDir(), "pane-zh-350x700.png") });

      // After a run, with every fold opened (rubric, thresholds, 公示名单, the column pickers):
      // words only. Allowed: cell addresses and column letters (Excel's own), the version number.
      await rate(page, zh.run);
      await page.getByText(/^已评定 27 个支部/).waitFor();
      await page.getByRole("button", { name: "查看或修改", exact: true }).click();
      for (const summary of await page.locator("summary").all()) await summary.click();
      const text = await page.evaluate(() => document.body.innerText);
      const leftover = text
        .replace(/\b[A-Z]{1,3}\d+\b/g, "") // cell addresses (I6, F13)
        .replace(/\b[A-Z]{1,3} · /g, "") // column letters in the pickers
        .match(/[A-Za-z_]{2,}[^\n]{0,30}/g);
      expect(leftover).toBeNull();
      expect(text).not.toContain("service-org");
      expect(text).not.toContain("JSON");
      await expect(page.getByRole("button", { name: "导入方案文件", exact: true }).count()).resolves.toBe(1);
    },
  );
  expectClean(session);
});

test("定稿 and last year's results in the pane: each is a run, carried in the workbook, shown folded under one line", async () => {
  const prior = path.join(mkdtempSync(path.join(os.tmpdir(), "pane-prior-")), "2025年评定结果.xlsx");
  const made = spawnSync(process.execPath, ["scripts/cli.mjs", "score", SAMPLE_XLSX, "-o", prior], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(made.status).toBe(0);
  const session = await withPane(
    {
      office: { kind: "fake", config: await excelConfig("zh-CN") },
      viewport: { width: 380, height: 900 },
      fixedTime: FIXED_TIME,
    },
    async ({ page }) => {
      await waitForTable(page, zh.sheetLine);
      await page.getByText("定稿与上年结果", { exact: true }).click();
      await page.getByText(/^尚未定稿/).waitFor();

      // Last year's workbook: a run that takes 上年星级 by name; the workbook keeps where from.
      let before = await syncCount(page);
      await page.getByLabel("上年评定结果").setInputFiles(prior);
      await page.getByText(/^按「2025年评定结果.xlsx」取上年星级/).waitFor();
      await page.getByText(/^已评定 27 个支部/).waitFor();
      expect(await syncCount(page)).toBeGreaterThan(before);
      const summary = await sheetValues(page, SUMMARY_SHEET);
      expect(summary.some((r) => typeof r[0] === "string" && r[0].includes("动态变化"))).toBe(true);

      // 定稿: a run that freezes; the pane then offers 解除定稿 and says when.
      before = await syncCount(page);
      await page.getByRole("button", { name: "定稿", exact: true }).click();
      await page.getByText(/^已于 2026-12-01 09:30 定稿/).waitFor();
      const carried = (await carriedSettings(page)) as { final?: { at: string }; prior?: { source: string } };
      expect(carried.final?.at).toBe(FIXED_TIME.toISOString());
      expect(carried.prior?.source).toBe("2025年评定结果.xlsx");
      await page.screenshot({
        path: path.join(screenshotDir(), "pane-records-zh.png"),
        fullPage: true,
      });

      await page.getByRole("button", { name: "解除定稿", exact: true }).click();
      await page.getByText(/^尚未定稿/).waitFor();
      expect(((await carriedSettings(page)) as { final?: unknown }).final).toBeUndefined();
    },
  );
  expectClean(session);
});
