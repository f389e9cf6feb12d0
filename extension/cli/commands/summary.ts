// baton summary: what `npm start` shows: lint the KB, then documents by type, findings
// and checklist totals.
import { FORMATTERS } from '../formatters';
import { parseOptions, type CommandContext } from '../main';
import { openEngine } from '../workspace';
import { exitCode } from './lint';

export async function summaryCommand(ctx: CommandContext): Promise<number> {
  parseOptions(ctx, {});
  const { t } = ctx.t;
  const engine = await openEngine(ctx.host, ctx.cwd);
  try {
    const started = Date.now();
    await engine.scan();
    const findings = engine.allFindings();
    const out: string[] = [];
    const stylish = FORMATTERS.stylish(findings, { display: ctx.display, t: ctx.t, color: ctx.color });
    if (stylish) out.push(stylish);
    const byType = new Map<string, number>();
    let done = 0;
    let total = 0;
    for (const doc of engine.index.documents()) {
      const type = doc.type ?? t('(no type)');
      byType.set(type, (byType.get(type) ?? 0) + 1);
      const leaves = doc.tasks.filter((_, i) => !doc.tasks.some((c) => c.parent === i));
      total += leaves.length;
      done += leaves.filter((l) => l.checked).length;
    }
    const roots = engine.config.roots.join(', ');
    out.push(t('Baton checked {0} documents in {1} ({2} ms)', engine.index.size, roots, Date.now() - started));
    out.push(`  ${t('Documents by type')}: ${[...byType].sort().map(([k, v]) => `${k} ${v}`).join(' · ')}`);
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    out.push(`  ${t('Findings')}: ${t('{0} errors, {1} warnings, {2} info', count('error'), count('warning'), count('info'))}`);
    out.push(`  ${t('Checklist items')}: ${done}/${total}${total ? ` · ${Math.round((done / total) * 100)}%` : ''}`);
    ctx.stdout.write(out.join('\n') + '\n');
    return exitCode(findings, undefined);
  } finally {
    engine.dispose();
  }
}
