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

/** The entries of a zip archive in central-directory order, or null for what this reader does not handle. */
export function readZip(buffer: Uint8Array): ZipEntry[] | null {
  const dv = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  // The end record is 22 bytes plus a comment of at most 65,535.
  const floor = Math.max(0, buffer.length - 22 - 0xffff);
  let end = -1;
  for (let i = buffer.length - 22; i >= floor; i--) {
    if (dv.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const disk = dv.getUint16(end + 4, true);
  const count = dv.getUint16(end + 10, true);
  const directoryOffset = dv.getUint32(end + 16, true);
  if (disk !== 0 || count === 0xffff || directoryOffset === 0xffffffff) return null;
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
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
    if (localOffset + 30 > buffer.length || dv.getUint32(localOffset, true) !== LOCAL_HEADER) return null;
    const dataStart =
      localOffset + 30 + dv.getUint16(localOffset + 26, true) + dv.getUint16(localOffset + 28, true);
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
