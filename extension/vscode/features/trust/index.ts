// Restricted Mode: in an untrusted workspace Baton runs no git and loads no schema from the
// workspace. The status bar says so, and why; trusting the workspace offers a reload.
import * as vscode from 'vscode';
import { text } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';

/** What is off in an untrusted workspace and why, one line each, in the display language. */
export function restrictions(kb: WorkspaceEngine): string[] {
  return [
    vscode.l10n.t('Git does not run, so freshness and owners from history are off: a repository can make git run its own programs.'),
    vscode.l10n.t('Schemas from the workspace are not loaded: their regular expressions could hang the editor (ReDoS).'),
    ...kb.engine.notices.map(text),
    vscode.l10n.t('Still on: every check with the bundled schemas, and the secret check.'),
  ];
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  if (vscode.workspace.isTrusted) return;
  const item = vscode.window.createStatusBarItem('baton.restricted', vscode.StatusBarAlignment.Left, 0);
  item.name = vscode.l10n.t('Baton Restricted Mode');
  item.text = `$(shield) ${vscode.l10n.t('Baton: Restricted')}`;
  const tooltip = new vscode.MarkdownString(`**${vscode.l10n.t('Baton runs in Restricted Mode because this workspace is not trusted.')}**\n\n`);
  for (const line of restrictions(kb)) tooltip.appendMarkdown(`- ${line.replace(/[\\`*_[\]<>]/g, '\\$&')}\n`);
  tooltip.appendMarkdown(`\n${vscode.l10n.t('Click to manage workspace trust.')}`);
  item.tooltip = tooltip;
  item.command = 'workbench.trust.manage';
  item.show();
  for (const line of restrictions(kb)) kb.output.info(vscode.l10n.t('Restricted Mode: {0}', line));
  context.subscriptions.push(
    item,
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      item.hide();
      const reload = vscode.l10n.t('Reload Window');
      const answer = await vscode.window.showInformationMessage(vscode.l10n.t('The workspace is trusted now. Reload the window to turn on git and the schemas from the workspace.'), reload);
      if (answer === reload) await vscode.commands.executeCommand('workbench.action.reloadWindow');
    }),
  );
}
