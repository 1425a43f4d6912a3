/**
 * 评定汇总 (SPEC §6; docs/owned-sheets.md), for the leadership, rebuilt on every recompute: title
 * and one line of facts, 星级分布 with a bar of ■ in its own column, 分项得分 (and 达标情况 for checklists),
 * 排名 with the order stated and 备注 saying why a tier is not what the total alone gives, 分组统计,
 * 评先推荐 / 不得评先 (when the rubric has eligibility), 动态变化 (when last year's tiers are known).
 * Everything is computed from the Evaluation; the flags themselves are on 评定核查.
 */
import { cleanText, tierLabel } from "../engine";
import { leavesOf } from "../engine/conditions";
import type { CellFormat, PlanOp, WriteValue } from "./model";
import type { Condition, Evaluation, FieldDef, Flag, Lang, RowResult, Rubric } from "../engine/types";
import type { Layout } from "./layout";
import { msg, render, type SheetWord } from "../messages";
import { branchName, documentStem, editedLine, schemeLine, word, type OwnedInput } from "./owned";
import { HEADER_FILL, SheetDoc, type DocColumn, type DocTable } from "./sheetdoc";
import { tierFormat } from "./tier-style";
import { countByTier, ratedCount, tierSteps, type TierCount } from "./tiers";
import { HOLE, LANGS, around } from "./read-back";
import { roundTo } from "./util";

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
 * Entries each list of the summary (排名, 评先推荐, 不得评先, 动态变化) shows at most
 * (docs/owned-sheets.md "Long lists"): about two printed pages each, so the summary stays a document
 * to hand over (10,000 branches wrote 27,792 rows before). A 机关党委's usual 20–100 branches are
 * listed in full; past the bound a closing line says how many more there are and that each one's
 * result is in its own row of the scored sheet.
 */
export const SUMMARY_LIST_LIMIT = 100;
/** Squares of 星级分布's bar for 100% (each 5%): text, so every adapter writes it and it prints in grey. */
export const BAR_SQUARES = 20;
/** A tier cell shows "四星级 ★★★★☆" by its number format (tier-style.ts): 17 units the value does not count. */
const STARRED_TIER_WIDTH = 18;
/** The bar does not wrap: 20 squares are 40 width units. */
const BAR_FORMAT: CellFormat = { wrap: false };

/** "■■■■□□…": a share as filled squares of BAR_SQUARES, at least one for a tier that has branches. */
export function shareBar(share: number): string {
  const filled = share > 0 ? Math.max(1, Math.round(share * BAR_SQUARES)) : 0;
  return "■".repeat(filled) + "□".repeat(BAR_SQUARES - filled);
}

const descending = (a: number, b: number): number => b - a;

/**
 * The rated rows by stars, then total (both highest first), then row. A table has a few tiers and
 * totals: the rows are grouped by the two and only the groups' keys are sorted, each group in row
 * order (100,000 rows have a few hundred keys to sort, not 100,000 rows).
 */
function rankOrder(rows: readonly RowResult[]): RowResult[] {
  const byStars = new Map<number, Map<number, RowResult[]>>();
  let rated = 0;
  // Indexed: a for…of allocates an iterator result per row until V8 optimises the loop.
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!r.rated) continue;
    rated++;
    const stars = r.stars ?? -1;
    const total = r.total ?? Number.NEGATIVE_INFINITY;
    let byTotal = byStars.get(stars);
    if (!byTotal) byStars.set(stars, (byTotal = new Map()));
    const group = byTotal.get(total);
    if (group) group.push(r);
    else byTotal.set(total, [r]);
  }
  // Sized up front (see layerRows in src/xlsx/planned-cells.ts).
  const out = new Array<RowResult>(rated);
  let at = 0;
  for (const stars of [...byStars.keys()].sort(descending)) {
    const byTotal = byStars.get(stars)!;
    for (const total of [...byTotal.keys()].sort(descending)) {
      for (const r of byTotal.get(total)!.sort((a, b) => a.row - b.row)) out[at++] = r;
    }
  }
  return out;
}

export interface RankedRow {
  rank: number;
  result: RowResult;
}

/** Rated rows by stars, then total; equal stars and total share a rank (1, 2, 2, 4). */
export function rankRows(evaluation: Evaluation): RankedRow[] {
  const order = rankOrder(evaluation.rows);
  const out = new Array<RankedRow>(order.length);
  let prev: RankedRow | undefined;
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    const rank = prev && prev.result.stars === r.stars && prev.result.total === r.total ? prev.rank : i + 1;
    prev = { rank, result: r };
    out[i] = prev;
  }
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

