// Setting up a workspace for Baton: a baton.config.json, and a copy of the starter KB
// that never overwrites a file already there.
import { CONFIG_FILE, DEFAULT_CONFIG } from './config';
import type { FileSystemHost } from './host';
import { dirname, join, relative } from './paths';

/** The text of a new baton.config.json: the settings a team usually changes first. */
export function starterConfigText(roots: readonly string[] = DEFAULT_CONFIG.roots): string {
  const config = {
    roots,
    ignore: [] as string[],
    templates: roots[0] === DEFAULT_CONFIG.roots[0] ? DEFAULT_CONFIG.templates : `${roots[0]}/_templates`,
    rules: {},
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Creates baton.config.json in `rootDir` unless one exists; true when it was created. */
export async function createConfig(fs: FileSystemHost, rootDir: string, roots?: readonly string[]): Promise<boolean> {
  const file = join(rootDir, CONFIG_FILE);
  if (await fs.stat(file)) return false;
  return createFile(fs, file, starterConfigText(roots));
}

async function createFile(fs: FileSystemHost, path: string, text: string): Promise<boolean> {
  await fs.mkdir?.(dirname(path));
  if (fs.createFile) return fs.createFile(path, text);
  // A host without an atomic create: check, then write (the hosts Baton ships have createFile).
  if (await fs.stat(path)) return false;
  await fs.writeFile(path, text);
  return true;
}

export interface CopyResult {
  /** Paths created, relative to the destination. */
  created: string[];
  /** Paths that already existed and were left as they were. */
  kept: string[];
}

/** Copies every file under `from` to `to`, keeping existing files; text files only (the KB is Markdown). */
export async function copyTree(fs: FileSystemHost, from: string, to: string): Promise<CopyResult> {
  const result: CopyResult = { created: [], kept: [] };
  const pending = [from];
  const files: string[] = [];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    for (const entry of await fs.readDirectory(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) pending.push(path);
      else if (entry.isFile) files.push(path);
    }
  }
  files.sort();
  for (const file of files) {
    const rel = relative(from, file);
    const text = new TextDecoder().decode(await fs.readFile(file));
    if (await createFile(fs, join(to, rel), text)) result.created.push(rel);
    else result.kept.push(rel);
  }
  return result;
}
