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
import type { RecordsRequest } from "../../src/taskpane/services";

function recorder() {
  const scored: ScoreArgs[] = [];
  const scorer: PageScorer = {
    mode: () => Promise.resolve("worker"),
    request: (async (request: PageRequest) => {
      if (request.op !== "score") return null;
      scored.push(request.args);
      return {
        outcome: { ok: false, error: { message: "未评定", messageEn: "not rated" } },
        outputName: "a（评定结果）.xlsx",
      } satisfies ScoreReply;
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
  return { run, sent };
}

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
