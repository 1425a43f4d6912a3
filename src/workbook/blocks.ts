/**
 * Side-by-side blocks (SPEC §2.1; docs/layout.md): offices keep the criteria twice or three times,
 * under group headers such as 支部自评 | 党员群众测评 | 机关党委考评. Which block is which is decided
 * by the group header cells directly above the columns (merged cells spanning them, or a cell whose
 * text runs over the blank cells to its right), never by the sheet's title row:
 * - a group cell that spans the whole table, or two columns of one field, cannot tell blocks apart
 *   (it is a title such as "…自评与考评对照表") and is not a group;
 * - the committee block (考评, 评定, 机关党委, 审核, 复核) supplies the criterion scores;
 * - a self block (自评, 自查, 申报) supplies the self score and per-criterion self scores;
 * - a survey block (测评, 民主评议) supplies what it holds (e.g. 群众满意率);
 * - a group text naming two kinds at once ("自评/考评") is "other": it decides nothing;
 * - a "label：value" line (填报单位：机关党委 … 填报日期：…) is not a group.
 */
import {
  columnIndex,
  columnLetter,
  exactSum,
  formatFixed,
  makeFlag,
  normalizeHeader,
  parseScore,
} from "../engine";
import type { FieldDef, FieldRole, Flag, Lang, RowResult, Rubric } from "../engine/types";
import type { SheetModel } from "./model";
import { list, msg, render } from "../messages";
import type { BlockRead, BothNames } from "../messages/workbook";
import { cellAt, cellText, isBlank, type Notice } from "./util";

export type BlockKind = "committee" | "self" | "survey" | "other";

export interface ColumnBlock {
  kind: BlockKind;
  /** The group header's text, spaces removed ("机关党委考评"). */
  title: string;
  /** First and last column under the group header (1-based, inclusive). */
  left: number;
  right: number;
  /** "C–G". */
  columns: string;
  /** field id → column letter, for every rubric field whose header stands under this block. */
  fields: Record<string, string>;
}

const KIND_PATTERNS: readonly (readonly [Exclude<BlockKind, "other">, RegExp])[] = [
  ["committee", /考评|评定|机关党委|审核|复核/],
  ["self", /自评|自查|申报/],
  ["survey", /测评|民主评议|群众评议/],
];

/** The kind a group header names; "other" when it names none or several. */
export function blockKind(title: string): BlockKind {
  const kinds = KIND_PATTERNS.filter(([, re]) => re.test(title)).map(([k]) => k);
  return kinds.length === 1 ? kinds[0]! : "other";
}

interface Span {
  left: number;
  right: number;
  title: string;
}

/**
 * The group cells of the row directly above the header row: merged cells that end above the header
 * row, and unmerged texts running right over blank unmerged cells. A cell above a blank header cell
 * is that column's own header (see headerTexts), not a group.
 */
function groupSpans(sheet: SheetModel, headerRow: number, width: number): Span[] {
  const g = headerRow - 1;
  if (g < 1) return [];
  const spans: Span[] = [];
  const mergeAt = (c: number) =>
    sheet.merges.find((m) => m.top <= g && g <= m.bottom && m.left <= c && c <= m.right);
  let c = 1;
  while (c <= width) {
    const merge = mergeAt(c);
    if (merge) {
      const v = cellAt(sheet, merge.top, merge.left);
      if (merge.bottom < headerRow && !isBlank(v))
        spans.push({ left: merge.left, right: merge.right, title: cellText(v).replace(/\s+/g, "") });
      c = merge.right + 1;
      continue;
    }
    const v = cellAt(sheet, g, c);
    const below = cellAt(sheet, headerRow, c);
    // Above a blank header cell, or repeating it (a two-row header typed twice), it is the column's own header.
    if (
      isBlank(v) ||
      isBlank(below) ||
      normalizeHeader(cellText(v)).key === normalizeHeader(cellText(below)).key
    ) {
      c++;
      continue;
    }
    let right = c;
    while (right < width && !mergeAt(right + 1) && isBlank(cellAt(sheet, g, right + 1))) right++;
    spans.push({ left: c, right, title: cellText(v).replace(/\s+/g, "") });
    c = right + 1;
  }
  return spans;
}

/**
 * The blocks of a header row. `matches` holds, per field id, every column whose header names it;
 * `texts` are the header row's texts (for the table's extent).
 */
