// A persistent store of file analyses keyed by setup, content hash and path, for
// `baton lint --cache` and for the extension's workspace storage. One JSON-lines file:
// entries are parsed only when asked for, new ones are appended, and it is compacted
// when most of it has gone unused. An entry made from a file read from disk also keeps the
// file's size and modification time, so an unchanged file need not be read to be known.
import { promises as fsp } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { AnalysisCache } from '../core/engine';
import type { FileStat } from '../core/host';
import { ENGINE_VERSION } from '../core/engine';
import type { IndexedDocument } from '../core/kb-index';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { replaceFile } from './node-host';

export const CACHE_FILE = 'analysis.jsonl';
const FORMAT = 3;

/**
 * Each line after the header: the key, the file's `[path, size, mtimeMs]` (or 0), the analysis
 * without its detail, and the detail; tab-separated.
 */
type StatField = [path: string, size: number, mtimeMs: number] | 0;

/**
 * The parts of an analysis a run over the whole KB seldom reads for an unchanged document:
 * positions of frontmatter keys, tasks, tables and code lines, two thirds of its JSON. They are
 * parsed when first read, so a warm run parses a third of the store.
 */
interface Detail {
  keys: IndexedDocument['frontmatter']['keys'];
  tasks: IndexedDocument['tasks'];
  tables: IndexedDocument['tables'];
  codeLines: IndexedDocument['codeLines'];
}

interface Entry {
  /** The analysis without its detail, as JSON: bytes of the store as read (decoded when asked for), or text made this run. */
  json: string | Buffer;
  /** The detail as JSON, likewise. */
  detail: string | Buffer;
  stat: string;
}

/** A document's detail: its JSON (bytes of the store) until it is parsed. */
interface DetailSource {
  json?: string | Buffer;
  parsed?: Detail;
  /** Counts the details parsed. */
  cache: { detailsParsed: number };
}

/** The detail, parsed now if it was not yet; the store's bytes are let go. */
function parseDetail(source: DetailSource): Detail {
  if (!source.parsed) {
    try {
      source.parsed = JSON.parse(text(source.json!)) as Detail;
    } catch {
      // Damaged on disk (two runs appending at once): read as a document without positions,
      // tasks or tables rather than failing the rule that asked. The next compaction drops it.
      source.parsed = { keys: {}, tasks: [], tables: [], codeLines: [] };
    }
    source.json = undefined;
    source.cache.detailsParsed++;
  }
  return source.parsed;
}

const text = (json: string | Buffer): string => (typeof json === 'string' ? json : json.toString('utf8'));

/** An analysis as two JSON texts: all but the detail, and the detail. */
function split(doc: IndexedDocument): { json: string; detail: string } {
  const { tasks, tables, codeLines, frontmatter, ...rest } = doc;
  const { keys, ...summary } = frontmatter;
  return { json: JSON.stringify({ ...rest, frontmatter: summary }), detail: JSON.stringify({ keys, tasks, tables, codeLines } satisfies Detail) };
}

const SOURCE = Symbol('detail');
type WithSource = { [SOURCE]: DetailSource };

/**
 * The detail's properties: the same functions on every document, which finds its own
 * detail under a symbol, so the 10,000 documents keep one shape (V8 gives each object its
 * own shape, or a slow dictionary, when its accessors differ or are redefined). They stay
 * accessors: a value written replaces the parsed one.
 */
const DETAIL_PROPERTIES = Object.fromEntries(
  (['keys', 'tasks', 'tables', 'codeLines'] as const).map((name) => [
    name,
    {
      enumerable: true,
      configurable: true,
      get(this: WithSource) {
        return parseDetail(this[SOURCE])[name];
      },
      set(this: WithSource, value: unknown) {
        (parseDetail(this[SOURCE]) as unknown as Record<string, unknown>)[name] = value;
      },
    } satisfies PropertyDescriptor,
  ]),
) as Record<keyof Detail, PropertyDescriptor>;
const { keys: KEYS_PROPERTY, ...DOCUMENT_PROPERTIES } = DETAIL_PROPERTIES;

/** Gives the document its detail as properties that parse it when one of them is first read. */
function attachDetail(doc: IndexedDocument, source: DetailSource): void {
  Object.defineProperty(doc.frontmatter, SOURCE, { value: source });
  Object.defineProperty(doc.frontmatter, 'keys', KEYS_PROPERTY);
  Object.defineProperty(doc, SOURCE, { value: source });
  Object.defineProperties(doc, DOCUMENT_PROPERTIES);
}

