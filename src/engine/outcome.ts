/**
 * The row's outcome as the rule stages change it: stars, whether a rule lowered them, the
 * explanation's steps and the flags (SPEC §4.1 steps 4–6).
 */
import type { BothNames } from "../messages";
import type { RowView } from "./compile-conditions";
import type { TableContext } from "./table";
import type { Flag } from "./types";

export interface Outcome {
  /** The row as conditions see it (cells, total), at the current stars. */
  view: RowView;
  /** A gate or veto lowered the tier (no near-next note then). */
  capped: boolean;
  /** Explanation steps after the first line ("群众满意率93%低于95% → 四星级"). */
  steps: string[];
  flags: Flag[];
  row: number;
}

/** The view at another star count ($stars and $nextMin follow it). */
export function atStars(table: TableContext, view: RowView, stars: number): RowView {
  return { ...view, stars, nextMin: table.cr.nextMin[stars] ?? null };
}

export function tierOf(table: TableContext, stars: number): string {
  return table.cr.tiers[stars] ?? "";
}

/** The tier's label in both languages, for messages. */
export function tierNamesOf(table: TableContext, stars: number): BothNames {
  return table.cr.tierNames[stars] ?? { zh: "", en: "" };
}
