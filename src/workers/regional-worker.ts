import * as Comlink from 'comlink';
import { regionalFit, type RegionalForceInput } from '../analysis/regional-fit.ts';

/**
 * The regional view's figures, off the main thread: every force's sites against every force's crime,
 * with each force's layers projected and indexed again here. The forces are passed whole each time
 * (a few loaded at once), so the worker keeps nothing between calls.
 */
const regionalWorker = {
  regionalFit(forces: RegionalForceInput[]): ReturnType<typeof regionalFit> {
    return regionalFit(forces);
  },
};
export type RegionalWorker = typeof regionalWorker;

Comlink.expose(regionalWorker);
