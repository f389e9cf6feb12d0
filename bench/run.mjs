#!/usr/bin/env node
// `npm run bench`: generates the corpora and the git history, times Baton against its peers
// side by side in one run (medians of N runs, ratios per run), measures the editor through
// the engine, and writes bench/RESULTS.md. See bench/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync, mkdtempSync, openSync, closeSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { generateCorpus, PATHOLOGICAL_DIR } from './generate-corpus.mjs';
import { generateHistory, git } from './generate-history.mjs';
import { PATHOLOGICAL } from './lib/corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = dirname(here);
const work = join(here, '.work');
const env = process.env;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    docs: { type: 'string' },
    commits: { type: 'string' },
    'history-docs': { type: 'string' },
    runs: { type: 'string' },
    only: { type: 'string' },
    'remark-timeout': { type: 'string' },
    'remark-runs': { type: 'string' },
    out: { type: 'string' },
    readme: { type: 'boolean', default: true },
    'report-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
  allowNegative: true,
});

if (flags.help) {
  process.stdout.write(readFileSync(join(here, 'README.md'), 'utf8').split('\n## ')[1] ?? '');
  process.exit(0);
}

const quick = flags.quick || env.BENCH_QUICK === '1';
const settings = {
  docs: Number(flags.docs ?? env.BENCH_DOCS ?? (quick ? 1000 : 10000)),
  commits: Number(flags.commits ?? env.BENCH_COMMITS ?? (quick ? 10000 : 100000)),
  runs: Number(flags.runs ?? env.BENCH_RUNS ?? (quick ? 1 : 3)),
  remarkTimeout: Number(flags['remark-timeout'] ?? env.BENCH_REMARK_TIMEOUT ?? (quick ? 300 : 600)),
  only: new Set((flags.only ?? env.BENCH_ONLY ?? 'lint,cache,stale,editor,limits').split(',')),
};
settings.historyDocs = Number(flags['history-docs'] ?? env.BENCH_HISTORY_DOCS ?? settings.docs);
// remark-validate-links grows faster than linearly: at 10k one run is all an hour allows.
settings.remarkRuns = Number(flags['remark-runs'] ?? env.BENCH_REMARK_RUNS ?? (settings.docs > 2000 ? 1 : settings.runs));
const outFile = flags.out ?? env.BENCH_OUT ?? join(here, quick ? '.work/RESULTS-quick.md' : 'RESULTS.md');

