/**
 * Defects found by QA (/tmp/qa t1, t8, t9, t28, t29): totals rows counted as branches, names
 * rewritten to half-width in the output, "未填" said of filled cells, "分数分数", 已达标 unread.
 */
import { evaluateTable, isSummaryRowName, parseRubric, parseYesNo, presets } from "../../src/engine";
import type { RawCell, Rubric } from "../../src/engine/types";
import { codes, evalService, makeTable, preset, scoresFor, serviceRow } from "./support";

describe("isSummaryRowName: totals rows however they are typed", () => {
  it.each([
    "合计",
    "小计",
    "总计",
    "平均",
    "平均分",
    "平均值",
    "合计：",
    "合计:",
    "平均分：",
    "合 计",
    "总　计",
    "总 计 ：",
    "全局合计",
    "本页小计",
    "总计（30个支部）",
    "总计(30个支部)",
    "合计（以上30个支部）",
    "合计30个支部",
    "合计 30",
    "总分平均",
    "总平均",
    "总平均分",
    "各支部平均",
    "平均得分",
    "合计数",
    "共计",
    "合计——",
    "（合计）",
    "【合计】",
    "ＴＯＴＡＬ",
    "Total",
    "Subtotal",
    "Average",
    "\u3000合计\u3000",
    "合计：",
  ])("%p is a totals row", (name) => {
    expect(isSummaryRowName(name)).toBe(true);
  });

  // Real branch names that contain 计, 均, 合, 小, 总 or start with a totals word.
  it.each([
    "第一党支部",
    "计划财务科党支部",
    "统计局党支部",
    "统计科（一）党支部",
    "统计",
    "审计局党支部",
    "会计核算中心党支部",
    "设计院党支部",
    "计生办党支部",
    "总务处党支部",
    "总工会机关党支部",
    "总计量站党支部",
    "合成研究所党支部",
    "合同管理科党支部",
    "合计划生育服务站党支部",
    "小计算中心党支部",
    "小学党支部",
    "平安社区党支部",
    "平均村党支部",
    "均安镇党支部",
    "第一党支部（合计）",
    "30个支部",
    "A支部",
    "",
    "  ",
  ])("%p is a branch", (name) => {
    expect(isSummaryRowName(name)).toBe(false);
  });

  it("non-strings are not totals rows", () => {
    expect(isSummaryRowName(null)).toBe(false);
    expect(isSummaryRowName(42)).toBe(false);
  });
});

describe("names are shown as typed; duplicates still found across widths", () => {
  const ids = ["name", "system", "team", "mechanism", "support", "performance"];
  const scores = [19, 19, 19, 19, 19];

  it.each(["Ａ支部（一）", "（第三）党支部", "机关：第一党支部", "B支部(二)", "第 一 党支部"])(
    "%p stays as typed in rows[].name and values.name",
    (name) => {
      const ev = evaluateTable(preset("service-org"), makeTable(ids, [serviceRow(scores, {}, name)]));
      expect(ev.rows[0]!.name).toBe(name);
      expect(ev.rows[0]!.values["name"]).toBe(name);
      expect(codes(ev.rows[0]!)).not.toContain("DUPLICATE_NAME");
    },
  );

  it("only surrounding whitespace is removed", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(ids, [serviceRow(scores, {}, "\u3000 Ａ支部（一） ")]),
    );
    expect(ev.rows[0]!.name).toBe("Ａ支部（一）");
  });

  it("full-width and half-width spellings of one name are duplicates, each shown as typed", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(ids, [
        serviceRow(scores, {}, "Ａ支部（一）"),
        serviceRow(scores, {}, "A支部(一)"),
        serviceRow(scores, {}, "A 支部 (一)"),
        serviceRow(scores, {}, "B支部"),
      ]),
    );
    expect(ev.rows.map((r) => r.name)).toEqual(["Ａ支部（一）", "A支部(一)", "A 支部 (一)", "B支部"]);
    expect(ev.rows.map((r) => codes(r).includes("DUPLICATE_NAME"))).toEqual([true, true, true, false]);
    const dup = ev.rows[0]!.flags.find((f) => f.code === "DUPLICATE_NAME")!;
    expect(dup.message).toBe("党支部名称“Ａ支部（一）”重复（另见第4、5行）");
  });

  it("a number as the name is its text", () => {
    const ev = evaluateTable(preset("service-org"), makeTable(ids, [{ ...serviceRow(scores), name: 101 }]));
    expect(ev.rows[0]!.name).toBe("101");
  });
});

