/**
 * Table-level flags across rows (SPEC §4.1 "Table-level", docs/schemes.md "Flag codes"): the same
 * branch name on several rows, and a `onePerGroup` claim (标准13 考核排名第一) made by several rows
 * of one group.
 */
import { toHalfWidth } from "./cells";
import { sortFlags } from "./labels";
import type { TableContext } from "./table";
import type { Flag, RowResult } from "./types";

/** How many other rows a DUPLICATE_NAME message names before it says "and N more". */
const DUPLICATE_ROWS_SHOWN = 5;

/** The name as compared for duplicates: half-width, whitespace removed ("Ａ支部 " = "A支部"). */
export function nameKey(name: string): string {
  return toHalfWidth(name).replace(/\s+/g, "");
}

function groupBy(rows: RowResult[], key: (r: RowResult) => string | null): RowResult[][] {
  const groups = new Map<string, RowResult[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()].filter((list) => list.length > 1);
}

function addFlag(r: RowResult, flag: Flag): void {
  r.flags = sortFlags([...r.flags, flag]);
}

function duplicateMessage(table: TableContext, r: RowResult, rows: number[]): string {
  // Name a few of the other rows, not all: one name pasted into thousands of rows would otherwise
  // carry a message per row that grows with the square of the table.
  const others = rows.filter((x) => x !== r.row).slice(0, DUPLICATE_ROWS_SHOWN);
  const more = rows.length - 1 - others.length;
  return table.cr.lang === "en"
    ? `Branch name “${r.name}” also on row ${others.join(", ")}${more > 0 ? ` and ${more} more` : ""}`
    : `党支部名称“${r.name}”重复（另见第${others.join("、")}行${more > 0 ? `等，另有${more}处` : ""}）`;
}

/** DUPLICATE_NAME on every copy of a name (compared without whitespace and width). */
export function flagDuplicateNames(table: TableContext, results: RowResult[]): void {
  for (const list of groupBy(results, (r) => (r.name ? nameKey(r.name) : null))) {
    const rows = list.map((r) => r.row).sort((a, b) => a - b);
    for (const r of list) {
      addFlag(r, {
        code: "DUPLICATE_NAME",
        severity: "warning",
        message: duplicateMessage(table, r, rows),
        cell: table.cellAddress(table.cr.name?.index, r.row),
      });
    }
  }
}

/** ONE_PER_GROUP_REPEATED: a yes in a `onePerGroup` column on several rows of one group (or table). */
export function flagRepeatedClaims(table: TableContext, results: RowResult[]): void {
  const en = table.cr.lang === "en";
  const hasGroups = table.cr.group !== null && table.present[table.cr.group.index];
  for (const f of table.cr.fields) {
    if (!f.def.onePerGroup || !table.present[f.index]) continue;
    for (const list of groupBy(results, (r) => (r.values[f.id] === true ? (r.group ?? "") : null))) {
      const group = list[0]!.group ?? "";
      const named = hasGroups && group !== "";
      for (const r of list) {
        const others = list.filter((x) => x !== r).map((x) => x.row);
        const message = en
          ? `${f.label}: also claimed on row ${others.join(", ")}${named ? ` of “${group}”` : ""}; only one can be, please check`
          : `${f.def.label}：${named ? `“${group}”中` : "本表"}另有第${others.join("、")}行也填“是”，只能有一个，请核实`;
        addFlag(r, {
          code: "ONE_PER_GROUP_REPEATED",
          severity: "warning",
          message,
          cell: table.cellAddress(f.index, r.row),
        });
      }
    }
  }
}
