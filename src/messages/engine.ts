/** Messages of the engine layer (src/engine). */
import type { CellKind } from "../engine/cells";
import type { JsonSyntaxReason } from "../engine/json-text";
import { defineMessages, list, type BothNames, type MessageLike, type Renderer } from "./core";

const JSON_REASONS: Record<JsonSyntaxReason, { zh: string; en: string }> = {
  "unexpected-end": {
    zh: "内容在此处意外结束（缺少 } 或 ]？）",
    en: "the text ends here unexpectedly (a missing } or ]?)",
  },
  "unexpected-character": { zh: "此处不应出现该字符", en: "this character is not expected here" },
  "unterminated-string": {
    zh: "此处开始的文字缺少结尾的双引号",
    en: "the string starting here has no closing double quote",
  },
  "control-character": {
    zh: "文字中有换行或制表符（请写成 \\n、\\t）",
    en: "a line break or tab inside a string (write \\n, \\t)",
  },
  "bad-escape": {
    zh: '无效的转义（\\ 后只能是 " \\ / b f n r t u）',
    en: 'an invalid escape (\\ may only precede " \\ / b f n r t u)',
  },
  "bad-number": { zh: "数字写法不对", en: "a malformed number" },
  "trailing-content": { zh: "JSON 已结束，后面还有多余内容", en: "extra content after the end of the JSON" },
};

interface JsonSyntaxParams {
  line: number;
  column: number;
  reason: JsonSyntaxReason;
  /** The unexpected character, or "". */
  found: string;
}

const JSON_SYNTAX_EXAMPLE: JsonSyntaxParams = {
  line: 12,
  column: 7,
  reason: "unexpected-character",
  found: "}",
};

const KIND: Record<CellKind, { zh: string; en: string }> = {
  score: { zh: "分数", en: "a score" },
  percent: { zh: "百分比", en: "a percentage" },
  yesno: { zh: "是/否", en: "yes/no" },
  stars: { zh: "星级", en: "a star rating" },
  text: { zh: "文字", en: "text" },
};

/** "服务体系" → "服务体系分数", but "考核分数"/"考核得分"/"总分" stay as they are (no "分数分数"). */
function scoreLabelZh(label: string): string {
  return /(?:分数|得分|分|分值)$/.test(label) ? label : label + "分数";
}

/** A rule's message as the rubric writes it, its `{placeholders}` filled with rendered values. */
function fillTemplate(template: string, values: Readonly<Record<string, MessageLike>>, r: Renderer): string {
  const parts = template.split(/\{([A-Za-z0-9_$]+)\}/);
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return part;
      const value = Object.prototype.hasOwnProperty.call(values, part) ? values[part] : undefined;
      return value ? r(value) : `{${part}}`;
    })
    .join("");
}

/**
 * A gate's English message standing alone as a flag: written lower-case because the explanation
 * strings it into a sentence ("Total 96.50 → 5 stars; satisfaction 93% is below 95%").
 */
function capitalized(text: string): string {
  return /^[a-z]/.test(text) ? text[0]!.toUpperCase() + text.slice(1) : text;
}

interface RuleTextParams {
  /** The rule's template in each language (the rubric's message and messageEn). */
  template: BothNames;
  /** A value for each placeholder the template uses. */
  values: Record<string, MessageLike>;
}

type PartState = "no" | "blank" | "invalid";
const PART_MARK: Record<PartState, { zh: string; en: string }> = {
  no: { zh: "", en: "" },
  blank: { zh: "（未填）", en: " (blank)" },
  invalid: { zh: "（无效）", en: " (invalid)" },
};

const LABEL = { zh: "群众满意率", en: "satisfaction" };
const TIER = { zh: "五星级", en: "5 stars" };

