/** Display helpers shared by the evaluator, the workbook layer and the task pane. */
import { bothNames, msg, renderBoth, type BothNames } from "../messages";
import { toHalfWidth } from "./cells";
import type { Flag, Lang, Rubric, Severity } from "./types";

/**
 * The label for a number of stars in both languages: the band (or count label) with exactly those
 * stars; otherwise the highest band below it; otherwise the rubric's "below" label. `null` → the
 * not-rated label.
 */
export function tierNames(rubric: Rubric, stars: number | null): BothNames {
  if (stars === null || !Number.isFinite(stars)) {
    return renderBoth(msg("NOT_RATED", { label: rubric.notRatedLabel }));
  }
  const tiers = rubric.tiers;
  if (tiers.kind === "count") {
    const i = Math.max(0, Math.min(tiers.labels.length - 1, Math.floor(stars)));
    return bothNames(tiers.labels[i] ?? String(stars), tiers.labelsEn?.[i]);
  }
  const band = tiers.bands.find((b) => b.stars <= stars);
  return band ? bothNames(band.label, band.labelEn) : bothNames(tiers.below.label, tiers.below.labelEn);
}

export function tierLabel(rubric: Rubric, stars: number | null, lang: Lang = "zh"): string {
  return tierNames(rubric, stars)[lang];
}

/** The languages a run may have written a workbook in (its texts are read back in either). */
export const LANGS: readonly Lang[] = ["zh", "en"];

/**
 * Whether `text` is the 评定星级 a run writes for `stars` (null: not rated) in either language: a
 * workbook scored in English and read back in a Chinese run says "5 stars" for 五星级.
 */
export function isTierLabelOf(rubric: Rubric, stars: number | null, text: string): boolean {
  return LANGS.some((lang) => tierLabel(rubric, stars, lang) === text);
}

/** The 评先资格 written for a number of stars, in both languages ("" where no rule gives one). */
export function eligibilityNames(rubric: Rubric, stars: number): BothNames {
  const e = rubric.eligibility.find((x) => x.minStars <= stars);
  return e ? bothNames(e.label, e.labelEn) : bothNames("");
}

/** Like tierNames, but a star count that no band has exactly is "2星" rather than rounded down. */
export function starsNames(rubric: Rubric, stars: number): BothNames {
  const tiers = rubric.tiers;
  if (tiers.kind === "bands" && stars > 0 && !tiers.bands.some((b) => b.stars === stars)) {
    return renderBoth(msg("STARS_COUNT", { stars }));
  }
  return tierNames(rubric, stars);
}

export function starsText(rubric: Rubric, stars: number, lang: Lang = "zh"): string {
  return starsNames(rubric, stars)[lang];
}

/** "F5 缺少服务体系分数", or the message alone when the flag has no cell. */
export function flagText(flag: Flag): string {
  return flag.cell ? `${flag.cell} ${flag.message}` : flag.message;
}

/** The 评定标记 cell: flags joined with "；". */
export function formatFlagsCell(flags: Flag[]): string {
  // Most flagged rows have one flag: its text, without a list made to be joined.
  return flags.length === 1 ? flagText(flags[0]!) : flags.map(flagText).join("；");
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Most severe first; the original order within a severity. Sorts in place (stable insertion sort). */
export function sortFlags<F extends { severity: Severity }>(flags: F[]): F[] {
  for (let i = 1; i < flags.length; i++) {
    const f = flags[i]!;
    const rank = SEVERITY_RANK[f.severity] ?? 3;
    let j = i - 1;
    while (j >= 0 && (SEVERITY_RANK[flags[j]!.severity] ?? 3) > rank) {
      flags[j + 1] = flags[j]!;
      j--;
    }
    flags[j + 1] = f;
  }
  return flags;
}

/**
 * The words a totals row is named with. Matched at the end of the name once brackets, punctuation
 * and a trailing count are gone, which also covers a leading word ("合计：" → "合计").
 */
const SUMMARY_WORD = "合计|小计|总计|共计|总平均分?|平均(?:分|值|得分|数)?|合计数";
const SUMMARY_RE = new RegExp(`(?:${SUMMARY_WORD})$`);
/** Bracketed remarks: "（30个支部）", "(本页)", "【含离退休】". */
const BRACKETED_RE = /[(（[【〔][^)）\]】〕]*[)）\]】〕]/g;
/** Whitespace and punctuation, ASCII and full-width ("合 计：", "总计——"). */
const PUNCT_RE = /[\s\u3000:：,，.。;；、!！?？\-—–―_*·•'"“”‘’()（）[\]【】〔〕<>《》/\\|]+/g;
/** A count after the word: "合计30个支部", "小计 5 个", "总计共12家". */
const TRAILING_COUNT_RE = /共?\d+(?:\.\d+)?(?:个|家|项|名|人)?(?:党?支部|单位|党组织)?$/;
const ENGLISH_RE = /^(?:sub|grand)?total$|^sum$|^average$|^mean$|^avg$/;

/**
 * Names of rows that are totals, not branches (SPEC §3). Tolerant of what people type around the
 * word — spaces, full-width forms, colons, brackets, a count ("合计：", "合 计", "总计（30个支部）",
 * "本页小计", "全局合计", "总分平均", "平均值") — and of Total/Subtotal/Average. The word must start
 * or end the name once brackets and counts are removed, and a name that merely contains it in the
 * middle is a branch; a leading word must stand alone ("小计算中心党支部" is a branch).
 */
export function isSummaryRowName(name: unknown): boolean {
  if (typeof name !== "string") return false;
  // Nearly every name lacks both 计 and 均; decide those without any regex work.
  if (name.indexOf("计") < 0 && name.indexOf("均") < 0 && !/[A-Za-zＡ-Ｚａ-ｚ]/.test(name)) return false;
  const half = toHalfWidth(name);
  let s = half.replace(BRACKETED_RE, "").replace(PUNCT_RE, "");
  // "（合计）": the bracket is the whole name, not a remark.
  if (s.length === 0) s = half.replace(PUNCT_RE, "");
  s = s.replace(TRAILING_COUNT_RE, "");
  if (s.length === 0) return false;
  if (SUMMARY_RE.test(s)) return true;
  return ENGLISH_RE.test(s.toLowerCase());
}
