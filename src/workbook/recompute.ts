/**
 * The use cases every front end calls with its own adapter: `recompute` (read, evaluate, plan,
 * write once), `inspect` (the same resolution without writing, for the task pane) and `resultLine`.
 *
 * Nothing is written unless everything before the write succeeded: the plan is complete before
 * `adapter.apply` is called, and it is called exactly once.
 */
import { evaluateTable, parseRubric, presets, tierLabel } from "../engine";
import type { Evaluation, Flag, Lang, RawCell, RowResult, Rubric } from "../engine/types";
import { selfComparison } from "./blocks";
import type { FoundCell, SheetModel, WorkbookAdapter, WorkbookSnapshot, WritePlan } from "./model";
import {
  chooseRubric,
  detectLayout,
  toInputTable,
  type ChooseRubricResult,
  type HeaderCell,
  type Layout,
  type LayoutResult,
  type RubricSource,
} from "./layout";
import {
  parseSettings,
  SETTINGS_SHEET,
  type NoticeTexts,
  type SettingsRead,
  type WrittenExtent,
} from "./settings";
import { AppError, msg, render, type MessageLike } from "../messages";
import { presetUpdateNotice } from "./preset-update";
import { staleCopies } from "./stale-copies";
import { isBlank, pick, type Notice } from "./util";
import { ratedCount } from "./tiers";
import { isOurSummary } from "./summary";
import { isOurNotice } from "./notice";
import { isBaseOrVariant, NOTICE_SHEET, REVIEW_SHEET, type OwnedKind } from "./owned";
import { buildWritePlan, type KeptOwned, type WritePlanBuild } from "./writeplan";
import {
  finishRecords,
  withPrior,
  type CarriedRecords,
  type FinishedRecords,
  type RecordOptions,
} from "./records";
import type { ReviewSection } from "./model";

export type RecomputeStage = "read" | "evaluate" | "plan" | "write";

export interface RecomputeOptions extends RecordOptions {
  /** The sheet to score; default: the settings' sheet, else the adapter's default (active/first). */
  sheet?: string;
  /** An explicit rubric (wins over the workbook's and detection). */
  rubric?: Rubric;
  /** field id → column letter, from the task pane picker; wins over detection and carried settings. */
  mapping?: Record<string, string>;
  lang?: Lang;
  /** Time shown in the summary and stored in the settings; default now. */
  now?: Date;
  /** Written as a new file whose time is set to `now` (the command line's -o; CarriedSettings.stamped). */
  stamped?: boolean;
  /** Candidates for rubric detection (default: the presets). */
  candidates?: readonly Rubric[];
  /** 公示名单 texts for this run (pane, CLI options): they win over the carried ones and are stored. */
  notice?: NoticeTexts;
  /** fraction: progress of the whole run, 0..1. */
  onProgress?: (stage: RecomputeStage, fraction: number) => void;
}

export type RecomputeErrorCode =
  | "NO_TABLE"
  | "MISSING_COLUMN"
  | "INVALID_RUBRIC"
  | "NO_SHEET"
  | "UNREADABLE"
  | "WRITE_FAILED"
  /** The result columns would pass XFD, Excel's last column (nothing is written). */
  | "NO_ROOM"
  /** A result column found by its header holds the user's own formulas (nothing is written). */
  | "USER_FORMULAS"
  /** A result column found by its header holds values the user typed (nothing is written). */
  | "USER_VALUES"
  /** The 公示期 in force (this run's dates over the carried ones) ends before it starts (nothing is written). */
  | "NOTICE_PERIOD"
  /** Result cells the tool wrote are no longer as it writes them: edited by hand (nothing is written). */
  | "RESULTS_EDITED";

/** The codes the write plan stops a run with (nothing written); any other error from it is a bug. */
const PLAN_REFUSALS: ReadonlySet<string> = new Set<RecomputeErrorCode>([
  "NO_ROOM",
  "USER_FORMULAS",
  "USER_VALUES",
  "RESULTS_EDITED",
  "NOTICE_PERIOD",
]);

/** Why a run stopped, nothing written: an AppError whose `code` is a RecomputeErrorCode. */
export type RecomputeError = AppError;

export interface RecomputeCounts {
  rated: number;
  notRated: number;
  byTier: { stars: number | null; label: string; count: number }[];
}

