/**
 * One run of the placement optimiser, as the app asks for it: candidates inside the planning area,
 * the problem built from the workspace's layers, the greedy suggestions, the exact optimum when the
 * problem is small enough to prove it, and the need/privacy trade-off over a range of lambda. The
 * problem is kept between runs that only change k, lambda or the spacing, so those answer at once.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { LayerData } from '../domain/layer-data.ts';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import { gridPoints, type CoverageArea } from '../geo/coverage-area.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import { candidatePositions, gridArea, type CandidateSource } from './placement-candidates.ts';
import { EXACT_LIMITS, exactPlacement, greedyGap, greedyPlacement, tradeOffCurve, type Placement, type PlacementProblem, type TradeOffPoint } from './placement-optimiser.ts';
import { planningProblem, type PlanningCandidate, type PlanningOptions, type PlanningProblem } from './placement-problem.ts';
import type { AnalysisInputs } from './site-figures.ts';

export type CandidateSourceChoice =
  | { kind: 'points'; layerId: string }
  | { kind: 'lines'; layerId: string; everyMetres: number }
  | { kind: 'grid'; spacingMetres: number };

/** The planning area: a boundary of a layer (with its place in the list), a shape picked on the map, or a polygon drawn on it. */
export interface PlanningArea {
  label: string;
  geometry: Polygon | MultiPolygon;
  boundaryId?: string;
}

export interface PlacementRequest {
  area: PlanningArea;
  source: CandidateSourceChoice;
  planning: PlanningOptions;
  /** Coverages of the NRDs in operation: the crime they cover is not need. */
  existing: CoverageArea[];
  k: number;
  lambda: number;
  minSpacingMetres: number;
  /** Where the trade-off curve is traced. */
  lambdas: number[];
}

export interface PlacedCandidate extends PlanningCandidate {
  lon: number;
  lat: number;
}

export type ExactOutcome =
  | { kind: 'solved'; placement: Placement & { status: string }; gap: number }
  | { kind: 'skipped'; reason: string };

export interface PlacementPlan {
  candidates: PlacedCandidate[];
  privacyScale: number;
  /** The privacy figures the workspace cannot give: without them the privacy cost leaves them out. */
  privacyLayers: { missing: ('population' | 'traffic')[] };
  greedy: Placement;
  exact: ExactOutcome;
  tradeOff: TradeOffPoint[];
}

export interface PlanLayer {
  id: string;
  name: string;
  data: LayerData;
}

export type PlanStage = 'candidates' | 'coverage' | 'greedy' | 'exact' | 'trade-off';
export type PlanProgress = (stage: PlanStage, done: number, of: number) => void;

/** The last problem built, by what it was built from. */
export interface PlanCache {
  key: string;
  built: PlanningProblem & { candidates: PlacedCandidate[] };
}

/** Past this the exact solver is given up on and the greedy's answer stands alone. */
const EXACT_TIME_LIMIT_SECONDS = 20;

function sourceOf(choice: CandidateSourceChoice, layers: PlanLayer[]): CandidateSource {
  if (choice.kind === 'grid') return choice;
  const layer = layers.find((l) => l.id === choice.layerId);
  if (!layer) throw new Error('The layer chosen for candidates is no longer in the workspace.');
  if (choice.kind === 'points') {
    if (layer.data.kind !== 'points') throw new Error(`${layer.name} is not a point layer: choose it as lines, or another layer.`);
    return { kind: 'points', layerName: layer.name, columns: layer.data.columns, grid: gridPoints(layer.data.index ?? buildPointIndex(layer.data.columns)) };
  }
  if (layer.data.kind !== 'features') throw new Error(`${layer.name} has no lines to place candidates along.`);
  return { kind: 'lines', layerName: layer.name, features: layer.data.features, everyMetres: choice.everyMetres };
}

export async function placementPlan(
  request: PlacementRequest,
  inputs: AnalysisInputs,
  layers: PlanLayer[],
  cache: { current: PlanCache | null },
  onProgress: PlanProgress,
  solver: { wasmUrl?: string } = {},
): Promise<PlacementPlan> {
  const key = JSON.stringify([request.area, request.source, request.planning, request.existing]);
  let built = cache.current?.key === key ? cache.current.built : null;
  if (!built) {
    onProgress('candidates', 0, 1);
    const positions = candidatePositions(gridArea(request.area.geometry), sourceOf(request.source, layers));
    if (positions.length === 0) throw new Error(`No candidate lies inside ${request.area.label}: choose another source of candidates, a finer grid or another area.`);
    // A hundred steps are enough to show; a message per candidate would flood the page.
    const step = Math.max(1, Math.floor(positions.length / 100));
    const problem = planningProblem(inputs, request.existing, positions, request.planning, (done, of) => (done % step === 0 || done === of) && onProgress('coverage', done, of));
    built = { ...problem, candidates: problem.candidates.map((c) => ({ ...c, ...bngToWgs84(c) })) };
    cache.current = { key, built };
  }
  const problem: PlacementProblem = { ...built.problem, k: request.k, lambda: request.lambda, minSpacingMetres: request.minSpacingMetres };
  const greedy = greedyPlacement(problem, (done, of) => onProgress('greedy', done, of));
  onProgress('exact', 0, 1);
  const exact = await exactOutcome(problem, greedy, solver.wasmUrl);
  onProgress('trade-off', 0, request.lambdas.length);
  const tradeOff = tradeOffCurve(problem, request.lambdas);
  const missing = [...(inputs.lsoas ? [] : (['population'] as const)), ...(inputs.traffic ? [] : (['traffic'] as const))];
  return { candidates: built.candidates, privacyScale: built.privacyScale, privacyLayers: { missing }, greedy, exact, tradeOff };
}

async function exactOutcome(problem: PlacementProblem, greedy: Placement, wasmUrl: string | undefined): Promise<ExactOutcome> {
  const allowed = problem.candidates.filter((c) => !c.excluded).length;
  if (allowed > EXACT_LIMITS.candidates) {
    return { kind: 'skipped', reason: `${allowed.toLocaleString('en-GB')} candidates is too many to prove the optimum (at most ${EXACT_LIMITS.candidates}); the suggestions are the greedy's.` };
  }
  try {
    const placement = await exactPlacement(problem, { timeLimitSeconds: EXACT_TIME_LIMIT_SECONDS, ...(wasmUrl ? { wasmUrl } : {}) });
    return { kind: 'solved', placement, gap: greedyGap(greedy, placement) };
  } catch (error) {
    return { kind: 'skipped', reason: error instanceof Error ? error.message : String(error) };
  }
}
