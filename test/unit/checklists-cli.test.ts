// `baton checklists` and the checklist lines of `baton summary`, on real temporary folders.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { removeDir, runCli, tempDir } from './helpers/temp-kb';

const checklist = (id: string, title: string, due: string, body: string) =>
  `---\nid: ${id}\ntitle: ${title}\ntype: checklist\nowner: zhangsan\nstatus: published\nphase: go-live\ndue: ${due}\n---\n\n# ${title}\n\n${body}`;

const GO_LIVE = checklist(
  'CL-0001',
  '上线检查清单',
  '2026-11-21',
  [
    '## 环境准备',
    '',
    '- [x] 服务器资源 @qianqi',
    '  - [x] CPU',
    '  - [ ] 磁盘 📅 2026-11-18',
    '- [ ] 网络策略 @sunhao due:2026-11-30',
    '',
    '## 切换步骤',
    '',
    '- [ ] T-30 切换前检查',
    '- [x] T+0 停止旧服务',
    '',
  ].join('\n'),
);
const DONE = checklist('CL-0002', '验收检查清单', '2026-09-18', '## 签字\n\n- [x] 客户签字 @chenli\n- [x] 归档\n');
const NOTE = '---\nid: KB-0001\ntitle: 部署\ntype: article\nowner: zhangsan\nstatus: published\n---\n\n## 概述\n\n- [ ] 补充截图 @lisi\n- [x] 核对端口\n';

