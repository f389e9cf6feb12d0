// --format stylish: findings grouped by file, for people; colour unless NO_COLOR is set.
import type { Formatter } from './index';

const paint = (on: boolean, code: number, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

export const formatStylish: Formatter = (findings, ctx) => {
  const { t } = ctx.t;
  const byFile = new Map<string, typeof findings>();
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  let fixable = 0;
  for (const [file, list] of byFile) {
    lines.push(paint(ctx.color, 4, ctx.display(file)));
    for (const f of list) {
      counts[f.severity]++;
      if (f.fixes?.length) fixable++;
      const where = `${f.range.line}:${f.range.column}`.padEnd(8);
      const sev = f.severity === 'error' ? paint(ctx.color, 31, t('error').padEnd(7)) : f.severity === 'warning' ? paint(ctx.color, 33, t('warning').padEnd(7)) : paint(ctx.color, 36, t('info').padEnd(7));
      lines.push(`  ${where} ${sev} ${ctx.t.m(f.message)}  ${paint(ctx.color, 90, f.ruleId)}`);
    }
    lines.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) return '';
  const summary = t('{0} problems ({1} errors, {2} warnings, {3} info)', total, counts.error, counts.warning, counts.info);
  lines.push(paint(ctx.color, counts.error ? 31 : 33, `✖ ${summary}`));
  if (fixable > 0) lines.push(t('{0} of them have a fix: run with --fix, or use the quick fixes in the editor.', fixable));
  return lines.join('\n') + '\n';
};
