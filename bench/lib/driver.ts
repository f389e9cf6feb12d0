// Drives the engine the way the extension does (Engine.open with a worker pool, a scan with
// the open document first, update() per keystroke, freshness on a HEAD move), in a process
// of its own, and prints one JSON object of timings and memory. Bundled by bench/run.mjs.
//   node driver.js editor --root DIR --worker parse-worker.js --open FILE [--keystrokes FILE,...] [--cache-dir DIR]
//   node driver.js freshness --root DIR --worker parse-worker.js [--cache-dir DIR]
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../../extension/core/engine';
import { systemClock, silentLogger, type Host } from '../../extension/core/host';
import { fileHistoryStore, updateFreshness } from '../../extension/core/freshness';
import { LogParser, logArgs } from '../../extension/core/freshness/git-log';
import { contentCheck, underRoots } from '../../extension/core/freshness/history';
import { documentEdited } from '../../extension/core/workspace-changes';
import { nodeFileSystem, nodeGit } from '../../extension/node-host/node-host';
import { EDITOR_WORKERS, WorkerPool } from '../../extension/node-host/worker-pool';
import { buildSalt, FileAnalysisCache } from '../../extension/node-host/analysis-cache';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    root: { type: 'string' },
    worker: { type: 'string' },
    open: { type: 'string' },
    keystrokes: { type: 'string' },
    'cache-dir': { type: 'string' },
    strokes: { type: 'string', default: '30' },
  },
});

const gc = (globalThis as { gc?: () => void }).gc;
const now = () => performance.now();
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function memory() {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.external + m.arrayBuffers, rss: m.rss };
}

async function openEngine(root: string, worker: string, cache?: FileAnalysisCache) {
  const host: Host = { fs: nodeFileSystem, clock: systemClock, logger: silentLogger, git: nodeGit(root) };
  return Engine.open(host, root, { cache, trusted: true, source: (setup, analyzer) => new WorkerPool(worker, setup, analyzer, EDITOR_WORKERS) });
}

/** Activation to first diagnostics, the whole index, memory, then keystrokes in given documents. */
async function editor() {
  const root = values.root!;
  const first = values.open!;
  const before = memory();
  const t0 = now();
  const cache = values['cache-dir'] ? new FileAnalysisCache(await buildSalt(values.worker)) : undefined;
  const engine = await openEngine(root, values.worker!, cache);
  const opened = now() - t0;
  let firstDiagnostics = -1;
  let firstCount = 0;
  // As WorkspaceEngine.runScan: the cache loads while the open document is analysed.
  await engine.scan({
    first,
    restAfter: cache?.load(values['cache-dir']!),
    onProgress: (done) => {
      if (done === 1) {
        // The extension fires a change for the open document here and the diagnostics feature asks for its findings.
        firstCount = engine.findings(first).length;
        firstDiagnostics = now() - t0;
      }
    },
  });
  const indexed = now() - t0;
  const findings = engine.allFindings().length;
  const allFindingsMs = now() - t0 - indexed;
  if (cache) {
    await cache.save();
    await cache.release();
  }
  const after = memory();
  const result: Record<string, unknown> = {
    documents: engine.index.size,
    openMs: opened,
    firstDiagnosticsMs: firstDiagnostics,
    firstFindings: firstCount,
    indexReadyMs: indexed,
    allFindingsMs,
    findings,
    cacheHits: cache?.hits,
    cacheMisses: cache?.misses,
    heapMB: mb(after.heapUsed - before.heapUsed),
    externalMB: mb(after.external - before.external),
    rssMB: mb(after.rss),
  };
  const strokes = Number(values.strokes);
  for (const file of (values.keystrokes ?? '').split(',').filter(Boolean)) {
    let text = readFileSync(file, 'utf8');
    // Type into the middle of the body, one character per keystroke, as a person would.
    let at = text.indexOf('\n## ', text.length >> 1);
    if (at === -1) at = text.length >> 1;
    const times: number[] = [];
    for (let i = 0; i < strokes + 3; i++) {
      text = text.slice(0, at) + '字' + text.slice(at);
      at++;
      const t = now();
      // As WorkspaceEngine.updateDocument, then the diagnostics feature for every affected path.
      const { affected } = await documentEdited(engine, file, text);
      for (const path of affected) engine.findings(path);
      if (i >= 3) times.push(now() - t);
    }
    result[`keystroke:${file}`] = { bytes: Buffer.byteLength(text), medianMs: median(times), maxMs: Math.max(...times), incoming: engine.index.incoming(file).length };
  }
  engine.dispose();
  return result;
}

