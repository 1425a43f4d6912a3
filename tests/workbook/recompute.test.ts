import type { Rubric } from "../../src/engine/types";
import { AppError, msg } from "../../src/messages";
import { inspect, recompute, resultLine, SETTINGS_SHEET, type RecomputeResult } from "../../src/workbook";
import { NOW, preset, sheetOf, smallServiceSheet } from "./helpers";
import { MemoryWorkbook } from "./memoryWorkbook";

async function ok(
  wb: MemoryWorkbook,
  opts: Parameters<typeof recompute>[1] = {},
): Promise<RecomputeResult & { ok: true }> {
  const r = await recompute(wb, { now: NOW, ...opts });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe("recompute: nothing is written when anything fails before writing", () => {
  it("missing required column", async () => {
    const sheet = sheetOf("s", [
      ["党支部名称", "服务体系", "服务队伍", "服务机制", "服务保障"],
      ["一支部", 19, 19, 19, 19],
    ]);
    const wb = new MemoryWorkbook([sheet]);
    const r = await recompute(wb, { now: NOW });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe("MISSING_COLUMN");
    expect(wb.applied).toEqual([]);
    expect(wb.sheets).toHaveLength(1);
  });

  it("no table", async () => {
    const wb = new MemoryWorkbook([sheetOf("s", [["会议记录"], ["时间", "地点"]])]);
    const r = await recompute(wb, { now: NOW });
    expect(!r.ok && r.error.code).toBe("NO_TABLE");
    expect(!r.ok && r.error.text("en")).toContain("service-org");
    expect(wb.applied).toEqual([]);
  });

  it("invalid rubric", async () => {
    const bad = { ...structuredClone(preset("service-org")), nearNext: -3 } as Rubric;
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r = await recompute(wb, { rubric: bad, now: NOW });
    expect(!r.ok && r.error.code).toBe("INVALID_RUBRIC");
    expect(!r.ok && r.error.message).toContain("nearNext");
    expect(wb.applied).toEqual([]);
    expect(wb.reads).toEqual([]);
  });

  it("no such sheet, and an unreadable workbook", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r = await recompute(wb, { sheet: "不存在", now: NOW });
    expect(!r.ok && r.error.code).toBe("NO_SHEET");
    expect(!r.ok && r.error.message).toContain("不存在");
    const broken = {
      read: () => Promise.reject(new Error("zip is corrupt")),
      apply: jest.fn(() => Promise.resolve()),
    };
    const r2 = await recompute(broken, { now: NOW });
    expect(!r2.ok && r2.error.code).toBe("UNREADABLE");
    expect(!r2.ok && r2.error.text("en")).toContain("zip is corrupt");
    expect(broken.apply).not.toHaveBeenCalled();
  });

  it("reports a failed write", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    wb.failApply = true;
    const r = await recompute(wb, { now: NOW });
    expect(!r.ok && r.error.code).toBe("WRITE_FAILED");
  });
});

