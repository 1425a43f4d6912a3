/**
 * Which rows are not branches (SPEC §3): a row is a 合计/小计/总计/平均 row by its NAME cell, never
 * because such a word stands in the 序号 column or in a cell left of the table; and every row that
 * is skipped is said so, with the reason, in a table-level info flag.
 */
import type { RawCell } from "../../src/engine/types";
import { detectLayout, recompute, type Layout } from "../../src/workbook";
import { NOW, preset, SERVICE_HEADER, sheetOf } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

const service = preset("service-org");

function layoutOf(...args: Parameters<typeof detectLayout>): Layout {
  const r = detectLayout(...args);
  if (!r.ok) throw new Error(r.error.message);
  return r.layout;
}

const scores = (n: number): RawCell[] => [n, n, n, n, n];

function skippedFlag(l: Layout) {
  return l.tableFlags.find((f) => f.code === "ROWS_SKIPPED");
}

describe("total rows are decided by the name column", () => {
  it("a branch whose 序号 cell says 合计 is still a branch (issue 10)", () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      [1, "第一党支部", "机关党委", ...scores(19)],
      ["合计", "第二党支部", "机关党委", ...scores(18)],
      ["小计", "第三党支部", "机关党委", ...scores(17)],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2, 3, 4]);
    expect(l.excludedRows).toEqual([]);
    expect(skippedFlag(l)).toBeUndefined();
  });

  it("a word in a cell left of the table does not drop the branch beside it", () => {
    const sheet = sheetOf("s", [
      [null, "党支部名称", "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"],
      ["总计", "第一党支部", ...scores(19)],
      ["平均", "第二党支部", ...scores(18)],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2, 3]);
  });

  it("a row named 合计 in the name column is not a branch, and is listed as skipped", () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      [1, "第一党支部", "机关党委", ...scores(19)],
      [2, "第二党支部", "机关党委", ...scores(18)],
      [null, "合 计", null, ...scores(37)],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2, 3]);
    expect(l.excludedRows).toEqual([{ row: 4, name: "合 计", reason: "total" }]);
    const flag = skippedFlag(l)!;
    expect(flag.severity).toBe("info");
    expect(flag.message).toBe("有 1 行未作为支部评定：第4行（合计行「合 计」）");
  });

  it("合计 merged over 序号 and the name cell is read through the merge", () => {
    const sheet = sheetOf(
      "s",
      [SERVICE_HEADER, [1, "第一党支部", "机关党委", ...scores(19)], ["合计", null, null, ...scores(19)]],
      { merges: [{ top: 3, left: 1, bottom: 3, right: 2 }] },
    );
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2]);
    expect(l.excludedRows).toEqual([{ row: 3, name: "合计", reason: "total" }]);
  });

  it("a row with no name and 总计 in its 序号 cell is a total row (no branch is named there)", () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      [1, "第一党支部", "机关党委", ...scores(19)],
      ["总 计", null, null, ...scores(19)],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.dataRows).toEqual([2]);
    expect(l.excludedRows).toEqual([{ row: 3, name: "总 计", reason: "total" }]);
  });

  it("lists every skipped row with its reason, in English too", () => {
    const sheet = sheetOf("s", [
      SERVICE_HEADER,
      [1, "第一党支部", "机关党委", ...scores(19)],
      SERVICE_HEADER,
      [2, "第二党支部", "机关党委", ...scores(18)],
      [null, "平均分", null, ...scores(18.5)],
      [null, "填表人：张三"],
    ]);
    const zh = skippedFlag(layoutOf(sheet, service))!;
    expect(zh.message).toBe(
      "有 3 行未作为支部评定：第3行（重复的表头）、第5行（合计行「平均分」）、第6行（说明文字「填表人：张三」）",
    );
    const en = skippedFlag(layoutOf(sheet, service, { lang: "en" }))!;
    expect(en.message).toBe(
      '3 rows were not rated as branches: row 3 (the header repeated), row 5 (a total row "平均分"), row 6 (a note "填表人：张三")',
    );
  });

  it("end to end: the branch with 合计 in its 序号 cell is rated and written", async () => {
    const sheet = sheetOf("评分表", [
      SERVICE_HEADER,
      [1, "第一党支部", "机关党委", ...scores(18), 0.96, "否"],
      ["合计", "第二党支部", "机关党委", ...scores(20), 0.98, "否"],
    ]);
    const wb = new MemoryWorkbook([sheet]);
    const r = await recompute(wb, { now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.evaluation.rows.map((x) => [x.name, x.tier])).toEqual([
      ["第一党支部", "四星级"],
      ["第二党支部", "五星级"],
    ]);
  });
});
