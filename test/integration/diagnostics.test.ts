// The foundation's promise in a real editor: breaking a frontmatter field shows a
// Baton diagnostic on that key's line while typing (unsaved), and fixing it clears it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateBaton,
  findKbDocument,
  frontmatterOf,
  frontmatterValueRange,
  isBaton,
  replaceText,
  waitForDiagnostic,
  waitForNoDiagnostic,
} from './helpers';

describe('diagnostics', () => {
  let doc: vscode.TextDocument | undefined;

  before(async () => {
    await activateBaton();
  });

  afterEach(async () => {
    // Leave the editor as it was: drop the unsaved edits of the test.
    if (doc && doc.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('flags an invalid status on its line while unsaved, and clears when fixed', async function () {
    // Two bounded waits of up to 15s each, on a busy two-core CI machine.
    this.timeout(45_000);
    const uri = await findKbDocument(
      (text) => /^status:[ \t]*published[ \t]*$/m.test(frontmatterOf(text) ?? ''),
      'with `status: published` in its frontmatter',
    );
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    const value = frontmatterValueRange(doc, 'status');
    assert.equal(doc.getText(value), 'published');
    const line = value.start.line;
    const schemaOnStatusLine = (d: vscode.Diagnostic) => isBaton(d, 'schema') && d.range.start.line === line;

    await replaceText(doc, value, 'finished');
    assert.ok(doc.isDirty, 'the edit stays unsaved');
    await waitForDiagnostic(uri, schemaOnStatusLine, `a baton "schema" diagnostic on line ${line + 1}`);

    await replaceText(doc, new vscode.Range(value.start, value.start.translate(0, 'finished'.length)), 'published');
    await waitForNoDiagnostic(uri, schemaOnStatusLine, `the baton "schema" diagnostic on line ${line + 1}`);
  });
});
