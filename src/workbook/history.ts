/**
 * The history of runs (SPEC §10, docs/records.md): every recompute adds an entry to the workbook's
 * settings (time, scheme and version, who when the host says, the distribution, the branches whose
 * tier changed since the last run) and 评定核查 shows them. Bounded to the last HISTORY_LIMIT
 * entries. Runs in a row that change nothing (same scheme, same distribution, no tier changes, no
 * 定稿 action) are one entry with its first and last time: clicking 一键评定 ten times does not push
 * the real history out, and a re-run with the same time gives the same workbook (SPEC §5).
 */
import { isTierLabelOf } from "../engine";
import type { Evaluation, Lang, RowResult, Rubric } from "../engine/types";
import type { Layout } from "./layout";
import type { ReviewSection, SheetModel, WriteValue } from "./model";
import { countByTier, ratedCount } from "./tiers";
import { cellAt, formatLocalTime, pick } from "./util";

export const HISTORY_LIMIT = 50;
/** Changed branches named per entry; the rest are counted. */
export const CHANGES_LISTED = 20;

export type HistoryEvent = "finalized" | "unfinalized" | "frozen";

export interface TierChange {
  name: string;
  from: string;
  to: string;
}

export interface HistoryEntry {
  at: string;
  /** The last of several runs in a row that changed nothing. */
  lastAt?: string;
  rubric: { id: string; name: string; version: string };
  user?: string;
  rated: number;
  notRated: number;
  distribution: { label: string; count: number }[];
  changed: TierChange[];
  changedCount: number;
  event?: HistoryEvent;
}

/**
 * Whether a 评定星级 text the last run wrote is this row's tier: in this run's words, or in the other
 * language's (the last run was in English, this one in Chinese: "5 stars" is 五星级, no change).
 */
function sameTier(before: string, r: RowResult, rubric: Rubric): boolean {
  if (before === r.tier) return true;
  return isTierLabelOf(rubric, r.rated ? r.stars : null, before);
}

/** Rows whose 评定星级 cell (as the last run left it) differs from what this run writes. */
export function tierChanges(
  sheet: SheetModel,
  layout: Layout,
  evaluation: Evaluation,
  rubric: Rubric,
): TierChange[] {
  const col = layout.resultColumns.tier?.col;
  if (col === undefined) return [];
  const out: TierChange[] = [];
  for (const r of evaluation.rows) {
    const cell = cellAt(sheet, r.row, col);
    // Compared as shown: a space typed after the label is not a change of tier.
    const before = typeof cell === "string" ? cell.trim() : "";
    if (before === "" || sameTier(before, r, rubric)) continue;
    out.push({ name: r.name, from: before, to: r.tier });
  }
  return out;
}

export function historyEntry(args: {
  rubric: Rubric;
  evaluation: Evaluation;
  changes: TierChange[];
  now: Date;
  user?: string;
  event?: HistoryEvent;
}): HistoryEntry {
  const counts = countByTier(args.rubric, args.evaluation, "zh");
  const rated = ratedCount(args.evaluation.rows);
  return {
    at: args.now.toISOString(),
    rubric: { id: args.rubric.id, name: args.rubric.name, version: args.rubric.version },
    ...(args.user ? { user: args.user } : {}),
    rated,
    notRated: args.evaluation.rows.length - rated,
    distribution: counts.filter((c) => c.count > 0).map((c) => ({ label: c.label, count: c.count })),
    changed: args.changes.slice(0, CHANGES_LISTED),
    changedCount: args.changes.length,
    ...(args.event ? { event: args.event } : {}),
  };
}

function sameOutcome(a: HistoryEntry, b: HistoryEntry): boolean {
  return (
    a.rubric.id === b.rubric.id &&
    a.rubric.version === b.rubric.version &&
    a.user === b.user &&
    a.rated === b.rated &&
    a.notRated === b.notRated &&
    JSON.stringify(a.distribution) === JSON.stringify(b.distribution) &&
    b.changedCount === 0 &&
    (a.event === undefined || a.event === "frozen") &&
    a.event === b.event
  );
}

/** The history with `entry` added (or folded into the last entry), the oldest dropped past `limit`. */
export function appendHistory(
  history: readonly HistoryEntry[],
  entry: HistoryEntry,
  limit: number = HISTORY_LIMIT,
): HistoryEntry[] {
  const last = history[history.length - 1];
  if (last && sameOutcome(last, entry)) {
    const folded: HistoryEntry = entry.at === last.at ? last : { ...last, lastAt: entry.at };
    return [...history.slice(0, -1), folded];
  }
  return [...history, entry].slice(-limit);
}

function eventText(e: HistoryEvent | undefined, lang: Lang): string {
  if (e === "finalized") return pick(lang, "定稿", "finalised");
  if (e === "unfinalized") return pick(lang, "解除定稿", "unfinalised");
  if (e === "frozen") return pick(lang, "已定稿，写出定稿结果", "finalised results written");
  return pick(lang, "评定", "rated");
}

function changesText(entry: HistoryEntry, lang: Lang): string {
  if (entry.changedCount === 0) return "";
  const listed = entry.changed.map((c) => `${c.name} ${c.from}→${c.to}`).join(pick(lang, "；", "; "));
  const more = entry.changedCount - entry.changed.length;
  return more > 0
    ? pick(lang, `${listed} 等，共 ${entry.changedCount} 个`, `${listed} and ${more} more`)
    : listed;
}

/** The history section's title (the CLI leaves it out of its lines: it is in the workbook). */
export function historyTitle(lang: Lang): string {
  return pick(lang, "评定记录", "History of runs");
}

/** 评定核查's history section, newest first. */
export function historySection(history: readonly HistoryEntry[], lang: Lang): ReviewSection {
  const rows: WriteValue[][] = [...history].reverse().map((e) => {
    const when = formatLocalTime(new Date(e.at));
    const time = e.lastAt ? `${when} ~ ${formatLocalTime(new Date(e.lastAt))}` : when;
    const distribution = e.distribution.map((d) => `${d.label} ${d.count}`).join(pick(lang, "，", ", "));
    return [
      time,
      eventText(e.event, lang),
      `${e.rubric.name} ${e.rubric.version}`,
      e.user ?? "",
      distribution,
      changesText(e, lang),
    ];
  });
  return {
    title: historyTitle(lang),
    note: pick(
      lang,
      `最近 ${history.length} 次（最多保留 ${HISTORY_LIMIT} 次；结果相同的连续评定合为一行），新的在前。「星级变化」与上一次评定相比。`,
      `The last ${history.length} runs (at most ${HISTORY_LIMIT}; runs in a row with the same result share a line), newest first. "Tier changes" compare with the run before.`,
    ),
    header: [
      pick(lang, "时间", "Time"),
      pick(lang, "操作", "Action"),
      pick(lang, "评定方案", "Scheme"),
      pick(lang, "操作人", "User"),
      pick(lang, "星级分布", "Distribution"),
      pick(lang, "星级变化", "Tier changes"),
    ],
    rows,
  };
}
