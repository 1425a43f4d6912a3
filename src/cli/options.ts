/**
 * The command line's options (args.ts parses with them). Without imports of values, so that the
 * loader's early inflate (early-inflate.ts, its own small bundle) finds `score`'s input by the same
 * table: which options take the next word as their value.
 */
import type { NoticeTexts } from "../workbook/settings";

export type Command = "score" | "template" | "presets" | "rubric" | "merge" | "help";

type NoticeKey = keyof NoticeTexts;

export interface OptionSpec {
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
    | "map"
    | "notice"
    | "prior"
    | "finalize"
    | "unfinalize"
    | "skipBad";
  takesValue: boolean;
  commands: readonly Command[];
  /** May be given more than once. */
  repeats?: true;
  /** For `notice`: the NoticeTexts field it sets. */
  noticeKey?: NoticeKey;
}

export const ALL: readonly Command[] = ["score", "template", "presets", "rubric", "merge", "help"];

function noticeOption(noticeKey: NoticeKey): OptionSpec {
  return { key: "notice", takesValue: true, commands: ["score"], noticeKey };
}

export const OPTIONS: Record<string, OptionSpec> = {
  "-o": { key: "output", takesValue: true, commands: ["score", "template", "merge"] },
  "--output": { key: "output", takesValue: true, commands: ["score", "template", "merge"] },
  "--rubric": { key: "rubric", takesValue: true, commands: ["score", "template", "rubric", "merge"] },
  "--prior": { key: "prior", takesValue: true, commands: ["score"] },
  "--finalize": { key: "finalize", takesValue: false, commands: ["score"] },
  "--unfinalize": { key: "unfinalize", takesValue: false, commands: ["score"] },
  "--skip-bad": { key: "skipBad", takesValue: false, commands: ["merge"] },
  "--sheet": { key: "sheet", takesValue: true, commands: ["score"] },
  "--map": { key: "map", takesValue: true, commands: ["score"], repeats: true },
  "--json": { key: "json", takesValue: false, commands: ["score"] },
  "--in-place": { key: "inPlace", takesValue: false, commands: ["score"] },
  "--rows": { key: "rows", takesValue: true, commands: ["template"] },
  "--sample": { key: "sample", takesValue: false, commands: ["template"] },
  "--notice-title": noticeOption("title"),
  "--notice-body": noticeOption("body"),
  "--notice-from": noticeOption("periodStart"),
  "--notice-to": noticeOption("periodEnd"),
  "--notice-phone": noticeOption("phone"),
  "--notice-contact": noticeOption("contact"),
  "--notice-issuer": noticeOption("issuer"),
  "--notice-date": noticeOption("date"),
  "--lang": { key: "lang", takesValue: true, commands: ALL },
  "--help": { key: "help", takesValue: false, commands: ALL },
  "-h": { key: "help", takesValue: false, commands: ALL },
};
