/**
 * Where to put the next k NRDs: the maximal covering location problem with a privacy cost (issue 9).
 * Choose at most k candidate sites to maximise
 *
 *   (weighted crime covered, each crime once however many chosen sites cover it)
 *   − lambda × (sum of the chosen sites' privacy costs)
 *
 * with no two chosen sites closer than `minSpacingMetres` (British National Grid metres) and no excluded
 * candidate chosen. Crimes an existing NRD already covers come in with weight 0, so they add nothing:
 * the figure is the crime a new site would add to the network, not the crime it would see.
 *
 * Two solvers over the same problem:
 * - `greedyPlacement`: lazy greedy. Covered crime is submodular (a site adds less the more is already
 *   chosen) and the privacy term is fixed per site, so a site's marginal objective only shrinks as
 *   sites are chosen. A bound worked out in an earlier round that, worked out again, is still the
 *   largest is therefore the true best, and most sites are never looked at again. Without spacing or
 *   privacy cost the answer is within 1 − 1/e (63%) of the optimum (Nemhauser, Wolsey and Fisher 1978);
 *   with them that guarantee does not strictly hold, so `exactPlacement` is there to measure the gap.
 * - `exactPlacement`: the same problem as a mixed-integer programme solved by HiGHS, for problems small
 *   enough (`EXACT_LIMITS`) to prove the optimum.
 */

export interface PlacementCandidate {
  id: string;
  easting: number;
  northing: number;
  /** Crime row ids inside this candidate's coverage, ascending. */
  covers: Uint32Array;
  /** Already normalised (the caller's scale); weighed against crime by `lambda`. */
  privacyCost: number;
  excluded: boolean;
}

export interface PlacementProblem {
  candidates: PlacementCandidate[];
  /** Weight per crime row; 0 for crimes an existing NRD already covers. */
  crimeWeights: Float64Array;
  k: number;
  lambda: number;
  /** No two chosen sites strictly closer than this, in grid metres; 0 for no spacing. */
  minSpacingMetres: number;
}

export interface PlacementChoice {
  id: string;
  /** Weighted crime this site covers that no site before it in `chosen` (nor an existing NRD) covers. */
  marginalGain: number;
  privacyCost: number;
}

export interface Placement {
  /** In the order chosen; the marginal gains add up to `covered`. */
  chosen: PlacementChoice[];
  /** covered − lambda × privacy. */
  objective: number;
  /** Weighted crime covered. */
  covered: number;
  /** Sum of the chosen sites' privacy costs (before lambda). */
  privacy: number;
}

/** Above these the MILP is refused: solve times grow too fast to promise an answer; use the greedy. */
export const EXACT_LIMITS = { candidates: 400, weightedCrimes: 50_000 } as const;

/** The objective of choosing these candidates (by index), worked out directly from the definition. */
export function objectiveOf(problem: PlacementProblem, chosenIndexes: readonly number[]): number {
  const { covered, privacy } = coveredAndPrivacy(problem, chosenIndexes);
  return covered - problem.lambda * privacy;
}

function coveredAndPrivacy(problem: PlacementProblem, chosenIndexes: readonly number[]): { covered: number; privacy: number } {
  const seen = new Set<number>();
  let covered = 0;
  let privacy = 0;
  for (const j of new Set(chosenIndexes)) {
    const candidate = problem.candidates[j]!;
    privacy += candidate.privacyCost;
    for (const row of candidate.covers) {
      if (seen.has(row)) continue;
      seen.add(row);
      covered += problem.crimeWeights[row] ?? 0;
    }
  }
  return { covered, privacy };
}

function tooClose(a: PlacementCandidate, b: PlacementCandidate, minSpacingMetres: number): boolean {
  const dx = a.easting - b.easting;
  const dy = a.northing - b.northing;
  return dx * dx + dy * dy < minSpacingMetres * minSpacingMetres;
}

