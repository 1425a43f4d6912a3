/**
 * A package altered after it was written: the example's scoring sheet stored (not deflated) and the
 * score in one cell changed in the zip's bytes, its recorded CRC-32 left as it was (what a flipped
 * bit on a disk, or a tool that edits bytes in place, leaves behind).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";

export const ALTERED_PART = "xl/worksheets/sheet1.xml";

/** examples/service-org.xlsx with D5's 20 made 10 behind the zip's back. */
export async function alteredExample(): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(readFileSync(path.join(process.cwd(), "examples", "service-org.xlsx")));
  const bytes = await zip.generateAsync({ type: "uint8array", compression: "STORE" });
  const cell = new TextEncoder().encode('<c r="D5"><v>20</v></c>');
  const at = Buffer.from(bytes).indexOf(Buffer.from(cell));
  if (at < 0) throw new Error("the example's D5 is not 20 any more");
  bytes[at + '<c r="D5"><v>'.length] = "1".charCodeAt(0);
  return bytes;
}
