// Freshness on real temporary git repositories, with commit times set through
// GIT_AUTHOR_DATE and GIT_COMMITTER_DATE: every case the model has to get right.
import { strict as assert } from 'node:assert';
import { updateFreshness, type DocumentFreshness, type FreshnessReport } from '../../extension/core/freshness';
import { readFileSync } from 'node:fs';
import { applyEdits } from '../../extension/core/fixes';
import { format } from '../../extension/core/message';
import { doc, openRepoEngine, TempRepo } from './helpers/git-repo';

const H = 3_600_000;
const T0 = '2026-11-02T09:00:00+08:00';
const at = (hours: number) => new Date(Date.parse(T0) + hours * H);
const iso = (hours: number) => {
  const d = new Date(Date.parse(T0) + hours * H + 8 * H);
  return d.toISOString().replace(/\.\d{3}Z$/, '+08:00');
};

async function freshness(repo: TempRepo, hours: number, options: { workingTree?: boolean } = {}): Promise<FreshnessReport> {
  const engine = await openRepoEngine(repo.dir, at(hours));
  try {
    return await updateFreshness(engine, { fetch: true, workingTree: options.workingTree });
  } finally {
    engine.dispose();
  }
}

function stateOf(report: FreshnessReport, repo: TempRepo, path: string): DocumentFreshness {
  const f = report.documents.get(`${repo.dir}/${path}`);
  assert.ok(f, `no freshness for ${path}; have ${[...report.documents.keys()].join(', ')}`);
  return f;
}

