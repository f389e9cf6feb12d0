// The `baton.acknowledge` command: asks why no edit is needed, then writes `reviewed:` into
// the open document through the editor (undoable; an unsaved buffer stays unsaved).
import * as vscode from 'vscode';
import { acknowledgeEdit } from '../../../core/freshness/acknowledge';
import { formatInstant, localOffset } from '../../../core/freshness/duration';
import type { DocumentFreshness } from '../../../core/freshness/types';
import type { GitHost } from '../../../core/host';
import { text } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';

/** Given by tests and scripts to skip the prompts. */
export interface AcknowledgeOptions {
  reason?: string;
  by?: string;
}

async function reviewer(kb: WorkspaceEngine, git: GitHost | undefined): Promise<string | undefined> {
  if (git) {
    try {
      const name = (await git.run(['-C', kb.engine.rootDir, 'config', 'user.name'])).trim();
      if (name) return name;
    } catch {
      // no user.name configured
    }
  }
  return kb.engine.host.user;
}

/** Resolves true when the acknowledgement was written into the document. */
export async function acknowledge(
  kb: WorkspaceEngine,
  git: GitHost | undefined,
  path: string,
  freshness: DocumentFreshness | undefined,
  head: string | undefined,
  options: AcknowledgeOptions = {},
): Promise<boolean> {
  const uri = vscode.Uri.file(path);
  let reason = options.reason;
  if (reason === undefined) {
    reason = await vscode.window.showInputBox({
      title: vscode.l10n.t('Acknowledge {0}', freshness?.title ?? vscode.workspace.asRelativePath(uri)),
      prompt: vscode.l10n.t('Why does the change need no edit to this document? (optional)'),
      placeHolder: vscode.l10n.t('e.g. only the replica count changed; the procedure is the same'),
    });
    if (reason === undefined) return false;
  }
  let by = options.by ?? (await reviewer(kb, git));
  if (!by) {
    by = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Who is acknowledging? (git has no user.name)') });
    if (!by) return false;
  }
  const now = Date.now();
  const commit = freshness?.change?.kind === 'commit' ? freshness.change.ref : head;
  const document = await vscode.workspace.openTextDocument(uri);
  const wasDirty = document.isDirty;
  const version = document.version;
  const result = acknowledgeEdit(document.getText(), { by: by.trim(), at: formatInstant(now, localOffset(now)), commit, reason: reason.trim() || undefined });
  if (!result.ok) {
    const detail = result.detail ? `: ${text(result.detail)}` : '';
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)}:${result.range.line}: ${text(result.message)}${detail}`);
    return false;
  }
  // The user may have typed while the prompts were open: never write over that.
  if (document.version !== version) return false;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(document.positionAt(result.edit.start), document.positionAt(result.edit.end)), result.edit.text);
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  if (!wasDirty) await document.save();
  void vscode.window.showInformationMessage(vscode.l10n.t('Acknowledged {0}. Commit it to count as the update.', vscode.workspace.asRelativePath(uri)));
  return true;
}
