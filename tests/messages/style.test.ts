/**
 * One style across the catalogue (issue 12): Chinese quotes a name with 「」, never “”; a message
 * that says nothing was written says it with one phrase (未写入任何内容。 / Nothing was written.)
 * and declares it, so the command line and the pane never say it twice.
 */
import { layers, renderBoth, type MessageLike } from "../../src/messages";

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
