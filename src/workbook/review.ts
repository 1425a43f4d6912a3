/**
 * 评定核查 (SPEC §6; docs/owned-sheets.md), for the person doing the rating: every flag in words with
 * its branch and cell (one column, "F13"), errors first; what was not checked for lack of a column;
 * how the table was read; then the tables other features hand in (merge, last year's results, 定稿,
 * history: ReviewSection). Flag codes never appear here: only their messages.
 */
import { columnLetter } from "../engine";
import type { Flag, Lang, RowResult, Severity } from "../engine/types";
import { msg, render, type SheetWord } from "../messages";
import type { CellFormat, PlanOp, ReviewSection, WriteValue } from "./model";
import { branchName, documentStem, editedLine, schemeLine, word, type OwnedInput } from "./owned";
import { headerTopRow } from "./page";
import { SheetDoc, type DocColumn } from "./sheetdoc";

/** The 行号 cell's look. */
const ROW_NUMBER_FORMAT: CellFormat = { horizontal: "center" };
/**
 * The formats of a flag's row (级别 coloured by severity, 行号 centred): one array per severity, so
 * the rows of a 10,000-flag list share three (sheetdoc.ts SheetDoc.table).
 */
const SEVERITY_FORMATS: Record<Severity, (CellFormat | null)[]> = {
  error: [{ fontColor: "#C00000", bold: true }, ROW_NUMBER_FORMAT],
  warning: [{ fontColor: "#9C5700" }, ROW_NUMBER_FORMAT],
  info: [{ fontColor: "#404040" }, ROW_NUMBER_FORMAT],
};
/** Table-level flags that describe how the table was read, not something to fix. */
const READING_CODES = new Set(["BLOCKS_READ", "ROWS_SKIPPED"]);
/** Rows of the flag list written at most (every branch's flags are in its own row's 评定标记 too). */
export const REVIEW_LIST_LIMIT = 10_000;

export interface ReviewInput extends OwnedInput {
  /** Result columns as placed (letters), for the "how it was read" lines. */
  resultColumns: string[];
  sections: readonly ReviewSection[];
}

interface Entry {
  flag: Flag;
  row: RowResult | null;
}

const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** The rows in row order: as the evaluation lists them, or sorted (stably) when a caller's order differs. */
function rowsInOrder(rows: readonly RowResult[]): readonly RowResult[] {
  for (let i = 1; i < rows.length; i++)
    if (rows[i]!.row < rows[i - 1]!.row) return [...rows].sort((a, b) => a.row - b.row);
  return rows;
}

function severityCounts(tableFlags: readonly Flag[], rows: readonly RowResult[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of tableFlags) counts[f.severity]++;
  // Indexed: a for…of allocates an iterator and its results per row until V8 optimises it.
  for (let i = 0; i < rows.length; i++) {
    const flags = rows[i].flags;
    for (let j = 0; j < flags.length; j++) counts[flags[j].severity]++;
  }
  return counts;
}

/**
 * The first `limit` flags, errors first, then warnings, then infos; within each, the table's
 * first, then by row, each row's in its own order. Only those listed become entries: a
 * 100,000-row table has ~66,000 flags.
 */
function listedEntries(tableFlags: readonly Flag[], rows: readonly RowResult[], limit: number): Entry[] {
  const out: Entry[] = [];
  for (const severity of SEVERITIES) {
    for (const flag of tableFlags) if (flag.severity === severity) out.push({ flag, row: null });
    for (let i = 0; i < rows.length; i++) {
      if (out.length >= limit) return out.slice(0, limit);
      const row = rows[i];
      const flags = row.flags;
      for (let j = 0; j < flags.length; j++)
        if (flags[j].severity === severity) out.push({ flag: flags[j], row });
    }
  }
  return out.slice(0, limit);
}

function heading(doc: SheetDoc, lang: Lang, n: number, title: string): void {
  doc.heading(render(msg("SHEET_HEADING", { n, title }), lang));
}

function flagList(doc: SheetDoc, input: ReviewInput, w: (x: SheetWord) => string): void {
  const { lang } = input;
  const tableFlags = input.evaluation.tableFlags.filter(
    (f) => f.code !== "NOT_CHECKED" && !READING_CODES.has(f.code),
  );
  const rows = rowsInOrder(input.evaluation.rows);
  const bySeverity = severityCounts(tableFlags, rows);
  const counts = { errors: bySeverity.error, warnings: bySeverity.warning, infos: bySeverity.info };
  const total = counts.errors + counts.warnings + counts.infos;
  heading(doc, lang, 1, w("flagged"));
  if (total === 0) {
    doc.para(w("nothingFlagged"));
    doc.blank();
    return;
  }
  doc.para(render(msg("SHEET_REVIEW_COUNTS", counts), lang));
  const t = doc.table([
    { header: w("severity"), kind: "short" },
    { header: w("row"), kind: "num" },
    { header: w("branch"), kind: "name" },
    { header: w("cell"), kind: "short" },
    { header: w("message"), kind: "text", cap: 44 },
  ]);
  const shown = Math.min(total, REVIEW_LIST_LIMIT);
  const listed = listedEntries(tableFlags, rows, shown);
  const severityWords = { error: w("error"), warning: w("warning"), info: w("info") };
  for (const { flag, row } of listed) {
    t.row(
      [
        severityWords[flag.severity],
        row ? row.row : null,
        row ? branchName(row, lang) : w("wholeTable"),
        flag.cell ?? "",
        flag.message,
      ],
      SEVERITY_FORMATS[flag.severity],
    );
  }
  if (total > shown) doc.para(render(msg("SHEET_LIST_LIMIT", { count: total, shown }), lang));
  doc.blank();
}

