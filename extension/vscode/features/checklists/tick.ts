// Ticking an item from the view: one WorkspaceEdit on the document (open or not, saved or
// not), so Ctrl+Z undoes it. Nothing is written unless the current text still holds the item.
import * as vscode from 'vscode';
import { buildChecklist, type ChecklistItem } from '../../../core/checklists';
import { parseText } from '../../../core/parse-document';
import { basename } from '../../../core/paths';
import type { ItemNode } from './tree';

export type TickResult = 'applied' | 'refused' | 'cancelled' | 'unchanged';

/** What to do with the sub-items of a parent: change them too, only the parent, or nothing. */
export type ChildrenChoice = 'all' | 'only' | undefined;

export interface TickOptions {
  /** Asked when the item has sub-items to change too; undefined cancels. */
  askChildren(checked: boolean, count: number, text: string): Promise<ChildrenChoice>;
  /** Called after a refusal or cancel, so the view shows the document's real state again. */
  refresh(document?: vscode.TextDocument): void | Promise<void>;
  /** Why a tick was refused, for the output channel. */
  log(message: string): void;
}

export async function askChildrenModal(checked: boolean, count: number, text: string): Promise<ChildrenChoice> {
  const all = checked ? vscode.l10n.t('Tick All') : vscode.l10n.t('Untick All');
  const only = vscode.l10n.t('Only This Item');
  const question = checked
    ? vscode.l10n.t('"{0}" has {1} open sub-items. Tick them too?', text, count)
    : vscode.l10n.t('"{0}" has {1} ticked sub-items. Untick them too?', text, count);
  const answer = await vscode.window.showInformationMessage(question, { modal: true }, all, only);
  return answer === all ? 'all' : answer === only ? 'only' : undefined;
}

function descendants(items: readonly ChecklistItem[], index: number): ChecklistItem[] {
  const out: ChecklistItem[] = [];
  const stack = [...items[index].children];
  while (stack.length > 0) {
    const i = stack.pop()!;
    out.push(items[i]);
    stack.push(...items[i].children);
  }
  return out.sort((a, b) => a.index - b.index);
}

function isOpenInEditor(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
}

/** Finds the node's item in the document's current text: same line, same text, same state. */
function locate(document: vscode.TextDocument, node: ItemNode): { items: ChecklistItem[]; item: ChecklistItem } | undefined {
  const parsed = parseText(node.path, document.getText());
  const { items } = buildChecklist(parsed, { today: '0000-00-00' });
  const item = items.find((i) => i.line === node.line && i.rawText === node.rawText && i.checked === node.checked);
  return item ? { items, item } : undefined;
}

export async function tickItem(node: ItemNode, checked: boolean, options: TickOptions): Promise<TickResult> {
  const uri = vscode.Uri.file(node.path);
  const name = basename(node.path);
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open {0}: {1}', name, error instanceof Error ? error.message : String(error)));
    await options.refresh();
    return 'refused';
  }
  const refuse = async (why: string): Promise<TickResult> => {
    options.log(`not ticking ${node.path}:${node.line}: ${why}`);
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} changed since the Checklists view showed this item, so nothing was changed. The view is refreshed; try again.', name));
    await options.refresh(document);
    return 'refused';
  };
  // A saved document's buffer can lag behind a change on disk for a moment: compare, or risk saving over it.
  if (!document.isDirty) {
    const disk = await vscode.workspace.fs.readFile(uri).then((bytes) => new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''), () => undefined);
    if (disk !== document.getText()) return refuse('the file on disk differs from the saved buffer');
  }
  const wasDirty = document.isDirty;
  const wasInEditor = isOpenInEditor(uri);
  const version = document.version;
  const found = locate(document, node);
  if (!found) return refuse(`line ${node.line} no longer holds "${node.rawText}" ${node.checked ? 'ticked' : 'open'}`);
  const { items, item } = found;
  if (item.checked === checked) {
    await options.refresh();
    return 'unchanged';
  }

  const targets: ChecklistItem[] = [item];
  const below = descendants(items, item.index).filter((d) => d.checked !== checked);
  if (below.length > 0) {
    const choice = await options.askChildren(checked, below.length, item.text);
    if (choice === undefined) {
      await options.refresh();
      return 'cancelled';
    }
    if (choice === 'all') targets.push(...below);
  }
  if (checked) {
    // Ticking the last open sub-item ticks the parent too, so the file says what the view shows.
    const ticked = new Set(targets.map((t) => t.index));
    const isDone = (i: number): boolean => ticked.has(i) || items[i].checked || (items[i].children.length > 0 && items[i].children.every(isDone));
    for (let p = item.parent; p >= 0 && !items[p].checked && items[p].children.every(isDone); p = items[p].parent) {
      targets.push(items[p]);
      ticked.add(p);
    }
  } else {
    // An open item under a ticked parent would make the parent claim a done it is not.
    for (let p = item.parent; p >= 0; p = items[p].parent) if (items[p].checked) targets.push(items[p]);
  }

  // The question took time: the text must still be the one the offsets were read from.
  if (document.version !== version) return refuse('the document changed while the question was open');
  const text = document.getText();
  const edit = new vscode.WorkspaceEdit();
  for (const target of targets) {
    const current = text[target.checkOffset];
    if (!/^[ xX]$/.test(current)) return refuse(`no checkbox at offset ${target.checkOffset}`);
    const start = document.positionAt(target.checkOffset);
    edit.replace(uri, new vscode.Range(start, start.translate(0, 1)), checked ? 'x' : ' ');
  }
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not edit {0}; nothing was changed.', name));
    await options.refresh(document);
    return 'refused';
  }
  // A file ticked from the view and shown in no editor is saved, so no unsaved change hides in the background.
  if (!wasDirty && !wasInEditor && !(await document.save())) {
    options.log(`ticked ${node.path}:${node.line}, but saving failed`);
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} was ticked but could not be saved; it is open with the change unsaved.', name));
    await vscode.window.showTextDocument(document, { preview: true });
  }
  // The view shows the tick as soon as the call returns, not when some later event re-reads the file.
  await options.refresh(document);
  return 'applied';
}
