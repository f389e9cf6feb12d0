// The findings of the rules that read only the index's shape (broken links, unknown ids),
// kept in the cache folder between `baton lint --cache` runs. They hold for one shape of the
// KB: while no file comes or goes and no id, heading or outside file changes, only the
// documents that changed run those rules again.
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ShapeMemo } from '../core/engine';
import { replaceFile } from './node-host';
import type { Finding } from '../core/types';

export const SHAPE_MEMO_FILE = 'shape-findings.json';
const FORMAT = 1;

interface Stored {
  baton: 'shape-findings';
  format: number;
  /** The build that made the findings (see buildSalt): the rules' code is part of their answer. */
  salt: string;
  shape: string;
  /** By path: the content hash the findings were made for, and the findings. */
  docs: Record<string, [hash: string, findings: Finding[]]>;
}

export class FileShapeMemo implements ShapeMemo {
  private file?: string;
  private stored?: Stored;
  /** What this run used or made, for one shape: what the next run can use. */
  private shape?: string;
  private readonly kept = new Map<string, [string, Finding[]]>();
  private changed = false;
  hits = 0;

  constructor(private readonly salt: string) {}

  /** Reads the memo in `dir`; a missing, damaged or other-build file is an empty memo. */
  async load(dir: string): Promise<void> {
    this.file = join(dir, SHAPE_MEMO_FILE);
    try {
      const stored = JSON.parse(await fsp.readFile(this.file, 'utf8')) as Stored;
      if (stored.baton === 'shape-findings' && stored.format === FORMAT && stored.salt === this.salt && stored.docs && typeof stored.docs === 'object') this.stored = stored;
    } catch {
      this.stored = undefined;
    }
  }

  get(shape: string, path: string, hash: string): Finding[] | undefined {
    if (this.stored?.shape !== shape) return undefined;
    const entry = Object.hasOwn(this.stored.docs, path) ? this.stored.docs[path] : undefined;
    if (!Array.isArray(entry) || entry[0] !== hash || !Array.isArray(entry[1])) return undefined;
    this.use(shape).set(path, entry);
    this.hits++;
    return entry[1];
  }

  set(shape: string, path: string, hash: string, findings: Finding[]): void {
    this.use(shape).set(path, [hash, findings]);
    this.changed = true;
  }

  private use(shape: string): Map<string, [string, Finding[]]> {
    if (this.shape !== shape) {
      this.kept.clear();
      this.shape = shape;
    }
    return this.kept;
  }

  /** Writes what this run used and made, if it made anything. */
  async save(): Promise<void> {
    if (!this.file || !this.shape || !this.changed) return;
    // A run over some documents keeps the others' entries of the same shape (the same files).
    const others = this.stored?.shape === this.shape ? this.stored.docs : {};
    const stored: Stored = { baton: 'shape-findings', format: FORMAT, salt: this.salt, shape: this.shape, docs: { ...others, ...Object.fromEntries(this.kept) } };
    await fsp.mkdir(dirname(this.file), { recursive: true });
    await replaceFile(this.file, JSON.stringify(stored));
    this.changed = false;
  }
}
