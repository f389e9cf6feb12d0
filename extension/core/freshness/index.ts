// Freshness for an engine: reads git through the host (only when some document needs it),
// computes every document's state, and hands the report to the engine for the rules.
import type { Engine } from '../engine';
import type { GitHost } from '../host';
import { msg } from '../message';
import { compileGlob, repoGlob, type GlobIndex } from './covers';
import { HistoryLoader, type HistoryIndex, type HistoryResult, type HistoryStore } from './history';
import { addMetric, computeDocuments, computeDocumentsInTurns, historyGlobs, trackedDocuments, type CommitTimeline, type ModelInputs } from './model';
import type { FreshnessReport } from './types';
import { uncommittedEdits } from './working-tree';

export * from './types';
export { fileHistoryStore, type HistoryStore } from './history';

export interface FreshnessOptions {
  /** The time to judge by; the host's clock by default. */
  now?: Date;
  /** Ask git again (HEAD may have moved). Without it the last history read is reused, if any. */
  fetch?: boolean;
  /** Count uncommitted edits as "being updated": in the editor, never in CI. */
  workingTree?: boolean;
  /** Documents with unsaved edits in the editor, also "being updated". */
  editing?: ReadonlySet<string>;
  /** Why there is no git, when the caller knows better (an untrusted workspace). */
  noGitMessage?: FreshnessReport['message'];
  /** Called every couple of hundred documents while the freshness is computed (the editor gives the event loop a turn). */
  pause?: () => Promise<void>;
}

const SHALLOW_NOTE = msg(
  'This is a shallow clone, so changes older than the fetched history are not seen. Fetch the whole history: in GitHub Actions set "fetch-depth: 0" on actions/checkout, or run "git fetch --unshallow".',
);

/** Keeps the history of one repository between refreshes; one per engine. */
export class FreshnessTracker {
  private loader?: HistoryLoader;
  private result?: HistoryResult;
  private prefetched?: Promise<HistoryResult>;
  private globs?: { history: HistoryIndex; index: GlobIndex; timelines: Map<string, CommitTimeline> };
  private modified = new Set<string>();

  constructor(
    private git: GitHost | undefined,
    private readonly rootDir: string,
    private readonly store?: HistoryStore,
  ) {
    if (git) this.loader = new HistoryLoader(git, rootDir, store);
  }

  /** Git became usable (e.g. the workspace was trusted), or stopped being so. */
  setGit(git: GitHost | undefined): void {
    this.git = git;
    this.loader = git ? new HistoryLoader(git, this.rootDir, this.store) : undefined;
    this.result = undefined;
  }

  get hasGit(): boolean {
    return this.git !== undefined;
  }

  /** The last history read, and how much of it came from the cache. */
  get lastRead(): HistoryResult | undefined {
    return this.result;
  }

  /** The history last read. */
  get history(): HistoryIndex | undefined {
    return this.result?.ok ? this.result.history : undefined;
  }

