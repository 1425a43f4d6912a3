/**
 * How tiers look (docs/owned-sheets.md "Tier colours and stars"): one fill per tier whose greyscale
 * value (Rec. 601 luma, what a black-and-white printer prints) stays at least 24 of 255 away from
 * every other, darkest for 五星级; white text on the two dark fills. The stars (★★★★☆) are shown
 * by the 星数 cell's number format, so the cell's value stays the number 0–5 and the 评定星级 cell
 * keeps the bare tier label that re-runs, 上年星级 and last year's workbook read back.
 */
import type { CellFormat } from "./model";

/** Fill per star count. */
export const TIER_FILLS: Record<number, string> = {
  5: "#C00000",
  4: "#A74913",
  3: "#C68605",
  2: "#9BC362",
  1: "#A8D0EA",
  0: "#FFFFFF",
};
/** 未评定: pale red with dark red text, between 一星级 and 无星 in greyscale. */
export const NOT_RATED_FILL = "#FFD5DA";
const WHITE_TEXT_BELOW = 3;

export const NOT_RATED_FORMAT: CellFormat = {
  fill: NOT_RATED_FILL,
  fontColor: "#9C0006",
  bold: true,
  horizontal: "center",
};

function clampStars(stars: number): number {
  return Math.max(0, Math.min(5, Math.floor(stars)));
}

/** One shared format object per star count: 50,000 rows should not mean 50,000 identical objects. */
const TIER_FORMATS: Record<number, CellFormat> = Object.fromEntries(
  Object.entries(TIER_FILLS).map(([stars, fill]) => {
    const n = Number(stars);
    const dark = n > WHITE_TEXT_BELOW;
    return [n, { fill, horizontal: "center", bold: n >= 4, fontColor: dark ? "#FFFFFF" : "#000000" }];
  }),
);

/** The 评定星级 cell's format for a rated row of `stars`; NOT_RATED_FORMAT when not rated. */
export function tierFormat(stars: number | null): CellFormat {
  if (stars === null) return NOT_RATED_FORMAT;
  return TIER_FORMATS[clampStars(stars)] ?? NOT_RATED_FORMAT;
}

/** "★★★★☆": filled stars for the count, hollow up to `outOf` (5 in every preset). */
export function starText(stars: number, outOf = 5): string {
  const n = clampStars(stars);
  return "★".repeat(n) + "☆".repeat(Math.max(0, outOf - n));
}

const STARS_FORMATS = new Map<number, CellFormat>();

/**
 * The 星数 cell's format: an Excel number format that is only the quoted stars, so the cell shows
 * ★★★★☆ and holds 4 (sorting, filters, sums and pivots use the number).
 */
export function starsCellFormat(stars: number): CellFormat {
  const n = clampStars(stars);
  let f = STARS_FORMATS.get(n);
  if (!f) {
    f = { numFmt: `"${starText(n)}"`, horizontal: "center" };
    STARS_FORMATS.set(n, f);
  }
  return f;
}

/** Rec. 601 luma of "#RRGGBB", 0..255: the grey a colour prints as. */
export function luma(hex: string): number {
  const v = Number.parseInt(hex.slice(1), 16);
  return 0.299 * ((v >> 16) & 255) + 0.587 * ((v >> 8) & 255) + 0.114 * (v & 255);
}
