// What can be typed at a position in a document's frontmatter: the keys its type's schema
// allows, enum values, ids of other documents for `related` and `affects`, owners, dates.
import documentSchema from '../../schemas/document.schema.json';
import type { BatonConfig } from './config';
import { knownKeys, propertySchema, type DocumentType, type TypeRegistry } from './document-types';
import { frontmatterBlock, frontmatterSpot } from './frontmatter-lines';
import { nextId } from './ids';
import type { KbIndex } from './kb-index';
import { msg } from './message';
import { relative } from './paths';
import type { Message } from './types';

/** Text in both languages of the schemas (`description` and `x-zh`); the edge picks one. */
export interface Localized {
  en?: string;
  zh?: string;
}

export type CompletionKind = 'key' | 'enum' | 'id' | 'owner' | 'date' | 'type' | 'value';

export interface CompletionEntry {
  kind: CompletionKind;
  label: string;
  /** Replaces the text between `start` and `end` (offsets). */
  insertText: string;
  start: number;
  end: number;
  /** Shown next to the label: a title for an id, a value type for a key. */
  detail?: string;
  /** A word for people shown with `detail`, e.g. "required". */
  note?: Message;
  documentation?: Localized;
  sortText: string;
  /** Ask for completions again after inserting (a key whose value has suggestions). */
  retrigger?: boolean;
  preselect?: boolean;
}

export interface CompletionInput {
  text: string;
  offset: number;
  /** The document's own path, to leave its own id out. */
  path: string;
  types: TypeRegistry;
  index: KbIndex;
  config: BatonConfig;
  rootDir: string;
  now: Date;
  /** Owners named in CODEOWNERS, without the leading `@`. */
  codeowners?: readonly string[];
}

/** Keys whose values are ids of other documents. */
export const REFERENCE_KEYS = new Set(['related', 'affects']);
/** Keys whose values name a person or a team. */
export const OWNER_KEYS = new Set(['owner', 'verifier', 'reviewers', 'by', 'person', 'assignee', 'author']);

type Schema = Record<string, unknown>;

export function localized(schema: Schema | undefined): Localized | undefined {
  if (!schema) return undefined;
  const en = typeof schema.description === 'string' ? schema.description : undefined;
  const zh = typeof schema['x-zh'] === 'string' ? schema['x-zh'] : undefined;
  return en || zh ? { en, zh } : undefined;
}

/** A short, language-neutral summary of what a value holds: `P0 | P1`, `date`, `string[]`. */
export function valueSummary(schema: Schema | undefined): string {
  if (!schema) return '';
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (schema.const !== undefined) return String(schema.const);
  if (typeof schema.format === 'string') return schema.format;
  if (schema.type === 'array') {
    const items = schema.items as Schema | undefined;
    return `${valueSummary(items) || 'string'}[]`;
  }
  if (schema.type === 'object') return 'object';
  return typeof schema.type === 'string' ? schema.type : '';
}

