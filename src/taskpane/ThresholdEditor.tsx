/**
 * Edit the rubric's numbers (band minimums, rule lines, pass lines). Every keystroke builds a
 * candidate rubric and runs it through the same schema as an imported file, so the messages are
 * the schema's own, shown next to the number they name. Nothing changes until "Apply".
 */
import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import type { Lang, Rubric } from "../engine/types";
import { useI18n } from "./i18n";
import {
  opText,
  describeEdits,
  displayValue,
  errorConcerns,
  listThresholds,
  storedValue,
  withoutPath,
  type Threshold,
} from "./rubricText";
import { localize, type PaneServices, type RubricError } from "./services";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "8px" },
  group: { border: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "6px" },
  legend: { fontWeight: 600, padding: "4px 0" },
  buttons: { display: "flex", gap: "8px" },
  // Fluent's Input has a 250 px minimum; the pane can be 320 px wide with the label beside it.
  field: { minWidth: 0, "& label": { overflowWrap: "anywhere" } },
  input: { minWidth: 0, width: "100%", maxWidth: "10em" },
});

type Validation =
  | { kind: "unchanged" }
  | { kind: "notNumbers"; paths: Map<string, "nan" | "percent"> }
  | { kind: "checked"; candidate: Rubric | null; errors: RubricError[] };

/** Every draft checked: numbers first (the pane's own check), then the edited rubric by the schema. */
function useValidation(
  thresholds: Threshold[],
  drafts: Record<string, string>,
  rubric: Rubric,
  services: PaneServices,
): Validation {
  return useMemo(() => {
    const edits: Record<string, number> = {};
    const notNumbers = new Map<string, "nan" | "percent">();
    for (const th of thresholds) {
      const text = (drafts[th.path] ?? "").trim();
      const shown = text === "" ? NaN : Number(text);
      if (!Number.isFinite(shown)) notNumbers.set(th.path, "nan");
      // The schema cannot know that a percent line is a fraction; 0..100 on screen is the pane's own check.
      else if (th.percent && (shown < 0 || shown > 100)) notNumbers.set(th.path, "percent");
      else if (text !== displayValue(th)) edits[th.path] = storedValue(th, shown);
    }
    if (notNumbers.size > 0) return { kind: "notNumbers", paths: notNumbers };
    if (Object.keys(edits).length === 0) return { kind: "unchanged" };
    const parsed = services.validateRubric(describeEdits(rubric, edits));
    return parsed.ok
      ? { kind: "checked", candidate: parsed.rubric, errors: [] }
      : { kind: "checked", candidate: null, errors: parsed.errors };
  }, [drafts, thresholds, rubric, services]);
}

/** The drafts as the rubric holds them now. */
function initialDrafts(thresholds: Threshold[]): Record<string, string> {
  return Object.fromEntries(thresholds.map((th) => [th.path, displayValue(th)]));
}

/**
 * A message with the thresholds it names by their schema path ("必须小于 tiers.bands[0].min（90）")
 * named as the editor shows them ("必须小于 五星级（90）"): a path means nothing to the user.
 */
function namedThresholds(text: string, thresholds: readonly Threshold[]): string {
  // Longest paths first, so that "…bands[1].min" is not replaced inside "…bands[10].min".
  const byLength = [...thresholds].sort((a, b) => b.path.length - a.path.length);
  return byLength.reduce((out, th) => out.split(th.path).join(th.subject), text);
}

/** One group of numbers (bands, rule lines, pass lines, other), each with its own message. */
function ThresholdGroup({
  legend,
  items,
  drafts,
  setDraft,
  messageFor,
}: {
  legend: string;
  items: Threshold[];
  drafts: Record<string, string>;
  setDraft: (path: string, value: string) => void;
  messageFor: (th: Threshold) => string | undefined;
}) {
  const styles = useStyles();
  const { lang } = useI18n();
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{legend}</legend>
      {items.map((th) => {
        const message = messageFor(th);
        return (
          <Field
            key={th.path}
            label={`${th.subject}${th.op ? ` ${opText(th.op)}` : ""}${th.percent ? (lang === "zh" ? "（%）" : " (%)") : ""}`}
            validationState={message ? "error" : "none"}
            validationMessage={message}
            orientation="horizontal"
            className={styles.field}
          >
            <Input
              className={styles.input}
              inputMode="decimal"
              value={drafts[th.path] ?? ""}
              onChange={(_, data) => setDraft(th.path, data.value)}
              contentAfter={th.percent ? "%" : undefined}
            />
          </Field>
        );
      })}
    </fieldset>
  );
}

