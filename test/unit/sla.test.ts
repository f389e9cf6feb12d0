// SLA: the business calendar (weekends, holidays, 调休 workdays, lunch breaks), every severity
// at exactly its limit and one minute over, time zones, config, and the case rules.
import { strict as assert } from 'node:assert';
import { BusinessCalendar, parseSlaDuration } from '../../extension/core/sla/calendar';
import { measureCase, resolveSla } from '../../extension/core/sla/measure';
import { DEFAULT_SLA, mergeSla } from '../../extension/core/sla/settings';
import { Engine, ConfigError } from '../../extension/core/engine';
import { format } from '../../extension/core/message';
import { memoryHost } from './helpers/memory-host';
import { caseDoc } from './helpers/case-doc';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);
const calendar = (extra: Partial<typeof DEFAULT_SLA.calendar> = {}) => new BusinessCalendar({ ...DEFAULT_SLA.calendar, ...extra });

async function caseFindings(text: string, config?: unknown) {
  const files: Record<string, string> = { '/repo/kb/06-案例库/CASE-2026-001.md': text };
  if (config) files['/repo/baton.config.json'] = JSON.stringify(config);
  const engine = await Engine.open(memoryHost(files), '/repo');
  await engine.scan();
  return engine.allFindings().map((f) => ({ rule: f.ruleId, line: f.range.line, severity: f.severity, text: format(f.message.text, f.message.args) }));
}

