// One streamed `git log` over the branch's first-parent history: who changed which paths
// when, with renames, and the blobs before and after, to tell whether each change was more
// than whitespace.

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

/** The raw entry of a change: modes and blob ids before and after (all zeros for none). */
export interface RawChange {
  oldMode: string;
  newMode: string;
  oldBlob: string;
  newBlob: string;
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
}

const RS = '\x1e';
const US = '\x1f';

const SAFE = ['-c', 'log.showSignature=false'];
const PLAIN = ['--no-color', '--no-ext-diff', '--no-textconv'];

/**
 * Arguments for `git log` from HEAD (or a range) along first parents, merges diffed against
 * their first parent, with renames and raw entries (statuses and full blob ids), NUL-separated.
 * No content is diffed, so it costs about what `git log --name-status` does. Options that
 * could run programs from a repository's config are switched off.
 */
export function logArgs(range: string): string[] {
  return [...SAFE, 'log', '--first-parent', '-m', '-M', '--raw', '--no-abbrev', '-z', ...PLAIN, `--format=${RS}%H${US}%P${US}%cI${US}%an${US}%s`, range, '--'];
}

/**
 * Parses the log as it streams; `finish()` returns the commits newest first, as git wrote them.
 * `onChange` sees each file change with its raw entry as it is parsed, while git still runs.
 */
export class LogParser {
  private buffer = '';
  private readonly out: Commit[] = [];

  constructor(private readonly onChange?: (file: FileChange, raw: RawChange) => void) {}

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
    if (headerEnd !== -1) commit.files = this.parseRaw(record.slice(headerEnd + 1).split('\0'));
    this.out.push(commit);
  }

  /** Raw entries: ":mode mode blob blob status", then one path, or two for a rename or copy. */
  private parseRaw(tokens: string[]): FileChange[] {
    const files: FileChange[] = [];
    for (let i = 0; i < tokens.length; i++) {
      // An entry follows a newline when it is the commit's first.
      let start = 0;
      while (tokens[i].charCodeAt(start) === 10) start++;
      if (tokens[i].charCodeAt(start) !== 58) continue;
      const [oldMode, newMode, oldBlob, newBlob, status = ''] = tokens[i].slice(start + 1).split(' ');
      const letter = status.charAt(0);
      if (!letter) continue;
      let file: FileChange;
      if (letter === 'R' || letter === 'C') {
        file = { status: letter, from: tokens[i + 1], path: tokens[i + 2], content: false };
        i += 2;
      } else {
        file = { status: letter, path: tokens[i + 1], content: letter === 'A' || letter === 'D' };
        i += 1;
      }
      if (file.path === undefined) continue;
      files.push(file);
      this.onChange?.(file, { oldMode, newMode, oldBlob, newBlob });
    }
    return files;
  }
}
