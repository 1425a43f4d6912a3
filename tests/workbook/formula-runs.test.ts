import {
  addFormulaArea,
  addFormulaRow,
  firstFormulaRow,
  type FormulaRuns,
} from "../../src/workbook/formula-runs";

describe("rows holding formulas, by column", () => {
  test("rows read top down join into runs; a gap starts a new one", () => {
    const runs: FormulaRuns = {};
    for (const row of [4, 5, 6, 9, 10]) addFormulaRow(runs, 17, row);
    addFormulaRow(runs, 3, 40);
    expect(runs).toEqual({
      17: [
        [4, 6],
        [9, 10],
      ],
      3: [[40, 40]],
    });
  });

  test("areas a host gives in any order are merged where they touch or overlap", () => {
    const runs: FormulaRuns = {};
    addFormulaArea(runs, 2, 20, 30);
    addFormulaArea(runs, 2, 4, 9);
    addFormulaArea(runs, 2, 10, 12);
    addFormulaArea(runs, 2, 25, 40);
    expect(runs[2]).toEqual([
      [4, 12],
      [20, 40],
    ]);
  });

  test("the first branch row holding one: rows between runs, and a 合计 row below, do not count", () => {
    const runs: FormulaRuns = {
      17: [
        [2, 2],
        [8, 9],
        [34, 34],
      ],
    };
    const branchRows = [3, 4, 5, 6, 7, 10, 11, 33];
    expect(firstFormulaRow(runs, 17, branchRows)).toBeNull();
    expect(
      firstFormulaRow(
        runs,
        17,
        [...branchRows, 34].sort((a, b) => a - b),
      ),
    ).toBe(34);
    expect(firstFormulaRow(runs, 17, [3, 8, 9])).toBe(8);
    expect(firstFormulaRow(runs, 16, branchRows)).toBeNull();
    expect(firstFormulaRow(undefined, 17, branchRows)).toBeNull();
  });
});
