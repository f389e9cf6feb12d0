// From history, documents and windows to a state per document: every change that makes a
// document due (a commit to covered paths, a change record, a case's resolution) is paired
// with the first update after it, on time or late; the rest are pending or stale.
import type { FreshnessConfig } from '../config';
import type { IndexedDocument } from '../kb-index';
import { msg } from '../message';
import { relative } from '../paths';
import { looksLikePath } from '../rules/unknown-reference';
import { closest } from '../suggest';
import { compileGlob, GlobIndex, isGlob, repoGlob } from './covers';
import { addInterval, addWindow, formatInstant, isWindow, parseInstant, type Instant } from './duration';
import type { HistoryIndex, RepositoryInfo } from './history';
import type { DocumentFreshness, FreshnessChange, FreshnessMetric, FreshnessState } from './types';

export interface ModelInputs {
  documents: Iterable<IndexedDocument>;
  rootDir: string;
  config: FreshnessConfig;
  now: Date;
  history: HistoryIndex;
  repo: RepositoryInfo;
  /** Absolute paths of documents with uncommitted edits (the editor's "being updated"). */
  modified?: ReadonlySet<string>;
  /** Precomputed glob look-ups for this history; made when absent. */
  globs?: GlobIndex;
  /** Commit timelines by document and covers, for this history: editing a document then costs little. */
  timelines?: Map<string, CommitTimeline>;
}

/** What the history says about one document, whatever the time: its updates and the commits that made it due. */
export interface CommitTimeline {
  /** Whose timeline it is: the document's lineage and its covers entries. */
  lineage: number;
  covers: readonly string[];
  first: number;
  updates: Update[];
  events: DueEvent[];
}

export interface Update {
  commit: number;
  ms: number;
}

export interface DueEvent {
  change: FreshnessChange;
  start: Instant;
  dueMs: number;
  /** For commits: position on the branch, so a commit that also updates the document counts. */
  commit?: number;
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : []);

export function coversOf(doc: IndexedDocument): string[] {
  return stringList(doc.frontmatter.data.covers);
}

/** The window for a document: its case severity's, else its type's, else the default. */
export function windowFor(doc: IndexedDocument, config: FreshnessConfig): string {
  const severity = doc.frontmatter.data.severity;
  if (doc.type === 'case' && typeof severity === 'string' && isWindow(config.severities[severity])) return config.severities[severity];
  if (doc.type && isWindow(config.types[doc.type])) return config.types[doc.type];
  return isWindow(config.window) ? config.window : '24h';
}

/** A case whose severity has a window is due that long after it was resolved. */
function resolution(doc: IndexedDocument, config: FreshnessConfig): Instant | undefined {
  const severity = doc.frontmatter.data.severity;
  if (doc.type !== 'case' || typeof severity !== 'string' || !isWindow(config.severities[severity])) return undefined;
  return parseInstant(doc.frontmatter.data.resolved_at);
}

interface ChangeRecord {
  doc: IndexedDocument;
  at: Instant;
  ids: Set<string>;
  paths: string[];
}

function changeRecords(docs: IndexedDocument[]): ChangeRecord[] {
  const out: ChangeRecord[] = [];
  for (const doc of docs) {
    if (doc.type !== 'change') continue;
    const at = parseInstant(doc.frontmatter.data.implemented_at);
    const affects = stringList(doc.frontmatter.data.affects);
    if (!at || affects.length === 0) continue;
    out.push({ doc, at, ids: new Set(affects.filter((a) => !looksLikePath(a))), paths: affects.filter(looksLikePath) });
  }
  return out;
}

/** The `affects` entries of a record that name this document: its id, its own path, or a path its covers match. */
function affectedBy(record: ChangeRecord, doc: IndexedDocument, rel: string, covers: string[]): string[] {
  if (record.doc.path === doc.path) return [];
  const hits: string[] = [];
  if (doc.id && record.ids.has(doc.id)) hits.push(doc.id);
  for (const entry of record.paths) {
    const clean = entry.replace(/^\.?\/+/, '');
    if (clean === rel || covers.some((glob) => glob === entry || compileGlob(glob.replace(/^\.?\/+/, '')).test(clean))) hits.push(entry);
  }
  return hits;
}

/**
 * The records that name a document, with what they name, in record order. Only records with
 * the document's id or with path entries are tried, so 10k documents and 1k change records
 * cost a map look-up each, not ten million comparisons.
 */
function recordsFor(records: ChangeRecord[]): (doc: IndexedDocument, rel: string, covers: string[]) => Array<{ record: ChangeRecord; hits: string[] }> {
  const order = new Map(records.map((r, i) => [r, i]));
  const byId = new Map<string, ChangeRecord[]>();
  for (const record of records) {
    for (const id of record.ids) {
      const list = byId.get(id);
      if (list) list.push(record);
      else byId.set(id, [record]);
    }
  }
  const withPaths = records.filter((r) => r.paths.length > 0);
  return (doc, rel, covers) => {
    const named = doc.id ? byId.get(doc.id) : undefined;
    const candidates = named ? [...new Set([...named, ...withPaths])].sort((a, b) => order.get(a)! - order.get(b)!) : withPaths;
    const out: Array<{ record: ChangeRecord; hits: string[] }> = [];
    for (const record of candidates) {
      const hits = affectedBy(record, doc, rel, covers);
      if (hits.length > 0) out.push({ record, hits });
    }
    return out;
  };
}

