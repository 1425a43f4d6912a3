/** Display helpers shared by the evaluator, the workbook layer and the task pane. */
import type { Flag, Lang, Rubric, Severity } from "./types";

/**
 * The label for a number of stars: the band (or count label) with exactly those stars; otherwise
 * the highest band below it; otherwise the rubric's "below" label. `null` → the not-rated label.
 */
export function tierLabel(rubric: Rubric, stars: number | null, lang: Lang = "zh"): string {
  if (stars === null || !Number.isFinite(stars)) {
    return lang === "en" ? "Not rated" : rubric.notRatedLabel;
  }
  const tiers = rubric.tiers;
  if (tiers.kind === "count") {
    const i = Math.max(0, Math.min(tiers.labels.length - 1, Math.floor(stars)));
    return (lang === "en" ? tiers.labelsEn?.[i] : undefined) ?? tiers.labels[i] ?? String(stars);
  }
  for (const b of tiers.bands) {
    if (b.stars <= stars) return (lang === "en" ? b.labelEn : undefined) ?? b.label;
  }
  return (lang === "en" ? tiers.below.labelEn : undefined) ?? tiers.below.label;
}

/** Like tierLabel, but a star count that no band has exactly is shown as "2星" rather than rounded down. */
export function starsText(rubric: Rubric, stars: number, lang: Lang = "zh"): string {
  const tiers = rubric.tiers;
  if (tiers.kind === "bands" && stars > 0 && !tiers.bands.some((b) => b.stars === stars)) {
    return lang === "en" ? `${stars} star${stars === 1 ? "" : "s"}` : `${stars}星`;
  }
  return tierLabel(rubric, stars, lang);
}

/** "F5 缺少服务体系分数", or the message alone when the flag has no cell. */
export function flagText(flag: Flag): string {
  return flag.cell ? `${flag.cell} ${flag.message}` : flag.message;
}

/** The 评定标记 cell: flags joined with "；". */
export function formatFlagsCell(flags: Flag[]): string {
  return flags.map(flagText).join("；");
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Most severe first; the original order within a severity. Sorts in place (stable insertion sort). */
export function sortFlags(flags: Flag[]): Flag[] {
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

/** Names of rows that are totals, not branches (SPEC §3): 合计/小计/总计/平均/平均分. */
export function isSummaryRowName(name: unknown): boolean {
  if (typeof name !== "string") return false;
  const s = name.replace(/[\s\u3000]+/g, "");
  return /^(?:合计|小计|总计|平均|平均分|平均值|合计数)$/.test(s);
}
