// Keeps the index current as files are edited, created, changed and deleted, and says which
// documents' findings may have changed, so an editor re-checks those and not the whole KB.
import type { Engine } from './engine';
import type { IndexedDocument, KbIndex } from './kb-index';
import { basename, dirname, isInside, join } from './paths';
import { editDistance } from './suggest';

/** What other documents' findings read of a document: its id and its headings' anchors. */
interface Shape {
  id?: string;
  slugs: string[];
}

function shapeOf(doc: IndexedDocument | undefined): Shape | undefined {
  return doc && { id: doc.id, slugs: doc.headings.map((h) => h.slug) };
}

const stem = (path: string) => basename(path).replace(/\.[^.]+$/, '').toLowerCase();

/**
 * Documents with a broken link whose "did you mean" may change when `path` comes or goes: the
 * broken-link rule suggests files of the target's folder or base name within an edit distance
 * of a quarter of the target's name, so only targets that close to `path` are affected.
 */
export function brokenLinksNear(index: KbIndex, path: string): string[] {
  const dir = dirname(path);
  const base = basename(path).toLowerCase();
  const name = stem(path);
  const out = new Set<string>();
  for (const [target, sources] of index.brokenLinkTargets()) {
    if (dirname(target) !== dir && basename(target).toLowerCase() !== base) continue;
    const wanted = stem(target);
    const limit = Math.max(1, Math.floor(wanted.length / 4));
    if (editDistance(wanted, name, limit) <= limit) for (const s of sources) out.add(s);
  }
  return [...out];
}

function sameSlugs(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * Documents whose findings may change when the document at `path` goes from `before` to
 * `after` (undefined: it does not exist). Includes `path` itself.
 *  - links to it (broken-link, and anchors when its headings change);
 *  - broken links near it, whose "did you mean" may now find it (when it comes or goes);
 *  - documents with its old or new id (unique-id) and documents naming that id (unknown-reference).
 */
export function affectedBy(index: KbIndex, path: string, before: Shape | undefined, after: Shape | undefined): string[] {
  const out = new Set<string>([path]);
  const add = (paths: Iterable<string>) => {
    for (const p of paths) out.add(p);
  };
  const existence = !before !== !after;
  if (existence || !sameSlugs(before?.slugs ?? [], after?.slugs ?? [])) add(index.incoming(path));
  if (existence) add(brokenLinksNear(index, path));
  if (existence || before?.id !== after?.id) {
    for (const id of new Set([before?.id, after?.id])) {
      if (!id) continue;
      add(index.byId(id));
      add(index.mentionedBy(id));
    }
  }
  return [...out].filter((p) => p === path || index.get(p) !== undefined);
}

/** A file that is not a document (an image, an attachment) came or went: links to it may change. */
function fileImpact(index: KbIndex, path: string): string[] {
  return [...new Set([...index.incoming(path), ...brokenLinksNear(index, path)])].filter((p) => index.get(p) !== undefined);
}

/** Analyses an editor's text for a document; returns the document and the paths to re-check. */
export async function documentEdited(engine: Engine, path: string, text: string): Promise<{ doc: IndexedDocument; affected: string[] }> {
  const before = shapeOf(engine.index.get(path));
  const doc = await engine.update(path, text);
  return { doc, affected: affectedBy(engine.index, path, before, shapeOf(doc)) };
}

function inRoots(engine: Engine, path: string): boolean {
  return engine.roots().some((root) => isInside(root, path));
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * A file or folder was created or changed on disk: indexes what is in it and returns the
 * paths to re-check. A folder (moved in, or created with files) is walked.
 */
export async function fileChanged(engine: Engine, path: string): Promise<string[]> {
  const stat = await engine.host.fs.stat(path);
  if (!stat) return fileDeleted(engine, path);
  const out = new Set<string>();
  if (stat.isDirectory) {
    if (!inRoots(engine, path) && !engine.roots().some((root) => isInside(path, root))) return [];
    const pending = [path];
    while (pending.length > 0) {
      const dir = pending.pop()!;
      const entries = await engine.host.fs.readDirectory(dir).catch(() => []);
      for (const entry of entries) {
        const child = join(dir, entry.name);
        if (entry.isDirectory && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) pending.push(child);
        else if (entry.isFile) for (const p of await fileChanged(engine, child)) out.add(p);
      }
    }
    for (const p of engine.index.incoming(path)) if (engine.index.get(p)) out.add(p);
    return [...out];
  }
  if (engine.isDocument(path)) {
    const before = shapeOf(engine.index.get(path));
    const doc = await engine.load(path);
    return affectedBy(engine.index, path, before, shapeOf(doc));
  }
  if (!inRoots(engine, path) || engine.index.hasFile(path)) return [];
  engine.index.addFile(path);
  return fileImpact(engine.index, path);
}

/** A file or folder was deleted: forgets it and returns the paths to re-check (with `path` when it was a document). */
export function fileDeleted(engine: Engine, path: string): string[] {
  const index = engine.index;
  const doc = index.get(path);
  if (doc) {
    const before = shapeOf(doc);
    engine.remove(path);
    return affectedBy(index, path, before, undefined);
  }
  if (index.hasFile(path)) {
    index.removeFile(path);
    return fileImpact(index, path);
  }
  if (!index.hasDirectory(path)) return [];
  const out = new Set<string>();
  for (const file of index.filesUnder(path)) for (const p of fileDeleted(engine, file)) out.add(p);
  index.removeDirectory(path);
  for (const p of index.incoming(path)) if (index.get(p)) out.add(p);
  return [...out];
}
