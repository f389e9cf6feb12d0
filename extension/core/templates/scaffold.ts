// Making a document from a template: the variables (next id from the KB, date, author,
// answers), the target inside the KB, a file name from the title, and an exclusive create
// that never overwrites. Both the CLI and the editor go through here.
import type { Engine } from '../engine';
import { parseFrontmatter } from '../frontmatter';
import type { Host } from '../host';
import { nextId } from '../ids';
import { msg } from '../message';
import { parseText } from '../parse-document';
import { isInside, join, normalize, relative, resolve } from '../paths';
import { isPlaceholder } from '../rules/empty-section';
import { LineIndex } from '../text';
import type { Message, Range } from '../types';
import { cleanText, numberedName, pathSegmentValue, safeFileName, slugify } from './file-name';
import { renderTemplate } from './render';
import { parseTemplate, TemplateError, type Template, type TemplatePrompt, type TemplateProblem } from './template-file';
import { renderString, scanTokens, type TemplateValue } from './template-syntax';

/** A problem with what was asked for (an answer, a folder); the message is for people. */
export class ScaffoldError extends Error {
  constructor(readonly problem: Message) {
    super(problem.text.replace(/\{(\d+)\}/g, (_, n: string) => String(problem.args?.[Number(n)] ?? '')));
  }
}

export interface KnownDocument {
  id: string;
  type?: string;
  title?: string;
  path: string;
}

export interface Templates {
  /** Absolute path of the templates folder. */
  dir: string;
  templates: Template[];
  problems: TemplateProblem[];
}

/** Files in the templates folder that are about templates rather than templates. */
function isTemplateFile(name: string): boolean {
  return /\.(?:md|markdown)$/i.test(name) && !/^readme\./i.test(name) && !name.startsWith('_') && !name.startsWith('.');
}

/** Every template in the configured folder (default kb/_templates), with the problems of broken ones. */
export async function loadTemplates(engine: Engine): Promise<Templates> {
  const dir = join(engine.rootDir, engine.config.templates);
  const fs = engine.host.fs;
  const entries = await fs.readDirectory(dir).catch(() => []);
  const templates: Template[] = [];
  const problems: TemplateProblem[] = [];
  for (const entry of entries.filter((e) => e.isFile && isTemplateFile(e.name)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = join(dir, entry.name);
    const text = new TextDecoder().decode(await fs.readFile(file)).replace(/^\ufeff/, '');
    try {
      templates.push(parseTemplate(file, text, engine.types));
    } catch (error) {
      if (error instanceof TemplateError) problems.push(...error.problems);
      else throw error;
    }
  }
  const byName = new Map<string, Template>();
  for (const template of templates) {
    const other = byName.get(template.name);
    if (other) problems.push({ file: template.file, range: { line: 1, column: 1, endLine: 1, endColumn: 1 }, message: msg('Template name "{0}" is also used by {1}', template.name, other.file) });
    else byName.set(template.name, template);
  }
  return { dir, templates: [...byName.values()].sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : 1)), problems };
}