export function findBlocks(
  sheet: SheetModel,
  headerRow: number,
  texts: readonly string[],
  matches: ReadonlyMap<string, readonly { col: number }[]>,
): ColumnBlock[] {
  const used = texts.map((t, i) => (t !== "" ? i + 1 : 0)).filter((c) => c > 0);
  if (used.length === 0) return [];
  const first = used[0]!;
  const last = used[used.length - 1]!;
  const blocks: ColumnBlock[] = [];
  for (const span of groupSpans(sheet, headerRow, last)) {
    // A title over the whole table says nothing about which block a column belongs to; nor does a
    // "label：value" line (填报单位：机关党委) that happens to stand right above the header row.
    if (span.left <= first && span.right >= last) continue;
    if (/[:：]/.test(span.title)) continue;
    const fields: Record<string, string> = {};
    let twice = false;
    for (const [id, cols] of matches) {
      const inside = cols.filter((m) => m.col >= span.left && m.col <= span.right);
      if (inside.length > 1) twice = true;
      if (inside.length > 0) fields[id] = columnLetter(inside[0]!.col);
    }
    if (twice || Object.keys(fields).length === 0) continue;
    const columns =
      span.left === span.right
        ? columnLetter(span.left)
        : `${columnLetter(span.left)}–${columnLetter(span.right)}`;
    blocks.push({
      kind: blockKind(span.title),
      title: span.title,
      left: span.left,
      right: span.right,
      columns,
      fields,
    });
  }
  return blocks;
}

/** The block a column stands under, if any. */
export function blockAt(blocks: readonly ColumnBlock[], col: number): ColumnBlock | undefined {
  return blocks.find((b) => b.left <= col && col <= b.right);
}

/** Roles whose columns carry the committee's scores: never read from a self or survey block beside it. */
export function isScoringRole(role: FieldRole | undefined): boolean {
  return role === "criterion" || role === "total";
}

/** A self or survey block: beside the committee's block, it supplies what it holds but no scores. */
export function isAsideBlock(block: ColumnBlock | undefined): boolean {
  return block?.kind === "self" || block?.kind === "survey";
}

type Candidate = { col: number; max?: number };

export interface DetectedColumns {
  /** field id → the column detection takes. */
  chosen: Map<string, Candidate>;
  /** field id → column, where several columns match and the group headers alone decided. */
  decided: Map<string, number>;
  /** Scoring fields found only in a self or survey block while a committee block exists: not read. */
  asideOnly: Map<string, ColumnBlock>;
}

/**
 * The column of every field the header row names (docs/layout.md): for a scoring field, the one under
 * the committee's block; never one under a self or survey block when a committee block exists;
 * otherwise a column outside self/survey blocks before one inside, then the first.
 */
export function chooseDetectedColumns(
  rubric: Rubric,
  columns: ReadonlyMap<string, readonly Candidate[]>,
  blocks: readonly ColumnBlock[],
): DetectedColumns {
  const hasCommittee = blocks.some((b) => b.kind === "committee");
  const kindOf = (c: Candidate): BlockKind | "none" => blockAt(blocks, c.col)?.kind ?? "none";
  const roleOf = new Map(rubric.fields.map((f) => [f.id, f.role]));
  const out: DetectedColumns = { chosen: new Map(), decided: new Map(), asideOnly: new Map() };
  for (const [id, cands] of columns) {
    const scoring = isScoringRole(roleOf.get(id));
    const committee = cands.filter((c) => kindOf(c) === "committee");
    const aside = cands.filter((c) => kindOf(c) === "self" || kindOf(c) === "survey");
    const plain = cands.filter((c) => !committee.includes(c) && !aside.includes(c));
    if (committee.length > 0) {
      out.chosen.set(id, committee[0]!);
      if (cands.length > 1 && committee.length === 1 && plain.length === 0)
        out.decided.set(id, committee[0]!.col);
    } else if (hasCommittee && scoring && plain.length === 0) {
      out.asideOnly.set(id, blockAt(blocks, cands[0]!.col)!);
    } else {
      // No committee block (a lone block is used as it is), or a field the committee does not score.
      out.chosen.set(id, plain[0] ?? cands[0]!);
    }
  }
  return out;
}

/** The self score of a self block, summed from its columns (docs/layout.md). */
export interface SelfSum {
  fieldId: string;
  /** 1-based columns summed (the self block's criteria, or its total column). */
  cols: number[];
  /** What the mapping shows for it: the block's title and columns ("支部自评 C–G"). */
  header: string;
}

/**
 * Per-criterion self columns beside a committee block, and the self score as their sum when the
 * sheet has no 自评分 column of its own. Only with a committee block: a lone block is scored as it is.
 */
