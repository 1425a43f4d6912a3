/** @jest-environment jsdom */
import "./setup";
import { screen } from "@testing-library/react";
import { detectHost, langFromTag, themeFromBackground, type OfficeLike } from "../../src/taskpane/host";
import { renderOutside } from "./setup";

describe("outside Excel", () => {
  test("a plain browser gets an explanation and sideloading steps, in Chinese", () => {
    renderOutside({ inExcel: false, lang: "zh", theme: "light", reason: "no-host" });
    expect(screen.getByRole("heading", { level: 1, name: "请在 Excel 中打开星级评定助手" })).toBeTruthy();
    expect(screen.getByText("当前页面是在普通浏览器中打开的，不在 Excel 里。")).toBeTruthy();
    expect(screen.getByRole("heading", { level: 2, name: "如何在 Excel 中加载（旁加载）" })).toBeTruthy();
    expect(screen.getByText(/上传我的加载项，选择 manifest.xml/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "一键评定" })).toBeNull();
  });

  test("without Office.js at all, in English", () => {
    renderOutside({ inExcel: false, lang: "en", theme: "dark", reason: "no-office" });
    expect(screen.getByRole("heading", { level: 1, name: "Open Star Rating inside Excel" })).toBeTruthy();
    expect(screen.getByText(/Office.js could not be loaded/)).toBeTruthy();
  });

  test("another Office host is named", () => {
    renderOutside({ inExcel: false, lang: "zh", theme: "light", reason: "other-host", host: "Word" });
    expect(screen.getByText("当前宿主是 Word，本加载项仅支持 Excel。")).toBeTruthy();
  });
});

describe("host detection", () => {
  const office = (
    host: string | null,
    displayLanguage?: string,
    bodyBackgroundColor?: string,
  ): OfficeLike => ({
    onReady: () => Promise.resolve({ host, platform: null }),
    context: { displayLanguage, officeTheme: bodyBackgroundColor ? { bodyBackgroundColor } : undefined },
  });

  test("language: zh* is Chinese, anything else English", () => {
    expect(["zh-CN", "zh-TW", "zh", "ZH-hans"].map(langFromTag)).toEqual(["zh", "zh", "zh", "zh"]);
    expect(["en-US", "de-DE", "", undefined, "zhx"].map(langFromTag)).toEqual(["en", "en", "en", "en", "en"]);
  });

  test("theme: dark body background → dark, light or unknown → light", () => {
    expect(themeFromBackground("#1F1F1F")).toBe("dark");
    expect(themeFromBackground("#262626")).toBe("dark");
    expect(themeFromBackground("#FFFFFF")).toBe("light");
    expect(themeFromBackground("#E6E6E6")).toBe("light");
    expect(themeFromBackground(undefined)).toBe("light");
    expect(themeFromBackground("not a colour")).toBe("light");
  });

  test("Excel with Chinese display language and a dark theme", async () => {
    await expect(
      detectHost({ office: office("Excel", "zh-CN", "#212121"), browserLanguage: "en-US" }),
    ).resolves.toEqual({
      inExcel: true,
      lang: "zh",
      theme: "dark",
    });
  });

  test("Office.onReady with no host is a plain browser; no Office global at all is no-office", async () => {
    await expect(detectHost({ office: office(null), browserLanguage: "zh-CN" })).resolves.toMatchObject({
      inExcel: false,
      reason: "no-host",
      lang: "zh",
    });
    await expect(detectHost({ office: undefined, browserLanguage: "en-GB" })).resolves.toEqual({
      inExcel: false,
      reason: "no-office",
      lang: "en",
      theme: "light",
    });
    await expect(detectHost({ office: office("Word", "en-US") })).resolves.toMatchObject({
      inExcel: false,
      reason: "other-host",
      host: "Word",
    });
  });

  test("a host that never answers is treated as no host after the timeout", async () => {
    const silent: OfficeLike = { onReady: () => new Promise(() => {}) };
    await expect(detectHost({ office: silent, browserLanguage: "en", timeoutMs: 5 })).resolves.toMatchObject({
      inExcel: false,
      reason: "no-host",
    });
  });
});

describe("theme", () => {
  test("the Office theme picks Fluent's dark or light tokens", async () => {
    const { webDarkTheme, webLightTheme } = await import("@fluentui/react-components");
    // Griffel inserts rules through the CSSOM, so read them there rather than from the tags' text.
    const styleText = () =>
      [...document.head.querySelectorAll("style")]
        .flatMap((s) => [s.textContent ?? "", ...[...(s.sheet?.cssRules ?? [])].map((r) => r.cssText)])
        .join("\n");
    const dark = renderOutside({ inExcel: false, lang: "zh", theme: "dark", reason: "no-host" });
    expect(styleText()).toContain(`--colorNeutralBackground1: ${webDarkTheme.colorNeutralBackground1}`);
    dark.unmount();
    document.head.querySelectorAll("style").forEach((s) => s.remove());
    renderOutside({ inExcel: false, lang: "zh", theme: "light", reason: "no-host" });
    expect(styleText()).toContain(`--colorNeutralBackground1: ${webLightTheme.colorNeutralBackground1}`);
    expect(styleText()).not.toContain(`--colorNeutralBackground1: ${webDarkTheme.colorNeutralBackground1}`);
  });
});
