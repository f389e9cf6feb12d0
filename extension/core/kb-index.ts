// The KB index: every document under the roots with its id, title, headings, links and
// tasks, plus the set of all files, so cross-file rules are map look-ups, never scans.
import { basename, dirname } from './paths';
import type { Finding, ParsedDocument } from './types';

export interface IndexedDocument extends ParsedDocument {
  id?: string;
  title?: string;
  type?: string;
  /** Findings of the file rules, computed with the parse and cached with it. */
  fileFindings: Finding[];
  /** Ids of other documents the text names (frontmatter and body), from the analysis. */
  mentions?: string[];
  /**
   * Whether an item's text may name a due date (`📅`, `due:`), from the analysis: the daily
   * overdue check passes over the other documents without reading their tasks.
   */
  datedTasks?: boolean;
}

export function documentId(doc: ParsedDocument): string | undefined {
  const id = doc.frontmatter.data.id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

export class KbIndex {
  private readonly docs = new Map<string, IndexedDocument>();
  private readonly ids = new Map<string, Set<string>>();
  private readonly basenames = new Map<string, Set<string>>();
  private readonly fileSet = new Set<string>();
  private readonly dirSet = new Set<string>();
  private readonly linksTo = new Map<string, Set<string>>();
  private readonly outgoing = new Map<string, string[]>();
  private readonly dirFiles = new Map<string, Set<string>>();  /** Paths outside the roots that links name, checked once on the host: true when they exist. */
  private readonly external = new Map<string, boolean>();
  /** Documents that name an id, by id: from `related`, `affects` and the body. */
  private readonly mentioned = new Map<string, Set<string>>();

  get size(): number {
    return this.docs.size;
  }

  /** Goes up with every change to the documents, files, folders or outside paths (not links). */
  get version(): number {
    return this.changes;
  }

  private changes = 0;

  documents(): IterableIterator<IndexedDocument> {
    return this.docs.values();
  }

  get(path: string): IndexedDocument | undefined {
    return this.docs.get(path);
  }

  /** Paths of the documents that hold `id`. */
  byId(id: string): string[] {
    const paths = this.ids.get(id);
    // Sorted: documents are indexed in whatever order their parses finish, output must not vary.
    return paths ? (paths.size === 1 ? [...paths] : [...paths].sort()) : [];
  }

  allIds(): IterableIterator<string> {
    return this.ids.keys();
  }

  /** Ids that start with `prefix` (for suggestions), kept until an id comes or goes. */
  idsStartingWith(prefix: string): readonly string[] {
    this.byPrefix ??= new Map();
    let list = this.byPrefix.get(prefix);
    if (!list) this.byPrefix.set(prefix, (list = [...this.ids.keys()].filter((id) => id.startsWith(prefix))));
    return list;
  }

  private byPrefix?: Map<string, string[]>;

  hasFile(path: string): boolean {
    return this.fileSet.has(path);
  }

  hasDirectory(path: string): boolean {
    return this.dirSet.has(path);
  }

  /** Files with this base name, anywhere in the index (for suggestions). */
  withBasename(name: string): string[] {
    return [...(this.basenames.get(name.toLowerCase()) ?? [])];
  }

  /** Files in one folder (for suggestions). */
  filesIn(dir: string): string[] {
    const out: string[] = [];
    for (const name of this.dirFiles.get(dir) ?? []) out.push(name);
    return out;
  }

  externalExists(path: string): boolean {
    return this.external.get(path) === true;
  }

  /** Whether an outside path has been checked yet. */
  externalKnown(path: string): boolean {
    return this.external.has(path);
  }

  setExternal(path: string, exists: boolean): void {
    if (this.external.get(path) !== exists) this.changes++;
    this.external.set(path, exists);
  }

  /** Records a non-document file (image, attachment) or a document path. */
  addFile(path: string): void {
    if (this.fileSet.has(path)) return;
    this.changes++;
    this.fileSet.add(path);
    const dir = dirname(path);
    let set = this.dirFiles.get(dir);
    if (!set) this.dirFiles.set(dir, (set = new Set()));
    set.add(path);
    const base = basename(path).toLowerCase();
    let names = this.basenames.get(base);
    if (!names) this.basenames.set(base, (names = new Set()));
    names.add(path);
    for (let d = dir; !this.dirSet.has(d); d = dirname(d)) {
      this.dirSet.add(d);
      if (dirname(d) === d) break;
    }
  }

  removeFile(path: string): void {
    if (!this.fileSet.delete(path)) return;
    this.changes++;
    this.dirFiles.get(dirname(path))?.delete(path);
    this.basenames.get(basename(path).toLowerCase())?.delete(path);
    this.remove(path);
  }

  set(doc: IndexedDocument): void {
    this.changes++;
    this.remove(doc.path);
    this.addFile(doc.path);
    const id = documentId(doc);
    doc.id = id;
    const title = doc.frontmatter.data.title;
    doc.title = typeof title === 'string' ? title : doc.headings[0]?.text;
    const type = doc.frontmatter.data.type;
    doc.type = typeof type === 'string' ? type : undefined;
    this.docs.set(doc.path, doc);
    for (const mention of doc.mentions ?? []) {
      let set = this.mentioned.get(mention);
      if (!set) this.mentioned.set(mention, (set = new Set()));
      set.add(doc.path);
    }
    if (id) {
      let set = this.ids.get(id);
      if (!set) {
        this.ids.set(id, (set = new Set()));
        this.byPrefix = undefined;
      }
      set.add(doc.path);
    }
  }

  /** Records which documents a document links to, resolved by the caller. */
  setLinks(from: string, targets: string[]): void {
    for (const old of this.outgoing.get(from) ?? []) this.linksTo.get(old)?.delete(from);
    this.outgoing.set(from, targets);
    for (const target of targets) {
      let set = this.linksTo.get(target);
      if (!set) this.linksTo.set(target, (set = new Set()));
      set.add(from);
    }
  }

  /** What `path` links to, as `setLinks` recorded it. */
  linksFrom(path: string): readonly string[] {
    return this.outgoing.get(path) ?? [];
  }

  /** Documents that link to `path`. */
  incoming(path: string): string[] {
    return [...(this.linksTo.get(path) ?? [])];
  }

  /** Documents that name `id` in their frontmatter or body. */
  mentionedBy(id: string): string[] {
    return [...(this.mentioned.get(id) ?? [])];
  }

  /** Link targets that do not exist, with the documents linking to each (for "did you mean" updates). */
  *brokenLinkTargets(): IterableIterator<[string, ReadonlySet<string>]> {
    for (const [target, sources] of this.linksTo) {
      if (sources.size > 0 && !this.fileSet.has(target) && !this.dirSet.has(target)) yield [target, sources];
    }
  }

  /** Every file (documents and others) inside the folder `dir`. */
  filesUnder(dir: string): string[] {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.fileSet].filter((f) => f.startsWith(prefix));
  }

  /**
   * A digest of everything rules marked `shapeOnly` may read besides their own document: the
   * files in the order they were added (it breaks ties between suggestions), the folders, each
   * document's path, id and heading slugs, and which outside paths exist.
   */
  shapeText(): string {
    const parts: string[] = [[...this.fileSet].join('\n'), [...this.dirSet].sort().join('\n')];
    for (const path of [...this.docs.keys()].sort()) {
      const doc = this.docs.get(path)!;
      parts.push(`${path}\t${doc.id ?? ''}\t${doc.headings.map((h) => h.slug).join('\t')}`);
    }
    parts.push([...this.external].filter(([, exists]) => exists).map(([path]) => path).sort().join('\n'));
    return parts.join('\n\0\n');
  }

  /** Forgets a folder that is gone, with the folders inside it (files are removed one by one). */
  removeDirectory(dir: string): void {
    this.changes++;
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    for (const d of [...this.dirSet]) if (d === dir || d.startsWith(prefix)) this.dirSet.delete(d);
    this.dirFiles.delete(dir);
  }

  private remove(path: string): void {
    const old = this.docs.get(path);
    if (!old) return;
    this.changes++;
    this.docs.delete(path);
    for (const mention of old.mentions ?? []) {
      const set = this.mentioned.get(mention);
      set?.delete(path);
      if (set && set.size === 0) this.mentioned.delete(mention);
    }
    if (old.id) {
      const set = this.ids.get(old.id);
      set?.delete(path);
      if (set && set.size === 0) {
        this.ids.delete(old.id);
        this.byPrefix = undefined;
      }
    }
  }

  delete(path: string): void {
    this.setLinks(path, []);
    this.outgoing.delete(path);
    this.removeFile(path);
  }
}
