/**
 * The page's scorer over its worker (src/page/client.ts): a worker that dies outright (its error or
 * messageerror event, or silence while it owes replies) fails every request it owed in words, and the
 * next request goes to a fresh worker that has the open files again.
 */
import { createPageScorer, PageError, WORKER_DIED, WORKER_SILENT } from "../../src/page/client";
import type { PageRequest } from "../../src/page/protocol";
import { FakeWorker, SILENT, type Answer } from "./fakeWorker";

const bytes = new Uint8Array([80, 75, 3, 4]);
const open = (file: string): PageRequest => ({ op: "open", file, name: `${file}.xlsx`, bytes });
const start = (file: string): PageRequest => ({ op: "start", file, lang: "zh" });

/** A scorer over fake workers, each answering with `answers[i]` (the last one for any after it). */
function scorerOver(answers: Answer[], silenceMs?: number) {
  const workers: FakeWorker[] = [];
  const scorer = createPageScorer({
    silenceMs,
    startWorker: async () => {
      const worker = new FakeWorker(answers[Math.min(workers.length, answers.length - 1)]!);
      workers.push(worker);
      return worker.asWorker();
    },
  });
  return { scorer, workers };
}

async function failure(promise: Promise<unknown>): Promise<PageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PageError);
  return error as PageError;
}

/** Answers every request; a start of file "b" is never answered (the worker is busy with it). */
const answers: Answer = (request) => (request.op === "start" && request.file === "b" ? SILENT : null);

describe("a worker that dies outright", () => {
  test.each(["error", "messageerror"] as const)(
    "its %s event fails every request it owed with the reason, in Chinese and English",
    async (kind) => {
      const { scorer, workers } = scorerOver([answers]);
      await scorer.request(open("a"));
      await scorer.request(open("b"));
      const first = scorer.request(start("b"));
      const second = scorer.request(start("b"));
      await new Promise((r) => setTimeout(r, 10));
      expect(workers[0]!.fail(kind)).toBe(kind === "error");
      for (const owed of [first, second]) {
        const error = await failure(owed);
        expect(error.text).toEqual(WORKER_DIED);
        expect(error.text.message).toContain("内存不足");
        expect(error.text.messageEn).toContain("memory");
      }
      expect(workers[0]!.terminated).toBe(true);
    },
  );

  test("the next request goes to a fresh worker, with the files still listed opened in it first", async () => {
    const { scorer, workers } = scorerOver([answers]);
    await scorer.request(open("a"));
    await scorer.request(open("b"));
    await scorer.request(open("c"));
    await scorer.request({ op: "close", file: "c" });
    const owed = scorer.request(start("b"));
    await new Promise((r) => setTimeout(r, 10));
    workers[0]!.fail();
    await failure(owed);
    await expect(scorer.request(start("a"))).resolves.toBeNull();
    expect(workers).toHaveLength(2);
    expect(workers[1]!.received.map((r) => `${r.op} ${"file" in r ? r.file : ""}`)).toEqual([
      "open a",
      "open b",
      "start a",
    ]);
    expect(scorer.mode()).toBe("worker");
  });

  test("where no fresh worker starts, the next request runs on the page, and the scorer's mode says so to its subscribers", async () => {
    let started = 0;
    const first = new FakeWorker(answers);
    const scorer = createPageScorer({ startWorker: async () => (started++ === 0 ? first.asWorker() : null) });
    expect(scorer.mode()).toBeNull();
    const told: (string | null)[] = [];
    scorer.subscribe(() => told.push(scorer.mode()));
    const owed = scorer.request(start("b"));
    await new Promise((r) => setTimeout(r, 10));
    expect(scorer.mode()).toBe("worker");
    first.fail();
    await failure(owed);
    // On the page the file was opened again too: its close is answered, not refused.
    await expect(scorer.request({ op: "close", file: "b" })).resolves.toBeNull();
    expect(scorer.mode()).toBe("page");
    expect(told).toEqual(["worker", "page"]);
  });
});

describe("a worker that never answers", () => {
  test("is given up on after the silence time, its requests failed with the reason", async () => {
    const { scorer, workers } = scorerOver([answers], 50);
    await scorer.request(open("b"));
    const error = await failure(scorer.request(start("b")));
    expect(error.text).toEqual(WORKER_SILENT);
    expect(workers[0]!.terminated).toBe(true);
    await expect(scorer.request(start("a"))).resolves.toBeNull();
    expect(workers).toHaveLength(2);
  });

  test("progress keeps a slow run alive: only silence counts, not the run's length", async () => {
    const slow: Answer = async (request, worker) => {
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 30));
        worker.send({ id: 2, kind: "progress", stage: "evaluate", fraction: i / 6 });
      }
      return request.op === "start" ? "started" : null;
    };
    const { scorer, workers } = scorerOver([slow], 100);
    await scorer.request(open("a"));
    await expect(scorer.request(start("a"))).resolves.toBe("started");
    expect(workers).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(false);
  });

  test("an idle worker is not watched: nothing owed, nothing given up on", async () => {
    const { scorer, workers } = scorerOver([answers], 30);
    await scorer.request(open("a"));
    await new Promise((r) => setTimeout(r, 100));
    expect(workers[0]!.terminated).toBe(false);
  });
});
