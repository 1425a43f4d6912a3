/**
 * 篇1 服务业绩: 政务服务实现“零差错”, in the same sentence as 群众满意率达到95%以上. An optional yes/no
 * column that, when present and not met, caps 五星级 to 四星级 like satisfaction (docs/schemes.md).
 */
import { evaluateTable, matchHeader } from "../../src/engine";
import type { RawCell } from "../../src/engine/types";
import {
  codes,
  evalService,
  makeTable,
  preset,
  SERVICE_CRITERIA,
  scoresFor,
  serviceRow,
  plainFlags,
} from "./support";

const SAT = { satisfaction: "96%" };

function withColumn(id: "zeroErrors" | "errors", cell: RawCell, total = 96) {
  return evalService(scoresFor(total), { ...SAT, [id]: cell });
}

describe("零差错 column (是 = no errors)", () => {
  it.each(["是", "√", "达标", true])("%p keeps 五星级 at 96 points", (cell) => {
    const r = withColumn("zeroErrors", cell);
    expect(r.stars).toBe(5);
    expect(codes(r)).not.toContain("ZERO_ERRORS_UNMET");
  });

  it("否 caps 五星级 to 四星级, names the cell and tells the chain", () => {
    const r = withColumn("zeroErrors", "否");
    expect(r.stars).toBe(4);
    expect(r.tier).toBe("四星级");
    expect(plainFlags(r.flags)).toContainEqual({
      code: "ZERO_ERRORS_UNMET",
      severity: "warning",
      message: "政务服务未实现零差错",
      cell: "I3",
    });
    expect(r.explanation).toBe("总分96.00 → 五星级；政务服务未实现零差错 → 四星级");
  });

  it("at the boundary: 95.00 with 否 is 四星级, 95.00 with 是 is 五星级", () => {
    expect(withColumn("zeroErrors", "否", 95).stars).toBe(4);
    expect(withColumn("zeroErrors", "是", 95).stars).toBe(5);
  });

  it("a blank cell does not show zero errors: capped, the message says 未填", () => {
    const r = withColumn("zeroErrors", "");
    expect(r.stars).toBe(4);
    expect(r.flags.find((f) => f.code === "ZERO_ERRORS_UNMET")?.message).toBe(
      "政务服务零差错未能认定：政务服务零差错（未填）",
    );
  });

  it("有/无 in a 零差错 column is ambiguous: refused as invalid (是/否 asked for), and capped", () => {
    for (const word of ["有", "无"]) {
      const r = withColumn("zeroErrors", word);
      expect(r.stars).toBe(4);
      expect(plainFlags(r.flags)).toContainEqual({
        code: "INVALID_VALUE",
        severity: "warning",
        message: "政务服务零差错：填「有/无」含义不明，请填是/否",
        cell: "I3",
      });
      expect(r.flags.find((f) => f.code === "ZERO_ERRORS_UNMET")?.message).toBe(
        "政务服务零差错未能认定：政务服务零差错（无效），请填是/否",
      );
    }
  });

  it("below five stars a blank is flagged too (as 否 is), without changing the tier", () => {
    const r = withColumn("zeroErrors", "", 91);
    expect(r.stars).toBe(4);
    expect(plainFlags(r.flags)).toContainEqual({
      code: "ZERO_ERRORS_UNMET",
      severity: "warning",
      message: "政务服务零差错未能认定：政务服务零差错（未填）",
      cell: "I3",
    });
    expect(r.explanation).toBe("总分91.00 → 四星级");
  });

  it("below five stars 否 is flagged without changing the tier", () => {
    const r = withColumn("zeroErrors", "否", 91);
    expect(r.stars).toBe(4);
    expect(codes(r)).toContain("ZERO_ERRORS_UNMET");
    expect(r.explanation).toBe("总分91.00 → 四星级");
  });
});

describe("差错 column (有/是 = errors exist = not met)", () => {
  it.each(["有", "是", "√"])("%p caps 五星级 to 四星级", (cell) => {
    const r = withColumn("errors", cell);
    expect(r.stars).toBe(4);
    expect(codes(r)).toContain("ZERO_ERRORS_UNMET");
  });

  it.each(["无", "否", "没有", "×"])("%p keeps 五星级", (cell) => {
    const r = withColumn("errors", cell);
    expect(r.stars).toBe(5);
    expect(codes(r)).not.toContain("ZERO_ERRORS_UNMET");
  });

  // Read as yes/no, 达标 would be "errors exist" here: backwards, so it is refused with what to enter.
  it.each(["达标", "未达标", "合格"])("%p is refused as unclear, not read backwards", (cell) => {
    const r = withColumn("errors", cell);
    const flag = r.flags.find((f) => f.code === "INVALID_VALUE");
    expect(flag?.message).toBe(`政务服务差错：填「${cell}」含义不明，请填是/否`);
    expect(r.stars).toBe(4);
  });

  // The other words that judge rather than answer (已达标, 不符合, 未通过, 错 …) are as backwards here:
  // 差错「不符合」or「错」read as 否 would rate a branch with errors 五星级 without a word.
  it.each(["已达标", "不符合", "符合", "未通过", "通过", "已完成", "未完成", "对", "错"])(
    "%p is refused as unclear like 达标, not read as 是/否",
    (cell) => {
      const r = withColumn("errors", cell);
      const flag = r.flags.find((f) => f.code === "INVALID_VALUE");
      expect(flag?.message).toBe(`政务服务差错：填「${cell}」含义不明，请填是/否`);
      expect(r.stars).toBe(4);
    },
  );
});

