// What changed in the KB, read from git through the host: since the point where a branch left
// its base (the merge base, so a base that moved on or was rebased is still right), or in the
// index for a pre-commit hook; and the text of files as they were at a revision.
import type { GitHost } from '../host';
import { msg } from '../message';
import { join, relative } from '../paths';
import type { Message } from '../types';

/** A problem with git or the repository that the user has to fix; the CLI exits 2 with it. */
export class GitProblem extends Error {
  constructor(readonly problem: Message) {
    super(problem.text);
  }
}

export interface Repo {
  /** The KB root (where baton.config.json is), absolute. */
  rootDir: string;
  /** The repository's top level, absolute, in the same spelling as rootDir (no symlinks resolved). */
  top: string;
  /** rootDir relative to the top level: '' or 'sub/dir/'. */
  prefix: string;
  shallow: boolean;
}

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

export interface FileChange {
  status: ChangeStatus;
  /** Absolute path now (for a deletion, where the file was). */
  path: string;
  /** Absolute path before a rename. */
  oldPath?: string;
}

// Options that could run programs named in a repository's config stay off.
const PLAIN = ['--no-color', '--no-ext-diff', '--no-textconv'];
const HASH = /^[0-9a-f]{40,64}$/;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** The repository around `rootDir`; throws GitProblem without git or outside a repository. */
export async function openRepo(git: GitHost | undefined, rootDir: string): Promise<Repo> {
  if (!git) throw new GitProblem(msg('This needs git, and git is not available here'));
  let lines: string[];
  try {
    lines = (await git.run(['-C', rootDir, 'rev-parse', '--is-inside-work-tree', '--show-prefix', '--is-shallow-repository'])).split('\n');
  } catch (error) {
    const text = firstLine(error);
    if (/not a git repository/i.test(text)) throw new GitProblem(msg('{0} is not in a git repository', rootDir));
    if (/ENOENT|spawn/i.test(text)) throw new GitProblem(msg('This needs git, which was not found: {0}', text));
    throw new GitProblem(msg('git failed: {0}', text));
  }
  if (lines[0] !== 'true') throw new GitProblem(msg('{0} is not in a git repository', rootDir));
  const prefix = lines[1] ?? '';
  const depth = prefix.split('/').filter(Boolean).length;
  const top = depth === 0 ? rootDir : join(rootDir, ...Array<string>(depth).fill('..'));
  return { rootDir, top, prefix, shallow: lines[2] === 'true' };
}

/** Absolute path of a path git printed (relative to the top level). */
export function fromGit(repo: Repo, path: string): string {
  return join(repo.top, path);
}

/** A path as git names it in `rev:path`: relative to the top level. */
export function toGit(repo: Repo, path: string): string {
  return relative(repo.top, path);
}

