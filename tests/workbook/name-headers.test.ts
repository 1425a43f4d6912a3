/**
 * SPEC §2.1: the rated units are 党(总)支部, and the name column is headed as the plans name them,
 * in every preset. Parentheses may be full- or half-width and the header may hold spaces.
 */
import type { RawCell } from "../../src/engine/types";
import { chooseRubric, detectLayout } from "../../src/workbook";
import { preset, sheetOf } from "./helpers";

const NAME_HEADERS = [
  "党（总）支部名称",
  "党(总)支部名称",
  "支部（总支）名称",
  "支部(总支)名称",
  "党总支名称",
  "党（总）支部",
  "党 (总) 支部",
  "党支部",
  "支部名称",
  "单位",
  "党总支（支部）名称",
  "党支部（总支）名称",
];

/** A header row and one data row for each preset, with the name header given. */
const TABLES: Record<string, (name: string) => RawCell[][]> = {
  "service-org": (name) => [
    ["序号", name, "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"],
    [1, "机关第一党总支", 19, 19, 19, 19, 19],
  ],
  "star-branch": (name) => [
    ["序号", name, "考核分数"],
    [1, "机关第一党总支", 90],
  ],
  "model-organ": (name) => [
    ["序号", name, "理论学习星", "制度落实星", "党建活动星", "党员先锋星", "自身建设星"],
    [1, "机关第一党总支", "是", "是", "是", "是", "否"],
  ],
};

describe.each(Object.keys(TABLES))("name column headers in %s", (id) => {
  const rubric = preset(id);
  it.each(NAME_HEADERS)("reads a name column headed %s", (header) => {
    const sheet = sheetOf("表", TABLES[id]!(header));
    const r = detectLayout(sheet, rubric);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.layout.fields.name).toMatchObject({ column: "B", header });
    expect(r.layout.dataRows).toEqual([2]);
  });

  it("is still chosen by the headers when the name column is headed 党（总）支部名称", () => {
    const chosen = chooseRubric(sheetOf("表", TABLES[id]!("党（总）支部名称")));
    expect(chosen.ok && chosen.rubric.id).toBe(id);
  });
});
