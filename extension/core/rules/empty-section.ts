// empty-section: a section with nothing in it, or only a placeholder like TODO or 待补充.
import { msg } from '../message';
import type { FileRule } from '../rule';

const PLACEHOLDER = /^(?:todo|tbd|fixme|xxx|待补充|待填写|待完善|待定|暂无|无|略|占位|\.{3}|…+|[（(]\s*(?:待补充|待填写|待完善|todo)[^)）]*[)）])[。.!！]?$/iu;

export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text.trim());
}

export const emptySectionRule: FileRule = {
  id: 'empty-section',
  scope: 'file',
  defaultSeverity: 'warning',
  description: msg('Sections have content, not a placeholder'),
  docs: 'A heading followed by nothing before the next heading of the same level, or only by a placeholder (TODO, TBD, 待补充, 待填写, …), is reported. In a draft it is information, so fresh scaffolds stay quiet; in a published document it is a warning.',
  check({ doc }, report) {
    if (doc.limit) return;
    const draft = doc.frontmatter.data.status !== 'published';
    for (const heading of doc.headings) {
      const text = heading.sectionText;
      if (heading.sectionHasBlocks || heading.depth === 1 || text === undefined) continue;
      const empty = text === '';
      if (!empty && !isPlaceholder(text)) continue;
      report({
        range: heading.range,
        severity: draft ? 'info' : undefined,
        message: empty ? msg('Section "{0}" is empty', heading.text) : msg('Section "{0}" holds only a placeholder ("{1}")', heading.text, text),
      });
    }
  },
};