/** Lines of the store read between turns of the event loop (about 20 ms at 10,000 documents' worth). */
const LOAD_SLICE_LINES = 1000;
/** Details parsed between turns of the event loop when the store is let go (about 15 ms). */
const RELEASE_SLICE = 200;
const TAB = 9;
const NEWLINE = 10;
const NEWLINE_BYTES = Buffer.from('\n');
const TAB_BYTES = Buffer.from('\t');
const bytesOf = (json: string | Buffer): Buffer => (typeof json === 'string' ? Buffer.from(json) : json);

interface Header {
  baton: 'analysis-cache';
  format: number;
  salt: string;
}

/**
 * What besides the engine's setup key decides whether old entries still hold: the code that
 * made them. Hashing the parse worker's bundle covers the parser, file rules and built-in
 * schemas, so a rebuilt or upgraded Baton never reads results of another build.
 */
export async function buildSalt(workerScript: string | undefined): Promise<string> {
  const hash = createHash('sha1').update(`format ${FORMAT} engine ${ENGINE_VERSION}`);
  if (workerScript) {
    try {
      hash.update(await fsp.readFile(workerScript));
    } catch {
      hash.update('no worker');
    }
  }
  return hash.digest('hex');
}

/**
 * The lines joined into pieces of a few megabytes for writing: the store is never copied
 * whole into one buffer (100 MB at 10,000 documents), and the event loop runs between pieces.
 */
export function* inPieces(parts: Buffer[], size = 4 << 20): Generator<Buffer> {
  for (let i = 0; i < parts.length; ) {
    const piece: Buffer[] = [];
    let bytes = 0;
    while (i < parts.length && bytes < size) {
      bytes += parts[i].length;
      piece.push(parts[i++]);
    }
    yield Buffer.concat(piece, bytes);
  }
}

export class FileAnalysisCache implements AnalysisCache {
  /** Entries read from disk, still as text: key -> JSON of the document and of its file's stat. */
  private stored = new Map<string, Entry>();
  /** Per path, the key of its last entry that has a stat, with that stat. */
  private byPath = new Map<string, { key: string; size: number; mtimeMs: number }>();
  /** Entries read this run, so a rewrite keeps exactly these. */
  private readonly used = new Map<string, Entry>();
  /** Details handed out unread, still bytes of the store: parsed when the store is let go. */
  private unread: DetailSource[] = [];
  /** Results computed (or newly stat'ed) this run, the latest per path (edits in an editor replace each other). */
  private readonly added = new Map<string, { key: string; doc: IndexedDocument; stat: string }>();
  private file?: string;
  private storedCount = 0;
  private valid = false;
  private released = false;
  private releasedUsed = 0;
  hits = 0;
  misses = 0;
  /** Details of stored analyses parsed so far (read by a rule, or at release()). */
  detailsParsed = 0;

  constructor(private readonly salt: string) {}

