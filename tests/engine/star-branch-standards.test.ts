/**
 * 附：五星级党支部评定标准 (篇2). Standards 1, 7 and 9 may be given as yes/no and as numbers; when a
 * sheet has both, every one must hold. 4, 6 and 8 are absences (无 = met). 13 (考核排名第一) is true
 * of one branch per group (docs/schemes.md "star-branch").
 */
import { evaluateTable } from "../../src/engine";
import type { RawCell } from "../../src/engine/types";
import { codes, makeTable, preset, plainFlag } from "./support";

const ALL_STD = Array.from({ length: 13 }, (_, i) => `std${i + 1}`);
const allMet: Record<string, RawCell> = Object.fromEntries(ALL_STD.map((id) => [id, "是"]));

function evalStar(extra: Record<string, RawCell>, score: RawCell = 97) {
  const cells = { ...allMet, ...extra };
  const ev = evaluateTable(
    preset("star-branch"),
    makeTable(["name", "score", ...Object.keys(cells)], [{ name: "a", score, ...cells }]),
  );
  return { row: ev.rows[0]!, tableFlags: ev.tableFlags };
}

function unmet(extra: Record<string, RawCell>): string | undefined {
  return evalStar(extra).row.flags.find((f) => f.code === "FIVE_STAR_STANDARD_UNMET")?.message;
}

describe("standard 7: 至少两次且有创意", () => {
  it("否 with 3 activities is not met (否 + 3次 does not give 五星级)", () => {
    const { row } = evalStar({ std7: "否", std7Count: 3 });
    expect(row.stars).toBe(4);
    expect(unmet({ std7: "否", std7Count: 3 })).toBe("未达到五星级标准：7.文体活动");
  });

  it("the flag points at the cell that fails: the count for 是 with 1 activity, the 否 for 否 with 3", () => {
    // Columns: name B, score C, std1–std13 D–P, then std7Count Q (std7 is J).
    const cellOf = (extra: Record<string, RawCell>) =>
      evalStar(extra).row.flags.find((f) => f.code === "FIVE_STAR_STANDARD_UNMET")?.cell;
    expect(cellOf({ std7: "是", std7Count: 1 })).toBe("Q3");
    expect(cellOf({ std7: "否", std7Count: 3 })).toBe("J3");
    expect(cellOf({ std7: "是", std7Count: null })).toBe("Q3");
    // 标准9 as 是 with both rates (Q, R): the one below 100%.
    expect(cellOf({ std9Participation: "100%", std9Pass: "98%" })).toBe("R3");
    expect(cellOf({ std9Participation: "90%", std9Pass: "100%" })).toBe("Q3");
  });

  it("是 with 1 activity is not met; 是 with 2 is met", () => {
    expect(evalStar({ std7: "是", std7Count: 1 }).row.stars).toBe(4);
    expect(evalStar({ std7: "是", std7Count: "2次" }).row.stars).toBe(5);
  });

  it("the count alone (no 是/否 column): 2 is met, 1 is not", () => {
    const without7 = { ...allMet };
    delete without7.std7;
    const ids = ["name", "score", ...Object.keys(without7), "std7Count"];
    const run = (count: number) =>
      evaluateTable(
        preset("star-branch"),
        makeTable(ids, [{ name: "a", score: 97, ...without7, std7Count: count }]),
      );
    expect(run(2).rows[0]!.stars).toBe(5);
    expect(run(1).rows[0]!.stars).toBe(4);
    // The absent 是/否 column is an alternative, not a missing column; what the count cannot show
    // (有创意 …) is said once, as not checked (docs/schemes.md "Requirements no column reads").
    const said = run(2).tableFlags.map((f) => f.message);
    expect(said.filter((m) => m.includes("表中没有7.文体活动"))).toEqual([]);
    expect(said.filter((m) => m.includes("文体活动"))).toEqual([
      "五星级标准中的以下要求在表中没有对应的列，未检查，请另行核实：7.文体活动（只读了文体活动次数）：" +
        "「有创意」、「结合实际设计活动载体，采取多种形式」、「载体科学，开展有序，记录详细，效果明显」",
    ]);
  });

  it("a blank 是/否 with 1 activity is not met whatever the blank holds (no 未填); with 3 it is 未填", () => {
    expect(unmet({ std7: "", std7Count: 1 })).toBe("未达到五星级标准：7.文体活动");
    expect(unmet({ std7: "", std7Count: 3 })).toBe("未达到五星级标准：7.文体活动（未填）");
  });

  it("the 是/否 column alone is met by 是, and the missing count column is not reported", () => {
    const { row, tableFlags } = evalStar({});
    expect(row.stars).toBe(5);
    expect(tableFlags.map((f) => f.message).join()).not.toContain("文体活动次数");
  });
});

