/**
 * Stage 4a (SPEC §4.1): gates, top down until nothing changes — to keep a tier of at least
 * `minStars` the condition must hold, else the tier is capped (docs/schemes.md).
 */
import { msg, render, type BothNames, type Message } from "../messages";
import type { Truth } from "./conditions";
import { fill, placeholderFields } from "./fill";
import { flagOf } from "./flag";
import { atStars, tierNamesOf, tierOf, type Outcome } from "./outcome";
import { ruleNames, TEXTS_KEPT, type CompiledRule, type RulePart, type TableContext } from "./table";
import type { RuleDef } from "./types";

function anyInvalid(out: Outcome, fields: readonly number[]): boolean {
  return fields.some((k) => out.view.cells[k]?.kind === "invalid");
}

/** The cell a part's flag points at: the first of its requirements that does not hold. */
function partCell(part: RulePart, out: Outcome): number | undefined {
  return (part.pieces?.find((piece) => piece.test(out.view) !== "yes") ?? part).fields[0];
}

/**
 * `{unmet}`: the parts that do not hold, marked 未填 / 无效 when a cell was the reason. The flag's
 * cell is the first part's that does not hold; when the gate says no, the first part's that says no
 * (零差错 blank, 差错 有: the 有 is why, not the blank beside it).
 */
function unmetParts(gate: CompiledRule, truth: Truth, out: Outcome): { text?: Message; field?: number } {
  if (!gate.parts) return {};
  const parts: { name: BothNames; state: "no" | "blank" | "invalid" }[] = [];
  let first: RulePart | undefined;
  let firstNo: RulePart | undefined;
  for (const part of gate.parts) {
    const partTruth = part.test(out.view);
    if (partTruth === "yes") continue;
    const state = partTruth === "no" ? "no" : anyInvalid(out, part.fields) ? "invalid" : "blank";
    parts.push({ name: part.names, state });
    first ??= part;
    if (partTruth === "no") firstNo ??= part;
  }
  const at = truth === "no" ? (firstNo ?? first) : first;
  return { text: msg("UNMET_PARTS", { parts }), field: at && partCell(at, out) };
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

/** What a gate that does not hold says on a row, and the cell its flag points at. */
export interface GateSays {
  /** The flag's text and its rendering in the run's language. */
  text: Message;
  message: string;
  /** The explanation's step when the gate caps the tier ("群众满意率93%低于95% → 四星级"). */
  step: string;
  field: number | undefined;
}

/** The gate's texts filled and rendered (gateFlag keeps them for the rows that say the same). */
function gateSays(
  table: TableContext,
  gate: CompiledRule,
  truth: Truth,
  out: Outcome,
  stars: [number, number],
): GateSays {
  const unmet = unmetParts(gate, truth, out);
  const extra = { tier: tierNamesOf(table, stars[0]), cap: tierNamesOf(table, stars[1]), unmet: unmet.text };
  const filled = fill(gateTemplate(gate, truth, out), table, out.view, extra);
  const text = msg("SENTENCE", { text: filled });
  const lang = table.cr.lang;
  const step = `${render(filled, lang)} → ${tierOf(table, stars[1])}`;
  return { text, message: render(text, lang), step, field: unmet.field ?? gate.fields[0] };
}

/** The cells a gate's texts read: its condition's (and parts') and its placeholders'. */
const cellsReadBy = new WeakMap<CompiledRule, number[]>();

function cellsRead(table: TableContext, gate: CompiledRule): number[] {
  let read = cellsReadBy.get(gate);
  if (read) return read;
  const def = gate.def;
  read = [...gate.fields, ...(gate.parts ?? []).flatMap((p) => p.fields)];
  for (const [zh, en] of [
    [def.message, def.messageEn],
    [def.messageMissing, def.messageMissingEn],
    [def.messageInvalid, def.messageInvalidEn],
  ]) {
    if (zh !== undefined || en !== undefined)
      read.push(...placeholderFields({ zh: zh ?? "", en: en ?? "" }, table));
  }
  read = [...new Set(read)];
  cellsReadBy.set(gate, read);
  return read;
}

/**
 * Everything a gate's texts depend on, in order: the gate, the truth, the stars, the total, and the
 * kind and value of each cell the texts read. Rows with equal keys say the same.
 */
type SaysKey = unknown[];

function saysKey(
  table: TableContext,
  gate: CompiledRule,
  truth: Truth,
  out: Outcome,
  stars: [number, number],
): SaysKey {
  const { view } = out;
  const key: SaysKey = [
    table.gates.indexOf(gate),
    truth,
    stars[0],
    stars[1],
    view.stars,
    view.total,
    view.nextMin,
  ];
  for (const index of cellsRead(table, gate)) {
    const cell = view.cells[index];
    key.push(cell?.kind ?? null, cell?.kind === "value" ? cell.value : null);
  }
  return key;
}

/** A number from a key part; equal parts give equal numbers (the key itself is compared on a match). */
function partHash(part: unknown): number {
  if (typeof part === "number") return (part * 1000003) | 0;
  if (typeof part === "boolean") return part ? 1 : 2;
  if (typeof part !== "string") return 3;
  let h = part.length;
  for (let i = 0; i < part.length; i++) h = (Math.imul(h, 31) + part.charCodeAt(i)) | 0;
  return h;
}

function hashOf(key: SaysKey): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + partHash(key[i])) | 0;
  return h;
}

function sameKey(a: SaysKey, b: SaysKey): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * The texts kept for the key. Kept by a number made from the key, not by a text made of it: a text
 * per failing gate (54,238 at 100,000 rows) cost more to build and hash than the filling it saved.
 */
function keptSays(table: TableContext, key: SaysKey): GateSays | undefined {
  const kept = table.gateTexts.get(hashOf(key));
  if (kept) for (const k of kept) if (sameKey(k.key, key)) return k.says;
  return undefined;
}

function keepSays(table: TableContext, key: SaysKey, says: GateSays): void {
  if (table.gateTextsKept >= TEXTS_KEPT) return;
  table.gateTextsKept++;
  const hash = hashOf(key);
  const kept = table.gateTexts.get(hash);
  if (kept) kept.push({ key, says });
  else table.gateTexts.set(hash, [{ key, says }]);
}

/** Flags the gate; returns the explanation's step for when the gate capped the tier. */
function gateFlag(
  table: TableContext,
  gate: CompiledRule,
  truth: Truth,
  out: Outcome,
  stars: [number, number],
): string {
  const key = saysKey(table, gate, truth, out, stars);
  let says = keptSays(table, key);
  if (!says) {
    says = gateSays(table, gate, truth, out, stars);
    keepSays(table, key, says);
  }
  const cell = table.cellAddress(says.field, out.row);
  out.flags.push(flagOf(gate.def.code, gate.def.severity, says.text, says.message, cell));
  return says.step;
}

/**
 * Runs the gates to a fixed point (each fires at most once); then flags `alwaysFlag` gates below their
 * tier whenever the condition is not shown to hold: a blank 群众满意率 is said on a 四星级 row as a
 * 93% is, not only where it caps (docs/schemes.md "群众满意率").
 */
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
      out.steps.push(gateFlag(table, gate, truth, out, [stars, after]));
    }
  }
  for (const gate of table.gates) {
    if (!gate.def.alwaysFlag || fired.includes(gate) || out.view.stars >= (gate.def.minStars ?? 0)) continue;
    const truth = gate.test(out.view);
    if (truth === "yes") continue;
    gateFlag(table, gate, truth, out, [out.view.stars, out.view.stars]);
  }
}
