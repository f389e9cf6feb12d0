// Quick fixes and fix-all from the fix data on findings: the same edits `baton lint --fix`
// applies. Fix-all is the `source.fixAll.baton` kind, so `editor.codeActionsOnSave` runs it.
import * as vscode from 'vscode';
import { autoFix, fixAllEdits } from '../../../core/fixes';
import type { Finding } from '../../../core/types';
import { pathOf, text, toRange, toWorkspaceEdit } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';

export const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append('baton');
/** Run after a quick fix is applied; the walkthrough's "fix a finding" step completes on it. */
export const FIX_APPLIED = 'baton.fixApplied';

function sameDiagnostic(finding: Finding, diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return diagnostic.source === 'baton' && code === finding.ruleId && diagnostic.range.isEqual(toRange(finding.range));
}

export class BatonCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FIX_ALL];

  constructor(private readonly kb: WorkspaceEngine) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[] | undefined> {
    if (!this.kb.isDocument(document.uri)) return undefined;
    const wantsQuickFix = !context.only || context.only.contains(vscode.CodeActionKind.QuickFix);
    const wantsFixAll = !context.only || context.only.contains(FIX_ALL);
    if (!wantsQuickFix && !wantsFixAll) return undefined;
    // Fix offsets are into the analysed text: never offer them for another version.
    if (!(await this.kb.ensureCurrent(document)) || token.isCancellationRequested) return undefined;
    const findings = this.kb.engine.findings(pathOf(document.uri));
    const actions: vscode.CodeAction[] = [];

    if (wantsQuickFix) {
      for (const finding of findings) {
        if (!finding.fixes?.length || !toRange(finding.range).intersection(range)) continue;
        const diagnostic = context.diagnostics.find((d) => sameDiagnostic(finding, d));
        for (const fix of finding.fixes) {
          const action = new vscode.CodeAction(text(fix.title), vscode.CodeActionKind.QuickFix);
          action.edit = toWorkspaceEdit(document, fix.edits);
          action.isPreferred = fix.preferred === true;
          if (diagnostic) action.diagnostics = [diagnostic];
          action.command = { command: FIX_APPLIED, title: '' };
          actions.push(action);
        }
      }
      const fixable = findings.filter((f) => autoFix(f) !== undefined);
      if (fixable.length > 1 && actions.length > 0) {
        const all = new vscode.CodeAction(vscode.l10n.t('Fix all auto-fixable Baton problems in this file ({0})', fixable.length), vscode.CodeActionKind.QuickFix);
        all.edit = toWorkspaceEdit(document, fixAllEdits(findings));
        all.command = { command: FIX_APPLIED, title: '' };
        actions.push(all);
      }
    }

    if (wantsFixAll) {
      const edits = fixAllEdits(findings);
      if (edits.length > 0) {
        const action = new vscode.CodeAction(vscode.l10n.t('Fix all auto-fixable Baton problems'), FIX_ALL);
        action.edit = toWorkspaceEdit(document, edits);
        actions.push(action);
      }
    }
    return actions;
  }
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ language: 'markdown', scheme: 'file' }, new BatonCodeActions(kb), { providedCodeActionKinds: BatonCodeActions.kinds }),
    // Nothing to do: the edit is already applied. Its run is the event the walkthrough waits on.
    vscode.commands.registerCommand(FIX_APPLIED, () => undefined),
  );
}
