// Baton in VS Code: adapts the editor to the same engine the CLI runs.
import * as vscode from 'vscode';
import { describeConfigError, WorkspaceEngine } from './workspace-engine';
import * as diagnostics from './features/diagnostics';

/** Each editor feature is a folder with `activate(context, kb)`; add new ones here. */
const FEATURES: Array<{ activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void }> = [diagnostics];
import { CONFIG_FILE } from '../core/config';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Baton', { log: true });
  context.subscriptions.push(output);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  let kb: WorkspaceEngine;
  try {
    kb = await WorkspaceEngine.open(context, folder, output);
  } catch (error) {
    const message = describeConfigError(error);
    output.error(message);
    void vscode.window.showErrorMessage(vscode.l10n.t('Baton could not load {0}: {1}', CONFIG_FILE, message));
    return;
  }
  context.subscriptions.push(kb);
  for (const feature of FEATURES) feature.activate(context, kb);

  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*.{md,markdown}'));
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate((uri) => kb.fileChanged(uri)),
    watcher.onDidChange((uri) => kb.fileChanged(uri)),
    watcher.onDidDelete((uri) => kb.fileDeleted(uri)),
  );
  const active = vscode.window.activeTextEditor?.document.uri;
  void kb.scan(active && kb.isDocument(active) ? active : undefined);
}

export function deactivate(): void {}
