// When HEAD moves forward, freshness reads only the new commits, extends its history index in
// place and keeps the commit timelines the new commits cannot change. The result must be the
// same as computing everything again, whatever the new commits touched.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trackerFor, updateFreshness, type FreshnessReport } from '../../extension/core/freshness';
import { fileHistoryStore } from '../../extension/core/freshness/history';
import { Engine } from '../../extension/core/engine';
import { nodeFileSystem } from '../../extension/node-host/node-host';
import { doc, gitHost, TempRepo } from './helpers/git-repo';

const T0 = Date.parse('2026-11-02T09:00:00+08:00');
const H = 3_600_000;
const iso = (hours: number) => new Date(T0 + hours * H + 8 * H).toISOString().replace(/\.\d{3}Z$/, '+08:00');
const NOW = new Date(T0 + 200 * H);

/** What a report says about each document, in a form deepEqual compares. */
function summary(report: FreshnessReport) {
  return { metric: report.metric, documents: [...report.documents.values()].sort((a, b) => a.file.localeCompare(b.file)) };
}

async function fresh(dir: string): Promise<FreshnessReport> {
  const engine = await Engine.open(gitHost(dir, NOW), dir);
  await engine.scan();
  try {
    return await updateFreshness(engine, { fetch: true });
  } finally {
    engine.dispose();
  }
}

describe('freshness after HEAD moves forward', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  it('gives what a full computation gives, commit after commit, and reads only the new commits', async () => {
    repo = new TempRepo();
    repo
      .write({
        'kb/api.md': doc('KB-0001', 'covers:\n  - src/api/**\n'),
        'kb/deploy.md': doc('KB-0002', 'covers:\n  - deploy/app.yaml\n'),
        'kb/db.md': doc('KB-0003', 'covers:\n  - src/db/*.sql\n'),
        'kb/plain.md': doc('KB-0004', ''),
        'src/api/handler.ts': 'export {};\n',
        'src/db/schema.sql': 'CREATE TABLE t (id INT);\n',
        'deploy/app.yaml': 'replicas: 2\n',
      })
      .commit('初始', iso(0));
    repo.write({ 'src/api/handler.ts': 'export const a = 1;\n' }).commit('改接口', iso(1));

    const engine = await Engine.open(gitHost(repo.dir, NOW), repo.dir);
    await engine.scan();
    const store = fileHistoryStore(nodeFileSystem);
    const first = await updateFreshness(engine, { fetch: true, store });
    assert.deepEqual(summary(first), summary(await fresh(repo.dir)));

    const steps: Array<[string, () => void]> = [
      ['a covered file changes', () => repo.write({ 'src/api/handler.ts': 'export const a = 2;\n' })],
      ['a document is updated', () => repo.write({ 'kb/api.md': doc('KB-0001', 'covers:\n  - src/api/**\n', '接口说明已更新。') })],
      ['a new file appears under a glob', () => repo.write({ 'src/api/routes.ts': 'export {};\n' })],
      ['a covered file is renamed', () => repo.move('deploy/app.yaml', 'deploy/application.yaml')],
      ['the renamed file changes', () => repo.write({ 'deploy/application.yaml': 'replicas: 3\n' })],
      ['an uncovered file changes', () => repo.write({ 'README.md': '# 说明\n' })],
      ['a document starts covering more', () => repo.write({ 'kb/plain.md': doc('KB-0004', 'covers:\n  - src/db/**\n') })],
      ['a file the new covers match changes', () => repo.write({ 'src/db/schema.sql': 'CREATE TABLE t (id BIGINT);\n' })],
    ];
    let hours = 2;
    for (const [what, change] of steps) {
      change();
      repo.commit(what, iso((hours += 5)));
      await engine.scan();
      const report = await updateFreshness(engine, { fetch: true, store });
      const read = trackerFor(engine).lastRead;
      assert.equal(read?.ok ? read.reused : read?.message.text, 'extended', what);
      assert.deepEqual(summary(report), summary(await fresh(repo.dir)), what);
    }
    // The store on disk holds the same history as a full read: header plus one line per commit.
    const lines = readFileSync(join(repo.dir, '.git', 'baton', 'history.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 1 + 2 + steps.length);
    engine.dispose();
  });
});
