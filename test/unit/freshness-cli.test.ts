// `baton stale`, `baton ack` and the stale/pending rules in `baton lint`, on real temporary
// git repositories; and the acknowledgement edit, which must leave every other byte alone.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acknowledgeEdit } from '../../extension/core/freshness/acknowledge';
import { parseText } from '../../extension/core/parse-document';
import { doc, TempRepo } from './helpers/git-repo';
import { runCli } from './helpers/temp-kb';

const T0 = Date.parse('2026-11-02T09:00:00+08:00');
const H = 3_600_000;
const iso = (hours: number) => new Date(T0 + hours * H + 8 * H).toISOString().replace(/\.\d{3}Z$/, '+08:00');
const ACK = { by: '李四', at: '2026-11-03T10:00:00+08:00', commit: 'a'.repeat(40), reason: '只改了副本数，文档无须修改' };

describe('acknowledging a change', () => {
  it('adds reviewed: before the closing fence and leaves every other byte as it was', () => {
    const text = '---\nid: KB-0001   # 编号\ntitle: "部署"\nfrom:\n    person: 张三\ncovers: [deploy/**]\n---\n\n## 概述\n\n正文\n';
    const result = acknowledgeEdit(text, ACK);
    assert.ok(result.ok);
    const block = `reviewed:\n    by: "李四"\n    at: "2026-11-03T10:00:00+08:00"\n    commit: "${'a'.repeat(40)}"\n    reason: "只改了副本数，文档无须修改"\n`;
    assert.equal(result.text, text.replace('covers: [deploy/**]\n', `covers: [deploy/**]\n${block}`));
    assert.deepEqual(parseText('/a.md', result.text).frontmatter.data.reviewed, { by: '李四', at: ACK.at, commit: ACK.commit, reason: ACK.reason });
  });

  it('replaces an older reviewed block, block or flow style, and keeps CRLF line ends', () => {
    const block = '---\r\nid: KB-0001\r\nreviewed:\r\n  by: 王五\r\n  at: "2026-01-01T00:00:00+08:00"\r\n  reason: 旧的\r\nstatus: published\r\n---\r\n正文\r\n';
    const a = acknowledgeEdit(block, { by: '李四', at: ACK.at });
    assert.ok(a.ok);
    assert.equal(a.text, '---\r\nid: KB-0001\r\nreviewed:\r\n  by: "李四"\r\n  at: "2026-11-03T10:00:00+08:00"\r\nstatus: published\r\n---\r\n正文\r\n');
    const flow = '---\nid: KB-0001\nreviewed: {by: 王五, at: "2026-01-01T00:00:00+08:00"}\n---\n';
    const b = acknowledgeEdit(flow, { by: '李四', at: ACK.at });
    assert.ok(b.ok);
    assert.equal(b.text, '---\nid: KB-0001\nreviewed:\n  by: "李四"\n  at: "2026-11-03T10:00:00+08:00"\n---\n');
    // Quotes and colons in the reason stay data.
    const c = acknowledgeEdit('---\nid: x\n---\n', { by: 'a', at: ACK.at, reason: 'say "no": #1' });
    assert.ok(c.ok);
    assert.equal(parseText('/a.md', c.text).frontmatter.data.reviewed && (parseText('/a.md', c.text).frontmatter.data.reviewed as { reason: string }).reason, 'say "no": #1');
  });

  it('refuses a document whose frontmatter is broken, or missing, saying where', () => {
    const broken = acknowledgeEdit('---\nid: KB-0001\ntitle: 部署: 生产\n---\n', ACK);
    assert.ok(!broken.ok);
    assert.match(broken.message.text, /fix the frontmatter first/);
    assert.match(broken.detail!.text, /Invalid YAML/);
    assert.equal(broken.range.line, 3);
    const none = acknowledgeEdit('# 标题\n', ACK);
    assert.ok(!none.ok && /no frontmatter/.test(none.message.text));
  });
});

