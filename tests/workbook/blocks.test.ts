/**
 * Side-by-side blocks (SPEC §2.1): the group header cells directly above the columns decide which
 * block is which, never the title row. The committee block supplies the criterion scores; the self
 * block the self score (its sum) and per-criterion self scores for the explanation; a survey block
 * what it holds. Both blocks are named in the mapping (BLOCKS_READ, layout.blocks).
 */
import type { RawCell } from "../../src/engine/types";
import { detectLayout, recompute, toInputTable, type Layout } from "../../src/workbook";
import type { CellRect } from "../../src/workbook/model";
import { NOW, preset, sheetOf } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

const service = preset("service-org");
const CRITERIA = ["服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"];
const CRITERION_IDS = ["system", "team", "mechanism", "support", "performance"];

function layoutOf(...args: Parameters<typeof detectLayout>): Layout {
  const r = detectLayout(...args);
  if (!r.ok) throw new Error(r.error.message);
  return r.layout;
}

const criteriaColumns = (l: Layout): string[] => CRITERION_IDS.map((id) => l.fields[id]?.column ?? "-");

/**
 * Row 1: a title merged over the whole table that names both assessments; row 2: 序号, 党支部名称
 * (merged down), the two group headers, 群众满意率 (merged down); row 3: the criteria twice.
 * 第一党支部 rates itself 20,20,20,20,19 (99) and the committee gives 19,18,15,18,18 (88, 三星级).
 */
function comparisonSheet(
  groups: [string, string] = ["支部自评", "机关党委考评"],
  title = "2026年度党支部星级评定自评与考评对照表",
) {
  const merges: CellRect[] = [
    { top: 1, left: 1, bottom: 1, right: 13 },
    { top: 2, left: 1, bottom: 3, right: 1 },
    { top: 2, left: 2, bottom: 3, right: 2 },
    { top: 2, left: 3, bottom: 2, right: 7 },
    { top: 2, left: 8, bottom: 2, right: 12 },
    { top: 2, left: 13, bottom: 3, right: 13 },
  ];
  const rows: RawCell[][] = [
    [title],
    [
      "序号",
      "党支部名称",
      groups[0],
      null,
      null,
      null,
      null,
      groups[1],
      null,
      null,
      null,
      null,
      "群众满意率",
    ],
    [null, null, ...CRITERIA, ...CRITERIA, null],
    [1, "第一党支部", 20, 20, 20, 20, 19, 19, 18, 15, 18, 18, 0.97],
    [2, "第二党支部", 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 0.96],
  ];
  return sheetOf("对照表", rows, { merges });
}

