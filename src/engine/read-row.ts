/**
 * Stage 1 of a row (SPEC §4.1, §3.1): read every mapped cell. A missing or unreadable required
 * criterion, or one outside 0..max, makes the row not rated; an unreadable optional cell is flagged
 * and counts as blank (docs/schemes.md "Blank cell").
 */
import { formatTrim } from "./decimal";
import {
  cleanText,
  describeRaw,
  readCount,
  readPercent,
  readScore,
  readStars,
  readText,
  readYesNo,
  toHalfWidth,
  type NoValue,
} from "./cells";
import type { CompiledField } from "./compiled";
import type { Operand } from "./conditions";
import type { TableContext } from "./table";
import { msg, render, type Message } from "../messages";
import { makeFlag } from "./flag";
import type { Flag, InputRow, ParsedValue } from "./types";

/** A cell of the row as the later stages see it. */
export type Cell =
  | { kind: "absent" }
  | { kind: "blank" }
  /** Filled but unreadable or out of range: read as blank, but messages say 无效, not 未填. */
  | { kind: "invalid" }
  /** `operand` is what conditions compare (null: a yes/no star, which has no number). */
  | { kind: "value"; value: ParsedValue; operand: Operand | null; earned: boolean };

/**
 * A value cell: what the later stages see, plus how 有/无 was read (for the explanation), or a
 * warning about how it was read (a 1 read as 1 point: STAR_ONE_AS_POINTS).
 */
type ValueReading = Extract<Cell, { kind: "value" }> & { note?: Message; warning?: Message };

type Reading = { kind: "blank" } | { kind: "invalid"; reason: Message } | ValueReading;

// Cells that carry nothing are shared: a row of 15 cells then allocates only for its values.
const ABSENT_CELL: { kind: "absent" } = Object.freeze({ kind: "absent" });
const BLANK_CELL: { kind: "blank" } = Object.freeze({ kind: "blank" });
const INVALID_CELL: { kind: "invalid" } = Object.freeze({ kind: "invalid" });

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

/**
 * A value cell. Made in this one place, so that every value cell has one shape whose `value` holds
 * numbers, text and booleans alike: V8 then stores a number as it is instead of boxing a copy.
 */
function valueCell(value: ParsedValue, operand: Operand | null, earned: boolean): ValueReading {
  return { kind: "value", value, operand, earned };
}

/** A cell with no value: blank, or invalid with the reason. */
function noValue(v: NoValue): Reading {
  return v.kind === "missing" ? BLANK_CELL : v;
}

/** A number cell (score, percent, stars): its value is what conditions compare. */
function numberReading(v: number | NoValue): Reading {
  return typeof v === "number" ? valueCell(v, v, false) : noValue(v);
}

/** A yes/no: compared as 1 or 0, and a met standard. */
function yesNoReading(v: boolean | NoValue): Reading {
  return typeof v === "boolean" ? valueCell(v, v ? 1 : 0, v) : noValue(v);
}

/** 有/无 written in a yes/no cell ("没有" is 无), or null. */
function haveWordOf(raw: unknown): "有" | "无" | null {
  if (typeof raw !== "string") return null;
  const t = toHalfWidth(raw).trim();
  return t === "有" ? "有" : t === "无" || t === "没有" ? "无" : null;
}

/**
 * Words that judge (met or not, right or wrong) rather than answer: read as yes/no, they would be
 * backwards in a fault column (差错「不符合」as 否 = no errors), so they are refused there.
 */
const STANDARD_WORDS = new Set([
  "达标",
  "已达标",
  "未达标",
  "不达标",
  "合格",
  "不合格",
  "通过",
  "已通过",
  "未通过",
  "不通过",
  "完成",
  "已完成",
  "未完成",
  "没完成",
  "符合",
  "不符合",
  "对",
  "错",
]);

