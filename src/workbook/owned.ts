/**
 * What the three owned sheets (评定汇总, 评定核查, 公示名单; SPEC §6, docs/owned-sheets.md) share:
 * their names and how each is recognised as ours, the workbook's own title, and the run's facts.
 */
import type { Evaluation, Lang, RowResult, Rubric } from "../engine/types";
import { EDITED_NOTE } from "./edited-note";
import { msg, render, type SheetWord } from "../messages";
import type { Layout } from "./layout";
import type { SheetInfo, SheetModel } from "./model";
import { headerTopRow } from "./page";
import type { RankedRow } from "./summary";
import { SETTINGS_SHEET, type OwnedSheetKind } from "./settings";
import { cellAt, cellText, formatLocalTime, isBlank } from "./util";
import { ratedCount } from "./tiers";

export type OwnedKind = OwnedSheetKind;
export const OWNED_KINDS: readonly OwnedKind[] = ["summary", "review", "notice"];

/** The default names of the review and notice sheets (the summary's is the rubric's output.summarySheet). */
export const REVIEW_SHEET = "评定核查";
export const NOTICE_SHEET = "公示名单";

export type OwnedNames = Record<OwnedKind, string>;

/** Everything a sheet builder reads. */
export interface OwnedInput {
  rubric: Rubric;
  layout: Layout;
  evaluation: Evaluation;
  /** The scored sheet (its title rows give the documents their title). */
  sheet: SheetModel;
  lang: Lang;
  now: Date;
  names: OwnedNames;
  /**
   * The rated rows in rank order (summary.ts rankRows), when the caller has them: sorted once per
   * run for the summary's lists and the notice's, not once for each.
   */
  ranked?: readonly RankedRow[];
}

export function word(lang: Lang, w: SheetWord): string {
  return render(msg("SHEET_WORD", { word: w }), lang);
}

export function branchName(r: RowResult, lang: Lang): string {
  return r.name !== "" ? r.name : render(msg("SHEET_NO_NAME", { row: r.row }), lang);
}

export function schemeName(rubric: Rubric, lang: Lang): string {
  return lang === "en" ? (rubric.nameEn ?? rubric.name) : rubric.name;
}

/** The line under a document's title: the scheme, the run's time, how many branches were rated. */
export function schemeLine(input: Pick<OwnedInput, "rubric" | "evaluation" | "now" | "lang">): string {
  const rows = input.evaluation.rows;
  const rated = ratedCount(rows);
  const facts = {
    scheme: schemeName(input.rubric, input.lang),
    time: formatLocalTime(input.now),
    total: rows.length,
    rated,
    notRated: rows.length - rated,
  };
  return render(msg("SHEET_SCHEME_LINE", facts), input.lang);
}

/**
 * The thresholds changed from the built-in scheme, as the rubric's notes record them, in a line for
 * the sheets handed upward (a committee reading 评定汇总 should not take 96 for the scheme's 95); null
 * for a rubric as shipped.
 */
export function editedLine(input: Pick<OwnedInput, "rubric" | "lang">): string | null {
  const edits = input.rubric.notes
    .filter((n) => n.startsWith(EDITED_NOTE))
    .map((n) => n.slice(EDITED_NOTE.length));
  return edits.length > 0 ? render(msg("SHEET_RUBRIC_EDITED", { edits }), input.lang) : null;
}

/**
 * The workbook's own title: the first text above the header rows that is not a "label：value" line
 * (填报单位：…), e.g. "XX机关党委2026年度党支部星级评定表"; "" when there is none.
 */
export function workbookTitle(sheet: SheetModel, layout: Layout): string {
  const top = headerTopRow(sheet, layout);
  for (let r = 1; r < top; r++) {
    for (let c = 1; c <= Math.max(layout.rightEdge, 1); c++) {
      const v = cellAt(sheet, r, c);
      if (isBlank(v) || typeof v !== "string") continue;
      const text = cellText(v).replace(/\s+/g, "");
      if (/[:：]/.test(text) || text.length < 4) continue;
      return text;
    }
  }
  return "";
}

/**
 * The stem both documents are titled from: the workbook's title without its "表" ending
 * ("…星级评定表" → "…星级评定"), else the scheme's name without its note in brackets.
 */
export function documentStem(input: Pick<OwnedInput, "sheet" | "layout" | "rubric" | "lang">): string {
  const title = workbookTitle(input.sheet, input.layout);
  if (title !== "")
    return title.replace(/(评分|考核|统计|汇总|登记|一览|评定)?表$/, (_m, g: string | undefined) =>
      g === "评定" ? "评定" : "",
    );
  return schemeName(input.rubric, input.lang).replace(/[（(][^）)]*[）)]$/, "");
}

/** The year a run is for: "2026" from the workbook's title ("2026年度"), else the run's own year. */
export function ratingYear(input: Pick<OwnedInput, "sheet" | "layout" | "now">): string {
  const m = /(\d{4})\s*年/.exec(workbookTitle(input.sheet, input.layout));
  return m ? m[1]! : String(input.now.getFullYear());
}

const MAX_SHEET_NAME = 31;

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function variant(base: string, n: number): string {
  const suffix = ` (${n})`;
  return base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
}

/** "评定汇总" or "评定汇总 (n)". */
export function isBaseOrVariant(base: string, name: string): boolean {
  if (sameName(name, base)) return true;
  for (let k = 2; k < 100; k++) if (sameName(name, variant(base, k))) return true;
  return false;
}

/**
 * An owned sheet's name: the one the workbook says is ours (settings, or recognised by content)
 * when it still exists; else `base`, unless a sheet of the user's (or another owned sheet of this
 * run, in `taken`) has it: then "base (2)", "base (3)", ….
 */
export function chooseOwnedSheet(
  base: string,
  sheets: SheetInfo[],
  scoredSheet: string,
  owned: string | null,
  taken: readonly string[] = [],
): { name: string; renamed: boolean } {
  const exists = (n: string): boolean => sheets.some((s) => sameName(s.name, n));
  const clash = (n: string): boolean =>
    sameName(n, scoredSheet) || sameName(n, SETTINGS_SHEET) || taken.some((t) => sameName(t, n));
  if (owned !== null && exists(owned) && !clash(owned) && isBaseOrVariant(base, owned)) {
    return { name: owned, renamed: !sameName(owned, base) };
  }
  const ours = (n: string): boolean => owned !== null && sameName(n, owned);
  let name = base.slice(0, MAX_SHEET_NAME);
  let n = 2;
  while ((exists(name) && !ours(name)) || clash(name)) name = variant(base, n++);
  return { name, renamed: name !== base };
}
