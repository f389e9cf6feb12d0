// Notices HEAD moving (commit, checkout, merge, pull, reset) by watching the git directory
// with fs.watch, as VS Code's own git extension does: editor file watchers skip .git.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/** Calls `onMove` (at most once per `delayMs`) when refs, HEAD or the reflog change; `close()` stops. */
export function watchHead(gitDir: string, onMove: () => void, delayMs = 300): { close(): void } {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const fire = (name: string | Buffer | null) => {
    const file = String(name ?? '');
    // The index changes whenever anyone runs `git status`; lock files come and go around every write.
    if (file === 'index' || file.endsWith('.lock') || file.startsWith('objects')) return;
    clearTimeout(timer);
    timer = setTimeout(onMove, delayMs);
  };
  const add = (dir: string, recursive: boolean) => {
    try {
      const w = watch(dir, { recursive, persistent: false }, (_event, name) => fire(name));
      w.on('error', () => w.close());
      watchers.push(w);
    } catch {
      // The folder does not exist (no reflog, no refs yet): the others still see HEAD move.
    }
  };
  add(gitDir, false);
  add(join(gitDir, 'logs'), false);
  add(join(gitDir, 'refs', 'heads'), true);
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}

/** Calls `onCreate` when a `.git` appears in `folder` (git init, a clone into it). */
export function watchForRepository(folder: string, onCreate: () => void): { close(): void } {
  try {
    const w = watch(folder, { persistent: false }, (_event, name) => {
      if (String(name ?? '') === '.git') onCreate();
    });
    w.on('error', () => w.close());
    return { close: () => w.close() };
  } catch {
    return { close() {} };
  }
}
