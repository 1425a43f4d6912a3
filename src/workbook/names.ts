/**
 * Branch names compared across files (申报汇总), across years (上年星级) and with a 定稿: full/half
 * width, case, spaces, line breaks and zero-width characters do not count, nor does a leading
 * numbering ("1.", "1、", "一、"), so "第一党支部", "第一 党支部" and "１.第一党支部" are one branch
 * (docs/records.md). Anything else is part of the name: "离退休党支部(1)" and "离退休党支部(2)" are two
 * branches, and "1.2支部" is not "2支部" (a header's "(20分)" or "(%)" is an annotation; in a
 * name, a number in brackets tells branches apart).
 */
import { withoutSpacing } from "../engine/cells";

/** A list number before the name; "1." followed by a digit is a decimal ("1.2支部"), not a list number. */
const LEADING_NUMBERING = /^(?:\d{1,2}(?:、|\.(?!\d))|[一二三四五六七八九十]{1,3}[.、])/;

export function branchKey(name: string): string {
  return withoutSpacing(name.normalize("NFKC").toLowerCase()).replace(LEADING_NUMBERING, "");
}
