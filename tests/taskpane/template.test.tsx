/** @jest-environment jsdom */
import "./setup";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FakeServices } from "./fakes";
import { renderPane } from "./setup";

describe("新建评分表", () => {
  test("creates a scoring sheet for the selected rubric, with sample rows when asked", async () => {
    const services = new FakeServices();
    const user = userEvent.setup();
    renderPane(services, "zh");
    const picker = await screen.findByRole("combobox", { name: "使用的方案" });
    await user.selectOptions(picker, "preset:model-organ");
    const region = screen.getByRole("region", { name: "新建评分表" });

    await user.click(within(region).getByRole("button", { name: "新建评分表" }));
    await waitFor(() => expect(services.templateCalls).toHaveLength(1));
    expect(services.templateCalls[0]).toMatchObject({ sample: false, lang: "zh" });
    expect(services.templateCalls[0].rubric.id).toBe("model-organ");
    expect(await within(region).findByText("已新建工作表「评分表 (2)」。")).toBeTruthy();
    // The new sheet is active now: the table view looks again.
    await waitFor(() => expect(services.inspectCalls.at(-1)?.rubric.id).toBe("model-organ"));
    const inspectsAfterFirst = services.inspectCalls.length;

    await user.click(within(region).getByRole("checkbox", { name: "含示例数据" }));
    await user.click(within(region).getByRole("button", { name: "新建评分表" }));
    await waitFor(() => expect(services.templateCalls).toHaveLength(2));
    expect(services.templateCalls[1].sample).toBe(true);
    expect(services.templateCalls[1].rubric.id).toBe("model-organ");
    await waitFor(() => expect(services.inspectCalls.length).toBe(inspectsAfterFirst + 1));
  });

  test("a failure is shown", async () => {
    const services = new FakeServices();
    services.templateResult = {
      ok: false,
      error: {
        message: "工作簿受保护，无法新建工作表。",
        messageEn: "The workbook is protected; no sheet can be added.",
      },
    };
    const user = userEvent.setup();
    renderPane(services, "en");
    const region = await screen.findByRole("region", { name: "New scoring sheet" });
    await user.click(within(region).getByRole("button", { name: "New scoring sheet" }));
    expect((await within(region).findByRole("alert")).textContent).toBe(
      "The workbook is protected; no sheet can be added.",
    );
  });
});
