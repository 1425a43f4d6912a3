import { chooseRubric, detectLayout, toInputTable, type Layout } from "../../src/workbook";
import { preset, SERVICE_HEADER, sheetOf, smallServiceSheet } from "./helpers";
import { render } from "../../src/messages";

const service = preset("service-org");

function layoutOf(...args: Parameters<typeof detectLayout>): Layout {
  const r = detectLayout(...args);
  if (!r.ok) throw new Error(r.error.message);
  return r.layout;
}

describe("detectLayout: header row", () => {
  it("skips title rows and finds the row that names the most fields", () => {
    const l = layoutOf(smallServiceSheet(), service);
    expect(l.headerRow).toBe(2);
    expect(l.fields.name?.column).toBe("B");
    expect(l.fields.group?.column).toBe("C");
    expect(l.fields.system?.column).toBe("D");
    expect(l.fields.performance?.column).toBe("H");
    expect(l.fields.satisfaction?.column).toBe("I");
    expect(l.fields.veto?.column).toBe("J");
    expect(l.dataRows).toEqual([3, 4, 5, 6, 7]);
    expect(l.rightEdge).toBe(10);
    expect(l.missingFields).toContain("priorStars");
  });

  it("reads a two-row header: a merged group header over the criteria, names merged down", () => {
    const sheet = sheetOf(
      "表1",
      [
        ["星级评定表"],
        [],
        ["序号", "党支部名称", "所属党委", "考评得分", null, null, null, null, "群众满意率"],
        [null, null, null, "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩", null],
        [1, "第一党支部", "机关党委", 19, 19, 19, 19, 20, 0.98],
      ],
      {
        merges: [
          { top: 1, left: 1, bottom: 1, right: 9 },
          { top: 3, left: 1, bottom: 4, right: 1 },
          { top: 3, left: 2, bottom: 4, right: 2 },
          { top: 3, left: 3, bottom: 4, right: 3 },
          { top: 3, left: 4, bottom: 3, right: 8 },
          { top: 3, left: 9, bottom: 4, right: 9 },
        ],
      },
    );
    const l = layoutOf(sheet, service);
    expect(l.headerRow).toBe(4);
    expect(l.fields.name?.column).toBe("B");
    expect(l.fields.name?.header).toBe("党支部名称");
    expect(l.fields.satisfaction?.column).toBe("I");
    expect(l.fields.system?.column).toBe("D");
    expect(l.dataRows).toEqual([5]);
  });

  it("takes a group header row without merges (the cell above a blank header cell)", () => {
    const sheet = sheetOf("s", [
      ["序号", "党支部名称", "考评得分"],
      [null, null, "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"],
      [1, "第一党支部", 19, 19, 19, 19, 20],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.headerRow).toBe(2);
    expect(l.fields.name?.column).toBe("B");
  });

  it("matches two-line, annotated, spaced and full-width headers", () => {
    const sheet = sheetOf("s", [
      [
        "党 支 部\n名称",
        "服务体系（20分）",
        "服务队伍\n（20分）",
        "服务机制 (满分20)",
        "服务保障２０分",
        "ｓ服务业绩".slice(1),
      ],
      ["第一党支部", 19, 19, 19, 19, 20],
    ]);
    const l = layoutOf(sheet, service);
    expect(Object.keys(l.fields).sort()).toEqual([
      "mechanism",
      "name",
      "performance",
      "support",
      "system",
      "team",
    ]);
    expect(l.tableFlags).toEqual([]);
  });

  it("warns (table flag) when a header states a maximum other than the rubric's", () => {
    const sheet = sheetOf("s", [
      ["党支部名称", "服务体系（25分）", "服务队伍", "服务机制", "服务保障", "服务业绩(满分20)"],
      ["第一党支部", 19, 19, 19, 19, 20],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.tableFlags).toHaveLength(1);
    expect(l.tableFlags[0]).toMatchObject({ code: "HEADER_MAX_MISMATCH", severity: "warning", cell: "B1" });
    expect(l.tableFlags[0]?.message).toContain("25");
    expect(l.tableFlags[0]?.message).toContain("20");
  });
});

describe("detectLayout: data rows", () => {
  it("skips blank rows inside, stops at the last non-blank row, excludes 合计/平均 rows and footer notes", () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      [1, "第一党支部", "机关党委", 19, 19, 19, 19, 20],
      [2, null, null, null, null, null, null, null],
      [3, "第二党支部", "机关党委", 18, 18, 18, 18, 18],
      [null, "合 计", null, 37, 37, 37, 37, 38],
      [null, "平均分", null, 18.5, 18.5, 18.5, 18.5, 19],
      [null, "填表人：张三"],
      [],
      [],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2, 4]);
    expect(l.excludedRows).toEqual([
      { row: 5, name: "合 计", reason: "total" },
      { row: 6, name: "平均分", reason: "total" },
      { row: 7, name: "填表人：张三", reason: "note" },
    ]);
    expect(l.lastDataRow).toBe(7);
  });

  it("recognises 合计 typed in the 序号 column and a header repeated inside the table", () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      [1, "第一党支部", "机关党委", 19, 19, 19, 19, 20],
      SERVICE_HEADER,
      [2, "第二党支部", "机关党委", 18, 18, 18, 18, 18],
      ["总 计", null, null, 37, 37, 37, 37, 38],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2, 4]);
    expect(l.excludedRows).toEqual([
      { row: 3, name: "党支部名称", reason: "header" },
      { row: 5, name: "总 计", reason: "total" },
    ]);
  });

  it("does not count a row that only has 序号 or 所属党委 (an unfilled template row)", () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      [1, "第一党支部", "机关党委", 19, 19, 19, 19, 20],
      [2, null, "机关党委"],
      [3],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2]);
    expect(l.lastDataRow).toBe(2);
  });

  it("scores hidden rows and says so", () => {
    const sheet = smallServiceSheet();
    sheet.hiddenRows = [4];
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toContain(4);
    expect(l.hiddenDataRows).toEqual([4]);
    expect(l.notices.map((n) => n.code)).toContain("HIDDEN_ROWS_SCORED");
  });

  it("gives the engine the raw cells of the data rows", () => {
    const sheet = smallServiceSheet();
    const l = layoutOf(sheet, service);
    const t = toInputTable(sheet, l);
    expect(t.fields.system).toEqual({ column: "D", header: "服务体系" });
    expect(t.rows).toHaveLength(5);
    expect(t.rows[2]).toEqual({
      row: 5,
      cells: expect.objectContaining({ name: "第三党支部", satisfaction: "97%", system: 18 }),
    });
  });
});

