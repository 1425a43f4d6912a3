/**
 * Reading one raw cell (SPEC §3.1): `parse*` return a tagged `Parsed<T>` — a value, missing (blank:
 * "", "—", "-", "/", null…), or invalid with the reason as a catalogue message.
 * Nothing here throws, whatever the input (arrays, symbols, proxies of odd objects…).
 */
import { msg, type Message } from "../messages";
import type { Parsed, RawCell } from "./types";

/** What a cell is read as, which names it in an invalid cell's reason. */
export type CellKind = "score" | "percent" | "yesno" | "count" | "stars" | "text";

/**
 * What names and headers are compared without: white space, and the zero-width characters
 * (U+200B–U+200D, U+2060) that text pasted from web pages and chats carries.
 */
export const SPACING = /[\s\u200b-\u200d\u2060]/;
const SPACING_RUNS = /[\s\u200b-\u200d\u2060]+/g;

/** `s` without SPACING. */
export function withoutSpacing(s: string): string {
  return s.replace(SPACING_RUNS, "");
}

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their half-width forms. */
export function toHalfWidth(s: string): string {
  let wide = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) {
      wide = true;
      break;
    }
  }
  if (!wide) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += " ";
    else out += s[i];
  }
  return out;
}

const ZERO_WIDTH = /[\u200b-\u200d\u2060]/g;

/** Trimmed, half-width text of a string cell, without zero-width characters ("19\u200b" is 19). */
export function cleanText(s: string): string {
  // One scan decides whether anything needs doing; most cells ("18分", "是", "第一党支部") do not.
  const n = s.length;
  if (n === 0) return s;
  let plain = true;
  let zeroWidth = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) plain = false;
    else if ((c >= 0x200b && c <= 0x200d) || c === 0x2060) zeroWidth = true;
  }
  if (plain && !zeroWidth && !isSpaceCode(s.charCodeAt(0)) && !isSpaceCode(s.charCodeAt(n - 1))) return s;
  const half = toHalfWidth(s);
  return (zeroWidth ? half.replace(ZERO_WIDTH, "") : half).trim();
}

/**
 * A number as Excel shows it, to 15 significant digits. A formula's result carries binary noise
 * Excel never shows (=SUM(6.4,9.8,3.8) stores 20.000000000000004, =0.18+0.69+0.08 stores
 * 0.9499999999999998): read as stored, 20 was "out of 0–20" and 95% "below 95%". Whole numbers,
 * the usual case, pass as they are; the rest by arithmetic (toPrecision took ~40× as long).
 */
export function excelShown(n: number): number {
  if (Number.isInteger(n)) return n;
  // Most cells hold a few decimals (17.5, 0.96): such a number is as shown, found without a logarithm.
  if (Math.round(n * 1e6) / 1e6 === n || !Number.isFinite(n)) return n;
  const a = Math.abs(n);
  if (a >= 1e15) return n;
  const scale = 10 ** (15 - Math.ceil(Math.log10(a)));
  return Math.round(n * scale) / scale;
}

/** Characters that String.prototype.trim removes, for the common cases (ASCII, NBSP, U+3000…). */
function isSpaceCode(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x1680 ||
    c === 0x202f ||
    c === 0x205f
  );
}

const BLANK_RE = /^[-—–―/\\]*$/;

/** Blank after cleaning: "", "—", "-", "/", "——". */
export function isBlankText(clean: string): boolean {
  if (clean.length === 0) return true;
  const c = clean.charCodeAt(0);
  // Only dashes and slashes can start a blank marker; skip the regex for everything else.
  if (c !== 0x2d && c !== 0x2f && c !== 0x5c && (c < 0x2013 || c > 0x2015)) return false;
  return BLANK_RE.test(clean);
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A plain decimal number in s[0, end) (no hex, no exponent, no "Infinity"); null otherwise. Spaces
 * before `end` are skipped ("18 分"). Up to 15 digits the value is built directly: an exact integer
 * divided by an exact power of ten is correctly rounded, i.e. the same double Number() gives, without
 * Number()'s cost on a fresh string. Longer numbers go through Number().
 */
function numberFromText(s: string, end = s.length): number | null {
  while (end > 0 && s.charCodeAt(end - 1) === 0x20) end--;
  let i = 0;
  let neg = false;
  if (end > 0) {
    const c0 = s.charCodeAt(0);
    if (c0 === 0x2b || c0 === 0x2d) {
      neg = c0 === 0x2d;
      i = 1;
    }
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 0x2e && fraction < 0) {
      fraction = 0;
    } else {
      return null;
    }
  }
  if (digits === 0) return null;
  if (digits > 15) return Number(s.slice(0, end));
  const v = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  return neg ? -v : v;
}

