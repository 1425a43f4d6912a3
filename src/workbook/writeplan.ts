/**
 * The write plan of a recompute (SPEC §5–§7): result columns beside the table, the summary sheet and
 * the carried settings. Pure: the same inputs give the same plan, and the plan of a second run on
 * the result is identical to the first (that is what makes a recompute idempotent).
 *
 * Placement of result columns:
 * - found again by their headers anywhere in the header row, or through the settings when the user
 *   renamed them (see layout.ts), and reused where they are;
 * - the missing ones go right of the table (after any found result column), skipping every column
 *   that holds anything from the header row down, is hidden, or is mapped as input; so user data is
 *   never overwritten, even data typed just right of the table;
 * - below the table, result cells left from a longer table are cleared (only in result columns).
 *
 * Widths of result columns are set on every run (not only on creation) so that the second run's plan
 * equals the first; a user who resizes them sees them reset by the next recompute.
 */
import { DIGESTED_KEYS, encodeDigests, textDigest, type DigestedKey } from "./text-digests";
import { columnLetter, parseRubric } from "../engine";
import type { Evaluation, Lang, RawCell, RowResult, Rubric } from "../engine/types";
import type {
  CellFormat,
  FoundCell,
  PlanOp,
  ReviewSection,
  SheetInfo,
  SheetModel,
  WritePlan,
  WriteValue,
} from "./model";
import type { Layout } from "./layout";
import {
  OUTPUT_KEYS,
  ownedOn,
  SETTINGS_FORMAT,
  SETTINGS_VERSION,
  settingsOps,
  type CarriedSettings,
  type NoticeTexts,
  type OutputKey,
  type SettingsRead,
  type WrittenExtent,
} from "./settings";
import { writtenExtent } from "./extent";
import type { CarriedRecords } from "./records";
import { buildSummaryOps, rankRows } from "./summary";
import { buildReviewOps, resultLetters } from "./review";
import { buildNoticeOps, noticeTexts, refuseReversedPeriod, typedNoticeContact } from "./notice";
import {
  chooseOwnedSheet,
  NOTICE_SHEET,
  OWNED_KINDS,
  REVIEW_SHEET,
  type OwnedInput,
  type OwnedKind,
  type OwnedNames,
} from "./owned";
import { tierLabelSet, type TierCount } from "./tiers";
import { refuseHandEditedResults } from "./hand-edits";
import { resultValue, resultsByRow } from "./result-values";
import { refuseUserResultColumns } from "./user-columns";
import { tierFormat } from "./tier-style";
import { headerTopRow, nameColumn, scoredSheetPageSetup } from "./page";
import { AppError, msg } from "../messages";
import { cellAt, cellText, isBlank, LINE_HEIGHT, wrappedLines, type Notice } from "./util";

const RESULT_HEADER_FORMAT: CellFormat = { horizontal: "center", vertical: "center", wrap: true };
/**
 * Bottom-aligned like Excel's default for the user's cells, so in a row made taller by wrapped
 * results the texts end on one line (docs/owned-sheets.md "The scored sheet").
 */
const WRAP_FORMAT: CellFormat = { wrap: true, vertical: "bottom" };
const STARS_FORMAT: CellFormat = { numFmt: "0", horizontal: "center" };
/** Widths of the result columns; the long texts wrap within theirs (docs/owned-sheets.md). */
const RESULT_WIDTHS: Record<OutputKey, number> = {
  total: 10,
  stars: 6,
  tier: 18,
  eligibility: 26,
  flags: 30,
  explanation: 40,
};
const WRAPPED_KEYS: ReadonlySet<OutputKey> = new Set(["eligibility", "flags", "explanation"]);

/** An owned sheet kept for a value the user added outside the block the tool wrote there. */
export interface KeptOwned {
  sheet: string;
  /** The first such cell, e.g. A40 「（盖章）」. */
  found: FoundCell;
}

