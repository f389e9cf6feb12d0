// A handover record as data: its items (from the `## 交接事项` / Items table or task list),
// which controls are done or open, the two parties' signatures, and the state that follows.
import { findSections } from './sections';
import { maskSecretsIn } from './secrets/scan';
import type { ParsedDocument, Range, Table } from './types';

export type Party = 'from' | 'to';
export type HandoverState = 'draft' | 'awaiting-controls' | 'awaiting-sign-off' | 'signed-off';

export interface HandoverItem {
  /** The credential or permission. */
  credential: string;
  /** What is handed over. */
  content: string;
  /** How: encrypted transfer, password reset, sealed storage. */
  channel: string;
  /** The control attached: rotate immediately, split custody, record the handover. */
  control: string;
  done: boolean;
  /** The table row or task item. */
  range: Range;
  source: 'table' | 'task';
}

export interface Signature {
  by: string;
  role: Party;
  at?: string;
  range?: Range;
}

export interface HandoverRecord {
  path: string;
  id?: string;
  title?: string;
  status?: string;
  from: { org?: string; person?: string };
  to: { org?: string; person?: string };
  date?: string;
  /** Where the items section is, if the record has one. */
  itemsSection?: { heading: string; range: Range };
  items: HandoverItem[];
  signatures: Signature[];
  missingParties: Party[];
  state: HandoverState;
}

export const ITEMS_SECTION = { zh: '交接事项', en: 'Items' };

/** Column roles by header, in the order they are tried: "控制已完成" is the done column, not the control. */
const COLUMNS: Array<[keyof Omit<HandoverItem, 'range' | 'source'>, RegExp]> = [
  ['done', /已完成|完成|done|complete|status|状态|执行情况|结果|result/i],
  ['control', /控制|control|措施|measure/i],
  ['channel', /方式|渠道|途径|channel|how|method|transfer/i],
  ['content', /内容|what|handed|交接物|item|content/i],
  ['credential', /凭据|权限|凭证|账号|系统|对象|credential|permission|account|system|asset/i],
];
const ORDER: Array<keyof Omit<HandoverItem, 'range' | 'source'>> = ['credential', 'content', 'channel', 'control', 'done'];

const DONE = /^(?:✅|✔️?|☑️?|√|✓|\[x\]|(?:x|y|yes|done|ok|true|completed?|finished)(?![a-z])|是|完成|已完成|已执行|已落实)/iu;
const OPEN = /^(?:❌|✗|✘|⬜|☐|❎|\[ \]|(?:no?|false|todo|pending|open)(?![a-z])|否|未|待|进行中)/iu;

/** True when a done-column cell says the control is done; empty or anything else is open. */
export function isDoneCell(text: string): boolean {
  const value = text.trim();
  if (value === '' || OPEN.test(value)) return false;
  return DONE.test(value) || (/^已/u.test(value) && !/^已?未/u.test(value));
}

function columnRoles(header: string[]): Map<keyof Omit<HandoverItem, 'range' | 'source'>, number> {
  const roles = new Map<keyof Omit<HandoverItem, 'range' | 'source'>, number>();
  const taken = new Set<number>();
  for (const [role, re] of COLUMNS) {
    const index = header.findIndex((h, i) => !taken.has(i) && re.test(h));
    if (index !== -1) {
      roles.set(role, index);
      taken.add(index);
    }
  }
  // Headers in another wording: fall back to the usual column order.
  if (roles.size < 3) {
    roles.clear();
    ORDER.forEach((role, i) => i < header.length && roles.set(role, i));
  }
  return roles;
}

function itemsFromTable(table: Table): HandoverItem[] {
  const roles = columnRoles(table.header);
  const cell = (cells: string[], role: keyof Omit<HandoverItem, 'range' | 'source'>) => {
    const i = roles.get(role);
    return i === undefined ? '' : maskSecretsIn(cells[i] ?? '');
  };
  return table.rows
    .filter((row) => row.cells.some((c) => c.trim() !== ''))
    .map((row) => ({
      credential: cell(row.cells, 'credential'),
      content: cell(row.cells, 'content'),
      channel: cell(row.cells, 'channel'),
      control: cell(row.cells, 'control'),
      // A table without a done column has no control recorded as done.
      done: roles.has('done') ? isDoneCell(row.cells[roles.get('done')!] ?? '') : false,
      range: row.range,
      source: 'table' as const,
    }));
}

