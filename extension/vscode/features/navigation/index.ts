// Ids of documents (CASE-2026-001) in frontmatter and body are links: Ctrl+click opens the
// document, and go-to-definition jumps to it.
import * as vscode from 'vscode';
import { idAt, idOccurrences, type IdOccurrence } from '../../../core/id-references';
import { LineIndex } from '../../../core/text';
import { pathOf, toRange } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';

const SELECTOR: vscode.DocumentSelector = { language: 'markdown', scheme: 'file' };

/** Occurrences of ids that name another document in the index, in an open document's text. */
export async function knownIds(kb: WorkspaceEngine, document: vscode.TextDocument): Promise<IdOccurrence[]> {
  if (!kb.isDocument(document.uri)) return [];
  await kb.ensureCurrent(document);
  const path = pathOf(document.uri);
  const doc = kb.engine.index.get(path);
  if (!doc) return [];
  const text = document.getText();
  return idOccurrences(text, doc, new LineIndex(text)).filter((o) => o.id !== doc.id && kb.engine.index.byId(o.id).length > 0);
}

/** Where a document with `id` is: the value of its `id:` key, else its first line. */
export function definitionOf(kb: WorkspaceEngine, id: string): vscode.Location[] {
  return kb.engine.index.byId(id).map((path) => {
    const at = kb.engine.index.get(path)?.frontmatter.keys.id?.value;
    return new vscode.Location(vscode.Uri.file(path), at ? toRange(at) : new vscode.Position(0, 0));
  });
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const links: vscode.DocumentLinkProvider = {
    async provideDocumentLinks(document) {
      // Links are asked for once per edit, not when the index grows: wait for the whole KB.
      await kb.whenScanned();
      const out: vscode.DocumentLink[] = [];
      for (const o of await knownIds(kb, document)) {
        const [target] = kb.engine.index.byId(o.id);
        const link = new vscode.DocumentLink(new vscode.Range(document.positionAt(o.start), document.positionAt(o.end)), vscode.Uri.file(target));
        const title = kb.engine.index.get(target)?.title;
        link.tooltip = title ? vscode.l10n.t('Open {0}: {1}', o.id, title) : vscode.l10n.t('Open {0}', o.id);
        out.push(link);
      }
      return out;
    },
  };
  const definitions: vscode.DefinitionProvider = {
    async provideDefinition(document, position) {
      const found = idAt(await knownIds(kb, document), document.offsetAt(position));
      return found ? definitionOf(kb, found.id) : undefined;
    },
  };
  context.subscriptions.push(vscode.languages.registerDocumentLinkProvider(SELECTOR, links), vscode.languages.registerDefinitionProvider(SELECTOR, definitions));
}
