// A user runs "Baton: New Case…" from the command palette, answers every prompt by typing,
// and the new case opens with the cursor in its first section; pressing Escape at a
// prompt afterwards creates nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { focusWorkbench, statusBarCursor } from '../ui.mjs';

const CASES = join('kb', '06-案例库');

function caseFiles(workspace) {
  return readdirSync(join(workspace, CASES)).sort();
}

/** Waits until the quick input is open with a title containing `text`. */
async function promptTitled(page, text) {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible' });
  await widget.locator('.quick-input-title', { hasText: text }).waitFor({ state: 'visible' });
  return widget;
}

/** Opens the palette with "Baton: New Case…" focused, ready for Enter. */
async function paletteNewCase(page) {
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible' });
  await page.keyboard.type('Baton: New Case');
  await widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Baton: New Case' }).waitFor({ state: 'visible' });
}

/** Types `filter` into the open pick list and waits until the focused row shows `row`. */
async function filterTo(page, widget, filter, row) {
  await page.keyboard.type(filter);
  await widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: row }).waitFor({ state: 'visible' });
}

// Each step fills in one prompt and stops before Enter, so its screenshot shows the answer;
// the next step presses Enter.
export default async function newCase(ctx) {
  const { page, workspace } = ctx;
  const before = caseFiles(workspace);
  const title = '网关 502 错误激增';
  // The Baton icon in the activity bar means the extension's contributions, commands included, are in.
  await page.locator('.activitybar [aria-label^="Baton"]').first().waitFor({ state: 'visible', timeout: 60_000 });
  await ctx.shot('workbench');

  await ctx.step('palette', () => paletteNewCase(page));

  await ctx.step('category', async () => {
    await page.keyboard.press('Enter');
    const widget = await promptTitled(page, 'New case: category');
    for (const label of ['故障案例', '优化案例', '安全案例', '开发案例']) {
      await widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).waitFor({ state: 'visible' });
    }
    await filterTo(page, widget, '故障', '故障案例');
  });

  await ctx.step('title', async () => {
    await page.keyboard.press('Enter');
    await promptTitled(page, 'New 故障案例');
    await page.keyboard.type(title);
    await page.waitForFunction((t) => document.querySelector('.quick-input-widget input.input')?.value === t, title);
  });

  await ctx.step('severity', async () => {
    await page.keyboard.press('Enter');
    const widget = await promptTitled(page, '支持级别');
    await filterTo(page, widget, 'P1', 'P1 重要');
  });

  await ctx.step('occurred-at', async () => {
    await page.keyboard.press('Enter');
    const widget = await promptTitled(page, '发生时间');
    const value = await widget.locator('input.input').first().inputValue();
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/.test(value)) throw new Error(`the time is not prefilled with now: "${value}"`);
  });

  await ctx.step('related', async () => {
    await page.keyboard.press('Enter');
    await promptTitled(page, '相关文档');
  });

  let created;
  await ctx.step('opened', async () => {
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'CASE-' }).waitFor({ state: 'visible' });
    const added = caseFiles(workspace).filter((f) => !before.includes(f));
    if (added.length !== 1) throw new Error(`expected one new case file, found: ${added.join(', ') || '(none)'}`);
    created = added[0];
    if (!created.endsWith('-网关-502-错误激增.md')) throw new Error(`unexpected file name ${created}`);
    await page.locator('.tabs-container .tab.active', { hasText: created.replace(/\.md$/, '') }).waitFor({ state: 'visible' });
  });

  await ctx.step('cursor-in-first-section', async () => {
    const text = readFileSync(join(workspace, CASES, created), 'utf8');
    const id = /^id: (CASE-\d{4}-\d{3})$/m.exec(text)?.[1];
    if (!id || !created.startsWith(id)) throw new Error(`the file ${created} does not hold its id (${id})`);
    for (const expected of [`title: ${title}`, 'severity: P1', 'category: incident', 'status: draft']) {
      if (!text.includes(`\n${expected}\n`)) throw new Error(`"${expected}" missing from:\n${text}`);
    }
    const lines = text.split('\n');
    const line = lines.findIndex((l, i) => i > lines.indexOf('## 问题描述') && l.startsWith('待补充')) + 1;
    await statusBarCursor(page, line);
    await page.locator('.statusbar-item', { hasText: 'selected' }).first().waitFor({ state: 'visible' });
    ctx.log(`created ${created} (${id}); cursor on line ${line}`);
  });

  const now = caseFiles(workspace);
  await ctx.step('escape-at-title', async () => {
    await paletteNewCase(page);
    await page.keyboard.press('Enter');
    const widget = await promptTitled(page, 'New case: category');
    await filterTo(page, widget, '安全', '安全案例');
    await page.keyboard.press('Enter');
    await promptTitled(page, 'New 安全案例');
    await page.keyboard.type('不会创建');
  });

  await ctx.step('nothing-created', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const after = caseFiles(workspace);
    if (after.join('\n') !== now.join('\n')) throw new Error(`Escape created: ${after.filter((f) => !now.includes(f)).join(', ')}`);
    await page.locator('.tabs-container .tab.active', { hasText: created.replace(/\.md$/, '') }).waitFor({ state: 'visible' });
  });

  // The same commands sit in the Explorer's menu on a folder: the document goes in that folder.
  await ctx.step('explorer-folder-menu', async () => {
    const rows = page.locator('.explorer-folders-view .monaco-list-row');
    const kb = rows.filter({ hasText: /^kb$/ }).first();
    await kb.waitFor({ state: 'visible' });
    if ((await kb.getAttribute('aria-expanded')) !== 'true') await kb.click();
    const folder = rows.filter({ hasText: '03-开发指南' }).first();
    await folder.waitFor({ state: 'visible' });
    await folder.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    await menu.locator('.action-label', { hasText: 'Baton: New' }).first().hover();
    await menu.locator('.action-label', { hasText: 'New Article…' }).first().waitFor({ state: 'visible' });
  });

  await ctx.step('explorer-new-article', async () => {
    await page.locator('.context-view .monaco-menu .action-label', { hasText: 'New Article…' }).first().click();
    await promptTitled(page, 'New 知识库文章');
    await page.keyboard.type('从资源管理器新建');
    await page.keyboard.press('Enter');
    const widget = await promptTitled(page, '所属分区');
    // An area whose own folder is another one: the right-clicked folder still wins.
    await filterTo(page, widget, '运维', '02 运维指南');
    await page.keyboard.press('Enter');
    await promptTitled(page, '相关文档');
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: '从资源管理器新建' }).waitFor({ state: 'visible' });
    const text = readFileSync(join(workspace, 'kb', '03-开发指南', '从资源管理器新建.md'), 'utf8');
    if (!/^type: article$/m.test(text) || !/^area: operations$/m.test(text)) throw new Error(`unexpected article:\n${text}`);
  });
}
