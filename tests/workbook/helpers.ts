/** Sheets built in code for the workbook tests. */
import { getPreset } from "../../src/engine";
import type { RawCell, Rubric } from "../../src/engine/types";
import type { SheetModel } from "../../src/workbook/model";

export function sheetOf(name: string, rows: RawCell[][], extra: Partial<SheetModel> = {}): SheetModel {
  return {
    name,
    values: rows.map((r) => r.slice()),
    merges: [],
    hiddenRows: [],
    hiddenColumns: [],
    ...extra,
  };
}

export function preset(id: string): Rubric {
  const r = getPreset(id);
  if (!r) throw new Error(`no preset ${id}`);
  return r;
}

export const SERVICE_HEADER: RawCell[] = [
  "序号",
  "党支部名称",
  "所属党委",
  "服务体系",
  "服务队伍",
  "服务机制",
  "服务保障",
  "服务业绩",
  "群众满意率",
  "一票否决",
];

/** smallServiceSheet's branches with the stars a run gives them (null: not rated), in row order. */
export const SMALL_SHEET_STARS: [string, number | null][] = [
  ["第一党支部", 5],
  ["第二党支部", 4],
  ["第三党支部", 4],
  ["第四党支部", 3],
  ["第五党支部", null],
];

/**
 * A small service-org table, header in row 2 (title in row 1), data in rows 3–7:
 * 96 五星级, 90 四星级, 90 四星级 (tie), 85 三星级, one with a missing score.
 */
export function smallServiceSheet(name = "评分表"): SheetModel {
  return sheetOf(name, [
    ["2026年度星级服务型党支部评定表"],
    SERVICE_HEADER,
    [1, "第一党支部", "机关党委", 19, 19, 19, 19, 20, 0.98, "否"],
    [2, "第二党支部", "机关党委", 18, 18, 18, 18, 18, 0.96, "否"],
    [3, "第三党支部", "直属党委", 18, 18, 18, 18, 18, "97%", "否"],
    [4, "第四党支部", "直属党委", 17, 17, 17, 17, 17, 0.95, "否"],
    [5, "第五党支部", "直属党委", 17, null, 17, 17, 17, 0.95, "否"],
  ]);
}

export const NOW = new Date("2026-12-01T08:00:00Z");
