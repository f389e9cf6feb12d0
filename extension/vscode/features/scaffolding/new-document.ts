// The "New …" flow: pick a template, type the title, answer its prompts in pick lists and
// input boxes, then create the file through the core (never overwriting) and open it with
// the cursor in the first section to fill. Escape at any step creates nothing.
import * as vscode from 'vscode';
import {
  answerVariables,
  builtinVariables,
  checkAnswer,
  documentsFromFrontmatter,
  documentsFromIndex,
  loadTemplates,
  openSession,
  planScaffold,
  promptChoices,
  promptDefault,
  ScaffoldError,
  targetFolder,
  TemplateError,
  writeScaffold,
  type ScaffoldSession,
  type Template,
  type TemplatePrompt,
  type TemplateProblem,
  type TemplateValue,
} from '../../../core/templates';
import { msg } from '../../../core/message';
import { pathOf, text, toRange } from '../../convert';
import type { WorkspaceEngine } from '../../workspace-engine';

/**
 * Answers given up front, e.g. as a keybinding's `args`: `{"template": "case-incident"}`.
 * Whatever is missing is asked for.
 */
export interface NewDocumentArgs {
  template?: string;
  title?: string;
  values?: Record<string, TemplateValue>;
  /** Folder to create the document in (absolute or relative to the workspace folder). */
  folder?: string;
}

/** What the command was called with: the Explorer passes the folder's Uri, a keybinding an object. */
export function readArgs(args: readonly unknown[]): { folder?: vscode.Uri; options: NewDocumentArgs } {
  const folder = args.find((a): a is vscode.Uri => a instanceof vscode.Uri);
  const options = args.find((a): a is NewDocumentArgs => a !== null && typeof a === 'object' && !(a instanceof vscode.Uri) && !Array.isArray(a)) ?? {};
  return { folder, options };
}

function folderOption(kb: WorkspaceEngine, folder: string): string {
  const uri = /^(?:[a-zA-Z]:)?[\\/]/.test(folder) ? vscode.Uri.file(folder) : vscode.Uri.joinPath(kb.folder.uri, folder);
  return pathOf(uri);
}

function describeProblem(p: TemplateProblem): string {
  return `${vscode.workspace.asRelativePath(vscode.Uri.file(p.file))}:${p.range.line}:${p.range.column}: ${text(p.message)}`;
}

const TYPE_NAMES: Record<string, () => string> = {
  case: () => vscode.l10n.t('case'),
  article: () => vscode.l10n.t('article'),
  checklist: () => vscode.l10n.t('checklist'),
  handover: () => vscode.l10n.t('handover record'),
  change: () => vscode.l10n.t('change record'),
};

