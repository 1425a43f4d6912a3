/**
 * How a written part is deflated, in one place for every thread that does it: the page and the
 * CLI's main thread (zip.ts PartWriter) and the CLI's deflate worker (node-deflate-worker.ts).
 * libdeflate (WebAssembly, wasm-deflate.ts) where it runs, pako above WHOLE_DEFLATE_MAX_BYTES and
 * where WebAssembly cannot run; nothing of Node and nothing else of this project, so that the
 * worker's bundle stays small and every thread gives the same bytes (docs/xlsx-round-trip.md,
 * "Deflate", says why and what the level rule is).
 */
import pako, { type Deflate } from "pako";
import { prepareWasmDeflate, releaseWasmDeflate, wasmDeflater, type HeapPart } from "./wasm-deflate";

/**
 * Parts larger than this are compressed at level 1 instead of 6: at 100,000 rows the scored sheet
 * is ~70 MB of XML, where level 6 takes ~4× longer for a file ~30% smaller.
 */
export const FAST_DEFLATE_BYTES = 8 * 1024 * 1024;
/**
 * libdeflate deflates a whole part held in WebAssembly memory; a part larger than this is
 * deflated by pako as it streams (level 1), so that a sheet of several hundred megabytes is not
 * held whole a second time (500,000 rows: ~350 MB). A rule on the part's size only, so that the
 * page and the CLI agree.
 */
export const WHOLE_DEFLATE_MAX_BYTES = 128 * 1024 * 1024;
/** libdeflate's levels: SMALL_LEVEL up to FAST_DEFLATE_BYTES, FAST_LEVEL above. */
const SMALL_LEVEL = 6;
const FAST_LEVEL = 1;
const LEVELS = [FAST_LEVEL, SMALL_LEVEL];
/** A streamed part past this warms its level's code up (wasm-deflate.ts HeapPart.warmUp). */
const WARM_UP_AFTER_BYTES = 1024 * 1024;
/** A thread's instance is kept after a package is written while its memory is at most this. */
const KEEP_WASM_BYTES = 64 * 1024 * 1024;

/** The level a part of `size` bytes is deflated at (libdeflate's and pako's levels alike). */
function levelFor(size: number): number {
  return size > FAST_DEFLATE_BYTES ? FAST_LEVEL : SMALL_LEVEL;
}

/**
 * Make libdeflate ready in this thread before a package is written (asynchronous: a browser's
 * main thread compiles WebAssembly no other way). False where it cannot run: pako then deflates
 * every part, valid files but not the same bytes as the CLI's (docs/page.md).
 */
export function prepareDeflate(): Promise<boolean> {
  return prepareWasmDeflate(LEVELS);
}

/** A package is written: this thread's WebAssembly memory goes if a large part grew it. */
export function releaseDeflateMemory(): void {
  releaseWasmDeflate(KEEP_WASM_BYTES);
}

/** CRC-32 as zip stores it, continuing `previous`. */
export type Crc32 = (data: Uint8Array, previous: number) => number;

