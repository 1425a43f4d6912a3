/**
 * The fixed words of the tool's own texts, as a later run reads them back from a workbook (the
 * owned sheets' titles and facts line, the 公示名单's lines): rendered from the very catalogue
 * message the writer renders, in both languages, with a marker where a parameter goes. A wording
 * changed in src/messages then changes what is recognised with it; only the wordings of earlier
 * versions, which outputs already written still hold, are listed by hand beside each recogniser.
 * (The English facts line once said "Scheme: " and the recogniser kept looking for it after the
 * catalogue said "Rubric: ": every re-run wrote 评定汇总 (2).)
 */
import type { Lang } from "../engine/types";
import { render, type Message } from "../messages";

export { LANGS } from "../engine";

/** Stands for a parameter in a rendered text: a character no catalogue text holds. */
export const HOLE = "\u0000";
/** A second parameter, for texts with two. */
export const HOLE2 = "\u0001";

/** The words before and after the one HOLE of a message as rendered in `lang`. */
export function around(message: Message, lang: Lang): { before: string; after: string } {
  const text = render(message, lang);
  const at = text.indexOf(HOLE);
  if (at < 0 || text.includes(HOLE, at + 1)) throw new Error(`${message.code} (${lang}): not one parameter`);
  return { before: text.slice(0, at), after: text.slice(at + HOLE.length) };
}

/** The words before, between and after HOLE and HOLE2 of a message as rendered in `lang`. */
export function aroundTwo(message: Message, lang: Lang): { before: string; between: string; after: string } {
  const { before, after: rest } = around(message, lang);
  const at = rest.indexOf(HOLE2);
  if (at < 0) throw new Error(`${message.code} (${lang}): no second parameter`);
  return { before, between: rest.slice(0, at), after: rest.slice(at + HOLE2.length) };
}

/** A text made into a regular expression that matches it literally. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
