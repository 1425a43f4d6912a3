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

/** An entry inflated before the package was read: its stored bytes, declared size and content. */
export interface PreparedInflate {
  raw: Uint8Array;
  size: number;
  data: Uint8Array;
}

let prepared: PreparedInflate | null = null;

/**
 * Inflate the next entry stored as `entry.raw`, byte for byte, with `entry.size` declared, as
 * `entry.data` (the CLI's early inflate, src/cli/early-inflate.ts); null forgets it. Used once.
 */
export function usePreparedInflate(entry: PreparedInflate | null): void {
  prepared = entry;
}

/** The prepared content when `data` is the very entry it was inflated from; the first entry of its sizes takes it. */
function preparedFor(data: Uint8Array, maxOutputLength: number): Uint8Array | undefined {
  const entry = prepared;
  if (!entry || entry.size !== maxOutputLength || entry.raw.length !== data.length) return undefined;
  prepared = null;
  return Buffer.compare(entry.raw, data) === 0 ? entry.data : undefined;
}

export function useNodeZlib(): void {
  useZipCodec({
    // One output chunk of the declared size: zlib's default 16 KB chunks are concatenated at the
    // end, which took as long as inflating and twice the memory (a 356 MB sheet: 2.4 s → 1.1 s).
    inflateRaw: (data, maxOutputLength) =>
      preparedFor(data, maxOutputLength) ??
      zlib.inflateRawSync(data, { maxOutputLength, chunkSize: Math.max(MIN_CHUNK, maxOutputLength) }),
    crc32: nativeCrc32 ? (data, previous) => nativeCrc32(data, previous) : undefined,
  });
}
