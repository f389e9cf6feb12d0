// An untrusted folder: Baton still checks documents with its bundled schemas, and its status
// bar item says it runs in Restricted Mode, what is off and why.
import { findKbDocument } from '../kb-files.mjs';
import { goToLine, quickOpen, runCommand, waitForProblem } from '../ui.mjs';

export const options = { workspaceTrust: true, timeoutSeconds: 150 };

export default async function restrictedMode(ctx) {
  const { page } = ctx;
  const doc = findKbDocument(ctx.workspace, 'severity', 'P1');

  await ctx.step('restricted', async () => {
    // The folder opens untrusted; if VS Code asks, the answer is no.
    const no = page.getByRole('button', { name: /No, I don't trust/i });
    const restricted = page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first();
    await Promise.race([no.waitFor({ state: 'visible', timeout: 60_000 }), restricted.waitFor({ state: 'visible', timeout: 60_000 })]);
    if (await no.isVisible()) await no.click();
    await restricted.waitFor({ state: 'visible' });
  });

  await ctx.step('baton-says-why', async () => {
    // Baton activates on the KB in the folder and shows its own item.
    const item = page.locator('.statusbar-item', { hasText: 'Baton: Restricted' });
    await item.waitFor({ state: 'visible' });
    await item.hover();
    const tooltip = page.locator('.monaco-hover', { hasText: 'Baton runs in Restricted Mode because this workspace is not trusted.' }).first();
    await tooltip.waitFor({ state: 'visible' });
    for (const line of ['Git does not run', 'Schemas from the workspace are not loaded', 'Still on: every check with the bundled schemas']) {
      await tooltip.getByText(line, { exact: false }).waitFor({ state: 'visible' });
    }
  });

  await ctx.step('still-checking', async () => {
    await page.mouse.move(700, 400);
    await quickOpen(page, doc.name);
    await goToLine(page, doc.line);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.type('P9');
    await runCommand(page, 'View: Toggle Problems', { match: /Toggle Problems/ });
    await waitForProblem(page, ['baton', 'Unexpected value for "severity"']);
  });
}
