// In an untrusted workspace Baton runs no git: the fixture becomes a repository whose config
// would run a program on any working-tree git command (core.fsmonitor). The folder is not
// trusted; the Freshness view says why it is off, and the program never runs.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openViewContainer } from '../ui.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const options = { fixture: resolve(here, '../../fixtures/freshness-repo'), workspaceTrust: true, timeoutSeconds: 180 };

export default async function freshnessUntrusted(ctx) {
  const { page } = ctx;
  const trap = mkdtempSync(join(tmpdir(), 'baton-e2e-trap-'));
  const marker = join(trap, 'git-ran');
  const hook = join(trap, 'fsmonitor.sh');
  writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
  chmodSync(hook, 0o755);
  try {
    const git = (...args) => execFileSync('git', ['-c', 'user.name=Zhang San', '-c', 'user.email=zhangsan@example.com', ...args], { cwd: ctx.workspace, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', '初始');
    git('config', 'core.fsmonitor', hook);
    rmSync(marker, { force: true }); // our own commands above may have run it

    await ctx.step('restricted-mode', async () => {
      // The folder opens untrusted (Restricted Mode); if VS Code asks, the answer is no.
      const no = page.getByRole('button', { name: /No, I don't trust/i });
      const restricted = page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first();
      await Promise.race([no.waitFor({ state: 'visible', timeout: 60_000 }), restricted.waitFor({ state: 'visible', timeout: 60_000 })]);
      if (await no.isVisible()) await no.click();
      await restricted.waitFor({ state: 'visible' });
    });

    await ctx.step('view-says-why', async () => {
      await openViewContainer(page, 'Baton');
      const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Freshness' }) });
      await pane.getByText('untrusted workspace', { exact: false }).waitFor({ state: 'visible', timeout: 90_000 });
      // Asking again still runs no git.
      await pane.locator('.pane-header').hover();
      await pane.locator('.pane-header .action-label[aria-label="Refresh"]').click();
      await pane.getByText('runs no git until you trust this folder', { exact: false }).waitFor({ state: 'visible' });
      if (existsSync(marker)) throw new Error('git ran in the untrusted workspace: the core.fsmonitor program was started');
    });
  } finally {
    rmSync(trap, { recursive: true, force: true });
  }
}