/**
 * Lazy greedy: up to k sites, each the one adding most to the objective given those before it, among
 * those not excluded and not too close to one already chosen. Stops early when no site would add
 * anything (its crime gain no longer outweighs lambda × its privacy cost). Ties go to the lower index.
 */
export function greedyPlacement(problem: PlacementProblem, onProgress?: (done: number, of: number) => void, signal?: AbortSignal): Placement {
  const { candidates, crimeWeights: weights, lambda, minSpacingMetres } = problem;
  const k = Math.max(0, Math.floor(problem.k));
  const covered = new Uint8Array(weights.length);
  const gainOf = (j: number): number => {
    const rows = candidates[j]!.covers;
    let gain = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      if (covered[row] === 0) gain += weights[row] ?? 0;
    }
    return gain;
  };
  const heap = new CandidateHeap(candidates.length);
  // The round (number of sites chosen) each bound was worked out in: a bound from this round is exact.
  const evaluatedAt = new Int32Array(candidates.length);
  for (let j = 0; j < candidates.length; j++) {
    if (candidates[j]!.excluded) continue;
    heap.push(gainOf(j) - lambda * candidates[j]!.privacyCost, j);
  }
  const chosen: PlacementChoice[] = [];
  const chosenSites: PlacementCandidate[] = [];
  let totalCovered = 0;
  let privacy = 0;
  let pops = 0;
  while (chosen.length < k && heap.size > 0) {
    if ((++pops & 1023) === 0) signal?.throwIfAborted();
    const bound = heap.topKey();
    const j = heap.pop();
    const candidate = candidates[j]!;
    if (minSpacingMetres > 0 && chosenSites.some((site) => tooClose(site, candidate, minSpacingMetres))) continue;
    if (evaluatedAt[j] !== chosen.length) {
      evaluatedAt[j] = chosen.length;
      heap.push(gainOf(j) - lambda * candidate.privacyCost, j);
      continue;
    }
    // Fresh and on top: every other bound, and so every other true value, is no larger.
    if (!(bound > 0)) break;
    const gain = gainOf(j);
    for (const row of candidate.covers) covered[row] = 1;
    chosen.push({ id: candidate.id, marginalGain: gain, privacyCost: candidate.privacyCost });
    chosenSites.push(candidate);
    totalCovered += gain;
    privacy += candidate.privacyCost;
    signal?.throwIfAborted();
    onProgress?.(chosen.length, k);
  }
  return { chosen, objective: totalCovered - lambda * privacy, covered: totalCovered, privacy };
}

/** A binary max-heap of (bound, candidate index), larger bound first, then lower index. */
class CandidateHeap {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.ids = new Int32Array(Math.max(1, capacity));
  }

  private above(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka > kb || (ka === kb && this.ids[a]! < this.ids[b]!);
  }

  private swap(a: number, b: number): void {
    const k = this.keys[a]!;
    this.keys[a] = this.keys[b]!;
    this.keys[b] = k;
    const i = this.ids[a]!;
    this.ids[a] = this.ids[b]!;
    this.ids[b] = i;
  }

  push(key: number, id: number): void {
    let at = this.size++;
    this.keys[at] = key;
    this.ids[at] = id;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.above(at, parent)) break;
      this.swap(at, parent);
      at = parent;
    }
  }

  topKey(): number {
    return this.keys[0]!;
  }

  pop(): number {
    const top = this.ids[0]!;
    this.size--;
    if (this.size > 0) {
      this.keys[0] = this.keys[this.size]!;
      this.ids[0] = this.ids[this.size]!;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let best = at;
        if (left < this.size && this.above(left, best)) best = left;
        if (right < this.size && this.above(right, best)) best = right;
        if (best === at) break;
        this.swap(at, best);
        at = best;
      }
    }
    return top;
  }
}

