/**
 * End-to-end tests of the built task pane in headless Chromium (tests/e2e). They need a production
 * build first: `npm run test:e2e` builds, CI builds then runs `npx jest -c jest.e2e.config.cjs`.
 * E2E_DIST points at another build directory (default dist/). One test at a time: each starts its
 * own Chromium and the machine may have only 2 cores.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: {
    "^.+\\.tsx?$": [
      "ts-jest",
      {
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
  maxWorkers: 1,
  // Generous: a cold Chromium start plus a recompute on a busy 2-core machine.
  testTimeout: 180000,
};