/** Documents freshness has something to say about, without git: for deciding whether to run it at all. */
export function trackedDocuments(documents: Iterable<IndexedDocument>, rootDir: string, config: FreshnessConfig): IndexedDocument[] {
  const docs = [...documents];
  const affecting = recordsFor(changeRecords(docs));
  return docs.filter((doc) => {
    if (doc.limit || doc.frontmatter.problem) return false;
    if (coversOf(doc).length > 0 || typeof doc.frontmatter.data.verify_every === 'string' || resolution(doc, config)) return true;
    return affecting(doc, relative(rootDir, doc.path), []).length > 0;
  });
}

const emptyMetric = (): FreshnessMetric => ({ onTime: 0, late: 0, missed: 0, open: 0 });

export function addMetric(into: FreshnessMetric, add: FreshnessMetric): void {
  into.onTime += add.onTime;
  into.late += add.late;
  into.missed += add.missed;
  into.open += add.open;
}

/** Every path the history has seen, for glob matching. */
export function historyGlobs(history: HistoryIndex): GlobIndex {
  return new GlobIndex(history.byPath.keys());
}

/**
 * True for a `covers` entry no path of the history matches: the timeline looks only at matched
 * paths, so such an entry never makes the document due. A negation (`!src/**`) excludes, and
 * covers nothing on its own.
 */
function coversNothing(glob: string, globs: GlobIndex, prefix: string): boolean {
  return glob.trim().startsWith('!') || !globs.matchesAny(prefix, glob);
}

/** For a plain path that matches nothing, the closest file or folder beside it that git knows. */
function closestPath(entry: string, globs: GlobIndex, prefix: string, fromRepo: (path: string) => string): string | undefined {
  const path = repoGlob(prefix, entry);
  if (entry.trim().startsWith('!') || path === '' || isGlob(path)) return undefined;
  const slash = path.lastIndexOf('/');
  const best = closest(path, globs.children(slash === -1 ? '' : path.slice(0, slash)));
  return best === undefined ? undefined : fromRepo(best);
}

/** The document's updates (content commits) and the commits to its covered paths after it was added. */
function commitTimeline(history: HistoryIndex, lineage: number, covers: string[], window: string, globs: GlobIndex, prefix: string, fromRepo: (path: string) => string): CommitTimeline {
  const commits = history.commits;
  const own = history.touches.get(lineage) ?? [];
  const first = own[0]?.commit ?? 0;
  const updates: Update[] = own.filter((t) => t.file.content && t.file.status !== 'D' && !history.boundary.has(t.commit)).map((t) => ({ commit: t.commit, ms: commits[t.commit].ms }));
  const events: DueEvent[] = [];
  if (covers.length === 0) return { lineage, covers, first, updates, events };
  const lineages = new Set<number>();
  for (const glob of covers) {
    for (const path of globs.match(repoGlob(prefix, glob))) for (const l of history.byPath.get(path) ?? []) if (l !== lineage) lineages.add(l);
  }
  const byCommit = new Map<number, Set<string>>();
  for (const l of lineages) {
    for (const touch of history.touches.get(l) ?? []) {
      if (touch.commit <= first || history.boundary.has(touch.commit)) continue;
      let paths = byCommit.get(touch.commit);
      if (!paths) byCommit.set(touch.commit, (paths = new Set()));
      paths.add(fromRepo(touch.file.path));
    }
  }
  for (const [index, paths] of [...byCommit].sort((a, b) => a[0] - b[0])) {
    const c = commits[index];
    const start = { ms: c.ms, offset: c.offset };
    events.push({
      commit: index,
      start,
      dueMs: addWindow(start, window),
      change: { kind: 'commit', ref: c.hash, at: c.at, author: c.author, subject: c.subject, paths: [...paths].sort(), cause: 'covers' },
    });
  }
  return { lineage, covers, first, updates, events };
}

/** The first update at or after a commit on the branch (updates are in branch order). */
function firstUpdateFrom(updates: Update[], commit: number): Update | undefined {
  let lo = 0;
  let hi = updates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (updates[mid].commit < commit) lo = mid + 1;
    else hi = mid;
  }
  return updates[lo];
}

export function computeDocuments(inputs: ModelInputs): DocumentFreshness[] {
  const out: DocumentFreshness[] = [];
  for (const _ of documentsInTurn(inputs, out));
  return out;
}

/**
 * The same, with `pause()` after every `every` documents: in the editor a first computation
 * over 10,000 documents takes a second, and the extension host must go on answering meanwhile.
 */
export async function computeDocumentsInTurns(inputs: ModelInputs, pause: () => Promise<void>, every = 200): Promise<DocumentFreshness[]> {
  const out: DocumentFreshness[] = [];
  let done = 0;
  for (const _ of documentsInTurn(inputs, out)) if (++done % every === 0) await pause();
  return out;
}

