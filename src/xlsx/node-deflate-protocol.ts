/** What the CLI's main thread (node-deflate.ts) and its deflate worker (node-deflate-worker.ts) say. */
import type { DeflatedPart } from "./part-deflate";

/**
 * To the worker: a part opened, its next bytes (moved there; `spare`: their buffer is to be given
 * back, on the port the worker was started with, once they are taken), its end, or its abandonment.
 */
export type ToDeflateWorker =
  | { kind: "open"; id: number }
  | { kind: "data"; id: number; bytes: Uint8Array; spare: boolean }
  | { kind: "end"; id: number }
  | { kind: "abort"; id: number };

/** From the worker: a part deflated, or why it could not be. */
export type FromDeflateWorker = { id: number; part: DeflatedPart } | { id: number; error: string };

/**
 * Indexes in the Int32Array both threads share: at CONSUMED the number of messages the worker has
 * handled (the main thread waits on it when too many are in flight), at STARTED 1 once the
 * worker's script runs.
 */
export const CONSUMED = 0;
export const STARTED = 1;
export const SHARED_STATE_LENGTH = 2;
