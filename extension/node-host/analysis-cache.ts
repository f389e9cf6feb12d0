// A persistent store of file analyses keyed by setup, content hash and path, for
// `baton lint --cache` and for the extension's workspace storage. One JSON-lines file:
// entries are parsed only when asked for, new ones are appended, and it is compacted
// when most of it has gone unused.
import { promises as fsp } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { AnalysisCache } from '../core/engine';
import { ENGINE_VERSION } from '../core/engine';
import type { IndexedDocument } from '../core/kb-index';

export const CACHE_FILE = 'analysis.jsonl';
const FORMAT = 1;

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

export class FileAnalysisCache implements AnalysisCache {
  /** Entries read from disk, still as text: key -> JSON of the document. */
  private stored = new Map<string, string>();
  /** Entries read this run (key -> their JSON text), so a rewrite keeps exactly these. */
  private readonly used = new Map<string, string>();
  /** Results computed this run, the latest per path (edits in an editor replace each other). */
  private readonly added = new Map<string, { key: string; doc: IndexedDocument }>();
  private file?: string;
  private storedCount = 0;
  private valid = false;
  private released = false;
  private releasedUsed = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly salt: string) {}

  /** Reads the store in `dir`; a missing, unreadable or other-build file means an empty cache. */
  async load(dir: string): Promise<void> {
    this.file = join(dir, CACHE_FILE);
    this.stored = new Map();
    this.used.clear();
    this.storedCount = 0;
    this.valid = false;
    this.released = false;
    this.releasedUsed = 0;
    let text: string;
    try {
      // One decode of the whole buffer: reading with an encoding decodes chunk by chunk, far slower at 100 MB.
      text = (await fsp.readFile(this.file)).toString('utf8');
    } catch {
      return;
    }
    const lines = text.split('\n');
    try {
      const header = JSON.parse(lines[0]) as Header;
      if (header.baton !== 'analysis-cache' || header.format !== FORMAT || header.salt !== this.salt) return;
    } catch {
      return;
    }
    this.valid = true;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      // A JSON string holds no raw tab, so the first tab ends the key.
      const tab = line.indexOf('\t');
      if (tab === -1) continue;
      try {
        this.stored.set(JSON.parse(line.slice(0, tab)) as string, line.slice(tab + 1));
        this.storedCount++;
      } catch {
        // A line cut short by a concurrent writer: skip it, it is rewritten at the next compaction.
      }
    }
  }

  get(key: string): IndexedDocument | undefined {
    const text = this.stored.get(key);
    if (text === undefined) {
      this.misses++;
      return undefined;
    }
    try {
      const doc = JSON.parse(text) as IndexedDocument;
      this.used.set(key, text);
      this.hits++;
      return doc;
    } catch {
      this.stored.delete(key);
      this.misses++;
      return undefined;
    }
  }

  set(key: string, doc: IndexedDocument): void {
    this.added.set(doc.path, { key, doc });
  }

  /**
   * Writes what this run added. Appends when the file is still mostly in use, and otherwise
   * rewrites it (to a temporary file, then renamed) with only the entries this run used.
   */
  async save(): Promise<void> {
    if (!this.file) return;
    const entries = [...this.added.values()].filter((e) => !this.used.has(e.key));
    this.added.clear();
    const fresh: Array<{ key: string; json: string }> = [];
    for (const e of entries) {
      fresh.push({ key: e.key, json: JSON.stringify(e.doc) });
      // In the editor a first save writes thousands: let other work in between.
      if (fresh.length % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const unused = this.storedCount - this.usedCount();
    if (this.valid && fresh.length === 0 && unused === 0) return;
    await fsp.mkdir(dirname(this.file), { recursive: true });
    const line = (key: string, json: string) => `${JSON.stringify(key)}\t${json}\n`;
    if (this.valid && (this.released || unused <= Math.max(100, this.storedCount / 4))) {
      if (fresh.length > 0) await fsp.appendFile(this.file, fresh.map((e) => line(e.key, e.json)).join(''));
      this.storedCount += fresh.length;
    } else {
      const header: Header = { baton: 'analysis-cache', format: FORMAT, salt: this.salt };
      const parts = [JSON.stringify(header) + '\n'];
      for (const [key, json] of this.used) parts.push(line(key, json));
      for (const e of fresh) parts.push(line(e.key, e.json));
      const temp = `${this.file}.${process.pid}.tmp`;
      await fsp.writeFile(temp, parts.join(''));
      await fsp.rename(temp, this.file);
      this.storedCount = this.used.size + fresh.length;
      this.valid = true;
    }
    if (this.released) this.releasedUsed += fresh.length;
    else for (const e of fresh) this.used.set(e.key, e.json);
  }

  private usedCount(): number {
    return this.released ? this.releasedUsed : this.used.size;
  }

  /**
   * Drops the text held for look-ups and rewrites once the index is built, for a long-lived
   * process (the editor). Later saves only append; the next fresh start compacts the file.
   */
  release(): void {
    if (this.released) return;
    this.releasedUsed = this.used.size;
    this.released = true;
    this.stored = new Map();
    this.used.clear();
  }
}
