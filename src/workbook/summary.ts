/**
 * 评定汇总 (SPEC §6; docs/owned-sheets.md), for the leadership, rebuilt on every recompute: title
 * and one line of facts, 星级分布 with a chart beside it, 分项得分 (and 达标情况 for checklists),
 * 排名 with the order stated and 备注 saying why a tier is not what the total alone gives, 分组统计,
 * 评先推荐 / 不得评先 (when the rubric has eligibility), 动态变化 (when last year's tiers are known).
 * Everything is computed from the Evaluation; the flags themselves are on 评定核查.
 */
import { tierLabel } from "../engine";
import { leavesOf } from "../engine/conditions";
import type { CellFormat, PlanOp } from "./model";
import type { Condition, Evaluation, Flag, Lang, RowResult, Rubric } from "../engine/types";
import type { Layout } from "./layout";
import { msg, render, type SheetWord } from "../messages";
import { branchName, documentStem, schemeName, word, type OwnedInput } from "./owned";
import { HEADER_FILL, SheetDoc, type DocColumn, type DocTable } from "./sheetdoc";
import { tierFormat } from "./tier-style";
import { countByTier, type TierCount } from "./tiers";
import { formatLocalTime, roundTo } from "./util";

/** The template's header look (kept for template.ts). */
export const TABLE_HEADER_FORMAT: CellFormat = {
  bold: true,
  fill: HEADER_FILL,
  horizontal: "center",
  vertical: "center",
  wrap: true,
  border: true,
};
const PERCENT: CellFormat = { numFmt: "0.0%" };
const MEAN: CellFormat = { numFmt: "0.00" };
/**
 * Entries each list of the summary (排名, 评先推荐, 不得评先, 动态变化) shows at most. A real
 * committee has hundreds of branches, so every list is complete; a table of 100,000 branches would
 * otherwise write a summary larger than the table itself. Past the bound a note says how many there
 * are and where each branch's result is (its own row's result columns).
 */
export const SUMMARY_LIST_LIMIT = 10_000;
/** Rows the distribution section takes at least, so its chart never covers the next section. */
const CHART_ROWS = 16;

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

/** The stars the total alone gives (bands), or null when tiers are counted. */
function starsByTotal(rubric: Rubric, total: number | null): number | null {
  if (rubric.tiers.kind !== "bands" || total === null) return null;
  for (const b of rubric.tiers.bands) if (total >= b.min) return b.stars;
  return 0;
}

/**
 * 备注 of a ranked branch: why its tier is not what its total alone gives — the gates (满意率未达
 * 95%, 五星标准未全部达到, 零差错) and vetoes (一票否决) that changed it, in the rule's own words.
 */
export function rankRemark(rubric: Rubric, r: RowResult, lang: Lang): string {
  const byTotal = starsByTotal(rubric, r.total);
  const changed = rubric.tiers.kind === "count" || (byTotal !== null && byTotal !== r.stars);
  if (!changed || r.stars === null) return "";
  const parts: string[] = [];
  for (const rule of rubric.rules) {
    if (rule.kind !== "gate" && rule.kind !== "veto") continue;
    if (rule.kind === "gate" && (byTotal === null || byTotal < (rule.minStars ?? 0))) continue;
    const flag = r.flags.find((f: Flag) => f.code === rule.code);
    if (!flag) continue;
    const tier = tierLabel(rubric, r.stars, lang);
    const code = rule.kind === "gate" ? "SHEET_REMARK_CAPPED" : "SHEET_REMARK_SET";
    parts.push(render(msg(code, { reason: flag.message, tier }), lang));
  }
  return parts.join(lang === "en" ? "; " : "；");
}

export type SummaryInput = OwnedInput;

export interface SummaryBuild {
  ops: PlanOp[];
  counts: TierCount[];
}

function numberOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function mean(values: number[]): number | null {
  return values.length ? roundTo(values.reduce((s, x) => s + x, 0) / values.length, 2) : null;
}

function hasGroup(rubric: Rubric, layout: Layout): boolean {
  return rubric.fields.some((f) => f.role === "group" && layout.fields[f.id]);
}

