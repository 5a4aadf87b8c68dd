import * as Comlink from 'comlink';
import { ImportNeedsChoice, type ImportProgress, type ImportQuestion } from '../io/format-driver.ts';
import { FORMAT_DRIVERS } from '../io/format-registry.ts';
import { planFiles, planJobs, type ImportJob, type PlannedFile } from '../io/import-plan.ts';
import { ImportError } from '../io/import-report.ts';
import { runImport, type ImportedLayer, type ImportResult } from '../io/run-import.ts';
import { decodeHead } from '../io/text-decoding.ts';

export type ImportOutcome =
  | ({ status: 'done' } & ImportResult)
  | { status: 'question'; question: ImportQuestion }
  | { status: 'failed'; message: string };

async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

function transferables(layers: ImportedLayer[]): ArrayBuffer[] {
  return layers.flatMap(({ data }) => {
    if (data.kind !== 'points') return [];
    const { lon, lat, attributes } = data.columns;
    const columns = [lon.buffer, lat.buffer, ...Object.values(attributes).map((c) => (c.kind === 'dictionary' ? c.codes.buffer : c.values.buffer))];
    return [...columns, ...(data.index ? [data.index] : [])] as ArrayBuffer[];
  });
}

/**
 * Reading files off the main thread. Errors come back as values: comlink would pass an Error's
 * message but drop what a question needs (its options). Cancelling is terminating this worker.
 */
const importWorker = {
  async plan(files: File[]): Promise<{ files: PlannedFile[]; jobs: ImportJob[] }> {
    const heads = await Promise.all(files.map(async (file) => decodeHead(new Uint8Array(await file.slice(0, 8192).arrayBuffer()))));
    const planned = planFiles(
      files.map((file, i) => ({ name: file.name, bytes: file.size, head: heads[i]! })),
      FORMAT_DRIVERS,
    );
    return { files: planned, jobs: planJobs(planned, heads, FORMAT_DRIVERS) };
  },

  async run(files: File[], jobs: ImportJob[], choices: Record<string, string>, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome> {
    try {
      const sources = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: await bytesOf(file) })));
      const result = await runImport(jobs, sources, FORMAT_DRIVERS, { choices, onProgress });
      return Comlink.transfer({ status: 'done', ...result }, transferables(result.layers));
    } catch (error) {
      if (error instanceof ImportNeedsChoice) return { status: 'question', question: error.question };
      if (error instanceof ImportError) return { status: 'failed', message: error.message };
      return { status: 'failed', message: `The import stopped: ${error instanceof Error ? error.message : String(error)}` };
    }
  },
};
export type ImportWorker = typeof importWorker;

Comlink.expose(importWorker);
