/**
 * The page's side of the worker (worker.ts): requests by id, progress as it comes, the scored
 * workbook handed back without a copy. Where no worker starts (a browser or policy that refuses
 * blob: workers), the same handler runs on the page itself: slower to repaint, same bytes.
 */
import type { RecomputeStage } from "../workbook";
import type { LocalizedText } from "../taskpane/services";
import type { PageMessage, PageReplies, PageRequest } from "./protocol";

type Handler = typeof import("./handler");

export type ProgressListener = (stage: RecomputeStage, fraction: number) => void;

export interface PageScorer {
  request<R extends PageRequest>(request: R, onProgress?: ProgressListener): Promise<PageReplies[R["op"]]>;
  /** Where the work runs, once known: the worker, or the page itself. */
  mode(): Promise<"worker" | "page">;
}

/** A failed request, in both languages. */
export class PageError extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.message);
    this.name = "PageError";
  }
}

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onProgress?: ProgressListener;
};

function startWorker(source: string): Promise<Worker | null> {
  let worker: Worker;
  try {
    worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })));
  } catch {
    return Promise.resolve(null);
  }
  // A worker refused after it was created (CSP, policy) only says so by an error event.
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(null), 15000);
    const done = (result: Worker | null) => {
      clearTimeout(timer);
      worker.removeEventListener("message", onReady);
      worker.removeEventListener("error", onError);
      if (!result) worker.terminate();
      resolve(result);
    };
    const onReady = () => done(worker);
    const onError = () => done(null);
    worker.addEventListener("message", onReady);
    worker.addEventListener("error", onError);
    worker.postMessage({ id: 0, request: { op: "close", file: "" } });
  });
}

function viaWorker(worker: Worker): PageScorer["request"] {
  const pending = new Map<number, Pending>();
  let next = 1;
  worker.onmessage = (event: MessageEvent<PageMessage>) => {
    const message = event.data;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    if (message.kind === "progress") return waiting.onProgress?.(message.stage, message.fraction);
    pending.delete(message.id);
    if (message.kind === "done") waiting.resolve(message.value);
    else waiting.reject(new PageError(message.error));
  };
  return (request, onProgress) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      worker.postMessage({ id, request });
    });
}

function onThePage(): PageScorer["request"] {
  // Loaded with the first request: a page that is only looked at never loads the engine.
  let handler: Promise<{ handle: ReturnType<Handler["createHandler"]>; failureText: Handler["failureText"] }>;
  return async (request, onProgress) => {
    handler ??= import(/* webpackChunkName: "page-scoring" */ "./handler").then((m) => ({
      handle: m.createHandler(),
      failureText: m.failureText,
    }));
    const { handle, failureText } = await handler;
    try {
      return (await handle(request, onProgress ?? (() => undefined))) as never;
    } catch (error) {
      throw new PageError(failureText(error));
    }
  };
}

async function workerIfPossible(): Promise<Worker | null> {
  if (typeof Worker !== "function") return null;
  const { workerSource } = await import(/* webpackChunkName: "page-worker" */ "./worker-source");
  return workerSource ? startWorker(workerSource) : null;
}

export function createPageScorer(options: { worker?: boolean } = {}): PageScorer {
  const chosen: Promise<{ mode: "worker" | "page"; request: PageScorer["request"] }> = (
    options.worker !== false ? workerIfPossible() : Promise.resolve(null)
  ).then((worker) =>
    worker ? { mode: "worker", request: viaWorker(worker) } : { mode: "page", request: onThePage() },
  );
  return {
    request: (request, onProgress) => chosen.then((c) => c.request(request, onProgress)),
    mode: () => chosen.then((c) => c.mode),
  };
}
