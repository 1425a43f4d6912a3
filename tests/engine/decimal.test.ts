import { exactSum, formatFixed, roundHalfUp } from "../../src/engine";
import { decFromNumber, exactDiff, exactWeightedSum, formatTrim } from "../../src/engine/decimal";

describe("exact decimal rounding", () => {
  it.each([
    [94.995, 2, 95],
    [94.994, 2, 94.99],
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [0.125, 2, 0.13],
    [89.5, 0, 90],
    [89.49, 0, 89],
    [-1.005, 2, -1.01],
    [1e-7, 6, 0],
    [5e-7, 6, 0.000001],
    [123456.7891, 3, 123456.789],
  ])("roundHalfUp(%p, %p) = %p", (x, d, expected) => {
    expect(roundHalfUp(x, d)).toBe(expected);
  });

  it("sums decimal values, not binary approximations", () => {
    expect(exactSum([18.333, 18.333, 18.334, 20, 20], 2)).toBe(95);
    expect(exactSum([0.1, 0.2], 2)).toBe(0.3);
    expect(exactSum([18.999, 19, 19, 19, 18.996], 2)).toBe(95);
    // More than 9 decimals takes the BigInt path and still rounds on the decimal value.
    expect(exactSum([94.9949999999999], 2)).toBe(94.99);
    expect(exactSum([1e20, 0.5], 0)).toBe(1e20);
    expect(exactSum([2 ** 52, 0.5, 0.5], 0)).toBe(2 ** 52 + 1);
  });

  it("weighted sums multiply exactly", () => {
    expect(exactWeightedSum([33.33, 44.45], [0.4, 0.6], 3)).toBe(40.002);
    expect(exactWeightedSum([10.05], [0.5], 2)).toBe(5.03);
  });

  it("formats fixed and trimmed text from the decimal value", () => {
    expect(formatFixed(95, 2)).toBe("95.00");
    expect(formatFixed(1.005, 2)).toBe("1.01");
    expect(formatFixed(0.5, 0)).toBe("1");
    expect(formatFixed(-2.5, 1)).toBe("-2.5");
    expect(formatTrim(0.5)).toBe("0.5");
    expect(formatTrim(3)).toBe("3");
    expect(formatTrim(93.00000000000001, 2)).toBe("93");
    expect(exactDiff(95, 94.5)).toBe(0.5);
    expect(exactDiff(60, 59.99)).toBe(0.01);
    expect(decFromNumber(1.5e-7)).toEqual({ int: 15n, scale: 8 });
  });
});
