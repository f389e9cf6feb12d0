// The parse worker pool, with the built worker: workers start as documents wait for them.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../extension/core/engine';
import { WorkerPool } from '../../extension/node-host/worker-pool';
import { memoryHost } from './helpers/memory-host';

const WORKER = join(__dirname, '..', '..', 'dist', 'parse-worker.js');
const doc = (id: string) => `---\nid: ${id}\ntitle: 文档 ${id}\ntype: article\nowner: zhangsan\nstatus: published\n---\n\n## 概述\n\n正文 ${id}\n`;

describe('worker pool', function () {
  this.timeout(60_000);
  let engine: Engine | undefined;
  afterEach(() => engine?.dispose());

  it('starts no worker for cached results, one for one document, and the rest as documents wait', async () => {
    if (!existsSync(WORKER)) throw new Error('dist/parse-worker.js is missing: run npm run build first');
    let pool: WorkerPool | undefined;
    engine = await Engine.open(memoryHost({ '/repo/kb/a.md': doc('KB-0001') }), '/repo', {
      source: (setup, analyzer) => (pool = new WorkerPool(WORKER, setup, analyzer, 2)),
    });
    assert.equal(pool!.started, 0, 'none before a document needs one');
    const first = await pool!.analyze('/repo/kb/a.md', doc('KB-0001'));
    assert.equal(first.frontmatter.data.id, 'KB-0001');
    assert.equal(pool!.started, 1, 'one document, one worker');
    const docs = Array.from({ length: 20 }, (_, i) => `KB-${String(i + 2).padStart(4, '0')}`);
    const results = await Promise.all(docs.map((id) => pool!.analyze(`/repo/kb/${id}.md`, doc(id))));
    assert.deepEqual(results.map((r) => r.frontmatter.data.id), docs);
    assert.equal(pool!.started, 2, 'a queue of documents starts the second');
  });
});
