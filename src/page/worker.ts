/**
 * The page's worker: scoring off the main thread, so a large file keeps the page responsive and
 * its progress visible. Built by webpack as one classic script (no chunks to load) and started
 * from a blob: URL, which Chromium allows from a page opened as a local file (file://), where a
 * worker script loaded by URL is refused (docs/page.md).
 */
import { createHandler, failureText } from "./handler";
import type { PageMessage, PageRequest } from "./protocol";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ id: number; request: PageRequest }>) => void) | null;
  postMessage(message: PageMessage, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const handle = createHandler();

scope.onmessage = (event) => {
  const { id, request } = event.data;
  handle(request, (stage, fraction) => scope.postMessage({ id, kind: "progress", stage, fraction })).then(
    (value) => {
      // The scored workbook is handed over, not copied.
      const bytes = value && "bytes" in value ? value.bytes : undefined;
      scope.postMessage({ id, kind: "done", value }, bytes ? [bytes.buffer] : []);
    },
    (error: unknown) => scope.postMessage({ id, kind: "failed", error: failureText(error) }),
  );
};
