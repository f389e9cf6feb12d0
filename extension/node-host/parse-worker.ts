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
    // As JSON text, not a cloned object: JSON.parse on the other side shares short strings
    // ("link", rule ids, severities) and the index takes about 15 % less memory.
    parentPort!.postMessage({ id: request.id, json: JSON.stringify(analyzer.analyze(request.path, request.data)) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
