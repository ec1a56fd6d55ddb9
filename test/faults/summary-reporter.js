/** Ends the run with one plain line, "faults: N passed, N failed", that CI logs can be read by. */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const suffix = skipped ? `, ${skipped} skipped` : '';
    const broken = results.numRuntimeErrorTestSuites ? ` (${results.numRuntimeErrorTestSuites} spec files failed to run)` : '';
    process.stdout.write(`\nfaults: ${results.numPassedTests} passed, ${results.numFailedTests} failed${suffix}${broken}\n`);
  }
}

module.exports = SummaryReporter;
