/**
 * The summary sheet (SPEC §6), rebuilt on every recompute as one block of values: title block,
 * 星级分布, 分项得分, 达标情况, 排名, 分组统计, 评先推荐/不得评先, 需关注, 动态变化, and a chart of
 * the distribution. Everything is computed from the Evaluation; nothing here reads cells.
 */
import { leavesOf } from "../engine/conditions";
import type { Condition, Evaluation, Flag, Lang, RowResult, Rubric, Severity } from "../engine/types";
import type { CellFormat, CellRect, PlanOp, WriteValue } from "./model";
import type { Layout } from "./layout";
import { countByTier, type TierCount } from "./tiers";
import { formatLocalTime, pick, roundTo } from "./util";
import { ownedSheetPageSetup } from "./page";

export const HEADING_FORMAT: CellFormat = { bold: true, fontColor: "#1F3864" };
export const TABLE_HEADER_FORMAT: CellFormat = {
  bold: true,
  fill: "#D9E1F2",
  horizontal: "center",
  wrap: true,
};
const TITLE_FORMAT: CellFormat = { bold: true, fontColor: "#C00000" };
const PERCENT: CellFormat = { numFmt: "0.0%" };
/** Rows per section that column widths are estimated from (a 50,000-row ranking needs no more). */
const MEASURED_ROWS = 500;
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
/**
 * Entries each list of the summary (排名, 评先推荐, 不得评先, 需关注, 动态变化) shows at most. A real
 * committee has hundreds of branches, so every list is complete; a table of 100,000 branches would
 * otherwise write a summary larger than the table itself (82 MB of XML). Past the bound a note says
 * how many there are and where each branch's result is (its own row's result columns).
 */
export const SUMMARY_LIST_LIMIT = 10_000;

interface GridRow {
  values: WriteValue[];
  formats: (CellFormat | null)[];
  /** Rows of tables count for column widths; headings and notes do not (they overflow freely). */
  measured: boolean;
}

/** Builds the sheet top to bottom; the whole sheet is then written as one rectangular block. */
class Grid {
  readonly rows: GridRow[] = [];
  /** Rows measured in the current section: widths come from the first rows of each table only. */
  private measuredInSection = 0;

  get nextRow(): number {
    return this.rows.length + 1;
  }

  blank(): void {
    this.rows.push({ values: [], formats: [], measured: false });
  }

  heading(text: string, format: CellFormat = HEADING_FORMAT): number {
    this.measuredInSection = 0;
    this.rows.push({ values: [text], formats: [format], measured: false });
    return this.rows.length;
  }

  note(values: WriteValue[], formats: (CellFormat | null)[] = []): number {
    this.rows.push({ values, formats, measured: false });
    return this.rows.length;
  }

  header(values: string[]): number {
    this.rows.push({ values, formats: values.map(() => TABLE_HEADER_FORMAT), measured: true });
    return this.rows.length;
  }

  row(values: WriteValue[], formats: (CellFormat | null)[] = []): number {
    this.rows.push({ values, formats, measured: this.measuredInSection++ < MEASURED_ROWS });
    return this.rows.length;
  }

  /** The first SUMMARY_LIST_LIMIT items as rows, then a note saying how many were left out. */
  list<T>(items: readonly T[], lang: Lang, row: (item: T) => void): void {
    const shown = Math.min(items.length, SUMMARY_LIST_LIMIT);
    for (let i = 0; i < shown; i++) row(items[i]);
    if (items.length > shown)
      this.note([
        pick(
          lang,
          `（共 ${items.length} 条，此处列出前 ${shown} 条；每个支部的总分、星级见评分表中该支部所在行的评定列）`,
          `(${items.length} in all, the first ${shown} listed here; every branch's total and tier are in the result columns of its own row)`,
        ),
      ]);
  }

  get width(): number {
    return this.rows.reduce((w, r) => Math.max(w, r.values.length), 1);
  }
}

/** Display width of text in Excel column units (CJK characters are about two). */
function textWidth(v: WriteValue): number {
  if (v === null) return 0;
  const s = typeof v === "number" ? String(roundTo(v, 2)) : String(v);
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    w += code >= 0x2e80 && code <= 0xffef ? 2 : 1;
  }
  return w;
}

function branchName(r: RowResult, lang: Lang): string {
  return r.name !== "" ? r.name : pick(lang, `（第${r.row}行，无名称）`, `(row ${r.row}, no name)`);
}

