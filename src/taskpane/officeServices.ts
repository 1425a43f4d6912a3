/**
 * PaneServices over the real engine, workbook layer and Office.js adapter. This module and what it
 * imports (zod, the engine, the workbook layer) form the lazily loaded "services" chunk.
 */
import { jsonProblemMessage, parseJsonText, parseRubric, presets } from "../engine";
import { renderBoth, type AppError } from "../messages";
import type { Lang, Rubric } from "../engine/types";
import { createOfficeAdapter, describeOfficeError, type ExcelRun, type OfficeAdapter } from "../excel";
import {
  buildTemplatePlan,
  inspect as inspectWorkbook,
  recompute as recomputeWorkbook,
  resultLine,
  parseSettings,
  SETTINGS_SHEET,
  type CarriedRecords,
  type InspectResult,
  type Notice,
  type RecomputeResult,
  type RecordOptions,
  type SettingsRead,
} from "../workbook";
import type { NoticeTexts } from "../workbook/settings";
import { textInExcel, writtenSheets, type PaneWording } from "./paneText";
import type {
  ColumnMapping,
  LocalizedText,
  PaneFlag,
  PaneServices,
  PaneStart,
  RecomputeOutcome,
  RecordsRequest,
  RubricParse,
  TableInspection,
  TemplateOutcome,
} from "./services";

export interface OfficeServicesOptions {
  lang: Lang;
  /** Excel.run, injectable for tests; default the host's. */
  run?: ExcelRun;
  /** One adapter for every action, injectable for tests (else see `createAdapter`). */
  adapter?: PaneAdapter;
  /** A new adapter for each action; default one over `run`. */
  createAdapter?: () => PaneAdapter;
  /** Sheet names of the workbook (for a unique template name); default asks Excel in one sync. */
  sheetNames?: () => Promise<string[]>;
  /** Worksheet activation events; default registers `worksheets.onActivated` (ExcelApi 1.7). */
  watchActiveSheet?: (onChange: () => void) => Promise<() => void>;
  /** Excel.run on an existing request context (removing an event handler); default the host's. */
  runIn?: RunIn;
}

type PaneAdapter = Pick<OfficeAdapter, "read" | "apply" | "selectCell">;

/** `Excel.run(context, batch)`: a batch on the request context an earlier run created. */
export type RunIn = <T>(
  context: OfficeExtension.ClientRequestContext,
  batch: (context: Excel.RequestContext) => Promise<T>,
) => Promise<T>;

function thrown(error: unknown): LocalizedText {
  return { message: describeOfficeError(error, "zh"), messageEn: describeOfficeError(error, "en") };
}

/** The picker's "" means "let detection decide"; the workbook layer only takes column letters. */
function cleanMapping(mapping: ColumnMapping): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).filter(([, letter]) => /^[A-Z]{1,3}$/.test(letter)));
}

export function parseRubricText(source: string): RubricParse {
  const parsed = parseJsonText(source);
  if (!parsed.ok) {
    const where = renderBoth(jsonProblemMessage(parsed.problem));
    return {
      ok: false,
      errors: [
        {
          path: "",
          message: `文件格式有误：${where.zh}`,
          messageEn: `The file is not well-formed: ${where.en}`,
        },
      ],
    };
  }
  const json = parsed.value;
  return parseRubric(json);
}

export function toTableInspection(result: InspectResult, text: PaneWording = textInExcel): TableInspection {
  if (!result.ok) return { ok: false, error: text(result.error.msg) };
  return {
    ok: true,
    sheet: result.sheet,
    headerRow: result.headerRow,
    headers: result.headers.map((h) => ({ column: h.column, header: h.text })),
    fields: result.fields.map((f) => ({
      id: f.id,
      label: f.label,
      ...(f.labelEn !== undefined ? { labelEn: f.labelEn } : {}),
      required: f.required,
      column: f.column,
      header: f.header,
      via: f.via,
    })),
    warnings: result.notices.map((n: Notice) => text(n)),
  };
}

/** The 公示名单 texts a workbook carries; {} when it carries none. */
function carriedNotice(carried: SettingsRead): NoticeTexts {
  return carried.notice ?? carried.settings?.notice ?? {};
}

/** What the pane shows of the records: when the results were frozen, where last year's come from. */
export function recordsShown(records: CarriedRecords): { finalizedAt?: string; priorSource?: string } {
  return {
    ...(records.final ? { finalizedAt: records.final.at } : {}),
    ...(records.prior ? { priorSource: records.prior.source } : {}),
  };
}

/**
 * The pane's 定稿 / 解除定稿 / 上年结果 request as RecomputeOptions (the CLI's --finalize, --unfinalize,
 * --prior). Last year's file is read by the .xlsx reader, loaded only when a file is picked (it is not
 * part of the pane's first download).
 */
export async function toRecordOptions(
  records: RecordsRequest | undefined,
): Promise<{ ok: true; options: RecordOptions } | { ok: false; error: AppError }> {
  const options: RecordOptions = {};
  if (records?.finalize) options.finalize = true;
  if (records?.unfinalize) options.unfinalize = true;
  if (records?.prior) {
    const { readPriorBytes } = await import(/* webpackChunkName: "xlsx-reader" */ "../xlsx/merge-bytes");
    const read = await readPriorBytes(records.prior.bytes, records.prior.name);
    if (!read.ok) return { ok: false, error: read.error };
    options.prior = read.prior;
  }
  return { ok: true, options };
}

