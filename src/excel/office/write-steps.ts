/**
 * A write plan's ops as queued steps, each with its estimated request size, for the writer to pack
 * into requests under the budget (docs/office-host.md).
 */
import { msg } from "../../messages";
import type { CellFormat, DataValidationRule, PlanOp, WritePlan } from "../../workbook/model";
import {
  type FormatProbe,
  type LoadedFormat,
  NO_LINE,
  STYLE_KEYS,
  THIN,
  addressChunks,
  applyBorders,
  applyLoadedFormat,
  applyStyle,
  borderRects,
  formatKey,
  formatTargets,
  loadedFormat,
  probeFormat,
  sourceKey,
  uniformEdges,
  verticalRuns,
} from "./format";
import { applyPageSetup } from "./page-layout";
import {
  ACTION_OVERHEAD,
  type AdapterEnv,
  type BatchState,
  type KnownSheets,
  MAX_AREAS_ADDRESS,
  type Step,
  VISIBILITY_OUT,
  type WriteState,
  a1,
  charsToPoints,
  jsonBytes,
  literal,
  rectRange,
  rectA1,
} from "./shared";

/** One action on the rectangle of cells a clear or merge op names. */
function rectStep(op: Extract<PlanOp, { kind: "clear" | "merge" }>, act: (range: Excel.Range) => void): Step {
  return { op, bytes: ACTION_OVERHEAD * 2, emit: (b) => act(rectRange(b.worksheet(op.sheet), op.rect)) };
}

export function stepsFor(env: AdapterEnv, op: PlanOp, state: WriteState): Step[] {
  switch (op.kind) {
    case "ensureSheet":
      return [ensureSheetStep(env, op, state)];
    case "values":
      return valuesSteps(env, op);
    case "clear":
      return [rectStep(op, (range) => range.clear("All" as Excel.ClearApplyTo))];
    case "merge":
      return [rectStep(op, (range) => range.merge(false))];
    case "columnWidths":
      return [
        {
          op,
          bytes: ACTION_OVERHEAD * 3 * op.widths.length,
          emit: (b) => {
            const ws = b.worksheet(op.sheet);
            op.widths.forEach((w, i) => {
              // The plan gives widths in characters (as ExcelJS); Office.js takes points.
              ws.getRangeByIndexes(0, op.col - 1 + i, 1, 1).format.columnWidth = charsToPoints(w);
            });
          },
        },
      ];
    case "freeze":
      return freezeSteps(op);
    case "validation":
      return validationSteps(env, op);
    case "chart":
      return chartSteps(op);
    case "copyFormat":
      return copyFormatSteps(env, op, state);
    case "rowHeights":
      return rowHeightSteps(env, op);
    case "pageSetup":
      return pageSetupSteps(env, op, state);
  }
}

/** Frozen panes: unfrozen first, then frozen at the plan's rows and columns. */
function freezeSteps(op: Extract<PlanOp, { kind: "freeze" }>): Step[] {
  return [
    {
      op,
      bytes: ACTION_OVERHEAD * 3,
      emit: (b) => {
        const panes = b.worksheet(op.sheet).freezePanes;
        panes.unfreeze();
        if (op.rows > 0 && op.columns > 0)
          panes.freezeAt(rectA1({ top: 1, left: 1, bottom: op.rows, right: op.columns }));
        else if (op.rows > 0) panes.freezeRows(op.rows);
        else if (op.columns > 0) panes.freezeColumns(op.columns);
      },
    },
  ];
}

function officeRule(rule: DataValidationRule): Excel.DataValidationRule {
  if (rule.kind === "list") return { list: { inCellDropDown: true, source: rule.items.join(",") } };
  const between = {
    formula1: rule.min,
    formula2: rule.max,
    operator: "Between" as Excel.DataValidationOperator,
  };
  return rule.kind === "whole" ? { wholeNumber: between } : { decimal: between };
}

/** Data validation (ExcelApi 1.8; below it none is set). */
function validationSteps(env: AdapterEnv, op: Extract<PlanOp, { kind: "validation" }>): Step[] {
  if (!env.supports("1.8")) return [];
  return [
    {
      op,
      bytes: ACTION_OVERHEAD * 4 + jsonBytes(op.rule),
      emit: (b) => {
        const dv = rectRange(b.worksheet(op.sheet), op.rect).dataValidation;
        dv.clear();
        dv.rule = officeRule(op.rule);
        dv.errorAlert = {
          message: op.rule.message,
          showAlert: true,
          style: "Stop" as Excel.DataValidationAlertStyle,
          title: "星级评定",
        };
        if (op.rule.prompt) dv.prompt = { message: op.rule.prompt, showPrompt: true, title: "星级评定" };
      },
    },
  ];
}

