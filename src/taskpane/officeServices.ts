/**
 * PaneServices over the real engine, workbook layer and Office.js adapter.
 * (Interim: the rubric parts are wired; the Excel parts report that they are not available yet.)
 */
import { presets } from "../engine/presets";
import { parseRubric } from "../engine/rubric-schema";
import type { Rubric } from "../engine/types";
import type { PaneServices, RubricParse } from "./services";

function parseText(text: string): RubricParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ path: "", message: `不是有效的 JSON：${detail}`, messageEn: `Not valid JSON: ${detail}` }],
    };
  }
  return parseRubric(json);
}

const notYet = { message: "此功能尚未接入 Excel。", messageEn: "This action is not wired to Excel yet." };

export function createOfficeServices(): PaneServices {
  return {
    start: async () => ({ presets: [...presets], carried: null, carriedMapping: {}, warnings: [] }),
    inspect: async () => ({ ok: false, error: notYet }),
    recompute: async () => ({ ok: false, error: notYet }),
    createTemplate: async () => ({ ok: false, error: notYet }),
    selectCell: async () => {
      throw new Error(notYet.messageEn);
    },
    importRubric: parseText,
    validateRubric: (candidate) => parseRubric(candidate),
    exportRubric: (rubric: Rubric) => ({
      fileName: `${rubric.id}-${rubric.version}.json`,
      text: `${JSON.stringify(rubric, null, 2)}\n`,
    }),
  };
}
