/**
 * 定稿 (SPEC §10, docs/records.md): after 公示 the results are frozen in the workbook's settings.
 * A later recompute writes the frozen results unchanged and lists every branch whose result would
 * now differ, and why (the inputs that changed, or the scheme); 解除定稿 is an explicit action.
 * Branches are matched by normalised name (rows may have been sorted or inserted since), copies of a
 * name by their group and values.
 */
import { LANGS, eligibilityNames, isTierLabelOf } from "../engine";
import type { Evaluation, Flag, Lang, ParsedValue, RowResult, Rubric } from "../engine/types";
import { msg } from "../messages";
import type { ReviewSection, WriteValue } from "./model";
import { branchKey } from "./names";
import { formatLocalTime, pick } from "./util";

/**
 * A flag as frozen: the words shown, without the catalogue parameters (a 定稿 is a document; read
 * back, those words are its text in either language).
 */
export type FrozenFlag = Omit<Flag, "text">;

/** A row's result as frozen: everything written for it, and the values it was rated on. */
export interface FrozenRow {
  name: string;
  group: string | null;
  rated: boolean;
  total: number | null;
  stars: number | null;
  tier: string;
  eligibility: string;
  flags: FrozenFlag[];
  explanation: string;
  values: Record<string, ParsedValue>;
}

export interface FrozenResults {
  /** ISO time of the 定稿. */
  at: string;
  /** Who, when the host says. */
  by?: string;
  rubric: { id: string; name: string; version: string };
  rows: FrozenRow[];
}

export interface FrozenDifference {
  name: string;
  row: number | null;
  frozenTier: string | null;
  nowTier: string | null;
  why: string;
}

export function freezeResults(evaluation: Evaluation, rubric: Rubric, now: Date, by?: string): FrozenResults {
  return {
    at: now.toISOString(),
    ...(by ? { by } : {}),
    rubric: { id: rubric.id, name: rubric.name, version: rubric.version },
    rows: evaluation.rows.map((r) => ({
      name: r.name,
      group: r.group,
      rated: r.rated,
      total: r.total,
      stars: r.stars,
      tier: r.tier,
      eligibility: r.eligibility,
      flags: r.flags.map(({ code, severity, message, cell }) => ({
        code,
        severity,
        message,
        ...(cell !== undefined ? { cell } : {}),
      })),
      explanation: r.explanation,
      values: r.values,
    })),
  };
}

/**
 * Whether a frozen row is today's result. Its 评定星级 and 评先资格 are words of the language the
 * 定稿 was made in: a run in the other language finds today's in either ("5 stars" is 五星级), or it
 * would list every branch as changed by the language alone.
 */
function sameResult(a: FrozenRow, b: RowResult, rubric: Rubric): boolean {
  const stars = b.rated ? b.stars : null;
  const eligibility = stars === null ? null : eligibilityNames(rubric, stars);
  return (
    a.rated === b.rated &&
    a.total === b.total &&
    a.stars === b.stars &&
    (a.tier === b.tier || isTierLabelOf(rubric, stars, a.tier)) &&
    (a.eligibility === b.eligibility || LANGS.some((lang) => eligibility?.[lang] === a.eligibility))
  );
}

function shown(v: ParsedValue | undefined, lang: Lang): string {
  if (v === undefined) return pick(lang, "空", "blank");
  if (typeof v === "boolean") return v ? pick(lang, "是", "yes") : pick(lang, "否", "no");
  return String(v);
}

/** Why a branch's result moved: the inputs that changed, the scheme, or else the rules. */
function whyDifferent(
  frozen: FrozenResults,
  row: FrozenRow,
  now: RowResult,
  rubric: Rubric,
  lang: Lang,
): string {
  const parts: string[] = [];
  if (frozen.rubric.id !== rubric.id || frozen.rubric.version !== rubric.version)
    parts.push(
      pick(
        lang,
        `评定方案由「${frozen.rubric.name} ${frozen.rubric.version}」改为「${rubric.name} ${rubric.version}」`,
        `scheme changed from ${frozen.rubric.name} ${frozen.rubric.version} to ${rubric.name} ${rubric.version}`,
      ),
    );
  for (const f of rubric.fields) {
    if (f.role === "name") continue;
    const before = row.values[f.id];
    const after = now.values[f.id];
    if (before === after) continue;
    const label = lang === "en" ? (f.labelEn ?? f.label) : f.label;
    parts.push(
      pick(
        lang,
        `${label}：定稿时${shown(before, lang)}，现为${shown(after, lang)}`,
        `${label}: ${shown(before, lang)} when finalised, now ${shown(after, lang)}`,
      ),
    );
  }
  if (parts.length === 0)
    parts.push(
      pick(lang, "数据未变，评定规则或读表方式有变化", "same data; the rules or the column mapping changed"),
    );
  const total = now.rated && now.total !== null ? pick(lang, `（${now.total}）`, ` (${now.total})`) : "";
  const result = `${now.tier}${total}`;
  return `${parts.join(pick(lang, "；", "; "))}${pick(lang, `；现在的结果：${result}`, `; result now: ${result}`)}`;
}

