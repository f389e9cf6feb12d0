// baton templates [--format table|json]: the templates `baton new` can use, with their prompts.
import { loadTemplates, type Template, type TemplateProblem } from '../../core/templates';
import { parseOptions, UsageError, type CommandContext } from '../main';
import { openEngine } from '../workspace';

export const TEMPLATES_HELP = `Usage: baton templates [options]

Lists the document templates (kb/_templates by default, "templates" in baton.config.json)
with the prompts each asks. A broken template is reported with its file and line.

Options:
  --format <name>      table (default) or json
  --lang <en|zh-CN>    language of messages (default: from LANG)
`;

/** The JSON shape scripts read: what `baton new` takes, and what to pass with --set. */
export function templatesJson(templates: readonly Template[]): Array<{ name: string; type: string; description: string; prompts: Array<{ name: string; kind: string; choices: string[] }> }> {
  return templates.map((t) => ({
    name: t.name,
    type: t.type,
    description: t.description,
    prompts: t.prompts.map((p) => ({ name: p.name, kind: p.kind, choices: p.choices.map((c) => c.value) })),
  }));
}

export function writeTemplateProblems(ctx: CommandContext, problems: readonly TemplateProblem[]): void {
  for (const p of problems) ctx.stderr.write(`${ctx.display(p.file)}:${p.range.line}:${p.range.column}: ${ctx.t.t('error')}: ${ctx.t.m(p.message)}\n`);
}

function table(rows: string[][]): string {
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1), 0);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i] - width(cell)))).join('  ').trimEnd()).join('\n') + '\n';
}

export async function templatesCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(ctx, {
    format: { type: 'string', default: 'table' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(TEMPLATES_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(ctx.t.t('Unexpected argument "{0}"', positionals[0]));
  const format = values.format as string;
  if (format !== 'table' && format !== 'json') throw new UsageError(ctx.t.t('Unknown format "{0}", expected one of {1}', format, 'table, json'));
  const engine = await openEngine(ctx.host, ctx.cwd, { workers: false });
  try {
    const { dir, templates, problems } = await loadTemplates(engine);
    writeTemplateProblems(ctx, problems);
    if (format === 'json') {
      ctx.stdout.write(JSON.stringify(templatesJson(templates), null, 2) + '\n');
    } else if (templates.length === 0) {
      ctx.stdout.write(ctx.t.t('No templates in {0}', ctx.display(dir)) + '\n');
    } else {
      const { t } = ctx.t;
      const rows = [[t('NAME'), t('TYPE'), t('LABEL'), t('PROMPTS')]];
      for (const tpl of templates) {
        const prompts = tpl.prompts.map((p) => (p.kind === 'pick' ? `${p.name}=${p.choices.map((c) => c.value).join('|')}` : `${p.name}:${p.kind}`)).join(' ');
        rows.push([tpl.name, tpl.type, tpl.label, prompts || '-']);
      }
      ctx.stdout.write(table(rows));
    }
    return problems.length > 0 ? 1 : 0;
  } finally {
    engine.dispose();
  }
}
