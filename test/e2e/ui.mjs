// Small page helpers for driving the VS Code workbench in code-server with playwright-core.
// Every helper waits on what the UI shows, never on a fixed delay.

/** Waits until the workbench is up and the editor area has been laid out. */
export async function waitForWorkbench(page, { timeout = 60_000 } = {}) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout });
}

/** Opens a view container from the activity bar by its title, and waits for its side bar. */
export async function openViewContainer(page, title) {
  const item = page.locator(`.activitybar [aria-label^="${title}"]`).first();
  await item.waitFor({ state: 'visible' });
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const container = page.locator('.sidebar .composite.title', { hasText: new RegExp(escaped, 'i') });
  if (!(await container.isVisible())) await item.click();
  await container.waitFor({ state: 'visible' });
}

/** The quick input (palette, Quick Open, Go to Line) once it is visible. */
async function quickInput(page) {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible' });
  return widget;
}

/** Picks the row of the open quick input whose text matches `match`, with Enter. */
async function pickRow(page, match) {
  const widget = await quickInput(page);
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: match }).first();
  await row.waitFor({ state: 'visible' });
  // Enter picks the focused row; move the focus onto ours first if it is not the first.
  const focused = widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: match });
  if ((await focused.count()) === 0) await row.click();
  else await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

/** Runs a command from the F1 palette by its label, e.g. 'View: Toggle Problems'. */
export async function runCommand(page, label, { match = label } = {}) {
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  await quickInput(page);
  await page.keyboard.type(label);
  await pickRow(page, match);
}

/** Opens a workspace file through Quick Open (Ctrl+P), by name, and waits for its editor tab. */
export async function quickOpen(page, name, { match = name } = {}) {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  await quickInput(page);
  await page.keyboard.type(name);
  await pickRow(page, match);
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
  await activeEditor(page).waitFor({ state: 'visible' });
}

/** The text area of the focused code editor. */
export function activeEditor(page) {
  return page.locator('.editor-group-container.active .monaco-editor textarea.inputarea').first();
}

/** Puts the cursor at the start of a 1-based line of the active editor (Ctrl+G). */
export async function goToLine(page, line) {
  await activeEditor(page).focus();
  await page.keyboard.press('Control+G');
  await quickInput(page);
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await statusBarCursor(page, line);
}

/** Waits until the status bar shows the cursor on `line` (and `column`, if given). */
export async function statusBarCursor(page, line, column) {
  const text = column ? `Ln ${line}, Col ${column}` : `Ln ${line},`;
  await page.locator('.statusbar-item', { hasText: text }).first().waitFor({ state: 'visible' });
}

/** Closes a quick input left open, so the next shortcut reaches the workbench. */
export async function focusWorkbench(page) {
  const widget = page.locator('.quick-input-widget');
  if (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
  }
}

/** Shows the Problems panel (command workbench.actions.view.problems, a toggle: only when hidden). */
export async function openProblems(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await runCommand(page, 'View: Toggle Problems', { match: /Toggle Problems/ });
  await panel.waitFor({ state: 'visible' });
}

/** The rows of the Problems panel whose text matches every entry of `texts`. */
export function problemRows(page, ...texts) {
  let rows = page.locator('.markers-panel .monaco-list-row');
  for (const t of texts) rows = rows.filter({ hasText: t });
  return rows;
}

/** The text of every row the Problems panel shows, one string per row. */
export async function problemTexts(page) {
  const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  return rows.map((r) => r.replace(/\s+/g, ' ').trim());
}

/**
 * Waits until a Problems panel row matches every entry of `texts` and returns its text;
 * on timeout the error lists what the panel shows instead.
 */
export async function waitForProblem(page, texts, { timeout = 30_000 } = {}) {
  const row = problemRows(page, ...texts).first();
  try {
    await row.waitFor({ state: 'visible', timeout });
  } catch {
    const shown = await problemTexts(page).catch(() => []);
    throw new Error(
      `no Problems panel row matching ${texts.map(String).join(' and ')} within ${timeout / 1000}s; ` +
        `it shows: ${shown.length ? shown.map((t) => `"${t}"`).join(', ') : '(nothing)'}`,
    );
  }
  return (await row.innerText()).replace(/\s+/g, ' ').trim();
}
