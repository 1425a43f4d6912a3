/**
 * Finding the table in a sheet (SPEC §3): the header row, which column holds which field, the data
 * rows, the result columns written by an earlier run, and the table's right edge. Pure: a SheetModel
 * and a rubric in, a Layout (or a TableError that says what to fix) out.
 *
 * Choices where the spec leaves room:
 * - Hidden rows are scored. Hiding is a view (a filter, a collapsed outline), not a deletion; a branch
 *   silently dropped from the rating because a filter was on would be worse than one rated too many.
 * - A row counts as data when its name or any scoring cell (criterion, total, percent, check, stars,
 *   number, category) holds something. Rows holding only 序号, 所属党委 or 备注 are template rows
 *   not filled in yet, and are skipped like blank rows.
 * - Rows named 合计/小计/总计/平均/平均分 in the name cell (or the merge over it), and footer notes
 *   (注：…, 填表人：… with nothing else in the row) are not branches and receive nothing. Such a word
 *   in the 序号 cell counts only when the name cell is blank; a cell left of the table never counts.
 *   Every skipped row is listed in a ROWS_SKIPPED info flag (docs/layout.md).
 * - Rows past the last scored row and a fully blank row, holding no score, are notes below the table
 *   (填表说明, 附：未参评支部 …): excluded and reported once. Named rows with blank scores inside the
 *   table stay branches (未评定, MISSING_VALUE). A table with no score at all yet is not cut.
 * - A field whose header appears in several columns (支部自评 and 机关党委评定 over the same criteria)
 *   is placed by the group headers directly above the columns, never the title row (blocks.ts,
 *   docs/layout.md): the committee's block is scored, the self block gives the self score and the
 *   per-criterion comparison, a survey block what it holds; one BLOCKS_READ info flag says so. When
 *   the group headers do not decide, the first column outside a self/survey block is used, with an
 *   AMBIGUOUS_COLUMN warning.
 * - A user's mapping (task pane picker) wins over everything; a carried mapping (settings) wins over
 *   detection only where its column still shows the header it had when stored, so an inserted
 *   column never makes a field read the wrong column silently.
 */
import {
  cellAddress,
  columnIndex,
  columnLetter,
  detectPreset,
  isSummaryRowName,
  makeFlag,
  matchHeader,
  normalizeHeader,
  parsePercent,
  parseScore,
  parseStars,
  parseYesNo,
  presets,
} from "../engine";
import { combinationOf, conditionFieldIds } from "../engine/conditions";
import type {
  Condition,
  Flag,
  FieldDef,
  FieldRole,
  InputTable,
  Lang,
  RawCell,
  Rubric,
} from "../engine/types";
import {
  asideOnlyFields,
  blockAt,
  blocksReadFlag,
  chooseDetectedColumns,
  findBlocks,
  isAsideBlock,
  isScoringRole,
  selfBlockMappingNotice,
  selfScoresOf,
  selfSumCell,
  type ColumnBlock,
  type DetectedColumns,
  type SelfSum,
} from "./blocks";
import { AppError, bothNames, msg, type FieldHeaders } from "../messages";
import { mappingByFieldId } from "./mapping-keys";
import { countColumns } from "./count-columns";
import type { SheetModel } from "./model";
import { OUTPUT_KEYS, ownedOn, type CarriedMapping, type OutputKey, type OwnedRanges } from "./settings";
import { tierLabelSet } from "./tiers";
import { cellAt, cellText, foldText, isBlank, sheetWidth, type Notice } from "./util";

/** Rows searched for the header row (title rows and blank rows above it are common). */
export const HEADER_SEARCH_ROWS = 12;

export type TableErrorCode = "NO_TABLE" | "MISSING_COLUMN";

/** Why no table could be read: an AppError whose `code` is a TableErrorCode. */
export type TableError = AppError;

export interface LayoutField {
  id: string;
  /** 1-based column. */
  col: number;
  column: string;
  header: string;
  via: "header" | "mapping" | "settings";
  /** A maximum stated in the header ("（20分）"), when there is one. */
  statedMax?: number;
}

export interface HeaderCell {
  col: number;
  column: string;
  text: string;
}

export interface ResultColumn {
  col: number;
  column: string;
  header: string;
  via: "header" | "settings";
}

export interface ExcludedRow {
  row: number;
  name: string;
  reason: "total" | "note" | "header";
}

export interface Layout {
  sheet: string;
  headerRow: number;
  /** Mapped fields by field id. */
  fields: Record<string, LayoutField>;
  /**
   * Rubric fields not present in the sheet that the score or a rule reads (their checks are "not
   * checked"). Purely informational fields (备注, 否决事由 …) are not listed: nothing goes unchecked.
   */
  missingFields: string[];
  /** Every rubric field not present in the sheet, informational ones included. */
  absentFields: string[];
  /** Every non-empty header cell of the header row that is not a result column: mapping choices. */
  headers: HeaderCell[];
  /** Rows scored as branches (1-based, ascending). */
  dataRows: number[];
  excludedRows: ExcludedRow[];
  firstDataRow: number;
  /** Last row of the table; equals headerRow when the table has no data yet. */
  lastDataRow: number;
  /** Hidden rows among dataRows: scored anyway, reported so the user is not surprised. */
  hiddenDataRows: number[];
  /** Side-by-side blocks under group headers (支部自评 | 机关党委考评), left to right; [] when none. */
  blocks: ColumnBlock[];
  /**
   * criterion field id → its column in the self block, when a committee block supplies the scores:
   * read for the explanation ("服务机制 自评18 / 考评15"), never scored.
   */
  selfColumns: Record<string, { col: number; column: string }>;
  /**
   * The self score as the self block holds it, when the sheet has no 自评分 column: the sum of its
   * criteria (or its total column), given to the engine as the `selfScore` field.
   */
  selfSum?: SelfSum;
  /**
   * Fields whose blank cells under a merge read the merge's value (docs/layout.md "Merged group
   * cells"): the group, as 所属党委 is merged over its branches' rows, which read blank would
   * count those branches under （未填）.
   */
  mergedDown: string[];
  /** Result columns of an earlier run, found again by header or by the carried settings. */
  resultColumns: Partial<Record<OutputKey, ResultColumn>>;
  /** Last input column of the table (1-based). */
  rightEdge: number;
  /** Table-level flags found while reading the layout (HEADER_MAX_MISMATCH). */
  tableFlags: Flag[];
  notices: Notice[];
}

