/**
 * The command line of the records a workbook carries beyond one run (SPEC §10, docs/records.md):
 * `merge` (申报汇总), and score's --prior, --finalize and --unfinalize. Files and messages here; the
 * use cases are src/xlsx/merge-bytes.ts and src/workbook (records.ts, prior.ts).
 */
import { promises as fs, realpathSync } from "node:fs";
import path from "node:path";
import type { Lang, Rubric } from "../engine/types";
import { AppError, isAppError, msg, render } from "../messages";
import type { RecomputeResult, RecordOptions } from "../workbook";
import type { ReviewSection } from "../workbook/model";
import { historyTitle } from "../workbook/history";
import { CHECK_HEADER } from "../workbook/merge";
import { REVIEW_SHEET } from "../workbook/owned";
import { checkOutputTarget, readInputFile, refuseToReplace, writeFileReplacing } from "../xlsx";
import { mergeXlsxBytes, readPriorBytes, type SubmittedFile } from "../xlsx/merge-bytes";
import { UsageError, type CliOptions } from "./args";

/** Duplicated names listed on stderr; all are marked in the merged sheet. */
const DUPLICATES_LISTED = 10;

/**
 * Files a folder holds that may be submissions. Those not read (.xls, .xlsb, .ods, WPS's .et, .csv)
 * are listed too, each with its reason ("另存为 .xlsx"): a branch's file is never left out unseen.
 */
const SPREADSHEET = /\.(xlsx|xlsm|xls|xlsb|ods|et|csv)$/i;

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

async function filesUnder(folder: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(folder, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(folder, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    // ~$name.xlsx is Excel's lock file beside an open workbook, not a submission.
    else if (e.isFile() && SPREADSHEET.test(e.name) && !e.name.startsWith("~$")) out.push(full);
  }
  return out;
}

/** The files named and those in the folders named, in that order, each once, the output left out. */
export async function submissionPaths(inputs: readonly string[], output: string): Promise<string[]> {
  const seen = new Set<string>([real(output)]);
  const out: string[] = [];
  const folders: string[] = [];
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => null);
    const found = stat?.isDirectory() ? await filesUnder(input) : [input];
    if (stat?.isDirectory() && found.length === 0) folders.push(input);
    for (const file of found) {
      const key = real(file);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(file);
    }
  }
  if (out.length === 0)
    throw new AppError(msg("MERGE_NO_FILES", { paths: folders.length > 0 ? folders : [...inputs] }));
  return out;
}

async function readSubmitted(file: string): Promise<SubmittedFile> {
  try {
    return { name: file, bytes: await readInputFile(file) };
  } catch (error) {
    // Listed by the merge with the reason, like a file that is not a workbook.
    if (isAppError(error)) return { name: file, error: { zh: error.text("zh"), en: error.text("en") } };
    throw error;
  }
}

export interface MergeRun {
  now: Date;
  /** The zip entries' time (SOURCE_DATE_EPOCH), for reproducible output. */
  fixedDate: Date | undefined;
  rubric: Rubric | undefined;
}

/** `merge <files or folders…> -o <out.xlsx>`: exit 0 when written; an AppError (exit 3) when not. */
export async function runMerge(
  options: CliOptions,
  lang: Lang,
  io: { stderr: (t: string) => void },
  run: MergeRun,
): Promise<number> {
  const output = options.output as string;
  const inputs = options.inputs ?? [];
  if (inputs.some((i) => real(i) === real(output))) throw new UsageError(msg("CLI_MERGE_OUTPUT_IS_INPUT"));
  const target = await checkOutputTarget(output);
  await refuseToReplace(output);
  const paths = await submissionPaths(inputs, output);
  const files: SubmittedFile[] = [];
  for (const p of paths) files.push(await readSubmitted(p));
  const merged = await mergeXlsxBytes(files, {
    output,
    now: run.now,
    rubric: run.rubric,
    lang,
    allowSkipped: options.skipBad,
    write: { fixedDate: run.fixedDate },
  });
  if (!merged.ok) throw merged.error;
  await writeFileReplacing(output, merged.bytes, { stamp: run.now, unchangedSince: target });
  const r = merged.record;
  const lines = [
    render(
      msg("CLI_MERGE_DONE", {
        files: r.files.length,
        rows: merged.rows,
        rubric: merged.rubric.name,
        rubricEn: merged.rubric.nameEn ?? merged.rubric.name,
        output,
      }),
      lang,
    ),
    ...r.files.map((f) =>
      render(msg("CLI_MERGE_FILE", { file: f.file, sheet: f.sheet, rows: f.rows }), lang),
    ),
  ];
  if (r.skipped.length > 0) {
    const list = r.skipped.map((s) => ({ file: s.file, zh: s.reason.zh, en: s.reason.en }));
    lines.push(new AppError(msg("MERGE_SKIPPED", { files: list })).text(lang));
  }
  lines.push(...duplicateLines(r.duplicates, lang));
  lines.push(render(msg("CLI_MERGE_NEXT", { output }), lang));
  io.stderr(lines.join("\n") + "\n");
  return 0;
}

