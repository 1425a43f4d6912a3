/**
 * One style across the catalogue (issue 12): Chinese quotes a name with 「」, never “”; a message
 * that says nothing was written says it with one phrase (未写入任何内容。 / Nothing was written.)
 * and declares it, so the command line and the pane never say it twice.
 */
import { layers, renderBoth, type MessageLike } from "../../src/messages";
import { messages as paneMessages } from "../../src/taskpane/i18n";
import { pageTexts } from "../../src/taskpane/pageText";
import { renderInExcel } from "../../src/taskpane/paneText";

interface Entry {
  code: string;
  zh: string;
  en: string;
  declared: boolean;
  params: string[];
}

/** Every string inside a parameter value: text the user brought in is not the catalogue's style. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

const entries: Entry[] = Object.values(layers).flatMap((table) =>
  Object.entries(table).map(([code, def]) => {
    const d = def as { example?: unknown; saysNothingWritten?: true };
    const { zh, en } = renderBoth({ code, params: d.example } as MessageLike);
    return { code, zh, en, declared: d.saysNothingWritten === true, params: strings(d.example) };
  }),
);

/** CJK characters and full-width punctuation. */
const CJK = "[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]";

/**
 * Chinese text with a half-width mark where a full-width one belongs: an ASCII comma, colon or
 * semicolon between two Chinese characters, an ASCII bracket against one, a space after a
 * full-width mark (but not before →, which has a space each side), or a space between a quoted
 * name or bracket and the Chinese beside it.
 */
function halfWidthInChinese(text: string): boolean {
  return (
    new RegExp(`${CJK} ?[,:;] ?${CJK}`).test(text) ||
    /[\u4e00-\u9fff][()]|[()][\u4e00-\u9fff]/.test(text) ||
    /[。，；：、！？」）][ \t]+(?!→)\S/.test(text) ||
    /[\u4e00-\u9fff][ \t]+[「（]|[」）][ \t]+[\u4e00-\u9fff]/.test(text)
  );
}

/** English words for the tool's own terms (方案, 表头, 标记, 列对应), not options such as --rubric. */
const ENGLISH_TERMS = /(?<![-\w.])(?:rubric|header|flags?|scheme|mapping)(?=\s*[\u4e00-\u9fff])/i;

function own(text: string, params: readonly string[]): string {
  let rest = text;
  for (const p of params) rest = rest.split(p).join("");
  return rest;
}