export interface DetectLayoutOptions {
  /** field id → column letter: the user's choice, wins over everything. */
  mapping?: Record<string, string>;
  headerRow?: number;
  /** The mapping the workbook carries (only used when it is for this sheet). */
  carried?: CarriedMapping | null;
  /** What the workbook says the add-in owns (result columns moved or renamed by the user). */
  owned?: OwnedRanges | null;
  lang?: Lang;
  /** inspect: report missing required fields in the layout instead of failing (the pane lets the user map them). */
  allowMissingRequired?: boolean;
}

export type LayoutResult = { ok: true; layout: Layout } | { ok: false; error: TableError };

const TOTAL_ROW_NAMES = new Set(["合计", "小计", "总计", "平均", "平均分", "合计数", "总分合计"]);
const NOTE_PREFIX = /^(注|备注|说明|填表人|填报人|制表|制表人|审核|审核人|负责人|联系人|日期|填表日期)[：:]/;
/** Name cells that open a note or an appendix (填表说明：…, 附：…) — a note when the row has no score. */
const NOTE_OPENER = /^(注|说明|填表|附|备注|制表|审核)[^：:]{0,4}[：:]/;
/** Roles whose cells make a row a data row (see the module comment). */
const CONTENT_ROLES: ReadonlySet<FieldRole> = new Set<FieldRole>([
  "name",
  "criterion",
  "total",
  "percent",
  "check",
  "stars",
  "number",
  "category",
]);

function headerKey(text: string): string {
  return normalizeHeader(text).key;
}

/** Normalised output header → key, for every rubric given (result columns of any preset are not input). */
function outputHeaderKeys(rubrics: readonly Rubric[]): Map<string, OutputKey> {
  const map = new Map<string, OutputKey>();
  for (const r of rubrics) {
    for (const key of OUTPUT_KEYS) {
      const k = headerKey(r.output[key]);
      if (k !== "" && !map.has(k)) map.set(k, key);
    }
  }
  return map;
}

/**
 * The header texts of a candidate header row: the cell itself; for a blank cell, the text of a merge
 * covering it from above (a name header merged over two header rows), or else the cell just above
 * when that cell is not a group header spanning several columns.
 */
export function headerTexts(sheet: SheetModel, row: number, width: number = sheetWidth(sheet)): string[] {
  const texts: string[] = [];
  for (let c = 1; c <= width; c++) {
    let v: RawCell = cellAt(sheet, row, c);
    if (isBlank(v)) {
      const merge = sheet.merges.find((m) => m.top <= row && row <= m.bottom && m.left <= c && c <= m.right);
      if (merge && merge.top < row) v = cellAt(sheet, merge.top, merge.left);
      else if (!merge && row > 1) {
        const aboveMerge = sheet.merges.find(
          (m) => m.top <= row - 1 && row - 1 <= m.bottom && m.left <= c && c <= m.right,
        );
        if (!aboveMerge) v = cellAt(sheet, row - 1, c);
      }
    }
    texts.push(isBlank(v) ? "" : cellText(v).trim());
  }
  return texts;
}

interface RowScan {
  row: number;
  texts: string[];
  /** field id → first column (1-based) and stated max. */
  matches: Map<string, { col: number; max?: number }>;
  /** field id → every column whose header matches it (ascending). */
  columns: Map<string, { col: number; max?: number }[]>;
  /** field id → every column whose header matches it, when more than one does (ascending). */
  duplicates: Map<string, { col: number; max?: number }[]>;
  /** Columns holding a known output header. */
  outputs: Map<number, OutputKey>;
}

function scanRow(
  sheet: SheetModel,
  rubric: Rubric,
  row: number,
  width: number,
  outKeys: Map<string, OutputKey>,
): RowScan {
  const texts = headerTexts(sheet, row, width);
  const matches = new Map<string, { col: number; max?: number }>();
  const all = new Map<string, { col: number; max?: number }[]>();
  const outputs = new Map<number, OutputKey>();
  texts.forEach((text, i) => {
    if (text === "") return;
    const col = i + 1;
    const out = outKeys.get(headerKey(text));
    if (out !== undefined) {
      outputs.set(col, out);
      return;
    }
    const m = matchHeader(rubric, text);
    if (!m) return;
    const hit = m.max === undefined ? { col } : { col, max: m.max };
    if (!matches.has(m.fieldId)) matches.set(m.fieldId, hit);
    const list = all.get(m.fieldId);
    if (list) list.push(hit);
    else all.set(m.fieldId, [hit]);
  });
  const duplicates = new Map([...all].filter(([, list]) => list.length > 1));
  return { row, texts, matches, columns: all, duplicates, outputs };
}

function fieldHeaders(f: FieldDef): FieldHeaders {
  // Aliases that differ from the label (or each other) only by an annotation say nothing new.
  const seen = new Set([headerKey(f.label)]);
  const others = f.aliases.filter((a) => {
    const k = headerKey(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { label: f.label, others };
}

const JI = "计".charCodeAt(0);
const JUN = "均".charCodeAt(0);

/**
 * Whether a name has 计, 均 or a Latin letter (half or full width), as every totals-row name has
 * (isSummaryRowName, TOTAL_ROW_NAMES): one pass decides a branch's name, nearly every row's.
 */
function mayNameTotals(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === JI || c === JUN) return true;
    if (
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      (c >= 0xff21 && c <= 0xff3a) ||
      (c >= 0xff41 && c <= 0xff5a)
    )
      return true;
  }
  return false;
}

function isTotalRowName(name: string): boolean {
  if (!mayNameTotals(name)) return false;
  if (isSummaryRowName(name)) return true;
  // Each of TOTAL_ROW_NAMES has 计 or 均, and no other character folds to either: a branch's name
  // (nearly every row) is decided without folding it.
  return (name.includes("计") || name.includes("均")) && TOTAL_ROW_NAMES.has(foldText(name));
}

function validLetter(letter: string): number | null {
  const up = letter.trim().toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(up)) return null;
  const n = columnIndex(up);
  return n >= 1 && n <= 16384 ? n : null;
}

