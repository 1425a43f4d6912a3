/**
 * Argument parsing for the command line (SPEC §9). Hand-written rather than a library: the grammar
 * is small, and every usage error is a catalogue message (Chinese and English) and exit code 2.
 */
import type { Lang } from "../engine/types";
import { AppError, msg, type Message } from "../messages";
import type { NoticeTexts } from "../workbook/settings";
import { ALL, OPTIONS, type Command, type OptionSpec } from "./options";
import { nearest } from "./suggest";

export type { Command } from "./options";

/** One `--map 字段=列`: the field as typed (a header label or a field id) and its column letter. */
export interface MapOption {
  field: string;
  column: string;
}

export interface CliOptions {
  command: Command;
  input?: string;
  output?: string;
  rubric?: string;
  sheet?: string;
  json: boolean;
  inPlace: boolean;
  rows?: number;
  sample: boolean;
  lang?: Lang;
  /** `--map`, in the order given (absent when none). */
  map?: MapOption[];
  /** The 公示名单 texts given as options (absent when none). */
  notice?: NoticeTexts;
  /** `--help` after a command: help for that command. */
  helpFor?: Command;
  /** merge: the files and folders to merge. */
  inputs?: string[];
  /** merge --skip-bad: write the merge of the readable files even when some were left out. */
  skipBad?: boolean;
  /** score --prior: last year's scored workbook. */
  prior?: string;
  /** score --finalize / --unfinalize (定稿 / 解除定稿). */
  finalize?: boolean;
  unfinalize?: boolean;
}

/** The command line itself is wrong: exit 2. */
export class UsageError extends AppError {
  constructor(message: Message) {
    super(message, { category: "usage" });
    this.name = "UsageError";
  }
}

const COMMANDS: readonly Command[] = ALL;
export const MAX_TEMPLATE_ROWS = 100_000;
/** XFD, Excel's last column. */
const LAST_COLUMN = 16_384;

function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

function usage(message: Message): UsageError {
  return new UsageError(message);
}

function firstWord(first: string): Command {
  if (isCommand(first)) return first;
  if (first.startsWith("-")) throw usage(msg("CLI_OPTION_BEFORE_COMMAND", { option: first }));
  const guess = nearest(first, COMMANDS, (c) => [c]);
  throw usage(msg("CLI_UNKNOWN_COMMAND", guess ? { command: first, guess } : { command: first }));
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { command: "help", json: false, inPlace: false, sample: false };
  const words = [...argv];
  // npm passes a lone "--" through in some shells; it carries no meaning here.
  if (words[0] === "--") words.shift();
  // `--lang en --help` (or before a command): the language is read from the whole line (run.ts).
  while (words[0] === "--lang" || words[0]?.startsWith("--lang="))
    words.splice(0, words[0] === "--lang" ? 2 : 1);
  const first = words.shift();
  if (first === undefined || first === "--help" || first === "-h") return options;
  options.command = firstWord(first);
  const positionals: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    // "--" ends the options, as in every POSIX tool: a file named "-评分表.xlsx" can follow it.
    if (word === "--") {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (!word.startsWith("-") || word === "-") {
      positionals.push(word);
      continue;
    }
    const eq = word.startsWith("--") ? word.indexOf("=") : -1;
    const name = eq > 0 ? word.slice(0, eq) : word;
    const spec = OPTIONS[name];
    if (!spec) {
      const guess = nearest(name, Object.keys(OPTIONS), (o) => [o]);
      throw usage(msg("CLI_UNKNOWN_OPTION", guess ? { option: name, guess } : { option: name }));
    }
    if (!spec.commands.includes(options.command))
      throw usage(msg("CLI_OPTION_NOT_FOR_COMMAND", { command: options.command, option: name }));
    // -o and --output are one option; each --notice-… is its own.
    const identity = spec.noticeKey ?? spec.key;
    if (seen.has(identity) && !spec.repeats) throw usage(msg("CLI_OPTION_TWICE", { option: name }));
    seen.add(identity);
    let value: string | undefined;
    if (spec.takesValue) {
      if (eq > 0) value = word.slice(eq + 1);
      else {
        value = words[i + 1];
        // A negative number after --rows is a value out of range, not a missing one.
        const negativeNumber = spec.key === "rows" && /^-\d/.test(value ?? "");
        if (value === undefined || (value.startsWith("-") && value.length > 1 && !negativeNumber))
          throw usage(msg("CLI_OPTION_NEEDS_VALUE", { option: name }));
        i++;
      }
      if (value === "") throw usage(msg("CLI_OPTION_NEEDS_VALUE", { option: name }));
    } else if (eq > 0) {
      throw usage(msg("CLI_OPTION_TAKES_NO_VALUE", { option: name }));
    }
    setOption(options, spec, name, value ?? "");
  }
  return finish(options, positionals);
}

