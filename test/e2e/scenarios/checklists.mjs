// The Checklists view as a manager uses it: the go-live checklist shows its progress, a
// click on an item's checkbox ticks that line in the file, the status bar follows the open
// document, a click on an item opens its line, ticking a parent asks about its sub-items,
// the Markdown preview draws progress bars, and completed items can be hidden.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { focusWorkbench, goToLine, openViewContainer, quickOpen, runCommand, statusBarCursor } from '../ui.mjs';

/** Leaf progress of a task list, counted from its lines: a task is a leaf unless the next task is indented deeper. */
function countLeaves(text) {
  const tasks = [];
  let fence = false;
  for (const [i, line] of text.split('\n').entries()) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const m = !fence && /^(\s*)[-*+] \[([ xX])\] (.+)$/.exec(line);
    if (m) tasks.push({ line: i + 1, indent: m[1].length, checked: m[2] !== ' ', text: m[3] });
  }
  const leaves = tasks.filter((t, i) => !(tasks[i + 1] && tasks[i + 1].indent > t.indent));
  return { tasks, leaves, done: leaves.filter((t) => t.checked).length, total: leaves.length };
}

/** The checklist with the most task lines under <workspace>/kb, read from disk. */
function biggestChecklist(workspace) {
  const dir = join(workspace, 'kb');
  const files = readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .filter((p) => !relative(dir, p).startsWith('_'));
  let best;
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    if (!/^type:\s*checklist\s*$/m.test(text)) continue;
    const count = countLeaves(text);
    if (!best || count.tasks.length > best.count.tasks.length) best = { path, text, count, title: /^title:\s*(.+)$/m.exec(text)[1].trim() };
  }
  if (!best) throw new Error('no checklist document under kb/');
  return best;
}

/** Index of the next task at the same or a lower indent than task i (the end of its sub-items). */
function nextSibling(tasks, i) {
  const j = tasks.findIndex((t, k) => k > i && t.indent <= tasks[i].indent);
  return j === -1 ? tasks.length : j;
}

const progress = (done, total) => `${done}/${total} · ${Math.floor((done / total) * 100)}%`;

export default async function checklists(ctx) {
  const { page } = ctx;
  const list = biggestChecklist(ctx.workspace);
  const { done, total } = list.count;
  // An open leaf with its own text, to tick.
  const target = list.count.leaves.find((t) => !t.checked && t.indent > 0);
  const label = target.text.replace(/\s*@\S+/, '').replace(/\s*📅\s*\S+/, '').replace(/`/g, '').trim();
  ctx.log(`${relative(ctx.workspace, list.path)}: ${progress(done, total)}; ticking line ${target.line} "${label}"`);

  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Checklists' }) });
  const documentRow = pane.locator('.monaco-list-row', { hasText: list.title }).first();
  const itemRow = pane.locator('.monaco-list-row', { hasText: label }).first();

  await ctx.step('checklists-view', async () => {
    await openViewContainer(page, 'Baton');
    await documentRow.waitFor({ state: 'visible' });
    await documentRow.locator('.label-description', { hasText: progress(done, total) }).waitFor({ state: 'visible' });
  });

  await ctx.step('reveal-item-and-status-bar', async () => {
    await quickOpen(page, list.path.split('/').pop());
    await goToLine(page, target.line);
    await page.locator('.statusbar-item', { hasText: progress(done, total) }).first().waitFor({ state: 'visible' });
    await runCommand(page, 'Baton: Reveal in Checklists');
    await itemRow.waitFor({ state: 'visible' });
    const box = itemRow.locator('[role=checkbox]');
    const state = await box.getAttribute('aria-checked');
    if (state !== 'false') throw new Error(`the item's checkbox is ${state}, expected false`);
  });

  await ctx.step('tick-checkbox', async () => {
    // With no editor on the file, the tick is saved to disk.
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.editor-group-container .monaco-editor').first().waitFor({ state: 'hidden' });
    await itemRow.locator('[role=checkbox]').click();
    await itemRow.locator('[role=checkbox][aria-checked="true"]').waitFor({ state: 'visible' });
    await documentRow.locator('.label-description', { hasText: progress(done + 1, total) }).waitFor({ state: 'visible' });
    const line = readFileSync(list.path, 'utf8').split('\n')[target.line - 1];
    if (!/^\s*[-*+] \[x\] /.test(line)) throw new Error(`line ${target.line} on disk is "${line}", expected it ticked`);
    ctx.log(`line ${target.line} on disk: ${line.trim()}`);
  });

  await ctx.step('markdown-preview', async () => {
    // A click on the item's label opens the file at its line.
    await itemRow.locator('.label-name').click();
    await page.locator('.tabs-container .tab.active', { hasText: list.path.split('/').pop() }).waitFor({ state: 'visible' });
    await statusBarCursor(page, target.line);
    await page.locator('.statusbar-item', { hasText: progress(done + 1, total) }).first().waitFor({ state: 'visible' });
    await runCommand(page, 'Markdown: Open Preview to the Side');
    const preview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const bar = preview.locator('.baton-progress').first();
    await bar.waitFor({ state: 'visible' });
    const text = await bar.innerText();
    if (text.trim() !== progress(done + 1, total)) throw new Error(`the preview's first bar says "${text}", expected ${progress(done + 1, total)}`);
  });

  await ctx.step('tick-parent-asks', async () => {
    // A top-level item with two or more open sub-items, after the ticked one: the view asks first.
    const { tasks } = list.count;
    const openBelow = (i) => tasks.slice(i + 1, nextSibling(tasks, i)).filter((c) => !c.checked);
    const parentIndex = tasks.findIndex((t, i) => t.line > target.line && t.indent === 0 && !t.checked && openBelow(i).length >= 2);
    const parent = tasks[parentIndex];
    const openChildren = openBelow(parentIndex);
    const openLeaves = openChildren.filter((c) => list.count.leaves.includes(c)).length;
    const name = parent.text.replace(/\s*@\S+/, '').replace(/\s*📅\s*\S+/, '').trim();
    ctx.log(`ticking parent line ${parent.line} "${name}" with ${openChildren.length} open sub-items`);
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.editor-group-container .monaco-editor').first().waitFor({ state: 'hidden' });
    const row = pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
    await row.first().waitFor({ state: 'visible' });
    await row.first().locator('[role=checkbox]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    await dialog.filter({ hasText: `has ${openChildren.length} open sub-items` }).waitFor();
    await ctx.shot('parent-question');
    await dialog.locator('.monaco-button', { hasText: 'Tick All' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await documentRow.locator('.label-description', { hasText: progress(done + 1 + openLeaves, total) }).waitFor({ state: 'visible' });
    const lines = readFileSync(list.path, 'utf8').split('\n');
    for (const t of [parent, ...openChildren]) {
      if (!/^\s*[-*+] \[x\] /.test(lines[t.line - 1])) throw new Error(`line ${t.line} on disk is "${lines[t.line - 1]}", expected it ticked`);
    }
  });

  await ctx.step('hide-completed', async () => {
    await focusWorkbench(page);
    const completed = pane.locator('.monaco-list-row').filter({ has: page.locator('[role=checkbox][aria-checked="true"]') });
    await completed.first().waitFor({ state: 'visible' });
    await pane.hover();
    await pane.locator('.actions-container [aria-label="Hide Completed Items"]').click();
    await completed.first().waitFor({ state: 'detached' });
    await pane.locator('.actions-container [aria-label="Show Completed Items"]').waitFor({ state: 'visible' });
    await documentRow.waitFor({ state: 'visible' });
  });
}