/** Finds the table of `sheet` for `rubric`. */
export function detectLayout(
  sheet: SheetModel,
  rubric: Rubric,
  options: DetectLayoutOptions = {},
): LayoutResult {
  // A mapping may name fields by label (CLI --map): by id from here on.
  const opts = options.mapping ? { ...options, mapping: mappingByFieldId(rubric, options.mapping) } : options;
  const lang: Lang = opts.lang ?? "zh";
  const notices: Notice[] = [];
  // 1. Header row: the row among the first rows that matches the most fields.
  const scan = findHeaderScan(sheet, rubric, opts);
  if (!scan) return { ok: false, error: noTableError(sheet, rubric) };
  const headerRow = scan.row;

  // 2. Fields: detected (placed by the group headers above them), then carried, then a yes/no
  // column holding counts, then the user's mapping. Result columns of an earlier run are not part
  // of the table: a title over the input columns stays a title on the next run instead of becoming
  // a group header.
  const inputTexts = scan.texts.map((t, i) => (scan.outputs.has(i + 1) ? "" : t));
  const blocks = findBlocks(sheet, headerRow, inputTexts, scan.columns);
  const detected = chooseDetectedColumns(rubric, scan.columns, blocks);
  const claims = new FieldClaims(rubric, scan, blocks);
  for (const [id, chosen] of detected.chosen) claims.claim(id, chosen.col, "header", chosen.max);
  const displaced = applyMappings(claims, sheet, rubric, opts, notices);
  const fields = claims.fields;

  // 3. Required columns (one the user's mapping gave to another field said as such).
  const headers = headerCells(scan);
  const taken = displacedNotices(rubric, displaced);
  const refused = opts.allowMissingRequired
    ? null
    : requiredColumnsError(sheet, rubric, fields, { headers, headerRow, detected, taken });
  if (refused) return { ok: false, error: refused };
  notices.push(...taken.map((t) => t.text));
  // A self score summed from the self block is present, though it has no column of its own.
  const self = selfScoresOf(rubric, blocks, fields);
  const absentFields = rubric.fields
    .filter((f) => !fields[f.id] && f.id !== self.sum?.fieldId)
    .map((f) => f.id);
  const read = fieldsRead(rubric);

  // 4. Table flags: a header seen in several columns (unless the user or the group headers decided),
  // how side-by-side blocks were read, header maxima that contradict the rubric.
  const tableFlags = headerFlags(rubric, scan, fields, blocks, detected.decided, self.sum, lang);

  // 5. Data rows (judged on the mapped scoring columns only, so stale result cells never extend the table).
  const rowsRead = readDataRows(sheet, rubric, fields, headerRow, scan.texts, lang);
  notices.push(...rowsRead.notices);
  if (rowsRead.skippedFlag) tableFlags.push(rowsRead.skippedFlag);

  // 6. Result columns of an earlier run.
  const mappedCols = new Set(Object.values(fields).map((f) => f.col));
  const resultColumns = earlierResultColumns(sheet, rubric, opts, scan, mappedCols, rowsRead.lastDataRow);

  return {
    ok: true,
    layout: {
      sheet: sheet.name,
      headerRow,
      fields,
      missingFields: uncheckedAbsent(rubric, absentFields, read),
      absentFields,
      headers,
      dataRows: rowsRead.dataRows,
      excludedRows: rowsRead.excludedRows,
      firstDataRow: headerRow + 1,
      lastDataRow: rowsRead.lastDataRow,
      hiddenDataRows: rowsRead.hiddenDataRows,
      blocks,
      selfColumns: self.columns,
      ...(self.sum ? { selfSum: self.sum } : {}),
      mergedDown: rubric.fields.filter((f) => f.role === "group" && fields[f.id]).map((f) => f.id),
      resultColumns,
      rightEdge: rightEdgeOf(scan, resultColumns, mappedCols),
      tableFlags,
      notices,
    },
  };
}

/** The table's flags from its header row (step 4 of detectLayout). */
function headerFlags(
  rubric: Rubric,
  scan: RowScan,
  fields: Record<string, LayoutField>,
  blocks: readonly ColumnBlock[],
  decided: ReadonlyMap<string, number>,
  selfSum: SelfSum | null,
  lang: Lang,
): Flag[] {
  const flags: Flag[] = ambiguousColumnFlags(rubric, scan, fields, blocks, decided, lang);
  const blocksFlag = blocksReadFlag(rubric, blocks, selfSum, lang);
  if (blocksFlag) flags.push(blocksFlag);
  flags.push(...headerMaxFlags(rubric, fields, scan.row, lang));
  return flags;
}

/** Result columns of an earlier run: by header, then those the user moved or renamed (settings). */
function earlierResultColumns(
  sheet: SheetModel,
  rubric: Rubric,
  opts: DetectLayoutOptions,
  scan: RowScan,
  mappedCols: Set<number>,
  lastDataRow: number,
): ReturnType<typeof resultColumnsByHeader> {
  const resultColumns = resultColumnsByHeader(scan, mappedCols);
  const owned = ownedOn(opts.owned, sheet.name);
  if (owned) {
    const rows = { from: scan.row + 1, to: lastDataRow };
    findOwnedResultColumns(sheet, rubric, owned, scan, resultColumns, mappedCols, rows);
  }
  return resultColumns;
}

/** Every non-empty header cell that is not a result column: the mapping's choices. */
function headerCells(scan: RowScan): HeaderCell[] {
  const headers: HeaderCell[] = [];
  scan.texts.forEach((text, i) => {
    if (text !== "" && !scan.outputs.has(i + 1))
      headers.push({ col: i + 1, column: columnLetter(i + 1), text });
  });
  return headers;
}

/** The scan of the header row: the given one, else the best of the first rows, else the user's. */
function findHeaderScan(sheet: SheetModel, rubric: Rubric, opts: DetectLayoutOptions): RowScan | null {
  const width = sheetWidth(sheet);
  const outKeys = outputHeaderKeys([rubric]);
  const userMapping = opts.mapping ?? {};
  const hasUserMapping = Object.values(userMapping).some((letter) => letter.trim() !== "");
  const carried = opts.carried && opts.carried.sheet === sheet.name ? opts.carried : null;
  if (opts.headerRow !== undefined && opts.headerRow >= 1)
    return scanRow(sheet, rubric, opts.headerRow, width, outKeys);
  let scan: RowScan | null = null;
  const limit = Math.min(HEADER_SEARCH_ROWS, Math.max(sheet.values.length, 1));
  for (let r = 1; r <= limit; r++) {
    const s = scanRow(sheet, rubric, r, width, outKeys);
    if (!scan || s.matches.size > scan.matches.size) scan = s;
  }
  if (scan && scan.matches.size === 0 && (hasUserMapping || carried !== null)) {
    // Nothing matched by alias but the user told us where the columns are: take the carried header
    // row, or the first row where every mapped column has text.
    const row =
      (carried ? rowWithStoredHeaders(sheet, carried, width, limit) : null) ??
      firstRowWithText(sheet, Object.values(userMapping), limit);
    if (row !== null) scan = scanRow(sheet, rubric, row, width, outKeys);
  }
  if (!scan || (scan.matches.size === 0 && !hasUserMapping && !carried)) return null;
  return scan;
}

function noTableError(sheet: SheetModel, rubric: Rubric): TableError {
  const noHeader = msg("NO_TABLE_HEADER", {
    sheet: sheet.name,
    rows: HEADER_SEARCH_ROWS,
    rubric: rubric.name,
    rubricEn: rubric.nameEn ?? rubric.name,
    expected: rubric.fields.filter((f) => f.required).map(fieldHeaders),
  });
  return new AppError(noHeader, { code: "NO_TABLE" });
}

