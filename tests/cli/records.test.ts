/** `merge`, and score's --prior, --finalize and --unfinalize, on real .xlsx files (SPEC §10). */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { serviceOrg, writeFixture, type WorkbookFixture } from "../fixtures/workbooks";
import { cli, tempDirForTests } from "../support/cli-run";

const tempDir = tempDirForTests("cli-records-");

const EXAMPLES = path.join(__dirname, "..", "..", "examples");

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** serviceOrg's fixture with some branch names replaced (row 3 is its first branch). */
function withNames(fixture: WorkbookFixture, names: Record<number, string>): WorkbookFixture {
  const rows = fixture.sheets[0]!.rows;
  for (const [row, name] of Object.entries(names)) rows[Number(row) - 1]![1] = name;
  return fixture;
}

/** The submissions folder: two service-org files (one name in both), a star-branch file, a broken file. */
async function submissions(): Promise<string> {
  const folder = path.join(tempDir(), "申报");
  mkdirSync(folder, { recursive: true });
  copyFileSync(path.join(EXAMPLES, "service-org.xlsx"), path.join(folder, "一、机关党委.xlsx"));
  await writeFixture(
    withNames(serviceOrg(3), { 4: "办公室 党支部" }),
    path.join(folder, "二、直属党委.xlsx"),
  );
  copyFileSync(path.join(EXAMPLES, "star-branch.xlsx"), path.join(folder, "三、星级.xlsx"));
  writeFileSync(path.join(folder, "四、损坏.xlsx"), "not a workbook");
  writeFileSync(path.join(folder, "~$一、机关党委.xlsx"), "Excel's lock file");
  writeFileSync(path.join(folder, "说明.docx"), "a letter");
  return folder;
}