describe("the catalogue speaks in one style", () => {
  test("Chinese quotes names with 「」 only", () => {
    const curly = entries.filter((e) => /[“”]/.test(own(e.zh, e.params))).map((e) => `${e.code}: ${e.zh}`);
    expect(curly).toEqual([]);
  });

  test('a cell\'s text in a reason is quoted 「」 in Chinese and "" in English', () => {
    const reason = { code: "CELL_NOT_KIND", params: { raw: '"十八"', kind: "score" } };
    expect(renderBoth(reason)).toEqual({ zh: "「十八」不是有效的分数", en: '"十八" is not a score' });
    const number = renderBoth({ code: "CELL_STARS_RANGE", params: { raw: "6" } });
    expect(number.zh).toBe("6不是0–5星");
  });

  test("English quotes with straight double quotes, not curly ones", () => {
    const curly = entries.filter((e) => /[“”]/.test(own(e.en, e.params))).map((e) => `${e.code}: ${e.en}`);
    expect(curly).toEqual([]);
  });

  test("'nothing was written' is said with one phrase, and declared by every entry that says it", () => {
    const otherPhrases = entries
      .filter((e) => /未写出任何|没有写入任何|未写入任何文件|未写入任何内容(?![。：])/.test(e.zh))
      .map((e) => `${e.code}: ${e.zh}`);
    expect(otherPhrases).toEqual([]);
    const lowerCaseClose = entries.filter((e) => /; nothing was written/.test(e.en)).map((e) => e.code);
    expect(lowerCaseClose).toEqual([]);
    const undeclared = entries
      .filter((e) => e.zh.includes("未写入任何内容") !== e.declared)
      .map((e) => `${e.code} (declared: ${e.declared})`);
    expect(undeclared).toEqual([]);
    // English says it too wherever Chinese does.
    const unsaidEn = entries
      .filter((e) => e.declared && !/nothing was written/i.test(e.en))
      .map((e) => e.code);
    expect(unsaidEn).toEqual([]);
  });

  test("English counts its nouns instead of hedging with (s) or (es)", () => {
    // The templates' source: every branch of every entry, whatever its example takes.
    const hedged = Object.values(layers).flatMap((table) =>
      Object.entries(table)
        .filter(([, def]) => /[a-z]\((?:e?s)\)/.test(String((def as { en: unknown }).en)))
        .map(([code]) => code),
    );
    expect(hedged).toEqual([]);
  });

  test.each([
    [
      "SHEET_REVIEW_COUNTS",
      { errors: 1, warnings: 1, infos: 0 },
      "2 items: 1 error (a branch not rated), 1 warning, 0 notes. Errors first.",
    ],
    [
      "SHEET_NOT_RATED_NOTE",
      { count: 1, sheet: "评定核查" },
      '1 more branch was not rated: see "评定核查" for why.',
    ],
    [
      "SHEET_NOTICE_OTHERS",
      { noStar: 1, notRated: 0 },
      "The other 1 branch received no star and is not listed.",
    ],
    [
      "HIDDEN_ROWS_SCORED",
      { count: 1, first: 7 },
      "1 hidden row (row 7) was rated too: hiding a row does not remove it.",
    ],
    [
      "CLI_MERGE_DONE",
      { files: 1, rows: 1, rubric: "服务型", rubricEn: "Service", output: "a.xlsx" },
      "Merged 1 file, 1 branch row (Service): a.xlsx",
    ],
    [
      "OFFICE_SHEET_PROTECTED",
      { sheets: ["考评表"] },
      'The sheet "考评表" is protected, so the results cannot be written. Unprotect it (Review › Unprotect Sheet) and try again. Nothing was written.',
    ],
    ["COMMAND_MORE_NOTICES", { count: 1 }, "1 more note: see the Rating Pane."],
    [
      "COMMAND_TIMED_OUT",
      { seconds: 60 },
      "Excel did not finish Rate All within 1 minute. The results may not have been written, or only in part; check the sheet, then rate again from the Rating Pane (it has no time limit).",
    ],
  ])("%s speaks of one in the singular", (code, params, expected) => {
    expect(renderBoth({ code, params } as MessageLike).en).toBe(expected);
  });

  test("the command line's flag counts say 1 error, 2 warnings", () => {
    const { en } = renderBoth({
      code: "CLI_REPORT_FLAGS",
      params: {
        bySeverity: [
          { severity: "error", count: 1 },
          { severity: "warning", count: 2 },
        ],
        byKind: [],
      },
    });
    expect(en.startsWith("Flags: 1 error, 2 warnings")).toBe(true);
  });

  test("Chinese punctuates with full-width marks and puts no space after them", () => {
    const bad = entries.filter((e) => halfWidthInChinese(e.zh)).map((e) => `${e.code}: ${e.zh}`);
    expect(bad).toEqual([]);
  });

  test("Chinese prose has no English words for its own terms", () => {
    const leaks = entries
      .filter((e) => ENGLISH_TERMS.test(own(e.zh, e.params)))
      .map((e) => `${e.code}: ${e.zh}`);
    expect(leaks).toEqual([]);
  });

  test("one word for one thing: 方案文件, 内置方案, 您; English says rubric, not scheme", () => {
    const zhOff = entries
      .filter((e) => /规则文件|预设|你们/.test(own(e.zh, e.params)))
      .map((e) => `${e.code}: ${e.zh}`);
    expect(zhOff).toEqual([]);
    const enOff = entries
      .filter((e) => /\bschemes?\b/i.test(own(e.en, e.params)))
      .map((e) => `${e.code}: ${e.en}`);
    expect(enOff).toEqual([]);
  });

  test("a message that carries on after another closes it as a sentence first", () => {
    const { zh, en } = renderBoth({
      code: "OFFICE_PARTIAL_WRITE",
      params: {
        reason: { code: "OFFICE_ERROR", params: { detail: "GeneralException" } },
        written: [],
        maybe: [{ sheet: "考评表", rows: [{ first: 4, last: 9 }] }],
        notWritten: [],
      },
    });
    expect(zh).toContain("Excel 报告错误：GeneralException。写入中途停止");
    expect(en).toContain("Excel reported an error: GeneralException. The write stopped");
    const noTable = renderBoth({
      code: "NO_TABLE_ON_VISIBLE_SHEETS",
      params: { cause: { code: "SETTINGS_PARTIAL" }, sheets: ["说明"] },
    });
    expect(noTable.zh).toContain("已重新识别表格。工作簿中可见的工作表（「说明」）");
  });

  test("a cause that already says so is not closed twice", () => {
    const { zh, en } = renderBoth({
      code: "WORKBOOK_UNREADABLE",
      params: { cause: { code: "DUPLICATE_PARTS", params: { file: "a.xlsx", parts: ["xl/workbook.xml"] } } },
    });
    expect(zh.match(/未写入任何内容/g)).toHaveLength(1);
    expect(zh.endsWith("未写入任何内容。")).toBe(true);
    expect(en.match(/Nothing was written/g)).toHaveLength(1);
  });
});

