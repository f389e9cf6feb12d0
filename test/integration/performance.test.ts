// Performance in a real VS Code on a large KB: the benchmark's corpus, opened by
// bench/vscode.mjs, which sets BATON_PERF_REPORT (where the figures go) and BATON_PERF_FILES.
// The ordinary integration run has neither, and skips this suite.
import * as assert from 'node:assert';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

interface Timings {
  activateMs?: number;
  engineOpenMs?: number;
  firstFindingsMs?: number;
  indexedMs?: number;
  documents?: number;
  fromCache?: number;
  lastUpdateMs?: number;
  heapAtActivation?: number;
}

/** Resolves with the time from now until VS Code publishes diagnostics for `uri`. */
function diagnosticsFor(uri: vscode.Uri, timeoutMs = 60_000): { at: number; done: Promise<number> } {
  const started = performance.now();
  let subscription: vscode.Disposable | undefined;
  const done = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription?.dispose();
      reject(new Error(`no diagnostics for ${uri.fsPath} within ${timeoutMs / 1000}s`));
    }, timeoutMs);
    subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      clearTimeout(timer);
      subscription?.dispose();
      resolve(performance.now() - started);
    });
  });
  return { at: started, done };
}

/** Resolves once `uri` (or any document) has had no diagnostics change for `quietMs`: what earlier work published has arrived. */
function settled(uri: vscode.Uri | undefined, quietMs = 300): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(done, quietMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (uri && !event.uris.some((u) => u.toString() === uri.toString())) return;
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    function done() {
      subscription.dispose();
      resolve();
    }
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

describe('performance in a large knowledge base', function () {
  this.timeout(600_000);
  const reportFile = process.env.BATON_PERF_REPORT;

  before(function () {
    if (!reportFile) this.skip();
  });

  it('shows an opened document its diagnostics during indexing, indexes everything, and revalidates edits', async () => {
    const files = JSON.parse(process.env.BATON_PERF_FILES ?? '{}') as { open: string; keystrokes: string[] };
    const root = vscode.workspace.workspaceFolders![0].uri;
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    // The longest the extension host could not answer anything (a keystroke, a hover), from here on.
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const api = (await ext.activate()) as { ready: Promise<boolean>; scanned: Promise<void>; timings: Timings };
    assert.ok(await api.ready, 'the engine opened');

    // A document opened while the KB is being indexed gets its diagnostics from the editor's text at once.
    const opened = vscode.Uri.joinPath(root, files.open);
    const first = diagnosticsFor(opened);
    // Where the time goes: VS Code's open round trip, then Baton's analysis, then the diagnostics event.
    let didOpenMs: number | undefined;
    const watchOpen = vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.toString() === opened.toString() && didOpenMs === undefined) didOpenMs = performance.now() - first.at;
    });
    const document = await vscode.workspace.openTextDocument(opened);
    const openTextDocumentMs = performance.now() - first.at;
    await vscode.window.showTextDocument(document);
    const shownMs = performance.now() - first.at;
    const openedMs = await first.done;
    watchOpen.dispose();
    const openedUpdateMs = api.timings.lastUpdateMs;
    const indexing = api.timings.indexedMs === undefined;

    await api.scanned;
    const timings = api.timings;
    const markdown = await vscode.workspace.findFiles('kb/**/*.md');
    assert.equal(timings.documents, markdown.length, 'every document is in the index');
    // Heap after a full collection (V8 lets a test ask for one), so garbage is not counted as index.
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    const memory = process.memoryUsage();

    // Keystrokes: one character at a time in the middle of the body, until diagnostics come back.
    const keystrokes: Record<string, { bytes: number; medianMs: number; maxMs: number; batonMedianMs: number }> = {};
    for (const file of files.keystrokes) {
      const uri = vscode.Uri.joinPath(root, file);
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      const line = Math.floor(document.lineCount / 2);
      // The index's publishing (in slices, after the scan and after git was read) is over first.
      await settled(undefined, 1000);
      const times: number[] = [];
      const own: number[] = [];
      for (let i = 0; i < 13; i++) {
        // No diagnostics from earlier work (the scan's last publish, freshness) may be taken for this keystroke's.
        await settled(uri);
        // From the moment the extension host has the keystroke to the diagnostics it leads to.
        let changedAt = 0;
        const changed = vscode.workspace.onDidChangeTextDocument((e) => {
          if (e.document.uri.toString() === uri.toString() && !changedAt) changedAt = performance.now();
        });
        const published = diagnosticsFor(uri);
        assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), '字')), 'edit applied');
        const total = await published.done;
        changed.dispose();
        const arrivedAt = published.at + total;
        const ms = changedAt ? arrivedAt - changedAt : total;
        if (i >= 3) times.push(ms);
        if (i >= 3 && api.timings.lastUpdateMs !== undefined) own.push(api.timings.lastUpdateMs);
      }
      keystrokes[file] = { bytes: Buffer.byteLength(document.getText()), medianMs: median(times), maxMs: Math.max(...times), batonMedianMs: median(own) };
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }

    stalls.disable();
    const eventLoop = { maxDelayMs: stalls.max / 1e6, p99DelayMs: stalls.percentile(99) / 1e6 };
    const result = { eventLoop, openedMs, openedSteps: { didOpenMs, openTextDocumentMs, shownMs, batonUpdateMs: openedUpdateMs }, openedWhileIndexing: indexing, timings, keystrokes, memory: { heapUsedMB: memory.heapUsed / 1048576, rssMB: memory.rss / 1048576, heapAtActivationMB: (timings.heapAtActivation ?? 0) / 1048576 } };
    writeFileSync(reportFile!, JSON.stringify(result, null, 2));
    console.log(`baton performance: ${JSON.stringify(result)}`);
  });
});
