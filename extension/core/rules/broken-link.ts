// broken-link: relative links and #anchors resolve, with a "did you mean" from a small
// candidate set (the same folder, files of the same name, the target's headings).
import { msg } from '../message';
import { resolveLink } from '../links';
import { basename, dirname, relative } from '../paths';
import { closest } from '../suggest';
import type { WorkspaceRule } from '../rule';
import type { Fix } from '../types';

export const brokenLinkRule: WorkspaceRule = {
  id: 'broken-link',
  scope: 'workspace',
  defaultSeverity: 'error',
  description: msg('Relative links and anchors point at something that exists'),
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
        const candidates = new Set([...index.filesIn(dirname(resolved.path)), ...index.withBasename(name)]);
        const stem = name.replace(/\.[^.]+$/, '');
        const byName = new Map([...candidates].map((c) => [basename(c).replace(/\.[^.]+$/, ''), c]));
        const bestName = closest(stem, byName.keys());
        const best = bestName !== undefined ? byName.get(bestName) : undefined;
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
