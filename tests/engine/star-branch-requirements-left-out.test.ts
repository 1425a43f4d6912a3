/**
 * 附：五星级党支部评定标准 (篇2) asks more of standards 1, 7 and 9 than their number columns show:
 * 参会率 is not 无迟到早退, 文体活动次数 is not 有创意, the 民主评议 rates are not 批评与自我批评. A sheet
 * that gives a standard only as numbers gets one run-level note naming what went unchecked, in the
 * plan's words; the 是/否 column of a standard answers for all of it (docs/schemes.md "Requirements
 * no column reads"). The rating itself does not change.
 */
import { evaluateTable, parseRubric } from "../../src/engine";
import type { Evaluation, Flag, Lang, RawCell, Rubric } from "../../src/engine/types";
import { makeTable, preset, serviceRow } from "./support";

const YES_NO = Array.from({ length: 13 }, (_, i) => `std${i + 1}`);

/** One branch at 97 points, every 是/否 standard met except those left out, plus the given cells. */
function rate(
  leaveOutYesNo: number[],
  numbers: Record<string, RawCell>,
  lang: Lang = "zh",
  rows = 1,
): Evaluation {
  const cells: Record<string, RawCell> = {};
  YES_NO.forEach((id, i) => {
    if (!leaveOutYesNo.includes(i + 1)) cells[id] = "是";
  });
  Object.assign(cells, numbers);
  const ids = ["name", "score", ...Object.keys(cells)];
  const data = Array.from({ length: rows }, (_, i) => ({ name: `第${i + 1}党支部`, score: 97, ...cells }));
  return evaluateTable(preset("star-branch"), makeTable(ids, data), { lang });
}

function leftOut(ev: Evaluation): Flag[] {
  return ev.tableFlags.filter((f) => f.text.code === "REQUIREMENTS_LEFT_OUT");
}

const STD1_ZH =
  "1.参会及任务完成（只读了参会率）：「无迟到早退现象」、「出色完成上级党组织下达的各项重点工作任务」、" +
  "「按时保质完成上级党组织交办的其它工作任务」";
const STD7_ZH =
  "7.文体活动（只读了文体活动次数）：「有创意」、「结合实际设计活动载体，采取多种形式」、" +
  "「载体科学，开展有序，记录详细，效果明显」";
const STD9_ZH =
  "9.民主评议（只读了民主评议参加率、民主评议合格率）：「每个党员都能认真开展批评与自我批评」、" +
  "「能结合实际提出存在问题」、「正确认识问题和明确今后改进目标」";
const LEAD_ZH = "五星级标准中的以下要求在表中没有对应的列，未检查，请另行核实：";

