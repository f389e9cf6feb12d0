// A template file: a Markdown document whose frontmatter also holds a `template:` block
// saying what it makes, where, under which name, and what to ask. Checked on load, with
// the position of every problem, so a broken template is reported before anyone uses it.
import { parseFrontmatter } from '../frontmatter';
import { msg } from '../message';
import { basename } from '../paths';
import { LineIndex, pointRange } from '../text';
import { propertySchema, type DocumentType, type TypeRegistry } from '../document-types';
import type { Message, Range } from '../types';
import { isVariableName, scanTokens, type Token } from './template-syntax';

export type PromptKind = 'text' | 'pick' | 'date' | 'datetime' | 'ids';
export const PROMPT_KINDS: readonly PromptKind[] = ['text', 'pick', 'date', 'datetime', 'ids'];

/** Variables every template has; prompts may not reuse these names. */
export const BUILTIN_VARIABLES = ['title', 'slug', 'date', 'datetime', 'id', 'author'] as const;

export interface PromptChoice {
  value: string;
  /** What the pick list shows; the value when absent. */
  label?: string;
  /** Extra variables this choice sets, e.g. the folder that goes with an area. */
  vars?: Record<string, string>;
}

export interface TemplatePrompt {
  name: string;
  kind: PromptKind;
  /** The question, as the template words it. */
  label: string;
  description?: string;
  /** For `pick`: from the template, else the enum of the type's schema property. */
  choices: PromptChoice[];
  /** Raw default, may hold `{{variables}}`; a list for `ids`. */
  default?: string | string[];
  required: boolean;
  /** For `ids`: the document types offered (all when absent). */
  types?: string[];
}

export interface Template {
  /** What `baton new` takes: the `name` field, else the file name without `.md`. */
  name: string;
  file: string;
  type: string;
  label: string;
  description: string;
  /** Target folder relative to the first KB root, may hold variables; the type's folder when absent. */
  folder?: string;
  /** File name pattern, e.g. `{{id}}-{{slug}}.md`. */
  filename: string;
  order: number;
  prompts: TemplatePrompt[];
  /** The template text and its tokens, for rendering. */
  text: string;
  tokens: Token[];
  /** Offsets of the YAML between the fences, and of the `template:` entry to drop from it. */
  yamlStart: number;
  yamlEnd: number;
  metaStart: number;
  metaEnd: number;
}

export interface TemplateProblem {
  file: string;
  range: Range;
  message: Message;
}

export class TemplateError extends Error {
  constructor(readonly problems: TemplateProblem[]) {
    super(problems.map((p) => `${p.file}:${p.range.line}:${p.range.column}: ${p.message.text}`).join('\n'));
  }
}

/** Private-use characters stand in for tokens while the YAML is parsed; same length, so offsets hold. */
const MARK_OPEN = '\ue000';
const MARK_CLOSE = '\ue001';
const MARK_PAD = '\ue002';

export function markerFor(index: number, length: number): string {
  const digits = index.toString(36);
  if (digits.length + 2 > length) throw new Error(`too many template tokens (${index})`);
  return MARK_OPEN + digits + MARK_PAD.repeat(length - digits.length - 2) + MARK_CLOSE;
}

export const MARKER = /\ue000([0-9a-z]+)\ue002*\ue001/g;

/** The text with every token replaced by a marker of the same length. */
export function markTokens(text: string, tokens: readonly Token[]): string {
  let out = '';
  let at = 0;
  tokens.forEach((token, i) => {
    out += text.slice(at, token.start) + markerFor(i, token.end - token.start);
    at = token.end;
  });
  return out + text.slice(at);
}

/** Puts the original token text back in a string taken from the marked YAML. */
function unmark(value: string, text: string, tokens: readonly Token[]): string {
  return value.replace(MARKER, (_, index: string) => {
    const token = tokens[parseInt(index, 36)];
    return token ? text.slice(token.start, token.end) : '';
  });
}