/** Runs the whole flow; resolves with the new file, or undefined when cancelled or refused. */
export async function newDocument(kb: WorkspaceEngine, type: string | undefined, args: readonly unknown[]): Promise<vscode.Uri | undefined> {
  const { folder, options } = readArgs(args);
  try {
    const { dir, templates, problems } = await loadTemplates(kb.engine);
    for (const p of problems) kb.output.warn(describeProblem(p));
    const candidates = type ? templates.filter((t) => t.type === type) : templates;
    // A broken template is left out of the list; say why, or a team would wonder where it went.
    if (problems.length > 0 && candidates.length > 0) void vscode.window.showWarningMessage(vscode.l10n.t('A template was left out: {0}', describeProblem(problems[0])));
    let template: Template | undefined;
    if (options.template !== undefined) {
      template = candidates.find((t) => t.name === options.template);
      if (!template) {
        const broken = problems.find((p) => p.file.replace(/^.*\//, '').replace(/\.(?:md|markdown)$/i, '') === options.template);
        throw broken ? new TemplateError([broken]) : new ScaffoldError(msg('No template "{0}" in {1}', options.template, vscode.workspace.asRelativePath(dir)));
      }
    } else if (candidates.length === 0) {
      const where = vscode.workspace.asRelativePath(dir);
      if (problems.length > 0) throw new TemplateError(problems);
      void vscode.window.showErrorMessage(
        type ? vscode.l10n.t('There is no {0} template in {1}. Add a Markdown file with a "template:" block there (see its README).', TYPE_NAMES[type]?.() ?? type, where) : vscode.l10n.t('There are no templates in {0}. Add a Markdown file with a "template:" block there (see its README).', where),
      );
      return undefined;
    } else if (candidates.length === 1) {
      template = candidates[0];
    } else {
      const picked = await vscode.window.showQuickPick(
        candidates.map((t) => ({ label: t.label, description: t.name, detail: t.description || undefined, template: t })),
        { title: type === 'case' ? vscode.l10n.t('New case: category') : vscode.l10n.t('New document: template'), placeHolder: vscode.l10n.t('Pick a template'), matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
      );
      if (!picked) return undefined;
      template = picked.template;
    }

    // While the KB is still being indexed, ids come from a quick frontmatter-only read instead.
    const session = await openSession(kb.engine, kb.scanning ? await documentsFromFrontmatter(kb.engine) : undefined);
    const folderPath = folder ? pathOf(folder) : options.folder !== undefined ? folderOption(kb, options.folder) : undefined;
    // A folder given up front is checked before any question, not after the last one.
    if (folderPath !== undefined) targetFolder(session, template, {}, folderPath);

    const heading = vscode.l10n.t('New {0}', template.label);
    const title =
      options.title ??
      (await vscode.window.showInputBox({
        title: heading,
        prompt: vscode.l10n.t('Title of the new document'),
        placeHolder: vscode.l10n.t('e.g. Kafka disk full stopped log collection'),
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('The title is empty') : undefined),
      }));
    if (title === undefined) return undefined;

    const vars: Record<string, TemplateValue> = builtinVariables(session, template, title);
    const answers: Record<string, TemplateValue> = {};
    for (const prompt of template.prompts) {
      const given = options.values?.[prompt.name];
      let value: TemplateValue | undefined;
      if (given !== undefined) {
        const checked = checkAnswer(session, prompt, given);
        if ('problem' in checked) throw new ScaffoldError(checked.problem);
        value = checked.value;
      } else {
        value = await ask(session, heading, prompt, promptDefault(prompt, vars));
        if (value === undefined) return undefined;
      }
      answers[prompt.name] = value;
      Object.assign(vars, answerVariables(prompt, value));
    }

    // The prompts may have taken a while: take ids created meanwhile into account.
    if (!kb.scanning) session.documents = documentsFromIndex(kb.engine);
    const plan = planScaffold(session, { template, title, answers, folder: folderPath });
    const path = await writeScaffold(session, plan);
    const uri = vscode.Uri.file(path);
    const document = await vscode.workspace.openTextDocument(uri);
    const range = toRange(plan.cursor);
    await vscode.window.showTextDocument(document, { selection: new vscode.Selection(range.start, range.end), preview: false });
    kb.output.info(`created ${path} from template ${template.name}`);
    return uri;
  } catch (error) {
    if (error instanceof ScaffoldError) void vscode.window.showErrorMessage(text(error.problem));
    else if (error instanceof TemplateError) {
      for (const p of error.problems) kb.output.error(describeProblem(p));
      void vscode.window.showErrorMessage(vscode.l10n.t('The template has a problem: {0}', describeProblem(error.problems[0])));
    } else {
      kb.output.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      void vscode.window.showErrorMessage(vscode.l10n.t('Baton could not create the document: {0}', error instanceof Error ? error.message : String(error)));
    }
    return undefined;
  }
}

type ChoiceItem = vscode.QuickPickItem & { value: string };

/** Asks one prompt; undefined means the person cancelled. */
async function ask(session: ScaffoldSession, heading: string, prompt: TemplatePrompt, fallback: TemplateValue | undefined): Promise<TemplateValue | undefined> {
  const title = `${heading}: ${prompt.label}`;
  if (prompt.kind === 'pick') {
    const items: ChoiceItem[] = promptChoices(session, prompt).map((c) => ({ label: c.label, description: c.description, value: c.value }));
    // The default goes first, so Enter takes it.
    const first = items.findIndex((i) => i.value === fallback);
    if (first > 0) items.unshift(...items.splice(first, 1));
    if (!prompt.required) items.push({ label: vscode.l10n.t('(leave empty)'), value: '' });
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: prompt.description ?? prompt.label, matchOnDescription: true, ignoreFocusOut: true });
    return picked?.value;
  }
  if (prompt.kind === 'ids') {
    const defaults = new Set(typeof fallback === 'string' ? [fallback] : (fallback ?? []));
    const items: ChoiceItem[] = promptChoices(session, prompt).map((c) => ({ label: c.label, description: c.description, value: c.value, picked: defaults.has(c.value) }));
    for (;;) {
      const picked = await vscode.window.showQuickPick(items, {
        title,
        placeHolder: prompt.required ? vscode.l10n.t('Pick one or more, then press Enter') : vscode.l10n.t('Pick any number, or press Enter for none'),
        canPickMany: true,
        matchOnDescription: true,
        ignoreFocusOut: true,
      });
      if (!picked) return undefined;
      const checked = checkAnswer(session, prompt, picked.map((p) => p.value));
      if (!('problem' in checked)) return checked.value;
      void vscode.window.showWarningMessage(text(checked.problem));
    }
  }
  const value = await vscode.window.showInputBox({
    title,
    prompt: prompt.description ?? prompt.label,
    value: typeof fallback === 'string' ? fallback : undefined,
    ignoreFocusOut: true,
    validateInput: (input) => {
      const checked = checkAnswer(session, prompt, input);
      return 'problem' in checked ? text(checked.problem) : undefined;
    },
  });
  if (value === undefined) return undefined;
  const checked = checkAnswer(session, prompt, value);
  return 'problem' in checked ? undefined : checked.value;
}