describe("an invalid cell is not called blank (未填)", () => {
  it.each<[RawCell, string, string]>([
    [
      101,
      "群众满意率填写无效（无法识别），不能认定达到95%",
      "Satisfaction is invalid (unreadable), so 95% is not shown",
    ],
    [
      "很好",
      "群众满意率填写无效（无法识别），不能认定达到95%",
      "Satisfaction is invalid (unreadable), so 95% is not shown",
    ],
    [null, "群众满意率未填，不能认定达到95%", "Satisfaction is blank, so 95% is not shown"],
  ])("satisfaction %p: the gate still caps, and says why", (sat, zh, en) => {
    const r = evalService(scoresFor(96), { satisfaction: sat });
    expect(r.stars).toBe(4);
    const gate = r.flags.find((f) => f.code === "SATISFACTION_LOW")!;
    expect(gate.message).toBe(zh);
    expect(codes(r).includes("INVALID_VALUE")).toBe(sat !== null);
    const rEn = evalService(scoresFor(96), { satisfaction: sat }, undefined, { lang: "en" });
    expect(rEn.flags.find((f) => f.code === "SATISFACTION_LOW")!.message).toBe(en);
  });

  const ALL_STD = Array.from({ length: 13 }, (_, i) => `std${i + 1}`);
  const allMet: Record<string, RawCell> = Object.fromEntries(ALL_STD.map((id) => [id, "是"]));
  function evalStar(extra: Record<string, RawCell>, lang: "zh" | "en" = "zh") {
    return evaluateTable(
      preset("star-branch"),
      makeTable(["name", "score", ...ALL_STD], [{ name: "a", score: 96, ...allMet, ...extra }]),
      { lang },
    ).rows[0]!;
  }

  it("a checklist cell that cannot be read is listed as 无效, a blank one as 未填", () => {
    const r = evalStar({ std13: "一星级", std11: "—", std2: "否" });
    expect(r.stars).toBe(4);
    expect(r.flags.find((f) => f.code === "FIVE_STAR_STANDARD_UNMET")!.message).toBe(
      "未达到五星级标准：2.班子健全团结、11.计划落实（未填）、13.考核排名第一（无效）",
    );
    expect(r.flags.find((f) => f.code === "INVALID_VALUE")!.cell).toBe("P3");
    const en = evalStar({ std13: "一星级", std11: "—" }, "en");
    expect(en.flags.find((f) => f.code === "FIVE_STAR_STANDARD_UNMET")!.message).toMatch(
      /11\. .* \(blank\), 13\. .* \(invalid\)$/,
    );
  });

  it("a rule with messageMissing but no messageInvalid gets a generic invalid message", () => {
    const base = presets.find((p) => p.id === "service-org")!;
    const json = JSON.parse(JSON.stringify(base)) as Rubric;
    for (const rule of json.rules) {
      delete rule.messageInvalid;
      delete rule.messageInvalidEn;
    }
    const parsed = parseRubric(json);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const ev = evaluateTable(
      parsed.rubric,
      makeTable(
        ["name", "system", "team", "mechanism", "support", "performance", "satisfaction"],
        [serviceRow(scoresFor(96), { satisfaction: "101%" })],
      ),
    );
    expect(ev.rows[0]!.stars).toBe(4);
    expect(ev.rows[0]!.flags.find((f) => f.code === "SATISFACTION_LOW")!.message).toBe(
      "群众满意率填写无效（无法识别），不能认定达标",
    );
  });

  it("messageInvalid is part of the rubric schema", () => {
    const json = JSON.parse(JSON.stringify(preset("service-org"))) as Rubric;
    json.rules[0]!.messageInvalid = "X无效";
    const parsed = parseRubric(json);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.rubric.rules[0]!.messageInvalid).toBe("X无效");
  });
});

describe("MISSING_VALUE wording: no 分数分数", () => {
  it("a blank 考核分数 says 缺少考核分数", () => {
    const r = evaluateTable(preset("star-branch"), makeTable(["name", "score"], [{ name: "a", score: null }]))
      .rows[0]!;
    expect(r.rated).toBe(false);
    expect(r.flags.find((f) => f.code === "MISSING_VALUE")!.message).toBe("缺少考核分数");
  });

  it("a blank 服务体系 still says 缺少服务体系分数", () => {
    const r = evalService([null, 19, 19, 19, 19]);
    expect(r.flags.find((f) => f.code === "MISSING_VALUE")!.message).toBe("缺少服务体系分数");
  });

  it.each(presets.map((p) => [p.id, p] as const))(
    "%s: no doubled word in any required field's message (zh and en)",
    (_id, rubric) => {
      const required = rubric.fields.filter(
        (f) => f.required && (f.role === "criterion" || f.role === "total" || f.role === "stars"),
      );
      expect(required.length).toBeGreaterThan(0);
      const ids = rubric.fields.filter((f) => f.required || f.role === "name").map((f) => f.id);
      for (const lang of ["zh", "en"] as const) {
        const ev = evaluateTable(rubric, makeTable(ids, [{ name: "a" }]), { lang });
        const messages = ev.rows[0]!.flags.filter((f) => f.code === "MISSING_VALUE").map((f) => f.message);
        expect(messages.length).toBe(required.length);
        for (const m of messages) {
          expect(m).not.toMatch(/(分数|得分|分|星)(分数|得分)/);
          expect(m).not.toMatch(/\b(\w+) \1\b/i);
        }
      }
    },
  );
});

describe("yes/no words added (unambiguous only)", () => {
  it.each<[string, boolean]>([
    ["已达标", true],
    ["达标", true],
    ["未达标", false],
    ["不达标", false],
    ["合格", true],
    ["不合格", false],
    ["已通过", true],
    ["不通过", false],
    ["已完成", true],
    ["完成", true],
    ["未完成", false],
    ["没完成", false],
    ["符合", true],
    ["不符合", false],
    ["✅", true],
    ["❌", false],
    [" 已达标 ", true],
  ])("%p → %p", (text, value) => {
    expect(parseYesNo(text)).toEqual({ kind: "value", value });
  });

  it.each(["基本达标", "部分完成", "待定", "一般", "已"])("%p stays invalid", (text) => {
    expect(parseYesNo(text).kind).toBe("invalid");
  });

  it("已达标 in a checklist column meets the standard", () => {
    const ALL_STD = Array.from({ length: 13 }, (_, i) => `std${i + 1}`);
    const cells = Object.fromEntries(ALL_STD.map((id) => [id, "已达标"]));
    const r = evaluateTable(
      preset("star-branch"),
      makeTable(["name", "score", ...ALL_STD], [{ name: "a", score: 96, ...cells }]),
    ).rows[0]!;
    expect(r.stars).toBe(5);
    expect(r.flags).toEqual([]);
  });
});