const TEMPLATE_KEYS = new Set(['name', 'type', 'label', 'description', 'folder', 'filename', 'order', 'prompts']);
const PROMPT_KEYS = new Set(['name', 'kind', 'label', 'description', 'choices', 'labels', 'default', 'required', 'types', 'field']);
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Parses and checks one template; throws TemplateError listing every problem found. */
export function parseTemplate(file: string, text: string, types: TypeRegistry): Template {
  const problems: TemplateProblem[] = [];
  const lines = new LineIndex(text);
  const tokens = scanTokens(text);
  for (const token of tokens) {
    if (token.problem) problems.push({ file, range: lines.range(token.start, token.end), message: token.problem });
  }
  const marked = markTokens(text, tokens);
  const fm = parseFrontmatter(marked, lines);
  if (fm.problem) throw new TemplateError([...problems, { file, range: fm.problem.range, message: fm.problem.message }]);
  if (!fm.range) throw new TemplateError([...problems, { file, range: pointRange(1), message: msg('A template starts with frontmatter holding a "template:" block') }]);

  const at = (path: string): Range => fm.keys[path]?.key ?? fm.range!;
  const valueAt = (path: string): Range => fm.keys[path]?.value ?? at(path);
  const problem = (range: Range, message: Message) => problems.push({ file, range, message });
  const str = (value: unknown, path: string): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return unmark(String(value), text, tokens);
    problem(valueAt(path), msg('"{0}" must be text', path));
    return undefined;
  };

  const meta = fm.data.template;
  if (meta === undefined || meta === null || typeof meta !== 'object' || Array.isArray(meta)) {
    problem(meta === undefined ? pointRange(1) : valueAt('template'), msg('A template needs a "template:" block in its frontmatter, with at least "type"'));
    throw new TemplateError(problems);
  }
  const data = meta as Record<string, unknown>;
  for (const key of Object.keys(data)) {
    if (!TEMPLATE_KEYS.has(key)) problem(at(`template.${key}`), msg('Unknown template setting "{0}"; expected one of {1}', key, [...TEMPLATE_KEYS].join(', ')));
  }

  const name = str(data.name, 'template.name') ?? basename(file).replace(/\.(?:md|markdown)$/i, '');
  if (!NAME_PATTERN.test(name)) problem(data.name !== undefined ? valueAt('template.name') : pointRange(1), msg('Template name "{0}" must be letters, digits, ".", "_" or "-"', name));

  // The type comes from the template block, else from the document's own `type:`.
  const docType = fm.data.type;
  const typePath = data.type !== undefined ? 'template.type' : 'type';
  const typeName = data.type !== undefined ? str(data.type, 'template.type') : typeof docType === 'string' ? unmark(docType, text, tokens) : undefined;
  let type: DocumentType | undefined;
  if (!typeName) problem(at('template'), msg('The template block needs "type": one of {0}', types.names().join(', ')));
  else {
    type = types.get(typeName);
    if (!type) problem(valueAt(typePath), msg('Unknown document type "{0}"; expected one of {1}', typeName, types.names().join(', ')));
  }
  if (type && docType !== undefined && docType !== type.name) {
    problem(valueAt('type'), msg('The document says "type: {0}" but the template makes "{1}"', String(docType), type.name));
  }

  let order = 100;
  if (data.order !== undefined) {
    if (typeof data.order === 'number' && Number.isFinite(data.order)) order = data.order;
    else problem(valueAt('template.order'), msg('"{0}" must be a number', 'template.order'));
  }

  const prompts = parsePrompts(data.prompts, type, types, { problem, at, valueAt, str });
  const defined = new Set<string>([...BUILTIN_VARIABLES, ...prompts.flatMap((p) => [p.name, ...p.choices.flatMap((c) => Object.keys(c.vars ?? {}))])]);

  // Every variable used anywhere must be one the template defines.
  for (const token of tokens) {
    if (token.name !== undefined && !defined.has(token.name)) {
      problem(lines.range(token.start, token.end), msg('Unknown variable "{0}" in template "{1}"; known: {2}', token.name, name, [...defined].join(', ')));
    }
  }
  // A default is filled when its prompt is asked, so it can only use what is known by then.
  const known = new Set<string>(BUILTIN_VARIABLES);
  prompts.forEach((prompt, i) => {
    const defaults = prompt.default === undefined ? [] : typeof prompt.default === 'string' ? [prompt.default] : prompt.default;
    for (const value of defaults) {
      for (const token of scanTokens(value)) {
        if (token.name !== undefined && defined.has(token.name) && !known.has(token.name)) {
          problem(valueAt(`template.prompts.${i}.default`), msg('The default of prompt "{0}" uses "{1}", which is not known until later', prompt.name, token.name));
        }
      }
    }
    known.add(prompt.name);
    for (const choice of prompt.choices) for (const v of Object.keys(choice.vars ?? {})) known.add(v);
  });

  const metaPos = fm.keys.template;
  const yamlStart = lines.lineStart(2);
  const yamlEnd = lines.lineStart(fm.range.endLine);
  // The `template:` entry runs from its key's line to the last line of its value.
  const metaStart = lines.lineStart(metaPos.key.line);
  const metaLastLine = lines.lineOf(Math.max(metaPos.valueStart, metaPos.valueEnd - 1));
  const metaEnd = Math.min(yamlEnd, metaLastLine < lines.lineCount ? lines.lineStart(metaLastLine + 1) : text.length);

  if (problems.length > 0 || !type) throw new TemplateError(problems);
  const folder = str(data.folder, 'template.folder');
  return {
    name,
    file,
    type: type.name,
    label: str(data.label, 'template.label') ?? name,
    description: str(data.description, 'template.description') ?? '',
    folder: folder === '' ? undefined : folder,
    filename: str(data.filename, 'template.filename') ?? (type.idTemplate ? '{{id}}-{{slug}}.md' : '{{slug}}.md'),
    order,
    prompts,
    text,
    tokens,
    yamlStart,
    yamlEnd,
    metaStart,
    metaEnd,
  };
}

