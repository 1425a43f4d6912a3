/**
 * The command line (SPEC §9) as a function of argv and io, so tests run it in-process: argument
 * parsing, the XlsxAdapter and the workbook layer's recompute. Nothing here decides how a branch
 * is rated or what the summary holds. Every text shown is a catalogue message (src/messages/cli.ts).
 */
import { presets } from "../engine";
import type { Lang } from "../engine/types";
import { isAppError, msg, render, saysNothingWritten, type Message } from "../messages";
import { SETTINGS_SHEET, buildTemplatePlan } from "../workbook";
import { XlsxAdapter, checkOutputTarget, refuseToReplace, writeXlsxAtomic } from "../xlsx";
import { newExcelWorkbook } from "../xlsx/lazy";
import { helpText, parseArgs, resolveLang, type CliOptions } from "./args";
import { fixedTime, runTime, type CliIo } from "./io";
import { runMerge } from "./records";
import { loadRubricOption } from "./rubric-option";
import { runScore } from "./score";

export { defaultOutputPath } from "./score";
export { loadRubricOption } from "./rubric-option";
export { fixedTime, runTime, type CliIo } from "./io";

export const EXIT_OK = 0;
export const EXIT_BUG = 1;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;

async function runTemplate(options: CliOptions, lang: Lang, io: CliIo): Promise<number> {
  const rubric = await loadRubricOption(options.rubric ?? "service-org");
  const output = options.output as string;
  await checkOutputTarget(output);
  await refuseToReplace(output, { anyFile: true });
  const { sheet, plan } = buildTemplatePlan(rubric, { rows: options.rows, sample: options.sample, lang });
  const workbook = await newExcelWorkbook();
  const now = runTime(io.env);
  workbook.creator = "星级评定助手";
  workbook.created = now;
  workbook.modified = now;
  await new XlsxAdapter(workbook).apply(plan);
  await writeXlsxAtomic(workbook, output, { fixedDate: fixedTime(io.env) });
  const created = msg("CLI_TEMPLATE_CREATED", {
    sheet,
    rubric: rubric.name,
    rubricEn: rubric.nameEn ?? rubric.name,
    version: rubric.version,
    output,
  });
  io.stderr(render(created, lang) + "\n");
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

async function dispatch(options: CliOptions, lang: Lang, io: CliIo): Promise<number> {
  switch (options.command) {
    case "help":
      io.stdout(helpText(lang, options.helpFor) + "\n");
      return EXIT_OK;
    case "score":
      return runScore(options, lang, io);
    case "template":
      return runTemplate(options, lang, io);
    case "merge": {
      const rubric = options.rubric ? await loadRubricOption(options.rubric) : undefined;
      return runMerge(options, lang, io, { now: runTime(io.env), fixedDate: fixedTime(io.env), rubric });
    }
    case "presets":
      return runPresets(lang, io);
    case "rubric":
      return runRubric(options, io);
  }
}

/** An error as stderr lines and an exit code: usage 2, input 3 (nothing written), anything else 1. */
function reportError(
  error: unknown,
  command: CliOptions["command"] | undefined,
  lang: Lang,
  io: CliIo,
): number {
  const say = (m: Message) => io.stderr(render(m, lang) + "\n");
  if (isAppError(error) && error.category === "usage") {
    say(msg("CLI_USAGE_ERROR", { cause: error.msg }));
    return EXIT_USAGE;
  }
  if (isAppError(error) && error.category === "input") {
    // Say what failed in terms of the command that ran: `rubric` scores nothing and writes nothing.
    const what = command === "rubric" || command === "template" || command === "merge" ? command : "score";
    say(msg("CLI_CANNOT", { command: what, cause: error.msg }));
    // The message may say so already; say it once. `rubric` never writes a file.
    if (command !== "rubric" && !saysNothingWritten(error.msg)) say(msg("NOTHING_WRITTEN"));
    return EXIT_INPUT;
  }
  // A bug: the stack says where (an AppError's own message is its Chinese text, its cause chained).
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  say(msg("CLI_BUG", { detail }));
  return EXIT_BUG;
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // A usage error can stop parsing before --lang is reached: look for it first so it still applies.
  let lang = resolveLang(langInArgv(argv), io.env);
  let command: CliOptions["command"] | undefined;
  try {
    const options = parseArgs(argv);
    command = options.command;
    lang = resolveLang(options.lang ?? langInArgv(argv), io.env);
    return await dispatch(options, lang, io);
  } catch (error) {
    const code = reportError(error, command, lang, io);
    // A script reading --json gets a document on a refusal too, not an empty stdout.
    if (jsonInArgv(argv)) io.stdout(JSON.stringify(errorJson(error, code, lang), null, 2) + "\n");
    return code;
  }
}

/** --json among the options (before a `--` that ends them), even when parsing stopped short. */
function jsonInArgv(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

/** What --json prints when a command stops: the exit code and the message, its code for scripts. */
function errorJson(
  error: unknown,
  exit: number,
  lang: Lang,
): { error: { exit: number; code: string; message: string } } {
  if (isAppError(error)) return { error: { exit, code: error.code, message: error.text(lang) } };
  return { error: { exit, code: "BUG", message: error instanceof Error ? error.message : String(error) } };
}

export { SETTINGS_SHEET };
