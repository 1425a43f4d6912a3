/**
 * The workbook's defined names (公式中用到的「合格线」, a print area, a name scoped to one sheet),
 * compared before and after ExcelJS writes a workbook anew: it drops constants and formulas, turns
 * a sheet's name into the workbook's and rewrites references (docs/xlsx-round-trip.md). A name is
 * its text, its scope (the sheet's name, not its index) and its value with `$` left out.
 */
import { unescapeXml, xmlAttributes } from "./xml";

/**
 * Names not compared: Excel keeps _FilterDatabase itself, from the sheet's autoFilter; print titles
 * are the plan's to set where the page setup is its own (docs/owned-sheets.md).
 */
const NOT_COMPARED = new Set(["_xlnm._FilterDatabase", "_xlnm.Print_Titles"]);

/**
 * One key per defined name of a workbook part: "name|scope|value". Excel's own names (a print
 * area) are compared without `$`: ExcelJS writes "$A$1:$P$33" as "$A1:$P33", the same area.
 * Names scoped to a sheet in `skipScopes` (the tool's own sheets, written anew) are left out.
 */
export function definedNameKeys(workbookXml: string, skipScopes: ReadonlySet<string> = new Set()): string[] {
  const sheets = [...workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)].map(
    (m) => xmlAttributes(m[0]).get("name") ?? "",
  );
  const keys: string[] = [];
  for (const m of workbookXml.matchAll(/<((?:\w+:)?definedName)\b([^>]*)>([\s\S]*?)<\/\1>/g)) {
    const attributes = xmlAttributes(`<definedName${m[2]}>`);
    const name = attributes.get("name") ?? "";
    if (NOT_COMPARED.has(name)) continue;
    const local = attributes.get("localSheetId");
    const scope = local === undefined ? "" : (sheets[Number(local)] ?? `#${local}`);
    if (skipScopes.has(scope)) continue;
    const value = unescapeXml(m[3]!).trim();
    keys.push(`${name}|${scope}|${name.startsWith("_xlnm.") ? value.replace(/\$/g, "") : value}`);
  }
  return keys;
}

/** The names of the source's defined names that the written workbook does not hold as they were. */
export function lostDefinedNames(
  sourceXml: string,
  writtenXml: string | undefined,
  skipScopes: ReadonlySet<string> = new Set(),
): string[] {
  const kept = new Set(writtenXml === undefined ? [] : definedNameKeys(writtenXml));
  return definedNameKeys(sourceXml, skipScopes)
    .filter((key) => !kept.has(key))
    .map((key) => key.slice(0, key.indexOf("|")));
}
