// baton.config.json is broken when the folder opens: Baton does not run, and says so in the
// view and when any of its commands is run. Fixing and saving the file starts it, no reload.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openViewContainer } from '../ui.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const options = { fixture: resolve(here, '../../fixtures/broken-config'), timeoutSeconds: 150 };

/** Runs a palette command by label and waits for the palette to close. */
async function palette(page, label) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(label);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

export default async function configError(ctx) {
  const { page } = ctx;
  const checklists = page.locator('.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Checklists' }) });
  const toasts = page.locator('.notifications-toasts');

  await ctx.step('not-running', async () => {
    await toasts.getByText(/Baton could not load baton\.config\.json: .*baton\.config\.json:3:\d+/).first().waitFor({ state: 'visible' });
    await openViewContainer(page, 'Baton');
    await checklists.getByText('Baton could not load baton.config.json, so it is not running.', { exact: false }).waitFor({ state: 'visible' });
  });

  await ctx.step('command-explains', async () => {
    await page.keyboard.press('Escape');
    await palette(page, 'Baton: Check the Knowledge Base');
    await toasts.getByText('Baton is not running: baton.config.json could not be loaded.', { exact: false }).first().waitFor({ state: 'visible' });
  });

  await ctx.step('fixed-and-started', async () => {
    const file = join(ctx.workspace, 'baton.config.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"loud"', '"warning"'));
    await checklists.locator('.monaco-list-row', { hasText: '上线检查清单' }).waitFor({ state: 'visible' });
    await checklists.getByText('Baton could not load baton.config.json', { exact: false }).waitFor({ state: 'hidden' });
  });

  await ctx.step('command-runs', async () => {
    await palette(page, 'Baton: Check the Knowledge Base');
    await toasts.getByText(/Baton checked 2 documents: 0 errors/).first().waitFor({ state: 'visible' });
  });
}