export type RecomputeResult =
  | {
      ok: true;
      rubric: Rubric;
      rubricSource: RubricSource;
      sheet: string;
      layout: Layout;
      /** The engine's evaluation; tableFlags also hold the layout's (HEADER_MAX_MISMATCH). */
      evaluation: Evaluation;
      plan: WritePlan;
      summarySheet: string;
      /** The 评定核查 and 公示名单 sheets written. */
      reviewSheet: string;
      noticeSheet: string;
      /** Notices in the requested language. */
      warnings: string[];
      /** The same notices in both languages (the task pane switches language without recomputing). */
      notices: Notice[];
      counts: RecomputeCounts;
      /** The 评定核查 sections of merge, last year's results, 定稿 and history (records.ts). */
      reviewSections: ReviewSection[];
      /** What the settings now carry of those. */
      records: CarriedRecords;
    }
  | { ok: false; error: RecomputeError };

/**
 * An adapter's error as a message: the AppError of the xlsx adapter carries one; the Office.js
 * adapter's error has zh/en; anything else is shown as is.
 */
function adapterMessage(err: unknown): MessageLike {
  if (err instanceof AppError) return err.msg;
  if (typeof err === "object" && err !== null) {
    const e = err as { message?: unknown; messageEn?: unknown; zh?: unknown; en?: unknown };
    if (typeof e.zh === "string" && typeof e.en === "string") return msg("TEXT", { zh: e.zh, en: e.en });
    if (typeof e.message === "string" && typeof e.messageEn === "string")
      return msg("TEXT", { zh: e.message, en: e.messageEn });
    if (typeof e.message === "string") return msg("TEXT", { zh: e.message });
  }
  return msg("TEXT", { zh: String(err) });
}

function adapterCode(err: unknown): unknown {
  return typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
}

/**
 * A part of the program itself that could not be loaded (ExcelJS missing from an install, a page's
 * chunk not served): the workbook is not at fault, and the error goes on as the program's.
 */
function isProgramMissing(err: unknown): boolean {
  const code = adapterCode(err);
  return (
    code === "MODULE_NOT_FOUND" ||
    code === "ERR_MODULE_NOT_FOUND" ||
    (err as Error)?.name === "ChunkLoadError"
  );
}

/**
 * The plan's "a sheet of yours has the name, ours went to (2)" notices, but for a sheet that is an
 * earlier run's own (a 公示名单 kept for what the user added there): its stale-copy notice says what
 * it is, and the two together contradicted each other ("不是本工具生成的" and "是本工具以前写出的").
 */
function withoutRenamedOverStale(notices: readonly Notice[], stale: readonly Notice[]): Notice[] {
  const staleSheets = new Set(stale.flatMap((n) => (n.code === "STALE_OWNED_COPY" ? [n.params.sheet] : [])));
  return notices.filter(
    (n) =>
      !(
        (n.code === "OWNED_SHEET_RENAMED" || n.code === "SUMMARY_RENAMED") &&
        staleSheets.has(n.params.wanted)
      ),
  );
}

/** An adapter may throw an error with code NO_SHEET or TOO_MANY_ROWS; anything else is UNREADABLE. */
function readFailure(err: unknown, sheet: string | undefined): RecomputeError {
  if (isProgramMissing(err)) throw err;
  // A sheet too large to score says so itself: it is not unreadable.
  if (err instanceof AppError && err.code === "TOO_MANY_ROWS") return err;
  // A damaged package's message already says the file cannot be read, and names it.
  if (err instanceof AppError && err.msg.code === "DAMAGED")
    return new AppError(err.msg, { code: "UNREADABLE", cause: err });
  if (adapterCode(err) === "NO_SHEET")
    return new AppError(msg("WORKBOOK_NO_SHEET", { sheet: sheet ?? "" }), { code: "NO_SHEET", cause: err });
  const cause = adapterMessage(err);
  return new AppError(msg("WORKBOOK_UNREADABLE", { cause }), { code: "UNREADABLE", cause: err });
}

/**
 * When the table does not fit the rubric the workbook carries, the table may have been replaced by
 * one of another scheme: say which rubric was used and how to choose another.
 */
