/** A1-style addresses shared by the engine (flags name cells) and the workbook layer. */

/** 1 → "A", 26 → "Z", 27 → "AA". Non-positive or non-integer input gives "". */
export function columnLetter(col1Based: number): string {
  if (!Number.isInteger(col1Based) || col1Based < 1) return "";
  let n = col1Based;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "A" → 1, "aa" → 27; 0 when the text is not a column name. */
export function columnIndex(letter: string): number {
  if (typeof letter !== "string" || !/^[A-Za-z]{1,4}$/.test(letter)) return 0;
  let n = 0;
  for (const ch of letter.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** (6, 5) → "F5". */
export function cellAddress(col1Based: number, row: number): string {
  return columnLetter(col1Based) + String(row);
}

/** "F5" or "$F$5" → { row: 5, col: 6 }; null when the text is not one cell's address. */
export function parseCellAddress(address: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(address);
  return m ? { row: Number(m[2]), col: columnIndex(m[1]) } : null;
}
