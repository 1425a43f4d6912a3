/**
 * Shared jsdom setup for the task pane tests: the browser APIs Fluent UI touches that jsdom lacks,
 * and a render helper that wraps the pane the way index.tsx does.
 */
import { render, type RenderResult } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createElement } from "react";
import type { PageScorer } from "../../src/page/client";
import { I18nContext, messages } from "../../src/taskpane/i18n";
import { OutsideExcel } from "../../src/taskpane/OutsideExcel";
import type { HostInfo } from "../../src/taskpane/host";
import { PaneRoot } from "../../src/taskpane/Root";
import type { PaneServices } from "../../src/taskpane/services";

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

const g = globalThis as unknown as Record<string, unknown>;
if (!g.ResizeObserver) g.ResizeObserver = ResizeObserverStub;
if (typeof window !== "undefined" && !window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (typeof Element !== "undefined" && !Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = () => {};
}

export function renderPane(services: PaneServices, lang: "zh" | "en" = "zh"): RenderResult {
  const host: HostInfo = { inExcel: true, lang, theme: "light" };
  return render(createElement(PaneRoot, { host, loadServices: () => Promise.resolve(services) }));
}

export function renderOutside(host: Extract<HostInfo, { inExcel: false }>): RenderResult {
  return render(
    createElement(PaneRoot, { host, loadServices: () => Promise.reject(new Error("not in Excel")) }),
  );
}

/** The page outside Excel (Chinese unless told) over a given scorer, as the pane's root would show it. */
export function renderPageWith(scorer: PageScorer, lang: "zh" | "en" = "zh"): RenderResult {
  const host = { inExcel: false, lang, theme: "light", reason: "no-office" } as const;
  const page = createElement(OutsideExcel, { host, createScorer: () => scorer });
  const i18n = createElement(I18nContext.Provider, { value: { lang, t: messages[lang] } }, page);
  return render(createElement(FluentProvider, { theme: webLightTheme }, i18n));
}
