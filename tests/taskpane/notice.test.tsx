/** @jest-environment jsdom */
import "./setup";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { draftFrom, noticeForRun, periodProblem } from "../../src/taskpane/NoticePanel";
import { FakeServices } from "./fakes";
import { renderPane } from "./setup";

async function openNotice(user: ReturnType<typeof userEvent.setup>) {
  const summary = await screen.findByText("公示名单", { selector: "summary" }, { timeout: 10_000 });
  await user.click(summary);
  return summary.closest("details") as HTMLElement;
}

/** The pane in Chinese, rated once with what it holds; the user, for what follows. */
async function rateOnce(services: FakeServices) {
  const user = userEvent.setup();
  renderPane(services, "zh");
  // Generous: on a loaded machine the first render can take more than findBy's 1 s.
  await screen.findByText("工作表：评分表", undefined, { timeout: 10_000 });
  await user.click(screen.getByRole("button", { name: "一键评定" }));
  await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
  return user;
}

function setDate(input: HTMLElement, value: string): void {
  // jsdom's date input takes a value but user-event cannot type into it.
  fireEvent.change(input, { target: { value } });
}

describe("公示名单 texts in the pane", () => {
  test("prefilled from the workbook's carried texts; edits go with 一键评定 as RecomputeOptions.notice", async () => {
    const services = new FakeServices();
    services.startResult = {
      ...services.startResult,
      carriedNotice: { title: "关于2026年度星级党支部评定结果的公示", phone: "010-1234", body: "不在面板中" },
    };
    const user = userEvent.setup();
    renderPane(services, "zh");
    const details = await openNotice(user);
    const title = within(details).getByRole("textbox", { name: "标题" }) as HTMLInputElement;
    expect(title.value).toBe("关于2026年度星级党支部评定结果的公示");
    expect((within(details).getByRole("textbox", { name: "监督电话" }) as HTMLInputElement).value).toBe(
      "010-1234",
    );

    await user.type(within(details).getByRole("textbox", { name: "联系人" }), "  王老师 ");
    await user.type(within(details).getByRole("textbox", { name: "落款单位" }), "XX机关党委");
    setDate(within(details).getByLabelText("公示期自"), "2026-12-04");
    setDate(within(details).getByLabelText("至"), "2026-12-10");
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
    expect(services.recomputeCalls[0].notice).toEqual({
      title: "关于2026年度星级党支部评定结果的公示",
      periodStart: "2026-12-04",
      periodEnd: "2026-12-10",
      phone: "010-1234",
      contact: "王老师",
      issuer: "XX机关党委",
    });
  });

  test("nothing set: the run carries no notice texts (the sheet's defaults apply)", async () => {
    const services = new FakeServices();
    await rateOnce(services);
    expect(services.recomputeCalls[0].notice).toBeUndefined();
  });

  test("a period that ends before it starts is marked and 一键评定 refuses without touching Excel", async () => {
    const services = new FakeServices();
    const user = userEvent.setup();
    renderPane(services, "zh");
    const details = await openNotice(user);
    setDate(within(details).getByLabelText("公示期自"), "2026-12-10");
    setDate(within(details).getByLabelText("至"), "2026-12-04");
    expect(within(details).getByText("结束日期不能早于开始日期")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    expect(
      await screen.findByText(
        "公示期的结束日期早于开始日期：请在「公示名单」中改正后再评定。未写入任何内容。",
      ),
    ).toBeTruthy();
    expect(services.recomputeCalls).toHaveLength(0);
  });

  test("English labels in the English pane", async () => {
    renderPane(new FakeServices(), "en");
    const summary = await screen.findByText(
      "Public notice (公示名单)",
      { selector: "summary" },
      { timeout: 10_000 },
    );
    const details = summary.closest("details") as HTMLElement;
    expect(within(details).getByRole("textbox", { name: "Phone for comments" })).toBeTruthy();
  });
});

describe("notice texts helpers", () => {
  test("draftFrom keeps only the texts the pane edits; noticeForRun trims and drops blanks", () => {
    expect(draftFrom({ title: "T", body: "B", phone: " ", date: "2026-12-01" })).toEqual({
      title: "T",
      date: "2026-12-01",
    });
    expect(noticeForRun({ title: " T ", phone: "", contact: "   " })).toEqual({ title: "T" });
    expect(noticeForRun({ phone: " " })).toBeNull();
  });

  test("periodProblem only when both dates are set and the end is earlier", () => {
    expect(periodProblem({ periodStart: "2026-12-04", periodEnd: "2026-12-03" })).toBe(true);
    expect(periodProblem({ periodStart: "2026-12-04", periodEnd: "2026-12-04" })).toBe(false);
    expect(periodProblem({ periodStart: "2026-12-04" })).toBe(false);
  });
});

describe("a change after a run", () => {
  test("says the last result does not show it until 一键评定 runs again", async () => {
    const services = new FakeServices();
    const user = await rateOnce(services);
    await screen.findByText(/结果已写入/);
    expect(screen.queryByText(/评定后又修改了/)).toBeNull();
    const details = await openNotice(user);
    await user.type(within(details).getByRole("textbox", { name: "联系人" }), "王老师");
    expect(
      await screen.findByText(
        "评定后又修改了评定方案、列或公示名单的内容：工作簿中还是上次评定的结果。请再点「一键评定」。",
      ),
    ).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(2));
    await waitFor(() => expect(screen.queryByText(/评定后又修改了/)).toBeNull());
  });
});