/** Documents with ids, from the engine's index (already scanned). */
export function documentsFromIndex(engine: Engine): KnownDocument[] {
  const out: KnownDocument[] = [];
  for (const doc of engine.index.documents()) if (doc.id) out.push({ id: doc.id, type: doc.type, title: doc.title, path: doc.path });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Documents with ids, read from frontmatter only: what the CLI needs without parsing every body. */
export async function documentsFromFrontmatter(engine: Engine): Promise<KnownDocument[]> {
  const { documents } = await engine.listFiles();
  const out: KnownDocument[] = [];
  const queue = [...documents];
  const read = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const bytes = await engine.host.fs.readFile(path).catch(() => undefined);
      if (!bytes || bytes.byteLength > engine.config.maxFileSize) continue;
      const text = new TextDecoder().decode(bytes);
      const data = parseFrontmatter(text, new LineIndex(text)).data;
      if (typeof data.id === 'string' && data.id) {
        out.push({ id: data.id, type: typeof data.type === 'string' ? data.type : undefined, title: typeof data.title === 'string' ? data.title : undefined, path });
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, read));
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Who is scaffolding: git's user.name, else the OS user, else a placeholder to fill in. */
export async function resolveAuthor(host: Host): Promise<string> {
  if (host.git) {
    const name = await host.git.run(['config', 'user.name']).then((s) => cleanText(s), () => '');
    if (name) return name;
  }
  const user = cleanText(host.user ?? '');
  return user || 'unknown';
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** YYYY-MM-DD in the host's time zone. */
export function localDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** ISO 8601 with the host's offset, to the second: 2026-03-14T09:20:00+08:00. */
export function localDateTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export interface ScaffoldSession {
  engine: Engine;
  documents: KnownDocument[];
  now: Date;
  author: string;
}

export async function openSession(engine: Engine, documents?: KnownDocument[]): Promise<ScaffoldSession> {
  return {
    engine,
    documents: documents ?? (engine.index.size > 0 ? documentsFromIndex(engine) : await documentsFromFrontmatter(engine)),
    now: engine.host.clock.now(),
    author: await resolveAuthor(engine.host),
  };
}

/** A title as one clean line: no control characters, single spaces. */
export function cleanTitle(title: string): string {
  return title.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/gu, ' ').trim();
}

function usesVariable(template: Template, name: string): boolean {
  return template.tokens.some((t) => t.name === name) || scanTokens(template.filename).some((t) => t.name === name) || scanTokens(template.folder ?? '').some((t) => t.name === name);
}

/** The variables every template has, for one title. */
export function builtinVariables(session: ScaffoldSession, template: Template, title: string): Record<string, TemplateValue> {
  const type = session.engine.types.get(template.type);
  const clean = cleanTitle(title);
  if (!clean) throw new ScaffoldError(msg('The title is empty'));
  let id = '';
  if (type?.idTemplate) id = nextId(type.idTemplate, session.documents.map((d) => d.id), session.now);
  else if (usesVariable(template, 'id')) throw new ScaffoldError(msg('Template "{0}" uses {{id}}, but type "{1}" has no id template', template.name, template.type));
  return { title: clean, slug: slugify(clean), date: localDate(session.now), datetime: localDateTime(session.now), id, author: session.author };
}

/** What a pick list offers for a prompt: its choices, or for `ids` the matching documents. */
export function promptChoices(session: ScaffoldSession, prompt: TemplatePrompt): Array<{ value: string; label: string; description?: string }> {
  if (prompt.kind === 'pick') {
    // The value is shown beside a label that does not already start with it.
    return prompt.choices.map((c) => ({ value: c.value, label: c.label ?? c.value, description: c.label && !c.label.startsWith(c.value) ? c.value : undefined }));
  }
  if (prompt.kind === 'ids') {
    return session.documents
      .filter((d) => !prompt.types || (d.type !== undefined && prompt.types.includes(d.type)))
      .map((d) => ({ value: d.id, label: d.id, description: d.title }));
  }
  return [];
}

/** The prompt's default with the variables known so far filled in. */
export function promptDefault(prompt: TemplatePrompt, variables: Record<string, TemplateValue>): TemplateValue | undefined {
  if (prompt.default === undefined) return undefined;
  if (typeof prompt.default === 'string') return renderString(prompt.default, variables);
  return prompt.default.map((v) => renderString(v, variables));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Checks and normalises one answer: a pick must be a choice, a date a real date, a time
 * gets the local offset if it has none, ids must exist. Returns the value or why not.
 */
export function checkAnswer(session: ScaffoldSession, prompt: TemplatePrompt, raw: TemplateValue | undefined): { value: TemplateValue } | { problem: Message } {
  if (prompt.kind === 'ids') {
    const list = raw === undefined ? [] : typeof raw === 'string' ? raw.split(/[\s,，、]+/u) : [...raw];
    const ids = [...new Set(list.map((s) => s.trim()).filter(Boolean))];
    if (ids.length === 0 && prompt.required) return { problem: msg('"{0}" needs at least one id', prompt.label) };
    const offered = new Set(promptChoices(session, prompt).map((c) => c.value));
    for (const id of ids) {
      if (!offered.has(id)) {
        return session.documents.some((d) => d.id === id)
          ? { problem: msg('"{0}" takes ids of type {1}; {2} is not one', prompt.label, (prompt.types ?? []).join(', '), id) }
          : { problem: msg('No document has the id "{0}"', id) };
      }
    }
    return { value: ids };
  }
  const text = cleanTitle(typeof raw === 'string' ? raw : (raw ?? []).join(', '));
  if (text === '') return prompt.required ? { problem: msg('"{0}" needs a value', prompt.label) } : { value: '' };
  switch (prompt.kind) {
    case 'pick': {
      const choice = prompt.choices.find((c) => c.value === text) ?? prompt.choices.find((c) => c.value.toLowerCase() === text.toLowerCase());
      if (!choice) return { problem: msg('"{0}" is not a choice for "{1}"; expected one of {2}', text, prompt.label, prompt.choices.map((c) => c.value).join(', ')) };
      return { value: choice.value };
    }
    case 'date': {
      const m = DATE.exec(text);
      if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return { problem: msg('"{0}" is not a date like 2026-03-14', text) };
      return { value: text };
    }
    case 'datetime': {
      const m = DATETIME.exec(text);
      if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) {
        return { problem: msg('"{0}" is not a date and time like 2026-03-14T09:20:00+08:00', text) };
      }
      const [, y, mo, d, h, mi, s = '00', , zone] = m;
      let offset = zone ? zone.toUpperCase() : undefined;
      if (!offset) {
        // No offset typed: the host's offset on that day, as the person typing means local time.
        const local = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
        offset = localDateTime(local).slice(19);
      }
      return { value: `${y}-${mo}-${d}T${h}:${mi}:${s}${offset === 'Z' ? '+00:00' : offset}` };
    }
    default:
      return { value: text };
  }
}

/** The variables an answer sets: the prompt's own, plus those of the chosen choice. */
export function answerVariables(prompt: TemplatePrompt, value: TemplateValue): Record<string, TemplateValue> {
  const vars: Record<string, TemplateValue> = { [prompt.name]: value };
  if (prompt.kind !== 'pick') return vars;
  // An optional pick left empty still defines the variables its choices set, as empty text.
  for (const choice of prompt.choices) for (const name of Object.keys(choice.vars ?? {})) vars[name] = '';
  Object.assign(vars, prompt.choices.find((c) => c.value === value)?.vars ?? {});
  return vars;
}

/** Answers for every prompt, from those given, else the defaults; throws ScaffoldError on the first bad one. */
export function resolveAnswers(session: ScaffoldSession, template: Template, builtins: Record<string, TemplateValue>, given: Record<string, TemplateValue | undefined>): Record<string, TemplateValue> {
  const vars: Record<string, TemplateValue> = { ...builtins };
  for (const name of Object.keys(given)) {
    if (!template.prompts.some((p) => p.name === name)) {
      throw new ScaffoldError(msg('Template "{0}" has no prompt "{1}"; its prompts: {2}', template.name, name, template.prompts.map((p) => p.name).join(', ') || '-'));
    }
  }
  for (const prompt of template.prompts) {
    const raw = given[prompt.name] ?? promptDefault(prompt, vars);
    if (raw === undefined && prompt.required) {
      if (prompt.kind === 'pick') throw new ScaffoldError(msg('"{0}" ({1}) needs a value: one of {2}', prompt.label, prompt.name, prompt.choices.map((c) => c.value).join(', ')));
      throw new ScaffoldError(msg('"{0}" ({1}) needs a value', prompt.label, prompt.name));
    }
    const checked = checkAnswer(session, prompt, raw);
    if ('problem' in checked) throw new ScaffoldError(checked.problem);
    Object.assign(vars, answerVariables(prompt, checked.value));
  }
  return vars;
}

/** The folder a document goes to, checked to be one Baton lints inside the KB. */
export function targetFolder(session: ScaffoldSession, template: Template, vars: Record<string, TemplateValue>, folder?: string): string {
  const { engine } = session;
  const firstRoot = join(engine.rootDir, engine.config.roots[0] ?? '.');
  let target: string;
  if (folder !== undefined) target = resolve(engine.rootDir, folder);
  else {
    const pattern = template.folder ?? engine.types.get(template.type)?.folder ?? '.';
    // Always relative to the first root: a leading "/" or an empty value cannot make it absolute.
    target = resolve(firstRoot, normalize(renderString(pattern, vars, (value) => pathSegmentValue(value))).replace(/^\/+/, ''));
  }
  const roots = engine.roots();
  if (!roots.some((root) => isInside(root, target))) {
    throw new ScaffoldError(msg('{0} is outside the knowledge base ({1}); documents are created inside it', target, roots.map((r) => relative(engine.rootDir, r) || '.').join(', ')));
  }
  if (!engine.isDocument(join(target, 'new-document.md'))) {
    throw new ScaffoldError(msg('{0} is ignored by Baton (the templates folder or an ignore pattern); a document there would not be checked', target));
  }
  return target;
}

/** The file name for these variables, from the template's pattern. */
export function fileNameFor(template: Template, vars: Record<string, TemplateValue>): string {
  const filled = renderString(template.filename, vars, (value, name) => (name === 'slug' ? value : pathSegmentValue(value)));
  const fallback = typeof vars.id === 'string' && vars.id ? vars.id : typeof vars.slug === 'string' && vars.slug ? vars.slug : 'untitled';
  return safeFileName(filled, fallback);
}

/** Where to put the cursor: the first placeholder (or empty section) under a level-2+ heading. */
export function firstPlaceToFill(text: string): Range {
  const doc = parseText('/scaffold.md', text);
  const lines = new LineIndex(text);
  const placeholder = /待补充|待填写|待完善|TODO|TBD/;
  for (const heading of doc.headings) {
    if (heading.depth < 2) continue;
    const next = doc.headings.find((h) => h.start > heading.start);
    const end = next ? next.start : heading.sectionEnd;
    let inComment = false;
    let firstBlank: number | undefined;
    let hasText = false;
    for (let line = lines.lineOf(heading.end) + 1; line <= lines.lineCount && lines.lineStart(line) < end; line++) {
      const content = lines.lineText(line);
      const stripped = stripComments(content, inComment);
      inComment = stripped.inComment;
      const visible = stripped.text.trim();
      if (visible === '') {
        if (!inComment && firstBlank === undefined && !/<!--|-->/.test(content)) firstBlank = line;
        continue;
      }
      hasText = true;
      const m = placeholder.exec(content);
      if (m && isPlaceholderLine(visible)) {
        const start = lines.lineStart(line) + m.index;
        const trail = /^[。.]/.test(content.slice(m.index + m[0].length)) ? 1 : 0;
        return lines.range(start, start + m[0].length + trail);
      }
      break;
    }
    if (!hasText && !heading.sectionHasBlocks) {
      const line = firstBlank ?? lines.lineOf(heading.end) + 1;
      return lines.range(lines.lineStart(line), lines.lineStart(line));
    }
  }
  const title = doc.headings.find((h) => h.depth === 1);
  const line = title ? Math.min(lines.lineCount, title.range.line + 1) : lines.lineOf(doc.frontmatter.bodyStart);
  return lines.range(lines.lineStart(line), lines.lineStart(line));
}

/** True for a line that is a placeholder, bare or as a list or task item, or that holds one to replace. */
function isPlaceholderLine(visible: string): boolean {
  const item = visible.replace(/^(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '');
  return isPlaceholder(item) || /待补充|待填写/.test(visible);
}

function stripComments(line: string, inComment: boolean): { text: string; inComment: boolean } {
  let out = '';
  let rest = line;
  let inside = inComment;
  while (rest) {
    if (inside) {
      const close = rest.indexOf('-->');
      if (close === -1) return { text: out, inComment: true };
      rest = rest.slice(close + 3);
      inside = false;
    } else {
      const open = rest.indexOf('<!--');
      if (open === -1) return { text: out + rest, inComment: false };
      out += rest.slice(0, open);
      rest = rest.slice(open + 4);
      inside = true;
    }
  }
  return { text: out, inComment: inside };
}

export interface ScaffoldRequest {
  template: Template;
  title: string;
  /** Prompt answers by name; unanswered prompts take their defaults. */
  answers?: Record<string, TemplateValue | undefined>;
  /** Folder to create the document in (absolute, or relative to the repository root); the template's when absent. */
  folder?: string;
}

export interface ScaffoldPlan {
  template: Template;
  id?: string;
  folder: string;
  /** File name before any `-2` suffix. */
  name: string;
  text: string;
  /** Where the editor puts the cursor: the first section to fill. */
  cursor: Range;
  variables: Record<string, TemplateValue>;
}

/** Everything about the new document except writing it. */
export function planScaffold(session: ScaffoldSession, request: ScaffoldRequest): ScaffoldPlan {
  const { template } = request;
  const builtins = builtinVariables(session, template, request.title);
  const variables = resolveAnswers(session, template, builtins, request.answers ?? {});
  const folder = targetFolder(session, template, variables, request.folder);
  const name = fileNameFor(template, variables);
  const text = renderTemplate(template, variables);
  return { template, id: typeof variables.id === 'string' && variables.id ? variables.id : undefined, folder, name, text, cursor: firstPlaceToFill(text), variables };
}

/** Most `-N` suffixes tried before giving up. */
export const MAX_SUFFIX = 99;

/** The path the plan would be written to now: the first free one of name, name-2, name-3, ... */
export async function freePath(host: Host, plan: ScaffoldPlan): Promise<string> {
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const path = join(plan.folder, numberedName(plan.name, n));
    if (!(await host.fs.stat(path))) return path;
  }
  throw new ScaffoldError(msg('{0} and its numbered variants up to -{1} all exist; nothing was created', join(plan.folder, plan.name), MAX_SUFFIX));
}

/**
 * Writes the planned document with an exclusive create: an existing file is never
 * replaced, the next `-N` name is taken instead. Returns the path written.
 */
export async function writeScaffold(session: ScaffoldSession, plan: ScaffoldPlan): Promise<string> {
  const { fs } = session.engine.host;
  if (!fs.createFile) throw new ScaffoldError(msg('This host cannot create files without the risk of overwriting one'));
  if (!(await fs.stat(plan.folder))?.isDirectory) {
    if (!fs.mkdir) throw new ScaffoldError(msg('The folder {0} does not exist', plan.folder));
    await fs.mkdir(plan.folder);
  }
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const path = join(plan.folder, numberedName(plan.name, n));
    if (await fs.createFile(path, plan.text)) {
      // Into the index at once, so a second scaffold right after gets the next id.
      if (session.engine.index.size > 0) await session.engine.load(path);
      if (plan.id) session.documents.push({ id: plan.id, type: plan.template.type, title: String(plan.variables.title), path });
      return path;
    }
  }
  throw new ScaffoldError(msg('{0} and its numbered variants up to -{1} all exist; nothing was created', join(plan.folder, plan.name), MAX_SUFFIX));
}

/** Plans and writes in one step. */
export async function scaffold(session: ScaffoldSession, request: ScaffoldRequest): Promise<ScaffoldPlan & { path: string }> {
  const plan = planScaffold(session, request);
  const path = await writeScaffold(session, plan);
  return { ...plan, path };
}
