/**
 * 定稿 / 解除定稿 and last year's results (SPEC §10, docs/records.md), folded away under one line so
 * that 一键评定 stays in view. Each action is a run with that request (the CLI's --finalize,
 * --unfinalize, --prior); picking last year's file runs one with it (the workbook keeps it for
 * later runs).
 */
import { Button, makeStyles, Text, tokens } from "@fluentui/react-components";
import { useRef } from "react";
import { useI18n } from "./i18n";
import type { RecordsRequest } from "./services";

const useStyles = makeStyles({
  details: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: "6px 10px",
  },
  summary: { cursor: "pointer", fontWeight: tokens.fontWeightSemibold, padding: "2px 0" },
  body: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "8px", paddingTop: "6px" },
});

/** "2026-12-03 10:30" in local time (the time the settings keep is ISO, in UTC). */
export function shownTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A picked file's bytes (FileReader: every webview Office uses has it; Blob.arrayBuffer is newer);
 * `unreadable` is the message when the file cannot be read (moved, locked by another program).
 */
function readBytes(file: File, unreadable: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(new Error(unreadable, { cause: reader.error }));
    reader.readAsArrayBuffer(file);
  });
}

export interface RecordsState {
  /** When the results were frozen (ISO), or null. */
  finalizedAt: string | null;
  /** The file last year's results come from, or null. */
  priorSource: string | null;
}

export function RecordsPanel({
  state,
  busy,
  onPage,
  onRun,
}: {
  state: RecordsState;
  busy: boolean;
  /** On the page outside Excel: each run's records go into the downloaded file. */
  onPage: boolean;
  /** A promise while last year's file is read: the run is under way from the pick on. */
  onRun: (records: RecordsRequest | Promise<RecordsRequest>) => void;
}) {
  const styles = useStyles();
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const pickPrior = (file: File | undefined) => {
    if (!file) return;
    const bytes = readBytes(file, t.recordsPriorUnreadable(file.name));
    onRun(bytes.then((read) => ({ prior: { name: file.name, bytes: read } })));
  };
  const { finalizedAt, priorSource } = state;
  return (
    <details className={styles.details}>
      <summary className={styles.summary}>{t.recordsTitle}</summary>
      <div className={styles.body}>
        <Text size={200}>
          {finalizedAt ? t.recordsFinalizedAt(shownTime(finalizedAt)) : t.recordsNotFinalized}
        </Text>
        <Button
          disabledFocusable={busy}
          onClick={() => onRun(finalizedAt ? { unfinalize: true } : { finalize: true })}
        >
          {finalizedAt ? t.recordsUnfinalize : t.recordsFinalize}
        </Button>
        {/* The browser's own file input would speak the browser's language: a button of ours opens it. */}
        <Button disabledFocusable={busy} onClick={() => input.current?.click()}>
          {t.recordsPickPrior}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".xlsx,.xlsm"
          hidden
          aria-label={t.recordsPrior}
          disabled={busy}
          onChange={(event) => {
            pickPrior(event.target.files?.[0]);
            // The same file again is a new pick (a re-run after it was corrected).
            event.target.value = "";
          }}
        />
        <Text size={200}>{priorSource ? t.recordsPriorChosen(priorSource) : t.recordsPriorHint}</Text>
        {onPage && <Text size={200}>{t.recordsOnPage}</Text>}
      </div>
    </details>
  );
}