export function toRecomputeOutcome(
  result: RecomputeResult,
  lang: Lang,
  text: PaneWording = textInExcel,
): RecomputeOutcome {
  if (!result.ok) return { ok: false, error: text(result.error.msg) };
  const flags: PaneFlag[] = [];
  // A row-level flag without a cell of its own (a classification mismatch, near the next tier) still
  // has somewhere to go: the branch's name cell.
  const nameColumn = result.layout.fields["name"]?.column;
  for (const flag of result.evaluation.tableFlags) {
    flags.push({ ...flag, sheet: result.sheet, ...(flag.cell ? { target: flag.cell } : {}) });
  }
  for (const row of result.evaluation.rows) {
    const fallback = nameColumn ? `${nameColumn}${row.row}` : undefined;
    for (const flag of row.flags) {
      const target = flag.cell ?? fallback;
      flags.push({
        ...flag,
        sheet: result.sheet,
        row: row.row,
        ...(row.name ? { branch: row.name } : {}),
        ...(target ? { target } : {}),
      });
    }
  }
  return {
    ok: true,
    sheet: result.sheet,
    resultLine: resultLine(result, lang),
    summarySheet: result.summarySheet,
    writtenSheets: writtenSheets(result.plan),
    warnings: result.notices.map((n) => text(n)),
    flags,
    ...recordsShown(result.records),
  };
}

function excelSheetNames(run: ExcelRun): () => Promise<string[]> {
  return () =>
    run(async (context) => {
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      return sheets.items.map((s) => s.name);
    });
}

/**
 * `worksheets.onActivated` (ExcelApi 1.7, the manifest's minimum), registered once for the pane's
 * life. Stopping removes it as Microsoft documents (docs/office-addin.md#events): with the
 * EventHandlerResult kept from `add`, in a batch on the request context it was added in.
 */
function excelActivations(run: ExcelRun, runIn: RunIn): (onChange: () => void) => Promise<() => void> {
  return async (onChange) => {
    const registration = await run(async (context) => {
      const handler = context.workbook.worksheets.onActivated.add(async () => onChange());
      await context.sync();
      return handler;
    });
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      Promise.resolve()
        .then(() =>
          runIn(registration.context, async (context) => {
            registration.remove();
            await context.sync();
          }),
        )
        .catch(() => undefined); // the pane is closing; nothing is left to tell
    };
  };
}

interface HostExcel {
  run: ExcelRun & RunIn;
}

function hostExcel(): HostExcel {
  const excel = (globalThis as { Excel?: HostExcel }).Excel;
  if (!excel) throw new Error("Excel.run is not available");
  return excel;
}

function hostRun(): ExcelRun {
  const excel = hostExcel();
  return (batch) => excel.run(batch);
}

const hostRunIn: RunIn = (context, batch) => hostExcel().run(context, batch);

/** A flag's sheet, checked against the workbook as it is now (the user may have renamed or deleted it). */
function missingSheet(sheet: string, names: string[], lang: Lang): Error | null {
  if (names.some((n) => n.toLowerCase() === sheet.toLowerCase())) return null;
  return new Error(
    lang === "zh"
      ? `工作表「${sheet}」已不存在（可能已被删除或改名）；请重新评定后再点击标记。`
      : `The sheet "${sheet}" no longer exists (deleted or renamed); rate again, then click the flag.`,
  );
}

type FirstLook = { rubric: Rubric; result: InspectResult };

/** The pane's start: the inspection of the active sheet, or what the workbook carries when it has no table. */
async function startPane(
  adapter: PaneAdapter,
  lang: Lang,
): Promise<{ start: PaneStart; firstLook: FirstLook | null }> {
  const result = await inspectWorkbook(adapter, { lang });
  if (!result.ok) {
    // No table on the active sheet (a blank sheet, the summary sheet): the workbook may still carry
    // a rubric, which the picker must offer. The table panel will show the error itself.
    let carried: SettingsRead = parseSettings(null);
    try {
      carried = parseSettings((await adapter.read({ settingsSheet: SETTINGS_SHEET })).settingsJson);
    } catch {
      // The same failure reaches the user through the table panel's own inspect.
    }
    const start: PaneStart = {
      presets: [...presets],
      carried: carried.rubric,
      carriedMapping: {},
      warnings: carried.notices.map((n) => textInExcel(n)),
      carriedNotice: carriedNotice(carried),
      ...recordsShown(carried.records),
    };
    return { start, firstLook: null };
  }
  const start: PaneStart = {
    presets: [...presets],
    carried: result.carried.rubric,
    // The layer applies the carried mapping itself; the pane's mapping holds only new manual picks.
    carriedMapping: {},
    ...(result.rubricSource === "detected" ? { suggestedPresetId: result.rubric.id } : {}),
    warnings: result.carried.notices.map((n) => textInExcel(n)),
    carriedNotice: carriedNotice(result.carried),
    ...recordsShown(result.carried.records),
  };
  return { start, firstLook: { rubric: result.rubric, result } };
}

