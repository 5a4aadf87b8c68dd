// npm run bench: the app's pure functions at force scale, each against a baseline run in the same
// process, so the ratio holds whatever machine runs it. Results go to bench/results.json.
import { readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { parsePoliceUkCsv } from '../src/io/police-uk-csv.ts';
import { pointColumnsToGeoJsonText } from '../src/geo/point-features.ts';
import { coverageShape } from '../src/geo/coverage-shape.ts';
import type { PointColumns } from '../src/domain/point-columns.ts';

const ROWS = 1_000_000;

interface Result {
  name: string;
  what: string;
  milliseconds: number;
  baselineMilliseconds?: number;
  baseline?: string;
  speedRatio?: number;
  heapBytes?: number;
  baselineHeapBytes?: number;
  memoryRatio?: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Best of `runs` wall-clock times, and the heap (plus array buffers) still held by what the function returned. */
function measure<T>(run: () => T, runs = 3): { milliseconds: number; heapBytes: number; result: T } {
  let best = Infinity;
  let result!: T;
  let heapBytes = 0;
  for (let i = 0; i < runs; i++) {
    result = undefined as T;
    gc();
    const before = process.memoryUsage();
    const start = performance.now();
    result = run();
    best = Math.min(best, performance.now() - start);
    gc();
    const after = process.memoryUsage();
    heapBytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  }
  return { milliseconds: best, heapBytes, result };
}

/** A force-scale file made of the real sample's rows, repeated: real values, real proportions of unmapped rows. */
function forceScaleCsv(): string {
  const sample = readFileSync(new URL('../data/sample/crime-2023-01-avon-and-somerset.csv', import.meta.url), 'utf8');
  const [header, ...rows] = sample.trimEnd().split(/\r?\n/);
  const lines = [header];
  for (let i = 0; lines.length <= ROWS; i++) lines.push(rows[i % rows.length]);
  return lines.join('\n');
}

/** Exact bytes held by a layer's columns (dictionaries are a few hundred strings, counted as UTF-16). */
function columnBytes(columns: PointColumns): number {
  let bytes = columns.lon.byteLength + columns.lat.byteLength;
  for (const column of Object.values(columns.attributes)) {
    bytes += column.kind === 'dictionary' ? column.codes.byteLength + column.dictionary.reduce((n, s) => n + 2 * s.length, 0) : column.values.byteLength;
  }
  return bytes;
}

const results: Result[] = [];
const csv = forceScaleCsv();

{
  const columns = measure(() => parsePoliceUkCsv(csv, 'bench.csv'), 2);
  const objects = measure(() => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data, 2);
  results.push({
    name: 'io.police-uk-csv.parse-1e6',
    what: `${ROWS.toLocaleString('en-GB')} police.uk rows parsed into columns`,
    milliseconds: columns.milliseconds,
    baseline: 'papaparse header mode into one object per row',
    baselineMilliseconds: objects.milliseconds,
    speedRatio: objects.milliseconds / columns.milliseconds,
    heapBytes: columnBytes(columns.result.columns),
    baselineHeapBytes: objects.heapBytes,
    memoryRatio: objects.heapBytes / columnBytes(columns.result.columns),
  });

  const { columns: points } = columns.result;
  const text = measure(() => pointColumnsToGeoJsonText(points));
  const viaObjects = measure(() =>
    JSON.stringify({
      type: 'FeatureCollection',
      features: Array.from({ length: points.count }, (_, i) => ({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates: [Number(points.lon[i]!.toFixed(6)), Number(points.lat[i]!.toFixed(6))] },
      })),
    }),
  );
  results.push({
    name: 'map.point-layer-geojson-1e6',
    what: `GeoJSON text for MapLibre from ${points.count.toLocaleString('en-GB')} points in columns`,
    milliseconds: text.milliseconds,
    baseline: 'Feature objects then JSON.stringify',
    baselineMilliseconds: viaObjects.milliseconds,
    speedRatio: viaObjects.milliseconds / text.milliseconds,
  });
}

{
  const sites = Array.from({ length: 2000 }, (_, i) => ({
    lon: -2.6 + (i % 50) * 0.01,
    lat: 51.2 + Math.floor(i / 50) * 0.01,
    bearingDegrees: (i * 37) % 360,
    rangeMetres: 300,
    fieldOfViewDegrees: 30,
  }));
  const sectors = measure(() => sites.map((site) => coverageShape(site)), 5);
  const circles = measure(() => sites.map((site) => coverageShape({ ...site, bearingDegrees: null })), 5);
  results.push({
    name: 'geo.coverage-shape-2000',
    what: '2,000 coverage sectors (30 degrees) built in BNG',
    milliseconds: sectors.milliseconds,
    baseline: '2,000 full circles (72 vertices each)',
    baselineMilliseconds: circles.milliseconds,
    speedRatio: circles.milliseconds / sectors.milliseconds,
  });
}

writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ node: process.version, ranAt: new Date().toISOString(), results }, null, 2)}\n`);
for (const r of results) {
  console.log(
    `${r.name}: ${r.milliseconds.toFixed(1)} ms` +
      (r.baselineMilliseconds ? `; baseline (${r.baseline}) ${r.baselineMilliseconds.toFixed(1)} ms, ${r.speedRatio!.toFixed(2)}x` : '') +
      (r.memoryRatio ? `; heap ${(r.heapBytes! / 1e6).toFixed(0)} MB vs ${(r.baselineHeapBytes! / 1e6).toFixed(0)} MB, ${r.memoryRatio.toFixed(1)}x less` : ''),
  );
}
