// The engine as the extension holds it: opened on the workspace folder, kept current as
// documents are edited and files change, with a change event the features listen to.
import * as vscode from 'vscode';
import { Engine, ConfigError } from '../core/engine';
import type { Host } from '../core/host';
import { systemClock } from '../core/host';
import { nodeFileSystem, nodeGit, osUser } from '../node-host/node-host';
import { EDITOR_WORKERS, WorkerPool } from '../node-host/worker-pool';
import { buildSalt, FileAnalysisCache } from '../node-host/analysis-cache';
import { documentEdited, fileChanged, fileDeleted } from '../core/workspace-changes';
import { hashText } from '../core/parse-document';
import { pathOf, text } from './convert';

export interface EngineChange {
  /** Paths whose findings may have changed; undefined means all of them. */
  paths?: string[];
}

export class WorkspaceEngine implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EngineChange>();
  readonly onDidChange = this.changed.event;
  private readonly versions = new Map<string, number>();
  /** Analyses under way, by path, so callers wanting the same version share one. */
  private readonly pending = new Map<string, { version: number; done: Promise<void> }>();

  private constructor(
    readonly engine: Engine,
    readonly folder: vscode.WorkspaceFolder,
    readonly output: vscode.LogOutputChannel,
    /** Analyses by content hash in the extension's workspace storage: a reopened KB is indexed from it. */
    private readonly cache?: { store: FileAnalysisCache; dir: string },
  ) {}

  private saveTimer?: NodeJS.Timeout;

  /** How the last scan went, in ms from its start: for the output channel and for tests. */
  readonly timings: { firstFindingsMs?: number; cacheLoadedMs?: number; indexedMs?: number; documents?: number; fromCache?: number; lastUpdateMs?: number } = {};

  static async open(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, output: vscode.LogOutputChannel): Promise<WorkspaceEngine> {
    const root = pathOf(folder.uri);
    const host: Host = {
      fs: nodeFileSystem,
      clock: systemClock,
      logger: { info: (m) => output.info(m), warn: (m) => output.warn(m), error: (m) => output.error(m) },
      // A repository's own config can make git run programs, so git runs only when trusted.
      git: vscode.workspace.isTrusted ? nodeGit(root) : undefined,
      user: osUser(),
    };
    const script = context.asAbsolutePath('dist/parse-worker.js');
    const store = context.storageUri ? new FileAnalysisCache(await buildSalt(script)) : undefined;
    const engine = await Engine.open(host, root, {
      cache: store,
      trusted: vscode.workspace.isTrusted,
      source: (setup, analyzer) => new WorkerPool(script, setup, analyzer, EDITOR_WORKERS),
    });
    return new WorkspaceEngine(engine, folder, output, store && context.storageUri ? { store, dir: vscode.Uri.joinPath(context.storageUri, 'analysis-cache').fsPath } : undefined);
  }

  isDocument(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && this.engine.isDocument(pathOf(uri));
  }

  private scans = 0;
  private lastScan?: Promise<void>;

  /** True while a full scan runs: until it ends the index holds only part of the KB. */
  get scanning(): boolean {
    return this.scans > 0;
  }

  /** Resolves when the latest scan, if any, has finished (features that need the whole index wait on it). */
  whenScanned(): Promise<void> {
    return this.lastScan ?? Promise.resolve();
  }

  scan(first?: vscode.Uri): Promise<void> {
    this.scans++;
    const run = this.runScan(first);
    const done = () => {
      this.scans--;
    };
    this.lastScan = run.then(done, done);
    return run;
  }

  private async runScan(first?: vscode.Uri): Promise<void> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Baton: indexing the knowledge base') }, async (progress) => {
      let reported = 0;
      const started = performance.now();
      const hits = this.cache?.store.hits ?? 0;
      // The cache loads while the open document is analysed; the rest of the scan reads from it.
      const loading = this.cache?.store.load(this.cache.dir).then(() => {
        this.timings.cacheLoadedMs = performance.now() - started;
      });
      await this.engine.scan({
        first: first ? pathOf(first) : undefined,
        restAfter: loading,
        onProgress: (done, total) => {
          if (done === 1 && first) {
            this.changed.fire({ paths: [pathOf(first)] });
            this.timings.firstFindingsMs = performance.now() - started;
          }
          const pct = Math.floor((done / total) * 100);
          if (pct > reported) {
            progress.report({ message: `${done}/${total}`, increment: pct - reported });
            reported = pct;
          }
        },
      });
      this.timings.indexedMs = performance.now() - started;
      this.timings.documents = this.engine.index.size;
      this.timings.fromCache = (this.cache?.store.hits ?? 0) - hits;
      this.output.info(`indexed ${this.timings.documents} documents in ${Math.round(this.timings.indexedMs)} ms (${this.timings.fromCache} from the cache)`);
    });
    // The scan read every file from disk; an edited, unsaved document's own text wins.
    await Promise.all(vscode.workspace.textDocuments.filter((d) => d.isDirty && this.isDocument(d.uri)).map((d) => this.updateDocument(d)));
    this.changed.fire({});
    await this.saveCache();
  }

  /** Writes new analyses to the workspace storage, then lets go of the text read from it. */
  private async saveCache(): Promise<void> {
    if (!this.cache) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    try {
      await this.cache.store.save();
    } catch (error) {
      this.output.warn(`analysis cache: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Not awaited: it parses what rules did not read yet, in slices, and whoever waits for the scan need not.
    void this.cache.store.release();
  }

  /** Edits are saved to the cache a minute after the last one, not on every keystroke. */
  private scheduleCacheSave(): void {
    if (!this.cache || this.saveTimer) return;
    this.saveTimer = setTimeout(() => void this.saveCache(), 60_000);
    this.saveTimer.unref();
  }

  /**
   * Re-analyses an open document's text; a result for an older version is dropped. Only the
   * documents whose findings can change are re-published: links to it when its headings
   * change, documents with or naming its id when the id changes (core/workspace-changes.ts).
   */
  updateDocument(document: vscode.TextDocument): Promise<void> {
    const path = pathOf(document.uri);
    const version = document.version;
    const running = this.pending.get(path);
    if (running?.version === version) return running.done;
    this.versions.set(path, version);
    const done = (async () => {
      const started = performance.now();
      const { affected } = await documentEdited(this.engine, path, document.getText());
      this.scheduleCacheSave();
      if (this.versions.get(path) !== version) return;
      this.changed.fire({ paths: affected });
      // Analysis and every listener (the diagnostics are published in one of them).
      this.timings.lastUpdateMs = performance.now() - started;
    })().finally(() => {
      if (this.pending.get(path)?.done === done) this.pending.delete(path);
    });
    this.pending.set(path, { version, done });
    return done;
  }

  /** True when the index holds the analysis of this very text (by hash: a scan may have re-read the file meanwhile). */
  isCurrent(document: vscode.TextDocument): boolean {
    const doc = this.engine.index.get(pathOf(document.uri));
    return doc !== undefined && doc.hash === hashText(document.getText());
  }

  /**
   * Makes sure the index holds this version of an open document (fix offsets must match the
   * text they apply to); false when it changed again meanwhile.
   */
  async ensureCurrent(document: vscode.TextDocument): Promise<boolean> {
    if (this.isCurrent(document)) return true;
    await this.updateDocument(document);
    return this.isCurrent(document);
  }

  /** A file or folder was created or changed on disk (the watcher); folders are walked. */
  async fileChanged(uri: vscode.Uri): Promise<void> {
    const path = pathOf(uri);
    const open = vscode.workspace.textDocuments.find((d) => pathOf(d.uri) === path);
    if (open?.isDirty) return; // the editor's text is what counts while it is being edited
    const affected = await fileChanged(this.engine, path);
    if (affected.length > 0) this.changed.fire({ paths: affected });
  }

  /** A file or folder was deleted (or renamed away: the watcher sees a delete and a create). */
  fileDeleted(uri: vscode.Uri): void {
    const affected = fileDeleted(this.engine, pathOf(uri));
    if (affected.length > 0) this.changed.fire({ paths: affected });
  }

  /** Tells the features that findings changed for a reason outside the index (e.g. freshness from git). */
  notify(change: EngineChange): void {
    this.changed.fire(change);
  }

  dispose(): void {
    if (this.saveTimer) void this.saveCache();
    this.changed.dispose();
    this.engine.dispose();
  }
}

export function describeConfigError(error: unknown): string {
  if (error instanceof ConfigError) {
    return error.problems.map((p) => `${p.file}:${p.range.line}:${p.range.column}: ${text(p.message)}`).join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}
