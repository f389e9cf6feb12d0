// `baton report` on real temporary repositories with a base branch and a feature branch:
// the checklist delta counted from the merge base (also when the base moved on, or was
// rebased), newly overdue items, freshness, new cases, findings, Markdown and JSON.
import { strict as assert } from 'node:assert';
import { doc, TempRepo } from './helpers/git-repo';
import { caseDoc } from './helpers/case-doc';
import { removeDir, runCli, tempDir } from './helpers/temp-kb';

const NOW = '2026-11-13T10:00:00+08:00';
const at = (day: number, hour = 9) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const CHECKLIST = 'kb/07-检查清单/上线检查清单.md';

/**
 * A go-live checklist of 134 leaf items, the first `done` ticked (and any in `extra`), in four
 * sections; two of them are groups of two. Items 100 and 101 carry due dates.
 */
function checklist(done: number, extra: number[] = []): string {
  const lines = ['---', 'id: CL-0001', 'title: 报表中心上线检查清单', 'type: checklist', 'owner: zhangsan', 'status: published', 'phase: go-live', 'due: 2026-11-30', '---', '', '# 报表中心上线检查清单', ''];
  let n = 0;
  const item = (indent: string, text: string) => {
    n++;
    const ticked = n <= done || extra.includes(n);
    const due = n === 100 ? ' @qianqi 📅 2026-11-11' : n === 101 ? ' 📅 2026-11-05' : '';
    lines.push(`${indent}- [${ticked ? 'x' : ' '}] 检查项 ${n}${text ? `（${text}）` : ''}${due}`);
  };
  for (const [s, title] of ['环境', '数据', '应用', '人员'].entries()) {
    lines.push(`## ${s + 1}. ${title}准备`, '');
    for (let i = 0; i < 33; i++) {
      if ((s === 0 && i === 2) || (s === 2 && i === 5)) {
        lines.push(s === 0 ? '- [ ] 服务器资源' : '- [ ] 应用配置');
        item('  ', 'CPU');
        item('  ', '内存');
        continue;
      }
      item('', '');
    }
    lines.push('');
  }
  return lines.join('\n');
}

