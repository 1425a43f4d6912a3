/**
 * The CLI's deflate worker thread (node-deflate.ts starts it; scripts/cli.mjs bundles this file as
 * dist-cli/deflate-worker.cjs). It deflates the large parts the main thread writes, with the same
 * deflate and level rule (part-deflate.ts), while the main thread writes on. Node only: never
 * imported by what the page bundles. Its libdeflate instance is kept until the process ends: its
 * memory, once grown to the largest part (at most ~WHOLE_DEFLATE_MAX_BYTES and its output), is
 * reused by the next part.
 *
 * A large user's sheet is patched by both threads (split-rows.ts): the worker patches the rows from
 * the split row on, a slice at a time, handling the main thread's messages (its half's bytes)
 * between slices; at the part's end it appends its half to the main thread's and deflates the whole.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import zlib from "node:zlib";
import { CONSUMED, STARTED, type FromDeflateWorker, type ToDeflateWorker } from "./node-deflate-protocol";
import { PartDeflate, prepareDeflate, tableCrc32, type Crc32 } from "./part-deflate";
import { HalfPatcher, type SourceWindow, type SplitJob } from "./split-rows";

type NativeCrc32 = (data: Uint8Array, value?: number) => number;

/** The worker's half is encoded into chunks of this size. */
const CHUNK_BYTES = 1 << 20;

const utf8Encoder = new TextEncoder();

/** Text encoded as UTF-8 into chunks, kept in order. */
class TextChunks {
  readonly chunks: Uint8Array[] = [];
  private buffer = new Uint8Array(CHUNK_BYTES);
  private used = 0;

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) {
        this.chunks.push(utf8Encoder.encode(text));
        return;
      }
    }
    this.used += utf8Encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
  }

  flush(): void {
    if (this.used === 0) return;
    this.chunks.push(this.buffer.subarray(0, this.used));
    this.buffer = new Uint8Array(CHUNK_BYTES);
    this.used = 0;
  }
}

/** The worker's half of a split part: patched (chunks) once `done` settles, unless dropped. */
interface Half {
  done: Promise<void>;
  /** Patched: what was not written into the part's tail is in `chunks`. */
  patched: boolean;
  chunks: Uint8Array[] | null;
  dropped: boolean;
}

/**
 * Where the worker's half is written, from the part's start: past the main thread's half, whose
 * source text (job.before characters) is expected to grow as the first slice did, and a little more.
 */
