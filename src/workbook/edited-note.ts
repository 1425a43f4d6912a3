/**
 * The prefix of the note the pane adds to a rubric for each threshold it changed ("（已修改）五星级
 * 总分 ≥：95 → 96"), read back by the sheets handed upward. A module of its own: the pane's first
 * chunk takes it without the message catalogue.
 */
export const EDITED_NOTE = "（已修改）";
