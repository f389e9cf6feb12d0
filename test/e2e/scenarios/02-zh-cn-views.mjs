// In a Simplified Chinese workbench, Baton's activity bar container shows its views
// under their Chinese names (package.nls.zh-cn.json).
import { openViewContainer } from '../ui.mjs';

export const options = { locale: 'zh-cn' };

export default async function zhCnViews(ctx) {
  const { page } = ctx;
  await ctx.step('baton-container', async () => {
    await openViewContainer(page, 'Baton');
    for (const title of ['检查清单', '文档时效']) {
      await page.locator('.sidebar .pane-header', { hasText: title }).first().waitFor({ state: 'visible' });
    }
    // This folder has a KB: the "no KB" welcome must not show, not even while Baton starts.
    const noKb = page.getByText('此文件夹中没有找到 Baton 知识库');
    if ((await noKb.count()) > 0) throw new Error('the "no knowledge base" welcome shows in a folder with one');
    await page.locator('.sidebar .pane', { hasText: '检查清单' }).locator('.monaco-list-row').first().waitFor({ state: 'visible' });
    if ((await noKb.count()) > 0) throw new Error('the "no knowledge base" welcome shows in a folder with one');
  });
}
