import { describe, expect, it } from 'vitest';
import { seeded } from '../../test/fixtures/seeded.ts';
import { exactPlacement, greedyGap, greedyPlacement, objectiveOf, tradeOffCurve, type PlacementCandidate, type PlacementProblem } from './placement-optimiser.ts';

const site = (id: string, covers: number[], options: Partial<PlacementCandidate> = {}): PlacementCandidate => ({
  id,
  easting: 0,
  northing: 0,
  covers: Uint32Array.from(covers),
  privacyCost: 0,
  excluded: false,
  ...options,
});

const problem = (candidates: PlacementCandidate[], weights: number[], options: Partial<PlacementProblem> = {}): PlacementProblem => ({
  candidates,
  crimeWeights: Float64Array.from(weights),
  k: 2,
  lambda: 0,
  minSpacingMetres: 0,
  ...options,
});

const ids = (p: { chosen: { id: string }[] }) => p.chosen.map((c) => c.id).sort();
const indexesOf = (pr: PlacementProblem, p: { chosen: { id: string }[] }) => p.chosen.map((c) => pr.candidates.findIndex((s) => s.id === c.id));

// Six crimes of weight 1. A covers 1-4 (4 crimes), B covers 0-2 (3), C covers 3-5 (3).
// Greedy takes A first (4), then B or C adds one crime each: 5. The optimum for k = 2 is B + C, all six: 6.
const counterexample = () => problem([site('A', [1, 2, 3, 4]), site('B', [0, 1, 2]), site('C', [3, 4, 5])], [1, 1, 1, 1, 1, 1]);

