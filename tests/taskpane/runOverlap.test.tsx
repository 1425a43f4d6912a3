/** @jest-environment jsdom */
/** What the user does while 一键评定 is under way: switch sheets, pick last year's file. */
import "./setup";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { deferred, FakeServices, serviceOrgInspection } from "./fakes";
import { renderPane } from "./setup";
import type { RecomputeOutcome, TableInspection } from "../../src/taskpane/services";

async function ready(services: FakeServices) {
  const user = userEvent.setup();
  renderPane(services, "zh");
  await screen.findByRole("region", { name: "识别的表格" });
  await waitFor(() => expect(services.inspectCalls).toHaveLength(1));
  await waitFor(() => expect(services.activationListener).not.toBeNull());
  return user;
}

describe("while a run is under way", () => {
  test("a sheet activated during the run is re-detected once the run ends", async () => {
    const services = new FakeServices();
    services.recomputeGate = deferred<RecomputeOutcome>();
    const user = await ready(services);
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    services.inspectResult = { ...serviceOrgInspection(), sheet: "二季度" } as TableInspection;
    act(() => services.activateSheet());
    // Past the settle delay: the pane does not inspect while the run reads its sheet.
    await act(() => new Promise((resolve) => setTimeout(resolve, 400)));
    expect(services.inspectCalls).toHaveLength(1);

    await act(async () => services.recomputeGate!.resolve(services.recomputeResult));
    const region = screen.getByRole("region", { name: "识别的表格" });
    await within(region).findByText("工作表：二季度");
    expect(services.inspectCalls).toHaveLength(2);
  });

  test("last year's file picked as 一键评定 is clicked does not start a second run alongside", async () => {
    const services = new FakeServices();
    services.recomputeGate = deferred<RecomputeOutcome>();
    const user = await ready(services);
    await user.click(screen.getByText("定稿与上年结果"));
    const file = new File([new Uint8Array([80, 75, 3, 4])], "2025年评定结果.xlsx");
    // The file is still being read when the button is clicked.
    fireEvent.change(screen.getByLabelText("上年评定结果"), { target: { files: [file] } });
    fireEvent.click(screen.getByRole("button", { name: /^(一键评定|正在评定…)$/ }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(services.recomputeCalls).toHaveLength(1);
    // The run that was asked for first, with last year's file: the click came while it was starting.
    expect(services.recomputeCalls[0]!.records?.prior?.name).toBe("2025年评定结果.xlsx");
  });

  test("last year's file that cannot be read says so, and the pane can run again", async () => {
    const services = new FakeServices();
    const user = await ready(services);
    await user.click(screen.getByText("定稿与上年结果"));
    const read = jest.spyOn(FileReader.prototype, "readAsArrayBuffer").mockImplementation(function (
      this: FileReader,
    ) {
      setTimeout(() => this.onerror?.(new ProgressEvent("error") as ProgressEvent<FileReader>), 0);
    });
    try {
      const file = new File([new Uint8Array([1])], "2025年评定结果.xlsx");
      await user.upload(screen.getByLabelText("上年评定结果"), file);
      const alert = await within(screen.getByRole("region", { name: "评定" })).findByRole("alert");
      expect(alert.textContent).toContain("2025年评定结果.xlsx");
    } finally {
      read.mockRestore();
    }
    expect(services.recomputeCalls).toHaveLength(0);
    expect(screen.getByRole("button", { name: "一键评定" }).getAttribute("aria-disabled")).not.toBe("true");
  });
});

describe("threshold edits and 一键评定", () => {
  test("edits not applied are named above the button, which rates with the numbers in use", async () => {
    const services = new FakeServices();
    const user = await ready(services);
    const rubricRegion = screen.getByRole("region", { name: "评定方案" });
    const runRegion = screen.getByRole("region", { name: "评定" });
    const pending = /「调整阈值」中的修改尚未应用/;
    await user.click(within(rubricRegion).getByText("调整阈值"));
    const four = within(rubricRegion).getByRole("textbox", { name: "四星级" });
    await user.clear(four);
    await user.type(four, "91");
    expect(within(runRegion).getByText(pending)).toBeTruthy();
    await user.click(within(runRegion).getByRole("button", { name: "一键评定" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
    const used = services.recomputeCalls[0]!.rubric;
    expect(used.tiers.kind === "bands" && used.tiers.bands[1]!.min).toBe(90);

    await user.click(within(rubricRegion).getByRole("button", { name: "应用" }));
    await screen.findByText("已应用新的阈值。");
    expect(within(runRegion).queryByText(pending)).toBeNull();
  });

  test("in English the note says the same", async () => {
    const services = new FakeServices();
    const user = userEvent.setup();
    renderPane(services, "en");
    const rubricRegion = await screen.findByRole("region", { name: "Rubric" });
    await user.click(within(rubricRegion).getByText("Adjust thresholds"));
    const input = within(rubricRegion).getAllByRole("textbox")[0]!;
    await user.type(input, "x");
    const runRegion = screen.getByRole("region", { name: "Rate" });
    expect(
      within(runRegion).getByText(/not applied: rating still uses the numbers as they were/),
    ).toBeTruthy();
  });
});