/**
 * 文体活动次数 holds how many (标准7 “至少两次”): written as a number or in words, with 次 or 个. A
 * yes/no word is not a count (篇2 gives 是/否 no number; the 是/否 goes in the 标准7 column): refused.
 */
describe("文体活动次数 as written", () => {
  const without7 = Object.fromEntries(Object.entries(allMet).filter(([id]) => id !== "std7"));
  // Columns: name B, score C, std1–std6 D–I, std8–std13 J–O, std7Count P.
  function countAlone(count: RawCell) {
    const ids = ["name", "score", ...Object.keys(without7), "std7Count"];
    const ev = evaluateTable(
      preset("star-branch"),
      makeTable(ids, [{ name: "a", score: 97, ...without7, std7Count: count }]),
    );
    return ev.rows[0]!;
  }

  it.each<[RawCell, number]>([
    ["两次", 5],
    ["二次", 5],
    ["三次", 5],
    ["十次", 5],
    ["十二次", 5],
    ["二十次", 5],
    ["2次", 5],
    ["2 次", 5],
    ["２次", 5],
    ["两个", 5],
    ["3个", 5],
    ["两", 5],
    ["一次", 4],
    ["零次", 4],
    ["1次", 4],
  ])("%p is read as a count: %p stars at 97 points", (count, stars) => {
    const row = countAlone(count);
    expect(row.stars).toBe(stars);
    expect(codes(row)).not.toContain("INVALID_VALUE");
  });

  it("一次 is below 两次: capped, the flag at the count's cell P3", () => {
    const row = countAlone("一次");
    expect(plainFlag(row.flags.find((f) => f.code === "FIVE_STAR_STANDARD_UNMET"))).toEqual({
      code: "FIVE_STAR_STANDARD_UNMET",
      severity: "warning",
      message: "未达到五星级标准：7.文体活动",
      cell: "P3",
    });
  });

  it.each<RawCell>(["是", "否", "有", "无", "√", true])(
    "%p is not a count: refused at P3 with what to enter, and 五星级 is not shown",
    (word) => {
      const row = countAlone(word);
      expect(row.stars).toBe(4);
      const shown = typeof word === "string" ? `「${word}」` : String(word);
      expect(plainFlag(row.flags.find((f) => f.code === "INVALID_VALUE"))).toEqual({
        code: "INVALID_VALUE",
        severity: "warning",
        message: `文体活动次数：${shown}不是次数，请填整数次数（如 0、2、两次）`,
        cell: "P3",
      });
      expect(row.flags.find((f) => f.code === "FIVE_STAR_STANDARD_UNMET")?.message).toBe(
        "未达到五星级标准：7.文体活动（无效）",
      );
    },
  );

  it.each<RawCell>([2.5, -2, "2.5次", "很多", "两三次", "一百次"])(
    "%p is not a whole count: refused, not rounded or guessed",
    (count) => {
      const row = countAlone(count);
      expect(row.stars).toBe(4);
      expect(row.flags.find((f) => f.code === "INVALID_VALUE")?.message).toMatch(
        /不是次数，请填整数次数（如 0、2、两次）/,
      );
    },
  );

  it("in English the refusal says what to enter", () => {
    const ids = ["name", "score", ...Object.keys(without7), "std7Count"];
    const ev = evaluateTable(
      preset("star-branch"),
      makeTable(ids, [{ name: "a", score: 97, ...without7, std7Count: "是" }]),
      { lang: "en" },
    );
    expect(ev.rows[0]!.flags.find((f) => f.code === "INVALID_VALUE")?.message).toBe(
      'Cultural and sports activities (count): "是" is not a count; enter a whole number of times (e.g. 2)',
    );
  });
});

