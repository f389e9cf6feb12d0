// Findings as diagnostics in the Problems panel, live as you type (debounced).
import * as vscode from 'vscode';
import type { WorkspaceEngine } from '../../workspace-engine';
import { toDiagnostic } from '../../convert';

/** The `baton.validate.debounceMs` setting: the pause after the last keystroke before re-checking. */
function debounceMs(): number {
  const value = vscode.workspace.getConfiguration('baton').get<number>('validate.debounceMs', 250);
  return Number.isFinite(value) && value >= 0 ? value : 250;
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const collection = vscode.languages.createDiagnosticCollection('baton');
  const timers = new Map<string, NodeJS.Timeout>();
  context.subscriptions.push(collection, { dispose: () => timers.forEach((t) => clearTimeout(t)) });

  const publish = (paths?: string[]) => {
    const targets = paths ?? [...kb.engine.index.documents()].map((d) => d.path);
    if (!paths) collection.clear();
    for (const path of targets) {
      const doc = kb.engine.index.get(path);
      const uri = vscode.Uri.file(path);
      if (!doc) collection.delete(uri);
      else collection.set(uri, kb.engine.findings(path).map(toDiagnostic));
    }
  };

  /** Typing is debounced; a document just opened is checked at once (there is no burst of keystrokes to wait out). */
  const schedule = (document: vscode.TextDocument, delayMs = debounceMs()) => {
    if (!kb.isDocument(document.uri)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        // Closed meanwhile (a rename closes the old name): the file on disk counts now.
        if (document.isClosed) return;
        kb.updateDocument(document).catch((error) => kb.output.error(String(error)));
      }, delayMs),
    );
  };

  context.subscriptions.push(
    kb.onDidChange((change) => publish(change.paths)),
    vscode.workspace.onDidOpenTextDocument((document) => schedule(document, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      // Back to the file on disk when an edited buffer is closed without saving.
      if (kb.isDocument(document.uri)) kb.fileChanged(document.uri).catch((error) => kb.output.error(String(error)));
    }),
  );
  for (const document of vscode.workspace.textDocuments) schedule(document, 0);
}
