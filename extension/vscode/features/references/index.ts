// The References view: what links to the document in the active editor, or names its id
// (in `related`, `affects` or the text), and on which lines. It follows the active editor.
import * as vscode from 'vscode';
import { basename, relative } from '../../../core/paths';
import { referenceSites, referrers, type Referrer, type ReferenceSite } from '../../../core/references';
import { pathOf, toRange } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';

export const VIEW_ID = 'baton.references';

type Node = { kind: 'document'; referrer: Referrer } | { kind: 'site'; path: string; site: ReferenceSite; preview: string };

export class ReferencesProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The document whose references are shown. */
  target?: string;

  constructor(private readonly kb: WorkspaceEngine) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  list(): Referrer[] {
    return this.target ? referrers(this.kb.engine.index, this.target) : [];
  }

  getChildren(node?: Node): Node[] | Promise<Node[]> {
    if (!node) return this.list().map((referrer) => ({ kind: 'document', referrer }));
    if (node.kind === 'document') return this.sites(node.referrer.path);
    return [];
  }

  private async sites(path: string): Promise<Node[]> {
    const target = this.target;
    const doc = this.kb.engine.index.get(path);
    if (!target || !doc) return [];
    const text = await this.textOf(path);
    if (text === undefined) return [];
    const lines = text.split(/\r?\n/);
    return referenceSites(doc, text, { path: target, id: this.kb.engine.index.get(target)?.id }, this.kb.engine.rootDir).map((site) => ({
      kind: 'site',
      path,
      site,
      preview: (lines[site.range.line - 1] ?? '').trim(),
    }));
  }

  /** The text the index was made from: the open editor's, else the file's. */
  private async textOf(path: string): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => pathOf(d.uri) === path);
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await this.kb.engine.host.fs.readFile(path));
    } catch {
      return undefined;
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'document') {
      const { referrer } = node;
      const doc = this.kb.engine.index.get(referrer.path);
      const item = new vscode.TreeItem(doc?.title ?? basename(referrer.path), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `document:${referrer.path}`;
      item.description = relative(this.kb.engine.rootDir, referrer.path);
      item.iconPath = new vscode.ThemeIcon(referrer.links ? 'link' : 'symbol-reference');
      const how = [referrer.links ? vscode.l10n.t('links to it') : undefined, referrer.mentions ? vscode.l10n.t('names its id') : undefined].filter(Boolean).join(', ');
      item.tooltip = `${doc?.id ? `${doc.id} · ` : ''}${item.description}\n${how}`;
      item.contextValue = 'baton.reference.document';
      item.resourceUri = vscode.Uri.file(referrer.path);
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.file(referrer.path)] };
      return item;
    }
    const { site } = node;
    const item = new vscode.TreeItem(node.preview || `${site.range.line}`, vscode.TreeItemCollapsibleState.None);
    item.id = `site:${node.path}:${site.start}`;
    item.description = site.kind === 'link' ? vscode.l10n.t('line {0}, link', site.range.line) : vscode.l10n.t('line {0}, id', site.range.line);
    item.iconPath = new vscode.ThemeIcon(site.kind === 'link' ? 'link' : 'symbol-key');
    item.contextValue = 'baton.reference.site';
    item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.file(node.path), { selection: toRange(site.range) }] };
    return item;
  }
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const provider = new ReferencesProvider(kb);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(provider, view);

  const update = () => {
    const editor = vscode.window.activeTextEditor;
    // Other editors (output, settings) keep the last document; a KB document takes over.
    if (editor && kb.isDocument(editor.document.uri)) provider.target = pathOf(editor.document.uri);
    const target = provider.target && kb.engine.index.get(provider.target);
    if (!provider.target) {
      view.description = undefined;
      view.message = vscode.l10n.t('Open a knowledge base document to see what links to it.');
    } else {
      const name = target ? target.id ?? target.title ?? basename(provider.target) : basename(provider.target);
      const count = provider.list().length;
      view.description = name;
      view.message = count === 0 ? vscode.l10n.t('Nothing links to {0} or names its id yet.', name) : undefined;
      view.badge = count > 0 ? { value: count, tooltip: vscode.l10n.t('{0} documents refer to {1}', count, name) } : undefined;
    }
    provider.refresh();
  };

  let timer: NodeJS.Timeout | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  };
  context.subscriptions.push(
    { dispose: () => clearTimeout(timer) },
    vscode.window.onDidChangeActiveTextEditor(update),
    kb.onDidChange(() => {
      if (view.visible) soon();
    }),
    view.onDidChangeVisibility((e) => {
      if (e.visible) update();
    }),
  );
  update();
}
