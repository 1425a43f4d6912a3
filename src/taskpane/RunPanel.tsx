/** 一键评定: the primary action, its progress by stage, then the result line and warnings. */
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Text,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import { useI18n } from "./i18n";
import { Section } from "./Section";
import { localize, type RecomputeOutcome, type RecomputeProgress, type RecomputeStage } from "./services";

export type RunState =
  | { kind: "idle" }
  | { kind: "running"; progress: RecomputeProgress }
  | { kind: "done"; outcome: RecomputeOutcome };

const stageIndex: Record<RecomputeStage, number> = { read: 0, evaluate: 1, plan: 2, write: 3 };

const useStyles = makeStyles({
  live: { display: "flex", flexDirection: "column", gap: "8px" },
  // Break the result line at its punctuation and spaces, never inside a tier label (二星⏎级).
  resultLine: { wordBreak: "keep-all", overflowWrap: "anywhere" },
});

export function RunPanel({
  state,
  onRun,
  before,
}: {
  state: RunState;
  onRun: () => void;
  /** What the run takes besides the table (the 公示名单 texts), shown above the button. */
  before?: ReactNode;
}) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const running = state.kind === "running";
  const fraction =
    state.kind === "running"
      ? (state.progress.fraction ?? (stageIndex[state.progress.stage] + 0.5) / 4)
      : undefined;
  return (
    <Section title={t.runTitle}>
      {before}
      {/* disabledFocusable: a keyboard user keeps focus on the button while it runs. */}
      <Button appearance="primary" size="large" onClick={onRun} disabledFocusable={running}>
        {running ? t.runRunning : t.runButton}
      </Button>
      <div className={styles.live} role="status" aria-live="polite">
        {state.kind === "running" && (
          <Field
            label={t.runStage(stageIndex[state.progress.stage] + 1, t.stage[state.progress.stage])}
            validationState="none"
          >
            <ProgressBar value={fraction} max={1} />
          </Field>
        )}
        {state.kind === "done" && state.outcome.ok && (
          <Text weight="semibold" className={styles.resultLine}>
            {state.outcome.resultLine}
          </Text>
        )}
        {state.kind === "done" && state.outcome.ok && (
          <Text size={200}>{t.runWritten(state.outcome.sheet, state.outcome.writtenSheets)}</Text>
        )}
      </div>
      {state.kind === "done" && state.outcome.ok && state.outcome.warnings.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {state.outcome.warnings.map((w, i) => (
                <li key={i}>{localize(w, lang)}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {state.kind === "done" && !state.outcome.ok && (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>{localize(state.outcome.error, lang)}</MessageBarBody>
        </MessageBar>
      )}
    </Section>
  );
}
