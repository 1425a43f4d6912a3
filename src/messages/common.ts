/** Messages any layer may use. */
import { defineMessages } from "./core";

export const commonMessages = defineMessages({
  /** Text written by a rubric's author (rule messages, labels), carried in both languages as given. */
  TEXT: {
    zh: (p: { zh: string; en?: string }) => p.zh,
    en: (p) => p.en ?? p.zh,
    example: { zh: "示例", en: "example" },
  },
});
