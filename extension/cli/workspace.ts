// Opening the KB for a CLI command: find the repository root, load config, index with workers.
import { join as pathJoin } from 'node:path';
import { existsSync } from 'node:fs';
import { Engine, type AnalysisCache, type ShapeMemo } from '../core/engine';
import type { Host } from '../core/host';
import { dirname, join, toPosix } from '../core/paths';
import { WorkerPool } from '../node-host/worker-pool';
import { CONFIG_FILE, DEFAULT_CONFIG } from '../core/config';

/** The nearest folder up from `cwd` with baton.config.json, else the git root, else one holding kb/, else `cwd`. */
export async function findRoot(host: Host, cwd: string): Promise<string> {
  let gitRoot: string | undefined;
  let kbRoot: string | undefined;
  for (let dir = toPosix(cwd); ; dir = dirname(dir)) {
    if ((await host.fs.stat(join(dir, CONFIG_FILE)))?.isFile) return dir;
    if (!gitRoot && (await host.fs.stat(join(dir, '.git')))) gitRoot = dir;
    if (!kbRoot && (await host.fs.stat(join(dir, DEFAULT_CONFIG.roots[0])))?.isDirectory) kbRoot = dir;
    if (dirname(dir) === dir) break;
  }
  return gitRoot ?? kbRoot ?? toPosix(cwd);
}

/** The parse worker bundled next to this file; tests that run from source use in-process parsing. */
export function workerScript(): string | undefined {
  const script = pathJoin(__dirname, 'parse-worker.js');
  return existsSync(script) ? script : undefined;
}

export async function openEngine(host: Host, cwd: string, options: { cache?: AnalysisCache; shapeMemo?: ShapeMemo; workers?: boolean } = {}): Promise<Engine> {
  const root = await findRoot(host, cwd);
  const script = options.workers === false ? undefined : workerScript();
  return Engine.open(host, root, {
    cache: options.cache,
    shapeMemo: options.shapeMemo,
    source: script ? (setup, analyzer) => new WorkerPool(script, setup, analyzer) : undefined,
  });
}
