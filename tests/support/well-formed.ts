/**
 * XML well-formedness, checked in-process with saxes (a conformant XML 1.0 + namespaces parser), so
 * the tests need no xmllint: mismatched tags, characters XML cannot carry (U+FFFE, control codes),
 * undefined entities, duplicate attributes and unbound namespace prefixes are all errors.
 */
import JSZip from "jszip";
import { SaxesParser } from "saxes";

/** The first well-formedness error in `xml`, or null when it is well-formed. */
export function xmlError(xml: string): string | null {
  const parser = new SaxesParser({ xmlns: true });
  let first: string | null = null;
  parser.on("error", (error) => {
    first ??= error.message;
  });
  parser.write(xml).close();
  return first;
}

/** "part: error" for every .xml / .rels part of a package that is not well-formed; the count of parts checked. */
export async function packageXmlErrors(file: Buffer): Promise<{ checked: number; errors: string[] }> {
  const zip = await JSZip.loadAsync(file, { checkCRC32: true });
  const parts = Object.values(zip.files).filter((f) => !f.dir && /\.(xml|rels)$/.test(f.name));
  const errors: string[] = [];
  for (const part of parts) {
    const error = xmlError(await part.async("string"));
    if (error !== null) errors.push(`${part.name}: ${error}`);
  }
  return { checked: parts.length, errors };
}
