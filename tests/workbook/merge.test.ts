/** 申报汇总 (SPEC §10): the pure merge, then the merged workbook scored like any sheet. */
import { recompute } from "../../src/workbook";
import { mergeSubmissions, type MergeSource } from "../../src/workbook/merge";
import { SETTINGS_SHEET } from "../../src/workbook/settings";
import { NOW, SERVICE_HEADER, preset, sheetOf, smallServiceSheet } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

function sources(): MergeSource[] {
  // A second office's file: columns in another order, another header wording, one name also in a.xlsx.
  const other = sheetOf("直属党委", [
    ["党（总）支部名称", "服务业绩（20分）", "服务体系", "服务队伍", "服务机制", "服务保障", "群众满意率"],
    ["第 一党支部", 18, 18, 18, 18, 18, 0.97],
    ["第八党支部", 19, 19, 19, 19, 19, "96%"],
    ["合计", 37, 37, 37, 37, 37, null],
  ]);
  return [
    { file: "a.xlsx", sheets: [sheetOf("说明", [["填表说明"]]), smallServiceSheet()], settingsJson: null },
    { file: "b.xlsx", sheets: [other], settingsJson: null },
    { file: "c.xlsx", error: { zh: "不是 .xlsx 文件", en: "not an .xlsx file" } },
    {
      file: "d.xlsx",
      sheets: [
        sheetOf("会议", [
          ["时间", "地点"],
          ["周一", "三楼"],
        ]),
      ],
      settingsJson: null,
    },
  ];
}

