/**
 * Just enough of the zip format to rewrite an .xlsx package in place: read the central directory,
 * hand out each entry's compressed bytes untouched, and write a package where only changed parts
 * are compressed again. Everything else is copied byte for byte, which is both what makes a score
 * fast and what guarantees the parts we do not touch survive.
 *
 * Plain Uint8Array, DataView and TextEncoder/TextDecoder, no Node API: the same code runs in the
 * CLI and in the page that scores files in a browser (docs/page.md), and both must write the same
 * bytes. So deflate is the same code everywhere (part-deflate.ts: libdeflate compiled to
 * WebAssembly, pako for the largest parts): Node's zlib (Chromium's fork) and a browser's
 * CompressionStream each pick matches their own way and give other, equally valid, bytes.
 * Inflating has one right answer whoever does it, so Node plugs in its native zlib there
 * (node-codec.ts, faster); CRC-32 likewise.
 *
 * Deliberately unsupported (readZip returns null and the caller takes the ExcelJS path): zip64,
 * encrypted entries, split archives and compression methods other than stored and deflate.
 */
import pako from "pako";
import { AppError, msg, type Message, type PartDamage } from "../messages";
import { CENTRAL_HEADER, END_OF_CENTRAL_DIRECTORY, LOCAL_HEADER, type ZipEntry } from "./zip-directory";
import { FAST_DEFLATE_BYTES, PartDeflate, deflateWhole, tableCrc32, type DeflatedPart } from "./part-deflate";

export { readZip, zipEndFound, type ZipEntry } from "./zip-directory";
export {
  FAST_DEFLATE_BYTES,
  CHUNK_BYTES,
  prepareDeflate,
  releaseDeflateMemory,
  type DeflatedPart,
} from "./part-deflate";

/** What a platform may do faster than pako; both give the same results by definition. */
export interface ZipCodec {
  /** Raw inflate; throws past `maxOutputLength` bytes. */
  inflateRaw(data: Uint8Array, maxOutputLength: number): Uint8Array;
  /** CRC-32 of `data`, continuing `previous` (absent: zip.ts's table). */
  crc32?(data: Uint8Array, previous: number): number;
}

// ignoreBOM keeps a leading byte-order mark in the text, as Buffer.toString did: a part is rewritten as it was.
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8Encoder = new TextEncoder();

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function pakoInflateRaw(data: Uint8Array, maxOutputLength: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflate = new pako.Inflate({ raw: true, chunkSize: 1 << 16 });
  inflate.onData = (chunk) => {
    size += chunk.length;
    if (size > maxOutputLength) throw new RangeError("Cannot create a Buffer larger than the declared size");
    chunks.push(chunk);
  };
  // Not as the last push: pako 1 then finishes whatever it holds, and a stream cut short comes back
  // as the data so far, without an error. Pushed so, it ends only at the stream's true end.
  inflate.push(data, false);
  if (inflate.err) throw new Error(inflate.msg || `inflate error ${inflate.err}`);
  if (!inflate.ended) throw new Error("unexpected end of file");
  return concatBytes(chunks, size);
}

/** Pure JavaScript, what a browser uses: pako's inflate and a table CRC-32. */
export const PURE_ZIP_CODEC: Required<ZipCodec> = { inflateRaw: pakoInflateRaw, crc32: tableCrc32 };

let codec: Required<ZipCodec> = PURE_ZIP_CODEC;

/** Plug in a platform's native inflate and CRC-32 (Node: node-codec.ts). Deflate is not pluggable. */
export function useZipCodec(native: ZipCodec): void {
  codec = { inflateRaw: native.inflateRaw, crc32: native.crc32 ?? tableCrc32 };
}

/**
 * A part that does not come out of the zip as the zip recorded it: the package is damaged. The
 * reader that knows the file's name says it in DAMAGED (XlsxFile, loadWithExcelJs); said alone,
 * the part stands for the file.
 */
export class DamagedPart extends AppError {
  constructor(readonly damage: Message<"PART_DAMAGED">) {
    super(msg("DAMAGED", { file: damage.params.part, detail: damage }));
  }
}

