// npm run bench: the app's own code at force scale, each figure set against a baseline measured in the
// same run on the same machine, so the ratio holds wherever it runs. Writes bench/results.json: a list
// of { name, value, unit, baseline, ratio }, where ratio > 1 always means better than the baseline
// (baseline / value for times and memory, value / baseline for rates). docs/benchmarks.md says what
// each baseline is and what the figures mean.
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import Dexie from 'dexie';
import type { FeatureCollection } from 'geojson';
import { parsePoliceUkCsv, policeUkCsvDriver } from '../src/io/police-uk-csv.ts';
import { decodeText } from '../src/io/text-decoding.ts';
import { pointColumnsToGeoJsonText } from '../src/geo/point-features.ts';
import { countByPosition } from '../src/analysis/point-aggregation.ts';
import { buildPointIndex, rowsWithinMetres } from '../src/geo/point-index.ts';
import { wgs84ToBng } from '../src/geo/british-national-grid.ts';
import { coverageShape } from '../src/geo/coverage-shape.ts';
import type { PointColumns } from '../src/domain/point-columns.ts';
import type { LayerData } from '../src/domain/layer-data.ts';
import type { ParsedLayer } from '../src/io/format-driver.ts';
import { openDatabase } from '../src/store/database.ts';
import { replaceActiveWorkspace } from '../src/store/workspace-store.ts';
import { exampleLayer, FIXED_TIME } from '../test/fixtures/domain.ts';
import { policeUkBenchFile } from './generate-police-uk.ts';
import { naivePoliceUkFeatures } from './naive-police-uk.ts';
import { coverageBenchmarks } from './coverage-bench.ts';
import { privacyBenchmarks, tiledLsoas } from './privacy-bench.ts';
import { optimiserBenchmarks } from './optimiser-bench.ts';
import { benchSites } from './coverage-bench.ts';
import { prepareAnalysisInputs, siteFigures } from '../src/analysis/site-figures.ts';
import { exampleSite } from '../test/fixtures/domain.ts';
import { gc, higherIsBetter, lowerIsBetter, time, type BenchResult } from './bench-kit.ts';

const ROWS = 1_000_000;


/** Peak memory of one import, in a fresh Node process of its own (see bench/peak-memory.ts). */
function peakMemory(variant: 'columns' | 'naive', file: string): { peakBytes: number; retainedBytes: number; method: string } {
  const script = fileURLToPath(new URL('./peak-memory.ts', import.meta.url));
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, variant, file], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as { peakBytes: number; retainedBytes: number; method: string };
}

/** Stores one layer as the app does, in a fresh fake-indexeddb database, and returns how long it took. */
async function storeLayer(name: string, data: LayerData, rows: number): Promise<number> {
  const db = openDatabase(`bench-${name}`);
  const workspaceId = `bench-${name}`;
  const start = performance.now();
  await replaceActiveWorkspace(db, {
    workspace: { id: workspaceId, name: 'Benchmark', forceArea: 'Avon and Somerset', description: '', isSample: false, createdAt: FIXED_TIME },
    sites: [],
    layers: [
      {
        layer: exampleLayer({ id: `${workspaceId}-crime`, workspaceId, name: 'Street crime', rowCounts: { read: ROWS, imported: rows, rejected: ROWS - rows } }),
        data,
      },
    ],
  });
  const milliseconds = performance.now() - start;
  db.close();
  await Dexie.delete(`bench-${name}`);
  return milliseconds;
}

const results: BenchResult[] = [];
const log = (line: string) => console.log(line);

