/**
 * `score` (SPEC §9): score an .xlsx through the same use case as the page (src/xlsx/score-bytes.ts),
 * then say what was found and written. What the workbook layer reports in the add-in's terms is
 * said here in the command line's: the sheet a --sheet could name, the header a --map could fix.
 */
import { realpathSync } from "node:fs";
import path from "node:path";
import type { Lang } from "../engine/types";
import { AppError, msg, render } from "../messages";
import { SETTINGS_SHEET, resultLine, type RecomputeOptions, type RecomputeResult } from "../workbook";
import type { SheetInfo } from "../workbook/model";
import {
  checkOutputTarget,
  refuseToDropFinal,
  refuseToReplace,
  readInputFile,
  usePreparedInflate,
  writeFileReplacing,
  type XlsxAdapter,
} from "../xlsx";
import { scoreXlsxBytes, scoredFileName } from "../xlsx/score-bytes";
import { UsageError, type CliOptions } from "./args";
import { takeEarlyInput } from "./early-inflate";
import { describeRecords, recordOptions } from "./records";
import { describeRun, scoreJson } from "./report";
import { loadRubricOption } from "./rubric-option";
import { nearest } from "./suggest";
import { fixedTime, runTime, type CliIo } from "./io";

type Scored = Extract<RecomputeResult, { ok: true }>;

/** Rows above which a TTY gets a progress line. */
const PROGRESS_ROWS = 5_000;

/**
 * The output beside the input when neither -o nor --in-place is given: 考评表（评定结果）.xlsx, or
 * 考评表.scored.xlsx in English (the name earlier versions wrote, still ignored by .gitignore).
 */
export function defaultOutputPath(input: string, lang: Lang = "zh"): string {
  return path.join(path.dirname(input), scoredFileName(path.basename(input), lang));
}

function samePath(a: string, b: string): boolean {
  const resolve = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return resolve(a) === resolve(b);
}

export async function runScore(options: CliOptions, lang: Lang, io: CliIo): Promise<number> {
  const input = options.input as string;
  const output = options.inPlace ? input : (options.output ?? defaultOutputPath(input, lang));
  if (!options.inPlace && samePath(input, output)) throw new UsageError(msg("CLI_OUTPUT_IS_INPUT"));
  // This year's table is not last year's results: every branch would compare with itself. Said
  // first: with --in-place the output is the input, and "choose another output" would mislead.
  if (options.prior !== undefined && samePath(options.prior, input))
    throw new UsageError(msg("CLI_PRIOR_IS_INPUT"));
  // Last year's results are read by the run, and may be the only copy of last year's table.
  if (options.prior !== undefined && samePath(options.prior, output))
    throw new UsageError(msg("CLI_OUTPUT_IS_PRIOR"));
  const rubric = options.rubric ? await loadRubricOption(options.rubric) : undefined;
  const target = await checkOutputTarget(output);
  const earlier = options.inPlace ? null : await refuseToReplace(output);
  const now = runTime(io.env);
  const progress = io.stderrIsTty ? io.progress : undefined;
  // A progress line only for large tables on a terminal: the table's size is known once it is read.
  const largeTable = (rows: number) => rows >= (io.progressRows ?? PROGRESS_ROWS);
  // The same bytes-in/bytes-out use case as the page in a browser (src/xlsx/score-bytes.ts).
  // The input may have been read, and its sheet inflated on another thread, while the CLI loaded
  // (early-inflate.ts).
  const early = await takeEarlyInput(input);
  const source = early?.bytes ?? (await readInputFile(input));
  usePreparedInflate(early?.sheet ?? null);
  const scored = await scoreXlsxBytes(source, {
    input,
    output,
    recompute: {
      ...runOptions(options),
      rubric,
      lang,
      now,
      // A new file is stamped with the run's time below; the input scored in place is the user's own.
      stamped: !options.inPlace,
      ...(await recordOptions(options)),
    },
    write: {
      fixedDate: fixedTime(io.env),
      // Overwriting the input must never drop content ExcelJS cannot carry (charts, pivot tables…);
      // a new file may, with a warning, since the input is still there.
      refuseLoss: options.inPlace,
      // A way back to the ExcelJS writer should the package patcher ever misjudge a file.
      writer: io.env.STAR_RATING_WRITER === "exceljs" ? "exceljs" : "auto",
    },
    onProgress: progress
      ? (stage, fraction, rows) => {
          if (largeTable(rows))
            progress(render(msg("CLI_PROGRESS", { stage, percent: Math.round(fraction * 100) }), lang));
        }
      : undefined,
  });
  usePreparedInflate(null);
  const adapter = scored.adapter;
  if (largeTable(adapter.lastReadRows)) progress?.("");
  if (!scored.ok) throw await inCommandLineTerms(scored.error, adapter);
  checkMapFields(scored.result, options);
  refuseToDropFinal(output, earlier, scored.result.records.final?.at, options.unfinalize === true);
  // An output's time is the one its settings record, so that the next run can tell whether it was
  // saved since (written-stamp.ts); the input replaced in place is the user's file and keeps a real time.
  // A save while the run worked (the input, or the earlier output) is kept: nothing is written then.
  await writeFileReplacing(output, scored.zip.pieces, {
    unchangedSince: target,
    ...(options.inPlace ? {} : { stamp: now }),
  });
  const { result } = scored;
  if (options.json) io.stdout(JSON.stringify(scoreJson(result, lang), null, 2) + "\n");
  io.stderr(describeRun(result, resultLine(result, lang), output, lang));
  io.stderr(describeRecords(result, lang));
  for (const note of scored.notes) io.stderr(render(note, lang) + "\n");
  const droppedPrior = earlier?.priorSource && !result.records.prior ? earlier.priorSource : null;
  if (droppedPrior) io.stderr(render(msg("CLI_PRIOR_DROPPED", { output, prior: droppedPrior }), lang) + "\n");
  return 0;
}

