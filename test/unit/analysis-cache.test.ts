// The persistent analysis cache behind `baton lint --cache` and the editor's warm start:
// hits on unchanged files, misses after a config, schema, content or build change, and a
// store that survives damage and does not grow without bound.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEngine } from '../../extension/cli/workspace';
import { nodeHost } from '../../extension/node-host/node-host';
import { silentLogger, type Host } from '../../extension/core/host';
import { CACHE_FILE, FileAnalysisCache, inPieces } from '../../extension/node-host/analysis-cache';
import { FileShapeMemo, SHAPE_MEMO_FILE } from '../../extension/node-host/shape-memo';
import { article, removeDir, runCli, tempDir, writeFiles } from './helpers/temp-kb';

const RUNBOOK_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'runbook.schema.json',
  type: 'object',
  allOf: [{ $ref: 'document.schema.json' }],
  properties: { system: { type: 'string', description: 'System the runbook is for.' } },
  'x-baton': { idPattern: '^RB-\\d{3}$', sections: [{ zh: '操作步骤', en: 'Steps' }] },
};

const runbook = (id: string) => `---\nid: ${id}\ntitle: 重启\ntype: runbook\nowner: ops\nstatus: draft\nsystem: kafka\n---\n\n## 操作步骤\n\n正文\n`;

