// The engine over an in-memory host: the index, incremental updates, ignores and custom types.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { strict as assert } from 'node:assert';
import { Engine, ConfigError } from '../../extension/core/engine';
import { memoryHost } from './helpers/memory-host';
import { WARM_UP_DOCUMENT } from '../../extension/core/analyzer';
import { parseTextFast } from '../../extension/core/parse-document';

const doc = (id: string, body: string, extra = '') => `---\nid: ${id}\ntitle: 文档 ${id}\ntype: article\nowner: zhangsan\nstatus: published\n${extra}---\n\n## 概述\n\n${body}\n`;

describe('engine', () => {
  it('indexes ids, titles, headings with GitHub slugs, links and tasks', async () => {
    const host = memoryHost({
      '/repo/kb/a.md': doc('KB-0001', '见 [B](b.md#p1-重要)。\n\n## P1 重要\n\n- [ ] 完成 @张三\n  - [x] 子项 📅 2026-12-01\n'),
      '/repo/kb/b.md': doc('KB-0002', '正文\n\n## P1 重要\n\n内容'),
    });
    const engine = await Engine.open(host, '/repo');
    await engine.scan();
    const a = engine.index.get('/repo/kb/a.md')!;
    assert.equal(a.id, 'KB-0001');
    assert.equal(a.title, '文档 KB-0001');
    assert.deepEqual(a.headings.map((h) => h.slug), ['概述', 'p1-重要']);
    assert.deepEqual(a.tasks.map((t) => [t.text, t.checked, t.depth, t.parent]), [['完成 @张三', false, 0, -1], ['子项 📅 2026-12-01', true, 1, 0]]);
    assert.deepEqual(engine.index.byId('KB-0002'), ['/repo/kb/b.md']);
    assert.deepEqual(engine.index.incoming('/repo/kb/b.md'), ['/repo/kb/a.md']);
    assert.deepEqual(engine.allFindings(), []);
  });

  it('reads frontmatter alone when asked, with limits kept and no body or findings', async () => {
    const host = memoryHost({
      '/repo/kb/a.md': doc('KB-0001', '见 [B](b.md)。\n\n- [ ] 完成\n', 'covers:\n  - src/gateway/**\n'),
      '/repo/kb/bad.md': '---\nid: [未闭合\n---\n正文\n',
      '/repo/kb/bin.md': new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01]),
    });
    const engine = await Engine.open(host, '/repo');
    await engine.scan({ frontmatterOnly: true });
    const a = engine.index.get('/repo/kb/a.md')!;
    assert.equal(a.id, 'KB-0001');
    assert.deepEqual(a.frontmatter.data.covers, ['src/gateway/**']);
    assert.equal(a.frontmatter.keys.covers?.key.line, 7);
    assert.deepEqual([a.headings.length, a.links.length, a.tasks.length, a.fileFindings.length], [0, 0, 0, 0]);
    assert.equal(engine.index.get('/repo/kb/bad.md')!.frontmatter.problem?.code !== undefined, true);
    assert.equal(engine.index.get('/repo/kb/bin.md')!.limit?.code, 'binary');
    const huge = engine.analyzer.analyzeFrontmatter('/repo/kb/huge.md', new TextEncoder().encode(`---\nid: KB-0009\n---\n${'字'.repeat(1024 * 1024)}\n`));
    assert.deepEqual([huge.limit?.code, huge.frontmatter.data.id], ['too-large', undefined]);
  });

  it('warms up in steps, one schema per pause and then a sample the fast parser takes, indexing nothing, until disposed', async () => {
    const engine = await Engine.open(memoryHost({ '/repo/kb/a.md': doc('KB-0001', '正文') }), '/repo');
    let pauses = 0;
    await engine.warmUp(async () => {
      pauses++;
    });
    assert.equal(pauses, engine.types.names().length + 1);
    assert.equal(engine.index.size, 0);
    // The sample goes down the fast path the editor's first document takes, through lists, tasks, links and a table.
    const sample = parseTextFast('/repo/kb/sample.md', WARM_UP_DOCUMENT)!;
    assert.ok(sample, 'the fast parser takes the sample');
    assert.deepEqual([sample.frontmatter.data.type, sample.links.length, sample.tasks.length, sample.tables.length], ['article', 1, 2, 1]);

    let steps = 0;
    await engine.warmUp(async () => {
      if (++steps === 2) engine.dispose();
    });
    assert.equal(steps, 2, 'a disposed engine stops warming up');
  });

  it('updates cross-file findings when another document changes', async () => {
    const host = memoryHost({
      '/repo/kb/a.md': doc('KB-0001', '见 [B](b.md#p1-重要)。'),
      '/repo/kb/b.md': doc('KB-0002', '正文\n\n## P1 重要\n\n内容'),
    });
    const engine = await Engine.open(host, '/repo');
    await engine.scan();
    assert.deepEqual(engine.findings('/repo/kb/a.md'), []);
    await engine.update('/repo/kb/b.md', doc('KB-0002', '正文\n\n## P2 一般\n\n内容'));
    assert.deepEqual(engine.findings('/repo/kb/a.md').map((f) => f.ruleId), ['broken-link']);
    await engine.update('/repo/kb/b.md', doc('KB-0001', '正文\n\n## P1 重要\n\n内容'));
    assert.deepEqual(engine.findings('/repo/kb/a.md').map((f) => f.ruleId), ['unique-id']);
    engine.remove('/repo/kb/b.md');
    assert.deepEqual(engine.findings('/repo/kb/a.md').map((f) => f.ruleId), ['broken-link']);
  });

  it('keeps the change begun last, not the analysis finished last', async () => {
    const b = '/repo/kb/b.md';
    const host = memoryHost({
      '/repo/kb/a.md': doc('KB-0001', '见 [B](b.md)。'),
      [b]: doc('KB-0002', '正文'),
    });
    // A worker that answers only when told to, once `held` is set.
    let held = false;
    const waiting: Array<() => void> = [];
    const engine = await Engine.open(host, '/repo', {
      source: (_setup, analyzer) => ({
        analyze: (path, data) => (held ? new Promise((resolve) => waiting.push(() => resolve(analyzer.analyze(path, data)))) : Promise.resolve(analyzer.analyze(path, data))),
        dispose() {},
      }),
    });
    await engine.scan();
    held = true;
    const asked = async (count: number) => {
      while (waiting.length < count) await new Promise((resolve) => setImmediate(resolve));
    };
    const release = async () => {
      await asked(1);
      waiting.splice(0).forEach((answer) => answer());
    };

    // Deleted while its change on disk was being analysed: it stays deleted.
    let loading = engine.load(b);
    engine.remove(b);
    await release();
    await loading;
    assert.equal(engine.index.get(b), undefined);
    assert.deepEqual(engine.findings('/repo/kb/a.md').map((f) => f.ruleId), ['broken-link']);

    // Edited in the editor while the file on disk was being analysed: the edit stays.
    loading = engine.load(b);
    await engine.update(b, doc('KB-0003', '改过的正文'));
    await release();
    await loading;
    assert.equal(engine.index.get(b)?.id, 'KB-0003');

    // A read that finishes after a newer one does not replace it.
    host.fs.put(b, doc('KB-0004', '磁盘上的正文'));
    const older = engine.load(b);
    await asked(1);
    host.fs.put(b, doc('KB-0005', '更新的正文'));
    const newer = engine.load(b);
    await asked(2);
    const [answerOlder, answerNewer] = waiting.splice(0);
    answerNewer();
    await newer;
    assert.equal(engine.index.get(b)?.id, 'KB-0005');
    answerOlder();
    await older;
    assert.equal(engine.index.get(b)?.id, 'KB-0005');
  });

  it('skips ignored files and the templates folder', async () => {
    const host = memoryHost({
      '/repo/kb/a.md': doc('KB-0001', '正文'),
      '/repo/kb/_templates/case.md': '---\nid: {{id}}\n---\n',
      '/repo/kb/drafts/x.md': 'no frontmatter',
      '/repo/baton.config.json': JSON.stringify({ ignore: ['kb/drafts/**'] }),
    });
    const engine = await Engine.open(host, '/repo');
    await engine.scan();
    assert.deepEqual([...engine.index.documents()].map((d) => d.path), ['/repo/kb/a.md']);
  });

  it('walks each folder once when roots overlap, and lists files sorted whatever order the folders are read in', async () => {
    const host = memoryHost({
      '/repo/kb/z.md': doc('KB-0001', '正文'),
      '/repo/kb/sub/b.md': doc('KB-0002', '正文'),
      '/repo/kb/sub/a.md': doc('KB-0003', '正文'),
      '/repo/kb/sub/img/2.png': 'png',
      '/repo/kb/sub/img/1.png': 'png',
      '/repo/kb/old/x.md': doc('KB-0004', '正文'),
      '/repo/kb/a.png': 'png',
      '/repo/baton.config.json': JSON.stringify({ roots: ['kb', 'kb/sub'], ignore: ['kb/old/'] }),
    });
    // Entries come back reversed, and the deeper folders answer first.
    const read = host.fs.readDirectory.bind(host.fs);
    host.fs.readDirectory = async (path) => {
      const entries = (await read(path)).reverse();
      if (!path.includes('/sub')) await new Promise((resolve) => setTimeout(resolve, 5));
      return entries;
    };
    const engine = await Engine.open(host, '/repo');
    assert.deepEqual(await engine.listFiles(), {
      documents: ['/repo/kb/sub/a.md', '/repo/kb/sub/b.md', '/repo/kb/z.md'],
      others: ['/repo/kb/a.png', '/repo/kb/sub/img/1.png', '/repo/kb/sub/img/2.png'],
    });
  });

  it('adds a type from config with no code change', async () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'runbook.schema.json',
      type: 'object',
      allOf: [{ $ref: 'document.schema.json' }],
      properties: { system: { type: 'string', description: 'System the runbook is for.' } },
      required: ['system'],
      'x-baton': { idPattern: '^RB-\\d{3}$', sections: [{ zh: '操作步骤', en: 'Steps' }] },
    };
    const host = memoryHost({
      '/repo/baton.config.json': JSON.stringify({ types: { runbook: { schema: 'schemas/runbook.schema.json' } } }),
      '/repo/schemas/runbook.schema.json': JSON.stringify(schema),
      '/repo/kb/rb.md': '---\nid: RB-1\ntitle: 重启\ntype: runbook\nowner: ops\nstatus: draft\n---\n\n## 概述\n\n正文\n',
    });
    const engine = await Engine.open(host, '/repo');
    await engine.scan();
    assert.deepEqual(engine.allFindings().map((f) => `${f.ruleId}@${f.range.line}`), ['schema@1', 'id-format@2', 'required-sections@9']);
  });

  it('refuses a config whose custom schema is missing or invalid, with the file named', async () => {
    const host = memoryHost({ '/repo/baton.config.json': JSON.stringify({ types: { runbook: { schema: 'schemas/nope.json' } } }) });
    await assert.rejects(Engine.open(host, '/repo'), (e: unknown) => e instanceof ConfigError && /runbook/.test(e.problems[0].message.args!.join()) && e.problems[0].file === '/repo/baton.config.json');
  });

  it('refuses a custom schema that does not compile when the KB opens, and compiles every built-in one', async () => {
    const host = memoryHost({
      '/repo/baton.config.json': JSON.stringify({ types: { runbook: { schema: 'schemas/r.json' } } }),
      '/repo/schemas/r.json': JSON.stringify({ type: 'object', properties: { x: { type: 'nope' } } }),
    });
    await assert.rejects(Engine.open(host, '/repo'), (e: unknown) => e instanceof ConfigError && /runbook/.test(e.problems[0].message.args!.join()) && /invalid/.test(e.problems[0].message.args!.join()));
    // One that compiles but breaks the meta-schema: a negative length.
    host.fs.put('/repo/schemas/r.json', JSON.stringify({ type: 'object', properties: { x: { type: 'string', minLength: -1 } } }));
    await assert.rejects(Engine.open(host, '/repo'), (e: unknown) => e instanceof ConfigError && /minLength/.test(e.problems[0].message.args!.join()));
    // Built-in schemas compile on first use: each must compile, and reject an empty frontmatter.
    const engine = await Engine.open(memoryHost({}), '/repo');
    const names = engine.types.names();
    assert.ok(names.length >= 5, names.join());
    for (const name of names) assert.equal(engine.types.get(name)!.validate({}), false, name);
  });

  it('bundles schemas that are valid JSON Schema 2020-12 (the engine does not check them as it adds them)', () => {
    const ajv = new Ajv2020({ strict: false });
    const dir = join(__dirname, '..', '..', 'schemas');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 7, files.join());
    for (const file of files) assert.ok(ajv.validateSchema(JSON.parse(readFileSync(join(dir, file), 'utf8'))), `${file}: ${ajv.errorsText(ajv.errors)}`);
    assert.equal(ajv.validateSchema({ type: 'string', minLength: -1 }), false);
  });

  it('does not load workspace schemas in an untrusted workspace', async () => {
    const host = memoryHost({
      '/repo/baton.config.json': JSON.stringify({ types: { runbook: { schema: 'schemas/r.json' } } }),
      '/repo/schemas/r.json': JSON.stringify({ type: 'object', properties: { x: { type: 'string', pattern: '^(a+)+$' } } }),
      '/repo/kb/rb.md': '---\nid: RB-1\ntitle: 重启\ntype: runbook\nowner: ops\nstatus: draft\n---\n',
    });
    const engine = await Engine.open(host, '/repo', { trusted: false });
    await engine.scan();
    assert.deepEqual(engine.types.names().includes('runbook'), false);
    assert.match(engine.notices[0].text, /untrusted/);
    assert.deepEqual(engine.allFindings().map((f) => f.ruleId), ['schema'], 'bundled validation still runs');
  });
});
