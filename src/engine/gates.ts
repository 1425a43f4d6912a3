/**
 * Stage 4a (SPEC §4.1): gates, top down until nothing changes — to keep a tier of at least
 * `minStars` the condition must hold, else the tier is capped (docs/schemes.md).
 */
import type { Truth } from "./conditions";
import { fill, sentence } from "./fill";
import { atStars, tierOf, type Outcome } from "./outcome";
import type { CompiledRule, TableContext } from "./table";

function anyInvalid(out: Outcome, fields: readonly number[]): boolean {
  return fields.some((k) => out.view.cells[k]?.kind === "invalid");
}

/** `{unmet}`: the labels of the parts that do not hold, marked 未填 / 无效 when a cell was the reason. */
function unmetParts(
  table: TableContext,
  gate: CompiledRule,
  out: Outcome,
): { text?: string; field?: number } {
  if (!gate.parts) return {};
  const en = table.cr.lang === "en";
  const list: string[] = [];
  let field: number | undefined;
  for (const part of gate.parts) {
    const truth = part.test(out.view);
    if (truth === "yes") continue;
    const invalid = anyInvalid(out, part.fields);
    const mark =
      truth === "no" ? "" : invalid ? (en ? " (invalid)" : "（无效）") : en ? " (blank)" : "（未填）";
    list.push(part.label + mark);
    field ??= part.fields[0];
  }
  return { text: list.join(en ? ", " : "、"), field };
}

/** The template for a gate that does not hold: its message, or the blank / invalid one. */
function gateTemplate(table: TableContext, gate: CompiledRule, truth: Truth, out: Outcome): string {
  const def = gate.def;
  const en = table.cr.lang === "en";
  const missing = en ? (def.messageMissingEn ?? def.messageMissing) : def.messageMissing;
  const plain = en ? (def.messageEn ?? def.message) : def.message;
  if (truth !== "unknown") return plain;
  if (anyInvalid(out, gate.fields)) {
    // The cell was filled but could not be read: saying 未填 would send the user looking for a blank.
    const invalid = en ? (def.messageInvalidEn ?? def.messageInvalid) : def.messageInvalid;
    if (invalid) return invalid;
    if (!missing) return plain;
    const label = (en ? (def.labelEn ?? def.label) : def.label) ?? def.code;
    return en
      ? `${label} is invalid (unreadable), so it is not shown to be met`
      : `${label}填写无效（无法识别），不能认定达标`;
  }
  return missing ?? plain;
}

function gateFlag(
  table: TableContext,
  gate: CompiledRule,
  truth: Truth,
  out: Outcome,
  tiers: [string, string],
) {
  const unmet = unmetParts(table, gate, out);
  const template = gateTemplate(table, gate, truth, out);
  const text = fill(template, table, out.view, { tier: tiers[0], cap: tiers[1], unmet: unmet.text });
  const message = table.cr.lang === "en" ? sentence(text) : text;
  const field = unmet.field ?? gate.fields[0];
  out.flags.push({
    code: gate.def.code,
    severity: gate.def.severity,
    message,
    cell: table.cellAddress(field, out.row),
  });
  return text;
}

/** Runs the gates to a fixed point (each fires at most once); then flags `alwaysFlag` gates below their tier. */
export function applyGates(table: TableContext, out: Outcome): void {
  const fired = new Set<CompiledRule>();
  let changed = true;
  for (let round = 0; changed && round <= table.gates.length; round++) {
    changed = false;
    for (const gate of table.gates) {
      const stars = out.view.stars;
      if (fired.has(gate) || stars < (gate.def.minStars ?? 0)) continue;
      const truth = gate.test(out.view);
      if (truth === "yes") continue;
      const after = Math.min(stars, gate.def.capTo ?? stars);
      out.view = atStars(table, out.view, after);
      fired.add(gate);
      changed = true;
      out.capped = true;
      const text = gateFlag(table, gate, truth, out, [tierOf(table, stars), tierOf(table, after)]);
      out.steps.push(`${text} → ${tierOf(table, after)}`);
    }
  }
  for (const gate of table.gates) {
    if (!gate.def.alwaysFlag || fired.has(gate) || out.view.stars >= (gate.def.minStars ?? 0)) continue;
    if (gate.test(out.view) !== "no") continue;
    const tier = tierOf(table, out.view.stars);
    gateFlag(table, gate, "no", out, [tier, tier]);
  }
}
