import { OfficeMockObject } from "office-addin-mock";
import {
  COMMAND_RUNTIME_LIMIT_MS,
  DEFAULT_LIMITS,
  recomputeAll,
  register,
  uiLanguage,
  type OfficeForCommands,
} from "../../src/commands/commands";
import type { ExcelRun } from "../../src/excel";
import { msg, render } from "../../src/messages";
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
  test("rates the workbook, writes results and summary, says what it did, completes once", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(12));
    const office = new FakeOffice();
    const event = commandEvent();
    await recomputeAll(event, { office, run: fakeRun(excel) });
    expect(event.completedCalls).toBe(1);
    expect(excel.readValues("评分表")[1][12]).toBe("评定星级");
    expect(excel.sheet("评定汇总")).toBeDefined();
    expect(office.dialogs).toHaveLength(1);
    const dialog = office.dialogs[0];
    expect(dialog.params.get("title")).toBe("一键评定完成");
    const body = dialog.params.get("body") ?? "";
    expect(body.split("\n")[0]).toBe("已评定 12 个支部：四星级 1，三星级 6，二星级 5。");
    // Every sheet the run added or rewrote, as the workbook now has them (评定汇总, 评定核查, 公示名单…).
    const owned = excel.sheets
      .filter((s) => s.visibility === "Visible" && s.name !== "评分表")
      .map((s) => s.name);
    expect(owned).toContain("评定汇总");
    expect(body.split("\n")[1]).toBe(
      `结果已写入「评分表」；已更新${owned.map((n) => `「${n}」`).join("、")}。`,
    );
    expect(dialog.params.get("pane")).toBeNull();
    expect(dialog.params.get("paneLabel")).toBeNull();
    expect(dialog.params.get("ok")).toBe("确定");
    expect(dialog.closed).toBe(true);
  });

  test("in English the dialog's title, lines and button say the same", async () => {
    const excel = FakeExcel.fromDescription(serviceOrg(12));
    const office = new FakeOffice({ displayLanguage: "en-US" });
    await recomputeAll(commandEvent(), { office, run: fakeRun(excel) });
    const dialog = office.dialogs[0];
    expect(dialog.params.get("title")).toBe("Rate All finished");
    const owned = excel.sheets
      .filter((s) => s.visibility === "Visible" && s.name !== "评分表")
      .map((s) => s.name);
    expect((dialog.params.get("body") ?? "").split("\n")[1]).toBe(
      `Results were written to "评分表"; updated ${owned.map((n) => `"${n}"`).join(", ")}.`,
    );
    expect(dialog.params.get("ok")).toBe("OK");
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
    // Worded for Excel users: no command-line options, no scheme ids.
    expect(dialog.params.get("body")).not.toMatch(/--[a-z]|service-org|star-branch|model-organ/);
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
    expect(office.dialogs[0].params.get("body")).toMatch(/rubric|nothing was written/i);
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

/** A FakeOffice whose host can (or cannot) open the task pane from a command (SharedRuntime 1.1). */
function officeWithPane(supported: boolean, options: ConstructorParameters<typeof FakeOffice>[0] = {}) {
  const office = new FakeOffice(options);
  const opened: string[] = [];
  const base = office.context.requirements.isSetSupported;
  office.context.requirements.isSetSupported = (name, version) =>
    name === "SharedRuntime" ? supported : base(name, version);
  const withAddin = Object.assign(office, {
    addin: {
      showAsTaskpane: async () => {
        opened.push("pane");
      },
    },
  });
  return { office: withAddin, opened };
}

/** The first dialog, once it is open and listening (FakeOffice answers a macrotask after the call). */
async function openedDialog(office: FakeOffice) {
  while (office.dialogs.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 10));
  return office.dialogs[0];
}

const nothingToRate = () =>
  FakeExcel.fromDescription({ sheets: [{ name: "S", rows: [["无关"], ["内容"]] }] });

describe("the 5-minute limit of function commands", () => {
  test("the default limits leave the recompute and the dialog inside Excel's 5 minutes", () => {
    expect(COMMAND_RUNTIME_LIMIT_MS).toBe(300_000);
    expect(DEFAULT_LIMITS.recomputeMs).toBeLessThan(DEFAULT_LIMITS.completeByMs);
    expect(DEFAULT_LIMITS.completeByMs).toBeLessThan(COMMAND_RUNTIME_LIMIT_MS);
  });

  test("a sync that never returns ends with a clear message and completed() within the limit", async () => {
    // The sync never answers while the command runs; at the end the test lets it fail, which ends the
    // adapter's own (minutes-long) time limit timer instead of leaving it to keep Jest alive.
    let abandon: (error: Error) => void = () => undefined;
    const hanging: ExcelRun = () => new Promise<never>((_, reject) => (abandon = reject));
    const office = new FakeOffice();
    const event = commandEvent();
    const started = Date.now();
    await recomputeAll(event, { office, run: hanging, limits: { recomputeMs: 60, completeByMs: 5000 } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(event.completedCalls).toBe(1);
    expect(office.dialogs).toHaveLength(1);
    expect(office.dialogs[0].params.get("title")).toBe("一键评定未完成");
    const body = office.dialogs[0].params.get("body") ?? "";
    expect(body.split("\n")[0]).toBe(
      "Excel 在 1 分钟内没有完成一键评定。评定结果可能尚未写入，或只写入了一部分；请检查工作表，再打开「评定面板」重新评定（面板没有时间限制）。",
    );
    expect(body).toContain("请点击「星级评定」选项卡中的「评定面板」");
    abandon(new Error("test over"));
  });

  test("in English the time limit is counted in minutes, one or more", async () => {
    let abandon: (error: Error) => void = () => undefined;
    const hanging: ExcelRun = () => new Promise<never>((_, reject) => (abandon = reject));
    const office = new FakeOffice({ displayLanguage: "en-US" });
    await recomputeAll(commandEvent(), {
      office,
      run: hanging,
      limits: { recomputeMs: 60, completeByMs: 5000 },
    });
    expect(office.dialogs[0].params.get("title")).toBe("Rate All did not finish");
    expect(office.dialogs[0].params.get("body")).toBe(
      "Excel did not finish Rate All within 1 minute. The results may not have been written, or only in part; check the sheet, then rate again from the Rating Pane (it has no time limit).\n\nFor details and how to fix it, click Rating Pane on the Star Rating tab.",
    );
    expect(render(msg("COMMAND_TIMED_OUT", { seconds: 180 }), "en")).toContain("within 3 minutes.");
    expect(render(msg("COMMAND_TIMED_OUT", { seconds: 180 }), "zh")).toContain("Excel 在 3 分钟内");
    abandon(new Error("test over"));
  });

  test("completed() is called at the deadline even while the dialog is still open", async () => {
    const office = new FakeOffice({ dialog: "stays" });
    const event = commandEvent();
    const running = recomputeAll(event, {
      office,
      run: fakeRun(nothingToRate()),
      limits: { recomputeMs: 5000, completeByMs: 150 },
    });
    const dialog = await openedDialog(office);
    while (event.completedCalls === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(office.dialogs).toHaveLength(1);
    expect(dialog.closed).toBe(false);
    expect(event.completedCalls).toBe(1);
    // The user closes it later: still exactly one completed().
    office.dialogs[0].sendMessage("close");
    await running;
    expect(event.completedCalls).toBe(1);
  });
});

describe("the failure dialog and the task pane", () => {
  test("where the host can open the pane, the dialog offers it and the button opens it", async () => {
    const { office, opened } = officeWithPane(true, { dialog: "stays" });
    const event = commandEvent();
    const running = recomputeAll(event, { office, run: fakeRun(nothingToRate()) });
    const dialog = await openedDialog(office);
    expect(dialog.params.get("pane")).toBe("1");
    expect(dialog.params.get("paneLabel")).toBe("打开评定面板");
    expect(dialog.params.get("ok")).toBe("确定");
    expect(dialog.params.get("body")).not.toContain("请点击「星级评定」选项卡");
    dialog.sendMessage("openPane");
    await running;
    expect(opened).toEqual(["pane"]);
    expect(dialog.closed).toBe(true);
    expect(event.completedCalls).toBe(1);
  });

  test("in English the pane button and the OK button are labelled in English", async () => {
    const { office } = officeWithPane(true, { dialog: "stays", displayLanguage: "en-US" });
    const running = recomputeAll(commandEvent(), { office, run: fakeRun(nothingToRate()) });
    const dialog = await openedDialog(office);
    expect(dialog.params.get("paneLabel")).toBe("Open the Rating Pane");
    expect(dialog.params.get("ok")).toBe("OK");
    dialog.sendMessage("close");
    await running;
  });

  test("where it cannot (no SharedRuntime 1.1), the message says where the pane is instead", async () => {
    const { office, opened } = officeWithPane(false);
    const event = commandEvent();
    await recomputeAll(event, { office, run: fakeRun(nothingToRate()) });
    const dialog = office.dialogs[0];
    expect(dialog.params.get("pane")).toBeNull();
    expect(dialog.params.get("body")).toContain("请点击「星级评定」选项卡中的「评定面板」");
    expect(opened).toEqual([]);
    expect(event.completedCalls).toBe(1);
  });

  test("a showAsTaskpane that rejects still lets the command complete", async () => {
    const { office } = officeWithPane(true, { dialog: "stays" });
    office.addin.showAsTaskpane = async () => {
      throw new Error("not in a shared runtime");
    };
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const event = commandEvent();
    const running = recomputeAll(event, { office, run: fakeRun(nothingToRate()) });
    (await openedDialog(office)).sendMessage("openPane");
    await running;
    expect(event.completedCalls).toBe(1);
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});

describe("the command's texts come from the catalogue", () => {
  test.each([
    ["COMMAND_DONE_TITLE", "一键评定完成", "Rate All finished"],
    ["COMMAND_FAILED_TITLE", "一键评定未完成", "Rate All did not finish"],
    ["COMMAND_CRASHED_TITLE", "一键评定出错", "Rate All failed"],
    [
      "COMMAND_PANE_HINT",
      "详情和修改办法：请点击「星级评定」选项卡中的「评定面板」。",
      "For details and how to fix it, click Rating Pane on the Star Rating tab.",
    ],
    ["COMMAND_OPEN_PANE_BUTTON", "打开评定面板", "Open the Rating Pane"],
    ["COMMAND_OK_BUTTON", "确定", "OK"],
  ] as const)("%s reads %s / %s", (code, zh, en) => {
    expect(render(msg(code), "zh")).toBe(zh);
    expect(render(msg(code), "en")).toBe(en);
  });

  test("more notices than the dialog shows are counted in both languages", () => {
    const more = (count: number) => msg("COMMAND_MORE_NOTICES", { count });
    expect(render(more(1), "zh")).toBe("另有 1 条提示，请在「评定面板」中查看。");
    expect(render(more(1), "en")).toBe("1 more note: see the Rating Pane.");
    expect(render(more(2), "en")).toBe("2 more notes: see the Rating Pane.");
  });

  test("a run that wrote only the rated sheet names no others", () => {
    const written = msg("COMMAND_WRITTEN", { sheet: "评分表", others: [] });
    expect(render(written, "zh")).toBe("结果已写入「评分表」。");
    expect(render(written, "en")).toBe('Results were written to "评分表".');
  });
});
