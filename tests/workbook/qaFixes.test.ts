/**
 * QA findings on layout and sheet choice: repeated headers (自评 vs 评定), notes below the table,
 * informational fields reported as unchecked, a 说明 sheet in front of the table.
 */
import { render } from "../../src/messages";
import type { RawCell } from "../../src/engine/types";
import { detectLayout, inspect, recompute, type Layout } from "../../src/workbook";
import { NOW, preset, SERVICE_HEADER, sheetOf } from "./helpers";
import { serviceOrg } from "../fixtures/workbooks";
import { FakeExcel } from "../support/fake-excel";
import { fakeAdapter } from "../support/office-run";
import { MemoryWorkbook } from "./memoryWorkbook";

const service = preset("service-org");
const CRITERIA = ["服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"];

function layoutOf(...args: Parameters<typeof detectLayout>): Layout {
  const r = detectLayout(...args);
  if (!r.ok) throw new Error(r.error.message);
  return r.layout;
}

function criteriaColumns(l: Layout): string[] {
  return ["system", "team", "mechanism", "support", "performance"].map((id) => l.fields[id]?.column ?? "-");
}

/** Row 1: 党支部名称 | 支部自评 ×5 | 机关党委评定 ×5; row 2: the criteria twice. */
function selfThenCommittee(firstGroup = "支部自评", secondGroup = "机关党委评定") {
  return sheetOf(
    "评分表",
    [
      ["党支部名称", firstGroup, null, null, null, null, secondGroup, null, null, null, null],
      [null, ...CRITERIA, ...CRITERIA],
      ["甲支部", 20, 20, 20, 20, 20, 18, 18, 18, 18, 18],
    ],
    {
      merges: [
        { top: 1, left: 1, bottom: 2, right: 1 },
        { top: 1, left: 2, bottom: 1, right: 6 },
        { top: 1, left: 7, bottom: 1, right: 11 },
      ],
    },
  );
}

