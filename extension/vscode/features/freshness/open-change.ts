// "Open the change": a diff of the covered file before and at the commit that made a document
// due, read with `git cat-file` (no textconv, no filters); a change record opens as a document.
import * as vscode from 'vscode';
import type { FreshnessChange, FreshnessReport } from '../../../core/freshness/types';
import type { GitHost } from '../../../core/host';
import type { FreshnessNode } from './tree';

const HASH = /^[0-9a-f]{40,64}$/;

/** Files as they were at a commit: `baton-git:/<path relative to the KB root>?<rev>`. */
export class GitContentProvider implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'baton-git';

  constructor(
    private readonly git: () => GitHost | undefined,
    private readonly rootDir: string,
  ) {}

  static uri(path: string, rev: string): vscode.Uri {
    return vscode.Uri.from({ scheme: GitContentProvider.scheme, path: `/${path}`, query: rev });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const git = this.git();
    const rev = uri.query;
    if (!git || !/^[0-9a-f]{40,64}\^?$/.test(rev)) return '';
    try {
      // `rev:./path` starts with the hash, so no path can be read as an option.
      return await git.run(['-C', this.rootDir, 'cat-file', 'blob', `${rev}:./${uri.path.slice(1)}`]);
    } catch {
      return ''; // the file did not exist on that side of the change
    }
  }
}

export async function openChange(node: FreshnessNode | undefined, report: FreshnessReport | undefined): Promise<void> {
  const change: FreshnessChange | undefined = node && 'change' in node ? node.change : node?.freshness.change;
  if (!change) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Pick a stale or pending document in the Freshness view to open its change.'));
    return;
  }
  if (change.kind === 'record') {
    if (change.file) await vscode.window.showTextDocument(vscode.Uri.file(change.file));
    return;
  }
  if (!HASH.test(change.ref) || !report?.available) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The change cannot be shown: git is not available in this workspace.'));
    return;
  }
  let path = node?.kind === 'path' ? node.path : change.paths[0];
  if (node?.kind !== 'path' && change.paths.length > 1) {
    const picked = await vscode.window.showQuickPick(change.paths, { placeHolder: vscode.l10n.t('Which file of commit {0}?', change.ref.slice(0, 7)) });
    if (!picked) return;
    path = picked;
  }
  if (!path) return;
  const title = vscode.l10n.t('{0} ({1}^ ↔ {1})', path, change.ref.slice(0, 7));
  await vscode.commands.executeCommand('vscode.diff', GitContentProvider.uri(path, `${change.ref}^`), GitContentProvider.uri(path, change.ref), title);
}
