/**
 * 新建评分表 (SPEC §8): a scoring sheet for a rubric in the standard layout — title row, header row
 * with "（20分）" annotations, data validation, frozen header, widths, a 序号 column — optionally
 * filled with the deterministic sample rows of samples.ts.
 *
 * Headers stay Chinese in both languages: they are what the header matcher reads back, and an
 * office's scoring sheet is a Chinese document. Titles and validation messages follow `lang`.
 *
 * Fields offered only as an alternative inside an `any` condition (文体活动次数 beside 标准7) are
 * left out of a blank template, which keeps it one column per standard; the sample sets choose
 * their own columns.
 */
import { forEachLeaf, leavesOf } from "../engine/conditions";
import type { FieldDef, Lang, Rubric } from "../engine/types";
import type { CellFormat, PlanOp, WritePlan, WriteValue } from "./model";
import { pageNumbersIn, pagesWide } from "./page";
import { sampleRows, type SampleSet } from "./samples";
import { TABLE_HEADER_FORMAT } from "./summary";
import { tierList } from "./tiers";
import { LINE_HEIGHT, pick, wrappedLines } from "./util";

export type { SampleSet } from "./samples";
export { sampleRows } from "./samples";

export interface TemplateOptions {
  /** Blank rows to prepare (default 30); with `sample`, at least the sample's rows. */
  rows?: number;
  sample?: boolean;
  lang?: Lang;
  /** Default 评分表 (Scoring sheet in English), made unique against `existingSheets`. */
  sheetName?: string;
  /** Sheet names already in the workbook: the template never lands on one of them. */
  existingSheets?: string[];
  /** Title row text; default from the sample or the rubric name. */
  title?: string;
}

export interface TemplateBuild {
  sheet: string;
  plan: WritePlan;
  /** 1-based header row of the new sheet. */
  headerRow: number;
  /** Field ids of the columns after 序号, left to right. */
  fields: string[];
}

const TITLE_FORMAT: CellFormat = { bold: true, horizontal: "center" };

/**
 * Fields tested only as a later alternative inside an `any` or a skipping `all` (the first branch is the primary form:
 * 标准7 是/否 before 文体活动次数, 标准9 before 参加率 + 合格率). A field also used elsewhere stays.
 */
function alternativeFields(rubric: Rubric): Set<string> {
  const primary = new Set<string>();
  const later = new Set<string>();
  for (const rule of rubric.rules) {
    forEachLeaf(rule.when, (leaf, place) => {
      if (!leaf.field.startsWith("$")) (place.alternative ? later : primary).add(leaf.field);
    });
  }
  return new Set([...later].filter((id) => !primary.has(id)));
}

export function headerText(f: FieldDef, rubric: Rubric): string {
  if (f.role === "criterion" && f.max !== undefined) return `${f.label}（${f.max}分）`;
  if (f.role === "total" && f.max !== undefined && rubric.score.method === "column")
    return `${f.label}（满分${f.max}）`;
  return f.label;
}

/**
 * Category choices: each value the field takes (`values`), written as the first value of a rule's `in`
 * list that holds it (先进党支部 → 先进), without repeats. A field without `values` takes any text: a
 * list of the tested values would refuse what the scorer reads, so there is none.
 */
function categoryChoices(rubric: Rubric, f: FieldDef): string[] {
  if (!f.values) return [];
  const takes = new Set(f.values);
  const firstOf = new Map<string, string>();
  for (const rule of rubric.rules) {
    for (const c of leavesOf(rule.when)) {
      if (c.field !== f.id || c.op !== "in" || !Array.isArray(c.value)) continue;
      const first = c.value[0];
      if (typeof first !== "string" || !takes.has(first)) continue;
      for (const v of c.value) if (typeof v === "string" && !firstOf.has(v)) firstOf.set(v, first);
    }
  }
  return [...new Set(f.values.map((v) => firstOf.get(v) ?? v))];
}

function columnWidth(f: FieldDef): number {
  switch (f.role) {
    case "name":
      return 22;
    case "group":
      return 16;
    case "text":
      return 20;
    case "check":
      return f.label.length > 6 ? 12 : 9;
    default:
      return 11;
  }
}

type Validation = { rule: Extract<PlanOp, { kind: "validation" }>["rule"]; numFmt?: string };

