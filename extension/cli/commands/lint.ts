// baton lint [paths...] [--format stylish|json|sarif|github|gitlab|junit] [--fix] [--max-warnings N] [--changed [--base REF] | --staged]
import { applyEdits, fixAllEdits } from '../../core/fixes';
import { hashText } from '../../core/parse-document';
import { isInside, join } from '../../core/paths';
import type { Engine } from '../../core/engine';
import type { Finding } from '../../core/types';
import { FORMATTERS } from '../formatters';
import { absolutePaths, parseOptions, UsageError, type CommandContext } from '../main';
import { openEngine, workerScript } from '../workspace';
import { buildSalt, FileAnalysisCache } from '../../node-host/analysis-cache';
import { FileShapeMemo } from '../../node-host/shape-memo';
import { freshnessForLint } from './stale';
import { changedScope, scopeFindings, stagedScope } from '../review-scope';

export const LINT_HELP = `Usage: baton lint [paths...] [options]

Checks the KB documents (or only the given files and folders). A Markdown file outside
the KB roots can be named too, e.g. from a pre-commit hook.

Options:
  --format <name>      stylish (default), json, sarif, github, gitlab or junit
  --fix                apply the fixes that are safe to apply unasked
  --max-warnings <n>   exit 1 when there are more than n warnings
  --cache              keep results by content hash between runs (in .baton-cache/)
  --cache-location <dir>  where --cache keeps them
  --changed            only the documents changed since the base (committed or not),
                       plus what those changes break in other documents
  --base <ref>         the base for --changed (default: the pull request's target in CI,
                       else origin/HEAD, origin/main, main or master)
  --staged             only the staged version of staged documents (a pre-commit hook)
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
    for (const file of byFile.keys()) {
      // Asked again per file: fixing one file can settle another's finding (a duplicate id renumbered).
      const edits = fixAllEdits(engine.findings(file));
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
    cache: { type: 'boolean', default: false },
    'cache-location': { type: 'string' },
    changed: { type: 'boolean', default: false },
    base: { type: 'string' },
    staged: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(LINT_HELP);
    return 0;
  }
  const formatter = FORMATTERS[values.format as string];
  if (!formatter) throw new UsageError(ctx.t.t('Unknown format "{0}", expected one of {1}', String(values.format), Object.keys(FORMATTERS).join(', ')));
  const maxWarnings = parseMaxWarnings(ctx, values['max-warnings'] as string | undefined);
  checkScopeOptions(ctx, values, positionals);
  const caching = values.cache || values['cache-location'] !== undefined;
  const cache = caching ? new FileAnalysisCache(await buildSalt(workerScript())) : undefined;
  // Not with --changed or --staged, whose index holds old versions of files for a while. The
  // rules whose findings it keeps run in this bundle, not in the parse worker.
  const shapeMemo = caching && !values.changed && !values.staged ? new FileShapeMemo(await buildSalt(__filename)) : undefined;
  const engine = await openEngine(ctx.host, ctx.cwd, { cache, shapeMemo });
  try {
    const dir = cacheDir(ctx, engine, values['cache-location'] as string | undefined);
    if (cache) await cache.load(dir);
    await shapeMemo?.load(dir);
    await engine.scan();
    const scope = values.staged ? await stagedScope(ctx, engine) : values.changed ? await changedScope(ctx, engine, values.base as string | undefined) : undefined;
    const paths = scope ? scope.paths : await selectDocuments(ctx, engine, positionals);
    await freshnessForLint(ctx, engine);
    if (values.fix) {
      const fixed = await fixFiles(ctx, engine, paths);
      if (fixed > 0) ctx.stderr.write(ctx.t.t('Applied {0} fixes.', fixed) + '\n');
    }
    // Saved before a --changed or --staged scope puts old versions of the changed files in the index.
    if (cache) await saveCache(ctx, cache);
    const findings = scope ? await scopeFindings(engine, scope) : engine.allFindings(paths);
    if (shapeMemo) await saveCache(ctx, shapeMemo);
    const files = paths ?? [...engine.index.documents()].map((d) => d.path);
    ctx.stdout.write(formatter(findings, { display: ctx.display, t: ctx.t, color: ctx.color, files }));
    return exitCode(findings, maxWarnings);
  } finally {
    engine.dispose();
  }
}

/** --changed and --staged pick the documents themselves: no paths, no --fix of a staged version. */
function checkScopeOptions(ctx: CommandContext, values: Record<string, unknown>, positionals: string[]): void {
  const { t } = ctx.t;
  if (values.changed && values.staged) throw new UsageError(t('--changed and --staged cannot be used together'));
  if (values.base !== undefined && !values.changed) throw new UsageError(t('--base goes with --changed'));
  if ((values.changed || values.staged) && positionals.length > 0) throw new UsageError(t('--changed and --staged choose the documents themselves: give no paths with them'));
  if (values.staged && values.fix) throw new UsageError(t('--fix cannot fix the staged version of a file: run it without --staged, then stage the result'));
}

/** --cache-location, or .baton-cache/ at the KB's root. */
export function cacheDir(ctx: CommandContext, engine: Engine, location: string | undefined): string {
  return location !== undefined ? absolutePaths(ctx, [location])[0] : join(engine.rootDir, '.baton-cache');
}

/** A cache that cannot be written costs the next run time, not this run its result. */
export async function saveCache(ctx: CommandContext, cache: { save(): Promise<void> }): Promise<void> {
  try {
    await cache.save();
  } catch (error) {
    ctx.stderr.write(ctx.t.t('Could not write the cache: {0}', error instanceof Error ? error.message : String(error)) + '\n');
  }
}
