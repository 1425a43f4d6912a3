/** Yes/no words with one reading only (已达标, 不合格 …) are read; ambiguous ones stay invalid. */
import { evaluateTable, parseYesNo } from "../../src/engine";
import { makeTable, preset } from "./support";

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
