/** Results typed over by hand (src/workbook/hand-edits.ts): the run stops rather than write over them. */
import type { RawCell } from "../../src/engine/types";
import { recompute } from "../../src/workbook";
import { SETTINGS_SHEET } from "../../src/workbook/settings";
import { NOW, smallServiceSheet } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

/** A scored workbook and a way to set one of its result cells (by header) in a branch's row. */
async function scored(): Promise<{
  wb: MemoryWorkbook;
  set: (row: number, header: string, v: RawCell) => void;
}> {
  const sheet = smallServiceSheet();
  // Rows 3–9: seven branches.
  sheet.values.push([6, "第六党支部", "直属党委", 16, 16, 16, 16, 16, 0.95, "否"]);
  sheet.values.push([7, "第七党支部", "直属党委", 15, 15, 15, 15, 15, 0.95, "否"]);
  const wb = new MemoryWorkbook([sheet]);
  const first = await recompute(wb, { now: NOW });
  if (!first.ok) throw first.error;
  const values = wb.sheet("评分表")!.model.values;
  const set = (row: number, header: string, v: RawCell) => {
    const col = values[1]!.indexOf(header);
    if (col < 0) throw new Error(`no ${header}`);
    values[row - 1]![col] = v;
  };
  return { wb, set };
}

describe("a result edited by hand since the last run", () => {
  it("stops the run, naming the cells, and nothing is written", async () => {
    const { wb, set } = await scored();
    set(4, "评定星级", "五星级");
    const applied = wb.applied.length;
    const r = await recompute(wb, { now: NOW });
    expect(!r.ok && r.error.code).toBe("RESULTS_EDITED");
    expect(!r.ok && r.error.text("zh")).toBe(
      "工作表「评分表」的评定结果似乎被手工改过：M4「五星级」与 L4 星数「4」不一致。每次评定都会按评分重写评定列，这些修改会被覆盖。若是有意调整评定结果，请把它记在您自己的列（如「备注」）中；若要按评分重新评定，请先清除这些单元格，再评定。未写入任何内容。",
    );
    expect(wb.applied.length).toBe(applied);
  });

  it("a tier typed into a row the run left blank (a branch added since) stops the run too", async () => {
    const { wb, set } = await scored();
    set(3, "星数", null);
    const r = await recompute(wb, { now: NOW });
    expect(!r.ok && r.error.text("en")).toContain('M3 "五星级" does not match the stars in L3 (blank)');
  });

  it("five are named, the rest counted", async () => {
    const { wb, set } = await scored();
    for (const row of [3, 4, 5, 6, 8, 9]) set(row, "星数", 0);
    const r = await recompute(wb, { now: NOW });
    const text = !r.ok ? r.error.text("zh") : "";
    expect(text).toContain("M3「五星级」与 L3 星数「0」不一致；M4「四星级」与 L4 星数「0」不一致；");
    expect(text).toContain("M8「三星级」与 L8 星数「0」不一致，另有 1 处。");
  });

  it("a remark typed over 评定说明 or 评先资格 stops the run too", async () => {
    const { wb, set } = await scored();
    set(3, "评定说明", "经党委研究同意，评为五星级");
    set(4, "评先资格", "推荐");
    const r = await recompute(wb, { now: NOW });
    expect(!r.ok && r.error.text("zh")).toContain(
      "P3「经党委研究同意，评为五星级」不是评定写出的说明；N4「推荐」不是该星级的评先资格。",
    );
    expect(!r.ok && r.error.text("en")).toContain(
      'N4 "推荐" is not the eligibility a run writes for those stars',
    );
  });

  it("a total typed over 评定总分, or a note typed into 评定标记, stops the run too", async () => {
    const { wb, set } = await scored();
    set(3, "评定总分", 99.25);
    set(5, "评定标记", "已核实");
    const r = await recompute(wb, { now: NOW });
    expect(!r.ok && r.error.text("zh")).toContain(
      "K3 总分「99.25」与评定说明中的总分不一致；O5「已核实」不是评定写出的标记。",
    );
    expect(!r.ok && r.error.text("en")).toContain(
      'K3 total "99.25" is not the total its explanation gives; O5 "已核实" is not a flag text a run wrote',
    );
  });

  it("a remark appended to 评定说明's chain stops the run, though the chain still ends as a run's does", async () => {
    const { wb, set } = await scored();
    const values = wb.sheet("评分表")!.model.values;
    const explanation = values[2]![values[1]!.indexOf("评定说明")];
    set(3, "评定说明", `${String(explanation)}（经党委复核）`);
    const r = await recompute(wb, { now: NOW });
    expect(!r.ok && r.error.text("zh")).toContain(`P3「${String(explanation)}（经党委复核）`.slice(0, 24));
    expect(!r.ok && r.error.text("zh")).toContain("不是评定写出的说明");
  });

  it("totals, flags and explanations as written, moved with their rows (a sort), or cleared, are rated again", async () => {
    const { wb, set } = await scored();
    const values = wb.sheet("评分表")!.model.values;
    const flagsCol = values[1]!.indexOf("评定标记");
    const flagged = values.findIndex((line, i) => i >= 2 && typeof line[flagsCol] === "string");
    expect(flagged).toBeGreaterThan(1);
    // The rows sorted another way: each row's cells go with it.
    [values[2], values[flagged]] = [values[flagged]!, values[2]!];
    set(4, "评定总分", null);
    set(5, "评定标记", null);
    set(6, "评定说明", null);
    // A space typed after a run's text (or Excel's line break) is not a note.
    set(7, "评定说明", `${String(values[6]![values[1]!.indexOf("评定说明")])} `);
    // A tier cleared to rate from the scores: what stays beside it is the run's own.
    set(8, "评定星级", null);
    const r = await recompute(wb, { now: NOW });
    expect(r.ok).toBe(true);
  });

  it("a note in 评定标记 under settings that hold no digests of it (an earlier version's) is not told from the run's", async () => {
    const { wb, set } = await scored();
    const settings = wb.sheet(SETTINGS_SHEET)!.model.values;
    const json = JSON.parse(settings.map((line) => line[0] ?? "").join(""));
    expect(Object.keys(json.owned.texts)).toEqual(["flags", "explanation"]);
    delete json.owned.texts;
    settings.splice(0, settings.length, [JSON.stringify(json)]);
    set(5, "评定标记", "已核实");
    const r = await recompute(wb, { now: NOW });
    expect(r.ok).toBe(true);
  });

  it("results cleared by hand, agreeing ones, tiers written as stars or in English, 星数 as text are rated again", async () => {
    const { wb, set } = await scored();
    set(3, "评定星级", null);
    set(3, "星数", null);
    set(4, "评定星级", "★★★★");
    set(5, "评定星级", "4 stars");
    set(6, "星数", 3);
    set(6, "评定星级", "三星级");
    set(7, "评定星级", null);
    set(8, "星数", "3");
    const r = await recompute(wb, { now: NOW });
    expect(r.ok).toBe(true);
  });

  it("is still caught after a column was inserted left of the results (the block moved as a whole)", async () => {
    const { wb, set } = await scored();
    const values = wb.sheet("评分表")!.model.values;
    // A 联系人 column inserted before the results (column K), as Excel shifts everything right of it.
    for (const [i, line] of values.entries()) if (i >= 1) line.splice(10, 0, i === 1 ? "联系人" : "张三");
    set(4, "评定星级", "五星级");
    const r = await recompute(wb, { now: NOW });
    expect(!r.ok && r.error.text("zh")).toContain("N4「五星级」与 M4 星数「4」不一致");
  });
});