/** The fields of the layout as they are claimed: a column belongs to one field, the last claim wins. */
class FieldClaims {
  readonly fields: Record<string, LayoutField> = {};
  readonly fieldById: ReadonlyMap<string, FieldDef>;
  private readonly hasCommittee: boolean;

  constructor(
    rubric: Rubric,
    readonly scan: RowScan,
    private readonly blocks: readonly ColumnBlock[],
  ) {
    this.fieldById = new Map(rubric.fields.map((f) => [f.id, f]));
    this.hasCommittee = blocks.some((b) => b.kind === "committee");
  }

  textAt(col: number): string {
    return this.scan.texts[col - 1] ?? "";
  }

  claim(id: string, col: number, via: LayoutField["via"], statedMax?: number): void {
    for (const [other, lf] of Object.entries(this.fields))
      if (lf.col === col && other !== id) delete this.fields[other];
    this.fields[id] = {
      id,
      col,
      column: columnLetter(col),
      header: this.textAt(col),
      via,
      ...(statedMax !== undefined ? { statedMax } : {}),
    };
  }

  /** A criterion score is never read from a self or survey block when a committee block exists. */
  outOfCommittee(id: string, col: number): boolean {
    const role = this.fieldById.get(id)?.role;
    return this.hasCommittee && isScoringRole(role) && isAsideBlock(blockAt(this.blocks, col));
  }
}

/** The carried mapping, where its column still shows the stored header (module comment). */
function applyCarriedMapping(
  claims: FieldClaims,
  carried: CarriedMapping,
  userMapping: Record<string, string>,
  notices: Notice[],
): void {
  const claimCarried = (id: string, col: number, max: number | undefined): void => {
    // A mapping stored by an earlier run (perhaps one misled by a title row) never moves a criterion
    // into the self block while the committee's block is there; the user can still pick it this run.
    if (claims.outOfCommittee(id, col)) notices.push(selfBlockMappingNotice(claims.fieldById.get(id)!, col));
    else claims.claim(id, col, "settings", max);
  };
  for (const [id, letter] of Object.entries(carried.columns)) {
    if (!claims.fieldById.has(id) || userMapping[id] !== undefined) continue;
    const col = validLetter(letter);
    if (col === null) continue;
    const stored = carried.headers?.[id];
    // Without the stored header text a letter is only trusted on the same header row.
    if (stored === undefined && carried.headerRow !== claims.scan.row) continue;
    const now = claims.textAt(col);
    if (stored !== undefined && headerKey(stored) !== headerKey(now)) {
      // The column no longer shows the stored header (a column was inserted or moved). Look for the
      // stored header elsewhere in the row; else keep what detection found.
      // With the header in several columns (自评 and 评定), the one nearest the stored column is the
      // one that moved there: inserting a column shifts by one or a few, never across the table.
      let moved = -1;
      claims.scan.texts.forEach((t, i) => {
        if (t === "" || headerKey(t) !== headerKey(stored)) return;
        if (moved < 0 || Math.abs(i + 1 - col) < Math.abs(moved + 1 - col)) moved = i;
      });
      if (moved >= 0) claimCarried(id, moved + 1, normalizeHeader(stored).max);
      else if (!claims.fields[id]) notices.push(msg("MAPPING_STALE", { header: stored, column: letter }));
      continue;
    }
    if (claims.fields[id]?.col === col) continue;
    claimCarried(id, col, normalizeHeader(now).max);
  }
}

/** What an earlier run stored, a yes/no column holding counts, and the user's mapping, in that order. */
function applyMappings(
  claims: FieldClaims,
  sheet: SheetModel,
  rubric: Rubric,
  opts: DetectLayoutOptions,
  notices: Notice[],
): Displaced[] {
  const mapping = opts.mapping ?? {};
  // An empty choice in the picker means "find it yourself": not a mapping.
  const userMapped = new Set(
    Object.entries(mapping)
      .filter(([, letter]) => letter.trim() !== "")
      .map(([id]) => id),
  );
  if (opts.carried && opts.carried.sheet === sheet.name)
    applyCarriedMapping(claims, opts.carried, mapping, notices);
  claimCountColumns(claims, sheet, rubric, userMapped, notices);
  return applyUserMapping(claims, sheet, mapping, userMapped, notices);
}

/** What the user's mapping took from another field, in words, by the field left without a column. */
function displacedNotices(rubric: Rubric, displaced: readonly Displaced[]): { id: string; text: Notice }[] {
  const names = (id: string) => {
    const f = rubric.fields.find((x) => x.id === id)!;
    return bothNames(f.label, f.labelEn);
  };
  return displaced.map((d) => ({
    id: d.id,
    text: msg("MAPPING_TOOK_COLUMN", {
      column: d.column,
      header: d.header,
      field: names(d.id),
      by: names(d.by),
    }),
  }));
}

/** A yes/no standard's column holding counts, claimed by its count field (count-columns.ts). */
function claimCountColumns(
  claims: FieldClaims,
  sheet: SheetModel,
  rubric: Rubric,
  userMapped: ReadonlySet<string>,
  notices: Notice[],
): void {
  for (const moved of countColumns(sheet, rubric, claims.scan.row, claims.fields, userMapped)) {
    const from = claims.fields[moved.from]!;
    claims.claim(moved.to, moved.col, from.via);
    const to = claims.fieldById.get(moved.to)!;
    notices.push(
      msg("COLUMN_READ_AS_COUNT", {
        column: from.column,
        header: from.header,
        field: bothNames(to.label, to.labelEn),
        min: to.minCount ?? 1,
        yes: "是",
        no: "否",
      }),
    );
  }
}

/** Whether any cell of a column below the header row holds a value. */
function holdsAnything(sheet: SheetModel, headerRow: number, col: number): boolean {
  for (let r = headerRow + 1; r <= sheet.values.length; r++) if (!isBlank(cellAt(sheet, r, col))) return true;
  return false;
}

/** A field whose column the user's mapping gave to another field, leaving it none. */
interface Displaced {
  id: string;
  column: string;
  header: string;
  /** The field the user mapped to that column. */
  by: string;
}

