/**
 * Node's native zlib for what has one right answer (inflate, CRC-32): faster than pako, same
 * result. Deflate stays pako's in Node too (zip.ts says why). Imported for its effect by the
 * Node-only entry points (node-io.ts).
 */
import zlib from "node:zlib";
import { useZipCodec } from "./zip";

type NativeCrc32 = (data: Uint8Array, value?: number) => number;
const nativeCrc32 = (zlib as unknown as { crc32?: NativeCrc32 }).crc32;

export function useNodeZlib(): void {
  useZipCodec({
    inflateRaw: (data, maxOutputLength) => zlib.inflateRawSync(data, { maxOutputLength }),
    crc32: nativeCrc32 ? (data, previous) => nativeCrc32(data, previous) : undefined,
  });
}