describe("merge", () => {
  it("refuses a partial merge: exit 3, nothing written, every bad file named with the reason", async () => {
    const folder = await submissions();
    const out = path.join(tempDir(), "汇总-拒绝.xlsx");
    const run = await cli(["merge", folder, "-o", out]);
    expect(run.code).toBe(3);
    expect(existsSync(out)).toBe(false);
    expect(run.stderr).toContain("2 个文件未能汇总，为免只汇总一部分，未写入任何内容");
    expect(run.stderr.startsWith("无法汇总：")).toBe(true);
    expect(run.stderr).toContain(`${path.join(folder, "三、星级.xlsx")}：`);
    expect(run.stderr).toContain(`- ${path.join(folder, "四、损坏.xlsx")} 不是 .xlsx 文件`);
    expect(run.stderr).toContain("--skip-bad");
    expect(run.stderr).not.toContain("~$");
  });

  it("a .csv or .ods submission in the folder is named with its reason, never left out unseen", async () => {
    const folder = path.join(tempDir(), "申报-格式");
    mkdirSync(folder, { recursive: true });
    copyFileSync(path.join(EXAMPLES, "service-org.xlsx"), path.join(folder, "一、机关党委.xlsx"));
    writeFileSync(path.join(folder, "二、直属党委.csv"), "党支部名称,服务体系\n第一党支部,18\n");
    writeFileSync(path.join(folder, "三、教育党委.ods"), "PK\u0003\u0004 not really an ods");
    const out = path.join(tempDir(), "汇总-格式.xlsx");
    const run = await cli(["merge", folder, "-o", out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`- ${path.join(folder, "二、直属党委.csv")} 不是 .xlsx 文件`);
    expect(run.stderr).toContain(`- ${path.join(folder, "三、教育党委.ods")}：`);
    expect(existsSync(out)).toBe(false);
    expect((await cli(["merge", folder, "-o", out, "--skip-bad"])).code).toBe(0);
  });

  it("--skip-bad merges the others: one table with 来源 and duplicates marked, then scored like any sheet", async () => {
    const folder = await submissions();
    const out = path.join(tempDir(), "汇总.xlsx");
    const run = await cli(["merge", folder, "-o", out, "--skip-bad"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("已汇总 2 个文件、33 个支部行");
    expect(run.stderr).toContain("2 个文件未能汇总");
    expect(run.stderr).toContain("个支部名称重复");
    const wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["申报汇总", "_星级评定"]);
    const sheet = wb.getWorksheet("申报汇总")!;
    expect(sheet.getCell("A1").value).toBe("2026年度星级服务型党组织评定表");
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(["党支部名称", "所属党委", "服务体系"]);
    expect(header.slice(-2)).toEqual(["来源", "合并核查"]);
    const last = (sheet.getRow(2 + 33).values as unknown[]).slice(1);
    expect(last[0]).toBe("第3党支部");
    expect(last[header.length - 2]).toBe(`${path.join(folder, "二、直属党委.xlsx")} / 评分表`);
    const dup = (sheet.getRow(2 + 32).values as unknown[]).slice(1);
    expect(dup[0]).toBe("办公室 党支部");
    expect(dup[header.length - 1]).toBe(
      `重复：与 ${path.join(folder, "一、机关党委.xlsx")} / 评分表 第4行 同名`,
    );

    const scored = path.join(tempDir(), "汇总-评定.xlsx");
    const score = await cli(["score", out, "-o", scored, "--json"]);
    expect(score.code).toBe(0);
    expect(score.stderr).toContain("工作表「申报汇总」，表头在第 2 行，共 33 个支部行");
    expect(score.stderr).toContain(
      "申报汇总：来源文件：本表由 2 个文件汇总而成，共 33 个支部行；2 个文件未汇总。",
    );
    const json = JSON.parse(score.stdout) as { rows: { name: string; flags: { code: string }[] }[] };
    const flagged = json.rows
      .filter((r) => r.flags.some((f) => f.code === "DUPLICATE_NAME"))
      .map((r) => r.name);
    expect(flagged).toContain("办公室 党支部");
    expect(flagged).toContain("办公室党支部");
  });

  it("needs files and -o; the output cannot be one of the inputs", async () => {
    expect((await cli(["merge", "-o", path.join(tempDir(), "x.xlsx")])).code).toBe(2);
    const a = path.join(tempDir(), "a.xlsx");
    copyFileSync(path.join(EXAMPLES, "service-org.xlsx"), a);
    const same = await cli(["merge", a, "-o", a]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("输出文件不能是要汇总的文件之一");
  });

  it("a folder's earlier merge and its scored copy are not merged again with the files they came from", async () => {
    const folder = path.join(tempDir(), "再汇总");
    mkdirSync(folder, { recursive: true });
    copyFileSync(path.join(EXAMPLES, "service-org.xlsx"), path.join(folder, "a.xlsx"));
    await writeFixture(serviceOrg(3), path.join(folder, "b.xlsx"));
    const out = path.join(folder, "汇总.xlsx");
    expect((await cli(["merge", folder, "-o", out])).code).toBe(0);
    expect((await cli(["score", out])).code).toBe(0);
    await writeFixture(
      withNames(serviceOrg(2), { 3: "迟交党支部", 4: "迟交二支部" }),
      path.join(folder, "c.xlsx"),
    );
    const again = await cli(["merge", folder, "-o", out]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain(
      `${path.join(folder, "汇总（评定结果）.xlsx")}：是 ${path.join(folder, "a.xlsx")}`,
    );
    const skipping = await cli(["merge", folder, "-o", out, "--skip-bad"]);
    expect(skipping.code).toBe(0);
    expect(skipping.stderr).toContain("已汇总 3 个文件、35 个支部行");
  });
});

describe("score --prior", () => {
  it("takes 上年星级 from last year's scored workbook by name and lists the names it could not match", async () => {
    const lastYear = path.join(tempDir(), "2025.xlsx");
    expect((await cli(["score", path.join(EXAMPLES, "service-org.xlsx"), "-o", lastYear])).code).toBe(0);
    const input = path.join(tempDir(), "2026.xlsx");
    await writeFixture(
      withNames(serviceOrg(3), { 3: "办公室党支部", 4: "组织人事处 党支部", 5: "新设党支部" }),
      input,
    );
    const run = await cli([
      "score",
      input,
      "-o",
      path.join(tempDir(), "2026-评定.xlsx"),
      "--prior",
      lastYear,
      "--json",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "上年星级对照：上年星级取自「2025.xlsx」（工作表「评分表」），按支部名称匹配 2 个",
    );
    expect(run.stderr).toContain("新设党支部 | 本表有，上年结果中没有此名称");
    expect(run.stderr).toContain("政策法规处党支部 | 上年结果中有，本表没有此名称");
    expect(run.stderr).not.toMatch(/表中没有（未检查）：[^\n]*上年星级/);
    expect(run.stderr).not.toContain("逐格相同");
    const json = JSON.parse(run.stdout) as { rows: { name: string; flags: { code: string }[] }[] };
    // Last year 五星级 (办公室), this year's fixture scores are in the 二/三星级 range: a jump.
    expect(json.rows[0]!.flags.map((f) => f.code)).toContain("TIER_JUMP");
    const summary = (await load(path.join(tempDir(), "2026-评定.xlsx"))).getWorksheet("评定汇总")!;
    const texts: unknown[] = [];
    summary.eachRow((row) => texts.push(...(row.values as unknown[])));
    expect(texts.some((t) => typeof t === "string" && t.endsWith("、动态变化（与上年比较）"))).toBe(true);
  });

  it("the workbook being scored is refused as its own last year: exit 2, nothing written", async () => {
    const input = path.join(tempDir(), "本年.xlsx");
    copyFileSync(path.join(EXAMPLES, "service-org.xlsx"), input);
    const out = path.join(tempDir(), "本年-评定.xlsx");
    const run = await cli(["score", input, "-o", out, "--prior", input]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--prior 指定的是本次要评定的文件本身");
    expect(existsSync(out)).toBe(false);
    // In place, the output is the input too: the --prior file is what to change, not the output.
    const inPlace = await cli(["score", input, "--in-place", "--prior", input]);
    expect(inPlace.code).toBe(2);
    expect(inPlace.stderr).toContain("--prior 指定的是本次要评定的文件本身");
    expect(inPlace.stderr).not.toContain("-o 换一个输出文件名");
  });

  it("this year's own scored file given as last year's is used with a warning that it has this table's scores", async () => {
    const input = path.join(EXAMPLES, "service-org.xlsx");
    const thisYear = path.join(tempDir(), "本年（评定结果）.xlsx");
    expect((await cli(["score", input, "-o", thisYear])).code).toBe(0);
    const run = await cli(["score", input, "-o", path.join(tempDir(), "又一次.xlsx"), "--prior", thisYear]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/「本年（评定结果）\.xlsx」中按名称对应的 \d+ 个支部，各项得分与本表逐格相同/);
  });

  it("replacing an output that carried last year's results with a run that has none says so", async () => {
    const lastYear = path.join(tempDir(), "2025-替换.xlsx");
    expect((await cli(["score", path.join(EXAMPLES, "service-org.xlsx"), "-o", lastYear])).code).toBe(0);
    const input = path.join(tempDir(), "2026-替换.xlsx");
    copyFileSync(path.join(EXAMPLES, "service-org.xlsx"), input);
    const out = path.join(tempDir(), "2026-替换-评定.xlsx");
    expect((await cli(["score", input, "-o", out, "--prior", lastYear])).code).toBe(0);
    const again = await cli(["score", input, "-o", out, "--prior", lastYear]);
    expect(again.stderr).not.toContain("上年评定结果（取自");
    const plain = await cli(["score", input, "-o", out]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain(
      `注意：被替换的 ${out} 中保存着上年评定结果（取自「2025-替换.xlsx」），本次评定的文件中没有`,
    );
  });

  it("a --prior file that is not there is named as last year's results, not taken for the input", async () => {
    const out = path.join(tempDir(), "never-prior.xlsx");
    const missing = path.join(tempDir(), "2025-无此文件.xlsx");
    const run = await cli(["score", path.join(EXAMPLES, "service-org.xlsx"), "-o", out, "--prior", missing]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`--prior 指定的上年评定结果文件：找不到文件：${missing}`);
    expect(existsSync(out)).toBe(false);
    // One that is there but not a workbook (last year's .xls) is named as last year's too.
    const xls = path.join(tempDir(), "2025.xls");
    writeFileSync(xls, "not a workbook");
    const old = await cli(["score", path.join(EXAMPLES, "service-org.xlsx"), "-o", out, "--prior", xls]);
    expect(old.code).toBe(3);
    expect(old.stderr).toMatch(/^无法评定：--prior 指定的上年评定结果文件：2025\.xls /);
    expect(existsSync(out)).toBe(false);
  });

  it("a workbook without results is refused: exit 3, nothing written", async () => {
    const out = path.join(tempDir(), "never.xlsx");
    const run = await cli([
      "score",
      path.join(EXAMPLES, "service-org.xlsx"),
      "-o",
      out,
      "--prior",
      path.join(EXAMPLES, "star-branch.xlsx"),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("「star-branch.xlsx」中找不到上年的评定结果");
    expect(existsSync(out)).toBe(false);
  });
});

describe("score --finalize / --unfinalize", () => {
  it("freezes, keeps the frozen result after an input changes and lists it, and unfreezes on request", async () => {
    const input = path.join(tempDir(), "定稿.xlsx");
    await writeFixture(serviceOrg(4), input);
    const first = await cli(["score", input, "--in-place", "--finalize", "--json"]);
    expect(first.code).toBe(0);
    const tierBefore = (JSON.parse(first.stdout) as { rows: { tier: string }[] }).rows[0]!.tier;
    expect(tierBefore).not.toBe("五星级");
    // 第1党支部 gets full marks and 99% afterwards (row 3: D..H, I).
    const wb = await load(input);
    const sheet = wb.getWorksheet("评分表")!;
    for (const col of ["D", "E", "F", "G", "H"]) sheet.getCell(`${col}3`).value = 20;
    sheet.getCell("I3").value = 0.99;
    await wb.xlsx.writeFile(input);

    const later = await cli(["score", input, "--in-place", "--json"]);
    expect(later.code).toBe(0);
    expect((JSON.parse(later.stdout) as { rows: { tier: string }[] }).rows[0]!.tier).toBe(tierBefore);
    expect(later.stderr).toMatch(
      /定稿：已于 .* 定稿（五星级服务型党组织（百分制） 1\.1\.1），本次写出的是定稿结果。以下 1 个支部/,
    );
    expect(later.stderr).toContain(`第1党支部 | 3 | ${tierBefore} | 五星级 | 服务体系：定稿时`);

    const undone = await cli(["score", input, "--in-place", "--unfinalize", "--json"]);
    expect((JSON.parse(undone.stdout) as { rows: { tier: string }[] }).rows[0]!.tier).toBe("五星级");
    expect(undone.stderr).not.toContain("定稿：");
    expect((await cli(["score", input, "--finalize", "--unfinalize"])).code).toBe(2);
  });

  it("an output holding a 定稿 is not replaced by scoring the original again; the output itself, or --unfinalize, may", async () => {
    const input = path.join(tempDir(), "原表.xlsx");
    await writeFixture(serviceOrg(4), input);
    const output = path.join(tempDir(), "原表-结果.xlsx");
    expect((await cli(["score", input, "--finalize", "-o", output])).code).toBe(0);
    const again = await cli(["score", input, "-o", output]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(
      /输出文件 .*原表-结果\.xlsx 中有 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 定稿的评定结果，本次评定不带这份定稿，写出会把它丢掉；未写入任何内容。/,
    );
    expect(again.stderr).toContain("--in-place");
    // The output scored again to another file carries the same 定稿: that file may be replaced.
    const copy = path.join(tempDir(), "原表-再评.xlsx");
    expect((await cli(["score", output, "-o", copy])).code).toBe(0);
    expect((await cli(["score", output, "-o", copy])).code).toBe(0);
    // Giving the 定稿 up is said in so many words.
    const dropped = await cli(["score", input, "--unfinalize", "-o", output, "--json"]);
    expect(dropped.code).toBe(0);
    expect((await cli(["score", input, "-o", output])).code).toBe(0);
  });

  it("the same for an output written by the ExcelJS writer (its settings in shared strings)", async () => {
    const input = path.join(tempDir(), "原表2.xlsx");
    await writeFixture(serviceOrg(4), input);
    const output = path.join(tempDir(), "原表2-结果.xlsx");
    const exceljs = { STAR_RATING_WRITER: "exceljs" };
    expect((await cli(["score", input, "--finalize", "-o", output], exceljs)).code).toBe(0);
    const again = await cli(["score", input, "-o", output], exceljs);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain("定稿的评定结果，本次评定不带这份定稿");
  });
});
