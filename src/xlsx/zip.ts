/**
 * Just enough of the zip format to rewrite an .xlsx package in place: read the central directory,
 * hand out each entry's compressed bytes untouched, and write a package where only changed parts
 * are compressed again (with Node's native zlib). Everything else is copied byte for byte, which
 * is both what makes a score fast and what guarantees the parts we do not touch survive.
 *
 * Deliberately unsupported (readZip returns null and the caller takes the ExcelJS path): zip64,
 * encrypted entries, split archives and compression methods other than stored and deflate.
 */
import zlib from "node:zlib";
import { promisify } from "node:util";
import { AppError, msg } from "../messages";

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** The entry's data exactly as stored in the archive. */
  raw: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** The entries of a zip archive in central-directory order, or null for what this reader does not handle. */
export function readZip(buffer: Buffer): ZipEntry[] | null {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const floor = Math.max(0, buffer.length - 22 - 0xffff);
  let end = -1;
  for (let i = buffer.length - 22; i >= floor; i--) {
    if (buffer.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const disk = buffer.readUInt16LE(end + 4);
  const count = buffer.readUInt16LE(end + 10);
  const directoryOffset = buffer.readUInt32LE(end + 16);
  if (disk !== 0 || count === 0xffff || directoryOffset === 0xffffffff) return null;
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL_HEADER) return null;
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localOffset = buffer.readUInt32LE(at + 42);
    const name = buffer.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) return null; // encrypted
    if (method !== 0 && method !== 8) return null;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) return null;
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL_HEADER) return null;
    const dataStart =
      localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > buffer.length) return null;
    if (name.endsWith("/")) continue; // a directory entry carries nothing an .xlsx needs
    entries.push({
      name,
      method,
      crc,
      compressedSize,
      size,
      raw: buffer.subarray(dataStart, dataStart + compressedSize),
    });
  }
  return entries;
}

/** An entry's content. */
export function entryData(entry: ZipEntry): Buffer {
  if (entry.method === 0) return entry.raw;
  // Never more than the size the central directory declares (and src/xlsx/limits.ts checked):
  // an entry that inflates beyond it throws instead of filling memory.
  try {
    return zlib.inflateRawSync(entry.raw, { maxOutputLength: Math.max(1, entry.size) });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError(msg("DAMAGED", { file: entry.name, detail }));
  }
}

export function entryText(entry: ZipEntry): string {
  return entryData(entry).toString("utf8");
}

let crcTable: Uint32Array | undefined;

/**
 * CRC-32 as zip stores it; zlib.crc32 where this Node has it (20.15+), a table otherwise. `previous`
 * continues the CRC of the data before this chunk.
 */
export function crc32(data: Buffer, previous = 0): number {
  const native = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;
  if (native) return native(data, previous) >>> 0;
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

const deflateRaw = promisify(zlib.deflateRaw);

/**
 * Parts larger than this are compressed at zlib level 1 instead of the default 6: at 100,000 rows
 * the scored sheet is ~70 MB of XML, where level 6 takes ~5× longer for a file ~25% smaller.
 */
export const FAST_DEFLATE_BYTES = 8 * 1024 * 1024;

/** Characters of a part given in pieces that are encoded and handed to deflate at a time. */
const PIECES_BATCH = 1 << 22;

/**
 * A part given as pieces of text (a patched sheet: its rows), deflated as a stream: the whole text
 * never exists as one string or one buffer, which at 100,000 rows were a 70M-character string
 * and its 90 MB UTF-8 copy (and past ~500M characters, more than a JavaScript string can hold).
 */
async function compressPieces(name: string, pieces: readonly string[]): Promise<ZipEntry> {
  const total = pieces.reduce((n, piece) => n + piece.length, 0);
  const deflate = zlib.createDeflateRaw({ level: total > FAST_DEFLATE_BYTES ? 1 : 6 });
  const compressed: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => compressed.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  let crc = 0;
  let size = 0;
  let batch: string[] = [];
  let batchLength = 0;
  const flush = async () => {
    const data = Buffer.from(batch.join(""), "utf8");
    batch = [];
    batchLength = 0;
    crc = crc32(data, crc);
    size += data.length;
    if (!deflate.write(data)) await new Promise((resolve) => deflate.once("drain", resolve));
  };
  for (const piece of pieces) {
    batch.push(piece);
    batchLength += piece.length;
    if (batchLength >= PIECES_BATCH) await flush();
  }
  await flush();
  deflate.end();
  await finished;
  const raw = Buffer.concat(compressed);
  return { name, method: 8, crc, compressedSize: raw.length, size, raw };
}

/** A changed part, compressed (in parallel with the others, on libuv's threads) when the zip is built. */
export async function compressEntry(
  name: string,
  content: string | Buffer | readonly string[],
): Promise<ZipEntry> {
  if (Array.isArray(content)) return compressPieces(name, content);
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : (content as Buffer);
  const raw = await deflateRaw(data, { level: data.length > FAST_DEFLATE_BYTES ? 1 : 6 });
  return { name, method: 8, crc: crc32(data), compressedSize: raw.length, size: data.length, raw };
}

function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** Write entries as a zip archive, every entry stamped with `modified` (so equal inputs give equal bytes). */
export function writeZip(entries: readonly ZipEntry[], modified: Date): Buffer {
  const { time, date } = dosDateTime(modified);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const names = new Set<string>();
  for (const entry of entries) {
    // Two entries of one name are a damaged package: readers disagree on which one counts.
    const key = entry.name.toLowerCase();
    if (names.has(key)) throw new Error(`two zip entries named ${entry.name}`);
    names.add(key);
    const name = Buffer.from(entry.name, "utf8");
    // The local header and the central directory record share these 26 bytes, at 4 and at 6.
    const shared = Buffer.alloc(26);
    shared.writeUInt16LE(20, 0); // version needed
    shared.writeUInt16LE(0x0800, 2); // flags: bit 11, the name is UTF-8
    shared.writeUInt16LE(entry.method, 4);
    shared.writeUInt16LE(time, 6);
    shared.writeUInt16LE(date, 8);
    shared.writeUInt32LE(entry.crc, 10);
    shared.writeUInt32LE(entry.compressedSize, 14);
    shared.writeUInt32LE(entry.size, 18);
    shared.writeUInt16LE(name.length, 22);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    shared.copy(local, 4);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(20, 4); // version made by
    shared.copy(header, 6);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    chunks.push(local, name, entry.raw);
    offset += 30 + name.length + entry.raw.length;
  }
  if (offset > 0xfffffffe || entries.length > 0xfffe)
    throw new Error("the workbook is too large for a zip without zip64 extensions");
  const directorySize = central.reduce((sum, b) => sum + b.length, 0);
  const endRecord = Buffer.alloc(22);
  endRecord.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  endRecord.writeUInt16LE(entries.length, 8);
  endRecord.writeUInt16LE(entries.length, 10);
  endRecord.writeUInt32LE(directorySize, 12);
  endRecord.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, endRecord]);
}
