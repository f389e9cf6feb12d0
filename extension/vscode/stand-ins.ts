// Lazy activation: Baton's commands exist from the first moment, before the engine has read
// the config and schemas. Until then each stand-in explains itself, waits for the engine and
// runs the real command, or says why Baton is not running and what to do about it.
import * as vscode from 'vscode';
import { CONFIG_FILE } from '../core/config';

export type StartState =
  | { kind: 'starting'; ready: Promise<boolean> }
  | { kind: 'no-folder' }
  | { kind: 'config-error'; message: string; file?: string };

export class StandIns implements vscode.Disposable {
  private registrations: vscode.Disposable[] = [];
  private state: StartState = { kind: 'no-folder' };

  /** @param ids commands of the manifest the features register once the engine is ready */
  constructor(ids: readonly string[]) {
    this.registrations = ids.map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, args)));
  }

  /** The manifest's commands, less those registered before the engine (setup commands). */
  static commandsOf(context: vscode.ExtensionContext, except: readonly string[]): string[] {
    const commands = (context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? [];
    return commands.map((c) => c.command).filter((id) => !except.includes(id));
  }

  set(state: StartState): void {
    this.state = state;
  }

  /** The engine is ready: the features register the real commands in their place. */
  release(): void {
    for (const r of this.registrations) r.dispose();
    this.registrations = [];
  }

  /** Stand in again (the real commands were never registered, e.g. the config broke at start). */
  get released(): boolean {
    return this.registrations.length === 0;
  }

  private async run(id: string, args: unknown[]): Promise<unknown> {
    const state = this.state;
    if (state.kind === 'starting') {
      const ready = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Baton is still reading the knowledge base; the command runs as soon as it is ready.') },
        () => state.ready,
      );
      if (ready && this.released) return vscode.commands.executeCommand(id, ...args);
      return this.run(id, args);
    }
    if (state.kind === 'no-folder') {
      const open = vscode.l10n.t('Open Folder');
      const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Baton works in a folder: open the folder that holds (or will hold) your knowledge base.'), open);
      if (answer === open) await vscode.commands.executeCommand('workbench.action.files.openFolder');
      return undefined;
    }
    const open = vscode.l10n.t('Open {0}', CONFIG_FILE);
    const output = vscode.l10n.t('Show Output');
    const answer = await vscode.window.showErrorMessage(vscode.l10n.t('Baton is not running: {0} could not be loaded. Fix it and save; Baton starts again by itself. {1}', CONFIG_FILE, state.message), open, output);
    if (answer === open && state.file) await vscode.window.showTextDocument(vscode.Uri.file(state.file));
    if (answer === output) await vscode.commands.executeCommand('baton.showOutput');
    return undefined;
  }

  dispose(): void {
    this.release();
  }
}
