/**
 * Node's native zlib for what has one right answer (inflate, CRC-32): faster than pako, same
 * result. Deflate is not Node's: the same code as in the page deflates (zip.ts says why).
 * Imported for its effect by the Node-only entry points (node-io.ts).
 */
import zlib from "node:zlib";
import { useZipCodec } from "./zip";

type NativeCrc32 = (data: Uint8Array, value?: number) => number;
const nativeCrc32 = (zlib as unknown as { crc32?: NativeCrc32 }).crc32;

/** zlib's default chunk size, the least asked for (tiny parts). */
const MIN_CHUNK = 16 * 1024;

export function useNodeZlib(): void {
  useZipCodec({
    // One output chunk of the declared size: zlib's default 16 KB chunks are concatenated at the
    // end, which took as long as inflating and twice the memory (a 356 MB sheet: 2.4 s → 1.1 s).
    inflateRaw: (data, maxOutputLength) =>
      zlib.inflateRawSync(data, { maxOutputLength, chunkSize: Math.max(MIN_CHUNK, maxOutputLength) }),
    crc32: nativeCrc32 ? (data, previous) => nativeCrc32(data, previous) : undefined,
  });
}
