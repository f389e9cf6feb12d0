// Freshness in VS Code: the Freshness view, explorer badges, the status bar count, the
// acknowledge and open-change commands; diagnostics come through the stale/pending rules.
// Recomputed when HEAD moves, every few minutes, and (without git work) as documents change.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { fileHistoryStore, trackerFor, updateFreshness, type DocumentFreshness, type FreshnessReport } from '../../../core/freshness';
import { msg } from '../../../core/message';
import { watchForRepository, watchHead } from '../../../node-host/git-watch';
import { nodeFileSystem, nodeGit } from '../../../node-host/node-host';
import { pathOf, text } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';
import { acknowledge, type AcknowledgeOptions } from './acknowledge';
import { GitContentProvider, openChange } from './open-change';
import { FreshnessTreeProvider, type FreshnessNode } from './tree';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';

const VIEW_ID = 'baton.freshness';
const EDIT_DELAY_MS = 400;
const HEAD_DELAY_MS = 300;

/** Keeps the report current and tells the rest of the extension when it changes. */
export class FreshnessController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FreshnessReport>();
  readonly onDidChange = this.changed.event;
  report?: FreshnessReport;
  /** Set while this controller fires the engine's change event, so it does not recompute on its own echo. */
  private notifying = false;
  private saidUnavailable?: string;

  constructor(private readonly kb: WorkspaceEngine) {}

  get tracker() {
    return trackerFor(this.kb.engine, fileHistoryStore(nodeFileSystem));
  }

  isOwnEcho(): boolean {
    return this.notifying;
  }

  /** Recomputes; with `fetch`, asks git whether HEAD or the working tree moved. */
  async refresh(fetch: boolean): Promise<FreshnessReport> {
    await this.kb.whenScanned();
    const editing = new Set(
      vscode.workspace.textDocuments.filter((d) => d.isDirty && this.kb.isDocument(d.uri)).map((d) => pathOf(d.uri)),
    );
    const before = this.report;
    const report = await updateFreshness(this.kb.engine, {
      fetch,
      workingTree: true,
      editing,
      store: fileHistoryStore(nodeFileSystem),
      pause: eventLoopTurn,
      noGitMessage: vscode.workspace.isTrusted
        ? undefined
        : msg('Freshness is off in an untrusted workspace: a repository can make git run programs (for example core.fsmonitor), so Baton runs no git until you trust this folder.'),
    });
    this.report = report;
    if (!report.available && report.message && this.saidUnavailable !== report.message.text) {
      this.saidUnavailable = report.message.text;
      this.kb.output.info(text(report.message));
    }
    // After a read of git the messages' times move on: republish every tracked document.
    // After an edit only documents whose freshness changed need new diagnostics.
    const paths = new Set<string>();
    for (const path of new Set([...(before?.documents.keys() ?? []), ...report.documents.keys()])) {
      if (fetch || signature(before?.documents.get(path)) !== signature(report.documents.get(path))) paths.add(path);
    }
    if (paths.size > 0) {
      this.notifying = true;
      try {
        this.kb.notify({ paths: [...paths].filter((p) => this.kb.engine.index.get(p)) });
      } finally {
        this.notifying = false;
      }
    }
    this.changed.fire(report);
    return report;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** What a document's diagnostics depend on, besides the clock. */
function signature(f: DocumentFreshness | undefined): string {
  if (!f) return '';
  return JSON.stringify([f.state, f.dueMs, f.updating, f.change?.ref, f.change?.paths, f.review?.due, f.review?.dueMs]);
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const controller = new FreshnessController(kb);
  const provider = new FreshnessTreeProvider(kb.engine.rootDir);
  const view = vscode.window.createTreeView<FreshnessNode>(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem('baton.freshness.status', vscode.StatusBarAlignment.Left, 49);
  status.name = vscode.l10n.t('Baton Freshness');
  status.command = `${VIEW_ID}.focus`;
  let trustedGit: ReturnType<typeof nodeGit> | undefined;
  const gitNow = () => (vscode.workspace.isTrusted ? (kb.engine.host.git ?? trustedGit) : undefined);
  const git = new GitContentProvider(gitNow, kb.engine.rootDir);
  context.subscriptions.push(
    controller,
    provider,
    view,
    status,
    vscode.window.registerFileDecorationProvider(provider),
    vscode.workspace.registerTextDocumentContentProvider(GitContentProvider.scheme, git),
  );

  const render = () => {
    view.message = provider.message();
    view.description = provider.description();
    const report = provider.current;
    const enabled = vscode.workspace.getConfiguration('baton').get<boolean>('statusBar.enabled', true);
    const count = (state: string) => [...(report?.documents.values() ?? [])].filter((f) => f.state === state).length;
    const stale = count('stale');
    const pending = count('pending');
    if (!enabled || !report?.available || stale + pending === 0) {
      status.hide();
      return;
    }
    status.text = `$(history) ${[stale ? vscode.l10n.t('{0} stale', stale) : '', pending ? vscode.l10n.t('{0} pending', pending) : ''].filter(Boolean).join(' · ')}`;
    status.tooltip = [vscode.l10n.t('Freshness: {0} stale, {1} due for an update. Click to show them.', stale, pending), provider.description()].filter(Boolean).join('\n');
    status.backgroundColor = stale > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    status.show();
  };
  render();
  controller.onDidChange((report) => {
    provider.setReport(report);
    render();
  });

  const run = (fetch: boolean) => controller.refresh(fetch).catch((error) => kb.output.error(`freshness: ${error instanceof Error ? error.message : String(error)}`));

  // Document edits change covers, records and "being updated": recompute from the cached history.
  let editTimer: NodeJS.Timeout | undefined;
  context.subscriptions.push(
    kb.onDidChange(() => {
      if (controller.isOwnEcho()) return;
      clearTimeout(editTimer);
      editTimer = setTimeout(() => void run(false), EDIT_DELAY_MS);
    }),
  );

  // HEAD moving (commit, checkout, pull, reset) is what brings new history; watch the git directory.
  let headTimer: NodeJS.Timeout | undefined;
  const onHead = () => {
    clearTimeout(headTimer);
    headTimer = setTimeout(() => void run(true), HEAD_DELAY_MS);
  };
  let head: { dir: string; watcher: { close(): void } } | undefined;
  // `git init` (or a clone) in the folder turns freshness on.
  const repository = watchForRepository(pathOf(kb.folder.uri), onHead);
  controller.onDidChange(() => {
    const read = controller.tracker.lastRead;
    // A repository with no commits yet has no history to read, but its first commit must be seen.
    const local = `${pathOf(kb.folder.uri)}/.git`;
    const gitDir = read?.ok ? read.repo.gitDir : read && !read.ok && read.code === 'no-commits' && existsSync(local) ? local : undefined;
    if (gitDir === head?.dir) return;
    head?.watcher.close();
    head = gitDir ? { dir: gitDir, watcher: watchHead(gitDir, () => void run(true)) } : undefined;
  });
  context.subscriptions.push({ dispose: () => (repository.close(), head?.watcher.close(), clearTimeout(editTimer), clearTimeout(headTimer)) });

  // Saving a document changes what differs from HEAD ("being updated").
  context.subscriptions.push(
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (controller.report?.documents.has(pathOf(document.uri))) onHead();
    }),
  );

  // Every few minutes, and a live countdown in the view every minute while something is pending.
  let every: NodeJS.Timeout | undefined;
  const arm = () => {
    clearInterval(every);
    const minutes = Math.max(1, vscode.workspace.getConfiguration('baton').get<number>('freshness.refreshMinutes', 5));
    every = setInterval(() => void run(true), minutes * 60_000);
  };
  arm();
  const countdown = setInterval(() => {
    if (view.visible && provider.listed().some((n) => n.category === 'pending')) provider.tick();
  }, 60_000);
  context.subscriptions.push(
    { dispose: () => (clearInterval(every), clearInterval(countdown)) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('baton.freshness.refreshMinutes')) arm();
      if (e.affectsConfiguration('baton.statusBar.enabled')) render();
    }),
  );

  // Trusting the folder later turns git on without a reload.
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      trustedGit = nodeGit(kb.engine.rootDir);
      controller.tracker.setGit(trustedGit);
      void run(true);
    }),
  );

  const ackOptions = (value: unknown): AcknowledgeOptions | undefined => (value && typeof value === 'object' && !(value instanceof vscode.Uri) ? (value as AcknowledgeOptions) : undefined);
  context.subscriptions.push(
    vscode.commands.registerCommand('baton.freshness.refresh', () => run(true)),
    vscode.commands.registerCommand('baton.freshness.openChange', (target?: FreshnessNode | vscode.Uri) => {
      // From the view a node; from a script or the palette a document (or the active one).
      if (target && !(target instanceof vscode.Uri)) return openChange(target, controller.report);
      const path = target ? pathOf(target) : activePath(kb);
      const f = path ? controller.report?.documents.get(path) : undefined;
      return openChange(f?.change ? { kind: 'change', freshness: f, change: f.change } : undefined, controller.report);
    }),
    vscode.commands.registerCommand('baton.acknowledge', async (target?: FreshnessNode | vscode.Uri, options?: unknown) => {
      const path = target instanceof vscode.Uri ? pathOf(target) : target?.freshness.file ?? activePath(kb);
      if (!path) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a knowledge base document, or pick one in the Freshness view, to acknowledge it.'));
        return false;
      }
      const done = await acknowledge(kb, gitNow(), path, controller.report?.documents.get(path), controller.report?.head, ackOptions(options));
      if (done) await run(false);
      return done;
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file', language: 'markdown' }, new FreshnessActions(controller), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
}

function activePath(kb: WorkspaceEngine): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && kb.isDocument(uri) ? pathOf(uri) : undefined;
}

/** Quick fixes on a stale or pending diagnostic: acknowledge, or open the change. */
class FreshnessActions implements vscode.CodeActionProvider {
  constructor(private readonly controller: FreshnessController) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === 'baton' && (d.code === 'stale' || d.code === 'pending'));
    const f: DocumentFreshness | undefined = this.controller.report?.documents.get(pathOf(document.uri));
    if (ours.length === 0 || !f) return [];
    const ack = new vscode.CodeAction(vscode.l10n.t('Acknowledge: the change needs no edit'), vscode.CodeActionKind.QuickFix);
    ack.diagnostics = ours;
    ack.command = { command: 'baton.acknowledge', title: ack.title, arguments: [document.uri] };
    const actions = [ack];
    if (f.change?.kind === 'commit') {
      const open = new vscode.CodeAction(vscode.l10n.t('Open the change that made this document due'), vscode.CodeActionKind.QuickFix);
      open.diagnostics = ours;
      open.command = { command: 'baton.freshness.openChange', title: open.title, arguments: [{ kind: 'change', freshness: f, change: f.change }] };
      actions.push(open);
    }
    return actions;
  }
}
