/**
 * The CLI's deflate worker, main-thread side: large written parts (zip.ts PartWriter) are deflated
 * by one worker thread (node-deflate-worker.ts, the same deflate and level rule) while this thread
 * builds the next rows and sheets, so the bytes are the same as deflating here. The machine's
 * other core does the deflate (with pako it was ~20% of a large score; docs/xlsx-round-trip.md,
 * "Scale" and "Deflate").
 * One worker, one part at a time: a large part opened while the worker still holds one is deflated
 * by the thread writing it, which would otherwise wait for room behind the first.
 *
 * Chunks are moved to the worker (transferred, not copied). At most MAX_IN_FLIGHT of them wait
 * there at a time: past that, this thread waits for the worker (Atomics.wait on a shared counter),
 * so a sheet of hundreds of megabytes never piles up in memory. Any failure (the worker cannot
 * start, stops, stalls) rejects the parts in progress with OffloadFailed, patch.ts writes the
 * package again in this thread, and later parts stay here.
 *
 * Node only (worker_threads): the CLI's entry point plugs it in; the page deflates in its thread.
 */
import { existsSync } from "node:fs";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import {
  CONSUMED,
  SHARED_STATE_LENGTH,
  STARTED,
  type FromDeflateWorker,
  type ToDeflateWorker,
} from "./node-deflate-protocol";
import type { DeflatedPart } from "./part-deflate";
import type { PatchNotes } from "./patch-rows";
import { SplitFailed, useRowsOffload, type HalfStream, type SourceWindow, type SplitJob } from "./split-rows";
import { FAST_DEFLATE_BYTES, OffloadFailed, usePartOffload, type PartStream } from "./zip";

/** The worker's young generation, in MB (resourceLimits). */
const WORKER_YOUNG_MB = 8;
/** Chunks (~1 MB each) sent to the worker and not yet deflated, at most. */
const MAX_IN_FLIGHT = 8;
/** How long the worker may take to start, or to take the next chunk, before it counts as stopped. */
const STALL_MS = 30_000;

export interface DeflateWorkerOptions {
  /** Instead of STALL_MS (tests). */
  stallMs?: number;
  /**
   * Large scored sheets patched in two halves, the second by the worker (split-rows.ts). Off by
   * default: measured on this project's two-core machine the worker's half cost about twice the
   * CPU the main thread saved and the score was no faster (docs/xlsx-round-trip.md, "Seventh
   * session"); the CLI turns it on with STAR_SPLIT_ROWS=1, to measure it elsewhere.
   */
  splitRows?: boolean;
  /** Sheets whose rows are at least this many characters are split (tests lower it). */
  splitMinChars?: number;
}

/**
 * A sheet's rows are split from this size on: at 10,000 rows (3 MB) the worker's half would cost
 * more than it saves, as with deflating every part there (docs/xlsx-round-trip.md, "Scale").
 */
export const SPLIT_MIN_CHARS = FAST_DEFLATE_BYTES;

interface Pending {
  resolve: (part: DeflatedPart) => void;
  reject: (error: OffloadFailed) => void;
}

/** One worker thread, started on first use, deflating parts in the order they are opened. */
export class DeflateWorker {
  private worker: Worker | null = null;
  private failure: OffloadFailed | null = null;
  private readonly state = new Int32Array(new SharedArrayBuffer(SHARED_STATE_LENGTH * 4));
  /** Messages posted, of which the worker has handled Atomics.load(state, CONSUMED). */
  private sent = 0;
  private nextId = 1;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private readonly pending = new Map<number, Pending>();
  /** The worker's halves of split parts, until it has patched them. */
  private readonly halves = new Map<
    number,
    { resolve: (notes: PatchNotes) => void; reject: (error: Error) => void }
  >();

  /** `script`: the worker's bundled entry (dist-cli/deflate-worker.cjs). */
  constructor(
    private readonly script: string,
    private readonly options: DeflateWorkerOptions = {},
  ) {}

  /** A stream deflating a part in the worker, or null when the worker is not available. */
  open(): PartStream | null {
    // While the worker still has a part, the next is deflated here: queued behind the first it
    // kept this thread waiting for room (100,000 rows: 评定核查 behind the scored sheet, ~0.2 s).
    if (this.pending.size > 0) return null;
    return this.openPart()?.stream ?? null;
  }

  /**
   * A stream for a part whose rows from the job's split row on (and the rest of the part) the worker
   * patches itself and appends to what it is sent; null when the worker is not available.
   */
  openSplit(job: SplitJob, windows: readonly SourceWindow[]): HalfStream | null {
    const opened = this.openPart();
    if (!opened) return null;
    const { id, stream } = opened;
    const half = new Promise<PatchNotes>((resolve, reject) => this.halves.set(id, { resolve, reject }));
    half.catch(() => undefined);
    // The windows wait in a port of their own, which the worker reads one window at a time.
    const channel = new MessageChannel();
    for (const window of windows) channel.port1.postMessage(window);
    channel.port1.close();
    this.post({ kind: "split", id, job, windows: channel.port2 }, [channel.port2]);
    return {
      ...stream,
      half,
      dropHalf: () => {
        this.post({ kind: "dropHalf", id });
        this.halves.get(id)?.reject(new SplitFailed("the worker's half was not wanted"));
        this.halves.delete(id);
      },
    };
  }

  /** Start the worker now (a large package was opened), so that it is ready when its part comes. */
  prepare(): void {
    if (!this.failure) this.start();
  }

