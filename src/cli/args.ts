/**
 * Argument parsing for the command line (SPEC §9). Hand-written rather than a library: the grammar
 * is small, and every usage error needs a Chinese and an English message and exit code 2.
 */
import type { Lang } from "../engine/types";

export type Command = "score" | "template" | "presets" | "rubric" | "merge" | "help";

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

export class UsageError extends Error {
  constructor(
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

interface OptionSpec {
  key:
    | "output"
    | "rubric"
    | "sheet"
    | "rows"
    | "lang"
    | "json"
    | "inPlace"
    | "sample"
    | "help"
    | "prior"
    | "finalize"
    | "unfinalize"
    | "skipBad";
  takesValue: boolean;
  commands: readonly Command[];
}

const OPTIONS: Record<string, OptionSpec> = {
  "-o": { key: "output", takesValue: true, commands: ["score", "template", "merge"] },
  "--output": { key: "output", takesValue: true, commands: ["score", "template", "merge"] },
  "--rubric": { key: "rubric", takesValue: true, commands: ["score", "template", "rubric", "merge"] },
  "--prior": { key: "prior", takesValue: true, commands: ["score"] },
  "--finalize": { key: "finalize", takesValue: false, commands: ["score"] },
  "--unfinalize": { key: "unfinalize", takesValue: false, commands: ["score"] },
  "--skip-bad": { key: "skipBad", takesValue: false, commands: ["merge"] },
  "--sheet": { key: "sheet", takesValue: true, commands: ["score"] },
  "--json": { key: "json", takesValue: false, commands: ["score"] },
  "--in-place": { key: "inPlace", takesValue: false, commands: ["score"] },
  "--rows": { key: "rows", takesValue: true, commands: ["template"] },
  "--sample": { key: "sample", takesValue: false, commands: ["template"] },
  "--lang": {
    key: "lang",
    takesValue: true,
    commands: ["score", "template", "presets", "rubric", "merge", "help"],
  },
  "--help": {
    key: "help",
    takesValue: false,
    commands: ["score", "template", "presets", "rubric", "merge", "help"],
  },
  "-h": {
    key: "help",
    takesValue: false,
    commands: ["score", "template", "presets", "rubric", "merge", "help"],
  },
};

const COMMANDS: readonly Command[] = ["score", "template", "presets", "rubric", "merge", "help"];
export const MAX_TEMPLATE_ROWS = 100_000;

function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { command: "help", json: false, inPlace: false, sample: false };
  const words = [...argv];
  // npm passes a lone "--" through in some shells; it carries no meaning here.
  if (words[0] === "--") words.shift();
  const first = words.shift();
  if (first === undefined || first === "--help" || first === "-h") return options;
  if (!isCommand(first)) {
    if (first.startsWith("-"))
      throw new UsageError(
        `请先写命令（score、template、presets、rubric、merge），再写选项 ${first}`,
        `Give a command (score, template, presets, rubric, merge) before the option ${first}`,
      );
    throw new UsageError(
      `未知命令：${first}（可用：score、template、presets、rubric、merge）`,
      `Unknown command: ${first} (commands: score, template, presets, rubric, merge)`,
    );
  }
  options.command = first;
  const positionals: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith("-") || word === "-") {
      positionals.push(word);
      continue;
    }
    const eq = word.startsWith("--") ? word.indexOf("=") : -1;
    const name = eq > 0 ? word.slice(0, eq) : word;
    const spec = OPTIONS[name];
    if (!spec) throw new UsageError(`未知选项：${name}`, `Unknown option: ${name}`);
    if (!spec.commands.includes(options.command))
      throw new UsageError(
        `${options.command} 命令不接受选项 ${name}`,
        `The ${options.command} command does not take ${name}`,
      );
    if (seen.has(spec.key))
      throw new UsageError(`选项 ${name} 只能给一次`, `Option ${name} may be given only once`);
    seen.add(spec.key);
    let value: string | undefined;
    if (spec.takesValue) {
      if (eq > 0) value = word.slice(eq + 1);
      else {
        value = words[i + 1];
        // A negative number after --rows is a value out of range, not a missing one.
        const negativeNumber = spec.key === "rows" && /^-\d/.test(value ?? "");
        if (value === undefined || (value.startsWith("-") && value.length > 1 && !negativeNumber))
          throw new UsageError(`选项 ${name} 缺少参数`, `Option ${name} needs a value`);
        i++;
      }
      if (value === "") throw new UsageError(`选项 ${name} 缺少参数`, `Option ${name} needs a value`);
    } else if (eq > 0) {
      throw new UsageError(`选项 ${name} 不带参数`, `Option ${name} takes no value`);
    }
    switch (spec.key) {
      case "output":
        options.output = value;
        break;
      case "rubric":
        options.rubric = value;
        break;
      case "sheet":
        options.sheet = value;
        break;
      case "rows": {
        const rows = Number(value);
        if (!/^\d+$/.test(value ?? "") || !Number.isSafeInteger(rows) || rows < 1 || rows > MAX_TEMPLATE_ROWS)
          throw new UsageError(
            `--rows 应为 1 到 ${MAX_TEMPLATE_ROWS} 之间的整数，而不是 ${value}`,
            `--rows must be a whole number from 1 to ${MAX_TEMPLATE_ROWS}, not ${value}`,
          );
        options.rows = rows;
        break;
      }
      case "lang":
        if (value !== "zh" && value !== "en")
          throw new UsageError(
            `--lang 只能是 zh 或 en，而不是 ${value}`,
            `--lang must be zh or en, not ${value}`,
          );
        options.lang = value;
        break;
      case "json":
        options.json = true;
        break;
      case "inPlace":
        options.inPlace = true;
        break;
      case "sample":
        options.sample = true;
        break;
      case "help":
        options.helpFor = options.command;
        break;
      case "prior":
        options.prior = value;
        break;
      case "finalize":
      case "unfinalize":
      case "skipBad":
        options[spec.key] = true;
        break;
    }
  }
  if (options.helpFor || options.command === "help") {
    options.helpFor =
      options.command === "help" && positionals[0] && isCommand(positionals[0])
        ? positionals[0]
        : options.command;
    options.command = "help";
    return options;
  }
  switch (options.command) {
    case "score":
      if (positionals.length === 0)
        throw new UsageError(
          "score 需要一个输入文件：score <输入.xlsx>",
          "score needs an input file: score <in.xlsx>",
        );
      if (options.output !== undefined && options.inPlace)
        throw new UsageError("-o 与 --in-place 不能同时使用", "-o and --in-place cannot be used together");
      break;
    case "template":
      if (options.output === undefined)
        throw new UsageError("template 需要 -o <输出.xlsx>", "template needs -o <out.xlsx>");
      break;
    case "merge":
      if (positionals.length === 0 || options.output === undefined)
        throw new UsageError(
          "merge 需要要汇总的文件或文件夹和 -o：merge <文件或文件夹…> -o <汇总.xlsx>",
          "merge needs files or folders and -o: merge <files or folders…> -o <merged.xlsx>",
        );
      options.inputs = positionals.splice(0);
      break;
    default:
      break;
  }
  if (options.finalize && options.unfinalize)
    throw new UsageError(
      "--finalize 与 --unfinalize 不能同时使用",
      "--finalize and --unfinalize cannot be used together",
    );
  if (options.output !== undefined) checkOutputName(options.output);
  const allowed = options.command === "score" ? 1 : 0;
  if (positionals.length > allowed) {
    const extra = positionals.slice(allowed).join(" ");
    throw new UsageError(`多余的参数：${extra}`, `Unexpected argument: ${extra}`);
  }
  if (options.command === "score") options.input = positionals[0];
  return options;
}

