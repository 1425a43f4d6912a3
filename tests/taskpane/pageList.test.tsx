/** @jest-environment jsdom */
/**
 * The page's file list outside Excel (OutsideExcel.tsx): what leaving the page would lose, and where
 * keyboard focus goes when a file is removed.
 */
import "./setup";
import { TextDecoder, TextEncoder } from "node:util";
import { act, fireEvent, renderHook, screen, within } from "@testing-library/react";
import { createPageScorer, PageError } from "../../src/page/client";
import type { ScoreReply } from "../../src/page/file-scoring";
import { useLeaveWarning } from "../../src/taskpane/useLeaveWarning";
import { FakeWorker, SILENT } from "../page/fakeWorker";
import { deferred, fakePageScorer, scoredReply, type Deferred } from "./fakes";
import { renderPageWith } from "./setup";

// jsdom has no TextEncoder; the page's services chunk (the rubric schema, the workbook layer) uses it.
Object.assign(globalThis, { TextEncoder, TextDecoder });

let blobs = 0;
beforeEach(() => {
  URL.createObjectURL = () => `blob:test/${++blobs}`;
  URL.revokeObjectURL = () => undefined;
});

/** Files picked with the file picker; each its own bytes (the page lists the same bytes once). */
let picked = 0;
function pick(...names: string[]): void {
  const files = names.map((name) => {
    const bytes = new Uint8Array([80, 75, 3, 4, picked++ % 256]);
    // jsdom's File has no arrayBuffer(); browsers' has.
    return Object.assign(new File([bytes], name), { arrayBuffer: async () => bytes.buffer });
  });
  fireEvent.change(screen.getByLabelText("选择文件…"), { target: { files } });
}

/** The browser's beforeunload as leaving or reloading fires it: true when the page lets it go unasked. */
function leavesSilently(): boolean {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return !event.defaultPrevented;
}

async function rate(fileName: string): Promise<void> {
  const pane = await screen.findByRole("region", { name: fileName }, { timeout: 20000 });
  await within(pane).findByText("工作表：评分表", undefined, { timeout: 10000 });
  fireEvent.click(within(pane).getByRole("button", { name: "一键评定" }));
}

function row(fileName: string): HTMLElement {
  return screen.getByRole("button", { name: fileName }).closest("li") as HTMLElement;
}

describe("leaving the page while results are only on it", () => {
  test("asks while a run is under way or a result was not downloaded; not before, nor after the download", async () => {
    const runs: Deferred<ScoreReply>[] = [];
    const { scorer } = fakePageScorer(() => {
      runs.push(deferred<ScoreReply>());
      return runs[runs.length - 1]!.promise;
    });
    renderPageWith(scorer);
    expect(leavesSilently()).toBe(true);
    pick("考评表.xlsx");
    await rate("考评表.xlsx");
    await within(row("考评表.xlsx")).findByText("评定中…");
    expect(leavesSilently()).toBe(false);
    await act(async () => runs[0]!.resolve(scoredReply()));
    const link = await screen.findByRole("link", { name: "下载「考评表（评定结果）.xlsx」" });
    expect(leavesSilently()).toBe(false);
    // jsdom does not download; the click is what the page can know of a download.
    link.addEventListener("click", (event) => event.preventDefault());
    fireEvent.click(link);
    expect(leavesSilently()).toBe(true);
    // Rated again: a new result, not downloaded yet.
    await rate("考评表.xlsx");
    await act(async () => runs[1]!.resolve(scoredReply()));
    await screen.findByText("已评定");
    expect(leavesSilently()).toBe(false);
  });

  test("a failed run leaves nothing to lose; removing the last unsaved file lets the page go", async () => {
    const failed: ScoreReply = {
      outcome: { ok: false, error: { message: "失败", messageEn: "failed" } },
      outputName: "甲（评定结果）.xlsx",
    };
    let next: ScoreReply = failed;
    const { scorer } = fakePageScorer(async () => next);
    renderPageWith(scorer);
    pick("甲.xlsx", "乙.xlsx");
    await rate("甲.xlsx");
    await within(row("甲.xlsx")).findByText("未能评定");
    expect(leavesSilently()).toBe(true);
    next = scoredReply("甲（评定结果）.xlsx");
    await rate("甲.xlsx");
    await screen.findByRole("link", { name: "下载「甲（评定结果）.xlsx」" });
    expect(leavesSilently()).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "移除「甲.xlsx」" }));
    expect(leavesSilently()).toBe(true);
  });
});

describe("a run after the first", () => {
  test("that fails (a 上年结果 refused) leaves the last result offered, and the page still asks before leaving", async () => {
    const failed: ScoreReply = {
      outcome: { ok: false, error: { message: "所选文件不是评定结果", messageEn: "not a scored workbook" } },
      outputName: "甲（评定结果）.xlsx",
    };
    let next: ScoreReply = scoredReply("甲（评定结果）.xlsx");
    const { scorer } = fakePageScorer(async () => next);
    renderPageWith(scorer);
    pick("甲.xlsx");
    await rate("甲.xlsx");
    await screen.findByRole("link", { name: "下载「甲（评定结果）.xlsx」" });
    next = failed;
    await rate("甲.xlsx");
    await screen.findByText("所选文件不是评定结果", { exact: false });
    expect(within(row("甲.xlsx")).getByText("已评定")).toBeTruthy();
    // The last result's flags stay on the page with its download (nothing was rewritten).
    expect(screen.getByRole("region", { name: "评定标记（0）" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "下载「甲（评定结果）.xlsx」" })).toBeTruthy();
    expect(leavesSilently()).toBe(false);
  });
});

