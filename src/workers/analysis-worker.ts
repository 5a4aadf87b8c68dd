import * as Comlink from 'comlink';
import { prepareAnalysisInputs, registerFigures, type AnalysisInputs, type AnalysisLayer } from '../analysis/site-figures.ts';
import type { PointFilter } from '../analysis/point-filter.ts';
import type { Site } from '../domain/site.ts';

let inputs: AnalysisInputs | null = null;

/**
 * The register as a whole, off the main thread: every site against every crime is the one analysis that
 * grows with the register. The layers are prepared here once, and each register change is counted
 * against them.
 */
const analysisWorker = {
  prepare(layers: AnalysisLayer[], filters: Record<string, PointFilter | undefined>): void {
    inputs = prepareAnalysisInputs(layers, filters);
  },
  registerFigures(register: Site[]): ReturnType<typeof registerFigures> {
    return inputs ? registerFigures(register, inputs) : null;
  },
};
export type AnalysisWorker = typeof analysisWorker;

Comlink.expose(analysisWorker);
