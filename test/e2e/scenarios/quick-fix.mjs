// A user breaks a field, clicks the lightbulb, picks Baton's fix, and the finding is gone:
// the quick fix through the UI, on an unsaved document.
import { findKbDocument } from '../kb-files.mjs';
import { goToLine, quickOpen, runCommand, problemTexts } from '../ui.mjs';

export default async function quickFix(ctx) {
  const { page } = ctx;
  const doc = findKbDocument(ctx.workspace, 'severity', 'P1');
  const editor = page.locator('.editor-group-container.active');
  ctx.log(`editing ${doc.relativePath}, line ${doc.line}`);

  await ctx.step('document-open', () => quickOpen(page, doc.name));

  await ctx.step('severity-p9', async () => {
    await goToLine(page, doc.line);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.type('P9');
    await editor.locator('.view-line', { hasText: 'severity: P9' }).waitFor();
    await editor.locator('.squiggly-error').first().waitFor();
  });

  await ctx.step('lightbulb-menu', async () => {
    // The cursor is on the finding: VS Code shows the lightbulb; clicking it lists the fixes.
    // The lightbulb sits in the gutter of the line (a glyph-margin widget).
    const bulb = editor.locator('[class*="codicon-gutter-lightbulb"]').first();
    await bulb.waitFor({ state: 'visible' });
    await bulb.click();
    const menu = page.locator('.action-widget');
    await menu.waitFor({ state: 'visible' });
    for (const value of ['P0', 'P1', 'P2', 'P3']) await menu.locator('.monaco-list-row', { hasText: `Change to "${value}"` }).waitFor();
  });

  await ctx.step('fix-applied', async () => {
    // Down to the fix, as with the keyboard (a pointer block covers the menu while it opens), then Enter.
    const wanted = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Change to "P2"' });
    for (let i = 0; i < 10 && !(await wanted.isVisible()); i++) await page.keyboard.press('ArrowDown');
    await wanted.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await editor.locator('.view-line', { hasText: 'severity: P2' }).waitFor();
    await editor.locator('.squiggly-error').first().waitFor({ state: 'detached' });
    await page.locator('.tabs-container .tab.active.dirty', { hasText: doc.name }).waitFor();
  });

  await ctx.step('problems-clear', async () => {
    await runCommand(page, 'View: Toggle Problems', { match: /Toggle Problems/ });
    await page.locator('.markers-panel').waitFor({ state: 'visible' });
    // The panel lists other documents' findings (overdue checklist items); none left for this one.
    await page.waitForFunction(
      (name) => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.textContent.includes(name) && /severity|P9/.test(r.textContent)),
      doc.name,
    );
    const left = (await problemTexts(page)).filter((t) => t.includes('P9'));
    if (left.length) throw new Error(`the Problems panel still shows: ${left.join('; ')}`);
  });
}