/** Why a filled cell cannot be read (the reason of an invalid cell, inside INVALID_VALUE). */
const cellReasons = defineMessages({
  CELL_EXCEL_ERROR: {
    zh: (p: { error: string }) => `单元格为错误值${p.error}`,
    en: (p) => `the cell holds the error ${p.error}`,
    example: { error: "#N/A" },
  },
  CELL_DATE: {
    zh: (p: { kind: CellKind }) => `日期不是${KIND[p.kind].zh}`,
    en: (p) => `a date is not ${KIND[p.kind].en}`,
    example: { kind: "score" },
  },
  CELL_NOT_KIND: {
    zh: (p: { raw: string; kind: CellKind }) => `${p.raw}不是有效的${KIND[p.kind].zh}`,
    en: (p) => `${p.raw} is not ${KIND[p.kind].en}`,
    example: { raw: '"十八"', kind: "score" },
  },
  CELL_PERCENT_RANGE: {
    zh: (p: { raw: string }) => `${p.raw}不在0%–100%之间`,
    en: (p) => `${p.raw} is not between 0% and 100%`,
    example: { raw: "101" },
  },
  CELL_STARS_RANGE: {
    zh: (p: { raw: string }) => `${p.raw}不是0–5星`,
    en: (p) => `${p.raw} is not 0–5 stars`,
    example: { raw: "6" },
  },
  CELL_HAVE_WORD_UNCLEAR: {
    zh: (p: { words: string }) => `填“${p.words}”含义不明，请填是/否`,
    en: (p) => `“${p.words}” is ambiguous here; enter yes or no`,
    example: { words: "有/无" },
  },
});

/**
 * The engine's flags (docs/schemes.md "Flag codes"). A flag's `code` is its flag code; `text` is
 * one of these (the catalogue code differs only where another layer has the flag's code).
 */
