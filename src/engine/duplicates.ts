/**
 * Table-level flags across rows (SPEC §4.1 "Table-level", docs/schemes.md "Flag codes"): the same
 * branch name on several rows, and a `onePerGroup` claim (标准13 考核排名第一) made by several rows
 * of one group.
 */
import { msg, type Message } from "../messages";
import { toHalfWidth } from "./cells";
import { makeFlag } from "./flag";
import { sortFlags } from "./labels";
import type { TableContext } from "./table";
import type { Flag, RowResult } from "./types";

/** How many other rows a DUPLICATE_NAME message names before it says "and N more". */
const DUPLICATE_ROWS_SHOWN = 5;

/** The name as compared for duplicates: half-width, whitespace removed ("Ａ支部 " = "A支部"). */
export function nameKey(name: string): string {
  const half = toHalfWidth(name);
  return SPACE.test(half) ? half.replace(/\s+/g, "") : half;
}

const SPACE = /\s/;

/** The rows sharing a key with another row, by key (in first-seen order); rows keyed null are left out. */
function groupBy(rows: RowResult[], key: (r: RowResult) => string | null): RowResult[][] {
  // One map look-up per row: nearly every key is unique, so a key seen once keeps only its row's
  // index, and a list is made when a second row has it.
  const firstRow = new Map<string, number>();
  const groups = new Map<string, { first: number; rows: RowResult[] }>();
  for (let i = 0; i < rows.length; i++) {
    const k = key(rows[i]!);
    if (k === null) continue;
    const first = firstRow.get(k);
    if (first === undefined) {
      firstRow.set(k, i);
      continue;
    }
    const group = groups.get(k);
    if (group) group.rows.push(rows[i]!);
    else groups.set(k, { first, rows: [rows[first]!, rows[i]!] });
  }
  return [...groups.values()].sort((a, b) => a.first - b.first).map((g) => g.rows);
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
    for (const list of groupBy(results, (r) => (r.values[f.id] === true ? (r.group ?? "") : null))) {
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
