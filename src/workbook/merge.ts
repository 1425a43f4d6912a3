/**
 * 申报汇总 (SPEC §10): the tables of several submitted files in one scoring sheet with the columns
 * the rubric knows, a 来源 column (file / sheet) and a 合并核查 column naming duplicates across the
 * files. Pure: files come in as sheet models (or the reason they could not be read), a write plan
 * for a new workbook and a record of what was merged come out. The merged workbook carries the
 * rubric, so `score` rates it by the same scheme, and the record, so 评定核查 lists where the rows
 * came from (docs/records.md).
 */
import { columnLetter, parseRubric, presets } from "../engine";
import { pageNumbersIn } from "./page";
import type { Lang, RawCell, Rubric } from "../engine/types";
import { AppError, msg, renderBoth, type Message } from "../messages";
import { chooseRubric, detectLayout, toInputTable, type Layout } from "./layout";
import type { CellFormat, PlanOp, ReviewSection, SheetModel, WritePlan, WriteValue } from "./model";
import { branchKey } from "./names";
import {
  SETTINGS_FORMAT,
  SETTINGS_SHEET,
  SETTINGS_VERSION,
  parseSettings,
  settingsOps,
  type CarriedSettings,
} from "./settings";
import { cellText, pick } from "./util";

/** Sheets a recompute writes: never a submission's table. */
const OWNED_SHEET_NAMES = ["评定汇总", "评定核查", "公示名单"];
export const MERGED_SHEET = "申报汇总";
export const SOURCE_HEADER = "来源";
export const CHECK_HEADER = "合并核查";
/** Places named in one 合并核查 cell before "等". */
const PLACES_SHOWN = 3;

export interface BothTexts {
  zh: string;
  en: string;
}

/** One submitted file: its visible worksheets in tab order, or why it could not be read. */
export type MergeSource =
  { file: string; sheets: SheetModel[]; settingsJson: string | null } | { file: string; error: BothTexts };

export interface MergedFile {
  file: string;
  sheet: string;
  headerRow: number;
  rows: number;
}

export interface SkippedFile {
  file: string;
  reason: BothTexts;
}

export interface MergePlace {
  file: string;
  sheet: string;
  row: number;
}

export interface DuplicateName {
  name: string;
  places: MergePlace[];
}

/** What a merge did, carried in the merged workbook's settings and shown in 评定核查. */
export interface MergeRecord {
  at: string;
  rubric: { id: string; version: string };
  files: MergedFile[];
  skipped: SkippedFile[];
  duplicates: DuplicateName[];
}

export interface MergeOptions {
  rubric?: Rubric;
  candidates?: readonly Rubric[];
  lang?: Lang;
  now: Date;
}

export type MergeResult =
  | { ok: true; rubric: Rubric; sheet: string; rows: number; plan: WritePlan; record: MergeRecord }
  | { ok: false; error: AppError; record: MergeRecord | null };

interface Found {
  file: string;
  sheet: SheetModel;
  layout: Layout;
  /** The 来源 column of a file that is itself a merge (its settings carry a merge record), if any. */
  sourceColumn: number | null;
}

/** The worksheets of a file that may hold its table: not ours (settings, summary and lists). */
function candidateSheets(source: { sheets: SheetModel[]; settingsJson: string | null }): SheetModel[] {
  const owned = parseSettings(source.settingsJson).owned?.summarySheet;
  return source.sheets.filter(
    (s) =>
      s.name !== SETTINGS_SHEET &&
      s.name !== owned &&
      !OWNED_SHEET_NAMES.some((n) => s.name === n || s.name.startsWith(`${n} (`)),
  );
}

function hasRows(sheet: SheetModel, rubric: Rubric): boolean {
  const layout = detectLayout(sheet, rubric);
  return layout.ok && layout.layout.dataRows.length > 0;
}

