/**
 * Screenshots of the pane after a recompute (flags visible), in both themes and both languages, for
 * docs/screenshots/. The checks here are about what a screenshot cannot prove by itself: the theme
 * really is applied, and nothing is wider than the task pane.
 */
import path from "node:path";
import { openPane } from "./support/browser";
import { lowContrastText } from "./support/contrast";
import { distDir, excelConfig, screenshotDir } from "./support/pane";
import { serveStatic, type StaticServer } from "./support/server";

const OUT = screenshotDir();
/** About the width Excel gives a task pane on a laptop screen. */
const VIEWPORT = { width: 380, height: 900 };

const cases = [
  {
    lang: "zh",
    displayLanguage: "zh-CN",
    theme: "light",
    run: "一键评定",
    table: "工作表：评分表",
    flags: /^评定标记（\d+）$/,
  },
  {
    lang: "zh",
    displayLanguage: "zh-CN",
    theme: "dark",
    run: "一键评定",
    table: "工作表：评分表",
    flags: /^评定标记（\d+）$/,
  },
  {
    lang: "en",
    displayLanguage: "en-US",
    theme: "light",
    run: "Rate All (一键评定)",
    table: "Sheet: 评分表",
    flags: /^Flags \(\d+\)$/,
  },
  {
    lang: "en",
    displayLanguage: "en-US",
    theme: "dark",
    run: "Rate All (一键评定)",
    table: "Sheet: 评分表",
    flags: /^Flags \(\d+\)$/,
  },
] as const;

let server: StaticServer;

beforeAll(async () => {
  server = await serveStatic(distDir());
});

afterAll(async () => {
  await server?.close();
});

/** WCAG relative luminance of a CSS "rgb(r, g, b)" colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test.each(cases)("pane-$lang-$theme (png): after a recompute, flags visible", async (c) => {
  const session = await openPane({
    origin: server.origin,
    office: { kind: "fake", config: await excelConfig(c.displayLanguage, c.theme) },
    viewport: VIEWPORT,
  });
  try {
    const { page } = session;
    const run = page.getByRole("button", { name: c.run, exact: true });
    await run.waitFor();
    await page.getByText(c.table, { exact: true }).waitFor(); // the table was detected
    await run.click();
    await page.getByText(c.flags).waitFor();

    const colours = await page.evaluate(() => {
      const main = document.querySelector("main");
      if (!main) throw new Error("no <main>");
      const style = getComputedStyle(main);
      return { background: style.backgroundColor, text: style.color };
    });
    const bg = luminance(colours.background);
    const fg = luminance(colours.text);
    if (c.theme === "dark") expect(bg).toBeLessThan(0.05);
    else expect(bg).toBeGreaterThan(0.9);
    // WCAG contrast of the body text against the pane.
    expect((Math.max(bg, fg) + 0.05) / (Math.min(bg, fg) + 0.05)).toBeGreaterThan(7);

    // Every visible text meets WCAG AA (4.5:1) against what is behind it, in both themes.
    expect(await page.evaluate(lowContrastText, 4.5)).toEqual([]);

    // Nothing forces a horizontal scrollbar in a narrow pane.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    await page.screenshot({ path: path.join(OUT, `pane-${c.lang}-${c.theme}.png`), fullPage: true });
    expect(session.errors).toEqual([]);
    expect(session.external).toEqual([]);
  } finally {
    await session.close();
  }
});
