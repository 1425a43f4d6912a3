/**
 * Stage 5b (SPEC §4.1): eligibility by the final stars, and the near-next note — "差0.5分可评四星级"
 * (docs/schemes.md "Near next").
 */
import { exactDiff, formatTrim } from "./decimal";
import { msg, render } from "../messages";
import { flagOf } from "./flag";
import { atStars, tierNamesOf, type Outcome } from "./outcome";
import { TEXTS_KEPT, type TableContext } from "./table";
import type { Band, Flag } from "./types";

export function eligibilityOf(table: TableContext, stars: number): string {
  return table.cr.eligibility[stars] ?? "";
}

/** The lowest band above the total. */
function nextBand(ascending: readonly Band[], total: number): Band | null {
  for (let i = 0; i < ascending.length; i++) if (ascending[i]!.min > total) return ascending[i]!;
  return null;
}

/**
 * NEAR_NEXT_TIER: band tiers only; the gap to the next band is > 0 and ≤ `nearNext`; only when no
 * rule lowered the tier and no gate would stop the row at the next band anyway.
 */
export function nearNextFlag(table: TableContext, out: Outcome): Flag | null {
  const { cr } = table;
  const total = out.view.total;
  if (out.capped || cr.rubric.score.method === "count" || total === null) return null;
  const next = nextBand(cr.bandsAscending, total);
  if (!next) return null;
  const gap = exactDiff(next.min, total);
  if (!(gap > 0) || exactDiff(cr.rubric.nearNext, gap) < 0) return null;
  const there = atStars(table, out.view, next.stars);
  const blocked = table.gates.some((g) => next.stars >= (g.def.minStars ?? 0) && g.test(there) !== "yes");
  if (blocked) return null;
  // The note depends on the gap and the next tier only: rendered once for the rows that share them.
  const key = `${next.stars}|${gap}`;
  let said = table.nearNextTexts.get(key);
  if (!said) {
    const text = msg("NEAR_NEXT_TIER", {
      gap: formatTrim(gap, cr.rubric.score.decimals),
      tier: tierNamesOf(table, next.stars),
    });
    said = { text, message: render(text, cr.lang) };
    if (table.nearNextTexts.size < TEXTS_KEPT) table.nearNextTexts.set(key, said);
  }
  return flagOf("NEAR_NEXT_TIER", "info", said.text, said.message);
}