interface Checks {
  problem(range: Range, message: Message): void;
  at(path: string): Range;
  valueAt(path: string): Range;
  str(value: unknown, path: string): string | undefined;
}

function parsePrompts(raw: unknown, type: DocumentType | undefined, types: TypeRegistry, c: Checks): TemplatePrompt[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    c.problem(c.valueAt('template.prompts'), msg('"{0}" must be a list', 'template.prompts'));
    return [];
  }
  const prompts: TemplatePrompt[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const path = `template.prompts.${i}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      c.problem(c.valueAt(path), msg('Each prompt is a mapping with at least "name" and "kind"'));
      return;
    }
    const p = item as Record<string, unknown>;
    for (const key of Object.keys(p)) {
      if (!PROMPT_KEYS.has(key)) c.problem(c.at(`${path}.${key}`), msg('Unknown prompt setting "{0}"; expected one of {1}', key, [...PROMPT_KEYS].join(', ')));
    }
    const name = c.str(p.name, `${path}.name`);
    if (!name || !isVariableName(name)) {
      c.problem(c.valueAt(name ? `${path}.name` : path), msg('A prompt needs a "name" made of letters, digits and "_" (not starting with a digit)'));
      return;
    }
    if ((BUILTIN_VARIABLES as readonly string[]).includes(name)) {
      c.problem(c.valueAt(`${path}.name`), msg('Prompt "{0}" has the name of a built-in variable', name));
      return;
    }
    if (seen.has(name)) c.problem(c.valueAt(`${path}.name`), msg('Prompt "{0}" is defined twice', name));
    seen.add(name);
    const kind = (c.str(p.kind, `${path}.kind`) ?? 'text') as PromptKind;
    if (!PROMPT_KINDS.includes(kind)) {
      c.problem(c.valueAt(`${path}.kind`), msg('Unknown prompt kind "{0}"; expected one of {1}', kind, PROMPT_KINDS.join(', ')));
      return;
    }
    const field = c.str(p.field, `${path}.field`) ?? name;
    const schema = type ? propertySchema(type, [field]) : undefined;
    const prompt: TemplatePrompt = {
      name,
      kind,
      label: c.str(p.label, `${path}.label`) ?? name,
      description: c.str(p.description, `${path}.description`),
      choices: [],
      required: kind !== 'ids',
    };
    if (p.required !== undefined) {
      if (typeof p.required === 'boolean') prompt.required = p.required;
      else c.problem(c.valueAt(`${path}.required`), msg('"{0}" must be true or false', `${path}.required`));
    }
    if (kind === 'pick') prompt.choices = parseChoices(p, path, schema, type, field, c);
    else if (p.choices !== undefined) c.problem(c.at(`${path}.choices`), msg('Only a "pick" prompt has choices'));
    if (kind === 'ids' && p.types !== undefined) {
      const list = Array.isArray(p.types) ? p.types : [p.types];
      prompt.types = [];
      list.forEach((t, j) => {
        const tn = c.str(t, `${path}.types.${j}`);
        if (tn && !types.get(tn)) c.problem(c.valueAt(Array.isArray(p.types) ? `${path}.types.${j}` : `${path}.types`), msg('Unknown document type "{0}"; expected one of {1}', tn, types.names().join(', ')));
        else if (tn) prompt.types!.push(tn);
      });
    }
    if (p.default !== undefined && p.default !== null) {
      if (kind === 'ids') {
        const list = Array.isArray(p.default) ? p.default : [p.default];
        prompt.default = list.map((v, j) => c.str(v, `${path}.default.${j}`) ?? '').filter((v) => v !== '');
      } else if (Array.isArray(p.default)) c.problem(c.valueAt(`${path}.default`), msg('Only an "ids" prompt takes a list as its default'));
      else prompt.default = c.str(p.default, `${path}.default`);
      if (kind === 'pick' && typeof prompt.default === 'string' && !/\{\{/.test(prompt.default) && prompt.choices.length > 0 && !prompt.choices.some((ch) => ch.value === prompt.default)) {
        c.problem(c.valueAt(`${path}.default`), msg('Default "{0}" is not one of the choices: {1}', prompt.default, prompt.choices.map((ch) => ch.value).join(', ')));
      }
    }
    prompts.push(prompt);
  });
  return prompts;
}

function parseChoices(p: Record<string, unknown>, path: string, schema: Record<string, unknown> | undefined, type: DocumentType | undefined, field: string, c: Checks): PromptChoice[] {
  const allowed = Array.isArray(schema?.enum) ? (schema!.enum as unknown[]).map(String) : undefined;
  const labels: Record<string, string> = {};
  if (p.labels !== undefined) {
    if (p.labels === null || typeof p.labels !== 'object' || Array.isArray(p.labels)) c.problem(c.valueAt(`${path}.labels`), msg('"{0}" must be a mapping of value to label', `${path}.labels`));
    else for (const [k, v] of Object.entries(p.labels as Record<string, unknown>)) labels[k] = c.str(v, `${path}.labels.${k}`) ?? k;
  }
  let choices: PromptChoice[] = [];
  if (p.choices === undefined) {
    if (!type) return [];
    if (!allowed) {
      c.problem(c.at(path), msg('Pick prompt "{0}" has no "choices", and type "{1}" has no list of values for "{2}" to take them from', String(p.name), type.name, field));
      return [];
    }
    choices = allowed.map((value) => ({ value }));
  } else if (!Array.isArray(p.choices) || p.choices.length === 0) {
    c.problem(c.valueAt(`${path}.choices`), msg('"{0}" must be a non-empty list', `${path}.choices`));
    return [];
  } else {
    (p.choices as unknown[]).forEach((raw, j) => {
      const at = `${path}.choices.${j}`;
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
        const o = raw as Record<string, unknown>;
        const value = c.str(o.value, `${at}.value`);
        if (!value) {
          c.problem(c.valueAt(at), msg('A choice needs a "value"'));
          return;
        }
        const choice: PromptChoice = { value, label: c.str(o.label, `${at}.label`) };
        if (o.vars !== undefined) {
          if (o.vars === null || typeof o.vars !== 'object' || Array.isArray(o.vars)) c.problem(c.valueAt(`${at}.vars`), msg('"{0}" must be a mapping of variable to value', `${at}.vars`));
          else {
            choice.vars = {};
            for (const [k, v] of Object.entries(o.vars as Record<string, unknown>)) {
              if (!isVariableName(k) || (BUILTIN_VARIABLES as readonly string[]).includes(k)) c.problem(c.at(`${at}.vars.${k}`), msg('"{0}" cannot be set by a choice', k));
              else choice.vars[k] = c.str(v, `${at}.vars.${k}`) ?? '';
            }
          }
        }
        for (const k of Object.keys(o)) if (!['value', 'label', 'vars'].includes(k)) c.problem(c.at(`${at}.${k}`), msg('Unknown choice setting "{0}"; expected value, label or vars', k));
        choices.push(choice);
      } else {
        const value = c.str(raw, at);
        if (value) choices.push({ value });
      }
    });
    if (allowed) {
      choices.forEach((choice, j) => {
        if (!allowed.includes(choice.value)) c.problem(c.valueAt(`${path}.choices.${j}`), msg('Choice "{0}" is not allowed by the schema of "{1}": {2}', choice.value, field, allowed.join(', ')));
      });
    }
    // Variables set by choices must be set by every choice, or some documents would lack them.
    const varNames = new Set(choices.flatMap((ch) => Object.keys(ch.vars ?? {})));
    choices.forEach((choice, j) => {
      for (const v of varNames) {
        if (!(v in (choice.vars ?? {}))) c.problem(c.valueAt(`${path}.choices.${j}`), msg('Choice "{0}" does not set "{1}", which other choices set', choice.value, v));
      }
    });
  }
  for (const choice of choices) if (labels[choice.value] !== undefined) choice.label = labels[choice.value];
  for (const key of Object.keys(labels)) {
    if (!choices.some((ch) => ch.value === key)) c.problem(c.at(`${path}.labels.${key}`), msg('Label for "{0}", which is not a choice', key));
  }
  return choices;
}
