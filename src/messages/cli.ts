/**
 * Messages of the command line (src/cli): usage mistakes (exit 2), inputs it cannot use (exit 3),
 * and what `score` reports on stderr. Names the user typed are quoted 「」 in Chinese.
 */
import { counted, defineMessages, type MessageLike, type Renderer } from "./core";

const q = (name: string): string => `「${name}」`;
const qEn = (name: string): string => `"${name}"`;
/** "；是否指「考评表」？" when there is a nearest name. */
const guessZh = (guess: string | undefined): string => (guess === undefined ? "" : `是否指${q(guess)}？`);
const guessEn = (guess: string | undefined): string =>
  guess === undefined ? "" : ` Did you mean ${qEn(guess)}?`;

const FLAG_KINDS: Record<string, [string, string]> = {
  MISSING_VALUE: ["缺少分数", "missing score"],
  INVALID_VALUE: ["填写无法识别", "unreadable entry"],
  OUT_OF_RANGE: ["超出范围", "out of range"],
  MISSING_NAME: ["缺少党支部名称", "missing branch name"],
  DUPLICATE_NAME: ["党支部名称重复", "duplicate branch name"],
  HEADER_MAX_MISMATCH: ["表头满分与方案不符", "header maximum differs from the rubric"],
  MISSING_COLUMN: ["缺少列", "missing column"],
  NOT_CHECKED: ["未检查的规则", "rule not checked"],
  PARTLY_CHECKED: ["部分要求未检查的规则", "rule checked in part"],
  NEAR_NEXT_TIER: ["接近上一档", "near the next tier"],
  ONE_PER_GROUP_REPEATED: ["同组多个支部填是", "claimed by several in a group"],
};

/** A severity in words: Chinese, then English for one and for more. */
const SEVERITY_NAMES = {
  error: ["错误", "error", "errors"],
  warning: ["警告", "warning", "warnings"],
  info: ["提示", "note", "notes"],
} as const;
type SeverityName = keyof typeof SEVERITY_NAMES;

