import {
  AppError,
  isMessageCode,
  layers,
  msg,
  render,
  renderBoth,
  type MessageLike,
} from "../../src/messages";
import { defineMessages, type Renderer } from "../../src/messages/core";

const HAN = /[\u4e00-\u9fff]/;

/** Every string inside a parameter value (a sheet name in Chinese may rightly appear in English text). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

const entries = Object.entries(layers).flatMap(([layer, table]) =>
  Object.entries(table).map(([code, def]) => ({
    layer,
    code,
    def: def as { example?: unknown; zh: unknown },
  })),
);

describe("the message catalogue", () => {
  test("no code is defined by two layers", () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const { layer, code } of entries) {
      const other = seen.get(code);
      if (other) clashes.push(`${code}: ${other} and ${layer}`);
      seen.set(code, layer);
    }
    expect(clashes).toEqual([]);
  });

  test.each(entries.map((e) => [e.code, e] as const))(
    "%s renders in Chinese and in English with its example parameters",
    (_code, { code, def }) => {
      // A template that reads its parameters needs an example to be tested with.
      const takesParams = typeof def.zh === "function" && def.zh.length > 0;
      if (takesParams) expect(def.example).toBeDefined();
      const message: MessageLike = { code, params: def.example };
      const { zh, en } = renderBoth(message);
      expect(zh).toMatch(HAN);
      expect(en.trim()).not.toBe("");
      // English text carries no Chinese of its own: only what the parameters brought in.
      let rest = en;
      for (const s of strings(def.example)) rest = rest.split(s).join("");
      expect(rest).not.toMatch(HAN);
      expect(zh).not.toContain("undefined");
      expect(en).not.toContain("undefined");
    },
  );

  test("a message renders its parameters in the chosen language", () => {
    const m = msg("NO_SHEET", { sheet: "汇总", sheets: ["评分表", "说明"] });
    expect(render(m, "zh")).toBe("找不到工作表「汇总」（现有：评分表、说明）");
    expect(render(m, "en")).toBe('No sheet named "汇总" (sheets: 评分表, 说明)');
  });

  test("a message that is a parameter of another renders in the outer message's language", () => {
    const nested = defineMessages({
      OUTER: {
        zh: (p: { cause: MessageLike }, r: Renderer) => `外层：${r(p.cause)}`,
        en: (p, r) => `outer: ${r(p.cause)}`,
      },
    });
    const cause = msg("FILE_NOT_FOUND", { file: "a.xlsx" });
    expect(nested.OUTER.zh({ cause }, (m) => render(m, "zh"))).toBe("外层：找不到文件：a.xlsx");
    expect(nested.OUTER.en({ cause }, (m) => render(m, "en"))).toBe("outer: File not found: a.xlsx");
  });

  test("a code unknown to the catalogue (a stale saved value) shows as the code", () => {
    expect(isMessageCode("NO_SUCH_CODE")).toBe(false);
    expect(render({ code: "NO_SUCH_CODE" }, "en")).toBe("NO_SUCH_CODE");
  });

  test("the compiler checks a code's parameters", () => {
    // @ts-expect-error NO_SHEET needs {sheet, sheets}
    msg("NO_SHEET", { file: "x" });
    // @ts-expect-error EMPTY_WORKBOOK takes no parameters
    msg("EMPTY_WORKBOOK", { file: "x" });
    // @ts-expect-error not a code
    msg("NO_SUCH_CODE");
    defineMessages({
      MISMATCH: {
        zh: (p: { cell: string }) => `${p.cell} 缺少分数`,
        // @ts-expect-error English takes the parameters Chinese declares: {cell}, not {row}
        en: (p: { row: number }) => `row ${p.row} has no score`,
      },
    });
    expect(msg("EMPTY_WORKBOOK")).toEqual({ code: "EMPTY_WORKBOOK", params: undefined });
  });
});

describe("AppError", () => {
  test("carries the message, its code and an exit category; its message is the Chinese text", () => {
    const error = new AppError(msg("FILE_NOT_FOUND", { file: "a.xlsx" }));
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("FILE_NOT_FOUND");
    expect(error.category).toBe("input");
    expect(error.message).toBe("找不到文件：a.xlsx");
    expect(error.text("en")).toBe("File not found: a.xlsx");
  });

  test("keeps the cause it was given", () => {
    const cause = new Error("EACCES");
    const error = new AppError(msg("WRITE_FAILED", { file: "o.xlsx", detail: "EACCES" }), { cause });
    expect(error.cause).toBe(cause);
  });
});
