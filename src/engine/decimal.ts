/**
 * Exact decimal arithmetic for totals. A cell value such as 18.333 is a binary double whose
 * "decimal value" is its shortest round-trip text; sums and half-up rounding must work on that
 * decimal value, never on the binary approximation (94.995 must round to 95.00, and
 * 18.333 + 18.333 + 18.334 + 20 + 20 must be exactly 95).
 *
 * Fast path: values with at most 9 decimals are scaled to integers (× 1e9) and summed as safe
 * integers — no allocation, a multiply and a round per value. Anything else (more decimals, very
 * large magnitudes, weights) goes through BigInt on the number's shortest decimal text.
 */

/** Scale of the fast path: 9 decimal places. */
export const FAST_SCALE = 1e9;
const FAST_DIGITS = 9;
/** Keep sums well inside 2^53 so integer arithmetic on doubles stays exact. */
const FAST_LIMIT = 2 ** 50;

const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(10 ** i);

/**
 * `x` as an integer count of 1e-9 units, or NaN when `x` has more than 9 decimals or is too large
 * to sum exactly. Division of an exact integer by 1e9 is correctly rounded, so a round trip that
 * gives `x` back proves the decimal value of `x` has at most 9 decimals.
 */
export function toFastScaled(x: number): number {
  const n = Math.round(x * FAST_SCALE);
  if (n / FAST_SCALE !== x || n > FAST_LIMIT || n < -FAST_LIMIT) return NaN;
  return n;
}

/** Rounds a fast-scaled integer half away from zero to `decimals` places; returns the number. */
export function roundFastScaled(n: number, decimals: number): number {
  if (decimals >= FAST_DIGITS) return n / FAST_SCALE;
  return roundFastUnits(n, decimals) / POW10[decimals]!;
}

/** Rounds a fast-scaled integer half away from zero to a count of 10^-decimals units (decimals ≤ 9). */
function roundFastUnits(n: number, decimals: number): number {
  const f = POW10[FAST_DIGITS - decimals]!;
  const neg = n < 0;
  const a = neg ? -n : n;
  let q = Math.floor(a / f);
  let r = a - q * f;
  // Floating division of large integers can land one off; the remainder fixes it.
  if (r < 0) {
    q -= 1;
    r += f;
  } else if (r >= f) {
    q += 1;
    r -= f;
  }
  if (2 * r >= f) q += 1;
  return neg ? -q : q;
}

/** An exact decimal: int × 10^-scale. */
export interface Dec {
  int: bigint;
  scale: number;
}

/** The exact decimal value of a finite double's shortest text (handles "1e-7" and "1.5e+21"). */
export function decFromNumber(x: number): Dec {
  const text = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) return { int: 0n, scale: 0 };
  const sign = m[1] === "-" ? -1n : 1n;
  const intPart = m[2] ?? "0";
  const frac = m[3] ?? "";
  const exp = m[4] ? Number(m[4]) : 0;
  let digits = BigInt(intPart + frac);
  let scale = frac.length - exp;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { int: sign * digits, scale };
}

function rescale(d: Dec, scale: number): bigint {
  return d.scale === scale ? d.int : d.int * 10n ** BigInt(scale - d.scale);
}

export function decAdd(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { int: rescale(a, scale) + rescale(b, scale), scale };
}

export function decSub(a: Dec, b: Dec): Dec {
  return decAdd(a, { int: -b.int, scale: b.scale });
}

export function decMul(a: Dec, b: Dec): Dec {
  return { int: a.int * b.int, scale: a.scale + b.scale };
}

/** Half away from zero to `decimals` places, as the nearest double. */
export function decRound(d: Dec, decimals: number): number {
  if (d.scale <= decimals) return Number(d.int) / 10 ** d.scale;
  const f = 10n ** BigInt(d.scale - decimals);
  const neg = d.int < 0n;
  const a = neg ? -d.int : d.int;
  let q = a / f;
  const r = a - q * f;
  if (2n * r >= f) q += 1n;
  const signed = neg ? -q : q;
  // Number(bigint) is exact below 2^53; the division is then correctly rounded.
  return Number(signed) / 10 ** decimals;
}

export function decToNumber(d: Dec): number {
  return Number(d.int) / 10 ** d.scale;
}

/**
 * An exact sum built value by value (a row's criteria, without an array): scaled integers while every
 * value and the sum allow it, then decimals.
 */