const flagMessages = defineMessages({
  MISSING_VALUE: {
    zh: (p: { field: BothNames; star: boolean }) => `缺少${p.star ? p.field.zh : scoreLabelZh(p.field.zh)}`,
    en: (p) => `${p.field.en} is missing`,
    example: { field: { zh: "服务体系", en: "Service system" }, star: false },
  },
  INVALID_VALUE: {
    zh: (p: { field: BothNames; reason: MessageLike }, r: Renderer) => `${p.field.zh}：${r(p.reason)}`,
    en: (p, r) => `${p.field.en}: ${r(p.reason)}`,
    example: { field: LABEL, reason: { code: "CELL_PERCENT_RANGE", params: { raw: "101" } } },
  },
  OUT_OF_RANGE: {
    zh: (p: { field: BothNames; value: string; max: string }) => `${p.field.zh}${p.value}超出0–${p.max}`,
    en: (p) => `${p.field.en} ${p.value} is outside 0–${p.max}`,
    example: { field: { zh: "服务体系", en: "Service system" }, value: "32", max: "30" },
  },
  MISSING_NAME: {
    zh: () => "缺少党支部名称",
    en: () => "Branch name is missing",
  },
  ROW_UNREADABLE: {
    zh: () => "该行无法读取",
    en: () => "The row could not be read",
  },
  DUPLICATE_NAME: {
    // Names a few of the other rows, not all: one name pasted into thousands of rows would
    // otherwise carry a message per row that grows with the square of the table.
    zh: (p: { name: string; others: number[]; more: number }) =>
      `党支部名称“${p.name}”重复（另见第${list(p.others.map(String), "zh")}行${p.more > 0 ? `等，另有${p.more}处` : ""}）`,
    en: (p) =>
      `Branch name “${p.name}” also on row ${list(p.others.map(String), "en")}${p.more > 0 ? ` and ${p.more} more` : ""}`,
    example: { name: "第一党支部", others: [5, 9], more: 0 },
  },
  ONE_PER_GROUP_REPEATED: {
    zh: (p: { field: BothNames; others: number[]; group: string | null }) =>
      `${p.field.zh}：${p.group !== null ? `“${p.group}”中` : "本表"}另有第${list(p.others.map(String), "zh")}行也填“是”，只能有一个，请核实`,
    en: (p) =>
      `${p.field.en}: also claimed on row ${list(p.others.map(String), "en")}${p.group !== null ? ` of “${p.group}”` : ""}; only one can be, please check`,
    example: { field: { zh: "13.考核排名第一", en: "13. ranked first" }, others: [7], group: "机关党委" },
  },
  NOT_CHECKED: {
    zh: (p: { rule: BothNames; columns: BothNames[]; partial: boolean }) => {
      const cols = p.columns.map((c) => c.zh);
      if (!p.partial && cols.length === 1 && cols[0] === p.rule.zh) return `未检查${p.rule.zh}：表中没有该列`;
      return p.partial
        ? `${p.rule.zh}部分未检查：表中没有${list(cols, "zh")}列`
        : `未检查${p.rule.zh}：表中没有${list(cols, "zh")}列`;
    },
    en: (p) => {
      const cols = p.columns.map((c) => c.en);
      if (!p.partial && cols.length === 1 && cols[0] === p.rule.en)
        return `${p.rule.en} not checked: the table has no such column`;
      return p.partial
        ? `${p.rule.en} only partly checked: no column for ${list(cols, "en")}`
        : `${p.rule.en} not checked: the table has no column for ${list(cols, "en")}`;
    },
    example: { rule: LABEL, columns: [LABEL], partial: false },
  },
  REQUIRED_COLUMNS_MISSING: {
    zh: (p: { columns: BothNames[] }) =>
      `缺少必需的列：${list(
        p.columns.map((c) => c.zh),
        "zh",
      )}`,
    en: (p) =>
      `Required columns missing: ${list(
        p.columns.map((c) => c.en),
        "en",
      )}`,
    example: { columns: [{ zh: "服务体系", en: "Service system" }] },
  },
  NEAR_NEXT_TIER: {
    zh: (p: { gap: string; tier: BothNames }) => `差${p.gap}分可评${p.tier.zh}`,
    en: (p) => `${p.gap} point${p.gap === "1" ? "" : "s"} short of ${p.tier.en}`,
    example: { gap: "0.5", tier: TIER },
  },
  /** A rule's flag (gate, veto, check): the rubric's own template, filled. */
  RULE: {
    zh: (p: RuleTextParams, r: Renderer) => fillTemplate(p.template.zh, p.values, r),
    en: (p, r) => fillTemplate(p.template.en, p.values, r),
    example: {
      template: { zh: "群众满意率{satisfaction}低于95%", en: "satisfaction {satisfaction} is below 95%" },
      values: { satisfaction: { code: "TEXT", params: { zh: "93%" } } },
    },
  },
  /** A gate that failed because a cell it needs could not be read, when the rubric has no text for it. */
  GATE_CELL_INVALID: {
    zh: (p: { rule: BothNames }) => `${p.rule.zh}填写无效（无法识别），不能认定达标`,
    en: (p) => `${p.rule.en} is invalid (unreadable), so it is not shown to be met`,
    example: { rule: LABEL },
  },
  /** A gate's message standing alone as a flag (English starts with a capital). */
  SENTENCE: {
    zh: (p: { text: MessageLike }, r: Renderer) => r(p.text),
    en: (p, r) => capitalized(r(p.text)),
    example: { text: { code: "GATE_CELL_INVALID", params: { rule: LABEL } } },
  },
});

/** Values in rule messages and explanations. */
const valueMessages = defineMessages({
  VALUE_BLANK: { zh: () => "未填", en: () => "blank" },
  VALUE_INVALID: { zh: () => "无效", en: () => "invalid" },
  YES_NO: {
    zh: (p: { yes: boolean }) => (p.yes ? "是" : "否"),
    en: (p) => (p.yes ? "yes" : "no"),
    example: { yes: true },
  },
  NO_REASON_GIVEN: { zh: () => "未注明事由", en: () => "no reason given" },
  /** `{unmet}`: the parts of a gate that do not hold, marked when a blank or unreadable cell was why. */
  UNMET_PARTS: {
    zh: (p: { parts: { name: BothNames; state: PartState }[] }) =>
      list(
        p.parts.map((x) => x.name.zh + PART_MARK[x.state].zh),
        "zh",
      ),
    en: (p) =>
      list(
        p.parts.map((x) => x.name.en + PART_MARK[x.state].en),
        "en",
      ),
    example: {
      parts: [
        { name: { zh: "1.组织生活", en: "1. organisational life" }, state: "no" },
        { name: { zh: "7.文体活动", en: "7. cultural activities" }, state: "blank" },
      ],
    },
  },
  /** A star count no band has exactly. */
  STARS_COUNT: {
    zh: (p: { stars: number }) => `${p.stars}星`,
    en: (p) => `${p.stars} star${p.stars === 1 ? "" : "s"}`,
    example: { stars: 2 },
  },
  /** The tier of a row that cannot be rated: the rubric's label, "Not rated" in English. */
  NOT_RATED: {
    zh: (p: { label: string }) => p.label,
    en: () => "Not rated",
    example: { label: "未评定" },
  },
});

