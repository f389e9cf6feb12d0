// Hovers: a frontmatter key shows its schema's description in the UI language, with the
// values it takes; an id shows the document it names.
import * as vscode from 'vscode';
import { relative } from '../../../core/paths';
import { keyHover } from '../../../core/schema-hover';
import { idAt } from '../../../core/id-references';
import { pick } from '../../convert';
import { knownIds } from '../navigation';
import type { WorkspaceEngine } from '../../workspace-engine';

function range(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

function code(value: string): string {
  return `\`${value.replace(/`/g, "'")}\``;
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const provider: vscode.HoverProvider = {
    async provideHover(document, position) {
      if (!kb.isDocument(document.uri)) return undefined;
      const offset = document.offsetAt(position);
      const text = document.getText();
      const key = keyHover(text, offset, kb.engine.types);
      if (key?.type) {
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${key.type.name}**${key.type.title ? ` — ${key.type.title}` : ''}\n\n`);
        const description = pick(key.type.description);
        if (description) md.appendText(description);
        return new vscode.Hover(md, range(document, key.start, key.end));
      }
      const found = idAt(await knownIds(kb, document), offset);
      if (found) {
        const md = new vscode.MarkdownString();
        for (const path of kb.engine.index.byId(found.id)) {
          const doc = kb.engine.index.get(path);
          if (!doc) continue;
          md.appendMarkdown(`**${found.id}** `);
          md.appendText(doc.title ?? '');
          md.appendMarkdown('\n\n');
          const status = typeof doc.frontmatter.data.status === 'string' ? doc.frontmatter.data.status : undefined;
          md.appendMarkdown([doc.type, status].filter(Boolean).map((s) => code(s!)).join(' · '));
          md.appendMarkdown(` · [${relative(kb.engine.rootDir, path)}](${vscode.Uri.file(path).toString()})\n\n`);
        }
        return new vscode.Hover(md, range(document, found.start, found.end));
      }
      if (!key) return undefined;
      const md = new vscode.MarkdownString();
      const parts = [`**${key.path}**`];
      if (key.summary) parts.push(code(key.summary));
      if (key.required) parts.push(vscode.l10n.t('required'));
      md.appendMarkdown(`${parts.join(' · ')}\n\n`);
      const description = pick(key.description);
      if (description) md.appendText(description);
      else md.appendText(vscode.l10n.t('No description in the schema of type "{0}".', key.typeName ?? '-'));
      return new vscode.Hover(md, range(document, key.start, key.end));
    },
  };
  context.subscriptions.push(vscode.languages.registerHoverProvider({ language: 'markdown', scheme: 'file' }, provider));
}
