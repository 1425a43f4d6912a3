/**
 * Results typed over by hand. The tool writes 星数 and 评定星级 together, always agreeing; a row where
 * they disagree (评定星级 changed to 五星级 by a committee's decision, or typed in a new row) was
 * edited after the run, and the next run would write the scores' result over it without a word. The
 * run stops instead (nothing written) and names the cells (docs/layout.md "Results edited by hand").
 * Only result columns the settings say this tool wrote are looked at: their cells are its own.
 */
import { parseStars, presets, tierLabel } from "../engine";
import type { RawCell, Rubric } from "../engine/types";
import { AppError, msg } from "../messages";
import type { Layout } from "./layout";
import type { SheetModel } from "./model";
import { ownedOn, type SettingsRead } from "./settings";
import { cellAt, cellText, isBlank } from "./util";

/** Cells named in the message; the rest are counted. */
const CELLS_SHOWN = 5;

export interface HandEdit {
  /** The 评定星级 cell ("S6") and its text. */
  tierCell: string;
  tier: string;
  /** The 星数 cell ("R6") and what it holds ("" when blank). */
  starsCell: string;
  stars: string;
}

/**
 * Every label a run may have written in 评定星级, in either language, with the stars it stands for
 * (null: not rated). One label may stand for several: star-branch's 未评星 is 0, 1 or 2 stars.
 */
function labelStars(rubrics: readonly Rubric[]): Map<string, Set<number | null>> {
  const out = new Map<string, Set<number | null>>();
  const add = (label: string, stars: number | null) => {
    const known = out.get(label);
    if (known) known.add(stars);
    else out.set(label, new Set([stars]));
  };
  for (const rubric of rubrics)
    for (const lang of ["zh", "en"] as const) {
      for (let stars = 0; stars <= 5; stars++) add(tierLabel(rubric, stars, lang), stars);
      add(tierLabel(rubric, null, lang), null);
    }
  return out;
}

/** Whether a row's 评定星级 text and 星数 cell say the same, as a run writes them. */
function agree(
  tier: string,
  stars: RawCell,
  labels: ReadonlyMap<string, ReadonlySet<number | null>>,
): boolean {
  if (tier === "") return isBlank(stars);
  const said = labels.get(tier);
  if (said) return isBlank(stars) ? said.has(null) : typeof stars === "number" && said.has(stars);
  const typed = starsOfText(tier);
  return typed !== undefined && stars === typed;
}

function starsOfText(text: string): number | undefined {
  const parsed = parseStars(text);
  return parsed.kind === "value" ? parsed.value : undefined;
}

/** The data rows whose 星数 and 评定星级 (in `columns`) disagree. */
export function handEdits(
  sheet: SheetModel,
  rows: readonly number[],
  columns: { tier: { col: number; column: string }; stars: { col: number; column: string } },
  rubrics: readonly Rubric[],
): HandEdit[] {
  const labels = labelStars(rubrics);
  const out: HandEdit[] = [];
  for (const row of rows) {
    const tier = cellText(cellAt(sheet, row, columns.tier.col)).trim();
    const stars = cellAt(sheet, row, columns.stars.col);
    if (agree(tier, stars, labels)) continue;
    out.push({
      tierCell: columns.tier.column + String(row),
      tier,
      starsCell: columns.stars.column + String(row),
      stars: cellText(stars).trim(),
    });
  }
  return out;
}

/**
 * Stops the run (AppError RESULTS_EDITED, nothing written) when the 星数 and 评定星级 this tool wrote
 * on the sheet no longer agree on some branch row.
 */
export function refuseHandEditedResults(
  sheet: SheetModel,
  layout: Layout,
  rubric: Rubric,
  carried: SettingsRead | null | undefined,
): void {
  const owned = ownedOn(carried?.owned, sheet.name);
  const { tier, stars } = layout.resultColumns;
  if (!owned || !tier || !stars) return;
  if (owned.resultColumns.tier !== tier.column || owned.resultColumns.stars !== stars.column) return;
  const rubrics = [...(carried?.rubric ? [carried.rubric] : []), rubric, ...presets];
  const edits = handEdits(sheet, layout.dataRows, { tier, stars }, rubrics);
  if (edits.length === 0) return;
  const text = msg("RESULTS_EDITED_BY_HAND", {
    sheet: sheet.name,
    edits: edits.slice(0, CELLS_SHOWN),
    more: Math.max(0, edits.length - CELLS_SHOWN),
  });
  throw new AppError(text, { code: "RESULTS_EDITED" });
}
