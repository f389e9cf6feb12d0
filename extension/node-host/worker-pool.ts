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
  resolve: (doc: IndexedDocument) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export class WorkerPool implements DocumentSource {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly setup: AnalyzerSetup,
    private readonly fallback: Analyzer,
    size = Math.max(1, Math.min(availableParallelism(), 4)),
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.script, { workerData: this.setup, resourceLimits: { stackSizeMb: 16 } }) };
    slot.worker.unref();
    slot.worker.on('message', (reply: { id: number; doc?: IndexedDocument; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.finish(slot);
      job.resolve(reply.doc ?? this.crashed(job, reply.error ?? 'unknown error'));
    });
    slot.worker.on('error', (error) => this.replace(slot, error.message));
    return slot;
  }

  private crashed(job: Job, reason: string): IndexedDocument {
    return this.fallback.limited(job.path, hashText(job.data), job.data.length, { code: 'crash', message: msg('Markdown could not be parsed: {0}', reason) });
  }

  private replace(slot: Slot, reason: string, timedOut = false): void {
    const job = slot.job;
    this.finish(slot);
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

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    slot.worker.unref();
    queueMicrotask(() => this.pump());
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.replace(slot, 'timeout', true), this.setup.config.parseTimeoutMs);
      slot.worker.postMessage({ id: job.id, path: job.path, data: job.data });
    }
  }

  analyze(path: string, data: Uint8Array | string): Promise<IndexedDocument> {
    if (this.disposed) return Promise.resolve(this.fallback.analyze(path, data));
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, path, data, resolve });
      this.pump();
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
