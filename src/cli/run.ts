/**
 * The command line (SPEC §9) as a function of argv and io, so tests run it in-process: argument
 * parsing, the XlsxAdapter and the workbook layer's recompute. Nothing here decides how a branch
 * is rated or what the summary holds.
 */
import { existsSync, promises as fs, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { getPreset, jsonProblemMessage, parseJsonText, parseRubric, presets } from "../engine";
import type { Lang, Rubric } from "../engine/types";
import { SETTINGS_SHEET, buildTemplatePlan, resultLine, type RecomputeStage } from "../workbook";
import { AppError, isAppError, msg, render, renderBoth, saysNothingWritten } from "../messages";
import type { SheetInfo } from "../workbook/model";
import {
  XlsxAdapter,
  XlsxError,
  checkOutputTarget,
  readInputFile,
  writeFileReplacing,
  writeXlsxAtomic,
} from "../xlsx";
import { scoreXlsxBytes } from "../xlsx/score-bytes";
import { newExcelWorkbook } from "../xlsx/lazy";
import { UsageError, helpText, parseArgs, resolveLang, type CliOptions } from "./args";
import { describeRun, scoreJson } from "./report";
import { describeRecords, recordOptions, runMerge } from "./records";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress lines only then). */
  stderrIsTty: boolean;
  /** Rewrites the current stderr line (progress). */
  progress?: (text: string) => void;
  /** Sheet rows from which a progress line is shown (default 5,000). */
  progressRows?: number;
}

export const EXIT_OK = 0;
export const EXIT_BUG = 1;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;

/** A problem with the input that the user can fix: exit 3, nothing written. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

function pick(lang: Lang, zh: string, en: string): string {
  return lang === "en" ? en : zh;
}

/** Rows above which a TTY gets a progress line. */
const PROGRESS_ROWS = 5_000;

/** Fixed time for reproducible output (examples, tests): the reproducible-builds convention. */
export function fixedTime(env: NodeJS.ProcessEnv): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}

export function runTime(env: NodeJS.ProcessEnv): Date {
  return fixedTime(env) ?? new Date();
}

/** `--rubric`: a preset id, else a JSON file validated by the rubric schema. */
export async function loadRubricOption(spec: string): Promise<Rubric> {
  const preset = getPreset(spec);
  if (preset) return preset;
  const ids = presets.map((p) => p.id).join(", ");
  // Any existing file is read as rubric JSON, whatever its extension; otherwise say which it was meant to be.
  if (!existsSync(spec) || !statSync(spec).isFile()) {
    if (/\.json$/i.test(spec) || spec.includes("/") || spec.includes(path.sep))
      throw new InputError(`找不到规则文件：${spec}`, `Rubric file not found: ${spec}`);
    throw new InputError(
      `没有名为 ${spec} 的预设（可用：${ids}），也不是规则文件（.json）`,
      `No preset named ${spec} (presets: ${ids}), and not a rubric file (.json)`,
    );
  }
  const parsedText = parseJsonText(await fs.readFile(spec, "utf8"));
  if (!parsedText.ok) {
    const where = renderBoth(jsonProblemMessage(parsedText.problem));
    throw new InputError(
      `规则文件 ${spec} 不是有效的 JSON：${where.zh}`,
      `Rubric file ${spec} is not valid JSON: ${where.en}`,
    );
  }
  const json = parsedText.value;
  const parsed = parseRubric(json);
  if (!parsed.ok) {
    const list = parsed.errors.map((e) => `  - ${e.message}`).join("\n");
    const listEn = parsed.errors.map((e) => `  - ${e.messageEn}`).join("\n");
    throw new InputError(`规则文件 ${spec} 无效：\n${list}`, `Rubric file ${spec} is invalid:\n${listEn}`);
  }
  return parsed.rubric;
}