function withRubricHint(error: RecomputeError, rubric: Rubric, source: RubricSource): RecomputeError {
  if (source !== "workbook") return error;
  const hint = msg("CARRIED_RUBRIC_USED", {
    cause: error.msg,
    rubric: rubric.name,
    rubricEn: rubric.nameEn ?? rubric.name,
  });
  return new AppError(hint, { code: error.code });
}

interface Resolved {
  snapshot: WorkbookSnapshot;
  carried: SettingsRead;
  rubric: Rubric;
  rubricSource: RubricSource;
  layout: Layout | null;
  /** Set when the layout failed (NO_TABLE / MISSING_COLUMN). */
  layoutError: RecomputeError | null;
  notices: Notice[];
}

type Step<T> = { ok: true; value: T } | { ok: false; error: RecomputeError };

/** The rubric given on the command line or by the pane, validated (undefined: none was given). */
function explicitRubric(options: RecomputeOptions): Step<Rubric | undefined> {
  if (!options.rubric) return { ok: true, value: undefined };
  const check = parseRubric(options.rubric);
  if (!check.ok) {
    const problems = check.errors.map((e) => ({ path: e.path, zh: e.message, en: e.messageEn }));
    return {
      ok: false,
      error: new AppError(msg("RUBRIC_INVALID", { problems }), { code: "INVALID_RUBRIC" }),
    };
  }
  // The schema's output (defaults filled in) is what gets evaluated and stored.
  return { ok: true, value: check.rubric };
}

/**
 * The workbook read once, or twice when its settings name another sheet as the one holding its
 * table (then that sheet is scored, whatever sheet is active); with the settings parsed.
 */
async function readWorkbook(
  adapter: WorkbookAdapter,
  options: RecomputeOptions,
): Promise<Step<{ snapshot: WorkbookSnapshot; carried: SettingsRead; carriedSheet: string | null }>> {
  let snapshot: WorkbookSnapshot;
  try {
    snapshot = await adapter.read({ sheet: options.sheet, settingsSheet: SETTINGS_SHEET });
  } catch (err) {
    return { ok: false, error: readFailure(err, options.sheet) };
  }
  const carried = parseSettings(snapshot.settingsJson);
  const carriedSheet = carried.mapping?.sheet ?? carried.owned?.sheet ?? null;
  if (
    options.sheet === undefined &&
    carriedSheet !== null &&
    carriedSheet !== snapshot.sheet.name &&
    snapshot.sheets.some((s) => s.name === carriedSheet)
  ) {
    try {
      const again = await adapter.read({ sheet: carriedSheet, settingsSheet: SETTINGS_SHEET });
      snapshot = { ...again, settingsJson: snapshot.settingsJson };
    } catch (err) {
      return { ok: false, error: readFailure(err, carriedSheet) };
    }
  }
  return { ok: true, value: { snapshot, carried, carriedSheet } };
}

/**
 * Nobody named a sheet and the default one (a 说明 sheet in front, say) holds no table: look at the
 * other visible sheets. Only this failure path reads them. Null: keep what was found (its error
 * says why), unless no visible sheet holds a table, which is an error naming them all.
 */
async function fallBackToOtherSheet(
  adapter: WorkbookAdapter,
  snapshot: WorkbookSnapshot,
  found: Located,
  locators: Locators,
  notices: Notice[],
): Promise<Step<{ snapshot: WorkbookSnapshot; found: Located } | null>> {
  // A table that scores nothing (a 支部名单) gives way only to one that scores, and keeps its own
  // error (the columns it lacks) when there is none.
  const scoring = hasTable(found);
  const fallback = await otherSheetWithTable(adapter, snapshot, locators, scoring);
  if (!fallback.ok) return fallback;
  if (fallback.value === null) {
    if (scoring) return { ok: true, value: null };
    const visible = visibleSheetNames(snapshot.sheets);
    const base = found.chosen.ok ? found.layout! : found.chosen;
    const error = "error" in base ? base.error : null;
    if (error && visible.length > 1) {
      const everywhere = msg("NO_TABLE_ON_VISIBLE_SHEETS", { cause: error.msg, sheets: visible });
      return { ok: false, error: new AppError(everywhere, { code: error.code }) };
    }
    return { ok: true, value: null };
  }
  const { snapshot: other, located, withTables } = fallback.value;
  const used = other.sheet.name;
  notices.push(
    msg("SHEET_FALLBACK", { first: snapshot.sheet.name, used, others: withTables.filter((n) => n !== used) }),
  );
  return { ok: true, value: { snapshot: { ...other, settingsJson: snapshot.settingsJson }, found: located } };
}

