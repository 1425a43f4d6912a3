/**
 * The real wiring: createOfficeServices over the real engine and workbook layer, with the in-memory
 * workbook standing in for Excel. Checks that what the pane receives is what the layer computed.
 */
import type { ExcelRun } from "../../src/excel";
import { createOfficeServices, exportFileName, type RunIn } from "../../src/taskpane/officeServices";
import type { RecomputeProgress } from "../../src/taskpane/services";
import { getPreset } from "../../src/engine";
import { emptySheet, MemoryWorkbook } from "../workbook/memoryWorkbook";

function scoringSheet() {
  return emptySheet("评分表", [
    ["2026年度星级服务型党支部评定表"],
    [
      "序号",
      "党支部名称",
      "所属党委",
      "服务体系",
      "服务队伍",
      "服务机制",
      "服务保障",
      "业绩得分",
      "群众满意率",
    ],
    [1, "第一党支部", "机关党委", 19, 19, 19, 20, 19, 0.96],
    [2, "第二党支部", "机关党委", 18, 17, 16, 18, 17, 0.93],
    [3, "第三党支部", "机关党委", 19, null, 19, 19, 19, 0.97],
  ]);
}

function setup() {
  const workbook = new MemoryWorkbook([scoringSheet()]);
  const selected: [string, string][] = [];
  const adapter = {
    read: workbook.read.bind(workbook),
    apply: workbook.apply.bind(workbook),
    selectCell: async (sheet: string, address: string) => {
      selected.push([sheet, address]);
    },
  };
  const services = createOfficeServices({
    lang: "zh",
    adapter,
    sheetNames: async () => workbook.sheets.map((s) => s.model.name),
  });
  return { workbook, selected, services };
}