/** The document's type, read from the text so it works while the YAML is half typed. */
export function typeOf(text: string, types: TypeRegistry): DocumentType | undefined {
  const block = frontmatterBlock(text);
  if (!block) return undefined;
  for (const line of block.lines) {
    if (line.key === 'type' && line.dashCol === undefined && line.contentCol === 0 && line.colonCol !== undefined) {
      return types.get(line.text.slice(line.colonCol).replace(/[ \t]+#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2'));
    }
  }
  return undefined;
}

/** With no known type, the fields every document has (document.schema.json). */
export const UNTYPED = { name: '', sections: [], schema: {} } as unknown as DocumentType;

export function requiredKeys(type: DocumentType, container: readonly string[]): Set<string> {
  const out = new Set<string>();
  const collect = (schema: Schema | undefined) => {
    if (Array.isArray(schema?.required)) for (const k of schema.required) out.add(String(k));
  };
  if (container.length === 0) {
    collect(type.schema);
    // document.schema.json, reached through allOf/$ref, is shared by every type.
    collect(documentSchema as Schema);
  } else collect(propertySchema(type, container));
  return out;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** YYYY-MM-DD in the host's time zone. */
export function localDate(now: Date): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** ISO 8601 with the host's offset, to the minute: 2026-03-14T09:20:00+08:00. */
export function localDateTime(now: Date): string {
  const offset = -now.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${localDate(now)}T${pad(now.getHours())}:${pad(now.getMinutes())}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Completions at `offset`, or an empty list outside the frontmatter. */
export function frontmatterCompletions(input: CompletionInput): CompletionEntry[] {
  const spot = frontmatterSpot(input.text, input.offset);
  if (!spot) return [];
  const type = typeOf(input.text, input.types) ?? UNTYPED;
  if (spot.kind === 'key') return keyEntries(input, type, spot.container, spot.siblings, spot.start, spot.end, spot.indent, spot.key !== undefined);
  // A blank line under a mapping key (`reviewed:`): its keys, not items.
  if (spot.needsDash) {
    const parent = spot.path.slice(0, -1);
    const parentSchema = propertySchema(type, parent);
    if (parentSchema?.type === 'object' || parentSchema?.properties) return keyEntries(input, type, parent, [], spot.start, spot.end, spot.indent, false);
  }
  const itemSchema = propertySchema(type, spot.path);
  if (spot.item && (itemSchema?.type === 'object' || itemSchema?.properties) && !spot.needsDash) {
    // `- ` in a sequence of mappings: the item's first key.
    return keyEntries(input, type, spot.path, [], spot.start, spot.end, spot.indent, false);
  }
  return valueEntries(input, type, spot.path, spot).map((e) => (spot.needsDash ? { ...e, insertText: `- ${e.insertText}` } : e));
}

function hasValueSuggestions(type: DocumentType, path: string[]): boolean {
  const schema = propertySchema(type, path);
  const key = lastKey(path);
  if (!schema) return false;
  const item = schema.type === 'array' ? (schema.items as Schema | undefined) : schema;
  return Boolean(
    key === 'type' && path.length === 1 ||
      key === 'id' && path.length === 1 ||
      REFERENCE_KEYS.has(key) ||
      OWNER_KEYS.has(key) ||
      Array.isArray(item?.enum) ||
      item?.const !== undefined ||
      item?.type === 'boolean' ||
      item?.format === 'date' ||
      item?.format === 'date-time',
  );
}

function lastKey(path: readonly string[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (!/^\d+$/.test(path[i])) return path[i];
  return '';
}

function keyEntries(input: CompletionInput, type: DocumentType, container: string[], siblings: string[], start: number, end: number, indent: number, renaming: boolean): CompletionEntry[] {
  const required = requiredKeys(type, container);
  const present = new Set(siblings);
  const out: CompletionEntry[] = [];
  knownKeys(type, container).forEach((key, order) => {
    if (present.has(key)) return;
    const schema = propertySchema(type, [...container, key]);
    const isRequired = required.has(key);
    let insertText = key;
    let retrigger = false;
    if (!renaming) {
      const inner = ' '.repeat(indent + 2);
      if (schema?.type === 'array') {
        const item = schema.items as Schema | undefined;
        insertText = `${key}:\n${inner}- `;
        retrigger = hasValueSuggestions(type, [...container, key, '0']) || item?.type === 'object';
      } else if (schema?.type === 'object') {
        insertText = `${key}:\n${inner}`;
        retrigger = true;
      } else {
        insertText = `${key}: `;
        retrigger = hasValueSuggestions(type, [...container, key]);
      }
    }
    out.push({
      kind: 'key',
      label: key,
      insertText,
      start,
      end,
      detail: valueSummary(schema),
      note: isRequired ? msg('required') : undefined,
      documentation: localized(schema),
      sortText: `${isRequired ? 0 : 1}${pad(order, 3)}`,
      retrigger,
      preselect: isRequired && out.every((e) => !e.preselect) ? true : undefined,
    });
  });
  return out;
}

function valueEntries(
  input: CompletionInput,
  type: DocumentType,
  path: string[],
  spot: { start: number; end: number; existing: string[]; item: boolean },
): CompletionEntry[] {
  const { start, end } = spot;
  const key = lastKey(path);
  const topLevel = path.length === 1 || (path.length === 2 && path[1] === '0');
  const schema = propertySchema(type, path);
  const taken = new Set(spot.item ? spot.existing : []);
  const quoted = /["']/.test(input.text[start - 1] ?? '');
  const entry = (kind: CompletionKind, label: string, sort: number, extra: Partial<CompletionEntry> = {}): CompletionEntry => ({
    kind,
    label,
    insertText: label,
    start,
    end,
    sortText: pad(sort, 5),
    ...extra,
  });

  if (key === 'type' && path.length === 1) {
    return input.types.all().map((t, i) => entry('type', t.name, i, { documentation: localized(t.schema), detail: typeof t.schema.title === 'string' ? t.schema.title : undefined }));
  }
  if (key === 'id' && path.length === 1) {
    if (!type.idTemplate) return [];
    const fresh = nextId(type.idTemplate, input.index.allIds(), input.now);
    return [entry('value', fresh, 0, { note: msg('next free id'), preselect: true })];
  }
  if (REFERENCE_KEYS.has(key)) return idEntries(input, taken, entry);
  if (Array.isArray(schema?.enum)) {
    return schema.enum.filter((v) => !taken.has(String(v))).map((v, i) => entry('enum', String(v), i, { documentation: localized(schema), preselect: schema.default === v ? true : undefined }));
  }
  if (schema?.const !== undefined) return [entry('enum', String(schema.const), 0)];
  if (schema?.type === 'boolean') return ['true', 'false'].map((v, i) => entry('enum', v, i));
  if (schema?.format === 'date') return [entry('date', localDate(input.now), 0, { note: msg('today'), preselect: true })];
  if (schema?.format === 'date-time') {
    const now = localDateTime(input.now);
    return [entry('date', now, 0, { insertText: quoted ? now : `"${now}"`, note: msg('now'), preselect: true })];
  }
  if (OWNER_KEYS.has(key)) return ownerEntries(input, taken, entry);
  if (topLevel && spot.item && (schema === undefined || schema.type === 'string' || schema.type === undefined)) {
    // A free list (tags, systems): what other documents use for the same key.
    return usedValues(input.index, path[0], taken).map(([value, count], i) => entry('value', value, i, { note: msg('used in {0} documents', count) }));
  }
  return [];
}

type MakeEntry = (kind: CompletionKind, label: string, sort: number, extra?: Partial<CompletionEntry>) => CompletionEntry;

function idEntries(input: CompletionInput, taken: Set<string>, entry: MakeEntry): CompletionEntry[] {
  const own = input.index.get(input.path)?.id;
  const out: CompletionEntry[] = [];
  const docs = [...input.index.documents()].filter((d) => d.id && d.id !== own && !taken.has(d.id));
  docs.sort((a, b) => (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0));
  docs.forEach((doc, i) => {
    // Several documents may share an id (a unique-id finding); offer it once.
    if (out.length > 0 && out[out.length - 1].label === doc.id) return;
    out.push(
      entry('id', doc.id!, i, {
        detail: doc.title,
        documentation: { en: `${doc.type ?? ''} · ${relative(input.rootDir, doc.path)}`, zh: `${doc.type ?? ''} · ${relative(input.rootDir, doc.path)}` },
      }),
    );
  });
  return out;
}

/** Owners known to the team: config, CODEOWNERS, and those the KB already names, most used first. */
export function knownOwners(config: BatonConfig, index: KbIndex, codeowners: readonly string[] = []): Array<{ name: string; source: 'team' | 'codeowners' | 'kb'; count: number }> {
  const counts = new Map<string, number>();
  for (const doc of index.documents()) {
    const data = doc.frontmatter.data;
    for (const value of [data.owner, data.verifier, ...(Array.isArray(data.reviewers) ? data.reviewers : [])]) {
      if (typeof value === 'string' && value.trim()) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  const out = new Map<string, { name: string; source: 'team' | 'codeowners' | 'kb'; count: number }>();
  for (const name of [...(config.team ?? []), ...Object.keys(config.owners ?? {})]) out.set(name, { name, source: 'team', count: counts.get(name) ?? 0 });
  // A CODEOWNERS handle mapped in config's owners is offered under the name documents use.
  const byHandle = new Map(Object.entries(config.owners ?? {}).map(([name, handle]) => [handle.replace(/^@/, ''), name]));
  for (const handle of codeowners) {
    const name = byHandle.get(handle) ?? handle;
    if (!out.has(name)) out.set(name, { name, source: 'codeowners', count: counts.get(name) ?? 0 });
  }
  for (const [name, count] of counts) if (!out.has(name)) out.set(name, { name, source: 'kb', count });
  return [...out.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

function ownerEntries(input: CompletionInput, taken: Set<string>, entry: MakeEntry): CompletionEntry[] {
  const note = { team: msg('team member'), codeowners: msg('from CODEOWNERS'), kb: undefined };
  return knownOwners(input.config, input.index, input.codeowners)
    .filter((o) => !taken.has(o.name))
    .map((o, i) => entry('owner', o.name, i, { note: o.count > 0 && o.source === 'kb' ? msg('used in {0} documents', o.count) : note[o.source] }));
}

function usedValues(index: KbIndex, key: string, taken: Set<string>): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const doc of index.documents()) {
    const values = doc.frontmatter.data[key];
    if (!Array.isArray(values)) continue;
    for (const v of values) if (typeof v === 'string' && !taken.has(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
