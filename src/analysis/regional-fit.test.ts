import { describe, expect, it } from 'vitest';
import { exampleLayer, exampleSite } from '../../test/fixtures/domain.ts';
import { crimeLayerAt, type CrimeAt } from '../../test/fixtures/crime-layer.ts';
import { bngToWgs84, wgs84ToBng } from '../geo/british-national-grid.ts';
import type { Site } from '../domain/site.ts';
import { isRegionalSite, regionalFit, regionalForceName, type RegionalForceInput } from './regional-fit.ts';

/**
 * Two forces either side of a made-up boundary at easting 380000, every crime and camera placed by
 * hand in grid metres, so that each figure can be counted on paper. Crimes carry no LSOA, so hot spots
 * are 250 m grid squares; with at most ten squares, the hot ones are those tied for the most crimes.
 *
 * Force A (west): camera A1 at (379950, 165000), a 100 m circle, 50 m short of the boundary.
 *   a1-a3 within 50 m of A1            square E379750 N165000: 3 crimes, hot, covered by A1
 *   a4-a6 around (375120, 160120)      square E375000 N160000: 3 crimes, hot, no camera: a gap
 *   a7 at (376000, 161000)             square E376000 N161000: 1 crime; only a decommissioned camera sees it
 * Force B (east): camera B1 at (382000, 166000), a 100 m circle; proposed P1 at (381050, 164000), 100 m.
 *   b1 80 m and b2 92 m east of A1     square E380000 N165000, with b3 (250 m from A1): 3 crimes, hot;
 *                                      A1 covers b1 and b2 across the boundary, none of B's sites do
 *   b4, b5 within 50 m of B1           square E382000 N166000: 2 crimes
 *   b6-b8 around (385110, 170120)      square E385000 N170000: 3 crimes, hot, no camera: a gap
 *   b9 50 m from P1                    square E381000 N164000: 1 crime, covered by P1 only
 */
const at = (easting: number, northing: number) => bngToWgs84({ easting, northing });

function camera(id: string, reference: string, easting: number, northing: number, overrides: Partial<Site> = {}): Site {
  const { lon, lat } = at(easting, northing);
  return exampleSite({ id, reference, lon, lat, bearingDegrees: null, rangeMetres: 100, fieldOfViewDegrees: 360, ...overrides });
}

function force(name: string, sites: Site[], crimes: CrimeAt[] | null): RegionalForceInput {
  if (!crimes) return { name, sites, layers: [] };
  const crime = crimeLayerAt(crimes);
  return {
    name,
    sites,
    layers: [
      { layer: exampleLayer({ id: `${name}-crime`, name: `${name} crime` }), data: { kind: 'points', columns: crime.columns, index: crime.grid.index.data as ArrayBuffer } },
      // Only the crime layer is counted: a boundary layer is passed over.
      {
        layer: exampleLayer({ id: `${name}-boundary`, name: `${name} boundary`, kind: 'boundary', geometry: 'polygon' }),
        data: { kind: 'features', features: { type: 'FeatureCollection', features: [] } },
      },
    ],
  };
}

const crimesA: CrimeAt[] = [
  { e: 379960, n: 165010 },
  { e: 379940, n: 165020 },
  { e: 379950, n: 165050 },
  { e: 375100, n: 160100 },
  { e: 375120, n: 160110 },
  { e: 375130, n: 160140 },
  { e: 376000, n: 161000 },
];
const crimesB: CrimeAt[] = [
  { e: 380030, n: 165000 },
  { e: 380040, n: 165020 },
  { e: 380100, n: 165200 },
  { e: 382010, n: 166010 },
  { e: 382030, n: 166040 },
  { e: 385100, n: 170100 },
  { e: 385110, n: 170120 },
  { e: 385130, n: 170140 },
  { e: 381000, n: 164000 },
];

// Both forces call their camera E01: the figures must still say whose camera is meant.
const forceA = force('Force A', [camera('a1', 'E01', 379950, 165000, { forceArea: 'Force A' }), camera('a2', 'E02', 376010, 161000, { status: 'decommissioned' })], crimesA);
const forceB = force(
  'Force B',
  [
    camera('b1', 'E01', 382000, 166000, { forceArea: 'Force B' }),
    camera('p1', 'P01', 381050, 164000, { kind: 'proposed', status: 'proposed' }),
    camera('p2', 'P02', 385110, 170120, { kind: 'proposed', status: 'rejected' }),
  ],
  crimesB,
);