function isExcelError(raw: unknown): boolean {
  if (typeof raw !== "object" || raw === null || raw instanceof Date || Array.isArray(raw)) return false;
  try {
    return typeof (raw as { error?: unknown }).error === "string";
  } catch {
    return false;
  }
}

/** A cell that holds no value: blank, or invalid with the reason. */
export type NoValue = Exclude<Parsed<never>, { kind: "value" }>;

/** A blank cell; shared, since it carries nothing. */
const BLANK: NoValue = Object.freeze({ kind: "missing" });

/**
 * The `parse*` functions below are the `read*` ones with the value wrapped. The engine reads every
 * cell of every row with `read*`, which return a value as it is, without a wrapper object
 * (docs/schemes.md "Speed").
 */
function parsed<T>(v: T | NoValue, isValue: (v: T | NoValue) => v is T): Parsed<T> {
  return isValue(v) ? { kind: "value", value: v } : v;
}

const isNumber = (v: number | NoValue): v is number => typeof v === "number";
const isBoolean = (v: boolean | NoValue): v is boolean => typeof v === "boolean";
const isString = (v: string | NoValue): v is string => typeof v === "string";

function invalid(kind: CellKind, raw: unknown): NoValue {
  return { kind: "invalid", reason: invalidReason(kind, raw) };
}

/** Score: 18, 18.5, "18", " 18 ", "18分", "１８．５"; blank ("", "—", null) is missing. */
export function readScore(raw: RawCell | unknown): number | NoValue {
  if (typeof raw === "number") return Number.isFinite(raw) ? excelShown(raw) : invalid("score", raw);
  if (typeof raw === "string") {
    const s = cleanText(raw);
    if (isBlankText(s)) return BLANK;
    const n = numberFromText(s, s.charCodeAt(s.length - 1) === 0x5206 /* 分 */ ? s.length - 1 : s.length);
    return n === null ? invalid("score", raw) : n;
  }
  if (raw === null || raw === undefined) return BLANK;
  return invalid("score", raw);
}

export function parseScore(raw: RawCell | unknown): Parsed<number> {
  return parsed(readScore(raw), isNumber);
}

/** A number in a percent cell before it is read as a fraction: the number and whether "%" followed. */
function percentNumber(raw: unknown): { n: number; explicit: boolean } | "blank" | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? { n: excelShown(raw), explicit: false } : null;
  if (typeof raw === "string") {
    const s = cleanText(raw);
    if (isBlankText(s)) return "blank";
    const explicit = s.charCodeAt(s.length - 1) === 0x25; /* % */
    const n = numberFromText(s, explicit ? s.length - 1 : s.length);
    return n === null ? null : { n, explicit };
  }
  return raw === null || raw === undefined ? "blank" : null;
}

/** Percent as a fraction 0..1: 0.96, 96, "96%", "96", "0.96"; numbers in (1, 100] are percents. */
export function readPercent(raw: RawCell | unknown): number | NoValue {
  // A number cell (0.96) needs no parsing; most sheets hold these.
  if (typeof raw === "number" && Number.isFinite(raw) && raw >= 0 && raw <= 1) return excelShown(raw);
  const p = percentNumber(raw);
  if (p === "blank") return BLANK;
  if (p === null || p.n < 0) return invalid("percent", raw);
  if (p.explicit) return p.n <= 100 ? p.n / 100 : invalid("percent", raw);
  if (p.n <= 1) return p.n;
  return p.n <= 100 ? p.n / 100 : invalid("percent", raw);
}

export function parsePercent(raw: RawCell | unknown): Parsed<number> {
  return parsed(readPercent(raw), isNumber);
}

