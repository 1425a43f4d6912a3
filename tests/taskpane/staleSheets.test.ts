/**
 * The pane never works from a remembered sheet list (SPEC §8): a sheet the user renames, deletes or
 * adds while the pane is open must not make the pane's next action fail. Real services, real
 * workbook layer and Office.js adapter, over the in-memory Excel; the "user" edits the fake directly
 * between the pane's actions, as Excel would without telling the pane.
 */
import { getPreset } from "../../src/engine";
import { createOfficeServices } from "../../src/taskpane/officeServices";
import type { PaneServices } from "../../src/taskpane/services";
import type { OfficeServices } from "../../src/taskpane/officeServices";
import { serviceOrg } from "../fixtures/workbooks";
import { FakeExcel } from "../support/fake-excel";
import { fakeAdapter, fakeRun } from "../support/office-run";

const rubric = getPreset("service-org")!;

function pane(excel: FakeExcel): OfficeServices {
  // No sheetNames override and a new adapter per action: the services ask Excel, as in the add-in.
  return createOfficeServices({ lang: "zh", run: fakeRun(excel), createAdapter: () => fakeAdapter(excel) });
}

async function rate(services: PaneServices) {
  const outcome = await services.recompute({ rubric, mapping: {}, lang: "zh" });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome;
}

/** What Excel does when the user renames a sheet (the active sheet keeps being active). */
function renameSheet(excel: FakeExcel, from: string, to: string): void {
  excel.sheet(from)!.name = to;
  if (excel.activeSheet === from) excel.activeSheet = to;
}

function headerRow(excel: FakeExcel, sheet: string): unknown[] {
  return excel.readValues(sheet)[1];
}

test("the scored sheet renamed while the pane is open: the next 一键评定 rates it under its new name", async () => {
  const excel = FakeExcel.fromDescription(serviceOrg(6));
  const services = pane(excel);
  await services.start();
  const first = await rate(services);
  expect(first.sheet).toBe("评分表");

  renameSheet(excel, "评分表", "评分表2026");

  const second = await rate(services);
  expect(second.sheet).toBe("评分表2026");
  expect(excel.sheets.map((s) => s.name).filter((n) => !n.startsWith("_"))).toEqual([
    "评分表2026",
    "评定汇总",
    "评定核查",
    "公示名单",
  ]);
  // Result columns found again in place, not appended a second time.
  expect(headerRow(excel, "评分表2026").filter((h) => h === "评定星级")).toHaveLength(1);
});

test("the summary sheet deleted while the pane is open: the next 一键评定 builds it again", async () => {
  const excel = FakeExcel.fromDescription(serviceOrg(6));
  const services = pane(excel);
  await rate(services);
  excel.sheets.splice(
    excel.sheets.findIndex((s) => s.name === "评定汇总"),
    1,
  );

  const again = await rate(services);
  expect(again.summarySheet).toBe("评定汇总");
  expect(excel.sheet("评定汇总")).toBeDefined();
  expect(excel.readValues("评定汇总").length).toBeGreaterThan(5);
});

test("a sheet added by the user under the template's name: 新建评分表 picks a free name instead of failing", async () => {
  const excel = FakeExcel.fromDescription(serviceOrg(3));
  const services = pane(excel);
  const first = await services.createTemplate({ rubric, sample: false, lang: "zh" });
  if (!first.ok) throw new Error(first.error.message);
  expect(first.sheet).toBe("评分表 (2)");

  // The user renames the new sheet and adds one called what the next template would be called.
  renameSheet(excel, "评分表 (2)", "一支部");
  excel.addSheet("评分表 (3)");
  const second = await services.createTemplate({ rubric, sample: false, lang: "zh" });
  if (!second.ok) throw new Error(second.error.message);
  // "评分表 (2)" is free again; a list remembered from before would have taken "评分表 (3)" and failed.
  expect(second.sheet).toBe("评分表 (2)");
  expect(excel.sheets.map((s) => s.name)).toEqual(["评分表", "一支部", "评分表 (3)", "评分表 (2)"]);
});

test("a flag whose sheet was renamed says so in words, and works again once the name is back", async () => {
  const excel = FakeExcel.fromDescription(serviceOrg(6));
  const services = pane(excel);
  const outcome = await rate(services);
  const flag = outcome.flags.find((f) => f.target);
  expect(flag).toBeDefined();

  renameSheet(excel, "评分表", "旧表");
  await expect(services.selectCell(flag!.sheet, flag!.target!)).rejects.toThrow(
    "工作表「评分表」已不存在（可能已被删除或改名）；请重新评定后再点击标记。",
  );
  expect(excel.selection).toBeNull();

  renameSheet(excel, "旧表", "评分表");
  await services.selectCell(flag!.sheet, flag!.target!);
  expect(excel.selection).toEqual({ sheet: "评分表", address: flag!.target });
});
