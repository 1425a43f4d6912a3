/**
 * Making a flag: a code, a severity and what it says as a catalogue message (src/messages), rendered
 * once in the run's language for `message` — the one place where a flag's text is made.
 */
import { render, type Lang, type Message } from "../messages";
import type { Flag, FlagCode, Severity } from "./types";

export function makeFlag(lang: Lang, code: FlagCode, severity: Severity, text: Message, cell?: string): Flag {
  return flagOf(code, severity, text, render(text, lang), cell);
}

/** A flag whose text is rendered already (rows that say the same share the text and its rendering). */
export function flagOf(
  code: FlagCode,
  severity: Severity,
  text: Message,
  message: string,
  cell?: string,
): Flag {
  // One literal each way: a cell added afterwards is stored outside the object, a second allocation
  // that every flag of a 100,000-row table keeps until the workbook is written.
  return cell === undefined ? { code, severity, text, message } : { code, severity, text, message, cell };
}
