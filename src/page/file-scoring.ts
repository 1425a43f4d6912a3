/**
 * What the page that needs no install does with a file's bytes (docs/page.md): the pane's start,
 * inspect and recompute, over the XlsxAdapter instead of Excel. Plain data in and out, no DOM, so
 * it runs in the page's worker (worker.ts) or, where no worker can start, on the page itself.
 */
import { presets } from "../engine";
import type { Lang, Rubric } from "../engine/types";
import { isAppError, render, type Message } from "../messages";
import { recordsShown, toRecomputeOutcome, toTableInspection } from "../taskpane/officeServices";
import { textOnPage } from "../taskpane/paneText";
import type { LocalizedText, PaneStart, RecomputeOutcome, TableInspection } from "../taskpane/services";
import {
  inspect,
  visibleSheetNames,
  parseSettings,
  SETTINGS_SHEET,
  type RecomputeStage,
  type RecordOptions,
  type SettingsRead,
} from "../workbook";
import type { NoticeTexts } from "../workbook/settings";
import { XlsxAdapter, openXlsxBytes } from "../xlsx/adapter";
import { mergeXlsxBytes, readPriorBytes } from "../xlsx/merge-bytes";
import { scoreXlsxBytes, scoredFileName } from "../xlsx/score-bytes";

export type Mapping = Record<string, string>;

/** Anything thrown, in both languages (the page switches language without asking the worker). */
export function failureText(error: unknown): LocalizedText {
  if (isAppError(error)) return textOnPage(error.msg);
  const detail = error instanceof Error ? error.message : String(error);
  return { message: `出错了：${detail}`, messageEn: `Something went wrong: ${detail}` };
}

async function adapterFor(bytes: Uint8Array, name: string): Promise<XlsxAdapter> {
  // A copy: the patcher keeps views of its source, and the caller's buffer may be transferred.
  return new XlsxAdapter(await openXlsxBytes(bytes.slice(), name));
}

/** Presets, the rubric the file carries and the one its headers suggest (the pane's start()). */
export async function startFile(bytes: Uint8Array, name: string, lang: Lang): Promise<PaneStart> {
  const adapter = await adapterFor(bytes, name);
  const result = await inspect(adapter, { lang });
  if (!result.ok) {
    // No table found: the file may still carry a rubric the picker must offer.
    let carried: SettingsRead = parseSettings(null);
    let sheets: string[] = [];
    try {
      const snapshot = await adapter.read({ settingsSheet: SETTINGS_SHEET });
      carried = parseSettings(snapshot.settingsJson);
      sheets = visibleSheetNames(snapshot.sheets);
    } catch {
      // The table panel's own inspect reports the failure.
    }
    const warnings = carried.notices.map((n) => ({ message: render(n, "zh"), messageEn: render(n, "en") }));
    return {
      presets: [...presets],
      carried: carried.rubric,
      carriedMapping: {},
      warnings,
      carriedNotice: carried.settings?.notice ?? {},
      ...recordsShown(carried.records),
      ...sheetChoices(sheets, carried),
    };
  }
  return {
    presets: [...presets],
    carried: result.carried.rubric,
    carriedMapping: {},
    ...(result.rubricSource === "detected" ? { suggestedPresetId: result.rubric.id } : {}),
    warnings: result.carried.notices.map((n) => ({ message: render(n, "zh"), messageEn: render(n, "en") })),
    carriedNotice: result.carried.settings?.notice ?? {},
    ...recordsShown(result.carried.records),
    ...sheetChoices(result.visibleSheets, result.carried),
  };
}

/**
 * Several sheets to score: the page offers them (PaneStart.sheets), less the sheets an earlier run
 * of the tool wrote (评定汇总, 评定核查, 公示名单 of a scored file are no tables to rate).
 */
function sheetChoices(sheets: readonly string[], carried: SettingsRead): Pick<PaneStart, "sheets"> {
  const owned = carried.owned;
  const ours = new Set([owned?.summarySheet, owned?.reviewSheet, owned?.noticeSheet]);
  const choices = sheets.filter((name) => !ours.has(name));
  return choices.length > 1 ? { sheets: choices } : {};
}

export interface InspectArgs {
  rubric: Rubric;
  mapping: Mapping;
  lang: Lang;
  /** The CLI's --sheet: the sheet chosen on the page; absent, the workbook's own choice. */
  sheet?: string;
}

export async function inspectFile(
  bytes: Uint8Array,
  name: string,
  args: InspectArgs,
): Promise<TableInspection> {
  try {
    const adapter = await adapterFor(bytes, name);
    return toTableInspection(
      await inspect(adapter, {
        rubric: args.rubric,
        mapping: args.mapping,
        lang: args.lang,
        ...(args.sheet !== undefined ? { sheet: args.sheet } : {}),
      }),
      textOnPage,
    );
  } catch (error) {
    return { ok: false, error: failureText(error) };
  }
}

