// baton lint [paths...] [--format stylish|json|sarif|github] [--fix] [--max-warnings N]
import { applyEdits, fixAllEdits } from '../../core/fixes';
import { hashText } from '../../core/parse-document';
import { isInside } from '../../core/paths';
import type { Engine } from '../../core/engine';
import type { Finding } from '../../core/types';
import { FORMATTERS } from '../formatters';
import { absolutePaths, parseOptions, UsageError, type CommandContext } from '../main';
import { openEngine } from '../workspace';

export const LINT_HELP = `Usage: baton lint [paths...] [options]

Checks the KB documents (or only the given files and folders). A Markdown file outside
the KB roots can be named too, e.g. from a pre-commit hook.

Options:
  --format <name>      stylish (default), json, sarif or github
  --fix                apply the fixes that are safe to apply unasked
  --max-warnings <n>   exit 1 when there are more than n warnings
  --lang <en|zh-CN>    language of messages (default: from LANG)
`;

/** Documents named on the command line, indexed if they lie outside the roots. */
export async function selectDocuments(ctx: CommandContext, engine: Engine, positionals: string[]): Promise<string[] | undefined> {
  if (positionals.length === 0) return undefined;
  const selected = new Set<string>();
  for (const path of absolutePaths(ctx, positionals)) {
    const stat = await ctx.host.fs.stat(path);
    if (!stat) throw new UsageError(ctx.t.t('No such file or folder: {0}', ctx.display(path)));
    if (stat.isDirectory) {
      for (const doc of engine.index.documents()) if (isInside(path, doc.path)) selected.add(doc.path);
    } else {
      if (!engine.index.get(path)) await engine.load(path);
      selected.add(path);
    }
  }
  return [...selected];
}

/** Applies fixes until none apply, re-analysing after each pass; files changed since reading are skipped. */
export async function fixFiles(ctx: CommandContext, engine: Engine, paths: string[] | undefined): Promise<number> {
  let total = 0;
  for (let pass = 0; pass < 10; pass++) {
    const byFile = new Map<string, Finding[]>();
    for (const f of engine.allFindings(paths)) {
      const list = byFile.get(f.file) ?? [];
      list.push(f);
      byFile.set(f.file, list);
    }
    let applied = 0;
    for (const [file, findings] of byFile) {
      const edits = fixAllEdits(findings);
      if (edits.length === 0) continue;
      const bytes = await ctx.host.fs.readFile(file);
      if (hashText(bytes) !== engine.index.get(file)?.hash) {
        ctx.stderr.write(ctx.t.t('{0} changed while it was being checked; not fixed', ctx.display(file)) + '\n');
        continue;
      }
      const result = applyEdits(new TextDecoder().decode(bytes), edits);
      if (result.applied === 0) continue;
      await ctx.host.fs.writeFile(file, result.text);
      await engine.load(file);
      applied += result.applied;
    }
    total += applied;
    if (applied === 0) break;
  }
  return total;
}

export function exitCode(findings: Finding[], maxWarnings: number | undefined): number {
  if (findings.some((f) => f.severity === 'error')) return 1;
  if (maxWarnings !== undefined && findings.filter((f) => f.severity === 'warning').length > maxWarnings) return 1;
  return 0;
}

export function parseMaxWarnings(ctx: CommandContext, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(ctx.t.t('--max-warnings takes a whole number, not "{0}"', value));
  return Number(value);
}

export async function lintCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(ctx, {
    format: { type: 'string', default: 'stylish' },
    fix: { type: 'boolean', default: false },
    'max-warnings': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(LINT_HELP);
    return 0;
  }
  const formatter = FORMATTERS[values.format as string];
  if (!formatter) throw new UsageError(ctx.t.t('Unknown format "{0}", expected one of {1}', String(values.format), Object.keys(FORMATTERS).join(', ')));
  const maxWarnings = parseMaxWarnings(ctx, values['max-warnings'] as string | undefined);
  const engine = await openEngine(ctx.host, ctx.cwd);
  try {
    await engine.scan();
    const paths = await selectDocuments(ctx, engine, positionals);
    if (values.fix) {
      const fixed = await fixFiles(ctx, engine, paths);
      if (fixed > 0) ctx.stderr.write(ctx.t.t('Applied {0} fixes.', fixed) + '\n');
    }
    const findings = engine.allFindings(paths);
    ctx.stdout.write(formatter(findings, { display: ctx.display, t: ctx.t, color: ctx.color }));
    return exitCode(findings, maxWarnings);
  } finally {
    engine.dispose();
  }
}
