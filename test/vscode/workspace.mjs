// Makes the throwaway workspace a test run opens: a fresh copy of a fixture folder,
// so edits, saves and caches of one run never reach the repo or the next run.
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onExitCleanup, removeDir, repoRoot } from './code-server.mjs';

/**
 * Copies `fixture` (a folder: its contents become the workspace root) into a temp dir.
 * Without a fixture: the repo's kb/ as <tmp>/kb, plus baton.config.json when the repo has one.
 * Returns { path, remove() }.
 */
export function prepareWorkspace(fixture = process.env.BATON_FIXTURE) {
  const path = mkdtempSync(join(tmpdir(), 'baton-ws-'));
  if (fixture) {
    const source = resolve(fixture);
    if (!existsSync(source) || !statSync(source).isDirectory()) {
      rmSync(path, { recursive: true, force: true });
      throw new Error(`fixture folder ${source} does not exist`);
    }
    cpSync(source, path, { recursive: true });
  } else {
    const kb = join(repoRoot, 'kb');
    if (!existsSync(kb)) {
      rmSync(path, { recursive: true, force: true });
      throw new Error(`${kb} does not exist; pass a fixture folder instead (BATON_FIXTURE)`);
    }
    cpSync(kb, join(path, 'kb'), { recursive: true });
    const config = join(repoRoot, 'baton.config.json');
    if (existsSync(config)) cpSync(config, join(path, 'baton.config.json'));
  }
  const cancel = onExitCleanup(() => removeDir(path));
  return {
    path,
    remove() {
      removeDir(path);
      cancel();
    },
  };
}
