// unknown-reference: ids in `related` and `affects` name documents that exist.
import { msg } from '../message';
import { closest } from '../suggest';
import type { WorkspaceRule } from '../rule';

const REFERENCE_KEYS = ['related', 'affects'];

/** Entries of `affects` that look like paths or globs are not ids. */
export function looksLikePath(value: string): boolean {
  return /[/\\*.]/.test(value);
}

export const unknownReferenceRule: WorkspaceRule = {
  id: 'unknown-reference',
  scope: 'workspace',
  defaultSeverity: 'error',
  // An id not indexed yet is not unknown: wait for the whole KB.
  wholeIndex: true,
  shapeOnly: true,
  description: msg('Ids in related and affects exist in the KB'),
  docs: '`related` lists ids of other documents, and `affects` lists ids or repository paths. Each id must belong to a document in the KB; the closest existing id is suggested and offered as a fix.',
  check({ doc, index }, report) {
    for (const key of REFERENCE_KEYS) {
      const values = doc.frontmatter.data[key];
      if (!Array.isArray(values)) continue;
      values.forEach((value, i) => {
        if (typeof value !== 'string' || (key === 'affects' && looksLikePath(value))) return;
        if (index.byId(value).length > 0) return;
        const at = doc.frontmatter.keys[`${key}.${i}`];
        if (!at) return;
        const prefix = value.split('-')[0];
        const candidates = index.idsStartingWith(prefix);
        // The index holds ids in the order documents were analysed, which workers make vary: ties go to the least.
        const best = closest(value, candidates, undefined, 'least');
        report({
          range: at.value,
          message: best ? msg('Unknown id "{0}" in {1}; did you mean "{2}"?', value, key, best) : msg('Unknown id "{0}" in {1}', value, key),
          fixes: best ? [{ title: msg('Change to "{0}"', best), edits: [{ start: at.valueStart, end: at.valueEnd, text: best }], preferred: true }] : undefined,
        });
      });
    }
  },
};
