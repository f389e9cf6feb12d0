// baton ack <documents...> [--reason TEXT] [--by NAME] [--now ISO]
// Records that a change needs no edit: writes `reviewed: {by, at, commit, reason}` into each
// document's frontmatter, touching nothing else. Committing it counts as the update.
import { acknowledgeEdit } from '../../core/freshness/acknowledge';
import { formatInstant, localOffset } from '../../core/freshness/duration';
import { fileHistoryStore, updateFreshness } from '../../core/freshness';
import { hashText } from '../../core/parse-document';
import { absolutePaths, parseOptions, UsageError, type CommandContext } from '../main';
import { openEngine } from '../workspace';
import { parseNow } from './stale';

export const ACK_HELP = `Usage: baton ack <documents...> [options]

Acknowledges the change a document is due for when it needs no edit: writes
"reviewed: {by, at, commit, reason}" into its frontmatter and leaves the rest as it is.
Commit the result; the commit counts as the document's update.

Options:
  --reason <text>      why no edit is needed
  --by <name>          who reviewed (default: git config user.name)
  --now <ISO 8601>     the review time instead of now
  --lang <en|zh-CN>    language of messages (default: from LANG)
`;

export async function ackCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(ctx, {
    reason: { type: 'string' },
    by: { type: 'string' },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(ACK_HELP);
    return 0;
  }
  const { t, m } = ctx.t;
  if (positionals.length === 0) throw new UsageError(t('name the documents to acknowledge, e.g. baton ack kb/02-运维指南/部署.md'));
  const nowDate = parseNow(ctx, values.now as string | undefined) ?? ctx.host.clock.now();
  const at = formatInstant(nowDate.getTime(), localOffset(nowDate.getTime()));
  const by = (values.by as string | undefined)?.trim() || (await gitUser(ctx)) || ctx.host.user;
  if (!by) throw new UsageError(t('who is acknowledging? Set git config user.name or pass --by NAME'));
  const reason = (values.reason as string | undefined)?.trim() || undefined;

  const engine = await openEngine(ctx.host, ctx.cwd);
  let refused = 0;
  try {
    await engine.scan();
    const report = await updateFreshness(engine, { now: nowDate, fetch: true, store: fileHistoryStore(ctx.host.fs) });
    const head = report.head;
    for (const path of absolutePaths(ctx, positionals)) {
      const stat = await ctx.host.fs.stat(path);
      if (!stat?.isFile) throw new UsageError(t('No such file: {0}', ctx.display(path)));
      const bytes = await ctx.host.fs.readFile(path);
      const text = new TextDecoder().decode(bytes);
      // The commit the review covers: the change it is due for, else the current HEAD.
      const f = report.documents.get(path);
      const commit = f?.change?.kind === 'commit' ? f.change.ref : head;
      const result = acknowledgeEdit(text, { by, at, commit, reason });
      if (!result.ok) {
        refused++;
        const detail = result.detail ? `: ${m(result.detail)}` : '';
        ctx.stderr.write(`${ctx.display(path)}:${result.range.line}:${result.range.column}: ${t('error')}: ${m(result.message)}${detail}\n`);
        continue;
      }
      if (hashText(await ctx.host.fs.readFile(path)) !== hashText(bytes)) {
        refused++;
        ctx.stderr.write(t('{0} changed while it was being acknowledged; not written', ctx.display(path)) + '\n');
        continue;
      }
      await ctx.host.fs.writeFile(path, result.text);
      ctx.stdout.write(t('Acknowledged {0}: reviewed by {1} at {2}. Commit it to count as the update.', ctx.display(path), by, at) + '\n');
    }
  } finally {
    engine.dispose();
  }
  return refused > 0 ? 2 : 0;
}

async function gitUser(ctx: CommandContext): Promise<string | undefined> {
  try {
    return (await ctx.host.git?.run(['-C', ctx.cwd, 'config', 'user.name']))?.trim() || undefined;
  } catch {
    return undefined;
  }
}
