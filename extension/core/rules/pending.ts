// pending: a document due for an update after a change it covers, still within its window.
import { freshnessRange, pendingMessage } from '../freshness/describe';
import { msg } from '../message';
import type { WorkspaceRule } from '../rule';

export const pendingRule: WorkspaceRule = {
  id: 'pending',
  scope: 'workspace',
  defaultSeverity: 'info',
  description: msg('Documents due for an update after a change show when it is due'),
  docs: 'A document whose covered paths changed (or that a change record affects) and that has not been updated since, while its window is still open. The message gives the change and the time left; it becomes `stale` when the window closes.',
  check({ doc, freshness }, report) {
    const f = freshness?.documents.get(doc.path);
    if (!f || !freshness || f.state !== 'pending') return;
    report({ range: freshnessRange(doc, f, 'change'), message: pendingMessage(f, freshness.computedMs) });
  },
};
