/**
 * 篇1 三.1: 晋位升级 “先进” / “一般” / “后进”. A category field lists the values it takes (`values`);
 * anything else is refused on its row, naming the cell and the values, never silently passed over
 * (docs/schemes.md "晋位升级等次").
 */
import { evaluateTable, parseRubric } from "../../src/engine";
import type { RawCell } from "../../src/engine/types";
import { codes, evalService, makeTable, plainFlag, preset, scoresFor, serviceRow } from "./support";

const ACCEPTED = "先进、一般、后进、先进党支部、一般党支部、后进党支部、先进支部、一般支部、后进支部";

// Columns: name B, criteria C–G, classification H.
describe("service-org 晋位升级等次 takes the plan's three values (and their 党支部/支部 forms)", () => {
  it("优秀 is refused at H3, naming the values accepted; the tier stands, no mismatch is guessed", () => {
    const r = evalService(scoresFor(91), { classification: "优秀" });
    expect(r.stars).toBe(4);
    expect(plainFlag(r.flags.find((f) => f.code === "INVALID_VALUE"))).toEqual({
      code: "INVALID_VALUE",
      severity: "warning",
      message: `晋位升级等次：「优秀」不是可填的值，请填${ACCEPTED}之一`,
      cell: "H3",
    });
    expect(codes(r)).not.toContain("CLASS_MISMATCH");
    expect(r.explanation).toBe("总分91.00 → 四星级");
  });

  it("in English too", () => {
    const r = evalService(scoresFor(91), { classification: "优秀" }, undefined, { lang: "en" });
    expect(r.flags.find((f) => f.code === "INVALID_VALUE")?.message).toBe(
      `Classification: "优秀" is not one of the values it takes; enter one of ${ACCEPTED.split("、").join(", ")}`,
    );
  });

  it.each<RawCell>(["良好", "较好", "先进单位", 1])("%p is refused too", (cell) => {
    const r = evalService(scoresFor(75), { classification: cell });
    expect(codes(r)).toEqual(["INVALID_VALUE"]);
  });

  it.each(ACCEPTED.split("、").concat([" 先进 ", "后进\u200b"]))("%p is taken as it is", (cell) => {
    const r = evalService(scoresFor(85), { classification: cell });
    expect(codes(r)).not.toContain("INVALID_VALUE");
  });

  it("a value the scheme knows still finds a mismatch: 后进 at 61 points", () => {
    expect(codes(evalService(scoresFor(61), { classification: "后进" }))).toEqual(["CLASS_MISMATCH"]);
  });
});

describe("the rubric's `values`", () => {
  function withValues(field: number, values: unknown): ReturnType<typeof parseRubric> {
    const rubric = JSON.parse(JSON.stringify(preset("service-org")));
    rubric.fields[field].values = values;
    return parseRubric(rubric);
  }

  it("is only for category fields", () => {
    const r = withValues(2, ["先进"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message)).toContain("fields[2].values 只用于类别项（category）");
  });

  it("may not be empty", () => {
    const index = preset("service-org").fields.findIndex((f) => f.role === "category");
    const r = withValues(index, []);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(`fields[${index}].values`);
  });

  it("an office's own list is what is accepted", () => {
    const rubric = JSON.parse(JSON.stringify(preset("service-org")));
    const index = rubric.fields.findIndex((f: { role: string }) => f.role === "category");
    rubric.fields[index].values.push("优秀");
    const parsed = parseRubric(rubric);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const ids = ["name", "system", "team", "mechanism", "support", "performance", "classification"];
    const ev = evaluateTable(
      parsed.rubric,
      makeTable(ids, [serviceRow(scoresFor(91), { classification: "优秀" })]),
    );
    expect(codes(ev.rows[0]!)).toEqual([]);
  });
});

describe("a rule naming a value its category refuses is a rubric error", () => {
  it("优秀 in CLASS_MISMATCH's list while `values` has no 优秀: the path and the field are named", () => {
    const rubric = JSON.parse(JSON.stringify(preset("service-org")));
    const rule = rubric.rules.findIndex((x: { code: string }) => x.code === "CLASS_MISMATCH");
    rubric.rules[rule].when.any[0].all[0].value.push("优秀");
    const field = rubric.fields.findIndex((f: { role: string }) => f.role === "category");
    const r = parseRubric(rubric);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual({
      path: `rules[${rule}].when.any[0].all[0].value[3]`,
      message: `rules[${rule}].when.any[0].all[0].value[3] "优秀" 不在 fields[${field}].values 中（填这个值的单元格会被拒绝，条件不会因它成立）`,
      messageEn: `rules[${rule}].when.any[0].all[0].value[3] "优秀" is not in fields[${field}].values (a cell holding it is refused, so the condition never holds for it)`,
    });
  });
});
