/** @jest-environment jsdom */
import "./setup";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { FakeServices, serviceOrg } from "./fakes";
import { renderPane } from "./setup";

function jsonFile(name: string, content: unknown): File {
  const text = typeof content === "string" ? content : JSON.stringify(content);
  return new File([text], name, { type: "application/json" });
}

async function ready(services: FakeServices, lang: "zh" | "en" = "zh") {
  const user = userEvent.setup();
  renderPane(services, lang);
  const picker = (await screen.findByRole("combobox", {
    name: lang === "zh" ? "使用的方案" : "Rubric in use",
  })) as HTMLSelectElement;
  await waitFor(() => expect(services.inspectCalls).toHaveLength(1));
  return { user, picker };
}

describe("rubric panel", () => {
  test("switching preset updates the readable view and re-detects the table with the new rubric", async () => {
    const services = new FakeServices();
    const { user, picker } = await ready(services);
    const rubricRegion = screen.getByRole("region", { name: "评定方案" });
    await user.click(within(rubricRegion).getByText("查看方案内容"));
    expect(within(rubricRegion).getByRole("table", { name: "评分项目" })).toBeTruthy();
    expect(within(rubricRegion).getByRole("rowheader", { name: "服务体系" })).toBeTruthy();
    expect(within(rubricRegion).getByRole("row", { name: "四星级 ≥ 90" })).toBeTruthy();

    await user.selectOptions(picker, "preset:star-branch");
    expect(picker.value).toBe("preset:star-branch");
    const tiers = within(rubricRegion).getByRole("table", { name: "星级划分" });
    expect(within(tiers).getByRole("row", { name: "四星级 ≥ 85" })).toBeTruthy();
    expect(within(tiers).getByRole("row", { name: "三星级 ≥ 75" })).toBeTruthy();
    expect(within(rubricRegion).queryByRole("rowheader", { name: "服务体系" })).toBeNull();
    expect(within(rubricRegion).getByText(/^是\/否检查项（\d+ 项）$/)).toBeTruthy();
    expect(within(rubricRegion).getByText("标准1 参会及任务完成")).toBeTruthy();
    expect(within(rubricRegion).getByRole("rowheader", { name: "五星级标准" })).toBeTruthy();
    await waitFor(() => expect(services.inspectCalls).toHaveLength(2));
    expect(services.inspectCalls[1].rubric.id).toBe("star-branch");

    await user.selectOptions(picker, "preset:model-organ");
    const countTiers = within(rubricRegion).getByRole("table", { name: "星级划分" });
    expect(
      within(countTiers)
        .getAllByRole("row")
        .map((r) => r.textContent),
    ).toContain("五星5");
  });

  test("importing an invalid rubric lists the schema errors with their paths and changes nothing", async () => {
    const services = new FakeServices();
    const { user, picker } = await ready(services);
    const bad = JSON.parse(JSON.stringify(serviceOrg));
    bad.tiers.bands[2].min = "高";
    bad.colour = "red";
    await user.upload(screen.getByLabelText("选择评定方案文件"), jsonFile("bad.json", bad));

    const alert = await screen.findByText("bad.json 不是有效的评定方案，未做任何更改：");
    const list = alert.closest("[role=group], div")!.parentElement!;
    expect(within(list).getByText("tiers.bands[2].min")).toBeTruthy();
    expect(within(list).getByText(/应为数字，实际为文字/)).toBeTruthy();
    expect(within(list).getByText("colour")).toBeTruthy();
    expect(picker.value).toBe("preset:service-org");
    expect(within(picker).queryByRole("option", { name: /已导入/ })).toBeNull();
    expect(services.inspectCalls).toHaveLength(1);
  });

  test("importing text that is not JSON says so and changes nothing", async () => {
    const services = new FakeServices();
    const { user, picker } = await ready(services);
    await user.upload(screen.getByLabelText("选择评定方案文件"), jsonFile("notes.json", "{ not json"));
    expect(await screen.findByText(/文件格式有误/)).toBeTruthy();
    expect(picker.value).toBe("preset:service-org");
  });

  test("importing a valid rubric makes it the rubric in use", async () => {
    const services = new FakeServices();
    const { user, picker } = await ready(services);
    const mine = {
      ...JSON.parse(JSON.stringify(serviceOrg)),
      id: "our-office",
      name: "本单位星级方案",
      version: "2026.1",
    };
    mine.tiers.bands[0].min = 96;
    await user.upload(screen.getByLabelText("选择评定方案文件"), jsonFile("mine.json", mine));

    expect(
      await screen.findByText("已导入方案「本单位星级方案」（mine.json），下次评定时使用并保存到工作簿。"),
    ).toBeTruthy();
    expect(picker.value).toBe("custom");
    expect(picker.selectedOptions[0].textContent).toBe("本单位星级方案（已导入）");
    await waitFor(() => expect(services.inspectCalls).toHaveLength(2));
    expect(services.inspectCalls[1].rubric.id).toBe("our-office");

    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
    const used = services.recomputeCalls[0].rubric;
    expect(used.id).toBe("our-office");
    expect(used.tiers.kind === "bands" && used.tiers.bands[0].min).toBe(96);

    // The imported rubric stays selectable after switching away.
    await user.selectOptions(picker, "preset:star-branch");
    await user.selectOptions(picker, "custom");
    expect(picker.selectedOptions[0].textContent).toBe("本单位星级方案（已导入）");
  });

  test("export offers the rubric JSON as a download", async () => {
    const services = new FakeServices();
    const { user } = await ready(services);
    const blobs: Blob[] = [];
    const created = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return "blob:rubric";
    });
    const revoked = jest.fn();
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: revoked });
    const clicks: string[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push(this.download);
    });
    try {
      await user.click(screen.getByRole("button", { name: "导出方案文件" }));
      expect(clicks).toEqual(["service-org-1.1.1.json"]);
      expect(await screen.findByText("已导出 service-org-1.1.1.json。")).toBeTruthy();
      const text = await new Promise<string>((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.readAsText(blobs[0]);
      });
      expect(JSON.parse(text).id).toBe("service-org");
      expect(revoked).toHaveBeenCalledWith("blob:rubric");
      const copy = screen.getByRole("textbox", {
        name: "service-org-1.1.1.json 的内容",
      }) as HTMLTextAreaElement;
      expect(JSON.parse(copy.value).id).toBe("service-org");
    } finally {
      click.mockRestore();
    }
  });

  test("where the host cannot download, the JSON is shown to copy", async () => {
    const services = new FakeServices();
    const { user, picker } = await ready(services);
    await user.selectOptions(picker, "preset:model-organ");
    const saved = URL.createObjectURL;
    Object.assign(URL, { createObjectURL: undefined });
    try {
      await user.click(screen.getByRole("button", { name: "导出方案文件" }));
      const box = (await screen.findByRole("textbox", {
        name: "当前环境无法直接下载，请复制以下内容保存为 model-organ-1.1.1.json：",
      })) as HTMLTextAreaElement;
      expect(JSON.parse(box.value).id).toBe("model-organ");
    } finally {
      Object.assign(URL, { createObjectURL: saved });
    }
  });

  test("threshold edits are validated through the schema inline and applied only when valid", async () => {
    const services = new FakeServices();
    const { user, picker } = await ready(services);
    const rubricRegion = screen.getByRole("region", { name: "评定方案" });
    await user.click(within(rubricRegion).getByText("调整阈值"));

    const four = within(rubricRegion).getByRole("textbox", { name: "四星级" });
    const apply = within(rubricRegion).getByRole("button", { name: "应用" });
    expect(apply.hasAttribute("disabled")).toBe(true);

    await user.clear(four);
    await user.type(four, "96");
    // The other threshold is named as the editor shows it, not by its schema path.
    expect(within(rubricRegion).getByText("必须小于 五星级（95）")).toBeTruthy();
    expect(apply.hasAttribute("disabled")).toBe(true);

    await user.clear(four);
    await user.type(four, "abc");
    expect(within(rubricRegion).getByText("请输入数字")).toBeTruthy();
    expect(apply.hasAttribute("disabled")).toBe(true);

    const satisfaction = within(rubricRegion).getByRole("textbox", {
      name: "群众满意率 ≥（%）",
    });
    expect((satisfaction as HTMLInputElement).value).toBe("95");
    await user.clear(satisfaction);
    await user.type(satisfaction, "120");
    expect(within(rubricRegion).getByText("百分比应在 0 到 100 之间")).toBeTruthy();

    await user.clear(four);
    await user.type(four, "91");
    await user.clear(satisfaction);
    await user.type(satisfaction, "90");
    const margin = within(rubricRegion).getByRole("textbox", { name: "升档提示分差（分）" });
    await user.clear(margin);
    await user.type(margin, "-1");
    expect(within(rubricRegion).getByText("必须不小于 0")).toBeTruthy();
    expect(apply.hasAttribute("disabled")).toBe(true);
    await user.clear(margin);
    await user.type(margin, "1");
    expect(within(rubricRegion).queryByText(/必须小于/)).toBeNull();
    expect(apply.hasAttribute("disabled")).toBe(false);
    await user.click(apply);

    expect(await screen.findByText("已应用新的阈值。")).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.textContent).toContain("已应用新的阈值。"));
    expect(picker.value).toBe("custom");
    expect(picker.selectedOptions[0].textContent).toBe("五星级服务型党组织（百分制）（已修改）");
    // The shipped preset itself is untouched.
    expect(serviceOrg.tiers.kind === "bands" && serviceOrg.tiers.bands[1].min).toBe(90);

    await user.click(screen.getByRole("button", { name: "一键评定" }));
    await waitFor(() => expect(services.recomputeCalls).toHaveLength(1));
    const used = services.recomputeCalls[0].rubric;
    expect(used.tiers.kind === "bands" && used.tiers.bands[1].min).toBe(91);
    expect(used.rules[0].when).toEqual({ field: "satisfaction", op: ">=", value: 0.9 });
    // The rule's own words follow the new line, and the change is recorded among the rubric's notes.
    expect(used.rules[0].message).toBe("群众满意率{satisfaction}低于90%");
    expect(used.rules[0].messageEn).toBe("satisfaction {satisfaction} is below 90%");
    expect(used.notes.slice(-2)).toEqual(["（已修改）四星级：90 → 91", "（已修改）群众满意率 ≥：95% → 90%"]);
  });
});
