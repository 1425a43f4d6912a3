/** @jest-environment jsdom */
import "./setup";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { deferred, FakeServices } from "./fakes";
import { renderPane } from "./setup";
import type { RecomputeOutcome } from "../../src/taskpane/services";

async function ready(services: FakeServices, lang: "zh" | "en" = "zh") {
  const user = userEvent.setup();
  renderPane(services, lang);
  await screen.findByRole("region", { name: lang === "zh" ? "识别的表格" : "Detected table" });
  await waitFor(() => expect(services.inspectCalls).toHaveLength(1));
  return user;
}

describe("一键评定", () => {
  test("shows each stage while running, then the result line, warnings and the summary sheet", async () => {
    const services = new FakeServices();
    services.recomputeGate = deferred<RecomputeOutcome>();
    const user = await ready(services);
    const region = screen.getByRole("region", { name: "评定" });
    const button = within(region).getByRole("button", { name: "一键评定" });
    await user.click(button);

    const status = within(region).getByRole("status");
    expect(within(region).getByRole("button", { name: "正在评定…" }).getAttribute("aria-disabled")).toBe(
      "true",
    );
    // Still focusable while running: keyboard focus does not fall back to the page.
    expect(document.activeElement).toBe(button);
    expect(within(status).getByText("第 1/4 步：读取表格")).toBeTruthy();
    for (const [stage, text] of [
      ["evaluate", "第 2/4 步：计算评定"],
      ["plan", "第 3/4 步：生成写入内容"],
      ["write", "第 4/4 步：写回工作簿"],
    ] as const) {
      act(() => services.progress?.({ stage }));
      expect(within(status).getByText(text)).toBeTruthy();
    }
    expect(within(status).getByRole("progressbar")).toBeTruthy();

    await act(async () =>
      services.recomputeGate!.resolve({
        ok: true,
        sheet: "评分表",
        resultLine: "已评定 128 个支部：五星级 12，四星级 40，三星级 50，二星级 20，一星级 4，无星 2",
        summarySheet: "评定汇总",
        writtenSheets: ["评定汇总", "评定核查", "公示名单"],
        warnings: [
          { message: "未检查：表中没有群众满意率列", messageEn: "Not checked: no satisfaction column" },
        ],
        flags: [],
      }),
    );
    expect(
      within(status).getByText(
        "已评定 128 个支部：五星级 12，四星级 40，三星级 50，二星级 20，一星级 4，无星 2",
      ),
    ).toBeTruthy();
    expect(
      within(status).getByText("结果已写入「评分表」；已更新「评定汇总」、「评定核查」、「公示名单」。"),
    ).toBeTruthy();
    expect(within(status).queryByRole("progressbar")).toBeNull();
    expect(within(region).getByText("未检查：表中没有群众满意率列")).toBeTruthy();
    expect(within(region).getByRole("button", { name: "一键评定" }).getAttribute("aria-disabled")).not.toBe(
      "true",
    );
  });

  test("a recompute error is shown in the pane's language and nothing else is claimed", async () => {
    const services = new FakeServices();
    const ok = services.recomputeResult;
    const failed = {
      ok: false as const,
      error: {
        message: "缺少必需的列：服务业绩。未写入任何内容。",
        messageEn: "A required column is missing: 服务业绩 (Service performance). Nothing was written.",
      },
    };
    services.recomputeResult = {
      ...ok,
      flags: [
        { code: "MISSING_VALUE", severity: "error", message: "Missing score", cell: "F5", sheet: "评分表" },
      ],
    } as typeof ok;
    const user = await ready(services, "en");
    await user.click(screen.getByRole("button", { name: "Rate All (一键评定)" }));
    expect(await screen.findByRole("region", { name: "Flags (1)" })).toBeTruthy();
    services.recomputeResult = failed;
    await user.click(screen.getByRole("button", { name: "Rate All (一键评定)" }));
    const alert = await within(screen.getByRole("region", { name: "Rate" })).findByRole("alert");
    expect(alert.textContent).toContain(
      "A required column is missing: 服务业绩 (Service performance). Nothing was written.",
    );
    expect(screen.queryByRole("region", { name: /^Flags/ })).toBeNull();
    if (ok.ok) expect(screen.queryByText(ok.resultLine)).toBeNull();
  });

  test("an exception thrown by the service is shown, not swallowed", async () => {
    const services = new FakeServices();
    services.recompute = async () => {
      throw new Error("RichApi.Error: The request payload size has exceeded the limit.");
    };
    const user = await ready(services);
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    const alert = await within(screen.getByRole("region", { name: "评定" })).findByRole("alert");
    expect(alert.textContent).toBe(
      "操作失败：RichApi.Error: The request payload size has exceeded the limit.",
    );
    expect(screen.getByRole("button", { name: "一键评定" }).getAttribute("aria-disabled")).not.toBe("true");
  });
});
