// The review report for a branch, as plain data: what changed and its findings, checklist
// progress against the base, items that fell overdue since, freshness, new cases and the SLA.
// The CLI turns it into Markdown for a pull request's summary, or JSON.
import { buildChecklist, localDate, type ChecklistItem, type DocumentChecklist, type Progress } from '../checklists';
import type { Engine } from '../engine';
import { onTimeRate, type DocumentFreshness, type FreshnessReport } from '../freshness/types';
import type { IndexedDocument } from '../kb-index';
import { basename, extname } from '../paths';
import { slaReport, type SlaCase, type Share } from '../sla/report';
import { SEVERITIES } from '../sla/settings';
import type { Finding, Message } from '../types';
import { findingsCausedBy } from './change-scope';
import type { BaseInfo, ChangeStatus, FileChange } from './git-changes';

/** The teams' target for documentation updated on time. */
export const ON_TIME_TARGET = 0.95;

export interface DocRef {
  /** Absolute path. */
  path: string;
  id?: string;
  title?: string;
  type?: string;
}

export interface ChangedDocument extends DocRef {
  status: ChangeStatus;
  oldPath?: string;
  /** Findings of the document as it is now (none for a deleted one). */
  findings: Finding[];
}

export interface ChecklistDelta extends DocRef {
  /** The file name without its extension, as people call a checklist ("上线检查清单"). */
  name: string;
  /** Leaf items done/total at the base; undefined when the document was not there or had no tasks. */
  before?: Progress;
  after?: Progress;
}

export interface OverdueEntry extends DocRef {
  name: string;
  /** One item, or `count` open items that inherit the checklist's own due date. */
  line: number;
  text?: string;
  count: number;
  due: string;
  owner?: string;
}

export interface ReviewReport {
  base: BaseInfo & { time: string };
  /** When the report was made (ISO 8601). */
  now: string;
  changed: ChangedDocument[];
  /** Findings the changes cause in documents they did not touch. */
  caused: Finding[];
  checklists: ChecklistDelta[];
  checklistTotal: { before: Progress; after: Progress };
  newlyOverdue: OverdueEntry[];
  freshness: {
    available: boolean;
    message?: Message;
    note?: Message;
    stale: DocumentFreshness[];
    pending: DocumentFreshness[];
    onTime: { rate?: number; onTime: number; total: number; target: number };
  };
  newCases: Array<{ severity: string; cases: Array<DocRef & { sla?: SlaCase }> }>;
  sla: { cases: number; response: Share; resolution: Share; responseTarget: number; kbUpdateMissed: number };
}

export interface ReviewInputs {
  engine: Engine;
  base: BaseInfo;
  /** The merge base's commit time, in milliseconds: "today" at the base, for overdue items. */
  baseTime: number;
  changes: FileChange[];
  /** A file's text at the merge base, by its old path. */
  before(path: string): string | undefined;
  now: Date;
  freshness?: FreshnessReport;
}

const MARKDOWN = /\.(?:md|markdown)$/i;

function refOf(doc: IndexedDocument): DocRef {
  const data = doc.frontmatter.data;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { path: doc.path, id: doc.id ?? str(data.id), title: doc.title ?? str(data.title) ?? doc.headings[0]?.text, type: doc.type ?? str(data.type) };
}

const stem = (path: string) => basename(path, extname(path));
const add = (a: Progress, b: Progress | undefined): Progress => ({ done: a.done + (b?.done ?? 0), total: a.total + (b?.total ?? 0) });
const progressOf = (model: DocumentChecklist | undefined) => (model && model.progress.total > 0 ? model.progress : undefined);

/** An item's place in its checklist, by text: the same item at the base and now, even if lines moved. */
function itemKeys(model: DocumentChecklist): string[] {
  const keys: string[] = [];
  model.items.forEach((item, i) => {
    keys[i] = item.parent >= 0 ? `${keys[item.parent]}\u0000${item.text}` : item.text;
  });
  return keys;
}