export function defaultOutputPath(input: string): string {
  const dir = path.dirname(input);
  const base = path.basename(input).replace(/\.xls[xm]$/i, "");
  return path.join(dir, `${base}.scored.xlsx`);
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

async function runScore(options: CliOptions, lang: Lang, io: CliIo): Promise<number> {
  const input = options.input as string;
  const output = options.inPlace ? input : (options.output ?? defaultOutputPath(input));
  if (!options.inPlace && samePath(input, output))
    throw new UsageError(
      "输出文件与输入文件相同；要覆盖输入请用 --in-place",
      "The output is the input file; use --in-place to overwrite the input",
    );
  const rubric = options.rubric ? await loadRubricOption(options.rubric) : undefined;
  await checkOutputTarget(output);
  const now = runTime(io.env);
  // A progress line only for large tables on a terminal: the table's size is known once it is read.
  const largeTable = (rows: number) => rows >= (io.progressRows ?? PROGRESS_ROWS);
  const progress = io.stderrIsTty ? io.progress : undefined;
  const stageNames: Record<RecomputeStage, [string, string]> = {
    read: ["读取", "reading"],
    evaluate: ["评定", "rating"],
    plan: ["生成汇总", "planning"],
    write: ["写入", "writing"],
  };
  // The same bytes-in/bytes-out use case as the page in a browser (src/xlsx/score-bytes.ts).
  const scored = await scoreXlsxBytes(await readInputFile(input), {
    input,
    output,
    recompute: { sheet: options.sheet, rubric, lang, now, ...(await recordOptions(options)) },
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
          if (!largeTable(rows)) return;
          const [zh, en] = stageNames[stage];
          progress(
            pick(lang, `${zh}… ${Math.round(fraction * 100)}%`, `${en}… ${Math.round(fraction * 100)}%`),
          );
        }
      : undefined,
  });
  const adapter = scored.adapter;
  if (largeTable(adapter.lastReadRows)) progress?.("");
  if (!scored.ok && scored.error.code === "WRITE_FAILED")
    throw new Error(`apply failed: ${scored.error.text("en")}`, { cause: scored.error });
  if (!scored.ok && scored.error.code === "NO_TABLE") {
    // The workbook layer speaks to the add-in too; the command line can say exactly what to type.
    const names = visibleSheetNames(scored.error, await adapter.sheetList());
    throw new AppError(msg("CLI_SHEET_OPTION", { cause: scored.error.msg, sheets: names }), {
      code: scored.error.code,
    });
  }
  if (!scored.ok) throw scored.error;
  await writeFileReplacing(output, scored.bytes);
  const { result, report: written } = scored;
  if (options.json) io.stdout(JSON.stringify(scoreJson(result, lang), null, 2) + "\n");
  io.stderr(describeRun(result, resultLine(result, lang), output, adapter.skipped.length > 0, lang));
  io.stderr(describeRecords(result, lang));
  const uncached = adapter.statsFor(result.sheet).uncachedFormulas;
  if (uncached.length > 0) {
    const where = uncached.slice(0, 5).join(", ") + (uncached.length > 5 ? " …" : "");
    io.stderr(
      pick(
        lang,
        `注意：${uncached.length} 个公式单元格没有保存计算结果（${where}），按空白处理；请先在 Excel 中打开并保存该文件\n`,
        `Note: ${uncached.length} formula cells carry no calculated result (${where}) and were read as blank; open and save the file in Excel first\n`,
      ),
    );
  }
  if (written.fallbackReason)
    io.stderr(
      pick(
        lang,
        `注意：无法直接修补此文件（${written.fallbackReason}），已用 ExcelJS 整体重写\n`,
        `Note: this file could not be patched in place (${written.fallbackReason}); ExcelJS rewrote all of it\n`,
      ),
    );
  if (written.lost.parts.length > 0)
    io.stderr(
      pick(
        lang,
        `注意：输出文件没有保留原文件中的 ${written.lost.what.map((m) => render(m, "zh")).join("、")}（.xlsx 写入无法保留；原文件未改动）\n`,
        `Note: the output does not keep the input's ${written.lost.what.map((m) => render(m, "en")).join(", ")} (.xlsx writing cannot; the input is unchanged)\n`,
      ),
    );
  return EXIT_OK;
}

/** The sheets a user could pass to --sheet: as recompute listed them, else the workbook's visible ones. */
function visibleSheetNames(error: AppError, sheets: readonly SheetInfo[]): string[] {
  if (error.msg.code === "NO_TABLE_ON_VISIBLE_SHEETS") return error.msg.params.sheets;
  return sheets.filter((s) => s.visibility === "visible" && s.name !== SETTINGS_SHEET).map((s) => s.name);
}

