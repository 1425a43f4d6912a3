/**
 * The pane's one dictionary: every user-facing string, Chinese first, English beside it.
 * `Messages` is derived from the Chinese table so that a key missing in English is a type error.
 */
import { createContext, useContext } from "react";
import type { Lang } from "../engine/types";

/** "A", "A and B", "A, B and C": the columns a condition reads, in an English sentence. */
function andList(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

const zh = {
  appTitle: "星级评定助手",
  appSubtitle: "按评定方案为党支部评定星级，结果写回当前工作簿。",

  outsideTitle: "请在 Excel 中打开星级评定助手",
  outsideWhat:
    "这是 Excel 加载项「星级评定助手」的任务窗格：它读取评分表，按评定方案计算每个党支部的总分与星级，把结果列和「评定汇总」表写回工作簿。",
  outsideNoOffice: "Office.js 未能加载（可能处于离线状态或被网络拦截），因此无法连接到 Excel。",
  outsideNoHost: "当前页面是在普通浏览器中打开的，不在 Excel 里。",
  outsideOtherHost: (host: string) => `当前宿主是 ${host}，本加载项仅支持 Excel。`,
  outsideHowTitle: "如何在 Excel 中加载（旁加载）",
  outsideHowDesktop: "Excel 桌面版：运行 npm start（office-addin-debugging）会自动旁加载 manifest.xml。",
  outsideHowWeb:
    "Excel 网页版：开始 → 加载项 → 更多加载项 → 我的加载项 → 上传我的加载项，选择 manifest.xml。",
  outsideHowRibbon:
    "加载后，在功能区「星级评定」选项卡中点击「评定面板」打开本窗格，或直接点击「一键评定」。",
  outsideCli: "没有 Excel？命令行也能完成同样的评定：",
  outsideCliCommand: "npm run cli -- score 评分表.xlsx",
  outsideSideloadLink: "旁加载说明（Microsoft Learn）",
  loading: "正在读取工作簿…",
  noRubric: "没有可用的评定方案：请导入一个方案文件。",
  actionFailed: (detail: string) => `操作失败：${detail}`,
  severity: { error: "错误", warning: "警告", info: "提示" },
  ruleKind: { gate: "门槛", veto: "一票否决", check: "核对" },
  stage: { read: "读取表格", evaluate: "计算评定", plan: "生成写入内容", write: "写回工作簿" },

  rubricTitle: "评定方案",
  rubricPicker: "使用的方案",
  rubricVersion: (version: string) => `版本 ${version}`,
  rubricSourcePreset: "内置方案（只读）",
  rubricSourceCarried: "工作簿中保存的方案",
  rubricSourceImported: "已导入",
  rubricSourceEdited: "已修改",
  rubricCarriedOption: (name: string) => `工作簿中的方案：${name}`,
  rubricPresetOption: (name: string) => name,
  rubricCustomOption: (name: string, how: string) => `${name}（${how}）`,
  rubricDetails: "查看方案内容",
  rubricSource: "依据：",
  criteriaTitle: "评分项目",
  colCriterion: "项目",
  colMax: "满分",
  colPass: "达标线",
  checksTitle: (n: number) => `是/否检查项（${n} 项）`,
  tiersTitle: "星级划分",
  colTier: "星级",
  colMin: "最低总分",
  colEarned: "获星项数",
  belowLowest: "低于最低一档",
  rulesTitle: "评定规则",
  colRule: "规则",
  colKind: "类型",
  colMessage: "说明",
  // Worded like the run's REQUIREMENTS_LEFT_OUT (src/messages/engine.ts): the plan's words quoted.
  leavesOutTitle: "表中只有所列的列时，以下要求未检查，请另行核实：",
  leavesOutPart: (part: string | null, columns: string[], requirements: string[]) =>
    `${part === null ? "" : `${part}：`}只凭${columns.join("、")}不能判断${requirements.map((r) => `「${r}」`).join("、")}`,
  eligibilityTitle: "评先资格",
  starsAtLeast: (n: number) => `${n} 星及以上`,
  notesTitle: "方案说明（可调整的选择）",
  importJson: "导入方案文件",
  importJsonFile: "选择评定方案文件",
  exportJson: "导出方案文件",
  importDone: (name: string, file: string) =>
    `已导入方案「${name}」（${file}），下次评定时使用并保存到工作簿。`,
  importInvalid: (file: string) => `${file} 不是有效的评定方案，未做任何更改：`,
  exportDone: (file: string) => `已导出 ${file}。`,
  exportShowText: "下载没有开始？显示文件内容以便复制",
  exportTextLabel: (file: string) => `${file} 的内容`,
  exportFallback: (file: string) => `当前环境无法直接下载，请复制以下内容保存为 ${file}：`,
  thresholdsTitle: "调整阈值",
  thresholdsHint:
    "修改后点击「应用」；内置方案本身不会改变，修改后的方案作为「已修改」使用，并在下次评定时保存到工作簿。",
  thresholdsNone: "此方案没有可调整的数值。",
  thresholdBands: "星级最低分",
  thresholdRules: "规则阈值（如群众满意率）",
  thresholdPass: "达标线",
  thresholdOther: "其他",
  thresholdsApply: "应用",
  thresholdsReset: "还原",
  thresholdsApplied: "已应用新的阈值。",
  notANumber: "请输入数字",
  notAPercent: "百分比应在 0 到 100 之间",

  tableTitle: "识别的表格",
  tableRefresh: "重新识别",
  tableDetecting: "正在识别当前工作表…",
  tableSheet: (sheet: string) => `工作表：${sheet}`,
  tableSheetChoice: "评定的工作表",
  tableHeaderRow: (row: number) => `表头行：第 ${row} 行`,
  tableMissingRequired: "缺少必需的列：评定时不会写入任何内容。",
  tableMissingRequiredDetail: (missing: string, found: string) =>
    `缺少：${missing}。请在表头中添加这些列，或在下方为它们选择对应的列。当前表头：${found}`,
  tableFieldMissing: "未找到此列",
  tableNotMapped: "（未对应）",
  tableAutomatic: "（自动识别）",
  tableViaSettings: "按工作簿中保存的对应关系",
  tableViaMapping: "手动指定",
  tableMissingOptional: (labels: string) => `未找到的可选列（相关检查不进行）：${labels}`,
  tableMappingKept: "手动选择的对应关系将在下次评定时使用并保存到工作簿。",
  tableAllFound: (n: number) => `必需的列都已找到，共 ${n} 项已对应。`,
  tableShowMapping: "查看或修改",
  tableHideMapping: "收起列对应",

  runTitle: "评定",
  runButton: "一键评定",
  runRunning: "正在评定…",
  runStage: (n: number, stage: string) => `第 ${n}/4 步：${stage}`,
  runWritten: (sheet: string, others: string[]) =>
    `结果已写入「${sheet}」${others.length > 0 ? `；已更新${others.map((o) => `「${o}」`).join("、")}` : ""}。`,
  runNoticeInvalid: "公示期的结束日期早于开始日期：请在「公示名单」中改正后再评定。未写入任何内容。",
  runThresholdsPending:
    "「调整阈值」中的修改尚未应用：评定仍按修改前的数值进行。要按新数值评定，请先点击「应用」。",
  runStale: (onPage: boolean) =>
    onPage
      ? "评定后又修改了评定方案、列、工作表或公示名单的内容：可下载的文件还是上次评定的结果，不含这些修改。请再点「一键评定」。"
      : "评定后又修改了评定方案、列或公示名单的内容：工作簿中还是上次评定的结果。请再点「一键评定」。",

  noticeTitle: "公示名单",
  noticeHint:
    "这些文字印在「公示名单」表上，评定时保存到工作簿。留空的项：公示期为评定当天起 5 个工作日，监督电话和联系人留出空行供手写，落款日期为评定当天。",
  noticeFieldTitle: "标题",
  noticeTitlePlaceholder: "留空则使用默认标题",
  noticePeriodStart: "公示期自",
  noticePeriodEnd: "至",
  noticePeriodOrder: "结束日期不能早于开始日期",
  noticePhone: "监督电话",
  noticeContact: "联系人",
  noticeIssuer: "落款单位",
  noticeIssuerPlaceholder: "如：XX机关党委",
  noticeDate: "落款日期",

  flagsTitle: (n: number) => `评定标记（${n}）`,
  flagsNone: "没有需要关注的问题。",
  flagRow: (row: number) => `第${row}行`,
  flagsCount: (n: number) => `${n} 条`,
  flagsShowAll: (n: number) => `显示其余 ${n} 条`,
  flagSelectHint: (sheet: string, cell: string) => `在 Excel 中选中 ${sheet}!${cell}`,
  selectFailed: (where: string, detail: string) => `无法选中 ${where}：${detail}`,

  templateTitle: "新建评分表",
  templateHint: (name: string) => `按「${name}」新建一张空白评分表（表头、数据验证、冻结表头）。`,
  templateSample: "含示例数据",
  templateButton: "新建评分表",
  templateWorking: "正在新建…",
  templateDone: (sheet: string) => `已新建工作表「${sheet}」。`,

  recordsTitle: "定稿与上年结果",
  recordsFinalizedAt: (at: string) =>
    `已于 ${at} 定稿：重新评定仍写出定稿结果，与现在不同之处列在「评定核查」中。`,
  recordsNotFinalized: "尚未定稿。公示结束、领导小组审定后可定稿；定稿后再评定，写出的仍是定稿结果。",
  recordsFinalize: "定稿",
  recordsUnfinalize: "解除定稿",
  recordsPrior: "上年评定结果",
  recordsPickPrior: "选择上年评定结果…",
  recordsPriorHint: "选择上年评定后的工作簿，按支部名称取上年星级；以后的评定沿用。",
  recordsPriorChosen: (name: string) => `按「${name}」取上年星级；未对应的名称列在「评定核查」中。`,
  recordsPriorUnreadable: (name: string) =>
    `无法读取「${name}」：请确认文件仍在原处、未被其他程序占用，然后重新选择。未写入任何内容。`,
  recordsOnPage:
    "网页版：原文件不会被改动。这里的选择对这个文件以后的每次评定都有效，并写进下载的文件；下次打开网页时，请选下载的文件继续。",
};

type MessageValue<V> = V extends (...args: infer A) => string
  ? (...args: A) => string
  : V extends string
    ? string
    : { [K in keyof V]: string };
export type Messages = { [K in keyof typeof zh]: MessageValue<(typeof zh)[K]> };

const en: Messages = {
  appTitle: "Star Rating",
  appSubtitle: "Rates Party branches against a rubric and writes the results back into this workbook.",

  outsideTitle: "Open Star Rating inside Excel",
  outsideWhat:
    'This is the task pane of the Excel add-in "Star Rating" (星级评定助手): it reads a scoring sheet, computes each branch\'s total and star tier with a rubric, and writes result columns and a summary sheet back into the workbook.',
  outsideNoOffice: "Office.js could not be loaded (offline or blocked), so the pane cannot reach Excel.",
  outsideNoHost: "This page was opened in a plain browser, not inside Excel.",
  outsideOtherHost: (host: string) => `The current host is ${host}; this add-in works in Excel only.`,
  outsideHowTitle: "How to load it in Excel (sideload)",
  outsideHowDesktop: "Excel desktop: npm start (office-addin-debugging) sideloads manifest.xml for you.",
  outsideHowWeb:
    "Excel on the web: Home → Add-ins → More add-ins → My add-ins → Upload My Add-in, then pick manifest.xml.",
  outsideHowRibbon:
    "Then, on the Star Rating tab of the ribbon, click Rating Pane to open this pane, or Rate All to rate at once.",
  outsideCli: "No Excel? The command line does the same rating:",
  outsideCliCommand: "npm run cli -- score sheet.xlsx",
  outsideSideloadLink: "How to sideload an add-in (Microsoft Learn)",
  loading: "Reading the workbook…",
  noRubric: "No rubric is available: import a rubric file.",
  actionFailed: (detail: string) => `The action failed: ${detail}`,
  severity: { error: "Errors", warning: "Warnings", info: "Notes" },
  ruleKind: { gate: "Gate", veto: "Veto", check: "Check" },
  stage: {
    read: "reading the table",
    evaluate: "evaluating",
    plan: "planning the writes",
    write: "writing to the workbook",
  },

  rubricTitle: "Rubric",
  rubricPicker: "Rubric in use",
  rubricVersion: (version: string) => `version ${version}`,
  rubricSourcePreset: "built-in preset (read-only)",
  rubricSourceCarried: "saved in this workbook",
  rubricSourceImported: "imported",
  rubricSourceEdited: "edited",
  rubricCarriedOption: (name: string) => `This workbook's rubric: ${name}`,
  rubricPresetOption: (name: string) => name,
  rubricCustomOption: (name: string, how: string) => `${name} (${how})`,
  rubricDetails: "Show the rubric",
  rubricSource: "Source: ",
  criteriaTitle: "Criteria",
  colCriterion: "Criterion",
  colMax: "Max",
  colPass: "Pass line",
  checksTitle: (n: number) => `Yes/no checks (${n})`,
  tiersTitle: "Tiers",
  colTier: "Tier",
  colMin: "Minimum total",
  colEarned: "Stars earned",
  belowLowest: "below the lowest band",
  rulesTitle: "Rules",
  colRule: "Rule",
  colKind: "Kind",
  colMessage: "Message",
  leavesOutTitle:
    "When the table has only the columns named, these requirements are not checked; verify them separately:",
  leavesOutPart: (part: string | null, columns: string[], requirements: string[]) =>
    `${part === null ? "" : `${part}: `}${andList(columns)} alone cannot show ${requirements.map((r) => `"${r}"`).join(", ")}`,
  eligibilityTitle: "Eligibility",
  starsAtLeast: (n: number) => `${n} stars or more`,
  notesTitle: "Notes (adjustable choices)",
  importJson: "Import rubric file",
  importJsonFile: "Choose a rubric file",
  exportJson: "Export rubric file",
  importDone: (name: string, file: string) =>
    `Imported "${name}" (${file}); the next rating uses it and saves it in the workbook.`,
  importInvalid: (file: string) => `${file} is not a valid rubric; nothing was changed:`,
  exportDone: (file: string) => `Exported ${file}.`,
  exportShowText: "No download? Show the file's text to copy",
  exportTextLabel: (file: string) => `Contents of ${file}`,
  exportFallback: (file: string) =>
    `Downloads are not available here; copy this text and save it as ${file}:`,
  thresholdsTitle: "Adjust thresholds",
  thresholdsHint:
    'Change the numbers, then Apply. Built-in presets stay as they are: the changed rubric is used as "edited" and saved in the workbook on the next rating.',
  thresholdsNone: "This rubric has no adjustable numbers.",
  thresholdBands: "Band minimums",
  thresholdRules: "Rule thresholds (e.g. satisfaction)",
  thresholdPass: "Pass lines",
  thresholdOther: "Other",
  thresholdsApply: "Apply",
  thresholdsReset: "Reset",
  thresholdsApplied: "The new thresholds are in use.",
  notANumber: "Enter a number",
  notAPercent: "A percentage must be between 0 and 100",

  tableTitle: "Detected table",
  tableRefresh: "Detect again",
  tableDetecting: "Looking at the active sheet…",
  tableSheet: (sheet: string) => `Sheet: ${sheet}`,
  tableSheetChoice: "Sheet to rate",
  tableHeaderRow: (row: number) => `Header row: ${row}`,
  tableMissingRequired: "Required columns are missing: rating will not write anything.",
  tableMissingRequiredDetail: (missing: string, found: string) =>
    `Missing: ${missing}. Add these columns to the header row or pick their columns below. Headers found: ${found}`,
  tableFieldMissing: "Column not found",
  tableNotMapped: "(not mapped)",
  tableAutomatic: "(detect automatically)",
  tableViaSettings: "as saved in the workbook",
  tableViaMapping: "picked by hand",
  tableMissingOptional: (labels: string) =>
    `Optional columns not found (their checks are not made): ${labels}`,
  tableMappingKept: "Columns picked by hand are used on the next rating and saved in the workbook.",
  tableAllFound: (n: number) => `All required columns found; ${n} fields mapped.`,
  tableShowMapping: "Show or change",
  tableHideMapping: "Hide the column mapping",

  runTitle: "Rate",
  runButton: "Rate All (一键评定)",
  runRunning: "Rating…",
  runStage: (n: number, stage: string) => `Step ${n} of 4: ${stage}`,
  runWritten: (sheet: string, others: string[]) =>
    `Results written to "${sheet}"${others.length > 0 ? `; updated ${others.map((o) => `"${o}"`).join(", ")}` : ""}.`,
  runNoticeInvalid:
    'The notice period ends before it starts: correct it under "Public notice", then rate again. Nothing was written.',
  runThresholdsPending:
    'The changes under "Adjust thresholds" are not applied: rating still uses the numbers as they were. To rate with the new numbers, click Apply first.',
  runStale: (onPage: boolean) =>
    onPage
      ? "The rubric, a column, the sheet or the public notice changed after rating: the download still holds the last run's results, without these changes. Click Rate All again."
      : "The rubric, a column or the public notice changed after rating: the workbook still holds the last run's results. Click Rate All again.",

  noticeTitle: "Public notice (公示名单)",
  noticeHint:
    'These texts are printed on the "公示名单" sheet and saved in the workbook when you rate. Left blank: the period is 5 working days from the day of rating, phone and contact get blank lines to fill in by hand, the date is the day of rating.',
  noticeFieldTitle: "Title",
  noticeTitlePlaceholder: "Blank: the default title",
  noticePeriodStart: "Period from",
  noticePeriodEnd: "to",
  noticePeriodOrder: "The end date cannot be before the start date",
  noticePhone: "Phone for comments",
  noticeContact: "Contact person",
  noticeIssuer: "Issued by",
  noticeIssuerPlaceholder: "e.g. the Party committee's name",
  noticeDate: "Date of issue",

  flagsTitle: (n: number) => `Flags (${n})`,
  flagsNone: "Nothing needs attention.",
  flagRow: (row: number) => `row ${row}`,
  flagsCount: (n: number) => `${n} ${n === 1 ? "item" : "items"}`,
  flagsShowAll: (n: number) => `Show ${n} more`,
  flagSelectHint: (sheet: string, cell: string) => `Select ${sheet}!${cell} in Excel`,
  selectFailed: (where: string, detail: string) => `Could not select ${where}: ${detail}`,

  templateTitle: "New scoring sheet",
  templateHint: (name: string) =>
    `Creates a blank scoring sheet for "${name}" (headers, data validation, frozen header row).`,
  templateSample: "Include sample rows",
  templateButton: "New scoring sheet",
  templateWorking: "Creating…",
  templateDone: (sheet: string) => `Created the sheet "${sheet}".`,

  recordsTitle: "Finalise and last year's results",
  recordsFinalizedAt: (at: string) =>
    `Finalised on ${at}: rating again writes the finalised results; what would now differ is listed on the sheet "评定核查".`,
  recordsNotFinalized:
    "Not finalised. Finalise after the public notice and the committee's approval; after that, rating again still writes the finalised results.",
  recordsFinalize: "Finalise",
  recordsUnfinalize: "Unfinalise",
  recordsPrior: "Last year's results",
  recordsPickPrior: "Choose last year's results…",
  recordsPriorHint:
    "Pick last year's scored workbook (.xlsx): last year's stars are taken by branch name, and kept for later runs.",
  recordsPriorUnreadable: (name: string) =>
    `"${name}" could not be read: check that the file is still there and not open in another program, then pick it again. Nothing was written.`,
  recordsPriorChosen: (name: string) =>
    `Last year's stars from "${name}"; names that did not match are listed on the sheet "评定核查".`,
  recordsOnPage:
    "On this page the original file is not changed: these choices hold for every later run of this file and go into the downloaded file; next time, open the downloaded file to go on.",
};

export const messages: Record<Lang, Messages> = { zh, en };

export interface I18n {
  lang: Lang;
  t: Messages;
}

export const I18nContext = createContext<I18n>({ lang: "zh", t: zh });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
