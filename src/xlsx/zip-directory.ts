/**
 * A zip archive's central directory: its entries and each one's stored bytes, found without
 * inflating anything. No imports: the CLI's loader reads it too, to start inflating the largest
 * sheet while the rest of the CLI loads (src/cli/early-inflate.ts). zip.ts says what is supported.
 */

export const LOCAL_HEADER = 0x04034b50;
export const CENTRAL_HEADER = 0x02014b50;
export const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** The entry's data exactly as stored in the archive. */
  raw: Uint8Array;
}

/** Where the end record starts in `buffer` (its last 22 + 65,535 bytes are searched), or -1. */
export function endRecordAt(buffer: Uint8Array): number {
  const dv = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  // The end record is 22 bytes plus a comment of at most 65,535.
  const floor = Math.max(0, buffer.length - 22 - 0xffff);
  for (let i = buffer.length - 22; i >= floor; i--) {
    if (dv.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  return -1;
}

/** What the end record says: the directory's entry count, size and offset; null for zip64 or multi-disk. */
export function endRecord(
  buffer: Uint8Array,
  end: number,
): { count: number; size: number; offset: number } | null {
  const dv = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const disk = dv.getUint16(end + 4, true);
  const count = dv.getUint16(end + 10, true);
  const size = dv.getUint32(end + 12, true);
  const offset = dv.getUint32(end + 16, true);
  if (disk !== 0 || count === 0xffff || offset === 0xffffffff) return null;
  return { count, size, offset };
}

/** A central directory entry: where its local header is, not yet its data. */
export interface DirectoryEntry extends Omit<ZipEntry, "raw"> {
  localOffset: number;
}

/**
 * The `count` entries of a central directory that starts at `at` in `buffer` (directories
 * included), or null for what this reader does not handle (encrypted, zip64, another method).
 */
export function directoryEntries(buffer: Uint8Array, at: number, count: number): DirectoryEntry[] | null {
  const dv = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const entries: DirectoryEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || dv.getUint32(at, true) !== CENTRAL_HEADER) return null;
    const flags = dv.getUint16(at + 8, true);
    const method = dv.getUint16(at + 10, true);
    const crc = dv.getUint32(at + 16, true);
    const compressedSize = dv.getUint32(at + 20, true);
    const size = dv.getUint32(at + 24, true);
    const nameLength = dv.getUint16(at + 28, true);
    const extraLength = dv.getUint16(at + 30, true);
    const commentLength = dv.getUint16(at + 32, true);
    const localOffset = dv.getUint32(at + 42, true);
    const name = utf8Decoder.decode(buffer.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) return null; // encrypted
    if (method !== 0 && method !== 8) return null;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) return null;
    entries.push({ name, method, crc, compressedSize, size, localOffset });
  }
  return entries;
}

/** Where an entry's data starts, from its local header's first 30 bytes; null if they are not one. */
export function dataStartOf(header: Uint8Array, localOffset: number): number | null {
  if (header.length < 30) return null;
  const dv = new DataView(header.buffer, header.byteOffset, 30);
  if (dv.getUint32(0, true) !== LOCAL_HEADER) return null;
  return localOffset + 30 + dv.getUint16(26, true) + dv.getUint16(28, true);
}

/** Whether the bytes end as a zip archive does (its end record): a file cut short does not. */
export function zipEndFound(buffer: Uint8Array): boolean {
  return endRecordAt(buffer) >= 0;
}

/** The entries of a zip archive in central-directory order, or null for what this reader does not handle. */
export function readZip(buffer: Uint8Array): ZipEntry[] | null {
  const end = endRecordAt(buffer);
  const record = end < 0 ? null : endRecord(buffer, end);
  const listed = record && directoryEntries(buffer, record.offset, record.count);
  if (!listed) return null;
  const entries: ZipEntry[] = [];
  for (const { localOffset, ...entry } of listed) {
    if (localOffset + 30 > buffer.length) return null;
    const dataStart = dataStartOf(buffer.subarray(localOffset, localOffset + 30), localOffset);
    if (dataStart === null || dataStart + entry.compressedSize > buffer.length) return null;
    if (entry.name.endsWith("/")) continue; // a directory entry carries nothing an .xlsx needs
    entries.push({ ...entry, raw: buffer.subarray(dataStart, dataStart + entry.compressedSize) });
  }
  return entries;
}
