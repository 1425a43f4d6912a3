/**
 * The tiers of a rubric as a list (highest first, "not rated" last) and row counts per tier: shared
 * by the summary sheet, the result line and the RecomputeResult counts.
 */
import { DEFAULT_NOT_RATED_LABEL, tierLabel } from "../engine";
import type { Evaluation, Lang, RowResult, Rubric } from "../engine/types";

export interface TierCount {
  /** null: not rated. */
  stars: number | null;
  label: string;
  count: number;
}

export function notRatedLabel(rubric: Rubric, lang: Lang): string {
  return tierLabel(rubric, null, lang);
}

/** Every tier the rubric can give, highest first, then "not rated". */
export function tierList(rubric: Rubric, lang: Lang): { stars: number | null; label: string }[] {
  const stars: number[] =
    rubric.tiers.kind === "bands"
      ? [...rubric.tiers.bands.map((b) => b.stars), 0]
      : rubric.tiers.labels.map((_, i) => i);
  const unique = [...new Set(stars)].sort((a, b) => b - a);
  return [
    ...unique.map((s) => ({ stars: s as number | null, label: tierLabel(rubric, s, lang) })),
    { stars: null, label: notRatedLabel(rubric, lang) },
  ];
}

/** How many rows were rated: a count, not a filtered copy (a table may have 100,000 rows). */
export function ratedCount(rows: readonly RowResult[]): number {
  let n = 0;
  // Indexed, as every pass over the rows here: these run once per table, before V8 optimises them,
  // and a for…of then allocates an iterator result per row (~4 MB per pass at 100,000 rows).
  for (let i = 0; i < rows.length; i++) if (rows[i].rated) n++;
  return n;
}

/** Rows per tier (null: not rated), in the order each first appears. */
function tierCounts(rows: readonly RowResult[]): Map<number | null, number> {
  const counts = new Map<number | null, number>();
  for (let i = 0; i < rows.length; i++) {
    const key = rows[i].rated ? rows[i].stars : null;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function countByTier(rubric: Rubric, evaluation: Evaluation, lang: Lang): TierCount[] {
  const counts = tierCounts(evaluation.rows);
  const list = tierList(rubric, lang).map((t) => ({ ...t, count: counts.get(t.stars) ?? 0 }));
  // A star count the tier list does not name (a custom rubric's cap below its lowest band) still counts.
  for (const [stars, count] of counts) {
    if (!list.some((t) => t.stars === stars)) {
      list.splice(list.length - 1, 0, { stars, label: tierLabel(rubric, stars ?? 0, lang), count });
    }
  }
  return list;
}

/**
 * Every text the 评定星级 column can hold for this rubric, in both languages: the not-rated label as
 * a run writes it (the catalogue's NOT_RATED: the rubric's, "Not rated"), 未评定 (that of rubrics
 * with none of their own), and the rubric's tier labels.
 */
export function tierLabelSet(rubric: Rubric): Set<string> {
  const labels = new Set<string>([
    DEFAULT_NOT_RATED_LABEL,
    notRatedLabel(rubric, "zh"),
    notRatedLabel(rubric, "en"),
  ]);
  if (rubric.tiers.kind === "bands") {
    for (const b of rubric.tiers.bands) {
      labels.add(b.label);
      if (b.labelEn) labels.add(b.labelEn);
    }
    labels.add(rubric.tiers.below.label);
    if (rubric.tiers.below.labelEn) labels.add(rubric.tiers.below.labelEn);
  } else {
    rubric.tiers.labels.forEach((l) => labels.add(l));
    rubric.tiers.labelsEn?.forEach((l) => labels.add(l));
  }
  return labels;
}

/**
 * Each star count's place among the rubric's tiers (index 0–5), lowest 0: what 动态变化 counts in,
 * as TIER_JUMP does. Where the bands skip star counts (三星起创: 未评星, 三星级, 四星级, 五星级), a
 * count below the lowest band is the "below" tier, so 三星级 → 未评星 is one step, not three. Made
 * once per table: 动态变化 looks two up for each of up to 100,000 rows.
 */
export function tierSteps(rubric: Rubric): number[] {
  const stars = [0, 1, 2, 3, 4, 5];
  if (rubric.tiers.kind === "count") return stars;
  const bandStars = new Set(rubric.tiers.bands.map((b) => b.stars).filter((s) => s > 0));
  return stars.map((n) => [...bandStars].filter((s) => s <= n).length);
}
