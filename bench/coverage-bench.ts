// Crime coverage at force scale (src/analysis/crime-coverage.ts): 2,000 sites against a 10^6-crime
// layer, counts by type, and one site at a time as it is dragged. Called by bench/run.ts with the layer
// it imported; results in the same shape and sense as the others there (ratio > 1 is better than the
// baseline, baseline / value for times), each with a note saying what its baseline is.
import bearing from '@turf/bearing';
import distance from '@turf/distance';
import type { PointColumns } from '../src/domain/point-columns.ts';
import { coverageArea, type CoverageGeometry } from '../src/geo/coverage-area.ts';
import { buildPointIndex } from '../src/geo/point-index.ts';
import { coverageCountsBySite, crimeCoverage, crimeLayer } from '../src/analysis/crime-coverage.ts';
import { seeded, time, type BenchResult } from './bench-kit.ts';

const SITES = 2000;
const RANGE_METRES = 300;
const FIELD_OF_VIEW_DEGREES = 60;
/** Sites the brute-force Turf loop is timed on, against every crime, then scaled to 2,000. */
const TURF_SITES = 5;
/** Sites timed one at a time for the drag figure. */
const DRAGGED_SITES = 200;

/** 2,000 sites at crime positions drawn at random (seeded), aimed at random, 300 m and 60°. */
export function benchSites(columns: PointColumns, count = SITES): CoverageGeometry[] {
  const random = seeded(20_260_127);
  const sites: CoverageGeometry[] = [];
  while (sites.length < count) {
    const row = Math.floor(random() * columns.count);
    const bearingDegrees = random() * 360;
    if (!Number.isFinite(columns.lon[row]!) || !Number.isFinite(columns.lat[row]!)) continue;
    sites.push({ lon: columns.lon[row]!, lat: columns.lat[row]!, bearingDegrees, rangeMetres: RANGE_METRES, fieldOfViewDegrees: FIELD_OF_VIEW_DEGREES });
  }
  return sites;
}

/**
 * The brute-force baseline: for each site, every crime's Turf distance (at most the range) and, when
 * within it, Turf bearing (within the sector; a crime at the site itself is inside), counted by crime type. Positions are made into Turf's
 * coordinate pairs beforehand, as a GeoJSON layer would already hold them.
 */
function turfCountsByType(columns: PointColumns, sites: CoverageGeometry[], positions: [number, number][]): Uint32Array {
  const type = columns.attributes.crimeType;
  const types = type?.kind === 'dictionary' ? type.dictionary.length : 1;
  const counts = new Uint32Array(sites.length * types);
  sites.forEach((site, s) => {
    const from: [number, number] = [site.lon, site.lat];
    const start = (site.bearingDegrees ?? 0) - site.fieldOfViewDegrees / 2;
    for (let row = 0; row < positions.length; row++) {
      const to = positions[row]!;
      const metres = distance(from, to, { units: 'meters' });
      if (metres > site.rangeMetres) continue;
      // A crime at the site itself has no bearing (Turf gives 0°): it is inside, as the grid test has it.
      const offset = (((bearing(from, to) - start) % 360) + 360) % 360;
      if (metres === 0 || offset <= site.fieldOfViewDegrees) counts[s * types + (type?.kind === 'dictionary' ? type.codes[row]! : 0)]!++;
    }
  });
  return counts;
}

export async function coverageBenchmarks(columns: PointColumns, indexData: ArrayBuffer): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const sites = benchSites(columns);

  // Indexing: the kdbush index built at import (projecting every crime to BNG), then the layer made
  // ready to count (positions read back from the index, crime types laid out in the index's order).
  // There is no baseline to set it against (a brute-force loop builds nothing), so the baseline is the
  // value itself and the ratio 1: it is reported so that the query figures below are not mistaken for
  // including it.
  const built = await time(() => buildPointIndex(columns), 1);
  const prepared = await time(() => crimeLayer(columns, indexData), 1);
  const indexing = built.milliseconds + prepared.milliseconds;
  results.push({
    name: 'coverage.index-build',
    value: indexing,
    unit: 'ms',
    baseline: indexing,
    ratio: 1,
    note: `no baseline (baseline = value): kdbush index over BNG metres ${built.milliseconds.toFixed(0)} ms (at import, stored with the layer) + crimeLayer ${prepared.milliseconds.toFixed(0)} ms (once a session)`,
  });
  const layer = prepared.result;

  // 2,000 sites, counts by type: each site's geometry from its position and aim (projection and grid
  // convergence) and its crimes by type, as the per-site table. Best of 5.
  const bySite = await time(() => coverageCountsBySite(layer, sites.map(coverageArea), null), 5);
  const crimesCounted = bySite.result.crimes.reduce((a, b) => a + b, 0);

  // The brute-force Turf loop, timed on the first 5 sites against every crime and scaled linearly.
  const positions = Array.from({ length: columns.count }, (_, row): [number, number] => [columns.lon[row]!, columns.lat[row]!]);
  const turfSites = sites.slice(0, TURF_SITES);
  const turf = await time(() => turfCountsByType(columns, turfSites, positions), 1);
  const turfPerSite = turf.milliseconds / TURF_SITES;
  const turfScaled = turfPerSite * SITES;
  const turfCrimes = turf.result.reduce((a, b) => a + b, 0);
  const oursOnSubset = bySite.result.crimes.slice(0, TURF_SITES).reduce((a, b) => a + b, 0);
  results.push({
    name: 'coverage.2000-sites-by-type',
    value: bySite.milliseconds,
    unit: 'ms',
    baseline: turfScaled,
    ratio: turfScaled / bySite.milliseconds,
    note:
      `${SITES} sites (300 m, 60°, at random crime positions) x ${columns.count.toLocaleString('en-GB')} crimes, counts by type per site (${crimesCounted.toLocaleString('en-GB')} site-crimes), after indexing; ` +
      `baseline: brute-force Turf loop (distance, then bearing, per crime per site) measured on ${TURF_SITES} sites x all crimes (${turf.milliseconds.toFixed(0)} ms) and scaled linearly to ${SITES} sites; ` +
      `on those ${TURF_SITES} sites Turf counts ${turfCrimes} crimes, the grid ${oursOnSubset}`,
  });

  // One site as it is dragged: its coverage area, then its crimes with type, month and rows. Mean of 200 sites, best of 5.
  const dragged = sites.slice(0, DRAGGED_SITES);
  const drag = await time(() => dragged.reduce((n, site) => n + crimeCoverage(layer, [coverageArea(site)], null).crimes, 0), 5);
  const perSite = drag.milliseconds / DRAGGED_SITES;
  results.push({
    name: 'coverage.one-site',
    value: perSite,
    unit: 'ms',
    baseline: turfPerSite,
    ratio: turfPerSite / perSite,
    note: `one 300 m site (coverageArea + crimeCoverage: counts, by type, by month, rows), mean of ${DRAGGED_SITES} sites; baseline: the brute-force Turf loop for one site, as above`,
  });
  return results;
}
