// A folder with no knowledge base: the Baton view welcomes the user with buttons, the
// walkthrough "Get started with Baton" creates the starter KB from its first step, the
// step is ticked, and the views fill with the new KB.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openViewContainer } from '../ui.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const options = { fixture: resolve(here, '../../fixtures/no-kb'), timeoutSeconds: 150 };

export default async function onboarding(ctx) {
  const { page } = ctx;
  const checklists = page.locator('.sidebar .pane', { has: page.locator('.pane-header', { hasText: 'Checklists' }) });
  const walkthrough = page.locator('.gettingStartedContainer');
  const firstStep = walkthrough.locator('.getting-started-step', { hasText: 'Open your knowledge base' });

  await ctx.step('welcome', async () => {
    // Nothing activates Baton in this folder until its view is opened (lazy activation).
    await openViewContainer(page, 'Baton');
    await checklists.getByText('No Baton knowledge base was found in this folder.').waitFor({ state: 'visible' });
    await checklists.getByRole('button', { name: 'Create a starter KB' }).waitFor({ state: 'visible' });
    await checklists.getByRole('button', { name: 'Create baton.config.json' }).waitFor({ state: 'visible' });
  });

  await ctx.step('walkthrough', async () => {
    // The command asks which walkthrough in a second pick, so the palette stays open between the two.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await page.keyboard.type('Welcome: Open Walkthrough');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Open Walkthrough' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Baton' }).first().click();
    await walkthrough.getByText('Get started with Baton').first().waitFor({ state: 'visible' });
    for (const step of ['Fix a finding', 'Tick a checklist item', 'Create a case', 'See what is out of date']) {
      await walkthrough.locator('.getting-started-step', { hasText: step }).waitFor({ state: 'visible' });
    }
    await firstStep.locator('[role=checkbox][aria-checked=false]').waitFor({ state: 'attached' });
  });

  await ctx.step('starter-kb-created', async () => {
    await firstStep.getByRole('button', { name: 'Create a Starter Knowledge Base' }).click();
    await page.locator('.notifications-toasts', { hasText: /Created \d+ files in kb/ }).waitFor({ state: 'visible' });
    await page.locator('.tabs-container .tab', { hasText: 'README.md' }).waitFor({ state: 'visible' });
    for (const file of ['kb/README.md', 'kb/06-案例库', 'baton.config.json', 'README.md']) {
      if (!existsSync(join(ctx.workspace, file))) throw new Error(`${file} is missing after creating the starter KB`);
    }
  });

  await ctx.step('step-done', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).click();
    await firstStep.locator('[role=checkbox][aria-checked=true]').waitFor({ state: 'attached' });
  });

  await ctx.step('views-filled', async () => {
    await checklists.getByText('No Baton knowledge base was found in this folder.').waitFor({ state: 'hidden' });
    await checklists.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
  });

  await ctx.step('kb-clean', async () => {
    // Files arrive one by one; links and ids naming files not there yet are errors for a moment.
    // Once all are in, the index has caught up and the starter KB has no error, like `baton lint`.
    await page.waitForFunction(() => /^\s*0\b/.test(document.getElementById('status.problems')?.textContent ?? ''), undefined, { timeout: 30_000 });
  });
}