export class DecimalSum {
  private fast = 0;
  private exact: Dec | null = null;

  add(v: number): void {
    if (this.exact === null) {
      const s = toFastScaled(v);
      const n = this.fast + s;
      if (n <= FAST_LIMIT && n >= -FAST_LIMIT) {
        this.fast = n;
        return;
      }
      // A value with more than 9 decimals (s is NaN), or a sum too large: carry on in decimals.
      this.exact = { int: BigInt(this.fast), scale: FAST_DIGITS };
    }
    this.exact = decAdd(this.exact, decFromNumber(v));
  }

  /** The sum rounded half-up to `decimals`. */
  rounded(decimals: number): number {
    return this.exact === null ? roundFastScaled(this.fast, decimals) : decRound(this.exact, decimals);
  }
}

/** Sum of values, exactly, rounded half-up to `decimals`. */
export function exactSum(values: readonly number[], decimals: number): number {
  const sum = new DecimalSum();
  for (let i = 0; i < values.length; i++) sum.add(values[i]!);
  return sum.rounded(decimals);
}

/** Σ value × weight, exactly, rounded half-up to `decimals`. */
export function exactWeightedSum(
  values: readonly number[],
  weights: readonly number[],
  decimals: number,
): number {
  let acc: Dec = { int: 0n, scale: 0 };
  for (let i = 0; i < values.length; i++) {
    acc = decAdd(acc, decMul(decFromNumber(values[i]!), decFromNumber(weights[i] ?? 1)));
  }
  return decRound(acc, decimals);
}

/** Rounds one value half-up to `decimals` on its decimal value. */
export function roundHalfUp(x: number, decimals: number): number {
  const s = toFastScaled(x);
  if (s === s) return roundFastScaled(s, decimals);
  return decRound(decFromNumber(x), decimals);
}

/** a − b on decimal values (both finite), as the nearest double. */
export function exactDiff(a: number, b: number): number {
  const sa = toFastScaled(a);
  const sb = toFastScaled(b);
  if (sa === sa && sb === sb) return (sa - sb) / FAST_SCALE;
  return decToNumber(decSub(decFromNumber(a), decFromNumber(b)));
}

/**
 * The rounded value as an integer count of 10^-decimals units, when that count has at most 15 digits
 * (then it is exactly the digits of the value's shortest text: a decimal of ≤ 15 significant digits
 * survives the trip through a double), else NaN.
 */
function fastUnits(x: number, decimals: number): number {
  if (decimals > FAST_DIGITS) return NaN;
  const n = toFastScaled(x);
  if (n !== n) return NaN;
  const units = roundFastUnits(n, decimals);
  return units < 1e15 && units > -1e15 ? units : NaN;
}

/** Fixed-decimals text of an already rounded value, from its decimal value (no toFixed surprises). */
export function formatFixed(x: number, decimals: number): string {
  const units = fastUnits(x, decimals);
  if (units === units) {
    // Most totals (96.5 at 2 decimals → 9650 → "96.50"): integer digits, no BigInt.
    const neg = units < 0;
    const digits = String(neg ? -units : units);
    if (decimals === 0) return (neg ? "-" : "") + digits;
    const padded = digits.length > decimals ? digits : digits.padStart(decimals + 1, "0");
    const cut = padded.length - decimals;
    return (neg ? "-" : "") + padded.slice(0, cut) + "." + padded.slice(cut);
  }
  const d = decFromNumber(roundHalfUp(x, decimals));
  const neg = d.int < 0n;
  let digits = (neg ? -d.int : d.int).toString();
  let scale = d.scale;
  if (scale < decimals) {
    digits += "0".repeat(decimals - scale);
    scale = decimals;
  }
  if (decimals === 0) return (neg && digits !== "0" ? "-" : "") + digits;
  digits = digits.padStart(scale + 1, "0");
  const intPart = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return (neg ? "-" : "") + intPart + "." + frac;
}

/** Shortest text with at most `maxDecimals`, trailing zeros dropped: 0.5, 3, 12.25. */
export function formatTrim(x: number, maxDecimals = 6): string {
  // Fast path: the shortest text of a value rounded to few decimals already is its trimmed form.
  const n = toFastScaled(x);
  if (n === n && maxDecimals <= FAST_DIGITS) {
    const t = String(roundFastScaled(n, maxDecimals));
    if (t.indexOf("e") < 0) return t;
  }
  const text = formatFixed(x, maxDecimals);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