/** The summary's distribution chart. */
function chartSteps(op: Extract<PlanOp, { kind: "chart" }>): Step[] {
  return [
    {
      op,
      bytes: ACTION_OVERHEAD * 6 + jsonBytes(op.title),
      emit: (b) => {
        const ws = b.worksheet(op.sheet);
        const data = rectRange(ws, op.data);
        const chart = ws.charts.add(
          "ColumnClustered" as Excel.ChartType,
          data,
          "Columns" as Excel.ChartSeriesBy,
        );
        chart.name = "StarRatingDistribution";
        chart.title.text = op.title;
        chart.legend.visible = false;
        chart.setPosition(a1(op.anchor.top, op.anchor.left), a1(op.anchor.bottom, op.anchor.right));
      },
    },
  ];
}

/** Page setup (ExcelApi 1.9); below it, a notice instead, said once per write. */
function pageSetupSteps(
  env: AdapterEnv,
  op: Extract<PlanOp, { kind: "pageSetup" }>,
  state: WriteState,
): Step[] {
  if (!env.supports("1.9")) {
    // Excel 2016 has no pageLayout: the results are written, and the user is told once.
    if (!state.notices.some((n) => n.code === "PAGE_SETUP_NOT_SUPPORTED"))
      state.notices.push(msg("PAGE_SETUP_NOT_SUPPORTED"));
    return [];
  }
  return [
    {
      op,
      // ~350 bytes for paper and orientation, ~1,200 with everything (measured).
      bytes:
        ACTION_OVERHEAD * 2 +
        (op.setup.titleRows ? ACTION_OVERHEAD : 0) +
        (op.setup.titleColumns ? ACTION_OVERHEAD : 0) +
        (op.setup.pageNumbers ? ACTION_OVERHEAD * 2 : 0),
      emit: (b) => applyPageSetup(b.worksheet(op.sheet).pageLayout, op.setup),
    },
  ];
}

/**
 * The target cells take the source cell's whole format: copyFrom(…, "Formats") at ExcelApi 1.9;
 * below, the format loaded before the write (loadSources) set attribute by attribute.
 */
export function copyFormatSteps(
  env: AdapterEnv,
  op: Extract<PlanOp, { kind: "copyFormat" }>,
  state: WriteState,
): Step[] {
  const rect = op.to;
  const target = (b: BatchState): Excel.Range => rectRange(b.worksheet(op.sheet), rect);
  if (env.supports("1.9"))
    return [
      {
        op,
        // Measured through the emulated host: ~820 bytes a copy (docs/office-host.md).
        bytes: ACTION_OVERHEAD * 4,
        emit: (b) => {
          const source = b.worksheet(op.sheet).getRangeByIndexes(op.from.row - 1, op.from.col - 1, 1, 1);
          target(b).copyFrom(source, "Formats" as Excel.RangeCopyType);
        },
      },
    ];
  const format = state.sources.get(sourceKey(op.sheet, op.from));
  if (!format) return []; // the source sheet does not exist yet: nothing to copy
  return [
    {
      op,
      // ~4,300 bytes measured: a range, its format, font, fill, six border sides, ~20 sets.
      bytes: ACTION_OVERHEAD * 17 + jsonBytes(format),
      emit: (b) => applyLoadedFormat(target(b), rect, format),
    },
  ];
}

/**
 * Row heights: the runs of rows of one height as RangeAreas ("5:5,7:9,…", ExcelApi 1.9), a few
 * thousand rows a call; below 1.9 one range per run (wrapped result text alternates heights, so a
 * large sheet has thousands of runs: ~560 request bytes each as ranges, ~10 as addresses).
 */
