/**
 * Jest's order with a fallback for a clean clone. Jest runs the files that took longest first, from
 * timings it caches after a run; on a clean clone (CI) it has none and goes by file size, which
 * started a one-test 50-second file last and left one worker running it alone. The seconds below
 * (a CI run on 2 cores, rounded) stand in for the cache until Jest has its own. A new slow file
 * belongs in this list.
 */
const Sequencer = require("@jest/test-sequencer").default;
const path = require("node:path");

const KNOWN_SECONDS = {
  "tests/excel/office-adapter.test.ts": 60,
  "tests/excel/records-size.test.ts": 45,
  "tests/excel/office-limits.test.ts": 28,
  "tests/xlsx/deflate-worker.test.ts": 25,
  "tests/xlsx/patch.test.ts": 17,
  "tests/excel/office-print.test.ts": 13,
  "tests/cli/cli.test.ts": 12,
  "tests/taskpane/rubric.test.tsx": 12,
  "tests/xlsx/scale.test.ts": 11,
  "tests/xlsx/package-hazards.test.ts": 9,
  "tests/xlsx/wasm-deflate.test.ts": 8,
  "tests/taskpane/table.test.tsx": 9,
  "tests/taskpane/notice.test.tsx": 8,
  "tests/taskpane/records.test.tsx": 8,
  "tests/engine/properties.test.ts": 8,
  "tests/taskpane/flags.test.tsx": 7,
  "tests/taskpane/run.test.tsx": 7,
  "tests/xlsx/preservation.test.ts": 7,
  "tests/xlsx/files.test.ts": 7,
};

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const estimate = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached;
      const known = KNOWN_SECONDS[path.relative(test.context.config.rootDir, test.path).split(path.sep).join("/")];
      return known === undefined ? 0 : known * 1000;
    };
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    const keyed = tests.map((test) => ({ test, failed: this.hasFailed(test), ms: estimate(test), bytes: size(test) }));
    keyed.sort((a, b) => Number(b.failed) - Number(a.failed) || b.ms - a.ms || b.bytes - a.bytes);
    return keyed.map((k) => k.test);
  }
}

module.exports = SlowFirstSequencer;
