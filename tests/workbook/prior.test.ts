/** Reading last year's results (--prior, src/workbook/prior.ts): where they are and what they say. */
import { recompute } from "../../src/workbook";
import { priorFromSheet, readPrior } from "../../src/workbook/prior";
import { NOW, sheetOf, smallServiceSheet } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

describe("last year's results", () => {
  it("a branch inserted by hand into last year's scored sheet does not push its last branch out", async () => {
    const lastYear = new MemoryWorkbook([smallServiceSheet("2025年")]);
    const scored = await recompute(lastYear, { now: NOW });
    expect(scored.ok).toBe(true);
    // A late branch typed in after the run, with its 评定星级 (K..P are the result columns).
    const values = lastYear.sheet("2025年")!.model.values;
    values.splice(4, 0, [9, "第九党支部", "机关党委", 16, 16, 16, 16, 16, 0.95, "否", 80, 3, "三星级"]);
    const read = await readPrior(lastYear, "2025.xlsx");
    expect(read.ok && read.prior.entries.map((e) => [e.name, e.stars])).toEqual([
      ["第一党支部", 5],
      ["第二党支部", 4],
      ["第九党支部", 3],
      ["第三党支部", 4],
      ["第四党支部", 3],
      ["第五党支部", null],
    ]);
  });

  it("reads 评定星级 typed as stars (★★★★, ★★★☆☆) as that many stars", () => {
    const read = priorFromSheet(
      sheetOf("2025年", [
        ["党支部名称", "评定星级"],
        ["第一党支部", "★★★★"],
        ["第二党支部", "★★★☆☆"],
        ["第三党支部", "★★★★★ 五星级"],
      ]),
      null,
      "2025.xlsx",
    );
    expect(read.ok && read.prior.entries.map((e) => [e.name, e.stars])).toEqual([
      ["第一党支部", 4],
      ["第二党支部", 3],
      ["第三党支部", 5],
    ]);
  });
});
