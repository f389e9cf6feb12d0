// What refers to a document: other documents that link to its file or name its id, and
// where in them, for the references view.
import { idOccurrences } from './id-references';
import type { IndexedDocument, KbIndex } from './kb-index';
import { resolveLink } from './links';
import { LineIndex } from './text';
import type { Range } from './types';

export interface Referrer {
  path: string;
  /** It links to the file (a Markdown link or image). */
  links: boolean;
  /** It names the id (in `related`, `affects` or the text). */
  mentions: boolean;
}

export interface ReferenceSite {
  kind: 'link' | 'id';
  range: Range;
  start: number;
  end: number;
}

/** Documents referring to the document at `path`, sorted by path; the document itself is left out. */
export function referrers(index: KbIndex, path: string): Referrer[] {
  const byPath = new Map<string, Referrer>();
  const entry = (p: string) => {
    let r = byPath.get(p);
    if (!r) byPath.set(p, (r = { path: p, links: false, mentions: false }));
    return r;
  };
  for (const p of index.incoming(path)) if (p !== path && index.get(p)) entry(p).links = true;
  const id = index.get(path)?.id;
  if (id) for (const p of index.mentionedBy(id)) if (p !== path && index.get(p)) entry(p).mentions = true;
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Where `referrer` (its analysis and its current text) refers to `target`, in text order. */
export function referenceSites(referrer: IndexedDocument, text: string, target: { path: string; id?: string }, rootDir: string): ReferenceSite[] {
  const lines = new LineIndex(text);
  const out: ReferenceSite[] = [];
  for (const link of referrer.links) {
    if (resolveLink(referrer.path, link.url, rootDir)?.path !== target.path) continue;
    const start = lines.lineStart(link.range.line) + link.range.column - 1;
    const end = lines.lineStart(link.range.endLine) + link.range.endColumn - 1;
    out.push({ kind: 'link', range: link.range, start, end });
  }
  if (target.id) {
    for (const o of idOccurrences(text, referrer, lines)) {
      if (o.id === target.id) out.push({ kind: 'id', range: lines.range(o.start, o.end), start: o.start, end: o.end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