/** Read (twice at most), parse the carried settings, choose the rubric, find the table. */
async function resolve(
  adapter: WorkbookAdapter,
  options: RecomputeOptions,
  allowMissingRequired: boolean,
): Promise<Step<Resolved>> {
  const lang: Lang = options.lang ?? "zh";
  const explicit = explicitRubric(options);
  if (!explicit.ok) return explicit;
  const read = await readWorkbook(adapter, options);
  if (!read.ok) return read;
  const { carried, carriedSheet } = read.value;
  let snapshot = read.value.snapshot;
  const notices: Notice[] = [...carried.notices];
  const locators: Locators = {
    strict: (sheet) => locate(sheet, explicit.value, carried, options, lang, allowMissingRequired),
    lenient: (sheet) => locate(sheet, explicit.value, carried, options, lang, true),
  };
  let found = locators.strict(snapshot.sheet);
  const elsewhere = !hasTable(found) || scoresNothing(leniently(found, snapshot.sheet, locators));
  if (options.sheet === undefined && carriedSheet === null && elsewhere) {
    const other = await fallBackToOtherSheet(adapter, snapshot, found, locators, notices);
    if (!other.ok) return other;
    if (other.value) ({ snapshot, found } = other.value);
  }
  const chosen = found.chosen;
  if (!chosen.ok) return { ok: false, error: chosen.error };
  const layoutResult = found.layout!;
  if (layoutResult.ok) notices.push(...layoutResult.layout.notices);
  const update = chosen.source === "workbook" ? presetUpdateNotice(chosen.rubric, presets) : null;
  if (update) notices.push(update);
  return {
    ok: true,
    value: {
      snapshot,
      carried,
      rubric: chosen.rubric,
      rubricSource: chosen.source,
      layout: layoutResult.ok ? layoutResult.layout : null,
      layoutError: layoutResult.ok ? null : layoutResult.error,
      notices,
    },
  };
}

interface Located {
  chosen: ChooseRubricResult;
  /** Set when a rubric was chosen. */
  layout: LayoutResult | null;
}

function locate(
  sheet: SheetModel,
  explicit: Rubric | undefined,
  carried: SettingsRead,
  options: RecomputeOptions,
  lang: Lang,
  allowMissingRequired: boolean,
): Located {
  const chosen = chooseRubric(sheet, {
    rubric: explicit,
    carried: carried.rubric,
    candidates: options.candidates ?? presets,
  });
  if (!chosen.ok) return { chosen, layout: null };
  const carriedRubricId = carried.rubric?.id ?? null;
  const layout = detectLayout(sheet, chosen.rubric, {
    mapping: options.mapping,
    carried: carriedRubricId === chosen.rubric.id ? carried.mapping : null,
    owned: carried.owned,
    lang,
    allowMissingRequired,
  });
  return { chosen, layout };
}

/** A table was found: a rubric fits and its header row is there (columns may still be missing). */
function hasTable(found: Located): boolean {
  if (!found.chosen.ok || !found.layout) return false;
  return found.layout.ok || found.layout.error.code !== "NO_TABLE";
}

/** The sheet's table as a run reads it, and as the pane reads it (a required column may be missing). */
interface Locators {
  strict: (sheet: SheetModel) => Located;
  lenient: (sheet: SheetModel) => Located;
}

/**
 * A table holding no scoring column (no criterion, no total) of its rubric: a 支部名单 (序号,
 * 党支部名称, 支部书记) in front of the 评分表, which a 党支部名称 header alone made "a table". `found`
 * is located leniently, so its layout exists whatever columns are missing.
 */
function scoresNothing(found: Located): boolean {
  if (!found.chosen.ok || !found.layout?.ok) return false;
  const { fields } = found.layout.layout;
  return !found.chosen.rubric.fields.some(
    (f) => (f.role === "criterion" || f.role === "total") && fields[f.id],
  );
}

/** `found` when its layout was read; else the sheet located again, leniently (the failure path only). */
function leniently(found: Located, sheet: SheetModel, locators: Locators): Located {
  return found.layout?.ok ? found : locators.lenient(sheet);
}

