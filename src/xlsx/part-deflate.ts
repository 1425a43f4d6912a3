/**
 * How a written part is deflated, in one place for every thread that does it: the page and the
 * CLI's main thread (zip.ts PartWriter) and the CLI's deflate worker (node-deflate-worker.ts).
 * libdeflate (WebAssembly, wasm-deflate.ts) where it runs, pako where WebAssembly cannot run;
 * nothing of Node and nothing else of this project, so that the worker's bundle stays small and
 * every thread gives the same bytes (docs/xlsx-round-trip.md, "Deflate", says why and what the
 * level and chunk rules are).
 */
import pako, { type Deflate } from "pako";
import { prepareWasmDeflate, releaseWasmDeflate, wasmDeflater, type HeapPart } from "./wasm-deflate";

/**
 * Parts larger than this are compressed at level 1 instead of 6: at 100,000 rows the scored sheet
 * is ~70 MB of XML, where level 6 takes ~4× longer for a file ~30% smaller.
 */
export const FAST_DEFLATE_BYTES = 8 * 1024 * 1024;
/**
 * A part larger than FAST_DEFLATE_BYTES is deflated by libdeflate in chunks of this many bytes of
 * its content, each on its own (no reference into the chunk before), all but the last ending
 * byte-aligned and not final: the chunks are deflated as the part is written (the CLI's worker
 * deflates the scored sheet while it is patched) and the memory is a chunk's, whatever the part's
 * size. A rule on the content only, so that the page and the CLI agree; ~0.1% larger than one
 * stream at 4 MiB.
 */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** libdeflate's levels: SMALL_LEVEL up to FAST_DEFLATE_BYTES, FAST_LEVEL above. */
const SMALL_LEVEL = 6;
const FAST_LEVEL = 1;
const LEVELS = [FAST_LEVEL, SMALL_LEVEL];
/** A streamed part past this warms its level's code up (wasm-deflate.ts HeapPart.warmUp). */
const WARM_UP_AFTER_BYTES = 1024 * 1024;
/** Bytes appended to libdeflate's memory at a time, so that a large push holds no more than a chunk more. */
const APPEND_BYTES = CHUNK_BYTES;
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

/** A whole part's content deflated as its size says: the same bytes as PartDeflate streaming it. */
export function deflateWhole(data: Uint8Array): Uint8Array {
  const part = new PartDeflate(() => 0);
  part.push(data, true);
  return part.finish().raw;
}

/**
 * A part deflated as its bytes arrive, the same bytes wherever the pushes' boundaries fall. With
 * libdeflate the bytes are collected in its memory: up to FAST_DEFLATE_BYTES they are deflated at
 * the end at level 6; past it at level 1, a CHUNK_BYTES chunk from the part's start whenever more
 * than a chunk is collected (more bytes follow it, so it is not the last), the rest at the end.
 * With pako only, the first FAST_DEFLATE_BYTES are held and deflated at level 6 if the part ends
 * there, else streamed at level 1 (pako's output does not depend on how its input is split).
 */
export class PartDeflate {
  /** libdeflate's memory collecting the part; null without WebAssembly. */
  private heap: HeapPart | null;
  /** The chunks deflated so far (libdeflate, past FAST_DEFLATE_BYTES): `deflated` bytes of `output`. */
  private output = new Uint8Array(0);
  private deflated = 0;
  /** pako only: the bytes held until the part is past FAST_DEFLATE_BYTES. */
  private held: Uint8Array[] = [];
  /** pako's level-1 stream, once the part is past FAST_DEFLATE_BYTES. */
  private fast: Streaming | null = null;
  private crc = 0;
  private size = 0;

  constructor(private readonly crc32: Crc32) {
    this.heap = wasmDeflater(LEVELS)?.collect() ?? null;
  }

  /** Bytes pushed so far. */
  get bytes(): number {
    return this.size;
  }

  /**
   * The bytes collected so far, for another deflate to take the part over (zip.ts PartWriter hands
   * a large part to the CLI's worker); this one is not used again. Only while they are all
   * collected, that is up to FAST_DEFLATE_BYTES.
   */
  takeHeld(): Uint8Array[] {
    if (this.fast || this.deflated > 0) throw new Error("PartDeflate: the part is already being deflated");
    const held = this.heap ? [this.heap.view().slice()] : this.held;
    this.abort();
    return held;
  }

  /** The next bytes; `owned` says the caller will not change them (they may be held as they are). */
  push(data: Uint8Array, owned: boolean): void {
    this.crc = this.crc32(data, this.crc) >>> 0;
    // pako's push consumes all of its input before it returns: the caller may reuse it after.
    if (this.fast) {
      this.size += data.length;
      this.fast.push(data);
    } else if (this.heap) this.pushToHeap(this.heap, data);
    else {
      this.size += data.length;
      this.held.push(owned ? data : data.slice());
      if (this.size > FAST_DEFLATE_BYTES) this.stream(this.held);
    }
  }