export interface WritePlanInput {
  sheet: SheetModel;
  /** Every sheet of the workbook (to tell a user's 评定汇总 from ours). */
  sheets: SheetInfo[];
  rubric: Rubric;
  layout: Layout;
  evaluation: Evaluation;
  /** What the workbook carried; null when nothing (or nothing readable). */
  carried?: SettingsRead | null;
  /**
   * A sheet recognised by its content as a summary this tool wrote, for when the settings that
   * would say so are missing or damaged (recompute.ts): it is rebuilt rather than duplicated.
   */
  recognisedSummary?: string | null;
  /** The same for 评定核查 and 公示名单 (recompute.ts recogniseOwned). */
  recognised?: Partial<Record<OwnedKind, string | null>>;
  /**
   * Owned sheets the settings name whose content is no longer ours (the user made a sheet of their
   * own under that name): left alone, the tool's goes to "公示名单 (2)" (SPEC §6).
   */
  disowned?: readonly OwnedKind[];
  /** Of the disowned, those kept for what the user added around the tool's block (said so, by cell). */
  kept?: Partial<Record<OwnedKind, KeptOwned>>;
  /** The top rows of the tool's 公示名单 as the workbook holds it: 监督电话/联系人 typed there are kept. */
  noticeTop?: readonly (readonly RawCell[])[];
  lang?: Lang;
  /** Time shown in the summary and stored in the settings (pass it in for deterministic plans). */
  now: Date;
  /** The workbook is written as a new file whose time is set to `now` (CarriedSettings.stamped). */
  stamped?: boolean;
  /** 公示名单 texts given for this run (pane, CLI options): they win over the carried ones and are stored. */
  notice?: NoticeTexts;
  /** Extra 评定核查 sections from merge, last year's results, 定稿 and history (SPEC §10). */
  reviewSections?: ReviewSection[];
  /** Merge, last year's results, 定稿 and history to store (records.ts finishRecords). */
  records?: CarriedRecords;
}

export interface WritePlanBuild extends WritePlan {
  summarySheet: string;
  reviewSheet: string;
  noticeSheet: string;
  /** Owned sheets kept as the user's for what they added (their notice says so already). */
  keptSheets: string[];
  /** Where each result column went (letters); no 评先资格 when the rubric has no eligibility. */
  resultColumns: Partial<Record<OutputKey, string>>;
  /** The settings the plan stores (also when they could not be written, for the caller's use). */
  settings: CarriedSettings;
  counts: TierCount[];
  notices: Notice[];
}

/** The summary sheet's name: the rubric's, unless a sheet of the user's already has it. */
export function chooseSummarySheet(
  base: string,
  sheets: SheetInfo[],
  scoredSheet: string,
  ownedSummary: string | null,
): { name: string; renamed: boolean } {
  return chooseOwnedSheet(base, sheets, scoredSheet, ownedSummary);
}

/**
 * The columns from `from` on holding anything from `fromRow` down (a value, a merge or a formula
 * showing nothing: SheetModel.blankFormulaColumns), found in one
 * pass over the rows rather than one per candidate column (a table may have 100,000 rows).
 */
function occupiedColumns(sheet: SheetModel, from: number, fromRow: number): Set<number> {
  const out = new Set<number>();
  for (let r = fromRow; r <= sheet.values.length; r++) {
    const line = sheet.values[r - 1];
    if (!line) continue;
    for (let col = from; col <= line.length; col++) if (!isBlank(line[col - 1] ?? null)) out.add(col);
  }
  for (const m of sheet.merges) {
    if (m.bottom >= fromRow) for (let col = Math.max(m.left, from); col <= m.right; col++) out.add(col);
  }
  for (const [col, lastRow] of Object.entries(sheet.blankFormulaColumns ?? {}))
    if (Number(col) >= from && lastRow >= fromRow) out.add(Number(col));
  return out;
}

/**
 * The result columns this rubric writes: 评先资格 only when the rubric has eligibility rules (only
 * service-org among the presets, docs/schemes.md "Eligibility"), or when an earlier run left such a
 * column (then it is kept and emptied, never deleted: the columns are the user's sheet).
 */
export function outputKeysFor(rubric: Rubric, layout: Layout): OutputKey[] {
  return OUTPUT_KEYS.filter(
    (k) =>
      k !== "eligibility" || rubric.eligibility.length > 0 || layout.resultColumns.eligibility !== undefined,
  );
}

