/** Tests live in tests/ and mirror src/. ts-jest transpiles only (tsc --noEmit does the type check). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  // The browser tests need a production build and Chromium: they have their own config (jest.e2e.config.cjs).
  testPathIgnorePatterns: ["/node_modules/", "/tests/e2e/"],
  transform: {
    "^.+\\.tsx?$": [
      "ts-jest",
      {
        // Transpile only: isolatedModules in the tsconfig below is what ts-jest 29.4 reads (its own
        // isolatedModules option is deprecated and warned about on every run).
        tsconfig: {
          module: "commonjs",
          moduleResolution: "node",
          jsx: "react-jsx",
          esModuleInterop: true,
          target: "ES2022",
          isolatedModules: true,
          verbatimModuleSyntax: false,
        },
        diagnostics: false,
      },
    ],
  },
  moduleFileExtensions: ["ts", "tsx", "js", "cjs", "json"],
  testTimeout: 60000,
  // Jest would use cores − 1 workers: on a 2-core CI machine that is one, and the suite runs serially
  // (about 5 minutes). Two workers keep both cores busy; the heaviest tests are CPU-bound, not shared.
  maxWorkers: 2,
  // A worker that ran the 50,000-row Office tests ends with a 1-1.5 GB heap, and V8 frees it page by
  // page after the worker's last event (~400 ms, more with both workers at once): past Jest's 500 ms
  // it was killed with "failed to exit gracefully" although nothing was left open. A handle truly
  // left open is still reported, 3 s later.
  workerGracefulExitTimeout: 3000,
  // Longest files first even on a clean clone, where Jest has no timings of its own yet.
  testSequencer: "<rootDir>/scripts/jest-sequencer.cjs",
};