type Duplicate = { name: string; places: { file: string; sheet: string; row: number }[] };

/** The duplicated names, the first DUPLICATES_LISTED with where they are. */
function duplicateLines(duplicates: readonly Duplicate[], lang: Lang): string[] {
  if (duplicates.length === 0) return [];
  const lines = [
    render(msg("CLI_MERGE_DUPLICATES", { count: duplicates.length, column: CHECK_HEADER }), lang),
  ];
  for (const d of duplicates.slice(0, DUPLICATES_LISTED))
    lines.push(render(msg("CLI_MERGE_DUPLICATE", { name: d.name, places: d.places }), lang));
  const more = duplicates.length - DUPLICATES_LISTED;
  if (more > 0) lines.push(render(msg("CLI_MERGE_MORE_DUPLICATES", { more, column: CHECK_HEADER }), lang));
  return lines;
}

/** The --prior file's bytes; a file that cannot be read is named as last year's, not taken for the input. */
async function priorFile(file: string): Promise<Uint8Array> {
  try {
    return await readInputFile(file);
  } catch (error) {
    if (isAppError(error)) throw new AppError(msg("CLI_PRIOR_FILE", { cause: error.msg }), { cause: error });
    throw error;
  }
}

/** score's --prior / --finalize / --unfinalize as RecomputeOptions; last year's file read here. */
export async function recordOptions(options: CliOptions): Promise<RecordOptions> {
  const out: RecordOptions = {};
  if (options.finalize) out.finalize = true;
  if (options.unfinalize) out.unfinalize = true;
  if (options.prior !== undefined) {
    const read = await readPriorBytes(await priorFile(options.prior), path.basename(options.prior));
    // A file that could not be opened (an .xls, a damaged one) is named as last year's, not taken
    // for the input; one with no results says so itself.
    if (!read.ok && read.error.msg.code === "PRIOR_NO_RESULTS") throw read.error;
    if (!read.ok) throw new AppError(msg("CLI_PRIOR_FILE", { cause: read.error.msg }), { cause: read.error });
    out.prior = read.prior;
  }
  return out;
}

/** The records' lines on stderr: each 评定核查 section of merge, prior and 定稿 as a title and its rows. */
export function describeRecords(result: Extract<RecomputeResult, { ok: true }>, lang: Lang): string {
  const shown = result.reviewSections.filter((s) => !isHistory(s, lang));
  if (shown.length === 0) return "";
  const lines: string[] = [];
  for (const s of shown) {
    lines.push(render(msg("CLI_RECORD_SECTION", { title: s.title, note: s.note || undefined }), lang));
    for (const row of s.rows.slice(0, 20))
      lines.push(`  ${row.filter((v) => v !== null && v !== "").join(" | ")}`);
    if (s.rows.length > 20)
      lines.push(render(msg("CLI_RECORD_MORE_ROWS", { rows: s.rows.length, sheet: REVIEW_SHEET }), lang));
  }
  return lines.join("\n") + "\n";
}

function isHistory(s: ReviewSection, lang: Lang): boolean {
  return s.title === historyTitle(lang);
}