/** Excel's last column, XFD: a sheet holds no cell right of it. */
export const EXCEL_LAST_COLUMN = 16384;
/** Excel's last row: a sheet holds no row below it. */
export const EXCEL_LAST_ROW = 1_048_576;

/** The result columns do not fit in the sheet: Excel has no column right of XFD. */

/**
 * Free columns for `count` result columns from `from` on, up to XFD; shorter when they run out.
 * `together`: the first run of them with nothing of the user's between (hidden columns aside), so
 * that a note in one column does not split the results.
 */
function freeColumns(
  sheet: SheetModel,
  layout: Layout,
  taken: Set<number>,
  from: number,
  count: number,
  together = false,
): number[] {
  const hidden = new Set(sheet.hiddenColumns);
  const occupied = occupiedColumns(sheet, from, layout.headerRow);
  const out: number[] = [];
  for (let col = from; col <= EXCEL_LAST_COLUMN && out.length < count; col++) {
    if (hidden.has(col)) continue;
    if (taken.has(col) || occupied.has(col)) {
      if (together) out.length = 0;
      continue;
    }
    out.push(col);
  }
  return out;
}

/**
 * Places every result column: found ones stay, missing ones go right of the table on free columns,
 * after the found ones, side by side where a run of free columns allows. When a found one stands
 * near XFD (the sheet uses its last columns) and the rest would pass it, they go to the first free
 * columns right of the table instead, or right of the mapped columns when a header cell stands near
 * XFD; when even those run out, an AppError NO_ROOM: a cell right of XFD is one Excel cannot open.
 */
export function placeResultColumns(
  sheet: SheetModel,
  layout: Layout,
  keys: readonly OutputKey[] = OUTPUT_KEYS,
): Partial<Record<OutputKey, number>> {
  const placed: Partial<Record<OutputKey, number>> = {};
  const taken = new Set<number>(Object.values(layout.fields).map((f) => f.col));
  let next = layout.rightEdge + 1;
  for (const key of keys) {
    const found = layout.resultColumns[key];
    if (found) {
      placed[key] = found.col;
      taken.add(found.col);
      next = Math.max(next, found.col + 1);
    }
  }
  const missing = keys.filter((key) => placed[key] === undefined);
  // Side by side where they can be; else wherever there is room right of the table; else, when
  // something stands in the header row near XFD, in free columns right of the mapped ones.
  const lastMapped = Math.max(0, ...Object.values(layout.fields).map((f) => f.col));
  const tries: [number, boolean][] = [
    [next, true],
    [next, false],
    [layout.rightEdge + 1, false],
    [lastMapped + 1, false],
  ];
  let free: number[] = [];
  for (const [from, together] of tries) {
    free = freeColumns(sheet, layout, taken, from, missing.length, together);
    if (free.length === missing.length) break;
  }
  if (free.length < missing.length) {
    const noRoom = msg("NO_ROOM_FOR_RESULTS", { sheet: sheet.name, missing: missing.length - free.length });
    throw new AppError(noRoom, { code: "NO_ROOM" });
  }
  missing.forEach((key, i) => (placed[key] = free[i]));
  return placed;
}

/** The rows under the table whose result cells a run clears, and those it leaves to the user. */
interface StaleRows {
  /** The last row holding stale result cells (the table's last row when there are none). */
  bottom: number;
  /**
   * Rows up to `bottom` holding something in a result column without our mark (a tier label in
   * 评定星级): a note or a count the user typed there. The settings' last row is only where the
   * last run wrote: rows deleted since bring the user's lines under the table into that range.
   */
  keep: Set<number>;
}

/**
 * The rows holding stale result cells below the table: up to what the settings say was written last
 * time, and any run of non-blank result cells directly under the table (a table shortened by
 * clearing its last rows); in either, only rows carrying our mark are taken for stale.
 */