/** The scheme most files' tables fit (detected per file as `score` would); ties go to the earlier file. */
function chooseMergeRubric(sources: readonly MergeSource[], candidates: readonly Rubric[]): Rubric | null {
  const votes = new Map<string, { rubric: Rubric; count: number; first: number }>();
  sources.forEach((source, index) => {
    if ("error" in source) return;
    const carried = parseSettings(source.settingsJson).rubric;
    for (const sheet of candidateSheets(source)) {
      const chosen = chooseRubric(sheet, { carried, candidates });
      // A sheet only votes with a table the scheme can read (not a 说明 sheet that names a column).
      if (!chosen.ok || !hasRows(sheet, chosen.rubric)) continue;
      const vote = votes.get(chosen.rubric.id) ?? { rubric: chosen.rubric, count: 0, first: index };
      vote.count++;
      votes.set(chosen.rubric.id, vote);
      return;
    }
  });
  const ranked = [...votes.values()].sort((a, b) => b.count - a.count || a.first - b.first);
  return ranked[0]?.rubric ?? null;
}

/**
 * Every sheet of the file holding the rubric's table with branch rows (a 党委's file may keep one
 * sheet per 支部: taking the first alone lost the others' branches without a word), or the reason
 * none does (a missing column first). Each sheet taken is listed (file / sheet) like a file.
 */
function findTables(
  file: string,
  sheets: SheetModel[],
  rubric: Rubric,
  lang: Lang,
  merged: boolean,
): { ok: true; found: Found[] } | { ok: false; reason: BothTexts } {
  let reason: AppError | null = null;
  const found: Found[] = [];
  for (const sheet of sheets) {
    const layout = detectLayout(sheet, rubric, { lang });
    // A table whose name column is a guess refuses the whole file: its rows cannot be merged, and
    // the file's other sheets alone would be a partial file.
    const unsure = layout.ok ? ambiguousName(layout.layout, rubric) : null;
    if (unsure) return { ok: false, reason: renderBoth(unsure) };
    if (layout.ok) {
      if (layout.layout.dataRows.length > 0) {
        const sourceColumn = merged ? headerColumn(sheet, layout.layout.headerRow, SOURCE_HEADER) : null;
        found.push({ file, sheet, layout: layout.layout, sourceColumn });
      }
      continue;
    }
    if (!reason || (reason.code === "NO_TABLE" && layout.error.code === "MISSING_COLUMN"))
      reason = layout.error;
  }
  if (found.length > 0) return { ok: true, found };
  if (reason) return { ok: false, reason: renderBoth(reason.msg) };
  return {
    ok: false,
    reason: {
      zh: sheets.length === 0 ? "没有可见的工作表" : "表格中没有支部行",
      en: sheets.length === 0 ? "no visible worksheet" : "the table has no branch rows",
    },
  };
}

/**
 * A file whose table is another scheme's (a 星级党支部 考核表 among 五星级服务型 submissions): said as
 * such, not as "missing columns" with advice to map them, which cannot make it this scheme's.
 */
function otherScheme(
  sheets: readonly SheetModel[],
  rubric: Rubric,
  candidates: readonly Rubric[],
): BothTexts | null {
  for (const sheet of sheets) {
    const chosen = chooseRubric(sheet, { candidates });
    if (!chosen.ok || chosen.rubric.id === rubric.id || !hasRows(sheet, chosen.rubric)) continue;
    return renderBoth(
      msg("MERGE_OTHER_SCHEME", {
        scheme: { zh: chosen.rubric.name, en: chosen.rubric.nameEn ?? chosen.rubric.name },
        merged: { zh: rubric.name, en: rubric.nameEn ?? rubric.name },
      }),
    );
  }
  return null;
}

/**
 * Several columns that could be the branch name (单位名称 beside 支部名称): `score` warns and the
 * pane lets the user pick, but a merge cannot ask, and a guess names every row of the file wrongly.
 */
function ambiguousName(layout: Layout, rubric: Rubric): Message | null {
  const name = rubric.fields.find((f) => f.role === "name");
  for (const flag of layout.tableFlags) {
    const text = flag.text;
    if (text.code !== "AMBIGUOUS_COLUMN" || !name || text.params.field.zh !== name.label) continue;
    const columns = text.params.candidates.map((c) => ({
      column: c.column,
      header: c.header.replace(/\s+/g, ""),
    }));
    return msg("MERGE_NAME_AMBIGUOUS", { field: name.label, columns });
  }
  return null;
}

