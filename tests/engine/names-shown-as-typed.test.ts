/** Names are published as typed (full-width kept); duplicates are still found across widths and spaces. */
import { evaluateTable } from "../../src/engine";
import { codes, makeTable, preset, serviceRow } from "./support";

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

  it("full-width and half-width spellings of one name, or one with a zero-width space, are duplicates, each shown as typed", () => {
    const ev = evaluateTable(
      preset("service-org"),
      makeTable(ids, [
        serviceRow(scores, {}, "Ａ支部（一）"),
        serviceRow(scores, {}, "A支部(一)"),
        serviceRow(scores, {}, "A 支部 (一)"),
        serviceRow(scores, {}, "B支部"),
        serviceRow(scores, {}, "A\u200b支部(一)"),
      ]),
    );
    expect(ev.rows.map((r) => r.name)).toEqual([
      "Ａ支部（一）",
      "A支部(一)",
      "A 支部 (一)",
      "B支部",
      "A\u200b支部(一)",
    ]);
    expect(ev.rows.map((r) => codes(r).includes("DUPLICATE_NAME"))).toEqual([true, true, true, false, true]);
    const dup = ev.rows[0]!.flags.find((f) => f.code === "DUPLICATE_NAME")!;
    expect(dup.message).toBe("党支部名称「Ａ支部（一）」重复（另见第4、5、7行）");
  });

  it("a number as the name is its text", () => {
    const ev = evaluateTable(preset("service-org"), makeTable(ids, [{ ...serviceRow(scores), name: 101 }]));
    expect(ev.rows[0]!.name).toBe("101");
  });
});