describe('greedyPlacement and exactPlacement on instances worked out by hand', () => {
  it('greedy takes the biggest site first and misses the optimum; exact finds it', async () => {
    const p = counterexample();
    const greedy = greedyPlacement(p);
    expect(ids(greedy)).toEqual(['A', 'B']); // A (4), then B and C tie at 1: the lower index
    expect(greedy.chosen.map((c) => c.marginalGain)).toEqual([4, 1]);
    expect(greedy.objective).toBe(5);
    const exact = await exactPlacement(p);
    expect(exact.status).toBe('Optimal');
    expect(ids(exact)).toEqual(['B', 'C']);
    expect(exact.objective).toBe(6);
    expect(exact.covered).toBe(6);
    expect(greedyGap(greedy, exact)).toBeCloseTo(1 / 6, 12);
    expect(objectiveOf(p, indexesOf(p, exact))).toBe(6);
  });

  it('keeps chosen sites at least the spacing apart', async () => {
    // P (0,0) covers 0-2, Q (100 m east) covers 3-5, R (1 km east) covers 6. Without spacing P + Q = 6;
    // with 200 m spacing P and Q cannot both be chosen, so the best is P + R (or Q + R) = 4.
    const p = problem(
      [site('P', [0, 1, 2]), site('Q', [3, 4, 5], { easting: 100 }), site('R', [6], { easting: 1000 })],
      [1, 1, 1, 1, 1, 1, 1],
      { minSpacingMetres: 200 },
    );
    expect(greedyPlacement({ ...p, minSpacingMetres: 0 }).objective).toBe(6);
    const greedy = greedyPlacement(p);
    expect(ids(greedy)).toEqual(['P', 'R']);
    expect(greedy.objective).toBe(4);
    const exact = await exactPlacement(p);
    expect(exact.objective).toBe(4);
    expect(ids(exact)).toContain('R');
    // Exactly the spacing apart is allowed: only closer is forbidden.
    expect(greedyPlacement({ ...p, minSpacingMetres: 100 }).objective).toBe(6);
    expect((await exactPlacement({ ...p, minSpacingMetres: 100 })).objective).toBe(6);
  });

  it('never chooses an excluded candidate', async () => {
    // The counterexample with B excluded: from A and C, A + C covers 1-5 = 5, the optimum.
    const p = counterexample();
    p.candidates[1]!.excluded = true;
    expect(ids(greedyPlacement(p))).toEqual(['A', 'C']);
    const exact = await exactPlacement(p);
    expect(ids(exact)).toEqual(['A', 'C']);
    expect(exact.objective).toBe(5);
  });

  it('chooses fewer than k sites when the privacy cost outweighs the crime a site adds', async () => {
    // lambda 4. A covers 0-2 (3) at cost 0.1: 3 − 0.4 = 2.6. B covers 3 (1) at cost 0.5: 1 − 2 = −1.
    // C covers nothing at cost 0.01: −0.04. With k = 3 the optimum is A alone: 2.6.
    const p = problem([site('A', [0, 1, 2], { privacyCost: 0.1 }), site('B', [3], { privacyCost: 0.5 }), site('C', [], { privacyCost: 0.01 })], [1, 1, 1, 1], {
      k: 3,
      lambda: 4,
    });
    const greedy = greedyPlacement(p);
    expect(ids(greedy)).toEqual(['A']);
    expect(greedy.objective).toBeCloseTo(2.6, 12);
    expect(greedy.privacy).toBeCloseTo(0.1, 12);
    const exact = await exactPlacement(p);
    expect(ids(exact)).toEqual(['A']);
    expect(exact.objective).toBeCloseTo(2.6, 9);
    // With lambda 0.5 B is worth it (1 − 0.25) and C still is not (−0.005): 2.95 + 0.75 = 3.7.
    expect((await exactPlacement({ ...p, lambda: 0.5 })).objective).toBeCloseTo(3.7, 9);
    expect(greedyPlacement({ ...p, lambda: 0.5 }).objective).toBeCloseTo(3.7, 12);
  });

  it('traces need against privacy over lambda: sites drop out as privacy weighs more', () => {
    // The instance above: A (3 crimes, cost 0.1), B (1 crime, cost 0.5), C (none, cost 0.01).
    // lambda 0: A and B (C adds nothing, so it is not taken); B is dropped once lambda x 0.5 >= 1, A once lambda x 0.1 >= 3.
    const p = problem([site('A', [0, 1, 2], { privacyCost: 0.1 }), site('B', [3], { privacyCost: 0.5 }), site('C', [], { privacyCost: 0.01 })], [1, 1, 1, 1], { k: 3 });
    const curve = tradeOffCurve(p, [0, 1, 2, 29, 31]);
    expect(curve.map((point) => [point.lambda, point.covered, point.sites])).toEqual([
      [0, 4, 2],
      [1, 4, 2],
      [2, 3, 1],
      [29, 3, 1],
      [31, 0, 0],
    ]);
    expect(curve[0]!.privacy).toBeCloseTo(0.6, 12);
  });

  it('counts nothing for crimes an existing NRD already covers (weight 0), and weighs the rest', async () => {
    // A covers 0-2, but 0 and 1 are already covered (weight 0), so A adds 1.5 (crime 2).
    // B covers 3 and 4 at weights 1 and 0.75: 1.75. For k = 1 the optimum is B: 1.75.
    const p = problem([site('A', [0, 1, 2]), site('B', [3, 4])], [0, 0, 1.5, 1, 0.75], { k: 1 });
    const greedy = greedyPlacement(p);
    expect(ids(greedy)).toEqual(['B']);
    expect(greedy.covered).toBe(1.75);
    const exact = await exactPlacement(p);
    expect(ids(exact)).toEqual(['B']);
    expect(exact.objective).toBe(1.75);
    // Every crime already covered: nothing to add, nothing chosen.
    const none = problem(p.candidates, [0, 0, 0, 0, 0], { k: 1 });
    expect(greedyPlacement(none).chosen).toEqual([]);
    expect((await exactPlacement(none)).objective).toBe(0);
  });

  it('refuses problems too big to solve exactly, with a message saying what to do', async () => {
    const many = problem(
      Array.from({ length: 401 }, (_, j) => site(`S${j}`, [j])),
      Array.from({ length: 401 }, () => 1),
    );
    await expect(exactPlacement(many)).rejects.toThrow(/too many.*greedy/);
    const crimes = 50_001;
    const wide = problem([site('A', Array.from({ length: crimes }, (_, i) => i))], Array.from({ length: crimes }, () => 1));
    await expect(exactPlacement(wide)).rejects.toThrow(/50,000 crimes.*greedy/);
  });

  it('reports progress and stops when aborted', () => {
    const p = counterexample();
    const progress: [number, number][] = [];
    greedyPlacement(p, (done, of) => progress.push([done, of]));
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    const controller = new AbortController();
    expect(() =>
      greedyPlacement(p, () => {
        controller.abort();
      }, controller.signal),
    ).toThrow();
  });
});