describe("the flag's cell when several standards are unmet", () => {
  // Columns: name B, score C, std1–std13 D–P.
  it("a blank 标准3 and 标准5 否: the flag points at the 否 (H3), the cause whatever 3 holds", () => {
    const flag = evalStar({ std3: "", std5: "否" }).row.flags.find(
      (f) => f.code === "FIVE_STAR_STANDARD_UNMET",
    );
    expect(plainFlag(flag)).toEqual({
      code: "FIVE_STAR_STANDARD_UNMET",
      severity: "warning",
      message: "未达到五星级标准：3.学习型组织创建（未填）、5.创先争优",
      cell: "H3",
    });
  });

  it("only blanks: the flag points at the first blank (F3)", () => {
    const flag = evalStar({ std3: "", std5: "" }).row.flags.find(
      (f) => f.code === "FIVE_STAR_STANDARD_UNMET",
    );
    expect(flag?.cell).toBe("F3");
  });
});

describe("standard 1: 参加率达到100%", () => {
  it("是 with 参会率 100% is met; 是 with 98% is not; 否 with 100% is not", () => {
    expect(evalStar({ std1Rate: "100%" }).row.stars).toBe(5);
    expect(unmet({ std1Rate: "98%" })).toBe("未达到五星级标准：1.参会及任务完成");
    expect(unmet({ std1: "否", std1Rate: 1 })).toBe("未达到五星级标准：1.参会及任务完成");
  });
});

describe("standard 9: 参加率达到100%，合格率达到100%", () => {
  it("是 with both rates 100% is met; either below 100% or 否 is not", () => {
    expect(evalStar({ std9Participation: "100%", std9Pass: "100%" }).row.stars).toBe(5);
    expect(unmet({ std9Participation: "100%", std9Pass: "98%" })).toBe("未达到五星级标准：9.民主评议");
    expect(unmet({ std9Participation: "99%", std9Pass: "100%" })).toBe("未达到五星级标准：9.民主评议");
    expect(unmet({ std9: "否", std9Participation: 1, std9Pass: 1 })).toBe("未达到五星级标准：9.民主评议");
  });
});

describe("standards 4, 6, 8 are absences: 无 means met, 有 not met", () => {
  it("无 in all three is met, and the explanation says how each was read", () => {
    const { row } = evalStar({ std4: "无", std6: "无", std8: "没有" });
    expect(row.stars).toBe(5);
    expect(row.explanation).toBe(
      "总分97.00 → 五星级；标准4 三年无违法违纪填「无」，读作达到；标准6 无违规通报填「无」，读作达到；标准8 三年无工作失误填「无」，读作达到",
    );
  });

  it("有 is not met, and the explanation says so before the cap", () => {
    const { row } = evalStar({ std6: "有" });
    expect(row.stars).toBe(4);
    expect(row.explanation).toBe(
      "总分97.00 → 五星级；标准6 无违规通报填「有」，读作未达到；未达到五星级标准：6.无违规通报 → 四星级",
    );
  });

  it("是/否 keep their plain reading (是 = the absence holds), with no note", () => {
    expect(evalStar({ std4: "是" }).row.explanation).toBe("总分97.00 → 五星级");
    expect(unmet({ std8: "否" })).toBe("未达到五星级标准：8.三年无工作失误");
  });

  it("in other standards 有 still means yes", () => {
    expect(evalStar({ std2: "有" }).row.stars).toBe(5);
  });

  it("English says how it was read too", () => {
    const cells = { ...allMet, std4: "有" };
    const ev = evaluateTable(
      preset("star-branch"),
      makeTable(["name", "score", ...Object.keys(cells)], [{ name: "a", score: 97, ...cells }]),
      { lang: "en" },
    );
    expect(ev.rows[0]!.explanation).toContain(
      'Standard 4: No violations in three years: "有" read as not met',
    );
  });
});

