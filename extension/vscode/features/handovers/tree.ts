// The Handovers view: each handover record with its state (draft, awaiting controls,
// awaiting sign-off, signed off), its open controls and the signatures still missing.
import * as vscode from 'vscode';
import { handoverRecords, type HandoverItem, type HandoverRecord, type HandoverState, type Party, type Signature } from '../../../core/handovers';
import type { KbIndex } from '../../../core/kb-index';
import { basename, relative } from '../../../core/paths';
import type { Range } from '../../../core/types';
import { toRange } from '../../convert';

export interface RecordNode {
  kind: 'record';
  record: HandoverRecord;
}

export interface ControlNode {
  kind: 'control';
  record: HandoverRecord;
  item: HandoverItem;
}

export interface SignatureNode {
  kind: 'signature';
  record: HandoverRecord;
  party: Party;
  signature?: Signature;
}

export type HandoverNode = RecordNode | ControlNode | SignatureNode;

export function stateText(state: HandoverState): string {
  switch (state) {
    case 'draft':
      return vscode.l10n.t('draft');
    case 'awaiting-controls':
      return vscode.l10n.t('awaiting controls');
    case 'awaiting-sign-off':
      return vscode.l10n.t('awaiting sign-off');
    case 'signed-off':
      return vscode.l10n.t('signed off');
  }
}

function stateIcon(state: HandoverState): vscode.ThemeIcon {
  switch (state) {
    case 'draft':
      return new vscode.ThemeIcon('edit');
    case 'awaiting-controls':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'awaiting-sign-off':
      return new vscode.ThemeIcon('person', new vscode.ThemeColor('list.warningForeground'));
    case 'signed-off':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  }
}

function partyText(record: HandoverRecord, party: Party): string {
  const side = party === 'from' ? record.from : record.to;
  const who = [side.person, side.org].filter(Boolean).join(', ');
  return party === 'from' ? vscode.l10n.t('handing-over party ({0})', who || '?') : vscode.l10n.t('receiving party ({0})', who || '?');
}

function openAt(path: string, range: Range | undefined): vscode.Command {
  const uri = vscode.Uri.file(path);
  return { command: 'vscode.open', title: vscode.l10n.t('Open the Record'), arguments: range ? [uri, { selection: toRange(range) }] : [uri] };
}

/** What a record needs next, shown after its state. */
export function summary(record: HandoverRecord): string {
  const open = record.items.filter((i) => !i.done).length;
  const parts: string[] = [];
  if (record.items.length === 0) parts.push(vscode.l10n.t('no items'));
  else if (open > 0) parts.push(vscode.l10n.t('{0} of {1} controls open', open, record.items.length));
  else parts.push(vscode.l10n.t('{0} controls done', record.items.length));
  if (record.missingParties.length > 0) parts.push(vscode.l10n.t('{0} of 2 signatures missing', record.missingParties.length));
  return parts.join(' · ');
}

export class HandoverTreeProvider implements vscode.TreeDataProvider<HandoverNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HandoverNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly index: KbIndex,
    private readonly rootDir: string,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The records as the index holds them now, in id order. */
  records(): HandoverRecord[] {
    return handoverRecords(this.index.documents());
  }

  getChildren(node?: HandoverNode): HandoverNode[] {
    if (!node) return this.records().map((record) => ({ kind: 'record', record }));
    if (node.kind !== 'record') return [];
    const { record } = node;
    const out: HandoverNode[] = record.items.filter((item) => !item.done).map((item) => ({ kind: 'control', record, item }));
    for (const party of record.missingParties) out.push({ kind: 'signature', record, party });
    if (out.length === 0) for (const signature of record.signatures) out.push({ kind: 'signature', record, party: signature.role, signature });
    return out;
  }

  getTreeItem(node: HandoverNode): vscode.TreeItem {
    const { record } = node;
    if (node.kind === 'record') {
      const hasChildren = record.items.some((i) => !i.done) || record.missingParties.length > 0 || record.signatures.length > 0;
      const collapsed = record.state === 'signed-off' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
      const item = new vscode.TreeItem(record.id ? `${record.id} ${record.title ?? ''}`.trim() : record.title ?? basename(record.path), hasChildren ? collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `handover:${record.path}`;
      item.description = `${stateText(record.state)} · ${summary(record)}`;
      item.iconPath = stateIcon(record.state);
      item.contextValue = `handover.${record.state}`;
      item.resourceUri = vscode.Uri.file(record.path);
      item.command = openAt(record.path, undefined);
      item.tooltip = this.tooltip(record);
      return item;
    }
    if (node.kind === 'control') {
      const { item: row } = node;
      const item = new vscode.TreeItem(row.credential || row.content || vscode.l10n.t('(unnamed row)'), vscode.TreeItemCollapsibleState.None);
      item.id = `handover:${record.path}:row:${row.range.line}`;
      item.description = row.control ? vscode.l10n.t('control open: {0}', row.control) : vscode.l10n.t('control open');
      item.tooltip = [row.content, row.channel, row.control].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('circle-large-outline');
      item.contextValue = 'handover.control';
      item.command = openAt(record.path, row.range);
      return item;
    }
    if (node.signature) {
      const s = node.signature;
      const item = new vscode.TreeItem(partyText(record, node.party), vscode.TreeItemCollapsibleState.None);
      item.id = `handover:${record.path}:signed:${node.party}`;
      item.description = vscode.l10n.t('signed by {0}{1}', s.by, s.at ? ` · ${s.at}` : '');
      item.iconPath = new vscode.ThemeIcon('check');
      item.contextValue = 'handover.signature';
      item.command = openAt(record.path, s.range);
      return item;
    }
    const item = new vscode.TreeItem(partyText(record, node.party), vscode.TreeItemCollapsibleState.None);
    item.id = `handover:${record.path}:missing:${node.party}`;
    item.description = vscode.l10n.t('signature missing');
    item.iconPath = new vscode.ThemeIcon('person');
    item.contextValue = 'handover.missingSignature';
    item.command = openAt(record.path, undefined);
    return item;
  }

  private tooltip(record: HandoverRecord): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escape(record.title ?? record.id ?? basename(record.path))}**\n\n`);
    md.appendMarkdown(`${escape(stateText(record.state))} · ${escape(summary(record))}\n\n`);
    const side = (p: { org?: string; person?: string }) => escape([p.person, p.org].filter(Boolean).join(', ') || '?');
    md.appendMarkdown(`${escape(vscode.l10n.t('From'))}: ${side(record.from)}  \n${escape(vscode.l10n.t('To'))}: ${side(record.to)}`);
    if (record.date) md.appendMarkdown(`  \n${escape(vscode.l10n.t('Date'))}: ${escape(record.date)}`);
    md.appendMarkdown(`\n\n${escape(relative(this.rootDir, record.path))}`);
    return md;
  }

  /** The rows as shown, as plain data: for the in-editor tests and for scripts. */
  describe(): Array<{ path: string; id?: string; state: HandoverState; label: string; description: string; children: Array<{ label: string; description: string; line?: number }> }> {
    return this.getChildren().map((node) => {
      const item = this.getTreeItem(node);
      return {
        path: node.record.path,
        id: node.record.id,
        state: node.record.state,
        label: String(item.label),
        description: String(item.description ?? ''),
        children: this.getChildren(node).map((child) => {
          const c = this.getTreeItem(child);
          return { label: String(c.label), description: String(c.description ?? ''), line: child.kind === 'control' ? child.item.range.line : undefined };
        }),
      };
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
