// What the comparison tests draw their inputs from: every Markdown file under a folder, and a
// seeded PRNG (mulberry32), so a failure names an input that can be made again.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { random as corpusRandom } from '../../../bench/lib/corpus.mjs';

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

/** The bench corpus's seeded generator (mulberry32), so tests and corpus share one. */
export function random(seed: number): Random {
  return corpusRandom(seed);
}
