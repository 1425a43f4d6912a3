import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli, type CliIo } from "../../src/cli/run";
import { loadWorkbook } from "../fixtures/snapshot";
import { awkwardRows, busyWorkbook, serviceOrg, writeFixture } from "../fixtures/workbooks";
import { testWithTool } from "../support/tools";
import { packageXmlErrors } from "../support/well-formed";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { SOURCE_DATE_EPOCH: "1767225600", ...env },
    stderrIsTty: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

function bytes(file: string): string {
  return readFileSync(file).toString("base64");
}

async function fixtureFile(name: string, fixture = serviceOrg()): Promise<string> {
  const file = path.join(dir, `${name}.xlsx`);
  await writeFixture(fixture, file);
  return file;
}

/** The sheets of a one-sheet workbook once scored: its own, the three owned ones, the settings. */
const SHEETS_AFTER_A_RUN = ["评分表", "评定汇总", "评定核查", "公示名单", "_星级评定"];

describe("score", () => {
  test("writes <in>（评定结果）.xlsx beside the input, leaves the input untouched, reports on stderr", async () => {
    const input = await fixtureFile("plain");
    const before = bytes(input);
    const run = await cli(["score", input]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    const output = path.join(dir, "plain（评定结果）.xlsx");
    expect(existsSync(output)).toBe(true);
    expect(bytes(input)).toBe(before);
    expect(run.stderr).toContain("工作表「评分表」，表头在第 2 行，共 8 个支部行");
    expect(run.stderr).toContain("列：B 党支部名称");
    expect(run.stderr).toMatch(/已评定 8 个支部/);
    expect(run.stderr).toContain(`已写出：${output}`);
    // 评定汇总 is complete in .xlsx (its distribution is a text bar): nothing to say is missing.
    expect(run.stderr).not.toMatch(/图表|chart/i);
    const workbook = await loadWorkbook(output);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(SHEETS_AFTER_A_RUN);
    expect(run.stderr).toContain("（评定列、「评定汇总」、「评定核查」、「公示名单」表、设置）");
  });

  test("--lang en and LANG=en give English", async () => {
    const input = await fixtureFile("english");
    const run = await cli(["score", input, "-o", path.join(dir, "english-out.xlsx"), "--lang", "en"]);
    expect(run.stderr).toContain('Sheet "评分表", header row 2, 8 branch rows');
    expect(run.stderr).toMatch(/Rated 8 branches/);
    const viaEnv = await cli(["score", input], { LANG: "en_US.UTF-8" });
    expect(viaEnv.stderr).toMatch(/Rated 8 branches/);
    // In English the default output keeps the name earlier versions wrote.
    expect(existsSync(path.join(dir, "english.scored.xlsx"))).toBe(true);
  });

  test.each([
    ["en", "en"],
    ["en", "zh"],
    ["zh", "en"],
  ])(
    "scored with --lang %s, its output scored again with --lang %s: every sheet rebuilt in place",
    async (a, b) => {
      const input = await fixtureFile(`again-${a}-${b}`);
      const first = path.join(dir, `again-${a}-${b}-1.xlsx`);
      const second = path.join(dir, `again-${a}-${b}-2.xlsx`);
      expect(
        (await cli(["score", input, "-o", first, "--lang", a, "--notice-title", "星级党支部名单"])).code,
      ).toBe(0);
      const again = await cli(["score", first, "-o", second, "--lang", b]);
      expect(again.code).toBe(0);
      expect(again.stderr).not.toContain("(2)");
      const workbook = await loadWorkbook(second);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(SHEETS_AFTER_A_RUN);
    },
  );

  test("--json prints exactly the SPEC §9 document", async () => {
    const input = await fixtureFile("json", awkwardRows());
    const run = await cli(["score", input, "--json", "-o", path.join(dir, "json-out.xlsx")]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(["rubric", "sheet", "headerRow", "rows", "summary", "tableFlags"]);
    expect(doc.rubric).toEqual({ id: "service-org", version: expect.any(String) });
    expect(doc.sheet).toBe("评分表");
    expect(doc.headerRow).toBe(1);
    expect(doc.rows[0]).toEqual({
      row: 2,
      name: "第一党支部",
      total: 95.5,
      stars: 5,
      tier: "五星级",
      eligibility: expect.any(String),
      flags: expect.any(Array),
    });
    for (const row of doc.rows) {
      expect(Object.keys(row)).toEqual(["row", "name", "total", "stars", "tier", "eligibility", "flags"]);
      for (const f of row.flags) expect(Object.keys(f)).toEqual(["code", "severity", "message", "cell"]);
    }
    const dup = doc.rows[0].flags.find((f: { code: string }) => f.code === "DUPLICATE_NAME");
    expect(dup).toMatchObject({ severity: "warning", cell: "B2" });
    expect(Object.keys(doc.summary)).toEqual(["rated", "notRated", "distribution"]);
    expect(doc.summary.rated + doc.summary.notRated).toBe(doc.rows.length);
    expect(doc.summary.distribution[0]).toEqual({ stars: 5, label: "五星级", count: 7 });
    for (const f of doc.tableFlags) expect(Object.keys(f)).toEqual(["code", "severity", "message"]);
  });

  test("not rated rows have null total and stars in --json", async () => {
    const fixture = serviceOrg(3);
    fixture.sheets[0].rows[3][3] = "缺考";
    const input = await fixtureFile("not-rated", fixture);
    const doc = JSON.parse((await cli(["score", input, "--json", "-o", path.join(dir, "nr.xlsx")])).stdout);
    expect(doc.rows[1]).toMatchObject({ row: 4, total: null, stars: null, tier: "未评定" });
    expect(doc.summary.notRated).toBe(1);
  });

  test("--json prints an error document when the run stops, with the exit code and the message's code", async () => {
    const noTable = await fixtureFile("json-no-table", {
      title: "x",
      sheets: [{ name: "表", rows: [["今天开会"], ["明天放假"]] }],
    });
    const out = path.join(dir, "json-fail.xlsx");
    const refused = await cli(["score", noTable, "--json", "-o", out]);
    expect(refused.code).toBe(3);
    const doc = JSON.parse(refused.stdout);
    expect(Object.keys(doc)).toEqual(["error"]);
    expect(doc.error).toEqual({ exit: 3, code: "NO_TABLE", message: expect.stringContaining("表") });
    // The human text still goes to stderr, and nothing is written.
    expect(refused.stderr).toContain("无法评定");
    expect(existsSync(out)).toBe(false);
    const usage = await cli(["score", noTable, "--json", "--bogus", "--lang", "en"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error).toMatchObject({
      exit: 2,
      message: expect.stringContaining("--bogus"),
    });
    // Without --json, stdout stays empty; a "--json" after "--" is a file name, not the option.
    expect((await cli(["score", noTable, "-o", out])).stdout).toBe("");
    expect((await cli(["merge", "-o", out, "--", "--json"])).stdout).toBe("");
  });

  test("formulas without a cached result are named, since they read as blank", async () => {
    const fixture = serviceOrg(3);
    fixture.sheets[0].rows[2][3] = { formula: "10+9", result: undefined };
    const input = await fixtureFile("uncached", fixture);
    const run = await cli(["score", input, "--json", "-o", path.join(dir, "uncached-out.xlsx")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("注意：评定用到的列中有 1 个公式单元格没有保存计算结果（D3）");
    expect(JSON.parse(run.stdout).rows[0]).toMatchObject({ row: 3, total: null, tier: "未评定" });
  });

  test("--in-place rewrites the input; -o writes elsewhere; --sheet picks the sheet", async () => {
    const input = await fixtureFile("inplace", busyWorkbook());
    const run = await cli(["score", input, "--in-place", "--sheet", "评分表"]);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, "inplace（评定结果）.xlsx"))).toBe(false);
    const names = (await loadWorkbook(input)).worksheets.map((w) => w.name);
    expect(names).toContain("评定汇总 (2)");
  });

  test("--rubric with a preset id and with a JSON file", async () => {
    const input = await fixtureFile("rubric-file");
    const rubricJson = (await cli(["rubric", "--rubric", "service-org"])).stdout;
    const edited = JSON.parse(rubricJson);
    edited.id = "my-office";
    const file = path.join(dir, "my-office.json");
    writeFileSync(file, JSON.stringify(edited));
    const run = await cli(["score", input, "--rubric", file, "--json", "-o", path.join(dir, "rf.xlsx")]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).rubric.id).toBe("my-office");
    const preset = await cli(["score", input, "--rubric", "service-org", "-o", path.join(dir, "rp.xlsx")]);
    expect(preset.code).toBe(0);
  });

  test("a second score of the output is byte-identical", async () => {
    const input = await fixtureFile("twice", busyWorkbook());
    const first = path.join(dir, "twice-1.xlsx");
    const second = path.join(dir, "twice-2.xlsx");
    expect((await cli(["score", input, "-o", first])).code).toBe(0);
    expect((await cli(["score", first, "-o", second])).code).toBe(0);
    expect(bytes(second)).toBe(bytes(first));
  });
});

describe("progress", () => {
  test("a progress line only when stderr is a terminal and the table is large", async () => {
    const input = await fixtureFile("progress", serviceOrg(30));
    const lines: string[] = [];
    const io = (tty: boolean, progressRows: number): CliIo => ({
      stdout: () => undefined,
      stderr: () => undefined,
      env: {},
      stderrIsTty: tty,
      progressRows,
      progress: (t) => lines.push(t),
    });
    await runCli(["score", input, "-o", path.join(dir, "progress-out.xlsx")], io(true, 20));
    // The table's size is known once it is read: the lines start with the next stage.
    expect(lines).toEqual(expect.arrayContaining(["评定… 20%", "写入… 100%", ""]));
    lines.length = 0;
    await runCli(["score", input, "-o", path.join(dir, "progress-out.xlsx")], io(false, 20));
    await runCli(["score", input, "-o", path.join(dir, "progress-out.xlsx")], io(true, 5000));
    expect(lines).toEqual([]);
  });
});

describe("exit codes: nothing written on failure", () => {
  function leftovers(): string[] {
    return readdirSync(dir).filter((f) => f.endsWith(".tmp") || f.startsWith("fail-out"));
  }

  test.each([
    [["score"], 2, "score 需要一个输入文件"],
    [["score", "x.xlsx", "--frobnicate"], 2, "没有选项 --frobnicate"],
    [["score", "x.xlsx", "--shet", "表"], 2, "没有选项 --shet。是否指「--sheet」？"],
    [["score", "x.xlsx", "-o", "y.xlsx", "--in-place"], 2, "-o 与 --in-place 不能同时使用"],
    [["template", "--sample"], 2, "template 需要 -o"],
    [["score", "a.xlsx", "-o", "./a.xlsx"], 2, "要覆盖输入请用 --in-place"],
    // Last year's results are read by the run: writing this year's over them would lose them.
    [
      ["score", "a.xlsx", "--prior", "b.xlsx", "-o", "./b.xlsx"],
      2,
      "输出文件不能是 --prior 指定的上年评定结果",
    ],
    [["score", "a.xlsx", "--prior", "a（评定结果）.xlsx"], 2, "输出文件不能是 --prior 指定的上年评定结果"],
  ])("%j → exit %d", async (argv, code, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
  });

  test("unreadable / non-xlsx / missing file / empty workbook → 3", async () => {
    const text = path.join(dir, "notes.xlsx");
    writeFileSync(text, "这不是工作簿");
    const out = path.join(dir, "fail-out-1.xlsx");
    for (const input of [text, path.join(dir, "missing.xlsx")]) {
      const run = await cli(["score", input, "-o", out]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain("未写入任何内容。");
    }
    const empty = await fixtureFile("empty", { title: "empty", sheets: [{ name: "空表", rows: [] }] });
    const run = await cli(["score", empty, "-o", out, "--lang", "en"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Sheet "空表" is empty: there is no scoring table to rate');
    expect(run.stderr).toContain("Nothing was written");
    // Its only sheet: no "--sheet" to suggest.
    expect(run.stderr).not.toContain("--sheet");
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  test("no table, a missing required column, a --sheet that does not exist → 3", async () => {
    const noTable = await fixtureFile("no-table", {
      title: "x",
      sheets: [{ name: "表", rows: [["今天开会"], ["明天放假"]] }],
    });
    const out = path.join(dir, "fail-out-2.xlsx");
    expect((await cli(["score", noTable, "-o", out])).code).toBe(3);
    const fixture = serviceOrg(3);
    fixture.sheets[0].rows = fixture.sheets[0].rows.map((row) => row.filter((_, c) => c !== 3));
    const missing = await fixtureFile("missing-col", fixture);
    const before = bytes(missing);
    const run = await cli(["score", missing, "-o", out, "--rubric", "service-org"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("服务体系");
    // The message names the pane's picker; the command line's way is said too.
    expect(run.stderr).toContain("也可用 --map 指定列，如 --map 服务体系=<列字母>。");
    expect(bytes(missing)).toBe(before);
    const sheet = await cli(["score", await fixtureFile("sheet"), "--sheet", "不存在", "-o", out]);
    expect(sheet.code).toBe(3);
    expect(sheet.stderr).toContain("不存在");
    expect(existsSync(out)).toBe(false);
  });

  test("no table on the sheet tried: the message says --sheet <表名> and lists the visible sheets only", async () => {
    const notes = await fixtureFile("notes-first", {
      title: "notes in front, no table anywhere",
      sheets: [
        { name: "说明", rows: [["本表由机关党委填报"], ["请在下一张表填写"]] },
        { name: "草稿", rows: [["旧数据"]], visibility: "hidden" },
        { name: "数据 2026", rows: [["今天开会"], ["明天放假"]] },
      ],
    });
    const out = path.join(dir, "notes-first.out.xlsx");
    const run = await cli(["score", notes, "-o", out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      "要评定另一张工作表，请加 --sheet <表名>（可见的工作表：「说明」、「数据 2026」）",
    );
    expect(run.stderr).toContain("未写入任何内容。");
    expect(existsSync(out)).toBe(false);
    const named = await cli(["score", notes, "--sheet", "数据 2026", "-o", out, "--lang", "en"]);
    expect(named.code).toBe(3);
    expect(named.stderr).toContain(
      'To rate another sheet, add --sheet <name> (visible sheets: "说明", "数据 2026")',
    );
  });

  test("an invalid rubric file names the bad path; an unknown preset lists the presets → 3", async () => {
    const input = await fixtureFile("bad-rubric");
    const rubric = JSON.parse((await cli(["rubric"])).stdout);
    rubric.tiers.bands[1].min = 200;
    rubric.surprise = true;
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(rubric));
    const run = await cli(["score", input, "--rubric", file, "-o", path.join(dir, "fail-out-3.xlsx")]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("tiers.bands[1].min");
    expect(run.stderr).toContain("surprise");
    const unknown = await cli(["rubric", "--rubric", "five-star", "--lang", "en"]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("service-org, star-branch, model-organ");
    // `rubric` scores nothing and writes nothing: its errors say what it does.
    const printed = await cli(["rubric", "--rubric", file]);
    expect(printed.code).toBe(3);
    expect(printed.stderr).toMatch(/^无法读取评定方案：方案文件 .*bad\.json 无效/);
    expect(printed.stderr).not.toContain("无法评定");
    expect(printed.stderr).not.toContain("未写入任何内容");
    const printedEn = await cli(["rubric", "--rubric", file, "--lang", "en"]);
    expect(printedEn.stderr).toMatch(/^Cannot read the rubric: Rubric file .*bad\.json is invalid/);
    expect(printedEn.stderr).not.toContain("Cannot score");
    expect(printedEn.stderr).not.toContain("Nothing was written");
    const template = await cli(["template", "--rubric", file, "-o", path.join(dir, "fail-template.xlsx")]);
    expect(template.code).toBe(3);
    expect(template.stderr).toMatch(/^无法新建评分表：/);
    expect(template.stderr).toContain("未写入任何内容。");
    expect(existsSync(path.join(dir, "fail-out-3.xlsx"))).toBe(false);
  });

  test("an unexpected failure is a bug: exit 1 with the stack", async () => {
    let stderr = "";
    const io: CliIo = {
      stdout: () => {
        throw new Error("stdout closed");
      },
      stderr: (t) => (stderr += t),
      env: {},
      stderrIsTty: false,
    };
    expect(await runCli(["presets"], io)).toBe(1);
    expect(stderr).toContain("程序错误（请报告）：Error: stdout closed");
  });

  test("an output path that cannot be written → 3, input untouched", async () => {
    const input = await fixtureFile("unwritable");
    const before = bytes(input);
    const run = await cli(["score", input, "-o", path.join(dir, "no", "such", "dir", "out.xlsx")]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("无法写入");
    expect(bytes(input)).toBe(before);
  });
});

test("an output name not ending in .xlsx is a usage error (2) and nothing is written", async () => {
  const input = await fixtureFile("csv-name");
  const csv = path.join(dir, "out.csv");
  const run = await cli(["score", input, "-o", csv]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("输出文件名须以 .xlsx 结尾");
  expect(existsSync(csv)).toBe(false);
  const macro = await cli(["template", "-o", path.join(dir, "t.xlsm"), "--lang", "en"]);
  expect(macro.code).toBe(2);
  expect(macro.stderr).toContain("The output cannot be .xlsm");
  expect(existsSync(path.join(dir, "t.xlsm"))).toBe(false);
});

describe("template, presets, rubric, help", () => {
  test("template writes a blank sheet that score then reads; --rows sets the rows", async () => {
    const out = path.join(dir, "template.xlsx");
    const run = await cli(["template", "--rubric", "star-branch", "-o", out, "--rows", "5"]);
    expect(run.code).toBe(0);
    const ws = (await loadWorkbook(out)).worksheets[0];
    expect(ws.rowCount).toBeGreaterThan(1);
    const sample = path.join(dir, "sample.xlsx");
    expect((await cli(["template", "--rubric", "model-organ", "-o", sample, "--sample"])).code).toBe(0);
    const scored = await cli(["score", sample, "--json", "-o", path.join(dir, "sample-scored.xlsx")]);
    expect(scored.code).toBe(0);
    expect(JSON.parse(scored.stdout).rubric.id).toBe("model-organ");
  });

  test("with SOURCE_DATE_EPOCH, template --sample is byte-for-byte reproducible (npm run examples)", async () => {
    const a = path.join(dir, "repro-a.xlsx");
    const b = path.join(dir, "repro-b.xlsx");
    expect((await cli(["template", "--rubric", "service-org", "--sample", "-o", a])).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // zip times have 2 s resolution
    expect((await cli(["template", "--rubric", "service-org", "--sample", "-o", b])).code).toBe(0);
    expect(bytes(b)).toBe(bytes(a));
  });

  test("presets lists the three presets; rubric prints validated JSON", async () => {
    const presets = await cli(["presets"]);
    expect(
      presets.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(["service-org", "star-branch", "model-organ"]);
    const rubric = JSON.parse((await cli(["rubric", "--rubric", "star-branch"])).stdout);
    expect(rubric.id).toBe("star-branch");
    expect((await cli(["--help"])).stdout).toContain("退出码");
  });

  test("--lang en before or after --help gives the help in English, and before a command applies to it", async () => {
    for (const argv of [
      ["--help", "--lang", "en"],
      ["--lang", "en", "--help"],
      ["--lang=en", "--help"],
    ]) {
      const run = await cli(argv);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Exit codes");
      expect(run.stdout).not.toContain("退出码");
    }
    const missing = await cli(["--lang", "en", "score", "nosuch.xlsx"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("Cannot score: File not found: nosuch.xlsx");
  });
});

describe("as a process", () => {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const main = path.join(process.cwd(), "src", "cli", "main.ts");

  test("npm run cli -- score --json: stdout is the JSON, stderr the report, exit codes from the process", async () => {
    const input = await fixtureFile("process");
    const ok = spawnSync(tsx, [main, "score", input, "--json"], {
      encoding: "utf8",
      env: { ...process.env, LANG: "C" },
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).rows).toHaveLength(8);
    expect(ok.stderr).toContain("已评定 8 个支部");
    const bad = spawnSync(tsx, [main, "score", input, "--nope"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    const missing = spawnSync(tsx, [main, "score", path.join(dir, "nope.xlsx")], { encoding: "utf8" });
    expect(missing.status).toBe(3);
  });

  testWithTool(
    "soffice",
    "LibreOffice, an independent reader, sees the result columns in what we write",
    async () => {
      const input = await fixtureFile("libreoffice");
      const output = path.join(dir, "libreoffice.scored.xlsx");
      expect((await cli(["score", input, "-o", output])).code).toBe(0);
      const outDir = mkdtempSync(path.join(os.tmpdir(), "lo-out-"));
      const profile = mkdtempSync(path.join(os.tmpdir(), "lo-profile-"));
      try {
        execFileSync(
          "soffice",
          [
            `-env:UserInstallation=file://${profile}`,
            "--headless",
            "--convert-to",
            // Comma, double quote, UTF-8 (76): the default charset would turn Chinese into "?".
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            outDir,
            output,
          ],
          { stdio: "ignore", timeout: 60_000 },
        );
        const csvFile = path.join(outDir, "libreoffice.scored.csv");
        expect(statSync(csvFile).size).toBeGreaterThan(0);
        const csv = readFileSync(csvFile, "utf8");
        const lines = csv.split(/\r?\n/);
        expect(lines[1]).toContain("一票否决,评定总分,星数,评定星级,评先资格,评定标记,评定说明");
        const doc = JSON.parse(
          (await cli(["score", input, "--json", "-o", path.join(dir, "lo-json.xlsx")])).stdout,
        );
        // 评定星级 shows its stars after the label (a number format; the value is the label).
        for (const row of doc.rows) expect(lines[row.row - 1]).toContain(`,${row.stars},${row.tier}`);
      } finally {
        rmSync(outDir, { recursive: true, force: true });
        rmSync(profile, { recursive: true, force: true });
      }
    },
  );
});

test("every XML part of a scored workbook is well-formed", async () => {
  const input = await fixtureFile("wellformed", busyWorkbook());
  const output = path.join(dir, "wellformed.scored.xlsx");
  expect((await cli(["score", input, "-o", output])).code).toBe(0);
  const { checked, errors } = await packageXmlErrors(readFileSync(output));
  expect(checked).toBeGreaterThan(8);
  expect(errors).toEqual([]);
});

// Keep the bundled example scorable exactly as `npm run score` does it.
test("npm run score's input, examples/service-org.xlsx, scores", async () => {
  const copy = path.join(dir, "service-org.xlsx");
  copyFileSync(path.join(process.cwd(), "examples", "service-org.xlsx"), copy);
  const run = await cli(["score", copy, "--json"]);
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout).rubric.id).toBe("service-org");
});
