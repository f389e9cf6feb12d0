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
