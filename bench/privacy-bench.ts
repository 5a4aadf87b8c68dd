// Resident privacy at national scale: 2,000 coverage sectors against 35,000 LSOA-like polygons, the
// figures `privacy.` in bench/results.json (same shape and meaning as bench/run.ts: ratio > 1 is better
// than the baseline measured in the same run).
//
// The polygons are the 1,005 real Avon and Somerset LSOAs of the sample workspace (data/sample, so this
// runs in a clean clone), tiled: translated copies on a grid in British National Grid metres, taken back
// to WGS84 so that preparing them projects them as it would a real layer, until there are 35,000 (about
// as many as England's 32,844 2011 LSOAs and at about the same density: 0.21 per km² here, 0.25 there).
//
// For scale, not measured here: PostGIS takes about 2.4 s for 2,057 sectors x 34,122 LSOAs
// (ST_Intersection + ST_Area with a GiST index) on this kind of machine.
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import polygonClipping, { type MultiPolygon as ClipMultiPolygon } from 'polygon-clipping';
import { prepareLsoaPopulation, residentPopulation, residentPopulationOfSet, type PreparedLsoas } from '../src/analysis/resident-privacy.ts';
import { bngToWgs84, wgs84ToBng } from '../src/geo/british-national-grid.ts';
import { clipToConvex, ringArea, signedRingArea, type Ring } from '../src/geo/convex-clip.ts';
import { coverageRing, type CoverageArea } from '../src/geo/coverage-area.ts';
import { lowerIsBetter, seeded, time, type BenchResult } from './bench-kit.ts';

const LSOAS = 35_000;
const SECTORS = 2_000;
const RADIUS_METRES = 300;
/** Sectors the polygon-clipping baseline is timed on; its time is scaled linearly to all 2,000. */
const BASELINE_SECTORS = 100;


