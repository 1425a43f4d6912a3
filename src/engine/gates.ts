/**
 * Stage 4a (SPEC §4.1): gates, top down until nothing changes — to keep a tier of at least
 * `minStars` the condition must hold, else the tier is capped (docs/schemes.md).
 */
import { msg, render, type BothNames, type Message } from "../messages";
import type { Truth } from "./conditions";
import { fill } from "./fill";
import { makeFlag } from "./flag";
import { atStars, tierNamesOf, tierOf, type Outcome } from "./outcome";
import { ruleNames, type CompiledRule, type TableContext } from "./table";
import type { RuleDef } from "./types";

function anyInvalid(out: Outcome, fields: readonly number[]): boolean {
  return fields.some((k) => out.view.cells[k]?.kind === "invalid");
}

/** `{unmet}`: the parts that do not hold, marked 未填 / 无效 when a cell was the reason. */
function unmetParts(gate: CompiledRule, out: Outcome): { text?: Message; field?: number } {
  if (!gate.parts) return {};
  const parts: { name: BothNames; state: "no" | "blank" | "invalid" }[] = [];
  let field: number | undefined;
  for (const part of gate.parts) {
    const truth = part.test(out.view);
    if (truth === "yes") continue;
    const state = truth === "no" ? "no" : anyInvalid(out, part.fields) ? "invalid" : "blank";
    parts.push({ name: part.names, state });
    field ??= part.fields[0];
  }
  return { text: msg("UNMET_PARTS", { parts }), field };
}

/** The rule's templates for one case: its message, or the blank / invalid one (English falls back to Chinese). */
function templates(def: RuleDef, zh: string | undefined, en: string | undefined): BothNames | null {
  return zh === undefined && en === undefined ? null : { zh: zh ?? def.message, en: en ?? zh ?? def.message };
}

/** The template for a gate that does not hold: its message, or the blank / invalid one. */
function gateTemplate(gate: CompiledRule, truth: Truth, out: Outcome): BothNames {
  const def = gate.def;
  const plain = { zh: def.message, en: def.messageEn ?? def.message };
  const missing = templates(def, def.messageMissing, def.messageMissingEn);
  if (truth !== "unknown") return plain;
  if (anyInvalid(out, gate.fields)) {
    // The cell was filled but could not be read: saying 未填 would send the user looking for a blank.
    const invalid = templates(def, def.messageInvalid, def.messageInvalidEn);
    if (invalid) return invalid;
    if (!missing) return plain;
    const generic = msg("GATE_CELL_INVALID", { rule: ruleNames(def) });
    return { zh: render(generic, "zh"), en: render(generic, "en") };
  }
  return missing ?? plain;
}

/** Flags the gate; returns its text, which the explanation shows when the gate capped the tier. */
function gateFlag(
  table: TableContext,
  gate: CompiledRule,
  truth: Truth,
  out: Outcome,
  stars: [number, number],
) {
  const unmet = unmetParts(gate, out);
  const extra = { tier: tierNamesOf(table, stars[0]), cap: tierNamesOf(table, stars[1]), unmet: unmet.text };
  const text = fill(gateTemplate(gate, truth, out), table, out.view, extra);
  const cell = table.cellAddress(unmet.field ?? gate.fields[0], out.row);
  const lang = table.cr.lang;
  out.flags.push(makeFlag(lang, gate.def.code, gate.def.severity, msg("SENTENCE", { text }), cell));
  return text;
}

/** Runs the gates to a fixed point (each fires at most once); then flags `alwaysFlag` gates below their tier. */
export function applyGates(table: TableContext, out: Outcome): void {
  // Most rows fire no gate: an empty list costs less than a Set per row.
  const fired: CompiledRule[] = [];
  let changed = true;
  for (let round = 0; changed && round <= table.gates.length; round++) {
    changed = false;
    for (const gate of table.gates) {
      const stars = out.view.stars;
      if (stars < (gate.def.minStars ?? 0) || fired.includes(gate)) continue;
      const truth = gate.test(out.view);
      if (truth === "yes") continue;
      const after = Math.min(stars, gate.def.capTo ?? stars);
      out.view = atStars(table, out.view, after);
      fired.push(gate);
      changed = true;
      out.capped = true;
      const text = gateFlag(table, gate, truth, out, [stars, after]);
      out.steps.push(`${render(text, table.cr.lang)} → ${tierOf(table, after)}`);
    }
  }
  for (const gate of table.gates) {
    if (!gate.def.alwaysFlag || fired.includes(gate) || out.view.stars >= (gate.def.minStars ?? 0)) continue;
    if (gate.test(out.view) !== "no") continue;
    gateFlag(table, gate, "no", out, [out.view.stars, out.view.stars]);
  }
}
