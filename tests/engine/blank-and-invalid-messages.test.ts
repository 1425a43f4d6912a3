/** Messages tell a blank cell (未填) from a filled one that cannot be read (无效), and say 缺少考核分数, not 分数分数. */
import { evaluateTable, parseRubric, presets } from "../../src/engine";
import type { RawCell, Rubric } from "../../src/engine/types";
import { codes, evalService, makeTable, preset, scoresFor, serviceRow } from "./support";

describe("an invalid cell is not called blank (未填)", () => {
  it.each<[RawCell, string, string]>([
    [
      101,
      "群众满意率填写无效（无法识别），不能认定达到95%",
      "Satisfaction is invalid (unreadable), so 95% is not shown",
    ],
    [
      "很好",
      "群众满意率填写无效（无法识别），不能认定达到95%",
      "Satisfaction is invalid (unreadable), so 95% is not shown",
    ],
    [null, "群众满意率未填，不能认定达到95%", "Satisfaction is blank, so 95% is not shown"],
  ])("satisfaction %p: the gate still caps, and says why", (sat, zh, en) => {
    const r = evalService(scoresFor(96), { satisfaction: sat });
    expect(r.stars).toBe(4);
    const gate = r.flags.find((f) => f.code === "SATISFACTION_LOW")!;
    expect(gate.message).toBe(zh);
    expect(codes(r).includes("INVALID_VALUE")).toBe(sat !== null);
    const rEn = evalService(scoresFor(96), { satisfaction: sat }, undefined, { lang: "en" });
    expect(rEn.flags.find((f) => f.code === "SATISFACTION_LOW")!.message).toBe(en);
  });

  const ALL_STD = Array.from({ length: 13 }, (_, i) => `std${i + 1}`);
  const allMet: Record<string, RawCell> = Object.fromEntries(ALL_STD.map((id) => [id, "是"]));
  function evalStar(extra: Record<string, RawCell>, lang: "zh" | "en" = "zh") {
    return evaluateTable(
      preset("star-branch"),
      makeTable(["name", "score", ...ALL_STD], [{ name: "a", score: 96, ...allMet, ...extra }]),
      { lang },
    ).rows[0]!;
  }

  it("a checklist cell that cannot be read is listed as 无效, a blank one as 未填", () => {
    const r = evalStar({ std13: "一星级", std11: "—", std2: "否" });
    expect(r.stars).toBe(4);
    expect(r.flags.find((f) => f.code === "FIVE_STAR_STANDARD_UNMET")!.message).toBe(
      "未达到五星级标准：2.班子健全团结、11.计划落实（未填）、13.考核排名第一（无效）",
    );
    expect(r.flags.find((f) => f.code === "INVALID_VALUE")!.cell).toBe("P3");
    const en = evalStar({ std13: "一星级", std11: "—" }, "en");
    expect(en.flags.find((f) => f.code === "FIVE_STAR_STANDARD_UNMET")!.message).toMatch(
      /11\. .* \(blank\), 13\. .* \(invalid\)$/,
    );
  });

  it("a rule with messageMissing but no messageInvalid gets a generic invalid message", () => {
    const base = presets.find((p) => p.id === "service-org")!;
    const json = JSON.parse(JSON.stringify(base)) as Rubric;
    for (const rule of json.rules) {
      delete rule.messageInvalid;
      delete rule.messageInvalidEn;
    }
    const parsed = parseRubric(json);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const ev = evaluateTable(
      parsed.rubric,
      makeTable(
        ["name", "system", "team", "mechanism", "support", "performance", "satisfaction"],
        [serviceRow(scoresFor(96), { satisfaction: "101%" })],
      ),
    );
    expect(ev.rows[0]!.stars).toBe(4);
    expect(ev.rows[0]!.flags.find((f) => f.code === "SATISFACTION_LOW")!.message).toBe(
      "群众满意率填写无效（无法识别），不能认定达标",
    );
  });

  it("messageInvalid is part of the rubric schema", () => {
    const json = JSON.parse(JSON.stringify(preset("service-org"))) as Rubric;
    json.rules[0]!.messageInvalid = "X无效";
    const parsed = parseRubric(json);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.rubric.rules[0]!.messageInvalid).toBe("X无效");
  });
});

describe("MISSING_VALUE wording: no 分数分数", () => {
  it("a blank 考核分数 says 缺少考核分数", () => {
    const r = evaluateTable(preset("star-branch"), makeTable(["name", "score"], [{ name: "a", score: null }]))
      .rows[0]!;
    expect(r.rated).toBe(false);
    expect(r.flags.find((f) => f.code === "MISSING_VALUE")!.message).toBe("缺少考核分数");
  });

  it("a blank 服务体系 still says 缺少服务体系分数", () => {
    const r = evalService([null, 19, 19, 19, 19]);
    expect(r.flags.find((f) => f.code === "MISSING_VALUE")!.message).toBe("缺少服务体系分数");
  });

  it.each(presets.map((p) => [p.id, p] as const))(
    "%s: no doubled word in any required field's message (zh and en)",
    (_id, rubric) => {
      const required = rubric.fields.filter(
        (f) => f.required && (f.role === "criterion" || f.role === "total" || f.role === "stars"),
      );
      expect(required.length).toBeGreaterThan(0);
      const ids = rubric.fields.filter((f) => f.required || f.role === "name").map((f) => f.id);
      for (const lang of ["zh", "en"] as const) {
        const ev = evaluateTable(rubric, makeTable(ids, [{ name: "a" }]), { lang });
        const messages = ev.rows[0]!.flags.filter((f) => f.code === "MISSING_VALUE").map((f) => f.message);
        expect(messages.length).toBe(required.length);
        for (const m of messages) {
          expect(m).not.toMatch(/(分数|得分|分|星)(分数|得分)/);
          expect(m).not.toMatch(/\b(\w+) \1\b/i);
        }
      }
    },
  );
});
