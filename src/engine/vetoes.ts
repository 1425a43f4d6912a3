/**
 * Stage 4b (SPEC §4.1, §2.4): vetoes — when the condition holds, a fixed outcome: no star, or a cap
 * (docs/schemes.md "一票否决").
 */
import { fill } from "./fill";
import { atStars, tierOf, type Outcome } from "./outcome";
import type { TableContext } from "./table";

export function applyVetoes(table: TableContext, out: Outcome): void {
  const en = table.cr.lang === "en";
  for (const veto of table.vetoes) {
    if (veto.test(out.view) !== "yes") continue;
    const def = veto.def;
    const stars = out.view.stars;
    const outcome = def.outcome ?? { kind: "none" as const };
    const to = outcome.kind === "cap" ? Math.min(stars, outcome.stars) : 0;
    if (to !== stars) out.capped = true;
    out.view = atStars(table, out.view, to);
    const after = tierOf(table, to);
    const template = en ? (def.messageEn ?? def.message) : def.message;
    const text = fill(template, table, out.view, { tier: tierOf(table, stars), cap: after });
    out.steps.push(`${text} → ${after}`);
    out.flags.push({
      code: def.code,
      severity: def.severity,
      message: text,
      cell: table.cellAddress(veto.fields[0], out.row),
    });
  }
}
