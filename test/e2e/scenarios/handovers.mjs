// The Handovers view in the Baton container lists the starter KB's handover records with
// their state; expanding a record shows who signed, and clicking it opens the record.
import { openViewContainer } from '../ui.mjs';

/** The rows of the Handovers view. */
function handoverRows(page) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Handovers' }) });
  return pane.locator('.monaco-list-row');
}

const textsOf = async (rows) => (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

export default async function handovers(ctx) {
  const { page } = ctx;

  await ctx.step('handovers-view', async () => {
    await openViewContainer(page, 'Baton');
    const header = page.locator('.sidebar .pane-header', { hasText: 'Handovers' }).first();
    await header.waitFor({ state: 'visible' });
    // The view starts collapsed (package.json); open it like a user would.
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const rows = handoverRows(page);
    await rows.filter({ hasText: 'HO-2026-001' }).waitFor({ state: 'visible', timeout: 30_000 });
    await rows.filter({ hasText: 'HO-2026-002' }).waitFor({ state: 'visible' });
    const texts = await textsOf(rows);
    ctx.log(`rows: ${texts.join(' | ')}`);
    for (const id of ['HO-2026-001', 'HO-2026-002']) {
      const row = texts.find((t) => t.includes(id));
      if (!/signed off · \d+ controls done/.test(row ?? '')) throw new Error(`${id} is not shown as signed off: ${row}`);
    }
    await header.locator('.monaco-icon-label, .title', { hasText: 'Handovers' }).first().waitFor({ state: 'visible' });
  });

  await ctx.step('signatures-shown', async () => {
    const rows = handoverRows(page);
    await rows.filter({ hasText: 'HO-2026-001' }).first().locator('.monaco-tl-twistie').click();
    await rows.filter({ hasText: 'handing-over party' }).filter({ hasText: 'signed by' }).first().waitFor({ state: 'visible' });
    await rows.filter({ hasText: 'receiving party' }).filter({ hasText: 'signed by' }).first().waitFor({ state: 'visible' });
  });

  await ctx.step('record-opened', async () => {
    await handoverRows(page).filter({ hasText: 'HO-2026-001' }).first().locator('.label-name').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'HO-2026-001' }).waitFor({ state: 'visible' });
  });
}
