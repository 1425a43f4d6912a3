/** Messages between the page and its worker (client.ts ↔ worker.ts). */
import type { Lang } from "../engine/types";
import type { LocalizedText, PaneStart, TableInspection } from "../taskpane/services";
import type { RecomputeStage } from "../workbook";
import type { InspectArgs, MergeReply, ScoreArgs, ScoreReply } from "./file-scoring";

export type PageRequest =
  | { op: "open"; file: string; name: string; bytes: Uint8Array }
  | { op: "close"; file: string }
  | { op: "start"; file: string; lang: Lang }
  | { op: "inspect"; file: string; args: InspectArgs }
  | { op: "score"; file: string; args: ScoreArgs }
  | { op: "merge"; files: string[]; lang: Lang; now: number };

export interface PageReplies {
  open: null;
  close: null;
  start: PaneStart;
  inspect: TableInspection;
  score: ScoreReply;
  merge: MergeReply;
}

export type PageMessage =
  | { id: number; kind: "progress"; stage: RecomputeStage; fraction: number }
  | { id: number; kind: "done"; value: PageReplies[PageRequest["op"]] }
  | { id: number; kind: "failed"; error: LocalizedText };
