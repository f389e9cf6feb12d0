// Baton in VS Code: adapts the editor to the same engine the CLI runs. Activation is lazy:
// activate() returns at once; the engine opens in the background while stand-in commands
// explain themselves, and the features start when it is ready.
import * as vscode from 'vscode';
import { describeConfigError, WorkspaceEngine } from './workspace-engine';
import * as diagnostics from './features/diagnostics';
import * as scaffolding from './features/scaffolding';
import * as checklists from './features/checklists';
import * as freshness from './features/freshness';
import * as handovers from './features/handovers';
import * as codeActions from './features/code-actions';
import * as completion from './features/completion';
import * as hover from './features/hover';
import * as navigation from './features/navigation';
import * as references from './features/references';
import * as onboarding from './features/onboarding';
import * as trust from './features/trust';
import * as kbCommands from './features/kb-commands';
import { CONFIG_FILE } from '../core/config';
import { join, relative } from '../core/paths';
import { pathOf } from './convert';
import { StandIns } from './stand-ins';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';

/** Each editor feature is a folder with `activate(context, kb)`; add new ones here. */
const FEATURES: Array<{ activate(context: vscode.ExtensionContext, kb: WorkspaceEngine): void }> = [diagnostics, checklists, scaffolding, freshness, handovers, codeActions, completion, hover, navigation, references, onboarding, trust, kbCommands];

/** Commands that work without the engine (they set a KB up), registered at once. */
const SETUP_COMMANDS = ['baton.createConfig', 'baton.createStarterKb', 'baton.showOutput'];

/** Resolves true once the engine is open and the features are active, false while it cannot start. */
let ready: Promise<boolean> = Promise.resolve(false);
let current: WorkspaceEngine | undefined;

/**
 * What activate() hands VS Code: the Markdown preview plugin (works with or without a KB);
 * and, for tests and other extensions, when the engine is ready and the first scan is done.
 */
const exportsForVsCode = {
  extendMarkdownIt: checklists.extendMarkdownIt,
  get ready(): Promise<boolean> {
    return ready;
  },
  get scanned(): Promise<void> {
    return ready.then(() => current?.whenScanned());
  },
  /** Milliseconds: activate() itself, activation to an open engine, and the last scan; the heap before Baton (for the performance checks). */
  get timings() {
    return { ...activation, ...current?.timings };
  },
};

const activation: { activateMs?: number; engineOpenMs?: number; heapAtActivation?: number } = {};

/** Keeps the index current as files and folders under the roots come, change and go (renames are a delete and a create). */
function watchRoots(context: vscode.ExtensionContext, kb: WorkspaceEngine): void {
  const roots = kb.engine.roots().map((root) => relative(kb.engine.rootDir, root) || '.');
  const globs = roots.flatMap((r) => (r === '.' ? ['**'] : [r, `${r}/**`]));
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(kb.folder, `{${globs.join(',')}}`));
  const log = (error: unknown) => kb.output.error(String(error));
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate((uri) => kb.fileChanged(uri).catch(log)),
    watcher.onDidChange((uri) => kb.fileChanged(uri).catch(log)),
    watcher.onDidDelete((uri) => kb.fileDeleted(uri)),
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<typeof exportsForVsCode> {
  const activated = performance.now();
  activation.heapAtActivation = process.memoryUsage().heapUsed;
  const output = vscode.window.createOutputChannel('Baton', { log: true });
  context.subscriptions.push(output);
  const standIns = new StandIns(StandIns.commandsOf(context, SETUP_COMMANDS));
  context.subscriptions.push(standIns);
  const folder = vscode.workspace.workspaceFolders?.[0];

  let started = false;
  let starting: Promise<boolean> | undefined;
  const open = async (folder: vscode.WorkspaceFolder): Promise<boolean> => {
    let kb: WorkspaceEngine;
    try {
      kb = await WorkspaceEngine.open(context, folder, output);
    } catch (error) {
      const message = describeConfigError(error);
      output.error(message);
      standIns.set({ kind: 'config-error', message, file: join(pathOf(folder.uri), CONFIG_FILE) });
      void vscode.commands.executeCommand('setContext', onboarding.CONFIG_ERROR, true);
      // There is a config (a broken one): the welcome view says that, not "no KB found".
      void onboarding.setKbFound(true);
      void vscode.window.showErrorMessage(vscode.l10n.t('Baton could not load {0}: {1}', CONFIG_FILE, message));
      return false;
    }
    started = true;
    current = kb;
    activation.engineOpenMs = performance.now() - activated;
    context.subscriptions.push(kb);
    standIns.release();
    for (const feature of FEATURES) feature.activate(context, kb);
    watchRoots(context, kb);
    const active = vscode.window.activeTextEditor?.document.uri;
    void kb.scan(active && kb.isDocument(active) ? active : undefined);
    // Schemas and the parser made ready on this thread between other work, for the first document opened.
    void kb.engine.warmUp(eventLoopTurn).catch((error) => output.warn(`warm-up: ${String(error)}`));
    return true;
  };
  const start = (folder: vscode.WorkspaceFolder): Promise<boolean> => {
    if (started) return Promise.resolve(true);
    if (!starting) {
      starting = open(folder).finally(() => (starting = undefined));
      standIns.set({ kind: 'starting', ready: starting });
      ready = starting;
    }
    return starting;
  };

  // A config that was missing or broken at start: saving a good one starts Baton.
  onboarding.registerSetup(context, output, () => {
    if (folder && !started) void start(folder);
  });
  if (!folder) {
    standIns.set({ kind: 'no-folder' });
    return exportsForVsCode;
  }
  void start(folder);
  activation.activateMs = performance.now() - activated;
  return exportsForVsCode;
}

export function deactivate(): void {}