/** Both columns: 零差错 in I, 差错 in J. The flag names, and points at, the cell that is blank or wrong. */
describe("零差错 and 差错 columns side by side", () => {
  function both(zeroErrors: RawCell, errors: RawCell, total = 96) {
    const r = evalService(scoresFor(total), { ...SAT, zeroErrors, errors });
    return { r, flag: plainFlags(r.flags).find((f) => f.code === "ZERO_ERRORS_UNMET") };
  }

  it("零差错 是 with 差错 blank: 未填 names 政务服务差错 and its cell J3, not 零差错", () => {
    const { r, flag } = both("是", "");
    expect(r.stars).toBe(4);
    expect(flag).toEqual({
      code: "ZERO_ERRORS_UNMET",
      severity: "warning",
      message: "政务服务零差错未能认定：政务服务差错（未填）",
      cell: "J3",
    });
    expect(r.explanation).toBe("总分96.00 → 五星级；政务服务零差错未能认定：政务服务差错（未填） → 四星级");
  });

  it("零差错 blank with 差错 无: 未填 names 政务服务零差错 and I3", () => {
    const { flag } = both("", "无");
    expect(flag?.message).toBe("政务服务零差错未能认定：政务服务零差错（未填）");
    expect(flag?.cell).toBe("I3");
  });

  it("both blank: both named, the flag at the first", () => {
    const { flag } = both("", "");
    expect(flag?.message).toBe("政务服务零差错未能认定：政务服务零差错（未填）、政务服务差错（未填）");
    expect(flag?.cell).toBe("I3");
  });

  it("零差错 blank with 差错 有: not met because of 有, so the flag points at J3, not the blank I3", () => {
    const { r, flag } = both("", "有");
    expect(r.stars).toBe(4);
    expect(flag).toEqual({
      code: "ZERO_ERRORS_UNMET",
      severity: "warning",
      message: "政务服务未实现零差错",
      cell: "J3",
    });
  });

  it("差错 达标 (refused) with 零差错 是: 无效 names 政务服务差错 and J3", () => {
    const { flag } = both("是", "达标");
    expect(flag?.message).toBe("政务服务零差错未能认定：政务服务差错（无效），请填是/否");
    expect(flag?.cell).toBe("J3");
  });

  it("in English the blank column is named too", () => {
    const r = evalService(scoresFor(96), { ...SAT, zeroErrors: "是", errors: "" }, undefined, { lang: "en" });
    expect(r.flags.find((f) => f.code === "ZERO_ERRORS_UNMET")?.message).toBe(
      "Zero errors not shown: Errors in government services (blank)",
    );
  });
});

describe("headers and absence", () => {
  it("零差错, 政务服务零差错 and 差错 head the two columns", () => {
    const rubric = preset("service-org");
    expect(matchHeader(rubric, "零差错")?.fieldId).toBe("zeroErrors");
    expect(matchHeader(rubric, "政务服务零差错")?.fieldId).toBe("zeroErrors");
    expect(matchHeader(rubric, "差错")?.fieldId).toBe("errors");
    expect(matchHeader(rubric, "政务服务差错")?.fieldId).toBe("errors");
  });

  it("no such column: nothing capped, the table says zero errors was not checked", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(["name", ...SERVICE_CRITERIA, "satisfaction"], [serviceRow(scoresFor(99), SAT)]),
    );
    expect(ev.rows[0]!.stars).toBe(5);
    expect(ev.tableFlags.map((f) => f.message)).toContain("未检查政务服务零差错：表中没有该列");
  });

  it("with one of the two columns, the other is not reported as missing", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(
        ["name", ...SERVICE_CRITERIA, "satisfaction", "errors"],
        [serviceRow(scoresFor(99), { ...SAT, errors: "无" })],
      ),
    );
    expect(ev.tableFlags.map((f) => f.message).filter((m) => m.includes("零差错"))).toEqual([]);
  });

  it("satisfaction and zero errors both unmet: one cap, both recorded", () => {
    const r = evalService(scoresFor(97), { satisfaction: "93%", zeroErrors: "否" });
    expect(r.stars).toBe(4);
    expect(codes(r)).toEqual(expect.arrayContaining(["SATISFACTION_LOW", "ZERO_ERRORS_UNMET"]));
    expect(r.explanation).toBe("总分97.00 → 五星级；群众满意率93%低于95% → 四星级");
  });
});

describe("formula results with binary noise are read as Excel shows them", () => {
  it("=SUM(6.4,9.8,3.8) (stored 20.000000000000004) is 20, and =0.18+0.69+0.08 is 95%: 五星级", () => {
    const noisy = 6.4 + 9.8 + 3.8;
    const satisfaction = 0.18 + 0.69 + 0.08;
    expect(noisy).not.toBe(20);
    expect(satisfaction).toBeLessThan(0.95);
    const r = evalService([noisy, 19, 19, 19, 19], { satisfaction });
    expect(r.total).toBe(96);
    expect(r.stars).toBe(5);
    expect(codes(r)).toEqual([]);
  });
});
