// Scaffolding in the editor: Baton: New Case…, New Article…, New Checklist…, New Handover
// Record…, New Change Record… and New Document from Template…, from the palette, the
// Explorer's folder menu (the document goes in that folder) and the Baton views' title bar.
import * as vscode from 'vscode';
import type { WorkspaceEngine } from '../../workspace-engine';
import { newDocument } from './new-document';

/** Each command and the document type its templates make; undefined offers every template. */
const COMMANDS: Record<string, string | undefined> = {
  'baton.newCase': 'case',
  'baton.newArticle': 'article',
  'baton.newChecklist': 'checklist',
  'baton.newHandover': 'handover',
  'baton.newChange': 'change',
  'baton.newFromTemplate': undefined,
};

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  for (const [command, type] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(command, (...args: unknown[]) => newDocument(kb, type, args)));
  }
}
