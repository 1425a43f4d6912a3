/** What the CLI's main thread (node-deflate.ts) and its deflate worker (node-deflate-worker.ts) say. */
import type { MessagePort } from "node:worker_threads";
import type { DeflatedPart } from "./part-deflate";
import type { PatchNotes } from "./patch-rows";
import type { SplitJob } from "./split-rows";

/**
 * To the worker: a part opened, the rows it patches itself and appends to the part (split-rows.ts),
 * the part's next bytes (moved there), its own half no longer wanted, its end, or its abandonment.
 */
export type ToDeflateWorker =
  | { kind: "open"; id: number }
  /** `windows`: the port the source's windows (split-rows.ts SourceWindow) wait in, taken one at a time. */
  | { kind: "split"; id: number; job: SplitJob; windows: MessagePort }
  | { kind: "data"; id: number; bytes: Uint8Array }
  | { kind: "dropHalf"; id: number }
  | { kind: "end"; id: number }
  | { kind: "abort"; id: number };

/**
 * From the worker: a part deflated, or why it could not be; its half of a split part patched (what
 * it noted), or the error the half threw (the part is then dropped).
 */
export type FromDeflateWorker =
  | { id: number; part: DeflatedPart }
  | { id: number; error: string }
  | { id: number; half: PatchNotes }
  | { id: number; halfError: string };

/**
 * Indexes in the Int32Array both threads share: at CONSUMED the number of messages the worker has
 * handled (the main thread waits on it when too many are in flight), at STARTED 1 once the
 * worker's script runs.
 */
export const CONSUMED = 0;
export const STARTED = 1;
export const SHARED_STATE_LENGTH = 2;
