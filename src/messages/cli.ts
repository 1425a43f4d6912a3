/** Messages of the cli layer (src/cli). */
import { defineMessages } from "./core";

export const cliMessages = defineMessages({});