describe("recompute: idempotent, settings carried", () => {
  it("applies exactly one plan per run, and the second run's plan equals the first", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const first = await ok(wb);
    const afterFirst = wb.snapshotValues();
    const second = await ok(wb);
    expect(wb.applied).toHaveLength(2);
    expect(second.plan).toEqual(first.plan);
    expect(wb.snapshotValues()).toEqual(afterFirst);
    expect(first.rubricSource).toBe("detected");
    expect(second.rubricSource).toBe("workbook");
  });

  it("stores rubric, mapping and ownership in a very hidden sheet and reads them back", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb);
    const settings = wb.sheet(SETTINGS_SHEET)!;
    expect(settings.visibility).toBe("veryHidden");
    const json = JSON.parse(String(settings.model.values[0]![0])) as Record<string, unknown>;
    expect(json).toMatchObject({
      format: "star-rating-settings",
      version: 1,
      rubric: { id: "service-org" },
      mapping: { sheet: "评分表", headerRow: 2, columns: { name: "B", system: "D", veto: "J" } },
      owned: {
        sheet: "评分表",
        resultColumns: { total: "K", explanation: "P" },
        summarySheet: "评定汇总",
        lastRow: 7,
      },
      updatedAt: "2026-12-01T08:00:00.000Z",
    });
  });

  it("uses the carried rubric over detection, and an explicit one over both", async () => {
    const custom = structuredClone(preset("service-org")) as Rubric;
    custom.id = "service-org-2026";
    custom.tiers = {
      ...custom.tiers,
      bands: custom.tiers.kind === "bands" ? custom.tiers.bands.map((b) => ({ ...b, min: b.min - 10 })) : [],
      below: { label: "无星" },
    } as Rubric["tiers"];
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const a = await ok(wb, { rubric: custom });
    expect(a.rubricSource).toBe("option");
    expect(a.evaluation.rows[3]?.tier).toBe("五星级"); // 85 with bands lowered by 10
    const b = await ok(wb);
    expect(b.rubricSource).toBe("workbook");
    expect(b.rubric.id).toBe("service-org-2026");
    const c = await ok(wb, { rubric: preset("service-org") });
    expect(c.rubricSource).toBe("option");
    expect(c.evaluation.rows[3]?.tier).toBe("三星级");
  });

  it("scores the sheet the settings name, whatever sheet is active", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet("评分表"), sheetOf("说明", [["填表说明"]])]);
    await ok(wb);
    wb.active = "说明";
    wb.reads = [];
    const r = await ok(wb);
    expect(r.sheet).toBe("评分表");
    expect(wb.reads.map((q) => q.sheet)).toEqual([undefined, "评分表"]);
    expect(wb.get("说明", 1, 2)).toBeNull();
  });

  it("ignores an unreadable settings sheet with a warning, and a newer one without overwriting it", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet(), sheetOf(SETTINGS_SHEET, [["{garbage"]])]);
    const r = await ok(wb);
    expect(r.warnings[0]).toContain("无法读取");
    const newer = JSON.stringify({ format: "star-rating-settings", version: 9 });
    const wb2 = new MemoryWorkbook([smallServiceSheet(), sheetOf(SETTINGS_SHEET, [[newer]])]);
    const r2 = await ok(wb2, { lang: "en" });
    expect(r2.warnings[0]).toContain("newer version");
    expect(wb2.get(SETTINGS_SHEET, 1, 1)).toBe(newer);
  });

  it("reports progress through the stages, ending at 1", async () => {
    const stages: string[] = [];
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb, { onProgress: (stage, f) => stages.push(`${stage}:${f}`) });
    expect(stages).toEqual(["read:0", "evaluate:0.2", "plan:0.5", "write:0.7", "write:1"]);
  });
});

describe("resultLine", () => {
  it("says what was rated, in Chinese and English", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r = await ok(wb);
    expect(resultLine(r, "zh")).toBe("已评定 4 个支部：五星级 1，四星级 2，三星级 1；未评定 1 个");
    expect(resultLine(r, "en")).toBe("Rated 4 branches (5 stars: 1, 4 stars: 2, 3 stars: 1); 1 not rated");
    const bad = await recompute(new MemoryWorkbook([sheetOf("s", [["x"]])]), {});
    expect(resultLine(bad, "zh")).toContain("可用的方案：service-org");
    expect(resultLine(bad, "en")).toContain("Available: service-org");
  });
});

