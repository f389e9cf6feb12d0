// The Freshness view (stale first, then pending with a live countdown, then due for review;
// each with the change that caused it) and the explorer badges of stale and pending documents.
import * as vscode from 'vscode';
import { describeChange, shortTime } from '../../../core/freshness/describe';
import { formatDuration } from '../../../core/freshness/duration';
import { onTimeRate, type DocumentFreshness, type FreshnessChange, type FreshnessReport } from '../../../core/freshness/types';
import { basename, relative } from '../../../core/paths';
import { text } from '../../convert';

export type Category = 'stale' | 'pending' | 'due';

export interface DocumentNode {
  kind: 'document';
  category: Category;
  freshness: DocumentFreshness;
}

export interface ChangeNode {
  kind: 'change';
  freshness: DocumentFreshness;
  change: FreshnessChange;
}

export interface PathNode {
  kind: 'path';
  freshness: DocumentFreshness;
  change: FreshnessChange;
  path: string;
}

export type FreshnessNode = DocumentNode | ChangeNode | PathNode;

const ORDER: Record<Category, number> = { stale: 0, pending: 1, due: 2 };

export function categoryOf(f: DocumentFreshness): Category | undefined {
  if (f.state === 'stale') return 'stale';
  if (f.state === 'pending') return 'pending';
  if (f.review?.due) return 'due';
  return undefined;
}

/** "3h 20m left", "overdue by 1d 2h", in the reader's language. */
export function countdown(f: DocumentFreshness, now: number): string {
  const category = categoryOf(f);
  if (category === 'stale') return vscode.l10n.t('overdue by {0}', formatDuration(now - (f.dueMs ?? now)));
  if (category === 'pending') return now > (f.dueMs ?? now) ? vscode.l10n.t('due now') : vscode.l10n.t('{0} left', formatDuration((f.dueMs ?? now) - now));
  if (category === 'due') return vscode.l10n.t('review due');
  return '';
}

