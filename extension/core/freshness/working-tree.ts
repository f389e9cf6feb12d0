// Uncommitted edits to documents (staged or not), ignoring whitespace: in the editor a
// document being edited after its change reads "being updated". CI never asks.
import type { GitHost } from '../host';
import { join, relative } from '../paths';

/** Absolute paths among `paths` whose working copy differs from HEAD in more than whitespace. */
export async function uncommittedEdits(git: GitHost, rootDir: string, prefix: string, paths: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (paths.length === 0) return out;
  // Literal pathspecs after `--`: a file named like an option or a glob stays a file name.
  const args = ['--literal-pathspecs', '-C', rootDir, 'diff', '-w', '--ignore-blank-lines', '--numstat', '-z', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', 'HEAD', '--', ...paths.map((p) => relative(rootDir, p))];
  const text = await git.run(args);
  for (const token of text.split('\0')) {
    const m = /^(\d+|-)\t(\d+|-)\t([\s\S]+)$/.exec(token.replace(/^\n+/, ''));
    if (!m) continue;
    if (m[1] === '0' && m[2] === '0') continue;
    const repoPath = m[3];
    out.add(join(rootDir, repoPath.startsWith(prefix) ? repoPath.slice(prefix.length) : relative(`/${prefix}`, `/${repoPath}`)));
  }
  return out;
}