/** Overdue items now that were not overdue at the base, grouped the way the checklist-overdue rule reports them. */
function newlyOverdue(doc: IndexedDocument, now: DocumentChecklist, base: DocumentChecklist | undefined): OverdueEntry[] {
  const wasOverdue = new Map<string, number>();
  if (base) {
    const keys = itemKeys(base);
    base.items.forEach((item, i) => {
      if (item.overdue) wasOverdue.set(keys[i], (wasOverdue.get(keys[i]) ?? 0) + 1);
    });
  }
  const keys = itemKeys(now);
  const fresh = new Set<number>();
  now.items.forEach((item, i) => {
    if (!item.overdue) return;
    const n = wasOverdue.get(keys[i]) ?? 0;
    if (n > 0) wasOverdue.set(keys[i], n - 1);
    else fresh.add(i);
  });
  const ref = refOf(doc);
  const out: OverdueEntry[] = [];
  let inherited: OverdueEntry | undefined;
  for (const i of fresh) {
    const item: ChecklistItem = now.items[i];
    if (item.dueFrom === 'document') {
      if (item.children.length > 0) continue;
      if (!inherited) out.push((inherited = { ...ref, name: stem(doc.path), line: doc.frontmatter.keys.due?.key.line ?? item.line, count: 0, due: item.effectiveDue! }));
      inherited.count++;
      continue;
    }
    // A sub-item that only inherits its newly overdue parent's date is covered by the parent.
    if (item.dueFrom === 'parent' && fresh.has(item.parent)) continue;
    out.push({ ...ref, name: stem(doc.path), line: item.line, text: item.text, count: 1, due: item.effectiveDue!, owner: item.effectiveOwner });
  }
  return out;
}

/**
 * Builds the report. Findings caused elsewhere come last: finding them puts the base versions
 * back into the engine's index, so the engine is left as the KB was at the base.
 */
