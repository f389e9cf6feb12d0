// Other rules quote what they find (an id, a link, a value): if a secret is what they
// quote, it is masked there too, so no output of any rule prints a secret whole.
import type { Finding, Message } from '../types';
import { maskSecretsIn } from './scan';

function redactMessage(message: Message, known: readonly string[]): Message {
  if (!message.args?.length) return message;
  let changed = false;
  const args = message.args.map((arg) => {
    if (typeof arg !== 'string') return arg;
    const masked = maskSecretsIn(arg, known);
    if (masked !== arg) changed = true;
    return masked;
  });
  return changed ? { ...message, args } : message;
}

/** The finding with every secret in its words masked; its fixes' edits are left as they are. */
export function redactFinding(finding: Finding, known: readonly string[] = []): Finding {
  const message = redactMessage(finding.message, known);
  const related = finding.related?.map((r) => ({ ...r, message: redactMessage(r.message, known) }));
  const fixes = finding.fixes?.map((f) => ({ ...f, title: redactMessage(f.title, known) }));
  const out: Finding = { ...finding, message };
  if (related) out.related = related;
  if (fixes) out.fixes = fixes;
  return out;
}
