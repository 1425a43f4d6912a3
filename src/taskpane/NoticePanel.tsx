/**
 * The 公示名单's texts (SPEC §6): title, 公示期, 监督电话, 联系人 and the 落款, folded away under one
 * line so that 一键评定 stays in view. Starts from what the workbook carries; what is set here goes
 * with the next 一键评定, which prints it and stores it in the workbook.
 */
import { Field, Input, makeStyles, Text, tokens } from "@fluentui/react-components";
import { useI18n } from "./i18n";
import type { NoticeTexts } from "./services";

/** The texts the pane edits; `body` (the lead paragraph) is left to the sheet's builder. */
export type NoticeDraft = Pick<
  NoticeTexts,
  "title" | "periodStart" | "periodEnd" | "phone" | "contact" | "issuer" | "date"
>;

const KEYS = ["title", "periodStart", "periodEnd", "phone", "contact", "issuer", "date"] as const;

/** The pane's starting values: the carried texts it edits, nothing else. */
export function draftFrom(carried: NoticeTexts): NoticeDraft {
  const draft: NoticeDraft = {};
  for (const key of KEYS) {
    const value = carried[key];
    if (typeof value === "string" && value.trim() !== "") draft[key] = value;
  }
  return draft;
}

/**
 * What to send with a run: the filled-in texts, trimmed. Blank ones are left out, so the builder
 * uses its defaults (5 working days, blank lines to fill in, today's date); null when nothing is set.
 */
export function noticeForRun(draft: NoticeDraft): NoticeTexts | null {
  const out: NoticeTexts = {};
  for (const key of KEYS) {
    const value = draft[key]?.trim();
    if (value) out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** ISO dates compare as text; an end before the start cannot be printed. */
export function periodProblem(draft: NoticeDraft): boolean {
  const start = draft.periodStart?.trim();
  const end = draft.periodEnd?.trim();
  return Boolean(start && end && end < start);
}

const useStyles = makeStyles({
  details: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: "6px 10px",
  },
  summary: { cursor: "pointer", fontWeight: tokens.fontWeightSemibold, padding: "2px 0" },
  body: { display: "flex", flexDirection: "column", gap: "8px", paddingTop: "6px" },
  pair: { display: "grid", gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)", gap: "8px" },
  input: { minWidth: 0, width: "100%" },
});

export function NoticePanel({
  draft,
  onChange,
}: {
  draft: NoticeDraft;
  onChange: (draft: NoticeDraft) => void;
}) {
  const styles = useStyles();
  const { t } = useI18n();
  const set = (key: keyof NoticeDraft) => (_: unknown, data: { value: string }) =>
    onChange({ ...draft, [key]: data.value });
  const badPeriod = periodProblem(draft);
  return (
    <details className={styles.details}>
      <summary className={styles.summary}>{t.noticeTitle}</summary>
      <div className={styles.body}>
        <Text size={200}>{t.noticeHint}</Text>
        <Field label={t.noticeFieldTitle}>
          <Input
            className={styles.input}
            value={draft.title ?? ""}
            placeholder={t.noticeTitlePlaceholder}
            onChange={set("title")}
          />
        </Field>
        <div className={styles.pair}>
          <Field label={t.noticePeriodStart}>
            <Input
              className={styles.input}
              type="date"
              value={draft.periodStart ?? ""}
              onChange={set("periodStart")}
            />
          </Field>
          <Field
            label={t.noticePeriodEnd}
            validationState={badPeriod ? "error" : "none"}
            validationMessage={badPeriod ? t.noticePeriodOrder : undefined}
          >
            <Input
              className={styles.input}
              type="date"
              value={draft.periodEnd ?? ""}
              onChange={set("periodEnd")}
            />
          </Field>
        </div>
        <div className={styles.pair}>
          <Field label={t.noticePhone}>
            <Input className={styles.input} type="tel" value={draft.phone ?? ""} onChange={set("phone")} />
          </Field>
          <Field label={t.noticeContact}>
            <Input className={styles.input} value={draft.contact ?? ""} onChange={set("contact")} />
          </Field>
        </div>
        <Field label={t.noticeIssuer}>
          <Input
            className={styles.input}
            value={draft.issuer ?? ""}
            placeholder={t.noticeIssuerPlaceholder}
            onChange={set("issuer")}
          />
        </Field>
        <Field label={t.noticeDate}>
          <Input className={styles.input} type="date" value={draft.date ?? ""} onChange={set("date")} />
        </Field>
      </div>
    </details>
  );
}