/** A part's deflated bytes with what its zip entry records about the content. */
export interface DeflatedPart {
  raw: Uint8Array;
  crc: number;
  size: number;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 in plain JavaScript (what a browser uses). */
export function tableCrc32(data: Uint8Array, previous: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A whole part's content deflated as its size says (`wholeMaxBytes`: tests lower it). */
export function deflateWhole(data: Uint8Array, wholeMaxBytes = WHOLE_DEFLATE_MAX_BYTES): Uint8Array {
  const wasm = data.length <= wholeMaxBytes ? wasmDeflater(LEVELS) : null;
  const level = levelFor(data.length);
  return wasm ? wasm.deflate(data, level) : pako.deflateRaw(data, { level });
}

/**
 * A part deflated as its bytes arrive, as deflateWhole deflates the joined content, wherever the
 * chunks' boundaries fall. With libdeflate the bytes are collected in its memory and deflated at
 * the end, unless the part grows past WHOLE_DEFLATE_MAX_BYTES: pako's level 1 then takes what was
 * collected and streams the rest. With pako only, the first FAST_DEFLATE_BYTES are held and
 * deflated at level 6 if the part ends there, else streamed at level 1. Deflate's output does not
 * depend on how its input is split.
 */
export class PartDeflate {
  /** libdeflate's memory collecting the part; null once pako streams it, or without WebAssembly. */
  private heap: HeapPart | null;
  /** pako only: the bytes held until the part is past FAST_DEFLATE_BYTES. */
  private held: Uint8Array[] = [];
  /** pako's level-1 stream, once the part is past its collector's limit. */
  private fast: Streaming | null = null;
  private crc = 0;
  private size = 0;

  /** `wholeMaxBytes`: tests lower it. */
  constructor(
    private readonly crc32: Crc32,
    private readonly wholeMaxBytes = WHOLE_DEFLATE_MAX_BYTES,
  ) {
    // What is streamed past it is streamed at level 1.
    if (wholeMaxBytes <= FAST_DEFLATE_BYTES) throw new RangeError("PartDeflate: wholeMaxBytes too small");
    this.heap = wasmDeflater(LEVELS)?.collect() ?? null;
  }

  /** Bytes pushed so far. */
  get bytes(): number {
    return this.size;
  }

  /**
   * The bytes collected so far, for another deflate to take the part over (zip.ts PartWriter hands
   * a large part to the CLI's worker); this one is not used again. Only while they are collected,
   * that is up to FAST_DEFLATE_BYTES.
   */
  takeHeld(): Uint8Array[] {
    if (this.fast) throw new Error("PartDeflate: the part is already being deflated");
    const held = this.heap ? [this.heap.view().slice()] : this.held;
    this.abort();
    return held;
  }

  /** The next bytes; `owned` says the caller will not change them (they may be held as they are). */
  push(data: Uint8Array, owned: boolean): void {
    this.crc = this.crc32(data, this.crc) >>> 0;
    this.size += data.length;
    // pako's push consumes all of its input before it returns: the caller may reuse it after.
    if (this.fast) this.fast.push(data);
    else if (this.heap) this.pushToHeap(this.heap, data);
    else {
      this.held.push(owned ? data : data.slice());
      if (this.size > FAST_DEFLATE_BYTES) this.stream(this.held);
    }
  }

  /** The deflated part; not used again after. */
  finish(): DeflatedPart {
    let raw: Uint8Array;
    if (this.fast) raw = this.fast.finish();
    else if (this.heap) raw = this.heap.deflate(levelFor(this.size));
    else raw = pako.deflateRaw(joinBytes(this.held), { level: SMALL_LEVEL });
    this.abort();
    return { raw, crc: this.crc, size: this.size };
  }

  /** The part will not be finished here: what was collected is let go. */
  abort(): void {
    this.heap?.end();
    this.heap = null;
    this.held = [];
  }

  private pushToHeap(heap: HeapPart, data: Uint8Array): void {
    if (this.size > this.wholeMaxBytes) {
      const collected = heap.view();
      const slices: Uint8Array[] = [];
      for (let at = 0; at < collected.length; at += 1 << 20)
        slices.push(collected.subarray(at, at + (1 << 20)));
      this.stream([...slices, data]);
      heap.end();
      this.heap = null;
      return;
    }
    heap.append(data);
    // A part this large is worth the level's code being optimised before it is deflated.
    if (this.size > WARM_UP_AFTER_BYTES) heap.warmUp(levelFor(this.size));
  }

  /** pako's level 1 from here on, given the part's bytes so far. */
  private stream(sofar: readonly Uint8Array[]): void {
    this.fast = new Streaming(FAST_LEVEL);
    for (const part of sofar) this.fast.push(part);
    this.held = [];
  }
}

/** pako's streaming raw deflate at `level`, collecting its output. */
class Streaming {
  private readonly deflate: Deflate;
  private readonly chunks: Uint8Array[] = [];

  constructor(level: number) {
    this.deflate = new pako.Deflate({ level, raw: true, chunkSize: 1 << 16 });
    this.deflate.onData = (chunk) => this.chunks.push(chunk);
  }

  push(data: Uint8Array): void {
    this.deflate.push(data, false);
  }

  finish(): Uint8Array {
    this.deflate.push(new Uint8Array(0), true);
    if (this.deflate.err) throw new Error(this.deflate.msg || `deflate error ${this.deflate.err}`);
    return joinBytes(this.chunks);
  }
}

/** The chunks as one array (the one chunk itself when there is one). */
export function joinBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
