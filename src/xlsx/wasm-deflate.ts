/**
 * libdeflate compiled to WebAssembly (the npm package libdeflate, MIT; its module is
 * src/xlsx/libdeflate-wasm.ts), instantiated here with its two imports instead of the package's
 * Emscripten glue, which looks for Node's fs, import.meta.url and XMLHttpRequest and does not bundle
 * cleanly. The same module runs in Node and in browsers, so a part deflated here gives the same
 * bytes in the CLI and in the page, ~3× faster than pako (docs/xlsx-round-trip.md, "Deflate").
 *
 * libdeflate deflates a whole buffer at once. A part's bytes are collected in the module's memory
 * as they arrive (HeapPart), so a streamed sheet is held once, not as chunks and then a copy.
 * Memory layout: the compressors are allocated (Emscripten's malloc) when the instance is made;
 * everything above the memory's size at that point is this file's, for one part at a time: its
 * bytes, then the deflated output. Nothing calls malloc after, so the two never meet. A
 * WebAssembly memory never shrinks: an instance is dropped (releaseWasmDeflate) when a package is
 * written, and the next write makes a new one from the compiled module.
 */

/** The module's exports, by Emscripten's minified names (the package's glue maps them so). */
interface LibdeflateExports {
  /** memory */
  c: WebAssembly.Memory;
  /** __wasm_call_ctors */
  d: () => void;
  /** libdeflate_alloc_compressor(level) */
  e: (level: number) => number;
  /** libdeflate_deflate_compress(compressor, in, in_nbytes, out, out_nbytes_avail): bytes written, 0 if out was too small */
  f: (compressor: number, input: number, inputBytes: number, output: number, outputBytes: number) => number;
  /** libdeflate_deflate_compress_bound(compressor, in_nbytes) */
  h: (compressor: number, inputBytes: number) => number;
}

const PAGE_BYTES = 65536;
/** Memory grows by at least this much at a time (pages not yet written cost no RAM). */
const GROWTH_BYTES = 16 * 1024 * 1024;
/** The output room tried first: deflated XML is well under a quarter of its size (level 1: ~15%). */
const firstOutputRoom = (inputBytes: number) => Math.floor(inputBytes / 4) + 1024 * 1024;
/** Bytes a warm-up deflates (below): enough for V8 to start optimising, measured. */
const WARM_UP_BYTES = 128 * 1024;

function isExports(value: WebAssembly.Exports): value is WebAssembly.Exports & LibdeflateExports {
  return (
    value.c instanceof WebAssembly.Memory &&
    ["d", "e", "f", "h"].every((name) => typeof value[name] === "function")
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
  /** Where this file's bytes start: above everything malloc gave. */
  private readonly base: number;
  /** The part being collected; starting another abandons it. */
  private part: HeapPart | null = null;

  private constructor(instance: WebAssembly.Instance, levels: readonly number[]) {
    if (!isExports(instance.exports)) throw new Error("libdeflate: the module's exports are not as expected");
    this.exports = instance.exports;
    this.memory = instance.exports.c;
    this.exports.d();
    for (const level of levels) {
      const compressor = this.exports.e(level);
      if (!compressor) throw new Error(`libdeflate: no compressor for level ${level}`);
      this.compressors.set(level, compressor);
    }
    this.base = this.memory.buffer.byteLength;
  }

  /**
   * The imports the module asks for: Emscripten's heap growth and large memcpy, on the memory the
   * instance exports (`instance.exports.c`, set once it exists).
   */
  private static imports(): { imports: WebAssembly.Imports; made: (instance: WebAssembly.Instance) => void } {
    const memory: { current?: WebAssembly.Memory } = {};
    const current = () => {
      if (!memory.current) throw new Error("libdeflate: memory used before the instance exists");
      return memory.current;
    };
    return {
      imports: {
        a: {
          a: (requested: number) => (growTo(current(), requested >>> 0) ? 1 : 0),
          b: (to: number, from: number, length: number) => {
            new Uint8Array(current().buffer).copyWithin(to, from, from + length);
          },
        },
      },
      made: (instance) => {
        const exported = instance.exports.c;
        if (exported instanceof WebAssembly.Memory) memory.current = exported;
      },
    };
  }

  /** Synchronously (Node, workers; a browser's main thread refuses modules over 4 KB so). */
  static create(module: WebAssembly.Module, levels: readonly number[]): WasmDeflater {
    const { imports, made } = WasmDeflater.imports();
    const instance = new WebAssembly.Instance(module, imports);
    made(instance);
    return new WasmDeflater(instance, levels);
  }

  static async createAsync(module: WebAssembly.Module, levels: readonly number[]): Promise<WasmDeflater> {
    const { imports, made } = WasmDeflater.imports();
    const instance = await WebAssembly.instantiate(module, imports);
    made(instance);
    return new WasmDeflater(instance, levels);
  }

  /** The instance's memory, in bytes. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** `data` deflated at `level` (one of those the instance was made with). */
  deflate(data: Uint8Array, level: number): Uint8Array {
    const part = this.collect();
    part.append(data);
    return part.deflate(level);
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
   * `kept` bytes (the part's, which must stay); the output is a copy.
   */
  compress(part: HeapPart, size: number, kept: number, level: number): Uint8Array {
    const compressor = this.compressors.get(level);
    if (compressor === undefined) throw new Error(`libdeflate: no compressor for level ${level}`);
    const bound = this.exports.h(compressor, size);
    // The bytes do not depend on the room given; only whether they fit does.
    for (const room of [Math.min(bound, firstOutputRoom(size)), bound]) {
      this.region(part, kept + room);
      const output = this.base + kept;
      const written = this.exports.f(compressor, this.base, size, output, room);
      if (written > 0) return new Uint8Array(this.memory.buffer, output, written).slice();
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

/** A part's bytes in an instance's memory, deflated at once at the end. */
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

  /** The part deflated; the part is done with. */
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
