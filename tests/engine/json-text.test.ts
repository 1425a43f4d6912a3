import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { MAX_JSON_DEPTH, jsonProblemMessage, parseJsonText } from "../../src/engine";
import { getPreset } from "../../src/engine";
import { render } from "../../src/messages";
import { runCli, type CliIo } from "../../src/cli/run";
import { parseRubricText } from "../../src/taskpane/officeServices";

function problemText(text: string, lang: "zh" | "en" = "zh"): string {
  const result = parseJsonText(text);
  if (result.ok) throw new Error("parsed");
  return render(jsonProblemMessage(result.problem), lang);
}

describe("parseJsonText: where and why a rubric is not JSON", () => {
  test.each([
    ['{\n  "id": "x",\n  "name": "abc\n}', "第 3 行第 15 列：文字中有换行或制表符"],
    ['{\n  "id": "x",\n  "name": "abc', "第 3 行第 11 列：此处开始的文字缺少结尾的双引号"],
    ['{\n  "a": 1,\n}', "第 3 行第 1 列：此处不应出现该字符（「}」）"],
    ['{"a": 1 "b": 2}', '第 1 行第 9 列：此处不应出现该字符（「"」）'],
    ['{"a": tru}', "第 1 行第 7 列：此处不应出现该字符（「t」）"],
    ["{\"a\": 'b'}", "第 1 行第 7 列：此处不应出现该字符（「'」）"],
    ['{"a": [1, 2', "第 1 行第 12 列：内容在此处意外结束"],
    ['{"a": 1}}', "第 1 行第 9 列：JSON 已结束，后面还有多余内容"],
    ['{"a": "\\q"}', "第 1 行第 8 列：无效的转义"],
    ['{"a": -}', "第 1 行第 7 列：数字写法不对"],
    ["", "第 1 行第 1 列：内容在此处意外结束"],
  ])("%j → %s", (text, expected) => {
    expect(problemText(text)).toContain(expected);
  });

  test("English says line and column too, never JSON.parse's position", () => {
    const text = problemText('{\n  "name": "abc', "en");
    expect(text).toBe("line 2, column 11: the string starting here has no closing double quote");
  });

  test("nesting deeper than the limit is refused with its place and the reason", () => {
    const deep = "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1);
    expect(problemText(deep)).toBe(
      `第 1 行第 ${MAX_JSON_DEPTH + 1} 列：嵌套超过 ${MAX_JSON_DEPTH} 层（{ 或 [ 套得太深），评定方案不需要这么深，不予读取`,
    );
    const atLimit = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);
    expect(parseJsonText(atLimit).ok).toBe(true);
  });

  test("a byte-order mark (Notepad) is ignored", () => {
    expect(parseJsonText('\ufeff{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  test("whatever JSON.stringify writes parses to the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value, null, 2);
        expect(parseJsonText(text)).toEqual({ ok: true, value: JSON.parse(text) });
      }),
    );
  });

  test("whatever JSON.parse refuses, it refuses too (and the other way round)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'{}[],:"\\ 0123456789-.eEtrufalsn\n') }), (text) => {
        let native = true;
        try {
          JSON.parse(text.replace(/^\ufeff/, ""));
        } catch {
          native = false;
        }
        expect(parseJsonText(text).ok).toBe(native);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("rubric text in the pane", () => {
  test("a JSON mistake is given by line and column", () => {
    const result = parseRubricText('{\n  "id": "x",\n  "name": "abc');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0].message).toBe("文件格式有误：第 3 行第 11 列：此处开始的文字缺少结尾的双引号");
      expect(result.errors[0].messageEn).not.toMatch(/position/);
    }
  });
});

test("1e400 (Infinity once parsed) is named as out of range, not 'a number, not a number'", () => {
  const text = JSON.stringify(getPreset("service-org")).replace('"min":95', '"min":1e400');
  expect(text).toContain("1e400");
  const result = parseRubricText(text);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.errors.map((e) => e.message)).toContain(
      "tiers.bands[0].min 的数字超出范围（如 1e400），请写一个普通的有限数字",
    );
    expect(result.errors.map((e) => e.messageEn).join("\n")).not.toContain("not a number");
  }
});

describe("--rubric with a file that is not JSON", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "json-text-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function rubricRun(name: string, text: string, lang: "zh" | "en" = "zh") {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    let stderr = "";
    const io: CliIo = {
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      env: {},
      stderrIsTty: false,
    };
    return { code: await runCli(["rubric", "--rubric", file, "--lang", lang], io), stderr };
  }

  test("a syntax mistake: exit 3 with line and column, not a position", async () => {
    const run = await rubricRun(
      "bad.json",
      JSON.stringify(getPreset("star-branch"), null, 2).replace(/"version": "[^"]*"/, '"version": "1.0'),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/不是有效的 JSON：第 \d+ 行第 \d+ 列：文字中有换行或制表符/);
    expect(run.stderr).not.toContain("position");
  });

  test("deep nesting: exit 3 with the reason, not 'rubric could not be read'", async () => {
    const when = '{"not":'.repeat(5000) + '{"field":"a","op":">=","value":1}' + "}".repeat(5000);
    const run = await rubricRun(
      "deep.json",
      `{"id":"x","rules":[{"code":"A","kind":"gate","when":${when}}]}`,
      "en",
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`nested more than ${MAX_JSON_DEPTH} levels deep`);
  });
});
