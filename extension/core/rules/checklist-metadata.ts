// checklist-metadata: a due date that is not a date, or an owner the team list does not know.
import { buildChecklist, normalizeDate, parseItemMeta } from '../checklists';
import { msg } from '../message';
import { closest } from '../suggest';
import type { FileRule } from '../rule';
import type { Fix } from '../types';

export const checklistMetadataRule: FileRule = {
  id: 'checklist-metadata',
  scope: 'file',
  defaultSeverity: 'warning',
  description: msg('Task owners and due dates are valid'),
  docs: 'A task names its owner as `@张三` or `@zhang.san` and its due date as `📅 2026-12-01` or `due:2026-12-01`. A date that is not a real YYYY-MM-DD date is reported (its item then has no due date); `2026/12/1` and `2026年12月1日` get a fix to `2026-12-01`. When `team` in baton.config.json lists the team, an owner not on it is reported, with the closest name as a fix.',
  check({ doc, text, lines, config }, report) {
    if (doc.limit || doc.tasks.length === 0) return;
    const team = config.team && config.team.length > 0 ? config.team : undefined;
    const known = team ? new Map(team.map((name) => [name.toLowerCase(), name])) : undefined;
    const model = buildChecklist(doc, { today: '0000-00-00', team });
    for (const item of model.items) {
      if (item.invalidDue === undefined && (!known || !item.owner || known.has(item.owner.toLowerCase()))) continue;
      // The item's own source text, to point at the marker itself.
      const start = lines.lineStart(item.range.line) + item.range.column - 1;
      const end = lines.lineStart(item.range.endLine) + item.range.endColumn - 1;
      const source = text.slice(start, end);
      const meta = parseItemMeta(source, team);
      // Positions come from the source only when it reads the same markers as the parsed text.
      const dueFound = meta.dueAt !== undefined && meta.dueText === item.invalidDue;
      const ownerFound = meta.ownerAt !== undefined && meta.owner === item.owner;
      if (item.invalidDue !== undefined) {
        const at = dueFound ? start + meta.dueAt! : start;
        const length = dueFound ? meta.dueLength! : 0;
        const written = item.invalidDue;
        const fixed = normalizeDate(written);
        const valueStart = at + length - written.length;
        const fixes: Fix[] | undefined = fixed && dueFound ? [{ title: msg('Change to "{0}"', fixed), edits: [{ start: valueStart, end: at + length, text: fixed }], preferred: true }] : undefined;
        report({
          range: lines.range(at, at + length),
          message: written === '' ? msg('Due marker without a date: expected YYYY-MM-DD, e.g. 📅 2026-12-01') : msg('Invalid due date "{0}": expected a real date as YYYY-MM-DD, e.g. 2026-12-01', written),
          fixes,
        });
      }
      if (known && item.owner && !known.has(item.owner.toLowerCase())) {
        const at = ownerFound ? start + meta.ownerAt! : start;
        const length = ownerFound ? item.owner.length + 1 : 0;
        const suggestion = closest(item.owner, team!);
        report({
          range: lines.range(at, at + length),
          message: suggestion ? msg('Unknown owner "{0}": not in "team" in baton.config.json; did you mean "{1}"?', item.owner, suggestion) : msg('Unknown owner "{0}": not in "team" in baton.config.json', item.owner),
          fixes: suggestion && ownerFound ? [{ title: msg('Change to "{0}"', `@${suggestion}`), edits: [{ start: at, end: at + length, text: `@${suggestion}` }] }] : undefined,
        });
      }
    }
  },
};
