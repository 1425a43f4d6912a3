/** `--rubric`: a preset id, else a rubric JSON file (SPEC §9). */
import { existsSync, promises as fs, statSync } from "node:fs";
import path from "node:path";
import { getPreset, jsonProblemMessage, parseJsonText, parseRubric, presets } from "../engine";
import type { Rubric } from "../engine/types";
import { AppError, msg } from "../messages";
import { nearest } from "./suggest";

/** A preset by id, else a JSON file validated by the rubric schema; an AppError (exit 3) otherwise. */
export async function loadRubricOption(spec: string): Promise<Rubric> {
  const preset = getPreset(spec);
  if (preset) return preset;
  // Any existing file is read as rubric JSON, whatever its extension; otherwise say which it was meant to be.
  if (!existsSync(spec) || !statSync(spec).isFile()) {
    if (/\.json$/i.test(spec) || spec.includes("/") || spec.includes(path.sep))
      throw new AppError(msg("CLI_RUBRIC_FILE_NOT_FOUND", { file: spec }));
    const listed = presets.map((p) => ({ id: p.id, name: p.name }));
    // service_org → service-org; 服务型 → service-org (五星级服务型党组织).
    const guess = nearest(spec, presets, (p) => [p.id, p.name, p.nameEn ?? ""]);
    const params = { spec, presets: listed };
    throw new AppError(
      msg("CLI_NO_SUCH_RUBRIC", guess ? { ...params, guess: { id: guess.id, name: guess.name } } : params),
    );
  }
  // Line and column of a mistake, not JSON.parse's "at position 6726" (src/engine/json-text.ts).
  const parsedText = parseJsonText(await fs.readFile(spec, "utf8"));
  if (!parsedText.ok)
    throw new AppError(
      msg("CLI_RUBRIC_NOT_JSON", { file: spec, where: jsonProblemMessage(parsedText.problem) }),
    );
  const parsed = parseRubric(parsedText.value);
  if (!parsed.ok) {
    const problems = parsed.errors.map((e) => ({ zh: e.message, en: e.messageEn }));
    throw new AppError(msg("CLI_RUBRIC_INVALID", { file: spec, problems }));
  }
  return parsed.rubric;
}
