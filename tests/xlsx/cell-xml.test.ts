import { CellTails, cellXml } from "../../src/xlsx/cell-xml";
import { KEEP_VALUE, type PlannedValue } from "../../src/xlsx/planned-cells";

const VALUES: PlannedValue[] = [
  null,
  KEEP_VALUE,
  0,
  -0,
  81.5,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  "",
  "三星级",
  "=SUM(A1)",
  " 前导空格",
  "a\nb",
  "R&D <tag> 1>0",
  "_x0041_",
  "x".repeat(40_000),
];

describe("cell XML", () => {
  test("a cell's XML spells its reference, style, type and escaped value", () => {
    expect(cellXml("K5", 4, 81.5)).toBe('<c r="K5" s="4"><v>81.5</v></c>');
    expect(cellXml("A1", 0, -0)).toBe('<c r="A1"><v>0</v></c>');
    expect(cellXml("B2", 0, null)).toBe('<c r="B2"/>');
    expect(cellXml("C3", 7, KEEP_VALUE)).toBe('<c r="C3" s="7"/>');
    expect(cellXml("D4", 0, Number.NaN)).toBe('<c r="D4" t="e"><v>#NUM!</v></c>');
    expect(cellXml("E5", 0, true)).toBe('<c r="E5" t="b"><v>1</v></c>');
    expect(cellXml("M9", 8, " R&D")).toBe(
      '<c r="M9" s="8" t="inlineStr"><is><t xml:space="preserve"> R&amp;D</t></is></c>',
    );
  });

  test("CellTails gives every cell the XML cellXml gives it, however often a value repeats", () => {
    const tails = new CellTails();
    const differ: string[] = [];
    for (let round = 0; round < 3; round++)
      for (const style of [0, 4, 12])
        for (const value of VALUES) {
          const made = tails.cell(13, "500", style, value);
          if (made !== cellXml("M500", style, value)) differ.push(`${style} ${String(value).slice(0, 20)}`);
        }
    expect(differ).toEqual([]);
  });

  test("CellTails stays right once it stops keeping new values (past its limit)", () => {
    const tails = new CellTails();
    for (let n = 0; n < 5000; n++)
      expect(tails.cell(1, "2", 3, `第${n}党支部`)).toBe(cellXml("A2", 3, `第${n}党支部`));
    expect(tails.cell(2, "7", 3, "第1党支部")).toBe(
      '<c r="B7" s="3" t="inlineStr"><is><t>第1党支部</t></is></c>',
    );
    expect(tails.cell(2, "7", 3, "第4999党支部")).toBe(
      '<c r="B7" s="3" t="inlineStr"><is><t>第4999党支部</t></is></c>',
    );
  });
});
