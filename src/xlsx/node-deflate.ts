/**
 * The CLI's deflate worker, main-thread side: large written parts (zip.ts PartWriter) are deflated
 * by one worker thread (node-deflate-worker.ts, the same deflate and level rule) while this thread
 * builds the next rows and sheets, so the bytes are the same as deflating here. The machine's
 * other core does the deflate (with pako it was ~20% of a large score; docs/xlsx-round-trip.md,
 * "Scale" and "Deflate").
 * One worker, parts in the order they are opened: the worker deflates a large part a chunk at a
 * time as it arrives (part-deflate.ts CHUNK_BYTES), so the next part waits little behind it.
 *
 * Chunks are moved to the worker (transferred, not copied), and a writer's batch buffer comes back
 * once the worker has its bytes, for the writer's next batch (PartStream.spare): fresh memory costs
 * a page fault a page (100,000 rows: ~4,000 fewer, 10-20 MB less at the peak). At most
 * MAX_IN_FLIGHT chunks wait there at a time: past that, this thread waits for the worker
 * (Atomics.wait on a shared counter),
 * so a sheet of hundreds of megabytes never piles up in memory. Any failure (the worker cannot
 * start, stops, stalls) rejects the parts in progress with OffloadFailed, patch.ts writes the
 * package again in this thread, and later parts stay here.
 *
 * Node only (worker_threads): the CLI's entry point plugs it in; the page deflates in its thread.
 */
import { existsSync } from "node:fs";
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import {
  CONSUMED,
  SHARED_STATE_LENGTH,
  STARTED,
  type FromDeflateWorker,
  type ToDeflateWorker,
} from "./node-deflate-protocol";
import type { DeflatedPart } from "./part-deflate";
import { BATCH_BYTES, OffloadFailed, usePartOffload, type PartStream } from "./zip";

/** Chunks (~1 MB each) sent to the worker and not yet deflated, at most. */
const MAX_IN_FLIGHT = 8;
/** How long the worker may take to start, or to take the next chunk, before it counts as stopped. */
const STALL_MS = 30_000;

export interface DeflateWorkerOptions {
  /** Instead of STALL_MS (tests). */
  stallMs?: number;
}

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
  /** Where the worker gives the writers' buffers back, once it has taken their bytes. */
  private spares: MessagePort | null = null;

  /** `script`: the worker's bundled entry (dist-cli/deflate-worker.cjs). */
  constructor(
    private readonly script: string,
    private readonly options: DeflateWorkerOptions = {},
  ) {}

  /** A stream deflating a part in the worker, or null when the worker is not available. */
  open(): PartStream | null {
    // A part opened while the worker still has one waits behind it: the worker deflates each chunk
    // as it comes (part-deflate.ts), so it is little behind (100,000 rows: 评定核查 after the scored
    // sheet, ~50 ms faster than deflating it here).
    const worker = this.failure ? null : this.start();
    if (!worker) return null;
    const id = this.nextId++;
    const result = new Promise<DeflatedPart>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Rejected before end() is called when the worker stops mid-part; end() hands the rejection on.
    result.catch(() => undefined);
    if (this.pending.size === 1) this.busy(worker);
    this.post({ kind: "open", id });
    return {
      write: (chunk) => this.write(id, chunk),
      end: () => {
        this.post({ kind: "end", id });
        return result;
      },
      abort: () => {
        this.post({ kind: "abort", id });
        this.settle(id);
      },
      spare: () => this.spare(),
    };
  }

  /**
   * Start the worker before its first part (a large sheet was read): it loads and compiles
   * libdeflate while this thread rates the rows. It does not keep the process alive until a part
   * is opened.
   */
  prestart(): void {
    const worker = this.failure ? null : this.start();
    if (worker && this.pending.size === 0) worker.unref();
  }

  /** A buffer the worker gave back, if one is waiting. */
  private spare(): Uint8Array<ArrayBuffer> | null {
    const returned: unknown = this.spares ? receiveMessageOnPort(this.spares)?.message : undefined;
    if (!(returned instanceof Uint8Array) || !(returned.buffer instanceof ArrayBuffer)) return null;
    return new Uint8Array(returned.buffer);
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
      const spares = new MessageChannel();
      const worker = new Worker(this.script, {
        workerData: { state: this.state, spares: spares.port2 },
        transferList: [spares.port2],
      });
      spares.port1.unref();
      this.spares = spares.port1;
      worker.on("message", (message: FromDeflateWorker) => this.received(message));
      worker.on("error", (error) =>
        this.fail(new OffloadFailed(`the deflate worker stopped: ${error.message}`)),
      );
      worker.on("exit", (code) => this.fail(new OffloadFailed(`the deflate worker exited (${code})`)));
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
    const moved = buffer instanceof ArrayBuffer;
    // A writer's batch buffer comes back for its next batch (PartWriter.spare).
    const spare = moved && chunk.byteOffset === 0 && buffer.byteLength === BATCH_BYTES;
    this.post({ kind: "data", id, bytes: chunk, spare }, moved ? [buffer] : []);
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

  private post(message: ToDeflateWorker, transfer: ArrayBuffer[] = []): void {
    if (this.failure || !this.worker) return;
    this.worker.postMessage(message, transfer);
    this.sent++;
  }

  private received(message: FromDeflateWorker): void {
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
    this.idle();
  }
}

/**
 * Deflate large parts in a worker running `script` (the CLI: dist-cli/deflate-worker.cjs beside
 * its bundle). Without that file (the CLI run from its sources) parts are deflated in this thread.
 */
export function useDeflateWorker(script: string): DeflateWorker | null {
  if (!existsSync(script)) return null;
  const worker = new DeflateWorker(script);
  usePartOffload(
    () => worker.open(),
    () => worker.prestart(),
  );
  return worker;
}
