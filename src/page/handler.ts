/**
 * The page's requests answered over file-scoring.ts, with the files' bytes kept by id: the same
 * code in the worker and, where no worker can start, on the page.
 */
import type { RecomputeStage } from "../workbook";
import { failureText, inspectFile, mergeFiles, scoreFile, startFile } from "./file-scoring";
import type { PageReplies, PageRequest } from "./protocol";

export type Reply = PageReplies[PageRequest["op"]];

export function createHandler(): (
  request: PageRequest,
  onProgress: (stage: RecomputeStage, fraction: number) => void,
) => Promise<Reply> {
  const files = new Map<string, { name: string; bytes: Uint8Array }>();
  const fileFor = (id: string) => {
    const file = files.get(id);
    if (!file) throw new Error(`no file ${id}`);
    return file;
  };
  return async (request, onProgress) => {
    switch (request.op) {
      case "open":
        files.set(request.file, { name: request.name, bytes: request.bytes });
        return null;
      case "close":
        files.delete(request.file);
        return null;
      case "start": {
        const file = fileFor(request.file);
        return startFile(file.bytes, file.name, request.lang);
      }
      case "inspect": {
        const file = fileFor(request.file);
        return inspectFile(file.bytes, file.name, request.args);
      }
      case "score": {
        const file = fileFor(request.file);
        return scoreFile(file.bytes, file.name, request.args, onProgress);
      }
      case "merge":
        return mergeFiles(request.files.map(fileFor), request.lang, request.now);
    }
  };
}

export { failureText };
