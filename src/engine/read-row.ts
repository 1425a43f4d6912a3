/**
 * Stage 1 of a row (SPEC §4.1, §3.1): read every mapped cell. A missing or unreadable required
 * criterion, or one outside 0..max, makes the row not rated; an unreadable optional cell is flagged
 * and counts as blank (docs/schemes.md "Blank cell").
 */
import { formatTrim } from "./decimal";
import { parsePercent, parseScore, parseStars, parseText, parseYesNo, toHalfWidth } from "./cells";
import type { CompiledField } from "./compiled";
import type { Operand } from "./conditions";
import type { TableContext } from "./table";
import type { Flag, InputRow, Parsed, ParsedValue } from "./types";

/** A cell of the row as the later stages see it. */
export type Cell =
  | { kind: "absent" }
  | { kind: "blank" }
  /** Filled but unreadable or out of range: read as blank, but messages say 无效, not 未填. */
  | { kind: "invalid" }
  /** `operand` is what conditions compare (null: a yes/no star, which has no number). */
  | { kind: "value"; value: ParsedValue; operand: Operand | null; earned: boolean };

type Reading =
  | { kind: "blank" }
  | { kind: "invalid"; reason: string; reasonEn: string }
  | { kind: "value"; value: ParsedValue; operand: Operand | null; earned: boolean; note?: string };

export interface RowRead {
  cells: Cell[];
  values: Record<string, ParsedValue>;
  flags: Flag[];
  /** Why the row cannot be rated; empty when it can. */
  notRatedWhy: string[];
  /** How 有/无 were read in absence columns, for the explanation. */
  notes: string[];
  name: string;
  group: string | null;
}

function fromParsed<T extends ParsedValue>(p: Parsed<T>, operand: (v: T) => Operand | null): Reading {
  if (p.kind === "missing") return { kind: "blank" };
  if (p.kind === "invalid") return { kind: "invalid", reason: p.reason, reasonEn: p.reasonEn };
  return { kind: "value", value: p.value, operand: operand(p.value), earned: false };
}

const asNumber = (v: number): Operand => v;
type ValueReading = Extract<Reading, { kind: "value" }>;

const yesNoValue = (yes: boolean): ValueReading => ({
  kind: "value",
  value: yes,
  operand: yes ? 1 : 0,
  earned: yes,
});

/** 有/无 written in a yes/no cell ("没有" is 无), or null. */
function haveWordOf(raw: unknown): "有" | "无" | null {
  if (typeof raw !== "string") return null;
  const t = toHalfWidth(raw).trim();
  return t === "有" ? "有" : t === "无" || t === "没有" ? "无" : null;
}

/** A yes/no cell, with 有/无 read as the field says (docs/schemes.md "有 and 无"). */
function readYesNoCell(f: CompiledField, raw: unknown, en: boolean): Reading {
  const word = f.def.haveWords === "absence" || f.def.haveWords === "unclear" ? haveWordOf(raw) : null;
  if (word !== null && f.def.haveWords === "unclear") {
    return {
      kind: "invalid",
      reason: "填“有/无”含义不明，请填是/否",
      reasonEn: "“有/无” is ambiguous here; enter yes or no",
    };
  }
  if (word !== null) {
    const met = word === "无";
    const note = en
      ? `${f.label}: “${word}” read as ${met ? "met" : "not met"}`
      : `${f.def.label}填“${word}”，读作${met ? "达到" : "未达到"}`;
    return { ...yesNoValue(met), note };
  }
  return fromParsed(parseYesNo(raw), (v) => (v ? 1 : 0));
}

/** A count against `minCount` (文体活动次数: 3, "3次"); words are read as yes/no. */
function readCountCell(f: CompiledField, raw: unknown): Reading {
  const n = parseScore(typeof raw === "string" ? raw.replace(/次\s*$/, "") : raw);
  if (n.kind === "value") return yesNoValue(n.value >= (f.def.minCount ?? 1));
  return fromParsed(parseYesNo(raw), (v) => (v ? 1 : 0));
}

const BIT_TEXT = /^\s*[01]\s*$/;

/** A model-organ star: yes/no, or a score earned at `pass`; 1/0 are points only in a score column. */
function readStarCell(f: CompiledField, raw: unknown, scoreColumn: boolean): Reading {
  if (typeof raw === "boolean") return { kind: "value", value: raw, operand: null, earned: raw };
  const yn = parseYesNo(raw);
  if (yn.kind === "missing") return { kind: "blank" };
  const bit =
    typeof raw === "number" ? raw === 0 || raw === 1 : typeof raw === "string" && BIT_TEXT.test(raw);
  if (yn.kind === "value" && !(bit && scoreColumn)) {
    return { kind: "value", value: yn.value, operand: null, earned: yn.value };
  }
  const score = parseScore(raw);
  if (score.kind !== "value")
    return {
      kind: "invalid",
      reason: yn.kind === "invalid" ? yn.reason : "",
      reasonEn: yn.kind === "invalid" ? yn.reasonEn : "",
    };
  const pass = f.def.pass ?? f.def.max ?? Number.POSITIVE_INFINITY;
  return { kind: "value", value: score.value, operand: score.value, earned: score.value >= pass };
}

