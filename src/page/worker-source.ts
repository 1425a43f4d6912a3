/**
 * The worker bundle's text, put here by webpack.config.js (DefinePlugin); undefined under Jest.
 * A module of its own, loaded on demand, so the pane inside Excel never downloads it.
 */
declare const __PAGE_WORKER_SOURCE__: string | undefined;

export const workerSource: string | undefined =
  typeof __PAGE_WORKER_SOURCE__ === "string" ? __PAGE_WORKER_SOURCE__ : undefined;
