/**
 * Evaluating a table against a rubric (SPEC §4.1), as stages — each a module with one job:
 * table.ts (the columns present, rules compiled against them), read-row.ts (a row's cells),
 * total.ts (total and tier), gates.ts, vetoes.ts, checks.ts, near-next.ts (eligibility and the
 * near-next note), duplicates.ts (flags across rows). docs/schemes.md describes the rules.
 */
import { msg, steps } from "../messages";
import { makeFlag } from "./flag";
import { SEVERITY_RANK, sortFlags } from "./labels";
import { eligibilityOf, nearNextFlag } from "./near-next";
import { applyChecks } from "./checks";
import { applyGates } from "./gates";
import { applyVetoes, unratedVetoes } from "./vetoes";
import { flagDuplicateNames, flagRepeatedClaims } from "./duplicates";
import { readRow, type RowRead } from "./read-row";
import { compileTable, TEXTS_KEPT, type TableContext } from "./table";
import { scoreRow } from "./total";
import { tierOf, type Outcome } from "./outcome";
import type {
  EvaluateOptions,
  Evaluation,
  Flag,
  InputRow,
  InputTable,
  Lang,
  MappedField,
  Rubric,
  RowResult,
} from "./types";

/**
 * The row's flags, most severe first, in a list of their own length: grown by push, the list the
 * stages filled has room for 17, and a result's flags are kept until the workbook is written.
 */
function keptFlags(flags: Flag[]): Flag[] {
  return flags.length === 0 ? flags : sortFlags(flags).slice();
}

const NO_VETOES = { flags: [], steps: [] } as const;

function notRatedResult(table: TableContext, row: InputRow, read: RowRead): RowResult {
  const label = table.cr.notRated;
  const vetoed = table.vetoes.length > 0 ? unratedVetoes(table, row.row, read.cells) : NO_VETOES;
  return {
    row: row.row,
    name: read.name,
    group: read.group,
    rated: false,
    total: null,
    stars: null,
    tier: label,
    eligibility: "",
    flags: keptFlags(vetoed.flags.length > 0 ? [...read.flags, ...vetoed.flags] : read.flags),
    explanation: steps([...read.notRatedWhy, ...vetoed.steps], table.cr.lang) + " → " + label,
    values: read.values,
  };
}

function missingNameFlag(table: TableContext, row: InputRow, read: RowRead): void {
  const name = table.cr.name;
  if (read.name || !name || !table.present[name.index]) return;
  const cell = table.cellAddress(name.index, row.row);
  read.flags.push(makeFlag(table.cr.lang, "MISSING_NAME", "warning", msg("MISSING_NAME"), cell));
}

/**
 * The first line, then the steps ("总分96.50 → 五星级；…"). Most rows have no steps; a row with one
 * (a gate that capped it) shares its text with the rows of the same total and step, kept per table.
 */
function explanationOf(table: TableContext, firstLine: string, rest: readonly string[]): string {
  if (rest.length === 0) return firstLine;
  if (rest.length > 1) return steps([firstLine, ...rest], table.cr.lang);
  const step = rest[0]!;
  let byFirstLine = table.explanations.get(step);
  const kept = byFirstLine?.get(firstLine);
  if (kept !== undefined) return kept;
  const text = steps([firstLine, step], table.cr.lang);
  if (table.explanationsKept < TEXTS_KEPT) {
    table.explanationsKept++;
    if (!byFirstLine) table.explanations.set(step, (byFirstLine = new Map()));
    byFirstLine.set(firstLine, text);
  }
  return text;
}

/** One row through the stages (SPEC §4.1). */
function evaluateRowIn(table: TableContext, row: InputRow): RowResult {
  const read = readRow(table, row);
  missingNameFlag(table, row, read);
  if (read.notRatedWhy.length > 0) return notRatedResult(table, row, read);
  const scored = scoreRow(table.cr, read.cells, table.totalLines);
  const nextMin = table.cr.nextMin[scored.stars] ?? null;
  const out: Outcome = {
    view: { cells: read.cells, total: scored.total, stars: scored.stars, nextMin },
    capped: false,
    steps: read.notes,
    flags: read.flags,
    row: row.row,
  };
  applyGates(table, out);
  applyVetoes(table, out);
  applyChecks(table, out);
  const near = nearNextFlag(table, out);
  if (near) out.flags.push(near);
  const stars = out.view.stars;
  return {
    row: row.row,
    name: read.name,
    group: read.group,
    rated: true,
    total: scored.total,
    stars,
    tier: tierOf(table, stars),
    eligibility: eligibilityOf(table, stars),
    flags: keptFlags(out.flags),
    explanation: explanationOf(table, scored.firstLine, out.steps),
    values: read.values,
  };
}

/** A row that could not be read at all (a malformed input object): not rated, never a throw. */
function unreadableRow(table: TableContext, row: InputRow): RowResult {
  const label = table.cr.notRated;
  return {
    row: typeof row?.row === "number" ? row.row : 0,
    name: "",
    group: null,
    rated: false,
    total: null,
    stars: null,
    tier: label,
    eligibility: "",
    flags: [makeFlag(table.cr.lang, "INVALID_VALUE", "error", msg("ROW_UNREADABLE"))],
    explanation: label,
    values: {},
  };
}

function safeRow(table: TableContext, row: InputRow): RowResult {
  try {
    return evaluateRowIn(table, row);
  } catch {
    return unreadableRow(table, row);
  }
}

function langOf(opts: EvaluateOptions): Lang {
  return opts.lang === "en" ? "en" : "zh";
}

/** Evaluates every row of a table (SPEC §4.1) plus the table-level checks. Never throws for cell values. */
export function evaluateTable(rubric: Rubric, table: InputTable, opts: EvaluateOptions = {}): Evaluation {
  const rows = Array.isArray(table?.rows) ? table.rows : [];
  const ctx = compileTable(rubric, table?.fields ?? {}, rows, langOf(opts));
  const results = rows.map((row) => safeRow(ctx, row));
  flagDuplicateNames(ctx, results);
  flagRepeatedClaims(ctx, results);
  return {
    rubric: { id: rubric.id, version: rubric.version },
    rows: results,
    tableFlags: ctx.tableFlags.slice().sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]),
  };
}

/**
 * Evaluates one row alone (no duplicate-name check). `fields` says which columns the sheet has;
 * without it, the keys of `row.cells` are taken as present (and flags carry no cell address).
 */
export function evaluateRow(
  rubric: Rubric,
  row: InputRow,
  fields?: Record<string, MappedField>,
  opts: EvaluateOptions = {},
): RowResult {
  const mapped: Record<string, MappedField> =
    fields ??
    Object.fromEntries(
      Object.keys(row?.cells ?? {}).map((k) => [k, { column: "", header: k } satisfies MappedField]),
    );
  return safeRow(compileTable(rubric, mapped, [row], langOf(opts)), row);
}
