/**
 * The command line's own options and words (SPEC §9, issue 12): flags in words (codes only in
 * --json), "did you mean" for sheets, headers and scheme ids, --map carried like a pane mapping,
 * the 公示名单 texts as options, rubric JSON mistakes with line and column.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "../../src/cli/args";
import { runOptions } from "../../src/cli/score";
import { comparable, editDistance, nearest } from "../../src/cli/suggest";
import { parseSettings, SETTINGS_SHEET } from "../../src/workbook/settings";
import { XlsxAdapter, openXlsx } from "../../src/xlsx";
import { loadWorkbook } from "../fixtures/snapshot";
import { serviceOrg, writeFixture, type WorkbookFixture } from "../fixtures/workbooks";
import { cli, tempDirForTests } from "../support/cli-run";

const tempDir = tempDirForTests("cli-options-");
const EXAMPLES = path.join(__dirname, "..", "..", "examples");

async function fixtureFile(name: string, fixture: WorkbookFixture = serviceOrg()): Promise<string> {
  const file = path.join(tempDir(), `${name}.xlsx`);
  await writeFixture(fixture, file);
  return file;
}

/** serviceOrg with the header of column `col` (0-based) replaced. */
function withHeader(col: number, header: string): WorkbookFixture {
  const fixture = serviceOrg(4);
  fixture.sheets[0].rows[1] = [...fixture.sheets[0].rows[1]];
  fixture.sheets[0].rows[1][col] = header;
  return fixture;
}

async function carriedSettings(file: string) {
  const snapshot = await new XlsxAdapter(await openXlsx(file)).read({ settingsSheet: SETTINGS_SHEET });
  return parseSettings(snapshot.settingsJson);
}