describe("star-branch: requirements that no column of the sheet reads", () => {
  it("参会率 without a 标准1 column: 无迟到早退 and the two task requirements are said to be unchecked", () => {
    const ev = rate([1], { std1Rate: "100%" });
    expect(leftOut(ev).map((f) => [f.severity, f.code, f.message])).toEqual([
      ["info", "NOT_CHECKED", LEAD_ZH + STD1_ZH],
    ]);
  });

  it("文体活动次数 without a 标准7 column: 有创意 is said to be unchecked", () => {
    expect(leftOut(rate([7], { std7Count: 3 })).map((f) => f.message)).toEqual([LEAD_ZH + STD7_ZH]);
  });

  it("the 民主评议 rates without a 标准9 column: 批评与自我批评 is said to be unchecked", () => {
    const ev = rate([9], { std9Participation: 1, std9Pass: 1 });
    expect(leftOut(ev).map((f) => f.message)).toEqual([LEAD_ZH + STD9_ZH]);
  });

  it("one rate of 标准9 alone: the other rate is not checked, and neither is 批评与自我批评", () => {
    const ev = rate([9], { std9Participation: 1 });
    const messages = ev.tableFlags.filter((f) => f.code === "NOT_CHECKED").map((f) => f.message);
    expect(messages).toContain("五星级标准部分未检查：表中没有民主评议合格率列");
    expect(messages).toContain(
      LEAD_ZH +
        "9.民主评议（只读了民主评议参加率）：「每个党员都能认真开展批评与自我批评」、" +
        "「能结合实际提出存在问题」、「正确认识问题和明确今后改进目标」",
    );
  });

  it("three standards given only as numbers: one note listing them in the plan's order", () => {
    const ev = rate([1, 7, 9], { std1Rate: 1, std7Count: 2, std9Participation: 1, std9Pass: 1 });
    expect(leftOut(ev).map((f) => f.message)).toEqual([`${LEAD_ZH}${STD1_ZH}；${STD7_ZH}；${STD9_ZH}`]);
  });

  it("a 是/否 column for the standard answers for all of it, with or without the numbers", () => {
    const numbers = { std1Rate: 1, std7Count: 2, std9Participation: 1, std9Pass: 1 };
    expect(leftOut(rate([1], numbers)).map((f) => f.message)).toEqual([LEAD_ZH + STD1_ZH]);
    expect(leftOut(rate([], numbers))).toEqual([]);
    expect(leftOut(rate([], {}))).toEqual([]);
  });

  it("says it once for the table, never on a row, however many rows", () => {
    const ev = rate([7], { std7Count: 3 }, "zh", 4);
    expect(leftOut(ev)).toHaveLength(1);
    expect(ev.rows.flatMap((r) => r.flags).filter((f) => f.text.code === "REQUIREMENTS_LEFT_OUT")).toEqual(
      [],
    );
  });

  it("no standard column at all: only the rule's own 未检查, no list of requirements", () => {
    const ev = evaluateTable(preset("star-branch"), makeTable(["name", "score"], [{ name: "a", score: 97 }]));
    expect(ev.tableFlags.map((f) => f.message)).toContain(
      "未检查五星级标准：表中没有1.参会及任务完成、2.班子健全团结、3.学习型组织创建、4.三年无违法违纪、5.创先争优、6.无违规通报、7.文体活动、8.三年无工作失误、9.民主评议、10.制度档案规范、11.计划落实、12.工作创新、13.考核排名第一列",
    );
    expect(leftOut(ev)).toEqual([]);
  });

  it("does not change the rating: 97 points with every column met is 五星级 with numbers alone", () => {
    const ev = rate([1, 7, 9], { std1Rate: 1, std7Count: 2, std9Participation: 1, std9Pass: 1 });
    expect(ev.rows[0]!.tier).toBe("五星级");
    expect(ev.rows[0]!.stars).toBe(5);
  });

  it("says it in English in an English run", () => {
    expect(leftOut(rate([7], { std7Count: 3 }, "en")).map((f) => f.message)).toEqual([
      "Five-star standards: these requirements have no column in the table and were not checked " +
        "(verify them separately): 7. Cultural and sports activities (only Cultural and sports activities " +
        '(count) read): "creative", "activities designed for the branch, in varied forms", ' +
        '"sound formats, orderly conduct, detailed records, clear results"',
    ]);
  });
});

describe("the other presets' gates read all they ask", () => {
  it("service-org with 群众满意率 and both 差错 columns: nothing left out", () => {
    const row = serviceRow([19, 19, 19, 19, 19], { satisfaction: "96%", zeroErrors: "是", errors: "无" });
    const ev = evaluateTable(preset("service-org"), makeTable(Object.keys(row), [row]));
    expect(leftOut(ev)).toEqual([]);
  });

  it("model-organ, every star given: nothing left out", () => {
    const stars = ["theory", "institution", "activity", "vanguard", "selfBuilding"];
    const row: Record<string, RawCell> = { name: "a", ...Object.fromEntries(stars.map((s) => [s, "是"])) };
    const ev = evaluateTable(preset("model-organ"), makeTable(Object.keys(row), [row]));
    expect(leftOut(ev)).toEqual([]);
  });
});

describe("an office's own rubric may say what a column leaves out", () => {
  const own = (leavesOut: unknown): unknown => {
    const r = structuredClone(preset("star-branch")) as Rubric & { id: string };
    r.id = "own-branch";
    const gate = r.rules.find((x) => x.code === "FIVE_STAR_STANDARD_UNMET")!;
    gate.when = {
      all: [{ field: "std13", op: "is", value: true, label: "13.考核排名第一", leavesOut } as never],
    };
    return r;
  };

  it("a leavesOut on a condition is said when the table reads the part only through it", () => {
    const parsed = parseRubric(own([{ label: "达到目标考核分", labelEn: "target score reached" }]));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const ev = evaluateTable(
      parsed.rubric,
      makeTable(["name", "score", "std13"], [{ name: "a", score: 97, std13: "是" }]),
    );
    expect(leftOut(ev).map((f) => f.message)).toEqual([
      `${LEAD_ZH}13.考核排名第一（只读了标准13 考核排名第一）：「达到目标考核分」`,
    ]);
  });

  it("an empty list or an entry without a label is refused", () => {
    expect(parseRubric(own([])).ok).toBe(false);
    expect(parseRubric(own([{ labelEn: "target" }])).ok).toBe(false);
    expect(parseRubric(own([{ label: "达到目标考核分", extra: 1 }])).ok).toBe(false);
  });
});
