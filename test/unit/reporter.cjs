// mocha's spec reporter, which also leaves its counts in test-results/unit-summary.json
// for the overall "N passed, N failed" line of npm test.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Mocha = require('mocha');

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const dir = join(__dirname, '..', '..', 'test-results');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'unit-summary.json'), JSON.stringify({ passed: this.stats.passes, failed: this.stats.failures }));
    });
  }
}

module.exports = SpecWithSummary;