describe("a title naming both assessments does not decide the blocks", () => {
  it("reads the criteria from the committee block under a 自评与考评对照表 title", () => {
    const l = layoutOf(comparisonSheet(), service);
    expect(l.headerRow).toBe(3);
    expect(criteriaColumns(l)).toEqual(["H", "I", "J", "K", "L"]);
    expect(l.blocks.map((b) => [b.kind, b.title, b.columns])).toEqual([
      ["self", "支部自评", "C–G"],
      ["committee", "机关党委考评", "H–L"],
    ]);
    expect(l.selfColumns.mechanism).toEqual({ col: 5, column: "E" });
    expect(l.selfSum).toEqual({ fieldId: "selfScore", cols: [3, 4, 5, 6, 7], header: "支部自评 C–G" });
    // Decided by the group headers: said once (info), not as five AMBIGUOUS_COLUMN warnings.
    expect(l.tableFlags.filter((f) => f.code === "AMBIGUOUS_COLUMN")).toEqual([]);
    const read = l.tableFlags.find((f) => f.code === "BLOCKS_READ")!;
    expect(read.severity).toBe("info");
    expect(read.message).toBe(
      "按各列上方的分组表头读取：C–G 列「支部自评」：支部自评，不据此评定，合计作为自评分，逐项与评定分对照写入评定说明；H–L 列「机关党委考评」：机关党委评定分，据此评定",
    );
  });

  it("works with the committee block first and the self block second", () => {
    const l = layoutOf(comparisonSheet(["机关党委评定", "支部自查"]), service);
    expect(criteriaColumns(l)).toEqual(["C", "D", "E", "F", "G"]);
    expect(l.blocks.map((b) => b.kind)).toEqual(["committee", "self"]);
  });

  it("gives the engine the self block's sum as the self score", () => {
    const sheet = comparisonSheet();
    const t = toInputTable(sheet, layoutOf(sheet, service));
    expect(t.fields.selfScore).toEqual({ column: "", header: "支部自评 C–G" });
    expect(t.rows.map((r) => r.cells.selfScore)).toEqual([99, 90]);
    expect(t.rows[0]!.cells.mechanism).toBe(15);
  });

  it("end to end: rates the committee's scores and compares the self scores in the explanation", async () => {
    const wb = new MemoryWorkbook([comparisonSheet()]);
    const r = await recompute(wb, { now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    const [first, second] = r.evaluation.rows;
    expect(first!.total).toBe(88);
    expect(first!.tier).toBe("三星级");
    expect(first!.flags.map((f) => f.code)).toContain("SELF_SCORE_HIGHER");
    expect(first!.explanation).toContain(
      "自评与考评不同：服务体系 自评20 / 考评19，服务队伍 自评20 / 考评18，服务机制 自评20 / 考评15，服务保障 自评20 / 考评18，服务业绩 自评19 / 考评18",
    );
    expect(second!.total).toBe(90);
    expect(second!.explanation).not.toContain("自评与考评不同");
    expect(r.evaluation.tableFlags.map((f) => f.code)).toContain("BLOCKS_READ");
  });

  it("reads the explanation's comparison in English when asked", async () => {
    const wb = new MemoryWorkbook([comparisonSheet()]);
    const r = await recompute(wb, { now: NOW, lang: "en" });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.evaluation.rows[0]!.explanation).toContain("Service mechanism self 20 / committee 15");
  });
});

describe("three blocks: 自评 | 测评 | 考评", () => {
  /** 支部自评 C–G, 党员群众测评 H (群众满意率), 机关党委考评 I–M; no group cell is merged. */
  function threeBlocks() {
    return sheetOf("表", [
      ["2026年度星级服务型党支部自评、测评、考评汇总表"],
      ["序号", "党支部名称", "支部自评", null, null, null, null, "党员群众测评", "机关党委考评"],
      ["序号", "党支部名称", ...CRITERIA, "群众满意率", ...CRITERIA],
      [1, "第一党支部", 20, 20, 20, 20, 20, 0.93, 19, 19, 19, 19, 19],
    ]);
  }

  it("scores the committee block, takes satisfaction from the survey block, and lists all three", () => {
    const l = layoutOf(threeBlocks(), service);
    expect(criteriaColumns(l)).toEqual(["I", "J", "K", "L", "M"]);
    expect(l.fields.satisfaction?.column).toBe("H");
    expect(l.blocks.map((b) => [b.kind, b.title, b.columns])).toEqual([
      ["self", "支部自评", "C–G"],
      ["survey", "党员群众测评", "H"],
      ["committee", "机关党委考评", "I–M"],
    ]);
    expect(l.tableFlags.find((f) => f.code === "BLOCKS_READ")?.message).toContain(
      "H 列「党员群众测评」：测评，只读取其中的群众满意率",
    );
  });

  it("end to end: 95 from the committee, capped by the survey's 93%", async () => {
    const r = await recompute(new MemoryWorkbook([threeBlocks()]), { now: NOW });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.evaluation.rows[0]).toMatchObject({ total: 95, tier: "四星级" });
  });
});