const usage = defineMessages({
  CLI_OPTION_BEFORE_COMMAND: {
    zh: (p: { option: string }) =>
      `请先写命令（score、template、presets、rubric、merge），再写选项 ${p.option}`,
    en: (p) => `Give a command (score, template, presets, rubric, merge) before the option ${p.option}`,
    example: { option: "--json" },
  },
  CLI_UNKNOWN_COMMAND: {
    zh: (p: { command: string; guess?: string }) =>
      `没有命令${q(p.command)}（可用：score、template、presets、rubric、merge）。${guessZh(p.guess)}`,
    en: (p) =>
      `Unknown command: ${p.command} (commands: score, template, presets, rubric, merge).${guessEn(p.guess)}`,
    example: { command: "scor", guess: "score" },
  },
  CLI_UNKNOWN_OPTION: {
    zh: (p: { option: string; guess?: string }) => `没有选项 ${p.option}。${guessZh(p.guess)}`,
    en: (p) => `Unknown option: ${p.option}.${guessEn(p.guess)}`,
    example: { option: "--shet", guess: "--sheet" },
  },
  CLI_OPTION_NOT_FOR_COMMAND: {
    zh: (p: { command: string; option: string }) => `${p.command} 命令不接受选项 ${p.option}`,
    en: (p) => `The ${p.command} command does not take ${p.option}`,
    example: { command: "presets", option: "--json" },
  },
  CLI_OPTION_TWICE: {
    zh: (p: { option: string }) => `选项 ${p.option} 只能指定一次`,
    en: (p) => `Option ${p.option} may be given only once`,
    example: { option: "--sheet" },
  },
  CLI_OPTION_NEEDS_VALUE: {
    zh: (p: { option: string }) => `选项 ${p.option} 缺少参数`,
    en: (p) => `Option ${p.option} needs a value`,
    example: { option: "--sheet" },
  },
  CLI_OPTION_TAKES_NO_VALUE: {
    zh: (p: { option: string }) => `选项 ${p.option} 不带参数`,
    en: (p) => `Option ${p.option} takes no value`,
    example: { option: "--json" },
  },
  CLI_BAD_ROWS: {
    zh: (p: { value: string; max: number }) => `--rows 应为 1 到 ${p.max} 之间的整数，而不是 ${p.value}`,
    en: (p) => `--rows must be a whole number from 1 to ${p.max}, not ${p.value}`,
    example: { value: "0", max: 100000 },
  },
  CLI_BAD_LANG: {
    zh: (p: { value: string }) => `--lang 只能是 zh 或 en，而不是 ${p.value}`,
    en: (p) => `--lang must be zh or en, not ${p.value}`,
    example: { value: "fr" },
  },
  CLI_SCORE_NEEDS_INPUT: {
    zh: () => "score 需要一个输入文件：score <输入.xlsx>",
    en: () => "score needs an input file: score <in.xlsx>",
  },
  CLI_OUTPUT_AND_IN_PLACE: {
    zh: () => "-o 与 --in-place 不能同时使用",
    en: () => "-o and --in-place cannot be used together",
  },
  CLI_TEMPLATE_NEEDS_OUTPUT: {
    zh: () => "template 需要 -o <输出.xlsx>",
    en: () => "template needs -o <out.xlsx>",
  },
  CLI_MERGE_NEEDS_INPUTS: {
    zh: () => "merge 需要要汇总的文件或文件夹和 -o：merge <文件或文件夹…> -o <汇总.xlsx>",
    en: () => "merge needs files or folders and -o: merge <files or folders…> -o <merged.xlsx>",
  },
  CLI_MERGE_OUTPUT_IS_INPUT: {
    zh: () => "输出文件不能是要汇总的文件之一",
    en: () => "The output cannot be one of the files to merge",
  },
  CLI_FINALIZE_AND_UNFINALIZE: {
    zh: () => "--finalize 与 --unfinalize 不能同时使用",
    en: () => "--finalize and --unfinalize cannot be used together",
  },
  CLI_OUTPUT_XLSM: {
    zh: (p: { output: string }) =>
      `输出文件不能是 .xlsm：${p.output}（写出时无法保留宏）；请用 .xlsx 结尾的文件名`,
    en: (p) =>
      `The output cannot be .xlsm: ${p.output} (macros cannot be kept when writing); use a name ending in .xlsx`,
    example: { output: "out.xlsm" },
  },
  CLI_OUTPUT_NOT_XLSX: {
    zh: (p: { output: string }) => `输出文件名须以 .xlsx 结尾：${p.output}（写出的是 Excel 工作簿）`,
    en: (p) => `The output file name must end in .xlsx: ${p.output} (an Excel workbook is written)`,
    example: { output: "out.csv" },
  },
  CLI_EXTRA_ARGUMENTS: {
    zh: (p: { extra: string; files?: boolean }) =>
      `多余的参数：${p.extra}${p.files ? "（score 一次评定一个文件；要把几个文件汇总成一张表，请用 merge）" : ""}`,
    en: (p) =>
      `Unexpected argument: ${p.extra}${p.files ? " (score rates one file at a time; to merge several files into one table, use merge)" : ""}`,
    example: { extra: "b.xlsx", files: true },
  },
  CLI_OUTPUT_IS_PRIOR: {
    zh: () =>
      "输出文件不能是 --prior 指定的上年评定结果文件（写出会覆盖上年的结果）；请用 -o 换一个输出文件名",
    en: () =>
      "The output cannot be the file given to --prior (writing it would replace last year's results); choose another name with -o",
  },
  CLI_PRIOR_DROPPED: {
    zh: (p: { output: string; prior: string }) =>
      `注意：被替换的 ${p.output} 中保存着上年评定结果（取自「${p.prior}」），本次评定的文件中没有，写出的文件里也就没有了（动态变化、星级跨级核查不再与上年比较）；如需保留，请加 --prior 再评定一次。`,
    en: (p) =>
      `Note: the replaced ${p.output} carried last year's results (from "${p.prior}"); the file scored now has none, so the new output has none either (no comparison with last year); to keep them, score again with --prior.`,
    example: { output: "2026（评定结果）.xlsx", prior: "2025.xlsx" },
  },
  CLI_PRIOR_FILE: {
    zh: (p: { cause: MessageLike }, r: Renderer) => `--prior 指定的上年评定结果文件：${r(p.cause)}`,
    en: (p, r) => `The file given to --prior (last year's results): ${r(p.cause)}`,
    example: { cause: { code: "FILE_NOT_FOUND", params: { file: "2025.xlsx" } } },
  },
  CLI_PRIOR_IS_INPUT: {
    zh: () => "--prior 指定的是本次要评定的文件本身；请指定上年评定后的工作簿",
    en: () => "The file given to --prior is the workbook being scored; give last year's scored workbook",
  },
  CLI_OUTPUT_IS_INPUT: {
    zh: () => "输出文件与输入文件相同；要覆盖输入请用 --in-place",
    en: () => "The output is the input file; use --in-place to overwrite the input",
  },
  CLI_BAD_MAP: {
    zh: (p: { value: string }) =>
      `--map 应写成 字段=列，如 --map 服务机制=F（字段写表头名称或字段代号，列写字母），而不是 ${p.value}`,
    en: (p) =>
      `--map takes field=column, e.g. --map 服务机制=F (the field by its header name or id, the column by its letter), not ${p.value}`,
    example: { value: "服务机制" },
  },
  CLI_MAP_BAD_COLUMN: {
    zh: (p: { field: string; column: string }) =>
      `--map ${p.field}=${p.column}：${q(p.column)}不是列字母（A 到 XFD，如 F）`,
    en: (p) => `--map ${p.field}=${p.column}: "${p.column}" is not a column letter (A to XFD, e.g. F)`,
    example: { field: "服务机制", column: "6" },
  },
  CLI_MAP_FIELD_TWICE: {
    zh: (p: { field: string }) => `--map 中字段${q(p.field)}出现了两次`,
    en: (p) => `--map names the field "${p.field}" twice`,
    example: { field: "服务机制" },
  },
  CLI_MAP_UNKNOWN_FIELD: {
    zh: (p: { field: string; rubric: string; fields: string[]; guess?: string }) =>
      `--map 中的${q(p.field)}不是方案「${p.rubric}」的字段（字段：${p.fields.join("、")}）。${guessZh(p.guess)}未写入任何内容。`,
    en: (p) =>
      `--map names "${p.field}", which is not a field of the rubric "${p.rubric}" (fields: ${p.fields.join(", ")}).${guessEn(p.guess)} Nothing was written.`,
    example: { field: "服务机智", rubric: "服务型", fields: ["服务机制", "服务体系"], guess: "服务机制" },
    saysNothingWritten: true,
  },
  CLI_BAD_DATE: {
    zh: (p: { option: string; value: string }) =>
      `${p.option} 应为日期，如 2026-12-03（或 2026/12/3、2026年12月3日），而不是 ${p.value}`,
    en: (p) => `${p.option} takes a date such as 2026-12-03 (or 2026/12/3), not ${p.value}`,
    example: { option: "--notice-from", value: "12-3" },
  },
  CLI_NOTICE_PERIOD_ORDER: {
    zh: (p: { from: string; to: string }) => `公示期的结束日期 ${p.to} 早于开始日期 ${p.from}`,
    en: (p) => `The notice period ends (${p.to}) before it starts (${p.from})`,
    example: { from: "2026-12-08", to: "2026-12-01" },
  },
});