/** 0 to `max`, decimals allowed: scores and numbers. */
function rangeRule(max: number, message: string): Validation {
  return { rule: { kind: "decimal", min: 0, max, message } };
}

/** A count of activities is a whole number: 2.5 was accepted here and then read as 2.5 times. */
function countRule(lang: Lang): Validation {
  return {
    rule: {
      kind: "whole",
      min: 0,
      max: 366,
      message: pick(
        lang,
        "请输入整数次数（0到366），不能有小数",
        "Enter a whole number of times (0 to 366), no decimals",
      ),
      prompt: pick(
        lang,
        "填写次数：0或正整数，如 2",
        "Type the number of times: 0 or a whole number, e.g. 2",
      ),
    },
  };
}

/** Excel's limit on a list written out in the rule ("是,否"): a longer one is dropped when the file opens. */
const LIST_CHARS = 255;

/**
 * A drop-down list, or none when Excel cannot hold it: an item with a comma would split in two
 * (好,较好 as 好 and 较好, neither a value), and a list over 255 characters makes Excel repair the file.
 */
function listRule(items: string[], message: string): Validation | null {
  const written = items.map((item) => item.replace(/"/g, '""')).join(",");
  if (items.some((item) => item.includes(",")) || written.length > LIST_CHARS) return null;
  return { rule: { kind: "list", items, message } };
}

function validationFor(f: FieldDef, rubric: Rubric, lang: Lang): Validation | null {
  switch (f.role) {
    case "criterion":
    case "total":
      // Count-tier stars take yes/no or a score in the same column: no validation can allow both.
      if (rubric.tiers.kind === "count" || f.max === undefined) return null;
      return rangeRule(f.max, pick(lang, `请输入0到${f.max}之间的分数`, `Enter a score from 0 to ${f.max}`));
    case "number":
      if (f.max === undefined) return null;
      return rangeRule(f.max, pick(lang, `请输入0到${f.max}之间的数`, `Enter a number from 0 to ${f.max}`));
    case "percent":
      return { ...rangeRule(1, pick(lang, "请输入0%到100%", "Enter 0% to 100%")), numFmt: "0%" };
    case "check":
      if (f.minCount !== undefined) return countRule(lang);
      return listRule(["是", "否"], pick(lang, "请选择「是」或「否」", "Choose 是 (yes) or 否 (no)"));
    case "stars": {
      const tiers = tierList(rubric, "zh").filter((t) => t.stars !== null);
      return listRule(
        tiers.map((t) => t.label),
        pick(lang, "请选择星级", "Choose a tier"),
      );
    }
    case "category": {
      const items = categoryChoices(rubric, f);
      return items.length > 0 ? listRule(items, pick(lang, "请从列表中选择", "Choose from the list")) : null;
    }
    default:
      return null;
  }
}

function uniqueName(base: string, existing: string[]): string {
  const taken = (n: string): boolean => existing.some((e) => e.toLowerCase() === n.toLowerCase());
  if (!taken(base)) return base;
  for (let k = 2; ; k++) {
    const suffix = ` (${k})`;
    const name = base.slice(0, 31 - suffix.length) + suffix;
    if (!taken(name)) return name;
  }
}

/**
 * Headers wrap within their columns ("服务体系（20分）" on two lines, never cut), and the sheet prints
 * like a scored sheet: A4 landscape, as many pages wide as keep its text at 65% or more (page.ts
 * pagesWide: a blank form is filled in by hand, and star-branch's 23 columns on one page printed at
 * 44%), the header row and the columns up to the name column repeated on every page.
 */
function printOps(
  sheet: string,
  headerRow: number,
  header: WriteValue[],
  widths: number[],
  nameCol: number,
  lang: Lang,
): PlanOp[] {
  const lines = Math.max(1, ...header.map((v, i) => wrappedLines(String(v ?? ""), widths[i] ?? 10)));
  const ops: PlanOp[] = [];
  if (lines > 1) ops.push({ kind: "rowHeights", sheet, row: headerRow, heights: [lines * LINE_HEIGHT] });
  const wide = pagesWide(widths, nameCol);
  ops.push({
    kind: "pageSetup",
    sheet,
    setup: {
      paper: "A4",
      orientation: "landscape",
      fitToWidth: true,
      ...(wide > 1 ? { pagesWide: wide } : {}),
      titleRows: { first: headerRow, last: headerRow },
      titleColumns: { first: 1, last: nameCol },
      pageNumbers: true,
      ...pageNumbersIn(lang),
    },
  });
  return ops;
}

/** The plan that creates a scoring sheet for `rubric`. */
export function buildTemplatePlan(rubric: Rubric, opts: TemplateOptions = {}): TemplateBuild {
  const lang: Lang = opts.lang ?? "zh";
  const sheet = uniqueName(
    opts.sheetName ?? pick(lang, "评分表", "Scoring sheet"),
    opts.existingSheets ?? [],
  );
  const sample: SampleSet | null = opts.sample ? sampleRows(rubric) : null;
  const byId = new Map(rubric.fields.map((f) => [f.id, f]));
  const alternatives = alternativeFields(rubric);
  const fieldIds = sample
    ? sample.fields.filter((id) => byId.has(id))
    : rubric.fields.filter((f) => !alternatives.has(f.id)).map((f) => f.id);
  const fields = fieldIds.map((id) => byId.get(id)!);
  const width = fields.length + 1;
  const title =
    opts.title ??
    sample?.title ??
    pick(lang, `${rubric.name}评分表`, `${rubric.nameEn ?? rubric.name}: scoring sheet`);
  const subtitle = sample?.subtitle ?? null;
  const headerRow = subtitle ? 3 : 2;
  const sampleCount = sample?.rows.length ?? 0;
  const rowCount = Math.max(opts.rows ?? (sample ? 0 : 30), sampleCount);

  const values: WriteValue[][] = [];
  const formats: (CellFormat | null)[][] = [];
  const pad = <T>(line: T[], fill: T): T[] => {
    while (line.length < width) line.push(fill);
    return line;
  };
  values.push(pad([title], null));
  formats.push(pad([TITLE_FORMAT], null));
  if (subtitle) {
    values.push(pad([subtitle], null));
    formats.push(pad([null], null));
  }
  values.push(["序号", ...fields.map((f) => headerText(f, rubric))]);
  formats.push(pad([], TABLE_HEADER_FORMAT));

  const validations = fields.map((f) => validationFor(f, rubric, lang));
  for (let i = 0; i < rowCount; i++) {
    const data = sample?.rows[i];
    values.push([i + 1, ...fields.map((f) => (data ? (data[f.id] ?? null) : null))]);
    formats.push([
      { horizontal: "center" },
      ...fields.map((f, j) => {
        const numFmt = validations[j]?.numFmt;
        // A sample percent typed without the sign (97) sits in a General cell, as in real sheets;
        // under "0%" it would display as 9700%.
        const value = data?.[f.id];
        if (numFmt === "0%" && typeof value === "number" && value > 1) return null;
        return numFmt ? { numFmt } : null;
      }),
    ]);
  }

  const ops: PlanOp[] = [
    { kind: "ensureSheet", sheet, visibility: "visible", clear: true },
    { kind: "values", sheet, row: 1, col: 1, values, formats },
    { kind: "merge", sheet, rect: { top: 1, left: 1, bottom: 1, right: width } },
  ];
  if (subtitle) ops.push({ kind: "merge", sheet, rect: { top: 2, left: 1, bottom: 2, right: width } });
  if (rowCount > 0) {
    validations.forEach((v, j) => {
      if (!v) return;
      ops.push({
        kind: "validation",
        sheet,
        rect: { top: headerRow + 1, left: j + 2, bottom: headerRow + rowCount, right: j + 2 },
        rule: v.rule,
      });
    });
  }
  const nameIndex = fields.findIndex((f) => f.role === "name");
  ops.push({ kind: "freeze", sheet, rows: headerRow, columns: nameIndex >= 0 ? nameIndex + 2 : 1 });
  const widths = [6, ...fields.map(columnWidth)];
  ops.push({ kind: "columnWidths", sheet, col: 1, widths });
  const nameCol = nameIndex >= 0 ? nameIndex + 2 : 1;
  ops.push(...printOps(sheet, headerRow, values[headerRow - 1]!, widths, nameCol, opts.lang ?? "zh"));
  return { sheet, plan: { ops }, headerRow, fields: fieldIds };
}
