// checklist-consistency: a checked item whose sub-items are still open says "done" when it is not.
import { buildChecklist } from '../checklists';
import { msg } from '../message';
import type { FileRule } from '../rule';
import type { Fix, RelatedLocation, TextEdit } from '../types';

export const checklistConsistencyRule: FileRule = {
  id: 'checklist-consistency',
  scope: 'file',
  defaultSeverity: 'warning',
  description: msg('A checked task has no open sub-items'),
  docs: 'A task item that is checked while one of its direct sub-items is still open is reported on its checkbox. Progress counts leaf items, so such a parent does not make its open children count as done. Two fixes are offered, and neither is applied unasked: check every open sub-item, or uncheck the item (and any checked item above it).',
  check({ doc, lines }, report) {
    if (doc.limit || doc.tasks.length === 0) return;
    const model = buildChecklist(doc, { today: '0000-00-00' });
    const { items } = model;
    for (const item of items) {
      if (!item.checked) continue;
      const openChildren = item.children.filter((c) => !items[c].done);
      if (openChildren.length === 0) continue;

      // Every open item below this one: checking them all makes the subtree done.
      const open: number[] = [];
      const stack = [...item.children];
      while (stack.length > 0) {
        const i = stack.pop()!;
        if (!items[i].checked) open.push(i);
        stack.push(...items[i].children);
      }
      open.sort((a, b) => a - b);
      const checkAll: TextEdit[] = open.map((i) => ({ start: items[i].checkOffset, end: items[i].checkOffset + 1, text: 'x' }));
      const uncheck: TextEdit[] = [];
      for (let i = item.index; i >= 0; i = items[i].parent) if (items[i].checked) uncheck.push({ start: items[i].checkOffset, end: items[i].checkOffset + 1, text: ' ' });
      const fixes: Fix[] = [
        { title: msg('Check the {0} open sub-items', open.length), edits: checkAll },
        { title: msg('Uncheck this item'), edits: uncheck },
      ];
      const related: RelatedLocation[] = openChildren.slice(0, 10).map((c) => ({ file: doc.path, range: items[c].range, message: msg('Open sub-item') }));
      report({
        range: lines.range(item.checkOffset - 1, item.checkOffset + 2),
        message: msg('Item is checked but {0} of its {1} sub-items are open', openChildren.length, item.children.length),
        fixes,
        related,
      });
    }
  },
};