/** The name is shown (and published) as typed: only surrounding whitespace is removed. */
function readTextCell(f: CompiledField, raw: unknown): Reading {
  const p = parseText(raw);
  if (p.kind === "value" && f.def.role === "name" && typeof raw === "string") {
    return { kind: "value", value: raw.trim(), operand: raw.trim(), earned: false };
  }
  return fromParsed(p, (v) => v);
}

function readCell(table: TableContext, f: CompiledField, raw: unknown): Reading {
  switch (f.reader) {
    case "score":
      return fromParsed(parseScore(raw), asNumber);
    case "percent":
      return fromParsed(parsePercent(raw), asNumber);
    case "stars":
      return fromParsed(parseStars(raw), asNumber);
    case "yesno":
      return readYesNoCell(f, raw, table.cr.lang === "en");
    case "count":
      return readCountCell(f, raw);
    case "star":
      return readStarCell(f, raw, table.scoreColumns.has(f.index));
    case "text":
      return readTextCell(f, raw);
  }
}

/** "服务体系" → "服务体系分数", but "考核分数"/"考核得分"/"总分" stay as they are (no "分数分数"). */
function scoreLabelZh(label: string): string {
  return /(?:分数|得分|分|分值)$/.test(label) ? label : label + "分数";
}

/** The flag (and not-rated reason) of a cell that cannot be used, or null when it can. */
function problemOf(
  f: CompiledField,
  reading: Reading,
  en: boolean,
): { flag: Omit<Flag, "cell">; blocks: boolean } | null {
  if (reading.kind === "blank") {
    if (!f.needed) return null;
    const message = en
      ? `${f.label} is missing`
      : `缺少${f.reader === "star" ? f.def.label : scoreLabelZh(f.def.label)}`;
    return { flag: { code: "MISSING_VALUE", severity: "error", message }, blocks: true };
  }
  if (reading.kind === "invalid") {
    const message = en ? `${f.label}: ${reading.reasonEn}` : `${f.def.label}：${reading.reason}`;
    return {
      flag: { code: "INVALID_VALUE", severity: f.needed ? "error" : "warning", message },
      blocks: f.needed,
    };
  }
  const v = reading.operand;
  if (f.max === null || typeof v !== "number" || (v >= 0 && v <= f.max)) return null;
  const range = `${formatTrim(v)}`;
  const message = en
    ? `${f.label} ${range} is outside 0–${formatTrim(f.max)}`
    : `${f.def.label}${range}超出0–${formatTrim(f.max)}`;
  return {
    flag: { code: "OUT_OF_RANGE", severity: f.scores ? "error" : "warning", message },
    blocks: f.scores,
  };
}

function cellOf(reading: Reading, problem: boolean): Cell {
  if (reading.kind === "value" && !problem) {
    return { kind: "value", value: reading.value, operand: reading.operand, earned: reading.earned };
  }
  return reading.kind === "blank" ? { kind: "blank" } : { kind: "invalid" };
}

/** Reads every field of the row. */
export function readRow(table: TableContext, row: InputRow): RowRead {
  const en = table.cr.lang === "en";
  const raw: Record<string, unknown> = row.cells && typeof row.cells === "object" ? row.cells : {};
  const out: RowRead = {
    cells: [],
    values: {},
    flags: [],
    notRatedWhy: [],
    notes: [],
    name: "",
    group: null,
  };
  for (const f of table.cr.fields) {
    if (!table.present[f.index]) {
      out.cells.push({ kind: "absent" });
      if (f.needed) out.notRatedWhy.push(en ? `${f.label} missing` : `缺少${f.def.label}`);
      continue;
    }
    const reading = readCell(table, f, raw[f.id]);
    const problem = problemOf(f, reading, en);
    if (problem) {
      out.flags.push({ ...problem.flag, cell: table.cellAddress(f.index, row.row) });
      if (problem.blocks) out.notRatedWhy.push(problem.flag.message);
    }
    const cell = cellOf(reading, problem !== null);
    out.cells.push(cell);
    if (cell.kind === "value") out.values[f.id] = cell.value;
    if (reading.kind === "value" && reading.note && !problem) out.notes.push(reading.note);
  }
  out.name = table.cr.name ? textOf(out.cells[table.cr.name.index]) : "";
  const group = table.cr.group ? textOf(out.cells[table.cr.group.index]) : "";
  out.group = group === "" ? null : group;
  return out;
}

function textOf(cell: Cell | undefined): string {
  return cell?.kind === "value" && typeof cell.value === "string" ? cell.value : "";
}
