/**
 * 公示名单 (SPEC §6; docs/owned-sheets.md), ready to post: a title ("关于2026年度…评定结果的公示"),
 * the body (lead paragraph, 公示期, 监督电话 and 联系人), the branches that received a star by tier
 * (五星级 first; a tier nobody reached says 无), and the 落款 (issuer, date). Texts come from
 * NoticeTexts (the run's, else the workbook's); what is not set is a blank line to fill in by hand,
 * except the 公示期 (5 working days from the run's date) and the date (the run's).
 */
import type { Lang, RawCell } from "../engine/types";
import { AppError, msg, render } from "../messages";
import type { PlanOp } from "./model";
import { branchName, ratingYear, schemeName, word, type OwnedInput } from "./owned";
import type { NoticeTexts } from "./settings";
import { SheetDoc } from "./sheetdoc";
import { rankRows, type RankedRow } from "./summary";
import { HOLE, HOLE2, LANGS, around, aroundTwo, literal } from "./read-back";
import { ratedCount, tierList } from "./tiers";

/** Working days the 公示期 lasts when the texts set none (the usual 5). */
export const NOTICE_WORKING_DAYS = 5;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day, free of time zones: what a 公示期 is made of. */
export interface Day {
  y: number;
  m: number;
  d: number;
}

export function dayOf(date: Date): Day {
  return { y: date.getFullYear(), m: date.getMonth() + 1, d: date.getDate() };
}

export function parseDay(iso: string | undefined): Day | null {
  const m = iso ? ISO_DATE.exec(iso.trim()) : null;
  if (!m) return null;
  const day = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const check = new Date(Date.UTC(day.y, day.m - 1, day.d));
  return check.getUTCMonth() === day.m - 1 && check.getUTCDate() === day.d ? day : null;
}

export function isoDay(day: Day): string {
  return `${day.y}-${String(day.m).padStart(2, "0")}-${String(day.d).padStart(2, "0")}`;
}

function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function isWeekend(day: Day): boolean {
  const wd = new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
  return wd === 0 || wd === 6;
}

/**
 * The default 公示期: `days` working days (Monday to Friday) starting on `from`, or on the next
 * working day when `from` is a weekend. Public holidays are not known here: an office that posts
 * across one sets the dates (NoticeTexts.periodStart / periodEnd).
 */
export function workingDayPeriod(from: Day, days: number = NOTICE_WORKING_DAYS): { start: Day; end: Day } {
  let start = from;
  while (isWeekend(start)) start = addDays(start, 1);
  let end = start;
  let counted = 1;
  while (counted < days) {
    end = addDays(end, 1);
    if (!isWeekend(end)) counted++;
  }
  return { start, end };
}

function dateText(day: Day, lang: Lang): string {
  return render(msg("SHEET_DATE", day), lang);
}

/**
 * Stops the run (AppError NOTICE_PERIOD, nothing written) when the 公示期 in force ends before it
 * starts: one end given this run, the other carried from an earlier one (the CLI checks two given
 * together itself), would print "2026年12月10日至2026年12月3日".
 */
export function refuseReversedPeriod(texts: NoticeTexts): void {
  const start = parseDay(texts.periodStart);
  const end = parseDay(texts.periodEnd);
  if (!start || !end) return;
  const key = (d: Day) => d.y * 10000 + d.m * 100 + d.d;
  if (key(end) >= key(start)) return;
  const text = msg("NOTICE_PERIOD_REVERSED", { from: texts.periodStart!, to: texts.periodEnd! });
  throw new AppError(text, { code: "NOTICE_PERIOD" });
}

