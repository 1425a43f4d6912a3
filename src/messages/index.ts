/**
 * The one message catalogue (zh and en, keyed by code) for the engine, workbook, xlsx and CLI
 * layers and the ribbon command. A flag, notice or error carries a `Message` (code + typed
 * parameters); text is made only by `render(message, lang)` where it is shown: the CLI with its
 * --lang, the pane with its locale, the ribbon command with Office's display language.
 * How to add a message: ./README.md.
 */
import { commonMessages } from "./common";
import { type Lang, type MessageDef, type MessageLike, type Renderer } from "./core";
import { cliMessages } from "./cli";
import { commandMessages } from "./commands";
import { engineMessages } from "./engine";
import { officeMessages } from "./office";
import { recordMessages } from "./records";
import { sheetMessages } from "./sheets";
import { workbookMessages } from "./workbook";
import { xlsxMessages } from "./xlsx";

export type { SheetRows } from "./office";
export type { SkippedSubmission } from "./records";
export type { SheetWord } from "./sheets";
export { CONTENT_KINDS, type ContentKind, type PartDamage } from "./xlsx";
export type { BlockRead, FieldHeaders, RubricProblem, SkippedRow, StaleOwnedKind } from "./workbook";
export {
  defineMessages,
  list,
  counted,
  sentence,
  authored,
  bothNames,
  steps,
  type BothNames,
  type Lang,
  type MessageDef,
  type MessageLike,
  type Renderer,
} from "./core";

/** The layers' tables; a code must be unique across them (tests/messages checks it). */
export const layers = {
  common: commonMessages,
  engine: engineMessages,
  workbook: workbookMessages,
  xlsx: xlsxMessages,
  office: officeMessages,
  cli: cliMessages,
  commands: commandMessages,
  records: recordMessages,
  sheets: sheetMessages,
} as const;

const catalogue = {
  ...commonMessages,
  ...engineMessages,
  ...workbookMessages,
  ...xlsxMessages,
  ...officeMessages,
  ...cliMessages,
  ...commandMessages,
  ...recordMessages,
  ...sheetMessages,
};
type Catalogue = typeof catalogue;

export type MessageCode = keyof Catalogue;
/** The parameters of each code, as its `zh` template declares them. */
export type ParamsOf = { [K in MessageCode]: Catalogue[K] extends MessageDef<infer P> ? P : never };

/** A message: a code of the catalogue and that code's parameters. */
export type Message<K extends MessageCode = MessageCode> = { [C in K]: { code: C; params: ParamsOf[C] } }[K];

const definitions: { [K in MessageCode]: MessageDef<ParamsOf[K]> } = catalogue;

/** Build a message; codes without parameters take none, the others exactly their own. */
export function msg<C extends MessageCode>(
  code: C,
  ...params: unknown extends ParamsOf[C] ? [] : [ParamsOf[C]]
): Message<C> {
  // The rest-tuple type above is what ties `params` to `code`; the compiler cannot see through it.
  return { code, params: params[0] } as Message<C>;
}

export function isMessageCode(code: string): code is MessageCode {
  return Object.prototype.hasOwnProperty.call(catalogue, code);
}

function renderKnown<K extends MessageCode>(message: Message<K>, lang: Lang, nested: Renderer): string {
  return definitions[message.code][lang](message.params, nested);
}

/** Renders a message's nested messages in its own language (made once: the engine renders a message per flag). */
const NESTED: Record<Lang, Renderer> = {
  zh: (inner) => render(inner, "zh"),
  en: (inner) => render(inner, "en"),
};

/**
 * The text of a message in one language. A message is built by `msg()`, so its parameters are the
 * code's own; a code unknown to the catalogue (a stale saved value) is shown as the code itself.
 */
export function render(message: Message | MessageLike, lang: Lang): string {
  if (!isMessageCode(message.code)) return message.code;
  return renderKnown(message as Message, lang, NESTED[lang]);
}

/** Both languages at once, for places that store text for either reader (a saved sheet, JSON). */
export function renderBoth(message: Message | MessageLike): { zh: string; en: string } {
  return { zh: render(message, "zh"), en: render(message, "en") };
}

/**
 * Whether the text of a message (or of a message it carries as `cause`) already says that nothing
 * was written, a property its catalogue entry declares.
 */
export function saysNothingWritten(message: MessageLike): boolean {
  if (!isMessageCode(message.code)) return false;
  if (definitions[message.code].saysNothingWritten) return true;
  const params = message.params;
  if (typeof params !== "object" || params === null || !("cause" in params)) return false;
  const cause = params.cause;
  return isMessageLike(cause) && saysNothingWritten(cause);
}

function isMessageLike(value: unknown): value is MessageLike {
  return typeof value === "object" && value !== null && "code" in value && typeof value.code === "string";
}

/**
 * What kind of failure an error is, which decides the CLI's exit code (SPEC §9): `usage` — the
 * command line is wrong (2); `input` — the workbook, rubric or file cannot be used, nothing was
 * written (3); `bug` — a fault of the program (1).
 */
export type ExitCategory = "usage" | "input" | "bug";

/**
 * The one error type of every layer: a catalogue message and an exit category. `code` says what
 * went wrong when a message wraps another (NO_TABLE whatever hint is added); `message` (for stack
 * traces and logs) is the Chinese text; show users `error.text(lang)`.
 */
export class AppError extends Error {
  /** What went wrong, for callers that branch on it: the message's code unless another is given. */
  readonly code: string;
  readonly category: ExitCategory;

  constructor(
    readonly msg: Message,
    options: { category?: ExitCategory; code?: string; cause?: unknown } = {},
  ) {
    super(render(msg, "zh"), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = options.code ?? msg.code;
    this.category = options.category ?? "input";
  }

  text(lang: Lang): string {
    return render(this.msg, lang);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