export function selfScoresOf(
  rubric: Rubric,
  blocks: readonly ColumnBlock[],
  mapped: Readonly<Record<string, { col: number }>>,
): { columns: Record<string, { col: number; column: string }>; sum: SelfSum | null } {
  const columns: Record<string, { col: number; column: string }> = {};
  const self = blocks.find((b) => b.kind === "self");
  if (!self || !blocks.some((b) => b.kind === "committee")) return { columns, sum: null };
  const roleOf = new Map(rubric.fields.map((f) => [f.id, f.role]));
  for (const [id, letter] of Object.entries(self.fields)) {
    const col = columnIndex(letter);
    if (isScoringRole(roleOf.get(id)) && mapped[id] && mapped[id].col !== col)
      columns[id] = { col, column: letter };
  }
  const selfField = rubric.fields.find((f) => f.id === SELF_SCORE_FIELD);
  if (!selfField || mapped[SELF_SCORE_FIELD]) return { columns, sum: null };
  const ids =
    rubric.score.method === "column"
      ? [rubric.score.field ?? ""]
      : rubric.fields.filter((f) => f.role === "criterion").map((f) => f.id);
  if (ids.length === 0 || ids.some((id) => !columns[id])) return { columns, sum: null };
  const cols = ids.map((id) => columns[id]!.col);
  const header = `${self.title} ${self.columns}`;
  return { columns, sum: { fieldId: SELF_SCORE_FIELD, cols, header } };
}

/** The field id the presets give the self score (自评分); a rubric without it gets no derived sum. */
export const SELF_SCORE_FIELD = "selfScore";

/** The self score of one row: the exact sum of the self block's cells, or null when one is not a score. */
export function selfSumCell(sheet: SheetModel, row: number, sum: SelfSum): number | null {
  const values: number[] = [];
  for (const col of sum.cols) {
    const p = parseScore(cellAt(sheet, row, col));
    if (p.kind !== "value") return null;
    values.push(p.value);
  }
  return exactSum(values, 6);
}

function bothNames(f: FieldDef | undefined, id: string): BothNames {
  return { zh: f?.label ?? id, en: f?.labelEn ?? f?.label ?? id };
}

/**
 * BLOCKS_READ (info): how side-by-side blocks were read, one clause per block. Given when the sheet
 * has more than one block, or a lone self/survey block is scored.
 */
export function blocksReadFlag(
  rubric: Rubric,
  blocks: readonly ColumnBlock[],
  sum: SelfSum | null,
  lang: Lang,
): Flag | null {
  const hasCommittee = blocks.some((b) => b.kind === "committee");
  if (blocks.length < 2 && !blocks.some((b) => isAsideBlock(b))) return null;
  const byId = new Map(rubric.fields.map((f) => [f.id, f]));
  const read: BlockRead[] = blocks.map((b) => {
    const names = Object.keys(b.fields).map((id) => bothNames(byId.get(id), id));
    return {
      columns: b.columns,
      title: b.title,
      use: b.kind === "committee" ? "committee" : hasCommittee ? b.kind : "lone",
      selfSum: b.kind === "self" && sum !== null,
      held: {
        zh: list(
          names.map((n) => n.zh),
          "zh",
        ),
        en: list(
          names.map((n) => n.en),
          "en",
        ),
      },
    };
  });
  return makeFlag(lang, "BLOCKS_READ", "info", msg("BLOCKS_READ", { blocks: read }));
}

/** A carried mapping that would score a self or survey block beside the committee's: not followed. */
export function selfBlockMappingNotice(field: FieldDef, col: number): Notice {
  return msg("MAPPING_SELF_BLOCK", { field: bothNames(field, field.id), column: columnLetter(col) });
}

/** The required fields a MISSING_COLUMN error names as found only beside the committee's block. */
export function asideOnlyFields(
  missing: readonly FieldDef[],
  asideOnly: ReadonlyMap<string, ColumnBlock>,
): { name: BothNames; group: string }[] {
  return missing
    .filter((f) => asideOnly.has(f.id))
    .map((f) => ({ name: bothNames(f, f.id), group: asideOnly.get(f.id)!.title }));
}

/**
 * The explanation's comparison of self and committee scores per criterion, for the criteria where
 * they differ ("服务机制 自评18 / 考评15"); "" when none differs or nothing can be compared.
 */
export function selfComparison(
  sheet: SheetModel,
  rubric: Rubric,
  selfColumns: Readonly<Record<string, { col: number }>>,
  row: RowResult,
  lang: Lang,
): string {
  const items: { name: BothNames; self: string; committee: string }[] = [];
  for (const f of rubric.fields) {
    const self = selfColumns[f.id];
    const committee = row.values[f.id];
    if (!self || typeof committee !== "number") continue;
    const p = parseScore(cellAt(sheet, row.row, self.col));
    if (p.kind !== "value" || p.value === committee) continue;
    const [a, b] = [formatFixed(p.value, 6), formatFixed(committee, 6)].map(trimZeros);
    items.push({ name: bothNames(f, f.id), self: a!, committee: b! });
  }
  return items.length === 0 ? "" : render(msg("SELF_COMPARISON", { items }), lang);
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
