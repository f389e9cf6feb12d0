// The branch's history as freshness needs it: read once, kept by HEAD, extended with
// `git log <cachedHEAD>..HEAD` when HEAD moves, and indexed by file identity across renames.
import type { FileSystemHost, GitHost } from '../host';
import { msg } from '../message';
import { join } from '../paths';
import type { Message } from '../types';
import { applyContent, contentArgs, LogParser, logArgs, type Commit, type FileChange } from './git-log';

export interface HistoryData {
  head: string;
  shallow: boolean;
  /** The folders whose changes were diffed for content (the KB roots, relative to the KB root). */
  roots: string[];
  /** Oldest first, along first parents. */
  commits: Commit[];
}

export interface RepositoryInfo {
  /** The KB root's path inside the repository: '' at the top level, else 'sub/dir/'. */
  prefix: string;
  gitDir: string;
  shallow: boolean;
}

export type HistoryResult =
  | { ok: true; repo: RepositoryInfo; history: HistoryIndex; reused: 'same' | 'truncated' | 'extended' | 'full' }
  | { ok: false; code: 'no-git' | 'not-repository' | 'no-commits' | 'error'; message: Message };

export interface Touch {
  commit: number;
  file: FileChange;
}

/** Commits plus look-ups by file identity: a renamed file keeps one lineage under all its names. */
export class HistoryIndex {
  /** Lineage of each path present at HEAD. */
  readonly atHead = new Map<string, number>();
  /** Every lineage a path ever had. */
  readonly byPath = new Map<string, Set<number>>();
  readonly touches = new Map<number, Touch[]>();
  /** Commits whose diff is not real: the cut-off edge of a shallow clone lists every file as added. */
  readonly boundary = new Set<number>();

  constructor(readonly data: HistoryData) {
    let next = 0;
    const current = this.atHead;
    data.commits.forEach((commit, index) => {
      if (data.shallow && commit.parents.length === 0) this.boundary.add(index);
      for (const file of commit.files) {
        let lineage: number | undefined;
        if (file.status === 'R' && file.from !== undefined) {
          lineage = current.get(file.from) ?? next++;
          current.delete(file.from);
          this.name(file.from, lineage);
        } else if (file.status === 'A' || file.status === 'C') {
          lineage = next++;
        } else {
          lineage = current.get(file.path) ?? next++;
        }
        if (file.status === 'D') current.delete(file.path);
        else current.set(file.path, lineage);
        this.name(file.path, lineage);
        let list = this.touches.get(lineage);
        if (!list) this.touches.set(lineage, (list = []));
        list.push({ commit: index, file });
      }
    });
  }

  get commits(): Commit[] {
    return this.data.commits;
  }

  get head(): string {
    return this.data.head;
  }

  private name(path: string, lineage: number): void {
    let set = this.byPath.get(path);
    if (!set) this.byPath.set(path, (set = new Set()));
    set.add(lineage);
  }
}

const HASH = /^[0-9a-f]{40,64}$/;

/** Keeps the history between processes (the CLI), by git directory. */
export interface HistoryStore {
  read(gitDir: string): Promise<HistoryData | undefined>;
  write(gitDir: string, data: HistoryData): Promise<void>;
}

const STORE_VERSION = 2;

/** The history as JSON inside the git directory: never in the working tree, gone with the clone. */
export function fileHistoryStore(fs: FileSystemHost): HistoryStore {
  const file = (gitDir: string) => join(gitDir, 'baton', 'history.json');
  return {
    async read(gitDir) {
      try {
        const data = JSON.parse(new TextDecoder().decode(await fs.readFile(file(gitDir)))) as { version?: number } & HistoryData;
        if (data.version !== STORE_VERSION || typeof data.head !== 'string' || !Array.isArray(data.commits) || !Array.isArray(data.roots)) return undefined;
        return { head: data.head, shallow: data.shallow === true, roots: data.roots, commits: data.commits };
      } catch {
        return undefined;
      }
    },
    async write(gitDir, data) {
      try {
        await fs.mkdir?.(join(gitDir, 'baton'));
        await fs.writeFile(file(gitDir), JSON.stringify({ version: STORE_VERSION, ...data }));
      } catch {
        // A read-only checkout still works; it only reads the history again next time.
      }
    },
  };
}

function gitError(error: unknown): { code: 'no-git' | 'not-repository' | 'error'; message: Message } {
  const text = error instanceof Error ? error.message : String(error);
  if (/ENOENT|not found|spawn/i.test(text) && !/fatal/i.test(text)) return { code: 'no-git', message: msg('Freshness needs git, which was not found: {0}', text) };
  if (/not a git repository/i.test(text)) return { code: 'not-repository', message: msg('Freshness is not checked: this folder is not in a git repository') };
  return { code: 'error', message: msg('Freshness is not checked: git failed: {0}', text.split('\n')[0]) };
}

