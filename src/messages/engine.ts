/** Messages of the engine layer (src/engine). */
import type { JsonSyntaxReason } from "../engine/json-text";
import { defineMessages } from "./core";

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

export const engineMessages = defineMessages({
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