const input = defineMessages({
  CLI_RUBRIC_FILE_NOT_FOUND: {
    zh: (p: { file: string }) => `找不到方案文件：${p.file}`,
    en: (p) => `Rubric file not found: ${p.file}`,
    example: { file: "my-rubric.json" },
  },
  CLI_NO_SUCH_RUBRIC: {
    zh: (p: {
      spec: string;
      presets: { id: string; name: string }[];
      guess?: { id: string; name: string };
    }) =>
      `没有名为 ${p.spec} 的内置方案（可用：${p.presets.map((r) => `${r.id}（${r.name}）`).join("、")}），也不是方案文件（.json）。${
        p.guess ? `是否指 ${p.guess.id}（${p.guess.name}）？` : ""
      }`,
    en: (p) =>
      `No preset named ${p.spec} (presets: ${p.presets.map((r) => r.id).join(", ")}), and not a rubric file (.json).${
        p.guess ? ` Did you mean ${p.guess.id}?` : ""
      }`,
    example: {
      spec: "service_org",
      presets: [{ id: "service-org", name: "五星级服务型党组织" }],
      guess: { id: "service-org", name: "五星级服务型党组织" },
    },
  },
  CLI_RUBRIC_NOT_JSON: {
    zh: (p: { file: string; where: MessageLike }, r: Renderer) =>
      `方案文件 ${p.file} 不是有效的 JSON：${r(p.where)}`,
    en: (p, r) => `Rubric file ${p.file} is not valid JSON: ${r(p.where)}`,
    example: {
      file: "my-rubric.json",
      where: { code: "JSON_SYNTAX", params: { line: 3, column: 7, reason: "bad-number", found: "" } },
    },
  },
  CLI_RUBRIC_INVALID: {
    zh: (p: { file: string; problems: { zh: string; en: string }[] }) =>
      `方案文件 ${p.file} 无效：\n${p.problems.map((e) => `  - ${e.zh}`).join("\n")}`,
    en: (p) => `Rubric file ${p.file} is invalid:\n${p.problems.map((e) => `  - ${e.en}`).join("\n")}`,
    example: { file: "my-rubric.json", problems: [{ zh: "tiers：必填", en: "tiers: is required" }] },
  },
  CLI_SHEET_OPTION: {
    zh: (p: { cause: MessageLike; sheets: string[] }, r: Renderer) =>
      `${r(p.cause)}\n要评定另一张工作表，请加 --sheet <表名>（可见的工作表：${p.sheets.map(q).join("、")}）`,
    en: (p, r) =>
      `${r(p.cause)}\nTo rate another sheet, add --sheet <name> (visible sheets: ${p.sheets.map(qEn).join(", ")})`,
    example: { cause: { code: "SETTINGS_PARTIAL" }, sheets: ["说明", "评分表"] },
  },
  CLI_NO_SUCH_SHEET: {
    zh: (p: { sheet: string; sheets: string[]; guess?: string }) =>
      `没有工作表${q(p.sheet)}；现有：${p.sheets.join("、")}。${guessZh(p.guess)}未写入任何内容。`,
    en: (p) =>
      `There is no sheet "${p.sheet}"; the sheets are: ${p.sheets.join(", ")}.${guessEn(p.guess)} Nothing was written.`,
    example: { sheet: "2026考评", sheets: ["考评表", "说明"], guess: "考评表" },
    saysNothingWritten: true,
  },
  CLI_MISSING_COLUMN_HINT: {
    zh: (
      p: { cause: MessageLike; guesses: { header: string; field: string }[]; first?: string },
      r: Renderer,
    ) =>
      `${r(p.cause)}\n${p.guesses.map((g) => `表头${q(g.header)}是否指${q(g.field)}？`).join("")}也可用 --map 指定列，如 --map ${
        p.guesses[0]?.field ?? p.first ?? "字段"
      }=<列字母>。`,
    en: (p, r) =>
      `${r(p.cause)}\n${p.guesses.map((g) => `Is the header "${g.header}" meant to be "${g.field}"? `).join("")}A column can also be mapped with --map, e.g. --map ${
        p.guesses[0]?.field ?? p.first ?? "field"
      }=<column letter>.`,
    example: {
      cause: { code: "SETTINGS_PARTIAL" },
      guesses: [{ header: "服务机智", field: "服务机制" }],
    },
  },
});

