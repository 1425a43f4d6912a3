/**
 * Per-rubric caches (compiled conditions, alias maps). Keyed by the rubric object, but a rubric that
 * is not frozen may have been edited in place since (the task pane's threshold editor works on
 * plain objects), so its JSON is compared before a cached value is trusted. Frozen rubrics (the
 * presets) skip the comparison.
 */
import type { Rubric } from "../../../src/engine/types";

export class RubricCache<T> {
  private readonly entries = new WeakMap<Rubric, { json: string | null; value: T }>();

  get(rubric: Rubric, build: (rubric: Rubric) => T): T {
    const frozen = Object.isFrozen(rubric);
    const json = frozen ? null : safeJson(rubric);
    const hit = this.entries.get(rubric);
    if (hit && (frozen || hit.json === json)) return hit.value;
    const value = build(rubric);
    this.entries.set(rubric, { json, value });
    return value;
  }
}

function safeJson(rubric: Rubric): string | null {
  try {
    return JSON.stringify(rubric);
  } catch {
    return null;
  }
}
