// Handover records in VS Code: the Handovers view in the Baton container, kept current as
// records are edited (unsaved edits count) and files change, with a badge for records that wait.
import * as vscode from 'vscode';
import { pathOf } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';
import { HandoverTreeProvider, type HandoverNode } from './tree';

const VIEW_ID = 'baton.handovers';
const REFRESH_DELAY_MS = 150;

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const provider = new HandoverTreeProvider(kb.engine.index, kb.engine.rootDir);
  const view = vscode.window.createTreeView<HandoverNode>(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  let timer: NodeJS.Timeout | undefined;

  const update = () => {
    const records = provider.records();
    const waiting = records.filter((r) => r.state === 'awaiting-controls' || r.state === 'awaiting-sign-off').length;
    view.badge = waiting > 0 ? { value: waiting, tooltip: vscode.l10n.t('{0} handover records wait for controls or signatures', waiting) } : undefined;
    view.message = records.length === 0 ? vscode.l10n.t('No handover records yet. Create one with "Baton: New Handover Record…".') : undefined;
    const signed = records.filter((r) => r.state === 'signed-off').length;
    view.description = records.length > 0 ? vscode.l10n.t('{0}/{1} signed off', signed, records.length) : undefined;
    provider.refresh();
  };
  // Edits arrive as bursts of engine changes; redraw once they settle.
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(update, REFRESH_DELAY_MS);
  };

  context.subscriptions.push(
    provider,
    view,
    { dispose: () => clearTimeout(timer) },
    kb.onDidChange(schedule),
    vscode.commands.registerCommand('baton.handovers.refresh', async () => {
      await kb.whenScanned();
      // Records not open in an editor are read again from disk, in case a change was missed.
      const open = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => pathOf(d.uri)));
      for (const record of provider.records()) if (!open.has(record.path)) await kb.engine.load(record.path);
      update();
    }),
    // For scripts and the in-editor tests: the rows the view shows, as plain data.
    vscode.commands.registerCommand('baton.handovers.rows', async () => {
      await kb.whenScanned();
      return provider.describe();
    }),
  );
  update();
}