/**
 * The first other visible sheet (workbook order) holding a table, and the names of all that do;
 * with `scoring`, only tables that hold a scoring column count.
 */
async function otherSheetWithTable(
  adapter: WorkbookAdapter,
  snapshot: WorkbookSnapshot,
  locators: Locators,
  scoring: boolean,
): Promise<
  | { ok: true; value: { snapshot: WorkbookSnapshot; located: Located; withTables: string[] } | null }
  | { ok: false; error: RecomputeError }
> {
  let first: { snapshot: WorkbookSnapshot; located: Located } | null = null;
  const withTables: string[] = [];
  for (const info of snapshot.sheets) {
    if (info.visibility !== "visible" || info.name === snapshot.sheet.name || info.name === SETTINGS_SHEET)
      continue;
    let other: WorkbookSnapshot;
    try {
      other = await adapter.read({ sheet: info.name, settingsSheet: SETTINGS_SHEET });
    } catch (err) {
      return { ok: false, error: readFailure(err, info.name) };
    }
    const located = locators.strict(other.sheet);
    if (!hasTable(located)) continue;
    if (scoring && scoresNothing(leniently(located, other.sheet, locators))) continue;
    withTables.push(info.name);
    if (!first) first = { snapshot: other, located };
  }
  return { ok: true, value: first ? { ...first, withTables } : null };
}

/**
 * Beside a committee block, each row's explanation ends with the criteria where the branch's own
 * score differs from the committee's ("服务机制 自评18 / 考评15"; docs/layout.md).
 */
function withSelfComparison(
  sheet: SheetModel,
  rubric: Rubric,
  layout: Layout,
  rows: RowResult[],
  lang: Lang,
): RowResult[] {
  if (Object.keys(layout.selfColumns).length === 0) return rows;
  return rows.map((row) => {
    const text = selfComparison(sheet, rubric, layout.selfColumns, row, lang);
    if (text === "") return row;
    const explanation = row.explanation === "" ? text : `${row.explanation}${pick(lang, "；", "; ")}${text}`;
    return { ...row, explanation };
  });
}

function mergeTableFlags(layoutFlags: Flag[], engineFlags: Flag[]): Flag[] {
  const out: Flag[] = [];
  for (const f of [...layoutFlags, ...engineFlags]) {
    if (
      !out.some(
        (o) => o.code === f.code && o.cell === f.cell && (f.cell !== undefined || o.message === f.message),
      )
    )
      out.push(f);
  }
  return out;
}

interface Recognised {
  recognised: Partial<Record<OwnedKind, string | null>>;
  disowned: OwnedKind[];
  /** Of the disowned: those kept for content the user added around the tool's own. */
  kept: Partial<Record<OwnedKind, KeptOwned>>;
  /** The top of the 公示名单 the settings name, when it was read and is ours (what the user typed there). */
  noticeTop?: RawCell[][];
}

/**
 * Without usable settings (missing, or damaged by a hand edit, or written before 评定核查 and 公示名单
 * existed) nothing says which owned sheet is ours: the one named like it (or "… (n)") whose top is
 * what its builder writes is taken as ours and rebuilt, not left beside a new "评定汇总 (2)".
 * A sheet that cannot be read is simply not recognised. One the settings name whose top is ours but
 * that holds a value outside the block the tool wrote (settings' `written`) is the user's now: kept.
 */