/**
 * Mean, lowest and highest of numbers added one by one (in row order: the sum, hence the mean, is
 * the same as over an array of them), and how many were special (at full marks, say). No array is
 * kept: a 100,000-row table has one tally per criterion, not one array of 100,000 numbers.
 */
class Tally {
  private sum = 0;
  private n = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  special = 0;

  add(x: number): void {
    this.sum += x;
    this.n++;
    this.lo = Math.min(this.lo, x);
    this.hi = Math.max(this.hi, x);
  }

  /** Null for none. */
  get mean(): number | null {
    return this.n > 0 ? roundTo(this.sum / this.n, 2) : null;
  }
  get lowest(): number | null {
    return this.n > 0 ? this.lo : null;
  }
  get highest(): number | null {
    return this.n > 0 ? this.hi : null;
  }
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
  ranked: readonly RankedRow[];
}

/**
 * The first SUMMARY_LIST_LIMIT items as rows, then a note saying how many were left out of `count`
 * (all the items, unless the caller kept only the first ones).
 */
function list<T>(
  ctx: Ctx,
  items: readonly T[],
  row: (item: T, i: number) => void,
  count: number = items.length,
): void {
  const shown = Math.min(items.length, SUMMARY_LIST_LIMIT);
  for (let i = 0; i < shown; i++) row(items[i]!, i);
  if (count > shown)
    ctx.doc.para(
      render(msg("SHEET_LIST_MORE", { count, shown, sheet: ctx.input.layout.sheet }), ctx.input.lang),
    );
}

function titleBlock(ctx: Ctx): void {
  const { input, doc } = ctx;
  const { lang } = input;
  const rows = input.evaluation.rows;
  doc.title(render(msg("SHEET_SUMMARY_TITLE", { base: documentStem(input) }), lang));
  doc.para(schemeLine(input));
  const flagged = rows.reduce((n, r) => n + r.flags.length, 0);
  if (flagged > 0)
    doc.para(render(msg("SHEET_SEE_REVIEW", { count: flagged, sheet: input.names.review }), lang));
  const edited = editedLine(input);
  if (edited) doc.para(edited);
  doc.blank();
}

/** 星级分布: each tier with its stars, count, share and a bar of squares (no chart: it prints everywhere). */
function distribution(ctx: Ctx, counts: TierCount[]): void {
  const { doc, w, input } = ctx;
  const total = input.evaluation.rows.length;
  ctx.sections.heading(w("distribution"));
  const t = doc.table(
    [
      { header: w("tier"), kind: "name", min: STARRED_TIER_WIDTH },
      { header: w("branches"), kind: "num" },
      { header: w("share"), kind: "num" },
      { header: w("bar"), kind: "text", cap: 2 * BAR_SQUARES + 2 },
    ],
    // The bar spans to the sheet's right edge: no column of its own widened for the other sections.
    { startCol: 2, spanLast: true },
  );
  for (const c of counts) {
    const share = total > 0 ? roundTo(c.count / total, 4) : 0;
    t.row([c.label, c.count, share, shareBar(share)], [tierFormat(c.stars, true), null, PERCENT, BAR_FORMAT]);
  }
  t.row([w("sum"), total, total > 0 ? 1 : 0, null], [{ bold: true }, { bold: true }, PERCENT, null]);
  doc.blank();
}

/**
 * Per criterion (and the total) over the rated rows, in one pass: its numbers, and how many are at
 * full marks (count tiers: how many earned the criterion's star).
 */
function tallyCriteria(
  ctx: Ctx,
  criteria: FieldDef[],
  maxTotal: number | null,
): { byField: Tally[]; total: Tally } {
  const countTiers = ctx.input.rubric.tiers.kind === "count";
  const byField = criteria.map(() => new Tally());
  const total = new Tally();
  const rows = ctx.input.evaluation.rows;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (!r.rated) continue;
    for (let i = 0; i < criteria.length; i++) {
      const f = criteria[i]!;
      const tally = byField[i]!;
      const v = r.values[f.id];
      const x = numberOrNull(v);
      if (x !== null) tally.add(x);
      if (countTiers) {
        if (v === true || (x !== null && f.pass !== undefined && x >= f.pass)) tally.special++;
      } else if (x !== null && f.max !== undefined && x === f.max) tally.special++;
    }
    if (r.total !== null) {
      total.add(r.total);
      if (r.total === maxTotal) total.special++;
    }
  }
  return { byField, total };
}

