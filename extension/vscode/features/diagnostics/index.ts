// Findings as diagnostics in the Problems panel, live as you type (debounced).
import * as vscode from 'vscode';
import type { WorkspaceEngine } from '../../workspace-engine';
import { toDiagnostic } from '../../convert';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';

/** The `baton.validate.debounceMs` setting: the pause after the last keystroke before re-checking. */
function debounceMs(): number {
  const value = vscode.workspace.getConfiguration('baton').get<number>('validate.debounceMs', 250);
  return Number.isFinite(value) && value >= 0 ? value : 250;
}

/** Publishing many documents gives the event loop back after this long, once it has done this many. */
const SLICE_MS = 15;
const SLICE_MIN_DOCUMENTS = 100;

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const collection = vscode.languages.createDiagnosticCollection('baton');
  const timers = new Map<string, NodeJS.Timeout>();
  context.subscriptions.push(collection, { dispose: () => timers.forEach((t) => clearTimeout(t)) });

  const publishOne = (path: string) => {
    const uri = vscode.Uri.file(path);
    if (!kb.engine.index.get(path)) collection.delete(uri);
    else collection.set(uri, kb.engine.findings(path).map(toDiagnostic));
  };

  /**
   * Publishes many documents' findings (every document after a scan or a config change, every
   * tracked one after git moved): at 10,000 documents that is seconds of work, the workspace
   * rules running for each. It goes in slices with the event loop free in between, so typing,
   * hovers and other extensions are not held up. A short list is published in one go. A newer
   * full publish stops an older one.
   */
  let generation = 0;
  let disposed = false;
  context.subscriptions.push({ dispose: () => (disposed = true) });
  const publishSliced = async (paths: string[], wanted: () => boolean) => {
    let sliceStart = performance.now();
    let inSlice = 0;
    for (const path of paths) {
      publishOne(path);
      if (++inSlice >= SLICE_MIN_DOCUMENTS && performance.now() - sliceStart >= SLICE_MS) {
        await eventLoopTurn();
        if (disposed || !wanted()) return;
        sliceStart = performance.now();
        inSlice = 0;
      }
    }
  };

  const publish = (paths?: string[]) => {
    if (paths) {
      if (paths.length <= SLICE_MIN_DOCUMENTS) for (const path of paths) publishOne(path);
      else void publishSliced(paths, () => true).catch((error) => kb.output.error(String(error)));
      return;
    }
    const run = ++generation;
    const all = [...kb.engine.index.documents()].map((d) => d.path);
    const current = new Set(all.map((path) => vscode.Uri.file(path).toString()));
    const gone: vscode.Uri[] = [];
    collection.forEach((uri) => {
      if (!current.has(uri.toString())) gone.push(uri);
    });
    for (const uri of gone) collection.delete(uri);
    void publishSliced(all, () => run === generation).catch((error) => kb.output.error(String(error)));
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
