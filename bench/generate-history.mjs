#!/usr/bin/env node
// Builds a git repository with a long history through `git fast-import`: a KB of D documents
// whose `covers:` name code paths, and C commits that change that code, update documents,
// change what documents cover, rename files and merge feature branches, spread over years.
//   node bench/generate-history.mjs --docs 1000 --commits 10000 [--seed 1] [--out DIR] [--force]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { codePaths, coversFor, planCorpus, random, renderDocument } from './lib/corpus.mjs';
import { codeFile } from './generate-corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PEOPLE = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'qianqi', 'sunba', 'liuyang', 'chenli'];
/** Commits start here and come about every 15 minutes, so 100k commits span about three years. */
const START = Date.parse('2023-06-01T09:00:00+08:00') / 1000;
const STEP = 900;

function generatorVersion() {
  const hash = createHash('sha1');
  for (const f of ['lib/corpus.mjs', 'generate-corpus.mjs', 'generate-history.mjs']) hash.update(readFileSync(join(here, f)));
  return hash.digest('hex').slice(0, 12);
}

export function git(cwd, args, options = {}) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Writes the fast-import stream to `sink` chunk by chunk. Returns the number of commits on
 * the first-parent line and in all.
 */
async function writeStream(sink, { docs, commits, seed }) {
  const r = random(seed * 7 + 3);
  const plan = planCorpus(docs, seed);
  let code = codePaths(plan.modules);
  const codeRevision = new Map(code.map((p) => [p, 0]));
  const docPath = plan.docs.map((d) => d.path);
  const docRevision = plan.docs.map(() => 0);
  const docCovers = plan.docs.map((d, i) => (d.type === 'article' || d.type === 'checklist' || i % 3 === 0 ? coversFor(d, plan.modules, random(seed + i)) : []));
  // Which documents cover which folder, so a code change can be followed by their update.
  const coverDir = (pattern) => pattern.replace(/\/\*\*$/, '').replace(/\/[^/]*\.[a-z]+$/, '');
  const byDir = new Map();
  const indexCovers = (i, add) => {
    for (const pattern of docCovers[i]) {
      const key = coverDir(pattern);
      let set = byDir.get(key);
      if (!set) byDir.set(key, (set = new Set()));
      if (add) set.add(i);
      else set.delete(i);
    }
  };
  docCovers.forEach((_, i) => indexCovers(i, true));
  /** Document updates owed, by the commit count at which they land. */
  const owed = new Map();
  const owe = (at, doc) => {
    const list = owed.get(at) ?? [];
    list.push(doc);
    owed.set(at, list);
  };
  let mark = 0;
  let time = START;
  let buffered = [];
  let size = 0;
  const out = async (text) => {
    buffered.push(text);
    size += text.length;
    if (size > 1 << 20) await flush();
  };
  const flush = async () => {
    const chunk = buffered.join('');
    buffered = [];
    size = 0;
    if (!sink.write(chunk)) await new Promise((resolve) => sink.once('drain', resolve));
  };
  const data = (text) => {
    const bytes = Buffer.byteLength(text);
    return `data ${bytes}\n${text}\n`;
  };
  const modify = (path, text) => `M 100644 inline ${quote(path)}\n${data(text)}`;
  const renderDoc = (i) => renderDocument(plan, i, { seed, revision: docRevision[i], covers: docCovers[i] });
  const person = () => r.pick(PEOPLE);
  const header = (ref, message, who = person()) => {
    time += Math.round(STEP * (0.2 + r.next() * 1.6));
    mark++;
    return `commit ${ref}\nmark :${mark}\nauthor ${who} <${who}@example.com> ${time} +0800\ncommitter ${who} <${who}@example.com> ${time} +0800\n${data(message)}`;
  };

  // The first commit: config, every document and every code file.
  const files = [modify('baton.config.json', JSON.stringify({ roots: ['kb'] }, null, 2) + '\n'), modify('.gitignore', '.baton-cache/\n')];
  for (let i = 0; i < docs; i++) files.push(modify(docPath[i], renderDoc(i)));
  for (const p of code) files.push(modify(p, codeFile(p)));
  await out(header('refs/heads/main', '初始化知识库与代码', 'zhangsan') + files.join(''));
  let mainMark = mark;
  let mainCount = 1;
  let total = 1;

  /** A code change: 1-3 files of one service, sometimes touching the deploy chart too. */
  const codeChange = () => {
    const lines = [];
    const n = r.int(1, 3);
    for (let k = 0; k < n; k++) {
      const p = r.pick(code);
      const rev = (codeRevision.get(p) ?? 0) + 1;
      codeRevision.set(p, rev);
      lines.push(modify(p, codeFile(p, rev)));
      // Most teams update the document within hours (24 h is 96 commits here); some miss.
      const covering = [...(byDir.get(p.slice(0, p.lastIndexOf('/'))) ?? [])];
      if (covering.length > 0 && r.chance(0.4)) owe(total + (r.chance(0.85) ? r.int(1, 80) : r.int(100, 400)), r.pick(covering));
    }
    return { lines, message: `修改 ${r.pick(['配置', '处理逻辑', '表结构', '部署参数'])} (#${mark + 1})` };
  };
  /** A document update; usually one whose covered code changed, as a diligent team would. */
  const docUpdate = (i = r.int(0, docs - 1)) => {
    docRevision[i]++;
    return { lines: [modify(docPath[i], renderDoc(i))], message: `更新文档 ${plan.docs[i].id}` };
  };
  const coversChange = () => {
    const i = r.int(0, docs - 1);
    indexCovers(i, false);
    docCovers[i] = coversFor({ module: r.int(0, plan.modules - 1) }, plan.modules, r);
    indexCovers(i, true);
    docRevision[i]++;
    return { lines: [modify(docPath[i], renderDoc(i))], message: `调整 ${plan.docs[i].id} 覆盖范围` };
  };
  const renameCode = () => {
    const at = r.int(0, code.length - 1);
    const from = code[at];
    const to = from.replace(/\/([^/]+)$/, `/renamed-${mark}-$1`);
    code[at] = to;
    codeRevision.set(to, codeRevision.get(from) ?? 0);
    codeRevision.delete(from);
    return { lines: [`R ${quote(from)} ${quote(to)}\n`], message: `重命名 ${from}` };
  };
  const renameDoc = () => {
    const i = r.int(0, docs - 1);
    const from = docPath[i];
    const to = from.replace(/\.md$/, `-v${mark}.md`);
    docPath[i] = to;
    return { lines: [`R ${quote(from)} ${quote(to)}\n`], message: `重命名文档 ${plan.docs[i].id}` };
  };

  while (total < commits) {
    const roll = r.next();
    if (roll < 0.02 && commits - total >= 4) {
      // A feature branch of 2-3 commits from main, merged back with a merge commit.
      const branch = `refs/heads/feature-${mark}`;
      const n = r.int(2, 3);
      const changes = [];
      let from = mainMark;
      for (let k = 0; k < n; k++) {
        const change = r.chance(0.7) ? codeChange() : docUpdate();
        changes.push(...change.lines);
        await out(header(branch, change.message) + `from :${from}\n` + change.lines.join(''));
        from = mark;
        total++;
      }
      // The merge's tree is main's plus the branch's files (later writes of a path win).
      await out(header('refs/heads/main', `Merge branch 'feature-${from}'`) + `from :${mainMark}\nmerge :${from}\n` + changes.join(''));
      mainMark = mark;
      mainCount++;
      total++;
      await out(`reset ${branch}\nfrom 0000000000000000000000000000000000000000\n\n`);
      continue;
    }
    const due = owed.get(total);
    const doc = due?.pop();
    if (due && due.length === 0) owed.delete(total);
    else if (due) owed.set(total + 1, [...(owed.get(total + 1) ?? []), ...owed.get(total)]), owed.delete(total);
    const change = doc !== undefined ? docUpdate(doc) : roll < 0.86 ? codeChange() : roll < 0.92 ? docUpdate() : roll < 0.96 ? coversChange() : roll < 0.99 ? renameCode() : renameDoc();
    await out(header('refs/heads/main', change.message) + `from :${mainMark}\n` + change.lines.join(''));
    mainMark = mark;
    mainCount++;
    total++;
  }
  await out('done\n');
  await flush();
  return { mainCount, total };
}

