/**
 * 申报汇总 as bytes in, bytes out (SPEC §10, docs/records.md): each submitted file is opened and its
 * visible sheets read (a file that cannot be read is kept with the reason), src/workbook/merge.ts
 * builds the merged table, and a new workbook is written with the same writer as `template`. Used by
 * `npm run cli -- merge`, and usable by the page with the files a user drops. Never a silent partial
 * merge: unless `allowSkipped`, one file left out means no bytes and an error listing every one.
 * Last year's results (--prior) are read from bytes here too.
 */
import type { Lang, Rubric } from "../engine/types";
import { AppError, isAppError, msg } from "../messages";
import type { SheetModel } from "../workbook/model";
import { mergeSubmissions, type MergeRecord, type MergeSource } from "../workbook/merge";
import { readPrior, type PriorResults } from "../workbook/prior";
import { SETTINGS_SHEET } from "../workbook/settings";
import { XlsxAdapter, openXlsxBytes, writeXlsxBytes, type WriteOptions } from "./adapter";
import { newExcelWorkbook } from "./lazy";
import {
  compressEntry,
  entryData,
  prepareDeflate,
  readZip,
  releaseDeflateMemory,
  writeZip,
  type ZipEntry,
} from "./zip";

/** A submitted file's bytes, or why they could not be had (a missing file). */
export type SubmittedFile =
  | {
      /** As shown in 来源 and in messages (a path in the CLI, the file's name in the page). */
      name: string;
      bytes: Uint8Array;
    }
  | { name: string; error: { zh: string; en: string } };

export interface MergeBytesOptions {
  output: string;
  now: Date;
  rubric?: Rubric;
  lang?: Lang;
  /** Write the merge of the readable files even when some were left out (CLI --skip-bad). */
  allowSkipped?: boolean;
  /** The page merges: a refusal says what to do there (it has no --skip-bad). */
  onPage?: boolean;
  write?: WriteOptions;
}

export type MergeBytesResult =
  | { ok: true; bytes: Uint8Array; rubric: Rubric; rows: number; sheet: string; record: MergeRecord }
  | { ok: false; error: AppError; record: MergeRecord | null };

function reasonOf(error: unknown): { zh: string; en: string } {
  if (isAppError(error)) return { zh: error.text("zh"), en: error.text("en") };
  const text = error instanceof Error ? error.message : String(error);
  return { zh: `无法读取（${text}）`, en: `cannot be read (${text})` };
}

/** One submitted file as the merge sees it: its visible worksheets, or why it cannot be read. */
export async function readSubmission(file: SubmittedFile): Promise<MergeSource> {
  if ("error" in file) return { file: file.name, error: file.error };
  try {
    const adapter = new XlsxAdapter(await openXlsxBytes(file.bytes, file.name));
    const list = await adapter.sheetList();
    const sheets: SheetModel[] = [];
    let settingsJson: string | null = null;
    for (const info of list) {
      if (info.visibility !== "visible" || info.name === SETTINGS_SHEET) continue;
      const snapshot = await adapter.read({ sheet: info.name, settingsSheet: SETTINGS_SHEET });
      settingsJson = snapshot.settingsJson;
      sheets.push(snapshot.sheet);
    }
    return { file: file.name, sheets, settingsJson };
  } catch (error) {
    return { file: file.name, error: reasonOf(error) };
  }
}

export async function mergeXlsxBytes(
  files: readonly SubmittedFile[],
  options: MergeBytesOptions,
): Promise<MergeBytesResult> {
  const sources: MergeSource[] = [];
  for (const f of files) sources.push(await readSubmission(f));
  const merged = mergeSubmissions(sources, { rubric: options.rubric, lang: options.lang, now: options.now });
  if (!merged.ok) return merged;
  const skipped = merged.record.skipped.map((s) => ({ file: s.file, zh: s.reason.zh, en: s.reason.en }));
  if (skipped.length > 0 && !options.allowSkipped)
    return {
      ok: false,
      error: new AppError(msg("MERGE_REFUSED", { files: skipped, page: options.onPage === true })),
      record: merged.record,
    };
  const workbook = await newExcelWorkbook();
  workbook.creator = "星级评定助手";
  workbook.created = options.now;
  workbook.modified = options.now;
  await new XlsxAdapter(workbook).apply(merged.plan);
  const written = await writeXlsxBytes(workbook, options.output, options.write);
  const bytes = await repack(written.zip.bytes, options.write?.fixedDate ?? options.now);
  return {
    ok: true,
    bytes,
    rubric: merged.rubric,
    rows: merged.rows,
    sheet: merged.sheet,
    record: merged.record,
  };
}

/**
 * ExcelJS's package zipped again by zip.ts, every part deflated as the patcher's are and stamped with `when`: in
 * browsers ExcelJS is its prebuilt bundle with its own JSZip, which the fixed zip date cannot reach
 * (adapter.ts sets it on the JSZip package), so the page and the CLI would write different bytes for
 * one merge (docs/page.md). Folder entries are left out, as the patcher writes none.
 */
async function repack(bytes: Uint8Array, when: Date): Promise<Uint8Array> {
  const entries = readZip(bytes);
  if (!entries) throw new Error("the merged workbook could not be read back");
  const parts: ZipEntry[] = [];
  await prepareDeflate();
  try {
    for (const entry of entries)
      if (!entry.name.endsWith("/")) parts.push(compressEntry(entry.name, entryData(entry)));
  } finally {
    releaseDeflateMemory();
  }
  return writeZip(parts, when);
}

/**
 * Last year's results (--prior, the pane's and the page's picker) from its workbook's bytes; an
 * error (nothing to be written) when the file cannot be read or holds no results.
 */
export async function readPriorBytes(
  bytes: Uint8Array,
  name: string,
): Promise<{ ok: true; prior: PriorResults } | { ok: false; error: AppError }> {
  try {
    return await readPrior(new XlsxAdapter(await openXlsxBytes(bytes, name)), name);
  } catch (error) {
    if (isAppError(error)) return { ok: false, error };
    throw error;
  }
}