/** The user's mapping (task pane picker, CLI): wins over everything. */
function applyUserMapping(
  claims: FieldClaims,
  sheet: SheetModel,
  userMapping: Record<string, string>,
  userMapped: ReadonlySet<string>,
  notices: Notice[],
): Displaced[] {
  const displaced: Displaced[] = [];
  for (const [id, letter] of Object.entries(userMapping)) {
    if (!userMapped.has(id)) continue;
    if (!claims.fieldById.has(id)) {
      notices.push(msg("MAPPING_UNKNOWN_FIELD", { field: id }));
      continue;
    }
    const col = validLetter(letter);
    if (col === null) {
      notices.push(msg("MAPPING_BAD_COLUMN", { field: id, column: letter }));
      continue;
    }
    // A column with neither a header nor a value (a letter mistyped) would leave every branch unrated.
    if (claims.textAt(col) === "" && !holdsAnything(sheet, claims.scan.row, col)) {
      const found = claims.fields[id];
      const field = claims.fieldById.get(id)!;
      notices.push(
        msg("MAPPING_EMPTY_COLUMN", {
          field: bothNames(field.label, field.labelEn),
          column: columnLetter(col),
          found: found ? { column: found.column, header: found.header } : null,
        }),
      );
      continue;
    }
    const holder = Object.values(claims.fields).find((f) => f.col === col && f.id !== id);
    if (holder && !userMapped.has(holder.id))
      displaced.push({ id: holder.id, column: holder.column, header: holder.header, by: id });
    claims.claim(id, col, "mapping", normalizeHeader(claims.textAt(col)).max);
  }
  return displaced;
}

/** Step 3 of detectLayout: the error to stop with when a required field has no column, or null. */
function requiredColumnsError(
  sheet: SheetModel,
  rubric: Rubric,
  fields: Record<string, LayoutField>,
  seen: {
    headers: readonly HeaderCell[];
    headerRow: number;
    detected: DetectedColumns;
    taken: { id: string; text: Notice }[];
  },
): TableError | null {
  const missingRequired = rubric.fields.filter((f) => f.required && !fields[f.id]);
  if (missingRequired.length === 0) return null;
  const takenRequired = seen.taken.find((t) => missingRequired.some((f) => f.id === t.id));
  if (takenRequired) return new AppError(takenRequired.text, { code: "MISSING_COLUMN" });
  return missingColumnError(sheet, rubric, missingRequired, seen.headers, seen.headerRow, seen.detected);
}

function missingColumnError(
  sheet: SheetModel,
  rubric: Rubric,
  missingRequired: readonly FieldDef[],
  headers: readonly HeaderCell[],
  headerRow: number,
  detected: DetectedColumns,
): TableError {
  const found = headers.map((h) => h.text.replace(/\s+/g, " "));
  const missing = msg("MISSING_COLUMN", {
    sheet: sheet.name,
    missing: missingRequired.map(fieldHeaders),
    asideOnly: asideOnlyFields(missingRequired, detected.asideOnly),
    headerRow,
    found,
  });
  return new AppError(missing);
}

/** HEADER_MAX_MISMATCH: a header stating a maximum other than the rubric's. */
function headerMaxFlags(
  rubric: Rubric,
  fields: Record<string, LayoutField>,
  headerRow: number,
  lang: Lang,
): Flag[] {
  const flags: Flag[] = [];
  for (const f of rubric.fields) {
    const lf = fields[f.id];
    if (!lf || lf.statedMax === undefined || f.max === undefined || lf.statedMax === f.max) continue;
    const text = msg("HEADER_MAX_MISMATCH", { header: lf.header, stated: lf.statedMax, max: f.max });
    flags.push(makeFlag(lang, "HEADER_MAX_MISMATCH", "warning", text, cellAddress(lf.col, headerRow)));
  }
  return flags;
}

type ResultColumns = Partial<Record<OutputKey, ResultColumn>>;

/** Result columns of an earlier run found by their headers. */
function resultColumnsByHeader(scan: RowScan, mappedCols: ReadonlySet<number>): ResultColumns {
  const resultColumns: ResultColumns = {};
  for (const [col, key] of [...scan.outputs].sort((a, b) => a[0] - b[0])) {
    if (mappedCols.has(col) || resultColumns[key]) continue;
    resultColumns[key] = { col, column: columnLetter(col), header: scan.texts[col - 1] ?? "", via: "header" };
  }
  return resultColumns;
}

/** Result columns the user moved or renamed, known from the settings (added to `resultColumns`). */
function findOwnedResultColumns(
  sheet: SheetModel,
  rubric: Rubric,
  owned: OwnedRanges,
  scan: RowScan,
  resultColumns: ResultColumns,
  mappedCols: ReadonlySet<number>,
  rows: { from: number; to: number },
): void {
  const taken = new Set<number>([...mappedCols, ...Object.values(resultColumns).map((rc) => rc!.col)]);
  // How far the result columns found by header moved since the settings were stored (a column
  // inserted before them): a renamed one moved with them, so it is looked for there too.
  const shifts: number[] = [];
  for (const key of OUTPUT_KEYS) {
    const found = resultColumns[key];
    const stored = owned.resultColumns[key];
    const storedCol = stored !== undefined ? validLetter(stored) : null;
    if (!found || storedCol === null) continue;
    const shift = found.col - storedCol;
    if (shift !== 0 && !shifts.includes(shift)) shifts.push(shift);
  }
  for (const key of OUTPUT_KEYS) {
    if (resultColumns[key]) continue;
    const letter = owned.resultColumns[key];
    const storedCol = letter === undefined ? null : validLetter(letter);
    if (storedCol === null) continue;
    for (const shift of [0, ...shifts]) {
      const col = storedCol + shift;
      if (col < 1 || taken.has(col)) continue;
      const text = scan.texts[col - 1] ?? "";
      if (text !== "" && matchHeader(rubric, text)) continue;
      // A shifted guess needs the user's own header there: an empty column proves nothing.
      if (shift !== 0 && text === "") continue;
      if (!looksLikeResultColumn(sheet, rubric, key, col, rows.from, rows.to)) continue;
      resultColumns[key] = { col, column: columnLetter(col), header: text, via: "settings" };
      taken.add(col);
      break;
    }
  }
}

/** The last input column (header text or mapped), result columns excluded. */
function rightEdgeOf(scan: RowScan, resultColumns: ResultColumns, mappedCols: ReadonlySet<number>): number {
  const resultCols = new Set(Object.values(resultColumns).map((rc) => rc!.col));
  let rightEdge = 0;
  scan.texts.forEach((t, i) => {
    if (t !== "" && !resultCols.has(i + 1) && !scan.outputs.has(i + 1))
      rightEdge = Math.max(rightEdge, i + 1);
  });
  for (const c of mappedCols) rightEdge = Math.max(rightEdge, c);
  return rightEdge;
}

interface DataRowsRead {
  dataRows: number[];
  excludedRows: ExcludedRow[];
  hiddenDataRows: number[];
  lastDataRow: number;
  notices: Notice[];
  /** ROWS_SKIPPED (info): every row of the table that is not rated, with the reason. */
  skippedFlag: Flag | null;
}

