// checklist-overdue: open items past their due date, as of the injected clock's today.
import { buildChecklist, localDate, mayHaveDueDates } from '../checklists';
import { msg } from '../message';
import type { WorkspaceRule } from '../rule';

export const checklistOverdueRule: WorkspaceRule = {
  id: 'checklist-overdue',
  scope: 'workspace',
  defaultSeverity: 'warning',
  description: msg('Open tasks are not past their due date'),
  docs: 'An open task whose due date (`📅 2026-12-01` or `due:2026-12-01` on the item, else on the nearest parent item that has one, else the `due` of a checklist\'s frontmatter) is before today is overdue. Each item with its own date is reported on its line; sub-items that only inherit an overdue parent\'s date are covered by the parent\'s finding; items that inherit the checklist\'s `due` are reported once, on that frontmatter key, with their count. "Today" is the local date of the clock the host passes in, so tests and `baton checklists --now` can fix it.',
  check({ doc, now, config }, report) {
    if (!mayHaveDueDates(doc) || doc.tasks.length === 0) return;
    const today = localDate(now);
    const model = buildChecklist(doc, { today, team: config.team });
    let fromDocument = 0;
    for (const item of model.items) {
      if (!item.overdue) continue;
      if (item.dueFrom === 'document') {
        if (item.children.length === 0) fromDocument++;
        continue;
      }
      // A sub-item that only inherits the date of a parent that is itself overdue is part of the parent's finding.
      if (item.dueFrom === 'parent' && item.parent >= 0 && model.items[item.parent].overdue) continue;
      report({
        range: item.range,
        message: item.effectiveOwner
          ? msg('Overdue since {0} (owner {1}): {2}', item.effectiveDue!, item.effectiveOwner, item.text)
          : msg('Overdue since {0} (no owner): {1}', item.effectiveDue!, item.text),
      });
    }
    if (fromDocument > 0 && model.due) {
      const key = doc.frontmatter.keys.due;
      report({
        range: key ? key.value : { line: 1, column: 1, endLine: 1, endColumn: 1 },
        message: msg('Checklist was due {0}; {1} open items have no date of their own and are overdue', model.due, fromDocument),
      });
    }
  },
};
