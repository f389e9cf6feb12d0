// `npm run test:vscode`: installs code-server and Chromium if needed, then runs the
// in-editor integration suites and the end-to-end UI scenarios, and ends with one
// line `N passed, N failed` over both.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';

const node = process.execPath;
// Running steps: process group id -> promise of its exit.
const children = new Map();

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  for (const pid of children.keys()) signalGroup(pid, 'SIGKILL');
});
// A step stops its own servers and browsers on SIGTERM; give it the time to.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    for (const pid of children.keys()) signalGroup(pid, 'SIGTERM');
    await Promise.race([Promise.all(children.values()), new Promise((r) => setTimeout(r, 15_000))]);
    process.exit(130);
  });
}

/** Runs a step in its own process group with inherited output; resolves with its exit code. */
function runStep(label, args, timeoutMs) {
  // Interrupted: start nothing new while the running steps wind down.
  if (stopping) return new Promise(() => {});
  const started = Date.now();
  console.log(`\n=== ${label} ===`);
  const child = spawn(node, args, { cwd: repoRoot, stdio: 'inherit', detached: true });
  const closed = new Promise((resolve) => {
    let escalate;
    const timer = setTimeout(() => {
      console.error(`[run-all] ${label} did not finish within ${timeoutMs / 1000}s; stopping it`);
      signalGroup(child.pid, 'SIGTERM');
      escalate = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 15_000);
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(escalate);
      signalGroup(child.pid, 'SIGKILL');
      children.delete(child.pid);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`[run-all] ${label}: exit ${code ?? signal} (${seconds}s)`);
      resolve(code ?? 1);
    });
  });
  children.set(child.pid, closed);
  return closed;
}

/** Reads a runner's summary, or counts the whole step as one failure if it wrote none. */
function readSummary(file, code) {
  if (existsSync(file)) {
    try {
      const { passed = 0, failed = 0 } = JSON.parse(readFileSync(file, 'utf8'));
      // A runner that failed without counting a failure still fails the run.
      return { passed, failed: code !== 0 && failed === 0 ? 1 : failed };
    } catch {
      // unreadable: fall through
    }
  }
  return { passed: 0, failed: code === 0 ? 0 : 1 };
}

const started = Date.now();
const results = join(repoRoot, 'test-results');
const unitSummary = join(results, 'unit-summary.json');
const integrationSummary = join(results, 'integration-summary.json');
const e2eSummary = join(results, 'e2e-summary.json');
rmSync(unitSummary, { force: true });
rmSync(integrationSummary, { force: true });
rmSync(e2eSummary, { force: true });

// The unit and CLI tests first: they need no VS Code, and their count joins the total.
const unitCode = await runStep('unit and CLI tests (mocha)', ['node_modules/mocha/bin/mocha.js'], 10 * 60_000);
const unit = readSummary(unitSummary, unitCode);
let passed = unit.passed;
let failed = unit.failed;
const installCode = await runStep('install', ['test/vscode/install.mjs'], 20 * 60_000);
if (installCode !== 0) {
  failed += 1;
  console.error('[run-all] install failed; no in-editor test ran');
} else {
  const integrationCode = await runStep('integration (mocha in the extension host)', ['test/vscode/run-integration.mjs'], 5 * 60_000);
  const integration = readSummary(integrationSummary, integrationCode);
  const e2eCode = await runStep('e2e (Chromium driving the workbench)', ['test/e2e/run-e2e.mjs'], 15 * 60_000);
  const e2e = readSummary(e2eSummary, e2eCode);
  passed += integration.passed + e2e.passed;
  failed += integration.failed + e2e.failed;
  console.log(
    `\n[run-all] unit and CLI: ${unit.passed} passed, ${unit.failed} failed; ` +
      `integration: ${integration.passed} passed, ${integration.failed} failed; ` +
      `e2e scenarios: ${e2e.passed} passed, ${e2e.failed} failed; ` +
      `${((Date.now() - started) / 1000).toFixed(0)}s`,
  );
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