function staleRows(
  sheet: SheetModel,
  rubric: Rubric,
  layout: Layout,
  carried: SettingsRead | null | undefined,
): StaleRows {
  let bottom = layout.lastDataRow;
  const keep = new Set<number>();
  const cols = OUTPUT_KEYS.map((k) => layout.resultColumns[k]?.col).filter(
    (c): c is number => c !== undefined,
  );
  if (cols.length === 0) return { bottom, keep };
  const tierCol = layout.resultColumns.tier?.col;
  const labels = tierLabelSet(rubric);
  const holds = (r: number): boolean => cols.some((c) => !isBlank(cellAt(sheet, r, c)));
  const marked = (r: number): boolean => {
    const mark = tierCol !== undefined ? cellAt(sheet, r, tierCol) : null;
    return typeof mark === "string" && labels.has(mark);
  };
  const owned = ownedOn(carried?.owned, sheet.name);
  if (owned?.lastRow !== undefined && owned.lastRow > bottom) bottom = owned.lastRow;
  for (let r = layout.lastDataRow + 1; r <= bottom; r++) if (holds(r) && !marked(r)) keep.add(r);
  // Without settings, a run of rows directly under the table is stale only where it carries our
  // mark: a tier label in the 评定星级 column. A note a user typed under our columns stays.
  for (let r = layout.lastDataRow + 1; r <= sheet.values.length; r++) {
    if (!holds(r) || !marked(r)) break;
    bottom = Math.max(bottom, r);
  }
  return { bottom, keep };
}

/**
 * Rows inside the table left alone as not branches (a 合计 row, a note) whose 评定星级 cell still
 * holds a tier label: a branch's result from an earlier run, before the row became a 合计 row. They
 * are said, not cleared: the row's other result cells may hold the user's own formulas by now.
 */
function staleResultsInSkippedRows(input: WritePlanInput, tierCol: number | undefined): Notice[] {
  if (tierCol === undefined) return [];
  const labels = tierLabelSet(input.rubric);
  const stale = input.layout.excludedRows.filter((x) => {
    const mark = cellAt(input.sheet, x.row, tierCol);
    return typeof mark === "string" && labels.has(mark);
  });
  if (stale.length === 0) return [];
  const first = stale[0]!;
  const cell = `${columnLetter(tierCol)}${first.row}`;
  const tier = String(cellAt(input.sheet, first.row, tierCol));
  return [msg("STALE_RESULTS_IN_SKIPPED_ROWS", { rows: stale.map((x) => x.row), cell, tier })];
}

/** The format a result cell of `key` takes for row result `r`. */
function resultFormat(key: OutputKey, r: RowResult | undefined, totalFmt: CellFormat): CellFormat | null {
  if (!r) return null;
  switch (key) {
    case "total":
      return totalFmt;
    case "stars":
      return STARS_FORMAT;
    case "tier":
      return tierFormat(r.rated ? r.stars : null, true);
    default:
      return WRAP_FORMAT;
  }
}

/**
 * The formats of a block's row. They differ only by the tier's look, so rows of equal stars share
 * one array: a 100,000-row table needs a handful of them, not one per row.
 */
function formatRow(
  ctx: ResultContext,
  block: OutputKey[],
  byLook: Map<TierLook, (CellFormat | null)[]>,
  r: RowResult | undefined,
): (CellFormat | null)[] {
  const look: TierLook = r ? (r.rated ? r.stars : null) : undefined;
  let shared = byLook.get(look);
  if (!shared) {
    shared = block.map((k) => resultFormat(k, r, ctx.totalFmt));
    byLook.set(look, shared);
  }
  return shared;
}

/** What a result row's look depends on: its stars (null: not rated; undefined: not a branch). */
type TierLook = number | null | undefined;

/** Runs of rows from..to that skip rows that are not branches (合计, 平均, notes under the table). */
function rowRuns(
  layout: Layout,
  from: number,
  to: number,
  alsoSkip: ReadonlySet<number> = new Set(),
): [number, number][] {
  // A user's own formula in a result column of the 合计 row is theirs: those rows are left untouched.
  const skip = new Set([...layout.excludedRows.map((x) => x.row), ...alsoSkip]);
  const out: [number, number][] = [];
  let start: number | null = null;
  for (let r = from; r <= to + 1; r++) {
    const inRun = r <= to && !skip.has(r);
    if (inRun && start === null) start = r;
    if (!inRun && start !== null) {
      out.push([start, r - 1]);
      start = null;
    }
  }
  return out;
}

