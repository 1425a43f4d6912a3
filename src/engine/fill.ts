/**
 * Rule messages: templates with placeholders ({satisfaction}, {tier}, {unmet}, {reason}, …) filled
 * with the row's values as the user reads them (SPEC §4 `rules`).
 */
import { formatFixed, formatTrim } from "./decimal";
import { starsWord, type CompiledField } from "./compiled";
import type { RowView } from "./compile-conditions";
import type { TableContext } from "./table";

export interface FillExtra {
  tier: string;
  cap?: string;
  unmet?: string;
}

function yesNoWord(yes: boolean, en: boolean): string {
  return yes ? (en ? "yes" : "是") : en ? "no" : "否";
}

/** A field's value for a message: "93%", "是", "五星级", or 未填 / 无效. */
function valueText(table: TableContext, f: CompiledField, row: RowView): string {
  const en = table.cr.lang === "en";
  const cell = row.cells[f.index];
  if (cell?.kind !== "value")
    return cell?.kind === "invalid" ? (en ? "invalid" : "无效") : en ? "blank" : "未填";
  const v = cell.value;
  switch (f.reader) {
    case "percent":
      return formatTrim(Number(v) * 100, 2) + "%";
    case "yesno":
    case "count":
      return yesNoWord(v === true, en);
    case "stars":
      return starsWord(table.cr, Number(v));
    case "text":
      return String(v);
    case "star":
      return typeof v === "number" ? formatTrim(v) : yesNoWord(v === true, en);
    default:
      return formatTrim(Number(v));
  }
}

function placeholder(key: string, table: TableContext, row: RowView, extra: FillExtra): string {
  const { cr } = table;
  const en = cr.lang === "en";
  switch (key) {
    case "total":
    case "$total":
      return row.total !== null ? formatFixed(row.total, cr.rubric.score.decimals) : en ? "blank" : "未填";
    case "stars":
    case "$stars":
      return String(row.stars);
    case "tier":
      return extra.tier;
    case "cap":
      return extra.cap ?? extra.tier;
    case "unmet":
      return extra.unmet ?? "";
  }
  // {reason} is the veto reason column when the rubric has one and no field is called "reason".
  if (key === "reason" && !cr.byId.has("reason")) {
    const f = cr.byId.get("vetoReason");
    const cell = f ? row.cells[f.index] : undefined;
    const text = cell?.kind === "value" ? String(cell.value) : "";
    return text || (en ? "no reason given" : "未注明事由");
  }
  const f = cr.byId.get(key);
  return f ? valueText(table, f, row) : `{${key}}`;
}

export function fill(template: string, table: TableContext, row: RowView, extra: FillExtra): string {
  const parts = template.split(/\{([A-Za-z0-9_$]+)\}/);
  return parts.map((p, i) => (i % 2 === 1 ? placeholder(p, table, row, extra) : p)).join("");
}

/**
 * A gate's English message standing alone as a flag: written lower-case because the explanation
 * strings it into a sentence ("Total 96.50 → 5 stars; satisfaction 93% is below 95%").
 */
export function sentence(text: string): string {
  return /^[a-z]/.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text;
}