/** A yes/no cell, with 有/无 read as the field says (docs/schemes.md "有 and 无"). */
function readYesNoCell(f: CompiledField, raw: unknown): Reading {
  if (f.def.haveWords === "fault" && typeof raw === "string" && STANDARD_WORDS.has(toHalfWidth(raw).trim())) {
    return { kind: "invalid", reason: msg("CELL_HAVE_WORD_UNCLEAR", { words: toHalfWidth(raw).trim() }) };
  }
  const word = f.def.haveWords === "absence" || f.def.haveWords === "unclear" ? haveWordOf(raw) : null;
  if (word !== null && f.def.haveWords === "unclear") {
    return { kind: "invalid", reason: msg("CELL_HAVE_WORD_UNCLEAR", { words: "有/无" }) };
  }
  if (word !== null) {
    const met = word === "无";
    const note = msg("HAVE_WORD_READ", { field: f.names, word, met });
    return { ...valueCell(met, met ? 1 : 0, met), note };
  }
  return yesNoReading(readYesNo(raw));
}

/** A count against `minCount` (文体活动次数: 3, "3次", "两次"); a yes/no word is refused (readCount). */
function readCountCell(f: CompiledField, raw: unknown): Reading {
  const n = readCount(raw);
  return typeof n === "number" ? yesNoReading(n >= (f.def.minCount ?? 1)) : noValue(n);
}

/** Stars: 五星级, ★★★, 3 (readStars), or one of the rubric's own tier names (示范党支部, 不合格). */
function readTierStars(f: CompiledField, raw: unknown): number | NoValue {
  const v = readStars(raw);
  if (typeof v === "number" || v.kind === "missing" || typeof raw !== "string") return v;
  return f.tierStars?.get(cleanText(raw)) ?? v;
}

const BIT_TEXT = /^\s*[01]\s*$/;

/** A model-organ star: yes/no, or a score earned at `pass`; 1/0 are points only in a score column. */
function readStarCell(f: CompiledField, raw: unknown, scoreColumn: boolean): Reading {
  if (typeof raw === "boolean") return valueCell(raw, null, raw);
  const yn = readYesNo(raw);
  if (typeof yn !== "boolean" && yn.kind === "missing") return BLANK_CELL;
  const bit =
    typeof raw === "number" ? raw === 0 || raw === 1 : typeof raw === "string" && BIT_TEXT.test(raw);
  if (typeof yn === "boolean" && !(bit && scoreColumn)) {
    return valueCell(yn, null, yn);
  }
  const score = readScore(raw);
  if (typeof score !== "number") {
    return { kind: "invalid", reason: typeof yn === "boolean" ? msg("TEXT", { zh: "" }) : yn.reason };
  }
  const pass = f.def.pass ?? f.def.max ?? Number.POSITIVE_INFINITY;
  const cell = valueCell(score, score, score >= pass);
  // A 1 would be 是 in a column of 是/否: read as 1 point because another row holds a score, it
  // costs this row the star, which the row itself gives no reason for. Said where it happens.
  if (score === 1 && bit && score < pass)
    return {
      ...cell,
      warning: msg("STAR_ONE_AS_POINTS", { field: f.names, pass: formatTrim(pass), yes: "是" }),
    };
  return cell;
}

/**
 * The name is shown (and published) as typed: only surrounding whitespace is removed. A category
 * with `values` takes only those: 优秀 for 先进/一般/后进 is refused, not passed over.
 */
function readTextCell(f: CompiledField, raw: unknown): Reading {
  const v = readText(raw);
  if (typeof v !== "string") return noValue(v);
  if (f.values !== null && !f.values.has(v)) {
    return {
      kind: "invalid",
      reason: msg("CELL_NOT_A_VALUE", { raw: describeRaw(raw), values: f.def.values ?? [] }),
    };
  }
  // Names and 所属党委 are published as typed (（机关党委） stays full-width); they are compared folded.
  const text = (f.def.role === "name" || f.def.role === "group") && typeof raw === "string" ? raw.trim() : v;
  return valueCell(text, text, false);
}

