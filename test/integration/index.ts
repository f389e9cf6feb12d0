// Entry of the in-editor suites: VS Code loads this file through extensionTestsPath
// and calls run(); every *.test.js bundled next to it is one suite file.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Printed around mocha's output; test/vscode/run-integration.mjs prints what lies
// between them and reads the counts from the last one.
export const START_MARKER = 'baton-integration-start';
export const RESULT_MARKER = 'baton-integration-result';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000 });
  const grep = process.env.BATON_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));

  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js suites in ${__dirname}`));
      return;
    }
    try {
      console.log(START_MARKER);
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        console.log(
          `${RESULT_MARKER} ${JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending })}`,
        );
        if (failures > 0) reject(new Error(`${failures} in-editor test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}