const PARSERS: Partial<Record<FieldRole, (v: RawCell) => { kind: string }>> = {
  criterion: parseScore,
  total: parseScore,
  percent: parsePercent,
  check: parseYesNo,
  stars: parseStars,
};

/** Whether a row holds a value the rating reads (a score, a percent, a yes/no, stars), not just text. */
function scoreReader(
  sheet: SheetModel,
  rubric: Rubric,
  fields: Record<string, LayoutField>,
): (row: number) => boolean {
  const roleOf = new Map(rubric.fields.map((f) => [f.id, f.role]));
  const readers: { col: number; parse: (v: RawCell) => { kind: string } }[] = [];
  for (const lf of Object.values(fields)) {
    const parse = PARSERS[roleOf.get(lf.id)!];
    if (parse) readers.push({ col: lf.col, parse });
  }
  return (r) =>
    readers.some(({ col, parse }) => {
      const v = cellAt(sheet, r, col);
      return !isBlank(v) && parse(v).kind === "value";
    });
}

/**
 * The text naming a row: its name cell, or the merge covering the name cell (合计 merged over 序号
 * and the name). When the name is blank, the cells left of it inside the table (序号) may say 合计:
 * such a row names no branch. Cells left of the table never count (docs/layout.md).
 */
function totalRowLabel(
  sheet: SheetModel,
  row: number,
  nameCol: number,
  tableLeft: number,
  nameText: string,
): string | null {
  // `nameText` is the name cell's text, trimmed, as readDataRows read it: a filled name cell
  // (nearly every row) is the row's name, and only a blank one needs the merges and cells left.
  if (nameText !== "") return isTotalRowName(nameText) ? nameText : null;
  let v = cellAt(sheet, row, nameCol);
  if (isBlank(v)) {
    const merge = sheet.merges.find(
      (m) => m.top <= row && row <= m.bottom && m.left <= nameCol && nameCol <= m.right,
    );
    if (merge) v = cellAt(sheet, merge.top, merge.left);
  }
  const name = isBlank(v) ? "" : cellText(v).trim();
  if (name !== "") return isTotalRowName(name) ? name : null;
  for (let c = tableLeft; c < nameCol; c++) {
    const left = cellAt(sheet, row, c);
    if (typeof left === "string" && isTotalRowName(left.trim())) return left.trim();
  }
  return null;
}

/** The first row of the notes below the table (past the last scored row and a fully blank row). */
function notesStart(
  sheet: SheetModel,
  headerRow: number,
  lastRow: number,
  scored: (r: number) => boolean,
): number {
  let lastScored = headerRow;
  for (let r = lastRow; r > headerRow; r--) {
    if (scored(r)) {
      lastScored = r;
      break;
    }
  }
  // A table with no score at all yet (a template being filled in) has no end to judge by.
  for (let r = lastScored + 1; lastScored > headerRow && r <= lastRow; r++) {
    const line = sheet.values[r - 1];
    if (!line || line.every((v) => isBlank(v))) return r + 1;
  }
  return Infinity;
}

/** How many of the columns `cols` hold something in row r. */
function filledCount(sheet: SheetModel, row: number, cols: readonly number[]): number {
  let n = 0;
  for (const c of cols) if (!isBlank(cellAt(sheet, row, c))) n++;
  return n;
}

/** The data rows of the table, the rows skipped and why (module comment; docs/layout.md). */
function readDataRows(
  sheet: SheetModel,
  rubric: Rubric,
  fields: Record<string, LayoutField>,
  headerRow: number,
  headerTexts: readonly string[],
  lang: Lang,
): DataRowsRead {
  const roleOf = new Map(rubric.fields.map((f) => [f.id, f.role]));
  const contentCols = Object.values(fields)
    .filter((lf) => CONTENT_ROLES.has(roleOf.get(lf.id)!))
    .map((lf) => lf.col);
  const nameLf = Object.values(fields).find((lf) => roleOf.get(lf.id) === "name");
  const nameCol = nameLf?.col ?? null;
  const tableLeft = Math.min(headerTexts.findIndex((t) => t !== "") + 1 || 1, nameCol ?? 1);
  let lastDataRow = headerRow;
  for (let r = sheet.values.length; r > headerRow; r--) {
    if (contentCols.some((c) => !isBlank(cellAt(sheet, r, c)))) {
      lastDataRow = r;
      break;
    }
  }
  const carriesScore = scoreReader(sheet, rubric, fields);
  // Rows under the last scored row, past a fully blank row, are notes below the table (填表说明,
  // 附：未参评支部 …), not branches: scoring them would add 未评定 rows that are not there.
  const notesFrom = notesStart(sheet, headerRow, lastDataRow, carriesScore);
  const hidden = new Set(sheet.hiddenRows);
  const out: DataRowsRead = {
    dataRows: [],
    excludedRows: [],
    hiddenDataRows: [],
    lastDataRow,
    notices: [],
    skippedFlag: null,
  };
  const trailingNotes: number[] = [];
  const nameKey = nameCol !== null ? headerKey(headerTexts[nameCol - 1] ?? "") || null : null;
  /** Why row r, holding `filled` content cells, is not a branch; null when it is one. */
  const exclusion = (r: number, name: string, filled: number): ExcludedRow | null => {
    const totalLabel = nameCol !== null ? totalRowLabel(sheet, r, nameCol, tableLeft, name) : null;
    if (totalLabel !== null) return { row: r, name: totalLabel, reason: "total" };
    if (name === "") return null;
    // The header repeated inside a long table (printing habits): not a branch.
    if (nameKey !== null && headerKey(name) === nameKey) return { row: r, name, reason: "header" };
    const folded = name.normalize("NFKC");
    // A named row's name cell is among its filled content cells: one filled cell is the name alone.
    const note = (filled === 1 && NOTE_PREFIX.test(folded)) || (NOTE_OPENER.test(folded) && !carriesScore(r));
    return note ? { row: r, name, reason: "note" } : null;
  };
  for (let r = headerRow + 1; r <= lastDataRow; r++) {
    const filled = filledCount(sheet, r, contentCols);
    if (filled === 0) continue;
    const name = nameCol !== null ? cellText(cellAt(sheet, r, nameCol)).trim() : "";
    if (r >= notesFrom) {
      out.excludedRows.push({ row: r, name, reason: "note" });
      trailingNotes.push(r);
      continue;
    }
    const excluded = exclusion(r, name, filled);
    if (excluded) out.excludedRows.push(excluded);
    else {
      out.dataRows.push(r);
      if (hidden.has(r)) out.hiddenDataRows.push(r);
    }
  }
  if (trailingNotes.length > 0) {
    out.notices.push(notesBelowNotice(trailingNotes));
    // The table ends before its notes: nothing is written or cleared beside them.
    const first = trailingNotes[0]!;
    out.lastDataRow = out.dataRows.length > 0 ? out.dataRows[out.dataRows.length - 1]! : headerRow;
    for (const x of out.excludedRows) if (x.row < first && x.row > out.lastDataRow) out.lastDataRow = x.row;
  }
  if (out.hiddenDataRows.length > 0) out.notices.push(hiddenRowsNotice(out.hiddenDataRows));
  // A table not filled in yet is rated as it is (its result headers and an empty summary), and said so.
  if (out.dataRows.length === 0) out.notices.push(msg("NO_BRANCH_ROWS", { sheet: sheet.name, headerRow }));
  const blankGroups = groupBlanksUnexplained(sheet, rubric, fields, out.dataRows);
  if (blankGroups) out.notices.push(blankGroups);
  out.skippedFlag = skippedRowsFlag(out.excludedRows, lang);
  return out;
}

