// End-to-end UI tests: the packaged extension (baton.vsix) installed into a real
// VS Code (code-server), driven through Chromium like a user would.
//
// Each file test/e2e/scenarios/*.mjs is one scenario, run in name order, each on a
// fresh server, workspace and browser. A scenario module exports:
//   default async function (ctx)   the steps; throw to fail
//   options (optional)             { locale, workspaceTrust, fixture, settings, timeoutSeconds }
// ctx: { page, server, workspace, name, resultsDir, log(text), shot(label), step(label, fn) };
// step() runs fn, saves a screenshot named after the step, and names the step in any error.
//
//   node test/e2e/run-e2e.mjs [scenario-name ...] [--vsix FILE] [--no-package] [--headed] [--keep]
//
// Environment: BATON_VSIX (skip packaging, use this file), BATON_E2E_TIMEOUT (seconds per scenario).
// Writes test-results/e2e/<scenario>/NN-step.png and test-results/e2e-summary.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium, repoRoot, startCodeServer, workbenchUrl } from '../vscode/code-server.mjs';
import { prepareWorkspace } from '../vscode/workspace.mjs';
import { waitForWorkbench } from './ui.mjs';

const scenariosDir = join(fileURLToPath(new URL('.', import.meta.url)), 'scenarios');
const resultsRoot = join(repoRoot, 'test-results', 'e2e');

/** Builds baton.vsix with `npm run package` unless a VSIX is given. */
function packageExtension({ vsix, build }) {
  if (vsix) {
    const file = resolve(vsix);
    if (!existsSync(file)) throw new Error(`VSIX ${file} does not exist`);
    return file;
  }
  const file = join(repoRoot, 'baton.vsix');
  if (build) {
    const started = Date.now();
    console.log('[e2e] npm run package ...');
    const r = spawnSync('npm', ['run', 'package', '--silent'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
    if (r.status !== 0) {
      throw new Error(`npm run package failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    }
    console.log(`[e2e] packaged ${basename(file)} (${((Date.now() - started) / 1000).toFixed(0)}s)`);
  }
  if (!existsSync(file)) throw new Error(`${file} does not exist; run: npm run package`);
  return file;
}

async function loadScenarios(only) {
  const files = readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const picked = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
  if (picked.length === 0) throw new Error(`no scenario in ${scenariosDir} matches ${only.join(', ')}`);
  const scenarios = [];
  for (const f of picked) {
    const mod = await import(pathToFileURL(join(scenariosDir, f)).href);
    if (typeof mod.default !== 'function') throw new Error(`${f} does not export a default async function(ctx)`);
    scenarios.push({ name: f.replace(/\.mjs$/, ''), run: mod.default, options: mod.options ?? {} });
  }
  return scenarios;
}

async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000}s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runScenario(scenario, { vsix, headed, keep }) {
  const { name, options } = scenario;
  const resultsDir = join(resultsRoot, name);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const timeoutMs = (options.timeoutSeconds ?? Number(process.env.BATON_E2E_TIMEOUT ?? 90)) * 1000;
  const started = Date.now();
  const workspace = prepareWorkspace(options.fixture);
  let server;
  let browser;
  let page;
  let shots = 0;
  const consoleLines = [];
  try {
    server = await startCodeServer({
      workspace: workspace.path,
      installExtensions: [vsix],
      locale: options.locale,
      workspaceTrust: options.workspaceTrust,
      settings: options.settings,
      logFile: join(resultsDir, 'code-server.log'),
      keepState: keep,
    });
    browser = await launchChromium({ headless: !headed });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: options.locale });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (msg) => consoleLines.push(`[${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => consoleLines.push(`[pageerror] ${err.message}`));

    const ctx = {
      name,
      page,
      server,
      workspace: workspace.path,
      resultsDir,
      log: (text) => console.log(`[e2e] ${name}: ${text}`),
      /** Saves a PNG of the whole page as the next numbered step. */
      async shot(label) {
        shots += 1;
        const file = join(resultsDir, `${String(shots).padStart(2, '0')}-${label}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      /** Runs one step of the scenario, then saves its screenshot. */
      async step(label, fn) {
        try {
          await fn();
        } catch (err) {
          throw new Error(`step "${label}": ${err?.message ?? err}`, { cause: err });
        }
        await ctx.shot(label);
      },
    };

    await withTimeout(
      (async () => {
        await page.goto(workbenchUrl(server), { waitUntil: 'domcontentloaded', timeout: 30_000 });
        await waitForWorkbench(page);
        await scenario.run(ctx);
      })(),
      timeoutMs,
      `scenario ${name}`,
    );
    return { name, ok: true, seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    let shot = '';
    if (page) {
      shot = join(resultsDir, 'failure.png');
      await page.screenshot({ path: shot, timeout: 5_000 }).catch(() => (shot = ''));
    }
    // Playwright's call logs carry terminal colours; keep the first lines, plain.
    const message = String(err?.message ?? err)
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .slice(0, 12)
      .join('\n');
    return { name, ok: false, error: message, screenshot: shot, seconds: (Date.now() - started) / 1000 };
  } finally {
    writeFileSync(join(resultsDir, 'console.log'), consoleLines.join('\n') + '\n');
    await browser?.close().catch(() => {});
    await server?.stop();
    if (!keep) workspace.remove();
  }
}

/** Runs the scenarios; resolves with { passed, failed, results }. */
export async function runE2e({ only = [], vsix, build = true, headed = false, keep = false } = {}) {
  const scenarios = await loadScenarios(only);
  const file = packageExtension({ vsix: vsix ?? process.env.BATON_VSIX, build });
  console.log(`[e2e] extension ${file}`);
  const results = [];
  for (const scenario of scenarios) {
    console.log(`[e2e] ${scenario.name} ...`);
    const result = await runScenario(scenario, { vsix: file, headed, keep });
    results.push(result);
    if (result.ok) console.log(`[e2e]   ✔ ${scenario.name} (${result.seconds.toFixed(1)}s)`);
    else {
      console.log(`[e2e]   ✘ ${scenario.name} (${result.seconds.toFixed(1)}s)`);
      console.log(result.error.replace(/^/gm, '        '));
      if (result.screenshot) console.log(`        screenshot: ${result.screenshot}`);
      console.log(`        logs: ${join(resultsRoot, scenario.name)}/`);
    }
  }
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed, results };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      vsix: { type: 'string' },
      'no-package': { type: 'boolean', default: false },
      headed: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const summaryFile = join(repoRoot, 'test-results', 'e2e-summary.json');
  let summary;
  try {
    summary = await runE2e({
      only: positionals,
      vsix: values.vsix,
      build: !values['no-package'],
      headed: values.headed,
      keep: values.keep,
    });
  } catch (err) {
    console.error(`[e2e] FAILED: ${err.message}`);
    summary = { passed: 0, failed: 1, results: [], error: err.message };
  }
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + '\n');
  console.log(`[e2e] ${summary.passed} passed, ${summary.failed} failed`);
  process.exit(summary.failed === 0 ? 0 : 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
