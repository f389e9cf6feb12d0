// covers-unmatched: a `covers` entry that matches no file, now or in the history, makes the
// document due for nothing; usually a typo, so freshness would be off without a word.
import { msg } from '../message';
import type { WorkspaceRule } from '../rule';

export const coversUnmatchedRule: WorkspaceRule = {
  id: 'covers-unmatched',
  scope: 'workspace',
  defaultSeverity: 'warning',
  description: msg('Each covers entry matches a file of the repository'),
  docs: 'Freshness counts commits to the paths `covers` matches. An entry that matches no file on the branch, now or at any point of its history, can never make the document due: most often a typo (`deploy/app.yml` for `deploy/app.yaml`), or a path not committed yet. A negation (`!deploy/old/**`) covers nothing either: list the paths the document describes. Needs git, like `stale`.',
  check({ doc, freshness }, report) {
    const unmatched = freshness?.documents.get(doc.path)?.unmatched;
    if (!unmatched) return;
    const covers = doc.frontmatter.data.covers;
    if (!Array.isArray(covers)) return;
    const wanted = new Map(unmatched.map((u) => [u.entry, u.suggestion]));
    covers.forEach((entry, i) => {
      if (typeof entry !== 'string' || !wanted.has(entry)) return;
      const suggestion = wanted.get(entry);
      const item = doc.frontmatter.keys[`covers.${i}`];
      const at = item ?? doc.frontmatter.keys.covers;
      report({
        range: at ? at.value : { line: 1, column: 1, endLine: 1, endColumn: 1 },
        message: entry.trim().startsWith('!')
          ? msg('covers entry "{0}" is a negation, which covers nothing: list the paths this document describes', entry)
          : suggestion
            ? msg('covers entry "{0}" matches no file committed to the repository, now or before; did you mean "{1}"?', entry, suggestion)
            : msg('covers entry "{0}" matches no file committed to the repository, now or before: no change can make this document due', entry),
        fixes: suggestion && item ? [{ title: msg('Change to "{0}"', suggestion), edits: [{ start: item.valueStart, end: item.valueEnd, text: suggestion }], preferred: true }] : undefined,
      });
    });
  },
};
