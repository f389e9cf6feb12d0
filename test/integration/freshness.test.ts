// Freshness in a real editor: the workspace becomes a git repository whose deploy config
// changed 30 hours ago; the covering document gets a `stale` diagnostic on its covers line,
// "Acknowledge" writes reviewed: into it, and committing that (HEAD moves) clears it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateBaton, isBaton, waitForDiagnostic, waitForEvent, waitForNoDiagnostic } from './helpers';

const H = 3_600_000;
const DOC = 'kb/freshness-fixture/部署说明.md';
const CODE = 'deploy-fixture/app.yaml';
/** A document whose covers has a typo: app.yml for app.yaml. */
const TYPO = 'kb/freshness-fixture/回滚说明.md';

function git(root: string, at: Date, ...args: string[]): string {
  const when = at.toISOString();
  return execFileSync('git', ['-c', 'user.name=Zhang San', '-c', 'user.email=zhangsan@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

describe('freshness', () => {
  let root: string;
  let madeRepo = false;

  before(async function () {
    await activateBaton();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    if (existsSync(join(root, '.git'))) {
      this.skip(); // never rewrite history of a workspace that already is a repository
    }
    const doc = [
      '---',
      'id: KB-0901',
      'title: 部署说明（时效测试）',
      'type: article',
      'owner: zhangsan',
      'status: published',
      'covers:',
      '  - deploy-fixture/**',
      '---',
      '',
      '## 概述',
      '',
      '生产环境 2 副本。',
      '',
    ].join('\n');
    mkdirSync(join(root, 'kb/freshness-fixture'), { recursive: true });
    mkdirSync(join(root, 'deploy-fixture'), { recursive: true });
    writeFileSync(join(root, DOC), doc);
    writeFileSync(join(root, TYPO), doc.replace('KB-0901', 'KB-0902').replace('部署说明（时效测试）', '回滚说明（时效测试）').replace('  - deploy-fixture/**', '  - deploy-fixture/app.yml'));
    writeFileSync(join(root, CODE), 'replicas: 2\n');
    const now = Date.now();
    git(root, new Date(now - 50 * H), 'init', '-q', '-b', 'main');
    git(root, new Date(now - 50 * H), 'add', '-A');
    git(root, new Date(now - 50 * H), 'commit', '-q', '-m', '初始');
    writeFileSync(join(root, CODE), 'replicas: 3\n');
    git(root, new Date(now - 30 * H), 'commit', '-q', '-am', '扩容到 3 副本');
    madeRepo = true;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (!madeRepo) return;
    rmSync(join(root, '.git'), { recursive: true, force: true });
    rmSync(join(root, 'kb/freshness-fixture'), { recursive: true, force: true });
    rmSync(join(root, 'deploy-fixture'), { recursive: true, force: true });
    await vscode.commands.executeCommand('baton.freshness.refresh');
  });

  it('flags a covers entry that matches no committed file, and its quick fix names the file meant', async () => {
    const uri = vscode.Uri.file(join(root, TYPO));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.commands.executeCommand('baton.freshness.refresh');
    const unmatched = await waitForDiagnostic(uri, (d) => isBaton(d, 'covers-unmatched'), 'a baton "covers-unmatched" diagnostic');
    assert.equal(unmatched.range.start.line, 7, 'on the entry');
    assert.equal(unmatched.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(unmatched.message, /deploy-fixture\/app\.yaml/);
    const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, unmatched.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a): a is vscode.CodeAction => 'edit' in a && a.title.includes('deploy-fixture/app.yaml'));
    assert.ok(fix?.edit, `a quick fix to deploy-fixture/app.yaml; offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(7).text, '  - deploy-fixture/app.yaml');
    await waitForNoDiagnostic(uri, (d) => isBaton(d, 'covers-unmatched'), 'the "covers-unmatched" diagnostic');
    await doc.save();
  });

  it('flags the stale document on its covers line, and acknowledging plus committing clears it', async () => {
    const uri = vscode.Uri.file(join(root, DOC));
    // The file watcher may or may not have seen the new document yet; the refresh reads it either way.
    await vscode.workspace.openTextDocument(uri);
    await vscode.commands.executeCommand('baton.freshness.refresh');
    const stale = await waitForDiagnostic(uri, (d) => isBaton(d, 'stale'), 'a baton "stale" diagnostic');
    assert.equal(stale.range.start.line, 6, 'on the covers line');
    assert.equal(stale.severity, vscode.DiagnosticSeverity.Error);
    assert.match(stale.message, /扩容到 3 副本|overdue|逾期/);

    // Open the change: a diff of the covered file before and at the commit.
    await vscode.commands.executeCommand('baton.freshness.openChange', uri);
    const right = await waitForEvent('the diff of the change', vscode.window.onDidChangeVisibleTextEditors, () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'baton-git' && !e.document.uri.query.endsWith('^')),
    );
    assert.equal(right.document.uri.path, `/${CODE}`);
    assert.equal(right.document.getText(), 'replicas: 3\n');
    const left = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'baton-git' && e.document.uri.query.endsWith('^'));
    assert.equal(left?.document.getText(), 'replicas: 2\n');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const done = await vscode.commands.executeCommand<boolean>('baton.acknowledge', uri, { reason: '只改副本数，步骤不变', by: 'tester' });
    assert.equal(done, true);
    const text = readFileSync(join(root, DOC), 'utf8');
    assert.match(text, /\nreviewed:\n {2}by: "tester"\n {2}at: "[^"]+"\n {2}commit: "[0-9a-f]{40}"\n {2}reason: "只改副本数，步骤不变"\n---\n/);
    assert.ok(text.startsWith('---\nid: KB-0901\n'), 'the rest of the frontmatter is untouched');

    // Saved but uncommitted, it does not count yet: the document reads "being updated".
    const updating = await waitForDiagnostic(uri, (d) => isBaton(d, 'stale') && d.severity === vscode.DiagnosticSeverity.Information, 'a "being updated" diagnostic');
    assert.match(updating.message, /Being updated|正在更新/);
    // Committing moves HEAD, which the extension watches; nothing else triggers a refresh now.
    git(root, new Date(), 'commit', '-q', '-am', '确认无须修改');
    await waitForNoDiagnostic(uri, (d) => isBaton(d, 'stale'), 'the "stale" diagnostic', 20_000);
  });
});
