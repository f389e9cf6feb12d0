// baton summary: what `npm start` shows: lint the KB, then documents by type, findings
// and checklist totals.
import { formatProgress, localDate, rollup } from '../../core/checklists';
import { FORMATTERS } from '../formatters';
import { parseOptions, type CommandContext } from '../main';
import { openEngine } from '../workspace';
import { checklistModels, displayWidth } from './checklists';
import { exitCode } from './lint';
import { freshnessForLint, freshnessSummary } from './stale';

export async function summaryCommand(ctx: CommandContext): Promise<number> {
  parseOptions(ctx, {});
  const { t } = ctx.t;
  const engine = await openEngine(ctx.host, ctx.cwd);
  try {
    const started = Date.now();
    await engine.scan();
    const freshness = await freshnessForLint(ctx, engine);
    const findings = engine.allFindings();
    const out: string[] = [];
    const stylish = FORMATTERS.stylish(findings, { display: ctx.display, t: ctx.t, color: ctx.color });
    if (stylish) out.push(stylish);
    const byType = new Map<string, number>();
    for (const doc of engine.index.documents()) {
      const type = doc.type ?? t('(no type)');
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    const checklists = checklistModels(engine, localDate(ctx.host.clock.now()));
    const kb = rollup(checklists).total;
    const roots = engine.config.roots.join(', ');
    out.push(t('Baton checked {0} documents in {1} ({2} ms)', engine.index.size, roots, Date.now() - started));
    out.push(`  ${t('Documents by type')}: ${[...byType].sort().map(([k, v]) => `${k} ${v}`).join(' · ')}`);
    const fresh = freshnessSummary(ctx, freshness);
    if (fresh) out.push(`  ${fresh}`);
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    out.push(`  ${t('Findings')}: ${t('{0} errors, {1} warnings, {2} info', count('error'), count('warning'), count('info'))}`);
    const overdue = (n: number) => (n > 0 ? ` · ${t('{0} overdue', n)}` : '');
    out.push(`  ${t('Checklist items')}: ${formatProgress(kb)}${overdue(kb.overdue)}`);
    const lists = checklists.filter((c) => c.isChecklist);
    const width = Math.max(0, ...lists.map((c) => displayWidth(c.title)));
    for (const c of lists) out.push(`    ${c.title}${' '.repeat(width - displayWidth(c.title))}  ${formatProgress(c.progress)}${overdue(c.overdue)}`);
    ctx.stdout.write(out.join('\n') + '\n');
    return exitCode(findings, undefined);
  } finally {
    engine.dispose();
  }
}