describe("detectLayout: a field whose header appears in more than one column", () => {
  it("takes the committee's assessment over the self-assessment and says how the blocks were read", () => {
    const l = layoutOf(selfThenCommittee(), service);
    expect(criteriaColumns(l)).toEqual(["G", "H", "I", "J", "K"]);
    // The group headers decided: no warning per criterion, one info line naming both blocks.
    expect(l.tableFlags.filter((f) => f.code === "AMBIGUOUS_COLUMN")).toEqual([]);
    const read = l.tableFlags.filter((f) => f.code === "BLOCKS_READ");
    expect(read).toHaveLength(1);
    expect(read[0]!.message).toContain("B–F 列「支部自评」");
    expect(read[0]!.message).toContain("G–K 列「机关党委评定」");
  });

  it("a self block beside an unlabelled copy: the copy is used, with a warning naming the group", () => {
    const base = selfThenCommittee();
    const sheet = sheetOf(
      "评分表",
      base.values.map((r, i) => (i === 0 ? r.map((v) => (v === "机关党委评定" ? null : v)) : r)),
      { merges: base.merges.filter((m) => m.left !== 7) },
    );
    const l = layoutOf(sheet, service);
    expect(criteriaColumns(l)).toEqual(["G", "H", "I", "J", "K"]);
    const ambiguous = l.tableFlags.filter((f) => f.code === "AMBIGUOUS_COLUMN");
    expect(ambiguous).toHaveLength(5);
    expect(ambiguous[0]!.severity).toBe("warning");
    expect(ambiguous[0]!.cell).toBe("G2");
    expect(ambiguous[0]!.message).toContain("服务体系");
    expect(ambiguous[0]!.message).toContain("B 列「服务体系」（支部自评）");
    expect(ambiguous[0]!.message).toContain("使用的是 G 列");
    expect(ambiguous[0]!.message).toContain("请在评定面板「识别的表格」中点「查看或修改」改选");
  });

  it("avoids the self-assessment when it comes second too", () => {
    const l = layoutOf(selfThenCommittee("考评得分", "支部自查"), service);
    expect(criteriaColumns(l)).toEqual(["B", "C", "D", "E", "F"]);
  });

  it("scores the committee's values end to end", async () => {
    const wb = new MemoryWorkbook([selfThenCommittee()]);
    const r = await recompute(wb, { now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.evaluation.rows.map((x) => x.total)).toEqual([90]);
    expect(r.evaluation.tableFlags.filter((f) => f.code === "AMBIGUOUS_COLUMN")).toEqual([]);
    expect(r.evaluation.tableFlags.filter((f) => f.code === "BLOCKS_READ")).toHaveLength(1);
  });

  it("a carried choice follows its column when a column is inserted, not the other 服务体系", () => {
    const base = selfThenCommittee();
    const sheet = sheetOf(
      "评分表",
      base.values.map((r) => [r === base.values[0] ? "序号" : null, ...r]),
      { merges: base.merges.map((m) => ({ ...m, left: m.left + 1, right: m.right + 1 })) },
    );
    const carried = {
      sheet: "评分表",
      headerRow: 2,
      columns: { system: "G" },
      headers: { system: "服务体系" },
    };
    const l = layoutOf(sheet, service, { carried });
    expect(l.fields.system).toMatchObject({ column: "H", via: "settings" });
  });

  it("two plain columns with one header: the first is used, with a warning in the asked language", () => {
    const sheet = sheetOf("s", [
      ["党支部名称", ...CRITERIA, "服务体系"],
      ["甲", 10, 20, 20, 20, 20, 20],
    ]);
    const l = layoutOf(sheet, service, { lang: "en" });
    expect(l.fields.system?.column).toBe("B");
    const flags = l.tableFlags.filter((f) => f.code === "AMBIGUOUS_COLUMN");
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toContain('column B "服务体系"');
    expect(flags[0]!.message).toContain("column G");
    expect(flags[0]!.message).toContain("column B was used");
  });

  it("the user's mapping wins and then no warning is given for that field", () => {
    const sheet = sheetOf("s", [
      ["党支部名称", ...CRITERIA, "服务体系"],
      ["甲", 10, 20, 20, 20, 20, 20],
    ]);
    const l = layoutOf(sheet, service, { mapping: { system: "G" } });
    expect(l.fields.system?.column).toBe("G");
    expect(l.fields.system?.via).toBe("mapping");
    expect(l.tableFlags.filter((f) => f.code === "AMBIGUOUS_COLUMN")).toEqual([]);
  });

  it("a single matching column gives no warning", () => {
    const sheet = sheetOf("s", [SERVICE_HEADER, [1, "甲", "机关党委", 19, 19, 19, 19, 19, 0.96, "否"]]);
    expect(layoutOf(sheet, service).tableFlags.filter((f) => f.code === "AMBIGUOUS_COLUMN")).toEqual([]);
  });
});

const row = (name: string): RawCell[] => [1, name, "机关党委", 19, 19, 19, 19, 19, 0.96, "否"];

describe("detectLayout: text below the table", () => {
  it("a 填表说明 after blank rows is a note, not a branch, and is never written to", async () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      row("甲"),
      row("乙"),
      [],
      [],
      [null, "填表说明：本表由组织部填写"],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2, 3]);
    expect(l.lastDataRow).toBe(3);
    expect(l.excludedRows).toContainEqual({ row: 6, name: "填表说明：本表由组织部填写", reason: "note" });
    expect(l.notices.some((n) => n.code === "NOTES_BELOW_TABLE" && render(n, "zh").includes("第 6 行"))).toBe(
      true,
    );
    const wb = new MemoryWorkbook([sheet]);
    const r = await recompute(wb, { now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.counts.notRated).toBe(0);
    expect(r.evaluation.rows).toHaveLength(2);
    for (let c = 11; c <= 16; c++) expect(wb.get("s", 6, c)).toBeNull();
  });

  it("an appendix (附：未参评支部, then a name with a non-score remark) is not scored", () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      row("甲"),
      row("乙"),
      [],
      [null, "附：未参评支部"],
      [null, "丙支部", null, null, null, null, null, null, null, "（新成立）"],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2, 3]);
    expect(l.excludedRows.map((x) => x.row)).toEqual([5, 6]);
    const n = l.notices.find((x) => x.code === "NOTES_BELOW_TABLE");
    expect(n && render(n, "zh")).toContain("第 5–6 行");
    expect(n && render(n, "en")).toContain("Rows 5–6");
  });

  it("a named row with blank scores inside the table is still a branch (未评定)", () => {
    const sheet = sheetOf("s", [SERVICE_HEADER, row("甲"), [2, "乙"], row("丙")]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2, 3, 4]);
    expect(l.notices.some((x) => x.code === "NOTES_BELOW_TABLE")).toBe(false);
  });

  it("a named row with blank scores right after the last scored row (no blank row between) is a branch", () => {
    const sheet = sheetOf("s", [SERVICE_HEADER, row("甲"), [2, "乙"]]);
    expect(layoutOf(sheet, service).dataRows).toEqual([2, 3]);
  });

  it("a template with names and no scores yet keeps every named row, blank rows between or not", () => {
    const sheet = sheetOf("s", [SERVICE_HEADER, [1, "甲"], [2, "乙"], [], [3, "丙"]]);
    expect(layoutOf(sheet, service).dataRows).toEqual([2, 3, 5]);
  });

  it("a branch with scores below a blank row is still a branch", () => {
    const sheet = sheetOf("s", [SERVICE_HEADER, row("甲"), [], row("乙")]);
    expect(layoutOf(sheet, service).dataRows).toEqual([2, 4]);
  });

  it("a 注： row inside the table with a remark in the veto column is a note", () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      row("甲"),
      [null, "注：以下为直属支部", null, null, null, null, null, null, null, "见附件"],
      row("乙"),
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2, 4]);
    expect(l.excludedRows).toContainEqual({ row: 3, name: "注：以下为直属支部", reason: "note" });
  });
});

