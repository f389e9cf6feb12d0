// Windows and intervals (hours, days, business days, months), windows from baton.config.json
// by type and case severity, and freshness doing no git work when nothing needs it.
import { strict as assert } from 'node:assert';
import { parseConfig } from '../../extension/core/config';
import { Engine } from '../../extension/core/engine';
import { updateFreshness } from '../../extension/core/freshness';
import { addInterval, addWindow, formatInstant, isoDuration, parseInstant } from '../../extension/core/freshness/duration';
import { windowFor } from '../../extension/core/freshness/model';
import type { GitHost } from '../../extension/core/host';
import { memoryHost } from './helpers/memory-host';

const at = (iso: string) => parseInstant(iso)!;

describe('freshness windows', () => {
  it('adds hours, days, weeks and business days in the change\'s own offset', () => {
    const friday = at('2026-11-20T10:00:00+08:00');
    assert.equal(formatInstant(addWindow(friday, '24h'), 8 * 60), '2026-11-21T10:00:00+08:00');
    assert.equal(formatInstant(addWindow(friday, '2d'), 8 * 60), '2026-11-22T10:00:00+08:00');
    assert.equal(formatInstant(addWindow(friday, '1w'), 8 * 60), '2026-11-27T10:00:00+08:00');
    // Saturday and Sunday do not count: two business days after Friday is Tuesday.
    assert.equal(formatInstant(addWindow(friday, '2bd'), 8 * 60), '2026-11-24T10:00:00+08:00');
    // Saturday 02:00 in Beijing is Friday 18:00 UTC: the weekend is Beijing's.
    const early = at('2026-11-21T02:00:00+08:00');
    assert.equal(formatInstant(addWindow(early, '1bd'), 8 * 60), '2026-11-23T02:00:00+08:00');
    assert.throws(() => addWindow(friday, '24 hours'), /invalid window/);
  });

  it('adds verification intervals, months to the same day or the month\'s last', () => {
    assert.equal(formatInstant(addInterval(at('2026-01-31T09:00:00+08:00'), '1m')!, 480), '2026-02-28T09:00:00+08:00');
    assert.equal(formatInstant(addInterval(at('2026-11-02T09:00:00+08:00'), '90d')!, 480), '2027-01-31T09:00:00+08:00');
    assert.equal(formatInstant(addInterval(at('2026-11-02T09:00:00+08:00'), '12w')!, 480), '2027-01-25T09:00:00+08:00');
    assert.equal(addInterval(at('2026-11-02T09:00:00+08:00'), '3y'), undefined);
  });

  it('writes durations for JSON as ISO 8601', () => {
    assert.equal(isoDuration(25 * 3_600_000), 'PT25H');
    assert.equal(isoDuration(90 * 60_000 + 5_000), 'PT1H30M5S');
    assert.equal(isoDuration(0), 'PT0S');
  });

  it('takes windows by type and case severity from baton.config.json, over the defaults', () => {
    const { config, problems } = parseConfig('/repo/baton.config.json', JSON.stringify({ freshness: { window: '2d', types: { article: '12h' }, severities: { P1: '1bd' } } }));
    assert.deepEqual(problems, []);
    assert.deepEqual(config.freshness, { window: '2d', types: { article: '12h' }, severities: { P0: '48h', P2: '2bd', P1: '1bd' } });
    const docOf = (type: string, severity?: string) => ({ type, frontmatter: { data: { type, severity } } }) as never;
    assert.equal(windowFor(docOf('article'), config.freshness), '12h');
    assert.equal(windowFor(docOf('checklist'), config.freshness), '2d');
    assert.equal(windowFor(docOf('case', 'P0'), config.freshness), '48h');
    assert.equal(windowFor(docOf('case', 'P1'), config.freshness), '1bd');
    assert.equal(windowFor(docOf('case', 'P3'), config.freshness), '2d');
  });

  it('points at a bad window in baton.config.json', () => {
    const text = '{\n  "freshness": {\n    "window": "24 hours"\n  }\n}\n';
    const { problems } = parseConfig('/repo/baton.config.json', text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].range.line, 3);
    assert.match(problems[0].message.args!.join(' '), /\/freshness\/window/);
  });

  it('runs no git at all when no document has anything to keep fresh', async () => {
    const calls: string[][] = [];
    const git: GitHost = {
      run: async (args) => (calls.push([...args]), ''),
      stream: async (args) => void calls.push([...args]),
      pipe: (args) => (calls.push([...args]), { write() {}, end: async () => {} }),
    };
    const host = { ...memoryHost({ '/repo/kb/a.md': '---\nid: KB-0001\ntitle: 一\ntype: article\nowner: a\nstatus: published\n---\n\n## 概述\n\n正文\n' }), git };
    const engine = await Engine.open(host, '/repo');
    await engine.scan();
    const report = await updateFreshness(engine, { fetch: true });
    assert.equal(report.available, true);
    assert.equal(report.documents.size, 0);
    assert.deepEqual(calls, []);
  });
});
