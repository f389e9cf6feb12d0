// Freshness in words (as messages the edges translate): what changed, when the update is due,
// how late it is. Shared by the rules, `baton stale` and the editor.
import { msg } from '../message';
import type { Message, Range } from '../types';
import type { IndexedDocument } from '../kb-index';
import { formatDuration, formatShort, parseInstant } from './duration';
import type { DocumentFreshness, FreshnessChange } from './types';

export function shortTime(iso: string): string {
  const at = parseInstant(iso);
  return at ? formatShort(at.ms, at.offset) : iso;
}

/** Up to three paths, then "+N". */
export function listPaths(paths: string[]): string {
  if (paths.length <= 3) return paths.join(', ');
  return `${paths.slice(0, 3).join(', ')} +${paths.length - 3}`;
}

/** One line about the change itself, e.g. for a tree item or a table cell. */
export function describeChange(change: FreshnessChange): Message {
  if (change.kind === 'commit') return msg('Commit {0} by {1}: {2}', change.ref.slice(0, 7), change.author ?? '', change.subject ?? '');
  if (change.cause === 'resolved') return msg('Case {0} resolved {1}', change.ref, shortTime(change.at));
  return msg('Change record {0}, implemented {1}', change.ref, shortTime(change.at));
}

export function staleMessage(f: DocumentFreshness, now: number): Message {
  const change = f.change!;
  const overdue = formatDuration(now - (f.dueMs ?? now));
  const due = shortTime(f.dueAt ?? '');
  if (f.updating) return msg('Being updated: this document was due for an update by {0} ({1} ago); commit the edits to count them.', due, overdue);
  if (change.kind === 'commit') {
    return msg('Stale: overdue by {0}. Commit {1} ("{2}", {3}) changed {4} on {5}; this document was due for an update by {6}.', overdue, change.ref.slice(0, 7), change.subject ?? '', change.author ?? '', listPaths(change.paths), shortTime(change.at), due);
  }
  if (change.cause === 'resolved') return msg('Stale: overdue by {0}. This case was resolved {1}; the knowledge base update was due by {2}.', overdue, shortTime(change.at), due);
  return msg('Stale: overdue by {0}. Change record {1}, implemented {2}, affects this document; it was due for an update by {3}.', overdue, change.ref, shortTime(change.at), due);
}

export function pendingMessage(f: DocumentFreshness, now: number): Message {
  const change = f.change!;
  const left = formatDuration((f.dueMs ?? now) - now);
  const due = shortTime(f.dueAt ?? '');
  if (f.updating) return msg('Being updated: commit the edits by {0} ({1} left) to count them as on time.', due, left);
  if (change.kind === 'commit') {
    return msg('Pending: update this document by {0} ({1} left). Commit {2} ("{3}", {4}) changed {5} on {6}.', due, left, change.ref.slice(0, 7), change.subject ?? '', change.author ?? '', listPaths(change.paths), shortTime(change.at));
  }
  if (change.cause === 'resolved') return msg('Pending: this case was resolved {0}; update the knowledge base by {1} ({2} left).', shortTime(change.at), due, left);
  return msg('Pending: update this document by {0} ({1} left). Change record {2}, implemented {3}, affects it.', due, left, change.ref, shortTime(change.at));
}

export function reviewMessage(f: DocumentFreshness): Message {
  const review = f.review!;
  if (review.verifier) return msg('Due for review by {0}: not updated or acknowledged since {1}, and verify_every is {2} (due {3}).', review.verifier, shortTime(review.since), review.every, shortTime(review.dueAt));
  return msg('Due for review: not updated or acknowledged since {0}, and verify_every is {1} (due {2}).', shortTime(review.since), review.every, shortTime(review.dueAt));
}

/** Where a finding about freshness goes: the `covers` line, else the key that made the document due. */
export function freshnessRange(doc: IndexedDocument, f: DocumentFreshness, about: 'change' | 'review'): Range {
  const keys = doc.frontmatter.keys;
  const pick = (...names: string[]) => names.map((n) => keys[n]).find(Boolean);
  let at;
  if (about === 'review') at = pick('verify_every', 'verifier', 'id');
  else if (f.change?.cause === 'resolved') at = pick('resolved_at', 'severity', 'id');
  else at = pick('covers', 'id');
  return at?.key ?? doc.frontmatter.range ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
}
