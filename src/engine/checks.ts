/**
 * Stage 5a (SPEC §4.1): checks — flags only, on the final tier: self score or declared star higher
 * than the result, classification mismatch, a tier jump. A check may `escalate` to another severity
 * when a second condition also holds (docs/schemes.md "Self score and declared star").
 */
import { fill } from "./fill";
import { tierOf, type Outcome } from "./outcome";
import type { TableContext } from "./table";

export function applyChecks(table: TableContext, out: Outcome): void {
  const en = table.cr.lang === "en";
  const tier = tierOf(table, out.view.stars);
  for (const check of table.checks) {
    if (check.test(out.view) !== "yes") continue;
    const def = check.def;
    const esc = check.escalate !== null && check.escalate(out.view) === "yes" ? def.escalate : undefined;
    const zh = esc?.message ?? def.message;
    const english = esc
      ? (esc.messageEn ?? esc.message ?? def.messageEn ?? def.message)
      : (def.messageEn ?? def.message);
    out.flags.push({
      code: def.code,
      severity: esc ? esc.severity : def.severity,
      message: fill(en ? english : zh, table, out.view, { tier }),
      cell: table.cellAddress(check.fields[0], out.row),
    });
  }
}