async function recomputeIn(
  adapter: PaneAdapter,
  { rubric, mapping, lang, notice, records, onProgress }: Parameters<PaneServices["recompute"]>[0],
): Promise<RecomputeOutcome> {
  try {
    const recordOptions = await toRecordOptions(records);
    if (!recordOptions.ok) return { ok: false, error: textInExcel(recordOptions.error.msg) };
    const result = await recomputeWorkbook(adapter, {
      rubric,
      mapping: cleanMapping(mapping),
      lang,
      ...recordOptions.options,
      ...(notice ? { notice } : {}),
      onProgress: (stage, fraction) => onProgress?.({ stage, fraction }),
    });
    return toRecomputeOutcome(result, lang);
  } catch (error) {
    return { ok: false, error: thrown(error) };
  }
}

async function createTemplateIn(
  newAdapter: () => PaneAdapter,
  sheetNames: () => Promise<string[]>,
  { rubric, sample, lang }: Parameters<PaneServices["createTemplate"]>[0],
): Promise<TemplateOutcome> {
  try {
    // Read now, never remembered: the user may have added, renamed or deleted sheets meanwhile.
    const existing = await sheetNames();
    const built = buildTemplatePlan(rubric, { sample, lang, existingSheets: existing });
    const adapter = newAdapter();
    await adapter.apply(built.plan);
    // Show the new sheet with the first data cell selected, ready for typing.
    await adapter.selectCell(built.sheet, `B${built.headerRow + 1}`);
    return { ok: true, sheet: built.sheet };
  } catch (error) {
    return { ok: false, error: thrown(error) };
  }
}

/** Selects a flagged cell, unless its sheet is gone (the sheet list is read now, never remembered). */
async function selectCellIn(
  adapter: () => PaneAdapter,
  sheetNames: () => Promise<string[]>,
  lang: Lang,
  sheet: string,
  address: string,
): Promise<void> {
  let names: string[];
  try {
    names = await sheetNames();
  } catch (error) {
    throw new Error(describeOfficeError(error, lang), { cause: error });
  }
  const gone = missingSheet(sheet, names, lang);
  if (gone) throw gone;
  try {
    await adapter().selectCell(sheet, address);
  } catch (error) {
    throw new Error(describeOfficeError(error, lang), { cause: error });
  }
}

/** The pane's services in Excel, where a flag's cell can always be selected. */
export type OfficeServices = PaneServices & Required<Pick<PaneServices, "selectCell">>;

export function createOfficeServices(options: OfficeServicesOptions): OfficeServices {
  // A fresh adapter per action: an adapter remembers the workbook's sheets from its last read, and
  // between two of the pane's actions the user may add, rename or delete sheets without telling us.
  const fixed = options.adapter;
  const newAdapter: () => PaneAdapter = fixed
    ? () => fixed
    : (options.createAdapter ?? (() => createOfficeAdapter(options.run)));
  const run: ExcelRun = options.run ?? ((batch) => hostRun()(batch));
  const sheetNames = options.sheetNames ?? excelSheetNames(run);
  const watchActiveSheet = options.watchActiveSheet ?? excelActivations(run, options.runIn ?? hostRunIn);
  // The start-up inspection, reused for the pane's first inspect of the same rubric (saves a read).
  let firstLook: FirstLook | null = null;

  return {
    start: async () => {
      const started = await startPane(newAdapter(), options.lang);
      firstLook = started.firstLook;
      return started.start;
    },
    inspect: async ({ rubric, mapping, lang }) => {
      const clean = cleanMapping(mapping);
      const cached = firstLook;
      firstLook = null;
      if (cached && Object.keys(clean).length === 0 && sameRubric(cached.rubric, rubric)) {
        return toTableInspection(cached.result);
      }
      try {
        return toTableInspection(await inspectWorkbook(newAdapter(), { rubric, mapping: clean, lang }));
      } catch (error) {
        return { ok: false, error: thrown(error) };
      }
    },
    recompute: (request) => recomputeIn(newAdapter(), request),
    createTemplate: (request) => createTemplateIn(newAdapter, sheetNames, request),
    selectCell: (sheet, address) => selectCellIn(newAdapter, sheetNames, options.lang, sheet, address),
    watchActiveSheet,
    importRubric: parseRubricText,
    validateRubric: (candidate) => parseRubric(candidate),
    exportRubric: (rubric) => ({
      fileName: exportFileName(rubric, options.lang),
      text: `${JSON.stringify(rubric, null, 2)}\n`,
    }),
  };
}

/** The scheme's name as users know it (not its id), without characters Windows refuses in a file name. */
export function exportFileName(rubric: Rubric, lang: Lang): string {
  const name = (lang === "en" && rubric.nameEn) || rubric.name;
  const safe = name.replace(/[\\/:*?"<>|]+/g, "_").trim() || "rubric";
  return `${safe}-${rubric.version}.json`;
}

function sameRubric(a: Rubric, b: Rubric): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