async function recogniseOwned(
  adapter: WorkbookAdapter,
  snapshot: WorkbookSnapshot,
  carried: SettingsRead,
  summaryBase: string,
): Promise<Recognised> {
  const owned = carried.owned;
  const wanted: {
    kind: OwnedKind;
    base: string;
    known: string | undefined;
    ours: (v: unknown[][]) => boolean;
  }[] = [
    { kind: "summary", base: summaryBase, known: owned?.summarySheet, ours: (v) => isOurSummary(v) },
    { kind: "review", base: REVIEW_SHEET, known: owned?.reviewSheet, ours: (v) => isOurSummary(v, "review") },
    {
      kind: "notice",
      base: NOTICE_SHEET,
      known: owned?.noticeSheet,
      // A title given in the texts (pane, --notice-title) is carried in the settings.
      ours: (v) => isOurNotice(v, carried.notice?.title),
    },
  ];
  const out: Recognised = { recognised: {}, disowned: [], kept: {} };
  for (const want of wanted) {
    if (want.known !== undefined) {
      const top = await ownedTop(adapter, snapshot, want.known);
      if (top === null || top.every((line) => line.every(isBlank)) || want.ours(top)) {
        // The user's 监督电话/联系人 typed there are carried, also into a "(2)" written beside it.
        if (want.kind === "notice" && top !== null) out.noticeTop = top;
        // Only a sheet whose top was read (null: not there, or the scored sheet itself).
        const found =
          top === null ? null : await addedContent(adapter, want.known, owned?.written?.[want.kind]);
        if (found === null) continue;
        out.kept[want.kind] = { sheet: want.known, found };
      }
      out.disowned.push(want.kind);
    }
    // A sheet kept as the user's is never taken for ours again by its (our-looking) top.
    const candidates = ownedCandidates(snapshot, want.base).filter((n) => n !== out.kept[want.kind]?.sheet);
    for (const name of candidates) {
      try {
        if (want.ours(await sheetTop(adapter, name))) {
          out.recognised[want.kind] = name;
          break;
        }
      } catch {
        continue;
      }
    }
  }
  return out;
}

/**
 * The first value on an owned sheet outside the block the tool wrote there; null without a stored
 * block (settings of earlier versions: the sheet is rebuilt as before) or an adapter that cannot say.
 */
async function addedContent(
  adapter: WorkbookAdapter,
  sheet: string,
  block: WrittenExtent | undefined,
): Promise<FoundCell | null> {
  if (!block || !adapter.contentOutside) return null;
  try {
    return await adapter.contentOutside(sheet, block);
  } catch {
    // Unreadable: its top was ours, and a sheet the tool cannot read is taken at the settings' word.
    return null;
  }
}

/**
 * The sheets that may be the tool's `base` sheet, the one of that very name first: Excel names a copy
 * "公示名单 (2)" and may place it before the original; a copy the user edits is theirs, not ours.
 */
function ownedCandidates(snapshot: WorkbookSnapshot, base: string): string[] {
  const names = snapshot.sheets
    .map((s) => s.name)
    .filter((name) => isBaseOrVariant(base, name) && name !== snapshot.sheet.name);
  const exact = names.filter((name) => name.toLowerCase() === base.toLowerCase());
  return [...exact, ...names.filter((name) => !exact.includes(name))];
}

/** Rows read from the top of an owned sheet to recognise it (isOurNotice looks at the first eight). */
const TOP_ROWS = 8;

/** A sheet's first TOP_ROWS rows: its top where the adapter reads that alone, else from the whole sheet. */
async function sheetTop(adapter: WorkbookAdapter, name: string): Promise<RawCell[][]> {
  const top = adapter.readTop ? await adapter.readTop(name, TOP_ROWS) : null;
  if (top) return top;
  return (await adapter.read({ sheet: name, settingsSheet: SETTINGS_SHEET })).sheet.values.slice(0, TOP_ROWS);
}

/**
 * The top of a sheet the settings call ours, to check it still is: the user may have deleted it and
 * made a sheet of their own with its name, which a recompute would clear (an empty sheet holds
 * nothing to lose). Null where the adapter cannot read a sheet's top cheaply (the settings are then
 * taken at their word), or the sheet is not there.
 */
async function ownedTop(
  adapter: WorkbookAdapter,
  snapshot: WorkbookSnapshot,
  name: string,
): Promise<RawCell[][] | null> {
  if (!adapter.readTop || name === snapshot.sheet.name || !snapshot.sheets.some((s) => s.name === name))
    return null;
  try {
    return await adapter.readTop(name, TOP_ROWS);
  } catch {
    return null;
  }
}

/**
 * The engine's evaluation with the records applied (records.ts): 上年星级 from last year's results
 * before the engine, 定稿 and the history after it.
 */
