/**
 * Stage 4b (SPEC §4.1, §2.4): vetoes — when the condition holds, a fixed outcome: no star, or a cap
 * (docs/schemes.md "一票否决").
 */
import { render } from "../messages";
import { fill } from "./fill";
import { makeFlag } from "./flag";
import { atStars, tierNamesOf, tierOf, type Outcome } from "./outcome";
import type { TableContext } from "./table";
import type { RowView } from "./compile-conditions";
import type { Flag } from "./types";

export function applyVetoes(table: TableContext, out: Outcome): void {
  const lang = table.cr.lang;
  for (const veto of table.vetoes) {
    if (veto.test(out.view) !== "yes") continue;
    const def = veto.def;
    const stars = out.view.stars;
    const outcome = def.outcome ?? { kind: "none" as const };
    const to = outcome.kind === "cap" ? Math.min(stars, outcome.stars) : 0;
    if (to !== stars) out.capped = true;
    out.view = atStars(table, out.view, to);
    const template = { zh: def.message, en: def.messageEn ?? def.message };
    const extra = { tier: tierNamesOf(table, stars), cap: tierNamesOf(table, to) };
    const text = fill(template, table, out.view, extra);
    out.steps.push(`${render(text, lang)} → ${tierOf(table, to)}`);
    out.flags.push(makeFlag(lang, def.code, def.severity, text, table.cellAddress(veto.fields[0], out.row)));
  }
}

/**
 * A row not rated (a score blank or unreadable) whose veto holds: flagged and told all the same,
 * with no tier, so a 一票否决 never hides behind a blank cell (once its scores are filled the row is
 * rated, and the veto decides its tier as for any row).
 */
export function unratedVetoes(
  table: TableContext,
  row: number,
  cells: RowView["cells"],
): { flags: Flag[]; steps: string[] } {
  const lang = table.cr.lang;
  const view: RowView = { cells, total: null, stars: 0, nextMin: null };
  const flags: Flag[] = [];
  const steps: string[] = [];
  for (const veto of table.vetoes) {
    if (veto.test(view) !== "yes") continue;
    const def = veto.def;
    const template = { zh: def.message, en: def.messageEn ?? def.message };
    const names = tierNamesOf(table, 0);
    const text = fill(template, table, view, { tier: names, cap: names });
    steps.push(render(text, lang));
    flags.push(makeFlag(lang, def.code, def.severity, text, table.cellAddress(veto.fields[0], row)));
  }
  return { flags, steps };
}