function setOption(options: CliOptions, spec: OptionSpec, name: string, value: string): void {
  switch (spec.key) {
    case "output":
    case "rubric":
    case "sheet":
    case "prior":
      options[spec.key] = value;
      break;
    case "rows":
      options.rows = parseRows(value);
      break;
    case "lang":
      if (value !== "zh" && value !== "en") throw usage(msg("CLI_BAD_LANG", { value }));
      options.lang = value;
      break;
    case "map":
      options.map = [...(options.map ?? []), parseMap(value, options.map ?? [])];
      break;
    case "notice": {
      const key = spec.noticeKey as keyof NoticeTexts;
      const text =
        key === "periodStart" || key === "periodEnd" || key === "date" ? parseDate(name, value) : value;
      options.notice = { ...options.notice, [key]: text };
      break;
    }
    case "json":
    case "inPlace":
    case "sample":
    case "finalize":
    case "unfinalize":
    case "skipBad":
      options[spec.key] = true;
      break;
    case "help":
      options.helpFor = options.command;
      break;
  }
}

function parseRows(value: string): number {
  const rows = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(rows) || rows < 1 || rows > MAX_TEMPLATE_ROWS)
    throw usage(msg("CLI_BAD_ROWS", { value, max: MAX_TEMPLATE_ROWS }));
  return rows;
}

/** `服务机制=F`: the field as typed and the column letter (upper case); full-width forms accepted. */
export function parseMap(value: string, earlier: readonly MapOption[]): MapOption {
  const text = value.normalize("NFKC");
  const at = text.indexOf("=");
  const field = at > 0 ? text.slice(0, at).trim() : "";
  const column =
    at > 0
      ? text
          .slice(at + 1)
          .trim()
          .toUpperCase()
      : "";
  if (field === "" || column === "") throw usage(msg("CLI_BAD_MAP", { value }));
  if (!/^[A-Z]{1,3}$/.test(column) || columnNumber(column) > LAST_COLUMN)
    throw usage(msg("CLI_MAP_BAD_COLUMN", { field, column }));
  if (earlier.some((m) => m.field === field)) throw usage(msg("CLI_MAP_FIELD_TWICE", { field }));
  return { field, column };
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
  return n;
}

/**
 * A calendar date as people write it — 2026-12-03, 2026/12/3, 2026.12.3, 2026年12月3日 — as ISO
 * "2026-12-03"; anything else, or a day that does not exist (2026-02-30), is a usage error.
 */
export function parseDate(option: string, value: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(
    value.normalize("NFKC").trim(),
  );
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!m || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    throw usage(msg("CLI_BAD_DATE", { option, value }));
  return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
}