describe("toInputTable: a group merged down over its branches", () => {
  /** The small sheet with 所属党委 (C) typed once per group and merged down, as offices lay it out. */
  function mergedGroups() {
    const sheet = smallServiceSheet();
    for (const row of [4, 6, 7]) sheet.values[row - 1]![2] = null;
    sheet.merges = [
      { top: 3, left: 3, bottom: 4, right: 3 },
      { top: 5, left: 3, bottom: 7, right: 3 },
    ];
    return sheet;
  }

  it("gives every branch under the merge its group", () => {
    const sheet = mergedGroups();
    const groups = toInputTable(sheet, layoutOf(sheet, service)).rows.map((r) => r.cells.group);
    expect(groups).toEqual(["机关党委", "机关党委", "直属党委", "直属党委", "直属党委"]);
  });

  it("reads a score or a name merged over two rows as blank below its first row", () => {
    const sheet = mergedGroups();
    sheet.values[3]![3] = null;
    sheet.values[3]![1] = null;
    sheet.merges.push({ top: 3, left: 4, bottom: 4, right: 4 }, { top: 3, left: 2, bottom: 4, right: 2 });
    const row4 = toInputTable(sheet, layoutOf(sheet, service)).rows.find((r) => r.row === 4)!;
    expect(row4.cells).toMatchObject({ group: "机关党委", system: null, name: null });
  });

  it("takes nothing from a merge that starts above the data rows (the header merged down)", () => {
    const sheet = mergedGroups();
    sheet.values[2]![2] = null;
    sheet.merges[0] = { top: 2, left: 3, bottom: 4, right: 3 };
    const groups = toInputTable(sheet, layoutOf(sheet, service)).rows.map((r) => r.cells.group);
    expect(groups).toEqual([null, null, "直属党委", "直属党委", "直属党委"]);
  });
});

describe("detectLayout: errors", () => {
  it("lists the expected and the found headers when a required column is missing", () => {
    const sheet = sheetOf("评分表", [
      ["序号", "党支部名称", "服务体系", "服务队伍", "服务机制", "服务保障", "备注"],
      [1, "第一党支部", 19, 19, 19, 19, ""],
    ]);
    const r = detectLayout(sheet, service);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("MISSING_COLUMN");
    expect(r.error.message).toContain("服务业绩");
    expect(r.error.message).toContain("服务业绩星");
    expect(r.error.message).toContain("序号、党支部名称、服务体系、服务队伍、服务机制、服务保障、备注");
    expect(r.error.text("en")).toContain("Headers found in row 1");
    const params = r.error.msg.code === "MISSING_COLUMN" ? r.error.msg.params : null;
    expect(params?.missing.map((f) => f.label)).toEqual(["服务业绩"]);
    expect(params?.found).toEqual([
      "序号",
      "党支部名称",
      "服务体系",
      "服务队伍",
      "服务机制",
      "服务保障",
      "备注",
    ]);
  });

  it("reports NO_TABLE when no row names any field", () => {
    const sheet = sheetOf("s", [["会议纪要"], ["时间", "地点"]]);
    const r = detectLayout(sheet, service);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("NO_TABLE");
    expect(r.error.message).toContain("党支部名称");
  });
});

