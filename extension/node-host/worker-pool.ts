// A pool of parse workers with a time limit per document. A document that runs over is
// reported as one finding and its worker replaced; the other documents go on.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Analyzer, AnalyzerSetup } from '../core/analyzer';
import type { DocumentSource } from '../core/engine';
import type { IndexedDocument } from '../core/kb-index';
import { msg } from '../core/message';
import { hashText } from '../core/parse-document';

interface Job {
  id: number;
  path: string;
  data: Uint8Array | string;
  urgent: boolean;
  resolve: (doc: IndexedDocument) => void;
}

/**
 * Edits first, in order. Then, with several workers, the largest documents, so a slow one
 * starts early and runs beside the rest; with one worker (the editor) the smallest, so the
 * most documents are indexed soonest and a slow one does not hold up the others.
 */
function before(a: Job, b: Job, largestFirst: boolean): boolean {
  if (a.urgent !== b.urgent) return a.urgent;
  if (a.urgent || a.data.length === b.data.length) return a.id < b.id;
  return a.data.length > b.data.length === largestFirst;
}

/** A binary heap of jobs by `before`. */
class JobQueue {
  private readonly heap: Job[] = [];

  constructor(private readonly largestFirst: boolean) {}

  get length(): number {
    return this.heap.length;
  }

  push(job: Job): void {
    const h = this.heap;
    h.push(job);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent], this.largestFirst)) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  shift(): Job | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m], this.largestFirst)) m = l;
        if (r < h.length && before(h[r], h[m], this.largestFirst)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  drain(): Job[] {
    return this.heap.splice(0);
  }
}

interface Slot {
  worker: Worker;
  /** A new worker loads the engine first; its time limit starts only when it says it is ready. */
  ready: boolean;
  /** Jobs sent to this worker, oldest first: it works on the first, and the time limit runs for that one. */
  jobs: Job[];
  timer?: NodeJS.Timeout;
}

/** The extension parses with one worker, so indexing leaves a core to the editor itself. */
export const EDITOR_WORKERS = 1;

/**
 * Jobs sent to a worker ahead of its replies, so it never sits idle while the main thread
 * gets round to reading its last reply and sending the next document.
 */
const PREFETCH = 3;

export class WorkerPool implements DocumentSource {
  private readonly slots: Slot[] = [];
  private readonly queue: JobQueue;
  private nextId = 1;
  private disposed = false;
  private startFailures = 0;

  constructor(
    private readonly script: string,
    private readonly setup: AnalyzerSetup,
    private readonly fallback: Analyzer,
    private readonly size = Math.max(1, Math.min(availableParallelism(), 4)),
  ) {
    this.queue = new JobQueue(size > 1);
  }

  /**
   * Workers start as documents wait for them, one per waiting document beyond those the
   * starting workers will take, up to the pool's size: a run whose results all come from a
   * cache starts none, and one with a single change starts one.
   */
  private start(): void {
    if (this.disposed) return;
    let starting = 0;
    for (const slot of this.slots) if (!slot.ready) starting++;
    while (this.slots.length < this.size && this.queue.length > starting) {
      this.slots.push(this.spawn());
      starting++;
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.script, { workerData: this.setup, resourceLimits: { stackSizeMb: 16 } }), ready: false, jobs: [] };
    slot.worker.unref();
    slot.worker.on('message', (reply: { id: number; json?: string; error?: string; ready?: boolean }) => {
      if (reply.ready) {
        slot.ready = true;
        this.pump();
        return;
      }
      const job = slot.jobs[0];
      if (!job || job.id !== reply.id) return;
      slot.jobs.shift();
      this.startTimer(slot);
      job.resolve(reply.json !== undefined ? (JSON.parse(reply.json) as IndexedDocument) : this.crashed(job, reply.error ?? 'unknown error'));
      this.pump();
    });
    slot.worker.on('error', (error) => {
      // A worker that cannot even start would be replaced forever: after a few, parse in-process.
      if (!slot.ready && ++this.startFailures >= 3) this.disposed = true;
      this.replace(slot, error.message);
      if (this.disposed) for (const job of this.queue.drain()) job.resolve(this.fallback.analyze(job.path, job.data));
    });
    return slot;
  }

  /** The time limit for the job the worker is on now (the first sent and not yet answered). */
  private startTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    if (slot.jobs.length === 0) {
      slot.worker.unref();
      return;
    }
    slot.worker.ref();
    slot.timer = setTimeout(() => this.replace(slot, 'timeout', true), this.setup.config.parseTimeoutMs);
  }

  private crashed(job: Job, reason: string): IndexedDocument {
    return this.fallback.limited(job.path, hashText(job.data), job.data.length, { code: 'crash', message: msg('Markdown could not be parsed: {0}', reason) });
  }

  /** Ends a worker that ran over or failed: its current job gets one finding, the jobs behind it go back in the queue. */
  private replace(slot: Slot, reason: string, timedOut = false): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    const [job, ...waiting] = slot.jobs;
    slot.jobs = [];
    for (const job of waiting) this.queue.push(job);
    void slot.worker.terminate();
    const index = this.slots.indexOf(slot);
    if (!this.disposed && index !== -1) this.slots[index] = this.spawn();
    if (job) {
      job.resolve(
        timedOut
          ? this.fallback.limited(job.path, hashText(job.data), job.data.length, {
              code: 'timeout',
              message: msg('Parsing took longer than {0} ms and was stopped; the document was not checked', this.setup.config.parseTimeoutMs),
            })
          : this.crashed(job, reason),
      );
    }
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready) continue;
      while (slot.jobs.length < PREFETCH && this.queue.length > 0) {
        const job = this.queue.shift()!;
        slot.jobs.push(job);
        slot.worker.postMessage({ id: job.id, path: job.path, data: job.data });
        if (slot.jobs.length === 1) this.startTimer(slot);
      }
    }
  }

  /** Workers started so far (replacements take their slot). */
  get started(): number {
    return this.slots.length;
  }

  analyze(path: string, data: Uint8Array | string, options?: { urgent?: boolean }): Promise<IndexedDocument> {
    if (this.disposed) return Promise.resolve(this.fallback.analyze(path, data));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, path, data, urgent: options?.urgent === true, resolve });
      this.pump();
      this.start();
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      void slot.worker.terminate();
    }
  }
}