/** The texts in force: the run's over the workbook's, field by field. */
export function noticeTexts(carried: NoticeTexts | undefined, run: NoticeTexts | undefined): NoticeTexts {
  const out: NoticeTexts = { ...carried };
  for (const [k, v] of Object.entries(run ?? {}) as [keyof NoticeTexts, string | undefined][]) {
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * The 监督电话/联系人 line as the notice writes it (SHEET_NOTICE_CONTACT), in either language, its
 * words rendered from the message (read-back.ts); a colon retyped half- or full-width still reads.
 */
function contactLines(): RegExp[] {
  const colons = (text: string) => literal(text.trim()).replace(/[：:]/g, "[：:]");
  return LANGS.map((lang) => {
    const line = aroundTwo(msg("SHEET_NOTICE_CONTACT", { phone: HOLE, contact: HOLE2 }), lang);
    return new RegExp(
      `^${colons(line.before)}\\s*(.*?)\\s*${colons(line.between)}\\s*(.*?)\\s*${colons(line.after)}$`,
    );
  });
}
let contactLinesMade: RegExp[] | undefined;

/**
 * 监督电话 and 联系人 typed into the tool's 公示名单 since it was written (it prints blank lines to
 * fill in): each value on its line that is neither blank, nor the blank line, nor what the settings
 * hold, so a re-run keeps what the user typed. A value given for this run (pane, CLI) wins.
 */
export function typedNoticeContact(
  top: readonly (readonly RawCell[])[],
  carried: NoticeTexts | undefined,
  run: NoticeTexts | undefined,
): NoticeTexts {
  for (const line of top) {
    const text = line[0];
    contactLinesMade ??= contactLines();
    const m = typeof text === "string" ? firstMatch(contactLinesMade, text) : null;
    if (!m) continue;
    const typed = (value: string, held: string | undefined, given: string | undefined) =>
      given === undefined && value !== "" && !/^_+$/.test(value) && value !== held ? value : undefined;
    const phone = typed(m[1]!, carried?.phone, run?.phone);
    const contact = typed(m[2]!, carried?.contact, run?.contact);
    return { ...(phone !== undefined ? { phone } : {}), ...(contact !== undefined ? { contact } : {}) };
  }
  return {};
}

function firstMatch(patterns: readonly RegExp[], text: string): RegExpExecArray | null {
  for (const p of patterns) {
    const m = p.exec(text);
    if (m) return m;
  }
  return null;
}

export interface NoticeInput extends OwnedInput {
  texts: NoticeTexts;
}

function period(input: NoticeInput): { start: string; end: string; days: number | null } {
  const { texts, lang } = input;
  const givenStart = parseDay(texts.periodStart);
  const givenEnd = parseDay(texts.periodEnd);
  if (givenStart && givenEnd)
    return { start: dateText(givenStart, lang), end: dateText(givenEnd, lang), days: null };
  const p = workingDayPeriod(givenStart ?? dayOf(input.now));
  return { start: dateText(p.start, lang), end: dateText(p.end, lang), days: NOTICE_WORKING_DAYS };
}

/** The branches that received a star, by tier, highest first, in rank order within a tier. */
function starredByTier(
  input: NoticeInput,
): { stars: number; label: string; members: readonly RankedRow[] }[] {
  const { rubric, evaluation, lang } = input;
  // Rank order is by stars (descending), then total, then row: each tier's branches are one run of
  // the ranking, in the order the notice lists them.
  const ranked = input.ranked ?? rankRows(evaluation);
  const byStars = new Map<number | null, readonly RankedRow[]>();
  for (let start = 0, end = 0; start < ranked.length; start = end) {
    const stars = ranked[start]!.result.stars;
    while (end < ranked.length && ranked[end]!.result.stars === stars) end++;
    byStars.set(stars, ranked.slice(start, end));
  }
  return tierList(rubric, lang)
    .filter((t): t is { stars: number; label: string } => t.stars !== null && t.stars > 0)
    .map((t) => ({ ...t, members: byStars.get(t.stars) ?? [] }));
}

/**
 * The notice's columns at least (序号, 党支部, 所属党组织, 评定星级; 党支部 wider alone), reserved
 * whether or not a list follows: a notice with nobody to list is not one narrow column.
 */
function noticeWidths(group: boolean): number[] {
  return group ? [8, 30, 24, 12] : [8, 44, 12];
}

/**
 * A 所属党组织 column on the notice: only when the table has one and a starred branch fills it (a
 * template's blank column printed an empty column to cut off before posting).
 */
function listsGroup(input: NoticeInput, tiers: ReturnType<typeof starredByTier>): boolean {
  const has = input.rubric.fields.some((f) => f.role === "group" && input.layout.fields[f.id]);
  return has && tiers.some((t) => t.members.some(({ result }) => (result.group ?? "") !== ""));
}

/**
 * The starred branches as one table, highest tier first, each row naming its tier: a page of a long
 * notice then reads on its own when posted beside the first (per-tier tables left a page of bare names).
 */
function listStarred(
  doc: SheetDoc,
  input: NoticeInput,
  tiers: ReturnType<typeof starredByTier>,
  group: boolean,
): void {
  const { lang } = input;
  const w = (x: Parameters<typeof word>[1]): string => word(lang, x);
  // Widths at least noticeWidths, reserved for the sheet; the caps bound a long name's ask.
  const t = doc.table([
    { header: w("no"), kind: "num" },
    { header: w("branch"), kind: "name", cap: 40 },
    ...(group ? [{ header: w("group"), kind: "name" as const, cap: 30 }] : []),
    { header: w("tierResult"), kind: "short" },
  ]);
  let n = 0;
  for (const tier of tiers) {
    for (const { result: r } of tier.members) {
      n++;
      const name = branchName(r, lang);
      t.row(group ? [n, name, r.group ?? "", tier.label] : [n, name, tier.label]);
    }
  }
  doc.blank();
}

export function buildNoticeOps(input: NoticeInput): PlanOp[] {
  const { texts, lang, rubric } = input;
  const w = (x: Parameters<typeof word>[1]): string => word(lang, x);
  const blank = w("blankLine");
  const doc = new SheetDoc();
  // "（百分制）" / " (100 points)" is the scheme's note, not its name: cut with the space before it.
  const scheme = schemeName(rubric, lang)
    .replace(/[（(][^）)]*[）)]$/, "")
    .trimEnd();
  const year = ratingYear(input);
  doc.title(texts.title ?? render(msg("SHEET_NOTICE_TITLE", { year, scheme }), lang));
  doc.blank();
  const steps = rubric.id === "service-org" ? "service" : "rated";
  doc.para(texts.body ?? render(msg("SHEET_NOTICE_BODY", { year, scheme, steps }), lang));
  doc.para(render(msg("SHEET_NOTICE_PERIOD", period(input)), lang));
  const contact = { phone: texts.phone ?? blank, contact: texts.contact ?? blank };
  doc.para(render(msg("SHEET_NOTICE_CONTACT", contact), lang));
  doc.blank();
  const tiers = starredByTier(input);
  const group = listsGroup(input, tiers);
  doc.reserve(noticeWidths(group));
  const counts = tiers.map((t) => ({ tier: t.label, count: t.members.length }));
  doc.para(render(msg("SHEET_NOTICE_COUNTS", { tiers: counts }), lang));
  doc.blank();
  const listed = counts.reduce((sum, t) => sum + t.count, 0);
  if (listed > 0) listStarred(doc, input, tiers, group);
  const notRated = input.evaluation.rows.length - ratedCount(input.evaluation.rows);
  const others = { noStar: input.evaluation.rows.length - listed - notRated, notRated };
  if (others.noStar + others.notRated > 0) doc.para(render(msg("SHEET_NOTICE_OTHERS", others), lang));
  doc.blank();
  const date = parseDay(texts.date) ?? dayOf(input.now);
  doc.para(texts.issuer ?? blank, { horizontal: "right" });
  doc.para(dateText(date, lang), { horizontal: "right" });
  return doc.emit(input.names.notice, lang);
}

/** The title's and the 公示期 line's fixed words the builder writes, in each language (read-back.ts). */
function noticeTops(): { titles: { before: string; after: string }[]; periodStarts: string[] } {
  const title = msg("SHEET_NOTICE_TITLE", { year: "", scheme: HOLE });
  const period = msg("SHEET_NOTICE_PERIOD", { start: HOLE, end: "", days: null });
  return {
    titles: LANGS.map((lang) => around(title, lang)),
    periodStarts: LANGS.map((lang) => around(period, lang).before),
  };
}
let tops: ReturnType<typeof noticeTops> | undefined;

/**
 * Whether a sheet's top cells are a 公示名单 this tool wrote: its title (关于…评定结果的公示, or the
 * title the settings' texts gave it, `title`), then a 公示期 line.
 */
export function isOurNotice(values: readonly (readonly unknown[])[], title?: string): boolean {
  const first = values[0]?.[0];
  if (typeof first !== "string") return false;
  tops ??= noticeTops();
  const written = tops.titles.some((t) => first.startsWith(t.before) && first.endsWith(t.after));
  const given = title !== undefined && title.trim() !== "" && first.trim() === title.trim();
  if (!written && !given) return false;
  for (let r = 1; r < 8; r++) {
    const v = values[r]?.[0];
    if (typeof v === "string" && tops.periodStarts.some((start) => v.startsWith(start))) return true;
  }
  return false;
}
