/** Rows whose name is a totals word (合计, 小计, 平均 …) however typed are not branches; real names that contain such characters are. */
import { isSummaryRowName } from "../../src/engine";

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