/**
 * An error's name and message, read as properties: Node's zlib makes its errors in its own realm
 * (not this one under Jest's vm), where instanceof does not recognise them.
 */
function errorWords(error: unknown): { name: string; message: string } {
  if (typeof error !== "object" || error === null) return { name: "", message: String(error) };
  const { name, message } = error as { name?: unknown; message?: unknown };
  return { name: String(name ?? ""), message: typeof message === "string" ? message : String(error) };
}

/**
 * An entry's content, as the zip recorded it: its CRC-32 is checked, so a part altered after it was
 * written (a bit flipped on a disk, a tool that edited the bytes) is refused, never read as other
 * data (a score of 20 read as 10). Checking the 29 MB sheet of 100,000 rows takes ~7 ms.
 */
export function entryData(entry: ZipEntry): Uint8Array {
  const damaged = (why: PartDamage, detail?: string) =>
    new DamagedPart(msg("PART_DAMAGED", { part: entry.name, why, ...(detail ? { detail } : {}) }));
  let data = entry.raw;
  // Never more than the size the central directory declares (and src/xlsx/limits.ts checked):
  // an entry that inflates beyond it throws instead of filling memory.
  if (entry.method !== 0)
    try {
      data = codec.inflateRaw(entry.raw, Math.max(1, entry.size));
    } catch (error) {
      const { name, message } = errorWords(error);
      throw name === "RangeError" ? damaged("size") : damaged("inflate", message);
    }
  if (crc32(data) !== entry.crc >>> 0) throw damaged("checksum");
  return data;
}

export function entryText(entry: ZipEntry): string {
  return utf8Decoder.decode(entryData(entry));
}

/** CRC-32 as zip stores it. `previous` continues the CRC of the data before this chunk. */
export function crc32(data: Uint8Array, previous = 0): number {
  return codec.crc32(data, previous) >>> 0;
}

/** Where `needle` first occurs in `haystack`, or -1 (Buffer.indexOf for plain bytes). */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  if (needle.length === 0) return 0;
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