describe("detectLayout: fields nothing reads are not reported as missing", () => {
  it("备注 and 否决事由 absent are not in missingFields, rule fields are", () => {
    const sheet = sheetOf("s", [SERVICE_HEADER, row("甲")]);
    const l = layoutOf(sheet, service);
    expect(l.missingFields).not.toContain("remark");
    expect(l.missingFields).not.toContain("vetoReason");
    expect(l.missingFields).toContain("priorStars");
    expect(l.absentFields).toContain("remark");
  });
});

describe("detectLayout: a standard given another way is not reported as unchecked", () => {
  const star = preset("star-branch");
  const header = ["党支部名称", "考核分数", "标准1", "文体活动次数", "民主评议参加率", "民主评议合格率"];
  it("标准7 by its count and 标准9 by its two rates: neither is missing, nor is 参会率 beside 标准1", () => {
    const l = layoutOf(sheetOf("s", [header, ["甲", 96, "是", 2, 1, 1]]), star);
    expect(l.missingFields).not.toContain("std7");
    expect(l.missingFields).not.toContain("std9");
    expect(l.missingFields).not.toContain("std1Rate");
    // Standards no column gives, and other rules' fields, still are.
    expect(l.missingFields).toEqual(expect.arrayContaining(["std2", "std13", "selfScore", "priorStars"]));
  });
  it("标准9 by one rate only: the other rate is missing (the standard cannot be judged whole)", () => {
    const l = layoutOf(sheetOf("s", [header.slice(0, 5), ["甲", 96, "是", 2, 1]]), star);
    expect(l.missingFields).toContain("std9Pass");
    expect(l.missingFields).not.toContain("std7");
  });
});