/** Sections are numbered as they come (一、二、…): which ones appear depends on the table. */
class Sections {
  private n = 0;
  constructor(
    private readonly doc: SheetDoc,
    private readonly lang: Lang,
  ) {}
  heading(title: string): number {
    this.n++;
    return this.doc.heading(render(msg("SHEET_HEADING", { n: this.n, title }), this.lang));
  }
}

interface Ctx {
  input: SummaryInput;
  doc: SheetDoc;
  sections: Sections;
  w: (word: SheetWord) => string;
  group: boolean;
  totalFmt: CellFormat;
  ranked: RankedRow[];
}

/** The first SUMMARY_LIST_LIMIT items as rows, then a note saying how many were left out. */
function list<T>(ctx: Ctx, items: readonly T[], row: (item: T, i: number) => void): void {
  const shown = Math.min(items.length, SUMMARY_LIST_LIMIT);
  for (let i = 0; i < shown; i++) row(items[i]!, i);
  if (items.length > shown)
    ctx.doc.para(render(msg("SHEET_LIST_LIMIT", { count: items.length, shown }), ctx.input.lang));
}

function titleBlock(ctx: Ctx, counts: TierCount[]): void {
  const { input, doc } = ctx;
  const { rubric, evaluation, lang } = input;
  const rows = evaluation.rows;
  const rated = rows.filter((r) => r.rated).length;
  doc.title(render(msg("SHEET_SUMMARY_TITLE", { base: documentStem(input) }), lang));
  const facts = {
    scheme: schemeName(rubric, lang),
    time: formatLocalTime(input.now),
    total: rows.length,
    rated,
    notRated: rows.length - rated,
  };
  doc.para(render(msg("SHEET_SCHEME_LINE", facts), lang));
  const flagged = rows.reduce((n, r) => n + r.flags.length, 0);
  if (flagged > 0)
    doc.para(render(msg("SHEET_SEE_REVIEW", { count: flagged, sheet: input.names.review }), lang));
  void counts;
  doc.blank();
}

function distribution(ctx: Ctx, counts: TierCount[]): PlanOp[] {
  const { doc, w, input } = ctx;
  const total = input.evaluation.rows.length;
  const top = ctx.sections.heading(w("distribution"));
  const t = doc.table(
    [
      { header: w("tier"), kind: "name" },
      { header: w("branches"), kind: "num" },
      { header: w("share"), kind: "num" },
    ],
    { startCol: 2 },
  );
  const first = doc.nextRow;
  for (const c of counts) {
    t.row(
      [c.label, c.count, total > 0 ? roundTo(c.count / total, 4) : 0],
      [tierFormat(c.stars), null, PERCENT],
    );
  }
  const last = doc.nextRow - 1;
  t.row([w("sum"), total, total > 0 ? 1 : 0], [{ bold: true }, { bold: true }, PERCENT]);
  while (doc.nextRow < top + CHART_ROWS) doc.blank();
  doc.blank();
  if (last < first) return [];
  const sheet = input.names.summary;
  return [
    {
      kind: "chart",
      sheet,
      title: w("distribution"),
      data: { top: first, left: 2, bottom: last, right: 3 },
      anchor: { top: top + 1, left: 5, bottom: top + CHART_ROWS - 1, right: 10 },
    },
  ];
}

