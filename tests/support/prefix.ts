/**
 * A part respelt with a namespace prefix, as the Open XML SDK and ClosedXML write SpreadsheetML
 * (`<x:worksheet xmlns:x="…">`) and Python's ElementTree writes package parts (`<ns0:Types …>`):
 * the root's default namespace declared as `prefix` instead, and every element written with it.
 */
export function withPrefix(xml: string, prefix: string): string {
  const declared = xml.replace(/(<[A-Za-z][\w.-]*\b[^>]*?\s)xmlns=/, `$1xmlns:${prefix}=`);
  if (declared === xml) throw new Error("the part declares no default namespace");
  return declared.replace(/<(\/?)([A-Za-z_][\w.-]*)(?=[\s/>])/g, `<$1${prefix}:$2`);
}
