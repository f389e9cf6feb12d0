#!/usr/bin/env node
// Writes a synthetic KB of N documents (plus the code files their `covers:` name and one
// pathological document) to a folder. Same N and seed, same bytes: reruns are skipped.
//   node bench/generate-corpus.mjs --docs 1000 [--seed 1] [--out bench/corpus/kb-1000] [--force]
import { mkdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { codePaths, PATHOLOGICAL as PATHOLOGICAL_DOCS, planCorpus, renderDocument } from './lib/corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The folder of documents no tool should hang on; the peers, which have no time limit, skip it. */
export const PATHOLOGICAL_DIR = 'kb/99-压力测试';

/** A fingerprint of the generator's own source, so a changed generator regenerates. */
function generatorVersion() {
  return createHash('sha1').update(readFileSync(join(here, 'lib/corpus.mjs'))).update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 12);
}

export function codeFile(path, revision = 0) {
  if (path.endsWith('.yaml')) return `# ${path}\nreplicas: ${2 + (revision % 3)}\nrevision: ${revision}\nresources:\n  limits:\n    memory: ${4 + (revision % 8)}Gi\n`;
  if (path.endsWith('.sql')) return `-- ${path}\nCREATE TABLE IF NOT EXISTS t_${revision % 97} (id BIGINT PRIMARY KEY, v TEXT);\n`;
  return `// ${path}\nexport const revision = ${revision};\nexport function handle(input: string): string {\n  return input.trim();\n}\n`;
}

/** Generates (or reuses) the corpus; returns its folder and what it holds. */
export const LARGE = [20_000, 200_000];

export function generateCorpus({ docs, seed = 1, out = join(here, 'corpus', `kb-${docs}`), force = false, pathological = true }) {
  const signature = JSON.stringify({ docs, seed, pathological, large: LARGE, version: generatorVersion() });
  const stamp = join(out, '.corpus.json');
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === signature) return { dir: out, reused: true, docs, ...JSON.parse(readFileSync(join(out, '.corpus-files.json'), 'utf8')) };
  rmSync(out, { recursive: true, force: true });
  const plan = planCorpus(docs, seed, { large: LARGE });
  const made = new Set();
  const write = (rel, text) => {
    const file = join(out, rel);
    const dir = dirname(file);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(file, text);
  };
  let bytes = 0;
  const large = [];
  for (let i = 0; i < plan.docs.length; i++) {
    const text = renderDocument(plan, i, { seed });
    bytes += Buffer.byteLength(text);
    write(plan.docs[i].path, text);
    if (plan.docs[i].bytes) large.push(plan.docs[i].path);
  }
  for (const path of codePaths(plan.modules)) write(path, codeFile(path));
  if (pathological) for (const [path, make] of Object.entries(PATHOLOGICAL_DOCS)) write(path, make());
  // Its own config makes the folder the KB root (otherwise the enclosing repository would be).
  write('baton.config.json', JSON.stringify({ roots: ['kb'] }, null, 2) + '\n');
  // The peers' settings: remark with the plugins a KB needs; markdownlint with its defaults.
  write('.remarkrc.json', JSON.stringify({ plugins: ['remark-frontmatter', 'remark-gfm', ['remark-validate-links', { repository: false }]] }) + '\n');
  write('.gitignore', '.baton-cache/\n.corpus.json\n');
  write('.corpus-files.json', JSON.stringify({ pathological: pathological ? Object.keys(PATHOLOGICAL_DOCS) : [], large }) + '\n');
  // A KB lives in git: its own repository keeps the enclosing one's history out of the figures.
  const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com', GIT_AUTHOR_DATE: '2026-11-01T09:00:00+08:00', GIT_COMMITTER_DATE: '2026-11-01T09:00:00+08:00' };
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'corpus']]) {
    const r = spawnSync('git', args, { cwd: out, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args[0]} in ${out}: ${r.stderr}`);
  }
  writeFileSync(stamp, signature);
  return { dir: out, reused: false, docs, bytes, pathological: pathological ? Object.keys(PATHOLOGICAL_DOCS) : [], large };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { docs: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, force: { type: 'boolean', default: false } } });
  const started = performance.now();
  const result = generateCorpus({ docs: Number(values.docs), seed: Number(values.seed), out: values.out, force: values.force });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(result.reused ? `${result.dir}: up to date` : `${result.dir}: ${result.docs} documents, ${(result.bytes / 1e6).toFixed(1)} MB in ${secs} s`);
}