/** The column (1-based) whose header cell reads exactly `header`, if one does. */
function headerColumn(sheet: SheetModel, headerRow: number, header: string): number | null {
  const at = (sheet.values[headerRow - 1] ?? []).findIndex((v) => cellText(v ?? null).trim() === header);
  return at < 0 ? null : at + 1;
}

function toWriteValue(v: RawCell): WriteValue {
  if (v === undefined || v === null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return cellText(v);
}

/** The title the first file's table has above its header (its title row), if any. */
function titleOf(found: Found): string | null {
  for (let r = 1; r < found.layout.headerRow; r++) {
    const line = found.sheet.values[r - 1] ?? [];
    const text = line.map((v) => cellText(v ?? null).trim()).find((t) => t !== "");
    if (text) return text;
  }
  return null;
}

interface MergedRow {
  cells: Record<string, RawCell>;
  name: string;
  /** 所属党委, "" when the file has no such column or the cell is blank. */
  group: string;
  place: MergePlace;
  /** Where a merged file's row came from before (its 来源), so a merge of merges keeps the first file. */
  via: string;
}

function collectRows(found: Found[], rubric: Rubric): { rows: MergedRow[]; fieldIds: string[] } {
  const nameId = rubric.fields.find((f) => f.role === "name")?.id;
  const groupId = rubric.fields.find((f) => f.role === "group")?.id;
  const used = new Set<string>();
  const rows: MergedRow[] = [];
  for (const f of found) {
    const table = toInputTable(f.sheet, f.layout);
    Object.keys(table.fields).forEach((id) => used.add(id));
    for (const row of table.rows) {
      const name = nameId ? cellText(row.cells[nameId] ?? null).trim() : "";
      const group = groupId ? cellText(row.cells[groupId] ?? null).trim() : "";
      const via =
        f.sourceColumn === null
          ? ""
          : cellText(f.sheet.values[row.row - 1]?.[f.sourceColumn - 1] ?? null).trim();
      rows.push({
        cells: row.cells,
        name,
        group,
        place: { file: f.file, sheet: f.sheet.name, row: row.row },
        via,
      });
    }
  }
  // The rubric's order, so that every merge of the same scheme has the same columns.
  const fieldIds = rubric.fields.map((f) => f.id).filter((id) => used.has(id));
  return { rows, fieldIds };
}

function findDuplicates(rows: MergedRow[]): DuplicateName[] {
  const byKey = new Map<string, MergedRow[]>();
  for (const r of rows) {
    const key = branchKey(r.name);
    if (key === "") continue;
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const out: DuplicateName[] = [];
  for (const list of byKey.values()) {
    // Two branches of one name under different 党委 (two 宣传处党支部) are two branches, as 定稿 and
    // --prior take them; a copy without its 党委 may be either, and is listed.
    const clashing = list.filter((r) =>
      list.some((o) => o !== r && !(r.group && o.group && branchKey(r.group) !== branchKey(o.group))),
    );
    if (clashing.length > 1) out.push({ name: clashing[0]!.name, places: clashing.map((r) => r.place) });
  }
  return out;
}

function placeText(p: MergePlace, lang: Lang): string {
  return pick(lang, `${p.file} / ${p.sheet} 第${p.row}行`, `${p.file} / ${p.sheet} row ${p.row}`);
}

/** "与 b.xlsx / 评分表 第3行同名" for one copy of a duplicated name. */
function duplicateNote(dup: DuplicateName, self: MergePlace, lang: Lang): string {
  const others = dup.places.filter((p) => p !== self);
  const shown = others.slice(0, PLACES_SHOWN).map((p) => placeText(p, lang));
  const more = others.length - shown.length;
  return pick(
    lang,
    `重复：与 ${shown.join("、")}${more > 0 ? ` 等另${more}处` : ""} 同名`,
    `Duplicate: same name as ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`,
  );
}

/** "a.xlsx / 评分表", or for a row of a merged file "总支汇总.xlsx / 申报汇总 › 一支部.xlsx / 评分表". */
function sourceText(r: MergedRow): string {
  const here = `${r.place.file} / ${r.place.sheet}`;
  return r.via === "" ? here : `${here} › ${r.via}`;
}

const HEADER_FORMAT: CellFormat = {
  bold: true,
  horizontal: "center",
  vertical: "center",
  wrap: true,
  border: true,
};
const CELL_FORMAT: CellFormat = { border: true };
const WRAPPED_FORMAT: CellFormat = { border: true, wrap: true, vertical: "top" };
/**
 * A fraction in a percent column reads as the user typed it (96%, not 0.96), with the decimals it
 * has (94.9%: "0%" showed 95% beside a flag saying 94.9% is below 95%), up to four.
 */
const PERCENT_FORMATS: CellFormat[] = [0, 1, 2, 3, 4].map((d) => ({
  border: true,
  numFmt: d === 0 ? "0%" : `0.${"0".repeat(d)}%`,
}));

function percentFormat(fraction: number): CellFormat {
  const percent = fraction * 100;
  for (let d = 0; d < PERCENT_FORMATS.length - 1; d++)
    if (Math.abs(Number(percent.toFixed(d)) - percent) < 1e-9) return PERCENT_FORMATS[d]!;
  return PERCENT_FORMATS[PERCENT_FORMATS.length - 1]!;
}
const DUPLICATE_FORMAT: CellFormat = {
  border: true,
  wrap: true,
  vertical: "top",
  fill: "#FFC7CE",
  fontColor: "#9C0006",
};
const TITLE_FORMAT: CellFormat = { bold: true, fontSize: 14, horizontal: "center" };

function sheetOps(
  rubric: Rubric,
  title: string,
  fieldIds: string[],
  rows: MergedRow[],
  duplicates: DuplicateName[],
  lang: Lang,
): PlanOp[] {
  const labels = fieldIds.map((id) => rubric.fields.find((f) => f.id === id)!.label);
  const percent = fieldIds.map((id) => rubric.fields.find((f) => f.id === id)!.role === "percent");
  const header = [...labels, SOURCE_HEADER, CHECK_HEADER];
  const notes = new Map<MergePlace, string>();
  for (const dup of duplicates) for (const p of dup.places) notes.set(p, duplicateNote(dup, p, lang));
  const values: WriteValue[][] = [header];
  const formats: (CellFormat | null)[][] = [header.map(() => HEADER_FORMAT)];
  for (const r of rows) {
    const note = notes.get(r.place) ?? null;
    const cells = fieldIds.map((id) => toWriteValue(r.cells[id] ?? null));
    values.push([...cells, sourceText(r), note]);
    formats.push([
      ...cells.map((v, i) =>
        percent[i] && typeof v === "number" && v <= 1 ? percentFormat(v) : CELL_FORMAT,
      ),
      WRAPPED_FORMAT,
      note ? DUPLICATE_FORMAT : CELL_FORMAT,
    ]);
  }
  const width = header.length;
  const widths = header.map((h, i) =>
    i === width - 1 ? 36 : i === width - 2 ? 28 : Math.max(8, Math.min(24, h.length * 2 + 2)),
  );
  const nameAt = fieldIds.findIndex((id) => rubric.fields.find((f) => f.id === id)?.role === "name");
  if (nameAt >= 0) widths[nameAt] = 20;
  return [
    { kind: "ensureSheet", sheet: MERGED_SHEET, visibility: "visible", clear: true },
    { kind: "values", sheet: MERGED_SHEET, row: 1, col: 1, values: [[title]], formats: [[TITLE_FORMAT]] },
    { kind: "merge", sheet: MERGED_SHEET, rect: { top: 1, left: 1, bottom: 1, right: width } },
    { kind: "values", sheet: MERGED_SHEET, row: 2, col: 1, values, formats },
    { kind: "columnWidths", sheet: MERGED_SHEET, col: 1, widths },
    { kind: "freeze", sheet: MERGED_SHEET, rows: 2, columns: 0 },
    {
      kind: "pageSetup",
      sheet: MERGED_SHEET,
      setup: {
        paper: "A4",
        orientation: "landscape",
        fitToWidth: true,
        titleRows: { first: 1, last: 2 },
        pageNumbers: true,
        ...pageNumbersIn(lang),
      },
    },
  ];
}

function settingsFor(rubric: Rubric, fieldIds: string[], record: MergeRecord, now: Date): CarriedSettings {
  const columns: Record<string, string> = {};
  const headers: Record<string, string> = {};
  fieldIds.forEach((id, i) => {
    columns[id] = columnLetter(i + 1);
    headers[id] = rubric.fields.find((f) => f.id === id)!.label;
  });
  return {
    format: SETTINGS_FORMAT,
    version: SETTINGS_VERSION,
    rubric,
    mapping: { sheet: MERGED_SHEET, headerRow: 2, columns, headers },
    owned: { sheet: MERGED_SHEET, resultColumns: {}, summarySheet: rubric.output.summarySheet },
    updatedAt: now.toISOString(),
    // A merge is always a new file; the command line sets its time to `now` (written-stamp.ts).
    stamped: true,
    merge: record,
  };
}

/** The branch names of tables, as names are matched (branchKey); blank names left out. */
function branchNames(tables: readonly Found[], rubric: Rubric): Set<string> {
  const names = new Set<string>();
  for (const row of collectRows([...tables], rubric).rows) {
    const key = branchKey(row.name);
    if (key !== "") names.add(key);
  }
  return names;
}

/**
 * Why a file is left out when it is an earlier merge of what this merge takes in anyway (a folder's
 * 汇总.xlsx, or its scored copy, left in the folder): every branch of its table is in the files that
 * are not merges themselves, so each of its rows would be merged twice. Judged by the branches, not
 * by the file names its record gives: a submission corrected since under another name (u06(修改).xlsx)
 * still covers its branches, and a 党总支's merge of files of the same names elsewhere does not.
 */
function earlierMergeReason(
  record: MergeRecord,
  tables: readonly Found[],
  covered: ReadonlySet<string>,
  rubric: Rubric,
): BothTexts | null {
  if (tables.length === 0 || record.files.length === 0) return null;
  const names = branchNames(tables, rubric);
  if (names.size === 0 || ![...names].every((n) => covered.has(n))) return null;
  return renderBoth(msg("MERGE_EARLIER", { files: record.files.map((f) => f.file) }));
}

/** Merges the submitted files' tables into one scoring sheet (nothing is read or written here). */
export function mergeSubmissions(sources: readonly MergeSource[], options: MergeOptions): MergeResult {
  const lang = options.lang ?? "zh";
  const candidates = options.candidates ?? presets;
  const skipped: SkippedFile[] = [];
  for (const s of sources) if ("error" in s) skipped.push({ file: s.file, reason: s.error });
  const chosen = options.rubric ?? chooseMergeRubric(sources, candidates);
  if (!chosen) {
    const unrecognised = sources.flatMap((s) => ("error" in s ? [] : [{ file: s.file, reason: NO_SCHEME }]));
    const files = listedSkipped([...skipped, ...unrecognised]);
    return {
      ok: false,
      error: new AppError(msg("MERGE_NOTHING", { files }), { code: "NO_TABLE" }),
      record: null,
    };
  }
  const normalized = parseRubric(chosen);
  const rubric = normalized.ok ? normalized.rubric : chosen;
  const read = readTables(sources, rubric, candidates, lang);
  // The branches of the files that are no merges: an earlier merge they all cover is left out.
  const covered = read.some((t) => t.merge)
    ? branchNames(
        read.flatMap((t) => (t.merge ? [] : foundIn(t.table))),
        rubric,
      )
    : new Set<string>();
  const found: Found[] = [];
  for (const { source, table, merge } of read) {
    const earlier = merge ? earlierMergeReason(merge, foundIn(table), covered, rubric) : null;
    if (earlier) skipped.push({ file: source.file, reason: earlier });
    else if (table.ok) found.push(...table.found);
    else skipped.push({ file: source.file, reason: table.reason });
  }
  const order = new Map(sources.map((s, i) => [s.file, i]));
  skipped.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  const { rows, fieldIds } = collectRows(found, rubric);
  const duplicates = findDuplicates(rows);
  const record: MergeRecord = {
    at: options.now.toISOString(),
    rubric: { id: rubric.id, version: rubric.version },
    files: found.map((f) => ({
      file: f.file,
      sheet: f.sheet.name,
      headerRow: f.layout.headerRow,
      rows: f.layout.dataRows.length,
    })),
    skipped,
    duplicates,
  };
  if (found.length === 0) {
    const error = new AppError(msg("MERGE_NOTHING", { files: listedSkipped(skipped) }), { code: "NO_TABLE" });
    return { ok: false, error, record };
  }
  const title = titleOf(found[0]!) ?? rubric.name;
  const ops = sheetOps(rubric, title, fieldIds, rows, duplicates, lang);
  ops.push(...settingsOps(settingsFor(rubric, fieldIds, record, options.now)));
  return { ok: true, rubric, sheet: MERGED_SHEET, rows: rows.length, plan: { ops }, record };
}

function foundIn(table: ReturnType<typeof findTables>): Found[] {
  return table.ok ? table.found : [];
}

type FileTables = {
  source: MergeSource;
  table: ReturnType<typeof findTables>;
  merge: MergeRecord | undefined;
};

/**
 * Each readable file's tables (or why it has none: another scheme's table is said as such), with
 * the merge record it carries when it is a merge itself; its settings parsed once.
 */
function readTables(
  sources: readonly MergeSource[],
  rubric: Rubric,
  candidates: readonly Rubric[],
  lang: Lang,
): FileTables[] {
  return sources.flatMap((source): FileTables[] => {
    if ("error" in source) return [];
    const merge = parseSettings(source.settingsJson).records.merge;
    const sheets = candidateSheets(source);
    const found = findTables(source.file, sheets, rubric, lang, merge !== undefined);
    const table = found.ok
      ? found
      : { ok: false as const, reason: otherScheme(sheets, rubric, candidates) ?? found.reason };
    return [{ source, table, merge }];
  });
}

/** A readable file in which no scheme's table was found. */
const NO_SCHEME: BothTexts = {
  zh: "没有找到任何评定方案的评分表（表头中没有党支部名称和评分列）",
  en: "no scoring table of any scheme was found (no branch-name and score headers)",
};

function listedSkipped(skipped: readonly SkippedFile[]): { file: string; zh: string; en: string }[] {
  return skipped.map((s) => ({ file: s.file, zh: s.reason.zh, en: s.reason.en }));
}

/** Where the merged rows came from, and the files left out with the reason (评定核查). */
export function mergeSections(record: MergeRecord, lang: Lang): ReviewSection[] {
  const merged = record.files.reduce((n, f) => n + f.rows, 0);
  const sections: ReviewSection[] = [
    {
      title: pick(lang, "申报汇总：来源文件", "Merged submissions: files"),
      note: pick(
        lang,
        `本表由 ${record.files.length} 个文件汇总而成，共 ${merged} 个支部行${record.skipped.length > 0 ? `；${record.skipped.length} 个文件未汇总` : ""}。`,
        `This table merges ${record.files.length} file(s), ${merged} branch rows${record.skipped.length > 0 ? `; ${record.skipped.length} file(s) left out` : ""}.`,
      ),
      header: [
        pick(lang, "文件", "File"),
        pick(lang, "工作表", "Sheet"),
        pick(lang, "支部行数", "Rows"),
        pick(lang, "情况", "Status"),
      ],
      rows: [
        ...record.files.map((f) => [f.file, f.sheet, f.rows, pick(lang, "已汇总", "merged")]),
        ...record.skipped.map((s) => [
          s.file,
          "",
          null,
          pick(lang, `未汇总：${s.reason.zh}`, `left out: ${s.reason.en}`),
        ]),
      ],
    },
  ];
  if (record.duplicates.length > 0) {
    sections.push({
      title: pick(lang, "申报汇总：重复的支部名称", "Merged submissions: duplicate names"),
      note: pick(
        lang,
        "同一支部名称出现在多处，请核实保留哪一份（评定时每一处都会标记）。",
        "The same branch name appears in several places; check which one to keep (each copy is flagged when rated).",
      ),
      header: [pick(lang, "党支部名称", "Branch"), pick(lang, "出现位置", "Where")],
      rows: record.duplicates.map((d) => [
        d.name,
        d.places.map((p) => placeText(p, lang)).join(pick(lang, "；", "; ")),
      ]),
    });
  }
  return sections;
}