describe('baton checklists', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir({ 'kb/07-检查清单/上线.md': GO_LIVE, 'kb/07-检查清单/验收.md': DONE, 'kb/02-运维指南/部署.md': NOTE });
  });
  afterEach(() => removeDir(dir));

  it('prints the JSON shape the issue gives, checklists first', async () => {
    const r = await runCli(dir, ['checklists', '--format', 'json', '--now', '2026-11-23']);
    assert.equal(r.code, 0, r.stderr);
    const docs = JSON.parse(r.stdout);
    assert.deepEqual(docs.map((d: { file: string }) => d.file), ['kb/07-检查清单/上线.md', 'kb/07-检查清单/验收.md', 'kb/02-运维指南/部署.md']);
    const [goLive] = docs;
    assert.deepEqual(Object.keys(goLive), ['file', 'id', 'title', 'done', 'total', 'sections', 'items']);
    assert.deepEqual([goLive.id, goLive.title, goLive.done, goLive.total], ['CL-0001', '上线检查清单', 2, 5]);
    assert.deepEqual(goLive.sections, [
      { heading: '环境准备', line: 13, done: 1, total: 3 },
      { heading: '切换步骤', line: 20, done: 1, total: 2 },
    ]);
    assert.deepEqual(Object.keys(goLive.items[0]), ['line', 'text', 'checked', 'depth', 'owner', 'due', 'overdue']);
    assert.deepEqual(
      goLive.items.map((i: Record<string, unknown>) => [i.line, i.text, i.checked, i.depth, i.owner, i.due, i.overdue]),
      [
        [15, '服务器资源', true, 0, 'qianqi', '2026-11-21', false],
        [16, 'CPU', true, 1, 'qianqi', '2026-11-21', false],
        [17, '磁盘', false, 1, 'qianqi', '2026-11-18', true],
        [18, '网络策略', false, 0, 'sunhao', '2026-11-30', false],
        [22, 'T-30 切换前检查', false, 0, null, '2026-11-21', true],
        [23, 'T+0 停止旧服务', true, 0, null, '2026-11-21', false],
      ],
    );
    assert.equal(docs[2].items[0].due, null, 'an article does not inherit a due date');
  });

  it('takes today from --now, as a date or an ISO time with an offset', async () => {
    const overdue = async (now: string) => JSON.parse((await runCli(dir, ['checklists', '--format', 'json', '--now', now])).stdout)[0].items.filter((i: { overdue: boolean }) => i.overdue).length;
    assert.equal(await overdue('2026-11-18'), 0);
    assert.equal(await overdue('2026-11-19'), 1);
    assert.equal(await overdue('2026-11-22T01:00:00+08:00'), 2);
    assert.equal(await overdue('2026-12-01'), 3);
  });

  it('refuses a --now it cannot read, and an unknown format', async () => {
    for (const args of [['--now', '2026-02-30'], ['--now', 'tomorrow'], ['--format', 'xml']]) {
      const r = await runCli(dir, ['checklists', ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^baton checklists: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('prints sections, overdue and unowned items and the KB total as a table', async () => {
    const r = await runCli(dir, ['checklists', '--now', '2026-11-23']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /上线检查清单 {2}\(CL-0001\) {2}2\/5 · 40% {2}2 overdue/);
    assert.match(out, /环境准备 {2}1\/3 · 33% {2}1 overdue/);
    assert.match(out, /Overdue:\n {4}L17 {3}磁盘 {2}@qianqi 📅 2026-11-18\n {4}L22 {3}T-30 切换前检查 {2}📅 2026-11-21/);
    assert.match(out, /Unowned:\n {4}L22 {3}T-30 切换前检查 {2}📅 2026-11-21\n/);
    assert.match(out, /By folder:\n {2}kb\/02-运维指南 +1\/2 · 50%\n {2}kb\/07-检查清单 +4\/7 · 57% {2}2 overdue/);
    assert.match(out, /Total: 3 documents with tasks, 5\/9 · 55%, 2 overdue, 1 unowned\n$/);
  });

  it('shows only what is overdue with --overdue', async () => {
    const table = await runCli(dir, ['checklists', '--overdue', '--now', '2026-11-23']);
    assert.doesNotMatch(table.stdout, /验收检查清单|部署|Unowned:/);
    assert.match(table.stdout, /Overdue:\n {4}L17 /);
    const json = JSON.parse((await runCli(dir, ['checklists', '--overdue', '--format', 'json', '--now', '2026-11-23'])).stdout);
    assert.deepEqual(json.map((d: { id: string }) => d.id), ['CL-0001']);
    assert.deepEqual(json[0].items.map((i: { line: number }) => i.line), [17, 22]);
    const none = await runCli(dir, ['checklists', '--overdue', '--now', '2026-11-01']);
    assert.equal(none.stdout, 'No overdue items.\n');
  });

  it('narrows the report to the given paths', async () => {
    const r = await runCli(dir, ['checklists', 'kb/02-运维指南', '--format', 'json', '--now', '2026-11-23']);
    assert.deepEqual(JSON.parse(r.stdout).map((d: { id: string }) => d.id), ['KB-0001']);
  });

  it('gates with --require-complete: 1 while a matching checklist is open, 0 when all are done, 2 when nothing matches', async () => {
    const open = await runCli(dir, ['checklists', '--format', 'json', '--require-complete', 'kb/07-检查清单/*.md', '--now', '2026-11-23']);
    assert.equal(open.code, 1);
    assert.match(open.stderr, /Not complete: 上线检查清单 \(kb\/07-检查清单\/上线\.md\) 2\/5 · 40%/);
    assert.doesNotMatch(open.stderr, /验收检查清单/);
    JSON.parse(open.stdout); // the report on stdout stays clean JSON

    const done = await runCli(dir, ['checklists', '--require-complete', 'CL-0002', '--now', '2026-11-23']);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /Complete: all 1 required checklists are done\./);

    const fromKb = await runCli(join(dir, 'kb'), ['checklists', '--require-complete', '07-检查清单/验收.md,CL-0002', '--now', '2026-11-23']);
    assert.equal(fromKb.code, 0, fromKb.stderr);

    const none = await runCli(dir, ['checklists', '--require-complete', 'kb/99/*.md']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /matches no document with task items/);
  });

  it('prints Markdown for a report', async () => {
    const r = await runCli(dir, ['checklists', '--format', 'markdown', '--now', '2026-11-23']);
    assert.match(r.stdout, /^# Checklist progress\n/);
    assert.match(r.stdout, /\| \[上线检查清单\]\(kb\/07-%E6%A3%80%E6%9F%A5%E6%B8%85%E5%8D%95\/%E4%B8%8A%E7%BA%BF\.md\) \| 2\/5 \| 40% \| 2 \|/);
    assert.match(r.stdout, /\| \*\*Total\*\* \| \*\*5\/9\*\* \| \*\*55%\*\* \| \*\*2\*\* \|/);
    assert.match(r.stdout, /- \[ \] 磁盘 @qianqi 📅 2026-11-18 \(L17\)/);
  });

  it('speaks Simplified Chinese', async () => {
    const r = await runCli(dir, ['checklists', '--now', '2026-11-23', '--lang', 'zh-CN']);
    assert.match(r.stdout, /逾期 2/);
    assert.match(r.stdout, /合计：3 篇含任务项的文档，5\/9 · 55%，逾期 2，无负责人 1/);
  });

  it('adds the KB total and one line per checklist to baton summary', async () => {
    const r = await runCli(dir, ['summary']);
    assert.match(r.stdout, /Checklist items: 5\/9 · 55%/);
    assert.match(r.stdout, /\n {4}上线检查清单 {2}2\/5 · 40%/);
    assert.match(r.stdout, /\n {4}验收检查清单 {2}2\/2 · 100%\n/);
    assert.doesNotMatch(r.stdout, /\n {4}部署 /, 'only checklist documents get a line');
  });
});
