// What the comparison tests draw their inputs from: every Markdown file under a folder, and a
// seeded PRNG (mulberry32), so a failure names an input that can be made again.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(path));
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

export interface Random {
  /** In [0, 1). */
  next(): number;
  pick<T>(list: T[]): T;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
}

export function random(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: (list) => list[Math.floor(next() * list.length)], int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}
