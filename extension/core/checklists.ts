// Checklist progress: task items as a tree, with owners and due dates read from the item
// text, leaf counts rolled up by heading, document, folder and KB, and overdue from "today".
import { dirname } from './paths';
import type { ParsedDocument, Range, TaskItem } from './types';

export interface Progress {
  done: number;
  total: number;
}

export interface ChecklistItem {
  /** Index in the document's `tasks` (and `items`). */
  index: number;
  line: number;
  range: Range;
  /** Offset of the character inside `[ ]` in the document text. */
  checkOffset: number;
  /** The item text without its owner and due markers. */
  text: string;
  /** The item text as parsed, markers included. */
  rawText: string;
  checked: boolean;
  /** Checked, or every child is done. */
  done: boolean;
  depth: number;
  /** Index of the parent item, or -1. */
  parent: number;
  children: number[];
  /** Index in `headings` of the heading the item sits under, or -1. */
  heading: number;
  /** Owner written on the item itself (`@张三`, `@zhang.san`). */
  owner?: string;
  /** Due date written on the item itself, when it is a valid date. */
  due?: string;
  /** The date as written when it is not a valid YYYY-MM-DD date. */
  invalidDue?: string;
  /** Owner of the item or of its nearest ancestor that names one. */
  effectiveOwner?: string;
  /** Own due date, else the nearest ancestor's, else the checklist's frontmatter `due`. */
  effectiveDue?: string;
  dueFrom?: 'item' | 'parent' | 'document';
  /** Open (not done) and the effective due date is before today. */
  overdue: boolean;
  /** Checked while some child is still open. */
  inconsistent: boolean;
  /** Leaves of this item's subtree; a leaf counts itself. */
  progress: Progress;
}

export interface ChecklistSection {
  /** Index in the document's `headings`. */
  heading: number;
  text: string;
  line: number;
  depth: number;
  /** Index in `sections` of the enclosing section, or -1. */
  parent: number;
  /** Leaves under this heading and its subheadings. */
  progress: Progress;
  /** Overdue leaves under this heading and its subheadings. */
  overdue: number;
  /** Top-level items that sit directly under this heading. */
  items: number[];
  /** Sections directly below this one. */
  sections: number[];
}

export interface DocumentChecklist {
  path: string;
  id?: string;
  title: string;
  type?: string;
  /** A `type: checklist` document. */
  isChecklist: boolean;
  /** The frontmatter `due` when it is a valid date and items inherit it. */
  due?: string;
  items: ChecklistItem[];
  /** Headings that hold tasks (directly or in subheadings), in document order; the title heading is the document itself. */
  sections: ChecklistSection[];
  /** Sections not inside another section. */
  topSections: number[];
  /** Top-level items outside every section (before the first heading or right under the title). */
  rootItems: number[];
  progress: Progress;
  /** Overdue leaves. */
  overdue: number;
  /** Open leaves without an owner. */
  unowned: number;
  inconsistent: number;
}

export interface ChecklistOptions {
  /** Today as YYYY-MM-DD, from the injected clock (see localDate). */
  today: string;
  /** Known owners from config: a CJK owner written without a space before the next word is cut to the longest known name. */
  team?: readonly string[];
}

/** Documents that carry their own title and identity (an IndexedDocument has these). */
type ChecklistSource = ParsedDocument & { id?: string; title?: string; type?: string; datedTasks?: boolean };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written as YYYY-MM-DD. */
export function isValidDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/** A date written another common way (2026/12/1, 2026.12.01, 2026-1-5), as YYYY-MM-DD, when it is a real date. */
export function normalizeDate(value: string): string | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(value);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isValidDate(date) ? date : undefined;
}