function sameValues(a: Record<string, ParsedValue>, b: Record<string, ParsedValue>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** The same values but the 所属党委 (renamed since): the field holding each row's group is left out. */
function sameValuesButGroup(f: FrozenRow, n: RowResult): boolean {
  const isGroup = (k: string) => f.values[k] === f.group && n.values[k] === n.group;
  const keys = Object.keys(f.values).filter((k) => !isGroup(k));
  const others = Object.keys(n.values).filter((k) => !isGroup(k));
  return keys.length === others.length && keys.every((k) => f.values[k] === n.values[k]);
}

/**
 * From the closest likeness down: same group and values; same values (the 党委 renamed since: with
 * the group tried first, two 宣传处党支部 under renamed 党委 fell through to row order and, sorted
 * since, swapped their frozen results); same group; the name alone.
 */
const LIKENESS: ((frozen: FrozenRow, now: RowResult) => boolean)[] = [
  (f, n) => f.group === n.group && sameValues(f.values, n.values),
  sameValuesButGroup,
  (f, n) => f.group === n.group,
  () => true,
];

/**
 * For each of today's rows, the index of its frozen row, or null: by normalised name, and when a
 * name occurs more than once (two 宣传处党支部 under different 党委), each copy takes the frozen row
 * most like it, so a table sorted since 定稿 does not hand one branch the other's result. Copies
 * alike in every way pair in order.
 */
function pairFrozen(now: readonly RowResult[], frozen: readonly FrozenRow[]): (number | null)[] {
  const byKey = new Map<string, number[]>();
  frozen.forEach((row, i) => {
    const key = branchKey(row.name);
    if (key === "") return;
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  });
  const pairs: (number | null)[] = now.map(() => null);
  for (const alike of LIKENESS)
    now.forEach((row, i) => {
      const queue = pairs[i] === null ? byKey.get(branchKey(row.name)) : undefined;
      const at = queue ? queue.findIndex((j) => alike(frozen[j]!, row)) : -1;
      if (at >= 0) pairs[i] = queue!.splice(at, 1)[0]!;
    });
  return pairs;
}

/**
 * A frozen flag's cell in the row its branch stands in today: a row's flags name cells of that row,
 * and a sort or an inserted row since the 定稿 moved the branch (the flag said "H30" of row 7).
 */
function inRow(cell: string, row: number): string {
  const column = /^[A-Z]+(?=\d+$)/.exec(cell);
  return column ? `${column[0]}${row}` : cell;
}

/**
 * The evaluation to write under 定稿: each branch found in the frozen results gets its frozen result
 * (its row number is today's); a branch added since keeps its new result and is listed, as is one
 * that was frozen and is no longer in the table.
 */
export function applyFrozen(
  evaluation: Evaluation,
  frozen: FrozenResults,
  rubric: Rubric,
  lang: Lang,
): { evaluation: Evaluation; differences: FrozenDifference[] } {
  const pairs = pairFrozen(evaluation.rows, frozen.rows);
  const used = new Set<number>();
  const differences: FrozenDifference[] = [];
  const rows = evaluation.rows.map((now, i) => {
    const at = pairs[i];
    if (at === null || at === undefined) {
      differences.push({
        name: now.name,
        row: now.row,
        frozenTier: null,
        nowTier: now.tier,
        why: pick(
          lang,
          "定稿后新增的支部：结果按现在的数据评定，未定稿",
          "added after 定稿: rated on today's data, not frozen",
        ),
      });
      return now;
    }
    used.add(at);
    const row = frozen.rows[at]!;
    if (!sameResult(row, now, rubric))
      differences.push({
        name: now.name,
        row: now.row,
        frozenTier: row.tier,
        nowTier: now.tier,
        why: whyDifferent(frozen, row, now, rubric, lang),
      });
    const flags: Flag[] = row.flags.map((f) => ({
      ...f,
      ...(f.cell !== undefined ? { cell: inRow(f.cell, now.row) } : {}),
      text: msg("TEXT", { zh: f.message }),
    }));
    // The branch as it stands today (row, name, 所属党委: a 党委 renamed since is shown renamed), with
    // the result frozen.
    return { ...row, flags, row: now.row, name: now.name, group: now.group };
  });
  frozen.rows.forEach((row, i) => {
    if (used.has(i)) return;
    differences.push({
      name: row.name,
      row: null,
      frozenTier: row.tier,
      nowTier: null,
      why: pick(lang, "定稿时有此支部，本表已没有", "finalised, but no longer in the table"),
    });
  });
  return { evaluation: { ...evaluation, rows }, differences };
}

/** 评定核查's 定稿 section: when and by what scheme, and every difference. */
export function finalSection(
  frozen: FrozenResults,
  differences: FrozenDifference[],
  lang: Lang,
): ReviewSection {
  const when = formatLocalTime(new Date(frozen.at));
  const who = frozen.by ? pick(lang, `（${frozen.by}）`, ` (${frozen.by})`) : "";
  const rows: WriteValue[][] = differences.map((d) => [
    d.name,
    d.row,
    d.frozenTier ?? "",
    d.nowTier ?? "",
    d.why,
  ]);
  return {
    title: pick(lang, "定稿", "Finalised results"),
    note: pick(
      lang,
      `已于 ${when}${who} 定稿（${frozen.rubric.name} ${frozen.rubric.version}），本次写出的是定稿结果。${differences.length > 0 ? `以下 ${differences.length} 个支部按现在的数据结果会不同：` : "按现在的数据，结果与定稿一致。"}如需改动，请先解除定稿。`,
      `Finalised on ${when}${who} (${frozen.rubric.name} ${frozen.rubric.version}); the frozen results were written. ${differences.length > 0 ? `${differences.length} branch(es) below would now differ:` : "Today's data gives the same results."} Unfinalise first to change them.`,
    ),
    header: [
      pick(lang, "党支部", "Branch"),
      pick(lang, "行", "Row"),
      pick(lang, "定稿结果", "Finalised"),
      pick(lang, "按现在数据", "Now"),
      pick(lang, "原因", "Why"),
    ],
    rows,
  };
}