function criterionStats(ctx: Ctx): void {
  const { doc, w, input } = ctx;
  const { rubric, layout } = input;
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
  const statRow = (label: string, max: number | null, tally: Tally, special: number | null): void => {
    t.row([++n, label, max, tally.mean, tally.lowest, tally.highest, special], [null, null, null, MEAN]);
  };
  // Count tiers: the "total" is a tie-breaker over whatever scores were given, not a score out of a maximum.
  const withTotal = rubric.score.method === "sum" || rubric.score.method === "weighted";
  const maxTotal =
    rubric.score.method === "sum"
      ? rubric.fields
          .filter((f) => f.role === "criterion")
          .reduce<number | null>((s, f) => (s === null || f.max === undefined ? null : s + f.max), 0)
      : null;
  const tallies = tallyCriteria(ctx, criteria, maxTotal);
  criteria.forEach((f, i) => {
    const tally = tallies.byField[i]!;
    statRow(input.lang === "en" ? (f.labelEn ?? f.label) : f.label, f.max ?? null, tally, tally.special);
  });
  if (withTotal)
    statRow(w("totalScore"), maxTotal, tallies.total, maxTotal !== null ? tallies.total.special : null);
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

/** A list's last column (备注, 评先资格) takes the rest of the sheet's width: one line, not three. */
const SPAN_LAST = { spanLast: true } as const;

/**
 * The columns of a list of rated branches: 党支部, 评定总分, 评定星级, then 所属党组织 when there are
 * groups, then `last`. 评定星级 is always the fourth column: it is wide for its stars, and the fourth
 * column of the sections above holds numbers as wide (平均分, 未达标), so no section's column is widened for it.
 */
function ratedColumns(ctx: Ctx, last: DocColumn): DocColumn[] {
  const { w } = ctx;
  return [
    { header: w("branch"), kind: "name" },
    { header: w("totalScore"), kind: "num" },
    { header: w("tierResult"), kind: "short", min: STARRED_TIER_WIDTH },
    ...(ctx.group ? [{ header: w("group"), kind: "name", cap: 16 } satisfies DocColumn] : []),
    last,
  ];
}

/** A row of ratedColumns: values and formats after the leading number (名次 or 序号). */
function ratedRow(
  ctx: Ctx,
  r: RowResult,
  last: WriteValue,
): { values: WriteValue[]; formats: (CellFormat | null)[] } {
  const lang = ctx.input.lang;
  return {
    values: [branchName(r, lang), r.total, r.tier, ...(ctx.group ? [r.group ?? ""] : []), last],
    formats: [null, ctx.totalFmt, tierFormat(r.stars, true)],
  };
}

function ranking(ctx: Ctx): void {
  const { doc, w, input } = ctx;
  const { rubric, lang } = input;
  ctx.sections.heading(w("ranking"));
  doc.para(render(msg("SHEET_RANK_ORDER", { byCount: rubric.tiers.kind === "count" }), lang));
  const t = doc.table(
    [
      { header: w("rank"), kind: "num" },
      ...ratedColumns(ctx, { header: w("remarks"), kind: "text", cap: 16 }),
    ],
    SPAN_LAST,
  );
  list(ctx, ctx.ranked, ({ rank, result }) => {
    const row = ratedRow(ctx, result, rankRemark(rubric, result, lang));
    t.row([rank, ...row.values], [null, ...row.formats]);
  });
  if (ctx.ranked.length === 0) doc.para(w("noRated"));
  doc.blank();
}

function byGroup(ctx: Ctx, counts: TierCount[]): void {
  if (!ctx.group) return;
  const { doc, w, input } = ctx;
  // One pass, a tally per group: a group may hold most of 100,000 branches.
  const tierIndex = new Map(counts.map((c, i) => [c.stars, i]));
  const groups = new Map<string, { name: string; members: number; perTier: number[]; totals: Tally }>();
  const rows = input.evaluation.rows;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    // One group however its name was typed (full- or half-width brackets), shown as first typed.
    const key = r.group && r.group.trim() !== "" ? cleanText(r.group) : "";
    let g = groups.get(key);
    if (!g) {
      const name = key === "" ? w("noGroup") : (r.group ?? "");
      groups.set(key, (g = { name, members: 0, perTier: counts.map(() => 0), totals: new Tally() }));
    }
    g.members++;
    if (r.rated && r.total !== null) g.totals.add(r.total);
    const i = tierIndex.get(r.rated ? r.stars : null);
    if (i !== undefined) g.perTier[i]!++;
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
  for (const g of groups.values()) {
    t.row(
      [++n, g.name, g.members, ...g.perTier, g.totals.mean],
      [null, null, null, ...g.perTier.map(() => null), MEAN],
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
  // Both lists in rank order, split in one pass over the ranking; only the rows shown are kept.
  const lists = {
    recommended: { head: [] as RowResult[], count: 0 },
    notEligible: { head: [] as RowResult[], count: 0 },
  };
  for (let i = 0; i < ctx.ranked.length; i++) {
    const result = ctx.ranked[i].result;
    const part = positiveLabels.has(result.eligibility) ? lists.recommended : lists.notEligible;
    if (part.count++ < SUMMARY_LIST_LIMIT) part.head.push(result);
  }
  for (const title of ["recommended", "notEligible"] as const) {
    const { head, count } = lists[title];
    ctx.sections.heading(w(title));
    if (count > 0 && count === ctx.ranked.length) {
      // Every rated branch: the ranking above is this list already.
      const same = { count, what: w(title), ranking: w("ranking") };
      doc.para(render(msg("SHEET_SAME_AS_RANKING", same), lang));
      doc.blank();
      continue;
    }
    const t: DocTable = doc.table(
      [
        { header: w("no"), kind: "num" },
        ...ratedColumns(ctx, { header: w("eligibility"), kind: "text", cap: 16 }),
      ],
      SPAN_LAST,
    );
    list(
      ctx,
      head,
      (r, i) => {
        const row = ratedRow(ctx, r, r.eligibility);
        t.row([i + 1, ...row.values], [null, ...row.formats]);
      },
      count,
    );
    if (count === 0) doc.para(w("none"));
    doc.blank();
  }
  const notRated = evaluation.rows.length - ratedCount(evaluation.rows);
  if (notRated > 0) {
    doc.para(render(msg("SHEET_NOT_RATED_NOTE", { count: notRated, sheet: input.names.review }), lang));
    doc.blank();
  }
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
  const changes: { r: RowResult; before: number; now: number; by: number }[] = [];
  const step = tierSteps(rubric);
  for (const r of rows) {
    const before = numberOrNull(r.values[prior.id]);
    if (!r.rated || r.stars === null || before === null) {
      tally.notComparable++;
      continue;
    }
    // Counted in the scheme's tiers, as the tier-jump check counts them (docs/schemes.md).
    const by = (step[r.stars] ?? r.stars) - (step[before] ?? before);
    if (by === 0) tally.same++;
    else {
      if (by > 0) tally.up++;
      else tally.down++;
      changes.push({ r, before, now: r.stars, by });
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
        render(msg("SHEET_CHANGE", { by: c.by }), lang),
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
    ranked: input.ranked ?? rankRows(evaluation),
  };
  const counts = countByTier(rubric, evaluation, lang);
  titleBlock(ctx);
  distribution(ctx, counts);
  criterionStats(ctx);
  standardsMet(ctx);
  ranking(ctx);
  byGroup(ctx, counts);
  eligibilityLists(ctx);
  dynamics(ctx);
  return { ops: doc.emit(input.names.summary, lang), counts };
}

/** The ends of the titles and the start of the facts line the builders write, in each language. */
function ownedTops(): { summaryEnds: string[]; reviewEnds: string[]; factsStarts: string[] } {
  const factsLine = msg("SHEET_SCHEME_LINE", { scheme: HOLE, time: "", total: 0, rated: 0, notRated: 0 });
  return {
    summaryEnds: LANGS.map((lang) => around(msg("SHEET_SUMMARY_TITLE", { base: HOLE }), lang).after),
    reviewEnds: LANGS.map((lang) => around(msg("SHEET_REVIEW_TITLE", { base: HOLE }), lang).after),
    factsStarts: [
      ...LANGS.map((lang) => around(factsLine, lang).before),
      // English facts lines began "Scheme: " before the wording pass named it "Rubric: " (0e7c765).
      "Scheme: ",
    ],
  };
}
let tops: ReturnType<typeof ownedTops> | undefined;

/**
 * Whether a sheet's top-left cells are a 评定汇总 (or 评定核查, with `noun`) this tool wrote, in either
 * language: the title, then the line of facts (their words rendered from the catalogue messages the
 * builders write, read-back.ts). Lets a recompute whose settings are damaged recognise its own sheet
 * instead of adding "评定汇总 (2)" beside it; a user's sheet of that name, with anything else at the
 * top, is never taken for ours. The layout of earlier versions ("… · 评定汇总", then 评定方案 and
 * 来源工作表 rows) is recognised too.
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
    // Earlier versions: a title, then one fact per row.
    const old = title.endsWith(" · 评定汇总") && at(1, 0) === "评定方案" && at(2, 0) === "来源工作表";
    const oldEn = title.endsWith(": rating summary") && at(1, 0) === "Rubric" && at(2, 0) === "Source sheet";
    if (old || oldEn) return true;
  }
  if (typeof line !== "string") return false;
  tops ??= ownedTops();
  const ends = kind === "summary" ? tops.summaryEnds : tops.reviewEnds;
  return ends.some((end) => title.endsWith(end)) && tops.factsStarts.some((start) => line.startsWith(start));
}