/**
 * What we write is always an .xlsx package: any other name would mislabel it (a ".csv" of zip bytes).
 * ".xlsm" is refused too, since ExcelJS drops the macros and writes a macro-free content type.
 */
function checkOutputName(output: string): void {
  if (/\.xlsx$/i.test(output)) return;
  if (/\.xlsm$/i.test(output))
    throw new UsageError(
      `输出文件不能是 .xlsm：${output}（写出时无法保留宏）；请用 .xlsx 结尾的文件名`,
      `The output cannot be .xlsm: ${output} (macros cannot be kept when writing); use a name ending in .xlsx`,
    );
  throw new UsageError(
    `输出文件名须以 .xlsx 结尾：${output}（写出的是 Excel 工作簿）`,
    `The output file name must end in .xlsx: ${output} (an Excel workbook is written)`,
  );
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
      "用法：npm run cli -- score <输入.xlsx> [-o <输出.xlsx>] [--rubric <预设|规则.json>] [--sheet <表名>] [--json] [--in-place] [--lang zh|en]",
      "  为评分表评定星级，写出评定列、评定汇总表和工作簿内的设置。",
      "  默认输出到 <输入>.scored.xlsx，输入文件不会被修改（除非 --in-place）。",
      "  --json  在标准输出打印结果 JSON",
      "  --prior <上年评定结果.xlsx>  按支部名称取上年星级（动态变化），未对应的名称列在“评定核查”",
      "  --finalize  定稿：冻结本次结果，以后重新评定仍写出定稿结果并列出不同之处；--unfinalize 解除定稿",
    ],
    template: [
      "用法：npm run cli -- template [--rubric <预设|规则.json>] -o <输出.xlsx> [--rows N] [--sample]",
      "  新建一张空白评分表（标题、表头、数据验证、冻结表头）；--sample 填入示例数据。",
    ],
    merge: [
      "用法：npm run cli -- merge <文件或文件夹…> -o <汇总.xlsx> [--rubric <预设|规则.json>] [--skip-bad]",
      "  把各支部报来的评分表汇总成一张（按评定方案的列，加“来源”列），重复的支部名称在“合并核查”列标出。",
      "  有文件无法读取或识别时不写出任何文件（退出码 3）并列出原因；--skip-bad 则只汇总其余文件。",
    ],
    presets: ["用法：npm run cli -- presets", "  列出内置的评定方案。"],
    rubric: [
      "用法：npm run cli -- rubric [--rubric <预设|规则.json>]",
      "  打印校验后的评定规则 JSON（默认 service-org）。",
    ],
  };
  const en = {
    score: [
      "Usage: npm run cli -- score <in.xlsx> [-o <out.xlsx>] [--rubric <preset|rubric.json>] [--sheet <name>] [--json] [--in-place] [--lang zh|en]",
      "  Rates every branch, writes the result columns, the summary sheet and the settings the workbook carries.",
      "  Writes <in>.scored.xlsx unless -o or --in-place; the input is never changed otherwise.",
      "  --json  print the results as JSON on stdout",
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
      : "退出码：0 完成；2 用法错误；3 输入无法评定（未写出任何文件）；1 程序错误。";
  return [title, ...Object.values(text).map((lines) => lines.join("\n")), codes].join("\n\n");
}
