#!/usr/bin/env node
// Confirms the editor figures in a real VS Code (code-server, see test/vscode/): opens the
// benchmark corpus twice in the same user data, cold and then with the extension's warm
// analysis cache, and runs test/integration/performance.test.ts in each. Needs `npm run build`
// and code-server (node test/vscode/install.mjs). Writes bench/.work/vscode-results.json and the
// "real VS Code" section of bench/RESULTS.md.
//   node bench/vscode.mjs [--docs 10000]
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus } from './generate-corpus.mjs';
import { runIntegration } from '../test/vscode/run-integration.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(here, '.work');
const { values } = parseArgs({ options: { docs: { type: 'string', default: process.env.BENCH_DOCS ?? '10000' } } });

const corpus = generateCorpus({ docs: Number(values.docs) });
// One workspace path and one user-data folder for both sessions: workspace storage is keyed by the folder.
const workspace = join(work, 'vscode-workspace');
const state = join(work, 'vscode-state');
rmSync(workspace, { recursive: true, force: true });
rmSync(state, { recursive: true, force: true });
mkdirSync(state, { recursive: true });
cpSync(corpus.dir, workspace, { recursive: true, filter: (src) => !src.includes('.baton-cache') });

const { large } = JSON.parse(readFileSync(join(workspace, '.corpus-files.json'), 'utf8'));
// The document opened during indexing: the first of the operations guides, as in bench/run.mjs.
const listing = spawnSync('git', ['-c', 'core.quotepath=off', 'ls-files', 'kb/02-运维指南'], { cwd: workspace, encoding: 'utf8' }).stdout.split('\n').filter((f) => f.endsWith('.md'));
const files = { open: listing[0], keystrokes: large };

// One port too: in code-server the workspace's storage is keyed by its URL, port included.
const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});

const sessions = {};
for (const phase of ['cold', 'warm']) {
  const report = join(work, `vscode-${phase}.json`);
  rmSync(report, { force: true });
  process.env.BATON_PERF_REPORT = report;
  process.env.BATON_PERF_FILES = JSON.stringify(files);
  console.log(`[vscode] ${phase} session on ${workspace}`);
  const result = await runIntegration({
    workspacePath: workspace,
    stateDir: state,
    port,
    grep: 'performance in a large knowledge base',
    timeoutSeconds: 900,
    settings: { 'baton.validate.debounceMs': 0 },
  });
  if (result.code !== 0 || !existsSync(report)) throw new Error(`the ${phase} session failed: ${JSON.stringify(result)}`);
  sessions[phase] = JSON.parse(readFileSync(report, 'utf8'));
}
writeFileSync(join(work, 'vscode-results.json'), JSON.stringify({ docs: Number(values.docs), at: new Date().toISOString(), sessions }, null, 2));

const s = (ms) => (ms === undefined ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const cold = sessions.cold;
const warm = sessions.warm;
const strokes = (session) => Object.entries(session.keystrokes).map(([file, k]) => `${Math.round(k.bytes / 1000)} KB: ${s(k.medianMs)}`).join(', ');
const own = (session) => Object.entries(session.keystrokes).map(([file, k]) => `${Math.round(k.bytes / 1000)} KB: ${s(k.batonMedianMs)}`).join(', ');
const lines = [
  '<!-- vscode:start -->',
  `## Confirmed in a real VS Code (code-server 4.100, ${values.docs} documents, ${cold.timings.documents} indexed; ${new Date().toISOString().slice(0, 10)})`,
  '',
  'From `node bench/vscode.mjs`: the extension as built, in code-server\'s extension host, driven by test/integration/performance.test.ts. Times are from the extension\'s own marks (activate(), engine open, scan) and from `onDidChangeDiagnostics` after `TextEditor.edit` (debounce set to 0).',
  '',
  '| measurement | cold session | reopened, warm cache |',
  '|---|---|---|',
  `| activate() itself | ${s(cold.timings.activateMs)} | ${s(warm.timings.activateMs)} |`,
  `| activation to an open engine | ${s(cold.timings.engineOpenMs)} | ${s(warm.timings.engineOpenMs)} |`,
  `| a document opened during indexing: its diagnostics | ${s(cold.openedMs)}${cold.openedWhileIndexing ? ' (while indexing)' : ''} | ${s(warm.openedMs)}${warm.openedWhileIndexing ? ' (while indexing)' : ''} |`,
  `| of which VS Code, until the extension host hears of the open document / Baton's analysis and publishing | ${s(cold.openedSteps?.didOpenMs)} / ${s(cold.openedSteps?.batonUpdateMs)} | ${s(warm.openedSteps?.didOpenMs)} / ${s(warm.openedSteps?.batonUpdateMs)} |`,
  `| whole index ready (from the scan's start) | ${s(cold.timings.indexedMs)} (${cold.timings.fromCache} from cache) | ${s(warm.timings.indexedMs)} (${warm.timings.fromCache} from cache) |`,
  `| of which the persistent cache read (from the scan's start) | ${s(cold.timings.cacheLoadedMs)} | ${s(warm.timings.cacheLoadedMs)} |`,
  `| keystroke to new diagnostics, as the extension host sees it (median) | ${strokes(cold)} | ${strokes(warm)} |`,
  `| of which Baton: analysis, affected documents, publishing (median) | ${own(cold)} | ${own(warm)} |`,
  `| longest the extension host's event loop was held up, from the test's start to its last keystroke (p99 of 10 ms samples) | ${s(cold.eventLoop?.maxDelayMs)} (${s(cold.eventLoop?.p99DelayMs)}) | ${s(warm.eventLoop?.maxDelayMs)} (${s(warm.eventLoop?.p99DelayMs)}) |`,
  `| extension host heap after a full GC, indexed (at Baton's activation) / RSS | ${Math.round(cold.memory.heapUsedMB)} MB (${Math.round(cold.memory.heapAtActivationMB)} MB) / ${Math.round(cold.memory.rssMB)} MB | ${Math.round(warm.memory.heapUsedMB)} MB (${Math.round(warm.memory.heapAtActivationMB)} MB) / ${Math.round(warm.memory.rssMB)} MB |`,
  '',
  'The extension host\'s heap holds VS Code\'s own extension host and the built-in extensions as well as every Baton feature (checklists, freshness, references...), not only the index; the heap at activation is before Baton\'s engine. The keystroke row starts when the extension host receives the edit and ends at `onDidChangeDiagnostics`, which VS Code debounces by about 50 ms in the extension host API; the row below is Baton\'s own part. Before the keystrokes the test waits until no diagnostics have changed for a second, and before each one until the document\'s have been quiet for 300 ms, so none from earlier work is taken for the keystroke\'s. The opened document\'s time also holds VS Code loading its built-in Markdown extension into the same extension host when the first Markdown file opens.',
  '<!-- vscode:end -->',
];
const resultsFile = join(here, 'RESULTS.md');
const section = lines.join('\n');
const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const start = current.indexOf('<!-- vscode:start -->');
const end = current.indexOf('<!-- vscode:end -->');
writeFileSync(resultsFile, start !== -1 && end !== -1 ? current.slice(0, start) + section + current.slice(end + '<!-- vscode:end -->'.length) : `${current.trimEnd()}\n\n${section}\n`);
console.log(section);
