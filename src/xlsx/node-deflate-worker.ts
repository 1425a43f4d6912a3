/**
 * The CLI's deflate worker thread (node-deflate.ts starts it; scripts/cli.mjs bundles this file as
 * dist-cli/deflate-worker.cjs). It deflates the large parts the main thread writes, with the same
 * deflate and level rule (part-deflate.ts), while the main thread writes on. Node only: never
 * imported by what the page bundles. Its libdeflate instance is kept until the process ends: its
 * memory (a chunk's and its output, or a small part's: part-deflate.ts) is reused by the next part.
 */
import { MessagePort, parentPort, workerData } from "node:worker_threads";
import zlib from "node:zlib";
import { CONSUMED, STARTED, type FromDeflateWorker, type ToDeflateWorker } from "./node-deflate-protocol";
import { PartDeflate, prepareDeflate, tableCrc32, type Crc32 } from "./part-deflate";

type NativeCrc32 = (data: Uint8Array, value?: number) => number;

/**
 * The worker's parts, and the main thread's messages handled as they come (the port delivers them
 * in order): each counted at CONSUMED once handled, which the main thread waits on for room.
 */
class DeflateThread {
  private readonly parts = new Map<number, PartDeflate>();

  constructor(
    private readonly port: MessagePort,
    private readonly state: Int32Array,
    private readonly crc32: Crc32,
    private readonly spares: MessagePort | null,
  ) {}

  /** A message from the main thread, handled, then counted. */
  receive(message: ToDeflateWorker): void {
    try {
      this.handle(message);
    } catch (error) {
      this.fail(message.id, error);
    } finally {
      Atomics.add(this.state, CONSUMED, 1);
      Atomics.notify(this.state, CONSUMED);
    }
  }

  private post(message: FromDeflateWorker, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
  }

  private fail(id: number, error: unknown): void {
    this.parts.get(id)?.abort();
    this.parts.delete(id);
    this.post({ id, error: error instanceof Error ? error.message : String(error) });
  }

  private handle(message: ToDeflateWorker): void {
    const { id } = message;
    switch (message.kind) {
      case "open":
        this.parts.set(id, new PartDeflate(this.crc32));
        return;
      case "data":
        this.parts.get(id)?.push(message.bytes, !message.spare);
        // Taken (PartDeflate copies what it is not told it may keep): the buffer goes back.
        if (message.spare && this.spares)
          this.spares.postMessage(message.bytes, [message.bytes.buffer as ArrayBuffer]);
        return;
      case "abort":
        this.parts.get(id)?.abort();
        this.parts.delete(id);
        return;
      default:
        this.finishPart(id);
    }
  }

  private finishPart(id: number): void {
    const deflate = this.parts.get(id);
    if (!deflate) return;
    this.parts.delete(id);
    const part = deflate.finish();
    this.post({ id, part }, [part.raw.buffer as ArrayBuffer]);
  }
}

async function run(): Promise<void> {
  // Messages wait in the port until the listener below is added.
  await prepareDeflate();
  const port = parentPort;
  const data = workerData as { state?: unknown; spares?: unknown } | null;
  const state = data?.state;
  if (!port || !(state instanceof Int32Array))
    throw new Error("deflate-worker: started without its shared state");
  const spares = data?.spares instanceof MessagePort ? data.spares : null;
  const native = (zlib as unknown as { crc32?: NativeCrc32 }).crc32;
  const crc32: Crc32 = native ? (data, previous) => native(data, previous) : tableCrc32;
  const thread = new DeflateThread(port, state, crc32, spares);
  port.on("message", (message: ToDeflateWorker) => thread.receive(message));
  Atomics.store(state, STARTED, 1);
  Atomics.notify(state, STARTED);
}

void run();
