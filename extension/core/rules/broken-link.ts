// broken-link: relative links and #anchors resolve, with a "did you mean" from a small
// candidate set (the same folder, files of the same name, the target's headings).
import { msg } from '../message';
import { resolveLink } from '../links';
import { basename, dirname, relative } from '../paths';
import { closest, editDistance } from '../suggest';
import type { WorkspaceRule } from '../rule';
import type { Fix } from '../types';

interface Name {
  stem: string;
  lower: string;
  /** Character counts in 32 buckets, for a cheap lower bound of the edit distance. */
  counts: Uint8Array;
}

function countChars(text: string): Uint8Array {
  const counts = new Uint8Array(32);
  for (let i = 0; i < text.length; i++) {
    const bucket = text.charCodeAt(i) & 31;
    if (counts[bucket] < 255) counts[bucket]++;
  }
  return counts;
}

/** File names without extension, kept: a folder's files are candidates for every broken link into it. */
const names = new Map<string, Name>();
function nameOf(path: string): Name {
  let entry = names.get(path);
  if (entry === undefined) {
    if (names.size >= 100_000) names.clear();
    const stem = basename(path).replace(/\.[^.]+$/, '');
    const lower = stem.toLowerCase();
    entry = { stem, lower, counts: countChars(lower) };
    names.set(path, entry);
  }
  return entry;
}

/**
 * The file whose name is closest to `stem` among the folder's files and the files of the same
 * name: `closest()` over their distinct names (first one wins a tie), then the last file with
 * that name, without building the candidate lists for every broken link.
 */
function closestFile(stem: string, lists: string[][]): string | undefined {
  const lower = stem.toLowerCase();
  const counts = countChars(lower);
  let bestStem: string | undefined;
  let bestDistance = Math.max(1, Math.floor(stem.length / 4)) + 1;
  for (const list of lists) {
    for (const candidate of list) {
      const name = nameOf(candidate);
      if (name.stem === stem || name.stem === bestStem) continue;
      // The distance is at least the difference in length, then at least half that of the character counts (an edit changes them by two at most).
      if (Math.abs(name.lower.length - lower.length) >= bestDistance) continue;
      let diff = 0;
      for (let k = 0; k < 32; k++) diff += Math.abs(counts[k] - name.counts[k]);
      if ((diff + 1) >> 1 >= bestDistance) continue;
      const d = editDistance(lower, name.lower, bestDistance - 1);
      if (d < bestDistance) {
        bestStem = name.stem;
        bestDistance = d;
      }
    }
  }
  let best: string | undefined;
  if (bestStem !== undefined) for (const candidate of new Set(lists.flat())) if (nameOf(candidate).stem === bestStem) best = candidate;
  return best;
}

export const brokenLinkRule: WorkspaceRule = {
  id: 'broken-link',
  scope: 'workspace',
  defaultSeverity: 'error',
  description: msg('Relative links and anchors point at something that exists'),
  shapeOnly: true,
  docs: 'Every relative link and image must name a file or folder that exists, and every `#anchor` a heading of the target, using GitHub\'s slugs (Chinese headings keep their characters: `## P0 紧急` is `#p0-紧急`). When a close match exists, the finding suggests it and offers it as a fix.',
  check({ doc, index, rootDir }, report) {
    for (const link of doc.links) {
      const resolved = resolveLink(doc.path, link.url, rootDir);
      if (!resolved) continue;
      const target = index.get(resolved.path);
      const exists = target !== undefined || index.hasFile(resolved.path) || index.hasDirectory(resolved.path) || index.externalExists(resolved.path);
      const fix = (replacement: string): Fix[] | undefined =>
        link.urlStart !== undefined ? [{ title: msg('Change link to "{0}"', replacement), edits: [{ start: link.urlStart, end: link.urlEnd!, text: replacement }], preferred: true }] : undefined;
      if (!exists) {
        const name = basename(resolved.path);
        const best = closestFile(name.replace(/\.[^.]+$/, ''), [index.filesIn(dirname(resolved.path)), index.withBasename(name)]);
        let suggestion: string | undefined;
        if (best) {
          suggestion = relative(dirname(doc.path), best) || basename(best);
          if (resolved.anchor) suggestion += `#${resolved.anchor}`;
        }
        report({
          range: link.range,
          message: suggestion ? msg('Broken link: "{0}" does not exist; did you mean "{1}"?', link.url, suggestion) : msg('Broken link: "{0}" does not exist', link.url),
          fixes: suggestion ? fix(linkTarget(suggestion, link.url)) : undefined,
        });
        continue;
      }
      if (!resolved.anchor || !target) continue;
      const anchor = resolved.anchor.toLowerCase();
      if (target.headings.some((h) => h.slug === anchor)) continue;
      const best = closest(anchor, target.headings.map((h) => h.slug));
      const hash = link.url.indexOf('#');
      const replacement = best ? `${link.url.slice(0, hash + 1)}${best}` : undefined;
      report({
        range: link.range,
        message: best ? msg('Broken anchor: "#{0}" is not a heading in {1}; did you mean "#{2}"?', resolved.anchor, basename(target.path), best) : msg('Broken anchor: "#{0}" is not a heading in {1}', resolved.anchor, basename(target.path)),
        fixes: replacement ? fix(replacement) : undefined,
      });
    }
  },
};

/**
 * A path as a link target in the style of the link it replaces: percent-encoded when the author
 * encoded, else as written (Chinese names stay readable), with only what breaks a link escaped.
 */
export function linkTarget(path: string, styleOf: string): string {
  if (/%[0-9A-Fa-f]{2}/.test(styleOf)) return encodeURI(path).replace(/%23/g, '#');
  return path.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