  /** Reads the store in `dir`; a missing, unreadable or other-build file means an empty cache. */
  async load(dir: string): Promise<void> {
    this.file = join(dir, CACHE_FILE);
    this.stored = new Map();
    this.byPath = new Map();
    this.used.clear();
    this.unread = [];
    this.storedCount = 0;
    this.valid = false;
    this.released = false;
    this.releasedUsed = 0;
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(this.file);
    } catch {
      return;
    }
    // The lines stay bytes: an entry is decoded when it is asked for, so the store never
    // becomes one string twice its size in memory.
    let end = bytes.indexOf(NEWLINE);
    try {
      const header = JSON.parse(bytes.toString('utf8', 0, end === -1 ? bytes.length : end)) as Header;
      if (header.baton !== 'analysis-cache' || header.format !== FORMAT || header.salt !== this.salt) return;
    } catch {
      return;
    }
    this.valid = true;
    let lines = 0;
    while (end !== -1 && end < bytes.length) {
      // In the editor the open document is analysed meanwhile: give it a turn now and then.
      if (++lines % LOAD_SLICE_LINES === 0) await eventLoopTurn();
      const start = end + 1;
      end = bytes.indexOf(NEWLINE, start);
      // Every line written ends with a newline: one without is being appended right now.
      if (end === -1) break;
      const stop = end;
      // JSON holds no raw tab (nor does UTF-8 put the byte inside a character), so tabs end the fields.
      const tab = bytes.indexOf(TAB, start);
      const tab2 = tab === -1 || tab >= stop ? -1 : bytes.indexOf(TAB, tab + 1);
      const tab3 = tab2 === -1 || tab2 >= stop ? -1 : bytes.indexOf(TAB, tab2 + 1);
      if (tab3 === -1 || tab3 >= stop) continue;
      try {
        const key = JSON.parse(bytes.toString('utf8', start, tab)) as string;
        const statText = bytes.toString('utf8', tab + 1, tab2);
        const stat = JSON.parse(statText) as StatField;
        this.stored.set(key, { json: bytes.subarray(tab2 + 1, tab3), detail: bytes.subarray(tab3 + 1, stop), stat: statText });
        if (stat !== 0) this.byPath.set(stat[0], { key, size: stat[1], mtimeMs: stat[2] });
        this.storedCount++;
      } catch {
        // A line cut short by a concurrent writer: skip it, it is rewritten at the next compaction.
      }
    }
  }

  get(key: string): IndexedDocument | undefined {
    const entry = this.stored.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    try {
      const doc = JSON.parse(text(entry.json)) as IndexedDocument;
      const source: DetailSource = { json: entry.detail, cache: this };
      attachDetail(doc, source);
      if (typeof entry.detail !== 'string') this.unread.push(source);
      this.used.set(key, entry);
      this.hits++;
      return doc;
    } catch {
      this.stored.delete(key);
      this.misses++;
      return undefined;
    }
  }

  keyFor(path: string, stat: FileStat): string | undefined {
    const known = this.byPath.get(path);
    return known && known.size === stat.size && known.mtimeMs === stat.mtimeMs ? known.key : undefined;
  }

  set(key: string, doc: IndexedDocument, stat?: FileStat): void {
    this.added.set(doc.path, { key, doc, stat: JSON.stringify(stat ? ([doc.path, stat.size, stat.mtimeMs] satisfies StatField) : 0) });
  }

  /**
   * Writes what this run added. Appends when the file is still mostly in use, and otherwise
   * rewrites it (to a temporary file, then renamed) with only the entries this run used.
   */
  async save(): Promise<void> {
    if (!this.file) return;
    // An entry read this run is written again only to record a new stat of its file.
    const entries = [...this.added.values()].filter((e) => this.used.get(e.key)?.stat !== e.stat);
    this.added.clear();
    const fresh: Array<{ key: string; entry: Entry }> = [];
    for (const e of entries) {
      // Made bytes here, between the pauses, rather than all at once when the file is written.
      const made = this.used.get(e.key) ?? split(e.doc);
      fresh.push({ key: e.key, entry: { json: made.json, detail: made.detail, stat: e.stat } });
      // In the editor a first save writes thousands: let other work in between.
      if (fresh.length % 100 === 0) await eventLoopTurn();
    }
    const unused = this.storedCount - this.usedCount();
    if (this.valid && fresh.length === 0 && unused === 0) return;
    await fsp.mkdir(dirname(this.file), { recursive: true });
    const parts: Buffer[] = [];
    const line = (key: string, entry: Entry) => {
      parts.push(Buffer.from(`${JSON.stringify(key)}\t${entry.stat}\t`), bytesOf(entry.json), TAB_BYTES, bytesOf(entry.detail), NEWLINE_BYTES);
    };
    if (this.valid && (this.released || unused <= Math.max(100, this.storedCount / 4))) {
      for (const e of fresh) line(e.key, e.entry);
      if (fresh.length > 0) await fsp.writeFile(this.file, inPieces(parts), { flag: 'a' });
      this.storedCount += fresh.length;
    } else {
      const header: Header = { baton: 'analysis-cache', format: FORMAT, salt: this.salt };
      parts.push(Buffer.from(JSON.stringify(header) + '\n'));
      const rewritten = new Set(fresh.map((e) => e.key));
      const kept = [...this.used].filter(([key]) => !rewritten.has(key));
      for (const [key, entry] of kept) line(key, entry);
      for (const e of fresh) line(e.key, e.entry);
      await replaceFile(this.file, inPieces(parts));
      this.storedCount = kept.length + fresh.length;
      this.valid = true;
    }
    if (this.released) this.releasedUsed += fresh.length;
    else for (const e of fresh) this.used.set(e.key, e.entry);
  }

  private usedCount(): number {
    return this.released ? this.releasedUsed : this.used.size;
  }

  /**
   * Drops the text held for look-ups and rewrites once the index is built, for a long-lived
   * process (the editor). Later saves only append; the next fresh start compacts the file.
   * The details not read yet are parsed meanwhile, a slice per turn of the event loop: as
   * bytes they would keep the whole store alive, and as objects they take less memory than
   * as JSON (84 MB of JSON at 10,000 documents, about 50 MB parsed).
   */
  async release(): Promise<void> {
    if (this.released) return;
    this.releasedUsed = this.used.size;
    this.released = true;
    this.stored = new Map();
    this.byPath = new Map();
    this.used.clear();
    const unread = this.unread;
    this.unread = [];
    for (let i = 0; i < unread.length; i++) {
      parseDetail(unread[i]);
      if (i % RELEASE_SLICE === RELEASE_SLICE - 1) await eventLoopTurn();
    }
  }
}