/** A full history read, a repeat with HEAD unmoved, then one new commit and the update it needs. */
async function freshness() {
  const root = values.root!;
  const cache = values['cache-dir'] ? new FileAnalysisCache(await buildSalt(values.worker)) : undefined;
  const engine = await openEngine(root, values.worker!, cache);
  if (cache) await cache.load(values['cache-dir']!);
  let t = now();
  await engine.scan();
  const scanMs = now() - t;
  if (cache) await cache.save();
  const gitDir = spawnSync('git', ['rev-parse', '--absolute-git-dir'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  rmSync(join(gitDir, 'baton'), { recursive: true, force: true });
  const store = fileHistoryStore(nodeFileSystem);
  t = now();
  const full = await updateFreshness(engine, { fetch: true, store });
  const fullMs = now() - t;
  t = now();
  await updateFreshness(engine, { fetch: true, store });
  const unmovedMs = now() - t;
  // One new commit to a covered path, as a developer's push would bring.
  const covered = [...engine.index.documents()].map((d) => d.frontmatter.data.covers).find((c) => Array.isArray(c) && typeof c[0] === 'string' && !c[0].includes('*')) as string[] | undefined;
  const path = covered?.[0] ?? 'bench-touch.txt';
  const file = join(root, path);
  let old = '';
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    // a renamed file: the commit adds it back
  }
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${old}// bench ${Date.now()}\n`);
  const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
  spawnSync('git', ['add', '--', path], { cwd: root, env });
  spawnSync('git', ['commit', '-q', '-m', 'bench: one new commit', '--', path], { cwd: root, env });
  t = now();
  const after = await updateFreshness(engine, { fetch: true, store });
  const incrementalMs = now() - t;
  const state = (r: typeof full) => {
    const counts: Record<string, number> = {};
    for (const d of r.documents.values()) counts[d.state] = (counts[d.state] ?? 0) + 1;
    return counts;
  };
  engine.dispose();
  return { documents: engine.index.size, scanMs, fullMs, unmovedMs, incrementalMs, commits: full.available ? 'ok' : full.message?.text, before: state(full), after: state(after), cacheHits: cache?.hits };
}

/** The log `baton stale` asks git for, with readable separators, for the baselines beside it. */
async function logArgsScenario() {
  const readable = (args: string[]) => args.map((a) => (a.startsWith('--format=') ? '--format=%H %P %cI %an %s' : a));
  return { names: readable(logArgs('HEAD')) };
}

/**
 * The blobs `baton stale` has git read in the repository `dir` (KB root at its top, roots
 * `kb`), decided as the engine decides, in the order it asks: one per line into `out`.
 */
async function blobListScenario() {
  const [, dir, out] = positionals;
  const log = spawnSync('git', ['-C', dir, ...logArgs('HEAD')], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (log.status !== 0) throw new Error(log.stderr);
  const under = underRoots(['kb'], '');
  const asked = new Set<string>();
  let changes = 0;
  const parser = new LogParser((file, raw) => {
    if (contentCheck(file, raw, under) !== 'compare') return;
    changes++;
    asked.add(raw.oldBlob);
    asked.add(raw.newBlob);
  });
  parser.push(log.stdout);
  parser.finish();
  writeFileSync(out, [...asked].map((id) => `${id}\n`).join(''));
  return { changes, blobs: asked.size };
}

const scenario = positionals[0];
const run = scenario === 'editor' ? editor : scenario === 'freshness' ? freshness : scenario === 'log-args' ? logArgsScenario : scenario === 'blob-list' ? blobListScenario : undefined;
if (!run) {
  process.stderr.write(`unknown scenario "${scenario}"\n`);
  process.exit(2);
}
run().then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
