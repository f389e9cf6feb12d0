// Handover records and secrets in a real editor: the Handovers view lists each record with
// its state; unticking a control or dropping a signature in an unsaved edit changes the state
// and raises a handover-signoff diagnostic on the row or at signed_off; a password typed into
// a document is flagged with the secret masked.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateBaton, findKbDocument, frontmatterOf, isBaton, replaceText, waitForDiagnostic, waitForNoDiagnostic } from './helpers';

interface Row {
  path: string;
  id?: string;
  state: string;
  label: string;
  description: string;
  children: Array<{ label: string; description: string; line?: number }>;
}

const rows = async () => (await vscode.commands.executeCommand<Row[]>('baton.handovers.rows')) ?? [];

/** A published handover record whose items table has a done (✅) row. */
async function publishedRecord(): Promise<vscode.TextDocument> {
  const uri = await findKbDocument(
    (text) => /^type:\s*handover\s*$/m.test(frontmatterOf(text) ?? '') && /^status:\s*published\s*$/m.test(frontmatterOf(text) ?? '') && /\|\s*✅\s*\|\s*$/m.test(text),
    'that is a published handover record with a ✅ row',
  );
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

function lineMatching(doc: vscode.TextDocument, re: RegExp): number {
  for (let line = 0; line < doc.lineCount; line++) if (re.test(doc.lineAt(line).text)) return line;
  throw new Error(`${doc.uri.path} has no line matching ${re}`);
}

describe('handovers', () => {
  let doc: vscode.TextDocument | undefined;

  before(async () => {
    await activateBaton();
  });

  afterEach(async () => {
    // Leave the workspace as it was: drop the unsaved edits of the test.
    if (doc && doc.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    doc = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists every handover record of the KB with its state', async () => {
    await vscode.commands.executeCommand('baton.handovers.refresh');
    const list = await rows();
    assert.ok(list.length >= 2, `rows: ${JSON.stringify(list)}`);
    for (const row of list.filter((r) => /^HO-2026-00[12]$/.test(r.id ?? ''))) {
      assert.equal(row.state, 'signed-off', row.label);
      assert.match(row.description, /^signed off · \d+ controls done$/);
    }
  });

  it('shows an open control while the record is edited, with a diagnostic on the row, and clears when done again', async () => {
    doc = await publishedRecord();
    const line = lineMatching(doc, /\|\s*✅\s*\|\s*$/);
    const col = doc.lineAt(line).text.lastIndexOf('✅');
    const cell = new vscode.Range(line, col, line, col + 1);
    const onRow = (d: vscode.Diagnostic) => isBaton(d, 'handover-signoff') && d.range.start.line === line;

    await replaceText(doc, cell, '⬜');
    assert.ok(doc.isDirty, 'the edit stays unsaved');
    const diagnostic = await waitForDiagnostic(doc.uri, onRow, `a handover-signoff diagnostic on line ${line + 1}`);
    assert.match(diagnostic.message, /is not done: a published handover cannot have open controls/);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    const row = (await rows()).find((r) => r.path === doc!.uri.fsPath.replace(/\\/g, '/'));
    assert.ok(row, 'the record is listed');
    assert.equal(row.state, 'awaiting-controls');
    assert.deepEqual(row.children.map((c) => c.line), [line + 1], 'the open control is its child, at its row');
    assert.match(row.children[0].description, /^control open: /);

    await replaceText(doc, new vscode.Range(line, col, line, col + 1), '✅');
    await waitForNoDiagnostic(doc.uri, onRow, `the handover-signoff diagnostic on line ${line + 1}`);
    assert.equal((await rows()).find((r) => r.path === row.path)?.state, 'signed-off');
  });

  it('names the missing party when a signature goes, at signed_off', async () => {
    doc = await publishedRecord();
    const line = lineMatching(doc, /^\s+role:\s*to\s*$/);
    const text = doc.lineAt(line).text;
    await replaceText(doc, new vscode.Range(line, text.indexOf('to'), line, text.indexOf('to') + 2), 'from');
    const signedOff = lineMatching(doc, /^signed_off:/);
    const diagnostic = await waitForDiagnostic(doc.uri, (d) => isBaton(d, 'handover-signoff') && /receiving party/.test(d.message), 'a missing-signature diagnostic');
    assert.equal(diagnostic.range.start.line, signedOff);
    assert.equal((await rows()).find((r) => r.path === doc!.uri.fsPath.replace(/\\/g, '/'))?.state, 'awaiting-sign-off');
  });

  it('flags a password typed into a document, showing it masked', async () => {
    doc = await publishedRecord();
    const secret = 'Itg@2026-Qx7zK';
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    await replaceText(doc, new vscode.Range(end, end), `\n管理员密码：${secret}\n`);
    const diagnostic = await waitForDiagnostic(doc.uri, (d) => isBaton(d, 'no-secrets'), 'a no-secrets diagnostic');
    assert.equal(doc.getText(diagnostic.range), secret, 'the range is the secret');
    assert.ok(!diagnostic.message.includes(secret), diagnostic.message);
    assert.match(diagnostic.message, /"Itg@\*\*\*\*"/);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  });
});