/** The local calendar date of `now` as YYYY-MM-DD: "today" for overdue checks. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface ItemMeta {
  owner?: string;
  /** Offset of the `@` in the text. */
  ownerAt?: number;
  /** The date as written after `📅` or `due:`. */
  dueText?: string;
  /** Offset of the whole marker (`📅 …` or `due:…`) in the text, and its length. */
  dueAt?: number;
  dueLength?: number;
  /** The text without the owner and due markers, whitespace tidied. */
  text: string;
}

// `@` not preceded by a word character, so `ops@bank.cn` is an address, not an owner.
const OWNER = /(?<![\p{L}\p{N}_.@/-])@([\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?)/u;
// `📅 2026-12-01` or `due:2026-12-01`; the date runs to whitespace or closing punctuation.
const DUE = /(?:📅\uFE0F?[ \t]*|(?<![\p{L}\p{N}_])due:[ \t]*)([^\s，。；、,;)）\]]*)/iu;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** Every text DUE matches contains one of these: a quick test that spares most items the full parse. */
const DUE_HINT = /📅|due:/i;

/**
 * False when no item of the document can have a due date: no item names one and the
 * checklist's frontmatter gives none. Overdue checks run again every day on every document,
 * so they skip these without building the checklist.
 */
export function mayHaveDueDates(doc: ChecklistSource): boolean {
  if (doc.frontmatter.data.due !== undefined) return true;
  return doc.datedTasks ?? hasDatedTasks(doc.tasks);
}

/** Whether an item's text may name a due date (the analysis keeps the answer as `datedTasks`). */
export function hasDatedTasks(tasks: readonly TaskItem[]): boolean {
  return tasks.some((task) => DUE_HINT.test(task.text));
}

/** Reads the owner and due markers of one item's text. */
export function parseItemMeta(text: string, team?: readonly string[]): ItemMeta {
  const meta: ItemMeta = { text };
  const owner = OWNER.exec(text);
  let ownerLength = 0;
  if (owner) {
    let name = owner[1];
    // `@张三负责` cannot say where the name ends; a known name that starts it is the owner.
    if (team && team.length > 0 && CJK.test(name) && !team.includes(name)) {
      const known = team.filter((member) => name.startsWith(member)).sort((a, b) => b.length - a.length)[0];
      if (known) name = known;
    }
    meta.owner = name;
    meta.ownerAt = owner.index;
    ownerLength = name.length + 1;
  }
  const due = DUE.exec(text);
  if (due) {
    meta.dueText = due[1];
    meta.dueAt = due.index;
    meta.dueLength = due[0].length;
  }
  const cuts: Array<[number, number]> = [];
  if (meta.ownerAt !== undefined) cuts.push([meta.ownerAt, meta.ownerAt + ownerLength]);
  if (meta.dueAt !== undefined) cuts.push([meta.dueAt, meta.dueAt + meta.dueLength!]);
  cuts.sort((a, b) => b[0] - a[0]);
  let stripped = text;
  for (const [start, end] of cuts) {
    if (end <= start) continue;
    stripped = stripped.slice(0, start) + ' ' + stripped.slice(end);
  }
  meta.text = stripped.replace(/\s+/g, ' ').trim() || text.trim();
  return meta;
}

/** The title heading: a lone level-1 heading is the document's name, not a section. */
function titleHeading(doc: ParsedDocument): number {
  const ones = doc.headings.filter((h) => h.depth === 1);
  return ones.length === 1 && doc.headings[0].depth === 1 ? 0 : -1;
}

