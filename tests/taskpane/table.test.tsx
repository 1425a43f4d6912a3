/** @jest-environment jsdom */
import "./setup";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { act } from "react";
import type { TableInspection } from "../../src/taskpane/services";
import { FakeServices, serviceOrgInspection } from "./fakes";
import { renderPane } from "./setup";

describe("detected table", () => {
  test("a missing required column is an error that says nothing will be written, listing the headers found", async () => {
    renderPane(new FakeServices(), "zh");
    const region = await screen.findByRole("region", { name: "识别的表格" });
    await within(region).findByText("工作表：评分表");
    expect(within(region).getByText("缺少必需的列：评定时不会写入任何内容。")).toBeTruthy();
    expect(
      within(region).getByText(
        /缺少：服务业绩。.*当前表头：序号、党支部名称、服务体系、服务队伍、服务机制、服务保障、业绩得分、群众满意率/,
      ),
    ).toBeTruthy();
    expect(within(region).getByText("未找到的可选列（相关检查不进行）：上年星级")).toBeTruthy();
  });

  test("a column picked by hand clears the error and is passed to the next recompute", async () => {
    const services = new FakeServices();
    const user = userEvent.setup();
    renderPane(services, "zh");
    const region = await screen.findByRole("region", { name: "识别的表格" });
    await within(region).findByText("工作表：评分表");
    const performance = within(region).getByRole("combobox", { name: /^服务业绩/ }) as HTMLSelectElement;
    expect(performance.required).toBe(true);
    expect(performance.value).toBe("");
    expect(
      within(performance)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toContain("H · 业绩得分");

    await user.selectOptions(performance, "H");
    expect(performance.value).toBe("H");
    expect(within(region).getByText("手动指定")).toBeTruthy();
    expect(within(region).queryByText("缺少必需的列：评定时不会写入任何内容。")).toBeNull();
    expect(within(region).getByText("手动选择的对应关系将在下次评定时使用并保存到工作簿。")).toBeTruthy();

    // A pick can be handed back to detection.
    const satisfaction = within(region).getByRole("combobox", { name: "群众满意率" }) as HTMLSelectElement;
    expect(within(satisfaction).queryByRole("option", { name: "（自动识别）" })).toBeNull();
    await user.selectOptions(satisfaction, "H");
    await user.selectOptions(satisfaction, "");
    expect(satisfaction.value).toBe("I");

    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
    expect(services.recomputeCalls[0].mapping).toEqual({ performance: "H" });
    expect(services.recomputeCalls[0].rubric.id).toBe("service-org");
    expect(services.recomputeCalls[0].lang).toBe("zh");
  });

  test("detect again re-inspects with the current mapping; an inspection error is shown", async () => {
    const services = new FakeServices();
    const user = userEvent.setup();
    renderPane(services, "en");
    const region = await screen.findByRole("region", { name: "Detected table" });
    await within(region).findByText("Sheet: 评分表");
    await user.selectOptions(within(region).getByRole("combobox", { name: /Service performance/ }), "H");
    services.inspectResult = {
      ok: false,
      error: {
        message: "未找到评分表：…",
        messageEn: "No scoring table found on sheet Sheet1: no header row matches the rubric.",
      },
    };
    await user.click(within(region).getByRole("button", { name: "Detect again" }));
    expect(
      await within(region).findByText(
        "No scoring table found on sheet Sheet1: no header row matches the rubric.",
      ),
    ).toBeTruthy();
    expect(services.inspectCalls[1].mapping).toEqual({ performance: "H" });
  });

  test("picks are sent only with the rubric they belong to, and come back with it", async () => {
    const services = new FakeServices();
    const user = userEvent.setup();
    renderPane(services, "zh");
    const region = await screen.findByRole("region", { name: "识别的表格" });
    await within(region).findByText("工作表：评分表");
    await user.selectOptions(within(region).getByRole("combobox", { name: /^服务业绩/ }), "H");

    const picker = screen.getByRole("combobox", { name: "使用的方案" });
    await user.selectOptions(picker, "preset:star-branch");
    await waitFor(() => expect(services.inspectCalls.at(-1)?.rubric.id).toBe("star-branch"));
    expect(services.inspectCalls.at(-1)?.mapping).toEqual({});
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
    expect(services.recomputeCalls[0]).toMatchObject({ mapping: {} });
    expect(services.recomputeCalls[0].rubric.id).toBe("star-branch");

    await user.selectOptions(picker, "preset:service-org");
    await waitFor(() => expect(services.inspectCalls.at(-1)?.rubric.id).toBe("service-org"));
    expect(services.inspectCalls.at(-1)?.mapping).toEqual({ performance: "H" });
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(2));
    expect(services.recomputeCalls[1].mapping).toEqual({ performance: "H" });
  });

  test("activating another worksheet re-detects the table there, once the user stops on it", async () => {
    const services = new FakeServices();
    const { unmount } = renderPane(services, "zh");
    const region = await screen.findByRole("region", { name: "识别的表格" });
    await within(region).findByText("工作表：评分表");
    await waitFor(() => expect(services.activationListener).not.toBeNull());
    const before = services.inspectCalls.length;
    services.inspectResult = { ...serviceOrgInspection(), sheet: "二季度" } as TableInspection;
    // Three tabs in a row: one inspection, of the last.
    act(() => {
      services.activateSheet();
      services.activateSheet();
      services.activateSheet();
    });
    await within(region).findByText("工作表：二季度");
    expect(services.inspectCalls.length).toBe(before + 1);
    expect(services.inspectCalls.at(-1)!.rubric.id).toBe("service-org");
    unmount();
    expect(services.activationListener).toBeNull();
  });
});

