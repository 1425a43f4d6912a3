/**
 * The rubric in use: pick a preset or the workbook's own, read it, import/export it as JSON, and
 * adjust its thresholds. Presets stay read-only: an import or an edit becomes a separate "custom"
 * choice, which is what the next recompute stores in the workbook.
 */
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useRef, useState, type ChangeEvent } from "react";
import type { Rubric } from "../engine/types";
import { useI18n } from "./i18n";
import { RubricDetails } from "./RubricDetails";
import { rubricName, withoutPath } from "./rubricText";
import { Section } from "./Section";
import { localize, type PaneServices, type RubricError } from "./services";
import { ThresholdEditor } from "./ThresholdEditor";

export interface RubricChoice {
  source: "preset" | "carried" | "imported" | "edited";
  rubric: Rubric;
}

const useStyles = makeStyles({
  // A native select sizes itself to its longest option; in a 320 px pane it must shrink instead.
  narrow: { minWidth: 0, maxWidth: "100%" },
  select: { minWidth: 0, width: "100%", "& select": { textOverflow: "ellipsis" } },
  row: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center" },
  hiddenInput: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clipPath: "inset(50%)",
    whiteSpace: "nowrap",
  },
  details: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: "6px 10px",
  },
  summary: { cursor: "pointer", fontWeight: tokens.fontWeightSemibold, padding: "2px 0" },
  errorList: { margin: "4px 0 0", paddingInlineStart: "18px" },
  code: { fontFamily: tokens.fontFamilyMonospace },
});

type Notice =
  | { kind: "imported"; name: string; fileName: string }
  | { kind: "importFailed"; fileName: string; errors: RubricError[] }
  | { kind: "exported"; fileName: string; text: string }
  | { kind: "exportFallback"; fileName: string; text: string }
  | { kind: "applied" }
  | { kind: "failed"; message: string };

const rubricKeys = new WeakMap<Rubric, number>();
let nextRubricKey = 0;
/** A stable key per rubric object, so the threshold editor starts afresh whenever the rubric in use changes. */
function rubricKey(rubric: Rubric): number {
  let key = rubricKeys.get(rubric);
  if (key === undefined) {
    key = ++nextRubricKey;
    rubricKeys.set(rubric, key);
  }
  return key;
}

function readText(file: File): Promise<string> {
  if (typeof file.text === "function") return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ""));
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsText(file);
  });
}

/** Offer the JSON as a download; false when the host's browser cannot (then the text is shown to copy). */
function download(fileName: string, text: string): boolean {
  if (typeof URL.createObjectURL !== "function") return false;
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = "noopener";
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return true;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The picker: the workbook's rubric, the presets and the custom one (imported or edited). */
function RubricPicker({
  presets,
  carried,
  custom,
  choice,
  onPick,
}: {
  presets: Rubric[];
  carried: Rubric | null;
  custom: RubricChoice | null;
  choice: RubricChoice;
  onPick: (value: string) => void;
}) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const selected =
    choice.source === "carried"
      ? "carried"
      : choice.source === "preset"
        ? `preset:${choice.rubric.id}`
        : "custom";
  const sourceLabel = {
    preset: t.rubricSourcePreset,
    carried: t.rubricSourceCarried,
    imported: t.rubricSourceImported,
    edited: t.rubricSourceEdited,
  }[choice.source];
  return (
    <Field
      className={styles.narrow}
      label={t.rubricPicker}
      hint={`${sourceLabel} · ${t.rubricVersion(choice.rubric.version)}`}
    >
      <Select className={styles.select} value={selected} onChange={(_, data) => onPick(data.value)}>
        {carried && <option value="carried">{t.rubricCarriedOption(rubricName(carried, lang))}</option>}
        {presets.map((p) => (
          <option key={p.id} value={`preset:${p.id}`}>
            {t.rubricPresetOption(rubricName(p, lang))}
          </option>
        ))}
        {custom && (
          <option value="custom">
            {t.rubricCustomOption(
              rubricName(custom.rubric, lang),
              custom.source === "edited" ? t.rubricSourceEdited : t.rubricSourceImported,
            )}
          </option>
        )}
      </Select>
    </Field>
  );
}

/** Import from a JSON file (hidden file input behind a button) and export the rubric in use. */
function ImportExport({
  services,
  rubric,
  onImported,
  setNotice,
}: {
  services: PaneServices;
  rubric: Rubric;
  onImported: (rubric: Rubric) => void;
  setNotice: (notice: Notice) => void;
}) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const fileInput = useRef<HTMLInputElement>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Reset so that picking the same file again (after fixing it) fires a change.
    event.target.value = "";
    if (!file) return;
    try {
      const parsed = services.importRubric(await readText(file));
      if (parsed.ok) {
        onImported(parsed.rubric);
        setNotice({ kind: "imported", name: rubricName(parsed.rubric, lang), fileName: file.name });
      } else {
        setNotice({ kind: "importFailed", fileName: file.name, errors: parsed.errors });
      }
    } catch (error) {
      setNotice({ kind: "failed", message: errorText(error) });
    }
  };

  const onExport = () => {
    try {
      const { fileName, text } = services.exportRubric(rubric);
      setNotice(
        download(fileName, text)
          ? { kind: "exported", fileName, text }
          : { kind: "exportFallback", fileName, text },
      );
    } catch (error) {
      setNotice({ kind: "failed", message: errorText(error) });
    }
  };

  return (
    <div className={styles.row}>
      <Button onClick={() => fileInput.current?.click()}>{t.importJson}</Button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        aria-label={t.importJsonFile}
        className={styles.hiddenInput}
        tabIndex={-1}
        onChange={(event) => void onFile(event)}
      />
      <Button onClick={onExport}>{t.exportJson}</Button>
    </div>
  );
}

