// The editor experience in a real VS Code: quick fixes applied and re-validated clean,
// fix-all on save, completion, hover, ids as links and definitions, and the index
// following a rename. Each test leaves the workspace as it found it.
import * as assert from 'node:assert/strict';
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { activateBaton, codeOf, describeDiagnostics, frontmatterOf, isBaton, replaceText, waitForDiagnostic, waitForNoDiagnostic } from './helpers';

interface KbFile {
  uri: vscode.Uri;
  text: string;
  id?: string;
}

async function kbFiles(): Promise<KbFile[]> {
  // Templates are not KB documents (Baton does not check them).
  const uris = await vscode.workspace.findFiles('kb/**/*.md', 'kb/_templates/**');
  uris.sort((a, b) => a.path.localeCompare(b.path));
  const out: KbFile[] = [];
  for (const uri of uris) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const id = /^id:[ \t]*(\S+)[ \t]*$/m.exec(frontmatterOf(text) ?? '')?.[1];
    out.push({ uri, text, id });
  }
  return out;
}

/**
 * A document with no Baton finding at all (activateBaton waited for the first scan, which
 * publishes every document's findings), so "clean again" means no Baton diagnostic.
 */
async function cleanDocument(predicate: (file: KbFile) => boolean, description: string): Promise<vscode.TextDocument> {
  for (const file of await kbFiles()) {
    if (!predicate(file) || vscode.languages.getDiagnostics(file.uri).some((d) => isBaton(d))) continue;
    const doc = await vscode.workspace.openTextDocument(file.uri);
    await vscode.window.showTextDocument(doc);
    return doc;
  }
  throw new Error(`no KB document without findings ${description}`);
}

const isCase = (file: KbFile) => /^type:[ \t]*case[ \t]*$/m.test(frontmatterOf(file.text) ?? '');

function lineOf(doc: vscode.TextDocument, pattern: RegExp): number {
  for (let i = 0; i < doc.lineCount; i++) if (pattern.test(doc.lineAt(i).text)) return i;
  throw new Error(`${doc.uri.path} has no line matching ${pattern}`);
}

/** Deletes whole lines [from, to) of the open document, unsaved. */
async function deleteLines(doc: vscode.TextDocument, from: number, to = from + 1): Promise<void> {
  await replaceText(doc, new vscode.Range(from, 0, to, 0), '');
}

async function quickFixes(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
}