export function buildChecklist(doc: ChecklistSource, options: ChecklistOptions): DocumentChecklist {
  const type = doc.type ?? (typeof doc.frontmatter.data.type === 'string' ? doc.frontmatter.data.type : undefined);
  const isChecklist = type === 'checklist';
  const fmDue = doc.frontmatter.data.due;
  const docDue = isChecklist && typeof fmDue === 'string' && isValidDate(fmDue) ? fmDue : undefined;
  const titleText = doc.title ?? (typeof doc.frontmatter.data.title === 'string' ? doc.frontmatter.data.title : undefined) ?? doc.headings[0]?.text;

  const items: ChecklistItem[] = doc.tasks.map((task, index) => {
    const meta = parseItemMeta(task.text, options.team);
    const item: ChecklistItem = {
      index,
      line: task.range.line,
      range: task.range,
      checkOffset: task.checkOffset,
      text: meta.text,
      rawText: task.text,
      checked: task.checked,
      done: task.checked,
      depth: task.depth,
      parent: task.parent,
      children: [],
      heading: task.heading,
      overdue: false,
      inconsistent: false,
      progress: { done: 0, total: 0 },
    };
    if (meta.owner) item.owner = meta.owner;
    if (meta.dueText !== undefined) {
      if (isValidDate(meta.dueText)) item.due = meta.dueText;
      else item.invalidDue = meta.dueText;
    }
    return item;
  });
  for (const item of items) if (item.parent >= 0) items[item.parent].children.push(item.index);

  // Parents come before their children in document order, so one pass down inherits...
  for (const item of items) {
    const parent = item.parent >= 0 ? items[item.parent] : undefined;
    item.effectiveOwner = item.owner ?? parent?.effectiveOwner;
    if (item.due) {
      item.effectiveDue = item.due;
      item.dueFrom = 'item';
    } else if (parent?.effectiveDue) {
      item.effectiveDue = parent.effectiveDue;
      item.dueFrom = parent.dueFrom === 'document' ? 'document' : 'parent';
    } else if (docDue) {
      item.effectiveDue = docDue;
      item.dueFrom = 'document';
    }
  }
  // ...and one pass up (children after parents, so backwards) counts leaves.
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.children.length === 0) {
      item.progress = { done: item.checked ? 1 : 0, total: 1 };
    } else {
      const progress = { done: 0, total: 0 };
      let allDone = true;
      for (const c of item.children) {
        progress.done += items[c].progress.done;
        progress.total += items[c].progress.total;
        if (!items[c].done) allDone = false;
      }
      item.progress = progress;
      item.done = item.checked || allDone;
      item.inconsistent = item.checked && !allDone;
    }
  }
  for (const item of items) item.overdue = !item.done && item.effectiveDue !== undefined && item.effectiveDue < options.today;

  // Sections: every heading that holds tasks in its own part or below, except the title.
  const title = titleHeading(doc);
  const headingParent = doc.headings.map(() => -1);
  const open: number[] = [];
  doc.headings.forEach((h, i) => {
    while (open.length > 0 && doc.headings[open[open.length - 1]].depth >= h.depth) open.pop();
    headingParent[i] = open.length > 0 ? open[open.length - 1] : -1;
    open.push(i);
  });
  const leafTotals = doc.headings.map(() => ({ done: 0, total: 0, overdue: 0 }));
  const progress: Progress = { done: 0, total: 0 };
  let overdue = 0;
  let unowned = 0;
  let inconsistent = 0;
  for (const item of items) {
    if (item.inconsistent) inconsistent++;
    if (item.children.length > 0) continue;
    progress.total++;
    if (item.checked) progress.done++;
    if (item.overdue) overdue++;
    if (!item.done && !item.effectiveOwner) unowned++;
    for (let h = item.heading; h >= 0 && h !== title; h = headingParent[h]) {
      leafTotals[h].total++;
      if (item.checked) leafTotals[h].done++;
      if (item.overdue) leafTotals[h].overdue++;
    }
  }
  const sections: ChecklistSection[] = [];
  const sectionOf = new Map<number, number>();
  doc.headings.forEach((h, i) => {
    if (i === title || leafTotals[i].total === 0) return;
    let parentHeading = headingParent[i];
    if (parentHeading === title) parentHeading = -1;
    const parent = parentHeading >= 0 ? sectionOf.get(parentHeading) ?? -1 : -1;
    sectionOf.set(i, sections.length);
    sections.push({
      heading: i,
      text: h.text,
      line: h.range.line,
      depth: h.depth,
      parent,
      progress: { done: leafTotals[i].done, total: leafTotals[i].total },
      overdue: leafTotals[i].overdue,
      items: [],
      sections: [],
    });
    if (parent >= 0) sections[parent].sections.push(sections.length - 1);
  });
  const rootItems: number[] = [];
  for (const item of items) {
    if (item.parent >= 0) continue;
    const section = sectionOf.get(item.heading);
    if (section === undefined) rootItems.push(item.index);
    else sections[section].items.push(item.index);
  }

  return {
    path: doc.path,
    id: doc.id ?? (typeof doc.frontmatter.data.id === 'string' ? doc.frontmatter.data.id : undefined),
    title: titleText || doc.path.slice(doc.path.lastIndexOf('/') + 1),
    type,
    isChecklist,
    due: docDue,
    items,
    sections,
    topSections: sections.flatMap((s, i) => (s.parent === -1 ? [i] : [])),
    rootItems,
    progress,
    overdue,
    unowned,
    inconsistent,
  };
}

