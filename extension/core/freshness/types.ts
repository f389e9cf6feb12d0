// What freshness says about each document, as plain data for the rules, the CLI and the editor.
import type { Message } from '../types';

export type FreshnessState = 'fresh' | 'pending' | 'stale' | 'unknown';

/** The change that makes a document due: a commit on the branch, or a record's own time. */
export interface FreshnessChange {
  kind: 'commit' | 'record';
  /** The commit hash, or the id of the change record (or of the case itself, for its resolution). */
  ref: string;
  /** When it happened, ISO 8601 with the offset it was made in. */
  at: string;
  author?: string;
  subject?: string;
  /** Covered paths the commit touched (relative to the KB root), or the `affects` entries that name the document. */
  paths: string[];
  /** Why it counts: a commit to covered paths, a change record's `affects`, or a case's `resolved_at`. */
  cause: 'covers' | 'affects' | 'resolved';
  /** Absolute path of the change record or case, for records. */
  file?: string;
}

export interface FreshnessMetric {
  /** Changes followed by an update within their window. */
  onTime: number;
  /** Changes updated, but after their window. */
  late: number;
  /** Changes past their window with no update. */
  missed: number;
  /** Changes still within their window with no update (not counted in the rate). */
  open: number;
}

export interface ReviewState {
  /** The `verify_every` interval, as written. */
  every: string;
  verifier?: string;
  /** The last update (or committed acknowledgement) the interval runs from. */
  since: string;
  dueAt: string;
  dueMs: number;
  due: boolean;
}

export interface DocumentFreshness {
  /** Absolute path, forward slashes. */
  file: string;
  id?: string;
  title?: string;
  type?: string;
  state: FreshnessState;
  /** For pending and stale: the change with the earliest due time. */
  change?: FreshnessChange;
  dueAt?: string;
  dueMs?: number;
  /** The window that applies, as written in config ("24h", "48h", "2bd"). */
  window: string;
  /** Why the state is unknown. */
  reason?: Message;
  /** The last commit that changed the document's content. */
  lastUpdate?: { ref: string; at: string; ms: number };
  /** In the editor: uncommitted edits made after the change ("being updated"). */
  updating?: boolean;
  review?: ReviewState;
  /**
   * `covers` entries, as written, that match no path on the branch's history, now or earlier
   * (a typo, a path not committed yet, or a negation): no change to them can make the document due.
   */
  unmatched?: Array<{ entry: string; suggestion?: string }>;
  metric: FreshnessMetric;
}

export interface FreshnessReport {
  /** False outside a repository, without git, or in an untrusted workspace: `message` says which. */
  available: boolean;
  message?: Message;
  /** A shallow clone: older history is missing, and `note` says what to do. */
  shallow: boolean;
  note?: Message;
  head?: string;
  computedMs: number;
  /** Documents with something to keep fresh (covers, affected by a record, a due case, verify_every), by path. */
  documents: Map<string, DocumentFreshness>;
  metric: FreshnessMetric;
}

/** The share of changes updated on time, or undefined when no change has come due yet. */
export function onTimeRate(metric: FreshnessMetric): number | undefined {
  const total = metric.onTime + metric.late + metric.missed;
  return total === 0 ? undefined : metric.onTime / total;
}
