// The Checklists view: documents with tasks (checklists first), their headings, then their
// items with native checkboxes. Nodes are kept per model so reveal() and ids stay stable.
import * as vscode from 'vscode';
import { ChecklistCache, formatProgress, localDate, orderChecklists, type ChecklistItem, type DocumentChecklist } from '../../../core/checklists';
import type { WorkspaceEngine } from '../../workspace-engine';

export interface DocumentNode {
  kind: 'document';
  path: string;
  model: DocumentChecklist;
}

export interface SectionNode {
  kind: 'section';
  path: string;
  model: DocumentChecklist;
  section: number;
}

/** An item as the view showed it: ticking checks that the document still holds exactly this. */
export interface ItemNode {
  kind: 'item';
  path: string;
  model: DocumentChecklist;
  item: number;
  line: number;
  rawText: string;
  checked: boolean;
}

export type ChecklistNode = DocumentNode | SectionNode | ItemNode;

interface NodeSet {
  document: DocumentNode;
  sections: SectionNode[];
  items: ItemNode[];
}

/** Overdue items get this scheme as resourceUri so the decoration provider can colour their label. */
export const OVERDUE_SCHEME = 'baton-checklist-overdue';

export class ChecklistTreeProvider implements vscode.TreeDataProvider<ChecklistNode>, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ChecklistNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly decorationsChanged = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.decorationsChanged.event;
  readonly cache: ChecklistCache;
  private readonly nodes = new Map<string, { model: DocumentChecklist; set: NodeSet }>();
  private hideCompleted = false;

  constructor(private readonly kb: WorkspaceEngine, private readonly now: () => Date = () => new Date()) {
    this.cache = new ChecklistCache(() => ({ today: localDate(this.now()), team: kb.engine.config.team }));
  }

  get hidingCompleted(): boolean {
    return this.hideCompleted;
  }

  setHideCompleted(hide: boolean): void {
    if (hide === this.hideCompleted) return;
    this.hideCompleted = hide;
    this.refresh();
  }

  refresh(): void {
    this.shown = this.signature();
    this.changed.fire(undefined);
    this.decorationsChanged.fire(undefined);
  }

  /**
   * Refreshes only when what the view shows changed. A redraw re-creates every row, and a
   * click that lands on a row while it is redrawn is lost, so reloads of the same text skip it.
   */
  refreshIfChanged(): void {
    if (this.signature() !== this.shown) this.refresh();
  }

  private shown = '';

  private signature(): string {
    const parts = [localDate(this.now()), String(this.hideCompleted)];
    for (const doc of this.kb.engine.index.documents()) if (doc.tasks.length > 0) parts.push(`${doc.path}\0${doc.hash}`);
    return parts.sort().join('\n');
  }

  /** The model of one indexed document, or undefined when it has no tasks. */
  model(path: string): DocumentChecklist | undefined {
    const doc = this.kb.engine.index.get(path);
    if (!doc || doc.tasks.length === 0) return undefined;
    return this.cache.get(doc);
  }

  /** Every document with tasks, checklists first. */
  models(): DocumentChecklist[] {
    const models: DocumentChecklist[] = [];
    const paths = new Set<string>();
    for (const doc of this.kb.engine.index.documents()) {
      paths.add(doc.path);
      if (doc.tasks.length > 0) models.push(this.cache.get(doc));
    }
    this.cache.retain(paths);
    for (const path of this.nodes.keys()) if (!paths.has(path)) this.nodes.delete(path);
    return orderChecklists(models);
  }

  private nodeSet(model: DocumentChecklist): NodeSet {
    const cached = this.nodes.get(model.path);
    if (cached && cached.model === model) return cached.set;
    const set: NodeSet = {
      document: { kind: 'document', path: model.path, model },
      sections: model.sections.map((_, section) => ({ kind: 'section', path: model.path, model, section })),
      items: model.items.map((item) => ({ kind: 'item', path: model.path, model, item: item.index, line: item.line, rawText: item.rawText, checked: item.checked })),
    };
    this.nodes.set(model.path, { model, set });
    return set;
  }

  documentNode(path: string): DocumentNode | undefined {
    const model = this.model(path);
    return model ? this.nodeSet(model).document : undefined;
  }

  /** The item on a 1-based line, or the innermost item whose first paragraph spans it. */
  itemAt(path: string, line: number): ItemNode | undefined {
    const model = this.model(path);
    if (!model) return undefined;
    const item = [...model.items].reverse().find((i) => i.range.line <= line && line <= i.range.endLine);
    return item ? this.nodeSet(model).items[item.index] : undefined;
  }

  /** With completed items hidden, done items and fully done headings and documents drop out. */
  private visible(node: ChecklistItem | { progress: { done: number; total: number } }): boolean {
    if (!this.hideCompleted) return true;
    return 'index' in node ? !node.done : node.progress.done < node.progress.total;
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    if (!node) {
      return this.models()
        .filter((m) => this.visible(m))
        .map((m) => this.nodeSet(m).document);
    }
    const { model } = node;
    const set = this.nodeSet(model);
    const items = (indices: number[]) => indices.filter((i) => this.visible(model.items[i])).map((i) => set.items[i]);
    const sections = (indices: number[]) => indices.filter((i) => this.visible(model.sections[i])).map((i) => set.sections[i]);
    if (node.kind === 'document') return [...items(model.rootItems), ...sections(model.topSections)];
    if (node.kind === 'section') {
      const section = model.sections[node.section];
      return [...items(section.items), ...sections(section.sections)];
    }
    return items(model.items[node.item].children);
  }

  getParent(node: ChecklistNode): ChecklistNode | undefined {
    if (node.kind === 'document') return undefined;
    const set = this.nodeSet(node.model);
    if (node.kind === 'section') {
      const parent = node.model.sections[node.section].parent;
      return parent >= 0 ? set.sections[parent] : set.document;
    }
    const item = node.model.items[node.item];
    if (item.parent >= 0) return set.items[item.parent];
    const section = node.model.sections.findIndex((s) => s.items.includes(item.index));
    return section >= 0 ? set.sections[section] : set.document;
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    const { model } = node;
    const uri = vscode.Uri.file(node.path);
    if (node.kind === 'document') {
      const tree = new vscode.TreeItem(model.title, vscode.TreeItemCollapsibleState.Collapsed);
      tree.id = `document:${node.path}`;
      tree.description = describeProgress(model.progress, model.overdue);
      const complete = model.progress.done === model.progress.total;
      tree.iconPath = complete
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon(model.isChecklist ? 'checklist' : 'markdown', model.overdue > 0 ? new vscode.ThemeColor('list.warningForeground') : undefined);
      tree.contextValue = model.isChecklist ? 'checklist.document' : 'checklist.document.other';
      const md = new vscode.MarkdownString();
      md.appendMarkdown(`**${escapeMarkdown(model.title)}**${model.id ? ` · ${escapeMarkdown(model.id)}` : ''}\n\n`);
      md.appendMarkdown(`${escapeMarkdown(vscode.workspace.asRelativePath(uri))}\n\n`);
      md.appendMarkdown(escapeMarkdown(vscode.l10n.t('{0} of {1} items done ({2}%)', model.progress.done, model.progress.total, Math.floor((model.progress.done / model.progress.total) * 100))));
      if (model.due) md.appendMarkdown(`\n\n${escapeMarkdown(vscode.l10n.t('Due {0}', model.due))}`);
      if (model.overdue) md.appendMarkdown(`\n\n${escapeMarkdown(vscode.l10n.t('{0} overdue', model.overdue))}`);
      if (model.unowned) md.appendMarkdown(`\n\n${escapeMarkdown(vscode.l10n.t('{0} open items without an owner', model.unowned))}`);
      tree.tooltip = md;
      return tree;
    }
    if (node.kind === 'section') {
      const section = model.sections[node.section];
      const tree = new vscode.TreeItem(section.text, vscode.TreeItemCollapsibleState.Collapsed);
      tree.id = `section:${node.path}:${section.line}`;
      tree.description = describeProgress(section.progress, section.overdue);
      tree.contextValue = 'checklist.section';
      tree.tooltip = `${section.text}\n${vscode.l10n.t('{0} of {1} items done ({2}%)', section.progress.done, section.progress.total, Math.floor((section.progress.done / section.progress.total) * 100))}`;
      return tree;
    }
    const item = model.items[node.item];
    const tree = new vscode.TreeItem(item.text || item.rawText || vscode.l10n.t('(empty item)'), item.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    tree.id = `item:${node.path}:${item.line}`;
    tree.checkboxState = {
      state: item.checked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
      tooltip: item.checked ? vscode.l10n.t('Untick in the document') : vscode.l10n.t('Tick in the document'),
    };
    const parts: string[] = [];
    if (item.children.length > 0) parts.push(formatProgress(item.progress));
    // Every item may inherit the checklist's date; only its own, or a missed one, is worth the space.
    const owner = item.overdue ? item.effectiveOwner : item.owner;
    const due = item.overdue ? item.effectiveDue : item.due;
    if (owner) parts.push(`@${owner}`);
    if (due) parts.push(`📅 ${due}`);
    if (item.overdue) parts.push(vscode.l10n.t('overdue'));
    tree.description = parts.join(' · ');
    if (item.overdue) {
      tree.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.errorForeground'));
      tree.resourceUri = uri.with({ scheme: OVERDUE_SCHEME, fragment: `L${item.line}` });
    } else if (item.inconsistent) {
      tree.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    }
    tree.contextValue = item.overdue ? 'checklist.item.overdue' : 'checklist.item';
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`${escapeMarkdown(item.rawText)}\n\n`);
    if (item.children.length > 0) md.appendMarkdown(`${escapeMarkdown(vscode.l10n.t('{0} of {1} items done ({2}%)', item.progress.done, item.progress.total, Math.floor((item.progress.done / item.progress.total) * 100)))}\n\n`);
    if (item.effectiveOwner) md.appendMarkdown(`${escapeMarkdown(vscode.l10n.t('Owner: {0}', item.effectiveOwner))}\n\n`);
    if (item.effectiveDue) {
      const source = item.dueFrom === 'document' ? vscode.l10n.t('from the checklist') : item.dueFrom === 'parent' ? vscode.l10n.t('from the parent item') : '';
      md.appendMarkdown(escapeMarkdown(source ? vscode.l10n.t('Due: {0} ({1})', item.effectiveDue, source) : vscode.l10n.t('Due: {0}', item.effectiveDue)));
      if (item.overdue) md.appendMarkdown(` — **${escapeMarkdown(vscode.l10n.t('overdue'))}**`);
      md.appendMarkdown('\n\n');
    }
    if (item.inconsistent) md.appendMarkdown(escapeMarkdown(vscode.l10n.t('Checked, but some sub-items are still open')));
    tree.tooltip = md;
    tree.command = openAt(uri, item.line);
    return tree;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== OVERDUE_SCHEME) return undefined;
    return { color: new vscode.ThemeColor('list.errorForeground'), tooltip: vscode.l10n.t('overdue') };
  }

  dispose(): void {
    this.changed.dispose();
    this.decorationsChanged.dispose();
  }
}

export function describeProgress(progress: { done: number; total: number }, overdue: number): string {
  const text = formatProgress(progress);
  return overdue > 0 ? `${text} · ${vscode.l10n.t('{0} overdue', overdue)}` : text;
}

function openAt(uri: vscode.Uri, line: number): vscode.Command {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  return { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [uri, { selection: new vscode.Range(position, position) } satisfies vscode.TextDocumentShowOptions] };
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