/** Applies the quick fix titled `title` for `diagnostic`, as choosing it in the lightbulb does. */
async function applyQuickFix(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string | RegExp): Promise<vscode.CodeAction[]> {
  const actions = await quickFixes(doc, diagnostic);
  const action = actions.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  assert.ok(action?.edit, `a quick fix "${title}" for "${diagnostic.message}"; offered: ${actions.map((a) => a.title).join(' | ') || '(none)'}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), 'the fix applies');
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  return actions;
}

const anyBaton = (d: vscode.Diagnostic) => isBaton(d);

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function localDate(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

async function completionsAt(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
  return list.items;
}

describe('editor experience', function () {
  this.timeout(60_000);
  const opened: vscode.TextDocument[] = [];

  before(async () => {
    await activateBaton();
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('editor', { languageId: 'markdown' }).update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    for (const doc of opened.splice(0)) {
      if (doc.isDirty && !doc.isClosed) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function open(predicate: (file: KbFile) => boolean, description: string): Promise<vscode.TextDocument> {
    const doc = await cleanDocument(predicate, description);
    opened.push(doc);
    return doc;
  }

  it('quick-fixes a missing required field with its schema default, and the document is clean again', async () => {
    const doc = await open((f) => isCase(f) && /^status:/m.test(f.text), 'of type case');
    await deleteLines(doc, lineOf(doc, /^status:/));
    const missing = await waitForDiagnostic(doc.uri, (d) => isBaton(d, 'schema') && d.message.includes('"status"'), 'a missing "status" finding');
    await applyQuickFix(doc, missing, 'Add "status: draft"');
    await waitForNoDiagnostic(doc.uri, anyBaton, 'every Baton finding');
    assert.match(frontmatterOf(doc.getText())!, /^status: draft$/m);
  });

  it('offers one quick fix per allowed enum value, and the chosen one makes it clean', async () => {
    const doc = await open((f) => isCase(f) && /^severity:[ \t]*P\d/m.test(f.text), 'with a severity');
    const line = lineOf(doc, /^severity:/);
    await replaceText(doc, doc.lineAt(line).range, 'severity: P9');
    const wrong = await waitForDiagnostic(doc.uri, (d) => isBaton(d, 'schema') && d.range.start.line === line, 'an invalid severity finding');
    const actions = await applyQuickFix(doc, wrong, 'Change to "P2"');
    assert.deepEqual(actions.map((a) => a.title).filter((t) => t.startsWith('Change to')), ['Change to "P0"', 'Change to "P1"', 'Change to "P2"', 'Change to "P3"']);
    await waitForNoDiagnostic(doc.uri, anyBaton, 'every Baton finding');
    assert.equal(doc.lineAt(line).text, 'severity: P2');
  });

  it('adds a missing required section in its place in the order', async () => {
    const doc = await open((f) => isCase(f) && /^## 问题分析\s*$/m.test(f.text), 'with a 问题分析 section');
    const start = lineOf(doc, /^## 问题分析\s*$/);
    const end = lineOf(doc, /^## 解决方案\s*$/);
    await deleteLines(doc, start, end);
    const missing = await waitForDiagnostic(doc.uri, (d) => isBaton(d, 'required-sections'), 'a missing section finding');
    await applyQuickFix(doc, missing, 'Add section "问题分析"');
    // The section is back, empty until someone writes it: at most an empty-section note, no error.
    await waitForNoDiagnostic(doc.uri, (d) => isBaton(d) && codeOf(d) !== 'empty-section', 'Baton findings other than the new empty section');
    assert.ok(!vscode.languages.getDiagnostics(doc.uri).some((d) => isBaton(d) && d.severity === vscode.DiagnosticSeverity.Error), describeDiagnostics(doc.uri));
    const headings = doc.getText().split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());
    assert.deepEqual(headings.slice(0, 5), ['问题描述', '问题分析', '解决方案', '效果评估', '最佳实践']);
  });

  it('fixes a broken link to the suggested target', async () => {
    const linkTo = /\]\(([^)#\s]*故障处理\.md)/;
    const doc = await open((f) => linkTo.test(f.text), 'linking to 故障处理.md');
    const line = lineOf(doc, linkTo);
    const url = linkTo.exec(doc.lineAt(line).text)![1];
    const at = doc.lineAt(line).text.indexOf(url);
    await replaceText(doc, new vscode.Range(line, at, line, at + url.length), url.replace('故障处理.md', '故障处l.md'));
    const broken = await waitForDiagnostic(doc.uri, (d) => isBaton(d, 'broken-link') && d.range.start.line === line, 'a broken-link finding');
    assert.match(broken.message, /did you mean/);
    await applyQuickFix(doc, broken, /^Change link to ".*故障处理\.md(#[^"]*)?"$/);
    await waitForNoDiagnostic(doc.uri, anyBaton, 'every Baton finding');
    assert.ok(doc.lineAt(line).text.includes(`(${url}`), 'the link is as it was, readable Chinese and all');
  });

  it('resolves a checklist inconsistency with the fix of the checklists rule', async () => {
    // A ticked item with ticked sub-items: unticking a sub-item makes the parent inconsistent.
    const parentThenChild = /^([ \t]*)[-*+] \[x\] .*\n\1[ \t]+[-*+] \[x\] /m;
    const file = (await kbFiles()).find((f) => parentThenChild.test(f.text));
    assert.ok(file, 'a KB checklist with a ticked item and a ticked sub-item');
    const doc = await vscode.workspace.openTextDocument(file.uri);
    await vscode.window.showTextDocument(doc);
    opened.push(doc);
    const baseline = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => isBaton(d)).map((d) => `${codeOf(d)}@${d.range.start.line}`).sort().join();
    const before = baseline();
    const match = parentThenChild.exec(doc.getText())!;
    const child = doc.positionAt(match.index + match[0].length).line;
    const box = doc.lineAt(child).text.indexOf('[x]') + 1;
    await replaceText(doc, new vscode.Range(child, box, child, box + 1), ' ');
    const inconsistent = await waitForDiagnostic(doc.uri, (d) => isBaton(d, 'checklist-consistency') && d.range.start.line === child - 1, 'a checklist-consistency finding on the parent');
    await applyQuickFix(doc, inconsistent, /^Check the 1 open sub-item/);
    await waitForNoDiagnostic(doc.uri, (d) => isBaton(d, 'checklist-consistency'), 'the checklist-consistency finding');
    assert.ok(doc.lineAt(child).text.includes('[x]'), 'the sub-item is ticked again');
    assert.equal(baseline(), before, 'the findings are those the document had before');
  });

  it('fixes everything fixable on save through source.fixAll.baton', async () => {
    const doc = await open((f) => isCase(f) && /^category:/m.test(f.text) && /^severity:/m.test(f.text) && /^systems:/m.test(f.text), 'with category, severity and systems');
    const original = doc.getText();
    const fixAll = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.baton');
    assert.deepEqual(fixAll, [], 'nothing to fix in a clean document');

    await vscode.workspace.getConfiguration('editor', { languageId: 'markdown' }).update('codeActionsOnSave', { 'source.fixAll.baton': 'always' }, vscode.ConfigurationTarget.Global, true);
    await deleteLines(doc, lineOf(doc, /^category:/));
    await deleteLines(doc, lineOf(doc, /^severity:/));
    const systems = lineOf(doc, /^systems:/);
    await replaceText(doc, new vscode.Range(systems, 0, systems, 'systems'.length), 'sytems');
    await waitForDiagnostic(doc.uri, (d) => isBaton(d, 'schema') && d.message.includes('"severity"'), 'the missing severity finding');
    await waitForDiagnostic(doc.uri, (d) => isBaton(d, 'schema') && d.message.includes('"sytems"'), 'the unknown sytems finding');

    assert.ok(await doc.save(), 'saved');
    const fm = frontmatterOf(doc.getText())!;
    assert.match(fm, /^category: incident$/m);
    assert.match(fm, /^severity: P0$/m);
    assert.match(fm, /^systems:$/m);
    assert.ok(!doc.isDirty);
    await waitForNoDiagnostic(doc.uri, anyBaton, 'every Baton finding after fix-all on save');

    // Put the file back as it was on disk.
    await vscode.workspace.getConfiguration('editor', { languageId: 'markdown' }).update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    await replaceText(doc, new vscode.Range(0, 0, doc.lineCount, 0), original);
    assert.ok(await doc.save());
  });

  it('completes keys, enum values, ids with titles, owners and dates in frontmatter', async () => {
    const files = await kbFiles();
    const doc = await open((f) => isCase(f) && /^severity:/m.test(f.text) && /^related:\n[ \t]+- /m.test(f.text), 'with severity and related items');
    const line = lineOf(doc, /^severity:/);
    await replaceText(doc, doc.lineAt(line).range, '');
    const keys = await completionsAt(doc, new vscode.Position(line, 0));
    const severity = keys.find((i) => labelOf(i) === 'severity');
    assert.ok(severity, `severity is offered; got ${keys.map(labelOf).join(', ')}`);
    assert.match(String((severity.documentation as vscode.MarkdownString).value), /Support level/);
    assert.ok(!keys.some((i) => labelOf(i) === 'title'), 'a key already there is not offered again');

    await replaceText(doc, new vscode.Range(line, 0, line, 0), 'severity: ');
    const values = await completionsAt(doc, new vscode.Position(line, 'severity: '.length));
    assert.deepEqual(values.filter((i) => i.kind === vscode.CompletionItemKind.EnumMember).map(labelOf), ['P0', 'P1', 'P2', 'P3']);

    const related = lineOf(doc, /^related:/);
    const listed = doc.lineAt(related + 1).text.replace(/^[ \t]*-[ \t]*/, '').trim();
    await replaceText(doc, new vscode.Range(related + 1, 0, related + 1, 0), '  - \n');
    const ids = await completionsAt(doc, new vscode.Position(related + 1, 4));
    const other = files.find((f) => f.id && f.id !== listed && f.uri.toString() !== doc.uri.toString())!;
    const offered = ids.find((i) => labelOf(i) === other.id);
    assert.ok(offered, `${other.id} is offered; got ${ids.map(labelOf).slice(0, 20).join(', ')}`);
    const title = /^title:[ \t]*(.+)$/m.exec(frontmatterOf(other.text)!)![1].trim();
    assert.equal(typeof offered.label === 'string' ? undefined : offered.label.description, title, 'the id shows its title');
    assert.ok(!ids.some((i) => labelOf(i) === listed), 'an id already listed is not offered again');

    const owner = lineOf(doc, /^owner:/);
    const name = doc.lineAt(owner).text.replace(/^owner:[ \t]*/, '').trim();
    await replaceText(doc, doc.lineAt(owner).range, 'owner: ');
    const owners = await completionsAt(doc, new vscode.Position(owner, 'owner: '.length));
    assert.ok(owners.some((i) => labelOf(i) === name), `the KB's owner ${name} is offered`);

    const updated = lineOf(doc, /^updated:/);
    await replaceText(doc, doc.lineAt(updated).range, 'updated: ');
    const dates = await completionsAt(doc, new vscode.Position(updated, 'updated: '.length));
    assert.ok(dates.some((i) => labelOf(i) === localDate()), "today's date is offered");
  });

  it('shows the schema description of a key on hover', async () => {
    const doc = await open((f) => isCase(f) && /^severity:/m.test(f.text), 'with a severity');
    const line = lineOf(doc, /^severity:/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 2));
    // appendText keeps spaces as &nbsp;; read the hover as it renders.
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ');
    assert.match(text, /\*\*severity\*\*/);
    assert.match(text, /P0 \| P1 \| P2 \| P3/);
    assert.match(text, /Support level: P0 urgent/);
  });

  it('makes ids links that open their document, and go-to-definition jumps there', async () => {
    const files = await kbFiles();
    const byId = new Map(files.filter((f) => f.id).map((f) => [f.id!, f.uri]));
    const doc = await open((f) => /^related:\n[ \t]+- /m.test(f.text) && byId.has(/^related:\n[ \t]+- (\S+)/m.exec(f.text)![1]), 'with a related id');
    const line = lineOf(doc, /^related:/) + 1;
    const id = doc.lineAt(line).text.replace(/^[ \t]*-[ \t]*/, '').trim();
    const target = byId.get(id)!;

    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const link = links.find((l) => doc.getText(l.range) === id);
    assert.ok(link, `a link on ${id}; links: ${links.map((l) => doc.getText(l.range)).join(', ')}`);
    assert.equal(link.target?.fsPath, target.fsPath);

    const at = doc.lineAt(line).text.indexOf(id) + 2;
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, new vscode.Position(line, at));
    const uris = defs.map((d) => ('targetUri' in d ? d.targetUri : d.uri).fsPath);
    assert.deepEqual(uris, [target.fsPath]);

  });

  it('makes an id in running text a link too', async () => {
    const files = await kbFiles();
    const byId = new Map(files.filter((f) => f.id).map((f) => [f.id!, f.uri]));
    // A line of body text (no Markdown link, not in a code block) naming another document's id.
    let found: { file: KbFile; line: number; id: string } | undefined;
    for (const file of files) {
      const lines = file.text.split('\n');
      const bodyStart = (frontmatterOf(file.text) ?? '').split('\n').length + 2;
      let fenced = false;
      for (let i = bodyStart; i < lines.length && !found; i++) {
        if (/^\s*(```|~~~)/.test(lines[i])) fenced = !fenced;
        if (fenced || lines[i].includes('](')) continue;
        for (const m of lines[i].matchAll(/(?<![A-Za-z0-9_/.-])([A-Z]+-[0-9][0-9-]*[0-9])(?![A-Za-z0-9_/])/g)) {
          if (byId.has(m[1]) && m[1] !== file.id) found = { file, line: i, id: m[1] };
        }
      }
      if (found) break;
    }
    assert.ok(found, 'a KB document names another by id in its text');
    const doc = await vscode.workspace.openTextDocument(found.file.uri);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const onLine = links.filter((l) => l.range.start.line === found!.line).map((l) => [doc.getText(l.range), l.target?.fsPath]);
    assert.ok(onLine.some(([text, target]) => text === found!.id && target === byId.get(found!.id)!.fsPath), `a link on ${found.id} at ${found.file.uri.path}:${found.line + 1}; links there: ${JSON.stringify(onLine)}`);
  });

  it('validates and completes baton.config.json from the contributed schema', async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'baton.config.json');
    const original = await vscode.workspace.fs.readFile(uri).then((b) => b, () => undefined);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{\n  "rootz": ["kb"],\n  \n}\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      await waitForDiagnostic(uri, (d) => d.message.includes('rootz'), 'a schema diagnostic on the unknown key', 30_000);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(2, 2));
      const labels = list.items.map(labelOf).map((l) => l.replace(/"/g, ''));
      for (const key of ['roots', 'ignore', 'rules', 'types', 'templates']) assert.ok(labels.includes(key), `${key} is offered; got ${labels.join(', ')}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      if (original) await vscode.workspace.fs.writeFile(uri, original);
      else await vscode.workspace.fs.delete(uri);
    }
  });

  it('follows a rename: links to the old name break, the id resolves to the new file, and back', async () => {
    const files = await kbFiles();
    const byPath = new Map(files.map((f) => [f.uri.path, f]));
    let found: { target: KbFile; linker: KbFile; namer: KbFile } | undefined;
    for (const target of files) {
      if (!target.id) continue;
      const linker = files.find((f) => f !== target && [...f.text.matchAll(/\]\(([^)#\s]+\.md)(?:#[^)]*)?\)/g)].some((m) => posix.resolve(posix.dirname(f.uri.path), decodeURIComponent(m[1])) === target.uri.path));
      const namer = files.find((f) => f !== target && f !== linker && new RegExp(`^related:(?:\\n[ \\t]+- .*)*\\n[ \\t]+- ${target.id}[ \\t]*$`, 'm').test(f.text));
      if (linker && namer && !vscode.languages.getDiagnostics(linker.uri).some(anyBaton) && !vscode.languages.getDiagnostics(namer.uri).some(anyBaton)) {
        found = { target, linker, namer };
        break;
      }
    }
    assert.ok(found, `a document that is both linked to and named in related (of ${byPath.size})`);
    const { target, linker, namer } = found;
    const renamed = vscode.Uri.file(target.uri.fsPath.replace(/\.md$/, '-改名.md'));
    const brokenLink = (d: vscode.Diagnostic) => isBaton(d, 'broken-link');
    const unknownId = (d: vscode.Diagnostic) => isBaton(d, 'unknown-reference');
    // While the new name is indexed and the old one not yet forgotten, both hold the id.
    const duplicateId = (d: vscode.Diagnostic) => isBaton(d, 'unique-id');

    const definition = async () => {
      const doc = await vscode.workspace.openTextDocument(namer.uri);
      const line = lineOf(doc, new RegExp(`^[ \\t]+- ${target.id}[ \\t]*$`));
      const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', namer.uri, new vscode.Position(line, doc.lineAt(line).text.indexOf(target.id!) + 1));
      return defs.map((d) => ('targetUri' in d ? d.targetUri : d.uri).fsPath);
    };

    const away = new vscode.WorkspaceEdit();
    away.renameFile(target.uri, renamed);
    assert.ok(await vscode.workspace.applyEdit(away), 'renamed');
    try {
      await waitForDiagnostic(linker.uri, brokenLink, `a broken link to the old name of ${posix.basename(target.uri.path)}`);
      // The delete and the create arrive separately: the id is unknown for a moment, then found again.
      await waitForNoDiagnostic(namer.uri, unknownId, 'an unknown-reference finding');
      await waitForNoDiagnostic(renamed, duplicateId, 'a duplicate-id finding');
      assert.deepEqual(await definition(), [renamed.fsPath]);
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.renameFile(renamed, target.uri);
      assert.ok(await vscode.workspace.applyEdit(back), 'renamed back');
    }
    await waitForNoDiagnostic(linker.uri, brokenLink, 'the broken link');
    await waitForNoDiagnostic(namer.uri, unknownId, 'an unknown-reference finding');
    await waitForNoDiagnostic(target.uri, duplicateId, 'a duplicate-id finding');
    assert.deepEqual(await definition(), [target.uri.fsPath]);
  });
});
