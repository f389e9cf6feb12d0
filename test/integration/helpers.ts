// Shared helpers of the in-editor suites: find fixture documents, and wait on
// VS Code events (never on timers) with a bounded, clearly reported timeout.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'baton-kb.baton';

/** Activates Baton, waits for its engine and first scan, and fails clearly if it is missing or did not start. */
export async function activateBaton(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    const ids = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    throw new Error(`extension ${EXTENSION_ID} is not loaded; loaded: ${ids.join(', ') || '(none)'}`);
  }
  // activate() returns at once; the engine opens and scans in the background.
  const api = (await ext.activate()) as { ready?: Promise<boolean>; scanned?: Promise<void> } | undefined;
  if (api?.ready && !(await api.ready)) throw new Error(`${EXTENSION_ID} did not start (see the Baton output channel)`);
  await api?.scanned;
}

/**
 * Resolves with the first truthy value of `check()`, evaluated now and after every
 * `event`; rejects after `timeoutMs` with `description` and what `lastSeen()` says.
 */
export function waitForEvent<E, T>(
  description: string,
  event: vscode.Event<E>,
  check: () => T | undefined | false | null,
  { timeoutMs = 15_000, lastSeen }: { timeoutMs?: number; lastSeen?: () => string } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let subscription: vscode.Disposable | undefined;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription?.dispose();
      fn();
    };
    const evaluate = () => {
      try {
        const value = check();
        if (value) finish(() => resolve(value));
      } catch (err) {
        finish(() => reject(err));
      }
    };
    const timer = setTimeout(() => {
      const seen = lastSeen ? `\n  last seen: ${lastSeen()}` : '';
      finish(() => reject(new Error(`timed out after ${timeoutMs / 1000}s waiting for ${description}${seen}`)));
    }, timeoutMs);
    // Check and subscribe in the same tick: no event can slip in between.
    evaluate();
    if (!done) subscription = event(() => evaluate());
  });
}

/** The rule id of a diagnostic, whether its code is a string, a number or { value, target }. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  if (typeof code === 'object') return String(code.value);
  return String(code);
}

export function isBaton(diagnostic: vscode.Diagnostic, rule?: string): boolean {
  return diagnostic.source === 'baton' && (rule === undefined || codeOf(diagnostic) === rule);
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return '(no diagnostics)';
  return all
    .map((d) => `[${d.source ?? '-'}/${codeOf(d) ?? '-'}] line ${d.range.start.line + 1}: ${d.message}`)
    .join('; ');
}

/** Waits until `uri` has a diagnostic matching `predicate`, and returns it. */
export function waitForDiagnostic(
  uri: vscode.Uri,
  predicate: (d: vscode.Diagnostic) => boolean,
  description: string,
  timeoutMs?: number,
): Promise<vscode.Diagnostic> {
  return waitForEvent(
    `${description} in ${vscode.workspace.asRelativePath(uri)}`,
    vscode.languages.onDidChangeDiagnostics,
    () => vscode.languages.getDiagnostics(uri).find(predicate),
    { timeoutMs, lastSeen: () => describeDiagnostics(uri) },
  );
}

/** Waits until `uri` has no diagnostic matching `predicate`. */
export async function waitForNoDiagnostic(
  uri: vscode.Uri,
  predicate: (d: vscode.Diagnostic) => boolean,
  description: string,
  timeoutMs?: number,
): Promise<void> {
  await waitForEvent(
    `${description} to clear in ${vscode.workspace.asRelativePath(uri)}`,
    vscode.languages.onDidChangeDiagnostics,
    () => !vscode.languages.getDiagnostics(uri).some(predicate),
    { timeoutMs, lastSeen: () => describeDiagnostics(uri) },
  );
}

/** The YAML frontmatter block of a Markdown text, without its `---` fences. */
export function frontmatterOf(text: string): string | undefined {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text);
  return m ? m[1] : undefined;
}

/** The first Markdown file under kb/ (in path order) whose text passes `predicate`. */
export async function findKbDocument(
  predicate: (text: string) => boolean,
  description: string,
): Promise<vscode.Uri> {
  const uris = await vscode.workspace.findFiles('kb/**/*.md');
  uris.sort((a, b) => a.path.localeCompare(b.path));
  for (const uri of uris) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (predicate(text)) return uri;
  }
  throw new Error(`no document under kb/ ${description} (searched ${uris.length} files)`);
}

/** The range of `key`'s scalar value in the frontmatter of `doc`. */
export function frontmatterValueRange(doc: vscode.TextDocument, key: string): vscode.Range {
  if (doc.lineAt(0).text.trim() !== '---') throw new Error(`${doc.uri.path} has no frontmatter`);
  for (let line = 1; line < doc.lineCount; line++) {
    const text = doc.lineAt(line).text;
    if (text.trim() === '---') break;
    const m = new RegExp(`^${key}:[ \\t]*`).exec(text);
    if (m) {
      const value = text.slice(m[0].length).replace(/\s+(#.*)?$/, '');
      return new vscode.Range(line, m[0].length, line, m[0].length + value.length);
    }
  }
  throw new Error(`${doc.uri.path} has no frontmatter key "${key}"`);
}

/** Replaces `range` in the open document (unsaved), and checks the edit was applied. */
export async function replaceText(doc: vscode.TextDocument, range: vscode.Range, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${doc.uri.path}`);
}
