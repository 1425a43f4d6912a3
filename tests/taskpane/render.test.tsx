/** @jest-environment jsdom */
import "./setup";
import { render, screen, within } from "@testing-library/react";
import { createElement } from "react";
import { PaneRoot } from "../../src/taskpane/Root";
import { FakeServices } from "./fakes";
import { renderPane } from "./setup";

describe("task pane renders in the display language", () => {
  test("zh: title, the primary button, the rubric in use and the detected table", async () => {
    const services = new FakeServices();
    renderPane(services, "zh");
    expect(await screen.findByRole("heading", { level: 1, name: "星级评定助手" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "一键评定" })).toBeTruthy();
    const picker = screen.getByRole("combobox", { name: "使用的方案" }) as HTMLSelectElement;
    expect(picker.selectedOptions[0].textContent).toBe("五星级服务型党组织（百分制）");
    // Scheme ids are for files and the command line; the picker shows names only.
    expect([...picker.options].map((o) => o.textContent).join("")).not.toMatch(/[a-z]-[a-z]/);
    expect(await screen.findByText("工作表：评分表")).toBeTruthy();
    expect(screen.getByText("表头行：第 2 行")).toBeTruthy();
    const table = screen.getByRole("region", { name: "识别的表格" });
    expect(within(table).getByText("缺少必需的列：评定时不会写入任何内容。")).toBeTruthy();
    expect(within(table).getByText("按工作簿中保存的对应关系")).toBeTruthy();
    expect(services.inspectCalls).toHaveLength(1);
    expect(services.inspectCalls[0].rubric.id).toBe("service-org");
  });

  test("en: the same pane in English, rubric labels in English", async () => {
    renderPane(new FakeServices(), "en");
    expect(await screen.findByRole("heading", { level: 1, name: "Star Rating" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Rate All (一键评定)" })).toBeTruthy();
    expect(await screen.findByText("Sheet: 评分表")).toBeTruthy();
    expect(screen.getByText("Header row: 2")).toBeTruthy();
    expect(
      (screen.getByRole("combobox", { name: /^Service performance/ }) as HTMLSelectElement).required,
    ).toBe(true);
    expect(screen.queryByText("一键评定")).toBeNull();
  });

  test("the workbook's carried rubric is chosen first when there is one", async () => {
    const services = new FakeServices();
    const carried = { ...services.startResult.presets[1], name: "本单位方案", version: "2026.1" };
    services.startResult = { ...services.startResult, carried };
    renderPane(services, "zh");
    const picker = (await screen.findByRole("combobox", { name: "使用的方案" })) as HTMLSelectElement;
    expect(picker.value).toBe("carried");
    expect(picker.selectedOptions[0].textContent).toBe("工作簿中的方案：本单位方案");
    expect(services.inspectCalls[0].rubric.name).toBe("本单位方案");
  });
});

describe("start-up failures are shown", () => {
  test("the services chunk failing to load", async () => {
    render(
      createElement(PaneRoot, {
        host: { inExcel: true, lang: "zh", theme: "light" },
        loadServices: () => Promise.reject(new Error("Loading chunk services failed.")),
      }),
    );
    expect((await screen.findByRole("alert")).textContent).toBe("操作失败：Loading chunk services failed.");
  });

  test("reading the workbook at start failing", async () => {
    const services = new FakeServices();
    services.start = async () => {
      throw new Error("GeneralException");
    };
    renderPane(services, "en");
    expect((await screen.findByRole("alert")).textContent).toBe("The action failed: GeneralException");
  });
});
