// The SLA audit as data (slaReport) and as `baton sla`: shares on time, medians, overdue
// open cases, filters, and the knowledge-base updates judged from a real git history.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { Engine } from '../../extension/core/engine';
import type { DocumentFreshness, FreshnessReport } from '../../extension/core/freshness/types';
import { slaReport, median } from '../../extension/core/sla/report';
import { memoryHost } from './helpers/memory-host';
import { caseDoc } from './helpers/case-doc';
import { removeDir, runCli, tempDir } from './helpers/temp-kb';

const NOW = new Date('2026-11-23T10:00:00+08:00');

const CASES: Record<string, Parameters<typeof caseDoc>[0]> = {
  'p0-ok': { id: 'CASE-2026-001', severity: 'P0', occurred: '2026-11-02T09:00:00+08:00', responded: '2026-11-02T09:10:00+08:00', resolved: '2026-11-02T10:30:00+08:00' },
  'p0-late': { id: 'CASE-2026-002', severity: 'P0', occurred: '2026-11-09T09:00:00+08:00', responded: '2026-11-09T09:20:00+08:00', resolved: '2026-11-09T11:10:00+08:00' },
  'p1-open': { id: 'CASE-2026-003', severity: 'P1', occurred: '2026-11-23T08:00:00+08:00', responded: '2026-11-23T08:10:00+08:00', status: 'draft' },
  'p1-fresh': { id: 'CASE-2026-004', severity: 'P1', occurred: '2026-11-23T09:20:00+08:00', status: 'draft' },
  'p2-weekend': { id: 'CASE-2026-005', severity: 'P2', occurred: '2026-11-13T17:00:00+08:00', responded: '2026-11-13T17:30:00+08:00', resolved: '2026-11-17T10:30:00+08:00' },
  'p2-broken': { id: 'CASE-2026-006', severity: 'P2', occurred: '2026-11-10T10:00:00+08:00', responded: '2026-11-10T09:00:00+08:00', resolved: '2026-11-10T12:00:00+08:00' },
  'p3-old': { id: 'CASE-2026-007', severity: 'P3', occurred: '2026-09-01T10:00:00+08:00', responded: '2026-09-01T15:00:00+08:00', resolved: '2026-09-02T10:00:00+08:00' },
};

async function engineFor(cases = CASES) {
  const files: Record<string, string> = {};
  for (const [name, c] of Object.entries(cases)) files[`/repo/kb/06-案例库/${name}.md`] = caseDoc(c);
  const engine = await Engine.open(memoryHost(files, NOW), '/repo');
  await engine.scan();
  return engine;
}