type HighsSolver = Awaited<ReturnType<typeof import('highs')['default']>>;
let solver: Promise<HighsSolver> | undefined;
/**
 * Loaded once, on first use: the WebAssembly module is a few megabytes and only this solver needs it.
 * In a browser build the .wasm file is wherever the bundler put it, so its URL is handed in.
 */
const loadSolver = (wasmUrl?: string): Promise<HighsSolver> =>
  (solver ??= import('highs').then((m) => m.default(wasmUrl ? { locateFile: () => wasmUrl } : {})));

/** A number as the LP file should read it: shortest text that reads back as the same double. */
const lpNumber = (n: number): string => String(n);

/** Terms of a linear expression, a few to a line: the LP format lets an expression run on. */
function lpExpression(terms: string[]): string {
  if (terms.length === 0) return '0 x0';
  const lines: string[] = [];
  for (let t = 0; t < terms.length; t += 8) lines.push(terms.slice(t, t + 8).join(' '));
  return lines.join('\n   ').replace(/^\+ /, '');
}

/**
 * The LP-format model of a problem, and which candidate each x column is. Crimes with weight 0 or that
 * no allowed candidate covers are left out; crimes covered by exactly the same candidates become one y
 * with their weights summed. y need not be declared binary: maximising pushes each y up to
 * min(1, sites covering it), which is 0 or 1 whenever the x are.
 */
function placementModel(problem: PlacementProblem): { lp: string; columns: number[]; crimeGroups: number; spacingPairs: number } {
  const { candidates, crimeWeights: weights, lambda, minSpacingMetres } = problem;
  if (candidates.length > EXACT_LIMITS.candidates) {
    throw new Error(`${candidates.length} candidate sites is too many to solve exactly (at most ${EXACT_LIMITS.candidates}); use the greedy placement instead.`);
  }
  const columns = candidates.flatMap((candidate, j) => (candidate.excluded ? [] : [j]));
  const coveredBy = new Map<number, number[]>();
  columns.forEach((j, x) => {
    for (const row of candidates[j]!.covers) {
      if (!((weights[row] ?? 0) > 0)) continue;
      let list = coveredBy.get(row);
      if (!list) coveredBy.set(row, (list = []));
      if (list.at(-1) !== x) list.push(x);
      if (coveredBy.size > EXACT_LIMITS.weightedCrimes) {
        throw new Error(`The candidates cover more than ${EXACT_LIMITS.weightedCrimes.toLocaleString('en-GB')} crimes with weight, too many to solve exactly; use the greedy placement instead.`);
      }
    }
  });
  const groups = new Map<string, { weight: number; xs: number[] }>();
  for (const [row, xs] of coveredBy) {
    const key = xs.join(',');
    const group = groups.get(key);
    if (group) group.weight += weights[row]!;
    else groups.set(key, { weight: weights[row]!, xs });
  }
  const objective: string[] = [];
  const constraints: string[] = [];
  const bounds: string[] = [];
  let g = 0;
  for (const { weight, xs } of groups.values()) {
    objective.push(`+ ${lpNumber(weight)} y${g}`);
    constraints.push(` c${g}: ${lpExpression([`y${g}`, ...xs.map((x) => `- x${x}`)])} <= 0`);
    bounds.push(` 0 <= y${g} <= 1`);
    g++;
  }
  columns.forEach((j, x) => {
    const cost = lambda * candidates[j]!.privacyCost;
    if (cost !== 0) objective.push(`${cost > 0 ? '-' : '+'} ${lpNumber(Math.abs(cost))} x${x}`);
  });
  if (columns.length > 0) constraints.push(` k: ${lpExpression(columns.map((_, x) => `+ x${x}`))} <= ${Math.max(0, Math.floor(problem.k))}`);
  let spacingPairs = 0;
  if (minSpacingMetres > 0) {
    for (let a = 0; a < columns.length; a++) {
      for (let b = a + 1; b < columns.length; b++) {
        if (tooClose(candidates[columns[a]!]!, candidates[columns[b]!]!, minSpacingMetres)) constraints.push(` s${spacingPairs++}: x${a} + x${b} <= 1`);
      }
    }
  }
  const lp = [
    'Maximize',
    ` obj: ${lpExpression(objective)}`,
    'Subject To',
    ...constraints,
    'Bounds',
    ...bounds,
    ...(columns.length > 0 ? ['Binaries', ...columns.map((_, x) => ` x${x}`)] : []),
    'End',
    '',
  ].join('\n');
  return { lp, columns, crimeGroups: g, spacingPairs };
}

