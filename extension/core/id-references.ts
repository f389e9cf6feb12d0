// Ids of documents written in a text (CASE-2026-001 in `related` or in a sentence): where
// they are, for links, go-to-definition, the references view and cross-file updates.
import type { LineIndex } from './text';
import type { ParsedDocument } from './types';

export interface IdOccurrence {
  id: string;
  start: number;
  end: number;
}

/**
 * An id-like token: a capital letter, then dash-separated parts, not part of a path or file
 * name (`src/KB-0003.ts`). Whether it names a document is for the index to say; one fixed
 * pattern keeps workspace regexes off the main thread.
 */
const ID_TOKEN = /(?<![A-Za-z0-9_/.\\-])[A-Z][A-Z0-9_]*(?:-[A-Za-z0-9_]+)+(?![A-Za-z0-9_/]|\.[A-Za-z0-9])/g;

type Scanned = Pick<ParsedDocument, 'frontmatter' | 'codeLines' | 'links'>;

/** Offset spans to leave out: code blocks and HTML (but not the frontmatter), and link targets. */
function skippedSpans(doc: Scanned, lines: LineIndex): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const fmEnd = doc.frontmatter.range?.endLine ?? 0;
  for (const [from, to] of doc.codeLines) {
    if (to <= fmEnd) continue;
    spans.push([lines.lineStart(Math.max(from, fmEnd + 1)), lines.lineEnd(to)]);
  }
  for (const link of doc.links) {
    if (link.urlStart !== undefined && link.urlEnd !== undefined) spans.push([link.urlStart, link.urlEnd]);
    else spans.push([lines.lineStart(link.range.line) + link.range.column - 1, lines.lineStart(link.range.endLine) + link.range.endColumn - 1]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  // Merged, so their ends rise with their starts and one pass can walk them.
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

/** Every id-like token of the text, in order, outside code and link targets. */
export function idOccurrences(text: string, doc: Scanned, lines: LineIndex): IdOccurrence[] {
  const spans = skippedSpans(doc, lines);
  const out: IdOccurrence[] = [];
  let s = 0;
  for (const m of text.matchAll(ID_TOKEN)) {
    const token = trimTrailing(m[0]);
    if (!/\d/.test(token)) continue;
    const start = m.index!;
    const end = start + token.length;
    while (s < spans.length && spans[s][1] <= start) s++;
    if (s < spans.length && spans[s][0] < end) continue;
    out.push({ id: token, start, end });
  }
  return out;
}

/** A trailing underscore is emphasis or punctuation (`_KB-0001_`), not part of the id. */
function trimTrailing(token: string): string {
  return token.replace(/_+$/, '');
}

/** The distinct ids a document mentions, besides its own: what the index records as its references. */
export function idMentions(text: string, doc: Scanned, lines: LineIndex): string[] {
  const own = typeof doc.frontmatter.data.id === 'string' ? doc.frontmatter.data.id : undefined;
  const ids = new Set<string>();
  for (const o of idOccurrences(text, doc, lines)) if (o.id !== own) ids.add(o.id);
  return [...ids];
}

/** The occurrence at `offset` (inclusive of both ends, so a cursor after the last character counts). */
export function idAt(occurrences: readonly IdOccurrence[], offset: number): IdOccurrence | undefined {
  return occurrences.find((o) => o.start <= offset && offset <= o.end);
}
