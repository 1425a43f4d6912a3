/**
 * Rubric problems in words: zod's error map (`issueText`) turns each issue into a catalogue message
 * (src/messages/engine.ts) with its path, rendered in the language asked for. Issues from the
 * schema's own checks carry their message as `params.text`; zod's built-in issues are worded here
 * from their code and data (`input`, `expected`, `pattern`…), never from a message text.
 */
import { z } from "zod";
import { msg, render, type Lang, type Message, type MessageLike } from "../messages";
import type { IdFormat, JsonKind } from "../messages/engine";
import { ID_PATTERNS } from "./rubric-schema-defaults";

type RawIssue = z.core.$ZodRawIssue;

/** `tiers.bands[2].min` (zod's toDotPath); the root is "rubric". */
export function formatPath(path: readonly PropertyKey[]): string {
  return z.core.toDotPath(path) || "rubric";
}

/** Where an issue is: an unknown key's own path rather than its object's. */
function pathOf(issue: { path?: PropertyKey[] | undefined; code: string; keys?: unknown }): string {
  const path = issue.path ?? [];
  const keys = issue.code === "unrecognized_keys" && Array.isArray(issue.keys) ? issue.keys : [];
  return formatPath(keys.length === 1 ? [...path, String(keys[0])] : path);
}

export function rubricErrorPath(issue: z.core.$ZodIssue): string {
  return pathOf(issue);
}

function kindOf(v: unknown): JsonKind {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  const t = typeof v;
  return t === "string" || t === "number" || t === "boolean" ? t : "object";
}

const EXPECTED_KINDS: readonly JsonKind[] = ["string", "number", "boolean", "array", "object", "int"];

function expectedKind(expected: string): JsonKind {
  return EXPECTED_KINDS.find((k) => k === expected) ?? "object";
}

function formatOf(pattern: string | undefined): IdFormat {
  const entry = Object.entries(ID_PATTERNS).find(([, re]) => String(re) === pattern);
  return entry?.[0] === "field-id" || entry?.[0] === "rule-code" || entry?.[0] === "rubric-id"
    ? entry[0]
    : "other";
}

function isMessageLike(value: unknown): value is MessageLike {
  return typeof value === "object" && value !== null && "code" in value && typeof value.code === "string";
}

/** A value outside a bound: a count of items, an empty string, or a number. */
function boundText(
  side: "min" | "max",
  origin: string,
  bound: number | bigint,
  inclusive: boolean | undefined,
): Message {
  const of = origin === "array" ? "array" : origin === "string" && side === "min" ? "string" : "number";
  return msg("RUBRIC_BOUND", { side, bound: String(bound), inclusive: inclusive !== false, of });
}

/** What is wrong, after the path. */
function detailOf(issue: RawIssue): MessageLike {
  switch (issue.code) {
    case "unrecognized_keys":
      return msg("RUBRIC_UNKNOWN_KEY");
    case "invalid_type":
      if (issue.input === undefined) return msg("RUBRIC_REQUIRED");
      return msg("RUBRIC_WRONG_TYPE", { expected: expectedKind(issue.expected), got: kindOf(issue.input) });
    case "invalid_value":
      return msg("RUBRIC_ONE_OF", { values: issue.values.map((v) => JSON.stringify(v)).join(", ") });
    case "invalid_union":
      if (issue.path?.at(-1) === "kind" || typeof issue.input === "object")
        return msg("RUBRIC_NOT_AN_OPTION");
      return msg("RUBRIC_UNION_TYPE", { got: kindOf(issue.input) });
    case "too_small":
      return boundText("min", issue.origin, issue.minimum, issue.inclusive);
    case "too_big":
      return boundText("max", issue.origin, issue.maximum, issue.inclusive);
    case "invalid_format":
      return msg("RUBRIC_FORMAT", { format: issue.format === "regex" ? formatOf(issue.pattern) : "other" });
    case "custom":
      if (isMessageLike(issue.params?.text)) return issue.params.text;
      return msg("RUBRIC_INVALID_VALUE", { detail: issue.message ?? "" });
    default:
      return msg("RUBRIC_INVALID_VALUE", { detail: issue.code ?? "" });
  }
}

/** An issue as a catalogue message: its path and what is wrong there. */
export function issueMessage(issue: RawIssue): Message {
  const path = pathOf(issue);
  // JSON's 1e400 parses as Infinity: "a number", yet not one a rubric can hold.
  if (issue.code === "invalid_type" && typeof issue.input === "number" && !Number.isFinite(issue.input)) {
    return msg("NOT_FINITE_NUMBER", { path });
  }
  return msg("RUBRIC_AT", { path, text: detailOf(issue) });
}

/** zod's error map: the issue in the given language. */
export function issueText(issue: RawIssue, lang: Lang): string {
  return render(issueMessage(issue), lang);
}