describe("picking files", () => {
  test("one file picked is shown (a corrected copy of a listed file); several are listed behind the one on screen", async () => {
    const { scorer } = fakePageScorer();
    renderPageWith(scorer);
    pick("考评表.xlsx");
    await screen.findByRole("region", { name: "考评表.xlsx" }, { timeout: 20000 });
    pick("考评表.xlsx");
    await screen.findByRole("region", { name: "考评表 (2).xlsx" }, { timeout: 20000 });
    expect(screen.queryByRole("region", { name: "考评表.xlsx" })).toBeNull();
    pick("甲.xlsx", "乙.xlsx");
    await screen.findByRole("button", { name: "乙.xlsx" });
    expect(screen.getByRole("region", { name: "考评表 (2).xlsx" })).toBeTruthy();
  });
});

describe("a run that the worker could not finish", () => {
  test("reads 未能评定, not 评定中… for ever, and leaving does not ask for it", async () => {
    const { scorer } = fakePageScorer(() =>
      Promise.reject(
        new PageError({ message: "评定时出错：内存不足", messageEn: "Rating failed: out of memory" }),
      ),
    );
    renderPageWith(scorer);
    pick("考评表.xlsx");
    await rate("考评表.xlsx");
    await screen.findByText("评定时出错：内存不足", { exact: false });
    await within(row("考评表.xlsx")).findByText("未能评定");
    expect(leavesSilently()).toBe(true);
  });
});

describe("a worker that dies outright (its error event: an uncaught error, out of memory)", () => {
  test("the run reads 未能评定 with the reason, leaving does not ask, and 一键评定 again is rated by a fresh worker", async () => {
    // The workers answer as the fake scorer does; the first one dies on its first run.
    const { scorer: answers } = fakePageScorer();
    const workers: FakeWorker[] = [];
    const scorer = createPageScorer({
      startWorker: async () => {
        const worker = new FakeWorker((request) => {
          if (request.op === "score" && workers.length === 1) {
            setTimeout(() => worker.fail(), 0);
            return SILENT;
          }
          return answers.request(request);
        });
        workers.push(worker);
        return worker.asWorker();
      },
    });
    renderPageWith(scorer);
    pick("考评表.xlsx");
    await rate("考评表.xlsx");
    await within(row("考评表.xlsx")).findByText("未能评定", undefined, { timeout: 5000 });
    await screen.findByText("评定过程意外中止（可能是文件太大、内存不足），请重试或改用命令行。", {
      exact: false,
    });
    expect(leavesSilently()).toBe(true);
    await rate("考评表.xlsx");
    await screen.findByRole("link", { name: "下载「考评表（评定结果）.xlsx」" }, { timeout: 5000 });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.received.map((r) => r.op)).toEqual(["open", "score"]);
  });
});

describe("removing a file (移除) keeps keyboard focus on the list", () => {
  test("focus goes to the next file's 移除, to the previous one's for the last file, to 选择文件… when none is left", async () => {
    const { scorer } = fakePageScorer();
    renderPageWith(scorer);
    pick("甲.xlsx", "乙.xlsx", "丙.xlsx");
    await screen.findByRole("button", { name: "丙.xlsx" }, { timeout: 20000 });
    const removeOf = (name: string) => screen.getByRole("button", { name: `移除「${name}」` });
    const remove = (name: string) => {
      const button = removeOf(name);
      button.focus();
      fireEvent.click(button);
    };
    remove("乙.xlsx");
    expect(document.activeElement).toBe(removeOf("丙.xlsx"));
    remove("丙.xlsx");
    expect(document.activeElement).toBe(removeOf("甲.xlsx"));
    remove("甲.xlsx");
    expect(screen.queryByRole("listitem")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "选择文件…" }));
  });
});

describe("useLeaveWarning", () => {
  /** The beforeunload listeners the window holds now (an idle page must hold none: back/forward cache). */
  function listening(): () => number {
    const live = new Set<unknown>();
    const add = window.addEventListener.bind(window);
    const remove = window.removeEventListener.bind(window);
    jest.spyOn(window, "addEventListener").mockImplementation((type, listener, options) => {
      if (type === "beforeunload") live.add(listener);
      add(type, listener, options);
    });
    jest.spyOn(window, "removeEventListener").mockImplementation((type, listener, options) => {
      if (type === "beforeunload") live.delete(listener);
      remove(type, listener, options);
    });
    return () => live.size;
  }

  afterEach(() => jest.restoreAllMocks());

  test("a listener only while active: none idle, one when active, none again after, none once unmounted", () => {
    const count = listening();
    const hook = renderHook(({ active }) => useLeaveWarning(active), { initialProps: { active: false } });
    expect(count()).toBe(0);
    hook.rerender({ active: true });
    expect(count()).toBe(1);
    expect(leavesSilently()).toBe(false);
    hook.rerender({ active: true });
    expect(count()).toBe(1);
    hook.rerender({ active: false });
    expect(count()).toBe(0);
    expect(leavesSilently()).toBe(true);
    hook.rerender({ active: true });
    hook.unmount();
    expect(count()).toBe(0);
  });
});