  private openPart(): { id: number; stream: PartStream } | null {
    const worker = this.failure ? null : this.start();
    if (!worker) return null;
    const id = this.nextId++;
    const result = new Promise<DeflatedPart>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Rejected before end() is called when the worker stops mid-part; end() hands the rejection on.
    result.catch(() => undefined);
    if (this.pending.size === 1) this.busy(worker);
    this.post({ kind: "open", id });
    const stream: PartStream = {
      write: (chunk) => this.write(id, chunk),
      end: () => {
        this.post({ kind: "end", id });
        return result;
      },
      abort: () => {
        this.post({ kind: "abort", id });
        this.halves.get(id)?.reject(new SplitFailed("the part was abandoned"));
        this.halves.delete(id);
        this.settle(id);
      },
    };
    return { id, stream };
  }

  /** Stop the worker (tests; the CLI lets it idle, unreferenced, until the process ends). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.fail(new OffloadFailed("the deflate worker was closed"));
    if (worker) await worker.terminate();
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(this.script, {
        workerData: { state: this.state },
        // Its half of a split sheet makes short-lived strings only: a small young generation keeps
        // the thread's memory down (~10 MB less at 100,000 rows than the default, measured).
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      });
      worker.on("message", (message: FromDeflateWorker) => this.received(message));
      worker.on("error", (error) =>
        this.fail(new OffloadFailed(`the deflate worker stopped: ${error.message}`)),
      );
      worker.on("exit", (code) => this.fail(new OffloadFailed(`the deflate worker exited (${code})`)));
      // Kept alive only while a part is in progress (busy): one started early never holds the process.
      worker.unref();
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fail(new OffloadFailed(`the deflate worker could not start: ${String(error)}`));
      return null;
    }
  }

  private write(id: number, chunk: Uint8Array): void {
    if (this.failure || !this.pending.has(id)) return;
    const buffer = chunk.buffer;
    this.post({ kind: "data", id, bytes: chunk }, buffer instanceof ArrayBuffer ? [buffer] : []);
    this.waitForRoom();
  }

  /**
   * Parts in progress: the worker keeps the process alive, and is watched while this thread waits
   * for it (waitForRoom watches it while this thread writes): a worker that handles no message
   * for the stall time while some wait is given up on.
   */
  private busy(worker: Worker): void {
    worker.ref();
    let seen = Atomics.load(this.state, CONSUMED);
    this.watchdog ??= setInterval(() => {
      const consumed = Atomics.load(this.state, CONSUMED);
      if (consumed === seen && this.sent > consumed) this.stalled();
      seen = consumed;
    }, this.options.stallMs ?? STALL_MS);
  }

  private stalled(): void {
    const started = Atomics.load(this.state, STARTED) === 1;
    this.fail(new OffloadFailed(`the deflate worker ${started ? "stalled" : "did not start"}`));
    void this.worker?.terminate();
  }

  /** Block until at most MAX_IN_FLIGHT chunks wait in the worker (it runs on, this thread does not). */
  private waitForRoom(): void {
    for (;;) {
      const consumed = Atomics.load(this.state, CONSUMED);
      if (this.sent - consumed <= MAX_IN_FLIGHT) return;
      if (Atomics.wait(this.state, CONSUMED, consumed, this.options.stallMs ?? STALL_MS) === "timed-out") {
        if (Atomics.load(this.state, CONSUMED) !== consumed) continue;
        this.stalled();
        return;
      }
    }
  }

  private post(message: ToDeflateWorker, transfer: (ArrayBuffer | MessagePort)[] = []): void {
    if (this.failure || !this.worker) return;
    this.worker.postMessage(message, transfer);
    this.sent++;
  }

  private received(message: FromDeflateWorker): void {
    if ("half" in message || "halfError" in message) return this.receivedHalf(message);
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.settle(message.id);
    if ("part" in message) waiting.resolve(message.part);
    else {
      // A part the worker could not deflate: this worker is not trusted with more.
      this.fail(new OffloadFailed(`the deflate worker failed: ${message.error}`));
      waiting.reject(new OffloadFailed(message.error));
    }
  }

  /** The worker's half patched, or the error it threw: then the part is dropped, the worker stays trusted. */
  private receivedHalf(
    message: Extract<FromDeflateWorker, { half: PatchNotes } | { halfError: string }>,
  ): void {
    const half = this.halves.get(message.id);
    this.halves.delete(message.id);
    if ("half" in message) {
      half?.resolve(message.half);
      return;
    }
    const error = new SplitFailed(message.halfError);
    half?.reject(error);
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.settle(message.id);
    waiting.reject(error);
  }

  /** A part done with: the worker keeps the process alive only while a part is in progress. */
  private settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.idle();
  }

  private idle(): void {
    this.worker?.unref();
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  /** Every part in progress fails, and no part is opened after. */
  private fail(error: OffloadFailed): void {
    this.failure ??= error;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const part of waiting) part.reject(error);
    const halves = [...this.halves.values()];
    this.halves.clear();
    for (const half of halves) half.reject(error);
    this.idle();
  }
}

/**
 * Deflate large parts in a worker running `script` (the CLI: dist-cli/deflate-worker.cjs beside
 * its bundle). Without that file (the CLI run from its sources) parts are deflated in this thread.
 */
export function useDeflateWorker(script: string, options: DeflateWorkerOptions = {}): DeflateWorker | null {
  if (!existsSync(script)) return null;
  const worker = new DeflateWorker(script, options);
  usePartOffload(() => worker.open());
  useRowsOffload(
    options.splitRows
      ? {
          minChars: options.splitMinChars ?? SPLIT_MIN_CHARS,
          prepare: () => worker.prepare(),
          open: (_name, job, windows) => worker.openSplit(job, windows),
        }
      : null,
  );
  return worker;
}
