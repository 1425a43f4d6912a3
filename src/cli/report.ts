/**
 * What `score` tells the user: the --json document (SPEC §9, exactly that shape) and the human
 * lines on stderr. Both are read off the recompute result; nothing is recomputed here.
 */
import { flagText } from "../engine/labels";
import type { Evaluation, FieldDef, Flag, Lang, Rubric, Severity } from "../engine/types";
import { msg, render, type Message } from "../messages";
import type { Layout } from "../workbook/layout";
import { countByTier } from "../workbook/tiers";

/** The parts of a successful recompute that the CLI reports on. */
export interface ScoredRun {
  rubric: Rubric;
  layout: Layout;
  evaluation: Evaluation;
  summarySheet: string;
  /** The 评定核查 and 公示名单 sheets (absent in older callers' runs). */
  reviewSheet?: string;
  noticeSheet?: string;
  /** Notices already in the run's language. */
  warnings: readonly string[];
}

export interface ScoreJson {
  rubric: { id: string; version: string };
  sheet: string;
  headerRow: number;
  rows: {
    row: number;
    name: string;
    total: number | null;
    stars: number | null;
    tier: string;
    eligibility: string;
    flags: { code: string; severity: Severity; message: string; cell: string | null }[];
  }[];
  summary: {
    rated: number;
    notRated: number;
    distribution: { stars: number; label: string; count: number }[];
  };
  tableFlags: { code: string; severity: Severity; message: string }[];
}

export function scoreJson(run: ScoredRun, lang: Lang): ScoreJson {
  const rows = run.evaluation.rows.map((r) => ({
    row: r.row,
    name: r.name,
    total: r.rated ? r.total : null,
    stars: r.rated ? r.stars : null,
    tier: r.tier,
    eligibility: r.eligibility,
    flags: r.flags.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      cell: f.cell ?? null,
    })),
  }));
  const rated = run.evaluation.rows.filter((r) => r.rated).length;
  const distribution = countByTier(run.rubric, run.evaluation, lang)
    .filter((t): t is { stars: number; label: string; count: number } => t.stars !== null)
    .map((t) => ({ stars: t.stars, label: t.label, count: t.count }));
  return {
    rubric: { id: run.evaluation.rubric.id, version: run.evaluation.rubric.version },
    sheet: run.layout.sheet,
    headerRow: run.layout.headerRow,
    rows,
    summary: { rated, notRated: run.evaluation.rows.length - rated, distribution },
    tableFlags: run.evaluation.tableFlags.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
    })),
  };
}

const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];
/** Row flags listed one by one on stderr (errors and warnings); the rest are in the 评定标记 column. */
const LISTED_ROW_FLAGS = 20;

/** Each kind of flag in words: the engine's own kinds by code, a rubric rule's by its label. */
function flagKind(rubric: Rubric, code: string): Message {
  const rule = rubric.rules?.find((r) => r.code === code);
  if (rule?.label) return msg("TEXT", { zh: rule.label, en: rule.labelEn ?? rule.label });
  return msg("FLAG_KIND", { code });
}

type RowFlag = { row: number; name: string; flag: Flag };

/**
 * What the report says about the flags, gathered in one pass over the rows: a pass over 100,000
 * rows and their flags waits on memory more than it computes, and the report made three.
 */
interface FlagTally {
  /** Every flag (rows', then the table's) by code, in first-seen order, with its severity. */
  byCode: Map<string, { severity: Severity; count: number }>;
  bySeverity: Map<Severity, number>;
  /** Row errors and warnings: how many, and the first LISTED_ROW_FLAGS of each in row order. */
  listed: number;
  first: Record<"error" | "warning", RowFlag[]>;
}

/**
 * The kind a flag is counted under: its code, except a rule checked in part (REQUIREMENTS_LEFT_OUT,
 * src/engine/left-out.ts), which shares NOT_CHECKED's code but is no unchecked rule.
 */
function kindOf(f: Flag): string {
  return f.code === "NOT_CHECKED" && f.text.code === "REQUIREMENTS_LEFT_OUT" ? "PARTLY_CHECKED" : f.code;
}

function tallyFlags(evaluation: Evaluation): FlagTally {
  const tally: FlagTally = {
    byCode: new Map(),
    bySeverity: new Map(),
    listed: 0,
    first: { error: [], warning: [] },
  };
  const count = (f: Flag) => {
    const kind = kindOf(f);
    const entry = tally.byCode.get(kind);
    if (entry) entry.count++;
    else tally.byCode.set(kind, { severity: f.severity, count: 1 });
    tally.bySeverity.set(f.severity, (tally.bySeverity.get(f.severity) ?? 0) + 1);
  };
  // Indexed: a for…of allocates an iterator and its results per row until V8 optimises it.
  const rows = evaluation.rows;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let j = 0; j < r.flags.length; j++) {
      const flag = r.flags[j];
      count(flag);
      if (flag.severity === "info") continue;
      tally.listed++;
      const first = tally.first[flag.severity];
      if (first.length < LISTED_ROW_FLAGS) first.push({ row: r.row, name: r.name, flag });
    }
  }
  evaluation.tableFlags.forEach(count);
  return tally;
}

