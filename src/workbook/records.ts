/**
 * What the workbook carries beyond one run (SPEC §10, docs/records.md): the merge it came from,
 * last year's results, the 定稿 and the history of runs. Read tolerantly from the settings (a part
 * that does not parse is dropped with a notice, never stops a run) and applied by recompute in two
 * steps: `withPrior` before the engine (the 上年星级 field), `finishRecords` after it (定稿, history,
 * the 评定核查 sections and what the settings store next).
 */
import { z } from "zod";
import type { Evaluation, InputTable, Lang, Rubric } from "../engine/types";
import { msg } from "../messages";
import { applyFrozen, finalSection, freezeResults, type FrozenResults } from "./final";
import {
  appendHistory,
  historyEntry,
  historySection,
  tierChanges,
  type HistoryEntry,
  type HistoryEvent,
} from "./history";
import type { Layout } from "./layout";
import { mergeSections, type MergeRecord } from "./merge";
import type { ReviewSection, SheetModel } from "./model";
import { PRIOR_FIELD, applyPrior, priorSection, type PriorMatch, type PriorResults } from "./prior";
import type { Notice } from "./util";

export interface CarriedRecords {
  /** The merge (申报汇总) this workbook was built by. */
  merge?: MergeRecord;
  /** Last year's results in use (--prior, the pane's picker); kept for later runs. */
  prior?: PriorResults;
  /** The frozen results (定稿). */
  final?: FrozenResults;
  history?: HistoryEntry[];
}

/** What a run asks of the records (RecomputeOptions). */
export interface RecordOptions {
  /** Last year's results for this run and the next ones; null stops using the carried ones. */
  prior?: PriorResults | null;
  /** Freeze this run's results (定稿). */
  finalize?: boolean;
  /** Drop the frozen results (解除定稿) and write today's. */
  unfinalize?: boolean;
  /** Who runs it, when the host says (Office), for the history. */
  user?: string;
}

const text = z.string();
const bothTexts = z.object({ zh: text, en: text });
const place = z.object({ file: text, sheet: text, row: z.number() });
const mergeSchema = z.object({
  at: text,
  rubric: z.object({ id: text, version: text }),
  files: z.array(z.object({ file: text, sheet: text, headerRow: z.number(), rows: z.number() })),
  skipped: z.array(z.object({ file: text, reason: bothTexts })),
  duplicates: z.array(z.object({ name: text, places: z.array(place) })),
});
const priorSchema = z.object({
  source: text,
  sheet: text,
  entries: z.array(
    z.object({
      name: text,
      stars: z.number().int().min(0).max(5).nullable(),
      tier: text,
      group: text.optional(),
      conflictingStars: z.number().int().min(0).max(5).optional(),
    }),
  ),
});
const flag = z.object({
  code: text,
  severity: z.enum(["error", "warning", "info"]),
  message: text,
  cell: text.optional(),
});
const finalSchema = z.object({
  at: text,
  by: text.optional(),
  rubric: z.object({ id: text, name: text, version: text }),
  rows: z.array(
    z.object({
      name: text,
      group: text.nullable(),
      rated: z.boolean(),
      total: z.number().nullable(),
      stars: z.number().nullable(),
      tier: text,
      eligibility: text,
      flags: z.array(flag),
      explanation: text,
      values: z.record(text, z.union([z.number(), z.boolean(), text])),
    }),
  ),
});
const historySchema = z.array(
  z.object({
    at: text,
    lastAt: text.optional(),
    rubric: z.object({ id: text, name: text, version: text }),
    user: text.optional(),
    rated: z.number(),
    notRated: z.number(),
    distribution: z.array(z.object({ label: text, count: z.number() })),
    changed: z.array(z.object({ name: text, from: text, to: text })),
    changedCount: z.number(),
    event: z.enum(["finalized", "unfinalized", "frozen"]).optional(),
  }),
);

const PARTS = { merge: mergeSchema, prior: priorSchema, final: finalSchema, history: historySchema } as const;
type PartName = keyof typeof PARTS;
const PART_NAMES: Record<PartName, { zh: string; en: string }> = {
  merge: { zh: "申报汇总来源", en: "merge record" },
  prior: { zh: "上年结果", en: "last year's results" },
  final: { zh: "定稿结果", en: "finalised results" },
  history: { zh: "评定记录", en: "history of runs" },
};

/** The records in a settings object; a part that does not parse is dropped with a notice. */
export function readRecords(data: Record<string, unknown>): { records: CarriedRecords; notices: Notice[] } {
  const records: CarriedRecords = {};
  const notices: Notice[] = [];
  for (const name of Object.keys(PARTS) as PartName[]) {
    if (data[name] === undefined) continue;
    const parsed = PARTS[name].safeParse(data[name]);
    if (parsed.success) Object.assign(records, { [name]: parsed.data });
    else notices.push(msg("RECORD_UNREADABLE", PART_NAMES[name]));
  }
  return { records, notices };
}

