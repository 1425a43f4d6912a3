/**
 * 上年星级 from last year's scored workbook (SPEC §10 "Last year's results", docs/records.md): the
 * results are read where that workbook's settings say they are (else under a 评定星级 header next
 * to a branch-name header), matched to this year's branches by name after the normalisation headers
 * get, and given to the engine as the 上年星级 field, so 动态变化 and the tier-jump check use them.
 * The user's cells are never written; unmatched names are listed in 评定核查.
 */
import { DEFAULT_NOT_RATED_LABEL, isTierLabelOf, normalizeHeader, parseStars, presets } from "../engine";
import type { InputTable, Lang, RawCell, Rubric } from "../engine/types";
import { AppError, msg } from "../messages";
import type { ReviewSection, SheetModel, WorkbookAdapter } from "./model";
import { branchKey } from "./names";
import { SETTINGS_SHEET, parseSettings } from "./settings";
import { HEADER_SEARCH_ROWS } from "./layout";
import { cellAt, cellText, isBlank, lastNonBlankRow, pick, sheetWidth } from "./util";
import { isSummaryRowName } from "../engine";

export const PRIOR_FIELD = "priorStars";

export interface PriorEntry {
  name: string;
  /** 0..5; null when last year's row was not rated. */
  stars: number | null;
  /** The 评定星级 text as it stood. */
  tier: string;
  /** 所属党委, when last year's sheet has the column: tells apart branches of one name. */
  group?: string;
  /**
   * The 星数 cell when it says another number of stars than the 评定星级 text beside it (one of them
   * edited by hand since the run): `stars` is then null and the row is not used, but listed.
   */
  conflictingStars?: number;
  /**
   * The row's scored inputs as last year's settings mapped them (`PriorResults.inputFields`, cell
   * texts joined): only to tell this year's own results chosen by mistake; never carried.
   */
  inputs?: string;
}

/** Last year's results as read from its workbook; carried in the settings so later runs keep them. */
export interface PriorResults {
  /** The file (as the user named it). */
  source: string;
  sheet: string;
  entries: PriorEntry[];
  /** The field ids whose cells `PriorEntry.inputs` holds, when last year's settings mapped them. */
  inputFields?: string[];
}

interface Columns {
  headerRow: number;
  name: number;
  tier: number | null;
  stars: number | null;
  group: number | null;
  lastRow: number;
  /** The scored input fields' columns, as last year's settings mapped them (none without settings). */
  inputs: { id: string; col: number }[];
}

