// Checklists in VS Code: the Checklists view (tick items in place), the hide-completed
// toggle, the status bar progress of the active document, and the preview's progress bars.
import * as vscode from 'vscode';
import type { Progress } from '../../../core/checklists';
import { pathOf } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';
import { checklistPreviewPlugin, type MarkdownIt } from './preview';
import { askChildrenModal, tickItem, type ChildrenChoice, type TickResult } from './tick';
import { ChecklistTreeProvider, describeProgress, type ChecklistNode, type ItemNode } from './tree';

const VIEW_ID = 'baton.checklists';
const HIDING_KEY = 'baton.checklists.hidingCompleted';
const REFRESH_DELAY_MS = 150;

/** For VS Code's Markdown preview (`contributes.markdown.markdownItPlugins`); works without a KB. */
export function extendMarkdownIt(md: MarkdownIt): MarkdownIt {
  return checklistPreviewPlugin(md, (p: Progress) => vscode.l10n.t('{0} of {1} items done ({2}%)', p.done, p.total, p.total ? Math.floor((p.done / p.total) * 100) : 0));
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const provider = new ChecklistTreeProvider(kb);
  const view = vscode.window.createTreeView<ChecklistNode>(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, manageCheckboxStateManually: true });
  const status = vscode.window.createStatusBarItem('baton.checklists.status', vscode.StatusBarAlignment.Left, 50);
  status.name = vscode.l10n.t('Baton Checklist Progress');
  status.command = 'baton.checklists.revealActive';
  context.subscriptions.push(provider, view, status, vscode.window.registerFileDecorationProvider(provider));

  // Hide completed: the setting is the default, the toolbar toggle is remembered per workspace.
  const setting = () => vscode.workspace.getConfiguration('baton').get<boolean>('checklists.hideCompleted', false);
  const setHiding = (hide: boolean) => {
    provider.setHideCompleted(hide);
    updateMessage();
    void vscode.commands.executeCommand('setContext', HIDING_KEY, hide);
    void context.workspaceState.update(HIDING_KEY, hide);
  };
  provider.setHideCompleted(context.workspaceState.get<boolean>(HIDING_KEY) ?? setting());
  void vscode.commands.executeCommand('setContext', HIDING_KEY, provider.hidingCompleted);

  const updateStatus = () => {
    const enabled = vscode.workspace.getConfiguration('baton').get<boolean>('statusBar.enabled', true);
    const editor = vscode.window.activeTextEditor;
    const model = enabled && editor && kb.isDocument(editor.document.uri) ? provider.model(pathOf(editor.document.uri)) : undefined;
    if (!model) {
      status.hide();
      return;
    }
    status.text = `$(checklist) ${describeProgress(model.progress, model.overdue)}`;
    status.tooltip = vscode.l10n.t('{0}: {1} of {2} items done. Click to show it in the Checklists view.', model.title, model.progress.done, model.progress.total);
    status.backgroundColor = model.overdue > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.show();
  };

  // An empty view says why: no tasks anywhere yet, or every item done and hidden. Not while
  // the scan is still filling the index, nor with no documents at all: a message would hide
  // the welcome that offers to create a KB. The first document with tasks ends the look, and
  // "all hidden" asks the provider what it would show, so both stay cheap on each refresh.
  const updateMessage = () => {
    let message: string | undefined;
    if (!kb.engine.scanning && kb.engine.index.size > 0) {
      if (!hasTasks()) message = vscode.l10n.t('No document in the knowledge base has task items yet. Write "- [ ] item" in any document to track it here.');
      else if (provider.hidingCompleted && provider.getChildren().length === 0) message = vscode.l10n.t('Every item is done. Completed items are hidden; the toolbar shows them again.');
    }
    view.message = message;
  };
  const hasTasks = () => {
    for (const doc of kb.engine.index.documents()) if (doc.tasks.length > 0) return true;
    return false;
  };

  let timer: NodeJS.Timeout | undefined;
  const scheduleRefresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      provider.refreshIfChanged();
      updateStatus();
      updateMessage();
    }, REFRESH_DELAY_MS);
  };
  // Overdue turns on at midnight, with no edit to trigger a refresh.
  let midnight: NodeJS.Timeout | undefined;
  const armMidnight = () => {
    const now = new Date();
    const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 5);
    midnight = setTimeout(() => {
      provider.refresh();
      updateStatus();
      armMidnight();
    }, next.getTime() - now.getTime());
  };
  armMidnight();
  context.subscriptions.push({ dispose: () => (clearTimeout(timer), clearTimeout(midnight)) });

  const refreshNow = async (document?: vscode.TextDocument) => {
    if (document && kb.isDocument(document.uri)) await kb.updateDocument(document).catch((error) => kb.output.error(String(error)));
    provider.refresh();
    updateStatus();
    updateMessage();
  };
  const tick = (node: ItemNode, checked: boolean, children?: ChildrenChoice): Promise<TickResult> =>
    tickItem(node, checked, {
      askChildren: children ? async () => children : askChildrenModal,
      refresh: refreshNow,
      log: (message) => kb.output.info(message),
    });

  const reveal = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !kb.isDocument(editor.document.uri)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The active editor is not a knowledge base document.'));
      return;
    }
    const path = pathOf(editor.document.uri);
    const target = provider.itemAt(path, editor.selection.active.line + 1) ?? provider.documentNode(path);
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no task items.', vscode.workspace.asRelativePath(editor.document.uri)));
      return;
    }
    if (provider.hidingCompleted && isHidden(provider, target)) setHiding(false);
    await view.reveal(target, { select: true, focus: false, expand: true });
  };

  context.subscriptions.push(
    kb.onDidChange(scheduleRefresh),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('baton.checklists.hideCompleted')) setHiding(setting());
      if (e.affectsConfiguration('baton.statusBar.enabled')) updateStatus();
    }),
    view.onDidChangeCheckboxState(async (e) => {
      for (const [node, state] of e.items) {
        if (node.kind !== 'item') continue;
        try {
          await tick(node, state === vscode.TreeItemCheckboxState.Checked);
        } catch (error) {
          kb.output.error(`ticking ${node.path}:${node.line}: ${error instanceof Error ? error.message : String(error)}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('Could not tick the item: {0}', error instanceof Error ? error.message : String(error)));
          provider.refresh();
        }
      }
    }),
    vscode.commands.registerCommand('baton.checklists.refresh', () => refreshNow(vscode.window.activeTextEditor?.document)),
    vscode.commands.registerCommand('baton.checklists.hideCompleted', () => setHiding(true)),
    vscode.commands.registerCommand('baton.checklists.showCompleted', () => setHiding(false)),
    vscode.commands.registerCommand('baton.checklists.revealActive', reveal),
    // For scripts and the in-editor tests: the node the view holds for a line, and ticking it
    // through the same path as the checkbox (with the sub-item question answered up front).
    vscode.commands.registerCommand('baton.checklists.itemAt', (path: string, line: number) => provider.itemAt(path, line)),
    vscode.commands.registerCommand('baton.checklists.documentItem', (path: string) => {
      const node = provider.documentNode(path);
      return node ? provider.getTreeItem(node) : undefined;
    }),
    vscode.commands.registerCommand('baton.checklists.setItem', (node: ItemNode, checked: boolean, children?: ChildrenChoice) => tick(node, checked, children)),
  );
  updateStatus();
  updateMessage();
}

/** True when hide-completed keeps the node (or one of its parents) out of the view. */
function isHidden(provider: ChecklistTreeProvider, node: ChecklistNode): boolean {
  for (let n: ChecklistNode | undefined = node; n; n = provider.getParent(n)) {
    const parent = provider.getParent(n);
    const siblings = parent ? provider.getChildren(parent) : provider.getChildren();
    if (!siblings.includes(n)) return true;
  }
  return false;
}