/** "Kubernetes 集群 | kubeconfig | 加密传输 | 立即轮换", or "Vault：root token，控制：分持密钥". */
function itemFromTask(text: string): Omit<HandoverItem, 'done' | 'range' | 'source'> {
  const clean = maskSecretsIn(text.trim());
  const parts = clean.split(/\s*[|｜]\s*/);
  if (parts.length >= 2) return { credential: parts[0] ?? '', content: parts[1] ?? '', channel: parts[2] ?? '', control: parts[3] ?? '' };
  const control = /(?:控制(?:措施)?|control)\s*[:：]\s*([^，,；;。]+)/iu.exec(clean)?.[1]?.trim() ?? '';
  const head = /^([^：:，,—-]+)[：:，,—-]\s*(.*)$/u.exec(clean);
  return { credential: head ? head[1].trim() : clean, content: head ? head[2].replace(/(?:控制(?:措施)?|control)\s*[:：].*$/iu, '').replace(/[，,；;\s]+$/u, '').trim() : '', channel: '', control };
}

function itemsFromTasks(doc: ParsedDocument, headings: ReadonlySet<number>): HandoverItem[] {
  const tasks = doc.tasks;
  const inSection = tasks.map((t) => headings.has(t.heading));
  // An item with sub-steps is done when it and every sub-step are ticked.
  const descendantsDone = (index: number): boolean => tasks.every((t, i) => t.parent !== index || (t.checked && descendantsDone(i)));
  return tasks
    .map((task, i) => ({ task, i }))
    .filter(({ task, i }) => inSection[i] && (task.parent === -1 || !inSection[task.parent]))
    .map(({ task, i }) => ({ ...itemFromTask(task.text), done: task.checked && descendantsDone(i), range: task.range, source: 'task' as const }));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function party(value: unknown): { org?: string; person?: string } {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return { org: text(v.org), person: text(v.person) };
}

/** The handover model of a document of type handover. */
export function handoverRecord(doc: ParsedDocument): HandoverRecord {
  const data = doc.frontmatter.data;
  const [headingIndex] = findSections(doc.headings, [ITEMS_SECTION]);
  let items: HandoverItem[] = [];
  let itemsSection: HandoverRecord['itemsSection'];
  if (headingIndex !== -1) {
    const heading = doc.headings[headingIndex];
    itemsSection = { heading: heading.text, range: heading.range };
    // The section runs to the next heading of its level or higher; its subheadings belong to it.
    const headings = new Set<number>([headingIndex]);
    for (let i = headingIndex + 1; i < doc.headings.length && doc.headings[i].start < heading.sectionEnd; i++) headings.add(i);
    for (const table of doc.tables) if (headings.has(table.heading)) items.push(...itemsFromTable(table));
    items.push(...itemsFromTasks(doc, headings));
    items.sort((a, b) => a.range.line - b.range.line);
  }
  const signatures: Signature[] = [];
  const signed = Array.isArray(data.signed_off) ? data.signed_off : [];
  signed.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object') return;
    const e = entry as Record<string, unknown>;
    if (e.role !== 'from' && e.role !== 'to') return;
    const by = text(e.by);
    if (!by) return;
    signatures.push({ by, role: e.role, at: text(e.at), range: doc.frontmatter.keys[`signed_off.${i}`]?.value });
  });
  const missingParties = (['from', 'to'] as const).filter((p) => !signatures.some((s) => s.role === p));
  const status = text(data.status);
  const state: HandoverState =
    status === 'draft' || status === undefined ? 'draft' : items.some((i) => !i.done) ? 'awaiting-controls' : missingParties.length > 0 ? 'awaiting-sign-off' : 'signed-off';
  return {
    path: doc.path,
    id: text(data.id),
    title: text(data.title) ?? doc.headings[0]?.text,
    status,
    from: party(data.from),
    to: party(data.to),
    date: text(data.date),
    itemsSection,
    items,
    signatures,
    missingParties,
    state,
  };
}

/** Every handover record in a set of documents, by id then path. */
export function handoverRecords(docs: Iterable<ParsedDocument & { type?: string }>): HandoverRecord[] {
  const out: HandoverRecord[] = [];
  for (const doc of docs) {
    if ((doc.type ?? doc.frontmatter.data.type) === 'handover' && !doc.limit) out.push(handoverRecord(doc));
  }
  return out.sort((a, b) => (a.id ?? a.path).localeCompare(b.id ?? b.path));
}
