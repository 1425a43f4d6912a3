/**
 * The flags of the last recompute, grouped by severity with counts. A flag with a cell is a button
 * that selects that cell in Excel; long groups show the first items and expand on request, so a
 * 10,000-row table does not render 10,000 buttons at once.
 */
import {
  Button,
  CounterBadge,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import type { Severity } from "../engine/types";
import { useI18n } from "./i18n";
import { Section } from "./Section";
import { SEVERITIES, type PaneFlag, type PaneServices } from "./services";

const PAGE = 50;

const useStyles = makeStyles({
  group: { display: "flex", flexDirection: "column", gap: "4px" },
  heading: { display: "flex", alignItems: "center", gap: "6px", margin: 0 },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "2px" },
  flagButton: {
    justifyContent: "flex-start",
    textAlign: "start",
    height: "auto",
    minHeight: "28px",
    fontWeight: tokens.fontWeightRegular,
    whiteSpace: "normal",
  },
  flagText: { padding: "4px 10px", display: "block" },
  // Not monospace: without Consolas the fallback monospace draws the letter O like a zero, and
  // "O10" (column O) read as "010". The base font keeps them apart; semibold sets the address off.
  cell: { fontWeight: tokens.fontWeightSemibold, marginInlineEnd: "6px" },
});

const badgeColor: Record<Severity, "danger" | "important" | "informative"> = {
  error: "danger",
  warning: "important",
  info: "informative",
};

function FlagLine({ flag }: { flag: PaneFlag }) {
  const styles = useStyles();
  const { t } = useI18n();
  const where = flag.cell ?? (flag.row !== undefined ? t.flagRow(flag.row) : null);
  return (
    <>
      {where && <span className={styles.cell}>{where}</span>}
      {flag.branch && <span>{flag.branch} · </span>}
      <span>{flag.message}</span>
    </>
  );
}

export function FlagsPanel({ flags, services }: { flags: PaneFlag[]; services: PaneServices }) {
  const styles = useStyles();
  const { t } = useI18n();
  const [shown, setShown] = useState<Record<Severity, number>>({ error: PAGE, warning: PAGE, info: PAGE });
  const [selectError, setSelectError] = useState<string | null>(null);

  const selectCell = services.selectCell;
  const select = (flag: PaneFlag, address: string) => {
    setSelectError(null);
    selectCell?.(flag.sheet, address).catch((error: unknown) => {
      setSelectError(
        t.selectFailed(`${flag.sheet}!${address}`, error instanceof Error ? error.message : String(error)),
      );
    });
  };

  return (
    <Section title={t.flagsTitle(flags.length)}>
      {flags.length === 0 && <Text>{t.flagsNone}</Text>}
      {selectError && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{selectError}</MessageBarBody>
        </MessageBar>
      )}
      {SEVERITIES.map((severity) => {
        const group = flags.filter((f) => f.severity === severity);
        if (group.length === 0) return null;
        const limit = shown[severity];
        return (
          <div key={severity} className={styles.group}>
            <Text as="h3" weight="semibold" className={styles.heading}>
              {t.severity[severity]}
              <CounterBadge
                count={group.length}
                overflowCount={99999}
                color={badgeColor[severity]}
                aria-label={t.flagsCount(group.length)}
              />
            </Text>
            <ul className={styles.list} aria-label={`${t.severity[severity]} ${t.flagsCount(group.length)}`}>
              {group.slice(0, limit).map((flag, i) => {
                const address = selectCell ? (flag.target ?? flag.cell) : undefined;
                return (
                  <li key={i}>
                    {address ? (
                      <Button
                        appearance="subtle"
                        className={styles.flagButton}
                        onClick={() => select(flag, address)}
                        title={t.flagSelectHint(flag.sheet, address)}
                      >
                        <span>
                          <FlagLine flag={flag} />
                        </span>
                      </Button>
                    ) : (
                      <Text className={styles.flagText}>
                        <FlagLine flag={flag} />
                      </Text>
                    )}
                  </li>
                );
              })}
            </ul>
            {group.length > limit && (
              <Button size="small" onClick={() => setShown((s) => ({ ...s, [severity]: group.length }))}>
                {t.flagsShowAll(group.length - limit)}
              </Button>
            )}
          </div>
        );
      })}
    </Section>
  );
}
