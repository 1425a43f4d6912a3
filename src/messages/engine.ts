/** Messages of the engine layer (src/engine). */
import type { CellKind } from "../engine/cells";
import type { JsonSyntaxReason } from "../engine/json-text";
import { defineMessages, list, type BothNames, type Lang, type MessageLike, type Renderer } from "./core";

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
  count: { zh: "次数", en: "a count" },
  stars: { zh: "星级", en: "a star rating" },
  text: { zh: "文字", en: "text" },
};

/** A part of a rule read only in part: its name, the columns read, what they leave out. */
interface PartLeftOutNames {
  part: BothNames;
  read: BothNames[];
  requirements: BothNames[];
}

/** "1.参会及任务完成（只读了参会率）：「无迟到早退现象」、…": the plan's words quoted. */
function partLeftOut(x: PartLeftOutNames, lang: Lang): string {
  const read = list(
    x.read.map((c) => c[lang]),
    lang,
  );
  const quoted = x.requirements.map((r) => (lang === "zh" ? `「${r.zh}」` : `"${r.en}"`));
  return lang === "zh"
    ? `${x.part.zh}（只读了${read}）：${list(quoted, lang)}`
    : `${x.part.en} (only ${read} read): ${list(quoted, lang)}`;
}

/** "服务体系" → "服务体系分数", but "考核分数"/"考核得分"/"总分" stay as they are (no "分数分数"). */
function scoreLabelZh(label: string): string {
  return /(?:分数|得分|分|分值)$/.test(label) ? label : label + "分数";
}

/**
 * A template split into text and placeholder names (text, name, text, …), once per template text: a
 * rubric has a handful, and the engine renders one for every row a rule flags.
 */
const templateParts = (() => {
  const known = new Map<string, readonly string[]>();
  return (template: string): readonly string[] => {
    let parts = known.get(template);
    if (!parts) {
      parts = template.split(/\{([A-Za-z0-9_$]+)\}/);
      if (known.size < 1000) known.set(template, parts);
    }
    return parts;
  };
})();

