// document-limits: a document too large, binary, or too slow to parse becomes one finding.
import { msg } from '../message';
import { pointRange } from '../text';
import type { FileRule } from '../rule';

export const documentLimitsRule: FileRule = {
  id: 'document-limits',
  scope: 'file',
  defaultSeverity: 'error',
  description: msg('Documents are readable text within the size and time limits'),
  docs: 'A document over `maxFileSize` bytes, one holding NUL bytes, one that is not UTF-8, or one whose Markdown takes longer than `parseTimeoutMs` to parse is not checked; this finding says so, and every other document is still checked.',
  check({ doc }, report) {
    if (doc.limit) report({ range: pointRange(1), message: doc.limit.message });
  },
};