describe('slaReport', () => {
  it('gives per severity the cases, the shares on time and the medians', async () => {
    const engine = await engineFor();
    const report = slaReport(engine.index.documents(), engine.config, NOW);
    const by = Object.fromEntries(report.severities.map((s) => [s.severity, s]));
    assert.deepEqual(report.severities.map((s) => [s.severity, s.cases.map((c) => c.id)]), [
      ['P0', ['CASE-2026-001', 'CASE-2026-002']],
      ['P1', ['CASE-2026-003', 'CASE-2026-004']],
      ['P2', ['CASE-2026-005']],
      ['P3', ['CASE-2026-007']],
    ]);
    // P0: 10m and 20m against 15m; 1h30m and 2h10m against 2h.
    assert.deepEqual(by.P0.response, { onTime: 1, due: 2, rate: 0.5 });
    assert.deepEqual(by.P0.resolution, { onTime: 1, due: 2, rate: 0.5 });
    assert.equal(by.P0.medianResponseMs, 15 * 60_000);
    assert.equal(by.P0.medianResolutionMs, 110 * 60_000);
    assert.equal(by.P0.escalated, 2, 'both ran past 30 minutes unresolved');
    // P1: one answered in 10m and unresolved 2h later (4h not yet up); one unanswered for 40m (10m overdue).
    assert.deepEqual(by.P1.response, { onTime: 1, due: 2, rate: 0.5 });
    assert.deepEqual(by.P1.resolution, { onTime: 0, due: 0 });
    assert.equal(by.P1.cases[1].response?.state, 'overdue');
    assert.equal(by.P1.cases[0].resolution?.state, 'open');
    assert.equal(by.P1.cases[0].resolution?.dueAt, '2026-11-23T12:00:00+08:00');
    // P2 across the weekend: 11h30m of business time against 1 business day (9h).
    assert.equal(by.P2.cases[0].resolution?.state, 'missed');
    assert.equal(by.P2.medianResolutionMs, 11.5 * 3_600_000);
    assert.equal(by.P2.resolutionBusiness, true);
    assert.equal(by.P2.responseBusiness, false);
    assert.deepEqual(report.total, { cases: 6, response: { onTime: 4, due: 6, rate: 4 / 6 }, resolution: { onTime: 2, due: 4, rate: 0.5 } });
    assert.deepEqual(report.skipped.map((s) => [s.id, s.reason.text]), [['CASE-2026-006', 'Timestamps out of order (see case-timeline)']]);
    assert.equal(report.now, '2026-11-23T10:00:00+08:00');
  });

  it('filters by when a case occurred', async () => {
    const engine = await engineFor();
    const report = slaReport(engine.index.documents(), engine.config, NOW, { since: new Date('2026-11-09T00:00:00+08:00'), until: new Date('2026-11-20T00:00:00+08:00') });
    assert.deepEqual(report.severities.flatMap((s) => s.cases.map((c) => c.id)), ['CASE-2026-002', 'CASE-2026-005']);
    assert.equal(report.since, '2026-11-09T00:00:00+08:00');
  });

  it('lists the cases whose knowledge-base update missed its window, from freshness', async () => {
    const engine = await engineFor();
    const doc = (file: string, d: Partial<DocumentFreshness>): [string, DocumentFreshness] => [
      file,
      { file, state: 'fresh', window: '48h', metric: { onTime: 0, late: 0, missed: 0, open: 0 }, ...d },
    ];
    const freshness: FreshnessReport = {
      available: true,
      shallow: false,
      computedMs: NOW.getTime(),
      metric: { onTime: 1, late: 0, missed: 1, open: 0 },
      documents: new Map([
        doc('/repo/kb/06-案例库/p0-ok.md', { metric: { onTime: 1, late: 0, missed: 0, open: 0 }, lastUpdate: { ref: 'a', at: '2026-11-03T09:00:00+08:00', ms: 0 } }),
        doc('/repo/kb/06-案例库/p0-late.md', {
          state: 'stale',
          dueAt: '2026-11-11T11:10:00+08:00',
          change: { kind: 'record', ref: 'CASE-2026-002', at: '2026-11-09T11:10:00+08:00', paths: [], cause: 'resolved' },
          metric: { onTime: 0, late: 0, missed: 1, open: 0 },
        }),
      ]),
    };
    const report = slaReport(engine.index.documents(), engine.config, NOW, { freshness });
    const p0 = report.severities[0];
    assert.deepEqual(p0.cases.map((c) => c.kbUpdate?.state), ['on-time', 'missed']);
    assert.deepEqual(p0.kbUpdateMissed.map((c) => c.id), ['CASE-2026-002']);
    assert.equal(p0.cases[1].kbUpdate?.dueAt, '2026-11-11T11:10:00+08:00');
    assert.equal(report.kbUpdates.available, true);
    assert.equal(report.severities[1].cases[0].kbUpdate, undefined, 'P1 has no KB update window');
    const without = slaReport(engine.index.documents(), engine.config, NOW);
    assert.equal(without.kbUpdates.available, false);
    assert.deepEqual(without.severities[0].cases.map((c) => c.kbUpdate?.state), ['unknown', 'unknown']);
  });

  it('takes the median of an even and an odd number of values', () => {
    assert.equal(median([]), undefined);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});

describe('baton sla', () => {
  let dir: string;
  afterEach(() => dir && removeDir(dir));

  const files = () => Object.fromEntries(Object.entries(CASES).map(([name, c]) => [`kb/06-案例库/${name}.md`, caseDoc(c)]));

  it('prints the audit as a table, with times in the offset the cases were written in', async () => {
    dir = tempDir(files());
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const r = await runCli(dir, ['sla', '--now', '2026-11-23T10:00:00+08:00']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^SLA audit: 6 cases, as of 2026-11-23 10:00 \+08:00/);
      assert.match(r.stdout, /P0 urgent — response 15m · resolution 2h · escalate after 30m · KB update 48h/);
      assert.match(r.stdout, /CASE-2026-002 +2026-11-09 09:00 \+08:00 +response 20m ✗ \(5m over\) +resolution 2h 10m ✗ \(10m over\)/);
      assert.match(r.stdout, /Responded on time 1\/2 \(50%\) · resolved on time 1\/2 \(50%\) · median response 15m · median resolution 1h 50m/);
      assert.match(r.stdout, /CASE-2026-004 +2026-11-23 09:20 \+08:00 +response not yet, overdue by 10m/);
      assert.match(r.stdout, /median resolution 11h 30m in business hours/);
      assert.match(r.stdout, /All cases: responded on time 4\/6 \(67%\) \(target ≥ 95%\)/);
      assert.match(r.stdout, /Knowledge-base updates are not judged|Freshness is not checked/);
      assert.match(r.stdout, /Not counted: kb\/06-案例库\/p2-broken\.md: Timestamps out of order/);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('prints JSON and Markdown, in Chinese too, and filters with --since', async () => {
    dir = tempDir(files());
    const json = await runCli(dir, ['sla', '--format', 'json', '--since', '2026-11-09', '--now', '2026-11-23T10:00:00+08:00']);
    assert.equal(json.code, 0, json.stderr);
    const data = JSON.parse(json.stdout);
    assert.deepEqual(data.severities.map((s: { severity: string; cases: Array<{ id: string; file: string }> }) => [s.severity, s.cases.map((c) => c.file)]), [
      ['P0', ['kb/06-案例库/p0-late.md']],
      ['P1', ['kb/06-案例库/p1-open.md', 'kb/06-案例库/p1-fresh.md']],
      ['P2', ['kb/06-案例库/p2-weekend.md']],
      ['P3', []],
    ]);
    assert.equal(data.severities[0].cases[0].response.overrunMs, 5 * 60_000);
    const md = await runCli(dir, ['sla', '--format', 'markdown', '--lang', 'zh-CN', '--now', '2026-11-23T10:00:00+08:00']);
    assert.match(md.stdout, /^## SLA 审计\n/);
    assert.match(md.stdout, /\| P0 紧急 \| 响应 15m · 解决 2h · 30m 未解决即升级 · 知识库更新 48h \| 2 \| 1\/2 \(50%\) \|/);
    assert.match(md.stdout, /\| CASE-2026-005 测试案例 \| P2 \| 2026-11-13 17:00 \+08:00 \| 30m ✓ \| 11h 30m ✗（超出 2h 30m） \|/);
  });

  it('exits 2 on a bad format or date, without a stack trace', async () => {
    dir = tempDir(files());
    for (const argv of [['sla', '--format', 'xml'], ['sla', '--since', '11/01/2026'], ['sla', '--now', 'yesterday'], ['sla', 'extra']]) {
      const r = await runCli(dir, argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, /^baton sla: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it('judges P0 knowledge-base updates from when the case document was committed', async function () {
    this.timeout(30_000);
    dir = tempDir();
    const git = (args: string[], date?: string) =>
      execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }, stdio: 'pipe' });
    const { writeFiles } = await import('./helpers/temp-kb');
    git(['init', '-q', '-b', 'main']);
    // Resolved 2026-11-02 10:30: written up the next day (on time). Resolved 2026-11-09 11:10: written up four days later.
    writeFiles(dir, { 'kb/06-案例库/p0-ok.md': caseDoc(CASES['p0-ok']) });
    git(['add', '.']);
    git(['commit', '-q', '-m', 'case 1'], '2026-11-03T09:00:00+08:00');
    writeFiles(dir, { 'kb/06-案例库/p0-late.md': caseDoc(CASES['p0-late']) });
    git(['add', '.']);
    git(['commit', '-q', '-m', 'case 2'], '2026-11-13T09:00:00+08:00');
    const r = await runCli(dir, ['sla', '--format', 'json', '--now', '2026-11-23T10:00:00+08:00']);
    assert.equal(r.code, 0, r.stderr);
    const p0 = JSON.parse(r.stdout).severities[0];
    assert.deepEqual(p0.cases.map((c: { id: string; kbUpdate: { state: string } }) => [c.id, c.kbUpdate.state]), [['CASE-2026-001', 'on-time'], ['CASE-2026-002', 'late']]);
    assert.deepEqual(p0.kbUpdateMissed, ['CASE-2026-002']);
    const table = await runCli(dir, ['sla', '--now', '2026-11-23T10:00:00+08:00']);
    assert.match(table.stdout, /KB update missed: CASE-2026-002/);
  });
});
