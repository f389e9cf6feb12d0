// The engine as the extension holds it: opened on the workspace folder, kept current as
// documents are edited and files change, with a change event the features listen to.
import * as vscode from 'vscode';
import { Engine, ConfigError } from '../core/engine';
import type { Host } from '../core/host';
import { systemClock } from '../core/host';
import { nodeFileSystem, nodeGit } from '../node-host/node-host';
import { WorkerPool } from '../node-host/worker-pool';
import { pathOf, text } from './convert';

export interface EngineChange {
  /** Paths whose findings may have changed; undefined means all of them. */
  paths?: string[];
}

export class WorkspaceEngine implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EngineChange>();
  readonly onDidChange = this.changed.event;
  private readonly versions = new Map<string, number>();

  private constructor(readonly engine: Engine, readonly folder: vscode.WorkspaceFolder, readonly output: vscode.LogOutputChannel) {}

  static async open(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, output: vscode.LogOutputChannel): Promise<WorkspaceEngine> {
    const root = pathOf(folder.uri);
    const host: Host = {
      fs: nodeFileSystem,
      clock: systemClock,
      logger: { info: (m) => output.info(m), warn: (m) => output.warn(m), error: (m) => output.error(m) },
      // A repository's own config can make git run programs, so git runs only when trusted.
      git: vscode.workspace.isTrusted ? nodeGit(root) : undefined,
    };
    const script = context.asAbsolutePath('dist/parse-worker.js');
    const engine = await Engine.open(host, root, {
      trusted: vscode.workspace.isTrusted,
      source: (setup, analyzer) => new WorkerPool(script, setup, analyzer, 1),
    });
    return new WorkspaceEngine(engine, folder, output);
  }

  isDocument(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && this.engine.isDocument(pathOf(uri));
  }

  async scan(first?: vscode.Uri): Promise<void> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Baton: indexing the knowledge base') }, async (progress) => {
      let reported = 0;
      await this.engine.scan({
        first: first ? pathOf(first) : undefined,
        onProgress: (done, total) => {
          if (done === 1 && first) this.changed.fire({ paths: [pathOf(first)] });
          const pct = Math.floor((done / total) * 100);
          if (pct > reported) {
            progress.report({ message: `${done}/${total}`, increment: pct - reported });
            reported = pct;
          }
        },
      });
    });
    this.changed.fire({});
  }

  /** Re-analyses an open document's text; a result for an older version is dropped. */
  async updateDocument(document: vscode.TextDocument): Promise<void> {
    const path = pathOf(document.uri);
    const version = document.version;
    this.versions.set(path, version);
    const before = this.engine.index.get(path);
    const doc = await this.engine.update(path, document.getText());
    if (this.versions.get(path) !== version) return;
    this.changed.fire({ paths: structuralChange(before, doc) ? undefined : [path, ...this.engine.index.incoming(path)] });
  }

  async fileChanged(uri: vscode.Uri): Promise<void> {
    const path = pathOf(uri);
    const open = vscode.workspace.textDocuments.find((d) => pathOf(d.uri) === path);
    if (open?.isDirty) return; // the editor's text is what counts while it is being edited
    if (!this.engine.isDocument(path)) return;
    await this.engine.load(path);
    this.changed.fire({});
  }

  fileDeleted(uri: vscode.Uri): void {
    this.engine.remove(pathOf(uri));
    this.changed.fire({});
  }

  dispose(): void {
    this.changed.dispose();
    this.engine.dispose();
  }
}

/** A change to what other documents see (id, headings, the file set) re-checks every document. */
function structuralChange(before: { id?: string; headings: Array<{ slug: string }> } | undefined, after: { id?: string; headings: Array<{ slug: string }> }): boolean {
  if (!before) return true;
  if (before.id !== after.id) return true;
  if (before.headings.length !== after.headings.length) return true;
  return before.headings.some((h, i) => h.slug !== after.headings[i].slug);
}

export function describeConfigError(error: unknown): string {
  if (error instanceof ConfigError) {
    return error.problems.map((p) => `${p.file}:${p.range.line}:${p.range.column}: ${text(p.message)}`).join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}