function letterToCol(letter: string | undefined): number | null {
  if (!letter || !/^[A-Z]{1,3}$/.test(letter)) return null;
  let n = 0;
  for (const ch of letter) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const headerKey = (v: unknown): string => normalizeHeader(v).key;

/**
 * Where the settings say the names and results are, if the header cells there still say so: a
 * column inserted or deleted in last year's file since it was scored moves everything, and its
 * letters would then read another column (the headers are searched for instead).
 */
function columnsFromSettings(
  sheet: SheetModel,
  settingsJson: string | null,
  candidates: readonly Rubric[],
): Columns | null {
  const s = parseSettings(settingsJson);
  if (!s.owned || !s.mapping || s.owned.sheet !== sheet.name || s.mapping.sheet !== sheet.name) return null;
  const nameId = s.rubric?.fields.find((f) => f.role === "name")?.id ?? "name";
  const name = letterToCol(s.mapping.columns[nameId]);
  const tier = letterToCol(s.owned.resultColumns.tier);
  const stars = letterToCol(s.owned.resultColumns.stars);
  const groupId = s.rubric?.fields.find((f) => f.role === "group")?.id ?? "group";
  const group = letterToCol(s.mapping.columns[groupId]);
  const groupHeader = s.mapping.headers?.[groupId];
  if (name === null || (tier === null && stars === null)) return null;
  const headerRow = s.mapping.headerRow;
  const says = (col: number | null, labels: readonly string[]) =>
    col === null || labels.map(headerKey).includes(headerKey(cellAt(sheet, headerRow, col)));
  const rubrics = s.rubric ? [s.rubric, ...candidates] : candidates;
  const nameHeader = s.mapping.headers?.[nameId];
  const nameSays = nameHeader === undefined || says(name, [nameHeader]);
  const tierLabels = rubrics.map((r) => r.output.tier);
  const starsLabels = rubrics.map((r) => r.output.stars);
  const tierSays = says(tier, tierLabels);
  const starsSays = says(stars, starsLabels);
  if (!nameSays || !tierSays || !starsSays) return null;
  // Not the run's last row: a branch inserted by hand since would push the last one past it.
  const groupSays = group !== null && (groupHeader === undefined || says(group, [groupHeader]));
  const inputs = inputColumns(s.mapping.columns, [nameId, groupId, PRIOR_FIELD]);
  return {
    headerRow,
    name,
    tier,
    stars,
    group: groupSays ? group : null,
    lastRow: lastNonBlankRow(sheet),
    inputs,
  };
}

/** The mapped columns of every field but the name, the group and 上年星级, by field id. */
function inputColumns(
  columns: Record<string, string>,
  not: readonly string[],
): { id: string; col: number }[] {
  const out: { id: string; col: number }[] = [];
  for (const [id, letter] of Object.entries(columns)) {
    const col = letterToCol(letter);
    if (col !== null && !not.includes(id)) out.push({ id, col });
  }
  return out;
}

/** A row's input cells as one text: the same cells give the same text, whichever year's sheet. */
function inputsText(cells: readonly RawCell[]): string {
  return cells.map((c) => cellText(c ?? null).trim()).join("\u0000");
}

/** The normalised header labels of the fields of `role` in any of the schemes. */
function roleKeys(candidates: readonly Rubric[], role: "name" | "group"): Set<string> {
  const keys = new Set<string>();
  for (const r of candidates)
    for (const f of r.fields)
      if (f.role === role) [f.label, ...f.aliases].forEach((a) => keys.add(headerKey(a)));
  return keys;
}

/** Without settings: a row holding a 评定星级 (or 星数) header and a branch-name header. */
function columnsFromHeaders(sheet: SheetModel, candidates: readonly Rubric[]): Columns | null {
  const key = headerKey;
  const tierKeys = new Set(candidates.map((r) => key(r.output.tier)));
  const starKeys = new Set(candidates.map((r) => key(r.output.stars)));
  const nameKeys = roleKeys(candidates, "name");
  const groupKeys = roleKeys(candidates, "group");
  const width = sheetWidth(sheet);
  for (let row = 1; row <= Math.min(HEADER_SEARCH_ROWS, sheet.values.length); row++) {
    let name: number | null = null;
    let tier: number | null = null;
    let stars: number | null = null;
    let group: number | null = null;
    for (let col = 1; col <= width; col++) {
      const k = key(cellAt(sheet, row, col));
      if (k === "") continue;
      if (name === null && nameKeys.has(k)) name = col;
      if (group === null && groupKeys.has(k)) group = col;
      if (tier === null && tierKeys.has(k)) tier = col;
      if (stars === null && starKeys.has(k)) stars = col;
    }
    if (name !== null && (tier !== null || stars !== null))
      return { headerRow: row, name, tier, stars, group, lastRow: lastNonBlankRow(sheet), inputs: [] };
  }
  return null;
}

/**
 * The stars a 评定星级 text stands for: any scheme's label ("五星级", "未获星", also after "★★★★★ "),
 * else the stars reader on the text as typed ("★★★★", "4星").
 */
function starsOfTier(text: string, candidates: readonly Rubric[]): number | null | undefined {
  const clean = text.replace(/[★☆]/g, "").trim();
  if (clean === DEFAULT_NOT_RATED_LABEL) return null;
  for (const r of candidates) {
    // The not-rated label as a run writes it in either language (its English was not recognised).
    if (isTierLabelOf(r, null, clean)) return null;
    for (let s = 0; s <= 5; s++) if (isTierLabelOf(r, s, clean)) return s;
  }
  const parsed = parseStars(text);
  return parsed.kind === "value" ? parsed.value : undefined;
}

/**
 * A row's stars from its 星数 cell, else its 评定星级 text; when both are there and disagree, neither
 * (which one was edited by hand is unknown): `conflict` is then the 星数.
 */
function starsOfRow(
  starsCell: RawCell,
  tier: string,
  candidates: readonly Rubric[],
): { stars: number | null; conflict: number | null } {
  const fromTier = tier !== "" ? starsOfTier(tier, candidates) : undefined;
  if (typeof starsCell !== "number" || !Number.isInteger(starsCell) || starsCell < 0 || starsCell > 5)
    return { stars: fromTier ?? null, conflict: null };
  if (fromTier !== undefined && fromTier !== starsCell) return { stars: null, conflict: starsCell };
  return { stars: starsCell, conflict: null };
}

/** Last year's results from its scored sheet; an error naming what was looked for when there are none. */
export function priorFromSheet(
  sheet: SheetModel,
  settingsJson: string | null,
  source: string,
  candidates: readonly Rubric[] = presets,
): { ok: true; prior: PriorResults } | { ok: false; error: AppError } {
  const cols = columnsFromSettings(sheet, settingsJson, candidates) ?? columnsFromHeaders(sheet, candidates);
  if (!cols) {
    const error = new AppError(msg("PRIOR_NO_RESULTS", { file: source, sheet: sheet.name }), {
      code: "NO_TABLE",
    });
    return { ok: false, error };
  }
  const entries: PriorEntry[] = [];
  for (let row = cols.headerRow + 1; row <= cols.lastRow; row++) {
    const name = cellText(cellAt(sheet, row, cols.name)).trim();
    if (name === "" || isSummaryRowName(name)) continue;
    const starsCell = cols.stars !== null ? cellAt(sheet, row, cols.stars) : null;
    const tier = cols.tier !== null ? cellText(cellAt(sheet, row, cols.tier)).trim() : "";
    if (isBlank(starsCell) && tier === "") continue;
    const { stars, conflict } = starsOfRow(starsCell, tier, candidates);
    const group = cols.group !== null ? { group: cellText(cellAt(sheet, row, cols.group)).trim() } : {};
    const conflicting = conflict === null ? {} : { conflictingStars: conflict };
    const inputs =
      cols.inputs.length > 0 ? { inputs: inputsText(cols.inputs.map((c) => cellAt(sheet, row, c.col))) } : {};
    entries.push({
      name,
      stars,
      tier: tier !== "" ? tier : String(stars ?? ""),
      ...group,
      ...conflicting,
      ...inputs,
    });
  }
  const inputFields = cols.inputs.length > 0 ? { inputFields: cols.inputs.map((c) => c.id) } : {};
  return { ok: true, prior: { source, sheet: sheet.name, entries, ...inputFields } };
}

/** Reads last year's workbook through an adapter: its settings' sheet, else its first sheet with results. */
export async function readPrior(
  adapter: WorkbookAdapter,
  source: string,
  candidates: readonly Rubric[] = presets,
): Promise<{ ok: true; prior: PriorResults } | { ok: false; error: AppError }> {
  const first = await adapter.read({ settingsSheet: SETTINGS_SHEET });
  const owned = parseSettings(first.settingsJson).owned;
  if (owned && owned.sheet !== first.sheet.name && first.sheets.some((s) => s.name === owned.sheet)) {
    const again = await adapter.read({ sheet: owned.sheet, settingsSheet: SETTINGS_SHEET });
    return priorFromSheet(again.sheet, first.settingsJson, source, candidates);
  }
  const direct = priorFromSheet(first.sheet, first.settingsJson, source, candidates);
  if (direct.ok) return direct;
  for (const info of first.sheets) {
    if (info.visibility !== "visible" || info.name === first.sheet.name || info.name === SETTINGS_SHEET)
      continue;
    const other = await adapter.read({ sheet: info.name, settingsSheet: SETTINGS_SHEET });
    const found = priorFromSheet(other.sheet, null, source, candidates);
    if (found.ok) return found;
  }
  return direct;
}

export interface PriorMatch {
  /** The table with the 上年星级 field filled from last year's results (matched rows; null elsewhere). */
  table: InputTable;
  matched: number;
  /** This year's names with no result last year. */
  unmatchedHere: string[];
  /** Last year's names not in this year's table. */
  unmatchedThere: string[];
  /** Names last year's results hold more than once (not used: which one is meant is unclear). */
  ambiguous: string[];
  /**
   * Names several of this year's rows share that last year's results cannot tell apart (no 所属党委
   * on one side): not used, since one result given to each would be a guess for all but one.
   */
  sharedHere: string[];
  /** Matched names whose row was not rated last year. */
  notRatedThere: string[];
  /** Matched names whose row's 星数 and 评定星级 disagree last year (not used). */
  conflicting: { name: string; stars: number; tier: string }[];
  /**
   * Every matched branch's inputs equal last year's, cell for cell (compared when last year's
   * settings said where its inputs were and this table has them all): this year's own results
   * chosen by mistake, most likely.
   */
  sameInputs: boolean;
}

/** "宣传处党支部（直属党委）": a name several branches share, told apart by its 党委. */
function withGroup(name: string, group: string | undefined): string {
  return group ? `${name}（${group}）` : name;
}

/**
 * Last year's entries for one of today's rows: by name; when the name is shared (by more than one
 * branch this year or last) and both years say 所属党委, by name and 党委, so a new 宣传处党支部
 * under another 党委 does not take the other's stars. A name not shared matches by name alone: a
 * branch moved to another 党委 keeps its stars.
 */
function entriesFor(
  list: PriorEntry[] | undefined,
  sharedHere: boolean,
  group: string,
): { found: PriorEntry[] | undefined; byGroup: boolean } {
  if (!list) return { found: undefined, byGroup: false };
  const byGroup = group !== "" && (sharedHere || list.length > 1) && list.some((e) => e.group);
  if (!byGroup) return { found: list, byGroup };
  const found = list.filter((e) => branchKey(e.group ?? "") === branchKey(group));
  return { found: found.length > 0 ? found : undefined, byGroup };
}

/** Last year's names no row of this table took (with the 党委 when the name is shared), each once. */
function leftOver(
  entries: readonly PriorEntry[],
  used: ReadonlySet<PriorEntry>,
  byKey: ReadonlyMap<string, PriorEntry[]>,
  hereCount: ReadonlyMap<string, number>,
): string[] {
  const listed = new Set<string>();
  const out: string[] = [];
  for (const e of entries) {
    const key = branchKey(e.name);
    if (key === "" || used.has(e)) continue;
    const once = `${key}\u0000${branchKey(e.group ?? "")}`;
    if (listed.has(once)) continue;
    listed.add(once);
    const shared = hereCount.has(key) || (byKey.get(key)?.length ?? 0) > 1;
    out.push(shared ? withGroup(e.name, e.group) : e.name);
  }
  return out;
}

/**
 * Whether a row's inputs are last year's entry's, cell for cell; null when they cannot be compared
 * (last year's inputs unknown, or a field of them not in this table).
 */
function inputsComparer(
  table: InputTable,
  prior: PriorResults,
): ((cells: Record<string, RawCell>, entry: PriorEntry) => boolean | undefined) | null {
  const ids = prior.inputFields;
  if (!ids || ids.length === 0 || !ids.every((id) => table.fields[id] !== undefined)) return null;
  return (cells, entry) =>
    entry.inputs === undefined ? undefined : inputsText(ids.map((id) => cells[id])) === entry.inputs;
}

/** Fills the 上年星级 field of every row from last year's results, by normalised name (and 党委). */
export function applyPrior(table: InputTable, rubric: Rubric, prior: PriorResults): PriorMatch {
  const textOf = (cells: Record<string, RawCell>, role: "name" | "group"): string => {
    const id = rubric.fields.find((f) => f.role === role)?.id;
    return id ? cellText(cells[id] ?? null).trim() : "";
  };
  const byKey = new Map<string, PriorEntry[]>();
  for (const e of prior.entries) {
    const k = branchKey(e.name);
    if (k !== "") byKey.set(k, [...(byKey.get(k) ?? []), e]);
  }
  const hereCount = new Map<string, number>();
  for (const row of table.rows) {
    const k = branchKey(textOf(row.cells, "name"));
    if (k !== "") hereCount.set(k, (hereCount.get(k) ?? 0) + 1);
  }
  const used = new Set<PriorEntry>();
  const out: PriorMatch = {
    table,
    matched: 0,
    unmatchedHere: [],
    unmatchedThere: [],
    ambiguous: [],
    sharedHere: [],
    notRatedThere: [],
    conflicting: [],
    sameInputs: false,
  };
  const sameAsLastYear = inputsComparer(table, prior);
  let compared = 0;
  let differing = 0;
  // Each name listed once, however many of this year's rows it has.
  const listedAmbiguous = new Set<string>();
  const listedShared = new Set<string>();
  const listedConflicting = new Set<string>();
  const rows = table.rows.map((row) => {
    const name = textOf(row.cells, "name");
    const key = branchKey(name);
    const group = textOf(row.cells, "group");
    const list = key === "" ? undefined : byKey.get(key);
    const { found, byGroup } = entriesFor(list, (hereCount.get(key) ?? 0) > 1, group);
    let stars: number | null = null;
    found?.forEach((e) => used.add(e));
    if (!found) {
      if (name !== "") out.unmatchedHere.push(byGroup ? withGroup(name, group) : name);
    } else if (found.length > 1 && new Set(found.map((e) => e.stars)).size > 1) {
      const shown = byGroup ? withGroup(found[0]!.name, found[0]!.group) : found[0]!.name;
      if (!listedAmbiguous.has(shown)) out.ambiguous.push(shown);
      listedAmbiguous.add(shown);
    } else if (found[0]!.conflictingStars !== undefined) {
      if (!listedConflicting.has(name))
        out.conflicting.push({ name, stars: found[0]!.conflictingStars, tier: found[0]!.tier });
      listedConflicting.add(name);
    } else if (!byGroup && (hereCount.get(key) ?? 0) > 1) {
      if (!listedShared.has(key)) out.sharedHere.push(name);
      listedShared.add(key);
    } else {
      out.matched++;
      stars = found[0]!.stars;
      if (stars === null) out.notRatedThere.push(name);
      const same = sameAsLastYear?.(row.cells, found[0]!);
      if (same !== undefined) {
        compared++;
        if (!same) differing++;
      }
    }
    return { row: row.row, cells: { ...row.cells, [PRIOR_FIELD]: stars } };
  });
  out.unmatchedThere = leftOver(prior.entries, used, byKey, hereCount);
  out.sameInputs = compared > 0 && differing === 0;
  const header = `上年星级（${prior.source}）`;
  out.table = { fields: { ...table.fields, [PRIOR_FIELD]: { column: "", header } }, rows };
  return out;
}

/** The 评定核查 section: what was matched, and every name that was not. */
export function priorSection(prior: PriorResults, match: PriorMatch, lang: Lang): ReviewSection {
  const rows: (string | null)[][] = [
    ...match.unmatchedHere.map((n) => [
      n,
      pick(
        lang,
        "本表有，上年结果中没有此名称（新设或改名？）",
        "In this table, not in last year's results (new or renamed?)",
      ),
    ]),
    ...match.unmatchedThere.map((n) => [
      n,
      pick(lang, "上年结果中有，本表没有此名称", "In last year's results, not in this table"),
    ]),
    ...match.ambiguous.map((n) => [
      n,
      pick(
        lang,
        "上年结果中有多个同名支部且星级不同，未取用",
        "Several rows of this name last year with different results: not used",
      ),
    ]),
    ...match.sharedHere.map((n) => [
      n,
      pick(
        lang,
        "本表有多个同名支部，上年结果无法按所属党委区分它们，未取用",
        "Several branches of this name here, which last year's results cannot tell apart by 所属党委: not used",
      ),
    ]),
    ...match.notRatedThere.map((n) => [n, pick(lang, "上年未评定", "Not rated last year")]),
    ...match.conflicting.map((c) => [
      c.name,
      pick(
        lang,
        `上年结果中星数（${c.stars}）与评定星级（${c.tier}）不一致，未取用：请核对上年文件`,
        `Last year's 星数 (${c.stars}) and 评定星级 (${c.tier}) disagree: not used; check last year's file`,
      ),
    ]),
  ];
  // This year's own results chosen by mistake (PRIOR_SAME_INPUTS) are said on the printed list too.
  const same = match.sameInputs
    ? pick(
        lang,
        "注意：这些支部的各项得分与本表逐格相同，所选文件像是本年度的评定结果，请核对。",
        "Note: these branches have exactly this table's scores; the file chosen looks like this year's results: check it.",
      )
    : "";
  return {
    title: pick(lang, "上年星级对照", "Last year's results"),
    note:
      pick(
        lang,
        `上年星级取自「${prior.source}」（工作表「${prior.sheet}」），按支部名称匹配 ${match.matched} 个${rows.length > 0 ? "；以下名称未能对应" : "，全部对应"}。`,
        `Last year's stars from "${prior.source}" (sheet "${prior.sheet}"), ${match.matched} branches matched by name${rows.length > 0 ? "; the names below were not" : "; all matched"}.`,
      ) + (same ? (lang === "en" ? " " : "") + same : ""),
    header: [pick(lang, "党支部名称", "Branch"), pick(lang, "情况", "Status")],
    rows,
  };
}
