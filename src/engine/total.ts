/**
 * Stages 2 and 3 of a row (SPEC §4.1): the total as `score` says, rounded half-up on the decimal
 * value, and the tier it reaches (docs/schemes.md "The order of one row").
 */
import { msg, render } from "../messages";
import { DecimalSum, exactSum, exactWeightedSum, formatFixed, roundHalfUp } from "./decimal";
import type { CompiledRubric } from "./compiled";
import type { Cell } from "./read-row";

export interface Scored {
  /** null: no total (model-organ rows with a yes/no star). */
  total: number | null;
  stars: number;
  /** The first line of the explanation ("总分96.50 → 五星级"). */
  firstLine: string;
}

function numberOf(cell: Cell | undefined): number | null {
  return cell?.kind === "value" && typeof cell.operand === "number" ? cell.operand : null;
}

/** Stars by band: the highest band whose min is at or below the total (lower bounds inclusive). */
export function bandStars(cr: CompiledRubric, total: number): number {
  const bands = cr.bands;
  for (let i = 0; i < bands.length; i++) if (bands[i]!.min <= total) return bands[i]!.stars;
  return 0;
}

function bandTotal(cr: CompiledRubric, cells: readonly Cell[]): number {
  const { method, decimals } = cr.rubric.score;
  if (method === "column") return roundHalfUp(numberOf(cells[cr.totalField!.index]) ?? 0, decimals);
  if (method === "weighted") {
    // A blank optional criterion counts 0 with its weight.
    const scores = cr.criteria.map((f) => numberOf(cells[f.index]) ?? 0);
    return exactWeightedSum(scores, cr.weights, decimals);
  }
  // A blank optional criterion adds nothing (a required one made the row not rated already).
  const sum = new DecimalSum();
  const criteria = cr.criteria;
  for (let i = 0; i < criteria.length; i++) {
    const s = numberOf(cells[criteria[i]!.index]);
    if (s !== null) sum.add(s);
  }
  return sum.rounded(decimals);
}

/** model-organ: stars earned one by one; a total only when every star is scored (docs/schemes.md). */
function countScored(cr: CompiledRubric, cells: readonly Cell[]): Scored {
  const earned = cr.criteria.filter((f) => {
    const cell = cells[f.index];
    return cell?.kind === "value" && cell.earned;
  });
  const scores = cr.criteria.map((f) => numberOf(cells[f.index])).filter((s): s is number => s !== null);
  const total =
    scores.length > 0 && scores.length === cr.criteria.length
      ? exactSum(scores, cr.rubric.score.decimals)
      : null;
  const stars = earned.length;
  const line = msg("STARS_EARNED_LINE", {
    stars,
    names: earned.map((f) => f.names),
    total: total === null ? null : formatFixed(total, cr.rubric.score.decimals),
    tier: cr.tierNames[stars] ?? { zh: "", en: "" },
  });
  const firstLine = render(line, cr.lang);
  return { total: total === 0 ? 0 : total, stars, firstLine };
}

/**
 * The first line of the explanation by total, for one table: its rows share a few hundred totals,
 * so each line is rendered once rather than once per row (the stars follow from the total).
 */
export type TotalLines = Map<number, string>;

export function scoreRow(cr: CompiledRubric, cells: readonly Cell[], lines: TotalLines = new Map()): Scored {
  if (cr.rubric.score.method === "count") return countScored(cr, cells);
  const raw = bandTotal(cr, cells);
  const total = raw === 0 ? 0 : raw; // no "-0"
  const stars = bandStars(cr, total);
  let firstLine = lines.get(total);
  if (firstLine === undefined) {
    const line = msg("TOTAL_LINE", {
      total: formatFixed(total, cr.rubric.score.decimals),
      tier: cr.tierNames[stars] ?? { zh: "", en: "" },
    });
    firstLine = render(line, cr.lang);
    lines.set(total, firstLine);
  }
  return { total, stars, firstLine };
}
