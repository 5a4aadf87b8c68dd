// One import in a fresh process, to measure the memory it takes at its peak:
//
//   node --expose-gc --import tsx bench/peak-memory.ts columns|naive <file>
//
// prints {"peakBytes", "retainedBytes", "method"} as JSON. The file's bytes are read first and are
// not counted (both ways start from them, as the import worker does); what is counted is the
// growth of the process's resident memory (RSS) above that, at its highest during the import. On
// Linux the kernel's own high-water mark is read (VmHWM in /proc/self/status), reset just before
// the import by writing 5 to /proc/self/clear_refs, so no peak between two samples is missed;
// elsewhere the process's maximum RSS (getrusage) stands in, which counts from process start.
import { readFileSync, writeFileSync } from 'node:fs';
import { policeUkCsvDriver } from '../src/io/police-uk-csv.ts';
import { naivePoliceUkFeatures } from './naive-police-uk.ts';

function statusKilobytes(field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function heapAndBuffers(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const [variant, file] = process.argv.slice(2);
if ((variant !== 'columns' && variant !== 'naive') || !file) throw new Error('usage: peak-memory.ts columns|naive <file>');
const bytes = readFileSync(file);
const run = async (): Promise<unknown> =>
  variant === 'columns'
    ? policeUkCsvDriver.read({ name: 'bench.csv', bytes }, { onProgress() {}, choices: {}, jobState: new Map(), companions: [] })
    : naivePoliceUkFeatures(bytes);

gc();
gc();
const reset = resetHighWaterMark();
const rssBefore = statusKilobytes('VmRSS') ?? process.memoryUsage.rss();
const heapBefore = heapAndBuffers();
const result = await run();
const peak = reset ? (statusKilobytes('VmHWM') ?? 0) : process.resourceUsage().maxRSS * 1024;
gc();
const retainedBytes = heapAndBuffers() - heapBefore;
console.log(
  JSON.stringify({
    peakBytes: peak - rssBefore,
    retainedBytes,
    method: reset ? 'VmHWM after clear_refs' : 'getrusage maxRSS',
    // Keeps the result alive until the retained memory is measured.
    kept: result !== undefined,
  }),
);