async function runTemplate(options: CliOptions, lang: Lang, io: CliIo): Promise<number> {
  const rubric = await loadRubricOption(options.rubric ?? "service-org");
  const output = options.output as string;
  await checkOutputTarget(output);
  const { sheet, plan } = buildTemplatePlan(rubric, { rows: options.rows, sample: options.sample, lang });
  const workbook = await newExcelWorkbook();
  const now = runTime(io.env);
  workbook.creator = "星级评定助手";
  workbook.created = now;
  workbook.modified = now;
  await new XlsxAdapter(workbook).apply(plan);
  await writeXlsxAtomic(workbook, output, { fixedDate: fixedTime(io.env) });
  io.stderr(
    pick(
      lang,
      `已新建评分表“${sheet}”（${rubric.name} ${rubric.version}）：${output}\n`,
      `Created the scoring sheet "${sheet}" (${rubric.nameEn ?? rubric.name} ${rubric.version}): ${output}\n`,
    ),
  );
  return EXIT_OK;
}

function runPresets(lang: Lang, io: CliIo): number {
  const width = Math.max(...presets.map((p) => p.id.length));
  for (const p of presets) {
    const name = lang === "en" ? (p.nameEn ?? p.name) : p.name;
    io.stdout(`${p.id.padEnd(width)}  ${p.version}  ${name}\n`);
  }
  return EXIT_OK;
}

async function runRubric(options: CliOptions, io: CliIo): Promise<number> {
  const rubric = await loadRubricOption(options.rubric ?? "service-org");
  io.stdout(JSON.stringify(rubric, null, 2) + "\n");
  return EXIT_OK;
}

function langInArgv(argv: readonly string[]): Lang | undefined {
  for (let i = 0; i < argv.length; i++) {
    const value =
      argv[i] === "--lang" ? argv[i + 1] : argv[i].startsWith("--lang=") ? argv[i].slice(7) : null;
    if (value === "zh" || value === "en") return value;
  }
  return undefined;
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // A usage error can stop parsing before --lang is reached: look for it first so it still applies.
  let lang = resolveLang(langInArgv(argv), io.env);
  let command: CliOptions["command"] | undefined;
  try {
    const options = parseArgs(argv);
    command = options.command;
    lang = resolveLang(options.lang, io.env);
    switch (options.command) {
      case "help":
        io.stdout(helpText(lang, options.helpFor) + "\n");
        return EXIT_OK;
      case "score":
        return await runScore(options, lang, io);
      case "template":
        return await runTemplate(options, lang, io);
      case "merge": {
        const rubric = options.rubric ? await loadRubricOption(options.rubric) : undefined;
        return await runMerge(options, lang, io, {
          now: runTime(io.env),
          fixedDate: fixedTime(io.env),
          rubric,
        });
      }
      case "presets":
        return runPresets(lang, io);
      case "rubric":
        return await runRubric(options, io);
    }
  } catch (error) {
    if (error instanceof UsageError || (isAppError(error) && error.category === "usage")) {
      const message = isAppError(error) ? error.text(lang) : pick(lang, error.message, error.messageEn);
      io.stderr(`${pick(lang, "用法错误：", "Usage error: ")}${message}\n`);
      io.stderr(pick(lang, "运行 --help 查看用法。\n", "Run with --help for usage.\n"));
      return EXIT_USAGE;
    }
    if (
      error instanceof InputError ||
      error instanceof XlsxError ||
      (isAppError(error) && error.category === "input")
    ) {
      const message = isAppError(error) ? error.text(lang) : pick(lang, error.message, error.messageEn);
      // Say what failed in terms of the command that ran: `rubric` scores nothing and writes nothing.
      const [prefixZh, prefixEn] =
        command === "rubric"
          ? ["评定规则无效：", "Invalid rubric: "]
          : command === "template"
            ? ["无法新建评分表：", "Cannot create the scoring sheet: "]
            : ["无法评定：", "Cannot score: "];
      io.stderr(`${pick(lang, prefixZh, prefixEn)}${message}\n`);
      // The workbook layer's messages already say so; say it once. `rubric` never writes a file.
      const said =
        error instanceof AppError
          ? saysNothingWritten(error.msg)
          : /未写入任何内容|nothing was written/i.test(message);
      if (command !== "rubric" && !said)
        io.stderr(pick(lang, "未写出任何文件。\n", "Nothing was written.\n"));
      return EXIT_INPUT;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`${pick(lang, "程序错误（请报告）：", "Internal error (please report): ")}${detail}\n`);
    return EXIT_BUG;
  }
}

export { SETTINGS_SHEET };
