// Resolving a Markdown link in a document to a path in the repository and an anchor.
import { dirname, join, resolve } from './paths';

export interface ResolvedLink {
  /** Absolute path of the target; the document itself for `#anchor` links. */
  path: string;
  anchor?: string;
}

function decode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Folders known to be written the normal way (absolute, single slashes, no dot segments). */
const normalFolders = new Set<string>();

function isNormalFolder(dir: string): boolean {
  if (normalFolders.has(dir)) return true;
  const normal = dir.startsWith('/') && !dir.includes('\\') && !/\/\/|\/\.\.?(?:\/|$)/.test(dir) && (dir === '/' || !dir.endsWith('/'));
  if (normal) {
    if (normalFolders.size > 10_000) normalFolders.clear();
    normalFolders.add(dir);
  }
  return normal;
}

/**
 * `posix.resolve(dir, target)` for the links documents are full of ("../02-运维/部署.md"):
 * leading "../" and "./" walked on the string, the rest appended. Anything unusual (dot or empty
 * segments later on, a trailing slash, a backslash, climbing past the root) takes the general way.
 */
function resolveRelative(dir: string, target: string): string {
  if (isNormalFolder(dir) && !target.includes('\\')) {
    let end = dir.length;
    let i = 0;
    for (;;) {
      if (target.startsWith('../', i)) {
        if (end <= 1) break;
        end = dir.lastIndexOf('/', end - 1);
        i += 3;
      } else if (target.startsWith('./', i)) i += 2;
      else break;
    }
    const rest = target.slice(i);
    if (end >= 0 && rest !== '' && rest !== '.' && rest !== '..' && !rest.endsWith('/') && !rest.includes('//') && !/(?:^|\/)\.\.?(?:\/|$)/.test(rest)) {
      return `${end <= 1 ? '' : dir.slice(0, end)}/${rest}`;
    }
  }
  return resolve(dir, target);
}

/** Undefined for links that leave the repository (a scheme, `//host`) or are empty. */
export function resolveLink(docPath: string, url: string, rootDir: string): ResolvedLink | undefined {
  if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return undefined;
  const hash = url.indexOf('#');
  let target = hash === -1 ? url : url.slice(0, hash);
  const anchor = hash === -1 ? undefined : decode(url.slice(hash + 1));
  const query = target.indexOf('?');
  if (query !== -1) target = target.slice(0, query);
  target = decode(target);
  if (target === '') return { path: docPath, anchor };
  const path = target.startsWith('/') ? join(rootDir, target) : resolveRelative(dirname(docPath), target);
  return { path, anchor: anchor === '' ? undefined : anchor };
}