describe("recompute/inspect: a notes sheet in front of the tables", () => {
  const notes = sheetOf("说明", [["本表说明"], ["填表人", "张三"]]);
  const y2025 = sheetOf("2025年", [SERVICE_HEADER, row("旧1"), row("旧2")]);
  const y2026 = sheetOf("2026年", [SERVICE_HEADER, row("新1"), row("新2"), row("新3")]);

  it("scores the first sheet with a table, says so and lists the others", async () => {
    const wb = new MemoryWorkbook([notes, y2025, y2026]);
    const r = await recompute(wb, { now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.sheet).toBe("2025年");
    expect(r.evaluation.rows).toHaveLength(2);
    const n = r.notices.find((x) => x.code === "SHEET_FALLBACK");
    expect(n && render(n, "zh")).toContain("「说明」中没有评分表，已使用「2025年」");
    expect(n && render(n, "zh")).toContain("「2026年」");
    expect(n && render(n, "zh")).toContain("--sheet");
    expect(n && render(n, "en")).toContain('"2025年" was used');
    expect(wb.get("2026年", 1, 11)).toBeNull();
    expect(wb.get("说明", 1, 3)).toBeNull();
  });

  it("works with an explicit rubric too", async () => {
    const wb = new MemoryWorkbook([notes, y2026]);
    const r = await recompute(wb, { now: NOW, rubric: service });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.sheet).toBe("2026年");
    const fallback = r.notices.find((x) => x.code === "SHEET_FALLBACK");
    expect(fallback && render(fallback, "zh")).not.toContain("还有");
  });

  it("inspect finds the same sheet", async () => {
    const wb = new MemoryWorkbook([notes, y2025, y2026]);
    const r = await inspect(wb, {});
    if (!r.ok) throw new Error(r.error.message);
    expect(r.sheet).toBe("2025年");
    expect(r.warnings.some((w) => w.includes("已使用「2025年」"))).toBe(true);
  });

  it("an explicitly named sheet without a table still fails", async () => {
    const wb = new MemoryWorkbook([notes, y2025]);
    const r = await recompute(wb, { now: NOW, sheet: "说明" });
    expect(!r.ok && r.error.code).toBe("NO_TABLE");
    expect(wb.applied).toEqual([]);
  });

  it("the default sheet with a table is used without reading any other", async () => {
    const wb = new MemoryWorkbook([y2025, y2026]);
    const r = await recompute(wb, { now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.sheet).toBe("2025年");
    expect(wb.reads).toHaveLength(1);
    expect(r.notices.some((x) => x.code === "SHEET_FALLBACK")).toBe(false);
  });

  it("no sheet with a table: the error lists the visible sheets", async () => {
    const other = sheetOf("会议记录", [["时间", "地点"]]);
    const wb = new MemoryWorkbook([notes, other]);
    const r = await recompute(wb, { now: NOW });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("NO_TABLE");
    expect(r.error.message).toContain("「说明」、「会议记录」");
    expect(r.error.message).toContain("--sheet");
    expect(r.error.msg).toMatchObject({
      code: "NO_TABLE_ON_VISIBLE_SHEETS",
      params: { sheets: ["说明", "会议记录"] },
    });
    expect(wb.applied).toEqual([]);
  });
});

describe("recompute/inspect: a 支部名单 in front of the 评分表", () => {
  const roster = sheetOf("支部名单", [
    ["序号", "党支部名称", "支部书记", "联系电话"],
    [1, "新1", "张三", "123"],
    [2, "新2", "李四", "456"],
  ]);
  const scores = sheetOf("评分表", [SERVICE_HEADER, row("新1"), row("新2")]);

  it("a table with no scoring column gives way to the sheet that scores, and says so", async () => {
    const wb = new MemoryWorkbook([roster, scores]);
    const r = await recompute(wb, { now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.sheet).toBe("评分表");
    expect(r.rubric.id).toBe("service-org");
    const n = r.notices.find((x) => x.code === "SHEET_FALLBACK");
    expect(n && render(n, "zh")).toContain("「支部名单」中没有评分表，已使用「评分表」");
    expect(wb.get("支部名单", 1, 5)).toBeNull();
    const seen = await inspect(new MemoryWorkbook([roster, scores]), {});
    expect(seen.ok && seen.sheet).toBe("评分表");
  });

  it("with no sheet that scores, the roster's own error stands: the columns it lacks", async () => {
    const r = await recompute(new MemoryWorkbook([roster, sheetOf("说明", [["本表说明"]])]), { now: NOW });
    expect(!r.ok && r.error.code).toBe("MISSING_COLUMN");
  });

  it("a scoring table missing one column is not passed over for another sheet", async () => {
    const short = sheetOf("2026年", [SERVICE_HEADER.slice(0, 6), ["1", "新1", "机关党委", 19, 19, 19]]);
    const r = await recompute(new MemoryWorkbook([short, scores]), { now: NOW });
    expect(!r.ok && r.error.code).toBe("MISSING_COLUMN");
    const seen = await inspect(new MemoryWorkbook([short, scores]), {});
    expect(seen.ok && seen.sheet).toBe("2026年");
  });
});

describe("the sheet fallback through the Office.js adapter (in-memory Excel)", () => {
  it("a 说明 tab active in front of the table: the table's sheet is scored and written", async () => {
    const fixture = serviceOrg(3);
    const table = fixture.sheets[0]!;
    fixture.sheets.unshift({ name: "说明", rows: [["本表说明"], ["填表人", "张三"]] });
    fixture.activeSheet = "说明";
    const excel = FakeExcel.fromDescription(fixture);
    const r = await recompute(fakeAdapter(excel), { now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.sheet).toBe(table.name);
    expect(r.evaluation.rows).toHaveLength(3);
    expect(r.warnings.some((w) => w.includes(`已使用「${table.name}」`))).toBe(true);
  });
});

describe("a result column both moved and renamed (SPEC §5: never duplicated)", () => {
  it("is found again through the settings and rewritten in place", async () => {
    const sheet = sheetOf("s", [SERVICE_HEADER, row("甲"), row("乙")]);
    const wb = new MemoryWorkbook([sheet]);
    const first = await recompute(wb, { now: NOW });
    if (!first.ok) throw new Error(first.error.message);
    const tierCol = wb.sheet("s")!.model.values[0]!.indexOf("评定星级") + 1;
    expect(tierCol).toBeGreaterThan(10);
    const model = wb.sheet("s")!.model;
    // The user renames 评定星级, inserts a column before the results and lowers 甲's score.
    model.values[0]![tierCol - 1] = "星级（评定）";
    model.values = model.values.map((r) => [...r.slice(0, 10), null, ...r.slice(10)]);
    model.values[1]![3] = 10;
    const second = await recompute(wb, { now: NOW });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.layout.resultColumns.tier).toMatchObject({ col: tierCol + 1, via: "settings" });
    const headers = wb.sheet("s")!.model.values[0]!;
    expect(headers.filter((h) => h === "评定星级")).toHaveLength(0);
    expect(headers.filter((h) => h === "星级（评定）")).toHaveLength(1);
    expect(wb.get("s", 2, tierCol + 1)).toBe(second.evaluation.rows[0]!.tier);
    expect(second.evaluation.rows[0]!.tier).not.toBe(first.evaluation.rows[0]!.tier);
  });
});