/**
 * The proven optimum, by HiGHS (branch and bound), for problems within `EXACT_LIMITS`; throws an Error
 * saying so above them. `status` is HiGHS's ('Optimal' when proven). The chosen sites are listed in
 * greedy order (each the one adding most given those before it), so the marginal gains read as the
 * greedy's do.
 */
export async function exactPlacement(problem: PlacementProblem, options: { timeLimitSeconds?: number; wasmUrl?: string } = {}): Promise<Placement & { status: string }> {
  const { lp, columns } = placementModel(problem);
  if (columns.length === 0 || problem.k < 1) return { ...ordered(problem, []), status: 'Optimal' };
  const highs = await loadSolver(options.wasmUrl);
  // mip_rel_gap: HiGHS stops at a 0.01% gap by default; the gap to greedy is measured against this.
  const solution = highs.solve(lp, { output_flag: false, mip_rel_gap: 1e-9, ...(options.timeLimitSeconds ? { time_limit: options.timeLimitSeconds } : {}) });
  const status = solution.Status;
  if (status !== 'Optimal' && status !== 'Time limit reached') throw new Error(`The solver could not place the sites: ${status}.`);
  const chosen = columns.filter((_, x) => (solution.Columns[`x${x}`]?.Primal ?? 0) > 0.5);
  return { ...ordered(problem, chosen), status };
}

function ordered(problem: PlacementProblem, chosenIndexes: number[]): Placement {
  const sub: PlacementProblem = {
    ...problem,
    candidates: chosenIndexes.map((j) => problem.candidates[j]!),
    k: chosenIndexes.length,
    minSpacingMetres: 0,
    // Every site the solver chose is kept, even one adding nothing.
    lambda: 0,
  };
  const greedy = greedyPlacement({ ...sub, crimeWeights: problem.crimeWeights });
  const byId = new Map(greedy.chosen.map((c) => [c.id, c]));
  const chosen = [...greedy.chosen, ...sub.candidates.filter((c) => !byId.has(c.id)).map((c) => ({ id: c.id, marginalGain: 0, privacyCost: c.privacyCost }))];
  const { covered, privacy } = coveredAndPrivacy(problem, chosenIndexes);
  return { chosen, objective: covered - problem.lambda * privacy, covered, privacy };
}

/** How far greedy falls short of the optimum, as a share of it: 0 when greedy found the optimum. */
export function greedyGap(greedy: Pick<Placement, 'objective'>, exact: Pick<Placement, 'objective'>): number {
  const shortfall = exact.objective - greedy.objective;
  if (Math.abs(shortfall) <= 1e-9 * Math.max(1, Math.abs(exact.objective))) return 0;
  return shortfall / Math.abs(exact.objective);
}

export interface TradeOffPoint {
  lambda: number;
  covered: number;
  privacy: number;
  sites: number;
}

/**
 * Need covered against privacy cost as lambda runs over `lambdas`, each by the greedy: the curve a
 * planner reads to choose how much privacy a unit of need is worth.
 */
export function tradeOffCurve(problem: PlacementProblem, lambdas: readonly number[], signal?: AbortSignal): TradeOffPoint[] {
  return lambdas.map((lambda) => {
    const placement = greedyPlacement({ ...problem, lambda }, undefined, signal);
    return { lambda, covered: placement.covered, privacy: placement.privacy, sites: placement.chosen.length };
  });
}