/** Counts by severity and by kind, most severe and most frequent kinds first: no codes (SPEC §9). */
function flagsLine(rubric: Rubric, tally: FlagTally): Message {
  if (tally.byCode.size === 0) return msg("CLI_REPORT_NO_FLAGS");
  const bySeverity = SEVERITIES.map((severity) => ({
    severity,
    count: tally.bySeverity.get(severity) ?? 0,
  })).filter((s) => s.count > 0);
  const byKind = [...tally.byCode.entries()]
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a[1].severity) - SEVERITIES.indexOf(b[1].severity) || b[1].count - a[1].count,
    )
    .map(([code, v]) => ({ kind: flagKind(rubric, code), count: v.count }));
  return msg("CLI_REPORT_FLAGS", { bySeverity, byKind });
}

function fieldName(field: FieldDef | undefined, id: string, lang: Lang): string {
  return lang === "en" ? (field?.labelEn ?? field?.label ?? id) : (field?.label ?? id);
}

/** "F 服务机制", or "F 服务机制 ← 服务机制得分（20）" when the header does not contain the label. */
function columnsLine(run: ScoredRun, lang: Lang): Message {
  const byId = new Map(run.rubric.fields.map((f) => [f.id, f]));
  const columns = Object.values(run.layout.fields)
    .sort((a, b) => a.col - b.col)
    .map((f) => {
      const label = fieldName(byId.get(f.id), f.id, lang);
      const header = f.header.replace(/\s+/g, " ");
      return header.includes(label) ? `${f.column} ${header}` : `${f.column} ${label} ← ${header}`;
    });
  const sum = run.layout.selfSum;
  if (sum) {
    // The self score read from the self block beside the committee's (docs/layout.md).
    const summed = sum.cols.length > 1 ? render(msg("CLI_REPORT_SUMMED"), lang) : "";
    columns.push(`${fieldName(byId.get(sum.fieldId), sum.fieldId, lang)} ← ${sum.header}${summed}`);
  }
  return msg("CLI_REPORT_COLUMNS", { columns });
}

/**
 * The first LISTED_ROW_FLAGS errors and warnings, errors first, each in row order (what a stable
 * sort by severity lists), and how many more there are: not every flag of the table listed and
 * sorted (57,000 at 100,000 rows) to show twenty.
 */
function rowFlagLines(tally: FlagTally, lang: Lang): string[] {
  const shown = [...tally.first.error, ...tally.first.warning].slice(0, LISTED_ROW_FLAGS);
  const lines = shown.map(({ row, name, flag }) => {
    const mark = flag.severity === "error" ? "✗" : "!";
    const text = render(msg("CLI_REPORT_ROW_FLAG", { row, name, text: flagText(flag) }), lang);
    return `  ${mark} ${text}`;
  });
  if (tally.listed > LISTED_ROW_FLAGS)
    lines.push(
      `  … ${render(msg("CLI_REPORT_MORE_FLAGS", { count: tally.listed - LISTED_ROW_FLAGS }), lang)}`,
    );
  return lines;
}

/** The human report of a score run, for stderr: what was found, the distribution, the flags in words. */
export function describeRun(run: ScoredRun, resultLine: string, output: string, lang: Lang): string {
  const say = (m: Message) => render(m, lang);
  const { rubric, layout } = run;
  const lines: string[] = [
    say(
      msg("CLI_REPORT_RUBRIC", {
        name: rubric.name,
        nameEn: rubric.nameEn ?? rubric.name,
        id: rubric.id,
        version: rubric.version,
      }),
    ),
    say(
      msg("CLI_REPORT_SHEET", {
        sheet: layout.sheet,
        headerRow: layout.headerRow,
        rows: layout.dataRows.length,
      }),
    ),
    say(columnsLine(run, lang)),
  ];
  if (layout.missingFields.length > 0) {
    const byId = new Map(rubric.fields.map((f) => [f.id, f]));
    const fields = layout.missingFields.map((id) => fieldName(byId.get(id), id, lang));
    lines.push(say(msg("CLI_REPORT_NOT_IN_SHEET", { fields })));
  }
  lines.push(resultLine);
  // Every tier, empty ones too: the result line above names only the tiers that occur.
  const tiers = countByTier(rubric, run.evaluation, lang).map((t) => ({ label: t.label, count: t.count }));
  lines.push(say(msg("CLI_REPORT_DISTRIBUTION", { tiers })));
  const tally = tallyFlags(run.evaluation);
  lines.push(say(flagsLine(rubric, tally)));
  lines.push(...rowFlagLines(tally, lang));
  for (const f of run.evaluation.tableFlags)
    lines.push(`  ${f.severity === "error" ? "✗" : "!"} ${f.message}`);
  for (const w of run.warnings) lines.push(`  ! ${w}`);
  const sheets = [run.summarySheet, run.reviewSheet, run.noticeSheet].filter((s): s is string => !!s);
  lines.push(say(msg("CLI_REPORT_WRITTEN", { output, sheets })));
  return lines.join("\n") + "\n";
}