export function concatBytes(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  const out = new Uint8Array(total ?? chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Bytes of a streamed part gathered before they are handed to deflate. */
export const BATCH_BYTES = 1 << 20;

/**
 * A part deflated somewhere else (the CLI's worker thread, node-deflate.ts): its bytes in order,
 * each chunk handed over for good (its buffer may be moved to another thread), the result at the end.
 */
export interface PartStream {
  write(chunk: Uint8Array): void;
  /** The deflated part, the same bytes PartDeflate gives; rejects with OffloadFailed. */
  end(): Promise<DeflatedPart>;
  /** The part will not be finished (the write failed): what was sent is dropped. */
  abort(): void;
  /**
   * A buffer of BATCH_BYTES written before and given back, for the writer's next batch, if one is
   * ready: fresh memory costs a page fault a page (~10 µs each where this was measured).
   */
  spare?(): Uint8Array<ArrayBuffer> | null;
}

/** A stream for a part that outgrew FAST_DEFLATE_BYTES, or null to deflate it in this thread. */
export type PartOffload = (name: string) => PartStream | null;

/** Deflating elsewhere failed (the worker stopped): the same part can be written again in this thread. */
export class OffloadFailed extends Error {
  override name = "OffloadFailed";
}

let partOffload: PartOffload | null = null;
let prepareOffload: (() => void) | null = null;

/**
 * Deflate large written parts elsewhere: the CLI's entry point plugs in its worker thread
 * (node-deflate.ts), and what gets it ready; the default, and the page's, is this thread. Same
 * bytes either way.
 */
export function usePartOffload(offload: PartOffload | null, prepare: (() => void) | null = null): void {
  partOffload = offload;
  prepareOffload = prepare;
}

/**
 * A part past FAST_DEFLATE_BYTES will be written (a sheet that large was read): the offload gets
 * ready now, on the other core while the rows are rated, rather than when the part's first bytes
 * come (the CLI's worker took ~75 ms to start, while the patcher waited for it).
 */
export function prepareLargePartOffload(): void {
  prepareOffload?.();
}

/** What PartWriters deflate with unless told otherwise. */
export function currentPartOffload(): PartOffload | null {
  return partOffload;
}

/**
 * A part written as a stream of text (a patched sheet's rows, a generated sheet's): each piece is
 * encoded into a buffer, handed to deflate whenever it fills, so the whole text never exists as
 * one string or one buffer — at 100,000 rows those were a 70M-character string and its UTF-8
 * copy, and past ~512M characters more than a JavaScript string can hold. The level is chosen as
 * for a whole part (part-deflate.ts PartDeflate), so the bytes are the same as compressing the
 * whole text at once. A part that grows past FAST_DEFLATE_BYTES goes, with what was held of it, to
 * the offload when there is one (the CLI's worker deflates while this thread writes on). Smaller
 * parts stay here: at 10,000 rows a worker for every part cost more than it saved, since V8's
 * garbage collector uses the second core too (docs/xlsx-round-trip.md, "Scale").
 */
export class PartWriter {
  private buffer = new Uint8Array(BATCH_BYTES);
  private used = 0;
  /** Where the bytes go: this thread, until the part is large enough for the offload. */
  private sink: PartDeflate | PartStream = new PartDeflate(crc32);
  private offloadTried = false;

  /**
   * `atLeastBytes`: what the part is expected to reach (a patched sheet: its source's length), so
   * that a part expected past FAST_DEFLATE_BYTES goes to the offload from its first bytes instead of
   * being collected here and copied over (100,000 rows: ~50 ms of the main thread). The bytes are
   * the same either way: the offload deflates by the same rules.
   */
  constructor(
    readonly name: string,
    private readonly offload: PartOffload | null = partOffload,
    private readonly atLeastBytes = 0,
  ) {}

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flushBuffer(true);
      if (text.length * 3 > this.buffer.length) {
        this.push(utf8Encoder.encode(text));
        return;
      }
    }
    this.used += utf8Encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
  }

  /** Bytes as they are (a patched sheet's untouched rows, copied from its source). */
  writeBytes(data: Uint8Array): void {
    for (let at = 0; at < data.length;) {
      if (this.used === this.buffer.length) this.flushBuffer(true);
      const n = Math.min(data.length - at, this.buffer.length - this.used);
      this.buffer.set(data.subarray(at, at + n), this.used);
      this.used += n;
      at += n;
    }
  }

  /** The finished entry (a promise when deflated elsewhere); the writer is not used again. */
  finish(): ZipEntry | Promise<ZipEntry> {
    this.flushBuffer(false);
    const sink = this.sink;
    if (sink instanceof PartDeflate) return this.entry(sink.finish());
    const entry = sink.end().then((part) => this.entry(part));
    // Awaited when the zip is assembled; a write that fails before then never awaits it.
    entry.catch(() => undefined);
    return entry;
  }

  /** The part will not be finished (the write failed). */
  abort(): void {
    this.sink.abort();
  }

  private entry(part: DeflatedPart): ZipEntry {
    const { raw, crc, size } = part;
    return { name: this.name, method: 8, crc, compressedSize: raw.length, size, raw };
  }

  /**
   * The sink for `incoming` more bytes: once the part would pass FAST_DEFLATE_BYTES (level 1) and
   * goes on, the offload takes it over with the bytes held so far, if it will.
   */
  private sinkFor(incoming: number, more: boolean): PartDeflate | PartStream {
    const sink = this.sink;
    if (!(sink instanceof PartDeflate) || !more || !this.offload || this.offloadTried) return sink;
    if (Math.max(sink.bytes + incoming, this.atLeastBytes) <= FAST_DEFLATE_BYTES) return sink;
    this.offloadTried = true;
    const stream = this.offload(this.name);
    if (!stream) return sink;
    for (const chunk of sink.takeHeld()) stream.write(chunk);
    this.sink = stream;
    return stream;
  }

  /** The buffer's bytes handed over; `more` says the part goes on. */
  private flushBuffer(more: boolean): void {
    if (this.used === 0) return;
    const sink = this.sinkFor(this.used, more);
    const data = this.buffer.subarray(0, this.used);
    this.used = 0;
    if (sink instanceof PartDeflate) sink.push(data, false);
    else {
      // Handed over for good: the stream may move the buffer to its thread (and give one back).
      sink.write(data);
      this.buffer = more ? (sink.spare?.() ?? new Uint8Array(BATCH_BYTES)) : new Uint8Array(0);
    }
  }

  /** Bytes of their own (a piece larger than the buffer), in the middle of the part. */
  private push(data: Uint8Array): void {
    const sink = this.sinkFor(data.length, true);
    if (sink instanceof PartDeflate) sink.push(data, true);
    else sink.write(data);
  }
}