function notesBelowNotice(rows: readonly number[]): Notice {
  return msg("NOTES_BELOW_TABLE", { first: rows[0]!, last: rows[rows.length - 1]! });
}

/**
 * Where the host cannot say which cells are merged (SheetModel.mergesUnknown), branches whose group
 * cell is blank may sit under a merged 所属党委 (docs/layout.md "Merged group cells"): said, with
 * what to do, rather than counted under （未填） without a word.
 */
function groupBlanksUnexplained(
  sheet: SheetModel,
  rubric: Rubric,
  fields: Record<string, LayoutField>,
  dataRows: readonly number[],
): Notice | null {
  const group = sheet.mergesUnknown
    ? rubric.fields.find((f) => f.role === "group" && fields[f.id])
    : undefined;
  if (!group) return null;
  const { col, column, header } = fields[group.id]!;
  const blank = dataRows.filter((row) => isBlank(cellAt(sheet, row, col)));
  if (blank.length === 0) return null;
  return msg("GROUP_BLANKS_MERGES_UNKNOWN", { header, column, count: blank.length, first: blank[0]! });
}

function hiddenRowsNotice(rows: readonly number[]): Notice {
  return msg("HIDDEN_ROWS_SCORED", { count: rows.length, first: rows[0]! });
}

/** ROWS_SKIPPED: a row is never dropped without a word (issue 10; docs/layout.md). */
function skippedRowsFlag(rows: readonly ExcludedRow[], lang: Lang): Flag | null {
  if (rows.length === 0) return null;
  const listed = rows.map((x) => ({ row: x.row, reason: x.reason, name: x.name }));
  return makeFlag(lang, "ROWS_SKIPPED", "info", msg("ROWS_SKIPPED", { rows: listed }));
}

/**
 * AMBIGUOUS_COLUMN: a field whose header appears more than once, when neither the user (this run)
 * nor the group headers decided which column it is.
 */
function ambiguousColumnFlags(
  rubric: Rubric,
  scan: RowScan,
  fields: Record<string, LayoutField>,
  blocks: readonly ColumnBlock[],
  decided: ReadonlyMap<string, number>,
  lang: Lang,
): Flag[] {
  const flags: Flag[] = [];
  const fieldById = new Map(rubric.fields.map((f) => [f.id, f]));
  for (const [id, candidates] of scan.duplicates) {
    const used = fields[id];
    if (!used || used.via === "mapping" || decided.get(id) === used.col) continue;
    const f = fieldById.get(id)!;
    const text = msg("AMBIGUOUS_COLUMN", {
      field: bothNames(f.label, f.labelEn),
      candidates: candidates.map((c) => ({
        column: columnLetter(c.col),
        header: scan.texts[c.col - 1] ?? "",
        group: blockAt(blocks, c.col)?.title ?? "",
      })),
      used: used.column,
    });
    flags.push(makeFlag(lang, "AMBIGUOUS_COLUMN", "warning", text, cellAddress(used.col, scan.row)));
  }
  return flags;
}

/** Ids of the fields the score, a rule's condition or the row's name needs. */
export function fieldsRead(rubric: Rubric): Set<string> {
  const out = new Set<string>();
  for (const f of rubric.fields) {
    if (f.role === "name" || f.required) out.add(f.id);
    if (f.role === "criterion" && rubric.score.method !== "column") out.add(f.id);
  }
  if (rubric.score.field !== undefined) out.add(rubric.score.field);
  for (const rule of rubric.rules) {
    for (const c of [rule.when, rule.escalate?.when])
      if (c) conditionFieldIds(c).forEach((id) => out.add(id));
  }
  return out;
}

/**
 * The absent fields that leave something unchecked. A field read only as one way of giving a part
 * of an `all` that skips absent parts (star-branch's 标准7 是/否 beside 文体活动次数) leaves nothing
 * unchecked when the table has another way: saying "标准7 未检查" there was wrong.
 */
function uncheckedAbsent(rubric: Rubric, absent: readonly string[], read: Set<string>): string[] {
  const isAbsent = new Set(absent);
  const inRules = new Set<string>();
  const needed = new Set<string>();
  const anyPresent = (c: Condition) => conditionFieldIds(c).some((id) => !isAbsent.has(id));
  const visit = (c: Condition, covered: boolean): void => {
    const comb = combinationOf(c);
    if (comb === null) {
      for (const id of conditionFieldIds(c)) {
        inRules.add(id);
        if (!covered) needed.add(id);
      }
    } else if (comb.kind === "not") visit(comb.part, covered);
    else {
      const skipped = comb.kind === "all" && comb.skipAbsent && comb.parts.some(anyPresent);
      for (const part of comb.parts) visit(part, covered || (skipped && !anyPresent(part)));
    }
  };
  for (const rule of rubric.rules) for (const c of [rule.when, rule.escalate?.when]) if (c) visit(c, false);
  return absent.filter((id) => read.has(id) && (needed.has(id) || !inRules.has(id)));
}

/** The row holding most of the carried mapping's stored headers (rows may have been inserted above). */
function rowWithStoredHeaders(
  sheet: SheetModel,
  carried: CarriedMapping,
  width: number,
  limit: number,
): number {
  const stored = new Set(
    Object.values(carried.headers ?? {})
      .map(headerKey)
      .filter((k) => k !== ""),
  );
  let best = carried.headerRow;
  let bestCount = 0;
  for (let r = 1; r <= limit && stored.size > 0; r++) {
    const count = headerTexts(sheet, r, width).filter((t) => stored.has(headerKey(t))).length;
    if (count > bestCount) {
      best = r;
      bestCount = count;
    }
  }
  return best;
}