describe("standard 13: 考核排名第一, one branch per group", () => {
  const ids = ["name", "group", "score", "std13"];

  it("two branches of one group claiming it are each flagged, naming the other row", () => {
    const ev = evaluateTable(
      preset("star-branch"),
      makeTable(ids, [
        { name: "a", group: "机关党委", score: 96, std13: "是" },
        { name: "b", group: "机关党委", score: 90, std13: "是" },
        { name: "c", group: "机关党委", score: 90, std13: "否" },
        { name: "d", group: "二分局", score: 90, std13: "是" },
      ]),
    );
    const flag = (i: number) => ev.rows[i]!.flags.find((f) => f.code === "ONE_PER_GROUP_REPEATED");
    expect(plainFlag(flag(0))).toEqual({
      code: "ONE_PER_GROUP_REPEATED",
      severity: "warning",
      message: "标准13 考核排名第一：「机关党委」中另有第4行也填「是」，只能有一个，请核实",
      cell: "E3",
    });
    expect(flag(1)?.message).toBe(
      "标准13 考核排名第一：「机关党委」中另有第3行也填「是」，只能有一个，请核实",
    );
    expect(flag(2)).toBeUndefined();
    expect(flag(3)).toBeUndefined();
    expect(ev.rows[0]!.stars).toBe(5);
  });

  it("without a group column the whole table is one group", () => {
    const ev = evaluateTable(
      preset("star-branch"),
      makeTable(
        ["name", "score", "std13"],
        [
          { name: "a", score: 96, std13: "是" },
          { name: "b", score: 90, std13: "√" },
          { name: "c", score: 90, std13: "是" },
        ],
      ),
    );
    expect(ev.rows.map((r) => codes(r).includes("ONE_PER_GROUP_REPEATED"))).toEqual([true, true, true]);
    expect(ev.rows[0]!.flags.find((f) => f.code === "ONE_PER_GROUP_REPEATED")?.message).toBe(
      "标准13 考核排名第一：本表另有第4、5行也填「是」，只能有一个，请核实",
    );
  });

  it("one claim per group is not flagged", () => {
    const ev = evaluateTable(
      preset("star-branch"),
      makeTable(ids, [
        { name: "a", group: "一", score: 96, std13: "是" },
        { name: "b", group: "二", score: 96, std13: "是" },
      ]),
    );
    expect(ev.rows.flatMap(codes)).not.toContain("ONE_PER_GROUP_REPEATED");
  });
});

/**
 * 动态管理 in a scheme that starts at 三星级: its tiers are 未评星, 三星级, 四星级, 五星级, so 三星级 to
 * 未评星 is one tier, not three (SPEC §2.1 "flag a change of more than one tier").
 */
describe("TIER_JUMP counts 星级党支部's own tiers (未评星 is the one below 三星级)", () => {
  it.each([
    ["三星级", 70, false],
    ["未评星", 75, false],
    ["二星级", 75, false],
    ["四星级", 70, true],
    ["未评星", 85, true],
    ["五星级", 80, true],
    ["三星级", 97, true],
    ["四星级", 97, false],
  ])("last year %p, 考核分数 %p → flagged %p", (prior, score, flagged) => {
    const { row } = evalStar({ priorStars: prior }, score);
    expect(codes(row).includes("TIER_JUMP")).toBe(flagged);
  });

  it("every prior 0–5 against every result: flagged exactly when the tiers are more than one apart", () => {
    const level = (stars: number) => (stars < 3 ? 0 : stars - 2);
    const scoreFor: Record<number, number> = { 0: 70, 3: 80, 4: 90, 5: 97 };
    for (const prior of [0, 1, 2, 3, 4, 5]) {
      for (const stars of [0, 3, 4, 5]) {
        const { row } = evalStar({ priorStars: prior }, scoreFor[stars]);
        expect([prior, stars, codes(row).includes("TIER_JUMP")]).toEqual([
          prior,
          stars,
          Math.abs(level(stars) - level(prior)) > 1,
        ]);
      }
    }
  });

  it("the message still names both tiers", () => {
    const { row } = evalStar({ priorStars: "四星级" }, 70);
    expect(row.flags.find((f) => f.code === "TIER_JUMP")?.message).toBe(
      "较上年四星级变化超过一级（现为未评星）",
    );
  });
});