/** The explanation column's pieces (docs/schemes.md "The order of one row"). */
const explanationMessages = defineMessages({
  TOTAL_LINE: {
    zh: (p: { total: string; tier: BothNames }) => `总分${p.total} → ${p.tier.zh}`,
    en: (p) => `Total ${p.total} → ${p.tier.en}`,
    example: { total: "96.50", tier: TIER },
  },
  STARS_EARNED_LINE: {
    zh: (p: { stars: number; names: BothNames[]; total: string | null; tier: BothNames }) => {
      const names = p.names.length
        ? `（${list(
            p.names.map((n) => n.zh),
            "zh",
          )}）`
        : "";
      return `获${p.stars}星${names}${p.total !== null ? `，总分${p.total}` : ""} → ${p.tier.zh}`;
    },
    en: (p) => {
      const names = p.names.length
        ? ` (${list(
            p.names.map((n) => n.en),
            "en",
          )})`
        : "";
      return `${p.stars} star${p.stars === 1 ? "" : "s"} earned${names}${p.total !== null ? `, total ${p.total}` : ""} → ${p.tier.en}`;
    },
    example: {
      stars: 1,
      names: [{ zh: "政治引领星", en: "Political leadership" }],
      total: null,
      tier: { zh: "一星", en: "1 star" },
    },
  },
  /** Why a row is not rated: a needed column is absent. */
  COLUMN_ABSENT: {
    zh: (p: { field: BothNames }) => `缺少${p.field.zh}`,
    en: (p) => `${p.field.en} missing`,
    example: { field: { zh: "服务体系", en: "Service system" } },
  },
  /** How 有/无 was read in an absence column (docs/schemes.md "有 and 无"). */
  HAVE_WORD_READ: {
    zh: (p: { field: BothNames; word: "有" | "无"; met: boolean }) =>
      `${p.field.zh}填“${p.word}”，读作${p.met ? "达到" : "未达到"}`,
    en: (p) => `${p.field.en}: “${p.word}” read as ${p.met ? "met" : "not met"}`,
    example: {
      field: { zh: "4.三年无违法违纪", en: "4. no violations in three years" },
      word: "无",
      met: true,
    },
  },
});

const jsonMessages = defineMessages({
  JSON_SYNTAX: {
    zh: (p: JsonSyntaxParams) =>
      `第 ${p.line} 行第 ${p.column} 列：${JSON_REASONS[p.reason].zh}${p.found ? `（「${p.found}」）` : ""}`,
    en: (p) =>
      `line ${p.line}, column ${p.column}: ${JSON_REASONS[p.reason].en}${p.found ? ` (${JSON.stringify(p.found)})` : ""}`,
    example: JSON_SYNTAX_EXAMPLE,
  },
  JSON_TOO_DEEP: {
    zh: (p: { line: number; column: number; limit: number }) =>
      `第 ${p.line} 行第 ${p.column} 列：嵌套超过 ${p.limit} 层（{ 或 [ 套得太深），评定规则不需要这么深，不予读取`,
    en: (p) =>
      `line ${p.line}, column ${p.column}: nested more than ${p.limit} levels deep ({ or [ inside each other); no rubric needs that, so it is not read`,
    example: { line: 3, column: 900, limit: 64 },
  },
  NOT_FINITE_NUMBER: {
    zh: (p: { path: string }) => `${p.path} 的数字超出范围（如 1e400），请写一个普通的有限数字`,
    en: (p) => `${p.path} is a number beyond range (such as 1e400); write an ordinary finite number`,
    example: { path: "tiers.bands[0].min" },
  },
});

export const engineMessages = {
  ...cellReasons,
  ...flagMessages,
  ...valueMessages,
  ...explanationMessages,
  ...jsonMessages,
};

