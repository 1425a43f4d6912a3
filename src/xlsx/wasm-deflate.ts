/**
 * libdeflate's compressor compiled to WebAssembly (src/xlsx/libdeflate-wasm.ts, built by
 * scripts/libdeflate/build.mjs from libdeflate 1.25, MIT). The same module runs in Node and in
 * browsers, so a part deflated here gives the same bytes in the CLI and in the page, ~3× faster
 * than pako (docs/xlsx-round-trip.md, "Deflate"). The build adds one function to libdeflate:
 * compress_chunk, which deflates a chunk of a longer stream that is not its last (no block marked
 * final, the output byte-aligned), so that a large part is deflated a chunk at a time as it is
 * written (part-deflate.ts says where the chunks fall).
 *
 * A part's bytes are collected in the module's memory as they arrive (HeapPart), so they are
 * copied once. Memory layout: the compressors are allocated (the build's bump allocator) when the
 * instance is made; everything above the memory's size at that point is this file's, for one part
 * at a time: its bytes, then the deflated output. Nothing allocates after, so the two never meet.
 * A WebAssembly memory never shrinks: an instance is dropped (releaseWasmDeflate) when a package
 * is written, and the next write makes a new one from the compiled module.
 */

/** The module's exports (scripts/libdeflate/shim.c). */
interface LibdeflateExports {
  memory: WebAssembly.Memory;
  /** libdeflate_alloc_compressor(level); 0 if it failed */
  alloc_compressor: (level: number) => number;
  /** libdeflate_deflate_compress(compressor, in, in_nbytes, out, out_nbytes_avail): bytes written, 0 if out was too small */
  compress: Compress;
  /** The same for a chunk that is not the stream's last (scripts/libdeflate/chunk.patch). */
  compress_chunk: Compress;
  /** The most either of them writes for in_nbytes: compress_bound(compressor, in_nbytes) */
  compress_bound: (compressor: number, inputBytes: number) => number;
}

type Compress = (
  compressor: number,
  input: number,
  inputBytes: number,
  output: number,
  outputBytes: number,
) => number;

const PAGE_BYTES = 65536;
/** Memory grows by at least this much at a time (pages not yet written cost no RAM). */
const GROWTH_BYTES = 16 * 1024 * 1024;
/** The output room tried first: deflated XML is well under a quarter of its size (level 1: ~15%). */
const firstOutputRoom = (inputBytes: number) => Math.floor(inputBytes / 4) + 1024 * 1024;
/** Bytes a warm-up deflates (below): enough for V8 to start optimising, measured. */
const WARM_UP_BYTES = 128 * 1024;

function isExports(value: WebAssembly.Exports): value is WebAssembly.Exports & LibdeflateExports {
  return (
    value.memory instanceof WebAssembly.Memory &&
    ["alloc_compressor", "compress", "compress_chunk", "compress_bound"].every(
      (name) => typeof value[name] === "function",
    )
  );
}

