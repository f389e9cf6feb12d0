// handover-signoff: a handover record is published only with every control done and a
// signature from each party. Each error names the row or the party that is missing.
import { handoverRecord, ITEMS_SECTION } from '../handovers';
import { msg } from '../message';
import { pointRange } from '../text';
import type { FileRule } from '../rule';

export const handoverSignoffRule: FileRule = {
  id: 'handover-signoff',
  scope: 'file',
  defaultSeverity: 'error',
  description: msg('A published handover has every control done and the signatures of both parties'),
  docs: 'Every row of a handover record\'s items (`## 交接事项` / Items, a table or a task list) names a credential or permission, what is handed over, how, and the control attached (rotate immediately, split custody, record the handover), and says whether the control is done (✅ / 是 / 已完成 in the done column, or a ticked task). `signed_off` lists `{by, role, at}` with one `from` and one `to` party. A record cannot be `published` while a control is open or a signature is missing; each error points at the open row or names the missing party.',
  check({ doc, type }, report) {
    if (type?.name !== 'handover' || doc.limit || doc.frontmatter.problem) return;
    if (doc.frontmatter.data.status !== 'published') return;
    const record = handoverRecord(doc);
    const at = doc.frontmatter.keys;
    if (record.itemsSection && record.items.length === 0) {
      report({ range: record.itemsSection.range, message: msg('Section "{0}" lists no items: a published handover needs a table or task list of credentials and their controls', ITEMS_SECTION.zh) });
    }
    for (const item of record.items) {
      if (item.done) continue;
      const what = item.credential || item.content || '?';
      report({
        range: item.range,
        message: item.control
          ? msg('Control "{0}" for "{1}" is not done: a published handover cannot have open controls', item.control, what)
          : msg('Row "{0}" has no control marked done: a published handover cannot have open controls', what),
      });
    }
    const where = at.signed_off?.key ?? at.status?.value ?? pointRange(1);
    for (const party of record.missingParties) {
      const person = party === 'from' ? record.from.person : record.to.person;
      const org = party === 'from' ? record.from.org : record.to.org;
      const who = [person, org].filter(Boolean).join(', ') || '?';
      report({
        range: where,
        message:
          party === 'from'
            ? msg('Missing sign-off of the handing-over party ({0}): add a "signed_off" entry with role: from', who)
            : msg('Missing sign-off of the receiving party ({0}): add a "signed_off" entry with role: to', who),
      });
    }
  },
};
