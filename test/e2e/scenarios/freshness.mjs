// The fixture KB becomes a git repository with dated history while the workbench is open:
// the deploy config changed 30 hours ago and its document was never updated. The Freshness
// view lists that document as stale (first), the backup document as pending, the inspection
// manual as due for review; the status bar counts them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openViewContainer } from '../ui.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const options = { fixture: resolve(here, '../../fixtures/freshness-repo'), timeoutSeconds: 180 };

const H = 3_600_000;

/**
 * Commits the workspace's files at past times in a repository built beside it, then moves
 * that `.git` in with one rename, so the editor sees a complete repository appear at once.
 */
function buildHistory(workspace) {
  const outside = mkdtempSync(join(tmpdir(), 'baton-e2e-git-'));
  const gitDir = join(outside, '.git');
  const now = Date.now();
  const git = (hoursAgo, ...args) => {
    const at = new Date(now - hoursAgo * H).toISOString();
    execFileSync('git', ['--git-dir', gitDir, '--work-tree', workspace, '-c', 'user.name=Zhang San', '-c', 'user.email=zhangsan@example.com', '-c', 'commit.gpgsign=false', ...args], {
      env: { ...process.env, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at, GIT_CONFIG_NOSYSTEM: '1' },
      stdio: 'ignore',
    });
  };
  git(0, 'init', '-q', '-b', 'main');
  git(100 * 24, 'add', '-A');
  git(100 * 24, 'commit', '-q', '-m', '知识库初始版本');
  writeFileSync(join(workspace, 'deploy/app.yaml'), 'replicas: 3\nimage: registry.example.com/report:2.0.1\n');
  git(30, 'commit', '-q', '-am', '报表服务扩容到 3 副本');
  writeFileSync(join(workspace, 'scripts/backup.sh'), '#!/bin/sh\npg_dump --format=custom report > /backup/report.dump\n');
  git(2, 'commit', '-q', '-am', '备份改为 custom 格式');
  renameSync(gitDir, join(workspace, '.git'));
  rmSync(outside, { recursive: true, force: true });
}

/** The rows of the Freshness view. */
function freshnessRows(page) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Freshness' }) });
  return pane.locator('.monaco-list-row');
}

const textsOf = async (rows) => (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

export default async function freshness(ctx) {
  const { page } = ctx;

  await ctx.step('freshness-view', async () => {
    await openViewContainer(page, 'Baton');
    await page.locator('.sidebar .pane-header', { hasText: 'Freshness' }).first().waitFor({ state: 'visible' });
    // Before there is a repository, the view says why it is empty.
    // Activation, indexing and the first look at git can take a while on a busy machine.
    await page.locator('.sidebar', { hasText: 'not in a git repository' }).waitFor({ state: 'visible', timeout: 90_000 });
    // This KB has no task items: the Checklists view says so rather than stay blank.
    const checklists = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Checklists' }) });
    await checklists.getByText('No document in the knowledge base has task items yet.').waitFor({ state: 'visible' });
  });

  await ctx.step('stale-listed', async () => {
    buildHistory(ctx.workspace);
    const rows = freshnessRows(page);
    // The repository appearing is noticed by itself: no refresh is clicked.
    await rows.filter({ hasText: '月度巡检手册' }).waitFor({ state: 'visible', timeout: 30_000 });
    const texts = await textsOf(rows);
    ctx.log(`rows: ${texts.join(' | ')}`);
    if (!/生产环境部署说明.*overdue by 6h/.test(texts[0])) throw new Error(`the stale document is not first with its overdue time: ${texts[0]}`);
    if (!/数据库备份脚本说明.*2[12]h(?: \d+m)? left/.test(texts[1])) throw new Error(`the pending document is not second with its countdown: ${texts[1]}`);
    if (!/月度巡检手册.*review due/.test(texts[2])) throw new Error(`the review is not third: ${texts[2]}`);
    await page.locator('.statusbar-item', { hasText: '1 stale · 1 pending' }).first().waitFor({ state: 'visible' });
  });

  await ctx.step('change-shown', async () => {
    // Expanding the stale document shows the commit that made it due, and the file it changed.
    const rows = freshnessRows(page);
    await rows.filter({ hasText: '生产环境部署说明' }).first().locator('.monaco-tl-twistie').click();
    await rows.filter({ hasText: '报表服务扩容到 3 副本' }).waitFor({ state: 'visible' });
    await rows.filter({ hasText: 'deploy/app.yaml' }).waitFor({ state: 'visible' });
  });
}
