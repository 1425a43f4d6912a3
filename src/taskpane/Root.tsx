/**
 * The pane's root: theme, language, and either the pane or the "open me in Excel" page.
 * Services are loaded lazily so that the first paint (and the outside-Excel page) does not wait
 * for the engine, the schema library and the workbook layer.
 */
import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Spinner,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import { App } from "./App";
import type { HostInfo } from "./host";
import { I18nContext, messages } from "./i18n";
import { OutsideExcel } from "./OutsideExcel";
import type { PaneServices } from "./services";
import type { Lang } from "../engine/types";

/** Creates the services for the pane's language (messages from Excel and the engine follow it). */
export type ServiceLoader = (lang: Lang) => Promise<PaneServices>;

type Loaded =
  { kind: "loading" } | { kind: "ready"; services: PaneServices } | { kind: "failed"; detail: string };

function InExcel({ loadServices, lang }: { loadServices: ServiceLoader; lang: Lang }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  useEffect(() => {
    let live = true;
    loadServices(lang).then(
      (services) => live && setLoaded({ kind: "ready", services }),
      (error: unknown) =>
        live && setLoaded({ kind: "failed", detail: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [loadServices, lang]);
  return loaded.kind === "ready" ? <App services={loaded.services} /> : <Loading loaded={loaded} />;
}

function Loading({ loaded }: { loaded: Exclude<Loaded, { kind: "ready" }> }) {
  return (
    <I18nContext.Consumer>
      {({ t }) => (
        <main style={{ padding: 16 }}>
          {loaded.kind === "loading" ? (
            <Spinner label={t.loading} />
          ) : (
            <MessageBar intent="error" role="alert">
              <MessageBarBody>{t.actionFailed(loaded.detail)}</MessageBarBody>
            </MessageBar>
          )}
        </main>
      )}
    </I18nContext.Consumer>
  );
}

export function PaneRoot({ host, loadServices }: { host: HostInfo; loadServices: ServiceLoader }) {
  const i18n = useMemo(() => ({ lang: host.lang, t: messages[host.lang] }), [host.lang]);
  return (
    <FluentProvider
      theme={host.theme === "dark" ? webDarkTheme : webLightTheme}
      style={{ minHeight: "100vh" }}
    >
      <I18nContext.Provider value={i18n}>
        {host.inExcel ? (
          <InExcel loadServices={loadServices} lang={host.lang} />
        ) : (
          <OutsideExcel host={host} />
        )}
      </I18nContext.Provider>
    </FluentProvider>
  );
}
