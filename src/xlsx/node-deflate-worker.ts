/**
 * The CLI's deflate worker thread (node-deflate.ts starts it; scripts/cli.mjs bundles this file as
 * dist-cli/deflate-worker.cjs). It deflates the large parts the main thread writes, with the same
 * deflate and level rule (part-deflate.ts), while the main thread writes on. Node only: never
 * imported by what the page bundles. Its libdeflate instance is kept until the process ends: its
 * memory, once grown to the largest part (at most ~WHOLE_DEFLATE_MAX_BYTES and its output), is
 * reused by the next part.
 */
import { parentPort, workerData } from "node:worker_threads";
import zlib from "node:zlib";
import { CONSUMED, STARTED, type FromDeflateWorker, type ToDeflateWorker } from "./node-deflate-protocol";
import { PartDeflate, prepareDeflate, tableCrc32, type Crc32 } from "./part-deflate";

type NativeCrc32 = (data: Uint8Array, value?: number) => number;

async function run(): Promise<void> {
  // Messages wait in the port until the listener below is added.
  await prepareDeflate();
  const port = parentPort;
  const state: unknown = (workerData as { state?: unknown } | null)?.state;
  if (!port || !(state instanceof Int32Array))
    throw new Error("deflate-worker: started without its shared state");
  const native = (zlib as unknown as { crc32?: NativeCrc32 }).crc32;
  const crc32: Crc32 = native ? (data, previous) => native(data, previous) : tableCrc32;
  const parts = new Map<number, PartDeflate>();
  const fail = (id: number, error: unknown) => {
    parts.delete(id);
    port.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies FromDeflateWorker);
  };
  port.on("message", (message: ToDeflateWorker) => {
    const { id } = message;
    try {
      if (message.kind === "open") parts.set(id, new PartDeflate(crc32));
      else if (message.kind === "abort") {
        parts.get(id)?.abort();
        parts.delete(id);
      } else if (message.kind === "data") parts.get(id)?.push(message.bytes, true);
      else {
        const deflate = parts.get(id);
        if (!deflate) return;
        parts.delete(id);
        const part = deflate.finish();
        port.postMessage({ id, part } satisfies FromDeflateWorker, [part.raw.buffer as ArrayBuffer]);
      }
    } catch (error) {
      fail(id, error);
    } finally {
      Atomics.add(state, CONSUMED, 1);
      Atomics.notify(state, CONSUMED);
    }
  });
  Atomics.store(state, STARTED, 1);
  Atomics.notify(state, STARTED);
}

void run();