describe('baton stale, baton ack and lint', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  afterEach(() => repo?.remove());

  /** deploy.md stale (change at +10h, no update), runbook.md pending (change at +30h). */
  function twoDocuments(): { stale: string; pending: string } {
    repo = new TempRepo();
    repo.write({
      'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n'),
      'kb/runbook.md': doc('KB-0002', 'covers:\n  - scripts/*.sh\n'),
      'kb/plain.md': doc('KB-0003', ''),
      'deploy/app.yaml': 'replicas: 2\n',
      'scripts/backup.sh': 'echo backup\n',
    });
    repo.commit('初始', iso(0));
    const stale = repo.write({ 'deploy/app.yaml': 'replicas: 3\n' }).commit('扩容到 3 副本', iso(10));
    const pending = repo.write({ 'scripts/backup.sh': 'echo backup --all\n' }).commit('备份全部', iso(30));
    return { stale, pending };
  }

  it('prints JSON in the documented shape and exits 1 when a document is stale', async () => {
    const { stale, pending } = twoDocuments();
    const r = await runCli(repo.dir, ['stale', '--now', iso(40), '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const rows = JSON.parse(r.stdout);
    assert.deepEqual(
      rows.map((x: Record<string, unknown>) => ({ file: x.file, id: x.id, state: x.state, dueAt: x.dueAt, overdueBy: x.overdueBy, change: x.change })),
      [
        {
          file: 'kb/deploy.md',
          id: 'KB-0001',
          state: 'stale',
          dueAt: iso(34),
          overdueBy: 'PT6H',
          change: { kind: 'commit', ref: stale, at: iso(10), author: 'Zhang San', subject: '扩容到 3 副本', paths: ['deploy/app.yaml'] },
        },
        {
          file: 'kb/runbook.md',
          id: 'KB-0002',
          state: 'pending',
          dueAt: iso(54),
          overdueBy: null,
          change: { kind: 'commit', ref: pending, at: iso(30), author: 'Zhang San', subject: '备份全部', paths: ['scripts/backup.sh'] },
        },
      ],
    );
    assert.equal(rows[1].timeLeft, 'PT14H');
    // A folder narrows the list; nothing stale in it exits 0.
    const some = await runCli(repo.dir, ['stale', 'kb/runbook.md', '--now', iso(40), '--format', 'json']);
    assert.equal(some.code, 0);
    assert.deepEqual(JSON.parse(some.stdout).map((x: { file: string }) => x.file), ['kb/runbook.md']);
  });

  it('prints a table, Markdown and GitHub annotations, with the on-time figure', async () => {
    twoDocuments();
    const table = await runCli(repo.dir, ['stale', '--now', iso(40)]);
    assert.match(table.stdout, /^STATE +DOCUMENT +DUE +CHANGE\nstale +kb\/deploy\.md +overdue by 6h \(due 2026-11-03 19:00 \+08:00\) +Commit [0-9a-f]{7} by Zhang San: 扩容到 3 副本 \(deploy\/app\.yaml\)\npending +kb\/runbook\.md +14h left/);
    assert.match(table.stdout, /2 documents: 1 stale, 1 pending, 0 due for review, 0 unknown, 0 fresh/);
    assert.match(table.stdout, /Documentation updated on time: 0% \(0 of 1 changes, target 95%\)/);
    const zh = await runCli(repo.dir, ['stale', '--now', iso(40), '--lang', 'zh-CN']);
    assert.match(zh.stdout, /文档按时更新率/);
    const md = await runCli(repo.dir, ['stale', '--now', iso(40), '--format', 'markdown']);
    assert.match(md.stdout, /\| stale \| kb\/deploy\.md \| overdue by 6h/);
    const gh = await runCli(repo.dir, ['stale', '--now', iso(40), '--format', 'github']);
    assert.match(gh.stdout, /^::error file=kb\/deploy\.md,line=7,col=1,title=baton\(stale\)::Stale: overdue by 6h\. Commit [0-9a-f]{7} \("扩容到 3 副本", Zhang San\) changed deploy\/app\.yaml on 2026-11-02 19:00 \+08:00/m);
    assert.match(gh.stdout, /^::notice file=kb\/runbook\.md,line=7,col=1,title=baton\(pending\)::Pending: update this document by 2026-11-04 15:00 \+08:00 \(14h left\)/m);
  });

  it('lint reports stale as an error and pending as info, on the covers line', async () => {
    // lint judges by the real clock: date the history relative to it.
    const ago = (hours: number) => new Date(Date.now() - hours * H).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    repo = new TempRepo();
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n'), 'kb/runbook.md': doc('KB-0002', 'covers:\n  - scripts/*.sh\n'), 'deploy/app.yaml': 'a\n', 'scripts/b.sh': 'b\n' });
    repo.commit('初始', ago(100));
    repo.write({ 'deploy/app.yaml': 'a2\n' }).commit('改部署', ago(30));
    repo.write({ 'scripts/b.sh': 'b2\n' }).commit('改脚本', ago(2));
    const r = await runCli(repo.dir, ['lint', '--format', 'json']);
    const findings = JSON.parse(r.stdout) as Array<{ file: string; line: number; ruleId: string; severity: string; message: string }>;
    assert.deepEqual(
      findings.map((f) => [f.file, f.line, f.ruleId, f.severity]),
      [
        ['kb/deploy.md', 7, 'stale', 'error'],
        ['kb/runbook.md', 7, 'pending', 'info'],
      ],
    );
    assert.match(findings[0].message, /^Stale: overdue by 6h(?: \d+m)?\. Commit [0-9a-f]{7} \("改部署", Zhang San\) changed deploy\/app\.yaml/);
    assert.match(findings[1].message, /^Pending: update this document by .* \(21h(?: \d+m)? left\)/);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
  });

  it('names a covers entry that matches no committed file: a lint warning with the fix, and a note from stale', async () => {
    repo = new TempRepo();
    repo.write({ 'kb/deploy.md': doc('KB-0001', 'covers:\n  - deploy/**\n  - deploy/app.yml\n'), 'deploy/app.yaml': 'a\n' });
    repo.commit('初始', iso(0));
    const lint = await runCli(repo.dir, ['lint', '--format', 'json']);
    assert.equal(lint.code, 0, lint.stderr);
    const findings = JSON.parse(lint.stdout) as Array<{ line: number; column: number; ruleId: string; severity: string; message: string; fixable: boolean }>;
    assert.deepEqual(
      findings.map((f) => [f.line, f.column, f.ruleId, f.severity, f.message, f.fixable]),
      [[9, 5, 'covers-unmatched', 'warning', 'covers entry "deploy/app.yml" matches no file committed to the repository, now or before; did you mean "deploy/app.yaml"?', true]],
    );
    const json = await runCli(repo.dir, ['stale', '--now', iso(1), '--format', 'json']);
    assert.deepEqual(JSON.parse(json.stdout)[0].unmatchedCovers, ['deploy/app.yml']);
    const table = await runCli(repo.dir, ['stale', '--now', iso(1), '--lang', 'zh-CN']);
    assert.match(table.stdout, /1 篇文档的 covers 中有条目匹配不到任何已提交的文件/);
    const fixed = await runCli(repo.dir, ['lint', '--fix']);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.match(readFileSync(join(repo.dir, 'kb/deploy.md'), 'utf8'), /covers:\n  - deploy\/\*\*\n  - deploy\/app\.yaml\n/);
    assert.equal(JSON.parse((await runCli(repo.dir, ['lint', '--format', 'json'])).stdout).length, 0);
  });

  it('acknowledges with baton ack, and the commit that records it makes the document fresh', async () => {
    const { stale } = twoDocuments();
    const before = readFileSync(join(repo.dir, 'kb/deploy.md'), 'utf8');
    const r = await runCli(repo.dir, ['ack', 'kb/deploy.md', '--reason', '副本数变化无须改文档', '--by', '李四', '--now', iso(41)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Acknowledged kb\/deploy\.md: reviewed by 李四 at 2026-11-\d\dT\d\d:00:00[+-]\d\d:\d\d\. Commit it/);
    const after = readFileSync(join(repo.dir, 'kb/deploy.md'), 'utf8');
    const reviewed = parseText('/x.md', after).frontmatter.data.reviewed as Record<string, string>;
    assert.equal(reviewed.by, '李四');
    assert.equal(reviewed.commit, stale, 'the review names the change it covers');
    assert.equal(reviewed.reason, '副本数变化无须改文档');
    assert.equal(Date.parse(reviewed.at), Date.parse(iso(41)));
    assert.equal(after.replace(/reviewed:\n(?: {2}.*\n)+/, ''), before, 'nothing else changed');

    // Uncommitted, it does not count yet; committed, it is the update (late, since the window had closed).
    assert.equal((await runCli(repo.dir, ['stale', 'kb/deploy.md', '--now', iso(41)])).code, 1);
    repo.commit('确认无须修改', iso(41));
    const done = await runCli(repo.dir, ['stale', 'kb/deploy.md', '--now', iso(42), '--format', 'json']);
    assert.equal(done.code, 0, done.stdout);
    assert.equal(JSON.parse(done.stdout)[0].state, 'fresh');
    const lint = await runCli(repo.dir, ['lint', 'kb/deploy.md']);
    assert.doesNotMatch(lint.stdout, /schema/, 'the reviewed block matches the document schema');
  });

  it('refuses to acknowledge a document with a broken frontmatter, naming file, line and column', async () => {
    twoDocuments();
    repo.write({ 'kb/deploy.md': '---\nid: KB-0001\nid: KB-0002\n---\n正文\n' });
    const r = await runCli(repo.dir, ['ack', 'kb/deploy.md', '--by', '李四']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^kb\/deploy\.md:3:1: error: Cannot acknowledge: fix the frontmatter first: Invalid YAML: Map keys must be unique/);
    assert.equal(readFileSync(join(repo.dir, 'kb/deploy.md'), 'utf8'), '---\nid: KB-0001\nid: KB-0002\n---\n正文\n');
  });

  it('explains bad options without a stack trace', async () => {
    twoDocuments();
    const now = await runCli(repo.dir, ['stale', '--now', 'yesterday']);
    assert.equal(now.code, 2);
    assert.match(now.stderr, /^baton stale: --now takes an ISO 8601 date-time with an offset/);
    const format = await runCli(repo.dir, ['stale', '--format', 'xml']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /Unknown format "xml"/);
    const ack = await runCli(repo.dir, ['ack']);
    assert.equal(ack.code, 2);
    assert.doesNotMatch(ack.stderr + now.stderr + format.stderr, /\n\s+at /);
  });
});
