// Commands on the whole KB: check it again from disk, and show what was found.
import * as vscode from 'vscode';
import type { WorkspaceEngine } from '../../workspace-engine';

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('baton.lintWorkspace', async () => {
      await kb.scan();
      const findings = kb.engine.allFindings();
      const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
      const summary = vscode.l10n.t('Baton checked {0} documents: {1} errors, {2} warnings, {3} info.', kb.engine.index.size, count('error'), count('warning'), count('info'));
      const show = vscode.l10n.t('Show Problems');
      if ((await vscode.window.showInformationMessage(summary, show)) === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
  );
}
