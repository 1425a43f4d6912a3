/**
 * A gate's text is filled once for the rows that give it the same cells, stars and total
 * (src/engine/gates.ts), a near-next note once per gap and tier (near-next.ts): every row must
 * still read exactly as when it is evaluated alone.
 */
import { evaluateTable, parseRubric } from "../../src/engine";
import type { InputTable, RawCell, Rubric } from "../../src/engine/types";
import { makeTable } from "./support";

function rubric(message = "{unmet}未达标（{note}，{rate}，总分{total}，{tier}）"): Rubric {
  const parsed = parseRubric({
    id: "gate-texts",
    name: "门槛文字",
    version: "1",
    fields: [
      { id: "name", label: "名称", role: "name", required: true },
      { id: "a", label: "甲", role: "criterion", max: 50, required: true },
      { id: "b", label: "乙", role: "criterion", max: 50, required: true },
      { id: "ok", label: "达标", role: "check" },
      { id: "rate", label: "满意率", role: "percent" },
      { id: "note", label: "说明", role: "text" },
    ],
    score: { method: "sum", decimals: 1 },
    tiers: {
      kind: "bands",
      bands: [
        { stars: 5, label: "五", min: 90 },
        { stars: 4, label: "四", min: 80 },
        { stars: 3, label: "三", min: 70 },
      ],
      below: { label: "无" },
    },
    rules: [
      {
        code: "NEED_BOTH",
        kind: "gate",
        severity: "warning",
        // {note} is a cell the condition does not read; {total} and {tier} follow the row too.
        message,
        messageMissing: "{unmet}未填（{note}）",
        minStars: 4,
        capTo: 3,
        when: {
          all: [
            { field: "ok", op: "is", value: true, label: "达标项" },
            { field: "rate", op: ">=", value: "95%", label: "满意率" },
          ],
        },
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.rubric;
}

const IDS = ["name", "a", "b", "ok", "rate", "note"];

const ROWS: Record<string, RawCell>[] = [
  { name: "一", a: 48, b: 47, ok: "否", rate: 0.93, note: "甲" },
  { name: "二", a: 48, b: 47, ok: "否", rate: 0.93, note: "乙" },
  { name: "三", a: 46, b: 47, ok: "否", rate: 0.93, note: "甲" },
  { name: "四", a: 48, b: 47, ok: "是", rate: 0.93, note: "甲" },
  { name: "五", a: 48, b: 47, ok: "否", rate: 0.94, note: "甲" },
  { name: "六", a: 48, b: 47, ok: null, rate: 0.96, note: "甲" },
  { name: "七", a: 48, b: 47, ok: "也许", rate: 0.93, note: "甲" },
  { name: "八", a: 40, b: 42, ok: "否", rate: 0.93, note: "甲" },
  { name: "九", a: 48, b: 47, ok: "否", rate: 0.93, note: "甲" },
  { name: "十", a: 48, b: 47, ok: "否", rate: "93%", note: "1" },
  { name: "十一", a: 48, b: 47, ok: "否", rate: 0.93, note: 1 },
  { name: "十二", a: 45, b: 44.5, ok: "是", rate: 0.96, note: "" },
  { name: "十三", a: 45, b: 44, ok: "是", rate: 0.96, note: "" },
  { name: "十四", a: 44.5, b: 45, ok: "是", rate: 0.96, note: "" },
];

/** The row alone in a table of its own, at the same sheet row (so the same cell addresses). */
function alone(r: Rubric, i: number): InputTable {
  return makeTable(IDS, [ROWS[i]!], 3 + i);
}

describe("gate texts shared between rows", () => {
  it("every row of a table says what it says when evaluated alone", () => {
    const r = rubric();
    const all = evaluateTable(r, makeTable(IDS, ROWS)).rows;
    ROWS.forEach((_, i) => expect(all[i]).toEqual(evaluateTable(r, alone(r, i)).rows[0]));
  });

  it("rows differing only in a cell the text shows say different things", () => {
    const all = evaluateTable(rubric(), makeTable(IDS, ROWS)).rows;
    const gate = (i: number) => all[i]!.flags.find((f) => f.code === "NEED_BOTH")?.message;
    expect(gate(0)).toBe("达标项、满意率未达标（甲，93%，总分95.0，五）");
    expect(gate(1)).toBe("达标项、满意率未达标（乙，93%，总分95.0，五）");
    expect(gate(2)).toBe("达标项、满意率未达标（甲，93%，总分93.0，五）");
    expect(gate(3)).toBe("满意率未达标（甲，93%，总分95.0，五）");
    expect(gate(4)).toBe("达标项、满意率未达标（甲，94%，总分95.0，五）");
    expect(gate(5)).toBe("达标项（未填）未填（甲）");
    expect(gate(6)).toBe("达标项（无效）、满意率未达标（甲，93%，总分95.0，五）");
    expect(gate(7)).toBe("达标项、满意率未达标（甲，93%，总分82.0，四）");
    expect(gate(8)).toBe(gate(0));
    expect(all[8]!.explanation).toBe(all[0]!.explanation);
    expect(all[8]!.flags[0]!.cell).toBe("E11");
    const near = (i: number) => all[i]!.flags.find((f) => f.code === "NEAR_NEXT_TIER")?.message;
    expect([near(11), near(12), near(13)]).toEqual(["差0.5分可评五", "差1分可评五", "差0.5分可评五"]);
  });

  it("rows with the same step and different totals explain each their own total", () => {
    const all = evaluateTable(rubric("{unmet}未达标"), makeTable(IDS, ROWS)).rows;
    expect(all[0]!.explanation).toBe("总分95.0 → 五；达标项、满意率未达标 → 三");
    expect(all[2]!.explanation).toBe("总分93.0 → 五；达标项、满意率未达标 → 三");
    expect(all[8]!.explanation).toBe(all[0]!.explanation);
  });

  it("in English too", () => {
    const r = rubric();
    const all = evaluateTable(r, makeTable(IDS, ROWS), { lang: "en" }).rows;
    ROWS.forEach((_, i) => expect(all[i]).toEqual(evaluateTable(r, alone(r, i), { lang: "en" }).rows[0]));
  });
});
