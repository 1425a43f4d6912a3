/**
 * The page's services for one file (src/page/fileServices.ts): the file never changes there, so
 * last year's file and 定稿 / 解除定稿 are remembered and sent with every later run, as the CLI's
 * --prior / --finalize / --unfinalize (docs/page.md).
 */
import { presets } from "../../src/engine/presets";
import type { PageScorer } from "../../src/page/client";
import type { ScoreArgs, ScoreReply } from "../../src/page/file-scoring";
import { createFileServices } from "../../src/page/fileServices";
import type { PageRequest } from "../../src/page/protocol";
import type { RecomputeOutcome, RecordsRequest } from "../../src/taskpane/services";

const SUCCESS: RecomputeOutcome = {
  ok: true,
  sheet: "评分表",
  resultLine: "已评定 1 个支部",
  summarySheet: "评定汇总",
  writtenSheets: ["评定汇总"],
  warnings: [],
  flags: [],
};
const FAILURE: RecomputeOutcome = { ok: false, error: { message: "未评定", messageEn: "not rated" } };

/** The services over a scorer that records what each run sent; `fails` says which runs fail. */
function recorder(fails: (args: ScoreArgs) => boolean = () => false) {
  const scored: ScoreArgs[] = [];
  const scorer: PageScorer = {
    mode: () => "worker",
    subscribe: () => () => undefined,
    request: (async (request: PageRequest) => {
      if (request.op !== "score") return null;
      scored.push(request.args);
      const outcome = fails(request.args) ? FAILURE : SUCCESS;
      return { outcome, outputName: "a（评定结果）.xlsx" } satisfies ScoreReply;
    }) as PageScorer["request"],
  };
  const services = createFileServices({
    scorer,
    file: "f1",
    lang: "zh",
    onScored: () => undefined,
    now: () => 0,
  });
  const run = (records?: RecordsRequest) =>
    services.recompute({ rubric: presets[0]!, mapping: {}, lang: "zh", ...(records ? { records } : {}) });
  const sent = () => {
    const last = scored.at(-1)!;
    return { prior: last.prior?.name, finalize: last.finalize, unfinalize: last.unfinalize };
  };
  return { run, sent, services, scored };
}

test("the sheet chosen on the page goes with every later run, as the CLI's --sheet, with the rubric shown", async () => {
  const { run, services, scored } = recorder();
  await run({ finalize: true, prior: { name: "2025.xlsx", bytes: new Uint8Array([1]) } });
  expect(scored.at(-1)!.sheet).toBeUndefined();
  services.chooseSheet!("2025年");
  await run();
  await run();
  expect(scored.map((a) => a.sheet)).toEqual([undefined, "2025年", "2025年"]);
  // The rubric the pane shows is sent: left out, the use case would choose by the other sheet's headers.
  expect(scored.at(-1)!.rubric?.id).toBe(presets[0]!.id);
  // 定稿 and 上年结果 chosen for the first sheet do not go with the other one.
  expect([scored.at(-1)!.finalize, scored.at(-1)!.prior]).toEqual([undefined, undefined]);
});

test("last year's file, 定稿 and 解除定稿 go with every later run of the file; the latest of 定稿 and 解除定稿 wins", async () => {
  const { run, sent } = recorder();
  await run();
  expect(sent()).toEqual({ prior: undefined, finalize: undefined, unfinalize: undefined });
  await run({ prior: { name: "2025.xlsx", bytes: new Uint8Array([1]) } });
  expect(sent()).toEqual({ prior: "2025.xlsx", finalize: undefined, unfinalize: undefined });
  await run({ finalize: true });
  expect(sent()).toEqual({ prior: "2025.xlsx", finalize: true, unfinalize: undefined });
  await run();
  expect(sent()).toEqual({ prior: "2025.xlsx", finalize: true, unfinalize: undefined });
  await run({ unfinalize: true });
  expect(sent()).toEqual({ prior: "2025.xlsx", finalize: undefined, unfinalize: true });
  await run({ prior: { name: "2024.xlsx", bytes: new Uint8Array([2]) } });
  expect(sent()).toEqual({ prior: "2024.xlsx", finalize: undefined, unfinalize: true });
});

test("last year's file or a 定稿 whose run failed is not sent again: later runs are as before it", async () => {
  const { run, sent } = recorder((args) => args.prior?.name === "model.xlsx" || args.finalize === true);
  await run({ prior: { name: "2025.xlsx", bytes: new Uint8Array([1]) } });
  expect(sent()).toEqual({ prior: "2025.xlsx", finalize: undefined, unfinalize: undefined });
  // Not last year's results: that run fails, and the next one goes with 2025.xlsx again.
  expect((await run({ prior: { name: "model.xlsx", bytes: new Uint8Array([2]) } })).ok).toBe(false);
  expect((await run()).ok).toBe(true);
  expect(sent()).toEqual({ prior: "2025.xlsx", finalize: undefined, unfinalize: undefined });
  expect((await run({ finalize: true })).ok).toBe(false);
  await run();
  expect(sent()).toEqual({ prior: "2025.xlsx", finalize: undefined, unfinalize: undefined });
});