/**
 * The pane's own texts: every string of its dictionaries, and every text-making function's source
 * (a template literal's quotes are in its source whatever it is called with).
 */
function paneStrings(value: unknown, path: string): { path: string; text: string }[] {
  if (typeof value === "string") return [{ path, text: value }];
  if (typeof value === "function") return [{ path, text: String(value) }];
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => paneStrings(v, `${path}.${k}`));
  return [];
}

/** The in-Excel wordings (src/taskpane/paneText.ts) of the codes it rewords, with the catalogue's examples. */
const IN_EXCEL_CODES = [
  "SHEET_FALLBACK",
  "NO_RUBRIC_MATCH",
  "CARRIED_RUBRIC_USED",
  "NO_TABLE_ON_VISIBLE_SHEETS",
];

function inExcelTexts(lang: "zh" | "en"): { path: string; text: string }[] {
  const all: Record<string, { example?: unknown }> = Object.assign({}, ...Object.values(layers));
  return IN_EXCEL_CODES.map((code) => ({
    path: code,
    text: renderInExcel({ code, params: all[code]?.example } as MessageLike, lang),
  }));
}

describe("the pane speaks in the catalogue's style", () => {
  test.each(["zh", "en"] as const)("the pane's and the page's %s texts have no curly quotes", (lang) => {
    const texts = [
      ...paneStrings(paneMessages[lang], "pane"),
      ...paneStrings(pageTexts[lang], "page"),
      ...inExcelTexts(lang),
    ];
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((t) => /[“”]/.test(t.text)).map((t) => `${t.path}: ${t.text}`)).toEqual([]);
  });

  test("the pane's and the page's Chinese texts use full-width punctuation", () => {
    const texts = [
      ...paneStrings(paneMessages.zh, "pane").filter((t) => !t.text.includes("=>")),
      ...paneStrings(pageTexts.zh, "page").filter((t) => !t.text.includes("=>")),
      ...inExcelTexts("zh"),
    ];
    expect(texts.length).toBeGreaterThan(80);
    expect(texts.filter((t) => halfWidthInChinese(t.text)).map((t) => `${t.path}: ${t.text}`)).toEqual([]);
  });

  test("the pane's and the page's English texts quote a Chinese name or put it in brackets", () => {
    const texts = [
      ...paneStrings(paneMessages.en, "pane").filter((t) => !t.text.includes("=>")),
      ...paneStrings(pageTexts.en, "page").filter((t) => !t.text.includes("=>")),
    ];
    const bare = texts.filter((t) => /[\u4e00-\u9fff]/.test(t.text.replace(/"[^"]*"|\([^)]*\)/g, "")));
    expect(bare.map((t) => `${t.path}: ${t.text}`)).toEqual([]);
  });

  test("the pane's and the page's English count their nouns instead of hedging with (s)", () => {
    const texts = [...paneStrings(paneMessages.en, "pane"), ...paneStrings(pageTexts.en, "page")];
    expect(texts.filter((t) => /[a-z]\((?:e?s)\)/.test(t.text)).map((t) => t.path)).toEqual([]);
    expect(paneMessages.en.flagsCount(1)).toBe("1 item");
  });

  test("Chinese names in the pane are quoted with 「」", () => {
    const quoted = inExcelTexts("zh").filter((t) => /「[^」]+」/.test(t.text));
    expect(quoted.map((t) => t.path)).toEqual(IN_EXCEL_CODES);
    expect(paneMessages.zh.templateDone("评分表 (2)")).toBe("已新建工作表「评分表 (2)」。");
    expect(paneMessages.en.templateDone("Sheet2")).toBe('Created the sheet "Sheet2".');
  });
});
