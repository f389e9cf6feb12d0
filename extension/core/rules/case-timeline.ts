// case-timeline: a case's timestamps follow each other (occurred, responded, resolved), and a
// published case has all three.
import { parseInstant } from '../freshness/duration';
import { msg } from '../message';
import type { FileRule } from '../rule';

const KEYS = ['occurred_at', 'responded_at', 'resolved_at'] as const;

export const caseTimelineRule: FileRule = {
  id: 'case-timeline',
  scope: 'file',
  defaultSeverity: 'error',
  description: msg('Case timestamps are in order, and complete in a published case'),
  docs: 'A case happens, is responded to, and is resolved, in that order: `occurred_at` ≤ `responded_at` ≤ `resolved_at`. A timestamp before the one it should follow is reported at the later key. A `published` case needs all three, because the SLA audit measures from them; a draft may still lack them.',
  check({ doc, type }, report) {
    if (type?.name !== 'case' || doc.limit || doc.frontmatter.problem) return;
    const data = doc.frontmatter.data;
    const keys = doc.frontmatter.keys;
    const times = KEYS.map((key) => ({ key, at: parseInstant(data[key]), raw: data[key] }));
    for (let i = 1; i < times.length; i++) {
      const later = times[i];
      if (!later.at) continue;
      // Compare with the nearest earlier timestamp that is present.
      const earlier = times.slice(0, i).reverse().find((t) => t.at);
      if (!earlier?.at || later.at.ms >= earlier.at.ms) continue;
      const range = keys[later.key]?.value;
      if (!range) continue;
      report({ range, message: msg('"{0}" ({1}) is before "{2}" ({3})', later.key, String(later.raw), earlier.key, String(earlier.raw)) });
    }
    if (data.status !== 'published') return;
    const missing = KEYS.filter((key) => data[key] === undefined || data[key] === null || data[key] === '');
    const where = keys.status?.value;
    if (!where) return;
    for (const key of missing) {
      // occurred_at is required by the schema, which reports it already.
      if (key === 'occurred_at') continue;
      report({
        range: where,
        message: key === 'responded_at' ? msg('A published case needs "responded_at": when the first response was given') : msg('A published case needs "resolved_at": when the case was resolved'),
      });
    }
  },
};
