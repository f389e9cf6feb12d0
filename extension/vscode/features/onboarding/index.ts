// Getting started: create baton.config.json or a starter KB (the one shipped in the
// extension, never overwriting a file), and the context keys the welcome views and the
// walkthrough's steps go by.
import * as vscode from 'vscode';
import { CONFIG_FILE, DEFAULT_CONFIG, loadConfig, parseConfig } from '../../../core/config';
import { join, relative } from '../../../core/paths';
import { copyTree, createConfig } from '../../../core/starter-kb';
import { nodeFileSystem } from '../../../node-host/node-host';
import { pathOf, text } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';

/** Set when a KB is there (a config, or documents under the roots): the walkthrough's first step. */
export const KB_FOUND = 'baton.kbFound';
/**
 * Set once Baton has looked and found no KB: the "no KB" welcome views show on it. A key of
 * its own, since `!baton.kbFound` also holds before the look, and would flash in a folder with one.
 */
export const KB_MISSING = 'baton.kbMissing';

/** Sets both keys. */
export function setKbFound(found: boolean): Thenable<unknown> {
  return Promise.all([vscode.commands.executeCommand('setContext', KB_FOUND, found), vscode.commands.executeCommand('setContext', KB_MISSING, !found)]);
}
/** Set when baton.config.json cannot be loaded, so the views say so. */
export const CONFIG_ERROR = 'baton.configError';
/** Set the first time a task item is ticked in any document: the walkthrough's checklist step. */
export const ITEM_TICKED = 'baton.walkthrough.itemTicked';

function folder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

async function needFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const f = folder();
  if (!f) {
    const open = vscode.l10n.t('Open Folder');
    if ((await vscode.window.showInformationMessage(vscode.l10n.t('Baton works in a folder: open the folder that holds (or will hold) your knowledge base.'), open)) === open) {
      await vscode.commands.executeCommand('workbench.action.files.openFolder');
    }
  }
  return f;
}

/** The roots a new config should name: kb/ unless the folder already keeps its docs in docs/. */
async function guessRoots(root: string): Promise<string[]> {
  if (await nodeFileSystem.stat(join(root, 'kb'))) return ['kb'];
  if ((await nodeFileSystem.stat(join(root, 'docs')))?.isDirectory) return ['docs'];
  return DEFAULT_CONFIG.roots;
}

export async function createConfigCommand(): Promise<void> {
  const f = await needFolder();
  if (!f) return;
  const root = pathOf(f.uri);
  const file = join(root, CONFIG_FILE);
  const created = await createConfig(nodeFileSystem, root, await guessRoots(root));
  await vscode.window.showTextDocument(vscode.Uri.file(file));
  if (!created) void vscode.window.showInformationMessage(vscode.l10n.t('{0} already exists; it was opened and left as it was.', CONFIG_FILE));
}

export async function createStarterKbCommand(context: vscode.ExtensionContext): Promise<void> {
  const f = await needFolder();
  if (!f) return;
  const root = pathOf(f.uri);
  const loaded = await loadConfig(nodeFileSystem, root);
  const target = join(root, loaded.problems.length === 0 ? loaded.config.roots[0] : DEFAULT_CONFIG.roots[0]);
  const source = pathOf(vscode.Uri.joinPath(context.extensionUri, 'kb'));
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Baton: creating a starter knowledge base') }, () => copyTree(nodeFileSystem, source, target));
  const configCreated = await createConfig(nodeFileSystem, root, [relative(root, target)]);
  const where = relative(root, target) || '.';
  const summary =
    result.kept.length > 0
      ? vscode.l10n.t('Created {0} files in {1}; kept {2} files that were already there.', result.created.length, where, result.kept.length)
      : vscode.l10n.t('Created {0} files in {1}.', result.created.length, where);
  void vscode.window.showInformationMessage(configCreated ? `${summary} ${vscode.l10n.t('Also created {0}.', CONFIG_FILE)}` : summary);
  const readme = vscode.Uri.file(join(target, 'README.md'));
  // Not a preview: it would take the place of the walkthrough this was likely started from.
  if (await nodeFileSystem.stat(pathOf(readme))) await vscode.window.showTextDocument(readme, { preview: false });
}