describe('freshness', function () {
  this.timeout(20_000);
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  /** A document covering deploy/**, created at T0 with the code it describes. */
  function started(extra = 'covers:\n  - deploy/**\n'): TempRepo {
    repo = new TempRepo();
    repo.write({ 'kb/deploy.md': doc('KB-0001', extra), 'deploy/app.yaml': 'replicas: 2\n' });
    repo.commit('初始提交', iso(0));
    return repo;
  }

  it('is fresh when the change is followed by an update 23 hours later', async () => {
    started();
    const change = repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容到 3 副本', iso(10));
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n', '副本数为 3。') }).commit('更新部署文档', iso(33));
    const report = await freshness(repo, 40);
    const f = stateOf(report, repo, 'kb/deploy.md');
    assert.equal(f.state, 'fresh');
    assert.deepEqual(f.metric, { onTime: 1, late: 0, missed: 0, open: 0 });
    assert.notEqual(f.lastUpdate?.ref, change);
  });

  it('counts only the paths a narrower glob matches, not everything in its folder', async () => {
    started('covers:\n  - deploy/*.yaml\n');
    repo.write({ 'deploy/README.md': '部署说明\n', 'deploy/old/app.yaml': 'replicas: 1\n' }).commit('整理部署目录', iso(10));
    assert.equal(stateOf(await freshness(repo, 40), repo, 'kb/deploy.md').state, 'fresh', 'deploy/*.yaml matches neither');
    const change = repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容到 3 副本', iso(50));
    const f = stateOf(await freshness(repo, 80), repo, 'kb/deploy.md');
    assert.equal(f.state, 'stale');
    assert.equal(f.change?.kind === 'commit' && f.change.ref, change);
  });

  it('names the covers entries that match no file, now or in the history, and a negation, at their lines', async () => {
    started('covers:\n  - deploy/**\n  - deploy/app.yml\n  - src/gone.ts\n  - sre/**\n  - "!deploy/old/**"\n  - .\n');
    repo.write({ 'src/gone.ts': 'export {};\n' }).commit('加入 gone.ts', iso(1));
    repo.git('rm', '-q', 'src/gone.ts');
    repo.commit('删除 gone.ts', iso(2));
    const engine = await openRepoEngine(repo.dir, at(40));
    try {
      const report = await updateFreshness(engine, { fetch: true });
      // src/gone.ts is gone, but a change to it was once possible; "." is the whole repository.
      assert.deepEqual(stateOf(report, repo, 'kb/deploy.md').unmatched, [
        { entry: 'deploy/app.yml', suggestion: 'deploy/app.yaml' },
        { entry: 'sre/**', suggestion: undefined },
        { entry: '!deploy/old/**', suggestion: undefined },
      ]);
      const path = `${repo.dir}/kb/deploy.md`;
      const found = engine.findings(path).filter((f) => f.ruleId === 'covers-unmatched');
      assert.deepEqual(
        found.map((f) => [f.range.line, f.range.column, f.severity, format(f.message.text, f.message.args)]),
        [
          [9, 5, 'warning', 'covers entry "deploy/app.yml" matches no file committed to the repository, now or before; did you mean "deploy/app.yaml"?'],
          [11, 5, 'warning', 'covers entry "sre/**" matches no file committed to the repository, now or before: no change can make this document due'],
          [12, 5, 'warning', 'covers entry "!deploy/old/**" is a negation, which covers nothing: list the paths this document describes'],
        ],
      );
      const text = readFileSync(path, 'utf8');
      const fixed = applyEdits(text, found[0].fixes![0].edits);
      assert.equal(fixed.text, text.replace('  - deploy/app.yml\n', '  - deploy/app.yaml\n'));
    } finally {
      engine.dispose();
    }
    // Once a file it matches is committed, the entry counts.
    repo.write({ 'sre/oncall.md': '值班\n' }).commit('加入 sre', iso(41));
    assert.deepEqual(stateOf(await freshness(repo, 42), repo, 'kb/deploy.md').unmatched?.map((u) => u.entry), ['deploy/app.yml', '!deploy/old/**']);
  });

  it('counts every commit for covers "." at the top level, the whole repository', async () => {
    started('covers:\n  - .\n');
    const change = repo.write({ 'README.md': '说明\n' }).commit('补充说明', iso(10));
    const f = stateOf(await freshness(repo, 40), repo, 'kb/deploy.md');
    assert.equal(f.state, 'stale');
    assert.equal(f.change?.ref, change);
    assert.equal(f.unmatched, undefined);
  });

  it('is pending an hour after a change with no update, and stale at 25 hours, due 24 hours after the change', async () => {
    started();
    const change = repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容到 3 副本', iso(10));

    const pending = stateOf(await freshness(repo, 11), repo, 'kb/deploy.md');
    assert.equal(pending.state, 'pending');
    assert.equal(pending.dueAt, iso(34));
    assert.equal(pending.dueMs! - at(11).getTime(), 23 * H);
    assert.deepEqual(pending.change, {
      kind: 'commit',
      ref: change,
      at: iso(10),
      author: 'Zhang San',
      subject: '扩容到 3 副本',
      paths: ['deploy/app.yaml'],
      cause: 'covers',
    });

    const stale = stateOf(await freshness(repo, 35), repo, 'kb/deploy.md');
    assert.equal(stale.state, 'stale');
    assert.equal(stale.dueAt, iso(34));
    assert.equal(at(35).getTime() - stale.dueMs!, 1 * H);
    assert.deepEqual(stale.metric, { onTime: 0, late: 0, missed: 1, open: 0 });
  });

  it('counts no change made before freshness.since, when the team adopted the rule', async () => {
    started();
    repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('采用前的变更', iso(10));
    const before = stateOf(await freshness(repo, 40), repo, 'kb/deploy.md');
    assert.equal(before.state, 'stale');
    repo.write({ 'baton.config.json': JSON.stringify({ freshness: { since: iso(20) } }) }).commit('从此开始执行', iso(20));
    const adopted = stateOf(await freshness(repo, 40), repo, 'kb/deploy.md');
    assert.equal(adopted.state, 'fresh');
    assert.deepEqual(adopted.metric, { onTime: 0, late: 0, missed: 0, open: 0 });
    repo.write({ 'deploy/app.yaml': 'replicas: 4\n' }).commit('采用后的变更', iso(30));
    assert.equal(stateOf(await freshness(repo, 60), repo, 'kb/deploy.md').state, 'stale');
  });

  it('does not count a whitespace-only update', async () => {
    started();
    repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容', iso(10));
    const text = doc('KB-0001', 'covers:\n  - deploy/**\n').replace('正文。', '正文。   \n\n\n');
    repo.write({ 'kb/deploy.md': text }).commit('只改空白', iso(12));
    const f = stateOf(await freshness(repo, 35), repo, 'kb/deploy.md');
    assert.equal(f.state, 'stale');
    repo.write({ 'kb/deploy.md': text.replace('正文。', '正文：三副本。') }).commit('真正更新', iso(36));
    const after = stateOf(await freshness(repo, 37), repo, 'kb/deploy.md');
    assert.equal(after.state, 'fresh');
    assert.deepEqual(after.metric, { onTime: 0, late: 1, missed: 0, open: 0 });
  });

  it('shows a document with uncommitted edits after the change as being updated in the editor, never in CI', async () => {
    started();
    repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容', iso(10));
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n', '改为三副本（未提交）。') });
    const engine = await openRepoEngine(repo.dir, at(12));
    try {
      const path = `${repo.dir}/kb/deploy.md`;
      const ci = await updateFreshness(engine, { fetch: true });
      assert.equal(ci.documents.get(path)?.updating, undefined);
      assert.equal(ci.documents.get(path)?.state, 'pending');
      const editor = await updateFreshness(engine, { fetch: true, workingTree: true });
      assert.equal(editor.documents.get(path)?.updating, true);
      assert.equal(editor.documents.get(path)?.state, 'pending', 'still due until committed');
      // An unsaved buffer counts too; a whitespace-only working copy does not.
      repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n') + '\n\n' });
      const blank = await updateFreshness(engine, { fetch: true, workingTree: true });
      assert.equal(blank.documents.get(path)?.updating, undefined);
      const buffer = await updateFreshness(engine, { workingTree: true, editing: new Set([path]) });
      assert.equal(buffer.documents.get(path)?.updating, true);
    } finally {
      engine.dispose();
    }
  });

  it('keeps the history of a renamed document', async () => {
    started();
    repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容', iso(10));
    const update = repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n', '三副本。') }).commit('更新文档', iso(12));
    repo.move('kb/deploy.md', 'kb/运维/部署.md').commit('移动文档', iso(20));
    const moved = stateOf(await freshness(repo, 40), repo, 'kb/运维/部署.md');
    assert.equal(moved.state, 'fresh');
    assert.equal(moved.lastUpdate?.ref, update, 'a pure rename is not an update; the one before it still is');
    assert.deepEqual(moved.metric, { onTime: 1, late: 0, missed: 0, open: 0 });
    // A change after the rename is still this document's.
    repo.write({ 'deploy/app.yaml': 'replicas: 4\n' }).commit('扩容到 4', iso(50));
    assert.equal(stateOf(await freshness(repo, 75), repo, 'kb/运维/部署.md').state, 'stale');
  });

  it('follows a renamed covered file, forwards and backwards', async () => {
    started('covers:\n  - deploy/app.yaml\n');
    repo.move('deploy/app.yaml', 'deploy/application.yaml').commit('改名', iso(10));
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/app.yaml\n', '改名了。') }).commit('更新文档', iso(11));
    // The covers glob names the old path; the file lives on under its new name.
    const change = repo.write({ 'deploy/application.yaml': 'replicas: 5\n' }).commit('改副本', iso(20));
    const f = stateOf(await freshness(repo, 45), repo, 'kb/deploy.md');
    assert.equal(f.state, 'stale');
    assert.equal(f.change?.ref, change);
    assert.deepEqual(f.change?.paths, ['deploy/application.yaml']);
    assert.deepEqual(f.metric, { onTime: 1, late: 0, missed: 1, open: 0 });

    // Backwards: covers names the new path, and the change was made under the old one.
    repo.remove();
    repo = new TempRepo();
    repo.write({ 'kb/cfg.md': doc('KB-0002', 'covers:\n  - conf/new.yaml\n'), 'conf/old.yaml': 'a: 1\n' }).commit('初始', iso(0));
    const old = repo.write({ 'conf/old.yaml': 'a: 2\n' }).commit('改旧文件', iso(5));
    repo.move('conf/old.yaml', 'conf/new.yaml').commit('改名', iso(40));
    const g = stateOf(await freshness(repo, 41), repo, 'kb/cfg.md');
    assert.equal(g.state, 'stale');
    assert.equal(g.change?.ref, old);
    assert.deepEqual(g.change?.paths, ['conf/old.yaml']);
  });

  it('counts a merged feature branch from the merge, and a merge that also updates the document as updated', async () => {
    started();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('分支上扩容', iso(1));
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n', '三副本。') }).commit('分支上更新文档', iso(2));
    repo.git('checkout', '-q', 'main');
    repo.gitAt(iso(100), 'merge', '-q', '--no-ff', '-m', '合并 feature', 'feature');
    const merged = stateOf(await freshness(repo, 101), repo, 'kb/deploy.md');
    assert.equal(merged.state, 'fresh');
    assert.deepEqual(merged.metric, { onTime: 1, late: 0, missed: 0, open: 0 });

    // A branch that changes code only: the window opens when it lands, not when it was written.
    repo.git('checkout', '-q', '-b', 'code-only');
    repo.write({ 'deploy/app.yaml': 'replicas: 4\n' }).commit('分支上再扩容', iso(110));
    repo.git('checkout', '-q', 'main');
    repo.gitAt(iso(200), 'merge', '-q', '--no-ff', '-m', '合并 code-only', 'code-only');
    const landed = stateOf(await freshness(repo, 202), repo, 'kb/deploy.md');
    assert.equal(landed.state, 'pending');
    assert.equal(landed.dueAt, iso(224));
    assert.equal(landed.change?.subject, '合并 code-only');
    assert.deepEqual(landed.change?.paths, ['deploy/app.yaml']);
  });

  it('makes a document due from a change record whose affects names its id or a covered path', async () => {
    started();
    const record = (id: string, affects: string[], implemented: string) =>
      `---\nid: ${id}\ntitle: 变更 ${id}\ntype: change\nowner: qianqi\nstatus: published\nchange_type: normal\nimplemented_at: "${implemented}"\naffects:\n${affects.map((a) => `  - ${a}`).join('\n')}\nrollback: 回滚\n---\n\n## 变更内容\n\n内容\n\n## 影响范围\n\n范围\n\n## 回滚方案\n\n方案\n`;
    repo.write({ 'kb/other.md': doc('KB-0002', '') }).commit('另一篇', iso(1));
    repo.write({ 'kb/chg1.md': record('CHG-2026-001', ['KB-0002'], iso(10)) }).commit('变更记录 1', iso(11));
    const byId = stateOf(await freshness(repo, 35), repo, 'kb/other.md');
    assert.equal(byId.state, 'stale');
    assert.deepEqual(byId.change, { kind: 'record', ref: 'CHG-2026-001', at: iso(10), paths: ['KB-0002'], cause: 'affects', file: `${repo.dir}/kb/chg1.md` });
    assert.equal(byId.dueAt, iso(34));

    repo.write({ 'kb/chg2.md': record('CHG-2026-002', ['deploy/app.yaml'], iso(40)) }).commit('变更记录 2', iso(41));
    const byPath = stateOf(await freshness(repo, 42), repo, 'kb/deploy.md');
    assert.equal(byPath.state, 'pending');
    assert.equal(byPath.change?.ref, 'CHG-2026-002');
    assert.deepEqual(byPath.change?.paths, ['deploy/app.yaml']);
    repo.write({ 'kb/other.md': doc('KB-0002', '', '已按变更更新。') }).commit('更新', iso(45));
    const late = stateOf(await freshness(repo, 46), repo, 'kb/other.md');
    assert.equal(late.state, 'fresh');
    assert.deepEqual(late.metric, { onTime: 0, late: 1, missed: 0, open: 0 });
  });

  it('makes a P0 case due 48 hours after it was resolved', async () => {
    repo = new TempRepo();
    const kase = (resolved: string, body = '内容') =>
      `---\nid: CASE-2026-001\ntitle: 故障\ntype: case\nowner: qianqi\nstatus: published\ncategory: incident\nseverity: P0\noccurred_at: "${iso(0)}"\nresolved_at: "${resolved}"\n---\n\n## 问题描述\n\n${body}\n`;
    repo.write({ 'kb/case.md': kase(iso(5)) }).commit('故障处理中记录', iso(1));
    const pending = stateOf(await freshness(repo, 40), repo, 'kb/case.md');
    assert.equal(pending.state, 'pending');
    assert.equal(pending.window, '48h');
    assert.equal(pending.dueAt, iso(53));
    assert.equal(pending.change?.cause, 'resolved');
    assert.equal(stateOf(await freshness(repo, 54), repo, 'kb/case.md').state, 'stale');
    repo.write({ 'kb/case.md': kase(iso(5), '根因与永久修复。') }).commit('补全案例', iso(50));
    const done = stateOf(await freshness(repo, 54), repo, 'kb/case.md');
    assert.equal(done.state, 'fresh');
    assert.deepEqual(done.metric, { onTime: 1, late: 0, missed: 0, open: 0 });
  });

  it('makes a document with verify_every due for review when neither updated nor acknowledged in time', async () => {
    started('verify_every: 90d\nverifier: lisi\n');
    const day = 24;
    const early = stateOf(await freshness(repo, 89 * day), repo, 'kb/deploy.md');
    assert.equal(early.state, 'fresh');
    assert.equal(early.review?.due, false);
    const late = stateOf(await freshness(repo, 91 * day), repo, 'kb/deploy.md');
    assert.equal(late.review?.due, true);
    assert.equal(late.review?.verifier, 'lisi');
    assert.equal(late.review?.dueAt, iso(90 * day));
    const text = doc('KB-0001', 'verify_every: 90d\nverifier: lisi\nreviewed:\n  by: lisi\n  at: "2027-02-01T10:00:00+08:00"\n');
    repo.write({ 'kb/deploy.md': text }).commit('复核确认', iso(91 * day));
    assert.equal(stateOf(await freshness(repo, 92 * day), repo, 'kb/deploy.md').review?.due, false);
  });

  it('gives the same report when computed in turns, pausing every 200 documents', async () => {
    repo = new TempRepo();
    const files: Record<string, string> = { 'deploy/app.yaml': 'replicas: 2\n' };
    for (let i = 0; i < 450; i++) files[`kb/d${i}.md`] = doc(`KB-${String(i).padStart(4, '0')}`, i % 3 === 0 ? 'covers:\n  - deploy/**\n' : '');
    repo.write(files).commit('初始提交', iso(0));
    repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容到 3 副本', iso(10));
    repo.write({ 'kb/d0.md': doc('KB-0000', 'covers:\n  - deploy/**\n', '副本数为 3。') }).commit('更新部署文档', iso(12));
    const engine = await openRepoEngine(repo.dir, at(40));
    try {
      const whole = await updateFreshness(engine, { fetch: true });
      let pauses = 0;
      const inTurns = await updateFreshness(engine, {
        fetch: true,
        pause: async () => {
          pauses++;
        },
      });
      assert.equal(pauses, 2);
      assert.equal(whole.documents.size, 150);
      assert.deepEqual([...inTurns.documents], [...whole.documents]);
      assert.deepEqual(inTurns.metric, whole.metric);
      assert.deepEqual([stateOf(inTurns, repo, 'kb/d0.md').state, stateOf(inTurns, repo, 'kb/d3.md').state], ['fresh', 'stale']);
    } finally {
      engine.dispose();
    }
  });
});