/** Contiguous result columns, left to right: each is written as one block (fewer, larger writes). */
function contiguousBlocks(placed: Partial<Record<OutputKey, number>>): OutputKey[][] {
  const colOf = (k: OutputKey): number => placed[k] ?? 0;
  const keys = OUTPUT_KEYS.filter((k) => placed[k] !== undefined).sort((a, b) => colOf(a) - colOf(b));
  const blocks: OutputKey[][] = [];
  for (const key of keys) {
    const last = blocks[blocks.length - 1];
    const prevKey = last?.[last.length - 1];
    if (last && prevKey !== undefined && colOf(prevKey) + 1 === colOf(key)) last.push(key);
    else blocks.push([key]);
  }
  return blocks;
}

interface ResultContext {
  input: WritePlanInput;
  placed: Partial<Record<OutputKey, number>>;
  /** Results by sheet row number (an array: a lookup per written row, 100,000 of them, costs less than a Map's). */
  byRow: (RowResult | undefined)[];
  totalFmt: CellFormat;
  /** Lines the tallest wrapped result text of a row needs, for rows needing more than one (rowHeightOps). */
  lines: Map<number, number>;
  /** Digests of the 评定标记 and 评定说明 texts written (text-digests.ts), for the settings: a later run tells them from typed ones. */
  digests: Record<DigestedKey, Set<number>>;
  /** Cells whose look the result cells take (SPEC §5): a header cell and a data cell of the name column. */
  headerSource: { row: number; col: number };
  dataSource: { row: number; col: number } | null;
  headerTop: number;
}

function headerValue(rubric: Rubric, layout: Layout, k: OutputKey): string {
  const found = layout.resultColumns[k];
  // A column the user renamed keeps its name; everything else gets the rubric's header.
  return found && found.via === "settings" && found.header !== "" ? found.header : rubric.output[k];
}

/** One block of contiguous result columns: clear stale cells, take the table's look, write. */
function blockOps(ctx: ResultContext, block: OutputKey[], stale: StaleRows): PlanOp[] {
  const { sheet, layout, rubric } = ctx.input;
  const left = ctx.placed[block[0]!]!;
  const right = ctx.placed[block[block.length - 1]!]!;
  const ops: PlanOp[] = [];
  for (const [top, end] of rowRuns(layout, layout.headerRow + 1, stale.bottom, stale.keep)) {
    ops.push({ kind: "clear", sheet: sheet.name, rect: { top, left, bottom: end, right } });
  }
  ops.push({
    kind: "copyFormat",
    sheet: sheet.name,
    from: ctx.headerSource,
    to: { top: ctx.headerTop, left, bottom: layout.headerRow, right },
  });
  const dataRuns = rowRuns(layout, layout.headerRow + 1, layout.lastDataRow);
  if (ctx.dataSource) {
    for (const [top, end] of dataRuns) {
      ops.push({
        kind: "copyFormat",
        sheet: sheet.name,
        from: ctx.dataSource,
        to: { top, left, bottom: end, right },
      });
    }
  }
  ops.push({
    kind: "values",
    sheet: sheet.name,
    row: layout.headerRow,
    col: left,
    values: [block.map((k) => headerValue(rubric, layout, k))],
    formats: [block.map(() => RESULT_HEADER_FORMAT)],
  });
  const wrapped = wrappedColumns(block);
  const digested = DIGESTED_KEYS.map((key) => ({ key, at: block.indexOf(key) })).filter((d) => d.at >= 0);
  const byLook = new Map<TierLook, (CellFormat | null)[]>();
  for (const [top, end] of dataRuns) {
    // Sized up front, the lists as each row's array: grown by push, a list of 100,000 rows is
    // copied into ever larger arrays, each in memory never touched before (~8 against ~2.5 ms).
    const values = new Array<WriteValue[]>(end - top + 1);
    const formats = new Array<(CellFormat | null)[]>(end - top + 1);
    for (let row = top; row <= end; row++) {
      const r = ctx.byRow[row];
      const line = new Array<WriteValue>(block.length);
      for (let i = 0; i < block.length; i++) line[i] = resultValue(block[i]!, r);
      noteLines(ctx, row, wrapped, line);
      for (const { key, at } of digested) noteDigest(ctx, key, line[at]);
      values[row - top] = line;
      formats[row - top] = formatRow(ctx, block, byLook, r);
    }
    ops.push({ kind: "values", sheet: sheet.name, row: top, col: left, values, formats });
  }
  ops.push({
    kind: "columnWidths",
    sheet: sheet.name,
    col: left,
    widths: block.map((k) => RESULT_WIDTHS[k]),
  });
  return ops;
}