function criterionStats(ctx: Ctx): void {
  const { doc, w, input } = ctx;
  const { rubric, layout, evaluation } = input;
  const rated = evaluation.rows.filter((r) => r.rated);
  const countTiers = rubric.tiers.kind === "count";
  const criteria = rubric.fields.filter(
    (f) => (f.role === "criterion" || f.role === "total") && layout.fields[f.id],
  );
  ctx.sections.heading(w("byCriterion"));
  doc.para(w("overRated"));
  const columns: DocColumn[] = [
    { header: w("no"), kind: "num" },
    { header: w("criterion"), kind: "name" },
    ...(["max", "mean", "lowest", "highest"] as const).map((k): DocColumn => ({ header: w(k), kind: "num" })),
    { header: countTiers ? w("starsEarned") : w("atFullMarks"), kind: "num" },
  ];
  const t = doc.table(columns);
  let n = 0;
  const statRow = (label: string, max: number | null, values: number[], special: number | null): void => {
    // A loop, not Math.min(...values): past ~120,000 branches that is more arguments than a call takes.
    const lo = values.length ? values.reduce((a, b) => Math.min(a, b)) : null;
    const hi = values.length ? values.reduce((a, b) => Math.max(a, b)) : null;
    t.row([++n, label, max, mean(values), lo, hi, special], [null, null, null, MEAN]);
  };
  for (const f of criteria) {
    const nums: number[] = [];
    let special = 0;
    for (const r of rated) {
      const v = r.values[f.id];
      const x = numberOrNull(v);
      if (x !== null) nums.push(x);
      if (countTiers) {
        if (v === true || (x !== null && f.pass !== undefined && x >= f.pass)) special++;
      } else if (x !== null && f.max !== undefined && x === f.max) special++;
    }
    statRow(input.lang === "en" ? (f.labelEn ?? f.label) : f.label, f.max ?? null, nums, special);
  }
  // Count tiers: the "total" is a tie-breaker over whatever scores were given, not a score out of a maximum.
  if (rubric.score.method === "sum" || rubric.score.method === "weighted") {
    const totals = rated.map((r) => r.total).filter((x): x is number => x !== null);
    const maxTotal =
      rubric.score.method === "sum"
        ? rubric.fields
            .filter((f) => f.role === "criterion")
            .reduce<number | null>((s, f) => (s === null || f.max === undefined ? null : s + f.max), 0)
        : null;
    statRow(
      w("totalScore"),
      maxTotal,
      totals,
      maxTotal !== null ? totals.filter((x) => x === maxTotal).length : null,
    );
  }
  doc.blank();
}

function mentions(c: Condition, fieldId: string): boolean {
  return leavesOf(c).some((leaf) => leaf.field === fieldId);
}

/** 达标情况: checklist columns (the 13 five-star standards), not the veto's yes/no. */
function standardsMet(ctx: Ctx): void {
  const { doc, w, input } = ctx;
  const { rubric, layout, evaluation, lang } = input;
  const checks = rubric.fields.filter(
    (f) =>
      f.role === "check" &&
      layout.fields[f.id] &&
      !rubric.rules.some((rule) => rule.kind === "veto" && mentions(rule.when, f.id)),
  );
  if (checks.length === 0) return;
  ctx.sections.heading(w("standards"));
  const t = doc.table([
    { header: w("no"), kind: "num" },
    { header: w("standard"), kind: "name" },
    { header: w("met"), kind: "num" },
    { header: w("notMet"), kind: "num" },
    { header: w("blank"), kind: "num" },
  ]);
  checks.forEach((f, i) => {
    let met = 0;
    let unmet = 0;
    for (const r of evaluation.rows) {
      const v = r.values[f.id];
      if (v === undefined) continue;
      if (v === true || (typeof v === "number" && f.minCount !== undefined && v >= f.minCount)) met++;
      else unmet++;
    }
    const label = lang === "en" ? (f.labelEn ?? f.label) : f.label;
    t.row([i + 1, label, met, unmet, evaluation.rows.length - met - unmet]);
  });
  doc.blank();
}

function branchColumns(ctx: Ctx, ...rest: DocColumn[]): DocColumn[] {
  const { w } = ctx;
  return [
    { header: w("branch"), kind: "name" },
    ...(ctx.group ? [{ header: w("group"), kind: "name", cap: 16 } satisfies DocColumn] : []),
    ...rest,
  ];
}

function ranking(ctx: Ctx): void {
  const { doc, w, input } = ctx;
  const { rubric, lang } = input;
  ctx.sections.heading(w("ranking"));
  doc.para(render(msg("SHEET_RANK_ORDER", { byCount: rubric.tiers.kind === "count" }), lang));
  const t = doc.table([
    { header: w("rank"), kind: "num" },
    ...branchColumns(
      ctx,
      { header: w("totalScore"), kind: "num" },
      { header: w("tierResult"), kind: "short" },
      { header: w("remarks"), kind: "text", cap: 16 },
    ),
  ]);
  list(ctx, ctx.ranked, ({ rank, result }) => {
    const r = result;
    t.row(
      [
        rank,
        branchName(r, lang),
        ...(ctx.group ? [r.group ?? ""] : []),
        r.total,
        r.tier,
        rankRemark(rubric, r, lang),
      ],
      [null, null, ...(ctx.group ? [null] : []), ctx.totalFmt, tierFormat(r.stars)],
    );
  });
  if (ctx.ranked.length === 0) doc.para(w("noRated"));
  doc.blank();
}

