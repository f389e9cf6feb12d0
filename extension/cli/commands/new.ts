// baton new <template> --title ... [--set key=value ...] [--dir ...] [--dry-run]
// Non-interactive scaffolding for scripts: prints the path it created.
import { ScaffoldError, TemplateError, freePath, loadTemplates, openSession, planScaffold, writeScaffold } from '../../core/templates';
import { resolve } from '../../core/paths';
import { parseOptions, UsageError, type CommandContext } from '../main';
import { openEngine } from '../workspace';
import { writeTemplateProblems } from './templates';

export const NEW_HELP = `Usage: baton new <template> --title <title> [options]

Creates a document from a template: the next free id of its type, today's date,
your name from git, and the answers to the template's prompts. Prints the path
of the new file. An existing file is never replaced: "-2", "-3", ... is appended.
Run "baton templates" to see the templates and what each asks.

Options:
  --title <text>        title of the new document (required)
  --set <name=value>    answer a prompt; repeat for each one. Ids for a list
                        prompt are separated by commas: --set related=KB-0101,CHG-2026-001
  --dir <folder>        create it in this folder (inside the KB) instead of the template's
  --dry-run             print the path and the document without creating anything
  --lang <en|zh-CN>     language of messages (default: from LANG)
`;

export async function newCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(ctx, {
    title: { type: 'string' },
    set: { type: 'string', multiple: true },
    dir: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(NEW_HELP);
    return 0;
  }
  const { t } = ctx.t;
  if (positionals.length > 1) throw new UsageError(t('Unexpected argument "{0}"', positionals[1]));
  const answers: Record<string, string> = {};
  for (const pair of (values.set as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(t('--set takes name=value, not "{0}"', pair));
    const name = pair.slice(0, eq).trim();
    if (name in answers) throw new UsageError(t('--set {0} is given twice', name));
    answers[name] = pair.slice(eq + 1);
  }

  const engine = await openEngine(ctx.host, ctx.cwd, { workers: false });
  try {
    const { dir, templates, problems } = await loadTemplates(engine);
    const name = positionals[0];
    const names = templates.map((tpl) => tpl.name).join(', ') || t('(none)');
    if (!name) {
      writeTemplateProblems(ctx, problems);
      throw new UsageError(t('Which template? One of: {0}', names));
    }
    const template = templates.find((tpl) => tpl.name === name);
    if (!template) {
      // A broken template of that name: show why it is broken rather than "unknown".
      const own = problems.filter((p) => p.file.replace(/^.*\//, '').replace(/\.(?:md|markdown)$/i, '') === name);
      if (own.length > 0) {
        writeTemplateProblems(ctx, own);
        return 2;
      }
      throw new UsageError(t('No template "{0}" in {1}; available: {2}', name, ctx.display(dir), names));
    }
    const title = values.title as string | undefined;
    if (title === undefined || title.trim() === '') throw new UsageError(t('--title is required'));

    const session = await openSession(engine);
    const plan = planScaffold(session, {
      template,
      title,
      answers,
      folder: values.dir !== undefined ? resolve(ctx.cwd, values.dir as string) : undefined,
    });
    if (values['dry-run']) {
      const path = await freePath(engine.host, plan);
      ctx.stdout.write(`${ctx.display(path)}\n\n${plan.text}`);
      return 0;
    }
    const path = await writeScaffold(session, plan);
    ctx.stdout.write(`${ctx.display(path)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError) {
      ctx.stderr.write(`baton new: ${ctx.t.m(error.problem)}\n`);
      return 2;
    }
    if (error instanceof TemplateError) {
      writeTemplateProblems(ctx, error.problems);
      return 2;
    }
    throw error;
  } finally {
    engine.dispose();
  }
}