export function rowHeightSteps(env: AdapterEnv, op: Extract<PlanOp, { kind: "rowHeights" }>): Step[] {
  const byHeight = new Map<number, Array<{ first: number; last: number }>>();
  let i = 0;
  while (i < op.heights.length) {
    const h = op.heights[i];
    let j = i + 1;
    while (j < op.heights.length && op.heights[j] === h) j++;
    if (h !== null) {
      const runs = byHeight.get(h) ?? [];
      runs.push({ first: op.row + i, last: op.row + j - 1 });
      byHeight.set(h, runs);
    }
    i = j;
  }
  const steps: Step[] = [];
  for (const [h, runs] of byHeight) {
    if (!env.supports("1.9")) {
      for (const run of runs)
        steps.push({
          op,
          bytes: ACTION_OVERHEAD * 3,
          emit: (b) => {
            const rows = run.last - run.first + 1;
            b.worksheet(op.sheet).getRangeByIndexes(run.first - 1, 0, rows, 1).format.rowHeight = h;
          },
        });
      continue;
    }
    for (const address of addressChunks(runs.map((r) => `${r.first}:${r.last}`)))
      steps.push({
        op,
        bytes: ACTION_OVERHEAD * 3 + address.length,
        emit: (b) => {
          b.worksheet(op.sheet).getRanges(address).format.rowHeight = h;
        },
      });
  }
  return steps;
}

/**
 * Where the host has no copyFrom (below ExcelApi 1.9): one sync loading the whole format of each
 * distinct source cell (a handful: the header cell and a data cell per table), before the write.
 */
export async function loadSources(
  env: AdapterEnv,
  context: Excel.RequestContext,
  plan: WritePlan,
  state: KnownSheets,
) {
  const sources = new Map<string, LoadedFormat>();
  if (env.supports("1.9")) return sources;
  const probes = new Map<string, FormatProbe>();
  for (const op of plan.ops) {
    if (op.kind !== "copyFormat") continue;
    const key = sourceKey(op.sheet, op.from);
    const sheet = state.sheets.get(op.sheet.toLowerCase());
    if (probes.has(key) || !sheet) continue;
    const cell = context.workbook.worksheets
      .getItem(sheet.name)
      .getRangeByIndexes(op.from.row - 1, op.from.col - 1, 1, 1);
    probes.set(key, probeFormat(cell));
  }
  if (probes.size === 0) return sources;
  await context.sync();
  for (const [key, probe] of probes) sources.set(key, loadedFormat(probe));
  return sources;
}

export function ensureSheetStep(
  env: AdapterEnv,
  op: Extract<PlanOp, { kind: "ensureSheet" }>,
  state: WriteState,
): Step {
  const existing = state.sheets.get(op.sheet.toLowerCase());
  const visibility = VISIBILITY_OUT[op.visibility];
  const charts = state.charts.get(op.sheet.toLowerCase()) ?? [];
  const step: Step = {
    bytes: ACTION_OVERHEAD * (6 + 2 * charts.length),
    op,
    emit: (b) => {
      const sheets = b.context.workbook.worksheets;
      if (!existing) {
        const ws = sheets.add(op.sheet);
        if (op.visibility !== "visible") ws.visibility = visibility;
        b.sheets.set(op.sheet.toLowerCase(), ws);
        return;
      }
      const ws = sheets.getItem(existing.name);
      if (op.clear) {
        // A sheet we own is emptied and rewritten in place, never deleted and added again:
        // formulas and links that point into it survive, and Excel keeps its undo history
        // (deleting, moving or re-showing a sheet clears it). docs/office-host.md
        const all = ws.getRange();
        all.clear("All" as Excel.ClearApplyTo);
        all.unmerge();
        if (env.supports("1.8")) all.dataValidation.clear();
        for (const name of charts) ws.charts.getItem(name).delete();
      }
      // Visibility changes only when it differs (the first run hides the settings sheet).
      if (existing.visibility !== op.visibility) ws.visibility = visibility;
      b.sheets.set(op.sheet.toLowerCase(), ws);
    },
  };
  // Keep our picture of the workbook current for the ops that follow.
  if (!existing)
    state.sheets.set(op.sheet.toLowerCase(), {
      name: op.sheet,
      visibility: op.visibility,
      position: state.sheets.size,
    });
  return step;
}

export function valuesSteps(env: AdapterEnv, op: Extract<PlanOp, { kind: "values" }>): Step[] {
  const rows = op.values.map((row) => row.map(literal));
  const rowBytes = rows.map((row, r) => jsonBytes(row) + (op.formats ? jsonBytes(op.formats[r] ?? []) : 0));
  const steps: Step[] = [];
  // Blocks of rows, small against the env.budget so that batches are packed nearly full.
  const blockBudget = env.budget / 8;
  let start = 0;
  while (start < rows.length) {
    let end = start;
    let bytes = 0;
    while (end < rows.length && (end === start || bytes + rowBytes[end] < blockBudget))
      bytes += rowBytes[end++];
    steps.push(valuesBlockStep(env, op, rows, start, end));
    start = end;
  }
  return steps;
}

