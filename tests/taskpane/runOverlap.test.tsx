/** @jest-environment jsdom */
/** What the user does while 一键评定 is under way: switch sheets, pick last year's file. */
import "./setup";
import { act, screen, waitFor, within } from "@testing-library/react";
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
});
