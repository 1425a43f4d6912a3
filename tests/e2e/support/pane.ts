/** What the browser tests share: the build to serve, the sample workbook, and reading the fake Excel. */
import { existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import type { DescribedWorkbook } from "../../support/fake-excel";
import type { RawCell } from "../../../src/engine/types";
import type { HarnessConfig } from "../harness";
import { describeXlsx } from "./workbook";

export const ROOT = process.cwd();
export const SAMPLE_XLSX = path.join(ROOT, "examples", "service-org.xlsx");
export const SAMPLE_SHEET = "评分表";
export const SUMMARY_SHEET = "评定汇总";
export const SETTINGS_SHEET = "_星级评定";

/**
 * Where the browser tests save their screenshots: docs/screenshots/ (what README shows) only when
 * UPDATE_SCREENSHOTS=1, else a folder in the system's temporary directory, so that a test run
 * leaves the checkout as it was (the images differ by a few pixels between runs).
 */
export function screenshotDir(): string {
  const dir =
    process.env.UPDATE_SCREENSHOTS === "1"
      ? path.join(ROOT, "docs", "screenshots")
      : path.join(os.tmpdir(), "star-rating-screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The production build to serve: E2E_DIST, else dist/. */
export function distDir(): string {
  const dir = path.resolve(ROOT, process.env.E2E_DIST ?? "dist");
  if (!existsSync(path.join(dir, "taskpane.html")))
    throw new Error(
      `${dir}/taskpane.html 不存在，请先运行 npm run build / not built: run npm run build first`,
    );
  return dir;
}

let sample: Promise<DescribedWorkbook> | null = null;
export function sampleWorkbook(): Promise<DescribedWorkbook> {
  sample ??= describeXlsx(SAMPLE_XLSX);
  return sample;
}

export async function excelConfig(
  displayLanguage: "zh-CN" | "en-US",
  theme: "light" | "dark" = "light",
): Promise<HarnessConfig> {
  return { displayLanguage, theme, workbook: await sampleWorkbook() };
}

interface FakeExcelView {
  readValues(name: string): RawCell[][];
  snapshot(): string;
  sheets: { name: string; visibility: string }[];
  syncs: unknown[];
  selection: { sheet: string; address: string } | null;
}
type WithFake = { __fakeExcel: FakeExcelView };

/** A sheet's values as the in-memory Excel holds them (rows from row 1, columns from A). */
export function sheetValues(page: Page, name: string): Promise<RawCell[][]> {
  return page.evaluate((sheet) => (window as unknown as WithFake).__fakeExcel.readValues(sheet), name);
}

export function sheetNames(page: Page): Promise<{ name: string; visibility: string }[]> {
  return page.evaluate(() =>
    (window as unknown as WithFake).__fakeExcel.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
    })),
  );
}

/** The whole workbook state (cells, formats, merges, sheets, charts) as comparable text. */
export function workbookSnapshot(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as WithFake).__fakeExcel.snapshot());
}

/**
 * How the page's syncs reached the in-memory Excel: `officeJs` when Microsoft's library is loaded
 * (`OfficeExtension`) and every sync was a message it serialised to the bridge (the emulated host
 * records the message's size); the largest request body as sent.
 */
export function officeJsSyncs(
  page: Page,
): Promise<{ officeJs: boolean; syncs: number; maxRequestBytes: number }> {
  return page.evaluate(() => {
    const w = window as unknown as {
      OfficeExtension?: unknown;
      __fakeExcel: { syncs: { requestBytes: number; messageBytes?: number }[] };
    };
    const syncs = w.__fakeExcel.syncs;
    return {
      officeJs: typeof w.OfficeExtension === "object" && syncs.every((s) => (s.messageBytes ?? 0) > 0),
      syncs: syncs.length,
      maxRequestBytes: Math.max(0, ...syncs.map((s) => s.requestBytes)),
    };
  });
}

export function syncCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as WithFake).__fakeExcel.syncs.length);
}

export function selection(page: Page): Promise<{ sheet: string; address: string } | null> {
  return page.evaluate(() => (window as unknown as WithFake).__fakeExcel.selection);
}

/** The settings the workbook carries: JSON chunks in column A of the very hidden sheet. */
export async function carriedSettings(
  page: Page,
): Promise<{ mapping?: { columns?: Record<string, string> } }> {
  const rows = await sheetValues(page, SETTINGS_SHEET);
  return JSON.parse(rows.map((r) => String(r[0] ?? "")).join("")) as {
    mapping?: { columns?: Record<string, string> };
  };
}

/** Column values under a header in the given header row (1-based), down to the last row. */
export function columnUnder(rows: RawCell[][], headerRow: number, header: string): RawCell[] {
  const col = rows[headerRow - 1].findIndex((v) => v === header);
  if (col < 0) throw new Error(`header ${header} not found in row ${headerRow}`);
  return rows.slice(headerRow).map((r) => r[col] ?? null);
}

/** The rows of a block in the summary sheet: from the row after `header`'s first cell to the first empty row. */
export function summaryBlock(rows: RawCell[][], title: string): RawCell[][] {
  const start = rows.findIndex((r) => r[0] === title);
  if (start < 0) throw new Error(`summary block ${title} not found`);
  const out: RawCell[][] = [];
  for (let i = start + 1; i < rows.length && rows[i].length > 0 && rows[i][0] !== null; i++)
    out.push(rows[i]);
  return out;
}