/** A rule's message as the rubric writes it, its `{placeholders}` filled with rendered values. */
function fillTemplate(template: string, values: Readonly<Record<string, MessageLike>>, r: Renderer): string {
  const parts = templateParts(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    out += (value ? r(value) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
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

/**
 * A cell's content as the reasons quote it (`describeRaw`: text in JSON quotes, numbers bare): in
 * Chinese, text is quoted 「十八」 as every Chinese message quotes, not "十八".
 */
function rawZh(raw: string): string {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return raw;
  try {
    const text: unknown = JSON.parse(raw);
    return typeof text === "string" ? `「${text}」` : raw;
  } catch {
    return raw;
  }
}

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
    zh: (p: { raw: string; kind: CellKind }) => `${rawZh(p.raw)}不是有效的${KIND[p.kind].zh}`,
    en: (p) => `${p.raw} is not ${KIND[p.kind].en}`,
    example: { raw: '"十八"', kind: "score" },
  },
  CELL_PERCENT_RANGE: {
    zh: (p: { raw: string }) => `${rawZh(p.raw)}不在0%–100%之间`,
    en: (p) => `${p.raw} is not between 0% and 100%`,
    example: { raw: "101" },
  },
  /** A category cell (晋位升级等次) holding a value its field does not list (`values`). */
  CELL_NOT_A_VALUE: {
    zh: (p: { raw: string; values: string[] }) =>
      `${rawZh(p.raw)}不是可填的值，请填${list(p.values, "zh")}之一`,
    en: (p) => `${p.raw} is not one of the values it takes; enter one of ${list(p.values, "en")}`,
    example: { raw: '"优秀"', values: ["先进", "一般", "后进"] },
  },
  /** A count cell (文体活动次数) holding a yes/no word, a fraction or other text. */
  CELL_NOT_COUNT: {
    zh: (p: { raw: string }) => `${rawZh(p.raw)}不是次数，请填整数次数（如 0、2、两次）`,
    en: (p) => `${p.raw} is not a count; enter a whole number of times (e.g. 2)`,
    example: { raw: '"是"' },
  },
  CELL_STARS_RANGE: {
    zh: (p: { raw: string }) => `${rawZh(p.raw)}不是0–5星`,
    en: (p) => `${p.raw} is not 0–5 stars`,
    example: { raw: "6" },
  },
  CELL_HAVE_WORD_UNCLEAR: {
    zh: (p: { words: string }) => `填「${p.words}」含义不明，请填是/否`,
    en: (p) => `"${p.words}" is ambiguous here; enter yes or no`,
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
  /** model-organ: a 1 in a star column that holds scores is 1 point, not 是 (docs/schemes.md). */
  STAR_ONE_AS_POINTS: {
    zh: (p: { field: BothNames; pass: string; yes: string }) =>
      `${p.field.zh}填 1：本列有高于 1 的分数，按分数读取（${p.pass}分及以上得星），1 分未得星；如果 1 表示「${p.yes}」，请改填「${p.yes}」`,
    en: (p) =>
      `${p.field.en} is 1: this column holds scores above 1, so it is read as a score (a star from ${p.pass}), and 1 point earns none; if 1 means yes, enter "${p.yes}"`,
    example: { field: { zh: "理论学习星", en: "Theory study star" }, pass: "16", yes: "是" },
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
      `党支部名称「${p.name}」重复（另见第${list(p.others.map(String), "zh")}行${p.more > 0 ? `等，另有${p.more}处` : ""}）`,
    en: (p) =>
      `Branch name "${p.name}" also on ${p.others.length + p.more === 1 ? "row" : "rows"} ${list(p.others.map(String), "en")}${p.more > 0 ? ` and ${p.more} more` : ""}`,
    example: { name: "第一党支部", others: [5, 9], more: 0 },
  },
  ONE_PER_GROUP_REPEATED: {
    zh: (p: { field: BothNames; others: number[]; group: string | null }) =>
      `${p.field.zh}：${p.group !== null ? `「${p.group}」中` : "本表"}另有第${list(p.others.map(String), "zh")}行也填「是」，只能有一个，请核实`,
    en: (p) =>
      `${p.field.en}: also claimed on ${p.others.length === 1 ? "row" : "rows"} ${list(p.others.map(String), "en")}${p.group !== null ? ` of "${p.group}"` : ""}; only one branch may claim it: please check`,
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
    // A line of its own (评定核查, the report): capitalised, whatever case the rubric's label has.
    en: (p) => {
      const cols = p.columns.map((c) => c.en);
      if (!p.partial && cols.length === 1 && cols[0] === p.rule.en)
        return capitalized(`${p.rule.en} not checked: the table has no such column`);
      return capitalized(
        p.partial
          ? `${p.rule.en} only partly checked: no column for ${list(cols, "en")}`
          : `${p.rule.en} not checked: the table has no column for ${list(cols, "en")}`,
      );
    },
    example: { rule: LABEL, columns: [LABEL], partial: false },
  },
  /** A rule's parts that the table reads only in part (src/engine/left-out.ts): once per run. */
  REQUIREMENTS_LEFT_OUT: {
    zh: (p: { rule: BothNames; parts: PartLeftOutNames[] }) =>
      `${p.rule.zh}中的以下要求在表中没有对应的列，未检查，请另行核实：${p.parts.map((x) => partLeftOut(x, "zh")).join("；")}`,
    en: (p) =>
      capitalized(
        `${p.rule.en}: these requirements have no column in the table and were not checked (verify them separately): ${p.parts.map((x) => partLeftOut(x, "en")).join("; ")}`,
      ),
    example: { rule: LABEL, parts: [{ part: LABEL, read: [LABEL], requirements: [LABEL, LABEL] }] },
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
    en: (p) => `${p.rule.en} is invalid (unreadable), so it cannot be counted as met`,
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
      `${p.field.zh}填「${p.word}」，读作${p.met ? "达到" : "未达到"}`,
    en: (p) => `${p.field.en}: "${p.word}" read as ${p.met ? "met" : "not met"}`,
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
      `第 ${p.line} 行第 ${p.column} 列：嵌套超过 ${p.limit} 层（{ 或 [ 套得太深），评定方案不需要这么深，不予读取`,
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

/** A rule's one message template, in both languages. */
function says(zh: string, en: string): PresetRuleTexts {
  return { message: { zh, en } };
}

/**
 * A gate's texts for a cell that is blank or unreadable, worded alike for every gate: "群众满意率未填，
 * 不能认定达到95%" / "satisfaction is blank, so 95% is not shown", and 填写无效（why）/ is invalid (why).
 */
function unshownWhenBlankOrInvalid(
  name: BothNames,
  target: BothNames,
  why: BothNames,
): Pick<PresetRuleTexts, "missing" | "invalid"> {
  return {
    missing: {
      zh: `${name.zh}未填，不能认定达到${target.zh}`,
      en: `${name.en} is blank, so ${target.en} is not shown`,
    },
    invalid: {
      zh: `${name.zh}填写无效（${why.zh}），不能认定达到${target.zh}`,
      en: `${name.en} is invalid (${why.en}), so ${target.en} is not shown`,
    },
  };
}

const PRESET_RULE_TEXTS = {
  SELF_SCORE_HIGHER: {
    ...says(
      "自评分{selfScore}高于评定总分{total}",
      "Self score {selfScore} is higher than the total {total}",
    ),
    escalate: {
      zh: "自评分{selfScore}高于评定总分{total}，按自评分可评高于{tier}的星级",
      en: "Self score {selfScore} is higher than the total {total} and alone would reach a tier above {tier}",
    },
  },
  VETO: says("一票否决：{reason}", "Vetoed: {reason}"),
  DECLARED_STAR_HIGHER: says(
    "申报星级{declaredStars}高于评定结果{tier}",
    "Declared {declaredStars}, higher than the result ({tier})",
  ),
  TIER_JUMP: says(
    "较上年{priorStars}变化超过一级（现为{tier}）",
    "Changed by more than one tier since last year's {priorStars} (now {tier})",
  ),
  SATISFACTION_LOW: {
    ...says("群众满意率{satisfaction}低于95%", "satisfaction {satisfaction} is below 95%"),
    ...unshownWhenBlankOrInvalid(
      { zh: "群众满意率", en: "satisfaction" },
      { zh: "95%", en: "95%" },
      { zh: "无法识别", en: "unreadable" },
    ),
  },
  CLASS_MISMATCH: says(
    "晋位升级等次「{classification}」与{tier}不符",
    'Classification "{classification}" does not match the result ({tier})',
  ),
  ZERO_ERRORS_UNMET: {
    ...says("政务服务未实现零差错", "government services did not reach zero errors"),
    // Two columns may say it (零差错, 差错): {unmet} names the one that is blank or unreadable.
    missing: { zh: "政务服务零差错未能认定：{unmet}", en: "zero errors not shown: {unmet}" },
    invalid: {
      zh: "政务服务零差错未能认定：{unmet}，请填是/否",
      en: "zero errors not shown: {unmet}; enter yes or no",
    },
  },
  FIVE_STAR_STANDARD_UNMET: says("未达到五星级标准：{unmet}", "Five-star standards not met: {unmet}"),
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

/** A JSON value's kind, as rubric errors name what was found or expected. */
export type JsonKind = "missing" | "null" | "array" | "string" | "number" | "boolean" | "object" | "int";

const KIND_OF_JSON: Record<JsonKind, { zh: string; en: string }> = {
  missing: { zh: "缺失", en: "missing" },
  null: { zh: "null", en: "null" },
  array: { zh: "数组", en: "an array" },
  string: { zh: "文字", en: "a string" },
  number: { zh: "数字", en: "a number" },
  boolean: { zh: "布尔值", en: "a boolean" },
  object: { zh: "对象", en: "an object" },
  int: { zh: "整数", en: "an integer" },
};

/** What a rubric's `id`, a field's `id` and a rule's `code` must look like. */
export type IdFormat = "rubric-id" | "field-id" | "rule-code" | "other";

const ID_FORMAT: Record<IdFormat, { zh: string; en: string }> = {
  "rubric-id": {
    zh: "必须是小写字母、数字和 -（如 service-org）",
    en: "must be lower case letters, digits and - (e.g. service-org)",
  },
  "field-id": {
    zh: "必须以英文字母开头，只含字母、数字和 _",
    en: "must start with a letter and contain only letters, digits and _",
  },
  "rule-code": {
    zh: "必须是大写字母、数字和 _（如 SATISFACTION_LOW）",
    en: "must be upper case letters, digits and _ (e.g. SATISFACTION_LOW)",
  },
  other: { zh: "格式不对", en: "has the wrong format" },
};

/** A bound a value breaks: "必须不大于 6" / "must be at most 6", or a count of items. */
interface BoundParams {
  side: "min" | "max";
  bound: string;
  inclusive: boolean;
  /** array: a count of items; string: empty; number: a value. */
  of: "array" | "string" | "number";
}

function boundZh(p: BoundParams): string {
  if (p.of === "array") return p.side === "min" ? `至少要有 ${p.bound} 项` : `最多 ${p.bound} 项`;
  if (p.of === "string") return "不能为空";
  const op = p.side === "min" ? (p.inclusive ? "不小于" : "大于") : p.inclusive ? "不大于" : "小于";
  return `必须${op} ${p.bound}`;
}

function boundEn(p: BoundParams): string {
  if (p.of === "array")
    return p.side === "min"
      ? `must have at least ${p.bound} ${p.bound === "1" ? "item" : "items"}`
      : `must have at most ${p.bound} ${p.bound === "1" ? "item" : "items"}`;
  if (p.of === "string") return "must not be empty";
  const op = p.side === "min" ? (p.inclusive ? "at least" : "above") : p.inclusive ? "at most" : "below";
  return `must be ${op} ${p.bound}`;
}

/**
 * What is wrong with a rubric at one place (src/engine/rubric-schema.ts): RUBRIC_AT puts the path
 * before one of the texts below ("tiers.bands[2].min 必须小于 …").
 */
const rubricMessages = defineMessages({
  RUBRIC_AT: {
    zh: (p: { path: string; text: MessageLike }, r: Renderer) => `${p.path} ${r(p.text)}`,
    en: (p, r) => `${p.path} ${r(p.text)}`,
    example: { path: "score.decimals", text: { code: "RUBRIC_REQUIRED" } },
  },
  RUBRIC_UNREADABLE: { zh: () => "评定方案无法读取", en: () => "the rubric could not be read" },
  RUBRIC_UNKNOWN_KEY: { zh: () => "是未知的键", en: () => "is not a known key" },
  RUBRIC_REQUIRED: { zh: () => "是必填的", en: () => "is required" },
  RUBRIC_WRONG_TYPE: {
    zh: (p: { expected: JsonKind; got: JsonKind }) =>
      `应为${KIND_OF_JSON[p.expected].zh}，实际为${KIND_OF_JSON[p.got].zh}`,
    en: (p) => `must be ${KIND_OF_JSON[p.expected].en}, not ${KIND_OF_JSON[p.got].en}`,
    example: { expected: "number", got: "string" },
  },
  RUBRIC_UNION_TYPE: {
    zh: (p: { got: JsonKind }) => `的类型不对（${KIND_OF_JSON[p.got].zh}）`,
    en: (p) => `has the wrong type (${KIND_OF_JSON[p.got].en})`,
    example: { got: "boolean" },
  },
  RUBRIC_ONE_OF: {
    zh: (p: { values: string }) => `必须是 ${p.values} 之一`,
    en: (p) => `must be one of ${p.values}`,
    example: { values: '"sum", "weighted"' },
  },
  RUBRIC_NOT_AN_OPTION: { zh: () => "不是有效的选项", en: () => "is not a valid option" },
  RUBRIC_BOUND: {
    zh: (p: BoundParams) => boundZh(p),
    en: (p) => boundEn(p),
    example: { side: "max", bound: "6", inclusive: true, of: "number" },
  },
  RUBRIC_FORMAT: {
    zh: (p: { format: IdFormat }) => ID_FORMAT[p.format].zh,
    en: (p) => ID_FORMAT[p.format].en,
    example: { format: "rule-code" },
  },
  RUBRIC_INVALID_VALUE: {
    zh: (_p: { detail: string }) => "无效",
    en: (p) => `is invalid (${p.detail})`,
    example: { detail: "Invalid input" },
  },
});

type OnlyFor =
  | "all"
  | "criterion"
  | "check"
  | "category"
  | "max-roles"
  | "weighted"
  | "column"
  | "veto"
  | "gate"
  | "check-rule";
const ONLY_FOR_TEXT: Record<OnlyFor, { zh: string; en: string }> = {
  all: { zh: "只用于 {all} 条件", en: "is only for {all} conditions" },
  criterion: { zh: "只用于评分项（criterion）", en: "is only for criterion fields" },
  check: { zh: "只用于检查项（check）", en: "is only for check fields" },
  category: { zh: "只用于类别项（category）", en: "is only for category fields" },
  "max-roles": {
    zh: "只用于 criterion、total 或 number 字段",
    en: "is only for criterion, total or number fields",
  },
  weighted: { zh: '只用于 score.method "weighted"', en: 'is only used with score.method "weighted"' },
  column: { zh: '只用于 method "column"', en: 'is only used with method "column"' },
  veto: { zh: "只用于否决规则（veto）", en: "is only for veto rules" },
  gate: { zh: "只用于门槛规则（gate）", en: "is only for gate rules" },
  "check-rule": { zh: "只用于提示规则（check）", en: "is only for check rules" },
};

type RequiredFor =
  "criterion-max" | "column-field" | "weighted-weight" | "gate-minStars" | "gate-capTo" | "veto-outcome";
const REQUIRED_FOR_TEXT: Record<RequiredFor, { zh: string; en: string }> = {
  "criterion-max": { zh: "是必填的：评分项需要满分", en: "is required: a criterion needs its full marks" },
  "column-field": {
    zh: '是必填的：method 为 "column" 时需指明总分字段',
    en: 'is required when method is "column" (the total field)',
  },
  "weighted-weight": {
    zh: '是必填的：method 为 "weighted"',
    en: 'is required when score.method is "weighted"',
  },
  "gate-minStars": { zh: "是必填的：门槛规则需要 minStars", en: "is required for a gate" },
  "gate-capTo": { zh: "是必填的：门槛规则需要 capTo", en: "is required for a gate" },
  "veto-outcome": {
    zh: '是必填的：否决规则需要结果（{"kind":"none"} 或 {"kind":"cap","stars":n}）',
    en: 'is required for a veto ({"kind":"none"} or {"kind":"cap","stars":n})',
  },
};

/** The cross-field checks of a rubric whose shape is right (the text after the path). */
const rubricChecks = defineMessages({
  CONDITION_ONE_FORM: {
    zh: () => "条件必须恰好是 {field, op, value}、{all}、{any}、{not} 之一",
    en: () => "a condition must be exactly one of {field, op, value}, {all}, {any}, {not}",
  },
  CONDITION_KEY_MISSING: {
    zh: (p: { key: string }) => `缺少 ${p.key}`,
    en: (p) => `${p.key} is required in a {field, op, value} condition`,
    example: { key: "value" },
  },
  ONLY_FOR: {
    zh: (p: { what: OnlyFor }) => ONLY_FOR_TEXT[p.what].zh,
    en: (p) => ONLY_FOR_TEXT[p.what].en,
    example: { what: "check" },
  },
  REQUIRED_FOR: {
    zh: (p: { what: RequiredFor }) => REQUIRED_FOR_TEXT[p.what].zh,
    en: (p) => REQUIRED_FOR_TEXT[p.what].en,
    example: { what: "gate-capTo" },
  },
  DUPLICATES: {
    zh: (p: { other: string; value: string }) => `与 ${p.other} 重复（"${p.value}"）`,
    en: (p) => `duplicates ${p.other} ("${p.value}")`,
    example: { other: "fields[1].id", value: "score" },
  },
  NOT_IN_VALUES: {
    zh: (p: { value: string; field: number }) =>
      `"${p.value}" 不在 fields[${p.field}].values 中（填这个值的单元格会被拒绝，条件不会因它成立）`,
    en: (p) =>
      `"${p.value}" is not in fields[${p.field}].values (a cell holding it is refused, so the condition never holds for it)`,
    example: { value: "优秀", field: 12 },
  },
  ALIAS_TAKEN: {
    zh: (p: { text: string; owner: number }) => `"${p.text}" 已是 fields[${p.owner}] 的表头别名`,
    en: (p) => `"${p.text}" is already a header alias of fields[${p.owner}]`,
    example: { text: "得分", owner: 2 },
  },
  ONE_NAME_FIELD: {
    zh: () => "必须恰有一个 role 为 name 的字段（支部名称）",
    en: () => 'must have exactly one field with role "name" (the branch name)',
  },
  ONE_GROUP_FIELD: {
    zh: () => "最多一个 role 为 group 的字段",
    en: () => 'may have at most one field with role "group"',
  },
  ABOVE_ZERO: { zh: () => "必须大于 0", en: () => "must be above 0" },
  PASS_WITHIN_MAX: {
    zh: (p: { max: number }) => `必须在 0 到 max（${p.max}）之间`,
    en: (p) => `must be between 0 and max (${p.max})`,
    example: { max: 20 },
  },
  NOT_A_FIELD: {
    zh: (p: { id: string; computed: boolean }) =>
      `不是已声明的字段 id${p.computed ? " 或 $total/$stars/$nextMin" : ""}（"${p.id}"）`,
    en: (p) => `is not a declared field id${p.computed ? " or $total/$stars/$nextMin" : ""} ("${p.id}")`,
    example: { id: "satisfation", computed: true },
  },
  COUNTS_AS_COUNT_FIELD: {
    zh: () => "必须指向另一个有 minCount 的检查项（check），且本字段不能有 minCount",
    en: () => "must name another check field that has minCount, and this field must not have minCount",
  },
  TOTAL_ROLE: { zh: () => "必须指向 role 为 total 的字段", en: () => 'must name a field with role "total"' },
  NEEDS_CRITERION: {
    zh: (p: { method: string }) => `"${p.method}" 需要至少一个评分项（criterion）`,
    en: (p) => `"${p.method}" needs at least one criterion field`,
    example: { method: "sum" },
  },
  BELOW_PREVIOUS: {
    zh: (p: { other: string; value: number }) => `必须小于 ${p.other}（${p.value}）`,
    en: (p) => `must be below ${p.other} (${p.value})`,
    example: { other: "tiers.bands[1].min", value: 90 },
  },
  COUNT_TIERS_METHOD: {
    zh: () => '按个数评星时必须是 "count"',
    en: () => 'must be "count" when tiers.kind is "count"',
  },
  COUNT_METHOD_TIERS: {
    zh: () => 'score.method 为 "count" 时必须是 "count"',
    en: () => 'must be "count" when score.method is "count"',
  },
  COUNT_LABELS: {
    zh: (p: { want: number; got: number }) => `应有 ${p.want} 个（评分项数 + 1），实际 ${p.got} 个`,
    en: (p) => `must have ${p.want} labels (criteria count + 1), not ${p.got}`,
    example: { want: 6, got: 5 },
  },
  COUNT_LABELS_EN: {
    zh: () => "个数必须与 tiers.labels 相同",
    en: () => "must have as many entries as tiers.labels",
  },
  COUNT_CRITERIA: {
    zh: () => "按个数评星时评分项最多 5 个",
    en: () => 'may have at most 5 criteria when tiers.kind is "count"',
  },
});

export const engineMessages = {
  ...rubricMessages,
  ...rubricChecks,
  ...cellReasons,
  ...flagMessages,
  ...valueMessages,
  ...explanationMessages,
  ...jsonMessages,
};