/** Keeps the digest of a text written in a digested column (text-digests.ts). */
function noteDigest(ctx: ResultContext, key: DigestedKey, value: WriteValue | undefined): void {
  if (typeof value === "string") ctx.digests[key].add(textDigest(value));
}

/** A block's wrapping columns: their index in the block and their width. */
function wrappedColumns(block: OutputKey[]): { index: number; width: number }[] {
  const out: { index: number; width: number }[] = [];
  block.forEach((k, index) => {
    if (WRAPPED_KEYS.has(k)) out.push({ index, width: RESULT_WIDTHS[k] });
  });
  return out;
}

/** Records the lines a row's wrapped result texts need when more than one (measured as they are written). */
function noteLines(
  ctx: ResultContext,
  row: number,
  wrapped: readonly { index: number; width: number }[],
  line: WriteValue[],
): void {
  for (const { index, width } of wrapped) {
    const v = line[index];
    if (typeof v !== "string") continue;
    const lines = wrappedLines(v, width);
    if (lines > 1 && lines > (ctx.lines.get(row) ?? 1)) ctx.lines.set(row, lines);
  }
}

/**
 * Heights of the data rows whose wrapped result text needs more than one line (null: left as the
 * user has it, so a taller row of theirs is never shrunk).
 */
function rowHeightOps(ctx: ResultContext): PlanOp[] {
  const { sheet, layout } = ctx.input;
  if (ctx.lines.size === 0) return [];
  const first = layout.headerRow + 1;
  const heights = new Array<number | null>(Math.max(0, layout.lastDataRow - first + 1));
  for (let row = first; row <= layout.lastDataRow; row++) {
    const lines = ctx.lines.get(row);
    heights[row - first] = lines !== undefined ? lines * LINE_HEIGHT : null;
  }
  return [{ kind: "rowHeights", sheet: sheet.name, row: first, heights }];
}

/** Result columns: header, then one cell per table row (nothing for rows that are not branches). */
/** The settings' digests of the texts written in the digested columns (none written: not kept). */
function writtenTexts(digests: Record<DigestedKey, Set<number>>): {
  texts?: Partial<Record<DigestedKey, string>>;
} {
  const texts: Partial<Record<DigestedKey, string>> = {};
  for (const key of DIGESTED_KEYS) if (digests[key].size > 0) texts[key] = encodeDigests(digests[key]);
  return Object.keys(texts).length > 0 ? { texts } : {};
}

/** The result columns' ops, and digests of the 评定标记 and 评定说明 texts they write. */
function resultColumnOps(
  input: WritePlanInput,
  placed: Partial<Record<OutputKey, number>>,
): { ops: PlanOp[]; digests: Record<DigestedKey, Set<number>> } {
  const { sheet, layout, rubric, evaluation, carried } = input;
  const decimals = rubric.score.decimals;
  const nameCol = nameColumn(layout, rubric.fields.find((f) => f.role === "name")?.id);
  const firstData = layout.dataRows[0];
  const ctx: ResultContext = {
    input,
    placed,
    byRow: resultsByRow(evaluation.rows),
    totalFmt: { numFmt: decimals > 0 ? `0.${"0".repeat(decimals)}` : "0" },
    lines: new Map(),
    // Sets: a table's explanations repeat (the rows of one total share one), and only distinct ones are kept.
    digests: { flags: new Set(), explanation: new Set() },
    headerSource: { row: layout.headerRow, col: nameCol },
    dataSource: firstData !== undefined ? { row: firstData, col: nameCol } : null,
    headerTop: headerTopRow(sheet, layout),
  };
  const stale = staleRows(sheet, rubric, layout, carried);
  const ops: PlanOp[] = [];
  for (const block of contiguousBlocks(placed)) ops.push(...blockOps(ctx, block, stale));
  ops.push(...rowHeightOps(ctx));
  const resultWidths = new Map(
    OUTPUT_KEYS.flatMap((k) => (placed[k] ? [[placed[k], RESULT_WIDTHS[k]] as const] : [])),
  );
  ops.push(...scoredSheetPageSetup(sheet, layout, nameCol, resultWidths, input.lang ?? "zh"));
  return { ops, digests: ctx.digests };
}