function tailOffset(job: SplitJob, firstChunks: readonly Uint8Array[], firstChars: number): number {
  const written = firstChunks.reduce((n, c) => n + c.length, 0);
  const perChar = written / Math.max(1, firstChars);
  return Math.ceil(job.before * perChar * 1.02) + (1 << 20);
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The worker's parts and halves, and the main thread's messages handled in order. */
class DeflateThread {
  private readonly parts = new Map<number, PartDeflate>();
  private readonly halves = new Map<number, Half>();
  /** In order; while a part's end waits for the worker's half, later messages wait behind it. */
  private readonly queue: ToDeflateWorker[] = [];
  private waiting = false;

  constructor(
    private readonly port: MessagePort,
    private readonly state: Int32Array,
    private readonly crc32: Crc32,
  ) {}

  /** A message from the main thread, handled after those before it. */
  receive(message: ToDeflateWorker): void {
    this.queue.push(message);
    this.drain();
  }

  private post(message: FromDeflateWorker, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
  }

  private fail(id: number, error: unknown): void {
    this.parts.get(id)?.abort();
    this.parts.delete(id);
    this.post({ id, error: error instanceof Error ? error.message : String(error) });
  }

  private consumed(): void {
    Atomics.add(this.state, CONSUMED, 1);
    Atomics.notify(this.state, CONSUMED);
  }

  private drain(): void {
    while (!this.waiting && this.queue.length > 0) {
      const message = this.queue.shift() as ToDeflateWorker;
      let wait: Promise<void> | null = null;
      try {
        wait = this.handle(message);
      } catch (error) {
        this.fail(message.id, error);
      }
      if (!wait) {
        this.consumed();
        continue;
      }
      this.waiting = true;
      wait
        .catch((error: unknown) => this.fail(message.id, error))
        .finally(() => {
          this.waiting = false;
          this.consumed();
          this.drain();
        });
    }
  }

  /** A message handled; a promise when the queue must wait (a part's end waits for the worker's half). */
  private handle(message: ToDeflateWorker): Promise<void> | null {
    const { id } = message;
    switch (message.kind) {
      case "open":
        this.parts.set(id, new PartDeflate(this.crc32));
        return null;
      case "split": {
        const half: Half = { done: Promise.resolve(), patched: false, chunks: null, dropped: false };
        half.done = this.patchHalf(id, message.job, message.windows, half);
        this.halves.set(id, half);
        return null;
      }
      case "data":
        this.parts.get(id)?.push(message.bytes, true);
        return null;
      case "dropHalf": {
        const half = this.halves.get(id);
        if (half) half.dropped = true;
        // The main thread writes the rest of the part itself.
        this.parts.get(id)?.dropTail();
        return null;
      }
      case "abort":
        this.abort(id);
        return null;
      default: {
        const half = this.halves.get(id);
        if (half && !half.dropped && !half.patched) return half.done.then(() => this.finishPart(id));
        this.finishPart(id);
        return null;
      }
    }
  }

  private abort(id: number): void {
    this.parts.get(id)?.abort();
    this.parts.delete(id);
    const half = this.halves.get(id);
    if (half) half.dropped = true;
    this.halves.delete(id);
  }

  /**
   * The half patched between the main thread's messages, a window of its source at a time (taken
   * from `windows` as it is patched, so the whole source is never held here); a half that throws
   * drops its part. Its first window is encoded apart, to estimate where the main thread's half
   * will end (as many bytes per source character); the rest is written there straight into
   * libdeflate's memory (a tail, wasm-deflate.ts), so that the half is not held twice.
   */
  private async patchHalf(id: number, job: SplitJob, windows: MessagePort, half: Half): Promise<void> {
    const first = new TextChunks();
    let write = (piece: string) => first.write(piece);
    let firstChars = 0;
    const nextWindow = (): SourceWindow | undefined => {
      const received = receiveMessageOnPort(windows)?.message as SourceWindow | undefined;
      firstChars ||= received?.text.length ?? 0;
      return received;
    };
    try {
      const patcher = new HalfPatcher(job, nextWindow, (piece) => write(piece));
      let more = patcher.step();
      first.flush();
      const tail = this.parts.get(id)?.openTail(tailOffset(job, first.chunks, firstChars));
      if (tail) {
        for (const chunk of first.chunks) tail.writeBytes(chunk);
        first.chunks.length = 0;
        write = (piece) => tail.write(piece);
      }
      for (; more; more = patcher.step()) {
        await pause();
        if (half.dropped) return;
      }
      patcher.finish();
      first.flush();
      half.chunks = first.chunks;
      half.patched = true;
      this.post({ id, half: patcher.notes });
    } catch (error) {
      this.halves.delete(id);
      this.parts.get(id)?.abort();
      this.parts.delete(id);
      this.post({ id, halfError: error instanceof Error ? error.message : String(error) });
    } finally {
      windows.close();
    }
  }

  private finishPart(id: number): void {
    const deflate = this.parts.get(id);
    if (!deflate) return;
    this.parts.delete(id);
    const half = this.halves.get(id);
    this.halves.delete(id);
    if (half && !half.dropped) {
      deflate.joinTail();
      // Without libdeflate's memory the half was kept as chunks.
      const chunks = half.chunks ?? [];
      for (let i = 0; i < chunks.length; i++) {
        deflate.push(chunks[i], true);
        chunks[i] = new Uint8Array(0); // let each go as it is copied
      }
    } else deflate.dropTail();
    const part = deflate.finish();
    this.post({ id, part }, [part.raw.buffer as ArrayBuffer]);
  }
}

async function run(): Promise<void> {
  // Messages wait in the port until the listener below is added.
  await prepareDeflate();
  const port = parentPort;
  const state: unknown = (workerData as { state?: unknown } | null)?.state;
  if (!port || !(state instanceof Int32Array))
    throw new Error("deflate-worker: started without its shared state");
  const native = (zlib as unknown as { crc32?: NativeCrc32 }).crc32;
  const crc32: Crc32 = native ? (data, previous) => native(data, previous) : tableCrc32;
  const thread = new DeflateThread(port, state, crc32);
  port.on("message", (message: ToDeflateWorker) => thread.receive(message));
  Atomics.store(state, STARTED, 1);
  Atomics.notify(state, STARTED);
}

void run();