describe("mergeSubmissions", () => {
  it("one table with the rubric's columns and 来源, duplicates flagged, bad files listed", () => {
    const r = mergeSubmissions(sources(), { now: NOW });
    if (!r.ok) throw r.error;
    expect(r.rubric.id).toBe("service-org");
    expect(r.rows).toBe(7);
    const values = r.plan.ops.find((op) => op.kind === "values" && op.row === 2);
    if (!values || values.kind !== "values") throw new Error("no table");
    expect(values.values[0]).toEqual([
      "党支部名称",
      "所属党委",
      "服务体系",
      "服务队伍",
      "服务机制",
      "服务保障",
      "服务业绩",
      "群众满意率",
      "一票否决",
      "来源",
      "合并核查",
    ]);
    expect(values.values[1]).toEqual([
      "第一党支部",
      "机关党委",
      19,
      19,
      19,
      19,
      20,
      0.98,
      "否",
      "a.xlsx / 评分表",
      "重复：与 b.xlsx / 直属党委 第2行 同名",
    ]);
    expect(values.values[6]).toEqual([
      "第 一党支部",
      null,
      18,
      18,
      18,
      18,
      18,
      0.97,
      null,
      "b.xlsx / 直属党委",
      "重复：与 a.xlsx / 评分表 第3行 同名",
    ]);
    expect(values.values[7]![0]).toBe("第八党支部");
    expect(values.values).toHaveLength(8);
    expect(r.plan.ops.find((op) => op.kind === "pageSetup")).toEqual({
      kind: "pageSetup",
      sheet: "申报汇总",
      setup: {
        paper: "A4",
        orientation: "landscape",
        fitToWidth: true,
        titleRows: { first: 1, last: 2 },
        pageNumbers: true,
      },
    });
    expect(r.record.files).toEqual([
      { file: "a.xlsx", sheet: "评分表", headerRow: 2, rows: 5 },
      { file: "b.xlsx", sheet: "直属党委", headerRow: 1, rows: 2 },
    ]);
    expect(r.record.skipped.map((s) => s.file)).toEqual(["c.xlsx", "d.xlsx"]);
    expect(r.record.skipped[1]!.reason.zh).toContain("党支部名称");
    expect(r.record.duplicates).toEqual([
      {
        name: "第一党支部",
        places: [
          { file: "a.xlsx", sheet: "评分表", row: 3 },
          { file: "b.xlsx", sheet: "直属党委", row: 2 },
        ],
      },
    ]);
  });

  it("shows a rate with the decimals it has: 94.9% is not shown as 95%", () => {
    const header = ["党支部名称", "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩", "群众满意率"];
    const rates = [0.949, 0.96, 0.9449, 0.95];
    const file: MergeSource = {
      file: "m.xlsx",
      sheets: [sheetOf("表", [header, ...rates.map((r, i) => [`支部${i}`, 18, 18, 18, 18, 18, r])])],
      settingsJson: null,
    };
    const r = mergeSubmissions([file], { now: NOW });
    if (!r.ok) throw r.error;
    const table = r.plan.ops.find((op) => op.kind === "values" && op.row === 2);
    if (!table || table.kind !== "values") throw new Error("no table");
    const at = table.values[0]!.indexOf("群众满意率");
    expect((table.formats ?? []).slice(1).map((row) => row[at]?.numFmt)).toEqual([
      "0.0%",
      "0%",
      "0.00%",
      "0%",
    ]);
  });

  it("a file with two columns that could be the branch name is left out whole with the reason, not merged by a guess", () => {
    const file: MergeSource = {
      file: "u16审计局.xlsx",
      sheets: [
        sheetOf("表", [
          ["单位名称", "支部名称", "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"],
          ["审计局党委", "审计局机关党支部", 18, 18, 18, 18, 18],
        ]),
        // A second, clear table in the same file is not merged alone: that would be part of the file.
        sheetOf("表2", [
          ["党支部名称", "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"],
          ["审计局第二党支部", 18, 18, 18, 18, 18],
        ]),
      ],
      settingsJson: null,
    };
    const r = mergeSubmissions([file, sources()[1]!], { now: NOW });
    if (!r.ok) throw r.error;
    expect(r.rows).toBe(2);
    expect(r.record.skipped).toEqual([
      {
        file: "u16审计局.xlsx",
        reason: {
          zh: "有 2 列表头都可作「党支部名称」（A 列「单位名称」、B 列「支部名称」），汇总时无法确定用哪一列；请在该文件中删去或改名多余的列，再汇总",
          en: expect.stringContaining("a merge cannot tell which"),
        },
      },
    ]);
  });

  it("a file of another scheme is said to be so, not to lack columns", () => {
    const star: MergeSource = {
      file: "u03.xlsx",
      sheets: [
        sheetOf("考核表", [
          ["序号", "党支部名称", "考核分数"],
          [1, "教务处党支部", 88],
        ]),
      ],
      settingsJson: null,
    };
    const r = mergeSubmissions([...sources().slice(0, 2), star], { now: NOW });
    if (!r.ok) throw r.error;
    expect(r.record.skipped.find((x) => x.file === "u03.xlsx")?.reason.zh).toBe(
      "表格是「星级党支部（三星起创）」方案的，与本次汇总的「五星级服务型党组织（百分制）」方案不同；请确认这份文件是否报错了方案，或把它单独评定",
    );
  });

  it("takes every sheet of a file that holds a table (one sheet per 支部), each listed", () => {
    const branch = (name: string) => [name, 18, 18, 18, 18, 18, 0.97];
    const header = ["党支部名称", "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩", "群众满意率"];
    const file: MergeSource = {
      file: "E党委.xlsx",
      sheets: [
        sheetOf("说明", [["填表说明"]]),
        sheetOf("一支部", [header, branch("E一支部")]),
        sheetOf("二支部", [header, branch("E二支部"), branch("E三支部")]),
      ],
      settingsJson: null,
    };
    const r = mergeSubmissions([file], { now: NOW });
    if (!r.ok) throw r.error;
    expect(r.rows).toBe(3);
    expect(r.record.files).toEqual([
      { file: "E党委.xlsx", sheet: "一支部", headerRow: 1, rows: 1 },
      { file: "E党委.xlsx", sheet: "二支部", headerRow: 1, rows: 2 },
    ]);
    expect(r.record.skipped).toEqual([]);
  });

  it("the merged workbook is scored like any sheet, and 评定核查 gets where the rows came from", async () => {
    const merged = mergeSubmissions(sources(), { now: NOW });
    if (!merged.ok) throw merged.error;
    const wb = new MemoryWorkbook();
    await wb.apply(merged.plan);
    const r = await recompute(wb, { now: NOW });
    if (!r.ok) throw r.error;
    expect(r.sheet).toBe("申报汇总");
    expect(r.rubricSource).toBe("workbook");
    expect(r.evaluation.rows.map((x) => [x.name, x.tier])).toEqual([
      ["第一党支部", "五星级"],
      ["第二党支部", "四星级"],
      ["第三党支部", "四星级"],
      ["第四党支部", "三星级"],
      ["第五党支部", "未评定"],
      ["第 一党支部", "四星级"],
      ["第八党支部", "五星级"],
    ]);
    // The engine's duplicate check uses the same names: both copies are flagged when rated.
    expect(r.evaluation.rows[0]!.flags.map((f) => f.code)).toContain("DUPLICATE_NAME");
    const files = r.reviewSections.find((s) => s.title === "申报汇总：来源文件")!;
    expect(files.rows).toEqual([
      ["a.xlsx", "评分表", 5, "已汇总"],
      ["b.xlsx", "直属党委", 2, "已汇总"],
      ["c.xlsx", "", null, "未汇总：不是 .xlsx 文件"],
      ["d.xlsx", "", null, expect.stringContaining("未汇总：")],
    ]);
    expect(r.reviewSections.find((s) => s.title === "申报汇总：重复的支部名称")!.rows).toEqual([
      ["第一党支部", "a.xlsx / 评分表 第3行；b.xlsx / 直属党委 第2行"],
    ]);
  });

  it("a merge of merged files keeps each row's first file in 来源; a plain 来源 column is not read", async () => {
    const first = mergeSubmissions(sources(), { now: NOW });
    if (!first.ok) throw first.error;
    const wb = new MemoryWorkbook();
    await wb.apply(first.plan);
    const snapshot = await wb.read({ sheet: "申报汇总", settingsSheet: SETTINGS_SHEET });
    // A branch's own file with a column of its own called 来源 (not a merge: no merge record).
    const own = sheetOf("评分表", [
      ["党支部名称", "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩", "来源"],
      ["第九党支部", 17, 17, 17, 17, 17, "自评"],
    ]);
    const r = mergeSubmissions(
      [
        { file: "总支汇总.xlsx", sheets: [snapshot.sheet], settingsJson: snapshot.settingsJson },
        { file: "九支部.xlsx", sheets: [own], settingsJson: null },
      ],
      { now: NOW },
    );
    if (!r.ok) throw r.error;
    const values = r.plan.ops.find((op) => op.kind === "values" && op.row === 2);
    if (!values || values.kind !== "values") throw new Error("no table");
    const source = values.values[0]!.indexOf("来源");
    expect(values.values.slice(1).map((line) => line[source])).toEqual([
      ...Array(5).fill("总支汇总.xlsx / 申报汇总 › a.xlsx / 评分表"),
      "总支汇总.xlsx / 申报汇总 › b.xlsx / 直属党委",
      "总支汇总.xlsx / 申报汇总 › b.xlsx / 直属党委",
      "九支部.xlsx / 评分表",
    ]);
  });

  it("an earlier merge of the same files (left in the folder) is left out with the reason, not merged twice", async () => {
    const readable = sources().slice(0, 2);
    const first = mergeSubmissions(readable, { now: NOW });
    if (!first.ok) throw first.error;
    const wb = new MemoryWorkbook();
    await wb.apply(first.plan);
    // Scored since, as the folder's 汇总（评定结果）.xlsx would be.
    const scored = await recompute(wb, { now: NOW });
    expect(scored.ok).toBe(true);
    const snapshot = await wb.read({ sheet: "申报汇总", settingsSheet: SETTINGS_SHEET });
    const late = sheetOf("评分表", [
      SERVICE_HEADER.slice(1),
      ["第九党支部", "机关党委", 17, 17, 17, 17, 17, 0.96, "否"],
    ]);
    const r = mergeSubmissions(
      [
        ...readable,
        { file: "汇总（评定结果）.xlsx", sheets: [snapshot.sheet], settingsJson: snapshot.settingsJson },
        { file: "九支部.xlsx", sheets: [late], settingsJson: null },
      ],
      { now: NOW },
    );
    if (!r.ok) throw r.error;
    expect(r.rows).toBe(8);
    expect(r.record.duplicates.map((d) => d.name)).toEqual(["第一党支部"]);
    expect(r.record.skipped).toEqual([
      {
        file: "汇总（评定结果）.xlsx",
        reason: {
          zh: "是 a.xlsx、b.xlsx 的早先汇总结果，其中的支部本次汇总的文件中都有，再汇总会使这些支部行重复；请把它移出要汇总的文件",
          en: "is an earlier merge of a.xlsx, b.xlsx, and every branch in it is in the files merged here: merging it would repeat them; move it out of the files to merge",
        },
      },
    ]);
  });

  it("an earlier merge is told by its branches, not its file names: a corrected copy under another name still covers them", async () => {
    const readable = sources().slice(0, 2);
    const first = mergeSubmissions(readable, { now: NOW });
    if (!first.ok) throw first.error;
    const wb = new MemoryWorkbook();
    await wb.apply(first.plan);
    const snapshot = await wb.read({ sheet: "申报汇总", settingsSheet: SETTINGS_SHEET });
    const earlier = { file: "汇总.xlsx", sheets: [snapshot.sheet], settingsJson: snapshot.settingsJson };
    // b.xlsx corrected and renamed: the earlier merge's file list no longer matches, its branches do.
    const corrected = { ...readable[1]!, file: "b(修改).xlsx" } as MergeSource;
    const r = mergeSubmissions([readable[0]!, corrected, earlier], { now: NOW });
    if (!r.ok) throw r.error;
    expect(r.rows).toBe(7);
    expect(r.record.skipped.map((s) => s.file)).toEqual(["汇总.xlsx"]);
    // Another 党总支's merge of files named alike (一支部.xlsx): its branches are not here, so it is merged.
    const others = mergeSubmissions(
      [
        earlier,
        {
          file: "总支A/x.xlsx",
          sheets: [
            sheetOf("表", [SERVICE_HEADER.slice(1), ["A一支部", "A", 18, 18, 18, 18, 18, 0.97, "否"]]),
          ],
          settingsJson: null,
        },
      ],
      { now: NOW },
    );
    if (!others.ok) throw others.error;
    expect(others.rows).toBe(8);
    expect(others.record.skipped).toEqual([]);
  });

  it("two branches of one name under different 党委 are two branches, not a duplicate; under the same 党委 they are", () => {
    const office = (file: string, group: string): MergeSource => ({
      file,
      sheets: [
        sheetOf("评分表", [
          ["2026年度评定表"],
          SERVICE_HEADER,
          [1, "宣传处党支部", group, 18, 18, 18, 18, 18, 0.96, "否"],
        ]),
      ],
      settingsJson: null,
    });
    const apart = mergeSubmissions([office("a.xlsx", "机关党委"), office("b.xlsx", "直属党委")], {
      now: NOW,
    });
    if (!apart.ok) throw apart.error;
    expect(apart.record.duplicates).toEqual([]);
    const same = mergeSubmissions([office("a.xlsx", "机关党委"), office("b.xlsx", "机关党委")], { now: NOW });
    if (!same.ok) throw same.error;
    expect(same.record.duplicates.map((d) => d.places.map((p) => p.file))).toEqual([["a.xlsx", "b.xlsx"]]);
  });

  it("a sheet in front that only names columns does not decide the scheme", () => {
    const note = sheetOf("说明", [
      ["填表说明：党支部名称、考核分数（满分100）请如实填写"],
      ["党支部名称", "考核分数"],
    ]);
    const withNote = sources().slice(0, 2);
    withNote[1] = {
      ...withNote[1]!,
      sheets: [note, ...("sheets" in withNote[1]! ? withNote[1].sheets : [])],
    };
    withNote.unshift({ file: "0.xlsx", sheets: [note], settingsJson: null });
    const r = mergeSubmissions(withNote, { now: NOW });
    expect(r.ok && r.rubric.id).toBe("service-org");
    expect(r.ok && r.rows).toBe(7);
    expect(r.ok && r.record.skipped.map((s) => s.file)).toEqual(["0.xlsx"]);
  });

  it("--rubric wins over detection; no readable table at all is an error with nothing to write", () => {
    const r = mergeSubmissions([sources()[2]!, sources()[3]!], { now: NOW, rubric: preset("service-org") });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.text("zh")).toContain("没有一个文件含有可汇总的评分表");
    expect(SERVICE_HEADER).toHaveLength(10);
  });

  it("nothing to merge names each file with its reason (an .xls alone is told to be saved as .xlsx)", () => {
    const xls: MergeSource = {
      file: "u.xls",
      error: { zh: "是旧版 .xls 文件，请另存为 .xlsx", en: "old .xls" },
    };
    const notes: MergeSource = {
      file: "说明.xlsx",
      sheets: [sheetOf("说明", [["填表说明"]])],
      settingsJson: null,
    };
    const r = mergeSubmissions([xls, notes], { now: NOW });
    expect(!r.ok && r.error.text("zh")).toBe(
      "没有一个文件含有可汇总的评分表（2 个文件均未能读取或识别）：\n  - u.xls：是旧版 .xls 文件，请另存为 .xlsx\n  - 说明.xlsx：没有找到任何评定方案的评分表（表头中没有党支部名称和评分列）\n未写入任何内容。",
    );
    const given = mergeSubmissions([xls], { now: NOW, rubric: preset("service-org") });
    expect(!given.ok && given.error.text("en")).toContain("  - u.xls: old .xls");
  });
});
