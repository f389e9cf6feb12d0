// One streamed `git log` over the branch's first-parent history: who changed which paths
// when, with renames, and whether each change was more than whitespace.

export interface FileChange {
  /** A, M, D, R, C or T. */
  status: string;
  /** Path relative to the repository top level. */
  path: string;
  /** The old path of a rename or copy. */
  from?: string;
  /** False when the change is whitespace alone, or a pure rename. */
  content: boolean;
}

export interface Commit {
  hash: string;
  parents: string[];
  /** When it landed on the branch: the committer time (a merge's own time for merged work). */
  ms: number;
  /** The committer's UTC offset in minutes. */
  offset: number;
  /** Committer date as git wrote it (ISO 8601 with offset). */
  at: string;
  author: string;
  subject: string;
  files: FileChange[];
  /** Paths whose content changed beyond whitespace, from a numstat pass (new names of renames). */
  changed?: string[];
}

const RS = '\x1e';
const US = '\x1f';

const SAFE = ['-c', 'log.showSignature=false'];
const PLAIN = ['--no-color', '--no-ext-diff', '--no-textconv'];

/**
 * Arguments for `git log` from HEAD (or a range) along first parents, merges diffed against
 * their first parent, with renames and name-status, NUL-separated. No content is diffed here,
 * so it costs about what `git log --name-status` does. Options that could run programs from
 * a repository's config are switched off.
 */
export function logArgs(range: string): string[] {
  return [...SAFE, 'log', '--first-parent', '-m', '-M', '--name-status', '-z', ...PLAIN, `--format=${RS}%H${US}%P${US}%cI${US}%an${US}%s`, range, '--'];
}

/**
 * The same commits with whitespace-blind numstat, only under `paths` (the KB roots): a
 * document's update must change more than whitespace, and diffing only documents keeps the
 * cost of that to the documents. Paths are literal, after `--`.
 */
export function contentArgs(range: string, paths: readonly string[], part: readonly string[] = []): string[] {
  return ['--literal-pathspecs', ...SAFE, 'log', '--first-parent', '-m', '-M', '-w', '--ignore-blank-lines', '--numstat', '-z', ...PLAIN, `--format=${RS}%H`, ...part, range, '--', ...paths];
}

/** Parses the log as it streams; `finish()` returns the commits newest first, as git wrote them. */
export class LogParser {
  private buffer = '';
  private readonly out: Commit[] = [];

  /** `names` for the output of logArgs(), `content` for that of contentArgs(). */
  constructor(private readonly kind: 'names' | 'content' = 'names') {}

  push(chunk: string): void {
    this.buffer += chunk;
    const end = this.buffer.lastIndexOf(RS);
    if (end <= 0) return;
    const complete = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end);
    for (const record of complete.split(RS)) if (record) this.parseRecord(record);
  }

  finish(): Commit[] {
    if (this.buffer) for (const record of this.buffer.split(RS)) if (record) this.parseRecord(record);
    this.buffer = '';
    return this.out;
  }

  private parseRecord(record: string): void {
    const headerEnd = record.indexOf('\0');
    const header = headerEnd === -1 ? record.replace(/\n+$/, '') : record.slice(0, headerEnd);
    const [hash, parents = '', at = '', author, ...subject] = header.split(US);
    if (!/^[0-9a-f]{40,64}$/.test(hash ?? '')) return;
    const ms = Date.parse(at);
    const m = /([+-])(\d{2}):(\d{2})$/.exec(at);
    const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    const commit: Commit = {
      hash,
      parents: parents ? parents.split(' ').filter(Boolean) : [],
      ms,
      offset,
      at,
      author: author ?? '',
      subject: subject.join(US),
      files: [],
    };
    if (headerEnd !== -1) {
      const tokens = record.slice(headerEnd + 1).split('\0');
      if (this.kind === 'names') commit.files = parseNames(tokens);
      else commit.changed = parseNumstat(tokens);
    }
    this.out.push(commit);
  }
}

/** Name-status entries: a status, then one path, or two for a rename or copy. */
function parseNames(tokens: string[]): FileChange[] {
  const files: FileChange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let status = tokens[i];
    if (status.charCodeAt(0) === 10) status = status.replace(/^\n+/, '');
    if (!status) continue;
    const letter = status.charAt(0);
    if (letter === 'R' || letter === 'C') {
      files.push({ status: letter, from: tokens[i + 1], path: tokens[i + 2], content: false });
      i += 2;
    } else {
      files.push({ status: letter, path: tokens[i + 1], content: letter === 'A' || letter === 'D' });
      i += 1;
    }
  }
  return files;
}

/** Numstat entries: the paths (new names of renames) whose content changed beyond whitespace. */
function parseNumstat(tokens: string[]): string[] {
  const changed: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i];
    if (token.charCodeAt(0) === 10) token = token.replace(/^\n+/, '');
    const stat = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(token);
    if (!stat) continue;
    let path = stat[3];
    if (path === '') {
      path = tokens[i + 2];
      i += 2;
    }
    // A binary file shows "-": any change to it is a change of content.
    if (stat[1] === '-' || stat[2] === '-' || Number(stat[1]) + Number(stat[2]) > 0) changed.push(path);
  }
  return changed;
}

/** Marks each file change as a change of content (added, deleted, or more than whitespace), from the numstat pass. */
export function applyContent(commits: Commit[], content: Commit[]): void {
  const byHash = new Map(content.map((c) => [c.hash, new Set(c.changed ?? [])]));
  for (const commit of commits) {
    const changed = byHash.get(commit.hash);
    for (const file of commit.files) file.content = file.status === 'A' || file.status === 'D' || (changed?.has(file.path) ?? false);
  }
}
