/**
 * Catalogue messages as Excel users read them, in the pane and in the ribbon's dialog. A few
 * catalogue entries speak to every front end at once ("未指定工作表", "--sheet", scheme ids such as
 * service-org); inside Excel there is no command line and no scheme id to type, so those entries get
 * wording of their own here. Everything else is the catalogue's text unchanged.
 */
import {
  isMessageCode,
  render,
  sentence,
  type Lang,
  type MessageLike,
  type ParamsOf,
  type Renderer,
} from "../messages";
import type { WritePlan } from "../workbook/model";
import type { LocalizedText } from "./services";

type Wording<P> = { zh: (p: P, r: Renderer) => string; en: (p: P, r: Renderer) => string };

const quotedZh = (names: readonly string[]): string => names.map((n) => `「${n}」`).join("、");
const quotedEn = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(", ");

const sheetFallback: Wording<ParamsOf["SHEET_FALLBACK"]> = {
  zh: (p) =>
    `「${p.first}」中没有评分表，使用的是「${p.used}」中的评分表。${
      p.others.length > 0
        ? `另有评分表的工作表：${quotedZh(p.others)}；要评定其中一张，请先切换到该工作表。`
        : ""
    }`,
  en: (p) =>
    `"${p.first}" holds no scoring table; the table in "${p.used}" is used.${
      p.others.length > 0
        ? ` Other sheets with a table: ${quotedEn(p.others)}; to rate one, switch to it first.`
        : ""
    }`,
};

/** NO_RUBRIC_MATCH where the rubric is chosen: the pane (评定面板) in Excel, 评定方案 on the page. */
function noRubricMatchIn(where: { zh: string; en: string }): Wording<ParamsOf["NO_RUBRIC_MATCH"]> {
  return {
    zh: (p) =>
      `工作表「${p.sheet}」的表头与内置的评定方案都不相符，无法自动选择方案（表头在前 ${p.rows} 行中查找）。请在${where.zh}的「使用的方案」中选择（${p.presets
        .map((r) => `「${r.name}」`)
        .join("、")}），或导入方案文件。`,
    en: (p) =>
      `The headers of sheet "${p.sheet}" match none of the built-in rubrics, so none could be chosen (the header row is looked for in the first ${p.rows} rows). Choose one under "Rubric in use" ${where.en} (${p.presets
        .map((r) => `"${r.nameEn}"`)
        .join(", ")}), or import a rubric file.`,
  };
}

const noRubricMatch = noRubricMatchIn({ zh: "评定面板", en: "in the pane" });

const carriedRubricUsed: Wording<ParamsOf["CARRIED_RUBRIC_USED"]> = {
  zh: (p, r) =>
    `${r(p.cause)}（使用的是工作簿中保存的方案「${p.rubric}」；如表格已改用其他方案，请在评定面板的「使用的方案」中另选。）`,
  en: (p, r) =>
    `${r(p.cause)} (The rubric saved in the workbook, "${p.rubricEn}", was used; if the table now follows another rubric, choose it under "Rubric in use" in the pane.)`,
};

const noTableOnVisibleSheets: Wording<ParamsOf["NO_TABLE_ON_VISIBLE_SHEETS"]> = {
  zh: (p, r) =>
    `${sentence(r(p.cause), "zh")}工作簿中可见的工作表（${quotedZh(p.sheets)}）都没有评分表；请切换到含评分表的工作表，或用「新建评分表」新建一张。`,
  en: (p, r) =>
    `${sentence(r(p.cause), "en")} None of the visible sheets (${quotedEn(p.sheets)}) holds a scoring table; switch to the sheet that does, or make one with "New scoring sheet".`,
};

/**
 * Wording by code. Typed per code against the catalogue, so a renamed code or parameter is a
 * compile error here rather than a silently different text.
 */
const wordings: Partial<Record<string, Wording<never>>> = {
  SHEET_FALLBACK: sheetFallback,
  NO_RUBRIC_MATCH: noRubricMatch,
  CARRIED_RUBRIC_USED: carriedRubricUsed,
  NO_TABLE_ON_VISIBLE_SHEETS: noTableOnVisibleSheets,
};