const YES_NO = new Map<string, boolean>();
for (const w of [
  "是",
  "√",
  "✓",
  "✔",
  "☑",
  "有",
  "达标",
  "已达标",
  "合格",
  "通过",
  "已通过",
  "已完成",
  "完成",
  "符合",
  "✅",
  "y",
  "yes",
  "true",
  "t",
  "1",
  "对",
]) {
  YES_NO.set(w, true);
}
for (const w of [
  "否",
  "×",
  "✗",
  "✘",
  "x",
  "☒",
  "❌",
  "无",
  "未达标",
  "不达标",
  "不合格",
  "未通过",
  "不通过",
]) {
  YES_NO.set(w, false);
}
for (const w of ["未完成", "没完成", "不符合", "n", "no"]) {
  YES_NO.set(w, false);
}
for (const w of ["false", "f", "0", "错", "没有"]) YES_NO.set(w, false);

/**
 * Yes/no: 是/否, √/×, ✓/✗, 有/无, (已)达标/未达标/不达标, 合格/不合格, (已)通过/未通过/不通过,
 * (已)完成/未完成, 符合/不符合, Y/N, yes/no, TRUE/FALSE, 1/0, booleans (table in README.md).
 */
export function readYesNo(raw: RawCell | unknown): boolean | NoValue {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "number") return raw === 1 || raw === 0 ? raw === 1 : invalid("yesno", raw);
  if (typeof raw === "string") {
    const s = cleanText(raw);
    if (isBlankText(s)) return BLANK;
    // Exact text first: lower-casing CJK strings is not free.
    let v = YES_NO.get(s);
    if (v === undefined && s.length <= 5) v = YES_NO.get(s.toLowerCase());
    return v === undefined ? invalid("yesno", raw) : v;
  }
  if (raw === null || raw === undefined) return BLANK;
  return invalid("yesno", raw);
}

export function parseYesNo(raw: RawCell | unknown): Parsed<boolean> {
  return parsed(readYesNo(raw), isBoolean);
}

const CN_DIGITS = new Map([
  ["零", 0],
  ["〇", 0],
  ["一", 1],
  ["二", 2],
  ["三", 3],
  ["四", 4],
  ["五", 5],
  ["六", 6],
  ["七", 7],
  ["八", 8],
  ["九", 9],
]);

/** 0–99 in Chinese numerals (两, 十, 十二, 二十, 二十三), or null: a count is rarely larger. */
function chineseCount(s: string): number | null {
  if (s === "两") return 2;
  if (s.length === 1) return s === "十" ? 10 : (CN_DIGITS.get(s) ?? null);
  const ten = s.indexOf("十");
  if (ten < 0 || ten > 1 || s.length > 3) return null;
  const tens = ten === 0 ? 1 : CN_DIGITS.get(s[0]!);
  const units = ten === s.length - 1 ? 0 : CN_DIGITS.get(s[ten + 1]!);
  // 零 is no digit of a tens form ("十零", "零十"): refused rather than read.
  if (tens === undefined || units === undefined || tens === 0 || (ten < s.length - 1 && units === 0))
    return null;
  return tens * 10 + units;
}

/** A count's text without its unit: "2次", "两个" → "2", "两". */
const COUNT_UNIT = /\s*[次个]$/;

/**
 * A count (文体活动次数): a whole number ≥ 0, as 2, "2次", "两次", "二次", "十二次", "3个". A yes/no
 * word (是, 有, √) is not a count and is refused, as is a fraction or a negative number
 * (docs/schemes.md "文体活动次数"): guessing 是 = 1 or rounding 2.5 would decide a standard for the user.
 */
export function readCount(raw: RawCell | unknown): number | NoValue {
  let n: number | null = null;
  if (typeof raw === "number") n = Number.isFinite(raw) ? excelShown(raw) : null;
  else if (typeof raw === "string") {
    const s = cleanText(raw);
    if (isBlankText(s)) return BLANK;
    const bare = s.replace(COUNT_UNIT, "");
    n = bare === "" ? null : (numberFromText(bare) ?? chineseCount(bare));
  } else if (raw === null || raw === undefined) return BLANK;
  return n !== null && Number.isInteger(n) && n >= 0 ? n : invalid("count", raw);
}

export function parseCount(raw: RawCell | unknown): Parsed<number> {
  return parsed(readCount(raw), isNumber);
}

