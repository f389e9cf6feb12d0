// Forward-slash path helpers, so findings and indexes look the same on every platform.
import { posix } from 'node:path';

export function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

export function join(...parts: string[]): string {
  return posix.join(...parts.map(toPosix));
}

export function dirname(path: string): string {
  return posix.dirname(toPosix(path));
}

export function basename(path: string, ext?: string): string {
  return posix.basename(toPosix(path), ext);
}

export function extname(path: string): string {
  return posix.extname(toPosix(path));
}

/** A path that `posix.relative` would change: backslashes, empty, `.` or `..` segments, a trailing slash. */
const UNNORMAL = /\\|\/\/|\/\.\.?(?:\/|$)|\/$/;

export function relative(from: string, to: string): string {
  // The common case, a normal absolute path below another (a document under the KB root),
  // without resolving both: it is asked for every finding's file.
  if (from.length > 1 && from.charCodeAt(0) === 47 && to.charCodeAt(from.length) === 47 && to.startsWith(from) && !UNNORMAL.test(to)) {
    return to.slice(from.length + 1);
  }
  return posix.relative(toPosix(from), toPosix(to));
}

export function resolve(base: string, ...parts: string[]): string {
  return posix.resolve(toPosix(base), ...parts.map(toPosix));
}

export function normalize(path: string): string {
  return posix.normalize(toPosix(path));
}

/** True when `child` is `parent` or lies inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !posix.isAbsolute(rel));
}