/**
 * What the command line sets for the run, as the pane would: the sheet, the column mapping (the
 * fields as typed; the layout resolves labels to ids and the settings carry it) and the 公示 texts.
 */
export function runOptions(options: CliOptions): Pick<RecomputeOptions, "sheet" | "mapping" | "notice"> {
  const mapping = options.map ? Object.fromEntries(options.map.map((m) => [m.field, m.column])) : undefined;
  return { sheet: options.sheet, mapping, notice: options.notice };
}

/** A run that stopped, with what the command line can add: the option that fixes it, the nearest name. */
async function inCommandLineTerms(error: AppError, adapter: XlsxAdapter): Promise<AppError> {
  const code = error.code;
  if (error.code === "WRITE_FAILED") return new AppError(error.msg, { category: "bug", cause: error });
  if (code === "NO_TABLE") {
    const sheets = visibleSheetNames(error, await adapter.sheetList());
    // --sheet helps only where there is another sheet to name.
    if (sheets.length < 2) return error;
    return new AppError(msg("CLI_SHEET_OPTION", { cause: error.msg, sheets }), { code });
  }
  if (code === "NO_SHEET" && error.msg.code === "WORKBOOK_NO_SHEET") {
    const sheet = error.msg.params.sheet;
    const sheets = visibleSheetNames(error, await adapter.sheetList());
    const guess = nearest(sheet, sheets, (s) => [s]);
    return new AppError(msg("CLI_NO_SUCH_SHEET", guess ? { sheet, sheets, guess } : { sheet, sheets }), {
      code,
    });
  }
  if (error.msg.code === "MISSING_COLUMN") {
    const { missing, found } = error.msg.params;
    const guesses = missing.flatMap((field) => {
      const header =
        nearest(field.label, found, (h) => [h]) ??
        field.others.map((o) => nearest(o, found, (h) => [h])).find(Boolean);
      return header ? [{ header, field: field.label }] : [];
    });
    // The message names the pane's picker; on the command line --map does the same.
    const first = missing[0]?.label;
    return new AppError(
      msg("CLI_MISSING_COLUMN_HINT", { cause: error.msg, guesses, ...(first ? { first } : {}) }),
      { code },
    );
  }
  return error;
}

/** The sheets a user could pass to --sheet: as recompute listed them, else the workbook's visible ones. */
function visibleSheetNames(error: AppError, sheets: readonly SheetInfo[]): string[] {
  if (error.msg.code === "NO_TABLE_ON_VISIBLE_SHEETS") return error.msg.params.sheets;
  return sheets.filter((s) => s.visibility === "visible" && s.name !== SETTINGS_SHEET).map((s) => s.name);
}

/**
 * A --map naming no field of the rubric in use is a mistake on the command line: refused before
 * anything is written (the layout only notes it, as it does for a stale mapping in the pane).
 */
function checkMapFields(result: Scored, options: CliOptions): void {
  const typed = new Set((options.map ?? []).map((m) => m.field));
  for (const notice of result.notices) {
    if (notice.code !== "MAPPING_UNKNOWN_FIELD" || !typed.has(notice.params.field)) continue;
    const field = notice.params.field;
    const labels = result.rubric.fields.map((f) => f.label);
    const guess = nearest(field, result.rubric.fields, (f) => [f.label, f.id, f.labelEn ?? "", ...f.aliases]);
    const params = { field, rubric: result.rubric.name, fields: labels };
    throw new UsageError(msg("CLI_MAP_UNKNOWN_FIELD", guess ? { ...params, guess: guess.label } : params));
  }
}
