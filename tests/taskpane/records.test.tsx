/** @jest-environment jsdom */
/** 定稿 / 解除定稿 and last year's results in the pane (SPEC §10, docs/records.md). */
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { shownTime } from "../../src/taskpane/RecordsPanel";
import type { RecomputeSuccess } from "../../src/taskpane/services";
import { FakeServices } from "./fakes";
import { renderPane } from "./setup";

const SUCCESS: RecomputeSuccess = {
  ok: true,
  sheet: "评分表",
  resultLine: "已评定 3 个支部：五星级 1，四星级 1，三星级 1",
  summarySheet: "评定汇总",
  writtenSheets: ["评定汇总", "评定核查", "公示名单"],
  warnings: [],
  flags: [],
};

async function ready(services: FakeServices, lang: "zh" | "en" = "zh") {
  const user = userEvent.setup();
  renderPane(services, lang);
  await screen.findByRole("region", { name: lang === "zh" ? "识别的表格" : "Detected table" });
  await waitFor(() => expect(services.inspectCalls).toHaveLength(1));
  await user.click(screen.getByText(lang === "zh" ? "定稿与上年结果" : "Finalise and last year's results"));
  return user;
}

describe("定稿 and last year's results in the pane", () => {
  test("定稿 runs a recompute that freezes; the pane then offers 解除定稿, which runs one that unfreezes", async () => {
    const services = new FakeServices();
    services.recomputeResult = { ...SUCCESS, finalizedAt: "2026-12-03T02:30:00.000Z" };
    const user = await ready(services);
    expect(screen.getByText(/^尚未定稿/)).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "定稿" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
    expect(services.recomputeCalls[0]!.records).toEqual({ finalize: true });
    await screen.findByText(`已于 ${shownTime("2026-12-03T02:30:00.000Z")} 定稿`, { exact: false });
    // The run is a whole run: its result line shows as for 一键评定.
    expect(screen.getByText(/^已评定 3 个支部/)).toBeTruthy();

    services.recomputeResult = SUCCESS;
    await user.click(screen.getByRole("button", { name: "解除定稿" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(2));
    expect(services.recomputeCalls[1]!.records).toEqual({ unfinalize: true });
    await screen.findByText(/^尚未定稿/);
  });

  test("a workbook carrying 定稿 and last year's results opens with 解除定稿 and names last year's file", async () => {
    const services = new FakeServices();
    services.startResult = {
      ...services.startResult,
      finalizedAt: "2026-12-01T08:00:00.000Z",
      priorSource: "2025年评定结果.xlsx",
    };
    await ready(services);
    expect(screen.getByRole("button", { name: "解除定稿" })).toBeTruthy();
    expect(screen.getByText(/^按「2025年评定结果.xlsx」取上年星级/)).toBeTruthy();
  });

  test("picking last year's workbook runs a recompute with its bytes and names it", async () => {
    const services = new FakeServices();
    services.recomputeResult = { ...SUCCESS, priorSource: "2025年评定结果.xlsx" };
    const user = await ready(services);
    const file = new File([new Uint8Array([80, 75, 3, 4])], "2025年评定结果.xlsx");
    await user.upload(screen.getByLabelText("上年评定结果"), file);
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
    const prior = services.recomputeCalls[0]!.records?.prior;
    expect(prior?.name).toBe("2025年评定结果.xlsx");
    expect([...(prior?.bytes ?? [])]).toEqual([80, 75, 3, 4]);
    await screen.findByText(/^按「2025年评定结果.xlsx」取上年星级/);
  });

  test("a refused run (last year's file unreadable) shows its message and keeps the earlier state", async () => {
    const services = new FakeServices();
    services.recomputeResult = {
      ok: false,
      error: {
        message: "「旧.xlsx」中找不到评定结果。未写入任何内容。",
        messageEn: "No results in 旧.xlsx.",
      },
    };
    const user = await ready(services);
    await user.upload(screen.getByLabelText("上年评定结果"), new File([new Uint8Array([1])], "旧.xlsx"));
    await screen.findByText("「旧.xlsx」中找不到评定结果。未写入任何内容。");
    expect(screen.getByText(/^选择上年评定后的工作簿/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "定稿" })).toBeTruthy();
  });

  test("in English the same panel reads in English", async () => {
    const services = new FakeServices();
    await ready(services, "en");
    expect(screen.getByRole("button", { name: "Finalise" })).toBeTruthy();
    expect(screen.getByText(/^Not finalised/)).toBeTruthy();
  });
});
