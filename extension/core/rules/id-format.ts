// id-format: a document's id matches the pattern of its type (KB-0001, CASE-2026-001).
import { msg } from '../message';
import type { FileRule } from '../rule';

export const idFormatRule: FileRule = {
  id: 'id-format',
  scope: 'file',
  defaultSeverity: 'error',
  description: msg('The id matches the pattern of its type'),
  docs: 'Each type declares an id pattern in its schema (`x-baton.idPattern`) or in config. An id that does not match is reported at the id, with an example of the expected form.',
  check({ doc, type }, report) {
    const id = doc.frontmatter.data.id;
    const at = doc.frontmatter.keys.id;
    if (!type?.idPattern || typeof id !== 'string' || !at) return;
    if (type.idPattern.test(id)) return;
    report({
      range: at.value,
      message: msg('Id "{0}" does not match the pattern of type "{1}" ({2}), e.g. {3}', id, type.name, type.idPattern.source, exampleId(type.idTemplate)),
    });
  },
};

export function exampleId(template: string | undefined): string {
  if (!template) return '';
  return template.replace(/\{year\}/g, '2026').replace(/\{seq:(\d+)\}/g, (_, n: string) => '1'.padStart(Number(n), '0'));
}
