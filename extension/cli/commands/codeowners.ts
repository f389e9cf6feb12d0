// baton codeowners [--check] [--file PATH]
// Writes the KB's section of CODEOWNERS from each document's owner and reviewers.
import { CODEOWNERS_LOCATIONS } from '../../core/codeowners';
import type { Engine } from '../../core/engine';
import { dirname, join } from '../../core/paths';
import { codeownersLines, replaceSection, sectionLines } from '../../core/review/codeowners-section';
import { openRepo } from '../../core/review/git-changes';
import { absolutePaths, parseOptions, UsageError, type CommandContext } from '../main';
import { openEngine } from '../workspace';

export const CODEOWNERS_HELP = `Usage: baton codeowners [options]

Generates the KB's section of CODEOWNERS: one line per document, naming its owner and
reviewers, so the code host asks them to review changes to it. The section sits between
"# BEGIN baton" and "# END baton"; everything outside it is kept as it is. Names in the
documents are used as handles (@name), unless "owners" in baton.config.json maps them,
e.g. {"张三": "@zhangsan", "运维组": "@acme/ops"}.

Options:
  --check              write nothing; exit 1 when the file is out of date (for CI)
  --file <path>        the CODEOWNERS file (default: the one the repository has, in
                       .github/, the top level, docs/ or .gitlab/; else .github/CODEOWNERS)
  --lang <en|zh-CN>    language of messages (default: from LANG)

Exit codes: 0 up to date (or written), 1 out of date with --check, 2 a usage or
configuration problem, or a CODEOWNERS file whose markers are broken.
`;

/** The repository's top level (CODEOWNERS paths are relative to it), or the KB root outside git. */
async function topLevel(ctx: CommandContext, engine: Engine): Promise<string> {
  try {
    return (await openRepo(ctx.host.git, engine.rootDir)).top;
  } catch {
    return engine.rootDir;
  }
}

async function existingFile(ctx: CommandContext, top: string): Promise<string> {
  for (const location of CODEOWNERS_LOCATIONS) {
    const path = join(top, location);
    if ((await ctx.host.fs.stat(path))?.isFile) return path;
  }
  return join(top, CODEOWNERS_LOCATIONS[0]);
}

export async function codeownersCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(ctx, {
    check: { type: 'boolean', default: false },
    file: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(CODEOWNERS_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(ctx.t.t('{0} takes no paths: "{1}"', 'baton codeowners', positionals[0]));
  const { t, m } = ctx.t;
  const engine = await openEngine(ctx.host, ctx.cwd);
  try {
    await engine.scan();
    const top = await topLevel(ctx, engine);
    const file = values.file !== undefined ? absolutePaths(ctx, [values.file as string])[0] : await existingFile(ctx, top);
    const { lines, problems } = codeownersLines(engine.index.documents(), top, engine.config.owners);
    for (const p of problems) {
      const at = p.range ? `:${p.range.line}:${p.range.column}` : '';
      ctx.stderr.write(`${ctx.display(p.file)}${at}: ${t('warning')}: ${m(p.message)}\n`);
    }
    const stat = await ctx.host.fs.stat(file);
    if (stat && !stat.isFile) {
      ctx.stderr.write(`baton codeowners: ${t('{0} is not a file', ctx.display(file))}\n`);
      return 2;
    }
    const old = stat ? new TextDecoder().decode(await ctx.host.fs.readFile(file)) : '';
    const result = replaceSection(old, lines);
    if (!result.ok) {
      ctx.stderr.write(`${ctx.display(file)}:${result.line}:1: ${t('error')}: ${m(result.message)}\n`);
      return 2;
    }
    if (result.text === old) {
      ctx.stdout.write(t('{0} is up to date ({1} documents)', ctx.display(file), lines.length) + '\n');
      return 0;
    }
    if (values.check) {
      ctx.stderr.write(t('{0} is out of date: run "baton codeowners" and commit the result', ctx.display(file)) + '\n');
      const before = sectionLines(old);
      for (const line of before) if (!lines.includes(line)) ctx.stderr.write(`- ${line}\n`);
      for (const line of lines) if (!before.includes(line)) ctx.stderr.write(`+ ${line}\n`);
      return 1;
    }
    await ctx.host.fs.mkdir?.(dirname(file));
    await ctx.host.fs.writeFile(file, result.text);
    ctx.stdout.write(t('Wrote {0} ({1} documents)', ctx.display(file), lines.length) + '\n');
    return 0;
  } finally {
    engine.dispose();
  }
}
