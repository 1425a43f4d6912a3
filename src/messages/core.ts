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

/** Renders a nested message in the language of the message being rendered. */
export type Renderer = (message: MessageLike) => string;

/** One entry: the same parameters for both languages; `example` feeds the catalogue's tests. */
export interface MessageDef<P> {
  zh: (params: P, render: Renderer) => string;
  en: (params: P, render: Renderer) => string;
  /** Sample parameters (required by the tests when the entry takes any). */
  example?: P;
}

/**
 * Declare a layer's entries. The parameter type of each code is inferred from its `zh` template
 * (annotate it there); `en` must accept the same, which the compiler checks.
 */
export function defineMessages<P extends Record<string, unknown>>(defs: {
  [K in keyof P]: MessageDef<P[K]>;
}): {
  [K in keyof P]: MessageDef<P[K]>;
} {
  return defs;
}

/** Chinese list separator, English list separator. */
export function list(items: readonly string[], lang: Lang): string {
  return items.join(lang === "en" ? ", " : "、");
}