/**
 * Number formats of a block, per column: one range per run of consecutive cells that have a
 * value and a format, with one format per row (a 2-D array). Runs of one format each (the
 * 评定星级 column's format differs with the tier) made a range per cell: ~6,000 ranges at
 * 10,000 rows, each kept and released by office.js (docs/office-host.md).
 */
export function numberFormatSpans(
  op: Extract<PlanOp, { kind: "values" }>,
  start: number,
  end: number,
  widthCols: number,
): { top: number; col: number; formats: string[] }[] {
  const spans: { top: number; col: number; formats: string[] }[] = [];
  for (let c = 0; c < widthCols; c++) {
    let span: { top: number; col: number; formats: string[] } | null = null;
    for (let r = start; r < end; r++) {
      // An empty cell's number format shows nothing; leaving it alone matches the .xlsx side.
      const f = op.values[r]?.[c] != null ? op.formats?.[r]?.[c]?.numFmt : undefined;
      if (f === undefined) span = null;
      else if (span) span.formats.push(f);
      else spans.push((span = { top: op.row + r, col: op.col + c, formats: [f] }));
    }
  }
  return spans;
}

export function valuesBlockStep(
  env: AdapterEnv,
  op: Extract<PlanOp, { kind: "values" }>,
  rows: (string | number | boolean)[][],
  start: number,
  end: number,
): Step {
  const block = rows.slice(start, end);
  const widthCols = Math.max(0, ...block.map((r) => r.length));
  const padded = block.map((r) =>
    r.length === widthCols ? r : [...r, ...new Array<string>(widthCols - r.length).fill("")],
  );
  const top = op.row + start;
  const numFmtSpans = op.formats ? numberFormatSpans(op, start, end, widthCols) : [];
  const styleCells = new Map<string, { format: CellFormat; cells: Array<[number, number]> }>();
  if (op.formats) {
    for (let r = start; r < end; r++) {
      op.formats[r]?.forEach((format, c) => {
        if (!format) return;
        const key = formatKey(format);
        if (!key) return;
        const entry = styleCells.get(key) ?? { format, cells: [] };
        entry.cells.push([op.row + r, op.col + c]);
        styleCells.set(key, entry);
      });
    }
  }
  const styleGroups = [...styleCells.values()].map((g) => ({
    format: g.format,
    rects: verticalRuns(g.cells),
  }));
  const borderGroups = borderRects(op, start, end);
  const useAreas = env.supports("1.9");
  let bytes = ACTION_OVERHEAD * 2 + jsonBytes(padded);
  for (const span of numFmtSpans)
    bytes += ACTION_OVERHEAD * 3 + span.formats.reduce((n, f) => n + jsonBytes(f) + 3, 0);
  for (const g of styleGroups) {
    const addressBytes = g.rects.reduce((n, r) => n + rectA1(r).length + 1, 0);
    const targets = useAreas
      ? Math.ceil(addressBytes / MAX_AREAS_ADDRESS) + g.rects.length / 200
      : g.rects.length;
    // A target costs its object paths, and ~110 bytes per attribute set (measured).
    const attributes = STYLE_KEYS.filter((key) => g.format[key] !== undefined).length;
    bytes += addressBytes + Math.ceil(targets) * (ACTION_OVERHEAD * 3 + 110 * attributes);
  }
  // A bordered rectangle: a range, four edges and the two inside sides, ~3,400 bytes (measured).
  for (const g of borderGroups) bytes += g.rects.length * ACTION_OVERHEAD * 15;
  return {
    bytes,
    op,
    rows: { first: top, last: top + padded.length - 1 },
    emit: (b) => {
      const ws = b.worksheet(op.sheet);
      for (const span of numFmtSpans)
        ws.getRangeByIndexes(span.top - 1, span.col - 1, span.formats.length, 1).numberFormat =
          span.formats.map((f) => [f]);
      if (widthCols > 0 && padded.length > 0)
        ws.getRangeByIndexes(top - 1, op.col - 1, padded.length, widthCols).values = padded;
      for (const group of styleGroups) {
        for (const target of formatTargets(ws, group.rects, useAreas))
          applyStyle(target.format, group.format);
      }
      for (const group of borderGroups)
        for (const rect of group.rects) {
          applyBorders(rectRange(ws, rect), rect, uniformEdges(group.on ? THIN : NO_LINE));
        }
    },
  };
}