function evaluateWithRecords(r: Resolved, found: Layout, options: RecomputeOptions, now: Date, lang: Lang) {
  const sheet = r.snapshot.sheet;
  const prior = withPrior(toInputTable(sheet, found), r.rubric, r.carried.records, options, found);
  // With last year's results the 上年星级 field is no longer missing from the table.
  const layout = prior.layout;
  const engineEval = evaluateTable(r.rubric, prior.table, { lang });
  const finished = finishRecords({
    carried: r.carried.records,
    options,
    prior,
    rubric: r.rubric,
    sheet,
    layout,
    evaluation: {
      ...engineEval,
      rows: withSelfComparison(sheet, r.rubric, layout, engineEval.rows, lang),
      tableFlags: mergeTableFlags(layout.tableFlags, engineEval.tableFlags),
    },
    now,
    lang,
  });
  // Only the notices of `prior` outlive this: its table (every row's raw cells) is let go before
  // the write plan is built, not held until the workbook is written.
  return { layout, priorNotices: prior.notices, finished };
}

/** The write plan for an evaluation, with the owned sheets recognised (or disowned) by their tops. */
async function planFor(
  adapter: WorkbookAdapter,
  r: Resolved,
  run: {
    layout: Layout;
    evaluation: Evaluation;
    finished: FinishedRecords;
    options: RecomputeOptions;
    lang: Lang;
    now: Date;
  },
): Promise<WritePlanBuild> {
  const summaryBase = r.rubric.output.summarySheet;
  const { recognised, disowned, kept, noticeTop } = await recogniseOwned(
    adapter,
    r.snapshot,
    r.carried,
    summaryBase,
  );
  return buildWritePlan({
    recognised,
    disowned,
    kept,
    noticeTop,
    notice: run.options.notice,
    sheet: r.snapshot.sheet,
    sheets: r.snapshot.sheets,
    rubric: r.rubric,
    layout: run.layout,
    evaluation: run.evaluation,
    carried: r.carried,
    lang: run.lang,
    now: run.now,
    stamped: run.options.stamped,
    reviewSections: run.finished.sections,
    records: run.finished.records,
  });
}

/** Reads the workbook, evaluates, plans and applies the plan once. */
export async function recompute(
  adapter: WorkbookAdapter,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const lang: Lang = options.lang ?? "zh";
  const progress = options.onProgress ?? (() => undefined);
  progress("read", 0);
  const resolved = await resolve(adapter, options, false);
  if (!resolved.ok) return resolved;
  const r = resolved.value;
  if (!r.layout) return { ok: false, error: withRubricHint(r.layoutError!, r.rubric, r.rubricSource) };
  progress("evaluate", 0.2);
  const sheet = r.snapshot.sheet;
  const now = options.now ?? new Date();
  const { layout, priorNotices, finished } = evaluateWithRecords(r, r.layout, options, now, lang);
  const evaluation: Evaluation = finished.evaluation;
  progress("plan", 0.5);
  let built: WritePlanBuild;
  try {
    built = await planFor(adapter, r, { layout, evaluation, finished, options, lang, now });
  } catch (err) {
    if (err instanceof AppError && PLAN_REFUSALS.has(err.code)) return { ok: false, error: err };
    throw err;
  }
  const plan: WritePlan = { ops: built.ops };
  // A sheet kept for what the user added is named by its own notice, not again as a stale copy.
  const owned = [built.summarySheet, built.reviewSheet, built.noticeSheet, ...built.keptSheets];
  const stale = await staleCopies(adapter, r.snapshot, r.rubric, {
    sheet: sheet.name,
    owned,
    noticeTitle: r.carried.notice?.title,
  });
  progress("write", 0.7);
  let applied: Notice[] = [];
  try {
    applied = (await adapter.apply(plan))?.notices ?? [];
  } catch (err) {
    const failed = msg("WORKBOOK_WRITE_FAILED", { cause: adapterMessage(err) });
    return { ok: false, error: new AppError(failed, { code: "WRITE_FAILED", cause: err }) };
  }
  progress("write", 1);
  const notices = [
    ...r.notices,
    ...priorNotices,
    ...finished.notices,
    ...withoutRenamedOverStale(built.notices, stale),
    ...stale,
    ...applied,
  ];
  const rated = ratedCount(evaluation.rows);
  return {
    ok: true,
    rubric: r.rubric,
    rubricSource: r.rubricSource,
    sheet: sheet.name,
    layout,
    evaluation,
    plan,
    summarySheet: built.summarySheet,
    reviewSheet: built.reviewSheet,
    noticeSheet: built.noticeSheet,
    warnings: notices.map((n) => render(n, lang)),
    notices,
    counts: {
      rated,
      notRated: evaluation.rows.length - rated,
      byTier: built.counts.map(({ stars, label, count }) => ({ stars, label, count })),
    },
    reviewSections: finished.sections,
    records: finished.records,
  };
}