function compareRank(a: RowResult, b: RowResult): number {
  const sa = a.stars ?? -1;
  const sb = b.stars ?? -1;
  if (sa !== sb) return sb - sa;
  const ta = a.total ?? Number.NEGATIVE_INFINITY;
  const tb = b.total ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) return tb - ta;
  return a.row - b.row;
}

export interface RankedRow {
  rank: number;
  result: RowResult;
}

/** Rated rows by stars, then total; equal stars and total share a rank (1, 2, 2, 4). */
export function rankRows(evaluation: Evaluation): RankedRow[] {
  const rated = evaluation.rows.filter((r) => r.rated).sort(compareRank);
  const out: RankedRow[] = [];
  rated.forEach((r, i) => {
    const prev = out[i - 1];
    const tie = prev && prev.result.stars === r.stars && prev.result.total === r.total;
    out.push({ rank: tie ? prev.rank : i + 1, result: r });
  });
  return out;
}

export interface SummaryInput {
  sheetName: string;
  rubric: Rubric;
  layout: Layout;
  evaluation: Evaluation;
  lang: Lang;
  now: Date;
}

export interface SummaryBuild {
  ops: PlanOp[];
  counts: TierCount[];
}

function severityLabel(s: Severity, lang: Lang): string {
  if (s === "error") return pick(lang, "错误", "Error");
  if (s === "warning") return pick(lang, "警告", "Warning");
  return pick(lang, "提示", "Info");
}

function numberOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * Whether a sheet's top-left cells are the title block buildSummaryOps writes (in either language):
 * "<rubric> · 评定汇总", then 评定方案 and 来源工作表 rows. Lets a recompute whose settings are
 * damaged recognise its own summary instead of adding "评定汇总 (2)" beside it; a user's sheet
 * of that name, with anything else at the top, is never taken for ours.
 */
export function isOurSummary(values: readonly (readonly unknown[])[]): boolean {
  const at = (row: number, col: number): unknown => values[row]?.[col];
  const title = at(0, 0);
  if (typeof title !== "string") return false;
  const zh = title.endsWith(" · 评定汇总") && at(1, 0) === "评定方案" && at(2, 0) === "来源工作表";
  const en = title.endsWith(": rating summary") && at(1, 0) === "Rubric" && at(2, 0) === "Source sheet";
  return zh || en;
}

