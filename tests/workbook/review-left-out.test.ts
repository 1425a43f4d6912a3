/**
 * 评定核查 tells the person doing the rating, once, which five-star requirements the sheet's columns
 * never read (docs/schemes.md "Requirements no column reads"): a 五星级 rated from 参会率 and
 * 文体活动次数 has not been checked for 无迟到早退 or 有创意.
 */
import type { RawCell } from "../../src/engine/types";
import { recompute, type RecomputeResult } from "../../src/workbook";
import { NOW, preset, sheetOf } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

type Ok = RecomputeResult & { ok: true };

/** 标准2–6, 8–13 as 是/否; 标准1 as 参会率 and 标准7 as 文体活动次数 (optionally with their 是/否 columns too). */
function starSheet(withYesNo: boolean): RawCell[][] {
  const standards = Array.from({ length: 13 }, (_, i) => i + 1).filter(
    (n) => withYesNo || (n !== 1 && n !== 7),
  );
  const header = ["党支部名称", "考核分数", ...standards.map((n) => `标准${n}`), "参会率", "文体活动次数"];
  const row = (name: string, score: number): RawCell[] => [
    name,
    score,
    ...standards.map(() => "是"),
    "100%",
    3,
  ];
  return [["2026年度星级党支部评定表"], header, row("第一党支部", 97), row("第二党支部", 88)];
}

async function reviewTexts(withYesNo: boolean): Promise<{ texts: string[]; tiers: RawCell[] }> {
  const wb = new MemoryWorkbook([sheetOf("考评表", starSheet(withYesNo))]);
  const r = await recompute(wb, { now: NOW, rubric: preset("star-branch") });
  if (!r.ok) throw new Error(r.error.message);
  const ok = r as Ok;
  const texts = wb
    .sheet(ok.reviewSheet)!
    .model.values.flat()
    .filter((v): v is string => typeof v === "string");
  const scored = wb.sheet(ok.sheet)!.model.values;
  const tierCol = scored[1]!.indexOf("评定星级");
  return { texts, tiers: scored.slice(2).map((line) => line[tierCol] ?? null) };
}

describe("评定核查 lists the five-star requirements the columns leave unchecked", () => {
  it("参会率 and 文体活动次数 without their 是/否 columns: one line under 未检查的项目, in the plan's words", async () => {
    const { texts, tiers } = await reviewTexts(false);
    const lines = texts.filter((t) => t.startsWith("五星级标准中的以下要求"));
    expect(lines).toEqual([
      "五星级标准中的以下要求在表中没有对应的列，未检查，请另行核实：" +
        "1.参会及任务完成（只读了参会率）：「无迟到早退现象」、「出色完成上级党组织下达的各项重点工作任务」、" +
        "「按时保质完成上级党组织交办的其它工作任务」；" +
        "7.文体活动（只读了文体活动次数）：「有创意」、「结合实际设计活动载体，采取多种形式」、" +
        "「载体科学，开展有序，记录详细，效果明显」",
    ]);
    const heading = texts.findIndex((t) => t.endsWith("未检查的项目"));
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(texts.indexOf(lines[0]!)).toBeGreaterThan(heading);
    // The rating is unchanged: 97 is 五星级, 88 四星级.
    expect(tiers.map((t) => String(t).split(" ")[0])).toEqual(["五星级", "四星级"]);
  });

  it("with the 标准1 and 标准7 是/否 columns as well, nothing is said about them", async () => {
    const { texts } = await reviewTexts(true);
    expect(texts.filter((t) => t.includes("以下要求在表中没有对应的列"))).toEqual([]);
  });
});