/** What can only be checked once every word is read. */
function finish(options: CliOptions, positionals: string[]): CliOptions {
  if (options.helpFor || options.command === "help") {
    options.helpFor =
      options.command === "help" && positionals[0] && isCommand(positionals[0])
        ? positionals[0]
        : options.command;
    options.command = "help";
    return options;
  }
  if (options.command === "score") {
    if (positionals.length === 0) throw usage(msg("CLI_SCORE_NEEDS_INPUT"));
    if (options.output !== undefined && options.inPlace) throw usage(msg("CLI_OUTPUT_AND_IN_PLACE"));
  }
  if (options.command === "template" && options.output === undefined)
    throw usage(msg("CLI_TEMPLATE_NEEDS_OUTPUT"));
  if (options.command === "merge") {
    if (positionals.length === 0 || options.output === undefined) throw usage(msg("CLI_MERGE_NEEDS_INPUTS"));
    options.inputs = positionals.splice(0);
  }
  if (options.finalize && options.unfinalize) throw usage(msg("CLI_FINALIZE_AND_UNFINALIZE"));
  if (options.output !== undefined) checkOutputName(options.output);
  const { periodStart, periodEnd } = options.notice ?? {};
  if (periodStart && periodEnd && periodEnd < periodStart)
    throw usage(msg("CLI_NOTICE_PERIOD_ORDER", { from: periodStart, to: periodEnd }));
  const allowed = options.command === "score" ? 1 : 0;
  if (positionals.length > allowed)
    throw usage(
      msg("CLI_EXTRA_ARGUMENTS", {
        extra: positionals.slice(allowed).join(" "),
        files: options.command === "score" && positionals.every((p) => /\.xls[xm]?$/i.test(p)),
      }),
    );
  if (options.command === "score") options.input = positionals[0];
  return options;
}

/**
 * What we write is always an .xlsx package: any other name would mislabel it (a ".csv" of zip bytes).
 * ".xlsm" is refused too, since ExcelJS drops the macros and writes a macro-free content type.
 */
function checkOutputName(output: string): void {
  if (/\.xlsx$/i.test(output)) return;
  if (/\.xlsm$/i.test(output)) throw usage(msg("CLI_OUTPUT_XLSM", { output }));
  throw usage(msg("CLI_OUTPUT_NOT_XLSX", { output }));
}

/** --lang wins; else LANG/LC_ALL/LC_MESSAGES starting with "en" means English; Chinese otherwise. */
export function resolveLang(explicit: Lang | undefined, env: NodeJS.ProcessEnv): Lang {
  if (explicit) return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return /^en/i.test(locale) ? "en" : "zh";
}