describe("officeServices over the workbook layer", () => {
  test("start suggests the preset whose headers match and inspect reports the missing required column", async () => {
    const { services, workbook } = setup();
    const start = await services.start();
    expect(start.presets.map((p) => p.id)).toEqual(["service-org", "star-branch", "model-organ"]);
    expect(start.carried).toBeNull();
    expect(start.suggestedPresetId).toBe("service-org");

    const rubric = getPreset("service-org")!;
    const inspection = await services.inspect({ rubric, mapping: {}, lang: "zh" });
    if (!inspection.ok) throw new Error(inspection.error.message);
    expect(inspection.sheet).toBe("评分表");
    expect(inspection.headerRow).toBe(2);
    expect(inspection.fields.find((f) => f.id === "performance")).toMatchObject({
      required: true,
      column: null,
    });
    expect(inspection.fields.find((f) => f.id === "system")).toMatchObject({
      column: "D",
      header: "服务体系",
    });
    expect(inspection.headers).toContainEqual({ column: "H", header: "业绩得分" });
    expect(workbook.applied).toHaveLength(0);
  });

  test("recompute without the missing column writes nothing and says why", async () => {
    const { services, workbook } = setup();
    const rubric = getPreset("service-org")!;
    const outcome = await services.recompute({ rubric, mapping: {}, lang: "zh" });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toContain("服务业绩");
    expect(workbook.applied).toHaveLength(0);
  });

  test("recompute with the picked column: progress by stage, the result line, flags with sheet and cell", async () => {
    const { services, workbook, selected } = setup();
    const rubric = getPreset("service-org")!;
    const progress: RecomputeProgress[] = [];
    const outcome = await services.recompute({
      rubric,
      mapping: { performance: "H", satisfaction: "" },
      lang: "zh",
      onProgress: (p) => progress.push(p),
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(progress.map((p) => p.stage)).toEqual(
      expect.arrayContaining(["read", "evaluate", "plan", "write"]),
    );
    expect(outcome.resultLine).toMatch(/^已评定 2 个支部：/);
    expect(outcome.resultLine).toContain("未评定 1 个");
    expect(outcome.summarySheet).toBe("评定汇总");
    expect(workbook.applied).toHaveLength(1);

    const missing = outcome.flags.find((f) => f.code === "MISSING_VALUE");
    expect(missing).toMatchObject({ severity: "error", cell: "E5", sheet: "评分表", branch: "第三党支部" });
    const low = outcome.flags.find((f) => f.code === "SATISFACTION_LOW");
    expect(low).toMatchObject({ cell: "I4", branch: "第二党支部" });

    // Every row-level flag can be clicked: its own cell, else the branch's name cell.
    for (const flag of outcome.flags.filter((f) => f.row !== undefined)) {
      expect(flag.target).toBe(flag.cell ?? `B${flag.row}`);
    }
    expect(missing?.target).toBe("E5");

    await services.selectCell(missing!.sheet, missing!.cell!);
    expect(selected).toEqual([["评分表", "E5"]]);
  });

  test("定稿, then a workbook that opens finalised; last year's file that is no workbook is refused before anything is written", async () => {
    const { services, workbook } = setup();
    const rubric = getPreset("service-org")!;
    const mapping = { performance: "H" };
    const frozen = await services.recompute({ rubric, mapping, lang: "zh", records: { finalize: true } });
    if (!frozen.ok) throw new Error(frozen.error.message);
    expect(frozen.finalizedAt).toEqual(expect.any(String));
    expect((await services.start()).finalizedAt).toBe(frozen.finalizedAt);

    const bad = { name: "去年.xlsx", bytes: new TextEncoder().encode("not a workbook") };
    const refused = await services.recompute({ rubric, mapping, lang: "zh", records: { prior: bad } });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.message).toContain("去年.xlsx");
    expect(workbook.applied).toHaveLength(1);

    const thawed = await services.recompute({ rubric, mapping, lang: "zh", records: { unfinalize: true } });
    if (!thawed.ok) throw new Error(thawed.error.message);
    expect(thawed.finalizedAt).toBeUndefined();
  });

  test("start offers the carried rubric even when the active sheet has no table", async () => {
    const { services, workbook } = setup();
    const edited = { ...getPreset("service-org")!, name: "本单位服务型党组织方案", version: "2026.1" };
    const first = await services.recompute({ rubric: edited, mapping: { performance: "H" }, lang: "zh" });
    if (!first.ok) throw new Error(first.error.message);
    // The scored sheet was renamed and a blank sheet is active: no table anywhere the layer looks.
    workbook.sheet("评分表")!.model.name = "评分表（旧）";
    workbook.addSheet(emptySheet("空白页"));
    workbook.active = "空白页";

    const again = createOfficeServices({
      lang: "zh",
      adapter: {
        read: workbook.read.bind(workbook),
        apply: workbook.apply.bind(workbook),
        selectCell: async () => {},
      },
      sheetNames: async () => [],
    });
    const start = await again.start();
    const table = await again.inspect({ rubric: start.carried!, mapping: {}, lang: "zh" });
    expect(table.ok).toBe(false);
    expect(start.carried?.name).toBe("本单位服务型党组织方案");
    expect(start.carried?.version).toBe("2026.1");
  });

  test("createTemplate applies the template plan on a new sheet and selects its first data cell", async () => {
    const { services, workbook, selected } = setup();
    const outcome = await services.createTemplate({
      rubric: getPreset("model-organ")!,
      sample: true,
      lang: "zh",
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.sheet).not.toBe("评分表");
    expect(workbook.sheet(outcome.sheet)).toBeDefined();
    expect(selected).toHaveLength(1);
    expect(selected[0][0]).toBe(outcome.sheet);
    expect(selected[0][1]).toMatch(/^B\d+$/);
  });

  test("rubric import/export round trip and JSON errors", () => {
    const { services } = setup();
    const rubric = getPreset("star-branch")!;
    const exported = services.exportRubric(rubric);
    // Named as users know the scheme, not by its id.
    expect(exported.fileName).toBe(`${rubric.name}-${rubric.version}.json`);
    expect(exportFileName({ ...rubric, name: 'A/B: "x"?' }, "zh")).toBe(`A_B_ _x_-${rubric.version}.json`);
    const back = services.importRubric(exported.text);
    expect(back.ok && back.rubric).toEqual(rubric);
    const broken = services.importRubric("{");
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors[0].message).toMatch(/^文件格式有误：第 \d+ 行第 \d+ 列/);
  });

  test("a failing host is reported, not thrown into the UI", async () => {
    const failing = createOfficeServices({
      lang: "en",
      adapter: {
        read: async () => {
          throw new Error("boom");
        },
        apply: async () => undefined,
        selectCell: async () => {
          throw Object.assign(new Error("denied"), { code: "AccessDenied" });
        },
      },
      sheetNames: async () => ["评分表"],
    });
    const outcome = await failing.recompute({ rubric: getPreset("service-org")!, mapping: {}, lang: "en" });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.messageEn).toContain("boom");
    await expect(failing.selectCell("评分表", "A1")).rejects.toThrow(
      "The workbook is protected or read-only",
    );
  });

  test("watchActiveSheet registers worksheets.onActivated in one sync and removes it as Microsoft documents", async () => {
    // Microsoft: remove an EventHandlerResult in a batch on the request context it was added in,
    // i.e. Excel.run(result.context, …) with remove() then sync (docs/office-addin.md#events).
    const log: string[] = [];
    const handlers: (() => Promise<void>)[] = [];
    const context = {
      sync: async () => void log.push("sync"),
      workbook: {
        worksheets: {
          onActivated: {
            add: (handler: () => Promise<void>) => {
              handlers.push(handler);
              return { remove: () => void log.push("remove"), context };
            },
          },
        },
      },
    };
    const batchContexts: unknown[] = [];
    const services = createOfficeServices({
      lang: "zh",
      adapter: {
        read: async () => Promise.reject(new Error("unused")),
        apply: async () => undefined,
        selectCell: async () => undefined,
      },
      sheetNames: async () => [],
      run: ((batch: (c: unknown) => Promise<unknown>) => batch(context)) as unknown as ExcelRun,
      runIn: ((existing: unknown, batch: (c: unknown) => Promise<unknown>) => {
        batchContexts.push(existing);
        log.push("run(existing context)");
        return batch(existing);
      }) as unknown as RunIn,
    });
    let changes = 0;
    const stop = await services.watchActiveSheet!(() => void changes++);
    expect(handlers).toHaveLength(1);
    expect(log).toEqual(["sync"]);
    await handlers[0]();
    await handlers[0]();
    expect(changes).toBe(2);
    stop();
    stop(); // a second stop (React's cleanup can run twice) removes nothing more
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(["sync", "run(existing context)", "remove", "sync"]);
    expect(batchContexts).toEqual([context]);
  });
});
