/** A readable view of a rubric: criteria, tiers, rules, eligibility, notes. */
import { makeStyles, Text, tokens } from "@fluentui/react-components";
import type { Rubric, RuleDef } from "../engine/types";
import { useI18n } from "./i18n";
import {
  bandLabel,
  fieldLabel,
  readableMessage,
  readableNote,
  requirementsLeftOut,
  ruleMessage,
  ruleName,
} from "./rubricText";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "10px", paddingTop: "6px" },
  table: {
    borderCollapse: "collapse",
    width: "100%",
    fontSize: tokens.fontSizeBase200,
    "& th, & td": {
      textAlign: "start",
      padding: "3px 6px",
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
      verticalAlign: "top",
    },
    "& caption": { textAlign: "start", fontWeight: tokens.fontWeightSemibold, padding: "2px 0 4px" },
  },
  num: { textAlign: "end" },
  nowrap: { whiteSpace: "nowrap" },
  list: { margin: 0, paddingInlineStart: "18px", fontSize: tokens.fontSizeBase200 },
  leftOutTitle: { paddingTop: "4px" },
});

type Styles = ReturnType<typeof useStyles>;

function CriteriaTable({ rubric, styles }: { rubric: Rubric; styles: Styles }) {
  const { t, lang } = useI18n();
  const criteria = rubric.fields.filter((f) => f.role === "criterion");
  if (criteria.length === 0) return null;
  return (
    <table className={styles.table}>
      <caption>{t.criteriaTitle}</caption>
      <thead>
        <tr>
          <th scope="col">{t.colCriterion}</th>
          <th scope="col">{t.colMax}</th>
          <th scope="col">{t.colPass}</th>
        </tr>
      </thead>
      <tbody>
        {criteria.map((f) => (
          <tr key={f.id}>
            <th scope="row">{fieldLabel(f, lang)}</th>
            <td>{f.max ?? "—"}</td>
            <td>{f.pass ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChecksList({ rubric, styles }: { rubric: Rubric; styles: Styles }) {
  const { t, lang } = useI18n();
  const checks = rubric.fields.filter((f) => f.role === "check");
  if (checks.length === 0) return null;
  return (
    <div>
      <Text weight="semibold" size={200}>
        {t.checksTitle(checks.length)}
      </Text>
      <ol className={styles.list}>
        {checks.map((f) => (
          <li key={f.id}>
            {fieldLabel(f, lang)}
            {typeof f.minCount === "number" ? ` (≥ ${f.minCount})` : ""}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The tiers' rows: bands from the top with their minimums, or count labels from the most stars. */
function TierRows({ tiers }: { tiers: Rubric["tiers"] }) {
  const { t, lang } = useI18n();
  if (tiers.kind === "bands") {
    return (
      <>
        {tiers.bands.map((b, i) => (
          <tr key={i}>
            <th scope="row">{bandLabel(b, lang)}</th>
            <td>≥ {b.min}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{bandLabel(tiers.below, lang)}</th>
          <td>{t.belowLowest}</td>
        </tr>
      </>
    );
  }
  return (
    <>
      {tiers.labels
        .map((label, n) => ({ label: (lang === "en" && tiers.labelsEn?.[n]) || label, n }))
        .reverse()
        .map(({ label, n }) => (
          <tr key={n}>
            <th scope="row">{label}</th>
            <td>{n}</td>
          </tr>
        ))}
    </>
  );
}

function TiersTable({ rubric, styles }: { rubric: Rubric; styles: Styles }) {
  const { t } = useI18n();
  return (
    <table className={styles.table}>
      <caption>{t.tiersTitle}</caption>
      <thead>
        <tr>
          <th scope="col">{t.colTier}</th>
          <th scope="col">{rubric.tiers.kind === "bands" ? t.colMin : t.colEarned}</th>
        </tr>
      </thead>
      <tbody>
        <TierRows tiers={rubric.tiers} />
      </tbody>
    </table>
  );
}

/** Under a rule's message: what its columns alone cannot show (the conditions' `leavesOut`). */
function LeftOutList({ rule, rubric, styles }: { rule: RuleDef; rubric: Rubric; styles: Styles }) {
  const { t, lang } = useI18n();
  const parts = requirementsLeftOut(rule, rubric, lang);
  if (parts.length === 0) return null;
  return (
    <>
      <div className={styles.leftOutTitle}>{t.leavesOutTitle}</div>
      <ul className={styles.list}>
        {parts.map((p, i) => (
          <li key={i}>{t.leavesOutPart(p.part, p.columns, p.requirements)}</li>
        ))}
      </ul>
    </>
  );
}

function RulesTable({ rubric, styles }: { rubric: Rubric; styles: Styles }) {
  const { t, lang } = useI18n();
  if (rubric.rules.length === 0) return null;
  return (
    <table className={styles.table}>
      <caption>{t.rulesTitle}</caption>
      <thead>
        <tr>
          <th scope="col">{t.colRule}</th>
          <th scope="col">{t.colKind}</th>
          <th scope="col">{t.colMessage}</th>
        </tr>
      </thead>
      <tbody>
        {rubric.rules.map((r) => (
          <tr key={r.code}>
            {/* The rule's name, never its code: codes are for the JSON file, not for readers. */}
            <th scope="row">{ruleName(r, lang) ?? t.ruleKind[r.kind]}</th>
            <td className={styles.nowrap}>
              {t.ruleKind[r.kind]}
              <br />
              {t.severity[r.severity]}
            </td>
            <td>
              {readableMessage(ruleMessage(r, lang), rubric, lang)}
              <LeftOutList rule={r} rubric={rubric} styles={styles} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EligibilityTable({ rubric, styles }: { rubric: Rubric; styles: Styles }) {
  const { t, lang } = useI18n();
  if (rubric.eligibility.length === 0) return null;
  return (
    <table className={styles.table}>
      <caption>{t.eligibilityTitle}</caption>
      <tbody>
        {rubric.eligibility.map((e, i) => (
          <tr key={i}>
            <th scope="row">{t.starsAtLeast(e.minStars)}</th>
            <td>{lang === "en" && e.labelEn ? e.labelEn : e.label}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NotesList({ rubric, styles }: { rubric: Rubric; styles: Styles }) {
  const { t } = useI18n();
  // The notes as a reader needs them: without the file's keys and codes.
  const notes = rubric.notes.map(readableNote).filter((n): n is string => n !== null);
  if (notes.length === 0) return null;
  return (
    <div>
      <Text weight="semibold" size={200}>
        {t.notesTitle}
      </Text>
      <ul className={styles.list}>
        {notes.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
      </ul>
    </div>
  );
}

export function RubricDetails({ rubric }: { rubric: Rubric }) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <div className={styles.root}>
      <Text size={200}>
        {t.rubricSource}
        {rubric.source}
      </Text>
      <CriteriaTable rubric={rubric} styles={styles} />
      <ChecksList rubric={rubric} styles={styles} />
      <TiersTable rubric={rubric} styles={styles} />
      <RulesTable rubric={rubric} styles={styles} />
      <EligibilityTable rubric={rubric} styles={styles} />
      <NotesList rubric={rubric} styles={styles} />
    </div>
  );
}