/**
 * The preset rules' message templates (src/engine/presets.ts). A rubric is data the user can edit,
 * so its rules carry their templates as `message`/`messageEn` strings with `{placeholders}`; the
 * presets take theirs from here, and the RULE entry above fills them.
 */
interface PresetRuleTexts {
  message: BothNames;
  /** gate: the condition failed only because a cell is blank. */
  missing?: BothNames;
  /** gate: a cell it needs was filled but unreadable. */
  invalid?: BothNames;
  /** check: the escalated message. */
  escalate?: BothNames;
}

const PRESET_RULE_TEXTS = {
  SELF_SCORE_HIGHER: {
    message: {
      zh: "自评分{selfScore}高于评定总分{total}",
      en: "Self score {selfScore} is higher than the total {total}",
    },
    escalate: {
      zh: "自评分{selfScore}高于评定总分{total}，按自评分可评高于{tier}的星级",
      en: "Self score {selfScore} is higher than the total {total} and alone would reach a tier above {tier}",
    },
  },
  VETO: { message: { zh: "一票否决：{reason}", en: "Vetoed: {reason}" } },
  DECLARED_STAR_HIGHER: {
    message: {
      zh: "申报星级{declaredStars}高于评定结果{tier}",
      en: "Declared {declaredStars}, higher than the result ({tier})",
    },
  },
  TIER_JUMP: {
    message: {
      zh: "较上年{priorStars}变化超过一级（现为{tier}）",
      en: "Changed by more than one tier since last year's {priorStars} (now {tier})",
    },
  },
  SATISFACTION_LOW: {
    message: { zh: "群众满意率{satisfaction}低于95%", en: "satisfaction {satisfaction} is below 95%" },
    missing: { zh: "群众满意率未填，不能认定达到95%", en: "satisfaction is blank, so 95% is not shown" },
    invalid: {
      zh: "群众满意率填写无效（无法识别），不能认定达到95%",
      en: "satisfaction is invalid (unreadable), so 95% is not shown",
    },
  },
  CLASS_MISMATCH: {
    message: {
      zh: "晋位升级等次“{classification}”与{tier}不符",
      en: "Classification “{classification}” does not match the result ({tier})",
    },
  },
  ZERO_ERRORS_UNMET: {
    message: { zh: "政务服务未实现零差错", en: "government services did not reach zero errors" },
    missing: { zh: "政务服务零差错未填，不能认定达到", en: "zero errors is blank, so it is not shown" },
    invalid: {
      zh: "政务服务零差错填写无效（请填是/否），不能认定达到",
      en: "zero errors is invalid (enter yes or no), so it is not shown",
    },
  },
  FIVE_STAR_STANDARD_UNMET: {
    message: { zh: "未达到五星级标准：{unmet}", en: "Five-star standards not met: {unmet}" },
  },
} satisfies Record<string, PresetRuleTexts>;

export type PresetRuleCode = keyof typeof PRESET_RULE_TEXTS;

/** Every preset template, for the catalogue's tests. */
export const presetRuleTexts: Readonly<Record<PresetRuleCode, PresetRuleTexts>> = PRESET_RULE_TEXTS;

/** A preset rule's message fields, as a rubric's rule holds them. */
export function presetRuleMessages(code: PresetRuleCode): {
  message: string;
  messageEn: string;
  messageMissing?: string;
  messageMissingEn?: string;
  messageInvalid?: string;
  messageInvalidEn?: string;
} {
  const t: PresetRuleTexts = PRESET_RULE_TEXTS[code];
  return {
    message: t.message.zh,
    messageEn: t.message.en,
    ...(t.missing && { messageMissing: t.missing.zh, messageMissingEn: t.missing.en }),
    ...(t.invalid && { messageInvalid: t.invalid.zh, messageInvalidEn: t.invalid.en }),
  };
}

/** A preset check's escalated message fields. */
export function presetEscalateMessages(code: PresetRuleCode): { message?: string; messageEn?: string } {
  const t: PresetRuleTexts = PRESET_RULE_TEXTS[code];
  return t.escalate ? { message: t.escalate.zh, messageEn: t.escalate.en } : {};
}
