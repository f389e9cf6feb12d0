// Completion in frontmatter: the keys the document's type allows (with their descriptions),
// enum values, ids with titles for `related` and `affects`, owners, today's date.
import * as vscode from 'vscode';
import { readCodeowners, CODEOWNERS_LOCATIONS } from '../../../core/codeowners';
import { frontmatterCompletions, type CompletionEntry, type CompletionKind } from '../../../core/completion';
import { pathOf, pick, text } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  enum: vscode.CompletionItemKind.EnumMember,
  id: vscode.CompletionItemKind.Reference,
  owner: vscode.CompletionItemKind.User,
  date: vscode.CompletionItemKind.Constant,
  type: vscode.CompletionItemKind.Class,
  value: vscode.CompletionItemKind.Value,
};

export function toCompletionItem(document: vscode.TextDocument, entry: CompletionEntry): vscode.CompletionItem {
  const note = entry.note ? text(entry.note) : undefined;
  // An id shows its document's title beside it; a key its value type; an owner where it comes from.
  const item = new vscode.CompletionItem({ label: entry.label, detail: note ? ` ${note}` : undefined, description: entry.detail || undefined }, KIND[entry.kind]);
  item.insertText = entry.insertText;
  item.range = new vscode.Range(document.positionAt(entry.start), document.positionAt(entry.end));
  item.sortText = entry.sortText;
  item.filterText = entry.label;
  const docs = pick(entry.documentation);
  if (docs) item.documentation = new vscode.MarkdownString(docs);
  item.detail = [entry.detail, note].filter(Boolean).join(' · ') || undefined;
  if (entry.preselect) item.preselect = true;
  if (entry.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: '' };
  return item;
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  let codeowners: Promise<string[]> | undefined;
  const owners = () => (codeowners ??= readCodeowners(kb.engine.host.fs, kb.engine.rootDir).catch(() => []));
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(kb.folder, `{${CODEOWNERS_LOCATIONS.join(',')}}`));
  const forget = () => (codeowners = undefined);

  const provider: vscode.CompletionItemProvider = {
    async provideCompletionItems(document, position) {
      if (!kb.isDocument(document.uri)) return undefined;
      // Cheap test first: the provider also runs on every space typed in the body.
      if (!/^\uFEFF?---[ \t]*$/.test(document.lineAt(0).text)) return undefined;
      for (let line = 1; line < position.line; line++) if (/^(?:---|\.\.\.)[ \t]*$/.test(document.lineAt(line).text)) return undefined;
      const offset = document.offsetAt(position);
      const entries = frontmatterCompletions({
        text: document.getText(),
        offset,
        path: pathOf(document.uri),
        types: kb.engine.types,
        index: kb.engine.index,
        config: kb.engine.config,
        rootDir: kb.engine.rootDir,
        now: kb.engine.host.clock.now(),
        codeowners: await owners(),
      });
      if (entries.length === 0) return undefined;
      return new vscode.CompletionList(entries.map((e) => toCompletionItem(document, e)), false);
    },
  };

  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider({ language: 'markdown', scheme: 'file' }, provider, ':', ' ', '-', '['),
    watcher,
    watcher.onDidCreate(forget),
    watcher.onDidChange(forget),
    watcher.onDidDelete(forget),
  );
}
