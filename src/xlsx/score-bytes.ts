/**
 * Scoring an .xlsx file as bytes in, bytes out: the one use case behind `npm run cli -- score` and
 * the page that scores files in a browser (docs/page.md). Open the package, recompute through the
 * XlsxAdapter (the same layout detection, engine and write plan as the add-in), stamp the
 * document, patch the package. Reading and writing files, and reporting, are the callers'; so the
 * same input and options give the same bytes wherever this runs.
 */
import { parseCellAddress } from "../engine/address";
import { msg, type AppError, type Message } from "../messages";
import { recompute, type RecomputeOptions, type RecomputeResult, type RecomputeStage } from "../workbook";
import {
  XlsxAdapter,
  XlsxError,
  openXlsxBytes,
  writeXlsxBytes,
  type WriteOptions,
  type WriteReport,
} from "./adapter";
import type { ZipBytes } from "./zip";

export interface ScoreBytesOptions {
  /** The input's name, for messages (a path in the CLI, the file's name in the page). */
  input: string;
  /** The output's name, for messages. */
  output: string;
  /** Passed to recompute; `now` is also the document's "modified" time. */
  recompute: Omit<RecomputeOptions, "onProgress"> & { now: Date };
  /** How the package is written (fixedDate: the zip entries' time; default the time of writing). */
  write?: WriteOptions;
  /** Progress of the run (0..1); `rowsRead` is the scored sheet's size once it has been read. */
  onProgress?: (stage: RecomputeStage, fraction: number, rowsRead: number) => void;
}

export type ScoreBytesResult =
  | {
      ok: true;
      /** The scored workbook: its bytes (`zip.bytes`), or the pieces they are made of (`zip.pieces`). */
      zip: ZipBytes;
      result: Extract<RecomputeResult, { ok: true }>;
      report: WriteReport;
      /**
       * What the user must be told about the file written (formulas read as blank, the whole workbook
       * written anew, content the output lacks): the command line prints them, the page lists them.
       */
      notes: Message[];
      adapter: XlsxAdapter;
    }
  /** The input cannot be scored (no table, missing column…): nothing was written. */
  | { ok: false; error: AppError; adapter: XlsxAdapter };

/** Score an .xlsx file's bytes; the scored workbook's bytes, or why it cannot be scored. */
export async function scoreXlsxBytes(
  source: Uint8Array,
  options: ScoreBytesOptions,
): Promise<ScoreBytesResult> {
  const workbook = await openXlsxBytes(source, options.input);
  const adapter = new XlsxAdapter(workbook);
  const progress = options.onProgress;
  const result = await recompute(adapter, {
    ...options.recompute,
    onProgress: progress ? (stage, fraction) => progress(stage, fraction, adapter.lastReadRows) : undefined,
  });
  if (!result.ok) return { ok: false, error: adapterRefusal(result.error), adapter };
  workbook.modified = options.recompute.now;
  const { zip, report } = await writeXlsxBytes(workbook, options.output, options.write);
  return { ok: true, zip, result, report, notes: writeNotes(result, report, adapter), adapter };
}

/**
 * The adapter's own refusal (a protected sheet: XlsxError, nothing written) as it is, not as a
 * failed write: it is the user's to fix (exit 3), where any other failure of apply() is a bug.
 */
function adapterRefusal(error: AppError): AppError {
  return error.code === "WRITE_FAILED" && error.cause instanceof XlsxError ? error.cause : error;
}

/** Formula cells named in the note about uncached results. */
const NAMED_CELLS = 5;

function writeNotes(result: Scored, report: WriteReport, adapter: XlsxAdapter): Message[] {
  const notes: Message[] = [];
  const stats = adapter.statsFor(result.sheet);
  const uncached = inUse(stats.uncachedFormulas, result);
  if (uncached.length > 0)
    notes.push(msg("WRITE_NOTE_UNCACHED", { count: uncached.length, cells: uncached.slice(0, NAMED_CELLS) }));
  const zeros = inUse(stats.zeroFormulas, result);
  if (zeros.length > 0)
    notes.push(msg("WRITE_NOTE_ZERO_FORMULAS", { count: zeros.length, cells: zeros.slice(0, NAMED_CELLS) }));
  if (report.fallbackReason) notes.push(msg("WRITE_NOTE_REWRITTEN", { reason: report.fallbackReason }));
  if (report.lost.parts.length > 0) notes.push(msg("WRITE_NOTE_LOST", { lost: report.lost.what }));
  return notes;
}

type Scored = Extract<RecomputeResult, { ok: true }>;

/**
 * Formula cells without a cached result that the rubric reads (they were read as blank). A formula
 * in a column the rubric does not use, or outside the branch rows, changes nothing and is not named.
 */
/** The cells among `cells` that the run read: in a column it maps, on a branch row. */
function inUse(cells: readonly string[], result: Scored): string[] {
  // Usually none: the set of every branch row below (100,000 rows: ~25 ms) is then not made.
  if (cells.length === 0) return [];
  const { layout } = result;
  const columns = new Set<number>([
    ...Object.values(layout.fields).map((f) => f.col),
    ...Object.values(layout.selfColumns).map((c) => c.col),
    ...(layout.selfSum?.cols ?? []),
  ]);
  const rows = new Set(layout.dataRows);
  return cells.filter((address) => {
    const cell = parseCellAddress(address);
    return cell !== null && columns.has(cell.col) && rows.has(cell.row);
  });
}

/**
 * The name of a scored copy of `input` (a file name or a path; only its last part changes): what a
 * Chinese user recognises, 考评表（评定结果）.xlsx; 考评表.scored.xlsx in English.
 */
export function scoredFileName(input: string, lang: "zh" | "en" = "zh"): string {
  const cut = Math.max(input.lastIndexOf("/"), input.lastIndexOf("\\")) + 1;
  const base = input.slice(cut).replace(/\.xls[xm]$/i, "");
  return `${input.slice(0, cut)}${base}${lang === "en" ? ".scored" : "（评定结果）"}.xlsx`;
}
