// The one place core positions and findings become VS Code types.
import * as vscode from 'vscode';
import type { Finding, Message, Range } from '../core/types';

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(Math.max(0, range.line - 1), Math.max(0, range.column - 1), Math.max(0, range.endLine - 1), Math.max(0, range.endColumn - 1));
}

export function text(message: Message): string {
  return vscode.l10n.t(message.text, ...(message.args ?? []));
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), text(finding.message), SEVERITY[finding.severity]);
  diagnostic.source = 'baton';
  diagnostic.code = finding.ruleId;
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toRange(r.range)), text(r.message)));
  }
  return diagnostic;
}

/** Core paths are absolute with forward slashes. */
export function pathOf(uri: vscode.Uri): string {
  return uri.fsPath.replace(/\\/g, '/');
}

/** True when VS Code's display language is Chinese, for texts the schemas hold in both languages. */
export function isChinese(): boolean {
  return /^zh/i.test(vscode.env.language);
}

/** The schema text (`description` or `x-zh`) in the display language, falling back to the other. */
export function pick(texts: { en?: string; zh?: string } | undefined): string | undefined {
  if (!texts) return undefined;
  return isChinese() ? texts.zh ?? texts.en : texts.en ?? texts.zh;
}

/** Core fix edits (offsets) as a WorkspaceEdit; insertions at one point are joined so their order holds. */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: ReadonlyArray<{ start: number; end: number; text: string }>): vscode.WorkspaceEdit {
  const merged: Array<{ start: number; end: number; text: string }> = [];
  for (const edit of edits) {
    const same = merged.find((m) => m.start === edit.start && m.end === edit.start && edit.end === edit.start);
    if (same) same.text += edit.text;
    else merged.push({ ...edit });
  }
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of merged) workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.text);
  return workspaceEdit;
}
