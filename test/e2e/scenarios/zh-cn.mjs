// VS Code in Simplified Chinese (code-server --locale zh-cn): Baton's view titles, its
// findings in the Problems panel, its quick fixes and its hovers are all in Chinese.
import { findKbDocument } from '../kb-files.mjs';
import { goToLine, openViewContainer, quickOpen, runCommand, waitForProblem } from '../ui.mjs';

export const options = { locale: 'zh-cn' };

export default async function zhCn(ctx) {
  const { page } = ctx;
  const doc = findKbDocument(ctx.workspace, 'severity', 'P1');
  const editor = page.locator('.editor-group-container.active');

  await ctx.step('view-titles', async () => {
    await openViewContainer(page, 'Baton');
    for (const title of ['检查清单', '文档时效', '交接记录', '引用']) {
      await page.locator('.sidebar .pane-header', { hasText: title }).first().waitFor({ state: 'visible' });
    }
  });

  await ctx.step('references-view', async () => {
    await quickOpen(page, doc.name);
    const header = page.locator('.sidebar .pane-header', { hasText: '引用' }).first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    // The case is named by other documents (README, related): they are listed under their titles.
    const pane = page.locator('.sidebar .pane', { has: page.locator('.pane-header', { hasText: '引用' }) });
    await pane.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
  });

  await ctx.step('finding-in-chinese', async () => {
    await goToLine(page, doc.line);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.type('P9');
    await editor.locator('.view-line', { hasText: 'severity: P9' }).waitFor();
    await runCommand(page, 'View: Toggle Problems', { match: /Toggle Problems|切换问题/ });
    await page.locator('.markers-panel').waitFor({ state: 'visible' });
    const row = await waitForProblem(page, ['"severity" 的值无效，应为 P0, P1, P2, P3 之一']);
    ctx.log(`Problems panel: ${row}`);
  });

  await ctx.step('quick-fix-in-chinese', async () => {
    await goToLine(page, doc.line);
    await page.keyboard.press('End');
    // The lightbulb sits in the gutter of the line (a glyph-margin widget).
    const bulb = editor.locator('[class*="codicon-gutter-lightbulb"]').first();
    await bulb.waitFor({ state: 'visible' });
    await bulb.click();
    const menu = page.locator('.action-widget');
    await menu.waitFor({ state: 'visible' });
    await menu.locator('.monaco-list-row', { hasText: '改为 "P2"' }).waitFor();
  });

  await ctx.step('hover-in-chinese', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.action-widget').waitFor({ state: 'hidden' });
    await goToLine(page, doc.line);
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: '支持级别' }).first();
    await hover.waitFor({ state: 'visible' });
    await page.locator('.monaco-hover', { hasText: '必填' }).first().waitFor({ state: 'visible' });
    // Fully faded in, so the screenshot shows it as a user reads it.
    await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover')].some((h) => h.textContent.includes('支持级别') && h.getAnimations({ subtree: true }).every((a) => a.playState !== 'running')));
  });
}