// Other work on the machine slows both sides of a comparison, but not always alike: say how busy it was.
const machine = () => `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
log(`Node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${machine()}`);
const file = policeUkBenchFile(ROWS);
const bytes = readFileSync(file);
log(`police.uk file: ${file} (${(bytes.length / 1e6).toFixed(0)} MB, ${ROWS.toLocaleString('en-GB')} rows)`);

// Importing: the app's driver (bytes -> text -> columns, duplicates dropped) against papaparse in header
// mode into GeoJSON Features; and the driver's parse without the Crime ID check, which the baseline does
// not make, for a like-for-like figure. Best of three runs each, taken in turn, so that other work on
// the machine weighs on all three alike.
const best = { columns: Infinity, withoutDedupe: Infinity, naive: Infinity };
let parsed: ParsedLayer | undefined;
let features: FeatureCollection | undefined;
for (let run = 0; run < 3; run++) {
  parsed = undefined;
  features = undefined;
  const columns = await time(() => policeUkCsvDriver.read({ name: 'bench.csv', bytes }, { onProgress() {}, choices: {}, jobState: new Map(), companions: [] }), 1);
  best.columns = Math.min(best.columns, columns.milliseconds);
  parsed = columns.result;
  best.withoutDedupe = Math.min(best.withoutDedupe, (await time(() => parsePoliceUkCsv(decodeText(bytes), 'bench.csv').columns.count, 1)).milliseconds);
  const naive = await time(() => naivePoliceUkFeatures(bytes), 1);
  best.naive = Math.min(best.naive, naive.milliseconds);
  features = naive.result;
}
if (parsed?.geometry !== 'point' || !features) throw new Error('police.uk import gave no points');
const points: PointColumns = parsed.columns;
const { report } = parsed;
log(`columns: ${best.columns.toFixed(0)} ms (${best.withoutDedupe.toFixed(0)} ms without the Crime ID check), ${report.rowsRead} rows read, ${report.rowsImported} imported, ${report.rejected.map((g) => `${g.count} ${g.reason}`).join('; ')}`);
log(`naive: ${best.naive.toFixed(0)} ms, ${features.features.length} features`);
if (features.features.length !== points.count) throw new Error(`the baseline made ${features.features.length} features from ${points.count} points`);
results.push(lowerIsBetter('import.police-uk.parse-1e6', 'ms', best.columns, best.naive));
results.push(lowerIsBetter('import.police-uk.parse-1e6-without-dedupe', 'ms', best.withoutDedupe, best.naive));
results.push(higherIsBetter('import.police-uk.rows-per-second', 'rows/s', ROWS / (best.columns / 1000), ROWS / (best.naive / 1000)));

// Storing: the same store code (one Dexie transaction) with the layer as columns and as Features.
const storeColumns = await time(() => storeLayer('columns', { kind: 'points', columns: points }, points.count), 3);
const storeNaive = await time(() => storeLayer('naive', { kind: 'features', features: features! }, points.count), 1);
log(`store: columns ${storeColumns.milliseconds.toFixed(0)} ms, features ${storeNaive.milliseconds.toFixed(0)} ms`);
results.push(lowerIsBetter('import.police-uk.store-1e6', 'ms', storeColumns.milliseconds, storeNaive.milliseconds));
// A gigabyte of Features: let it go before the next measurements.
features = undefined;
gc();

// Peak memory: each import alone in a fresh process (bench/peak-memory.ts says how it is measured).
const memoryColumns = peakMemory('columns', file);
const memoryNaive = peakMemory('naive', file);
const mb = (n: number) => n / 1e6;
log(
  `peak memory (${memoryColumns.method}): columns ${mb(memoryColumns.peakBytes).toFixed(0)} MB (${mb(memoryColumns.retainedBytes).toFixed(0)} MB kept), ` +
    `naive ${mb(memoryNaive.peakBytes).toFixed(0)} MB (${mb(memoryNaive.retainedBytes).toFixed(0)} MB kept)`,
);
results.push(lowerIsBetter('import.police-uk.peak-memory', 'MB', mb(memoryColumns.peakBytes), mb(memoryNaive.peakBytes)));

// The map's GeoJSON for the imported points, as the layer worker makes it (one weighted point per
// position, docs/map-rendering.md), against one Feature object per crime then JSON.stringify.
{
  const text = await time(() => pointColumnsToGeoJsonText(countByPosition(points, null).columns, ['points']), 3);
  const viaObjects = await time(
    () =>
      JSON.stringify({
        type: 'FeatureCollection',
        features: Array.from({ length: points.count }, (_, i) => ({
          type: 'Feature',
          properties: {},
          geometry: { type: 'Point', coordinates: [Number(points.lon[i]!.toFixed(6)), Number(points.lat[i]!.toFixed(6))] },
        })),
      }),
    3,
  );
  results.push(lowerIsBetter('map.point-layer-geojson-1e6', 'ms', text.milliseconds, viaObjects.milliseconds));
  results.push(lowerIsBetter('map.point-layer-geojson-1e6-bytes', 'MB', text.result.length / 1e6, viaObjects.result.length / 1e6));
}

// The spatial index built at import (kdbush over BNG metres), and 200 radius queries of 300 m with it
// against the same queries answered by looking at every point.
{
  const built = await time(() => buildPointIndex(points), 1);
  const projected = await time(() => {
    const easting = new Float64Array(points.count);
    const northing = new Float64Array(points.count);
    for (let i = 0; i < points.count; i++) {
      const p = wgs84ToBng({ lon: points.lon[i]!, lat: points.lat[i]! });
      easting[i] = p.easting;
      northing[i] = p.northing;
    }
    return { easting, northing };
  }, 1);
  // Building costs little more than projecting the points, which any metric search needs anyway.
  results.push(lowerIsBetter('import.spatial-index.build-1e6', 'ms', built.milliseconds, projected.milliseconds));
  const centres = Array.from({ length: 200 }, (_, i) => wgs84ToBng({ lon: points.lon[(i * 4_999) % points.count]!, lat: points.lat[(i * 4_999) % points.count]! }));
  const indexed = await time(() => centres.reduce((n, c) => n + rowsWithinMetres(built.result, c, 300).length, 0), 3);
  const { easting, northing } = projected.result;
  const scanned = await time(
    () =>
      centres.reduce((n, c) => {
        for (let i = 0; i < points.count; i++) if ((easting[i]! - c.easting) ** 2 + (northing[i]! - c.northing) ** 2 <= 300 ** 2) n++;
        return n;
      }, 0),
    1,
  );
  if (indexed.result !== scanned.result) throw new Error(`index found ${indexed.result} points, the scan ${scanned.result}`);
  results.push(lowerIsBetter('import.spatial-index.query-300m-x200', 'ms', indexed.milliseconds, scanned.milliseconds));
}

// 2,000 coverage sectors (30 degrees) against the same sites as full circles.
{
  const sites = Array.from({ length: 2000 }, (_, i) => ({
    lon: -2.6 + (i % 50) * 0.01,
    lat: 51.2 + Math.floor(i / 50) * 0.01,
    bearingDegrees: (i * 37) % 360,
    rangeMetres: 300,
    fieldOfViewDegrees: 30,
  }));
  const sectors = await time(() => sites.map((site) => coverageShape(site)), 5);
  const circles = await time(() => sites.map((site) => coverageShape({ ...site, bearingDegrees: null })), 5);
  results.push(lowerIsBetter('geo.coverage-shape-2000', 'ms', sectors.milliseconds, circles.milliseconds));
}

// The analysis: crime in coverage for 2,000 sites, one site as it is dragged (bench/coverage-bench.ts).
{
  log('coverage');
  results.push(...(await coverageBenchmarks(points, buildPointIndex(points))));
  log('privacy');
  results.push(...(await privacyBenchmarks()));
  log('placement optimiser');
  results.push(...(await optimiserBenchmarks(log)));

  // A site dragged on the map: every figure of the site panel worked out again for each position, against
  // 10^6 crimes and 35,000 LSOAs, with 2,000 other sites in the register. The budget is one frame, 16 ms.
  log('site figures while dragging');
  const inputs = prepareAnalysisInputs(
    [
      { layer: { id: 'crime', name: 'crime', kind: 'crime', geometry: 'point' }, data: { kind: 'points', columns: points, index: buildPointIndex(points) } },
      { layer: { id: 'lsoas', name: 'lsoas', kind: 'population', geometry: 'polygon' }, data: { kind: 'features', features: tiledLsoas(35_000) } },
    ],
    {},
  );
  const register = benchSites(points, 2_000).map((geometry, i) => exampleSite({ ...geometry, id: `site-${i}`, reference: `S${i}` }));
  const positions = register.slice(0, 200);
  const perPosition: number[] = [];
  for (const site of positions) {
    const start = performance.now();
    siteFigures(site, register, inputs, { sensitiveWithinMetres: 250 });
    perPosition.push(performance.now() - start);
  }
  perPosition.sort((a, b) => a - b);
  const p95 = perPosition[Math.floor(perPosition.length * 0.95)]!;
  results.push({ ...lowerIsBetter('coverage.site-figures-drag-p95', 'ms', p95, 16), note: `95th percentile of ${positions.length} positions (median ${perPosition[100]!.toFixed(2)} ms); baseline: the 16 ms of one frame at 60 Hz` });
}

writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
log(`done; ${machine()}`);
for (const r of results) {
  const figure = (n: number) => (n >= 1000 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(1));
  log(`${r.name}: ${figure(r.value)} ${r.unit}; baseline ${figure(r.baseline)} ${r.unit}; ${r.ratio.toFixed(2)}x`);
}