const report = defineMessages({
  CLI_USAGE_ERROR: {
    zh: (p: { cause: MessageLike }, r: Renderer) => `用法错误：${r(p.cause)}\n运行 --help 查看用法。`,
    en: (p, r) => `Usage error: ${r(p.cause)}\nRun with --help for usage.`,
    example: { cause: { code: "CLI_SCORE_NEEDS_INPUT" } },
  },
  CLI_CANNOT: {
    zh: (p: { command: "score" | "template" | "rubric" | "merge"; cause: MessageLike }, r: Renderer) =>
      `${{ score: "无法评定", template: "无法新建评分表", rubric: "无法读取评定方案", merge: "无法汇总" }[p.command]}：${r(p.cause)}`,
    en: (p, r) =>
      `${{ score: "Cannot score", template: "Cannot create the scoring sheet", rubric: "Cannot read the rubric", merge: "Cannot merge" }[p.command]}: ${r(p.cause)}`,
    example: { command: "score", cause: { code: "CLI_SCORE_NEEDS_INPUT" } },
  },
  NOTHING_WRITTEN: {
    zh: () => "未写入任何内容。",
    en: () => "Nothing was written.",
    saysNothingWritten: true,
  },
  CLI_BUG: {
    zh: (p: { detail: string }) => `程序错误（请报告）：${p.detail}`,
    en: (p) => `Internal error (please report): ${p.detail}`,
    example: { detail: "TypeError: x is not a function" },
  },
  CLI_PROGRESS: {
    zh: (p: { stage: "read" | "evaluate" | "plan" | "write"; percent: number }) =>
      `${{ read: "读取", evaluate: "评定", plan: "生成汇总", write: "写入" }[p.stage]}… ${p.percent}%`,
    en: (p) =>
      `${{ read: "reading", evaluate: "rating", plan: "planning", write: "writing" }[p.stage]}… ${p.percent}%`,
    example: { stage: "read", percent: 40 },
  },
  CLI_REPORT_RUBRIC: {
    zh: (p: { name: string; nameEn: string; id: string; version: string }) =>
      `评定方案：${p.name}（${p.id} ${p.version}）`,
    en: (p) => `Rubric: ${p.nameEn} (${p.id} ${p.version})`,
    example: { name: "五星级服务型党组织", nameEn: "Service", id: "service-org", version: "1.0.0" },
  },
  CLI_REPORT_SHEET: {
    zh: (p: { sheet: string; headerRow: number; rows: number }) =>
      `工作表${q(p.sheet)}，表头在第 ${p.headerRow} 行，共 ${p.rows} 个支部行`,
    en: (p) => `Sheet "${p.sheet}", header row ${p.headerRow}, ${counted(p.rows, "branch row")}`,
    example: { sheet: "考评表", headerRow: 3, rows: 30 },
  },
  CLI_REPORT_COLUMNS: {
    zh: (p: { columns: string[] }) => `列：${p.columns.join("；")}`,
    en: (p) => `Columns: ${p.columns.join("; ")}`,
    example: { columns: ["B 党支部名称", "F 服务机制"] },
  },
  CLI_REPORT_SUMMED: {
    zh: () => "（合计）",
    en: () => " (sum)",
  },
  CLI_REPORT_NOT_IN_SHEET: {
    zh: (p: { fields: string[] }) => `表中没有（未检查）：${p.fields.join("、")}`,
    en: (p) => `Not in the sheet (not checked): ${p.fields.join(", ")}`,
    example: { fields: ["群众满意率"] },
  },
  CLI_REPORT_DISTRIBUTION: {
    zh: (p: { tiers: { label: string; count: number }[] }) =>
      `分布：${p.tiers.map((t) => `${t.label} ${t.count}`).join("，")}`,
    en: (p) => `Distribution: ${p.tiers.map((t) => `${t.label} ${t.count}`).join(", ")}`,
    example: { tiers: [{ label: "五星级", count: 3 }] },
  },
  CLI_REPORT_NO_FLAGS: {
    zh: () => "标记：无",
    en: () => "Flags: none",
  },
  /** The flags in words: counts by severity, then by kind (no codes: those are for --json). */
  CLI_REPORT_FLAGS: {
    zh: (
      p: {
        bySeverity: { severity: SeverityName; count: number }[];
        byKind: { kind: MessageLike; count: number }[];
      },
      r: Renderer,
    ) =>
      `标记：${p.bySeverity.map((s) => `${SEVERITY_NAMES[s.severity][0]} ${s.count} 条`).join("，")}（${p.byKind
        .map((k) => `${r(k.kind)} ${k.count} 条`)
        .join("、")}）`,
    en: (p, r) =>
      `Flags: ${p.bySeverity.map((s) => counted(s.count, SEVERITY_NAMES[s.severity][1], SEVERITY_NAMES[s.severity][2])).join(", ")} (${p.byKind
        .map((k) => `${r(k.kind)} ${k.count}`)
        .join(", ")})`,
    example: {
      bySeverity: [{ severity: "error", count: 2 }],
      byKind: [{ kind: { code: "FLAG_KIND", params: { code: "MISSING_VALUE" } }, count: 2 }],
    },
  },
  /** A kind of flag in words: the engine's own, else the rubric rule's label (passed as TEXT). */
  FLAG_KIND: {
    zh: (p: { code: string }) => FLAG_KINDS[p.code]?.[0] ?? "其他标记",
    en: (p) => FLAG_KINDS[p.code]?.[1] ?? "other flags",
    example: { code: "MISSING_VALUE" },
  },
  CLI_REPORT_ROW_FLAG: {
    zh: (p: { row: number; name: string; text: string }) =>
      `第 ${p.row} 行${p.name ? q(p.name) : ""}：${p.text}`,
    en: (p) => `row ${p.row}${p.name ? ` "${p.name}"` : ""}: ${p.text}`,
    example: { row: 5, name: "第一党支部", text: "F5 缺少服务体系分数" },
  },
  CLI_REPORT_MORE_FLAGS: {
    zh: (p: { count: number }) => `另有 ${p.count} 条，见输出文件的评定标记列`,
    en: (p) => `${p.count} more: see the output's flags column`,
    example: { count: 12 },
  },
  CLI_REPORT_WRITTEN: {
    zh: (p: { output: string; sheets: string[] }) =>
      `已写出：${p.output}（评定列、${p.sheets.map(q).join("、")}表、设置）`,
    en: (p) =>
      `Written: ${p.output} (result columns, sheet${p.sheets.length > 1 ? "s" : ""} ${p.sheets.map(qEn).join(", ")}, settings)`,
    example: { output: "考评表（评定结果）.xlsx", sheets: ["评定汇总"] },
  },
  CLI_TEMPLATE_CREATED: {
    zh: (p: { sheet: string; rubric: string; rubricEn: string; version: string; output: string }) =>
      `已新建评分表${q(p.sheet)}（${p.rubric} ${p.version}）：${p.output}`,
    en: (p) => `Created the scoring sheet "${p.sheet}" (${p.rubricEn} ${p.version}): ${p.output}`,
    example: { sheet: "评分表", rubric: "服务型", rubricEn: "Service", version: "1.0.0", output: "t.xlsx" },
  },
});

export const cliMessages = { ...usage, ...input, ...report };
