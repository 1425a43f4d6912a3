/**
 * Node's path.posix for the part names of a package (xl/workbook.xml, ../media/x.png), without
 * Node: the reader and patcher also run in a browser (docs/page.md). Same results as path.posix
 * for relative names (tests/xlsx/part-path.test.ts compares them).
 */
function normalizeSegments(input: string): { absolute: boolean; segments: string[] } {
  const absolute = input.startsWith("/");
  const segments: string[] = [];
  for (const segment of input.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." && segments.length > 0 && segments[segments.length - 1] !== "..") segments.pop();
    else if (segment === ".." && absolute) continue;
    else segments.push(segment);
  }
  return { absolute, segments };
}

function normalize(input: string): string {
  if (input === "") return ".";
  const { absolute, segments } = normalizeSegments(input);
  let out = segments.join("/");
  if (input.endsWith("/") && out !== "") out += "/";
  if (absolute) return `/${out}`;
  return out === "" ? "." : out;
}

function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

function dirname(input: string): string {
  const trimmed = input.length > 1 ? input.replace(/\/+$/, "") : input;
  const at = trimmed.lastIndexOf("/");
  if (at < 0) return ".";
  if (at === 0) return "/";
  return trimmed.slice(0, at).replace(/\/+$/, "") || "/";
}

function basename(input: string): string {
  const trimmed = input.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** From one relative (or one absolute) name to another. */
function relative(from: string, to: string): string {
  const a = normalizeSegments(from).segments;
  const b = normalizeSegments(to).segments;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => ".."), ...b.slice(common)].join("/");
}

export const posix = { normalize, join, dirname, basename, relative };