async function commitOf(git: GitHost, repo: Repo, ref: string): Promise<string | undefined> {
  try {
    const out = (await git.run(['-C', repo.rootDir, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
    return HASH.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

export interface BaseInfo {
  /** The ref the user named, or the one picked from the candidates. */
  ref: string;
  /** The base's commit. */
  commit: string;
  head: string;
  /** Where HEAD's branch left the base: what the branch's changes are measured against. */
  mergeBase: string;
  /** Whether the base is an ancestor of HEAD; false after the base moved on or was rebased. */
  ancestor: boolean;
}

/**
 * Resolves the base: the first of `candidates` that names a commit, then its merge base with
 * HEAD. With `explicit`, only the first candidate counts and a bad one is an error.
 */
export async function resolveBase(git: GitHost, repo: Repo, candidates: string[], explicit: boolean): Promise<BaseInfo> {
  const head = await commitOf(git, repo, 'HEAD');
  if (!head) throw new GitProblem(msg('The repository has no commits yet'));
  let ref: string | undefined;
  let commit: string | undefined;
  for (const candidate of explicit ? candidates.slice(0, 1) : candidates) {
    if (candidate.startsWith('-')) throw new GitProblem(msg('"{0}" is not a revision', candidate));
    commit = await commitOf(git, repo, candidate);
    if (commit) {
      ref = candidate;
      break;
    }
  }
  if (!ref || !commit) {
    const fetchAll = repo.shallow;
    if (explicit) {
      throw new GitProblem(
        fetchAll
          ? msg('No commit named "{0}". This is a shallow clone: fetch the whole history (in GitHub Actions, "fetch-depth: 0" on actions/checkout).', candidates[0])
          : msg('No commit named "{0}"', candidates[0]),
      );
    }
    throw new GitProblem(
      fetchAll
        ? msg('No base to compare with (tried {0}). This is a shallow clone: fetch the whole history (in GitHub Actions, "fetch-depth: 0" on actions/checkout), or name the base with --base.', candidates.join(', '))
        : msg('No base to compare with (tried {0}): name one with --base', candidates.join(', ')),
    );
  }
  let mergeBase: string;
  try {
    mergeBase = (await git.run(['-C', repo.rootDir, 'merge-base', commit, head])).trim();
  } catch {
    throw new GitProblem(
      repo.shallow
        ? msg('"{0}" and HEAD share no history in this shallow clone: fetch the whole history (in GitHub Actions, "fetch-depth: 0" on actions/checkout)', ref)
        : msg('"{0}" and HEAD share no history', ref),
    );
  }
  return { ref, commit, head, mergeBase, ancestor: mergeBase === commit };
}

/** Parses `--name-status -z` output into changes with absolute paths. */
export function parseNameStatus(repo: Repo, out: string): FileChange[] {
  const parts = out.split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++];
    if (!status) continue;
    const code = status[0];
    if (code === 'R' || code === 'C') {
      const from = parts[i++];
      const to = parts[i++];
      if (from === undefined || to === undefined) break;
      // A copy leaves the original in place: the new file is simply added.
      changes.push(code === 'R' ? { status: 'renamed', path: fromGit(repo, to), oldPath: fromGit(repo, from) } : { status: 'added', path: fromGit(repo, to) });
      continue;
    }
    const path = parts[i++];
    if (path === undefined) break;
    changes.push({ status: code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified', path: fromGit(repo, path) });
  }
  return changes;
}

/**
 * Files under `paths` (relative to rootDir, literal) that differ between `commit` and the
 * working tree, with renames; with `untracked`, new files git does not track yet count as added.
 */
export async function changesSince(git: GitHost, repo: Repo, commit: string, paths: string[], untracked = true): Promise<FileChange[]> {
  const spec = ['--', ...paths];
  const out = await git.run(['--literal-pathspecs', '-C', repo.rootDir, 'diff', '--name-status', '-z', '-M', ...PLAIN, commit, ...spec]);
  const changes = parseNameStatus(repo, out);
  if (untracked) {
    const others = await git.run(['--literal-pathspecs', '-C', repo.rootDir, 'ls-files', '--others', '--exclude-standard', '-z', '--full-name', ...spec]);
    for (const path of others.split('\0')) if (path) changes.push({ status: 'added', path: fromGit(repo, path) });
  }
  return changes;
}

/** Files staged in the index, compared with HEAD (with the empty tree before the first commit). */
export async function stagedChanges(git: GitHost, repo: Repo): Promise<FileChange[]> {
  const out = await git.run(['-C', repo.rootDir, 'diff', '--cached', '--name-status', '-z', '-M', ...PLAIN, '--']);
  return parseNameStatus(repo, out);
}

/** The committer time of a commit, in milliseconds. */
export async function commitTime(git: GitHost, repo: Repo, commit: string): Promise<number> {
  const out = (await git.run(['-C', repo.rootDir, 'show', '-s', '--format=%ct', commit, '--'])).trim();
  return Number(out) * 1000;
}

export interface BlobRequest {
  /** A commit, or '' for the index (staged version). */
  rev: string;
  /** Absolute path. */
  path: string;
}

const blobKey = (rev: string, path: string) => `${rev}:${path}`;

/**
 * The text of files at revisions, keyed by `rev:path` (absolute path); a file that does not
 * exist there is left out. One `git cat-file --batch` for all of them, so a large change is one
 * git call, not one per file; a path git cannot take on one line is read on its own.
 */
export async function readBlobs(git: GitHost, repo: Repo, requests: BlobRequest[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const batch = requests.filter((r) => !/[\n\r]/.test(r.path));
  const single = requests.filter((r) => /[\n\r]/.test(r.path));
  if (batch.length > 0) {
    const input = batch.map((r) => `${r.rev}:${toGit(repo, r.path)}\n`).join('');
    const text = await git.run(['-C', repo.top, 'cat-file', '--batch'], { input });
    if (!parseBatch(text, batch, out)) single.push(...batch.filter((r) => !out.has(blobKey(r.rev, r.path))));
  }
  for (const r of single) {
    try {
      out.set(blobKey(r.rev, r.path), await git.run(['-C', repo.top, 'show', `${r.rev}:${toGit(repo, r.path)}`]));
    } catch {
      // Not there at that revision.
    }
  }
  return out;
}

export function blob(blobs: Map<string, string>, rev: string, path: string): string | undefined {
  return blobs.get(blobKey(rev, path));
}

/**
 * Parses `cat-file --batch` output. Sizes are in bytes and the host hands text over decoded,
 * so the text is encoded back; a blob that was not valid UTF-8 changes length on the way and
 * breaks the framing, which is caught: false means "read the rest one by one".
 */
function parseBatch(text: string, requests: BlobRequest[], out: Map<string, string>): boolean {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  let at = 0;
  for (const r of requests) {
    const lineEnd = bytes.indexOf(0x0a, at);
    if (lineEnd === -1) return false;
    const header = decoder.decode(bytes.subarray(at, lineEnd));
    at = lineEnd + 1;
    if (/ missing$| ambiguous$/.test(header)) continue;
    const m = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(header);
    if (!m) return false;
    const size = Number(m[2]);
    if (at + size > bytes.length || bytes[at + size] !== 0x0a) return false;
    if (m[1] === 'blob') out.set(blobKey(r.rev, r.path), decoder.decode(bytes.subarray(at, at + size)));
    at += size + 1;
  }
  return true;
}