function firstRowWithText(sheet: SheetModel, letters: string[], limit: number): number | null {
  const cols = letters.map(validLetter).filter((c): c is number => c !== null);
  if (cols.length === 0) return null;
  for (let r = 1; r <= limit; r++) if (cols.every((c) => !isBlank(cellAt(sheet, r, c)))) return r;
  return null;
}

/**
 * A column the settings say we own is taken back only when what it holds is what we would have
 * written there: a renamed result column, not a user's column that slid into its place.
 */
function looksLikeResultColumn(
  sheet: SheetModel,
  rubric: Rubric,
  key: OutputKey,
  col: number,
  from: number,
  to: number,
): boolean {
  const tierLabels = tierLabelSet(rubric);
  const eligibility = new Set<string>();
  for (const e of rubric.eligibility) {
    eligibility.add(e.label);
    if (e.labelEn) eligibility.add(e.labelEn);
  }
  let seen = 0;
  for (let r = from; r <= to; r++) {
    const v = cellAt(sheet, r, col);
    if (isBlank(v)) continue;
    seen++;
    switch (key) {
      case "total":
        if (typeof v !== "number") return false;
        break;
      case "stars":
        if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 5) return false;
        break;
      case "tier":
        if (typeof v !== "string" || !tierLabels.has(v)) return false;
        break;
      case "eligibility":
        if (typeof v !== "string" || !eligibility.has(v)) return false;
        break;
      case "flags":
      case "explanation":
        if (typeof v !== "string") return false;
        break;
    }
  }
  // An empty column is taken back only for text columns, where nothing can contradict it.
  return seen > 0 || key === "flags" || key === "explanation";
}

/**
 * The raw cells of the data rows, by field id, for the engine. A self score summed from the self
 * block (layout.selfSum) is given as a number with no column of its own.
 */
export function toInputTable(sheet: SheetModel, layout: Layout): InputTable {
  const fields: InputTable["fields"] = {};
  for (const [id, lf] of Object.entries(layout.fields)) fields[id] = { column: lf.column, header: lf.header };
  const sum = layout.selfSum;
  if (sum) fields[sum.fieldId] = { column: "", header: sum.header };
  const ids = Object.keys(layout.fields);
  const cols = ids.map((id) => layout.fields[id]!.col);
  // Every row has the same keys in the same order: each row's record is a copy of one template
  // (field ids are identifiers, never "__proto__"), not built up key by key.
  const template: Record<string, RawCell> = {};
  for (const id of ids) template[id] = null;
  if (sum) template[sum.fieldId] = null;
  // Fields with merges to read through (usually none: then nothing more is done per row).
  const spanned = layout.mergedDown
    .map((id) => ({ id, values: mergedValues(sheet, layout, layout.fields[id]!.col) }))
    .filter((s) => s.values.size > 0);
  const rows = layout.dataRows.map((row) => {
    const cells = { ...template };
    for (let i = 0; i < ids.length; i++) cells[ids[i]!] = cellAt(sheet, row, cols[i]!);
    for (const { id, values } of spanned) if (isBlank(cells[id]!)) cells[id] = values.get(row) ?? cells[id]!;
    if (sum) cells[sum.fieldId] = selfSumCell(sheet, row, sum);
    return { row, cells };
  });
  return { fields, rows };
}

/**
 * The value each data row of column `col` has under a merge that starts on a data row above it (a
 * group name merged down over its branches): by row, from one pass over the merges, as a sheet of
 * 100,000 branches may have thousands.
 */
function mergedValues(sheet: SheetModel, layout: Layout, col: number): Map<number, RawCell> {
  const values = new Map<number, RawCell>();
  for (const m of sheet.merges) {
    if (m.left > col || m.right < col || m.top < layout.firstDataRow || m.bottom === m.top) continue;
    const value = cellAt(sheet, m.top, m.left);
    if (isBlank(value)) continue;
    for (let row = m.top + 1; row <= Math.min(m.bottom, layout.lastDataRow); row++) values.set(row, value);
  }
  return values;
}

export type RubricSource = "option" | "workbook" | "detected";

export interface ChooseRubricOptions {
  /** An explicit rubric (CLI --rubric, task pane choice). */
  rubric?: Rubric;
  /** The rubric the workbook carries. */
  carried?: Rubric | null;
  /** Candidates for detection (default: the presets). */
  candidates?: readonly Rubric[];
}

export type ChooseRubricResult =
  | { ok: true; rubric: Rubric; source: RubricSource; matched?: number; headerRow?: number }
  | { ok: false; error: TableError };

/** SPEC §9 rubric resolution: explicit; else the workbook's; else the preset matching the headers best. */
export function chooseRubric(sheet: SheetModel, opts: ChooseRubricOptions = {}): ChooseRubricResult {
  if (opts.rubric) return { ok: true, rubric: opts.rubric, source: "option" };
  if (opts.carried) return { ok: true, rubric: opts.carried, source: "workbook" };
  const candidates = opts.candidates ?? presets;
  const outKeys = outputHeaderKeys(candidates);
  const width = sheetWidth(sheet);
  const limit = Math.min(HEADER_SEARCH_ROWS, sheet.values.length);
  let best: { rubric: Rubric; matched: number; missing: number; row: number } | null = null;
  for (let r = 1; r <= limit; r++) {
    const texts = headerTexts(sheet, r, width).filter((t) => t !== "" && !outKeys.has(headerKey(t)));
    if (texts.length === 0) continue;
    const ranked = detectPreset(texts, [...candidates]);
    for (const cand of ranked) {
      if (cand.matched === 0) continue;
      const better =
        !best ||
        cand.matched > best.matched ||
        (cand.matched === best.matched && cand.requiredMissing.length < best.missing);
      if (better)
        best = { rubric: cand.rubric, matched: cand.matched, missing: cand.requiredMissing.length, row: r };
    }
  }
  if (best)
    return { ok: true, rubric: best.rubric, source: "detected", matched: best.matched, headerRow: best.row };
  if (sheet.values.every((line) => !line || line.every((v) => isBlank(v ?? null))))
    return {
      ok: false,
      error: new AppError(msg("SHEET_EMPTY", { sheet: sheet.name }), { code: "NO_TABLE" }),
    };
  const known = candidates.map((p) => ({ id: p.id, name: p.name, nameEn: p.nameEn ?? p.name }));
  const noMatch = msg("NO_RUBRIC_MATCH", { sheet: sheet.name, presets: known, rows: HEADER_SEARCH_ROWS });
  return { ok: false, error: new AppError(noMatch, { code: "NO_TABLE" }) };
}
