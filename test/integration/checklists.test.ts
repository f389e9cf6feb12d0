// Ticking checklist items from the Checklists view in a real editor: the edit lands in the
// document (unsaved when it is open, saved when it is not), Ctrl+Z undoes it, and a tick on
// a document that changed behind the view is refused without touching the document.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildChecklist, formatProgress, type ChecklistItem } from '../../extension/core/checklists';
import { parseText } from '../../extension/core/parse-document';
import { activateBaton, findKbDocument, replaceText } from './helpers';

type ItemNode = { kind: 'item'; path: string; line: number; rawText: string; checked: boolean };
type TickResult = 'applied' | 'refused' | 'cancelled' | 'unchanged';

const pathOf = (uri: vscode.Uri) => uri.fsPath.replace(/\\/g, '/');
const isChecklist = (text: string) => /^type:[ \t]*checklist[ \t]*$/m.test(text) && /^id:[ \t]*CL-\d+[ \t]*$/m.test(text);

function model(text: string, uri: vscode.Uri) {
  return buildChecklist(parseText(pathOf(uri), text), { today: '0000-00-00' });
}

/**
 * Resolves with the first truthy value of the async `probe`, run now and after every
 * `event`; rejects after `timeoutMs` naming `description` and the last value seen.
 */
function waitForAsync<E, T>(description: string, event: vscode.Event<E>, probe: () => PromiseLike<T | undefined>, timeoutMs = 15_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let running = false;
    let again = false;
    let last: unknown;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription.dispose();
      fn();
    };
    const run = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const value = await probe();
          last = value;
          if (value) return finish(() => resolve(value));
        } while (again && !done);
      } catch (err) {
        finish(() => reject(err));
      } finally {
        running = false;
      }
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs / 1000}s waiting for ${description}; last seen: ${JSON.stringify(last)}`))), timeoutMs);
    // The event is the cue; a slow poll catches a change that published no event of its own.
    const poll = setInterval(() => void run(), 250);
    const subscription = { dispose: () => (clearInterval(poll), listener.dispose()) };
    const listener = event(() => void run());
    void run();
  });
}

/**
 * The view's node for an item on a line, once the view's index holds that item there in the
 * given state. The text matters: right after an edit is reverted the index can still hold
 * the edited text for a moment, with another item on the same line.
 */
function itemNode(uri: vscode.Uri, line: number, checked: boolean, rawText: string): Promise<ItemNode> {
  // The view reads the index, and the index publishes diagnostics whenever it changes.
  return waitForAsync(`the Checklists view to hold "${rawText}" on line ${line} of ${vscode.workspace.asRelativePath(uri)} as ${checked ? 'ticked' : 'open'}`, vscode.languages.onDidChangeDiagnostics, async () => {
    const node = await vscode.commands.executeCommand<ItemNode | undefined>('baton.checklists.itemAt', pathOf(uri), line);
    return node && node.line === line && node.checked === checked && node.rawText === rawText ? node : undefined;
  });
}

function setItem(node: ItemNode, checked: boolean, children?: 'all' | 'only'): Thenable<TickResult> {
  return vscode.commands.executeCommand<TickResult>('baton.checklists.setItem', node, checked, children);
}

function lineText(doc: vscode.TextDocument, line: number): string {
  return doc.lineAt(line - 1).text;
}

describe('checklists', () => {
  let goLive: vscode.Uri;
  let text: string;
  let leaf: ChecklistItem;
  let lastOpen: ChecklistItem;

  before(async () => {
    await activateBaton();
    goLive = await findKbDocument((t) => isChecklist(t) && /^\s*- \[ \] .+\n\s*- \[ \] /m.test(t), 'that is a checklist with open items');
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(goLive));
    const items = model(text, goLive).items;
    const openSiblings = (i: ChecklistItem) => items[i.parent].children.filter((c) => !items[c].checked).length;
    const openLeaf = (i: ChecklistItem) => !i.checked && i.children.length === 0 && i.parent >= 0 && !items[i.parent].checked;
    // An open sub-item with an open sibling: ticking it changes that one line only.
    leaf = items.find((i) => openLeaf(i) && openSiblings(i) >= 2)!;
    assert.ok(leaf, 'an open sub-item with an open sibling');
    // The last open sub-item of a top-level item: ticking it completes the parent.
    lastOpen = items.find((i) => openLeaf(i) && openSiblings(i) === 1 && items[i.parent].parent === -1)!;
    assert.ok(lastOpen, 'the last open sub-item of an item');
  });

  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments) {
      if (!doc.isDirty) continue;
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('ticks an item from the view: the open document changes, becomes dirty, and Ctrl+Z undoes it', async () => {
    const doc = await vscode.workspace.openTextDocument(goLive);
    await vscode.window.showTextDocument(doc);
    const before = doc.getText();
    const node = await itemNode(goLive, leaf.line, false, leaf.rawText);

    assert.equal(await setItem(node, true), 'applied');
    assert.ok(doc.isDirty, 'the tick is an unsaved edit of the open document');
    assert.match(lineText(doc, leaf.line), /^\s*- \[x\] /);
    assert.equal(lineText(doc, leaf.line).replace('[x]', '[ ]'), before.split('\n')[leaf.line - 1].replace(/\r$/, ''));
    assert.equal(doc.getText().length, before.length, 'only the one character changed');

    // The view follows the edit: the ticked item and the document's progress.
    const expected = formatProgress(model(doc.getText(), goLive).progress);
    await itemNode(goLive, leaf.line, true, leaf.rawText);
    const item = await vscode.commands.executeCommand<vscode.TreeItem>('baton.checklists.documentItem', pathOf(goLive));
    assert.equal(String(item.description).split(' · ').slice(0, 2).join(' · '), expected);

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before, 'undo restores the document');
    assert.ok(!doc.isDirty);
  });

  it('ticks the parent with its last open sub-item, and unticks it with any sub-item', async () => {
    const doc = await vscode.workspace.openTextDocument(goLive);
    await vscode.window.showTextDocument(doc);
    const parentLine = model(doc.getText(), goLive).items[lastOpen.parent].line;
    const before = doc.getText();

    assert.equal(await setItem(await itemNode(goLive, lastOpen.line, false, lastOpen.rawText), true), 'applied');
    assert.match(lineText(doc, lastOpen.line), /^\s*- \[x\] /);
    assert.match(lineText(doc, parentLine), /^\s*- \[x\] /, 'the parent is ticked too');

    assert.equal(await setItem(await itemNode(goLive, lastOpen.line, true, lastOpen.rawText), false), 'applied');
    assert.equal(doc.getText(), before, 'unticking the sub-item unticks the parent');
  });

  it('refuses a tick on a document changed behind the view, and loses nothing', async () => {
    const doc = await vscode.workspace.openTextDocument(goLive);
    await vscode.window.showTextDocument(doc);
    const node = await itemNode(goLive, leaf.line, false, leaf.rawText);

    // Someone inserts a line above the item: the view's node now points at the new line.
    const inserted = '- [ ] 新插入的条目';
    const indent = /^\s*/.exec(lineText(doc, leaf.line))![0];
    await replaceText(doc, new vscode.Range(leaf.line - 1, 0, leaf.line - 1, 0), `${indent}${inserted}\n`);
    const edited = doc.getText();

    assert.equal(await setItem(node, true), 'refused');
    assert.equal(doc.getText(), edited, 'the document is exactly as the user left it');
    assert.equal(lineText(doc, leaf.line), `${indent}${inserted}`);
    assert.match(lineText(doc, leaf.line + 1), /^\s*- \[ \] /, 'the item itself stays open');

    // The item's text changed in place: refused too.
    const sameLine = await itemNode(goLive, leaf.line + 1, false, leaf.rawText);
    const line = lineText(doc, leaf.line + 1);
    await replaceText(doc, new vscode.Range(leaf.line, line.length, leaf.line, line.length), '（已改）');
    const edited2 = doc.getText();
    assert.equal(await setItem(sameLine, true), 'refused');
    assert.equal(doc.getText(), edited2);
  });

  it('refuses a tick on a file changed on disk while it is not open', async () => {
    const other = await findKbDocument((t) => isChecklist(t) && t !== text && /^- \[ \] /m.test(t), 'that is another checklist with an open top-level item');
    const original = new TextDecoder().decode(await vscode.workspace.fs.readFile(other));
    const open = model(original, other).items.find((i) => !i.checked && i.children.length === 0)!;
    const node = await itemNode(other, open.line, false, open.rawText);
    const lines = original.split('\n');
    lines.splice(open.line - 1, 1, lines[open.line - 1].replace('- [ ] ', '- [ ] 改过：'));
    const changed = lines.join('\n');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode(changed));
    try {
      assert.equal(await setItem(node, true), 'refused');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(other)), changed);
    } finally {
      await vscode.workspace.fs.writeFile(other, new TextEncoder().encode(original));
    }
  });

  it('saves a tick on a document that is not open, so nothing unsaved hides in the background', async () => {
    const node = await itemNode(goLive, leaf.line, false, leaf.rawText);
    const result = await setItem(node, true);
    try {
      assert.equal(result, 'applied');
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(goLive));
      assert.match(onDisk.split('\n')[leaf.line - 1], /^\s*- \[x\] /);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === goLive.toString());
      assert.ok(doc && !doc.isDirty);
    } finally {
      // Untick only what was ticked, so a failure above is the one reported.
      if (result === 'applied') {
        const ticked = await itemNode(goLive, leaf.line, true, leaf.rawText);
        assert.equal(await setItem(ticked, false), 'applied');
      }
    }
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(goLive)), text, 'unticking restores the file');
  });

  it('shows a new file with tasks, and drops it when it is deleted', async () => {
    const uri = vscode.Uri.joinPath(goLive, '..', '新建的临时清单.md');
    const describe = () => vscode.commands.executeCommand<vscode.TreeItem | undefined>('baton.checklists.documentItem', pathOf(uri));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('# 临时清单\n\n- [x] 一\n- [ ] 二\n- [ ] 三\n'));
    try {
      const item = await waitForAsync('the new file in the Checklists view', vscode.languages.onDidChangeDiagnostics, describe);
      assert.equal(item.label, '临时清单');
      assert.equal(item.description, '1/3 · 33%');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await waitForAsync('the deleted file to leave the Checklists view', vscode.languages.onDidChangeDiagnostics, async () => ((await describe()) === undefined ? true : undefined));
  });

  it('ticks a parent and, when asked to, its open sub-items in one undoable edit', async () => {
    const doc = await vscode.workspace.openTextDocument(goLive);
    await vscode.window.showTextDocument(doc);
    const items = model(doc.getText(), goLive).items;
    const parent = items.find((i) => !i.checked && i.children.some((c) => !items[c].checked))!;
    const open = parent.children.filter((c) => !items[c].checked).map((c) => items[c].line);
    const before = doc.getText();

    const node = await itemNode(goLive, parent.line, false, parent.rawText);
    assert.equal(await setItem(node, true, 'all'), 'applied');
    for (const line of [parent.line, ...open]) assert.match(lineText(doc, line), /^\s*- \[x\] /, `line ${line}`);

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before, 'one undo takes back the whole tick');

    const again = await itemNode(goLive, parent.line, false, parent.rawText);
    assert.equal(await setItem(again, true, 'only'), 'applied');
    assert.match(lineText(doc, parent.line), /^\s*- \[x\] /);
    for (const line of open) assert.match(lineText(doc, line), /^\s*- \[ \] /, `line ${line} stays open`);
  });
});
