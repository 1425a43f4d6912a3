/** @jest-environment jsdom */
import "./setup";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FakeServices } from "./fakes";
import { renderPane } from "./setup";
import { msg } from "../../src/messages";
import type { PaneFlag } from "../../src/taskpane/services";

const flags: PaneFlag[] = [
  {
    code: "MISSING_VALUE",
    severity: "error",
    message: "缺少分数",
    text: msg("TEXT", { zh: "缺少分数" }),
    cell: "F5",
    sheet: "评分表",
    branch: "第三党支部",
  },
  {
    code: "OUT_OF_RANGE",
    severity: "error",
    message: "分数超出 0–20",
    text: msg("TEXT", { zh: "分数超出 0–20" }),
    cell: "D9",
    sheet: "评分表",
    branch: "第七党支部",
  },
  {
    code: "SATISFACTION_LOW",
    severity: "warning",
    message: "群众满意率93%低于95%",
    text: msg("TEXT", { zh: "群众满意率93%低于95%" }),
    cell: "I4",
    sheet: "评分表",
    branch: "第二党支部",
  },
  {
    code: "NOT_CHECKED",
    severity: "warning",
    message: "表中没有上年星级列，未检查星级变化",
    text: msg("TEXT", { zh: "表中没有上年星级列，未检查星级变化" }),
    sheet: "评分表",
  },
  {
    code: "NEAR_NEXT_TIER",
    severity: "info",
    message: "差0.5分可评四星级",
    text: msg("TEXT", { zh: "差0.5分可评四星级" }),
    cell: "K6",
    sheet: "评分表",
    branch: "第四党支部",
  },
  {
    code: "CLASS_MISMATCH",
    severity: "info",
    message: "晋位升级等次“一般”与四星级不符",
    text: msg("TEXT", { zh: "晋位升级等次“一般”与四星级不符" }),
    sheet: "评分表",
    branch: "第六党支部",
    row: 8,
    target: "B8",
  },
];

/** Services whose next run reports `list` as its flags. */
function servicesWith(list: PaneFlag[]): FakeServices {
  const services = new FakeServices();
  services.recomputeResult = {
    ...services.recomputeResult,
    ok: true,
    flags: list,
  } as typeof services.recomputeResult;
  return services;
}

/** The pane in Chinese, rated once: its 评定标记 region (six flags) and the list of errors in it. */
async function rateAndShowFlags(services: FakeServices) {
  const user = userEvent.setup();
  renderPane(services, "zh");
  await screen.findByRole("region", { name: "识别的表格" });
  await user.click(screen.getByRole("button", { name: "一键评定" }));
  const region = await screen.findByRole("region", { name: "评定标记（6）" });
  return { user, region, errors: within(region).getByRole("list", { name: "错误 2 条" }) };
}

describe("flags", () => {
  test("are grouped by severity with counts, and clicking one selects its cell", async () => {
    const services = servicesWith(flags);
    const { user, region, errors } = await rateAndShowFlags(services);
    const warnings = within(region).getByRole("list", { name: "警告 2 条" });
    const notes = within(region).getByRole("list", { name: "提示 2 条" });
    expect(
      within(errors)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["F5第三党支部 · 缺少分数", "D9第七党支部 · 分数超出 0–20"]);
    expect(within(warnings).getAllByRole("listitem")).toHaveLength(2);
    // A table-level flag has no cell: shown, but not a button.
    expect(within(warnings).getByText("表中没有上年星级列，未检查星级变化").closest("button")).toBeNull();
    const headings = within(region)
      .getAllByRole("heading", { level: 3 })
      .map((h) => h.textContent);
    expect(headings).toEqual(["错误2", "警告2", "提示2"]);

    await user.click(within(errors).getByRole("button", { name: /D9/ }));
    await user.click(within(notes).getByRole("button", { name: /差0.5分可评四星级/ }));
    // A row-level flag without a cell of its own shows its row and selects the branch's name cell.
    await user.click(within(notes).getByRole("button", { name: /^第8行\s*第六党支部/ }));
    await waitFor(() =>
      expect(services.selectCalls).toEqual([
        ["评分表", "D9"],
        ["评分表", "K6"],
        ["评分表", "B8"],
      ]),
    );
  });

  test("a failure to select the cell is shown", async () => {
    const services = servicesWith(flags);
    services.selectCell = async () => {
      throw new Error("ItemNotFound");
    };
    const user = userEvent.setup();
    renderPane(services, "en");
    await screen.findByRole("region", { name: "Detected table" });
    await user.click(screen.getByRole("button", { name: "Rate All (一键评定)" }));
    const region = await screen.findByRole("region", { name: "Flags (6)" });
    await user.click(within(region).getByRole("button", { name: /F5/ }));
    expect((await within(region).findByRole("alert")).textContent).toBe(
      "Could not select 评分表!F5: ItemNotFound",
    );
  });

  test("outside Excel (no cell to select) the flags are plain lines, not buttons that do nothing", async () => {
    const services = servicesWith(flags);
    services.selectCell = undefined;
    const { region, errors } = await rateAndShowFlags(services);
    expect(
      within(errors)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["F5第三党支部 · 缺少分数", "D9第七党支部 · 分数超出 0–20"]);
    expect(within(region).queryByRole("button", { name: /D9|F5|K6/ })).toBeNull();
  });

  test("a long group shows the first 50 and expands on request", async () => {
    const services = new FakeServices();
    const many: PaneFlag[] = Array.from({ length: 120 }, (_, i) => ({
      code: "MISSING_VALUE",
      severity: "error",
      message: "缺少分数",
      text: msg("TEXT", { zh: "缺少分数" }),
      cell: `D${i + 3}`,
      sheet: "评分表",
    }));
    services.recomputeResult = {
      ...services.recomputeResult,
      ok: true,
      flags: many,
    } as typeof services.recomputeResult;
    const user = userEvent.setup();
    renderPane(services, "zh");
    await screen.findByRole("region", { name: "识别的表格" });
    await user.click(screen.getByRole("button", { name: "一键评定" }));
    const list = await screen.findByRole("list", { name: "错误 120 条" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(50);
    await user.click(screen.getByRole("button", { name: "显示其余 70 条" }));
    expect(within(list).getAllByRole("listitem")).toHaveLength(120);
  });
});
