/** Branch names compared across files, years and a 定稿 (src/workbook/names.ts, docs/records.md "Names"). */
import { branchKey } from "../../src/workbook/names";
import { priorFromSheet } from "../../src/workbook/prior";
import { recompute } from "../../src/workbook";
import { NOW, SERVICE_HEADER, sheetOf } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

describe("one branch's name written in different ways", () => {
  test.each([
    ["第一党支部", "第一 党支部"],
    ["第一党支部", "１.第一党支部"],
    ["第一党支部", "1、第一党支部"],
    ["第一党支部", "一、第一党支部"],
    ["第一党支部", "10.第一党支部"],
    ["机关ABC党支部", "机关abc党支部"],
    ["第一党支部", "第一\u200b党支部\n"],
  ])("%s and %s are one branch", (a, b) => {
    expect(branchKey(a)).toBe(branchKey(b));
  });
});

describe("different branches", () => {
  test.each([
    ["离退休党支部(1)", "离退休党支部(2)"],
    ["离退休党支部（1）", "离退休党支部"],
    ["学生党支部【1】", "学生党支部【2】"],
    ["1.2支部", "2支部"],
    ["第一党支部20分", "第一党支部"],
    ["第一党支部", "第一党总支"],
  ])("%s and %s are two branches", (a, b) => {
    expect(branchKey(a)).not.toBe(branchKey(b));
  });
});

test("branches told apart by a number in brackets each take last year's stars of their own", async () => {
  const read = priorFromSheet(
    sheetOf("2025年", [
      ["党支部名称", "评定星级"],
      ["离退休党支部（1）", "五星级"],
      ["离退休党支部（2）", "三星级"],
    ]),
    null,
    "2025.xlsx",
  );
  if (!read.ok) throw read.error;
  const workbook = new MemoryWorkbook([
    sheetOf("评分表", [
      ["2026年度评定表"],
      SERVICE_HEADER,
      [1, "离退休党支部（2）", "机关党委", 13, 13, 13, 13, 13, 0.98, "否"],
      [2, "离退休党支部（1）", "机关党委", 19, 19, 19, 19, 19, 0.98, "否"],
    ]),
  ]);
  const r = await recompute(workbook, { now: NOW, prior: read.prior });
  if (!r.ok) throw r.error;
  expect(r.evaluation.rows.map((x) => [x.name, x.values.priorStars])).toEqual([
    ["离退休党支部（2）", 3],
    ["离退休党支部（1）", 5],
  ]);
  expect(r.reviewSections.find((x) => x.title === "上年星级对照")!.rows).toEqual([]);
});
