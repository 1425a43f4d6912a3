/** Messages of the command line (src/cli). */
import { defineMessages, type MessageLike, type Renderer } from "./core";

export const cliMessages = defineMessages({
  CLI_SHEET_OPTION: {
    zh: (p: { cause: MessageLike; sheets: string[] }, r: Renderer) =>
      `${r(p.cause)}\n要评定另一张工作表，请加 --sheet <表名>（可见的工作表：${p.sheets.map((n) => `“${n}”`).join("、")}）`,
    en: (p, r) =>
      `${r(p.cause)}\nTo rate another sheet, add --sheet <name> (visible sheets: ${p.sheets.map((n) => `"${n}"`).join(", ")})`,
    example: { cause: { code: "SETTINGS_PARTIAL" }, sheets: ["说明", "评分表"] },
  },
});
