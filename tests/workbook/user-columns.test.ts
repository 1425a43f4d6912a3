/**
 * A column the user made under a result column's header (评定星级, 评定总分, 评定标记 …) before the
 * tool wrote anything there: the run stops rather than write its results over the user's values,
 * unless they are what it writes there or an earlier run's results (src/workbook/user-columns.ts).
 */
import type { RawCell } from "../../src/engine/types";
import { recompute, type RecomputeResult } from "../../src/workbook";
import { NOW, SERVICE_HEADER, sheetOf } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

/** Two branches (96 → 五星级, 85 → 三星级) with the user's own columns right of the table. */
function table(extraHeader: string[], extra: RawCell[][]): MemoryWorkbook {
  return new MemoryWorkbook([
    sheetOf("评分表", [
      ["2026年度评定表"],
      [...SERVICE_HEADER, ...extraHeader],
      [1, "第一党支部", "机关党委", 19, 19, 19, 19, 20, 0.98, "否", ...extra[0]!],
      [2, "第二党支部", "机关党委", 17, 17, 17, 17, 17, 0.98, "否", ...extra[1]!],
    ]),
  ]);
}

async function refused(wb: MemoryWorkbook): Promise<{ code: string; zh: string; en: string }> {
  const r = await recompute(wb, { now: NOW });
  if (r.ok) throw new Error("expected the run to stop");
  expect(wb.applied).toEqual([]);
  return { code: r.error.code, zh: r.error.text("zh"), en: r.error.text("en") };
}

async function scored(wb: MemoryWorkbook): Promise<RecomputeResult & { ok: true }> {
  const r = await recompute(wb, { now: NOW });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe("a result column the user made before the first run", () => {
  it("holding the committee's own tiers is not written over: the run stops, naming the cells", async () => {
    const wb = table(
      ["评定星级", "党委意见"],
      [
        ["五星级（党委会定）", "同意"],
        ["四星级（党委会定）", "同意"],
      ],
    );
    const r = await refused(wb);
    expect(r.code).toBe("USER_VALUES");
    expect(r.zh).toBe(
      "工作表「评分表」的「评定星级」列已有内容（K3「五星级（党委会定）」、K4「四星级（党委会定）」），与本次评定结果不同，" +
        "工作簿中也没有本工具写出它们的记录，可能是手工填写的：本工具要在这一列写评定结果，会覆盖它们。" +
        "请把这一列的表头改名（如「手填评定星级」，本工具会在表格右侧另写评定列）；如果它们是以前评定写出的结果，请先清空这一列，再评定。未写入任何内容。",
    );
    expect(r.en).toContain(
      'the column "评定星级" already holds values (K3 "五星级（党委会定）", K4 "四星级（党委会定）")',
    );
  });

  it.each([
    ["评定总分 typed by hand", "评定总分", [100, 85] as RawCell[], "K3「100」"],
    ["a note in 评定标记", "评定标记", ["需复核", null] as RawCell[], "K3「需复核」"],
    [
      "meeting notes in 评定说明",
      "评定说明",
      [null, "党委会议第1次研究"] as RawCell[],
      "K4「党委会议第1次研究」",
    ],
    [
      "a valid tier typed over what the scores give",
      "评定星级",
      ["四星级", "三星级"] as RawCell[],
      "K3「四星级」",
    ],
  ])("%s stops the run too", async (_what, header, values, cell) => {
    const r = await refused(
      table(
        [header],
        values.map((v) => [v]),
      ),
    );
    expect(r.code).toBe("USER_VALUES");
    expect(r.zh).toContain(`「${header}」列已有内容（${cell}`);
  });

  it("holding just what this run writes there (a copy of results without their settings) is written", async () => {
    const wb = table(
      ["评定总分", "评定星级"],
      [
        [96, "五星级"],
        [85, null],
      ],
    );
    const r = await scored(wb);
    expect(r.layout.resultColumns.tier?.column).toBe("L");
    expect(wb.get("评分表", 4, 12)).toBe("三星级");
  });

  it("in rows an earlier run wrote (its 评定说明 a run's chain) is written over: the settings were lost, the scores changed", async () => {
    const wb = table(
      ["评定星级", "评定说明"],
      [
        ["四星级", "总分91.00 → 四星级"],
        ["三星级", "总分85.00 → 三星级"],
      ],
    );
    await scored(wb);
    expect(wb.get("评分表", 3, 11)).toBe("五星级");
    expect(wb.get("评分表", 3, 12)).toBe("总分96.00 → 五星级");
  });

  it("renamed, is left as it is and the results go right of the table", async () => {
    const wb = table(["手填评定星级"], [["五星级（党委会定）"], ["四星级（党委会定）"]]);
    const r = await scored(wb);
    expect(wb.get("评分表", 3, 11)).toBe("五星级（党委会定）");
    expect(r.layout.resultColumns.tier).toBeUndefined();
    expect(wb.get("评分表", 2, 12)).toBe("评定总分");
  });
});
