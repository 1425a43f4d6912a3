/**
 * How tiers look (docs/owned-sheets.md "Tier colours and stars"): one fill per tier whose greyscale
 * value (Rec. 601 luma, what a black-and-white printer prints) stays at least 24 of 255 away from
 * every other, darkest for 五星级; white text on the two dark fills. The stars (★★★★☆) are shown
 * after the label by the 评定星级 cell's number format, so the cell keeps the bare tier label that
 * re-runs, 上年星级 and last year's workbook read back; 星数 stays a plain number.
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

function baseFormat(stars: number): CellFormat {
  const dark = stars > WHITE_TEXT_BELOW;
  return {
    fill: TIER_FILLS[stars],
    horizontal: "center",
    bold: stars >= 4,
    fontColor: dark ? "#FFFFFF" : "#000000",
  };
}

/** One shared format object per star count: 50,000 rows should not mean 50,000 identical objects. */
const TIER_FORMATS = [0, 1, 2, 3, 4, 5].map(baseFormat);
/**
 * The same with the stars shown after the label by a text number format (`@" ★★★★☆"`): the cell
 * still holds the bare label, which re-runs, 上年星级 and last year's workbook read back.
 */
const STARRED_FORMATS = [0, 1, 2, 3, 4, 5].map((n) => ({ ...baseFormat(n), numFmt: `@" ${starText(n)}"` }));

/**
 * The 评定星级 cell's format for a rated row of `stars` (NOT_RATED_FORMAT when not rated); with
 * `withStars`, the stars are displayed after the label (the scored sheet's column is wide enough).
 */
export function tierFormat(stars: number | null, withStars = false): CellFormat {
  if (stars === null) return NOT_RATED_FORMAT;
  return (withStars ? STARRED_FORMATS : TIER_FORMATS)[clampStars(stars)] ?? NOT_RATED_FORMAT;
}

/** "★★★★☆": filled stars for the count, hollow up to `outOf` (5 in every preset). */
export function starText(stars: number, outOf = 5): string {
  const n = clampStars(stars);
  return "★".repeat(n) + "☆".repeat(Math.max(0, outOf - n));
}

/** Rec. 601 luma of "#RRGGBB", 0..255: the grey a colour prints as. */
export function luma(hex: string): number {
  const v = Number.parseInt(hex.slice(1), 16);
  return 0.299 * ((v >> 16) & 255) + 0.587 * ((v >> 8) & 255) + 0.114 * (v & 255);
}
