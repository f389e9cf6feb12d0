// Finds fixture documents in a scenario's workspace (read from disk, before the UI opens them).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

function markdownFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** The YAML frontmatter lines of a Markdown text, without the `---` fences, or undefined. */
export function frontmatterLines(text) {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  return end < 0 ? undefined : lines.slice(1, end);
}

/**
 * The first Markdown file under <workspace>/kb (path order) with frontmatter `key: value`.
 * Returns { path, relativePath, name, line } where line is the 1-based line of the key.
 */
export function findKbDocument(workspace, key, value) {
  const files = markdownFiles(join(workspace, 'kb'));
  for (const path of files) {
    const fm = frontmatterLines(readFileSync(path, 'utf8'));
    if (!fm) continue;
    const index = fm.findIndex((l) => new RegExp(`^${key}:[ \\t]*${value}[ \\t]*$`).test(l));
    if (index >= 0) {
      return { path, relativePath: relative(workspace, path), name: basename(path), line: index + 2 };
    }
  }
  throw new Error(`no document under kb/ has \`${key}: ${value}\` in its frontmatter (${files.length} files)`);
}
