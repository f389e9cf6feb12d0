// required-sections: a document has its type's sections, in order, by Chinese or English name.
import { msg } from '../message';
import { findSections } from '../sections';
import { pointRange } from '../text';
import type { FileRule } from '../rule';

export const requiredSectionsRule: FileRule = {
  id: 'required-sections',
  scope: 'file',
  defaultSeverity: 'error',
  description: msg('Documents have the sections their type requires'),
  docs: 'Each type lists its required sections (a case: 问题描述, 问题分析, 解决方案, 效果评估, 最佳实践). A heading may use the Chinese or the English name, with or without numbering. A missing section can be added in its place in the order; sections out of order are reported as a warning.',
  check({ doc, type, text, lines }, report) {
    if (!type || type.sections.length === 0 || doc.limit || doc.frontmatter.problem) return;
    const found = findSections(doc.headings, type.sections);
    type.sections.forEach((section, i) => {
      if (found[i] !== -1) return;
      // In the order: before the next required section present, else after the previous one,
      // else before the first section below the title, else at the end.
      const next = found.slice(i + 1).find((f) => f !== -1);
      const previous = found.slice(0, i).reverse().find((f) => f !== -1);
      const firstSection = doc.headings.find((h) => h.depth > 1);
      let at: number;
      let range;
      if (next !== undefined) {
        at = doc.headings[next].start;
        range = doc.headings[next].range;
      } else if (previous !== undefined) {
        at = doc.headings[previous].sectionEnd;
        range = doc.headings[previous].range;
      } else if (firstSection) {
        at = firstSection.start;
        range = firstSection.range;
      } else {
        at = text.length;
        range = doc.frontmatter.range ? pointRange(doc.frontmatter.range.line) : pointRange(Math.max(1, lines.lineCount));
      }
      const before = text.slice(0, at);
      const prefix = at === 0 || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
      report({
        range,
        message: msg('Missing required section "{0}" ({1})', section.zh, section.en),
        fixes: [{ title: msg('Add section "{0}"', section.zh), edits: [{ start: at, end: at, text: `${prefix}## ${section.zh}\n\n` }], preferred: true }],
      });
    });
    let last = -1;
    type.sections.forEach((section, i) => {
      const at = found[i];
      if (at === -1) return;
      if (at < last) {
        report({ range: doc.headings[at].range, severity: 'warning', message: msg('Section "{0}" is out of order: expected after "{1}"', section.zh, type.sections[i - 1].zh) });
      }
      last = Math.max(last, at);
    });
  },
};