describe('analysis cache', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  /**
   * One cached scan of the KB in `dir`, as `baton lint --cache` does it; returns hits and
   * misses, and the documents read from disk (the config and schemas are read too, not listed).
   */
  async function cachedScan(salt = 'test') {
    const cache = new FileAnalysisCache(salt);
    const host = nodeHost({ cwd: dir, logger: silentLogger, git: false });
    const read: string[] = [];
    const counting: Host = {
      ...host,
      fs: {
        ...host.fs,
        readFile: (path) => {
          if (path.endsWith('.md')) read.push(path.slice(dir.length + 1));
          return host.fs.readFile(path);
        },
      },
    };
    const engine = await openEngine(counting, dir, { cache, workers: false });
    try {
      await cache.load(join(dir, '.baton-cache'));
      await engine.scan();
      await cache.save();
      return { hits: cache.hits, misses: cache.misses, read: read.sort(), findings: engine.allFindings().map((f) => `${f.file.slice(dir.length + 1)}:${f.range.line} ${f.ruleId}`) };
    } finally {
      engine.dispose();
    }
  }

  /** Sets a file's modification time `minutes` ago: older than a write that could still be under way. */
  function age(path: string, minutes: number) {
    const when = new Date(Date.now() - minutes * 60_000);
    utimesSync(join(dir, path), when, when);
  }

  function kb() {
    return tempDir({
      'baton.config.json': JSON.stringify({ types: { runbook: { schema: 'schemas/runbook.schema.json' } } }),
      'schemas/runbook.schema.json': JSON.stringify(RUNBOOK_SCHEMA),
      'kb/a.md': article('KB-0001', '一', '见 [二](b.md)。'),
      'kb/b.md': article('KB-0002', '二'),
      'kb/rb.md': runbook('RB-001'),
    });
  }

  it('reuses every analysis of an unchanged KB, and re-analyses only a changed file', async () => {
    dir = kb();
    const cold = await cachedScan();
    assert.deepEqual([cold.hits, cold.misses], [0, 3]);
    assert.ok(existsSync(join(dir, '.baton-cache', CACHE_FILE)));
    const warm = await cachedScan();
    assert.deepEqual([warm.hits, warm.misses], [3, 0]);
    assert.deepEqual(warm.findings, cold.findings);
    writeFiles(dir, { 'kb/b.md': article('KB-0002', '二').replace('## 概述', '## 其他') });
    const changed = await cachedScan();
    assert.deepEqual([changed.hits, changed.misses], [2, 1]);
    assert.ok(!cold.findings.some((f) => f.includes('required-sections')), cold.findings.join('\n'));
    assert.ok(changed.findings.some((f) => f.startsWith('kb/b.md') && f.endsWith('required-sections')), `the edit shows: ${changed.findings.join('\n')}`);
  });

  it('knows an unchanged file by its size and modification time, and reads one written since or just before', async () => {
    dir = kb();
    for (const doc of ['kb/a.md', 'kb/b.md', 'kb/rb.md']) age(doc, 60);
    const cold = await cachedScan();
    assert.deepEqual(cold.read, ['kb/a.md', 'kb/b.md', 'kb/rb.md']);
    const warm = await cachedScan();
    assert.deepEqual([warm.hits, warm.misses, warm.read], [3, 0, []]);
    assert.deepEqual(warm.findings, cold.findings);
    // The same size (two characters for two), written now.
    writeFiles(dir, { 'kb/b.md': article('KB-0002', '二').replace('## 概述', '## 其他') });
    const changed = await cachedScan();
    assert.deepEqual([changed.hits, changed.misses, changed.read], [2, 1, ['kb/b.md']]);
    assert.ok(changed.findings.some((f) => f.startsWith('kb/b.md') && f.endsWith('required-sections')), changed.findings.join('\n'));
    // Written within the last moments before it was read, it is read again, and known by its content.
    const again = await cachedScan();
    assert.deepEqual([again.hits, again.misses, again.read], [3, 0, ['kb/b.md']]);
    assert.deepEqual(again.findings, changed.findings);
    // Once its time is old enough, the next read keeps its stat, and the one after needs no read.
    age('kb/b.md', 30);
    const settled = await cachedScan();
    assert.deepEqual([settled.hits, settled.misses, settled.read], [3, 0, ['kb/b.md']]);
    const quiet = await cachedScan();
    assert.deepEqual([quiet.hits, quiet.misses, quiet.read], [3, 0, []]);
    assert.deepEqual(quiet.findings, changed.findings);
  });

  it('is invalidated by a config change', async () => {
    dir = kb();
    // Old enough to be known by their stats: the config still decides.
    for (const doc of ['kb/a.md', 'kb/b.md', 'kb/rb.md']) age(doc, 60);
    await cachedScan();
    writeFiles(dir, { 'baton.config.json': JSON.stringify({ types: { runbook: { schema: 'schemas/runbook.schema.json' } }, rules: { 'empty-section': 'off' } }) });
    const after = await cachedScan();
    assert.deepEqual([after.hits, after.misses], [0, 3]);
  });

  it('is invalidated by a schema change, and the new schema applies', async () => {
    dir = kb();
    const before = await cachedScan();
    assert.ok(!before.findings.some((f) => f.startsWith('kb/rb.md')), before.findings.join('\n'));
    const stricter = { ...RUNBOOK_SCHEMA, properties: { system: { ...RUNBOOK_SCHEMA.properties.system, enum: ['redis'] } } };
    writeFiles(dir, { 'schemas/runbook.schema.json': JSON.stringify(stricter) });
    const after = await cachedScan();
    assert.deepEqual([after.hits, after.misses], [0, 3]);
    assert.ok(after.findings.some((f) => f.startsWith('kb/rb.md') && f.endsWith(' schema')), after.findings.join('\n'));
  });

  it('is invalidated by another build of Baton', async () => {
    dir = kb();
    await cachedScan('build one');
    const other = await cachedScan('build two');
    assert.deepEqual([other.hits, other.misses], [0, 3]);
  });

  it('keys by path: the same text in another file is analysed for that file', async () => {
    dir = kb();
    await cachedScan();
    writeFiles(dir, { 'kb/copy.md': readFileSync(join(dir, 'kb/a.md'), 'utf8') });
    const after = await cachedScan();
    assert.deepEqual([after.hits, after.misses], [3, 1]);
    assert.ok(after.findings.some((f) => f.startsWith('kb/copy.md') && f.endsWith('unique-id')), after.findings.join('\n'));
  });

  it('treats a damaged store as empty and repairs it', async () => {
    dir = kb();
    await cachedScan();
    const file = join(dir, '.baton-cache', CACHE_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [lines[0], lines[1].slice(0, 40), 'garbage', lines[2], ''].join('\n'));
    const damaged = await cachedScan();
    assert.equal(damaged.hits + damaged.misses, 3);
    assert.ok(damaged.misses >= 2, `misses ${damaged.misses}`);
    writeFileSync(file, 'not json at all\n');
    const unreadable = await cachedScan();
    assert.deepEqual([unreadable.hits, unreadable.misses], [0, 3]);
    const repaired = await cachedScan();
    assert.deepEqual([repaired.hits, repaired.misses], [3, 0]);
  });

  it('appends small changes and compacts once most entries are unused', async () => {
    dir = kb();
    await cachedScan();
    const file = join(dir, '.baton-cache', CACHE_FILE);
    const entries = () => readFileSync(file, 'utf8').split('\n').filter(Boolean).length - 1;
    assert.equal(entries(), 3);
    writeFiles(dir, { 'kb/b.md': article('KB-0002', '二', '改一。') });
    await cachedScan();
    // 4 entries, one of them unused: below the threshold for a rewrite, so it was appended.
    assert.equal(entries(), 4);
    const many: Record<string, string> = {};
    for (let i = 0; i < 120; i++) many[`kb/m${i}.md`] = article(`KB-${String(100 + i).padStart(4, '0')}`, `m${i}`);
    writeFiles(dir, many);
    await cachedScan();
    for (let i = 0; i < 120; i++) many[`kb/m${i}.md`] = article(`KB-${String(100 + i).padStart(4, '0')}`, `m${i}`, '改过。');
    writeFiles(dir, many);
    await cachedScan();
    assert.equal(entries(), 123, 'the 121 unused entries were dropped');
  });

  it('baton lint --cache gives the same output as a cold run, and --cache-location is honoured', async () => {
    dir = kb();
    writeFiles(dir, { 'kb/c.md': article('KB-0003', '三', '见 [缺](missing.md)。') });
    const plain = await runCli(dir, ['lint', '--format', 'json']);
    const first = await runCli(dir, ['lint', '--format', 'json', '--cache']);
    const second = await runCli(dir, ['lint', '--format', 'json', '--cache']);
    assert.equal(plain.code, 1);
    assert.deepEqual([first.code, second.code], [1, 1]);
    assert.equal(first.stdout, plain.stdout);
    assert.equal(second.stdout, plain.stdout);
    assert.ok(existsSync(join(dir, '.baton-cache', CACHE_FILE)));
    const elsewhere = await runCli(dir, ['lint', '--cache-location', 'tmp/cache']);
    assert.equal(elsewhere.code, 1);
    assert.ok(existsSync(join(dir, 'tmp', 'cache', CACHE_FILE)));
  });

  it('keeps broken-link and unknown-reference findings between runs only while nothing they read changed', async () => {
    dir = tempDir({
      'kb/a.md': article('KB-0001', '一', '见 [二](b.md#新节)、[缺](missing.md) 与 [部署](../deploy/app.yaml)。', 'related:\n  - KB-0009\n'),
      'kb/b.md': article('KB-0002', '二'),
      'kb/c.md': article('KB-0003', '三', '正文。'),
    });
    const host = nodeHost({ cwd: dir, logger: silentLogger, git: false });
    const memoDir = join(dir, '.baton-cache');
    /** One run with the memo, as `baton lint --cache` does it, and one without: the findings of both, and the memo's hits. */
    const run = async () => {
      const memo = new FileShapeMemo('test');
      await memo.load(memoDir);
      const kept = await openEngine(host, dir, { shapeMemo: memo, workers: false });
      const plain = await openEngine(host, dir, { workers: false });
      try {
        await Promise.all([kept.scan(), plain.scan()]);
        const findings = JSON.stringify(kept.allFindings());
        assert.equal(findings, JSON.stringify(plain.allFindings()));
        await memo.save();
        return { hits: memo.hits, rules: kept.allFindings().map((f) => `${f.file.slice(dir.length + 1)} ${f.ruleId}`).sort() };
      } finally {
        kept.dispose();
        plain.dispose();
      }
    };
    const first = await run();
    assert.equal(first.hits, 0);
    assert.deepEqual(first.rules, ['kb/a.md broken-link', 'kb/a.md broken-link', 'kb/a.md broken-link', 'kb/a.md unknown-reference']);
    assert.ok(existsSync(join(memoDir, SHAPE_MEMO_FILE)));
    // Nothing changed; then a body changes: only that document runs the rules again.
    assert.equal((await run()).hits, 3);
    writeFiles(dir, { 'kb/c.md': article('KB-0003', '三', '改过的正文。') });
    assert.equal((await run()).hits, 2);
    // Each of these changes what a link or an id in a.md finds, so nothing is taken from the memo.
    const changes: Array<[string, Record<string, string>, string[]]> = [
      ['a heading the anchor names', { 'kb/b.md': article('KB-0002', '二', '正文。\n\n## 新节\n\n内容') }, ['kb/a.md broken-link', 'kb/a.md broken-link', 'kb/a.md unknown-reference']],
      ['the file outside the KB a link names', { 'deploy/app.yaml': 'replicas: 2\n' }, ['kb/a.md broken-link', 'kb/a.md unknown-reference']],
      ['a file whose name is close to a missing one', { 'kb/missin.md': article('KB-0004', '四') }, ['kb/a.md broken-link', 'kb/a.md unknown-reference']],
      ['an id that a reference names', { 'kb/c.md': article('KB-0009', '三', '改过的正文。') }, ['kb/a.md broken-link']],
    ];
    for (const [what, files, rules] of changes) {
      writeFiles(dir, files);
      const after = await run();
      assert.equal(after.hits, 0, what);
      assert.deepEqual(after.rules, rules, what);
    }
    // A run over one document keeps the other documents' entries.
    const memo = new FileShapeMemo('test');
    await memo.load(memoDir);
    const engine = await openEngine(host, dir, { shapeMemo: memo, workers: false });
    await engine.scan();
    writeFiles(dir, { 'kb/b.md': article('KB-0002', '二', '正文。\n\n## 新节\n\n内容改了') });
    await engine.load(join(dir, 'kb/b.md'));
    engine.allFindings([join(dir, 'kb/b.md')]);
    engine.dispose();
    assert.equal(memo.hits, 0, 'b.md changed');
    await memo.save();
    // Four documents now (missin.md came): b.md from the run over it, the others kept from before.
    assert.equal((await run()).hits, 4);
    // The suggestion follows the new file: the memo did not keep the old "did you mean".
    const message = (await runCli(dir, ['lint', '--cache', '--format', 'json'])).stdout;
    assert.match(message, /did you mean \\"missin\.md\\"/);
  });

  it('gives back each analysis as it was made, its detail parsed only when first read, also after release()', async () => {
    const checklist = ['---', 'id: CL-0001', 'title: 上线清单', 'type: checklist', 'phase: go-live', '---', '', '# 上线清单', '', '| 项 | 负责人 |', '| --- | --- |', '| 备份 | 李四 |', '', '- [x] 备份 @李四', '  - [ ] 校验 📅 2020-01-02', '- [ ] 切换', '', '```sh', 'echo 1', '```', ''].join('\n');
    dir = tempDir({ 'kb/cl.md': checklist, 'kb/a.md': article('KB-0001', '一') });
    const store = join(dir, '.baton-cache');
    const open = async () => {
      const cache = new FileAnalysisCache('test');
      const engine = await openEngine(nodeHost({ cwd: dir, logger: silentLogger, git: false }), dir, { cache, workers: false });
      await cache.load(store);
      await engine.scan();
      return { cache, engine, doc: engine.index.get(join(dir, 'kb/cl.md').replace(/\\/g, '/'))! };
    };
    const made = await open();
    const original = JSON.parse(JSON.stringify(made.doc));
    const overdue = made.engine.findings(made.doc.path).filter((f) => f.ruleId === 'checklist-overdue').map((f) => f.range.line);
    assert.deepEqual(overdue, [15], 'a date on a task alone makes it overdue');
    await made.cache.save();
    made.engine.dispose();
    assert.deepEqual([original.tasks.length, original.tables.length, original.codeLines.length, original.datedTasks], [3, 1, 2, true]);
    assert.ok(original.frontmatter.keys.phase);

    const warm = await open();
    assert.equal(warm.cache.hits, 2);
    // What a run reads of every document comes without the detail.
    assert.deepEqual([warm.doc.id, warm.doc.datedTasks, warm.doc.headings.map((h) => h.slug)], [original.id, true, original.headings.map((h: { slug: string }) => h.slug)]);
    assert.equal(warm.cache.detailsParsed, 0);
    assert.deepEqual(warm.engine.findings(warm.doc.path).filter((f) => f.ruleId === 'checklist-overdue').map((f) => f.range.line), overdue);
    assert.equal(warm.cache.detailsParsed, 1, 'read for the overdue check of the dated checklist only');
    assert.deepEqual(JSON.parse(JSON.stringify(warm.doc)), original);
    assert.deepEqual({ ...warm.doc.frontmatter }, original.frontmatter);
    warm.doc.tasks = [];
    assert.deepEqual(warm.doc.tasks, [], 'a written value replaces the stored one');
    assert.equal(warm.doc.tables.length, 1);
    warm.engine.dispose();

    const released = await open();
    await released.cache.release();
    assert.equal(released.cache.detailsParsed, 2, 'every detail parsed, none left on the bytes of the store');
    assert.deepEqual(JSON.parse(JSON.stringify(released.doc)), original);
    released.engine.dispose();

    // A detail damaged on disk reads as none, and the rules go on; a last line without its newline is not read.
    const file = join(store, CACHE_FILE);
    const stored = readFileSync(file, 'utf8').split('\n');
    const at = stored.findIndex((line) => line.includes('cl.md'));
    stored[at] = stored[at].slice(0, stored[at].lastIndexOf('\t') + 10);
    writeFileSync(file, stored.join('\n').replace(/\n$/, ''));
    const damaged = await open();
    assert.equal(damaged.cache.hits, 1, 'the last line, cut short, was not read');
    writeFileSync(file, stored.join('\n'));
    const cut = await open();
    assert.equal(cut.cache.hits, 2);
    assert.deepEqual([cut.doc.tasks, cut.doc.frontmatter.keys], [[], {}]);
    assert.doesNotThrow(() => cut.engine.allFindings());
    cut.engine.dispose();
  });

  it('writes the store in pieces of about the given size, every byte once and in order', () => {
    const parts = Array.from({ length: 50 }, (_, i) => Buffer.from(`${i}:${'字'.repeat(i % 7)}\n`));
    const pieces = [...inPieces(parts, 40)];
    assert.ok(pieces.length > 5, `${pieces.length} pieces`);
    // A piece closes at the first part that brings it to the size: never more than one part over.
    const longest = Math.max(...parts.map((p) => p.length));
    for (const piece of pieces) assert.ok(piece.length < 40 + longest, `a piece of ${piece.length} bytes`);
    assert.deepEqual(Buffer.concat(pieces), Buffer.concat(parts));
    assert.deepEqual([...inPieces([], 40)], []);
  });
});