  /**
   * Starts reading the history now, before the documents are known (the CLI reads them
   * meanwhile, while git runs on the other core); the next compute with `fetch` takes it.
   */
  prefetch(roots: readonly string[]): void {
    if (this.loader && !this.prefetched) this.prefetched = this.loader.load(roots);
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Computes the report; calls run one at a time, so two refreshes never read git at once. */
  compute(engine: Engine, options: FreshnessOptions = {}): Promise<FreshnessReport> {
    const next = this.queue.then(() => this.computeNow(engine, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async computeNow(engine: Engine, options: FreshnessOptions): Promise<FreshnessReport> {
    const now = options.now ?? engine.host.clock.now();
    const tracked = trackedDocuments(engine.index.documents(), engine.rootDir, engine.config.freshness);
    const report: FreshnessReport = { available: true, shallow: false, computedMs: now.getTime(), documents: new Map(), metric: { onTime: 0, late: 0, missed: 0, open: 0 } };
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    if (tracked.length === 0) return report;
    if (!this.git || !this.loader) {
      report.available = false;
      report.message = options.noGitMessage ?? msg('Freshness is not checked: git is not available here');
      return report;
    }
    if (prefetched && (options.fetch || !this.result)) this.result = await prefetched;
    else if (options.fetch || !this.result) this.result = await this.loader.load(engine.config.roots);
    const result = this.result;
    if (!result.ok) {
      report.available = false;
      report.message = result.message;
      return report;
    }
    report.head = result.history.head;
    report.shallow = result.repo.shallow;
    if (report.shallow) report.note = SHALLOW_NOTE;
    if (this.globs?.history !== result.history) {
      // HEAD moved forward: keep the path index and the timelines that no new commit touches.
      const previous = this.globs?.history.serial === result.history.extended ? this.globs : undefined;
      this.globs = {
        history: result.history,
        index: previous && !result.history.newNames ? previous.index : historyGlobs(result.history),
        timelines: previous ? untouchedTimelines(previous.timelines, result.history, result.repo.prefix) : new Map(),
      };
    }

    if (options.workingTree && options.fetch) {
      try {
        this.modified = await uncommittedEdits(this.git, this.rootDir, result.repo.prefix, tracked.map((d) => d.path));
      } catch {
        this.modified = new Set();
      }
    }
    const modified = new Set<string>(options.workingTree ? this.modified : []);
    for (const path of options.editing ?? []) modified.add(path);

    const inputs: ModelInputs = {
      documents: engine.index.documents(),
      rootDir: engine.rootDir,
      config: engine.config.freshness,
      now,
      history: result.history,
      repo: result.repo,
      modified,
      globs: this.globs.index,
      timelines: this.globs.timelines,
    };
    const docs = options.pause ? await computeDocumentsInTurns(inputs, options.pause) : computeDocuments(inputs);
    for (const doc of docs) {
      report.documents.set(doc.file, doc);
      addMetric(report.metric, doc.metric);
    }
    return report;
  }
}

/**
 * The timelines the commits just added cannot change: those of documents whose own file and
 * covered files (under any name they had) none of the new commits touched.
 */
function untouchedTimelines(timelines: Map<string, CommitTimeline>, history: HistoryIndex, prefix: string): Map<string, CommitTimeline> {
  const names = new Set<string>();
  for (const lineage of history.touched) {
    for (const touch of history.touches.get(lineage) ?? []) {
      names.add(touch.file.path);
      if (touch.file.from !== undefined) names.add(touch.file.from);
    }
  }
  const hit = new Map<string, boolean>();
  const touchedBy = (glob: string) => {
    let result = hit.get(glob);
    if (result === undefined) {
      const pattern = repoGlob(prefix, glob);
      // An empty pattern (covers ".") is the whole repository.
      const test = pattern ? compileGlob(pattern).test : () => true;
      result = false;
      for (const name of names) if (test(name)) result = true;
      hit.set(glob, result);
    }
    return result;
  };
  const kept = new Map<string, CommitTimeline>();
  for (const [key, timeline] of timelines) {
    if (history.touched.has(timeline.lineage) || timeline.covers.some(touchedBy)) continue;
    kept.set(key, timeline);
  }
  return kept;
}

const trackers = new WeakMap<Engine, FreshnessTracker>();

/** The engine's tracker, made on first use with the host's git (and a store, if given then). */
export function trackerFor(engine: Engine, store?: HistoryStore): FreshnessTracker {
  let tracker = trackers.get(engine);
  if (!tracker) trackers.set(engine, (tracker = new FreshnessTracker(engine.host.git, engine.rootDir, store)));
  return tracker;
}

/** Computes freshness and gives it to the engine, so the `stale` and `pending` rules can report. */
export async function updateFreshness(engine: Engine, options: FreshnessOptions & { store?: HistoryStore } = {}): Promise<FreshnessReport> {
  const report = await trackerFor(engine, options.store).compute(engine, options);
  engine.freshness = report;
  return report;
}