/**
 * On the page outside Excel a file has no sheet on screen and no 新建评分表: the sheet is chosen under
 * 识别的表格 (评定的工作表), and a file without a table is fixed in Excel or WPS.
 */
const sheetFallbackOnPage: Wording<ParamsOf["SHEET_FALLBACK"]> = {
  zh: (p) =>
    `「${p.first}」中没有评分表，使用的是「${p.used}」中的评分表。${
      p.others.length > 0
        ? `另有评分表的工作表：${quotedZh(p.others)}；要评定其中一张，请在「识别的表格」的「评定的工作表」中选择。`
        : ""
    }`,
  en: (p) =>
    `"${p.first}" holds no scoring table; the table in "${p.used}" is used.${
      p.others.length > 0
        ? ` Other sheets with a table: ${quotedEn(p.others)}; to rate one, choose it under "Sheet to rate" in "Detected table".`
        : ""
    }`,
};

const noTableOnVisibleSheetsOnPage: Wording<ParamsOf["NO_TABLE_ON_VISIBLE_SHEETS"]> = {
  zh: (p, r) =>
    `${sentence(r(p.cause), "zh")}文件中可见的工作表（${quotedZh(p.sheets)}）都没有评分表；请在 Excel 或 WPS 中打开文件，确认评分表的表头后再试。`,
  en: (p, r) =>
    `${sentence(r(p.cause), "en")} None of the file's visible sheets (${quotedEn(p.sheets)}) holds a scoring table; open the file in Excel or WPS, check the table's headers, and try again.`,
};

const wordingsOnPage: Partial<Record<string, Wording<never>>> = {
  ...wordings,
  SHEET_FALLBACK: sheetFallbackOnPage,
  NO_TABLE_ON_VISIBLE_SHEETS: noTableOnVisibleSheetsOnPage,
  NO_RUBRIC_MATCH: noRubricMatchIn({ zh: "「评定方案」", en: 'in the "Rubric" section' }),
};

function renderWith(
  table: Partial<Record<string, Wording<never>>>,
  message: MessageLike,
  lang: Lang,
): string {
  const nested: Renderer = (inner) => renderWith(table, inner, lang);
  const wording = isMessageCode(message.code) ? table[message.code] : undefined;
  // A message is built by msg(), so its params are its code's own: the type the wording was declared with.
  if (wording) return (wording[lang] as (p: unknown, r: Renderer) => string)(message.params, nested);
  return render(message, lang);
}

/** A message in one language, with the in-Excel wording where there is one (nested causes too). */
export function renderInExcel(message: MessageLike, lang: Lang): string {
  return renderWith(wordings, message, lang);
}

/** Both languages: the pane switches language without reading the workbook again. */
export function textInExcel(message: MessageLike): LocalizedText {
  return { message: renderInExcel(message, "zh"), messageEn: renderInExcel(message, "en") };
}

/** Both languages, worded for the page outside Excel (the in-Excel wording elsewhere). */
export function textOnPage(message: MessageLike): LocalizedText {
  return {
    message: renderWith(wordingsOnPage, message, "zh"),
    messageEn: renderWith(wordingsOnPage, message, "en"),
  };
}

/** How a host words catalogue messages for the pane: in Excel, or on the page. */
export type PaneWording = (message: MessageLike) => LocalizedText;

/**
 * The sheets a run cleared and rewrote, read off its plan: every visible sheet it ensured (评定汇总,
 * 评定核查, 公示名单, whatever the builders add), in plan order. The scored sheet is written into,
 * not ensured; the settings sheet is very hidden. Both the pane and the ribbon report these.
 */
export function writtenSheets(plan: WritePlan): string[] {
  const names: string[] = [];
  for (const op of plan.ops) {
    if (op.kind === "ensureSheet" && op.visibility === "visible" && !names.includes(op.sheet))
      names.push(op.sheet);
  }
  return names;
}
