// The branch's history as freshness needs it: read once, kept by HEAD, extended with
// `git log <cachedHEAD>..HEAD` when HEAD moves, and indexed by file identity across renames.
import type { FileSystemHost, GitHost, GitPipe } from '../host';
import { msg } from '../message';
import { join } from '../paths';
import type { Message } from '../types';
import { BatchReader } from './blob-content';
import { LogParser, logArgs, type Commit, type FileChange, type RawChange } from './git-log';

export interface HistoryData {
  head: string;
  shallow: boolean;
  /** The folders whose changes were checked for content (the KB roots, relative to the KB root). */
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
  | { ok: true; repo: RepositoryInfo; history: HistoryIndex; reused: 'same' | 'truncated' | 'extended' | 'full'; added?: number }
  | { ok: false; code: 'no-git' | 'not-repository' | 'no-commits' | 'error'; message: Message };

export interface Touch {
  commit: number;
  file: FileChange;
}

let serials = 0;

/** Commits plus look-ups by file identity: a renamed file keeps one lineage under all its names. */
export class HistoryIndex {
  /** Lineage of each path present at HEAD. */
  readonly atHead: Map<string, number>;
  /** Every lineage a path ever had. */
  readonly byPath: Map<string, Set<number>>;
  readonly touches: Map<number, Touch[]>;
  /** Commits whose diff is not real: the cut-off edge of a shallow clone lists every file as added. */
  readonly boundary: Set<number>;
  /** Lineages the commits after `base` touched, and whether any of them gave a path a new name. */
  readonly touched = new Set<number>();
  newNames = false;
  /** Which index this one extended (each index has its own number), for keeping what the new commits left alone. */
  readonly serial = ++serials;
  readonly extended?: number;
  private next: number;