describe("human output is in words; codes only in --json", () => {
  test("a missing score and a veto are counted by name on stderr, by code in the JSON", async () => {
    const fixture = serviceOrg(4);
    fixture.sheets[0].rows[2][3] = null; // D3: 服务体系 blank
    fixture.sheets[0].rows[3][9] = "是"; // J4: 一票否决
    const input = await fixtureFile("words", fixture);
    const run = await cli(["score", input, "--json", "-o", path.join(tempDir(), "words-out.xlsx")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/标记：错误 \d+ 条.*（.*缺少分数 1 条/);
    expect(run.stderr).toContain("一票否决 1 条");
    expect(run.stderr).toContain("✗ 第 3 行「第1党支部」：D3 缺少服务体系分数");
    // No flag code anywhere in the human report.
    expect(run.stderr).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/);
    expect(run.stderr).not.toMatch(/MISSING_VALUE|VETO\b/);
    const codes = JSON.parse(run.stdout).rows.flatMap((r: { flags: { code: string }[] }) =>
      r.flags.map((f) => f.code),
    );
    expect(codes).toEqual(expect.arrayContaining(["MISSING_VALUE", "VETO"]));
  });

  test("a standard read only in part is counted apart from the rules not checked at all", async () => {
    // The example gives 标准7 and 标准9 only as numbers (one line naming the requirements left
    // out) and has no 自评分 or 申报星级 column (two rules not checked).
    const out = path.join(tempDir(), "parts-out.xlsx");
    const run = await cli(["score", path.join(EXAMPLES, "star-branch.xlsx"), "-o", out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("未检查的规则 2 条");
    expect(run.stderr).toContain("部分要求未检查的规则 1 条");
    const en = await cli([
      "score",
      path.join(EXAMPLES, "star-branch.xlsx"),
      "--lang",
      "en",
      "-o",
      out + "2.xlsx",
    ]);
    expect(en.stderr).toMatch(/rule not checked 2\b/);
    expect(en.stderr).toMatch(/rule checked in part 1\b/);
  });

  test("English counts the same kinds in English", async () => {
    const fixture = serviceOrg(3);
    fixture.sheets[0].rows[2][3] = null;
    const input = await fixtureFile("words-en", fixture);
    const run = await cli(["score", input, "--lang", "en", "-o", path.join(tempDir(), "words-en-out.xlsx")]);
    expect(run.stderr).toMatch(/Flags: 1 errors?.*\(missing score 1/);
    expect(run.stderr).not.toContain("MISSING_VALUE");
  });
});

describe("did you mean", () => {
  test("nearest compares normalised names and ignores what is far", () => {
    expect(comparable("服务机制（20分）")).toBe("服务机制");
    expect(nearest("服务机智", ["服务体系", "服务机制", "服务保障"], (h) => [h])).toBe("服务机制");
    expect(nearest("2026考评", ["考评表", "说明"], (s) => [s])).toBe("考评表");
    expect(nearest("service_org", ["service-org", "star-branch"], (s) => [s])).toBe("service-org");
    expect(nearest("汇总", ["考评表", "说明"], (s) => [s])).toBeUndefined();
    // Two neighbours swapped are one slip, not two: the command typed as socre is score.
    expect(editDistance("socre", "score")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(nearest("socre", ["score", "template", "presets", "rubric", "merge"], (c) => [c])).toBe("score");
  });

  test("a --sheet that does not exist lists the sheets and the nearest", async () => {
    const fixture = serviceOrg(3);
    fixture.sheets[0].name = "考评表";
    fixture.sheets.push({ name: "说明", rows: [["填表说明"]] });
    const input = await fixtureFile("sheets", fixture);
    const out = path.join(tempDir(), "sheets-out.xlsx");
    const run = await cli(["score", input, "--sheet", "2026考评", "-o", out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      "没有工作表「2026考评」；现有：考评表、说明。是否指「考评表」？未写入任何内容。",
    );
    // Said once.
    expect(run.stderr.match(/未写入任何内容/g)).toHaveLength(1);
  });

  test("a header one character off is named with the field it probably is", async () => {
    const input = await fixtureFile("typo-header", withHeader(5, "服务机智"));
    const run = await cli([
      "score",
      input,
      "--rubric",
      "service-org",
      "-o",
      path.join(tempDir(), "typo-out.xlsx"),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("表头「服务机智」是否指「服务机制」？");
    expect(run.stderr).toContain("--map 服务机制=");
  });

  test("a scheme id with the wrong separator names the preset it means", async () => {
    const run = await cli(["rubric", "--rubric", "service_org"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("是否指 service-org（五星级服务型党组织");
  });

  test("an unknown --map field lists the rubric's fields and the nearest; nothing is written", async () => {
    const input = await fixtureFile("map-typo");
    const out = path.join(tempDir(), "map-typo-out.xlsx");
    const run = await cli(["score", input, "--map", "服务机智=F", "-o", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--map 中的「服务机智」不是方案");
    expect(run.stderr).toContain("是否指「服务机制」？");
    expect(run.stderr).toContain("服务体系、服务队伍");
    expect(existsSync(out)).toBe(false);
  });
});

describe("--map", () => {
  test("parses field=column, upper-cases the letter, refuses what is not a column", () => {
    expect(parseArgs(["score", "a.xlsx", "--map", "服务机制=f", "--map=service4=G"]).map).toEqual([
      { field: "服务机制", column: "F" },
      { field: "service4", column: "G" },
    ]);
    expect(() => parseArgs(["score", "a.xlsx", "--map", "服务机制"])).toThrow(/字段=列/);
    expect(() => parseArgs(["score", "a.xlsx", "--map", "服务机制=6"])).toThrow(/不是列字母/);
    expect(() => parseArgs(["score", "a.xlsx", "--map", "服务机制=XFE"])).toThrow(/不是列字母/);
    expect(() => parseArgs(["score", "a.xlsx", "--map", "a=B", "--map", "a=C"])).toThrow(/两次/);
  });

  test("maps a column detection cannot find, by label, and the next run without --map keeps it", async () => {
    const input = await fixtureFile("map", withHeader(5, "机制建设"));
    const refused = await cli([
      "score",
      input,
      "--rubric",
      "service-org",
      "-o",
      path.join(tempDir(), "map-no.xlsx"),
    ]);
    expect(refused.code).toBe(3);
    const out = path.join(tempDir(), "map-out.xlsx");
    const run = await cli([
      "score",
      input,
      "--rubric",
      "service-org",
      "--map",
      "服务机制=F",
      "--json",
      "-o",
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("F 服务机制 ← 机制建设");
    const settings = await carriedSettings(out);
    const mechanism = Object.entries(settings.mapping?.columns ?? {}).find(([, letter]) => letter === "F");
    expect(mechanism).toBeDefined();
    // A second run on the scored file, without --map, uses the carried mapping.
    const again = await cli(["score", out, "--json", "-o", path.join(tempDir(), "map-again.xlsx")]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("F 服务机制 ← 机制建设");
    expect(JSON.parse(again.stdout).rows).toEqual(JSON.parse(run.stdout).rows);
  });
});

describe("公示名单 options", () => {
  test("dates are checked and written as ISO; the period must not end before it starts", () => {
    const options = parseArgs([
      "score",
      "a.xlsx",
      "--notice-title",
      "关于2026年度星级党支部评定结果的公示",
      "--notice-from",
      "2026/12/3",
      "--notice-to",
      "2026年12月9日",
      "--notice-phone",
      "010-12345678",
      "--notice-contact",
      "王老师",
      "--notice-issuer",
      "中共XX机关委员会",
      "--notice-date",
      "2026-12-03",
    ]);
    expect(options.notice).toEqual({
      title: "关于2026年度星级党支部评定结果的公示",
      periodStart: "2026-12-03",
      periodEnd: "2026-12-09",
      phone: "010-12345678",
      contact: "王老师",
      issuer: "中共XX机关委员会",
      date: "2026-12-03",
    });
    expect(() => parseArgs(["score", "a.xlsx", "--notice-from", "2026-02-30"])).toThrow(/应为日期/);
    expect(() => parseArgs(["score", "a.xlsx", "--notice-to", "明天"])).toThrow(/应为日期/);
    expect(() =>
      parseArgs(["score", "a.xlsx", "--notice-from", "2026-12-09", "--notice-to", "2026-12-03"]),
    ).toThrow(/早于开始日期/);
    expect(() => parseArgs(["template", "-o", "t.xlsx", "--notice-title", "x"])).toThrow(/不接受/);
    // Several workbooks given to score: merge is what takes several.
    expect(() => parseArgs(["score", "a.xlsx", "b.xlsx"])).toThrow(
      "多余的参数：b.xlsx（score 一次评定一个文件；要把几个文件汇总成一张表，请用 merge）",
    );
    expect(() => parseArgs(["score", "a.xlsx", "extra"])).toThrow(/^多余的参数：extra$/);
  });

  test("the texts are the run's notice texts, beside its mapping and sheet", () => {
    const options = parseArgs([
      "score",
      "a.xlsx",
      "--sheet",
      "考评表",
      "--map",
      "服务机制=F",
      "--notice-phone",
      "010-12345678",
      "--notice-from",
      "2026-12-03",
    ]);
    expect(runOptions(options)).toEqual({
      sheet: "考评表",
      mapping: { 服务机制: "F" },
      notice: { phone: "010-12345678", periodStart: "2026-12-03" },
    });
    expect(runOptions(parseArgs(["score", "a.xlsx"]))).toEqual({});
  });

  test("the texts reach the workbook's settings and the 公示名单, and a later run keeps them", async () => {
    const input = await fixtureFile("notice");
    const out = path.join(tempDir(), "notice-out.xlsx");
    const run = await cli([
      "score",
      input,
      "--notice-phone",
      "010-12345678",
      "--notice-contact",
      "王老师",
      "--notice-from",
      "2026-12-03",
      "-o",
      out,
    ]);
    expect(run.code).toBe(0);
    const expected = { phone: "010-12345678", contact: "王老师", periodStart: "2026-12-03" };
    expect((await carriedSettings(out)).notice).toMatchObject(expected);
    const sheet = (await loadWorkbook(out)).getWorksheet("公示名单");
    const texts: string[] = [];
    sheet?.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts.join("\n")).toContain("010-12345678");
    const again = path.join(tempDir(), "notice-again.xlsx");
    expect((await cli(["score", out, "-o", again])).code).toBe(0);
    expect((await carriedSettings(again)).notice).toMatchObject(expected);
  });
});

describe("rubric JSON mistakes", () => {
  test("are reported with line and column, not a character position", async () => {
    const file = path.join(tempDir(), "broken.json");
    writeFileSync(file, '{\n  "id": "mine",\n  "name": "我的方案\n}\n');
    const run = await cli(["rubric", "--rubric", file]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/不是有效的 JSON：第 3 行第 \d+ 列/);
    expect(run.stderr).not.toMatch(/position/);
    const en = await cli(["rubric", "--rubric", file, "--lang", "en"]);
    expect(en.stderr).toMatch(/line 3, column \d+/);
  });
});
