// Matching `covers` globs against every path the history has seen. Globs are grouped by
// their literal base folder, so each path is tested only against globs that could match it.
import picomatch from 'picomatch';
import { join, normalize } from '../paths';

interface CompiledGlob {
  test: (path: string) => boolean;
}

/** A `covers` entry as the repository sees it: relative to the top level, `./` and `/` dropped. */
export function repoGlob(prefix: string, glob: string): string {
  const clean = glob.trim().replace(/^\.\/+/, '').replace(/^\/+/, '');
  return normalize(join(prefix, clean)).replace(/^\.\/?$/, '');
}

const compiled = new Map<string, CompiledGlob>();

/** Compiles a glob (once); a plain folder name (no glob characters) covers everything inside it. */
export function compileGlob(glob: string): CompiledGlob {
  let hit = compiled.get(glob);
  if (!hit) {
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(glob, (hit = compile(glob)));
  }
  return hit;
}

function compile(glob: string): CompiledGlob {
  const scan = picomatch.scan(glob);
  // `folder/**`, the usual entry, matches the folder and all inside it (dot files too): no
  // matcher to build, which a KB of thousands of documents with their own folders would pay.
  const literal = scan.isGlob && scan.glob === '**' && scan.prefix === '' && !scan.negated && scan.base !== '' && !scan.base.includes('\\');
  if (scan.isGlob && !literal) {
    // One argument only: given a second (as filter() gives the index), the matcher answers with an object.
    const matcher = picomatch(glob, { dot: true });
    return { test: (path) => matcher(path) };
  }
  const folder = (literal ? scan.base : glob).replace(/\/+$/, '');
  // No folder at all (`covers: .` at the top level) is the whole repository.
  if (folder === '') return { test: () => true };
  return { test: (path) => path === folder || path.startsWith(`${folder}/`) };
}

/** True when the entry has wildcards, braces or classes: not a plain path. */
export function isGlob(glob: string): boolean {
  return picomatch.scan(glob).isGlob;
}

export function globBase(glob: string): string {
  const scan = picomatch.scan(glob);
  // The base keeps a glob's escapes (`a\*` names the folder `a*`).
  return scan.isGlob ? scan.base.replace(/\/+$/, '').replace(/\\(.)/g, '$1') : glob.replace(/\/+$/, '');
}

/** Which of the known paths each glob matches, computed once per set of paths and cached per glob. */
export class GlobIndex {
  private readonly cache = new Map<string, string[]>();
  /** Paths by every folder that contains them ('' holds all). */
  private readonly byFolder = new Map<string, string[]>();

  constructor(paths: Iterable<string>) {
    for (const path of paths) {
      const parts = path.split('/');
      for (let i = 0; i < parts.length; i++) {
        const folder = parts.slice(0, i).join('/');
        let list = this.byFolder.get(folder);
        if (!list) this.byFolder.set(folder, (list = []));
        list.push(path);
      }
      // A glob without wildcards may name the file itself.
      let self = this.byFolder.get(path);
      if (!self) this.byFolder.set(path, (self = []));
      self.push(path);
    }
  }

  /** The known files and folders right inside `folder` ('' for the top level). */
  children(folder: string): string[] {
    const out = new Set<string>();
    const start = folder === '' ? 0 : folder.length + 1;
    for (const path of this.byFolder.get(folder) ?? []) {
      if (path.length <= start) continue;
      const slash = path.indexOf('/', start);
      out.add(slash === -1 ? path : path.slice(0, slash));
    }
    return [...out];
  }

  /**
   * Whether a `covers` entry, relative to the KB root at `prefix`, matches a known path:
   * asked for every covers entry of every document at each computation, so kept per entry.
   */
  matchesAny(prefix: string, entry: string): boolean {
    let known = this.entries.get(prefix);
    if (!known) this.entries.set(prefix, (known = new Map()));
    let any = known.get(entry);
    if (any === undefined) known.set(entry, (any = this.match(repoGlob(prefix, entry)).length > 0));
    return any;
  }

  private readonly entries = new Map<string, Map<string, boolean>>();

  /** The known paths `glob` matches. */
  match(glob: string): string[] {
    let hit = this.cache.get(glob);
    if (hit) return hit;
    const { test } = compileGlob(glob);
    const candidates = this.byFolder.get(globBase(glob)) ?? [];
    hit = [...new Set(candidates)].filter(test);
    this.cache.set(glob, hit);
    return hit;
  }
}