describe('baton report', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  /** main at day 10 with the checklist at 45/134; feature branches off there. */
  function start(): TempRepo {
    repo = new TempRepo();
    repo.write({
      [CHECKLIST]: checklist(45),
      'kb/a.md': doc('KB-0001', '', '见 [部署](deploy.md)。'),
      'kb/deploy.md': doc('KB-0002', 'covers:\n  - deploy/**\n'),
      'kb/runbook.md': doc('KB-0003', 'covers:\n  - scripts/**\n'),
      'deploy/app.yaml': 'replicas: 2\n',
      'scripts/backup.sh': 'echo backup\n',
    });
    repo.commit('基础', at(10));
    repo.git('checkout', '-q', '-b', 'feature');
    return repo;
  }

  /** The feature's work: 15 items ticked, a new P1 case, a document with a broken link, deploy.md renamed. */
  function feature(): void {
    repo.write({ [CHECKLIST]: checklist(60) });
    repo.write({ 'kb/06-案例库/CASE-2026-010-报表导出超时.md': caseDoc({ id: 'CASE-2026-010', severity: 'P1', occurred: at(11, 10), responded: at(11, 10).replace('10:00', '10:20'), resolved: at(11, 12) }) });
    repo.write({ 'kb/new.md': doc('KB-0004', '', '见 [不存在](missing.md)。') });
    repo.commit('勾选 15 项，新增案例', at(11));
    repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容', at(11, 10));
    repo.write({ 'scripts/backup.sh': 'echo backup --all\n' }).commit('备份全部', at(13, 8));
  }

  it('shows the checklist delta from the merge base, and the rest of the page', async () => {
    start();
    feature();
    const r = await runCli(repo.dir, ['report', '--base', 'main', '--now', NOW, '--lang', 'zh-CN']);
    assert.equal(r.code, 0, r.stderr);
    const md = r.stdout;
    assert.match(md, /^## Baton 评审报告\n/);
    assert.match(md, /^- \*\*上线检查清单\*\* 45\/134 → 60\/134 \(\+15\)$/m);
    assert.match(md, /^- 全部清单 45\/134 → 60\/134 \(\+15\)$/m);
    // Changed documents and their findings.
    assert.match(md, /\| `kb\/new\.md` KB-0004 文档 KB-0004 \| 新增 \| 1 个错误 \|/);
    assert.match(md, /`kb\/new\.md:11:3` 错误 .*missing\.md/);
    // Item 100 fell due on the 11th, after the base; item 101 was overdue already.
    const overdue = md.slice(md.indexOf('### 新逾期事项'), md.indexOf('### 文档时效'));
    assert.equal(overdue, '### 新逾期事项 (1)\n\n- **上线检查清单** 第 122 行：检查项 100 · @qianqi · 截止 2026-11-11\n\n');
    // Freshness of the whole KB: deploy.md is stale, runbook.md pending.
    assert.match(md, /\*\*已过期\*\* \(1\)\n\n- `kb\/deploy\.md` KB-0002 · /);
    assert.match(md, /\*\*待更新\*\* \(1\)\n\n- `kb\/runbook\.md` KB-0003 · /);
    assert.match(md, /文档按时更新率：0%（1 项变更中 0 项按时，目标 95%）/);
    // New cases by severity, and the SLA line.
    assert.match(md, /\| P1 \(1\) \| CASE-2026-010 测试案例 \|/);
    assert.match(md, /1 个案例 · 首次响应按时 1 项中 1 项（100%）/);
    assert.doesNotMatch(md, /基准不是 HEAD 的祖先/);
  });

  it('counts from the merge base when the base moved on (not an ancestor): JSON', async () => {
    start();
    feature();
    // main ticks five more items after the branch left it; HEAD does not have them.
    repo.git('checkout', '-q', 'main');
    repo.write({ [CHECKLIST]: checklist(45, [120, 121, 122, 123, 124]) }).commit('主干勾选 5 项', at(12));
    const mainTip = repo.head();
    repo.git('checkout', '-q', 'feature');
    const r = await runCli(repo.dir, ['report', '--base', 'main', '--now', NOW, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.base.ancestor, false);
    assert.equal(report.base.commit, mainTip);
    assert.equal(report.base.mergeBase, repo.git('merge-base', 'main', 'feature').trim());
    assert.deepEqual(report.checklists.map((c: { name: string; before: unknown; after: unknown; delta: number }) => [c.name, c.before, c.after, c.delta]), [
      ['上线检查清单', { done: 45, total: 134 }, { done: 60, total: 134 }, 15],
    ]);
    assert.deepEqual(report.checklistTotal, { before: { done: 45, total: 134 }, after: { done: 60, total: 134 }, delta: 15 });
    const changed = report.changed.map((c: { file: string; status: string }) => `${c.status} ${c.file}`);
    assert.deepEqual(changed, ['modified kb/07-检查清单/上线检查清单.md', 'added kb/06-案例库/CASE-2026-010-报表导出超时.md', 'added kb/new.md'].sort((a, b) => a.split(' ')[1].localeCompare(b.split(' ')[1])));
    assert.deepEqual(report.newCases.P1.map((c: { id: string; response: string }) => [c.id, c.response]), [['CASE-2026-010', 'met']]);
    assert.deepEqual(report.newlyOverdue.map((o: { text: string; due: string; owner: string }) => [o.text, o.due, o.owner]), [['检查项 100', '2026-11-11', 'qianqi']]);
    assert.deepEqual([report.freshness.stale.map((f: { file: string }) => f.file), report.freshness.pending.map((f: { file: string }) => f.file)], [['kb/deploy.md'], ['kb/runbook.md']]);
    // The Markdown says the base is not an ancestor.
    const md = await runCli(repo.dir, ['report', '--base', 'main', '--now', NOW]);
    assert.match(md.stdout, /The base is not an ancestor of HEAD/);
    assert.match(md.stdout, /- \*\*上线检查清单\*\* 45\/134 → 60\/134 \(\+15\)/);
  });

  it('counts from the merge base after the base was rebased, and reports links its changes broke', async () => {
    repo = new TempRepo();
    repo.write({ [CHECKLIST]: checklist(30), 'kb/a.md': doc('KB-0001', '', '见 [部署](deploy.md)。'), 'kb/deploy.md': doc('KB-0002', '') });
    repo.commit('起点', at(9));
    repo.write({ [CHECKLIST]: checklist(45) }).commit('勾选到 45', at(10));
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ [CHECKLIST]: checklist(60) });
    repo.git('mv', 'kb/deploy.md', 'kb/deploy-guide.md');
    repo.commit('勾选到 60，改名', at(11));
    // main is rewritten: the day-10 commit is replaced, so the branch's fork point is no longer on it.
    repo.git('checkout', '-q', 'main');
    repo.write({ [CHECKLIST]: checklist(44) });
    repo.gitAt(at(12), 'commit', '-q', '-a', '--amend', '-m', '勾选到 44（改写）');
    repo.git('checkout', '-q', 'feature');
    const mergeBase = repo.git('merge-base', 'main', 'feature').trim();
    assert.equal(mergeBase, repo.git('rev-list', '--max-parents=0', 'HEAD').trim(), 'the fork point is the first commit now');
    const r = await runCli(repo.dir, ['report', '--base', 'main', '--now', NOW, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.base.ancestor, false);
    assert.equal(report.base.mergeBase, mergeBase);
    // Against the fork point, the branch holds both its own commit and the rewritten-away one.
    assert.deepEqual(report.checklistTotal, { before: { done: 30, total: 134 }, after: { done: 60, total: 134 }, delta: 30 });
    assert.deepEqual(report.changed.map((c: { status: string; file: string; oldFile: string | null }) => [c.status, c.file, c.oldFile]), [
      ['modified', CHECKLIST, null],
      ['renamed', 'kb/deploy-guide.md', 'kb/deploy.md'],
    ]);
    assert.deepEqual(report.caused.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`), ['kb/a.md broken-link']);
  });

  it('says so when nothing changed, and exits 2 without a base or outside git', async () => {
    start();
    const same = await runCli(repo.dir, ['report', '--base', 'main', '--now', NOW]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /No documents changed against the base\./);
    assert.match(same.stdout, /No checklist progress changed; all checklists 45\/134\./);
    // No base named and none to be found (a CI clone holding one branch): the page, with a note.
    repo.git('branch', '-m', 'main', 'trunk');
    const lone = await runCli(repo.dir, ['report', '--now', NOW]);
    assert.equal(lone.code, 0, lone.stderr);
    assert.match(lone.stderr, /^note: No base to compare with \(tried origin\/HEAD, origin\/main, origin\/master, main, master\)/);
    assert.match(lone.stdout, /> No base to compare with \(tried .*\), so nothing counts as changed; name one with --base\./);
    assert.match(lone.stdout, /all checklists 45\/134\./);
    const none = await runCli(repo.dir, ['report', '--base', 'nope', '--now', NOW]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^baton report: No commit named "nope"\n$/);
    const dir = tempDir({ 'kb/a.md': doc('KB-0001', '') });
    try {
      const outside = await runCli(dir, ['report']);
      assert.equal(outside.code, 2);
      assert.match(outside.stderr, /^baton report: baton report needs a git repository: .* is not in a git repository\n$/);
    } finally {
      removeDir(dir);
    }
  });
});
