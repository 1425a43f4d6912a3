/**
 * JSON text as a person edits it (a rubric file, a pasted rubric): parsed with the line and column
 * of the first mistake and what it is, instead of JSON.parse's "Unterminated string in JSON at
 * position 6726" (or, for some mistakes, a message quoting the whole text). Nesting deeper than
 * MAX_JSON_DEPTH is refused with its place too: no rubric needs it, and validating it would
 * exhaust the stack. A leading byte-order mark (Windows Notepad writes one) is ignored.
 */
import { msg, type Message } from "../messages";

/** Deepest nesting of objects and arrays accepted; a rubric needs about 12. */
export const MAX_JSON_DEPTH = 64;

export type JsonSyntaxReason =
  | "unexpected-end"
  | "unexpected-character"
  | "unterminated-string"
  | "control-character"
  | "bad-escape"
  | "bad-number"
  | "trailing-content";

export type JsonProblem =
  | { kind: "syntax"; reason: JsonSyntaxReason; line: number; column: number; found?: string }
  | { kind: "depth"; line: number; column: number; limit: number };

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; problem: JsonProblem };

class Stop {
  constructor(
    readonly at: number,
    readonly reason: JsonSyntaxReason | "depth",
  ) {}
}

/** A validating scan of one JSON text; throws Stop at the first mistake. */
class Scanner {
  at = 0;
  constructor(private readonly text: string) {}

  private space(): void {
    while (this.at < this.text.length && " \t\r\n".includes(this.text[this.at])) this.at++;
  }

  private fail(reason: JsonSyntaxReason): never {
    throw new Stop(this.at, this.at >= this.text.length ? "unexpected-end" : reason);
  }

  private expect(char: string): void {
    this.space();
    if (this.text[this.at] !== char) this.fail("unexpected-character");
    this.at++;
  }

  document(): void {
    this.value(1);
    this.space();
    if (this.at < this.text.length) throw new Stop(this.at, "trailing-content");
  }

  private value(depth: number): void {
    this.space();
    const c = this.text[this.at];
    if (c === "{" || c === "[") {
      if (depth > MAX_JSON_DEPTH) throw new Stop(this.at, "depth");
      this.container(c === "{" ? "}" : "]", depth);
    } else if (c === '"') this.string();
    else if (c === "-" || (c >= "0" && c <= "9")) this.number();
    else {
      const word = ["true", "false", "null"].find((w) => this.text.startsWith(w, this.at));
      if (!word) this.fail("unexpected-character");
      this.at += word.length;
    }
  }

  private container(close: "}" | "]", depth: number): void {
    this.at++;
    this.space();
    if (this.text[this.at] === close) return void this.at++;
    for (;;) {
      if (close === "}") {
        this.space();
        if (this.text[this.at] !== '"') this.fail("unexpected-character");
        this.string();
        this.expect(":");
      }
      this.value(depth + 1);
      this.space();
      const c = this.text[this.at];
      if (c === close) return void this.at++;
      if (c !== ",") this.fail("unexpected-character");
      this.at++;
    }
  }

  private string(): void {
    const start = this.at++;
    for (;;) {
      if (this.at >= this.text.length) throw new Stop(start, "unterminated-string");
      const c = this.text[this.at];
      if (c === '"') return void this.at++;
      if (c < " ") this.fail("control-character");
      if (c === "\\") {
        const e = this.text[this.at + 1];
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) this.at += 6;
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.at += 2;
        else this.fail("bad-escape");
      } else this.at++;
    }
  }

  private number(): void {
    const pattern = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (!match) this.fail("bad-number");
    this.at += match[0].length;
  }
}

/** 1-based line and column (in characters) of an offset. */
function place(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** Parse a JSON text, or say where and why it is not JSON. */
export function parseJsonText(source: string): JsonTextResult {
  const text = source.startsWith("\ufeff") ? source.slice(1) : source;
  try {
    new Scanner(text).document();
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const where = place(text, error.at);
    if (error.reason === "depth")
      return { ok: false, problem: { kind: "depth", ...where, limit: MAX_JSON_DEPTH } };
    const found = error.reason === "unexpected-character" ? text[error.at] : undefined;
    return {
      ok: false,
      problem: { kind: "syntax", reason: error.reason, ...where, ...(found !== undefined ? { found } : {}) },
    };
  }
  return { ok: true, value: JSON.parse(text) };
}

/** The catalogue message for a problem: "第 12 行第 7 列：…" / "line 12, column 7: …". */
export function jsonProblemMessage(problem: JsonProblem): Message {
  if (problem.kind === "depth")
    return msg("JSON_TOO_DEEP", { line: problem.line, column: problem.column, limit: problem.limit });
  return msg("JSON_SYNTAX", {
    line: problem.line,
    column: problem.column,
    reason: problem.reason,
    found: problem.found ?? "",
  });
}
