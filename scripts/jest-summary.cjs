// Prints the one closing line CI reads ("tests: N passed, M failed") from Jest's --json output.
// A run that executed no test is reported as a failure: it proves nothing.
const fs = require("fs");
const file = process.argv[2];
let r;
try {
  r = JSON.parse(fs.readFileSync(file, "utf8"));
} catch (e) {
  console.log("tests: 0 passed, 1 failed");
  console.error(`could not read Jest results from ${file}: ${e.message}`);
  process.exit(1);
}
const passed = r.numPassedTests || 0;
let failed = (r.numFailedTests || 0) + (r.numRuntimeErrorTestSuites || 0);
if (passed + failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || !r.success ? 1 : 0);
