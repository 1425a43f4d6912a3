/** Messages of the workbook layer (src/workbook). */
import { defineMessages } from "./core";

export const workbookMessages = defineMessages({});