const started = Date.now();
const log = (text) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}\n`);

// ---------------------------------------------------------------- measuring a process

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs a command in its own process group, with its peak memory from /usr/bin/time -v
 * (the whole process: every thread, the main one and the workers). Output goes to a file.
 */
function measure(label, command, args, { cwd, timeoutS = 3600, stdout, stdin } = {}) {
  return new Promise((resolve) => {
    const timeFile = join(work, `time-${process.pid}.txt`);
    const outPath = stdout ?? join(work, 'last-output.txt');
    const argv = TIME ? [TIME, '-v', '-o', timeFile, command, ...args] : [command, ...args];
    const fd = openSync(outPath, 'w');
    const errFd = openSync(join(work, 'last-stderr.txt'), 'w');
    const t0 = process.hrtime.bigint();
    const inFd = stdin ? openSync(stdin, 'r') : undefined;
    const child = spawn(argv[0], argv.slice(1), { cwd, detached: true, stdio: [inFd ?? 'ignore', fd, errFd], env: { ...env, NO_COLOR: '1', LANG: 'C.UTF-8' } });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      closeSync(fd);
      closeSync(errFd);
      if (inFd !== undefined) closeSync(inFd);
      let rssKB;
      let exit = code;
      if (TIME && existsSync(timeFile)) {
        const text = readFileSync(timeFile, 'utf8');
        rssKB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1]) || undefined;
        const status = /Exit status: (\d+)/.exec(text);
        if (status) exit = Number(status[1]);
        rmSync(timeFile, { force: true });
      }
      const result = { label, ms, rssMB: rssKB ? rssKB / 1024 : undefined, exit, timedOut, load: loadavg()[0] };
      log(`${label}: ${timedOut ? `timed out after ${timeoutS} s` : `${(ms / 1000).toFixed(2)} s`}, ${result.rssMB?.toFixed(0) ?? '?'} MB, exit ${exit}, load ${result.load.toFixed(1)}`);
      resolve(result);
    });
  });
}

function median(xs) {
  const s = xs.filter((x) => x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---------------------------------------------------------------- the Baton under test

/**
 * Bundles the CLI, the parse worker, the engine driver and the extension from the current
 * sources into bench/.work/baton, so a rebuild of dist/ in the middle of a run changes nothing.
 */
async function buildBaton() {
  const out = join(work, 'baton');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  if (!existsSync(join(repo, 'l10n/bundle.l10n.zh-cn.json'))) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
  const esbuild = await import('esbuild');
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', external: ['vscode'], absWorkingDir: repo };
  await esbuild.build({ ...common, entryPoints: { cli: 'extension/cli/bin.ts', 'parse-worker': 'extension/node-host/parse-worker.ts', driver: 'bench/lib/driver.ts' }, outdir: out });
  // The extension as `npm run package` builds it, and minified, for the bundle-size target.
  await esbuild.build({ ...common, entryPoints: { extension: 'extension/vscode/extension.ts' }, outdir: out });
  await esbuild.build({ ...common, minify: true, entryPoints: { 'extension.min': 'extension/vscode/extension.ts' }, outdir: out });
  const size = (f) => statSync(join(out, f)).size;
  return {
    dir: out,
    cli: join(out, 'cli.js'),
    worker: join(out, 'parse-worker.js'),
    driver: join(out, 'driver.js'),
    sizes: { extension: size('extension.js'), extensionMin: size('extension.min.js'), worker: size('parse-worker.js'), extensionGzip: gzipSync(readFileSync(join(out, 'extension.min.js'))).length },
  };
}

function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(repo, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

// ---------------------------------------------------------------- the measurements

const results = { lint: [], mdl: [], remark: [], warm: [], gitLog: [], gitNames: [], gitBlobs: [], staleCold: [], staleWarm: [], staleCommit: [], editor: [], editorCold: [], editorWarm: [], freshness: [], limits: [] };
const notes = [];

const markdownlint = join(repo, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
const remark = join(repo, 'node_modules/remark-cli/cli.js');

async function lintRuns(corpus, baton) {
  const ignore = corpus.pathological.length ? PATHOLOGICAL_DIR : undefined;
  for (let run = 1; run <= settings.runs; run++) {
    log(`lint, run ${run} of ${settings.runs}`);
    rmSync(join(corpus.dir, '.baton-cache'), { recursive: true, force: true });
    const out = join(work, 'baton-lint.json');
    const b = await measure('baton lint (cold)', process.execPath, [baton.cli, 'lint', '--format', 'json'], { cwd: corpus.dir, stdout: out });
    try {
      const findings = JSON.parse(readFileSync(out, 'utf8'));
      b.findings = findings.length;
      b.limited = findings.filter((f) => f.ruleId === 'document-limits').map((f) => `${f.file}: ${f.message}`);
    } catch {
      b.findings = undefined;
    }
    results.lint.push(b);
    // The peers have no time limit: the pathological documents would take micromark minutes, so they skip them.
    const m = await measure('markdownlint-cli2', process.execPath, [markdownlint, 'kb/**/*.md', ...(ignore ? [`#${ignore}`] : [])], { cwd: corpus.dir });
    results.mdl.push(m);
    if (run <= settings.remarkRuns) {
      const r = await measure('remark-cli', process.execPath, [remark, 'kb', '--quiet', '--no-stdout', ...(ignore ? ['--ignore-pattern', `${ignore}/**`] : [])], { cwd: corpus.dir, timeoutS: settings.remarkTimeout });
      results.remark.push(r);
    }
  }
}