describe('regional fit of two forces', () => {
  const fit = regionalFit([forceA, forceB]);
  const a = fit.forces[0]!;
  const b = fit.forces[1]!;

  it('counts each force’s crimes, sites, hot spots and gaps', () => {
    // A2 is decommissioned and P2 rejected: neither is counted, nor covers anything.
    expect(a).toMatchObject({ name: 'Force A', crimeLayerName: 'Force A crime', nrdsInUse: 1, proposed: 0, crimes: 7, hotSpots: 2 });
    expect(b).toMatchObject({ name: 'Force B', crimeLayerName: 'Force B crime', nrdsInUse: 1, proposed: 1, crimes: 9, hotSpots: 2 });
  });

  it('counts crimes across the boundary covered by the other force’s camera', () => {
    // A1 covers a1-a3; B1 covers nothing of A's.
    expect(a).toMatchObject({ coveredByOwnNrds: 3, coveredByAnyNrds: 3 });
    // B1 covers b4 and b5; A1 covers b1 and b2 as well. P1 is proposed, not in use.
    expect(b).toMatchObject({ coveredByOwnNrds: 2, coveredByAnyNrds: 4 });
  });

  it('lists the hot spots no force’s site covers, and those a neighbour’s camera closes', () => {
    expect(a.gaps.map((gap) => [gap.id, gap.crimes])).toEqual([['grid 250 m E375000 N160000', 3]]);
    expect(a).toMatchObject({ gapCount: 1, gapsWithOwnSitesAlone: 1 });
    // On its own, B leaves E380000 N165000 uncovered; A1 covers two of its crimes.
    expect(b.gaps.map((gap) => [gap.id, gap.crimes])).toEqual([['grid 250 m E385000 N170000', 3]]);
    expect(b).toMatchObject({ gapCount: 1, gapsWithOwnSitesAlone: 2 });
    // Placed at the square's centre, and in WGS84 for the map to fly to (the round trip is good to a few mm).
    expect(b.gaps[0]).toMatchObject({ kind: 'grid', easting: 385125, northing: 170125 });
    const place = wgs84ToBng(b.gaps[0]!);
    expect(place.easting).toBeCloseTo(385125, 2);
    expect(place.northing).toBeCloseTo(170125, 2);
  });

  it('finds another force’s camera nearer to a proposed site than its own', () => {
    expect(b.proposedSites).toHaveLength(1);
    const [p1] = b.proposedSites;
    expect(p1).toMatchObject({ siteId: 'p1', reference: 'P01', crimes: 1, marginalCrimes: 1 });
    // Own: B1, hypot(950, 2000) = 2214.16 m. Any: A1, hypot(1100, 1000) = 1486.61 m.
    expect(p1!.nearestOwn).toMatchObject({ force: 'Force B', reference: 'E01' });
    expect(p1!.nearestOwn!.distanceMetres).toBeCloseTo(2214.16, 1);
    expect(p1!.nearestAny).toMatchObject({ force: 'Force A', reference: 'E01' });
    expect(p1!.nearestAny!.distanceMetres).toBeCloseTo(1486.61, 1);
  });

  it('adds the forces up for the region', () => {
    expect(fit.region).toEqual({
      nrdsInUse: 2,
      proposed: 1,
      crimes: 16,
      coveredByOwnNrds: 5,
      coveredByAnyNrds: 7,
      hotSpots: 4,
      gapCount: 2,
      gapsWithOwnSitesAlone: 3,
    });
  });

  it('gives the same figures for each force whatever the order they are loaded in', () => {
    const reversed = regionalFit([forceB, forceA]);
    expect(reversed.forces[0]).toEqual(b);
    expect(reversed.forces[1]).toEqual(a);
    expect(reversed.region).toEqual(fit.region);
  });
});

describe('a force whose bundle has no crime layer', () => {
  // Force C's camera sits on B's eastern hot spot.
  const forceC = force('Force C', [camera('c1', 'C01', 385110, 170120, { forceArea: 'Force C' })], null);
  const fit = regionalFit([forceA, forceB, forceC]);

  it('has no crimes of its own, and its camera still covers its neighbour’s', () => {
    expect(fit.forces[2]).toMatchObject({ name: 'Force C', crimeLayerName: null, nrdsInUse: 1, crimes: 0, hotSpots: 0, gapCount: 0, gaps: [] });
    // b6-b8 are now covered: B has no gap left, though on its own it has two.
    expect(fit.forces[1]).toMatchObject({ coveredByOwnNrds: 2, coveredByAnyNrds: 7, gapCount: 0, gapsWithOwnSitesAlone: 2 });
    expect(fit.region).toMatchObject({ nrdsInUse: 3, crimes: 16, coveredByAnyNrds: 10, gapCount: 1 });
  });

  it('leaves a proposed site’s nearest NRD in use to the one really nearest', () => {
    // C1 is hypot(4060, 6120) = 7344 m from P1; A1 is still nearer.
    expect(fit.forces[1]!.proposedSites[0]!.nearestAny).toMatchObject({ force: 'Force A', reference: 'E01' });
  });
});

describe('no forces', () => {
  it('is an empty region', () => {
    expect(regionalFit([])).toEqual({
      forces: [],
      region: { nrdsInUse: 0, proposed: 0, crimes: 0, coveredByOwnNrds: 0, coveredByAnyNrds: 0, hotSpots: 0, gapCount: 0, gapsWithOwnSitesAlone: 0 },
    });
  });
});

describe('isRegionalSite', () => {
  it('takes NRDs in use and proposed sites still in play, as the register figures do', () => {
    const taken = (kind: Site['kind'], status: Site['status']) => isRegionalSite({ kind, status });
    expect(['live', 'under-review', 'continued', 'decommissioned'].map((status) => taken('existing', status as Site['status']))).toEqual([true, true, true, false]);
    expect(['proposed', 'under-assessment', 'approved', 'rejected'].map((status) => taken('proposed', status as Site['status']))).toEqual([true, true, true, false]);
  });
});

describe('regionalForceName', () => {
  it('is the workspace’s force area, or its name when it names none', () => {
    expect(regionalForceName({ name: 'Sample: Avon and Somerset (Bath)', forceArea: 'Avon and Somerset' })).toBe('Avon and Somerset');
    expect(regionalForceName({ name: 'Basildon NRD plan', forceArea: '  ' })).toBe('Basildon NRD plan');
  });
});
