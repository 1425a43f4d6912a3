/**
 * The size limits of an input (limits.ts says why each is what it is) as rules on what the central
 * directory declares, with no imports: the CLI's loader applies them too, before it inflates
 * anything early (src/cli/early-inflate.ts), and must never inflate what the reader refuses.
 */

/** The largest file read at all (a 1,048,575-row sheet of 30 number columns is ~150 MB). */
export const MAX_FILE_BYTES = 1024 ** 3;
/** The largest single part, uncompressed: below the longest string V8 can hold (see above). */
export const MAX_PART_BYTES = 512 * 1000 ** 2;
/** All parts together, uncompressed. */
export const MAX_PACKAGE_BYTES = 4 * 1024 ** 3;
/** Uncompressed ÷ compressed above which a large part is refused (real parts stay under ~30). */
export const MAX_COMPRESSION_RATIO = 200;
/** Parts smaller than this are not checked for their ratio (a small part can do no harm). */
export const RATIO_CHECKED_FROM_BYTES = 16 * 1024 ** 2;

/** A part as the central directory declares it. */
export interface DeclaredPart {
  name: string;
  size: number;
  compressedSize: number;
}

/** The first limit a package's declared parts break, or null. */
export type LimitBreach =
  { kind: "part" | "ratio"; part: DeclaredPart } | { kind: "total"; part: null; total: number };

export function limitBreach(parts: readonly DeclaredPart[]): LimitBreach | null {
  let total = 0;
  for (const part of parts) {
    total += part.size;
    if (part.size > MAX_PART_BYTES) return { kind: "part", part };
    const ratio = part.size / Math.max(1, part.compressedSize);
    if (part.size >= RATIO_CHECKED_FROM_BYTES && ratio > MAX_COMPRESSION_RATIO)
      return { kind: "ratio", part };
  }
  return total > MAX_PACKAGE_BYTES ? { kind: "total", part: null, total } : null;
}