/** fast-import quotes paths with spaces or special characters in C style; ours are plain UTF-8. */
function quote(path) {
  return /[\s"\\]/.test(path) ? JSON.stringify(path) : path;
}

/** Generates (or reuses) the repository; returns its folder and its size. */
export async function generateHistory({ docs, commits, seed = 1, out = join(here, '.work', `history-${docs}-${commits}`), force = false }) {
  const signature = JSON.stringify({ docs, commits, seed, version: generatorVersion() });
  const stamp = join(out, '.git', 'bench-history.json');
  if (!force && existsSync(stamp) && readFileSync(stamp, 'utf8') === signature) return { dir: out, reused: true };
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  git(out, ['init', '-q', '-b', 'main']);
  git(out, ['config', 'user.name', 'bench']);
  git(out, ['config', 'user.email', 'bench@example.com']);
  git(out, ['config', 'gc.auto', '0']);
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: out, stdio: ['pipe', 'inherit', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((resolve) => child.on('close', resolve));
  const counts = await writeStream(child.stdin, { docs, commits, seed });
  child.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`git fast-import failed: ${err}`);
  git(out, ['checkout', '-q', '-f', 'main']);
  // Packed and with a commit graph, as a clone from a server would be.
  git(out, ['repack', '-a', '-d', '-q']);
  git(out, ['commit-graph', 'write', '--reachable']);
  writeFileSync(stamp, signature);
  return { dir: out, reused: false, ...counts };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { docs: { type: 'string', default: '1000' }, commits: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, force: { type: 'boolean', default: false } } });
  const started = performance.now();
  const result = await generateHistory({ docs: Number(values.docs), commits: Number(values.commits), seed: Number(values.seed), out: values.out, force: values.force });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(result.reused ? `${result.dir}: up to date` : `${result.dir}: ${result.total} commits (${result.mainCount} on main) in ${secs} s`);
}
