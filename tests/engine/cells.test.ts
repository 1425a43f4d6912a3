import fc from "fast-check";
import {
  cleanText,
  parseCount,
  parsePercent,
  parseScore,
  parseStars,
  parseText,
  parseYesNo,
  toHalfWidth,
} from "../../src/engine";
import type { Parsed, RawCell } from "../../src/engine/types";
import { render } from "../../src/messages";

const value = <T>(v: T): Parsed<T> => ({ kind: "value", value: v });
const missing = { kind: "missing" };

describe("parseScore", () => {
  it.each<[unknown, number]>([
    [18, 18],
    [18.5, 18.5],
    ["18", 18],
    [" 18 ", 18],
    ["18分", 18],
    ["18.5 分", 18.5],
    ["１８．５", 18.5],
    ["１８分", 18],
    ["\u300018\u3000", 18],
    [0, 0],
    [-1, -1],
    ["+3", 3],
    [".5", 0.5],
    ["19\u200b", 19],
    ["\u200b18.5\u200d分", 18.5],
    // A formula's result as Excel stores it is read as Excel shows it (15 significant digits).
    [20.000000000000004, 20],
    [0.1 + 0.2, 0.3],
    [94.995, 94.995],
    [59.99, 59.99],
  ])("%p → %p", (raw, n) => {
    expect(parseScore(raw)).toEqual(value(n));
  });

  it.each([null, undefined, "", "   ", "—", "-", "/", "——", "－", "／", "\u3000"])("%p is missing", (raw) => {
    expect(parseScore(raw)).toEqual(missing);
  });

  it.each<[unknown, string]>([
    ["十八", "「十八」不是有效的分数"],
    [{ error: "#N/A" }, "单元格为错误值#N/A"],
    [{ error: "#DIV/0!" }, "单元格为错误值#DIV/0!"],
    [new Date(2026, 0, 1), "日期不是分数"],
    [NaN, "NaN不是有效的分数"],
    [Infinity, "Infinity不是有效的分数"],
    [true, "true不是有效的分数"],
    ["0x12", "「0x12」不是有效的分数"],
    ["1e3", "「1e3」不是有效的分数"],
    ["18..5", "「18..5」不是有效的分数"],
    [[18], "[…]不是有效的分数"],
  ])("%p is invalid: %s", (raw, reason) => {
    const p = parseScore(raw);
    expect(p.kind).toBe("invalid");
    if (p.kind === "invalid") {
      expect(render(p.reason, "zh")).toBe(reason);
      expect(render(p.reason, "en").length).toBeGreaterThan(5);
    }
  });
});

describe("parsePercent", () => {
  it.each<[unknown, number]>([
    [0.96, 0.96],
    ["96%", 0.96],
    ["96", 0.96],
    [96, 0.96],
    ["0.96", 0.96],
    ["９６％", 0.96],
    ["95 %", 0.95],
    [1, 1],
    [100, 1],
    ["100%", 1],
    [0, 0],
    ["0.5%", 0.005],
    [94.9, 0.949],
  ])("%p → %p", (raw, n) => {
    const p = parsePercent(raw);
    expect(p.kind).toBe("value");
    if (p.kind === "value") expect(p.value).toBeCloseTo(n, 12);
  });

  it("95% and 0.95 are the same number as the 0.95 threshold", () => {
    expect(parsePercent("95%")).toEqual(value(0.95));
    expect(parsePercent(95)).toEqual(value(0.95));
    // =0.18+0.69+0.08 stores 0.9499999999999998, which Excel shows as 95%.
    expect(parsePercent(0.18 + 0.69 + 0.08)).toEqual(value(0.95));
    expect(parsePercent(0.9499)).toEqual(value(0.9499));
  });

  it.each([101, "120%", -0.1, "很好", NaN, { error: "#VALUE!" }])("%p is invalid", (raw) => {
    expect(parsePercent(raw).kind).toBe("invalid");
  });

  it("explains an out-of-range percentage", () => {
    const p = parsePercent("120%");
    expect(p.kind === "invalid" && render(p.reason, "zh")).toBe("「120%」不在0%–100%之间");
  });
});