export interface PriorStep {
  table: InputTable;
  /** The layout, with 上年星级 no longer listed as missing when last year's results supply it. */
  layout: Layout;
  prior: PriorResults | null;
  match: PriorMatch | null;
  notices: Notice[];
}

/** The engine's input with 上年星级 from last year's results (this run's, else the carried ones). */
export function withPrior(
  table: InputTable,
  rubric: Rubric,
  carried: CarriedRecords,
  options: RecordOptions,
  layout: Layout,
): PriorStep {
  const prior = options.prior === undefined ? (carried.prior ?? null) : options.prior;
  if (!prior) return { table, layout, prior: null, match: null, notices: [] };
  if (!rubric.fields.some((f) => f.id === PRIOR_FIELD))
    return { table, layout, prior, match: null, notices: [msg("PRIOR_NO_FIELD", { rubric: rubric.name })] };
  const notices: Notice[] = [];
  const own = layout.fields[PRIOR_FIELD];
  if (own) notices.push(msg("PRIOR_COLUMN_REPLACED", { column: own.column, file: prior.source }));
  const match = applyPrior(table, rubric, prior);
  if (options.prior !== undefined && match.sameInputs)
    notices.push(msg("PRIOR_SAME_INPUTS", { file: prior.source, count: match.matched }));
  // A file named for this run whose names match none of this table's is not last year's results for
  // it (another unit's, a wrong year's): it is not used, and the table's own 上年星级 column stays.
  if (options.prior !== undefined && match.matched === 0 && match.unmatchedHere.length > 0) {
    const kept = withPrior(table, rubric, carried, { ...options, prior: undefined }, layout);
    return { ...kept, notices: [msg("PRIOR_NONE_MATCHED", { file: prior.source }), ...kept.notices] };
  }
  const supplied = {
    ...layout,
    missingFields: layout.missingFields.filter((id) => id !== PRIOR_FIELD),
    absentFields: layout.absentFields.filter((id) => id !== PRIOR_FIELD),
  };
  return { table: match.table, layout: supplied, prior, match, notices };
}

/**
 * Last year's results as the settings keep them: without the inputs read to tell this year's own
 * file (they served the run that named the file; the carried results are not compared again).
 */
function carriedPrior(prior: PriorResults): PriorResults {
  return {
    source: prior.source,
    sheet: prior.sheet,
    entries: prior.entries.map(({ inputs: _inputs, ...kept }) => kept),
  };
}

export interface FinishedRecords {
  evaluation: Evaluation;
  sections: ReviewSection[];
  /** What the settings store after this run. */
  records: CarriedRecords;
  notices: Notice[];
}

/** 定稿 (freeze, keep, or drop), the history entry and the 评定核查 sections of the records. */
export function finishRecords(args: {
  carried: CarriedRecords;
  options: RecordOptions;
  prior: PriorStep;
  rubric: Rubric;
  sheet: SheetModel;
  layout: Layout;
  evaluation: Evaluation;
  now: Date;
  lang: Lang;
}): FinishedRecords {
  const { carried, options, rubric, lang } = args;
  const notices: Notice[] = [];
  const sections: ReviewSection[] = [];
  if (carried.merge) sections.push(...mergeSections(carried.merge, lang));
  if (args.prior.prior && args.prior.match)
    sections.push(priorSection(args.prior.prior, args.prior.match, lang));
  let evaluation = args.evaluation;
  let final = carried.final;
  let event: HistoryEvent | undefined;
  if (options.unfinalize) {
    if (final) event = "unfinalized";
    else notices.push(msg("NOT_FINALIZED"));
    final = undefined;
  }
  if (options.finalize) {
    if (final) notices.push(msg("ALREADY_FINALIZED", { at: final.at }));
    else {
      final = freezeResults(evaluation, rubric, args.now, options.user);
      event = "finalized";
    }
  }
  if (final) {
    // A 定稿 made before this run's 上年结果 was given: its results (flags, 动态变化) stand as frozen.
    if (event !== "finalized" && options.prior && args.prior.prior)
      notices.push(msg("PRIOR_UNDER_FINAL", { at: final.at, file: args.prior.prior.source }));
    const applied = applyFrozen(evaluation, final, rubric, lang);
    evaluation = applied.evaluation;
    event ??= "frozen";
    sections.push(finalSection(final, applied.differences, lang));
  }
  const entry = historyEntry({
    rubric,
    evaluation,
    changes: tierChanges(args.sheet, args.layout, evaluation, rubric),
    now: args.now,
    user: options.user,
    event,
  });
  const history = appendHistory(carried.history ?? [], entry);
  sections.push(historySection(history, lang));
  const records: CarriedRecords = {
    ...(carried.merge ? { merge: carried.merge } : {}),
    ...(args.prior.prior ? { prior: carriedPrior(args.prior.prior) } : {}),
    ...(final ? { final } : {}),
    history,
  };
  return { evaluation, sections, records, notices };
}
