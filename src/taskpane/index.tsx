/**
 * Task pane entry: find out where we are (Excel or not, language, theme) before rendering, so that
 * the first paint is already in the right language and theme. The services (engine, schema,
 * workbook layer, Office.js adapter) are a separate chunk, loaded only inside Excel.
 */
import "../compat/booted";
import { createRoot } from "react-dom/client";
import { detectHost, type HostInfo, type OfficeLike } from "./host";
import { messages } from "./i18n";
import { PaneRoot, type ServiceLoader } from "./Root";

function officeGlobal(): OfficeLike | undefined {
  const candidate = (globalThis as { Office?: OfficeLike }).Office;
  return candidate && typeof candidate.onReady === "function" ? candidate : undefined;
}

const loadServices: ServiceLoader = (lang) =>
  import(/* webpackChunkName: "services" */ "./officeServices").then((m) => m.createOfficeServices({ lang }));

function render(host: HostInfo): void {
  const container = document.getElementById("container");
  if (!container) throw new Error("taskpane.html has no #container");
  document.documentElement.lang = host.lang === "zh" ? "zh-CN" : "en";
  document.title = messages[host.lang].appTitle;
  createRoot(container).render(<PaneRoot host={host} loadServices={loadServices} />);
}

void detectHost({ office: officeGlobal(), browserLanguage: navigator.language }).then(render);
