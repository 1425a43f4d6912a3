/** Tests live in tests/ and mirror src/. ts-jest transpiles only (tsc --noEmit does the type check). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": [
      "ts-jest",
      {
        isolatedModules: true,
        tsconfig: { module: "commonjs", moduleResolution: "node", jsx: "react-jsx", esModuleInterop: true, target: "ES2022", isolatedModules: true, verbatimModuleSyntax: false },
        diagnostics: false,
      },
    ],
  },
  moduleFileExtensions: ["ts", "tsx", "js", "cjs", "json"],
  testTimeout: 60000,
};
