// frontmatter: every document opens with a plain `---` YAML block that parses to a mapping.
import { msg } from '../message';
import { pointRange } from '../text';
import type { FileRule } from '../rule';

export const frontmatterRule: FileRule = {
  id: 'frontmatter',
  scope: 'file',
  defaultSeverity: 'error',
  description: msg('Frontmatter is a plain YAML mapping between "---" lines'),
  docs: 'Every KB document starts with YAML frontmatter between two `---` lines. Other fences (`---js`, `+++`) are reported and never parsed, aliases are refused, and the block must be a mapping of keys to values.',
  check({ doc }, report) {
    if (doc.limit) return;
    const fm = doc.frontmatter;
    if (fm.problem) {
      report({ range: fm.problem.range, message: fm.problem.message });
    } else if (!fm.range) {
      report({
        range: pointRange(1),
        message: msg('Missing frontmatter: expected a "---" block with id, title and type at the top of the file'),
        fixes: [
          {
            title: msg('Add frontmatter'),
            edits: [{ start: 0, end: 0, text: '---\nid: \ntitle: \ntype: article\nowner: \nstatus: draft\n---\n\n' }],
          },
        ],
      });
    }
  },
};
