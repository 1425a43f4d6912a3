/**
 * A sheet's rows as they read, for comparing two writers' rows cell by cell: each row's attributes,
 * its cells' attributes and content in order, and what else it holds. Either quote reads alike, and
 * whitespace between elements is no part of it.
 */
export interface RowRead {
  row: Record<string, string>;
  cells: Record<string, string>[];
  rest: string;
}

const attributes = (text: string): Record<string, string> =>
  Object.fromEntries([...text.matchAll(/([\w:]+)\s*=\s*(["'])(.*?)\2/g)].map((m) => [m[1], m[3]]));

export function cellsOf(xml: string): RowRead[] {
  return [...xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)].map((row) => {
    const cells = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
    const body = row[2] ?? "";
    return {
      row: attributes(row[1]),
      cells: [...body.matchAll(cells)].map((c) => ({ ...attributes(c[1]), content: c[2] ?? "" })),
      rest: body.replace(cells, "").trim(),
    };
  });
}
