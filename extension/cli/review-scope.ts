// Which documents `baton lint --changed` and `--staged` check, and what `baton report` compares:
// the files changed since the base (or staged in the index), plus what those changes break elsewhere.
import type { Engine } from '../core/engine';
import { sortFindings } from '../core/engine';
import { changedDocuments, findingsCausedBy } from '../core/review/change-scope';
import { blob, changesSince, GitProblem, openRepo, readBlobs, resolveBase, stagedChanges, type BaseInfo, type FileChange, type Repo } from '../core/review/git-changes';
import type { Finding } from '../core/types';
import { UsageError, type CommandContext } from './main';

export interface LintScope {
  /** Documents to check in full. */
  paths: string[];
  changes: FileChange[];
  /** A file's text before the changes, by its old path. */
  before(path: string): string | undefined;
  base?: BaseInfo;
}

const MARKDOWN = /\.(?:md|markdown)$/i;

/**
 * Where to compare with when --base is not given: the pull or merge request's target when CI
 * says which, else the remote's default branch, else a local main or master.
 */
export function baseCandidates(env: Record<string, string | undefined>, given: string | undefined): { candidates: string[]; explicit: boolean } {
  if (given !== undefined) return { candidates: [given], explicit: true };
  const candidates: string[] = [];
  if (env.GITHUB_BASE_REF) candidates.push(`origin/${env.GITHUB_BASE_REF}`);
  if (env.CI_MERGE_REQUEST_DIFF_BASE_SHA) candidates.push(env.CI_MERGE_REQUEST_DIFF_BASE_SHA);
  if (env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME) candidates.push(`origin/${env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME}`);
  candidates.push('origin/HEAD', 'origin/main', 'origin/master', 'main', 'master');
  return { candidates: [...new Set(candidates)], explicit: false };
}

/** Git problems are the user's to fix: a usage error (exit 2) with the reason. */
export async function withGit<T>(ctx: CommandContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GitProblem) throw new UsageError(ctx.t.m(error.problem));
    throw error;
  }
}

export async function openRepository(ctx: CommandContext, engine: Engine, what: string): Promise<Repo> {
  try {
    return await openRepo(ctx.host.git, engine.rootDir);
  } catch (error) {
    if (error instanceof GitProblem) throw new UsageError(ctx.t.t('{0} needs a git repository: {1}', what, ctx.t.m(error.problem)));
    throw error;
  }
}

/** The KB roots as literal pathspecs relative to the KB root. */
export function rootPathspecs(engine: Engine): string[] {
  return engine.config.roots.map((r) => r.replace(/^\.\/+/, '').replace(/\/+$/, '') || '.');
}

export interface BranchChanges {
  base: BaseInfo;
  changes: FileChange[];
  /** A Markdown file's text at the merge base, by its old path. */
  before(path: string): string | undefined;
  /** The bases tried when none was named and none was found (the comparison is then with HEAD itself). */
  fallback?: string[];
}

/**
 * Files under the KB roots changed since the merge base of the base and HEAD (committed,
 * uncommitted and untracked), with the Markdown files' text at the merge base. With
 * `fallback`, an unnamed base that cannot be found means "compare with HEAD", with a note.
 */
export async function branchChanges(ctx: CommandContext, engine: Engine, repo: Repo, given: string | undefined, fallback = false): Promise<BranchChanges> {
  const git = ctx.host.git!;
  return withGit(ctx, async () => {
    const { candidates, explicit } = baseCandidates(ctx.env, given);
    let base: BaseInfo;
    let tried: string[] | undefined;
    try {
      base = await resolveBase(git, repo, candidates, explicit);
    } catch (error) {
      if (!fallback || explicit || !(error instanceof GitProblem)) throw error;
      tried = candidates;
      base = await resolveBase(git, repo, ['HEAD'], true);
      ctx.stderr.write(`${ctx.t.t('note')}: ${ctx.t.m(error.problem)}\n`);
    }
    const changes = await changesSince(git, repo, base.mergeBase, rootPathspecs(engine));
    const old = changes.filter((c) => c.status !== 'added' && MARKDOWN.test(c.oldPath ?? c.path));
    const blobs = await readBlobs(git, repo, old.map((c) => ({ rev: base.mergeBase, path: c.oldPath ?? c.path })));
    return { base, changes, before: (path) => blob(blobs, base.mergeBase, path), ...(tried ? { fallback: tried } : {}) };
  });
}

/** Documents changed between the merge base of `base` and HEAD, and in the working tree since. */
export async function changedScope(ctx: CommandContext, engine: Engine, base: string | undefined): Promise<LintScope> {
  const repo = await openRepository(ctx, engine, '--changed');
  const branch = await branchChanges(ctx, engine, repo, base);
  const paths = changedDocuments(engine, branch.changes);
  const { t } = ctx.t;
  ctx.stderr.write(`${t('note')}: ${t('{0} changed documents since {1} (merge base {2})', paths.length, branch.base.ref, branch.base.mergeBase.slice(0, 7))}\n`);
  return { paths, changes: branch.changes, before: branch.before, base: branch.base };
}

/**
 * Markdown files staged in the index, analysed in their staged version (what the commit will
 * hold, not what is on disk); the rest of the KB is read from the working tree as usual.
 */
export async function stagedScope(ctx: CommandContext, engine: Engine): Promise<LintScope> {
  const repo = await openRepository(ctx, engine, '--staged');
  return withGit(ctx, async () => {
    const git = ctx.host.git!;
    const changes = (await stagedChanges(git, repo)).filter((c) => MARKDOWN.test(c.path) || (c.oldPath !== undefined && MARKDOWN.test(c.oldPath)));
    let hasHead = true;
    try {
      await git.run(['-C', repo.rootDir, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    } catch {
      hasHead = false;
    }
    const blobs = await readBlobs(git, repo, [
      ...changes.filter((c) => c.status !== 'deleted').map((c) => ({ rev: '', path: c.path })),
      ...(hasHead ? changes.filter((c) => c.status !== 'added').map((c) => ({ rev: 'HEAD', path: c.oldPath ?? c.path })) : []),
    ]);
    for (const c of changes) {
      if (c.oldPath && engine.index.get(c.oldPath)) engine.remove(c.oldPath);
      if (c.status === 'deleted') {
        if (engine.index.get(c.path)) engine.remove(c.path);
        continue;
      }
      const text = blob(blobs, '', c.path);
      if (text !== undefined && MARKDOWN.test(c.path)) await engine.update(c.path, text);
    }
    return { paths: changedDocuments(engine, changes), changes, before: (path) => blob(blobs, 'HEAD', path) };
  });
}

/** Findings of the scope's documents, then those its changes cause elsewhere (this leaves the engine as before the changes). */
export async function scopeFindings(engine: Engine, scope: LintScope): Promise<Finding[]> {
  const own = engine.allFindings(scope.paths);
  const caused = await findingsCausedBy(engine, scope.changes, scope.before);
  return sortFindings([...own, ...caused]);
}
