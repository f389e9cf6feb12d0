// Resolving a Markdown link in a document to a path in the repository and an anchor.
import { dirname, join, resolve } from './paths';

export interface ResolvedLink {
  /** Absolute path of the target; the document itself for `#anchor` links. */
  path: string;
  anchor?: string;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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
  const path = target.startsWith('/') ? join(rootDir, target) : resolve(dirname(docPath), target);
  return { path, anchor: anchor === '' ? undefined : anchor };
}
