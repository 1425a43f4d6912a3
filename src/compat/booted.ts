/**
 * Tells compat.js that this build runs in this webview (docs/office-addin.md#old-hosts): imported
 * first by every entry that has a page or a ribbon command to answer.
 */
(globalThis as { __starRatingBooted?: boolean }).__starRatingBooted = true;

export {};
