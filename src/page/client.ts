/**
 * The page's side of the worker (worker.ts): requests by id, progress as it comes, the scored
 * workbook handed back without a copy. Where no worker starts (a browser or policy that refuses
 * blob: workers), the same handler runs on the page itself: slower to repaint, same bytes. A worker
 * that dies (its error or messageerror event, or silence while it owes replies) fails what it owed
 * with WORKER_DIED and is replaced by a fresh one (createPageScorer).
 */
import type { RecomputeStage } from "../workbook";
import type { LocalizedText } from "../taskpane/services";
import type { PageMessage, PageReplies, PageRequest } from "./protocol";

type Handler = typeof import("./handler");

export type ProgressListener = (stage: RecomputeStage, fraction: number) => void;

/** Where the work runs: in a worker, or on the page itself (which then stops repainting during a run). */
export type ScorerMode = "worker" | "page";

export interface PageScorer {
  request<R extends PageRequest>(request: R, onProgress?: ProgressListener): Promise<PageReplies[R["op"]]>;
  /**
   * Where the next request will run, null until known. It can change after the start: a worker given
   * up on is replaced, and where no fresh one starts the work moves to the page.
   */
  readonly mode: () => ScorerMode | null;
  /** `listener` is called each time mode() changes; the returned function stops that. Both work unbound. */
  readonly subscribe: (listener: () => void) => () => void;
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

/**
 * Why a worker was given up on, said with every request it left unanswered. A worker that dies outright
 * (an uncaught error, out of memory) sends no reply of its own: without this the file read 评定中… for
 * ever and leaving the page asked for a result that would never come.
 */
export const WORKER_DIED: LocalizedText = {
  message: "评定过程意外中止（可能是文件太大、内存不足），请重试或改用命令行。",
  messageEn:
    "The rating stopped unexpectedly (the file may be too large for the browser's memory). Try again, or use the command line.",
};

/**
 * A worker that has sent nothing at all (no progress, no reply) for this long while requests wait is
 * taken for dead. Progress comes a few times a run, but a large file's reading or writing can be
 * silent for a while (a 100,000-row table takes under a minute in all), so the margin is wide.
 */
export const SILENCE_MS = 5 * 60_000;

export const WORKER_SILENT: LocalizedText = {
  message: "评定过程 5 分钟没有回应，已中止（可能是文件太大、内存不足），请重试或改用命令行。",
  messageEn:
    "The rating did not respond for 5 minutes and was stopped (the file may be too large for the browser's memory). Try again, or use the command line.",
};

/** The requests over one worker; `onDead` is told once when it is given up on (it is then terminated). */
function viaWorker(worker: Worker, silenceMs: number, onDead: () => void): PageScorer["request"] {
  const pending = new Map<number, Pending>();
  let next = 1;
  let dead = false;
  let silence: ReturnType<typeof setTimeout> | undefined;
  const die = (why: LocalizedText) => {
    if (dead) return;
    dead = true;
    clearTimeout(silence);
    worker.terminate();
    for (const waiting of pending.values()) waiting.reject(new PageError(why));
    pending.clear();
    onDead();
  };
  /** Counted from the worker's last word, only while something waits for it. */
  const listen = () => {
    clearTimeout(silence);
    silence = pending.size > 0 ? setTimeout(() => die(WORKER_SILENT), silenceMs) : undefined;
  };
  const answer = (waiting: Pending, message: PageMessage) => {
    if (message.kind === "progress") return waiting.onProgress?.(message.stage, message.fraction);
    pending.delete(message.id);
    if (message.kind === "done") waiting.resolve(message.value);
    else waiting.reject(new PageError(message.error));
  };
  worker.onmessage = (event: MessageEvent<PageMessage>) => {
    const message = event.data;
    const waiting = pending.get(message.id);
    if (waiting) answer(waiting, message);
    listen();
  };
  // Handled here: the page says it in words, so the browser need not report it as uncaught.
  worker.onerror = (event) => {
    event.preventDefault();
    die(WORKER_DIED);
  };
  worker.onmessageerror = () => die(WORKER_DIED);
  return (request, onProgress) =>
    new Promise((resolve, reject) => {
      if (dead) return reject(new PageError(WORKER_DIED));
      const id = next++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      worker.postMessage({ id, request });
      listen();
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

export interface PageScorerOptions {
  /** false: the work runs on the page, no worker is tried. */
  worker?: boolean;
  /** A worker ready for requests, or null where none can start; default the bundled one. Tests hand in fakes. */
  startWorker?: () => Promise<Worker | null>;
  /** Default SILENCE_MS. */
  silenceMs?: number;
}

type Engine = { mode: ScorerMode; request: PageScorer["request"] };
type OpenRequest = Extract<PageRequest, { op: "open" }>;

/**
 * The worker's files are its own: a fresh worker has none. So the page keeps each open file's bytes
 * (the worker has a copy) and opens them again in the worker that replaces one given up on, before
 * any request waiting for it: the next run of any listed file works as before. Where no fresh worker
 * starts, the work moves to the page, told like a page where none started at all.
 */
export function createPageScorer(options: PageScorerOptions = {}): PageScorer {
  const opened = new Map<string, OpenRequest>();
  const silenceMs = options.silenceMs ?? SILENCE_MS;
  const mode = observable<ScorerMode | null>(null);
  const connect = async (reopen: boolean): Promise<Engine> => {
    const worker = options.worker !== false ? await (options.startWorker ?? workerIfPossible)() : null;
    const engine: Engine = worker
      ? { mode: "worker", request: viaWorker(worker, silenceMs, () => (chosen = connect(true))) }
      : { mode: "page", request: onThePage() };
    // Told as soon as it is chosen: every request from now on waits for this engine.
    mode.set(engine.mode);
    // One at a time, as they were opened; one that fails again is told by the run that needs it.
    if (reopen) for (const file of [...opened.values()]) await engine.request(file).catch(() => undefined);
    return engine;
  };
  let chosen = connect(false);
  return {
    request: (request, onProgress) => {
      const reply = chosen.then((c) => c.request(request, onProgress));
      if (request.op === "open")
        reply.then(
          () => opened.set(request.file, request),
          () => undefined,
        );
      if (request.op === "close") opened.delete(request.file);
      return reply;
    },
    mode: mode.get,
    subscribe: mode.subscribe,
  };
}

/** A value that tells its listeners when it changes. */
function observable<T>(initial: T) {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next: T) {
      if (next === value) return;
      value = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
