/**
 * A user's column mapping names each field by its id (the task pane) or, typed on the command
 * line (`--map 服务机制=F`), by what the user calls it: its label, English label or an alias, as a
 * header would say it. Keys are turned into field ids before layout detection; a key that names no
 * field is kept as it is, for the layout's "not a field of this rubric" notice.
 */
import { normalizeHeader } from "../engine/headers";
import type { Rubric } from "../engine/types";

function key(text: string): string {
  return normalizeHeader(text).key;
}

/** The field id a mapping key names in `rubric`, or undefined. */
export function fieldIdOf(rubric: Rubric, name: string): string | undefined {
  if (rubric.fields.some((f) => f.id === name)) return name;
  const wanted = key(name);
  if (wanted === "") return undefined;
  const named = (f: Rubric["fields"][number]) =>
    [f.label, f.labelEn ?? "", ...(f.aliases ?? [])].some((n) => n !== "" && key(n) === wanted);
  return rubric.fields.find(named)?.id;
}

/** The mapping keyed by field id (later entries win when two keys name one field). */
export function mappingByFieldId(rubric: Rubric, mapping: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, letter] of Object.entries(mapping)) out[fieldIdOf(rubric, name) ?? name] = letter;
  return out;
}