/**
 * The names of the three owned sheets: each the one the workbook says is ours (settings, else
 * recognised by content), else its default unless a user's sheet has it ("评定核查 (2)", with a notice).
 */
function ownedNames(input: WritePlanInput, notices: Notice[]): OwnedNames {
  const { carried, rubric, sheet } = input;
  const owned = carried?.owned;
  const recognised = { summary: input.recognisedSummary, ...input.recognised };
  const fromSettings: Record<OwnedKind, string | undefined> = {
    summary: owned?.summarySheet,
    review: owned?.reviewSheet,
    notice: owned?.noticeSheet,
  };
  const bases: OwnedNames = {
    summary: rubric.output.summarySheet,
    review: REVIEW_SHEET,
    notice: NOTICE_SHEET,
  };
  const names = {} as OwnedNames;
  const taken: string[] = [];
  for (const kind of OWNED_KINDS) {
    const known = input.disowned?.includes(kind) ? undefined : fromSettings[kind];
    const ours = known ?? recognised[kind] ?? null;
    const chosen = chooseOwnedSheet(bases[kind], input.sheets, sheet.name, ours, taken);
    const kept = input.kept?.[kind];
    if (kept) {
      // Enough of it to find it by; a pasted paragraph is not repeated whole.
      const full = cellText(kept.found.value).trim();
      const text = full.length > 30 ? `${full.slice(0, 30)}…` : full;
      notices.push(
        msg("OWNED_SHEET_KEPT", { sheet: kept.sheet, cell: kept.found.cell, text, used: chosen.name }),
      );
    } else if (chosen.renamed) {
      const code = kind === "summary" ? "SUMMARY_RENAMED" : "OWNED_SHEET_RENAMED";
      notices.push(msg(code, { wanted: bases[kind], used: chosen.name }));
    }
    names[kind] = chosen.name;
    taken.push(chosen.name);
  }
  return names;
}

/** 评定汇总, 评定核查 and 公示名单, each cleared and rebuilt in place. */
function ownedSheetOps(
  input: WritePlanInput,
  names: OwnedNames,
  resultColumns: Partial<Record<OutputKey, string>>,
  texts: NoticeTexts,
): { ops: PlanOp[]; counts: TierCount[] } {
  const base: OwnedInput = {
    rubric: input.rubric,
    layout: input.layout,
    evaluation: input.evaluation,
    sheet: input.sheet,
    lang: input.lang ?? "zh",
    now: input.now,
    names,
    ranked: rankRows(input.evaluation),
  };
  // A sheet the user has hidden stays hidden (SPEC §8: a re-run changes no visibility); a new one shows.
  const ensure = (name: string): PlanOp => ({
    kind: "ensureSheet",
    sheet: name,
    visibility: input.sheets.find((s) => s.name === name)?.visibility ?? "visible",
    clear: true,
  });
  const summary = buildSummaryOps(base);
  const review = buildReviewOps({
    ...base,
    resultColumns: resultLetters(resultColumns),
    sections: input.reviewSections ?? [],
  });
  const notice = buildNoticeOps({ ...base, texts });
  return {
    ops: [
      ensure(names.summary),
      ...summary.ops,
      ensure(names.review),
      ...review,
      ensure(names.notice),
      ...notice,
    ],
    counts: summary.counts,
  };
}

/** Where each owned sheet's values went, for the next run to tell what the user added (extent.ts). */
function writtenExtents(
  ops: readonly PlanOp[],
  names: OwnedNames,
): Partial<Record<OwnedKind, WrittenExtent>> {
  const out: Partial<Record<OwnedKind, WrittenExtent>> = {};
  for (const kind of OWNED_KINDS) {
    const extent = writtenExtent(ops, names[kind]);
    if (extent) out[kind] = extent;
  }
  return out;
}

