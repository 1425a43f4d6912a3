/**
 * Task pane entry: find out where we are (Excel or not, language, theme) before rendering, so that
 * the first paint is already in the right language and theme.
 */
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { createRoot } from "react-dom/client";
import { detectHost, type HostInfo, type OfficeLike } from "./host";
import { I18nContext, messages } from "./i18n";
import { OutsideExcel } from "./OutsideExcel";

function officeGlobal(): OfficeLike | undefined {
  const candidate = (globalThis as { Office?: OfficeLike }).Office;
  return candidate && typeof candidate.onReady === "function" ? candidate : undefined;
}

function render(host: HostInfo): void {
  const container = document.getElementById("container");
  if (!container) throw new Error("taskpane.html has no #container");
  document.documentElement.lang = host.lang === "zh" ? "zh-CN" : "en";
  const t = messages[host.lang];
  document.title = t.appTitle;
  createRoot(container).render(
    <FluentProvider
      theme={host.theme === "dark" ? webDarkTheme : webLightTheme}
      style={{ minHeight: "100vh" }}
    >
      <I18nContext.Provider value={{ lang: host.lang, t }}>
        {host.inExcel ? <main style={{ padding: 16 }}>{t.appTitle}</main> : <OutsideExcel host={host} />}
      </I18nContext.Provider>
    </FluentProvider>,
  );
}

void detectHost({ office: officeGlobal(), browserLanguage: navigator.language }).then(render);