async function cacheRuns(corpus, baton) {
  log('lint --cache: filling the cache');
  rmSync(join(corpus.dir, '.baton-cache'), { recursive: true, force: true });
  const fill = await measure('baton lint --cache (empty cache)', process.execPath, [baton.cli, 'lint', '--cache'], { cwd: corpus.dir });
  results.warm.filling = fill;
  const docs = git(corpus.dir, ['-c', 'core.quotepath=off', 'ls-files', 'kb']).split('\n').filter((f) => f.endsWith('.md') && !f.includes('99-') && !f.includes('98-'));
  for (let run = 1; run <= settings.runs; run++) {
    const doc = docs[(run * 7919) % docs.length];
    appendFileSync(join(corpus.dir, doc), `\n修改 ${run}：补充一句说明。\n`);
    results.warm.push(await measure('baton lint --cache (one document changed)', process.execPath, [baton.cli, 'lint', '--cache'], { cwd: corpus.dir }));
  }
  git(corpus.dir, ['checkout', '-q', '--', 'kb']);
  rmSync(join(corpus.dir, '.baton-cache'), { recursive: true, force: true });
}

/** The arguments `baton stale` gives git, from the freshness module itself (through the driver). */
function staleLogArgs(baton) {
  const r = spawnSync(process.execPath, [baton.driver, 'log-args'], { encoding: 'utf8' });
  try {
    return JSON.parse(r.stdout);
  } catch {
    return undefined;
  }
}

/** The blobs `baton stale` has git read (from the engine's own decision, through the driver), one per line in `file`. */
function documentBlobs(dir, baton, file) {
  const r = spawnSync(process.execPath, [baton.driver, 'blob-list', dir, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  try {
    return JSON.parse(r.stdout);
  } catch {
    return undefined;
  }
}

async function staleRuns(history, baton) {
  const gitDir = join(history.dir, '.git');
  const args = staleLogArgs(baton);
  const blobList = join(work, 'document-blobs.txt');
  results.blobs = documentBlobs(history.dir, baton, blobList);
  for (let run = 1; run <= settings.runs; run++) {
    log(`stale, run ${run} of ${settings.runs}`);
    results.gitLog.push(await measure('git log --name-status', 'git', ['log', '--name-status'], { cwd: history.dir }));
    if (args) {
      results.gitNames.push(await measure('git log, the log baton stale reads (--raw)', 'git', args.names, { cwd: history.dir }));
      if (results.blobs) results.gitBlobs.push(await measure('git cat-file, the document blobs baton stale reads', 'git', ['cat-file', '--batch', '--buffer'], { cwd: history.dir, stdin: blobList }));
    }
    rmSync(join(gitDir, 'baton'), { recursive: true, force: true });
    results.staleCold.push(await measure('baton stale (no history cache)', process.execPath, [baton.cli, 'stale', '--format', 'json'], { cwd: history.dir, stdout: join(work, 'stale.json') }));
    results.staleWarm.push(await measure('baton stale (history cached, HEAD unmoved)', process.execPath, [baton.cli, 'stale', '--format', 'json'], { cwd: history.dir, stdout: join(work, 'stale.json') }));
    commitOne(history.dir, run);
    results.staleCommit.push(await measure('baton stale (after one new commit)', process.execPath, [baton.cli, 'stale', '--format', 'json'], { cwd: history.dir, stdout: join(work, 'stale.json') }));
  }
  log('freshness in the engine: full read, then one new commit');
  const cacheDir = join(work, 'driver-cache-history');
  // The first driver run fills the analysis cache, so the second measures git and freshness only.
  await driver('freshness', history.dir, baton, ['--cache-dir', cacheDir]);
  results.freshness.push(await driver('freshness', history.dir, baton, ['--cache-dir', cacheDir]));
  rmSync(cacheDir, { recursive: true, force: true });
}

/** One commit to a code file, as a developer's push would bring. */
function commitOne(dir, run) {
  const files = git(dir, ['-c', 'core.quotepath=off', 'ls-files', 'src']).split('\n').filter(Boolean);
  const file = files[(run * 104729) % files.length];
  appendFileSync(join(dir, file), `// bench run ${run} ${Date.now()}\n`);
  const e = { GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
  git(dir, ['commit', '-q', '-m', `bench: one new commit ${run}`, '--', file], { env: { ...env, ...e } });
}

function driver(scenario, root, baton, extra = []) {
  return new Promise((resolve) => {
    const args = ['--expose-gc', baton.driver, scenario, '--root', root, '--worker', baton.worker, ...extra];
    const t0 = Date.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) {
        log(`driver ${scenario} failed: ${err.trim().split('\n').slice(0, 5).join(' | ')}`);
        resolve({ error: err.trim().split('\n')[0] });
        return;
      }
      const result = JSON.parse(out.trim().split('\n').pop());
      result.load = loadavg()[0];
      log(`driver ${scenario} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${JSON.stringify(result)}`);
      resolve(result);
    });
  });
}