function byGroup(ctx: Ctx, counts: TierCount[]): void {
  if (!ctx.group) return;
  const { doc, w, input } = ctx;
  const groups = new Map<string, RowResult[]>();
  for (const r of input.evaluation.rows) {
    const key = r.group && r.group.trim() !== "" ? r.group : w("noGroup");
    const members = groups.get(key);
    if (members) members.push(r);
    else groups.set(key, [r]);
  }
  ctx.sections.heading(w("byGroup"));
  const t = doc.table([
    { header: w("no"), kind: "num" },
    { header: w("group"), kind: "name" },
    { header: w("branches"), kind: "num" },
    ...counts.map((c): DocColumn => ({ header: c.label, kind: "num" })),
    { header: w("meanTotal"), kind: "num" },
  ]);
  let n = 0;
  for (const [name, members] of groups) {
    const totals = members.filter((r) => r.rated && r.total !== null).map((r) => r.total as number);
    const perTier = counts.map((c) => members.filter((r) => (r.rated ? r.stars : null) === c.stars).length);
    t.row(
      [++n, name, members.length, ...perTier, mean(totals)],
      [null, null, null, ...perTier.map(() => null), MEAN],
    );
  }
  doc.blank();
}

function eligibilityLists(ctx: Ctx): void {
  const { doc, w, input } = ctx;
  const { rubric, evaluation, lang } = input;
  if (rubric.eligibility.length === 0) return;
  const lowest = Math.min(...rubric.eligibility.map((e) => e.minStars));
  const positive = rubric.eligibility.filter((e) => rubric.eligibility.length === 1 || e.minStars > lowest);
  const positiveLabels = new Set(positive.flatMap((e) => [e.label, e.labelEn ?? e.label]));
  const inRankOrder = ctx.ranked.map((x) => x.result);
  const lists: [SheetWord, RowResult[]][] = [
    ["recommended", inRankOrder.filter((r) => positiveLabels.has(r.eligibility))],
    ["notEligible", inRankOrder.filter((r) => !positiveLabels.has(r.eligibility))],
  ];
  for (const [title, members] of lists) {
    ctx.sections.heading(w(title));
    const t: DocTable = doc.table([
      { header: w("no"), kind: "num" },
      ...branchColumns(
        ctx,
        { header: w("totalScore"), kind: "num" },
        { header: w("tierResult"), kind: "short" },
        { header: w("eligibility"), kind: "text", cap: 16 },
      ),
    ]);
    list(ctx, members, (r, i) =>
      t.row(
        [i + 1, branchName(r, lang), ...(ctx.group ? [r.group ?? ""] : []), r.total, r.tier, r.eligibility],
        [null, null, ...(ctx.group ? [null] : []), ctx.totalFmt, tierFormat(r.stars)],
      ),
    );
    if (members.length === 0) doc.para(w("none"));
    doc.blank();
  }
  const notRated = evaluation.rows.filter((r) => !r.rated).length;
  if (notRated > 0)
    doc.para(render(msg("SHEET_NOT_RATED_NOTE", { count: notRated, sheet: input.names.review }), lang));
}

