/** Types of scripts/addin-pages.cjs (build-time helpers used by webpack.config.js). */
export declare const DEV_URL: string;
export declare function addinUrl(
  env: { ADDIN_URL?: string },
  dev: boolean,
): { url: string; fromEnv: boolean; line: string };
export declare function pointManifestAt(manifest: string, url: string): string;
export declare function helpSection(readme: string): string;
export declare function markdownToHtml(markdown: string): string;
export declare function helpPage(readme: string): string;
