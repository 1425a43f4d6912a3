// Prints the one closing line CI reads ("tests: N passed, M failed") from one or more Jest --json
// result files. A missing file, or a run that executed no test, counts as a failure: it proves nothing.
const fs = require("fs");
let passed = 0;
let failed = 0;
let ok = true;
for (const file of process.argv.slice(2)) {
  let r;
  try {
    r = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`could not read Jest results from ${file}: ${e.message}`);
    failed += 1;
    ok = false;
    continue;
  }
  passed += r.numPassedTests || 0;
  failed += (r.numFailedTests || 0) + (r.numRuntimeErrorTestSuites || 0);
  if (!r.success) ok = false;
  if ((r.numTotalTests || 0) === 0) {
    console.error(`${file}: no test was executed`);
    failed += 1;
    ok = false;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || !ok ? 1 : 0);
