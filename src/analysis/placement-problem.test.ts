import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { crimeLayerAt } from '../../test/fixtures/crime-layer.ts';
import { DictionaryBuilder, type PointColumns } from '../domain/point-columns.ts';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import { gridPoints } from '../geo/coverage-area.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import { dftTrafficCsvDriver } from '../io/dft-traffic-csv.ts';
import { greedyPlacement } from './placement-optimiser.ts';
import { planningProblem, type PlanningOptions } from './placement-problem.ts';
import { prepareLsoaPopulation } from './resident-privacy.ts';
import { prepareSensitivePlaces } from './sensitive-places.ts';
import type { AnalysisInputs } from './site-figures.ts';

const lonLat = (easting: number, northing: number) => {
  const { lon, lat } = bngToWgs84({ easting, northing });
  return [lon, lat];
};

// Candidate A at (374000, 165000), B 1 km east. Crimes near A: 0, 10 and 40 m east (burglary).
// An NRD in operation at (373950, 165000) with 60 m range covers the first two (50 and 60 m; the edge counts).
// Near B: two drugs offences and a burglary.
const crime = crimeLayerAt([
  { e: 374000, n: 165000, type: 'Burglary' },
  { e: 374010, n: 165000, type: 'Burglary' },
  { e: 374040, n: 165000, type: 'Burglary' },
  { e: 375000, n: 165020, type: 'Drugs' },
  { e: 375000, n: 164980, type: 'Drugs' },
  { e: 375030, n: 165000, type: 'Burglary' },
  // Far from both: never covered.
  { e: 380000, n: 170000, type: 'Drugs' },
]);
const existing = [{ easting: 373950, northing: 165000, radiusMetres: 60, sector: null }];

// One LSOA, 2 km square round A with 4,000 people: uniform density of 1 per 1,000 m².
const lsoa: Feature = {
  type: 'Feature',
  properties: { code: 'E01000001', name: 'Round A', population: 4000 },
  geometry: { type: 'Polygon', coordinates: [[lonLat(373000, 164000), lonLat(375000, 164000), lonLat(375000, 166000), lonLat(373000, 166000), lonLat(373000, 164000)]] },
};

// A school 80 m east of B.
const schoolColumns = (): PointColumns => {
  const name = new DictionaryBuilder();
  name.push('Widcombe School');
  const [lon, lat] = lonLat(375080, 165000) as [number, number];
  return { count: 1, lon: Float64Array.of(lon), lat: Float64Array.of(lat), attributes: { name: name.build() } };
};

const inputs = (withLsoa: boolean): AnalysisInputs => ({
  crime: { layerName: 'Crime', layer: crime, filter: null, hotSpots: [] },
  lsoas: withLsoa ? { layerName: 'Population', prepared: prepareLsoaPopulation({ type: 'FeatureCollection', features: [lsoa] }) } : null,
  traffic: null,
  sensitive: prepareSensitivePlaces([{ layerId: 's', layerName: 'Schools', kind: 'sensitive', data: { kind: 'points', columns: schoolColumns() } }]),
});

const positions = [
  { id: 'A', label: 'A', easting: 374000, northing: 165000 },
  { id: 'B', label: 'B', easting: 375000, northing: 165000 },
];
const options: PlanningOptions = { rangeMetres: 100, crimeTypeWeights: { Drugs: 3, Burglary: 1 }, exclusionMetres: 0, exclusionKinds: ['sensitive'] };

describe('the placement problem built from the workspace layers', () => {
  it('counts only crime no NRD in operation covers, weighted by type', () => {
    const { candidates, problem } = planningProblem(inputs(false), existing, positions, options);
    expect(candidates.map((c) => [c.id, c.crimes, c.unmetCrimes, c.need])).toEqual([
      ['A', 3, 1, 1],
      ['B', 3, 3, 2 * 3 + 1],
    ]);
    expect(Array.from(problem.crimeWeights)).toEqual([0, 0, 1, 3, 3, 1, 3]);
    // No population or traffic layer: no privacy cost.
    expect(problem.candidates.map((c) => c.privacyCost)).toEqual([0, 0]);
  });

  it('scales the privacy cost to the best candidate need: residents as a share of the most (traffic, when loaded, averaged in)', () => {
    const { candidates, problem, privacyScale } = planningProblem(inputs(true), existing, positions, options);
    // A's circle (pi x 100^2 m²) lies inside the LSOA: 31.4 residents. B's circle is half outside it (the LSOA's edge is
    // at B's easting), so B has half as many.
    expect(candidates[0]!.residents).toBeCloseTo((Math.PI * 100 ** 2) / 1000, 0);
    expect(candidates[1]!.residents).toBeCloseTo(candidates[0]!.residents / 2, 0);
    expect(privacyScale).toBe(7);
    // No traffic layer, so the residents' share stands alone: A 1 x 7; B 0.5 x 7.
    expect(problem.candidates[0]!.privacyCost).toBeCloseTo(7, 2);
    expect(problem.candidates[1]!.privacyCost).toBeCloseTo(3.5, 1);
  });

  it('averages the residents share with the traffic share when a DfT layer is loaded', async () => {
    // One count point of 8,000 vehicles a day 50 m from B, none near A. A has all the residents (share 1) and no
    // traffic (0): 0.5; B half the residents (0.5) and all the traffic (1): 0.75. Each times the best need, 7.
    const csv =
      'count_point_id,year,road_name,easting,northing,estimation_method,all_motor_vehicles\n' + '900001,2019,A4,375050,165000,Counted,8000\n';
    const parsed = await dftTrafficCsvDriver.read({ name: 'counts.csv', bytes: new TextEncoder().encode(csv) }, { onProgress: () => {}, choices: {}, jobState: new Map(), companions: [] });
    if (parsed.geometry !== 'point') throw new Error('expected a point layer');
    const traffic = { layerName: 'Traffic', columns: parsed.columns, grid: gridPoints(buildPointIndex(parsed.columns)) };
    const { candidates, problem } = planningProblem({ ...inputs(true), traffic }, existing, positions, options);
    expect(candidates.map((c) => c.vehiclesPerDay)).toEqual([0, 8000]);
    expect(problem.candidates[0]!.privacyCost).toBeCloseTo(0.5 * 7, 2);
    expect(problem.candidates[1]!.privacyCost).toBeCloseTo(0.75 * 7, 1);
  });

  it('excludes a candidate within the distance of a sensitive place, naming it', () => {
    const { candidates, problem, privacyScale } = planningProblem(inputs(false), existing, positions, { ...options, exclusionMetres: 100 });
    expect(candidates[1]!.excludedBy).toBe('Widcombe School, 80 m');
    expect(problem.candidates[1]!.excluded).toBe(true);
    expect(candidates[0]!.excludedBy).toBeNull();
    // The scale is the best need among the candidates that may be chosen.
    expect(privacyScale).toBe(1);
    const greedy = greedyPlacement({ ...problem, k: 2, lambda: 0, minSpacingMetres: 0 });
    expect(greedy.chosen.map((c) => c.id)).toEqual(['A']);
    // 79 m is outside a 79 m zone by a metre: kept.
    expect(planningProblem(inputs(false), existing, positions, { ...options, exclusionMetres: 79 }).candidates[1]!.excludedBy).toBeNull();
  });

  it('says what is missing without a crime layer', () => {
    expect(() => planningProblem({ ...inputs(false), crime: null }, existing, positions, options)).toThrow(/no crime layer/);
  });
});