/** Why an imported file was refused: each problem with its path. */
function ImportErrors({ notice }: { notice: Extract<Notice, { kind: "importFailed" }> }) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t.importInvalid(notice.fileName)}</MessageBarTitle>
        <ul className={styles.errorList}>
          {notice.errors.map((e, i) => (
            <li key={i}>
              {e.path && <span className={styles.code}>{e.path}</span>}
              {e.path ? "：" : ""}
              {withoutPath(localize(e, lang), e.path)}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/** The exported JSON: downloaded, with the text at hand; or only the text where no download works. */
function ExportedText({ notice }: { notice: Extract<Notice, { kind: "exported" | "exportFallback" }> }) {
  const styles = useStyles();
  const { t } = useI18n();
  if (notice.kind === "exportFallback") {
    return (
      <Field label={t.exportFallback(notice.fileName)}>
        <textarea
          aria-label={t.exportFallback(notice.fileName)}
          readOnly
          value={notice.text}
          rows={8}
          style={{ width: "100%", fontFamily: "monospace" }}
        />
      </Field>
    );
  }
  return (
    <>
      <MessageBar intent="success">
        <MessageBarBody>{t.exportDone(notice.fileName)}</MessageBarBody>
      </MessageBar>
      {/* Some Office hosts (desktop webviews) swallow downloads: the text stays at hand to copy. */}
      <details className={styles.details}>
        <summary className={styles.summary}>{t.exportShowText}</summary>
        <textarea
          readOnly
          aria-label={t.exportTextLabel(notice.fileName)}
          value={notice.text}
          rows={8}
          style={{ width: "100%", boxSizing: "border-box", fontFamily: "monospace" }}
        />
      </details>
    </>
  );
}

/** What the last import, export or apply did. */
function NoticeView({ notice }: { notice: Notice }) {
  const { t } = useI18n();
  switch (notice.kind) {
    case "imported":
      return (
        <MessageBar intent="success">
          <MessageBarBody>{t.importDone(notice.name, notice.fileName)}</MessageBarBody>
        </MessageBar>
      );
    case "importFailed":
      return <ImportErrors notice={notice} />;
    case "exported":
    case "exportFallback":
      return <ExportedText notice={notice} />;
    case "applied":
      return (
        <MessageBar intent="success">
          <MessageBarBody>{t.thresholdsApplied}</MessageBarBody>
        </MessageBar>
      );
    case "failed":
      return (
        <MessageBar intent="error">
          <MessageBarBody>{t.actionFailed(notice.message)}</MessageBarBody>
        </MessageBar>
      );
  }
}

interface RubricPanelProps {
  presets: Rubric[];
  carried: Rubric | null;
  choice: RubricChoice;
  onChoose: (choice: RubricChoice) => void;
  services: PaneServices;
  /** Whether the threshold editor holds edits not applied (the next run would not use them). */
  onThresholdsPending?: (pending: boolean) => void;
}

export function RubricPanel(props: RubricPanelProps) {
  const { presets, carried, choice, onChoose, services, onThresholdsPending } = props;
  const styles = useStyles();
  const { t } = useI18n();
  const [custom, setCustom] = useState<RubricChoice | null>(
    choice.source === "imported" || choice.source === "edited" ? choice : null,
  );
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRegion = useRef<HTMLDivElement>(null);
  // After an import or an apply the control that had focus is gone (hidden input, remounted editor):
  // move focus to the outcome so keyboard and screen-reader users land on what happened.
  useEffect(() => {
    if (notice && notice.kind !== "exported") noticeRegion.current?.focus();
  }, [notice]);

  const choose = (value: string) => {
    setNotice(null);
    if (value === "carried" && carried) onChoose({ source: "carried", rubric: carried });
    else if (value === "custom" && custom) onChoose(custom);
    else {
      const preset = presets.find((p) => `preset:${p.id}` === value);
      if (preset) onChoose({ source: "preset", rubric: preset });
    }
  };

  const adoptCustom = (next: RubricChoice) => {
    setCustom(next);
    onChoose(next);
  };

  return (
    <Section title={t.rubricTitle}>
      <RubricPicker presets={presets} carried={carried} custom={custom} choice={choice} onPick={choose} />
      <ImportExport
        services={services}
        rubric={choice.rubric}
        onImported={(rubric) => adoptCustom({ source: "imported", rubric })}
        setNotice={setNotice}
      />
      <div aria-live="polite" ref={noticeRegion} tabIndex={-1} style={{ outline: "none" }}>
        {notice && <NoticeView notice={notice} />}
      </div>

      <details className={styles.details}>
        <summary className={styles.summary}>{t.rubricDetails}</summary>
        <RubricDetails rubric={choice.rubric} />
      </details>

      <details className={styles.details}>
        <summary className={styles.summary}>{t.thresholdsTitle}</summary>
        <Text size={200} as="p">
          {t.thresholdsHint}
        </Text>
        <ThresholdEditor
          key={rubricKey(choice.rubric)}
          rubric={choice.rubric}
          services={services}
          onPendingChange={onThresholdsPending}
          onApply={(rubric) => {
            adoptCustom({ source: "edited", rubric });
            setNotice({ kind: "applied" });
          }}
        />
      </details>
    </Section>
  );
}
