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
  });
}