/** Checklist documents first, then other documents with tasks, each group by path. */
export function orderChecklists(models: DocumentChecklist[]): DocumentChecklist[] {
  return models.sort((a, b) => Number(b.isChecklist) - Number(a.isChecklist) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whole percent, rounded down so that 100% means complete. */
export function percent(progress: Progress): number {
  return progress.total === 0 ? 0 : Math.floor((progress.done / progress.total) * 100);
}

/** `12/30 · 40%`, the way every face shows progress. */
export function formatProgress(progress: Progress): string {
  return `${progress.done}/${progress.total} · ${percent(progress)}%`;
}

export interface Rollup extends Progress {
  overdue: number;
  documents: number;
}

export interface ChecklistRollups {
  /** Across every document given. */
  total: Rollup;
  /** By folder, each counting the documents in it and in its subfolders; keyed by absolute folder path. */
  folders: Map<string, Rollup>;
}

/** Sums documents into the KB total and per-folder totals (up to, and including, `rootDir`). */
export function rollup(checklists: Iterable<DocumentChecklist>, rootDir?: string): ChecklistRollups {
  const total: Rollup = { done: 0, total: 0, overdue: 0, documents: 0 };
  const folders = new Map<string, Rollup>();
  const add = (into: Rollup, c: DocumentChecklist) => {
    into.done += c.progress.done;
    into.total += c.progress.total;
    into.overdue += c.overdue;
    into.documents++;
  };
  for (const c of checklists) {
    if (c.progress.total === 0) continue;
    add(total, c);
    for (let dir = dirname(c.path); ; dir = dirname(dir)) {
      let entry = folders.get(dir);
      if (!entry) folders.set(dir, (entry = { done: 0, total: 0, overdue: 0, documents: 0 }));
      add(entry, c);
      if (dir === rootDir || dirname(dir) === dir || (rootDir !== undefined && !dir.startsWith(rootDir))) break;
    }
  }
  return { total, folders };
}

/** Checklist models of every indexed document with tasks, cached by content hash. */
export class ChecklistCache {
  private readonly models = new Map<string, { hash: string; today: string; model: DocumentChecklist }>();

  constructor(private readonly options: () => ChecklistOptions) {}

  get(doc: ChecklistSource): DocumentChecklist {
    const options = this.options();
    const cached = this.models.get(doc.path);
    if (cached && cached.hash === doc.hash && cached.today === options.today) return cached.model;
    const model = buildChecklist(doc, options);
    this.models.set(doc.path, { hash: doc.hash, today: options.today, model });
    return model;
  }

  delete(path: string): void {
    this.models.delete(path);
  }

  /** Drops models of documents that are no longer indexed. */
  retain(paths: Set<string>): void {
    for (const path of this.models.keys()) if (!paths.has(path)) this.models.delete(path);
  }
}
