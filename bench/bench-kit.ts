// What every benchmark file shares: the result shape of bench/results.json, timing, a seeded generator.

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** > 1 is better than the baseline. */
  ratio: number;
  /** How the baseline was measured, where the name does not say (a subset scaled up, say). */
  note?: string;
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Best wall-clock time of `runs`, garbage collected before each; and the last run's result. */
export async function time<T>(run: () => T | Promise<T>, runs: number): Promise<{ milliseconds: number; result: T }> {
  let best = Infinity;
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    result = undefined;
    gc();
    const start = performance.now();
    result = await run();
    best = Math.min(best, performance.now() - start);
  }
  return { milliseconds: best, result: result as T };
}

export const lowerIsBetter = (name: string, unit: string, value: number, baseline: number): BenchResult => ({ name, value, unit, baseline, ratio: baseline / value });
export const higherIsBetter = (name: string, unit: string, value: number, baseline: number): BenchResult => ({ name, value, unit, baseline, ratio: value / baseline });

export { seeded } from '../test/fixtures/seeded.ts';