export function buildSummaryOps(input: SummaryInput): SummaryBuild {
  const { rubric, layout, evaluation, lang, sheetName } = input;
  const g = new Grid();
  const rows = evaluation.rows;
  const rated = rows.filter((r) => r.rated);
  const counts = countByTier(rubric, evaluation, lang);
  const hasGroup = rubric.fields.some((f) => f.role === "group" && layout.fields[f.id]);
  const decimals = rubric.score.decimals;
  const totalFmt: CellFormat = { numFmt: decimals > 0 ? `0.${"0".repeat(decimals)}` : "0" };
  const meanFmt: CellFormat = { numFmt: "0.00" };
  const rubricName = lang === "en" ? (rubric.nameEn ?? rubric.name) : rubric.name;
  const merges: CellRect[] = [];

  // 1. Title block.
  const titleRow = g.heading(
    pick(lang, `${rubricName} · 评定汇总`, `${rubricName}: rating summary`),
    TITLE_FORMAT,
  );
  g.note([
    pick(lang, "评定方案", "Rubric"),
    pick(
      lang,
      `${rubricName}（${rubric.id} v${rubric.version}）`,
      `${rubricName} (${rubric.id} v${rubric.version})`,
    ),
  ]);
  g.note([pick(lang, "来源工作表", "Source sheet"), layout.sheet]);
  g.note([pick(lang, "表头行", "Header row"), layout.headerRow]);
  g.note([pick(lang, "计算时间", "Computed at"), formatLocalTime(input.now)]);
  g.note([pick(lang, "支部总数", "Branches"), rows.length]);
  g.note([pick(lang, "已评定", "Rated"), rated.length]);
  g.note([pick(lang, "未评定", "Not rated"), rows.length - rated.length]);
  const tableFlags = [...layout.tableFlags, ...evaluation.tableFlags].filter(
    (f, i, all) =>
      all.findIndex((o) => o.code === f.code && o.message === f.message && o.cell === f.cell) === i,
  );
  for (const f of tableFlags) {
    g.note([severityLabel(f.severity, lang), f.cell ? `${f.cell} ${f.message}` : f.message]);
  }
  g.blank();

  // 2. 星级分布.
  g.heading(pick(lang, "星级分布", "Star distribution"));
  g.header([pick(lang, "星级", "Tier"), pick(lang, "支部数", "Branches"), pick(lang, "占比", "Share")]);
  const distFirst = g.nextRow;
  for (const t of counts) {
    g.row([t.label, t.count, rows.length > 0 ? roundTo(t.count / rows.length, 4) : 0], [null, null, PERCENT]);
  }
  const distLast = g.nextRow - 1;
  g.row(
    [pick(lang, "合计", "Total"), rows.length, rows.length > 0 ? 1 : 0],
    [{ bold: true }, { bold: true }, PERCENT],
  );
  g.blank();

  // 3. 分项得分.
  const criteria = rubric.fields.filter(
    (f) => (f.role === "criterion" || f.role === "total") && layout.fields[f.id],
  );
  const countTiers = rubric.tiers.kind === "count";
  g.heading(pick(lang, "分项得分", "Scores by criterion"));
  g.note([pick(lang, "（统计已评定的支部）", "(over rated branches)")]);
  g.header([
    pick(lang, "分项", "Criterion"),
    pick(lang, "满分", "Max"),
    pick(lang, "平均分", "Mean"),
    pick(lang, "最低分", "Lowest"),
    pick(lang, "最高分", "Highest"),
    countTiers ? pick(lang, "获星支部数", "Star earned") : pick(lang, "满分支部数", "At full marks"),
  ]);
  const statRow = (label: string, max: number | null, values: number[], special: number | null): void => {
    const mean = values.length ? roundTo(values.reduce((s, x) => s + x, 0) / values.length, 2) : null;
    let min: number | null = null;
    let hi: number | null = null;
    for (const x of values) {
      if (min === null || x < min) min = x;
      if (hi === null || x > hi) hi = x;
    }
    g.row([label, max, mean, min, hi, special], [null, null, meanFmt, null, null, null]);
  };
  for (const f of criteria) {
    const label = lang === "en" ? (f.labelEn ?? f.label) : f.label;
    const nums: number[] = [];
    let special = 0;
    for (const r of rated) {
      const v = r.values[f.id];
      const n = numberOrNull(v);
      if (n !== null) nums.push(n);
      if (countTiers) {
        if (v === true || (n !== null && f.pass !== undefined && n >= f.pass)) special++;
      } else if (n !== null && f.max !== undefined && n === f.max) special++;
    }
    statRow(label, f.max ?? null, nums, special);
  }
  // Count tiers: the "total" is a tie-breaker over whatever scores were given, not a score out of a maximum.
  if (rubric.score.method === "sum" || rubric.score.method === "weighted") {
    const totals = rated.map((r) => r.total).filter((t): t is number => t !== null);
    const maxTotal =
      rubric.score.method === "sum"
        ? rubric.fields
            .filter((f) => f.role === "criterion")
            .reduce<number | null>((s, f) => (s === null || f.max === undefined ? null : s + f.max), 0)
        : null;
    statRow(
      pick(lang, "总分", "Total"),
      totals.length || maxTotal !== null ? maxTotal : null,
      totals,
      maxTotal !== null ? totals.filter((t) => t === maxTotal).length : null,
    );
  }
  g.blank();

  // 3b. 达标情况 (checklist columns, e.g. the 13 five-star standards).
  const checks = rubric.fields.filter(
    (f) =>
      f.role === "check" &&
      layout.fields[f.id] &&
      !rubric.rules.some((rule) => rule.kind === "veto" && mentions(rule.when, f.id)),
  );
  if (checks.length > 0) {
    g.heading(pick(lang, "达标情况", "Standards met"));
    g.header([
      pick(lang, "标准", "Standard"),
      pick(lang, "达标", "Met"),
      pick(lang, "未达标", "Not met"),
      pick(lang, "未填", "Blank"),
    ]);
    for (const f of checks) {
      let met = 0;
      let unmet = 0;
      for (const r of rows) {
        const v = r.values[f.id];
        if (v === undefined) continue;
        const ok = v === true || (typeof v === "number" && f.minCount !== undefined && v >= f.minCount);
        if (ok) met++;
        else unmet++;
      }
      g.row([lang === "en" ? (f.labelEn ?? f.label) : f.label, met, unmet, rows.length - met - unmet]);
    }
    g.blank();
  }

  // 4. 排名.
  const ranked = rankRows(evaluation);
  g.heading(pick(lang, "排名", "Ranking"));
  g.header([
    pick(lang, "排名", "Rank"),
    pick(lang, "党支部", "Branch"),
    ...(hasGroup ? [pick(lang, "所属党组织", "Group")] : []),
    pick(lang, "总分", "Total"),
    pick(lang, "星级", "Tier"),
  ]);
  g.list(ranked, lang, ({ rank, result }) => {
    g.row(
      [rank, branchName(result, lang), ...(hasGroup ? [result.group ?? ""] : []), result.total, result.tier],
      [null, null, ...(hasGroup ? [null] : []), totalFmt, null],
    );
  });
  if (ranked.length === 0) g.note([pick(lang, "（没有已评定的支部）", "(no rated branch)")]);
  g.blank();

  // 5. 分组统计.
  if (hasGroup) {
    const groups = new Map<string, RowResult[]>();
    const noGroup = pick(lang, "（未填）", "(blank)");
    for (const r of rows) {
      const key = r.group && r.group.trim() !== "" ? r.group : noGroup;
      const list = groups.get(key);
      if (list) list.push(r);
      else groups.set(key, [r]);
    }
    g.heading(pick(lang, "分组统计", "By group"));
    g.header([
      pick(lang, "所属党组织", "Group"),
      pick(lang, "支部数", "Branches"),
      ...counts.map((t) => t.label),
      pick(lang, "平均总分", "Mean total"),
    ]);
    for (const [name, list] of groups) {
      const totals = list.filter((r) => r.rated && r.total !== null).map((r) => r.total as number);
      const perTier = counts.map((t) => list.filter((r) => (r.rated ? r.stars : null) === t.stars).length);
      const mean = totals.length ? roundTo(totals.reduce((s, x) => s + x, 0) / totals.length, 2) : null;
      g.row([name, list.length, ...perTier, mean], [null, null, ...perTier.map(() => null), meanFmt]);
    }
    g.blank();
  }

  // 6. 评先推荐 / 不得评先.
  if (rubric.eligibility.length > 0) {
    const lowest = Math.min(...rubric.eligibility.map((e) => e.minStars));
    const positive = rubric.eligibility.filter((e) => rubric.eligibility.length === 1 || e.minStars > lowest);
    const positiveLabels = new Set(positive.flatMap((e) => [e.label, e.labelEn ?? e.label]));
    const listHeader = [
      pick(lang, "党支部", "Branch"),
      ...(hasGroup ? [pick(lang, "所属党组织", "Group")] : []),
      pick(lang, "星级", "Tier"),
      pick(lang, "总分", "Total"),
      pick(lang, "评先资格", "Eligibility"),
    ];
    const listRow = (r: RowResult): void => {
      g.row(
        [branchName(r, lang), ...(hasGroup ? [r.group ?? ""] : []), r.tier, r.total, r.eligibility],
        [null, ...(hasGroup ? [null] : []), null, totalFmt, null],
      );
    };
    const inRankOrder = ranked.map((x) => x.result);
    const recommended = inRankOrder.filter((r) => positiveLabels.has(r.eligibility));
    const excluded = inRankOrder.filter((r) => !positiveLabels.has(r.eligibility));
    g.heading(pick(lang, "评先推荐", "Recommended for honours"));
    g.header(listHeader);
    g.list(recommended, lang, listRow);
    if (recommended.length === 0) g.note([pick(lang, "（无）", "(none)")]);
    g.blank();
    g.heading(pick(lang, "不得评先", "Not eligible for honours"));
    g.header(listHeader);
    g.list(excluded, lang, listRow);
    if (excluded.length === 0) g.note([pick(lang, "（无）", "(none)")]);
    const notRated = rows.filter((r) => !r.rated).length;
    if (notRated > 0)
      g.note([
        pick(
          lang,
          `另有 ${notRated} 个支部未评定，见“需关注”。`,
          `${notRated} more branch(es) were not rated: see "Needs attention".`,
        ),
      ]);
    g.blank();
  }

  // 7. 需关注.
  g.heading(pick(lang, "需关注", "Needs attention"));
  const flagged: { r: RowResult; f: Flag; i: number }[] = [];
  for (const r of rows) r.flags.forEach((f, i) => flagged.push({ r, f, i }));
  flagged.sort(
    (a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.r.row - b.r.row || a.i - b.i,
  );
  g.header([
    pick(lang, "级别", "Severity"),
    pick(lang, "党支部", "Branch"),
    pick(lang, "行", "Row"),
    pick(lang, "单元格", "Cell"),
    pick(lang, "代码", "Code"),
    pick(lang, "说明", "Message"),
  ]);
  g.list(flagged, lang, ({ r, f }) => {
    g.row([severityLabel(f.severity, lang), branchName(r, lang), r.row, f.cell ?? "", f.code, f.message]);
  });
  if (flagged.length === 0) g.note([pick(lang, "（没有需要关注的支部）", "(nothing flagged)")]);
  g.blank();

  // 8. 动态变化.
  // 上年星级 from a column of the sheet, or from last year's workbook (--prior: no column, values only).
  const prior = rubric.fields.find(
    (f) => f.id === "priorStars" && (layout.fields[f.id] || rows.some((r) => r.values[f.id] !== undefined)),
  );
  if (prior) {
    let up = 0;
    let down = 0;
    let same = 0;
    let unknown = 0;
    const changes: { r: RowResult; before: number; now: number }[] = [];
    for (const r of rows) {
      const before = numberOrNull(r.values[prior.id]);
      if (!r.rated || r.stars === null || before === null) {
        unknown++;
        continue;
      }
      if (r.stars > before) up++;
      else if (r.stars < before) down++;
      else same++;
      if (r.stars !== before) changes.push({ r, before, now: r.stars });
    }
    g.heading(pick(lang, "动态变化（与上年比较）", "Change since last year"));
    g.header([pick(lang, "变化", "Change"), pick(lang, "支部数", "Branches")]);
    g.row([pick(lang, "上升", "Up"), up]);
    g.row([pick(lang, "持平", "Same"), same]);
    g.row([pick(lang, "下降", "Down"), down]);
    g.row([pick(lang, "无法比较（未评定或无上年星级）", "Not comparable"), unknown]);
    if (changes.length > 0) {
      g.blank();
      g.header([
        pick(lang, "党支部", "Branch"),
        pick(lang, "上年星数", "Last year"),
        pick(lang, "本次星数", "This year"),
        pick(lang, "变化", "Change"),
      ]);
      g.list(changes, lang, (c) => {
        const d = c.now - c.before;
        g.row([branchName(c.r, lang), c.before, c.now, d > 0 ? `↑${d}` : `↓${-d}`]);
      });
    }
    g.blank();
  } else {
    g.heading(pick(lang, "动态变化", "Change since last year"));
    g.note([pick(lang, "（表中没有上年星级列，未比较）", "(no last-year column: not compared)")]);
  }

  // Emit: one rectangular block, the title merged across, widths, chart, page setup.
  const width = Math.max(g.width, 6);
  // Rows are padded in place, and rows without any format share one all-null line: a 50,000-branch
  // summary is a few hundred thousand rows, and allocation is most of its cost.
  const noFormats: (CellFormat | null)[] = new Array<CellFormat | null>(width).fill(null);
  const values: WriteValue[][] = [];
  const formats: (CellFormat | null)[][] = [];
  for (const r of g.rows) {
    const line = r.values;
    while (line.length < width) line.push(null);
    values.push(line);
    if (r.formats.every((f) => f === null)) formats.push(noFormats);
    else {
      const f = r.formats;
      while (f.length < width) f.push(null);
      formats.push(f);
    }
  }
  merges.push({ top: titleRow, left: 1, bottom: titleRow, right: width });
  const widths: number[] = [];
  for (let c = 0; c < width; c++) {
    let w = 8;
    for (const r of g.rows) if (r.measured) w = Math.max(w, textWidth(r.values[c] ?? null) + 2);
    widths.push(Math.min(w, c === width - 1 || c === 5 ? 60 : 40));
  }
  const chartLeft = width + 2;
  const ops: PlanOp[] = [
    { kind: "values", sheet: sheetName, row: 1, col: 1, values, formats },
    ...merges.map((rect): PlanOp => ({ kind: "merge", sheet: sheetName, rect })),
    { kind: "columnWidths", sheet: sheetName, col: 1, widths },
  ];
  if (distLast >= distFirst) {
    ops.push({
      kind: "chart",
      sheet: sheetName,
      title: pick(lang, "星级分布", "Star distribution"),
      data: { top: distFirst, left: 1, bottom: distLast, right: 2 },
      anchor: { top: distFirst - 2, left: chartLeft, bottom: distFirst + 14, right: chartLeft + 7 },
    });
  }
  ops.push(ownedSheetPageSetup(sheetName, { first: 1, last: 1 }));
  return { ops, counts };
}

function mentions(c: Condition, fieldId: string): boolean {
  return leavesOf(c).some((leaf) => leaf.field === fieldId);
}
