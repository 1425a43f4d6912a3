/**
 * A workbook keeps its own copy of the rubric (SPEC §7); when it is an older version of a bundled
 * preset that has changed since, the run says so and how to take the new one, and still rates by
 * the copy (docs/schemes.md "Preset versions").
 */
import type { Rubric } from "../../src/engine/types";
import { render } from "../../src/messages";
import { recompute, SETTINGS_SHEET } from "../../src/workbook";
import { newerVersion, presetUpdateNotice } from "../../src/workbook/preset-update";
import { NOW, preset, SERVICE_HEADER, sheetOf } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

function carriedSettings(wb: MemoryWorkbook): Record<string, unknown> & { rubric: Rubric } {
  const chunks = wb.sheet(SETTINGS_SHEET)!.model.values.map((r) => String(r[0] ?? ""));
  return JSON.parse(chunks.join("")) as Record<string, unknown> & { rubric: Rubric };
}

function storeSettings(wb: MemoryWorkbook, settings: object): void {
  wb.sheet(SETTINGS_SHEET)!.model.values = [[JSON.stringify(settings)]];
}

/** The table with a 晋位升级等次 column, 优秀 on the first branch (a value 1.1.0 refuses). */
function sheetWithClass() {
  return sheetOf("评分表", [
    ["2026年度星级服务型党支部评定表"],
    [...SERVICE_HEADER, "晋位升级等次"],
    [1, "第一党支部", "机关党委", 19, 19, 19, 19, 20, 0.98, "否", "优秀"],
    [2, "第二党支部", "机关党委", 18, 18, 18, 18, 18, 0.96, "否", "先进"],
  ]);
}

async function rate(wb: MemoryWorkbook, rubric?: Rubric) {
  const r = await recompute(wb, { now: NOW, ...(rubric ? { rubric } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

/** A workbook as version 1.0.0 left it: its copy of service-org has no list of 等次 values. */
async function workbookOfVersion100(): Promise<MemoryWorkbook> {
  const wb = new MemoryWorkbook([sheetWithClass()]);
  await rate(wb);
  const settings = carriedSettings(wb);
  const rubric = settings.rubric;
  rubric.version = "1.0.0";
  for (const f of rubric.fields) delete (f as { values?: string[] }).values;
  storeSettings(wb, settings);
  return wb;
}

describe("a workbook carrying an older version of a preset", () => {
  test("is rated by its own copy, and the run names both versions and how to take the new one", async () => {
    const wb = await workbookOfVersion100();
    const r = await rate(wb);
    const said = r.notices.map((n) => render(n, "zh")).join("\n");
    expect(said).toContain(
      "本工作簿保存的评定方案「五星级服务型党组织（百分制）」是 1.0.0 版，本工具内置的同名方案已更新到 1.1.1 版",
    );
    expect(said).toContain("或在命令行加 --rubric service-org");
    expect(r.notices.map((n) => render(n, "en")).join("\n")).toContain(
      'keeps its own copy of the rubric "Five-star service-oriented Party organisation (100 points)", version 1.0.0',
    );
    // The copy's rules: 优秀 is passed over, not refused as 1.1.0 refuses it.
    const first = r.evaluation.rows.find((row) => row.name === "第一党支部")!;
    expect(first.flags.map((f) => f.code)).not.toContain("INVALID_VALUE");
  });

  test("choosing the bundled preset rates by it, stores it, and the notice is gone", async () => {
    const wb = await workbookOfVersion100();
    const chosen = await rate(wb, preset("service-org"));
    const first = chosen.evaluation.rows.find((row) => row.name === "第一党支部")!;
    expect(first.flags.map((f) => f.code)).toContain("INVALID_VALUE");
    expect(carriedSettings(wb).rubric.version).toBe("1.1.1");
    const again = await rate(wb);
    expect(again.notices.map((n) => n.code)).not.toContain("PRESET_UPDATED");
  });

  test("a copy equal to the bundled preset but for its version, or a rubric of the office's own, is not said", async () => {
    const wb = new MemoryWorkbook([sheetWithClass()]);
    await rate(wb);
    const settings = carriedSettings(wb);
    settings.rubric.version = "1.0.0";
    storeSettings(wb, settings);
    expect((await rate(wb)).notices.map((n) => n.code)).not.toContain("PRESET_UPDATED");
    const own = { ...preset("service-org"), id: "our-office", version: "0.1.0" };
    expect(presetUpdateNotice(own, [preset("service-org")])).toBeNull();
    const current = await rate(new MemoryWorkbook([sheetWithClass()]));
    expect(current.notices.map((n) => n.code)).not.toContain("PRESET_UPDATED");
  });

  test("versions compare part by part as numbers", () => {
    expect(newerVersion("1.1.0", "1.0.0")).toBe(true);
    expect(newerVersion("1.10.0", "1.9.2")).toBe(true);
    expect(newerVersion("1.0.0", "1.0")).toBe(false);
    expect(newerVersion("1.0.0", "1.1.0")).toBe(false);
    expect(newerVersion("2", "1.99.99")).toBe(true);
  });
});