export class FreshnessTreeProvider implements vscode.TreeDataProvider<FreshnessNode>, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FreshnessNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly decorationsChanged = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.decorationsChanged.event;
  private report?: FreshnessReport;

  constructor(
    private readonly rootDir: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  setReport(report: FreshnessReport): void {
    const before = this.report;
    this.report = report;
    this.changed.fire(undefined);
    const uris = new Set<string>([...(before?.documents.keys() ?? []), ...report.documents.keys()]);
    this.decorationsChanged.fire([...uris].map((p) => vscode.Uri.file(p)));
  }

  /** Redraws the countdowns without recomputing anything. */
  tick(): void {
    this.changed.fire(undefined);
  }

  get current(): FreshnessReport | undefined {
    return this.report;
  }

  /** The documents the view lists, in its order. */
  listed(): DocumentNode[] {
    const nodes: DocumentNode[] = [];
    for (const f of this.report?.documents.values() ?? []) {
      const category = categoryOf(f);
      if (category) nodes.push({ kind: 'document', category, freshness: f });
    }
    return nodes.sort(
      (a, b) =>
        ORDER[a.category] - ORDER[b.category] ||
        (a.category === 'due' ? a.freshness.review!.dueMs - b.freshness.review!.dueMs : (a.freshness.dueMs ?? 0) - (b.freshness.dueMs ?? 0)) ||
        a.freshness.file.localeCompare(b.freshness.file),
    );
  }

  /** What the view says above its list: why it is empty, or nothing. */
  message(): string | undefined {
    const report = this.report;
    if (!report) return vscode.l10n.t('Reading the git history…');
    if (!report.available) return report.message ? text(report.message) : undefined;
    const note = report.note ? text(report.note) : '';
    if (report.documents.size === 0) return vscode.l10n.t('No document declares covers or verify_every, and no change record affects one, so nothing can go stale.');
    if (this.listed().length === 0) return [vscode.l10n.t('All {0} tracked documents are up to date.', report.documents.size), note].filter(Boolean).join(' ');
    return note || undefined;
  }

  /** The on-time figure for the view's description. */
  description(): string | undefined {
    const rate = this.report ? onTimeRate(this.report.metric) : undefined;
    return rate === undefined ? undefined : vscode.l10n.t('{0}% updated on time', Math.floor(rate * 1000) / 10);
  }

  getChildren(node?: FreshnessNode): FreshnessNode[] {
    if (!node) return this.listed();
    if (node.kind === 'document') return node.freshness.change && node.category !== 'due' ? [{ kind: 'change', freshness: node.freshness, change: node.freshness.change }] : [];
    if (node.kind === 'change' && node.change.kind === 'commit') return node.change.paths.map((path) => ({ kind: 'path', freshness: node.freshness, change: node.change, path }));
    return [];
  }

  getTreeItem(node: FreshnessNode): vscode.TreeItem {
    const f = node.freshness;
    const uri = vscode.Uri.file(f.file);
    if (node.kind === 'document') {
      const item = new vscode.TreeItem(f.title ?? basename(f.file), node.category === 'due' ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `doc:${f.file}`;
      const label = f.updating ? vscode.l10n.t('being updated') : '';
      item.description = [countdown(f, this.now()), label, relative(this.rootDir, f.file)].filter(Boolean).join(' · ');
      item.iconPath =
        node.category === 'stale'
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : node.category === 'pending'
            ? new vscode.ThemeIcon('watch', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('eye');
      item.contextValue = `freshness.${node.category}${f.change && node.category !== 'due' ? `.${f.change.kind}` : ''}`;
      item.tooltip = this.tooltip(node);
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open the Document'), arguments: [uri] };
      item.resourceUri = uri;
      return item;
    }
    if (node.kind === 'change') {
      const c = node.change;
      const item = new vscode.TreeItem(text(describeChange(c)), c.kind === 'commit' && c.paths.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `change:${f.file}:${c.ref}`;
      item.description = shortTime(c.at);
      item.iconPath = new vscode.ThemeIcon(c.kind === 'commit' ? 'git-commit' : 'note');
      item.contextValue = `freshness.change.${c.kind}`;
      item.tooltip = this.tooltip({ kind: 'document', category: categoryOf(f) ?? 'pending', freshness: f });
      item.command =
        c.kind === 'commit'
          ? { command: 'baton.freshness.openChange', title: vscode.l10n.t('Open the Change'), arguments: [node] }
          : c.file
            ? { command: 'vscode.open', title: vscode.l10n.t('Open the Change'), arguments: [vscode.Uri.file(c.file)] }
            : undefined;
      return item;
    }
    const item = new vscode.TreeItem(node.path, vscode.TreeItemCollapsibleState.None);
    item.id = `path:${f.file}:${node.change.ref}:${node.path}`;
    item.iconPath = vscode.ThemeIcon.File;
    item.resourceUri = vscode.Uri.file(`${this.rootDir}/${node.path}`);
    item.contextValue = 'freshness.path.commit';
    item.command = { command: 'baton.freshness.openChange', title: vscode.l10n.t('Open the Change'), arguments: [node] };
    return item;
  }

  private tooltip(node: DocumentNode): vscode.MarkdownString {
    const f = node.freshness;
    const md = new vscode.MarkdownString();
    md.appendText(`${f.title ?? basename(f.file)}\n\n`);
    if (node.category === 'due' && f.review) {
      md.appendText(vscode.l10n.t('Due for review since {0}: not updated or acknowledged since {1} (every {2}).', shortTime(f.review.dueAt), shortTime(f.review.since), f.review.every));
      if (f.review.verifier) md.appendText(`\n\n${vscode.l10n.t('Verifier: {0}', f.review.verifier)}`);
      return md;
    }
    if (f.dueAt) md.appendText(vscode.l10n.t('Due {0} ({1}), window {2}.', shortTime(f.dueAt), countdown(f, this.now()), f.window));
    if (f.change) {
      md.appendText(`\n\n${text(describeChange(f.change))}`);
      if (f.change.paths.length) md.appendText(`\n\n${f.change.paths.join('\n')}`);
    }
    if (f.updating) md.appendText(`\n\n${vscode.l10n.t('Uncommitted edits made after the change: commit them to count as the update.')}`);
    return md;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const f = this.report?.documents.get(uri.fsPath.replace(/\\/g, '/'));
    if (!f) return undefined;
    if (f.state === 'stale') return new vscode.FileDecoration('!', vscode.l10n.t('Stale: {0}', countdown(f, this.now())), new vscode.ThemeColor('list.errorForeground'));
    if (f.state === 'pending') return new vscode.FileDecoration('…', vscode.l10n.t('Due for an update: {0}', countdown(f, this.now())), new vscode.ThemeColor('list.warningForeground'));
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
    this.decorationsChanged.dispose();
  }
}
