/**
 * The catalogue's building blocks. A message is data — a code and its parameters — and becomes
 * text only when rendered in a language; every layer (engine, workbook, xlsx, CLI, pane) shares
 * the one catalogue assembled in `./index.ts`.
 */
import type { Lang } from "../engine/types";

export type { Lang };

/**
 * A message as stored, before its code is known to be in the catalogue: what a template receives
 * for a parameter that is itself a message (a cause, a list item). Built only by `msg()`.
 */
export interface MessageLike {
  readonly code: string;
  readonly params?: unknown;
}

/** A name as the rubric gives it in each language (a field's label and labelEn, en falling back to zh). */
export interface BothNames {
  zh: string;
  en: string;
}

/** Renders a nested message in the language of the message being rendered. */
export type Renderer = (message: MessageLike) => string;

/** One entry: the same parameters for both languages; `example` feeds the catalogue's tests. */
export interface MessageDef<P> {
  zh: (params: P, render: Renderer) => string;
  en: (params: P, render: Renderer) => string;
  /** Sample parameters (required by the tests when the entry takes any). */
  example?: P;
  /** The text itself tells the user that nothing was written (front ends then need not add it). */
  saysNothingWritten?: true;
}

/**
 * Declare a layer's entries. The parameter type of each code is inferred from its `zh` template
 * (annotate it there); `en` must accept the same, which the compiler checks.
 */
export function defineMessages<P extends Record<string, unknown>>(defs: {
  [K in keyof P]: EntryInput<P[K]>;
}): {
  [K in keyof P]: MessageDef<P[K]>;
} {
  return defs;
}

/**
 * `P`, hidden from inference: only `zh` decides an entry's parameter type, so an `en` reading
 * other parameters, or an example of another shape, is an error (NoInfer is not honoured inside
 * the mapped type `defineMessages` infers through; this indexed form is).
 */
type Deferred<P> = [P][P extends unknown ? 0 : never];

/** An entry as written. */
interface EntryInput<P> {
  zh: (params: P, render: Renderer) => string;
  en: (params: Deferred<P>, render: Renderer) => string;
  example?: Deferred<P>;
  saysNothingWritten?: true;
}

/** Chinese list separator, English list separator. */
export function list(items: readonly string[], lang: Lang): string {
  return items.join(lang === "en" ? ", " : "、");
}

/** A rubric's text in both languages: English falls back to the Chinese the author wrote. */
export function bothNames(zh: string, en?: string): BothNames {
  return { zh, en: en ?? zh };
}

/**
 * A count and its English noun, plural unless the count is 1: "1 row", "2 rows", "3 branches".
 * English texts never hedge with "row(s)" (tests/messages checks it).
 */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A text closed as a sentence, for a message that carries on after another (a cause, Excel's own
 * error text): "。" in Chinese, "." in English, unless it already ends a sentence. Chinese runs on
 * without a space; English gets one from the template.
 */
export function sentence(text: string, lang: Lang): string {
  if (/[。！？.!?]$/.test(text)) return text;
  return text + (lang === "en" ? "." : "。");
}

/** The steps of an explanation, joined: "；" in Chinese, "; " in English. */
export function steps(items: readonly string[], lang: Lang): string {
  return items.join(lang === "en" ? "; " : "；");
}

/** A text the rubric's author may give in both languages: English falls back to the Chinese. */
export function authored(lang: Lang, zh: string, en: string | undefined): string;
export function authored(lang: Lang, zh: string | undefined, en: string | undefined): string | undefined;
export function authored(lang: Lang, zh: string | undefined, en: string | undefined): string | undefined {
  return lang === "en" ? (en ?? zh) : zh;
}