async function editorRuns(corpus, baton) {
  const abs = (p) => join(corpus.dir, p);
  // A typical document is opened; keystrokes go to it, to the 20 KB and to the 200 KB document.
  const typical = git(corpus.dir, ['-c', 'core.quotepath=off', 'ls-files', 'kb/02-运维指南']).split('\n').filter((f) => f.endsWith('.md'))[0];
  const strokes = [typical, ...corpus.large].map(abs).join(',');
  const cacheDir = join(work, 'driver-cache-editor');
  for (let run = 1; run <= settings.runs; run++) {
    log(`editor, run ${run} of ${settings.runs}`);
    rmSync(cacheDir, { recursive: true, force: true });
    results.editorCold.push(await driver('editor', corpus.dir, baton, ['--open', abs(typical), '--keystrokes', strokes, '--cache-dir', cacheDir]));
    results.editorWarm.push(await driver('editor', corpus.dir, baton, ['--open', abs(typical), '--cache-dir', cacheDir]));
  }
  rmSync(cacheDir, { recursive: true, force: true });
  results.editor.typical = typical;
  results.editor.strokes = strokes.split(',');
}

/** Each pathological document alone: it is parsed or stopped by the time limit, and the run finishes. */
async function limitRuns(baton) {
  for (const [path, make] of Object.entries(PATHOLOGICAL)) {
    const dir = mkdtempSync(join(tmpdir(), 'baton-bench-limit-'));
    mkdirSync(join(dir, 'kb'), { recursive: true });
    writeFileSync(join(dir, 'baton.config.json'), JSON.stringify({ roots: ['kb'] }));
    const name = path.split('/').pop();
    writeFileSync(join(dir, 'kb', name), make());
    git(dir, ['init', '-q']);
    const r = await measure(`baton lint, ${name} alone`, process.execPath, [baton.cli, 'lint', '--format', 'json'], { cwd: dir, stdout: join(work, 'limit.json'), timeoutS: 120 });
    try {
      r.finding = JSON.parse(readFileSync(join(work, 'limit.json'), 'utf8')).find((f) => f.ruleId === 'document-limits')?.message ?? 'parsed';
    } catch {
      r.finding = undefined;
    }
    r.name = name;
    r.bytes = Buffer.byteLength(make());
    results.limits.push(r);
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- the report

const s = (ms) => (ms === undefined ? 'n/a' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const mbs = (mb) => (mb === undefined ? 'n/a' : `${Math.round(mb)} MB`);
const x = (r) => (r === undefined ? 'n/a' : `${r.toFixed(2)}×`);
const verdict = (ok) => (ok === undefined ? 'n/a' : ok ? '**met**' : '**missed**');

/** Medians of the wall time and peak memory of some runs, noting runs that timed out. */
function summary(list) {
  const done = list.filter((r) => !r.timedOut && !r.error);
  return { ms: median(done.map((r) => r.ms)), rss: median(done.map((r) => r.rssMB)), n: list.length, timedOut: list.filter((r) => r.timedOut).length, timeout: list.find((r) => r.timedOut)?.ms };
}

/** The ratio per run, paired with the peer's run of the same round, then the median. */
function pairedRatio(ours, theirs) {
  const ratios = [];
  for (let i = 0; i < Math.min(ours.length, theirs.length); i++) if (!theirs[i].timedOut && !ours[i].timedOut) ratios.push(ours[i].ms / theirs[i].ms);
  return median(ratios);
}

function report(machine, baton) {
  const L = summary(results.lint);
  const M = summary(results.mdl);
  const R = summary(results.remark);
  const W = summary(results.warm);
  const G = summary(results.gitLog);
  const GN = summary(results.gitNames);
  const GB = summary(results.gitBlobs);
  const SC = summary(results.staleCold);
  const SW = summary(results.staleWarm);
  const S1 = summary(results.staleCommit);
  const lintRatio = pairedRatio(results.lint, results.mdl);
  const remarkRatio = R.timedOut ? undefined : pairedRatio(results.lint, results.remark);
  const ed = results.editorCold.filter((r) => !r.error);
  const ew = results.editorWarm.filter((r) => !r.error);
  const fr = results.freshness.filter((r) => !r.error);
  const med = (list, f) => median(list.map(f));
  const stroke = (i) => med(ed, (r) => Object.values(r).filter((v) => v && typeof v === 'object' && 'medianMs' in v)[i]?.medianMs);
  const strokeBytes = (i) => ed[0] && Object.values(ed[0]).filter((v) => v && typeof v === 'object' && 'medianMs' in v)[i]?.bytes;
  const firstDiag = med(ed, (r) => r.firstDiagnosticsMs);
  const heap = med(ed, (r) => r.heapMB + r.externalMB);
  const reopen = med(ew, (r) => r.indexReadyMs);
  const reopenFirst = med(ew, (r) => r.firstDiagnosticsMs);
  const activation = med(ed, (r) => r.openMs);
  const staleVsGit = SC.ms && G.ms ? SC.ms / G.ms : undefined;
  const fullFresh = med(fr, (r) => r.fullMs);
  const incFresh = med(fr, (r) => r.incrementalMs);
  const lines = [];
  const p = (...l) => lines.push(...l);
  p('# Benchmark results', '');
  p(`Written by \`npm run bench\`${quick ? ' --quick' : ''} on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Medians of ${settings.runs} run(s); a ratio is taken per run against the peer's run of the same round (both under the same load), then the median. Peak memory is the whole process (every thread) from \`/usr/bin/time -v\`.`, '');
  p('## Machine', '');
  p(`- ${machine.cpu}, ${machine.cores} cores, ${machine.memGB} GB RAM; Node ${process.version}; ${machine.git}`);
  p(`- Load average (1 min) at start ${machine.loadStart}, at end ${loadavg()[0].toFixed(1)}: other work was running on the machine; the absolute seconds move with it, the ratios much less.`);
  p(`- Corpus: ${settings.docs.toLocaleString('en')} generated documents (${machine.corpusMB} MB, plus a 20 KB and a 200 KB document and two pathological ones), ${machine.findings ?? '?'} findings; history: ${settings.commits.toLocaleString('en')} commits over ${settings.historyDocs.toLocaleString('en')} documents.`);
  p(`- Peers: markdownlint-cli2 ${version('markdownlint-cli2')} (default rules), remark-cli ${version('remark-cli')} with remark-frontmatter ${version('remark-frontmatter')}, remark-gfm ${version('remark-gfm')}, remark-validate-links ${version('remark-validate-links')}.`, '');
  p('## CLI', '');
  p('| measurement | Baton | peer | Baton / peer | target | |', '|---|---|---|---|---|---|');
  if (settings.only.has('lint')) {
    p(`| \`baton lint\`, cold, vs \`markdownlint-cli2\` | ${s(L.ms)}, ${mbs(L.rss)} | ${s(M.ms)}, ${mbs(M.rss)} | ${x(lintRatio)} | ≤ 0.5× | ${verdict(lintRatio === undefined ? undefined : lintRatio <= 0.5)} |`);
    const remarkCell = R.n === 0 ? 'not run' : R.timedOut ? `> ${s(settings.remarkTimeout * 1000)} (stopped)` : `${s(R.ms)}, ${mbs(R.rss)}`;
    const remarkRatioCell = R.timedOut ? `< ${x(L.ms / (settings.remarkTimeout * 1000))}` : x(remarkRatio);
    p(`| \`baton lint\`, cold, vs \`remark-cli\` + frontmatter, gfm, validate-links | ${s(L.ms)}, ${mbs(L.rss)} | ${remarkCell} | ${remarkRatioCell} | | |`);
  }
  if (settings.only.has('cache')) p(`| \`baton lint --cache\`, warm, one document of ${settings.docs.toLocaleString('en')} changed | ${s(W.ms)}, ${mbs(W.rss)} | | | ≤ 3 s | ${verdict(W.ms === undefined ? undefined : W.ms <= 3000)} |`);
  if (settings.only.has('stale')) {
    p(`| \`baton stale\`, no history cache, vs \`git log --name-status\` | ${s(SC.ms)}, ${mbs(SC.rss)} | ${s(G.ms)}, ${mbs(G.rss)} | ${x(staleVsGit)} | ≤ 1.5× | ${verdict(staleVsGit === undefined ? undefined : staleVsGit <= 1.5)} |`);
    p(`| \`baton stale\`, history cached, HEAD unmoved | ${s(SW.ms)}, ${mbs(SW.rss)} | ${s(G.ms)} | ${x(SW.ms && G.ms ? SW.ms / G.ms : undefined)} | | |`);
    p(`| \`baton stale\`, after one new commit (whole command) | ${s(S1.ms)}, ${mbs(S1.rss)} | ${s(G.ms)} | ${x(S1.ms && G.ms ? S1.ms / G.ms : undefined)} | | |`);
    p(`| freshness in the engine: the whole history read and computed | ${s(fullFresh)} | ${s(G.ms)} | ${x(fullFresh && G.ms ? fullFresh / G.ms : undefined)} | | |`);
    p(`| freshness in the engine: update after one new commit | ${s(incFresh)} | | | < 300 ms | ${verdict(incFresh === undefined ? undefined : incFresh < 300)} |`);
    if (GN.ms) p(`| its git work, 1: the log (\`--first-parent -m -M --raw --no-abbrev\`) | ${s(GN.ms)}, ${mbs(GN.rss)} | ${s(G.ms)} | ${x(GN.ms / G.ms)} | | |`);
    if (GB.ms) p(`| its git work, 2: the document blobs, read beside the log (\`cat-file --batch\`${results.blobs ? `, ${results.blobs.blobs.toLocaleString('en')} blobs for ${results.blobs.changes.toLocaleString('en')} modifications under kb/` : ''}) | ${s(GB.ms)}, ${mbs(GB.rss)} | ${s(G.ms)} | ${x(GB.ms / G.ms)} | | |`);
  }
  for (const limit of results.limits) {
    p(`| pathological document alone: ${limit.name} (${Math.round(limit.bytes / 1000)} KB): ${limit.finding ?? 'no output'} | ${s(limit.ms)}, ${mbs(limit.rssMB)} | | | finishes, bounded by \`parseTimeoutMs\` (10 s) | ${verdict(!limit.timedOut && limit.finding !== undefined && limit.ms < 20_000)} |`);
  }
  p('');
  if (settings.only.has('editor')) {
    p('## Editor (the engine driven as the extension drives it: one parse worker, the open document first)', '');
    p('| measurement | Baton | target | |', '|---|---|---|---|');
    p(`| engine open: config and custom schemas (the extension's activate() returns before it; built-in schemas compile on first use, workers start when a document needs parsing) | ${s(activation)} | < 100 ms | ${verdict(activation === undefined ? undefined : activation < 100)} |`);
    p(`| first diagnostics for the opened document, ${settings.docs.toLocaleString('en')}-document workspace | ${s(firstDiag)} | ≤ 500 ms | ${verdict(firstDiag === undefined ? undefined : firstDiag <= 500)} |`);
    p(`| whole index ready, cold | ${s(med(ed, (r) => r.indexReadyMs))} | (in the background) | |`);
    p(`| revalidation after a keystroke, ${Math.round((strokeBytes(1) ?? 0) / 1000)} KB document (median) | ${s(stroke(1))} | ≤ 50 ms | ${verdict(stroke(1) === undefined ? undefined : stroke(1) <= 50)} |`);
    p(`| revalidation after a keystroke, ${Math.round((strokeBytes(2) ?? 0) / 1000)} KB document (median) | ${s(stroke(2))} | | |`);
    p(`| revalidation after a keystroke, a ${Math.round((strokeBytes(0) ?? 0) / 1000)} KB document in the ${settings.docs.toLocaleString('en')}-document index (median) | ${s(stroke(0))} | | |`);
    p(`| index memory (heap + buffers after GC) | ${mbs(heap)} | ≤ 250 MB | ${verdict(heap === undefined ? undefined : heap <= 250)} |`);
    p(`| reopened workspace, warm persistent cache: index ready | ${s(reopen)} (first diagnostics ${s(reopenFirst)}) | ≤ 3 s | ${verdict(reopen === undefined ? undefined : reopen <= 3000)} |`);
    if (baton?.sizes) p(`| extension bundle (as packaged / minified / minified+gzip) | ${(baton.sizes.extension / 1e6).toFixed(2)} MB / ${(baton.sizes.extensionMin / 1e6).toFixed(2)} MB / ${(baton.sizes.extensionGzip / 1e6).toFixed(2)} MB | < 2 MB | ${verdict(baton.sizes.extension < 2e6)} |`);
    p('');
  }
  p('## Every run', '');
  p('| what | run | wall | peak memory | exit | load |', '|---|---|---|---|---|---|');
  for (const [key, list] of Object.entries(results)) {
    if (!Array.isArray(list)) continue;
    for (const [i, r] of list.entries()) if (r.label) p(`| ${r.label} | ${i + 1} | ${r.timedOut ? `> ${s(r.ms)} (stopped)` : s(r.ms)} | ${mbs(r.rssMB)} | ${r.exit ?? ''} | ${r.load.toFixed(1)} |`);
    if (key === 'warm' && list.filling) p(`| ${list.filling.label} | 1 | ${s(list.filling.ms)} | ${mbs(list.filling.rssMB)} | ${list.filling.exit} | ${list.filling.load.toFixed(1)} |`);
  }
  p('');
  if (notes.length) p('## Notes', '', ...notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

mkdirSync(work, { recursive: true });
const machine = {
  cpu: cpus()[0]?.model ?? '?',
  cores: cpus().length,
  memGB: Math.round(totalmem() / 1e9),
  git: spawnSync('git', ['--version'], { encoding: 'utf8' }).stdout.trim(),
  loadStart: loadavg()[0].toFixed(1),
};
if (flags['report-only']) {
  // Rewrites the report from the last run's measurements (bench/.work/results.json).
  const saved = JSON.parse(readFileSync(join(work, 'results.json'), 'utf8'));
  Object.assign(settings, saved.settings, { only: new Set(saved.settings.only) });
  Object.assign(results, saved.results);
  for (const key of ['warm']) if (saved.extra?.[key]) Object.assign(results[key], saved.extra[key]);
  writeReport(saved.machine, saved.baton);
  process.exit(0);
}
log(`settings: ${JSON.stringify({ ...settings, only: [...settings.only] })}; free memory ${(freemem() / 1e9).toFixed(1)} GB`);
if (!TIME) notes.push('/usr/bin/time is not installed (apt-get install -y time): peak memory is not measured.');
const baton = await buildBaton();
log(`built Baton into ${relative(repo, baton.dir)}`);
const corpus = generateCorpus({ docs: settings.docs });
log(`corpus ${relative(repo, corpus.dir)}${corpus.reused ? ' (reused)' : ''}`);
machine.corpusMB = (Number(spawnSync('du', ['-sb', join(corpus.dir, 'kb')], { encoding: 'utf8' }).stdout.split('\t')[0]) / 1e6).toFixed(0);

if (settings.only.has('limits')) await limitRuns(baton);
if (settings.only.has('lint')) await lintRuns(corpus, baton);
machine.findings = results.lint[0]?.findings?.toLocaleString('en');
if (results.lint[0]?.limited) notes.push(`In the cold lint runs (the whole corpus, pathological documents included), Baton reported: ${results.lint[0].limited.join('; ') || 'no document over a limit'}. The peers skip ${PATHOLOGICAL_DIR}/, which has no time limit in them.`);
if (settings.only.has('cache')) await cacheRuns(corpus, baton);
if (settings.only.has('editor')) await editorRuns(corpus, baton);
if (settings.only.has('stale')) {
  log(`history: ${settings.commits} commits over ${settings.historyDocs} documents (generated once, then reused)`);
  const history = await generateHistory({ docs: settings.historyDocs, commits: settings.commits });
  log(`history ${relative(repo, history.dir)}${history.reused ? ' (reused)' : ''}`);
  await staleRuns(history, baton);
}

writeFileSync(join(work, 'results.json'), JSON.stringify({ settings: { ...settings, only: [...settings.only] }, machine, baton: { sizes: baton.sizes }, results, extra: { warm: { filling: results.warm.filling } } }, null, 2));
writeReport(machine, baton);

function writeReport(machine, baton) {
const text = report(machine, baton);
// The real VS Code section comes from bench/vscode.mjs: keep it.
const previous = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
const vscodeSection = /<!-- vscode:start -->[\s\S]*<!-- vscode:end -->/.exec(previous)?.[0];
writeFileSync(outFile, text + (vscodeSection ? `\n${vscodeSection}\n` : '\n'));
log(`wrote ${relative(repo, outFile)} in ${((Date.now() - started) / 60000).toFixed(1)} min`);
if (!quick && flags.readme && outFile === join(here, 'RESULTS.md')) quoteInReadme(text);
}

/** The READMEs (the project's and the benchmark's) quote the tables between their bench markers, so their numbers are the measured ones. */
function quoteInReadme(text) {
  const start = '<!-- bench:results -->';
  const end = '<!-- /bench:results -->';
  const tables = text.split('\n## ').filter((part) => /^(CLI|Editor)/.test(part)).map((part) => `### ${part.trim()}`).join('\n\n');
  for (const readme of [join(repo, 'README.md'), join(here, 'README.md')]) {
    if (!existsSync(readme)) continue;
    const current = readFileSync(readme, 'utf8');
    const a = current.indexOf(start);
    const b = current.indexOf(end);
    if (a === -1 || b === -1) continue;
    writeFileSync(readme, `${current.slice(0, a + start.length)}\n${tables}\n${current.slice(b)}`);
  }
}
