import { Body1, Link, MessageBar, MessageBarBody, Subtitle1, Title3 } from "@fluentui/react-components";
import type { HostInfo } from "./host";
import { useI18n } from "./i18n";

/** Shown instead of a blank page when the pane is opened outside Excel. */
export function OutsideExcel({ host }: { host: Extract<HostInfo, { inExcel: false }> }) {
  const { t } = useI18n();
  const why =
    host.reason === "no-office"
      ? t.outsideNoOffice
      : host.reason === "other-host"
        ? t.outsideOtherHost(host.host ?? "?")
        : t.outsideNoHost;
  return (
    <main style={{ padding: 16, display: "flex", flexDirection: "column", gap: 12, maxWidth: 640 }}>
      <Title3 as="h1">{t.outsideTitle}</Title3>
      <MessageBar intent="info">
        <MessageBarBody>{why}</MessageBarBody>
      </MessageBar>
      <Body1 as="p">{t.outsideWhat}</Body1>
      <Subtitle1 as="h2">{t.outsideHowTitle}</Subtitle1>
      <ol style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.6 }}>
        <li>{t.outsideHowDesktop}</li>
        <li>{t.outsideHowWeb}</li>
        <li>{t.outsideHowRibbon}</li>
      </ol>
      <Body1 as="p">
        <Link
          href="https://learn.microsoft.com/office/dev/add-ins/testing/test-debug-office-add-ins"
          target="_blank"
          rel="noreferrer"
        >
          {t.outsideSideloadLink}
        </Link>
      </Body1>
      <Body1 as="p">
        {t.outsideCli} {/* A command must not break inside itself ("npm run cli --" | "score …"). */}
        <code style={{ whiteSpace: "nowrap", fontFamily: "inherit", fontWeight: 600 }}>
          {t.outsideCliCommand}
        </code>
      </Body1>
    </main>
  );
}
