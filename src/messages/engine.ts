/** Messages of the engine layer (src/engine). */
import { defineMessages } from "./core";

export const engineMessages = defineMessages({});