describe("detectLayout: mappings", () => {
  const odd = sheetOf("s", [
    ["单位", "甲", "乙", "丙", "丁", "戊", "满意"],
    ["第一党支部", 19, 19, 19, 19, 20, 0.9],
  ]);

  it("fails without a mapping, and the user's mapping makes it work", () => {
    expect(detectLayout(odd, service).ok).toBe(false);
    const l = layoutOf(odd, service, {
      mapping: { name: "A", system: "B", team: "C", mechanism: "D", support: "E", performance: "F" },
    });
    expect(l.headerRow).toBe(1);
    expect(l.fields.system).toMatchObject({ column: "B", via: "mapping", header: "甲" });
    expect(l.dataRows).toEqual([2]);
  });

  it("wins over detection and takes the column away from the field detected there", () => {
    const l = layoutOf(smallServiceSheet(), service, { mapping: { group: "A" } });
    expect(l.fields.group).toMatchObject({ column: "A", via: "mapping" });
    const sheet = smallServiceSheet();
    const l2 = layoutOf(sheet, service, { mapping: { satisfaction: "J" } });
    expect(l2.fields.satisfaction?.column).toBe("J");
    expect(l2.fields.veto).toBeUndefined();
    const r = detectLayout(sheet, service, { mapping: { satisfaction: "D" } });
    expect(r.ok === false && r.error.code).toBe("MISSING_COLUMN");
  });

  it("follows a carried mapping only where its column still shows the stored header", () => {
    const sheet = sheetOf("s", [
      ["党支部名称", "甲", "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"],
      ["第一党支部", 0.9, 19, 19, 19, 19, 20],
    ]);
    const carried = {
      sheet: "s",
      headerRow: 1,
      columns: { satisfaction: "B", system: "B" },
      headers: { satisfaction: "甲", system: "服务体系" },
    };
    const l = layoutOf(sheet, service, { carried });
    expect(l.fields.satisfaction).toMatchObject({ column: "B", via: "settings" });
    // "服务体系" was stored for B but B now says 甲: detection's C stands.
    expect(l.fields.system?.column).toBe("C");
  });

  it("finds a manually mapped table again after rows were inserted above it", () => {
    const carried = {
      sheet: "s",
      headerRow: 1,
      columns: { name: "A", system: "B", team: "C", mechanism: "D", support: "E", performance: "F" },
      headers: { name: "单位", system: "甲", team: "乙", mechanism: "丙", support: "丁", performance: "戊" },
    };
    const sheet = sheetOf("s", [
      ["2026年度评定"],
      [],
      ["单位", "甲", "乙", "丙", "丁", "戊"],
      ["第一党支部", 19, 19, 19, 19, 20],
    ]);
    const l = layoutOf(sheet, service, { carried });
    expect(l.headerRow).toBe(3);
    expect(l.fields.performance).toMatchObject({ column: "F", via: "settings" });
    expect(l.dataRows).toEqual([4]);
  });

  it("ignores unknown fields and bad letters in a mapping, with notices", () => {
    const l = layoutOf(smallServiceSheet(), service, { mapping: { nosuch: "B", group: "3", system: "" } });
    expect(l.fields.system?.column).toBe("D");
    expect(l.notices.map((n) => n.code)).toEqual(["MAPPING_UNKNOWN_FIELD", "MAPPING_BAD_COLUMN"]);
    expect(l.fields.group?.column).toBe("C");
  });

  it("ignores a mapping to an empty column (no header, no value), saying where the field is read from", () => {
    const l = layoutOf(smallServiceSheet(), service, { mapping: { mechanism: "Z" } });
    expect(l.fields.mechanism?.column).toBe("F");
    expect(l.notices.map((n) => render(n, "zh"))).toContain(
      "列对应关系中「服务机制」的 Z 列是空的（没有表头，也没有数据），已忽略；「服务机制」仍按表头读取 F 列「服务机制」。",
    );
    // A column with values but no header is the user's to choose.
    const sheet = smallServiceSheet();
    sheet.values[2]![25] = 18;
    expect(layoutOf(sheet, service, { mapping: { mechanism: "Z" } }).fields.mechanism?.column).toBe("Z");
  });
});

