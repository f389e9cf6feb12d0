// A user breaks a frontmatter field by typing, and the Problems panel shows Baton's finding.
import { findKbDocument } from '../kb-files.mjs';
import { goToLine, openProblems, quickOpen, statusBarCursor, waitForProblem } from '../ui.mjs';

export default async function frontmatterDiagnostic(ctx) {
  const { page } = ctx;
  const doc = findKbDocument(ctx.workspace, 'status', 'published');
  ctx.log(`editing ${doc.relativePath}, line ${doc.line}`);
  await ctx.shot('workbench');

  await ctx.step('document-open', () => quickOpen(page, doc.name));

  await ctx.step('status-finished', async () => {
    // Select the value `published` at the end of the `status:` line and type over it.
    await goToLine(page, doc.line);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.type('finished');
    await statusBarCursor(page, doc.line, 'status: finished'.length + 1);
    await page.locator('.editor-group-container.active .view-line', { hasText: 'status: finished' }).waitFor();
  });

  await ctx.step('problems-panel', async () => {
    await openProblems(page);
    const problem = await waitForProblem(page, ['baton', /finished|draft|review|archived/]);
    ctx.log(`Problems panel: ${problem}`);
    // Still unsaved: the finding came from the open buffer, not the file on disk.
    await page.locator('.tabs-container .tab.active.dirty', { hasText: doc.name }).waitFor();
  });
}
