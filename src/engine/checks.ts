/**
 * Stage 5a (SPEC §4.1): checks — flags only, on the final tier: self score or declared star higher
 * than the result, classification mismatch, a tier jump. A check may `escalate` to another severity
 * when a second condition also holds (docs/schemes.md "Self score and declared star").
 */
import type { BothNames } from "../messages";
import { fill } from "./fill";
import { makeFlag } from "./flag";
import { tierNamesOf, type Outcome } from "./outcome";
import type { TableContext } from "./table";
import type { RuleDef } from "./types";

/** The check's templates, escalated or not; English falls back to the Chinese it would use. */
function checkTemplate(def: RuleDef, escalated: boolean): BothNames {
  const esc = escalated ? def.escalate : undefined;
  const en = esc
    ? (esc.messageEn ?? esc.message ?? def.messageEn ?? def.message)
    : (def.messageEn ?? def.message);
  return { zh: esc?.message ?? def.message, en };
}

export function applyChecks(table: TableContext, out: Outcome): void {
  const tier = tierNamesOf(table, out.view.stars);
  for (const check of table.checks) {
    if (check.test(out.view) !== "yes") continue;
    const def = check.def;
    const escalated =
      def.escalate !== undefined && check.escalate !== null && check.escalate(out.view) === "yes";
    const text = fill(checkTemplate(def, escalated), table, out.view, { tier });
    const severity = escalated && def.escalate ? def.escalate.severity : def.severity;
    out.flags.push(
      makeFlag(table.cr.lang, def.code, severity, text, table.cellAddress(check.fields[0], out.row)),
    );
  }
}
