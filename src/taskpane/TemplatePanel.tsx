/** 新建评分表: a blank scoring sheet for the rubric in use, optionally with sample rows. */
import { Button, Checkbox, makeStyles, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { useState } from "react";
import type { Rubric } from "../engine/types";
import { useI18n } from "./i18n";
import { rubricName } from "./rubricText";
import { Section } from "./Section";
import { localize, thrownText, type LocalizedText, type PaneServices } from "./services";

const useStyles = makeStyles({
  row: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px" },
});

type TemplateState =
  | { kind: "idle" }
  | { kind: "working" }
  | { kind: "done"; sheet: string }
  | { kind: "failed"; error: LocalizedText };

export function TemplatePanel({
  rubric,
  services,
  onCreated,
}: {
  rubric: Rubric;
  services: PaneServices;
  /** The new sheet is now the active one: the table view should look again. */
  onCreated?: () => void;
}) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const [sample, setSample] = useState(false);
  const [state, setState] = useState<TemplateState>({ kind: "idle" });

  const create = async () => {
    setState({ kind: "working" });
    try {
      const outcome = await services.createTemplate({ rubric, sample, lang });
      setState(
        outcome.ok ? { kind: "done", sheet: outcome.sheet } : { kind: "failed", error: outcome.error },
      );
      if (outcome.ok) onCreated?.();
    } catch (error) {
      setState({ kind: "failed", error: thrownText(error) });
    }
  };

  return (
    <Section title={t.templateTitle}>
      <Text size={200}>{t.templateHint(rubricName(rubric, lang))}</Text>
      <div className={styles.row}>
        <Checkbox
          label={t.templateSample}
          checked={sample}
          onChange={(_, data) => setSample(data.checked === true)}
        />
        <Button onClick={() => void create()} disabledFocusable={state.kind === "working"}>
          {state.kind === "working" ? t.templateWorking : t.templateButton}
        </Button>
      </div>
      <div aria-live="polite">
        {state.kind === "done" && (
          <MessageBar intent="success">
            <MessageBarBody>{t.templateDone(state.sheet)}</MessageBarBody>
          </MessageBar>
        )}
        {state.kind === "failed" && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{localize(state.error, lang)}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </Section>
  );
}