/**
 * The user's own page setup is kept (SPEC §5), print area and all: on the run that first writes the
 * result columns, say where they are, so a print area that stops short of them is noticed before
 * printing (nothing else would: the columns simply never print). Later runs say nothing.
 */
function ownPageSetupNotice(
  sheet: SheetModel,
  layout: Layout,
  placed: Partial<Record<OutputKey, number>>,
): Notice | null {
  if (sheet.pageSetupCustomised !== true || Object.keys(layout.resultColumns).length > 0) return null;
  const cols = Object.values(placed).sort((a, b) => a - b);
  if (cols.length === 0) return null;
  const first = columnLetter(cols[0]!);
  const last = columnLetter(cols[cols.length - 1]!);
  return msg("OWN_PAGE_SETUP_KEPT", {
    sheet: sheet.name,
    columns: first === last ? first : `${first}–${last}`,
  });
}

/** The whole plan of a recompute. */
export function buildWritePlan(input: WritePlanInput): WritePlanBuild {
  const { sheet, layout, rubric, carried } = input;
  const notices: Notice[] = [];
  refuseUserResultColumns(sheet, layout, rubric, input.evaluation, carried);
  refuseHandEditedResults(sheet, layout, rubric, carried);
  const placed = placeResultColumns(sheet, layout, outputKeysFor(rubric, layout));
  const results = resultColumnOps(input, placed);
  const ops: PlanOp[] = results.ops;
  const resultColumns: Partial<Record<OutputKey, string>> = {};
  for (const k of OUTPUT_KEYS) {
    const col = placed[k];
    if (col !== undefined) resultColumns[k] = columnLetter(col);
  }
  notices.push(...staleResultsInSkippedRows(input, placed.tier));
  const setupKept = ownPageSetupNotice(sheet, layout, placed);
  if (setupKept) notices.push(setupKept);
  const names = ownedNames(input, notices);
  const carriedTexts = carried?.settings?.notice ?? carried?.notice;
  const typed = input.noticeTop ? typedNoticeContact(input.noticeTop, carriedTexts, input.notice) : {};
  if (typed.phone !== undefined || typed.contact !== undefined)
    notices.push(msg("NOTICE_CONTACT_KEPT", { phone: typed.phone ?? null, contact: typed.contact ?? null }));
  const texts = noticeTexts(noticeTexts(carriedTexts, typed), input.notice);
  refuseReversedPeriod(texts);
  const owned = ownedSheetOps(input, names, resultColumns, texts);
  ops.push(...owned.ops);

  const columns: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const [id, f] of Object.entries(layout.fields)) {
    columns[id] = f.column;
    headers[id] = f.header;
  }
  // Stored in the schema's own key order, so that the rubric read back from the workbook serialises
  // to the same text and a second run's plan equals the first.
  const normalized = parseRubric(rubric);
  const settings: CarriedSettings = {
    format: SETTINGS_FORMAT,
    version: SETTINGS_VERSION,
    rubric: normalized.ok ? normalized.rubric : rubric,
    mapping: { sheet: sheet.name, headerRow: layout.headerRow, columns, headers },
    owned: {
      sheet: sheet.name,
      resultColumns,
      summarySheet: names.summary,
      lastRow: layout.lastDataRow,
      reviewSheet: names.review,
      noticeSheet: names.notice,
      written: writtenExtents(owned.ops, names),
      ...writtenTexts(results.digests),
    },
    updatedAt: input.now.toISOString(),
    ...(input.stamped ? { stamped: true as const } : {}),
    ...(Object.keys(texts).length > 0 ? { notice: texts } : {}),
    ...input.records,
  };
  if (carried?.newerVersion) {
    // Never downgrade settings written by a newer version; its notice was raised when reading.
  } else {
    ops.push(...settingsOps(settings));
  }
  return {
    ops,
    summarySheet: names.summary,
    reviewSheet: names.review,
    noticeSheet: names.notice,
    keptSheets: Object.values(input.kept ?? {}).map((k) => k.sheet),
    resultColumns,
    settings,
    counts: owned.counts,
    notices,
  };
}
