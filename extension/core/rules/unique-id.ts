// unique-id: no two documents share an id. The fix renumbers to the next free id.
import { msg } from '../message';
import { nextId } from '../ids';
import type { WorkspaceRule } from '../rule';

export const uniqueIdRule: WorkspaceRule = {
  id: 'unique-id',
  scope: 'workspace',
  defaultSeverity: 'error',
  description: msg('Every document id is unique across the KB'),
  docs: 'Two documents with the same id make references ambiguous. This happens when two people scaffold on two branches; the fix renumbers this document to the next free id of its type.',
  check({ doc, index, types, now }, report) {
    if (!doc.id) return;
    const others = index.byId(doc.id).filter((p) => p !== doc.path);
    if (others.length === 0) return;
    const at = doc.frontmatter.keys.id;
    if (!at) return;
    const template = types.get(doc.type)?.idTemplate;
    const fresh = template ? nextId(template, index.allIds(), now) : undefined;
    report({
      range: at.value,
      message: msg('Duplicate id "{0}", also used by {1}', doc.id, others.join(', ')),
      related: others.map((file) => ({
        file,
        range: index.get(file)?.frontmatter.keys.id?.value ?? { line: 1, column: 1, endLine: 1, endColumn: 1 },
        message: msg('Also has id "{0}"', doc.id!),
      })),
      fixes: fresh ? [{ title: msg('Renumber to "{0}"', fresh), edits: [{ start: at.valueStart, end: at.valueEnd, text: fresh }] }] : undefined,
    });
  },
};