/** Tells `onChange` whether edits are pending, and that none are once the editor goes. */
function useReportPending(pending: boolean, onChange?: (pending: boolean) => void): void {
  useEffect(() => {
    onChange?.(pending);
    return () => onChange?.(false);
  }, [pending, onChange]);
}

/** What is wrong with a threshold's draft, in words (undefined: nothing). */
function thresholdMessage(
  th: Threshold,
  validation: ReturnType<typeof useValidation>,
  thresholds: readonly Threshold[],
  t: ReturnType<typeof useI18n>["t"],
  lang: Lang,
): string | undefined {
  if (validation.kind === "notNumbers") {
    const problem = validation.paths.get(th.path);
    return problem === "nan" ? t.notANumber : problem === "percent" ? t.notAPercent : undefined;
  }
  if (validation.kind !== "checked") return undefined;
  const mine = validation.errors.filter((e) => errorConcerns(e.path, th.path));
  const texts = mine.map((e) => namedThresholds(withoutPath(localize(e, lang), e.path), thresholds));
  return texts.length > 0 ? texts.join("；") : undefined;
}

export function ThresholdEditor({
  rubric,
  services,
  onApply,
  onPendingChange,
}: {
  rubric: Rubric;
  services: PaneServices;
  onApply: (rubric: Rubric) => void;
  /** Told whether the drafts differ from the rubric in use (edits a run would not use). */
  onPendingChange?: (pending: boolean) => void;
}) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const thresholds = useMemo(() => listThresholds(rubric, lang), [rubric, lang]);
  const [drafts, setDrafts] = useState<Record<string, string>>(() => initialDrafts(thresholds));
  const validation = useValidation(thresholds, drafts, rubric, services);
  useReportPending(validation.kind !== "unchanged", onPendingChange);

  if (thresholds.length === 0) return <p>{t.thresholdsNone}</p>;

  const messageFor = (th: Threshold) => thresholdMessage(th, validation, thresholds, t, lang);
  const unplaced =
    validation.kind === "checked"
      ? validation.errors.filter((e) => !thresholds.some((th) => errorConcerns(e.path, th.path)))
      : [];

  const groups: { kind: Threshold["kind"][]; legend: string }[] = [
    { kind: ["band"], legend: t.thresholdBands },
    { kind: ["rule"], legend: t.thresholdRules },
    { kind: ["pass", "minCount"], legend: t.thresholdPass },
    { kind: ["nearNext"], legend: t.thresholdOther },
  ];
  const setDraft = (path: string, value: string) => setDrafts((d) => ({ ...d, [path]: value }));

  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        if (validation.kind === "checked" && validation.candidate) onApply(validation.candidate);
      }}
    >
      {groups.map((group) => {
        const items = thresholds.filter((th) => group.kind.includes(th.kind));
        if (items.length === 0) return null;
        const props = { legend: group.legend, items, drafts, setDraft, messageFor };
        return <ThresholdGroup key={group.legend} {...props} />;
      })}
      {unplaced.length > 0 && (
        <MessageBar intent="error">
          <MessageBarBody>
            {unplaced.map((e) => `${e.path ? `${e.path}：` : ""}${localize(e, lang)}`).join("；")}
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.buttons}>
        <Button
          type="submit"
          appearance="primary"
          disabled={!(validation.kind === "checked" && validation.candidate !== null)}
        >
          {t.thresholdsApply}
        </Button>
        <Button
          type="button"
          disabled={validation.kind === "unchanged"}
          onClick={() => setDrafts(initialDrafts(thresholds))}
        >
          {t.thresholdsReset}
        </Button>
      </div>
    </form>
  );
}