/** Adds each tracked document's freshness to `out`, yielding before each document it looks at. */
function* documentsInTurn(inputs: ModelInputs, out: DocumentFreshness[]): Generator<void> {
  const { history, repo, rootDir, config } = inputs;
  const now = inputs.now.getTime();
  const docs = [...inputs.documents];
  const recordsNaming = recordsFor(changeRecords(docs));
  const globs = inputs.globs ?? historyGlobs(history);
  const commits = history.commits;
  // Paths in git are relative to the top level; people read them relative to the KB root.
  const fromRepo = (path: string) => (path.startsWith(repo.prefix) ? path.slice(repo.prefix.length) : relative(`/${repo.prefix}`, `/${path}`));
  const sinceMs = config.since ? Date.parse(config.since) : -Infinity;

  for (const doc of docs) {
    yield;
    if (doc.limit || doc.frontmatter.problem) continue;
    const rel = relative(rootDir, doc.path);
    const covers = coversOf(doc);
    const affecting = recordsNaming(doc, rel, covers);
    const resolved = resolution(doc, config);
    const every = typeof doc.frontmatter.data.verify_every === 'string' ? doc.frontmatter.data.verify_every : undefined;
    if (covers.length === 0 && affecting.length === 0 && !resolved && !every) continue;

    const window = windowFor(doc, config);
    const result: DocumentFreshness = { file: doc.path, id: doc.id, title: doc.title, type: doc.type, state: 'unknown', window, metric: emptyMetric() };
    out.push(result);
    const unmatched = covers.filter((glob) => coversNothing(glob, globs, repo.prefix));
    if (unmatched.length > 0) result.unmatched = unmatched.map((entry) => ({ entry, suggestion: closestPath(entry, globs, repo.prefix, fromRepo) }));

    const lineage = history.atHead.get(repo.prefix + rel);
    if (lineage === undefined) {
      result.reason = msg('Not committed yet: freshness starts with the first commit of the document');
      continue;
    }
    const key = `${lineage}\0${window}\0${covers.join('\0')}`;
    let timeline = inputs.timelines?.get(key);
    if (!timeline) {
      timeline = commitTimeline(history, lineage, covers, window, globs, repo.prefix, fromRepo);
      inputs.timelines?.set(key, timeline);
    }
    const { first, updates } = timeline;
    // At the edge of a shallow clone the document only seems to be added.
    const createdMs = commits[first].ms;
    const events: DueEvent[] = [...timeline.events];
    for (const { record, hits } of affecting) {
      if (record.at.ms > now || record.at.ms < createdMs) continue;
      events.push({
        start: record.at,
        dueMs: addWindow(record.at, window),
        change: { kind: 'record', ref: record.doc.id ?? relative(rootDir, record.doc.path), at: formatInstant(record.at.ms, record.at.offset), paths: hits, cause: 'affects', file: record.doc.path },
      });
    }
    if (resolved && resolved.ms <= now) {
      events.push({
        start: resolved,
        dueMs: addWindow(resolved, window),
        change: { kind: 'record', ref: doc.id ?? rel, at: formatInstant(resolved.ms, resolved.offset), paths: [], cause: 'resolved', file: doc.path },
      });
    }

    const outstanding: DueEvent[] = [];
    for (const event of events) {
      if (event.start.ms < sinceMs) continue; // before the team adopted the rule
      const update = event.commit !== undefined ? firstUpdateFrom(updates, event.commit) : updates.find((u) => u.ms >= event.start.ms);
      if (update) {
        if (update.ms <= event.dueMs) result.metric.onTime++;
        else result.metric.late++;
      } else {
        outstanding.push(event);
        if (now > event.dueMs) result.metric.missed++;
        else result.metric.open++;
      }
    }

    const last = updates[updates.length - 1];
    if (last) result.lastUpdate = { ref: commits[last.commit].hash, at: commits[last.commit].at, ms: last.ms };

    let state: FreshnessState;
    if (outstanding.length > 0) {
      const cause = outstanding.reduce((a, b) => (b.dueMs < a.dueMs ? b : a));
      state = now > cause.dueMs ? 'stale' : 'pending';
      result.change = cause.change;
      result.dueMs = cause.dueMs;
      result.dueAt = formatInstant(cause.dueMs, cause.start.offset);
    } else if (!last) {
      state = 'unknown';
      result.reason = repo.shallow
        ? msg('Unknown in a shallow clone: the last update of the document is older than the history fetched')
        : msg('No commit has changed the content of the document yet');
    } else {
      state = 'fresh';
    }
    result.state = state;

    if (every && last) {
      const since = commits[last.commit];
      const dueMs = addInterval({ ms: since.ms, offset: since.offset }, every);
      if (dueMs !== undefined) {
        const verifier = typeof doc.frontmatter.data.verifier === 'string' ? doc.frontmatter.data.verifier : undefined;
        result.review = { every, verifier, since: since.at, dueMs, dueAt: formatInstant(dueMs, since.offset), due: now > dueMs };
      }
    }
    if (inputs.modified?.has(doc.path) && (state === 'pending' || state === 'stale' || result.review?.due)) result.updating = true;
  }
}