describe("parseYesNo", () => {
  it.each<[unknown, boolean]>([
    ["是", true],
    ["否", false],
    ["√", true],
    ["×", false],
    ["✓", true],
    ["✗", false],
    ["有", true],
    ["无", false],
    ["达标", true],
    ["未达标", false],
    ["Y", true],
    ["n", false],
    ["yes", true],
    ["No", false],
    ["TRUE", true],
    ["false", false],
    ["1", true],
    ["0", false],
    [1, true],
    [0, false],
    [true, true],
    [false, false],
    [" 是 ", true],
  ])("%p → %p", (raw, b) => {
    expect(parseYesNo(raw)).toEqual(value(b));
  });

  it.each([2, "可能", 0.5, new Date(), { error: "#N/A" }])("%p is invalid", (raw) => {
    expect(parseYesNo(raw).kind).toBe("invalid");
  });

  it("blank is missing", () => {
    expect(parseYesNo("")).toEqual(missing);
    expect(parseYesNo("—")).toEqual(missing);
  });
});

describe("parseStars", () => {
  it.each<[unknown, number]>([
    [5, 5],
    ["五星级", 5],
    ["五星", 5],
    ["★★★★★", 5],
    ["5星", 5],
    ["★★★☆☆", 3],
    ["三星级", 3],
    ["两星", 2],
    ["二星级", 2],
    ["一星", 1],
    ["无星", 0],
    ["未评星", 0],
    [0, 0],
    ["4", 4],
    ["五星级党支部", 5],
  ])("%p → %p", (raw, n) => {
    expect(parseStars(raw)).toEqual(value(n));
  });

  it.each([6, 2.5, -1, "六星", "很好", true])("%p is invalid", (raw) => {
    expect(parseStars(raw).kind).toBe("invalid");
  });
});

describe("parseText", () => {
  it("trims, half-widths, and keeps numbers as written", () => {
    expect(parseText("  第一党支部 ")).toEqual(value("第一党支部"));
    expect(parseText("ＡＢＣ")).toEqual(value("ABC"));
    expect(parseText(12)).toEqual(value("12"));
    expect(parseText("")).toEqual(missing);
    expect(parseText("/")).toEqual(missing);
    expect(parseText({ error: "#REF!" }).kind).toBe("invalid");
  });
});

describe("never throws", () => {
  const weird: unknown[] = [
    Symbol("s"),
    () => 1,
    10n,
    [1, [2, [3]]],
    { a: 1 },
    Object.create(null),
    new Date(NaN),
    new Map(),
    { error: 5 },
    new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    ),
  ];
  it.each(weird.map((w, i) => [i, w]))("input #%p", (_i, raw) => {
    for (const parse of [parseScore, parsePercent, parseYesNo, parseStars, parseText]) {
      expect(() => parse(raw)).not.toThrow();
    }
  });
});

describe("numeric text is read to the same double as Number()", () => {
  it("for any plain decimal up to 18 digits", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[+-]?\d{1,12}(\.\d{0,6})?$/),
        fc.constantFrom("", "分", " 分", "%"),
        (text, suffix) => {
          const expected = Number(text);
          if (suffix === "%") {
            const p = parsePercent(text + suffix);
            if (expected >= 0 && expected <= 100) expect(p).toEqual({ kind: "value", value: expected / 100 });
            else expect(p.kind).toBe("invalid");
          } else {
            expect(parseScore(text + suffix)).toEqual({ kind: "value", value: expected });
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("cleanText", () => {
  it("equals half-width conversion, zero-width characters left out, then trim, for any string", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "grapheme" }),
          fc.constantFrom(
            " 18 ",
            "\u3000是\u3000",
            "１８．５",
            "\u00a0x",
            "x\u2028",
            "\ufeffy",
            "\u0001z",
            "1\u200b9",
          ),
        ),
        (s) => {
          expect(cleanText(s)).toBe(
            toHalfWidth(s)
              .replace(/[\u200b-\u200d\u2060]/g, "")
              .trim(),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("parseCount (文体活动次数)", () => {
  it.each<[RawCell, number]>([
    [0, 0],
    [3, 3],
    ["〇次", 0],
    ["九次", 9],
    ["十一次", 11],
    ["九十九次", 99],
    [" 2次 ", 2],
  ])("%p → %p", (raw, n) => {
    expect(parseCount(raw)).toEqual({ kind: "value", value: n });
  });

  it.each<RawCell>(["十零次", "零十次", "次", "二二次", "是", false, 1.5])("%p is refused", (raw) => {
    expect(parseCount(raw).kind).toBe("invalid");
  });

  it.each<RawCell>(["", "—", null])("%p is blank", (raw) => {
    expect(parseCount(raw)).toEqual({ kind: "missing" });
  });
});