describe('business calendar', () => {
  it('skips the weekend: Friday 17:00 plus 1 business day is Monday 17:00', () => {
    const cal = calendar();
    assert.equal(cal.dayMs, 9 * HOUR);
    assert.equal(cal.add(at('2026-11-13T17:00:00+08:00'), 9 * HOUR), at('2026-11-16T17:00:00+08:00'));
    assert.equal(cal.between(at('2026-11-13T17:00:00+08:00'), at('2026-11-16T17:00:00+08:00')), 9 * HOUR);
    assert.equal(cal.between(at('2026-11-14T10:00:00+08:00'), at('2026-11-15T20:00:00+08:00')), 0, 'nothing counts on a weekend');
  });

  it('skips a configured holiday, and a holiday range', () => {
    const cal = calendar({ holidays: ['2026-11-16'] });
    assert.equal(cal.add(at('2026-11-13T17:00:00+08:00'), 9 * HOUR), at('2026-11-17T17:00:00+08:00'));
    assert.equal(cal.between(at('2026-11-13T17:00:00+08:00'), at('2026-11-17T17:00:00+08:00')), 9 * HOUR);
    const golden = calendar({ holidays: ['2026-10-01/2026-10-07'] });
    assert.equal(golden.add(at('2026-09-30T17:30:00+08:00'), 9 * HOUR), at('2026-10-08T17:30:00+08:00'), 'the National Day week is off');
  });

  it('counts a weekend day worked instead (调休)', () => {
    const cal = calendar({ holidays: ['2026-10-01/2026-10-09'], workdays: ['2026-10-10'] });
    assert.ok(cal.isWorkingDay(cal.dayOf(at('2026-10-10T12:00:00+08:00'))), 'Saturday 10 October is worked');
    assert.equal(cal.add(at('2026-09-30T17:00:00+08:00'), 2 * HOUR), at('2026-10-10T10:00:00+08:00'));
  });

  it('starts the clock at the next working hour, and leaves out a lunch break', () => {
    const cal = calendar({ workingHours: ['09:00-12:00', '13:30-18:00'] });
    assert.equal(cal.dayMs, 7.5 * HOUR);
    assert.equal(cal.add(at('2026-11-16T07:00:00+08:00'), 3 * HOUR + 30 * MINUTE), at('2026-11-16T14:00:00+08:00'));
    assert.equal(cal.between(at('2026-11-16T11:00:00+08:00'), at('2026-11-16T14:00:00+08:00')), 90 * MINUTE);
  });

  it('works in its own offset whatever the machine time zone is', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/New_York', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        const cal = calendar();
        assert.equal(cal.add(at('2026-11-13T17:00:00+08:00'), 9 * HOUR), at('2026-11-16T17:00:00+08:00'), tz);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('parses durations on the clock and in business time', () => {
    const cal = calendar();
    assert.deepEqual(parseSlaDuration('15m', cal), { text: '15m', business: false, ms: 15 * MINUTE });
    assert.deepEqual(parseSlaDuration('1h30m', cal), { text: '1h30m', business: false, ms: 90 * MINUTE });
    assert.deepEqual(parseSlaDuration('3bd', cal), { text: '3bd', business: true, ms: 27 * HOUR, days: 3 });
    assert.deepEqual(parseSlaDuration('4bh', cal), { text: '4bh', business: true, ms: 4 * HOUR, days: undefined });
    assert.throws(() => parseSlaDuration('2hours', cal));
  });
});

describe('SLA targets at the limit and one minute over', () => {
  const sla = resolveSla(DEFAULT_SLA);
  // Monday 10:00 for the clock targets; Friday 16:00, so business targets cross a weekend.
  const cases = [
    { severity: 'P0', occurred: '2026-11-16T10:00:00+08:00', response: '2026-11-16T10:15:00+08:00', resolution: '2026-11-16T12:00:00+08:00' },
    { severity: 'P1', occurred: '2026-11-16T10:00:00+08:00', response: '2026-11-16T10:30:00+08:00', resolution: '2026-11-16T14:00:00+08:00' },
    { severity: 'P2', occurred: '2026-11-13T16:00:00+08:00', response: '2026-11-13T18:00:00+08:00', resolution: '2026-11-16T16:00:00+08:00' },
    { severity: 'P3', occurred: '2026-11-13T16:00:00+08:00', response: '2026-11-16T16:00:00+08:00', resolution: '2026-11-18T16:00:00+08:00' },
  ];
  const plusMinute = (iso: string) => new Date(Date.parse(iso) + MINUTE).toISOString();

  for (const c of cases) {
    it(`${c.severity}: on time at exactly the limit, one minute late after it`, () => {
      const exact = measureCase({ severity: c.severity, occurred_at: c.occurred, responded_at: c.response, resolved_at: c.resolution }, sla)!;
      assert.equal(exact.response?.state, 'met');
      assert.equal(exact.resolution?.state, 'met');
      assert.equal(Date.parse(exact.response!.dueAt!), Date.parse(c.response), 'response due');
      assert.equal(Date.parse(exact.resolution!.dueAt!), Date.parse(c.resolution), 'resolution due');
      const late = measureCase({ severity: c.severity, occurred_at: c.occurred, responded_at: plusMinute(c.response), resolved_at: plusMinute(c.resolution) }, sla)!;
      assert.equal(late.response?.state, 'missed');
      assert.equal(late.response?.overrunMs, MINUTE);
      assert.equal(late.resolution?.state, 'missed');
      assert.equal(late.resolution?.overrunMs, MINUTE);
    });
  }

  it('case-sla stays quiet at the limit and states target, time taken and overrun one minute after', async () => {
    const c = cases[0];
    assert.deepEqual((await caseFindings(caseDoc({ severity: 'P0', occurred: c.occurred, responded: c.response, resolved: c.resolution }))).filter((f) => f.rule === 'case-sla'), []);
    const late = await caseFindings(caseDoc({ severity: 'P0', occurred: c.occurred, responded: '2026-11-16T10:16:00+08:00', resolved: '2026-11-16T12:01:00+08:00' }));
    assert.deepEqual(late.filter((f) => f.rule === 'case-sla'), [
      { rule: 'case-sla', line: 10, severity: 'info', text: 'First response took 16m, over the P0 target of 15m by 1m' },
      { rule: 'case-sla', line: 11, severity: 'info', text: 'Resolution took 2h 1m, over the P0 target of 2h by 1m' },
    ]);
  });

  it('case-sla measures a business-day target in business hours, across the weekend', async () => {
    const found = await caseFindings(caseDoc({ severity: 'P3', occurred: '2026-11-13T16:00:00+08:00', responded: '2026-11-16T16:01:00+08:00', resolved: '2026-11-18T16:00:00+08:00' }));
    assert.deepEqual(found.filter((f) => f.rule === 'case-sla').map((f) => f.text), ['First response took 9h 1m of business hours, over the P3 target of 1 business day(s) by 1m']);
  });

  it('follows targets and holidays from config, keeping the other defaults', async () => {
    const config = { sla: { targets: { P2: { response: '2bh' } }, calendar: { holidays: ['2026-11-16'] } } };
    const text = caseDoc({ severity: 'P2', occurred: '2026-11-13T17:00:00+08:00', responded: '2026-11-17T10:00:00+08:00', resolved: '2026-11-17T17:00:00+08:00' });
    const found = (await caseFindings(text, config)).filter((f) => f.rule === 'case-sla');
    // Friday 17-18 and Tuesday 9-10 are 2 business hours: on time; resolution Friday 1h + Tuesday 8h is 1 business day: on time.
    assert.deepEqual(found, []);
    const merged = mergeSla(config.sla as never);
    assert.deepEqual(merged.targets.P2, { response: '2bh', resolution: '1bd', escalation: '8h' });
    assert.deepEqual(merged.targets.P0, DEFAULT_SLA.targets.P0);
  });
});

describe('time zones', () => {
  const sla = resolveSla(DEFAULT_SLA);

  it('+08:00 stays +08:00: due times are written in the offset of the case', () => {
    const m = measureCase({ severity: 'P1', occurred_at: '2026-11-16T10:00:00+08:00', responded_at: '2026-11-16T02:20:00Z', resolved_at: '2026-11-16T13:00:00+08:00' }, sla)!;
    assert.equal(m.response?.dueAt, '2026-11-16T10:30:00+08:00');
    assert.equal(m.response?.at, '2026-11-16T02:20:00Z', 'the time as the case wrote it');
    assert.equal(m.response?.actualMs, 20 * MINUTE);
    assert.equal(m.resolution?.dueAt, '2026-11-16T14:00:00+08:00');
  });

  it('counts working hours in the calendar offset for a case written in another one', () => {
    // 08:00+07:00 is 09:00+08:00: the working day has just begun in the calendar's offset.
    const m = measureCase({ severity: 'P3', occurred_at: '2026-11-16T08:00:00+07:00', responded_at: '2026-11-16T17:00:00+07:00' }, sla)!;
    assert.equal(m.response?.dueAt, '2026-11-16T17:00:00+07:00');
    assert.equal(m.response?.state, 'met');
  });

  it('an unresolved case is overdue only with a "now" to judge by', () => {
    const data = { severity: 'P0', occurred_at: '2026-11-16T10:00:00+08:00', responded_at: '2026-11-16T10:05:00+08:00' };
    assert.equal(measureCase(data, sla)?.resolution?.state, 'open');
    const later = measureCase(data, sla, Date.parse('2026-11-16T12:30:00+08:00'))!;
    assert.equal(later.resolution?.state, 'overdue');
    assert.equal(later.resolution?.overrunMs, 30 * MINUTE);
    assert.equal(measureCase(data, sla, Date.parse('2026-11-16T11:00:00+08:00'))?.resolution?.state, 'open');
  });
});

describe('case-timeline', () => {
  it('reports a timestamp before the one it follows, at the later key', async () => {
    const found = await caseFindings(caseDoc({ severity: 'P1', occurred: '2026-11-16T10:00:00+08:00', responded: '2026-11-16T09:50:00+08:00', resolved: '2026-11-16T11:00:00+08:00' }));
    assert.deepEqual(found.filter((f) => f.rule === 'case-timeline').map((f) => [f.line, f.severity, f.text]), [[10, 'error', '"responded_at" (2026-11-16T09:50:00+08:00) is before "occurred_at" (2026-11-16T10:00:00+08:00)']]);
    assert.deepEqual(found.filter((f) => f.rule === 'case-sla'), [], 'no SLA figures from a broken timeline');
  });

  it('compares instants, not the digits: 02:05Z is after 10:00+08:00', async () => {
    const found = await caseFindings(caseDoc({ severity: 'P1', occurred: '2026-11-16T10:00:00+08:00', responded: '2026-11-16T02:05:00Z', resolved: '2026-11-16T03:00:00Z' }));
    assert.deepEqual(found, []);
  });

  it('asks a published case for its response and resolution times, not a draft', async () => {
    const published = await caseFindings(caseDoc({ severity: 'P2', occurred: '2026-11-16T10:00:00+08:00' }));
    assert.deepEqual(published.filter((f) => f.rule === 'case-timeline').map((f) => [f.line, f.text.split(':')[0]]), [
      [6, 'A published case needs "responded_at"'],
      [6, 'A published case needs "resolved_at"'],
    ]);
    assert.deepEqual(await caseFindings(caseDoc({ severity: 'P2', occurred: '2026-11-16T10:00:00+08:00', status: 'draft' })), []);
  });
});

describe('sla config', () => {
  it('refuses working hours that end before they start, pointing at the calendar', async () => {
    const host = memoryHost({ '/repo/baton.config.json': '{\n  "sla": {\n    "calendar": { "workingHours": ["18:00-09:00"] }\n  }\n}\n' });
    await assert.rejects(Engine.open(host, '/repo'), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.problems[0].range.line, 3);
      assert.match(format(e.problems[0].message.text, e.problems[0].message.args), /\/sla\/calendar.*end before they start/);
      return true;
    });
  });

  it('refuses a target that is not a duration, by the schema', async () => {
    const host = memoryHost({ '/repo/baton.config.json': JSON.stringify({ sla: { targets: { P1: { response: '30 minutes' } } } }) });
    await assert.rejects(Engine.open(host, '/repo'), (e: unknown) => e instanceof ConfigError && /\/sla\/targets\/P1\/response/.test(format(e.problems[0].message.text, e.problems[0].message.args)));
  });
});
