/**
 * Text edits on the SpreadsheetML parts the package patcher rewrites (src/xlsx/patch.ts, styles.ts,
 * print.ts). The parts are machine-written; anything unusual is rejected (Unsupported) rather than
 * guessed at, and the caller falls back to the ExcelJS writer. Pure: runs in a browser too.
 */
import { msg, render, type Message } from "../messages";
import type { PatchPlace, PatchReason } from "../messages/patch-reasons";

/** A part or a plan the patcher does not handle: the ExcelJS writer takes over. */
export class Unsupported extends Error {
  /** In the user's words, for the note that the whole workbook was written anew. */
  readonly reason: Message<"PATCH_STEPPED_ASIDE">;
  constructor(reason: Message<"PATCH_STEPPED_ASIDE">) {
    super(render(reason, "en"));
    this.reason = reason;
  }

  /** The same reason, placed in `place` where it did not say where itself (a sheet's page setup). */
  at(place: PatchPlace): Unsupported {
    return new Unsupported(msg("PATCH_STEPPED_ASIDE", { ...place, ...this.reason.params }));
  }
}

/** Step aside: `why` is one line of the reasons' table (src/messages/patch-reasons.ts), at `place`. */
export function unsupported(why: PatchReason, place: PatchPlace = {}): never {
  throw new Unsupported(msg("PATCH_STEPPED_ASIDE", { why, ...place }));
}

export function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The pattern of an attribute by name, made once per name (a row's height is set on thousands of rows). */
const attributePatterns = new Map<string, RegExp>();

function attributePattern(name: string): RegExp {
  let re = attributePatterns.get(name);
  if (!re) {
    re = new RegExp(`\\s${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*(?:"[^"]*"|'[^']*')`);
    attributePatterns.set(name, re);
  }
  return re;
}

/** A start tag with attribute `name` set to `value` (changed in place when present), or removed (null). */
export function setAttribute(tag: string, name: string, value: string | null): string {
  // Not global: test and replace do not move its lastIndex, so the one object is shared.
  const re = attributePattern(name);
  // Changed in place, so that equal inputs keep giving equal bytes.
  if (value !== null && re.test(tag)) return tag.replace(re, () => ` ${name}="${escapeAttribute(value)}"`);
  const without = tag.replace(re, "");
  if (value === null) return without;
  const close = without.endsWith("/>") ? without.length - 2 : without.length - 1;
  return `${without.slice(0, close)} ${name}="${escapeAttribute(value)}"${without.slice(close)}`;
}

/** Unprefixed SpreadsheetML root, e.g. `<worksheet ` (prefixed `<x:worksheet` is left to ExcelJS). */
export function hasPlainRoot(xml: string, root: string): boolean {
  return new RegExp(`^(?:\\s|<\\?[\\s\\S]*?\\?>|<!--[\\s\\S]*?-->)*<${root}[\\s>]`).test(xml);
}
