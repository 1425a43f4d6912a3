/**
 * How a written part is deflated, in one place for every thread that does it: the page and the
 * CLI's main thread (zip.ts PartWriter) and the CLI's deflate worker (node-deflate-worker.ts).
 * pako only, no Node API and nothing else of this project, so that the worker's bundle stays small
 * and every thread gives the same bytes (zip.ts says why deflate is pako's everywhere).
 */
import pako, { type Deflate } from "pako";

/**
 * Parts larger than this are compressed at level 1 instead of the default 6: at 100,000 rows the
 * scored sheet is ~70 MB of XML, where level 6 takes ~3× longer for a file ~25% smaller.
 */
export const FAST_DEFLATE_BYTES = 8 * 1024 * 1024;

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

/** A whole part's content deflated at the level its size gives. */
export function deflateWhole(data: Uint8Array): Uint8Array {
  return pako.deflateRaw(data, { level: data.length > FAST_DEFLATE_BYTES ? 1 : 6 });
}

/**
 * A part deflated as its bytes arrive, at the level a whole part of its size gets: the first
 * FAST_DEFLATE_BYTES are held, and deflated at level 6 if the part ends there, else at level 1.
 * Deflate's output does not depend on how its input is split, so the bytes are the same as
 * deflateWhole's on the joined content, wherever the chunks' boundaries fall.
 */
export class PartDeflate {
  private held: Uint8Array[] = [];
  /** The level-1 deflate, once the part is past FAST_DEFLATE_BYTES. */
  private fast: Streaming | null = null;
  private crc = 0;
  private size = 0;

  constructor(private readonly crc32: Crc32) {}

  /** Bytes pushed so far. */
  get bytes(): number {
    return this.size;
  }

  /**
   * The bytes held so far, each in a buffer of its own, for another deflate to take the part over
   * (zip.ts PartWriter hands a large part to the CLI's worker); this one is not used again.
   * Only while they are held, that is up to FAST_DEFLATE_BYTES.
   */
  takeHeld(): Uint8Array[] {
    if (this.fast) throw new Error("PartDeflate: the part is already being deflated");
    const held = this.held;
    this.held = [];
    return held;
  }

  /** The next bytes; `owned` says the caller will not change them (they may be held as they are). */
  push(data: Uint8Array, owned: boolean): void {
    this.crc = this.crc32(data, this.crc) >>> 0;
    this.size += data.length;
    // pako's push consumes all of its input before it returns: the caller may reuse it after.
    if (this.fast) {
      this.fast.push(data);
      return;
    }
    this.held.push(owned ? data : data.slice());
    if (this.size > FAST_DEFLATE_BYTES) {
      this.fast = new Streaming(1);
      for (const part of this.held) this.fast.push(part);
      this.held = [];
    }
  }

  /** The deflated part; not used again after. */
  finish(): DeflatedPart {
    const raw = this.fast ? this.fast.finish() : pako.deflateRaw(joinBytes(this.held), { level: 6 });
    this.held = [];
    return { raw, crc: this.crc, size: this.size };
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