export interface FieldPlacement {
  id: string;
  label: string;
  labelEn?: string;
  required: boolean;
  /** Column letter it maps to, or null when not found. */
  column: string | null;
  header: string | null;
  via: "header" | "mapping" | "settings" | null;
}

export type InspectResult =
  | {
      ok: true;
      sheet: string;
      rubric: Rubric;
      rubricSource: RubricSource;
      headerRow: number;
      /** Every non-empty header cell (not a result column), left to right: the mapping picker's choices. */
      headers: HeaderCell[];
      fields: FieldPlacement[];
      /** Required fields without a column: recompute would fail with MISSING_COLUMN. */
      missingRequired: string[];
      /** The error recompute would give now, if any (MISSING_COLUMN). */
      error: RecomputeError | null;
      layout: Layout;
      warnings: string[];
      notices: Notice[];
      /** What the workbook carries (rubric, mapping, ownership), for the pane's start-up. */
      carried: SettingsRead;
      /** The visible sheets (the settings sheet left out), in workbook order: a page's sheet choices. */
      visibleSheets: string[];
    }
  | { ok: false; error: RecomputeError };

/** The same resolution as recompute, without evaluating or writing. */
export async function inspect(
  adapter: WorkbookAdapter,
  options: RecomputeOptions = {},
): Promise<InspectResult> {
  const lang: Lang = options.lang ?? "zh";
  const resolved = await resolve(adapter, options, true);
  if (!resolved.ok) return resolved;
  const r = resolved.value;
  if (!r.layout) return { ok: false, error: withRubricHint(r.layoutError!, r.rubric, r.rubricSource) };
  const layout = r.layout;
  const fields: FieldPlacement[] = r.rubric.fields.map((f) => {
    const lf = layout.fields[f.id];
    return {
      id: f.id,
      label: f.label,
      ...(f.labelEn !== undefined ? { labelEn: f.labelEn } : {}),
      required: f.required === true,
      column: lf ? lf.column : null,
      header: lf ? lf.header : null,
      via: lf ? lf.via : null,
    };
  });
  const missingRequired = fields.filter((f) => f.required && f.column === null).map((f) => f.id);
  let error: RecomputeError | null = null;
  if (missingRequired.length > 0) {
    const strict = detectLayout(r.snapshot.sheet, r.rubric, {
      mapping: options.mapping,
      carried: r.carried.rubric?.id === r.rubric.id ? r.carried.mapping : null,
      owned: r.carried.owned,
      lang,
      headerRow: layout.headerRow,
    });
    if (!strict.ok) error = strict.error;
  }
  const notices = [...r.notices];
  return {
    ok: true,
    sheet: r.snapshot.sheet.name,
    rubric: r.rubric,
    rubricSource: r.rubricSource,
    headerRow: layout.headerRow,
    headers: layout.headers,
    fields,
    missingRequired,
    error,
    layout,
    warnings: notices.map((n) => render(n, lang)),
    notices,
    carried: r.carried,
    visibleSheets: visibleSheetNames(r.snapshot.sheets),
  };
}

/** The sheets a user may score: visible, and not the settings sheet. */
export function visibleSheetNames(sheets: readonly { name: string; visibility: string }[]): string[] {
  return sheets.filter((s) => s.visibility === "visible" && s.name !== SETTINGS_SHEET).map((s) => s.name);
}

/** "已评定 128 个支部：五星级 12，四星级 30，…；未评定 2 个" (or the error's message). */
export function resultLine(result: RecomputeResult, lang: Lang = "zh"): string {
  if (!result.ok) return result.error.text(lang);
  // Labels in the asked language, whatever language the run itself used.
  const tiers = result.counts.byTier
    .filter((t) => t.stars !== null && t.count > 0)
    .map((t) => ({ ...t, label: tierLabel(result.rubric, t.stars, lang) }));
  const line = msg("RESULT_LINE", {
    rated: result.counts.rated,
    tiers: tiers.map((t) => ({ label: t.label, count: t.count })),
    notRated: result.counts.notRated,
  });
  return render(line, lang);
}