describe("never the self block silently", () => {
  it("a lone self block is used as it is, and the table says so", () => {
    const sheet = sheetOf(
      "表",
      [
        ["序号", "党支部名称", "支部自评", null, null, null, null],
        [null, null, ...CRITERIA],
        [1, "第一党支部", 19, 19, 19, 19, 19],
      ],
      { merges: [{ top: 1, left: 3, bottom: 1, right: 7 }] },
    );
    const l = layoutOf(sheet, service);
    expect(criteriaColumns(l)).toEqual(["C", "D", "E", "F", "G"]);
    expect(l.selfSum).toBeUndefined();
    expect(l.tableFlags.find((f) => f.code === "BLOCKS_READ")?.message).toContain(
      "C–G 列「支部自评」：表中没有机关党委考评分组，按此分组的分数评定",
    );
  });

  it("a criterion found only in the self block beside a committee block is refused, not scored", () => {
    const sheet = sheetOf(
      "表",
      [
        ["党支部名称", "支部自评", null, null, null, null, "机关党委考评", null, null, null],
        [null, ...CRITERIA, ...CRITERIA.slice(0, 4)],
        ["第一党支部", 20, 20, 20, 20, 20, 18, 18, 18, 18],
      ],
      {
        merges: [
          { top: 1, left: 1, bottom: 2, right: 1 },
          { top: 1, left: 2, bottom: 1, right: 6 },
          { top: 1, left: 7, bottom: 1, right: 10 },
        ],
      },
    );
    const r = detectLayout(sheet, service);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("MISSING_COLUMN");
    const params = r.error.msg.code === "MISSING_COLUMN" ? r.error.msg.params : null;
    expect(params?.missing.map((f) => f.label)).toEqual(["服务业绩"]);
    expect(r.error.message).toContain(
      "「服务业绩」只在「支部自评」下：表中有机关党委考评分组，自评和测评的分数不作评定分。",
    );
  });

  it("a mapping carried from an earlier run that points into the self block is not followed", () => {
    const carried = {
      sheet: "对照表",
      headerRow: 3,
      columns: { name: "B", system: "C", mechanism: "E" },
      headers: { name: "党支部名称", system: "服务体系", mechanism: "服务机制" },
    };
    const l = layoutOf(comparisonSheet(), service, { carried });
    expect(criteriaColumns(l)).toEqual(["H", "I", "J", "K", "L"]);
    expect(l.notices.filter((n) => n.code === "MAPPING_SELF_BLOCK")).toHaveLength(2);
  });

  it("the user's own choice this run still wins", () => {
    const l = layoutOf(comparisonSheet(), service, { mapping: { system: "C" } });
    expect(l.fields.system).toMatchObject({ column: "C", via: "mapping" });
  });

  it("a title directly above duplicated criteria decides nothing: the first is used with a warning", () => {
    const sheet = sheetOf(
      "表",
      [
        ["2026年度机关党委考评表"],
        ["党支部名称", ...CRITERIA, ...CRITERIA],
        ["第一党支部", 20, 20, 20, 20, 20, 18, 18, 18, 18, 18],
      ],
      { merges: [{ top: 1, left: 1, bottom: 1, right: 11 }] },
    );
    const l = layoutOf(sheet, service);
    expect(l.blocks).toEqual([]);
    expect(criteriaColumns(l)).toEqual(["B", "C", "D", "E", "F"]);
    expect(l.tableFlags.filter((f) => f.code === "AMBIGUOUS_COLUMN")).toHaveLength(5);
  });
});

describe("lines above the header that are not group headers", () => {
  it("a 填报单位：… line right above the header row makes no block", () => {
    const sheet = sheetOf("表", [
      ["填报单位：机关党委", null, null, null, "填报日期：2026年12月"],
      ["党支部名称", ...CRITERIA],
      ["第一党支部", 19, 19, 19, 19, 19],
    ]);
    const l = layoutOf(sheet, service);
    expect(l.blocks).toEqual([]);
    expect(l.tableFlags.filter((f) => f.code === "BLOCKS_READ")).toEqual([]);
    expect(criteriaColumns(l)).toEqual(["B", "C", "D", "E", "F"]);
  });
});

describe("blocks in star-branch", () => {
  it("takes the committee's 考核得分 and the self block's as the self score", () => {
    const sheet = sheetOf(
      "表",
      [
        ["党支部名称", "支部自评", "机关党委评定"],
        [null, "考核得分", "考核得分"],
        ["第一党支部", 98, 93],
      ],
      { merges: [{ top: 1, left: 1, bottom: 2, right: 1 }] },
    );
    const star = preset("star-branch");
    const l = layoutOf(sheet, star);
    expect(l.fields.score?.column).toBe("C");
    expect(l.selfSum).toEqual({ fieldId: "selfScore", cols: [2], header: "支部自评 B" });
    expect(toInputTable(sheet, l).rows[0]!.cells.selfScore).toBe(98);
  });
});