/** Reads and caches the history of one repository; `load()` does only the git work HEAD's move needs. */
export class HistoryLoader {
  private cached?: HistoryIndex;

  private storeChecked = false;

  constructor(
    private readonly git: GitHost,
    private readonly rootDir: string,
    private readonly store?: HistoryStore,
  ) {}

  /** The history last loaded, without asking git. */
  get current(): HistoryIndex | undefined {
    return this.cached;
  }

  private run(args: string[]): Promise<string> {
    return this.git.run(['-C', this.rootDir, ...args]);
  }

  async probe(): Promise<{ ok: true; repo: RepositoryInfo; head?: string } | { ok: false; code: 'no-git' | 'not-repository' | 'error'; message: Message }> {
    let lines: string[];
    try {
      lines = (await this.run(['rev-parse', '--is-inside-work-tree', '--show-prefix', '--absolute-git-dir', '--is-shallow-repository'])).split('\n');
    } catch (error) {
      return { ok: false, ...gitError(error) };
    }
    if (lines[0] !== 'true') return { ok: false, code: 'not-repository', message: msg('Freshness is not checked: this folder is not in a git repository') };
    const repo: RepositoryInfo = { prefix: lines[1] ?? '', gitDir: lines[2] ?? '', shallow: lines[3] === 'true' };
    let head: string | undefined;
    try {
      head = (await this.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim();
    } catch {
      head = undefined;
    }
    return { ok: true, repo, head: head && HASH.test(head) ? head : undefined };
  }

  /** Reads what HEAD's move needs; `roots` are the folders whose document changes are diffed for content. */
  async load(roots: readonly string[]): Promise<HistoryResult> {
    const probed = await this.probe();
    if (!probed.ok) return probed;
    const { repo, head } = probed;
    if (!head) return { ok: false, code: 'no-commits', message: msg('Freshness is not checked: the repository has no commits yet') };
    if (this.store && !this.cached && !this.storeChecked) {
      this.storeChecked = true;
      const stored = await this.store.read(repo.gitDir);
      if (stored) this.cached = new HistoryIndex(stored);
    }
    const result = await this.read(repo, head, [...roots].sort());
    if (this.store && result.ok && result.reused !== 'same') await this.store.write(repo.gitDir, result.history.data);
    return result;
  }

  private async read(repo: RepositoryInfo, head: string, roots: string[]): Promise<HistoryResult> {
    try {
      const old = this.cached;
      if (old && old.data.shallow === repo.shallow && old.data.roots.join('\0') === roots.join('\0')) {
        if (old.head === head) return { ok: true, repo, history: old, reused: 'same' };
        // HEAD moved back along the branch (a reset): cut the cached history there.
        const at = old.commits.findIndex((c) => c.hash === head);
        if (at !== -1) {
          this.cached = new HistoryIndex({ head, shallow: repo.shallow, roots, commits: old.commits.slice(0, at + 1) });
          return { ok: true, repo, history: this.cached, reused: 'truncated' };
        }
        const added = await this.log(`${old.head}..${head}`, roots);
        // Only a fast-forward along first parents extends the cache; anything else is read afresh.
        if (added.length > 0 && added[0].parents[0] === old.head) {
          this.cached = new HistoryIndex({ head, shallow: repo.shallow, roots, commits: [...old.commits, ...added] });
          return { ok: true, repo, history: this.cached, reused: 'extended' };
        }
      }
      this.cached = new HistoryIndex({ head, shallow: repo.shallow, roots, commits: await this.log(head, roots) });
      return { ok: true, repo, history: this.cached, reused: 'full' };
    } catch (error) {
      return { ok: false, ...gitError(error) };
    }
  }

  /** Commits of `range`, oldest first: names and statuses of everything, content checks for the roots (two streams at once). */
  private async log(range: string, roots: string[]): Promise<Commit[]> {
    const names = new LogParser();
    const content = new LogParser('content');
    await Promise.all([
      this.git.stream(['-C', this.rootDir, ...logArgs(range)], (chunk) => names.push(chunk)),
      roots.length > 0 ? this.git.stream(['-C', this.rootDir, ...contentArgs(range, roots)], (chunk) => content.push(chunk)) : Promise.resolve(),
    ]);
    const commits = names.finish();
    applyContent(commits, content.finish());
    return commits.reverse();
  }
}
