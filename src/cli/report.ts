/**
 * What `score` tells the user: the --json document (SPEC §9, exactly that shape) and the human
 * lines on stderr. Both are read off the recompute result; nothing is recomputed here.
 */
import type { Evaluation, Flag, Lang, Rubric, Severity } from "../engine/types";
import type { Layout } from "../workbook/layout";
import { countByTier } from "../workbook/tiers";

/** The parts of a successful recompute that the CLI reports on. */
export interface ScoredRun {
  rubric: Rubric;
  layout: Layout;
  evaluation: Evaluation;
  summarySheet: string;
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

function severityName(severity: Severity, lang: Lang): string {
  const zh: Record<Severity, string> = { error: "错误", warning: "警告", info: "提示" };
  const en: Record<Severity, string> = { error: "errors", warning: "warnings", info: "notes" };
  return lang === "en" ? en[severity] : zh[severity];
}

function countFlags(flags: readonly Flag[]): Map<string, { severity: Severity; count: number }> {
  const out = new Map<string, { severity: Severity; count: number }>();
  for (const f of flags) {
    const entry = out.get(f.code) ?? { severity: f.severity, count: 0 };
    entry.count++;
    out.set(f.code, entry);
  }
  return out;
}

/** The human report of a score run, for stderr. */
export function describeRun(
  run: ScoredRun,
  resultLine: string,
  output: string,
  chartSkipped: boolean,
  lang: Lang,
): string {
  const en = lang === "en";
  const lines: string[] = [];
  const rubricName = en ? (run.rubric.nameEn ?? run.rubric.name) : run.rubric.name;
  lines.push(
    en
      ? `Rubric: ${rubricName} (${run.rubric.id} ${run.rubric.version})`
      : `评定方案：${rubricName}（${run.rubric.id} ${run.rubric.version}）`,
  );
  lines.push(
    en
      ? `Sheet "${run.layout.sheet}", header row ${run.layout.headerRow}, ${run.layout.dataRows.length} branch rows`
      : `工作表“${run.layout.sheet}”，表头在第 ${run.layout.headerRow} 行，共 ${run.layout.dataRows.length} 个支部行`,
  );
  const byId = new Map(run.rubric.fields.map((f) => [f.id, f]));
  const mapping = Object.values(run.layout.fields)
    .sort((a, b) => a.col - b.col)
    .map((f) => {
      const field = byId.get(f.id);
      const label = en ? (field?.labelEn ?? field?.label ?? f.id) : (field?.label ?? f.id);
      const header = f.header.replace(/\s+/g, " ");
      // The header as found says most; the field's label is added only when the header does not contain it.
      return header.includes(label) ? `${f.column} ${header}` : `${f.column} ${label} ← ${header}`;
    });
  const sum = run.layout.selfSum;
  if (sum) {
    // The self score read from the self block beside the committee's (docs/layout.md).
    const field = byId.get(sum.fieldId);
    const label = en ? (field?.labelEn ?? field?.label ?? sum.fieldId) : (field?.label ?? sum.fieldId);
    const summed = sum.cols.length > 1 ? (en ? " (sum)" : "（合计）") : "";
    mapping.push(`${label} ← ${sum.header}${summed}`);
  }
  lines.push((en ? "Columns: " : "列：") + mapping.join(en ? "; " : "；"));
  if (run.layout.missingFields.length > 0) {
    const missing = run.layout.missingFields.map((id) => {
      const field = byId.get(id);
      return en ? (field?.labelEn ?? field?.label ?? id) : (field?.label ?? id);
    });
    lines.push(
      (en ? "Not in the sheet (not checked): " : "表中没有（未检查）：") + missing.join(en ? ", " : "、"),
    );
  }
  lines.push(resultLine);
  // Every tier, empty ones too: the result line above names only the tiers that occur.
  const distribution = countByTier(run.rubric, run.evaluation, lang).map((t) => `${t.label} ${t.count}`);
  lines.push((en ? "Distribution: " : "分布：") + distribution.join(en ? ", " : "，"));
  const allFlags = [...run.evaluation.rows.flatMap((r) => r.flags), ...run.evaluation.tableFlags];
  const counts = countFlags(allFlags);
  if (counts.size === 0) lines.push(en ? "Flags: none" : "标记：无");
  else {
    const bySeverity = SEVERITIES.map((s) => {
      const n = allFlags.filter((f) => f.severity === s).length;
      return n > 0 ? `${severityName(s, lang)} ${n}` : null;
    }).filter((x): x is string => x !== null);
    const byCode = [...counts.entries()]
      .sort(
        (a, b) =>
          SEVERITIES.indexOf(a[1].severity) - SEVERITIES.indexOf(b[1].severity) || b[1].count - a[1].count,
      )
      .map(([code, v]) => `${code} ${v.count}`);
    lines.push((en ? "Flags: " : "标记：") + bySeverity.join(en ? ", " : "，") + `（${byCode.join(", ")}）`);
  }
  for (const f of run.evaluation.tableFlags)
    lines.push(`  ${f.severity === "error" ? "✗" : "!"} ${f.message}`);
  for (const w of run.warnings) lines.push(`  ! ${w}`);
  lines.push(
    en
      ? `Written: ${output} (result columns, sheet "${run.summarySheet}", settings)`
      : `已写出：${output}（评定列、“${run.summarySheet}”表、设置）`,
  );
  if (chartSkipped)
    lines.push(
      en
        ? "The star-distribution chart is not drawn in .xlsx output (the add-in draws it)."
        : "星级分布图表无法在 .xlsx 输出中绘制（加载项中会绘制）。",
    );
  return lines.join("\n") + "\n";
}