describe("inspect", () => {
  it("resolves without writing, and lists headers and fields for the mapping picker", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    const r = await inspect(wb, {});
    expect(wb.applied).toEqual([]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rubric.id).toBe("service-org");
    expect(r.headerRow).toBe(2);
    expect(r.headers.map((h) => h.column)).toEqual(["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]);
    expect(r.fields.find((f) => f.id === "system")).toMatchObject({
      column: "D",
      required: true,
      via: "header",
    });
    expect(r.fields.find((f) => f.id === "priorStars")).toMatchObject({ column: null });
    expect(r.missingRequired).toEqual([]);
    expect(r.error).toBeNull();
  });

  it("still answers when a required column is missing, so that the user can map it", async () => {
    const sheet = sheetOf("s", [
      ["党支部名称", "服务体系", "服务队伍", "服务机制", "服务保障", "业绩"],
      ["一支部", 19, 19, 19, 19, 18],
    ]);
    const wb = new MemoryWorkbook([sheet]);
    const r = await inspect(wb, {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.missingRequired).toEqual(["performance"]);
    expect(r.error?.code).toBe("MISSING_COLUMN");
    expect(r.headers.map((h) => h.text)).toContain("业绩");
    const mapped = await recompute(wb, { mapping: { performance: "F" }, now: NOW });
    expect(mapped.ok).toBe(true);
    expect(mapped.ok && mapped.evaluation.rows[0]?.total).toBe(94);
    // The mapping is carried: the next plain run needs no picker.
    const again = await recompute(wb, { now: NOW });
    expect(again.ok && again.evaluation.rows[0]?.total).toBe(94);
  });
});

describe("recompute: an empty table", () => {
  it("writes headers and a summary with zero counts", async () => {
    const wb = new MemoryWorkbook([
      sheetOf("s", [["党支部名称", "服务体系", "服务队伍", "服务机制", "服务保障", "服务业绩"]]),
    ]);
    const r = await ok(wb);
    expect(r.counts).toMatchObject({ rated: 0, notRated: 0 });
    expect(wb.get("s", 1, 7)).toBe("评定总分");
    expect(wb.sheet("评定汇总")!.model.values.flat()).toContain("（没有已评定的支部）");
    expect(resultLine(r, "zh")).toBe("已评定 0 个支部");
    expect(r.warnings).toContain(
      "工作表「s」第 1 行是表头，下面还没有支部行：只写出了评定列的表头和空的汇总表。填好各支部的名称和分数后再评定。",
    );
  });
});

describe("recompute: adapter errors keep both languages", () => {
  it("passes on a damaged package's message as it is: it already says the file cannot be read", async () => {
    const damaged = msg("DAMAGED", { file: "考评.xlsx", detail: "zip is corrupt" });
    const adapter = { read: () => Promise.reject(new AppError(damaged)), apply: () => Promise.resolve() };
    const r = await recompute(adapter, { now: NOW });
    expect(!r.ok && r.error.code).toBe("UNREADABLE");
    expect(!r.ok && r.error.msg).toEqual(damaged);
  });

  it("passes on an adapter's bilingual message", async () => {
    const err = Object.assign(new Error("文件已损坏"), {
      messageEn: "the file is damaged",
      code: "UNREADABLE",
    });
    const adapter = { read: () => Promise.reject(err), apply: () => Promise.resolve() };
    const r = await recompute(adapter, { now: NOW });
    expect(!r.ok && r.error.message).toBe("无法读取工作簿：文件已损坏。未写入任何内容。");
    expect(!r.ok && r.error.text("en")).toBe(
      "The workbook cannot be read: the file is damaged. Nothing was written.",
    );
  });
});

describe("recompute: a part of the program missing", () => {
  it("is the program's error, not the workbook's: ExcelJS absent from an install is never called a damaged file", async () => {
    const missing = Object.assign(new Error("Cannot find module 'exceljs'"), { code: "MODULE_NOT_FOUND" });
    const adapter = { read: () => Promise.reject(missing), apply: () => Promise.resolve() };
    await expect(recompute(adapter, { now: NOW })).rejects.toBe(missing);
  });
});

describe("recompute: a carried rubric that no longer fits", () => {
  it("says the stored rubric was used and how to choose another", async () => {
    const wb = new MemoryWorkbook([smallServiceSheet()]);
    await ok(wb);
    // The office pastes a star-branch table over the old one.
    wb.sheet("评分表")!.model.values = [
      ["党支部名称", "考核分数", "标准1"],
      ["一支部", 90, "是"],
    ];
    const r = await recompute(wb, { now: NOW });
    expect(!r.ok && r.error.code).toBe("MISSING_COLUMN");
    expect(!r.ok && r.error.message).toContain("使用的是工作簿中保存的方案「五星级服务型党组织（百分制）」");
    expect(wb.applied).toHaveLength(1);
    const explicit = await recompute(wb, { rubric: preset("star-branch"), now: NOW });
    expect(explicit.ok).toBe(true);
  });
});