  /**
   * Indexes `data.commits`. With `base` (an index of the first part of the same commits, as
   * when HEAD moved forward) only the new commits are indexed: the look-ups are taken over and
   * extended, lineage numbers stay the same, and `base` must not be used afterwards.
   */
  constructor(
    readonly data: HistoryData,
    base?: HistoryIndex,
  ) {
    this.atHead = base?.atHead ?? new Map();
    this.byPath = base?.byPath ?? new Map();
    this.touches = base?.touches ?? new Map();
    this.boundary = base?.boundary ?? new Set();
    this.next = base?.next ?? 0;
    this.extended = base?.serial;
    const current = this.atHead;
    const from = base ? base.data.commits.length : 0;
    for (let index = from; index < data.commits.length; index++) {
      const commit = data.commits[index];
      if (data.shallow && commit.parents.length === 0) this.boundary.add(index);
      for (const file of commit.files) {
        let lineage: number | undefined;
        if (file.status === 'R' && file.from !== undefined) {
          lineage = current.get(file.from) ?? this.next++;
          current.delete(file.from);
          this.name(file.from, lineage);
        } else if (file.status === 'A' || file.status === 'C') {
          lineage = this.next++;
        } else {
          lineage = current.get(file.path) ?? this.next++;
        }
        if (file.status === 'D') current.delete(file.path);
        else current.set(file.path, lineage);
        if (!this.byPath.has(file.path)) this.newNames = true;
        this.name(file.path, lineage);
        let list = this.touches.get(lineage);
        if (!list) this.touches.set(lineage, (list = []));
        list.push({ commit: index, file });
        if (base) this.touched.add(lineage);
      }
    }
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
/** A submodule's entry: its id names a commit elsewhere, not a blob here. */
const GITLINK = '160000';

/** Keeps the history between processes (the CLI), by git directory. */
export interface HistoryStore {
  read(gitDir: string): Promise<HistoryData | undefined>;
  write(gitDir: string, data: HistoryData): Promise<void>;
  /** Adds the commits after the stored ones (HEAD moved forward): a few lines, not the whole history again. */
  extend?(gitDir: string, data: HistoryData, added: number): Promise<void>;
}

const STORE_VERSION = 4;

/**
 * The history inside the git directory (never in the working tree, gone with the clone), as
 * JSON lines: a header, then one commit per line, oldest first, so HEAD moving forward appends.
 */
export function fileHistoryStore(fs: FileSystemHost): HistoryStore {
  const file = (gitDir: string) => join(gitDir, 'baton', 'history.jsonl');
  const lines = (commits: Commit[]) => commits.map((c) => JSON.stringify(c) + '\n').join('');
  return {
    async read(gitDir) {
      try {
        const text = new TextDecoder().decode(await fs.readFile(file(gitDir)));
        const rows = text.split('\n');
        const header = JSON.parse(rows[0]) as { version?: number; shallow?: boolean; roots?: string[] };
        if (header.version !== STORE_VERSION || !Array.isArray(header.roots)) return undefined;
        const commits: Commit[] = [];
        for (let i = 1; i < rows.length; i++) if (rows[i]) commits.push(JSON.parse(rows[i]) as Commit);
        const head = commits[commits.length - 1]?.hash;
        if (!head) return undefined;
        return { head, shallow: header.shallow === true, roots: header.roots, commits };
      } catch {
        // Missing, or cut short by a crash in the middle of a write: read the history again.
        return undefined;
      }
    },
    async write(gitDir, data) {
      try {
        await fs.mkdir?.(join(gitDir, 'baton'));
        await fs.writeFile(file(gitDir), JSON.stringify({ version: STORE_VERSION, shallow: data.shallow, roots: data.roots }) + '\n' + lines(data.commits));
      } catch {
        // A read-only checkout still works; it only reads the history again next time.
      }
    },
    async extend(gitDir, data, added) {
      if (!fs.appendFile) return this.write(gitDir, data);
      try {
        await fs.appendFile(file(gitDir), lines(data.commits.slice(data.commits.length - added)));
      } catch {
        await this.write(gitDir, data);
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
    const info = ['rev-parse', '--is-inside-work-tree', '--show-prefix', '--absolute-git-dir', '--is-shallow-repository'];
    const repoOf = (lines: string[]): RepositoryInfo => ({ prefix: lines[1] ?? '', gitDir: lines[2] ?? '', shallow: lines[3] === 'true' });
    // One git process in the usual case (a repository with commits); each costs the editor's
    // thread a fork. `--` keeps a file named like the revision from making it ambiguous.
    try {
      const lines = (await this.run([...info, 'HEAD^{commit}', '--'])).split('\n');
      if (lines[0] === 'true' && HASH.test(lines[4] ?? '')) return { ok: true, repo: repoOf(lines), head: lines[4] };
    } catch {
      // No git, no repository or no commits yet: asked apart below, to tell which.
    }
    let lines: string[];
    try {
      lines = (await this.run(info)).split('\n');
    } catch (error) {
      return { ok: false, ...gitError(error) };
    }
    if (lines[0] !== 'true') return { ok: false, code: 'not-repository', message: msg('Freshness is not checked: this folder is not in a git repository') };
    let head: string | undefined;
    try {
      head = (await this.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim();
    } catch {
      head = undefined;
    }
    return { ok: true, repo: repoOf(lines), head: head && HASH.test(head) ? head : undefined };
  }

  /** Reads what HEAD's move needs; `roots` are the folders whose changes are checked for content (the documents). */
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
    if (this.store && result.ok && result.reused !== 'same') {
      if (result.reused === 'extended' && result.added && this.store.extend) await this.store.extend(repo.gitDir, result.history.data, result.added);
      else await this.store.write(repo.gitDir, result.history.data);
    }
    return result;
  }

  private async read(repo: RepositoryInfo, head: string, roots: string[]): Promise<HistoryResult> {
    try {
      const old = this.cached;
      if (old && old.data.shallow === repo.shallow && old.data.roots.join('\0') === roots.join('\0')) {
        if (old.head === head) return { ok: true, repo, history: old, reused: 'same' };
        const added = await this.log(`${old.head}..${head}`, roots, repo.prefix);
        // Only a fast-forward along first parents extends the cache; anything else is read afresh.
        if (added.length > 0 && added[0].parents[0] === old.head) {
          // Extended in place: only the new commits are indexed (the old index is used up).
          this.cached = new HistoryIndex({ head, shallow: repo.shallow, roots, commits: [...old.commits, ...added] }, old);
          return { ok: true, repo, history: this.cached, reused: 'extended', added: added.length };
        }
        // Nothing new: HEAD moved back along the branch (a reset), so cut the cached history
        // there. Looked for only now: a search of 100,000 commits took longer than the log.
        const at = added.length === 0 ? old.commits.findIndex((c) => c.hash === head) : -1;
        if (at !== -1) {
          this.cached = new HistoryIndex({ head, shallow: repo.shallow, roots, commits: old.commits.slice(0, at + 1) });
          return { ok: true, repo, history: this.cached, reused: 'truncated' };
        }
      }
      this.cached = new HistoryIndex({ head, shallow: repo.shallow, roots, commits: await this.log(head, roots, repo.prefix) });
      return { ok: true, repo, history: this.cached, reused: 'full' };
    } catch (error) {
      return { ok: false, ...gitError(error) };
    }
  }

  /**
   * Commits of `range`, oldest first, in one streamed pass. A modification under the roots
   * (a document) is an update only when more than whitespace changed: the blobs before and
   * after are read through `git cat-file --batch` while the log still runs (each blob once,
   * however many changes name it) and compared by their whitespace-blind content keys.
   */
  private async log(range: string, roots: string[], prefix: string): Promise<Commit[]> {
    const under = underRoots(roots, prefix);
    const reader = new BatchReader();
    // Started with the first blob to read: most incremental reads (one new commit) need none.
    let blobs: GitPipe | undefined;
    const send = (ids: string) => (blobs ??= this.git.pipe(['-C', this.rootDir, 'cat-file', '--batch', '--buffer'], (chunk) => reader.push(chunk))).write(ids);
    const asked = new Set<string>();
    // The ids a chunk of the log names, written to git together.
    let batch = '';
    const ask = (blob: string) => {
      if (asked.has(blob)) return;
      asked.add(blob);
      batch += blob + '\n';
    };
    const compare: Array<{ file: FileChange; from: string; to: string }> = [];
    const names = new LogParser((file, raw) => {
      const check = contentCheck(file, raw, under);
      if (check === 'changed') file.content = true;
      if (check !== 'compare') return;
      compare.push({ file, from: raw.oldBlob, to: raw.newBlob });
      ask(raw.oldBlob);
      ask(raw.newBlob);
    });
    let failure: { error: unknown } | undefined;
    const read = (chunk: string) => {
      names.push(chunk);
      if (batch) send(batch);
      batch = '';
    };
    await this.git.stream(['-C', this.rootDir, ...logArgs(range)], read).catch((error: unknown) => (failure = { error }));
    // The last record is parsed here, and may name blobs too.
    const commits = names.finish();
    if (batch && !failure) send(batch);
    const ended = blobs?.end() ?? Promise.resolve();
    // The log's own failure is the one to report; the blob reader is stopped either way.
    if (failure) {
      await ended.catch(() => undefined);
      throw failure.error;
    }
    await ended;
    for (const { file, from, to } of compare) {
      const before = reader.keys.get(from);
      file.content = before === undefined || before !== reader.keys.get(to);
    }
    return commits.reverse();
  }
}

/** Whether a path from the repository's top level lies under one of the KB roots. */
export function underRoots(roots: readonly string[], prefix: string): (path: string) => boolean {
  // Each root as a path from the top level ('' for the whole repository).
  const dirs = roots.map((root) => join('/', prefix, root).slice(1).replace(/\/+$/, ''));
  return (path) => dirs.some((dir) => dir === '' || path === dir || path.startsWith(dir + '/'));
}

/**
 * What telling an update needs for one change: nothing (an addition or deletion, already
 * marked; a change outside the roots; the same blob, as in a pure rename or a mode change),
 * 'changed' (a submodule, whose id names no blob here), or 'compare' (both blobs' keys).
 */
export function contentCheck(file: FileChange, raw: RawChange, under: (path: string) => boolean): 'none' | 'changed' | 'compare' {
  if (file.status === 'A' || file.status === 'D' || !under(file.path) || raw.oldBlob === raw.newBlob) return 'none';
  return raw.oldMode === GITLINK || raw.newMode === GITLINK ? 'changed' : 'compare';
}
