import { OfficeMockObject } from "office-addin-mock";
import { recomputeAll, register, uiLanguage, type OfficeForCommands } from "../../src/commands/commands";
import type { ExcelRun } from "../../src/excel";
import { serviceOrg } from "../fixtures/workbooks";
import { FakeExcel } from "../support/fake-excel";
import { commandEvent, FakeOffice } from "../support/fake-office";
import { fakeRun } from "../support/office-run";

// office-addin-mock needs only the OfficeApp enum from office-addin-manifest, whose ESM-only
// dependencies Jest (CommonJS) cannot load; give it the enum alone.
jest.mock("office-addin-manifest", () => ({
  OfficeApp: {
    Excel: "excel",
    OneNote: "onenote",
    Outlook: "outlook",
    PowerPoint: "powerpoint",
    Project: "project",
    Word: "word",
  },
}));

describe("registration", () => {
  test("recomputeAll is associated once Office is ready, under the manifest's FunctionName", () => {
    const office = new FakeOffice();
    register(office);
    expect(office.associated.size).toBe(0);
    office.becomeReady();
    expect([...office.associated.keys()]).toEqual(["recomputeAll"]);
  });

  test("with office-addin-mock's Office object the same registration happens", () => {
    const associated: string[] = [];
    const mock = new OfficeMockObject({
      context: { displayLanguage: "en-US" },
      actions: {
        associate(name: string) {
          associated.push(name);
        },
      },
      onReady(callback: () => void) {
        callback();
        return Promise.resolve();
      },
    });
    register(mock as unknown as OfficeForCommands);
    expect(associated).toEqual(["recomputeAll"]);
    expect(uiLanguage(mock as unknown as OfficeForCommands)).toBe("en");
  });
});

describe("recomputeAll", () => {
  test("rates the workbook, writes results and summary, shows no dialog, completes once", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(12));
    const office = new FakeOffice();
    const event = commandEvent();
    await recomputeAll(event, { office, run: fakeRun(excel) });
    expect(event.completedCalls).toBe(1);
    expect(office.dialogs).toEqual([]);
    expect(excel.readValues("评分表")[1][12]).toBe("评定星级");
    expect(excel.sheet("评定汇总")?.charts).toHaveLength(1);
  });

  test("when nothing can be rated it says why in a dialog (zh) and still completes", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["无关"], ["内容"]] }] });
    const before = excel.snapshot();
    const office = new FakeOffice({ dialog: "ok" });
    const event = commandEvent();
    await recomputeAll(event, { office, run: fakeRun(excel) });
    expect(event.completedCalls).toBe(1);
    expect(office.dialogs).toHaveLength(1);
    const dialog = office.dialogs[0];
    expect(dialog.params.get("title")).toBe("一键评定未完成");
    expect(dialog.params.get("body")).toMatch(/评定方案|未写入/);
    expect(dialog.url).toMatch(/\/dialog\.html\?/);
    expect(dialog.closed).toBe(true);
    expect(excel.snapshot()).toBe(before);
  });

  test("English when Office's display language is English", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["nothing"]] }] });
    const office = new FakeOffice({ displayLanguage: "en-US", dialog: "closeBox" });
    const event = commandEvent();
    await recomputeAll(event, { office, run: fakeRun(excel) });
    expect(event.completedCalls).toBe(1);
    expect(office.dialogs[0].params.get("lang")).toBe("en");
    expect(office.dialogs[0].params.get("title")).toBe("Rate All did not finish");
    expect(office.dialogs[0].params.get("body")).toMatch(/rubric|nothing was written/);
  });

  test("when Excel itself fails, the error is explained and completed() is still called", async () => {
    const failing: ExcelRun = async () => {
      throw Object.assign(new Error("boom"), { code: "InvalidOperationInCellEditMode" });
    };
    const office = new FakeOffice();
    const event = commandEvent();
    await recomputeAll(event, { office, run: failing });
    expect(event.completedCalls).toBe(1);
    expect(office.dialogs).toHaveLength(1);
    expect(office.dialogs[0].params.get("body")).toContain("boom");
  });

  test("when recompute throws outright, completed() is still called and the user is told", async () => {
    const office = new FakeOffice();
    const event = commandEvent();
    // A run that throws synchronously, before any promise exists.
    const broken = (() => {
      throw new TypeError("not a function");
    }) as unknown as ExcelRun;
    await recomputeAll(event, { office, run: broken });
    expect(event.completedCalls).toBe(1);
    expect(office.dialogs).toHaveLength(1);
  });

  test("when the dialog cannot open (12007), completed() is still called", async () => {
    const excel = FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["x"]] }] });
    const office = new FakeOffice({ dialog: "fails" });
    const event = commandEvent();
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    await recomputeAll(event, { office, run: fakeRun(excel) });
    expect(event.completedCalls).toBe(1);
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});
