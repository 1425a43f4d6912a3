/**
 * Table-level flags across rows (SPEC §4.1 "Table-level", docs/schemes.md "Flag codes"): the same
 * branch name on several rows, and a `onePerGroup` claim (标准13 考核排名第一) made by several rows
 * of one group.
 */
import { msg, type Message } from "../messages";
import { SPACING, cleanText, toHalfWidth, withoutSpacing } from "./cells";
import { makeFlag } from "./flag";
import { sortFlags } from "./labels";
import type { TableContext } from "./table";
import type { Flag, RowResult } from "./types";

/** How many other rows a DUPLICATE_NAME message names before it says "and N more". */
const DUPLICATE_ROWS_SHOWN = 5;

/**
 * The name as compared for duplicates: half-width, whitespace and zero-width characters removed
 * ("Ａ支部 " = "A支部"; a name pasted from a web page may carry an invisible U+200B).
 */
export function nameKey(name: string): string {
  const half = toHalfWidth(name);
  return SPACING.test(half) ? withoutSpacing(half) : half;
}

/** FNV-1a over a key's UTF-16 code units. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The rows sharing a key with another row, by key (in first-seen order); rows keyed null are left out. */
function groupBy(rows: RowResult[], key: (r: RowResult) => string | null): RowResult[][] {
  // A table of row indexes by key, sized once (open addressing): nearly every key is unique, and a
  // Map of 100,000 keys grew by rehashing into ever larger tables (~40 against ~10 ms).
  const keys = new Array<string | null>(rows.length);
  let size = 16;
  while (size < rows.length * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  // The rows of each repeated key, by the index of its first row.
  const groups = new Map<number, RowResult[]>();
  for (let i = 0; i < rows.length; i++) {
    const k = key(rows[i]!);
    keys[i] = k;
    if (k === null) continue;
    for (let at = hashOf(k) & mask; ; at = (at + 1) & mask) {
      const first = slots[at]!;
      if (first < 0) {
        slots[at] = i;
        break;
      }
      if (keys[first] !== k) continue;
      const group = groups.get(first);
      if (group) group.push(rows[i]!);
      else groups.set(first, [rows[first]!, rows[i]!]);
      break;
    }
  }
  return [...groups.keys()].sort((a, b) => a - b).map((first) => groups.get(first)!);
}

function addFlag(r: RowResult, flag: Flag): void {
  r.flags = sortFlags([...r.flags, flag]);
}

function duplicateMessage(r: RowResult, rows: number[]): Message {
  // Name a few of the other rows, not all: one name pasted into thousands of rows would otherwise
  // carry a message per row that grows with the square of the table.
  const others = rows.filter((x) => x !== r.row).slice(0, DUPLICATE_ROWS_SHOWN);
  return msg("DUPLICATE_NAME", { name: r.name, others, more: rows.length - 1 - others.length });
}

/** DUPLICATE_NAME on every copy of a name (compared without whitespace and width). */
export function flagDuplicateNames(table: TableContext, results: RowResult[]): void {
  for (const list of groupBy(results, (r) => (r.name ? nameKey(r.name) : null))) {
    const rows = list.map((r) => r.row).sort((a, b) => a - b);
    for (const r of list) {
      const cell = table.cellAddress(table.cr.name?.index, r.row);
      addFlag(r, makeFlag(table.cr.lang, "DUPLICATE_NAME", "warning", duplicateMessage(r, rows), cell));
    }
  }
}

/** ONE_PER_GROUP_REPEATED: a yes in a `onePerGroup` column on several rows of one group (or table). */
export function flagRepeatedClaims(table: TableContext, results: RowResult[]): void {
  const hasGroups = table.cr.group !== null && table.present[table.cr.group.index];
  for (const f of table.cr.fields) {
    if (!f.def.onePerGroup || !table.present[f.index]) continue;
    // Groups compared folded: 所属党委 is kept as typed (full-width or not).
    for (const list of groupBy(results, (r) => (r.values[f.id] === true ? cleanText(r.group ?? "") : null))) {
      const group = list[0]!.group ?? "";
      const named = hasGroups && group !== "";
      for (const r of list) {
        const others = list.filter((x) => x !== r).map((x) => x.row);
        const text = msg("ONE_PER_GROUP_REPEATED", { field: f.names, others, group: named ? group : null });
        const cell = table.cellAddress(f.index, r.row);
        addFlag(r, makeFlag(table.cr.lang, "ONE_PER_GROUP_REPEATED", "warning", text, cell));
      }
    }
  }
}