export async function buildReviewReport(inputs: ReviewInputs): Promise<ReviewReport> {
  const { engine, changes, now } = inputs;
  const today = localDate(now);
  const baseDay = localDate(new Date(inputs.baseTime));
  const team = engine.config.team;

  const changed: ChangedDocument[] = [];
  const baseDocs = new Map<string, IndexedDocument>();
  for (const c of changes) {
    const oldPath = c.oldPath ?? c.path;
    const current = c.status === 'deleted' ? undefined : engine.index.get(c.path);
    const text = c.status === 'added' ? undefined : inputs.before(oldPath);
    const wasDocument = text !== undefined && MARKDOWN.test(oldPath) && engine.isDocument(oldPath);
    if (!current && !wasDocument) continue;
    let base: IndexedDocument | undefined;
    if (wasDocument) {
      // The base version goes through the same analyzer as the KB, so it is read the same way.
      base = engine.analyzer.analyze(oldPath, text!);
      baseDocs.set(c.path, base);
    }
    const ref = current ? refOf(current) : refOf(base!);
    changed.push({ ...ref, status: c.status, ...(c.oldPath ? { oldPath: c.oldPath } : {}), findings: current ? engine.findings(c.path) : [] });
  }
  changed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const changedPaths = new Set(changed.map((c) => c.path));

  // Checklists: every document with tasks counts toward the totals; changed ones are listed.
  const checklists: ChecklistDelta[] = [];
  const newOverdue: OverdueEntry[] = [];
  let after: Progress = { done: 0, total: 0 };
  let before: Progress = { done: 0, total: 0 };
  for (const doc of engine.index.documents()) {
    if (doc.tasks.length === 0 && !baseDocs.has(doc.path)) continue;
    const nowModel = doc.tasks.length > 0 ? buildChecklist(doc, { today, team }) : undefined;
    const baseDoc = changedPaths.has(doc.path) ? baseDocs.get(doc.path) : doc;
    const baseModel = baseDoc && baseDoc.tasks.length > 0 ? buildChecklist(baseDoc, { today: baseDay, team }) : undefined;
    after = add(after, progressOf(nowModel));
    before = add(before, progressOf(baseModel));
    if (changedPaths.has(doc.path)) {
      const delta = { ...refOf(doc), name: stem(doc.path), before: progressOf(baseModel), after: progressOf(nowModel) };
      if (delta.before?.done !== delta.after?.done || delta.before?.total !== delta.after?.total) checklists.push(delta);
    }
    if (nowModel && nowModel.overdue > 0) newOverdue.push(...newlyOverdue(doc, nowModel, baseModel));
  }
  // Deleted documents' tasks counted at the base only.
  for (const c of changed) {
    if (c.status !== 'deleted') continue;
    const baseDoc = baseDocs.get(c.path);
    const baseModel = baseDoc && baseDoc.tasks.length > 0 ? buildChecklist(baseDoc, { today: baseDay, team }) : undefined;
    if (!baseModel) continue;
    before = add(before, baseModel.progress);
    checklists.push({ ...refOf(baseDoc!), name: stem(c.path), before: baseModel.progress });
  }
  checklists.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  newOverdue.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));

  // Freshness of the whole KB, as of now.
  const fresh = inputs.freshness;
  const docs = fresh?.available ? [...fresh.documents.values()] : [];
  const byDue = (a: DocumentFreshness, b: DocumentFreshness) => (a.dueMs ?? Infinity) - (b.dueMs ?? Infinity) || a.file.localeCompare(b.file);
  const metric = fresh?.metric ?? { onTime: 0, late: 0, missed: 0, open: 0 };

  // New cases: added in this branch (or moved in from outside the KB) and of type case.
  const sla = slaReport(engine.index.documents(), engine.config, now, { freshness: fresh });
  const slaByFile = new Map(sla.severities.flatMap((s) => s.cases.map((c) => [c.file, c] as const)));
  const bySeverity = new Map<string, Array<DocRef & { sla?: SlaCase }>>();
  for (const c of changed) {
    if (c.type !== 'case' || c.status === 'deleted') continue;
    const baseDoc = baseDocs.get(c.path);
    if (baseDoc && refOf(baseDoc).type === 'case') continue;
    const severity = engine.index.get(c.path)?.frontmatter.data.severity;
    const key = typeof severity === 'string' && severity ? severity : '';
    const list = bySeverity.get(key) ?? [];
    list.push({ path: c.path, id: c.id, title: c.title, type: c.type, sla: slaByFile.get(c.path) });
    bySeverity.set(key, list);
  }
  const order = [...SEVERITIES, ...[...bySeverity.keys()].filter((k) => !(SEVERITIES as readonly string[]).includes(k)).sort()];
  const newCases = order.filter((s) => bySeverity.has(s)).map((severity) => ({ severity, cases: bySeverity.get(severity)! }));

  const report: ReviewReport = {
    base: { ...inputs.base, time: new Date(inputs.baseTime).toISOString() },
    now: now.toISOString(),
    changed,
    caused: [],
    checklists,
    checklistTotal: { before, after },
    newlyOverdue: newOverdue,
    freshness: {
      available: fresh?.available ?? false,
      message: fresh && !fresh.available ? fresh.message : undefined,
      note: fresh?.note,
      stale: docs.filter((d) => d.state === 'stale').sort(byDue),
      pending: docs.filter((d) => d.state === 'pending').sort(byDue),
      onTime: { rate: onTimeRate(metric), onTime: metric.onTime, total: metric.onTime + metric.late + metric.missed, target: ON_TIME_TARGET },
    },
    newCases,
    sla: {
      cases: sla.total.cases,
      response: sla.total.response,
      resolution: sla.total.resolution,
      responseTarget: sla.responseTarget,
      kbUpdateMissed: sla.severities.reduce((n, s) => n + s.kbUpdateMissed.length, 0),
    },
  };
  report.caused = await findingsCausedBy(engine, changes, inputs.before);
  return report;
}