const STARS = new Map<string, number>();
{
  const cn = ["零", "一", "二", "三", "四", "五"];
  for (let n = 0; n <= 5; n++) {
    const forms = [`${n}`, `${n}星`, `${n}星级`, `${n}颗星`, `${cn[n]}星`, `${cn[n]}星级`, `${cn[n]}颗星`];
    if (n === 2) forms.push("两星", "两星级", "两颗星");
    if (n > 0) forms.push("★".repeat(n), "★".repeat(n) + "☆".repeat(5 - n));
    else forms.push("☆☆☆☆☆", "无星", "无星级", "未评星", "未获星", "无");
    for (const f of forms) STARS.set(f, n);
  }
}

/** Stars 0..5: 5, "五星级", "五星", "★★★★★", "5星", "无星". */
export function readStars(raw: RawCell | unknown): number | NoValue {
  if (typeof raw === "number")
    return Number.isInteger(raw) && raw >= 0 && raw <= 5 ? raw : invalid("stars", raw);
  if (typeof raw === "string") {
    let s = cleanText(raw);
    if (isBlankText(s)) return BLANK;
    let v = STARS.get(s);
    if (v !== undefined) return v;
    // Rarer forms: "五 星 级", "五星级党支部".
    if (s.indexOf(" ") >= 0) s = s.replace(/\s+/g, "");
    if (s.endsWith("党支部")) s = s.slice(0, -3);
    v = STARS.get(s);
    return v === undefined ? invalid("stars", raw) : v;
  }
  if (raw === null || raw === undefined) return BLANK;
  return invalid("stars", raw);
}

export function parseStars(raw: RawCell | unknown): Parsed<number> {
  return parsed(readStars(raw), isNumber);
}

/** Text: trimmed half-width string; numbers as written; booleans TRUE/FALSE; dates as yyyy-mm-dd. */
export function readText(raw: RawCell | unknown): string | NoValue {
  if (typeof raw === "string") {
    const s = cleanText(raw);
    return isBlankText(s) ? BLANK : s;
  }
  if (typeof raw === "number") return Number.isFinite(raw) ? String(raw) : invalid("text", raw);
  if (raw === null || raw === undefined) return BLANK;
  if (typeof raw === "boolean") return raw ? "TRUE" : "FALSE";
  if (raw instanceof Date) {
    const t = raw.getTime();
    return Number.isFinite(t) ? raw.toISOString().slice(0, 10) : invalid("text", raw);
  }
  return invalid("text", raw);
}

export function parseText(raw: RawCell | unknown): Parsed<string> {
  return parsed(readText(raw), isString);
}

/** Short, safe display of any raw value (never throws, never huge). */
export function describeRaw(raw: unknown): string {
  try {
    if (typeof raw === "string")
      return raw.length > 20 ? JSON.stringify(raw.slice(0, 20) + "…") : JSON.stringify(raw);
    if (typeof raw === "number" || typeof raw === "boolean" || typeof raw === "bigint") return String(raw);
    if (raw instanceof Date)
      return Number.isFinite(raw.getTime()) ? raw.toISOString().slice(0, 10) : "Invalid Date";
    if (isExcelError(raw)) return String((raw as { error: string }).error);
    if (Array.isArray(raw)) return "[…]";
    if (typeof raw === "symbol") return "symbol";
    if (typeof raw === "function") return "function";
    return "{…}";
  } catch {
    return "?";
  }
}

/** Why a cell is invalid for a kind (src/messages/engine.ts renders it). */
export function invalidReason(kind: CellKind, raw: unknown): Message {
  if (isExcelError(raw)) return msg("CELL_EXCEL_ERROR", { error: describeRaw(raw) });
  if (raw instanceof Date) return msg("CELL_DATE", { kind });
  if (kind === "percent" && (typeof raw === "number" || typeof raw === "string")) {
    const n = parseScore(typeof raw === "string" ? raw.replace(/[%％]\s*$/, "") : raw);
    if (n.kind === "value") return msg("CELL_PERCENT_RANGE", { raw: describeRaw(raw) });
  }
  if (kind === "count") return msg("CELL_NOT_COUNT", { raw: describeRaw(raw) });
  if (kind === "stars" && typeof raw === "number" && Number.isFinite(raw)) {
    return msg("CELL_STARS_RANGE", { raw: describeRaw(raw) });
  }
  return msg("CELL_NOT_KIND", { raw: describeRaw(raw), kind });
}
