// Runs the mocha suites of out/test/integration/ inside a real VS Code extension host
// (code-server), driven by Chromium. code-server has no --extensionTestsPath flag:
// the paths go in the page URL's payload, and the page reports the exit code back
// through codeAutomationExit (the way VS Code's own web integration tests run).
//
//   node test/vscode/run-integration.mjs [--fixture DIR] [--ext DIR] [--tests FILE]
//                                        [--grep TEXT] [--locale zh-cn] [--workspace-trust]
//                                        [--timeout SECONDS] [--keep]
//
// Environment: BATON_FIXTURE, BATON_EXT_PATH, BATON_TESTS_PATH, BATON_TEST_GREP,
// BATON_INTEGRATION_TIMEOUT (seconds). Writes test-results/integration/.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { launchChromium, remoteUri, repoRoot, startCodeServer, workbenchUrl } from './code-server.mjs';
import { prepareWorkspace } from './workspace.mjs';

// Printed by test/integration/index.ts around mocha's output.
const START_MARKER = 'baton-integration-start';
const RESULT_MARKER = 'baton-integration-result';
// Workbench chatter that says nothing about the tests (the marketplace is unreachable offline).
const NOISE = /open-vsx\.org|ENOTFOUND|ERR_NAME_NOT_RESOLVED|marketplace/i;

function fail(message) {
  const err = new Error(message);
  err.harness = true;
  return err;
}

/** Checks that the extension under test and its compiled suites exist, with a hint if not. */
function checkInputs(extensionPath, testsPath) {
  const manifest = join(extensionPath, 'package.json');
  if (!existsSync(manifest)) throw fail(`no extension manifest at ${manifest}`);
  const main = JSON.parse(readFileSync(manifest, 'utf8')).main;
  if (main && !existsSync(resolve(extensionPath, main)) && !existsSync(resolve(extensionPath, `${main}.js`))) {
    throw fail(`the extension's main ${resolve(extensionPath, main)} is missing; run: npm run build`);
  }
  if (!existsSync(testsPath)) throw fail(`the compiled suites ${testsPath} are missing; run: npm run build`);
}

/**
 * Runs the suites once. Resolves with { code, passed, failed, pending, seconds };
 * code 0 means every test passed.
 */
export async function runIntegration(options = {}) {
  const started = Date.now();
  const extensionPath = resolve(options.extensionPath ?? process.env.BATON_EXT_PATH ?? repoRoot);
  const testsPath = resolve(
    options.testsPath ?? process.env.BATON_TESTS_PATH ?? join(repoRoot, 'out/test/integration/index.js'),
  );
  const timeoutMs = (options.timeoutSeconds ?? Number(process.env.BATON_INTEGRATION_TIMEOUT ?? 90)) * 1000;
  const resultsDir = join(repoRoot, 'test-results', 'integration');
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  checkInputs(extensionPath, testsPath);

  if (options.grep) process.env.BATON_TEST_GREP = options.grep;
  // A given workspace path is opened as it is (a second run then finds the first one's workspace storage).
  const workspace = options.workspacePath ? { path: resolve(options.workspacePath), remove() {} } : prepareWorkspace(options.fixture);
  let server;
  let browser;
  const consoleLines = [];
  const hostLines = [];
  let counts;
  let inSuites = false;
  try {
    console.log(`[integration] extension ${extensionPath}`);
    console.log(`[integration] workspace ${workspace.path}`);
    server = await startCodeServer({
      workspace: workspace.path,
      locale: options.locale,
      workspaceTrust: options.workspaceTrust,
      logFile: join(resultsDir, 'code-server.log'),
      keepState: options.keep,
      state: options.stateDir,
      port: options.port,
      settings: options.settings,
    });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (msg) => consoleLines.push(`[${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => consoleLines.push(`[pageerror] ${err.message}`));

    let reportExit;
    const exited = new Promise((r) => (reportExit = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const parts = Array.isArray(args) ? args : [args];
      const text = format(...parts);
      hostLines.push(`[${type}] ${text}`);
      if (text.trim() === START_MARKER) {
        inSuites = true;
        return;
      }
      const marker = text.indexOf(RESULT_MARKER);
      if (marker >= 0) {
        try {
          counts = JSON.parse(text.slice(marker + RESULT_MARKER.length).trim());
          inSuites = false;
          return;
        } catch {
          // not ours after all
        }
      }
      if (inSuites && !NOISE.test(text)) (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code)));

    const url = workbenchUrl(server, {
      payload: [
        ['extensionDevelopmentPath', remoteUri(server, extensionPath)],
        ['extensionTestsPath', remoteUri(server, testsPath)],
        ['skipWelcome', 'true'],
      ],
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });

    let timer;
    const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const shot = join(resultsDir, 'timeout.png');
      await page.screenshot({ path: shot }).catch(() => {});
      throw fail(
        `the suites did not finish within ${timeoutMs / 1000}s; screenshot ${shot}, ` +
          `page console ${join(resultsDir, 'console.log')}, server log ${join(resultsDir, 'code-server.log')}`,
      );
    }
    const code = outcome;
    if (code !== 0 && !counts) {
      console.error(
        `[integration] the extension host exited with ${code} before mocha reported; its output:\n` +
          hostLines.filter((l) => !NOISE.test(l)).join('\n') +
          `\n[integration] see also ${join(resultsDir, 'console.log')} and ${join(resultsDir, 'code-server.log')}`,
      );
    }
    counts ??= { passed: 0, failed: code === 0 ? 0 : 1, pending: 0 };
    return { code, ...counts, seconds: (Date.now() - started) / 1000 };
  } finally {
    writeFileSync(join(resultsDir, 'host-output.log'), hostLines.join('\n') + '\n');
    writeFileSync(join(resultsDir, 'console.log'), consoleLines.join('\n') + '\n');
    await browser?.close().catch(() => {});
    await server?.stop();
    if (!options.keep) workspace.remove();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      fixture: { type: 'string' },
      ext: { type: 'string' },
      tests: { type: 'string' },
      grep: { type: 'string' },
      locale: { type: 'string' },
      'workspace-trust': { type: 'boolean', default: false },
      timeout: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const resultsFile = join(repoRoot, 'test-results', 'integration-summary.json');
  let result;
  try {
    result = await runIntegration({
      fixture: values.fixture,
      extensionPath: values.ext,
      testsPath: values.tests,
      grep: values.grep,
      locale: values.locale,
      workspaceTrust: values['workspace-trust'],
      timeoutSeconds: values.timeout ? Number(values.timeout) : undefined,
      keep: values.keep,
    });
  } catch (err) {
    console.error(`[integration] FAILED: ${err.harness ? err.message : err.stack}`);
    result = { code: 1, passed: 0, failed: 1, pending: 0, error: err.message };
  }
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(result, null, 2) + '\n');
  const time = result.seconds ? ` in ${result.seconds.toFixed(1)}s` : '';
  console.log(`[integration] exit ${result.code}: ${result.passed} passed, ${result.failed} failed${time}`);
  process.exit(result.code === 0 ? 0 : 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
