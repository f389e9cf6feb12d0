// case-sla: a case whose first response or resolution took longer than its severity's
// target. Information, not an error: the record is right to say what happened.
import { formatDuration } from '../freshness/duration';
import { msg } from '../message';
import type { FileRule } from '../rule';
import type { Message } from '../types';
import { measureCase, resolveSla, type SlaMeasure } from '../sla/measure';

function overrun(kind: 'response' | 'resolution', m: SlaMeasure, severity: string): Message {
  const actual = formatDuration(m.actualMs ?? 0);
  const over = formatDuration(m.overrunMs ?? 0);
  if (!m.business) {
    return kind === 'response'
      ? msg('First response took {0}, over the {1} target of {2} by {3}', actual, severity, formatDuration(m.targetMs), over)
      : msg('Resolution took {0}, over the {1} target of {2} by {3}', actual, severity, formatDuration(m.targetMs), over);
  }
  if (m.targetDays !== undefined) {
    return kind === 'response'
      ? msg('First response took {0} of business hours, over the {1} target of {2} business day(s) by {3}', actual, severity, m.targetDays, over)
      : msg('Resolution took {0} of business hours, over the {1} target of {2} business day(s) by {3}', actual, severity, m.targetDays, over);
  }
  return kind === 'response'
    ? msg('First response took {0} of business hours, over the {1} target of {2} of business hours by {3}', actual, severity, formatDuration(m.targetMs), over)
    : msg('Resolution took {0} of business hours, over the {1} target of {2} of business hours by {3}', actual, severity, formatDuration(m.targetMs), over);
}

export const caseSlaRule: FileRule = {
  id: 'case-sla',
  scope: 'file',
  defaultSeverity: 'info',
  description: msg('Cases met the response and resolution targets of their severity'),
  docs: 'The time from `occurred_at` to `responded_at`, and to `resolved_at`, is compared with the targets of the case\'s severity in `sla.targets` (by default P0 15 min / 2 h, P1 30 min / 4 h, P2 2 h / 1 business day, P3 1 / 3 business days). Targets in business days or hours count only working hours on working days of `sla.calendar`, skipping holidays. The finding states the target, the time taken and the overrun.',
  check({ doc, type, config }, report) {
    if (type?.name !== 'case' || doc.limit || doc.frontmatter.problem) return;
    let measures;
    try {
      measures = measureCase(doc.frontmatter.data, resolveSla(config.sla));
    } catch {
      return; // an invalid calendar is a config error, reported when the config is loaded
    }
    if (!measures) return;
    const keys = doc.frontmatter.keys;
    for (const kind of ['response', 'resolution'] as const) {
      const m = measures[kind];
      if (m?.state !== 'missed') continue;
      const range = keys[kind === 'response' ? 'responded_at' : 'resolved_at']?.value;
      if (range) report({ range, message: overrun(kind, m, measures.severity) });
    }
  },
};
