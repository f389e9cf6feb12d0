// Scaffolding in a real editor: the New commands create the file with the next id in the
// right folder (or the Explorer's folder), open it with the cursor in the first section to
// fill, never overwrite, and create nothing when a prompt is cancelled.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateBaton, isBaton, waitForDiagnostic } from './helpers';

const decoder = new TextDecoder();

async function kbFiles(): Promise<string[]> {
  return (await vscode.workspace.findFiles('kb/**/*')).map((u) => u.toString()).sort();
}

async function read(uri: vscode.Uri): Promise<string> {
  return decoder.decode(await vscode.workspace.fs.readFile(uri));
}

/** The id after the highest CASE-<year>-NNN in the workspace, worked out from the files. */
async function expectedCaseId(): Promise<string> {
  const year = new Date().getFullYear();
  let max = 0;
  for (const uri of await vscode.workspace.findFiles('kb/**/*.md', 'kb/_templates/**')) {
    const m = new RegExp(`^id: CASE-${year}-(\\d{3})\\s*$`, 'm').exec(await read(uri));
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `CASE-${year}-${String(max + 1).padStart(3, '0')}`;
}

/**
 * Runs a command that opens prompts and cancels each one as it appears (as Escape would),
 * until the command settles. Resolves with what the command returned.
 */
async function runCancelling(command: string, ...args: unknown[]): Promise<unknown> {
  let settled = false;
  const run = Promise.resolve(vscode.commands.executeCommand(command, ...args)).finally(() => (settled = true));
  const deadline = Date.now() + 15_000;
  while (!settled) {
    if (Date.now() > deadline) throw new Error(`${command} did not settle after its prompts were cancelled`);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await new Promise((resolve) => setImmediate(resolve));
  }
  return run;
}

describe('scaffolding', () => {
  const created: vscode.Uri[] = [];

  before(async () => {
    await activateBaton();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    for (const uri of created) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('Baton: New Case creates the next case in 06-案例库 and opens it at the first section to fill', async () => {
    const id = await expectedCaseId();
    const uri = (await vscode.commands.executeCommand('baton.newCase', {
      template: 'case-incident',
      title: '集成测试：网关 502',
      values: { severity: 'P1', occurred_at: '2026-03-14T09:20:00+08:00', related: [] },
    })) as vscode.Uri | undefined;
    assert.ok(uri, 'the command returned no file');
    created.push(uri);
    assert.equal(vscode.workspace.asRelativePath(uri), `kb/06-案例库/${id}-集成测试：网关-502.md`);
    const text = await read(uri);
    assert.match(text, new RegExp(`^id: ${id}$`, 'm'));
    assert.match(text, /^title: 集成测试：网关 502$/m);
    assert.match(text, /^occurred_at: "2026-03-14T09:20:00\+08:00"$/m);

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor was opened');
    assert.equal(editor.document.uri.toString(), uri.toString());
    const selected = editor.document.getText(editor.selection);
    assert.equal(selected, '待补充。');
    const before = editor.document.getText(new vscode.Range(new vscode.Position(0, 0), editor.selection.start));
    const lastHeading = before.split('\n').filter((l) => l.startsWith('## ')).pop();
    assert.equal(lastHeading, '## 问题描述');

    // The fresh draft lints: placeholders are information, nothing is an error.
    await waitForDiagnostic(uri, (d) => isBaton(d, 'empty-section'), 'the placeholder information');
    const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), []);
  });

  it('from the Explorer, creates the document in the folder that was right-clicked', async () => {
    const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'kb', '03-开发指南');
    const uri = (await vscode.commands.executeCommand('baton.newArticle', folder, [folder], {
      title: '集成测试文章',
      values: { area: 'development', related: [] },
    })) as vscode.Uri | undefined;
    assert.ok(uri);
    created.push(uri);
    assert.equal(vscode.workspace.asRelativePath(uri), 'kb/03-开发指南/集成测试文章.md');
  });

  it('never overwrites: the same title again gets -2, and an unsaved edit of the first stays', async () => {
    const args = { template: 'article', title: '集成测试重名', values: { area: 'operations', related: [] } };
    const first = (await vscode.commands.executeCommand('baton.newArticle', args)) as vscode.Uri;
    created.push(first);
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.replace(editor.selection, '我的修改'));
    assert.ok(editor.document.isDirty);
    const onDisk = await read(first);

    const second = (await vscode.commands.executeCommand('baton.newArticle', args)) as vscode.Uri;
    created.push(second);
    assert.equal(vscode.workspace.asRelativePath(second), 'kb/02-运维指南/集成测试重名-2.md');
    assert.equal(await read(first), onDisk);
    const firstDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === first.toString())!;
    assert.ok(firstDoc.isDirty);
    assert.match(firstDoc.getText(), /我的修改/);
    await vscode.window.showTextDocument(firstDoc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('refuses a folder outside the knowledge base and creates nothing', async () => {
    const before = await kbFiles();
    const outside = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'elsewhere');
    const result = await vscode.commands.executeCommand('baton.newChecklist', outside, [outside], { title: 'x', values: { phase: 'go-live', related: [] } });
    assert.equal(result, undefined);
    assert.deepEqual(await kbFiles(), before);
  });

  it('creates nothing when any prompt is cancelled', async () => {
    const before = await kbFiles();
    const editorsBefore = vscode.window.visibleTextEditors.length;
    const steps: Array<[string, Record<string, unknown>]> = [
      ['category', {}],
      ['title', { template: 'case-incident' }],
      ['severity', { template: 'case-incident', title: '取消' }],
      ['occurred_at', { template: 'case-incident', title: '取消', values: { severity: 'P2' } }],
      ['related', { template: 'case-incident', title: '取消', values: { severity: 'P2', occurred_at: '2026-03-14T09:20:00+08:00' } }],
    ];
    for (const [step, args] of steps) {
      const result = await runCancelling('baton.newCase', args);
      assert.equal(result, undefined, `cancelled at ${step}`);
      assert.deepEqual(await kbFiles(), before, `cancelled at ${step}`);
    }
    assert.equal(vscode.window.visibleTextEditors.length, editorsBefore);

    // The control: the answers given above are all valid, so each run above stopped only
    // because its next prompt was cancelled, not on an error.
    const complete = (await vscode.commands.executeCommand('baton.newCase', {
      template: 'case-incident',
      title: '取消',
      values: { severity: 'P2', occurred_at: '2026-03-14T09:20:00+08:00', related: [] },
    })) as vscode.Uri | undefined;
    assert.ok(complete, 'the same answers, completed, create a file');
    created.push(complete);
  });
});