export function helpText(lang: Lang, command?: Command): string {
  const zh = {
    score: [
      "用法：npm run cli -- score <输入.xlsx> [-o <输出.xlsx>] [--rubric <内置方案|方案.json>] [--sheet <表名>] [--map 字段=列]… [--json] [--in-place] [--lang zh|en]",
      "  为评分表评定星级，写出评定列、评定汇总等表和工作簿内的设置。",
      "  默认输出到 <输入>（评定结果）.xlsx，输入文件不会被修改（除非 --in-place）。",
      "  已有的输出文件只在它是本工具写出、且此后未被修改保存时才会被替换；否则不写出（退出码 3）。",
      "  --map 服务机制=F  指定某字段所在的列（字段写表头名称或代号；可重复；保存在工作簿中，下次沿用）",
      "  --json  在标准输出打印结果 JSON（含标记代码）",
      "  公示名单：--notice-title <标题> --notice-body <正文> --notice-from <日期> --notice-to <日期>",
      "            --notice-phone <监督电话> --notice-contact <联系人> --notice-issuer <落款单位> --notice-date <落款日期>",
      "            日期写作 2026-12-03；保存在工作簿中，下次沿用",
      "  --prior <上年评定结果.xlsx>  按支部名称取上年星级（动态变化），未对应的名称列在「评定核查」",
      "  --finalize  定稿：冻结本次结果，以后重新评定仍写出定稿结果并列出不同之处；--unfinalize 解除定稿",
    ],
    template: [
      "用法：npm run cli -- template [--rubric <内置方案|方案.json>] -o <输出.xlsx> [--rows N] [--sample]",
      "  新建一张空白评分表（标题、表头、数据验证、冻结表头）；--sample 填入示例数据。",
    ],
    merge: [
      "用法：npm run cli -- merge <文件或文件夹…> -o <汇总.xlsx> [--rubric <内置方案|方案.json>] [--skip-bad]",
      "  把各支部报来的评分表汇总成一张（按评定方案的列，加「来源」列），重复的支部名称在「合并核查」列标出。",
      "  有文件无法读取或识别时不写出任何文件（退出码 3）并列出原因；--skip-bad 则只汇总其余文件。",
    ],
    presets: ["用法：npm run cli -- presets", "  列出内置的评定方案。"],
    rubric: [
      "用法：npm run cli -- rubric [--rubric <内置方案|方案.json>]",
      "  打印校验后的评定方案 JSON（默认 service-org）。",
    ],
  };
  const en = {
    score: [
      "Usage: npm run cli -- score <in.xlsx> [-o <out.xlsx>] [--rubric <preset|rubric.json>] [--sheet <name>] [--map field=column]… [--json] [--in-place] [--lang zh|en]",
      "  Rates every branch, writes the result columns, the summary sheets and the settings the workbook carries.",
      "  Writes <in>.scored.xlsx (<in>（评定结果）.xlsx in Chinese) unless -o or --in-place; the input is never changed otherwise.",
      "  An existing output is replaced only if this tool wrote it and nobody saved it since; otherwise nothing is written (exit 3).",
      "  --map 服务机制=F  the column of a field (by header name or id; repeatable; kept in the workbook for later runs)",
      "  --json  print the results as JSON on stdout (with flag codes)",
      "  Notice (公示名单): --notice-title, --notice-body, --notice-from <date>, --notice-to <date>,",
      "          --notice-phone, --notice-contact, --notice-issuer, --notice-date <date>",
      "          dates as 2026-12-03; kept in the workbook for later runs",
      "  --prior <last-year.xlsx>  take last year's stars by branch name (unmatched names listed in 评定核查)",
      "  --finalize  freeze the results (定稿): later runs write them unchanged and list what would differ; --unfinalize undoes it",
    ],
    template: [
      "Usage: npm run cli -- template [--rubric <preset|rubric.json>] -o <out.xlsx> [--rows N] [--sample]",
      "  Creates a blank scoring sheet (title, headers, data validation, frozen header); --sample adds sample rows.",
    ],
    merge: [
      "Usage: npm run cli -- merge <files or folders…> -o <merged.xlsx> [--rubric <preset|rubric.json>] [--skip-bad]",
      "  Merges the branches' submitted sheets into one (the rubric's columns and a 来源 column); duplicate names are marked.",
      "  If any file cannot be read or recognised, nothing is written (exit 3) and the reasons are listed; --skip-bad merges the others.",
    ],
    presets: ["Usage: npm run cli -- presets", "  Lists the built-in rubrics."],
    rubric: [
      "Usage: npm run cli -- rubric [--rubric <preset|rubric.json>]",
      "  Prints the validated rubric JSON (default service-org).",
    ],
  };
  const text = lang === "en" ? en : zh;
  if (command && command !== "help") return text[command].join("\n");
  const title =
    lang === "en"
      ? "星级评定助手 (Star Rating for Excel): command line\n\nCommands:"
      : "星级评定助手 命令行\n\n命令：";
  const codes =
    lang === "en"
      ? "Exit codes: 0 done; 2 bad usage; 3 the input cannot be scored (nothing written); 1 a bug."
      : "退出码：0 完成；2 用法错误；3 输入无法评定（未写入任何内容）；1 程序错误。";
  return [title, ...Object.values(text).map((lines) => lines.join("\n")), codes].join("\n\n");
}
