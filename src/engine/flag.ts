/**
 * Making a flag: a code, a severity and what it says as a catalogue message (src/messages), rendered
 * once in the run's language for `message` — the one place where a flag's text is made.
 */
import { render, type Lang, type Message } from "../messages";
import type { Flag, FlagCode, Severity } from "./types";

export function makeFlag(lang: Lang, code: FlagCode, severity: Severity, text: Message, cell?: string): Flag {
  const flag: Flag = { code, severity, text, message: render(text, lang) };
  if (cell !== undefined) flag.cell = cell;
  return flag;
}