/** The bytes of libdeflate's module, loaded with the first package written (not with the page). */
async function moduleBytes(): Promise<Uint8Array<ArrayBuffer>> {
  const { LIBDEFLATE_WASM_BASE64 } = await import("./libdeflate-wasm");
  const text = atob(LIBDEFLATE_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** One instance of the module with a compressor per level, and its memory above them. */
export class WasmDeflater {
  private readonly exports: LibdeflateExports;
  private readonly memory: WebAssembly.Memory;
  private readonly compressors = new Map<number, number>();
  /** Where this file's bytes start: above everything the compressors were given. */
  private readonly base: number;
  /** The part being collected; starting another abandons it. */
  private part: HeapPart | null = null;

  private constructor(instance: WebAssembly.Instance, levels: readonly number[]) {
    if (!isExports(instance.exports)) throw new Error("libdeflate: the module's exports are not as expected");
    this.exports = instance.exports;
    this.memory = instance.exports.memory;
    for (const level of levels) {
      const compressor = this.exports.alloc_compressor(level);
      if (!compressor) throw new Error(`libdeflate: no compressor for level ${level}`);
      this.compressors.set(level, compressor);
    }
    this.base = this.memory.buffer.byteLength;
  }

  /** Synchronously (Node, workers; a browser's main thread refuses modules over 4 KB so). */
  static create(module: WebAssembly.Module, levels: readonly number[]): WasmDeflater {
    return new WasmDeflater(new WebAssembly.Instance(module, {}), levels);
  }

  static async createAsync(module: WebAssembly.Module, levels: readonly number[]): Promise<WasmDeflater> {
    return new WasmDeflater(await WebAssembly.instantiate(module, {}), levels);
  }

  /** The instance's memory, in bytes. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** A part to collect in the memory and deflate at once; a part collected before is abandoned. */
  collect(): HeapPart {
    this.part = new HeapPart(this);
    return this.part;
  }

  /** @internal HeapPart's access: throws for a part abandoned since. */
  region(part: HeapPart, bytes: number): Uint8Array {
    if (this.part !== part) throw new Error("libdeflate: a part was abandoned for another one");
    const end = this.base + bytes;
    if (end > this.memory.buffer.byteLength && !growTo(this.memory, end))
      throw new RangeError(`libdeflate: no memory for ${bytes} bytes`);
    return new Uint8Array(this.memory.buffer, this.base, bytes);
  }

  /**
   * @internal The first `size` bytes of the region deflated into the memory after its first
   * `kept` bytes (the part's, which must stay); the output is a view of the memory, valid until it
   * is used again. `last`: the end of the stream (else a chunk that more chunks follow).
   */
  compress(part: HeapPart, size: number, kept: number, level: number, last = true): Uint8Array {
    const compressor = this.compressors.get(level);
    if (compressor === undefined) throw new Error(`libdeflate: no compressor for level ${level}`);
    const compress = last ? this.exports.compress : this.exports.compress_chunk;
    const bound = this.exports.compress_bound(compressor, size);
    // The bytes do not depend on the room given; only whether they fit does.
    for (const room of [Math.min(bound, firstOutputRoom(size)), bound]) {
      this.region(part, kept + room);
      const output = this.base + kept;
      const written = compress(compressor, this.base, size, output, room);
      if (written > 0) return new Uint8Array(this.memory.buffer, output, written);
    }
    throw new Error(`libdeflate: ${size} bytes did not deflate`);
  }

  /** @internal */
  end(part: HeapPart): void {
    if (this.part === part) this.part = null;
  }
}

function growTo(memory: WebAssembly.Memory, bytes: number): boolean {
  const size = memory.buffer.byteLength;
  if (bytes <= size) return true;
  const pages = Math.ceil(Math.max(bytes - size, GROWTH_BYTES) / PAGE_BYTES);
  const exact = Math.ceil((bytes - size) / PAGE_BYTES);
  for (const grow of [pages, exact]) {
    try {
      memory.grow(grow);
      return true;
    } catch {
      // At the module's maximum (2 GB): try the exact size before giving up.
    }
  }
  return false;
}

/**
 * A part's bytes in an instance's memory, deflated at once at the end, or a chunk at a time from
 * their start (deflateChunk) with the rest at the end.
 */
export class HeapPart {
  private size = 0;

  constructor(private readonly owner: WasmDeflater) {}

  get bytes(): number {
    return this.size;
  }

  append(data: Uint8Array): void {
    this.owner.region(this, this.size + data.length).set(data, this.size);
    this.size += data.length;
  }

  /** The bytes so far, as a view that is valid until the next append or deflate. */
  view(): Uint8Array {
    return this.owner.region(this, this.size);
  }

  /**
   * V8 runs a WebAssembly function first as baseline code and swaps in optimised code only for
   * later calls: one call deflating a 70 MB sheet ran ~2× slower start to end (785 ms against 391).
   * Deflating the first WARM_UP_BYTES here, once per module and level, while the rest of the part
   * is still being written, makes the final call run optimised code. The output is thrown away.
   */
  warmUp(level: number): void {
    if (warmed.has(level) || this.size === 0) return;
    warmed.add(level);
    this.owner.compress(this, Math.min(this.size, WARM_UP_BYTES), this.size, level);
  }

  /**
   * The first `bytes` of those collected deflated as a chunk that more follow (not the stream's
   * last); the rest move down to take their place. The output is a view of the memory, valid
   * until the part's next use.
   */
  deflateChunk(bytes: number, level: number): Uint8Array {
    const raw = this.owner.compress(this, bytes, this.size, level, false);
    // Within the memory compress made room in (no growth, so `raw` stays a view), below its output.
    this.owner.region(this, this.size).copyWithin(0, bytes, this.size);
    this.size -= bytes;
    return raw;
  }

  /**
   * The part (what is left of it after its chunks) deflated as the stream's end, as a view of the
   * memory valid until it is used again; the part is done with.
   */
  deflate(level: number): Uint8Array {
    try {
      return this.owner.compress(this, this.size, this.size, level);
    } finally {
      this.end();
    }
  }

  /** The part will not be deflated here. */
  end(): void {
    this.owner.end(this);
  }
}

/** The levels warmed up (the compiled code is the module's, shared by its instances). */
const warmed = new Set<number>();

let compiled: WebAssembly.Module | null = null;
/** Compiling was tried and failed (no WebAssembly, or a policy refusing it): pako deflates. */
let unavailable = false;
let current: WasmDeflater | null = null;

/**
 * Compile the module and make an instance, asynchronously (what a browser's main thread allows):
 * called before a package is written. False where WebAssembly cannot run (the caller deflates with
 * pako; a Content-Security-Policy without 'wasm-unsafe-eval' refuses it, for one).
 */
export async function prepareWasmDeflate(levels: readonly number[]): Promise<boolean> {
  if (unavailable) return false;
  try {
    compiled ??= await WebAssembly.compile(await moduleBytes());
    current ??= await WasmDeflater.createAsync(compiled, levels);
    return true;
  } catch {
    unavailable = true;
    return false;
  }
}

/**
 * The instance to deflate with, or null when prepareWasmDeflate has not succeeded: one is made
 * again synchronously after releaseWasmDeflate where that is allowed (Node, workers).
 */
export function wasmDeflater(levels: readonly number[]): WasmDeflater | null {
  if (current || !compiled) return current;
  try {
    current = WasmDeflater.create(compiled, levels);
  } catch {
    return null;
  }
  return current;
}

/** Drop the instance if its memory grew past `keepBytes` (its memory goes with it). */
export function releaseWasmDeflate(keepBytes = 0): void {
  if (current && current.memoryBytes > keepBytes) current = null;
}