/** 12 candidates on a 1 km square, each covering a random handful of 40 crimes of weight 0 to 3. */
function randomInstance(random: () => number, options: Partial<PlacementProblem>): PlacementProblem {
  const crimes = 40;
  const weights = Float64Array.from({ length: crimes }, () => (random() < 0.15 ? 0 : Math.round(random() * 300) / 100));
  const candidates = Array.from({ length: 12 }, (_, j) => {
    const covers = new Set<number>();
    const size = 2 + Math.floor(random() * 10);
    while (covers.size < size) covers.add(Math.floor(random() * crimes));
    return site(`S${j}`, [...covers].sort((a, b) => a - b), { easting: random() * 1000, northing: random() * 1000, privacyCost: random(), excluded: random() < 0.1 });
  });
  return { candidates, crimeWeights: weights, k: 1 + Math.floor(random() * 4), lambda: 0, minSpacingMetres: 0, ...options };
}

describe('greedy against exact on random small instances', () => {
  it('greedy is within 1 − 1/e of the optimum when only the number of sites is limited (20 instances)', async () => {
    // The guarantee of Nemhauser, Wolsey and Fisher: a monotone submodular objective (weighted
    // coverage, lambda 0) under a cardinality limit; exclusions only shrink the candidate set.
    const random = seeded(9);
    for (let n = 0; n < 20; n++) {
      const p = randomInstance(random, {});
      const greedy = greedyPlacement(p);
      const exact = await exactPlacement(p);
      expect(exact.status).toBe('Optimal');
      expect(greedy.objective).toBeCloseTo(objectiveOf(p, indexesOf(p, greedy)), 9);
      expect(exact.objective).toBeCloseTo(objectiveOf(p, indexesOf(p, exact)), 9);
      expect(greedy.objective).toBeLessThanOrEqual(exact.objective + 1e-9);
      expect(greedy.objective).toBeGreaterThanOrEqual((1 - 1 / Math.E) * exact.objective - 1e-9);
      expect(greedyGap(greedy, exact)).toBeLessThanOrEqual(1 / Math.E);
      expect(greedy.chosen.reduce((s, c) => s + c.marginalGain, 0)).toBeCloseTo(greedy.covered, 9);
    }
  });

  it('with privacy cost and spacing, exact is feasible and no worse than greedy, and objectiveOf agrees (20 instances)', async () => {
    const random = seeded(2026);
    for (let n = 0; n < 20; n++) {
      const p = randomInstance(random, { lambda: 1 + random() * 3, minSpacingMetres: 250 });
      const greedy = greedyPlacement(p);
      const exact = await exactPlacement(p);
      for (const placement of [greedy, exact]) {
        const chosen = indexesOf(p, placement);
        expect(placement.objective).toBeCloseTo(objectiveOf(p, chosen), 9);
        expect(chosen.length).toBeLessThanOrEqual(p.k);
        for (const j of chosen) expect(p.candidates[j]!.excluded).toBe(false);
        for (const a of chosen) for (const b of chosen) if (a < b) expect(Math.hypot(p.candidates[a]!.easting - p.candidates[b]!.easting, p.candidates[a]!.northing - p.candidates[b]!.northing)).toBeGreaterThanOrEqual(250);
      }
      expect(greedy.objective).toBeLessThanOrEqual(exact.objective + 1e-9);
      expect(exact.objective).toBeGreaterThanOrEqual(0);
    }
  });
});