describe("detectLayout: a mapping that takes another field's column", () => {
  it("leaving a required field without one, stops with what happened, not 'is this header meant to be that field'", () => {
    const r = detectLayout(smallServiceSheet(), service, { mapping: { mechanism: "E" } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("MISSING_COLUMN");
    expect(r.error.text("zh")).toBe(
      "E 列「服务队伍」按表头是「服务队伍」，列对应关系却把它指定给了「服务机制」：「服务队伍」因此没有列。一列只能对应一个字段，请改正指定（命令行 --map，或评定面板中的列对应）。",
    );
  });

  it("leaving an optional field without one, says so; two columns swapped on purpose say nothing", () => {
    const l = layoutOf(smallServiceSheet(), service, { mapping: { system: "I" } });
    expect(l.fields.system?.column).toBe("I");
    expect(l.fields.satisfaction).toBeUndefined();
    expect(l.notices.map((n) => n.code)).toContain("MAPPING_TOOK_COLUMN");
    const swapped = layoutOf(smallServiceSheet(), service, { mapping: { mechanism: "E", team: "F" } });
    expect([swapped.fields.mechanism?.column, swapped.fields.team?.column]).toEqual(["E", "F"]);
    expect(swapped.notices.map((n) => n.code)).not.toContain("MAPPING_TOOK_COLUMN");
  });
});

describe("detectLayout: result columns of an earlier run", () => {
  it("finds them by header and keeps them out of the input and the right edge", () => {
    const sheet = sheetOf("s", [
      ["党支部名称", "考核分数", "评定总分", "星数", "评定星级", "评先资格", "评定标记", "评定说明"],
      ["第一党支部", 96, 96, 5, "五星级", "可推荐市级以上先进", null, "总分96.00 → 五星级"],
    ]);
    const l = layoutOf(sheet, preset("star-branch"));
    // 评定总分 must not be read as the score column (总分 is one of its aliases).
    expect(l.fields.score?.column).toBe("B");
    expect(l.resultColumns.total?.column).toBe("C");
    expect(l.resultColumns.explanation?.column).toBe("H");
    expect(l.rightEdge).toBe(2);
    expect(l.headers.map((h) => h.text)).toEqual(["党支部名称", "考核分数"]);
  });

  it("takes a renamed result column back through the settings only when its content fits", () => {
    const sheet = sheetOf("s", [
      [...SERVICE_HEADER, "星级（评定）", "我的备注"],
      [1, "第一党支部", "机关党委", 19, 19, 19, 19, 20, 0.98, "否", "五星级", "好"],
    ]);
    const owned = {
      sheet: "s",
      resultColumns: { tier: "K", eligibility: "L" },
      summarySheet: "评定汇总",
    };
    const l = layoutOf(sheet, service, { owned });
    expect(l.resultColumns.tier).toMatchObject({ column: "K", via: "settings", header: "星级（评定）" });
    // L holds "好", not an eligibility label: the user's column, not ours.
    expect(l.resultColumns.eligibility).toBeUndefined();
  });
});

describe("chooseRubric (SPEC §9 order)", () => {
  const sheet = smallServiceSheet();
  const starBranch = preset("star-branch");

  it("takes the explicit rubric first, then the carried one, then the best preset", () => {
    expect(chooseRubric(sheet, { rubric: starBranch, carried: service })).toMatchObject({
      ok: true,
      source: "option",
      rubric: { id: "star-branch" },
    });
    expect(chooseRubric(sheet, { carried: starBranch })).toMatchObject({
      ok: true,
      source: "workbook",
      rubric: { id: "star-branch" },
    });
    expect(chooseRubric(sheet, {})).toMatchObject({
      ok: true,
      source: "detected",
      rubric: { id: "service-org" },
      headerRow: 2,
    });
  });

  it("detects star-branch and model-organ sheets", () => {
    const sb = sheetOf("s", [
      ["党支部名称", "考核分数", "标准1", "标准2"],
      ["一支部", 90, "是", "是"],
    ]);
    expect(chooseRubric(sb)).toMatchObject({ ok: true, rubric: { id: "star-branch" } });
    const mo = sheetOf("s", [
      ["党支部", "理论学习星", "制度落实星", "党建活动星", "党员队伍星", "自身建设星"],
      ["一支部", "是", 18, "是", "否", 17],
    ]);
    expect(chooseRubric(mo)).toMatchObject({ ok: true, rubric: { id: "model-organ" } });
  });

  it("lists the presets when nothing matches", () => {
    const r = chooseRubric(sheetOf("s", [["姓名", "电话"]]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("NO_TABLE");
    expect(r.error.message).toContain("service-org");
    expect(r.error.message).toContain("star-branch");
    expect(r.error.message).toContain("model-organ");
  });

  it("a header below the rows searched is refused saying where the header is looked for", () => {
    const notes = Array.from({ length: 13 }, (_, i) => [`填表说明第${i + 1}条`]);
    const r = chooseRubric(sheetOf("s", [...notes, ...smallServiceSheet().values.slice(1)]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.text("zh")).toContain("表头在前 12 行中查找；表头更靠下时，请删去上方多余的行");
    expect(r.error.text("en")).toContain("the header row is looked for in the first 12 rows");
  });
});