  /** The deflated part; not used again after. */
  finish(): DeflatedPart {
    let raw: Uint8Array;
    if (this.fast) raw = this.fast.finish();
    else if (this.heap) {
      const last = this.heap.deflate(levelFor(this.size));
      if (this.deflated === 0) raw = last.slice();
      else {
        this.keep(last);
        raw = this.output.subarray(0, this.deflated);
      }
    } else raw = pako.deflateRaw(joinBytes(this.held), { level: SMALL_LEVEL });
    this.abort();
    return { raw, crc: this.crc, size: this.size };
  }

  /** The part will not be finished here: what was collected is let go. */
  abort(): void {
    this.heap?.end();
    this.heap = null;
    this.held = [];
    this.output = new Uint8Array(0);
    this.deflated = 0;
  }

  /** `data` into libdeflate's memory a slice at a time, each followed by the chunks it completes. */
  private pushToHeap(heap: HeapPart, data: Uint8Array): void {
    for (let at = 0; at < data.length; at += APPEND_BYTES) {
      const slice = data.subarray(at, at + APPEND_BYTES);
      heap.append(slice);
      this.size += slice.length;
      // A part this large is worth the code of either level being optimised before it is deflated.
      if (this.size > WARM_UP_AFTER_BYTES) for (const level of LEVELS) heap.warmUp(level);
      if (this.size <= FAST_DEFLATE_BYTES) continue;
      while (heap.bytes > CHUNK_BYTES) this.keep(heap.deflateChunk(CHUNK_BYTES, FAST_LEVEL));
    }
  }

  /**
   * A chunk's output after those before it, in one buffer that grows when full: nothing is joined
   * at the end (joining 10 MB took ~50 ms of the worker's time at the end of a 100,000-row score,
   * while the main thread waited for it).
   */
  private keep(chunk: Uint8Array): void {
    if (this.deflated + chunk.length > this.output.length)
      this.output = grownOutput(this.output, this.deflated, this.deflated + chunk.length);
    this.output.set(chunk, this.deflated);
    this.deflated += chunk.length;
  }

  /** pako's level 1 from here on, given the part's bytes so far. */
  private stream(sofar: readonly Uint8Array[]): void {
    this.fast = new Streaming(FAST_LEVEL);
    for (const part of sofar) this.fast.push(part);
    this.held = [];
  }
}

/** ES2024's resizable ArrayBuffer, which the ES2022 library this project compiles against lacks. */
interface ResizableBuffer extends ArrayBuffer {
  readonly resizable: boolean;
  readonly maxByteLength: number;
  resize(size: number): void;
}
type ResizableBufferConstructor = new (size: number, options: { maxByteLength: number }) => ResizableBuffer;

/** How far a part's output may grow in place: address space reserved, memory used only as it is written. */
const MAX_OUTPUT_BYTES = 2 ** 32;
const resizable = "resize" in ArrayBuffer.prototype;

function isResizable(buffer: ArrayBufferLike): buffer is ResizableBuffer {
  return resizable && (buffer as Partial<ResizableBuffer>).resizable === true;
}

/**
 * `output` (`used` bytes of it kept) with room for `need`: grown in place where ArrayBuffers can
 * be resized (Node, current browsers), else copied into one twice as large. In place, only the
 * bytes written are ever touched: doubling a fresh buffer touched ~2.5 times as many, and the
 * worker spent ~60 ms of a 100,000-row score in the page faults (~25 ms in place).
 */
function grownOutput(output: Uint8Array<ArrayBuffer>, used: number, need: number): Uint8Array<ArrayBuffer> {
  const size = Math.max(2 * output.length, need, 1 << 20);
  const buffer = output.buffer;
  if (isResizable(buffer) && size <= buffer.maxByteLength) {
    buffer.resize(size);
    return new Uint8Array(buffer, 0, size);
  }
  const grown = new Uint8Array(freshBuffer(size), 0, size);
  grown.set(output.subarray(0, used));
  return grown;
}

/** A buffer of `size` bytes, resizable up to MAX_OUTPUT_BYTES where that can be had. */
function freshBuffer(size: number): ArrayBuffer {
  if (resizable && size < MAX_OUTPUT_BYTES) {
    try {
      return new (ArrayBuffer as unknown as ResizableBufferConstructor)(size, {
        maxByteLength: MAX_OUTPUT_BYTES,
      });
    } catch {
      // No address space to reserve (a 32-bit browser): a plain buffer, copied when it grows.
    }
  }
  return new ArrayBuffer(size);
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