function readCell(table: TableContext, f: CompiledField, raw: unknown): Reading {
  switch (f.reader) {
    case "score":
      return numberReading(readScore(raw));
    case "percent":
      return numberReading(readPercent(raw));
    case "stars":
      return numberReading(readTierStars(f, raw));
    case "yesno":
      return readYesNoCell(f, raw);
    case "count":
      return readCountCell(f, raw);
    case "star":
      return readStarCell(f, raw, table.scoreColumns.has(f.index));
    case "text":
      return readTextCell(f, raw);
  }
}

/** What a cell that cannot be used says (and whether the row is then not rated), or null when it can. */
function problemOf(
  f: CompiledField,
  reading: Reading,
): { code: string; severity: Flag["severity"]; text: Message; blocks: boolean } | null {
  if (reading.kind === "blank") {
    if (!f.needed) return null;
    const text = msg("MISSING_VALUE", { field: f.names, star: f.reader === "star" });
    return { code: "MISSING_VALUE", severity: "error", text, blocks: true };
  }
  if (reading.kind === "invalid") {
    const text = msg("INVALID_VALUE", { field: f.names, reason: reading.reason });
    return { code: "INVALID_VALUE", severity: f.needed ? "error" : "warning", text, blocks: f.needed };
  }
  const v = reading.operand;
  if (f.max === null || typeof v !== "number" || (v >= 0 && v <= f.max)) return null;
  // 1e308 typed by mistake is said as such, not as 309 digits.
  const value = Math.abs(v) >= 1e21 ? String(v) : formatTrim(v);
  const text = msg("OUT_OF_RANGE", { field: f.names, value, max: formatTrim(f.max) });
  return { code: "OUT_OF_RANGE", severity: f.scores ? "error" : "warning", text, blocks: f.scores };
}

/** The cell the stages see: a value reading as it is (its note is not read there), else a shared cell. */
function cellOf(reading: Reading, problem: boolean): Cell {
  if (reading.kind === "value" && !problem) return reading;
  return reading.kind === "blank" ? BLANK_CELL : INVALID_CELL;
}

/** Reads every field of the row. */
export function readRow(table: TableContext, row: InputRow): RowRead {
  const lang = table.cr.lang;
  const raw: Record<string, unknown> = row.cells && typeof row.cells === "object" ? row.cells : {};
  const fields = table.cr.fields;
  const out: RowRead = {
    cells: new Array<Cell>(fields.length),
    values: {},
    flags: [],
    notRatedWhy: [],
    notes: [],
    name: "",
    group: null,
  };
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (!table.present[i]) {
      out.cells[i] = ABSENT_CELL;
      if (f.needed) out.notRatedWhy.push(render(msg("COLUMN_ABSENT", { field: f.names }), lang));
      continue;
    }
    const reading = readCell(table, f, raw[f.id]);
    const problem = problemOf(f, reading);
    if (problem) {
      const cell = table.cellAddress(f.index, row.row);
      const flag = makeFlag(lang, problem.code, problem.severity, problem.text, cell);
      out.flags.push(flag);
      if (problem.blocks) out.notRatedWhy.push(flag.message);
    }
    const cell = cellOf(reading, problem !== null);
    out.cells[i] = cell;
    if (cell.kind === "value") out.values[f.id] = cell.value;
    if (reading.kind === "value" && reading.note && !problem) out.notes.push(render(reading.note, lang));
    if (reading.kind === "value" && reading.warning) {
      const at = table.cellAddress(f.index, row.row);
      out.flags.push(makeFlag(lang, "STAR_ONE_AS_POINTS", "warning", reading.warning, at));
    }
  }
  out.name = table.cr.name ? textOf(out.cells[table.cr.name.index]) : "";
  const group = table.cr.group ? textOf(out.cells[table.cr.group.index]) : "";
  out.group = group === "" ? null : group;
  return out;
}

function textOf(cell: Cell | undefined): string {
  return cell?.kind === "value" && typeof cell.value === "string" ? cell.value : "";
}
