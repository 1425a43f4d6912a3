/** @jest-environment jsdom */
import "./setup";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { TableInspection } from "../../src/taskpane/services";
import { FakeServices, serviceOrgInspection } from "./fakes";
import { renderPane } from "./setup";

/** The fake table with every required column found (服务业绩 in H). */
function completeInspection(): TableInspection {
  const inspection = serviceOrgInspection();
  if (!inspection.ok) throw new Error("fake inspection must be ok");
  return {
    ...inspection,
    fields: inspection.fields.map((f) =>
      f.id === "performance" ? { ...f, column: "H", header: "业绩得分", via: "header" as const } : f,
    ),
  };
}

describe("the detected table folds away once complete", () => {
  test("complete: one line instead of the pickers; 查看或修改 opens them and a pick still goes to the run", async () => {
    const services = new FakeServices();
    services.inspectResult = completeInspection();
    const user = userEvent.setup();
    renderPane(services, "zh");
    const region = await screen.findByRole("region", { name: "识别的表格" }, { timeout: 10_000 });
    await within(region).findByText("必需的列都已找到，共 7 项已对应。", undefined, { timeout: 10_000 });
    expect(within(region).queryAllByRole("combobox")).toHaveLength(0);
    expect(within(region).getByText("未找到的可选列（相关检查不进行）：上年星级")).toBeTruthy();

    const toggle = within(region).getByRole("button", { name: "查看或修改" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    await user.click(toggle);
    expect(within(region).getByRole("button", { name: "收起列对应" }).getAttribute("aria-expanded")).toBe(
      "true",
    );
    const prior = within(region).getByRole("combobox", { name: "上年星级" }) as HTMLSelectElement;
    await user.selectOptions(prior, "A");
    // Still open after the pick: nothing folds under the user's hand.
    expect(within(region).getByRole("combobox", { name: "上年星级" })).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
    expect(services.recomputeCalls[0].mapping).toEqual({ priorStars: "A" });
  });

  test("incomplete: the pickers are open from the start, with the missing column marked", async () => {
    renderPane(new FakeServices(), "zh");
    const region = await screen.findByRole("region", { name: "识别的表格" }, { timeout: 10_000 });
    await within(region).findByText("工作表：评分表", undefined, { timeout: 10_000 });
    expect(within(region).getByRole("combobox", { name: /^服务业绩/ })).toBeTruthy();
    expect(within(region).getByRole("button", { name: "收起列对应" })).toBeTruthy();
    expect(within(region).queryByText(/必需的列都已找到/)).toBeNull();
  });
});

describe("notices are shown once", () => {
  test("a notice reported by start-up, detection and the run appears once, at the top", async () => {
    const services = new FakeServices();
    const carried = {
      message: "工作簿中保存的设置不完整，已按表头重新识别。",
      messageEn: "Settings incomplete.",
    };
    const other = { message: "有 2 个隐藏行也参与了评定。", messageEn: "2 hidden rows were rated." };
    services.startResult = { ...services.startResult, warnings: [carried] };
    services.inspectResult = { ...completeInspection(), warnings: [carried] } as TableInspection;
    const success = services.recomputeResult;
    if (!success.ok) throw new Error("fake result must be ok");
    services.recomputeResult = { ...success, warnings: [carried, other, other] };
    const user = userEvent.setup();
    renderPane(services, "zh");
    await screen.findByText("必需的列都已找到，共 7 项已对应。", undefined, { timeout: 10_000 });
    expect(screen.getAllByText(carried.message)).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await screen.findByText(success.resultLine);
    expect(screen.getAllByText(carried.message)).toHaveLength(1);
    expect(screen.getAllByText(other.message)).toHaveLength(1);
  });
});

describe("the result line names every sheet written", () => {
  test("the scored sheet and the owned sheets the run rewrote", async () => {
    const services = new FakeServices();
    services.inspectResult = completeInspection();
    const user = userEvent.setup();
    renderPane(services, "zh");
    await screen.findByText("必需的列都已找到，共 7 项已对应。", undefined, { timeout: 10_000 });
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    expect(
      await screen.findByText("结果已写入「评分表」；已更新「评定汇总」、「评定核查」、「公示名单」。"),
    ).toBeTruthy();
  });
});
