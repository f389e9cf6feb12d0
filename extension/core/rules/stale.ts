// stale: a document not updated within its window after a change it covers, and documents
// past their verification interval. Freshness comes from git; without it this rule is silent.
import { freshnessRange, reviewMessage, staleMessage } from '../freshness/describe';
import { msg } from '../message';
import type { WorkspaceRule } from '../rule';

export const staleRule: WorkspaceRule = {
  id: 'stale',
  scope: 'workspace',
  defaultSeverity: 'error',
  description: msg('Documents are updated within their window after a change they cover'),
  docs: 'A change to a path in `covers`, a change record whose `affects` names the document, or the resolution of a P0 case makes a document due within its window (24 hours by default, set per type and case severity under `freshness` in baton.config.json). Past that time with no commit that changes its content, the document is stale. A document with `verify_every` is also reported, as a warning, when it has been neither updated nor acknowledged within the interval. `baton ack` records that a change needed no edit.',
  check({ doc, freshness }, report) {
    const f = freshness?.documents.get(doc.path);
    if (!f || !freshness) return;
    if (f.state === 'stale') report({ range: freshnessRange(doc, f, 'change'), message: staleMessage(f, freshness.computedMs), severity: f.updating ? 'info' : undefined });
    if (f.review?.due && f.state !== 'stale') report({ range: freshnessRange(doc, f, 'review'), message: reviewMessage(f), severity: 'warning' });
  },
};