/** The sample LSOAs copied on a grid (in BNG metres, back to WGS84) until there are `count`. */
export function tiledLsoas(count: number): FeatureCollection {
  const sample = JSON.parse(readFileSync(new URL('../data/sample/lsoa-population-avon-and-somerset.geojson', import.meta.url), 'utf8')) as FeatureCollection;
  const grid = sample.features.map((feature) => {
    const geometry = feature.geometry as Polygon | MultiPolygon;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map((rings) => rings.map((ring) => ring.map(([lon, lat]) => wgs84ToBng({ lon: lon!, lat: lat! }))));
  });
  const all = grid.flat(3);
  const minE = Math.min(...all.map((p) => p.easting));
  const minN = Math.min(...all.map((p) => p.northing));
  const width = Math.max(...all.map((p) => p.easting)) - minE;
  const height = Math.max(...all.map((p) => p.northing)) - minN;
  const copies = Math.ceil(count / sample.features.length);
  const columns = Math.ceil(Math.sqrt(copies));
  const features: Feature[] = [];
  for (let copy = 0; features.length < count; copy++) {
    // Centred on the original, so the copies stay within a few hundred kilometres of the grid's origin.
    const dx = ((copy % columns) - Math.floor(columns / 2)) * width;
    const dy = (Math.floor(copy / columns) - Math.floor(columns / 2)) * height;
    for (let i = 0; i < sample.features.length && features.length < count; i++) {
      const source = sample.features[i]!;
      const coordinates = grid[i]!.map((rings) =>
        rings.map((ring) =>
          ring.map(({ easting, northing }): Position => {
            const { lon, lat } = bngToWgs84({ easting: easting + dx, northing: northing + dy });
            return [lon, lat];
          }),
        ),
      );
      features.push({
        type: 'Feature',
        properties: { ...source.properties, code: `${source.properties!.code as string}-${copy}` },
        geometry: coordinates.length === 1 ? { type: 'Polygon', coordinates: coordinates[0]! } : { type: 'MultiPolygon', coordinates },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

/**
 * Sectors of 300 m and 30–180°, aimed anywhere, each at a point inside an LSOA drawn at random (so as
 * many in towns as there are town LSOAs, as NRDs mostly are, not as few as towns' share of the land).
 */
function sectorsInside(lsoas: PreparedLsoas, count: number, seed: number): CoverageArea[] {
  const next = seeded(seed);
  const areas: CoverageArea[] = [];
  while (areas.length < count) {
    const i = Math.floor(next() * lsoas.count);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = lsoas.lsoaRingStart[i]!; k < lsoas.lsoaRingStart[i + 1]!; k++) {
      minX = Math.min(minX, lsoas.ringBox[4 * k]!);
      minY = Math.min(minY, lsoas.ringBox[4 * k + 1]!);
      maxX = Math.max(maxX, lsoas.ringBox[4 * k + 2]!);
      maxY = Math.max(maxY, lsoas.ringBox[4 * k + 3]!);
    }
    for (let attempt = 0; attempt < 100; attempt++) {
      const easting = minX + next() * (maxX - minX);
      const northing = minY + next() * (maxY - minY);
      // Inside LSOA i: a point-sized coverage finds it.
      if (!residentPopulation(lsoas, { easting, northing, radiusMetres: 0.01, sector: null }).contributions.some((c) => c.code === lsoas.code[i])) continue;
      areas.push({ easting, northing, radiusMetres: RADIUS_METRES, sector: { startGridDegrees: next() * 360, spanDegrees: 30 + next() * 150 } });
      break;
    }
  }
  return areas;
}

/** LSOA i of a prepared layer as polygon-clipping polygons (a positive ring starts a polygon, negative ones are its holes). */
function clipPolygons(lsoas: PreparedLsoas, i: number): ClipMultiPolygon {
  const polygons: ClipMultiPolygon = [];
  for (let k = lsoas.lsoaRingStart[i]!; k < lsoas.lsoaRingStart[i + 1]!; k++) {
    const ring: [number, number][] = [];
    for (let v = lsoas.ringVertexStart[k]!; v < lsoas.ringVertexStart[k + 1]!; v++) ring.push([lsoas.coordinates[2 * v]!, lsoas.coordinates[2 * v + 1]!]);
    ring.push(ring[0]!);
    if (signedRingArea(ring.slice(0, -1)) > 0) polygons.push([ring]);
    else polygons.at(-1)!.push(ring);
  }
  return polygons;
}

const polygonsArea = (polygons: ClipMultiPolygon) =>
  polygons.reduce((sum, rings) => sum + rings.reduce((s, ring, k) => s + (k === 0 ? 1 : -1) * ringArea(ring.slice(0, -1) as Ring), 0), 0);

export async function privacyBenchmarks(): Promise<BenchResult[]> {
  const log = (line: string) => console.log(line);
  const results: BenchResult[] = [];

  const setup = performance.now();
  const features = tiledLsoas(LSOAS);
  const vertices = features.features.reduce((n, f) => {
    const geometry = f.geometry as Polygon | MultiPolygon;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    return n + polygons.flat().reduce((m, ring) => m + ring.length, 0);
  }, 0);
  log(`privacy: ${features.features.length.toLocaleString('en-GB')} LSOA-like polygons (${vertices.toLocaleString('en-GB')} vertices) tiled from the sample in ${(performance.now() - setup).toFixed(0)} ms`);

  // Preparing: projection, areas and the flatbush index, against projecting every vertex alone, which
  // any method in metres has to do.
  const prepared = await time(() => prepareLsoaPopulation(features), 2);
  const projected = await time(() => {
    let n = 0;
    for (const feature of features.features) {
      const geometry = feature.geometry as Polygon | MultiPolygon;
      const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      for (const rings of polygons) for (const ring of rings) for (const [lon, lat] of ring) n += wgs84ToBng({ lon: lon!, lat: lat! }).easting > 0 ? 1 : 0;
    }
    return n;
  }, 1);
  const lsoas = prepared.result;
  if (lsoas.count !== LSOAS) throw new Error(`resident privacy: prepared ${lsoas.count} of ${LSOAS} LSOAs (${lsoas.skippedWithoutPopulation} without population, ${lsoas.skippedWithoutPolygon} without polygon)`);
  log(`privacy: prepare ${prepared.milliseconds.toFixed(0)} ms; projecting the vertices alone ${projected.milliseconds.toFixed(0)} ms`);
  results.push(lowerIsBetter(`privacy.prepare-${LSOAS}`, 'ms', prepared.milliseconds, projected.milliseconds));

  const areas = sectorsInside(lsoas, SECTORS, 20_240_601);
  const ours = await time(() => {
    let residents = 0;
    let contributions = 0;
    for (const area of areas) {
      const result = residentPopulation(lsoas, area);
      residents += result.residents;
      contributions += result.contributions.length;
    }
    return { residents, contributions };
  }, 10);
  log(
    `privacy: ${SECTORS} sectors: ${ours.milliseconds.toFixed(0)} ms, ${Math.round(ours.result.residents).toLocaleString('en-GB')} residents ` +
      `(summed over sectors), ${(ours.result.contributions / SECTORS).toFixed(1)} LSOAs per sector`,
  );

  // Baseline: the same area-weighting with general polygon clipping (polygon-clipping, Martinez–Rueda) of
  // each candidate LSOA against the sector drawn with 720 steps per circle, through the same index; timed
  // on the first BASELINE_SECTORS sectors (best of 3) and scaled linearly to all of them. The LSOAs are
  // converted to its format beforehand, outside the timing.
  const subset = areas.slice(0, BASELINE_SECTORS);
  const polygons = new Map<number, ClipMultiPolygon>();
  for (const area of subset) {
    for (const i of lsoas.index.search(area.easting - RADIUS_METRES, area.northing - RADIUS_METRES, area.easting + RADIUS_METRES, area.northing + RADIUS_METRES)) {
      if (!polygons.has(i)) polygons.set(i, clipPolygons(lsoas, i));
    }
  }
  const general = await time(() => {
    let residents = 0;
    for (const area of subset) {
      const ring = coverageRing(area, 720);
      const sector: ClipMultiPolygon = [[[...ring, ring[0]!]]];
      const r = area.radiusMetres;
      for (const i of lsoas.index.search(area.easting - r, area.northing - r, area.easting + r, area.northing + r)) {
        const inside = polygonsArea(polygonClipping.intersection(polygons.get(i)!, sector));
        residents += (lsoas.population[i]! * inside) / lsoas.squareMetres[i]!;
      }
    }
    return residents;
  }, 3);
  const oursOnSubset = subset.reduce((sum, area) => sum + residentPopulation(lsoas, area).residents, 0);
  const difference = Math.abs(oursOnSubset / general.result - 1);
  // The 720-step polygon loses 0.00127% of each sector to its chords; the residents follow within 0.01%.
  if (!(difference < 1e-4)) throw new Error(`resident privacy: ${oursOnSubset} residents, polygon-clipping ${general.result} on the same ${BASELINE_SECTORS} sectors`);
  const generalScaled = (general.milliseconds * SECTORS) / BASELINE_SECTORS;
  log(
    `privacy: polygon-clipping ${general.milliseconds.toFixed(0)} ms for ${BASELINE_SECTORS} sectors, scaled to ${SECTORS}: ${generalScaled.toFixed(0)} ms; ` +
      `residents agree to ${(100 * difference).toFixed(5)}%`,
  );
  results.push(lowerIsBetter(`privacy.area-weighted-${SECTORS}x${LSOAS}`, 'ms', ours.milliseconds, generalScaled));

  // For the record, not in results: Sutherland–Hodgman against the same 720-step polygon (clipToConvex),
  // which is exact to the chords but clips every LSOA ring against up to 362 edges.
  const convex = await time(() => {
    let residents = 0;
    for (const area of subset) {
      const sector = coverageRing(area, 720);
      const r = area.radiusMetres;
      for (const i of lsoas.index.search(area.easting - r, area.northing - r, area.easting + r, area.northing + r)) {
        let inside = 0;
        for (const rings of polygons.get(i)!) rings.forEach((ring, k) => (inside += (k === 0 ? 1 : -1) * ringArea(clipToConvex(ring.slice(0, -1) as Ring, sector))));
        residents += (lsoas.population[i]! * inside) / lsoas.squareMetres[i]!;
      }
    }
    return residents;
  }, 1);
  log(`privacy: clipToConvex against the 720-step polygon ${convex.milliseconds.toFixed(0)} ms for ${BASELINE_SECTORS} sectors, scaled to ${SECTORS}: ${((convex.milliseconds * SECTORS) / BASELINE_SECTORS).toFixed(0)} ms`);

  // Also for the record: the same 2,000 sectors as one set, each resident counted once.
  const set = await time(() => residentPopulationOfSet(lsoas, areas), 5);
  log(
    `privacy: the ${SECTORS} sectors as a set: ${set.milliseconds.toFixed(0)} ms, ${Math.round(set.result.residents).toLocaleString('en-GB')} residents counted once ` +
      `(${Math.round(set.result.residentsSummedOverSites).toLocaleString('en-GB')} summed over sectors)`,
  );
  return results;
}