describe("the sheet to rate, on the page", () => {
  test("a file of several sheets offers them; the one chosen is inspected and goes with the next run", async () => {
    const services = new FakeServices();
    services.startResult = { ...services.startResult, sheets: ["评分表", "2025年"] };
    const chosen: string[] = [];
    services.chooseSheet = (sheet: string) => {
      chosen.push(sheet);
    };
    const user = userEvent.setup();
    renderPane(services, "zh");
    const region = await screen.findByRole("region", { name: "识别的表格" });
    await within(region).findByText("工作表：评分表");
    const picker = within(region).getByRole("combobox", { name: "评定的工作表" }) as HTMLSelectElement;
    expect(picker.value).toBe("评分表");
    expect([...picker.options].map((o) => o.value)).toEqual(["评分表", "2025年"]);
    const before = services.inspectCalls.length;
    await user.selectOptions(picker, "2025年");
    expect(chosen).toEqual(["2025年"]);
    await waitFor(() => expect(services.inspectCalls.length).toBe(before + 1));
  });

  test("another sheet chosen after a run is a change until the run's own sheet is chosen back", async () => {
    const services = new FakeServices();
    services.startResult = { ...services.startResult, sheets: ["评分表", "2025年"] };
    services.chooseSheet = () => undefined;
    const user = userEvent.setup();
    renderPane(services, "zh");
    const region = await screen.findByRole("region", { name: "识别的表格" });
    await within(region).findByText("工作表：评分表");
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await screen.findByText(/结果已写入/);
    const picker = within(region).getByRole("combobox", { name: "评定的工作表" });
    await user.selectOptions(picker, "2025年");
    expect(await screen.findByText(/评定后又修改了/)).toBeTruthy();
    await user.selectOptions(picker, "评分表");
    await waitFor(() => expect(screen.queryByText(/评定后又修改了/)).toBeNull());
  });

  test("in Excel (no sheet choice) or with one sheet, there is no picker", async () => {
    const services = new FakeServices();
    services.startResult = { ...services.startResult, sheets: ["评分表", "2025年"] };
    renderPane(services, "zh");
    const region = await screen.findByRole("region", { name: "识别的表格" });
    await within(region).findByText("工作表：评分表");
    expect(within(region).queryByRole("combobox", { name: "评定的工作表" })).toBeNull();
  });
});