/** A KB is there: a config, or a root folder (kb/ unless the config names others). Cheap: no scan. */
export async function kbPresent(root: string): Promise<boolean> {
  if (await nodeFileSystem.stat(join(root, CONFIG_FILE))) return true;
  for (const r of DEFAULT_CONFIG.roots) if ((await nodeFileSystem.stat(join(root, r)))?.isDirectory) return true;
  return false;
}

/**
 * Commands that need no engine, registered at once: setting up a KB is what a user does when
 * there is none. `onConfigSaved` lets the extension start when a missing or broken config is fixed.
 */
export function registerSetup(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, onConfigSaved: () => void): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('baton.createConfig', createConfigCommand),
    vscode.commands.registerCommand('baton.createStarterKb', () => createStarterKbCommand(context)),
    vscode.commands.registerCommand('baton.showOutput', () => output.show()),
  );
  const f = folder();
  if (!f) return;
  // Set before the engine is up, so the "no KB" welcome does not flash in a folder that has one.
  void kbPresent(pathOf(f.uri)).then(setKbFound);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(f, CONFIG_FILE));
  context.subscriptions.push(watcher, watcher.onDidCreate(onConfigSaved), watcher.onDidChange(onConfigSaved), watcher.onDidDelete(onConfigSaved));
}

export function activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const root = kb.engine.rootDir;
  let found: boolean | undefined;
  let checking = Promise.resolve();
  // One check at a time, so an older answer never lands after a newer one.
  const updateFound = () =>
    (checking = checking.then(async () => {
      const now = kb.engine.index.size > 0 || Boolean(await nodeFileSystem.stat(join(root, CONFIG_FILE))) || (await Promise.all(kb.engine.roots().map((r) => nodeFileSystem.stat(r)))).some((s) => s?.isDirectory);
      if (now !== found) await setKbFound((found = now));
    }));

  // Ticks seen per document; a count that grows means someone ticked an item.
  const checked = new Map<string, number>();
  let ticked = false;
  const countTicks = (paths?: string[]) => {
    const list = paths ?? [...kb.engine.index.documents()].map((d) => d.path);
    for (const path of list) {
      const doc = kb.engine.index.get(path);
      const count = doc ? doc.tasks.filter((t) => t.checked).length : 0;
      const before = checked.get(path);
      checked.set(path, count);
      if (paths && before !== undefined && count > before && !ticked) {
        ticked = true;
        void vscode.commands.executeCommand('setContext', ITEM_TICKED, true);
      }
    }
  };

  // A changed config takes a reload: views and caches were built for the old one.
  const applied = JSON.stringify(kb.engine.loaded.text === undefined ? DEFAULT_CONFIG : parseConfig(join(root, CONFIG_FILE), kb.engine.loaded.text).config);
  const configChanged = async () => {
    const loaded = await loadConfig(nodeFileSystem, root);
    if (loaded.problems.length > 0) {
      const first = loaded.problems[0];
      const open = vscode.l10n.t('Open {0}', CONFIG_FILE);
      const answer = await vscode.window.showErrorMessage(vscode.l10n.t('{0} line {1}: {2}', CONFIG_FILE, first.range.line, text(first.message)), open);
      if (answer === open) await vscode.window.showTextDocument(vscode.Uri.file(first.file), { selection: new vscode.Range(first.range.line - 1, first.range.column - 1, first.range.line - 1, first.range.column - 1) });
      return;
    }
    if (JSON.stringify(loaded.config) === applied) return;
    const reload = vscode.l10n.t('Reload Window');
    if ((await vscode.window.showInformationMessage(vscode.l10n.t('{0} changed. Reload the window for Baton to use it.', CONFIG_FILE), reload)) === reload) {
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
    }
  };
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(kb.folder, CONFIG_FILE));

  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(configChanged),
    watcher.onDidChange(configChanged),
    watcher.onDidDelete(configChanged),
    kb.onDidChange((change) => {
      void updateFound();
      countTicks(change.paths);
    }),
  );
  void updateFound();
  void vscode.commands.executeCommand('setContext', CONFIG_ERROR, false);
}