export interface ScoreArgs {
  /** Absent: the rubric the CLI would choose (carried, else detected), so the bytes match its. */
  rubric?: Rubric;
  mapping: Mapping;
  lang: Lang;
  /** 公示名单 texts set on the page for this run (they win over the carried ones and are stored). */
  notice?: NoticeTexts;
  /** The run's time (summary, settings, the document's and the zip entries' dates): epoch ms. */
  now: number;
  /** The CLI's --finalize / --unfinalize (定稿 / 解除定稿). */
  finalize?: boolean;
  unfinalize?: boolean;
  /** The CLI's --prior: last year's scored workbook, by its file name and bytes. */
  prior?: { name: string; bytes: Uint8Array };
  /** The CLI's --sheet: the sheet chosen on the page. */
  sheet?: string;
}

export interface ScoreReply {
  outcome: RecomputeOutcome;
  /** The scored workbook, when the outcome is ok. */
  bytes?: Uint8Array;
  /** The name to download it under: 考评表（评定结果）.xlsx. */
  outputName: string;
}

export async function scoreFile(
  bytes: Uint8Array,
  name: string,
  args: ScoreArgs,
  onProgress?: (stage: RecomputeStage, fraction: number) => void,
): Promise<ScoreReply> {
  const outputName = scoredFileName(name, args.lang);
  const now = new Date(args.now);
  try {
    const records = await recordOptions(args);
    if (!records.ok) return { outcome: { ok: false, error: records.error }, outputName };
    const scored = await scoreXlsxBytes(bytes.slice(), {
      input: name,
      output: outputName,
      recompute: {
        ...(args.rubric ? { rubric: args.rubric } : {}),
        ...(Object.keys(args.mapping).length > 0 ? { mapping: args.mapping } : {}),
        ...(args.notice ? { notice: args.notice } : {}),
        ...(args.sheet !== undefined ? { sheet: args.sheet } : {}),
        ...records.options,
        lang: args.lang,
        now,
        // A new file to download, apart from the user's workbook, as the command line's -o writes.
        stamped: true,
      },
      write: { fixedDate: now },
      onProgress: onProgress ? (stage, fraction) => onProgress(stage, fraction) : undefined,
    });
    if (!scored.ok) return { outcome: { ok: false, error: failureText(scored.error) }, outputName };
    return {
      outcome: withWriteNotes(toRecomputeOutcome(scored.result, args.lang, textOnPage), scored.notes),
      bytes: scored.zip.bytes,
      outputName,
    };
  } catch (error) {
    return { outcome: { ok: false, error: failureText(error) }, outputName };
  }
}

/**
 * What the command line notes after writing (formulas read as blank, the whole workbook written
 * anew, content the download lacks: charts, macros…) listed with the run's warnings, so the page
 * never hands over a file that lacks something without saying so.
 */
function withWriteNotes(outcome: RecomputeOutcome, notes: readonly Message[]): RecomputeOutcome {
  if (!outcome.ok || notes.length === 0) return outcome;
  const said = notes.map((note) => ({ message: render(note, "zh"), messageEn: render(note, "en") }));
  return { ...outcome, warnings: [...outcome.warnings, ...said] };
}

/** --finalize, --unfinalize and --prior as the CLI passes them (src/cli/records.ts). */
async function recordOptions(
  args: ScoreArgs,
): Promise<{ ok: true; options: RecordOptions } | { ok: false; error: LocalizedText }> {
  const options: RecordOptions = {};
  if (args.finalize) options.finalize = true;
  if (args.unfinalize) options.unfinalize = true;
  if (args.prior) {
    const read = await readPriorBytes(args.prior.bytes.slice(), args.prior.name);
    if (!read.ok) return { ok: false, error: failureText(read.error) };
    options.prior = read.prior;
  }
  return { ok: true, options };
}

export type MergeReply =
  { ok: true; bytes: Uint8Array; name: string; rows: number } | { ok: false; error: LocalizedText };

/** 申报汇总: the submitted files' tables as one scoring sheet (src/xlsx/merge-bytes.ts), to be rated next. */
export async function mergeFiles(
  files: readonly { name: string; bytes: Uint8Array }[],
  lang: Lang,
  now: number,
): Promise<MergeReply> {
  const name = lang === "en" ? "merged.xlsx" : "申报汇总.xlsx";
  try {
    const when = new Date(now);
    const merged = await mergeXlsxBytes(
      files.map((f) => ({ name: f.name, bytes: f.bytes.slice() })),
      { output: name, now: when, lang, onPage: true, write: { fixedDate: when } },
    );
    if (!merged.ok) return { ok: false, error: failureText(merged.error) };
    return { ok: true, bytes: merged.bytes, name, rows: merged.rows };
  } catch (error) {
    return { ok: false, error: failureText(error) };
  }
}
