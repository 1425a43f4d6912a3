import {
  cellAddress,
  columnIndex,
  columnLetter,
  detectPreset,
  matchHeader,
  normalizeHeader,
  presets,
} from "../../src/engine";
import { preset } from "./support";

describe("normalizeHeader", () => {
  it.each<[unknown, { key: string; max?: number }]>([
    ["服务体系", { key: "服务体系" }],
    ["服务 体系", { key: "服务体系" }],
    ["党支部\u200b名称\u2060", { key: "党支部名称" }],
    ["服务体系\n（20分）", { key: "服务体系", max: 20 }],
    ["服务体系(满分20)", { key: "服务体系", max: 20 }],
    ["服务体系（满分20分）", { key: "服务体系", max: 20 }],
    ["服务体系20分", { key: "服务体系", max: 20 }],
    ["服务体系【20分】", { key: "服务体系", max: 20 }],
    ["群众满意率(%)", { key: "群众满意率" }],
    ["一票否决（是/否）", { key: "一票否决" }],
    ["ＡＢＣ", { key: "abc" }],
    ["1.参会及任务完成", { key: "参会及任务完成" }],
    ["标准7", { key: "标准7" }],
    ["文体活动（次）", { key: "文体活动(次)" }],
    [42, { key: "42" }],
    [null, { key: "" }],
    [{ a: 1 }, { key: "" }],
  ])("%p → %p", (text, expected) => {
    expect(normalizeHeader(text)).toEqual(expected);
  });
});

describe("matchHeader", () => {
  const so = preset("service-org");
  it.each([
    ["服务体系", "system"],
    ["服务体系星", "system"],
    ["星级服务体系", "system"],
    ["服务体系（20分）", "system"],
    ["党支部名称", "name"],
    ["支部名称", "name"],
    ["单位名称", "name"],
    ["名称", "name"],
    ["群众满意率", "satisfaction"],
    ["满意率", "satisfaction"],
    ["群众满意度", "satisfaction"],
    ["一票否决", "veto"],
    ["否决", "veto"],
    ["否决事由", "vetoReason"],
    ["否决原因", "vetoReason"],
    ["上年星级", "priorStars"],
    ["上年度星级", "priorStars"],
    ["自评分", "selfScore"],
    ["自评得分", "selfScore"],
    ["申报星级", "declaredStars"],
    ["自评星级", "declaredStars"],
    ["等次", "classification"],
    ["晋位升级等次", "classification"],
    ["所属党委", "group"],
    ["所属单位", "group"],
    ["上级党组织", "group"],
    ["服务业绩得分", "performance"],
    ["备注", "remark"],
  ])("service-org: %p → %p", (text, fieldId) => {
    expect(matchHeader(so, text)?.fieldId).toBe(fieldId);
  });

  it("captures a stated max", () => {
    expect(matchHeader(so, "服务队伍\n(满分25)")).toEqual({ fieldId: "team", max: 25 });
  });

  it("does not match unknown or result headers", () => {
    expect(matchHeader(so, "序号")).toBeNull();
    expect(matchHeader(so, "评定总分")).toBeNull();
    expect(matchHeader(so, "评定说明")).toBeNull();
    expect(matchHeader(so, "")).toBeNull();
  });

  it.each([
    ["star-branch", "考核分数", "score"],
    ["star-branch", "考核得分", "score"],
    ["star-branch", "总分", "score"],
    ["star-branch", "得分", "score"],
    ["star-branch", "标准7", "std7"],
    ["star-branch", "文体活动", "std7"],
    ["star-branch", "文体活动次数", "std7Count"],
    ["star-branch", "文体活动（次）", "std7Count"],
    ["star-branch", "民主评议参加率", "std9Participation"],
    ["star-branch", "民主评议合格率", "std9Pass"],
    ["star-branch", "考核排名第一", "std13"],
    ["star-branch", "标准13", "std13"],
    ["model-organ", "党员先锋星", "vanguard"],
    ["model-organ", "党员队伍星", "vanguard"],
    ["model-organ", "理论学习星（20分）", "theory"],
    ["model-organ", "自身建设星", "selfBuilding"],
  ])("%s: %p → %p", (id, text, fieldId) => {
    expect(matchHeader(preset(id), text)?.fieldId).toBe(fieldId);
  });
});

describe("detectPreset", () => {
  it("picks service-org for the standard layout", () => {
    const headers = [
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
    const ranked = detectPreset(headers);
    expect(ranked[0]!.rubric.id).toBe("service-org");
    expect(ranked[0]!.matched).toBe(9);
    expect(ranked[0]!.requiredMissing).toEqual([]);
    expect(ranked).toHaveLength(3);
  });

  it("picks star-branch and model-organ from theirs", () => {
    expect(detectPreset(["支部名称", "考核得分", "标准1", "标准2", "标准3"])[0]!.rubric.id).toBe(
      "star-branch",
    );
    expect(
      detectPreset(["党支部", "理论学习星", "制度落实星", "党建活动星", "党员队伍星", "自身建设星"])[0]!
        .rubric.id,
    ).toBe("model-organ");
  });

  it("reports required fields that no header names", () => {
    const ranked = detectPreset(["党支部名称", "服务体系", "服务队伍"], presets);
    const so = ranked.find((r) => r.rubric.id === "service-org")!;
    expect(so.requiredMissing).toEqual(["mechanism", "support", "performance"]);
  });

  it("is pure and total over odd input", () => {
    expect(detectPreset([null, 3, undefined, {}, []]).map((r) => r.matched)).toEqual([0, 0, 0]);
    expect(detectPreset([], [])).toEqual([]);
  });
});

describe("addresses", () => {
  it.each([
    [1, "A"],
    [26, "Z"],
    [27, "AA"],
    [52, "AZ"],
    [703, "AAA"],
    [16384, "XFD"],
  ])("column %p ↔ %p", (n, letter) => {
    expect(columnLetter(n)).toBe(letter);
    expect(columnIndex(letter)).toBe(n);
    expect(columnIndex(letter.toLowerCase())).toBe(n);
  });

  it("bad input gives empty/zero, never throws", () => {
    expect(columnLetter(0)).toBe("");
    expect(columnLetter(1.5)).toBe("");
    expect(columnIndex("A1")).toBe(0);
    expect(columnIndex("")).toBe(0);
    expect(cellAddress(6, 5)).toBe("F5");
  });
});
