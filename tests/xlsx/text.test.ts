import { encodeExcelText, escapeCellText, isWhiteSpace, needsSpacePreserved } from "../../src/xlsx/text";

const SAMPLES = [
  "",
  "五星级",
  "=SUM(A1)",
  " 前导空格",
  "结尾空格 ",
  "\u3000全角空格",
  "全角空格\u3000",
  "\u00a0",
  "a\nb",
  "a\tb",
  "a\rb",
  "R&D <tag> 1>0",
  "_x0041_",
  "_x005F_x0041_ & <",
  "\u0001控制",
  "\ufffe",
  "中间 空格",
];

describe("cell text", () => {
  test("isWhiteSpace is a regular expression's \\s for every UTF-16 code unit", () => {
    const differ: number[] = [];
    for (let code = 0; code <= 0xffff; code++)
      if (isWhiteSpace(code) !== /\s/.test(String.fromCharCode(code))) differ.push(code);
    expect(differ).toEqual([]);
  });

  test.each(SAMPLES)("needsSpacePreserved(%j) is the /^\\s|\\s$|\\n|\\t/ test", (text) => {
    expect(needsSpacePreserved(text)).toBe(/^\s|\s$|\n|\t/.test(text));
  });

  test.each(SAMPLES)("escapeCellText(%j) is Excel's escapes, then XML's", (text) => {
    const xml = encodeExcelText(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    expect(escapeCellText(text)).toBe(xml);
  });

  test("escapeCellText escapes a literal Excel escape and XML's characters", () => {
    expect(escapeCellText("_x0041_ & <b>")).toBe("_x005F_x0041_ &amp; &lt;b&gt;");
    expect(escapeCellText("五星级")).toBe("五星级");
  });
});