function dynamics(ctx: Ctx): void {
  const { doc, w, input } = ctx;
  const { rubric, layout, evaluation, lang } = input;
  const rows = evaluation.rows;
  // 上年星级 from a column of the sheet, or from last year's workbook (--prior: no column, values only).
  const prior = rubric.fields.find(
    (f) => f.id === "priorStars" && (layout.fields[f.id] || rows.some((r) => r.values[f.id] !== undefined)),
  );
  ctx.sections.heading(w("dynamics"));
  if (!prior) {
    doc.para(w("noPrior"));
    return;
  }
  const tally = { up: 0, same: 0, down: 0, notComparable: 0 };
  const changes: { r: RowResult; before: number; now: number }[] = [];
  for (const r of rows) {
    const before = numberOrNull(r.values[prior.id]);
    if (!r.rated || r.stars === null || before === null) tally.notComparable++;
    else if (r.stars === before) tally.same++;
    else {
      if (r.stars > before) tally.up++;
      else tally.down++;
      changes.push({ r, before, now: r.stars });
    }
  }
  const t = doc.table(
    [
      { header: w("change"), kind: "name" },
      { header: w("branches"), kind: "num" },
    ],
    { startCol: 2 },
  );
  for (const k of ["up", "same", "down", "notComparable"] as const) t.row([w(k), tally[k]]);
  if (tally.notComparable > 0) doc.para(w("notComparableWhy"));
  if (changes.length > 0) {
    doc.blank();
    const list2 = doc.table([
      { header: w("no"), kind: "num" },
      ...branchColumns(
        ctx,
        { header: w("lastYear"), kind: "short" },
        { header: w("thisYear"), kind: "short" },
        { header: w("change"), kind: "text", cap: 16 },
      ),
    ]);
    list(ctx, changes, (c, i) =>
      list2.row([
        i + 1,
        branchName(c.r, lang),
        ...(ctx.group ? [c.r.group ?? ""] : []),
        tierLabel(rubric, c.before, lang),
        tierLabel(rubric, c.now, lang),
        render(msg("SHEET_CHANGE", { by: c.now - c.before }), lang),
      ]),
    );
  }
}

export function buildSummaryOps(input: SummaryInput): SummaryBuild {
  const { rubric, layout, evaluation, lang } = input;
  const doc = new SheetDoc();
  const decimals = rubric.score.decimals;
  const ctx: Ctx = {
    input,
    doc,
    sections: new Sections(doc, lang),
    w: (x) => word(lang, x),
    group: hasGroup(rubric, layout),
    totalFmt: { numFmt: decimals > 0 ? `0.${"0".repeat(decimals)}` : "0" },
    ranked: rankRows(evaluation),
  };
  const counts = countByTier(rubric, evaluation, lang);
  titleBlock(ctx, counts);
  const chart = distribution(ctx, counts);
  criterionStats(ctx);
  standardsMet(ctx);
  ranking(ctx);
  byGroup(ctx, counts);
  eligibilityLists(ctx);
  dynamics(ctx);
  return { ops: [...doc.emit(input.names.summary), ...chart], counts };
}

/**
 * Whether a sheet's top-left cells are a 评定汇总 (or 评定核查, with `noun`) this tool wrote, in either
 * language: the title, then the line of facts. Lets a recompute whose settings are damaged
 * recognise its own sheet instead of adding "评定汇总 (2)" beside it; a user's sheet of that name,
 * with anything else at the top, is never taken for ours. The layout of earlier versions
 * ("… · 评定汇总", then 评定方案 and 来源工作表 rows) is recognised too.
 */
export function isOurSummary(
  values: readonly (readonly unknown[])[],
  kind: "summary" | "review" = "summary",
): boolean {
  const at = (row: number, col: number): unknown => values[row]?.[col];
  const title = at(0, 0);
  const line = at(1, 0);
  if (typeof title !== "string") return false;
  if (kind === "summary") {
    const old = title.endsWith(" · 评定汇总") && at(1, 0) === "评定方案" && at(2, 0) === "来源工作表";
    const oldEn = title.endsWith(": rating summary") && at(1, 0) === "Rubric" && at(2, 0) === "Source sheet";
    if (old || oldEn) return true;
  }
  const zhEnd = kind === "summary" ? "汇总" : "核查";
  const enEnd = kind === "summary" ? ": rating summary" : ": items to check";
  if (typeof line !== "string") return false;
  return (
    (title.endsWith(zhEnd) && line.startsWith("评定方案：")) ||
    (title.endsWith(enEnd) && line.startsWith("Scheme: "))
  );
}
