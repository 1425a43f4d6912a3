/** @jest-environment jsdom */
import "./setup";
import { TextDecoder, TextEncoder } from "node:util";
import { act, fireEvent, screen, within } from "@testing-library/react";
import { createPageScorer } from "../../src/page/client";
import { FakeWorker, SILENT } from "../page/fakeWorker";
import { fakePageScorer } from "./fakes";

// jsdom has no TextEncoder; the page's services chunk (the rubric schema, the workbook layer) uses it.
Object.assign(globalThis, { TextEncoder, TextDecoder });
import { detectHost, langFromTag, themeFromBackground, type OfficeLike } from "../../src/taskpane/host";
import { renderOutside, renderPageWith } from "./setup";

describe("outside Excel: the page that scores files", () => {
  test("a plain browser gets the file scorer, in words for an office worker (Chinese)", () => {
    renderOutside({ inExcel: false, lang: "zh", theme: "light", reason: "no-host" });
    expect(screen.getByRole("heading", { level: 1, name: "星级评定助手" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "选择文件…" })).toBeTruthy();
    expect(screen.getByText(/不会上传/)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/npm|manifest|sideload|旁加载/i);
  });

  test("without Office.js at all, in English", () => {
    renderOutside({ inExcel: false, lang: "en", theme: "dark", reason: "no-office" });
    expect(screen.getByRole("heading", { level: 1, name: "Star Rating" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Choose files…" })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/npm|manifest/i);
  });

  test("another Office host is named", () => {
    renderOutside({ inExcel: false, lang: "zh", theme: "light", reason: "other-host", host: "Word" });
    expect(screen.getByText("当前宿主是 Word，本加载项仅支持 Excel。")).toBeTruthy();
  });

  test("a picked file gets the pane's panels; 一键评定 offers the scored workbook under a Chinese name", async () => {
    const { scorer, calls } = fakePageScorer();
    const urls: Blob[] = [];
    URL.createObjectURL = (blob: Blob) => {
      urls.push(blob);
      return `blob:test/${urls.length}`;
    };
    URL.revokeObjectURL = () => undefined;
    renderPageWith(scorer);
    // jsdom's File has no arrayBuffer(); browsers' has.
    const file = Object.assign(new File([new Uint8Array([80, 75, 3, 4])], "考评表.xlsx"), {
      arrayBuffer: async () => new Uint8Array([80, 75, 3, 4]).buffer,
    });
    fireEvent.change(screen.getByLabelText("选择文件…"), { target: { files: [file] } });
    const pane = await screen.findByRole("region", { name: "考评表.xlsx" }, { timeout: 20000 });
    await within(pane).findByText("工作表：评分表", undefined, { timeout: 10000 });
    expect(within(pane).queryByText("新建评分表")).toBeNull();
    fireEvent.click(within(pane).getByRole("button", { name: "一键评定" }));
    const link = await screen.findByRole(
      "link",
      { name: "下载「考评表（评定结果）.xlsx」" },
      { timeout: 10000 },
    );
    expect(link.getAttribute("download")).toBe("考评表（评定结果）.xlsx");
    expect(link.getAttribute("href")).toBe("blob:test/1");
    expect(urls[0].size).toBe(4);
    expect(screen.getByText("已评定")).toBeTruthy();
    const score = calls.find((c) => c.op === "score");
    // The rubric the file would get anyway is left to the use case: the CLI's choice, the CLI's bytes.
    expect(score && score.op === "score" && score.args.rubric).toBeUndefined();
    expect(calls[0]).toMatchObject({ op: "open", name: "考评表.xlsx" });
  });
});

describe("where the page says the rating runs", () => {
  test.each([
    ["zh", "此浏览器不允许后台评定，将在页面中评定：大文件评定时页面会暂时没有反应。"],
    [
      "en",
      "This browser does not allow background work; rating runs in the page, which stops responding while a large file is rated.",
    ],
  ] as const)(
    "a worker that dies and cannot be replaced: the page warns that rating now runs on it and may freeze (%s)",
    async (lang, warning) => {
      let made = 0;
      // The first worker answers everything but a start, which it dies on; no second one can be made.
      const first = new FakeWorker((request) => (request.op === "start" ? SILENT : null));
      const scorer = createPageScorer({ startWorker: async () => (made++ === 0 ? first.asWorker() : null) });
      renderPageWith(scorer, lang);
      await act(() => scorer.request({ op: "close", file: "a" }));
      expect(screen.queryByText(warning)).toBeNull();
      const owed = scorer.request({ op: "start", file: "a", lang });
      await new Promise((r) => setTimeout(r, 10));
      await act(async () => {
        first.fail();
        await owed.catch(() => undefined);
      });
      expect(await screen.findByText(warning)).toBeTruthy();
      expect(made).toBe(2);
    },
  );
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
