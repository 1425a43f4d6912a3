/**
 * Rule messages: the rubric's templates with placeholders ({satisfaction}, {tier}, {unmet},
 * {reason}, …) and the row's values as the user reads them (SPEC §4 `rules`), as one catalogue
 * message (RULE, src/messages/engine.ts) that renders in either language.
 */
import { msg, type BothNames, type Message, type MessageLike } from "../messages";
import { formatFixed, formatTrim } from "./decimal";
import { starsWord, type CompiledField } from "./compiled";
import type { RowView } from "./compile-conditions";
import type { TableContext } from "./table";

export interface FillExtra {
  tier: BothNames;
  cap?: BothNames;
  unmet?: Message;
}

const BLANK = msg("VALUE_BLANK");
const INVALID = msg("VALUE_INVALID");
const words = (names: BothNames): Message => msg("TEXT", names);
const asIs = (text: string): Message => msg("TEXT", { zh: text });

/**
 * A rate as a percentage, to two decimals ("93%", "94.97%"), but never rounded to a whole percent
 * it is not: the thresholds are whole percents, and 0.9499999999 shown as "95%" made the flag say
 * "95%低于95%". Then as many more decimals as it takes ("94.99999999%").
 */
export function percentText(rate: number): string {
  const p = rate * 100;
  let text = formatTrim(p, 2);
  for (let d = 3; d <= 12 && !text.includes(".") && Number(text) !== p; d++) text = formatTrim(p, d);
  return text + "%";
}

/** A field's value for a message: "93%", "是", "五星级", or 未填 / 无效. */
function valueOf(table: TableContext, f: CompiledField, row: RowView): Message {
  const cell = row.cells[f.index];
  if (cell?.kind !== "value") return cell?.kind === "invalid" ? INVALID : BLANK;
  const v = cell.value;
  switch (f.reader) {
    case "percent":
      return asIs(percentText(Number(v)));
    case "yesno":
    case "count":
      return msg("YES_NO", { yes: v === true });
    case "stars":
      return words(starsWord(table.cr, Number(v)));
    case "text":
      return asIs(String(v));
    case "star":
      return typeof v === "number" ? asIs(formatTrim(v)) : msg("YES_NO", { yes: v === true });
    default:
      return asIs(formatTrim(Number(v)));
  }
}

/** {reason}: the veto reason column when the rubric has one (and no field is called "reason"). */
function vetoReason(table: TableContext, row: RowView): Message {
  const f = table.cr.byId.get("vetoReason");
  const cell = f ? row.cells[f.index] : undefined;
  const text = cell?.kind === "value" ? String(cell.value) : "";
  return text ? asIs(text) : msg("NO_REASON_GIVEN");
}

function placeholder(key: string, table: TableContext, row: RowView, extra: FillExtra): Message | null {
  const { cr } = table;
  switch (key) {
    case "total":
    case "$total":
      return row.total !== null ? asIs(formatFixed(row.total, cr.rubric.score.decimals)) : BLANK;
    case "stars":
    case "$stars":
      return asIs(String(row.stars));
    case "tier":
      return words(extra.tier);
    case "cap":
      return words(extra.cap ?? extra.tier);
    case "unmet":
      return extra.unmet ?? asIs("");
  }
  if (key === "reason" && !cr.byId.has("reason")) return vetoReason(table, row);
  const f = cr.byId.get(key);
  return f ? valueOf(table, f, row) : null;
}

const PLACEHOLDER = /\{([A-Za-z0-9_$]+)\}/g;

/** The placeholders of a template, found once per template text (a rubric has a handful). */
const placeholdersOf = (() => {
  const known = new Map<string, string[]>();
  return (template: string): string[] => {
    let keys = known.get(template);
    if (!keys) {
      keys = [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
      if (known.size < 1000) known.set(template, keys);
    }
    return keys;
  };
})();

/**
 * The fields whose cells the template's placeholders show (the veto reason column for {reason});
 * the other placeholders show the total, the stars and `extra`.
 */
export function placeholderFields(template: BothNames, table: TableContext): number[] {
  const out: number[] = [];
  const { byId } = table.cr;
  for (const text of [template.zh, template.en]) {
    for (const key of placeholdersOf(text)) {
      const f = key === "reason" && !byId.has("reason") ? byId.get("vetoReason") : byId.get(key);
      if (f && !out.includes(f.index)) out.push(f.index);
    }
  }
  return out;
}

/** The rule's message: its templates and a value for each placeholder they use (unknown ones stay as written). */
export function fill(template: BothNames, table: TableContext, row: RowView, extra: FillExtra): Message {
  const values: Record<string, MessageLike> = {};
  for (const text of [template.zh, template.en]) {
    for (const key of placeholdersOf(text)) {
      // "__proto__" is no field's id; assigning it would set the object's prototype.
      if (key === "__proto__" || Object.prototype.hasOwnProperty.call(values, key)) continue;
      const value = placeholder(key, table, row, extra);
      if (value) values[key] = value;
    }
  }
  return msg("RULE", { template, values });
}
