// A worker thread that parses documents and runs the file rules, so a pathological
// document can be stopped by terminating the worker, and both cores are used.
import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer, type AnalyzerSetup } from '../core/analyzer';

export interface WorkerRequest {
  id: number;
  path: string;
  data: Uint8Array | string;
}

const analyzer = new Analyzer(workerData as AnalyzerSetup);
parentPort!.postMessage({ ready: true });
parentPort!.on('message', (request: WorkerRequest) => {
  try {
    parentPort!.postMessage({ id: request.id, doc: analyzer.analyze(request.path, request.data) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
