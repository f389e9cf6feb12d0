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

export function relative(from: string, to: string): string {
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