/** A changed part, compressed when the zip is built (part-deflate.ts: the same bytes in Node and browsers). */
export function compressEntry(name: string, content: string | Uint8Array): ZipEntry {
  const data = typeof content === "string" ? utf8Encoder.encode(content) : content;
  const raw = deflateWhole(data);
  return { name, method: 8, crc: crc32(data), compressedSize: raw.length, size: data.length, raw };
}

function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * A zip archive as the pieces it is made of (each entry's bytes as they are, headers between), and
 * their bytes joined on first use. A writer that takes pieces (the CLI's file write) never joins
 * them: a 100,000-row package is ~12 MB, copied into memory never touched before (~30 ms).
 */
export class ZipBytes {
  private joined: Uint8Array | null = null;

  constructor(readonly pieces: readonly Uint8Array[]) {}

  get bytes(): Uint8Array {
    return (this.joined ??= this.pieces.length === 1 ? this.pieces[0]! : concatBytes(this.pieces));
  }
}

/** Write entries as a zip archive, every entry stamped with `modified` (so equal inputs give equal bytes). */
export function writeZip(entries: readonly ZipEntry[], modified: Date): Uint8Array {
  return zipPieces(entries, modified).bytes;
}

/** writeZip's archive as its pieces. */
export function zipPieces(entries: readonly ZipEntry[], modified: Date): ZipBytes {
  const { time, date } = dosDateTime(modified);
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const names = new Set<string>();
  for (const entry of entries) {
    // Two entries of one name are a damaged package: readers disagree on which one counts.
    const key = entry.name.toLowerCase();
    if (names.has(key)) throw new Error(`two zip entries named ${entry.name}`);
    names.add(key);
    const name = utf8Encoder.encode(entry.name);
    // The local header and the central directory record share these 26 bytes, at 4 and at 6.
    const shared = new Uint8Array(26);
    const s = view(shared);
    s.setUint16(0, 20, true); // version needed
    s.setUint16(2, 0x0800, true); // flags: bit 11, the name is UTF-8
    s.setUint16(4, entry.method, true);
    s.setUint16(6, time, true);
    s.setUint16(8, date, true);
    s.setUint32(10, entry.crc, true);
    s.setUint32(14, entry.compressedSize, true);
    s.setUint32(18, entry.size, true);
    s.setUint16(22, name.length, true);
    const local = new Uint8Array(30);
    view(local).setUint32(0, LOCAL_HEADER, true);
    local.set(shared, 4);
    const header = new Uint8Array(46);
    const h = view(header);
    h.setUint32(0, CENTRAL_HEADER, true);
    h.setUint16(4, 20, true); // version made by
    header.set(shared, 6);
    h.setUint32(42, offset, true);
    central.push(header, name);
    chunks.push(local, name, entry.raw);
    offset += 30 + name.length + entry.raw.length;
  }
  if (offset > 0xfffffffe || entries.length > 0xfffe)
    throw new Error("the workbook is too large for a zip without zip64 extensions");
  const directorySize = central.reduce((sum, b) => sum + b.length, 0);
  const endRecord = new Uint8Array(22);
  const e = view(endRecord);
  e.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, directorySize, true);
  e.setUint32(16, offset, true);
  return new ZipBytes([...chunks, ...central, endRecord]);
}