function notChecked(doc: SheetDoc, input: ReviewInput, w: (x: SheetWord) => string): void {
  heading(doc, input.lang, 2, w("notChecked"));
  const flags = input.evaluation.tableFlags.filter((f) => f.code === "NOT_CHECKED");
  if (flags.length === 0) doc.para(w("allChecked"));
  else {
    const t = doc.table(
      [
        { header: w("no"), kind: "num" },
        { header: w("message"), kind: "text" },
      ],
      { spanLast: true },
    );
    flags.forEach((f, i) => t.row([i + 1, f.message]));
  }
  doc.blank();
}

function howRead(doc: SheetDoc, input: ReviewInput, w: (x: SheetWord) => string): void {
  const { lang, layout, sheet, rubric } = input;
  heading(doc, lang, 3, w("howRead"));
  doc.para(render(msg("SHEET_READ_SHEET", { sheet: layout.sheet }), lang));
  doc.para(
    render(msg("SHEET_READ_HEADER", { first: headerTopRow(sheet, layout), last: layout.headerRow }), lang),
  );
  const rows = layout.dataRows;
  doc.para(
    render(
      msg("SHEET_READ_ROWS", { first: rows[0] ?? 0, last: rows[rows.length - 1] ?? 0, count: rows.length }),
      lang,
    ),
  );
  if (input.resultColumns.length > 0) {
    const cols = input.resultColumns;
    const toIndex = (l: string): number => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const contiguous = cols.every((c, i) => i === 0 || toIndex(c) === toIndex(cols[i - 1]!) + 1);
    const columns =
      cols.length === 1
        ? cols[0]!
        : contiguous
          ? `${cols[0]}–${cols[cols.length - 1]}`
          : cols.join(lang === "en" ? ", " : "、");
    doc.para(render(msg("SHEET_READ_RESULTS", { columns }), lang));
  }
  for (const f of input.evaluation.tableFlags) if (READING_CODES.has(f.code)) doc.para(f.message);
  const mapped = rubric.fields
    .filter((f) => layout.fields[f.id])
    .sort((a, b) => layout.fields[a.id]!.col - layout.fields[b.id]!.col);
  if (mapped.length > 0) {
    const t = doc.table(
      [
        { header: w("no"), kind: "num" },
        { header: w("column"), kind: "short" },
        { header: w("field"), kind: "name" },
        { header: w("header"), kind: "text" },
      ],
      { spanLast: true },
    );
    mapped.forEach((f, i) => {
      const lf = layout.fields[f.id]!;
      t.row([i + 1, columnLetter(lf.col), lang === "en" ? (f.labelEn ?? f.label) : f.label, lf.header]);
    });
  }
  doc.blank();
}

/** A feature's table, laid out as given: its own columns, text wrapped, the last one spanning. */
function featureSection(doc: SheetDoc, lang: Lang, n: number, section: ReviewSection): void {
  heading(doc, lang, n, section.title);
  if (section.note) doc.para(section.note);
  if (section.header.length > 0) {
    const columns: DocColumn[] = section.header.map((h, i) => ({
      header: h,
      kind: i === section.header.length - 1 ? "text" : "name",
    }));
    // From the 党支部 column on: a feature's first column is usually a name or a time, never as narrow as 级别.
    const t = doc.table(columns, { spanLast: true, startCol: 3 });
    const shown = Math.min(section.rows.length, REVIEW_LIST_LIMIT);
    for (let i = 0; i < shown; i++) t.row(section.rows[i]!.slice(0, columns.length) as WriteValue[]);
    if (section.rows.length > shown)
      doc.para(render(msg("SHEET_LIST_LIMIT", { count: section.rows.length, shown }), lang));
  }
  doc.blank();
}

export function buildReviewOps(input: ReviewInput): PlanOp[] {
  const { lang } = input;
  const w = (x: SheetWord): string => word(lang, x);
  const doc = new SheetDoc();
  doc.title(render(msg("SHEET_REVIEW_TITLE", { base: documentStem(input) }), lang));
  doc.para(schemeLine(input));
  const edited = editedLine(input);
  if (edited) doc.para(edited);
  doc.blank();
  flagList(doc, input, w);
  notChecked(doc, input, w);
  howRead(doc, input, w);
  input.sections.forEach((s, i) => featureSection(doc, lang, 4 + i, s));
  return doc.emit(input.names.review, input.lang);
}

/** Letters of the result columns, left to right. */
export function resultLetters(cols: Partial<Record<string, string>>): string[] {
  const toIndex = (l: string): number => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return Object.values(cols)
    .filter((x): x is string => typeof x === "string")
    .sort((a, b) => toIndex(a) - toIndex(b))
    .map((l) => columnLetter(toIndex(l)));
}
