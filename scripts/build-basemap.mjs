#!/usr/bin/env node
// Builds the offline basemap layers in public/basemap/ from the shared public sample data.
//
//   node scripts/build-basemap.mjs            (reads ../shared/data relative to the repo root)
//   SHARED_DATA=/path/to/data node scripts/build-basemap.mjs
//
// Output: compact GeoJSON FeatureCollections (WGS84, RFC 7946: no "crs" member, exterior rings
// counter-clockwise, holes clockwise), coordinates rounded (4 dp national, 5 dp local detail),
// consecutive duplicate vertices removed after rounding, rings with fewer than 4 positions (or zero
// area) dropped.
// Deterministic: the same input always gives byte-identical output. Plain Node ESM, no new deps.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as topojson from 'topojson-client';
import {
  pointInPolygon,
  polygonGeometry,
  polygonsOf,
  roundLine,
  roundPolygonGeometry,
  roundPolygons,
  roundTo,
  signedArea2,
} from './geojson-rounding.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedData = path.resolve(repoRoot, process.env.SHARED_DATA ?? '../shared/data');
const outDir = path.join(repoRoot, 'public', 'basemap');

const NATIONAL_DP = 4;
const LOCAL_DP = 5;
const OUTLINE_MAX_BYTES = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Geometry helpers (those shared with build-sample.mjs are in ./geojson-rounding.mjs)

function roundLineGeometry(geometry, dp, stats) {
  const lines =
    geometry.type === 'LineString'
      ? [geometry.coordinates]
      : geometry.type === 'MultiLineString'
        ? geometry.coordinates
        : null;
  if (!lines) throw new Error(`expected a line geometry, got ${geometry.type}`);
  const out = [];
  for (const line of lines) {
    const r = roundLine(line, dp);
    if (r.length >= 2) out.push(r);
    else stats.droppedLines += 1;
  }
  if (out.length === 0) return null;
  return out.length === 1
    ? { type: 'LineString', coordinates: out[0] }
    : { type: 'MultiLineString', coordinates: out };
}

/** Approximate area of a ring in km² (equirectangular about the ring's mean latitude). */
function ringAreaKm2(ring) {
  let lat = 0;
  for (const p of ring) lat += p[1];
  lat /= ring.length;
  const kx = 111.32 * Math.cos((lat * Math.PI) / 180);
  const ky = 110.57;
  return (Math.abs(signedArea2(ring)) / 2) * kx * ky;
}

function segDistSq(px, py, a, b) {
  let x = a[0];
  let y = a[1];
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b[0];
      y = b[1];
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

/** Signed distance from a point to the polygon outline (positive inside). */
function pointToPolygonDist(x, y, poly) {
  let minSq = Infinity;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      minSq = Math.min(minSq, segDistSq(x, y, ring[i], ring[j]));
    }
  }
  return (pointInPolygon(x, y, poly) ? 1 : -1) * Math.sqrt(minSq);
}

/**
 * Pole of inaccessibility (the "polylabel" algorithm, Mapbox, ISC licence, re-implemented here):
 * the interior point farthest from the outline. Works on a locally scaled copy of the polygon
 * (x multiplied by cos(latitude)) so that distances are roughly isotropic.
 */
function poleOfInaccessibility(poly, precisionDeg = 0.005) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of poly[0]) {
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  }
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scaled = poly.map((ring) => ring.map((p) => [p[0] * k, p[1]]));
  const sMinX = minX * k;
  const sMaxX = maxX * k;
  const width = sMaxX - sMinX;
  const height = maxY - minY;
  const cellSize = Math.min(width, height);
  if (cellSize === 0) return [minX, minY];

  const makeCell = (x, y, h) => {
    const d = pointToPolygonDist(x, y, scaled);
    return { x, y, h, d, max: d + h * Math.SQRT2 };
  };
  // Binary max-heap on cell.max (ties broken by insertion order for determinism).
  const heap = [];
  let seq = 0;
  const better = (a, b) => a.max > b.max || (a.max === b.max && a.seq < b.seq);
  const push = (c) => {
    c.seq = seq++;
    heap.push(c);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!better(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && better(heap[l], heap[m])) m = l;
        if (r < heap.length && better(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };

  let h = cellSize / 2;
  for (let x = sMinX; x < sMaxX; x += cellSize) {
    for (let y = minY; y < maxY; y += cellSize) push(makeCell(x + h, y + h, h));
  }
  // Start from the area centroid of the outer ring, or the bbox centre.
  let best;
  {
    const ring = scaled[0];
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const f = ring[i][0] * ring[j][1] - ring[j][0] * ring[i][1];
      cx += (ring[i][0] + ring[j][0]) * f;
      cy += (ring[i][1] + ring[j][1]) * f;
      a += f * 3;
    }
    best = a === 0 ? makeCell(ring[0][0], ring[0][1], 0) : makeCell(cx / a, cy / a, 0);
    const bbox = makeCell(sMinX + width / 2, minY + height / 2, 0);
    if (bbox.d > best.d) best = bbox;
  }
  while (heap.length > 0) {
    const cell = pop();
    if (cell.d > best.d) best = cell;
    if (cell.max - best.d <= precisionDeg) continue;
    h = cell.h / 2;
    push(makeCell(cell.x - h, cell.y - h, h));
    push(makeCell(cell.x + h, cell.y - h, h));
    push(makeCell(cell.x - h, cell.y + h, h));
    push(makeCell(cell.x + h, cell.y + h, h));
  }
  return [best.x / k, best.y];
}

// ---------------------------------------------------------------------------------------------
// I/O helpers

function readJson(rel) {
  const file = path.join(sharedData, rel);
  if (!fs.existsSync(file)) {
    console.error(`Missing shared data file: ${file}\nSet SHARED_DATA to the folder holding the sample data.`);
    process.exit(1);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const report = [];

function writeCollection(name, features, note = '') {
  const text = JSON.stringify({ type: 'FeatureCollection', features }) + '\n';
  JSON.parse(text); // sanity: valid JSON
  fs.writeFileSync(path.join(outDir, name), text);
  const bytes = Buffer.byteLength(text);
  report.push({ name, count: features.length, bytes });
  console.log(`${name.padEnd(34)} ${String(features.length).padStart(6)} features ${String(bytes).padStart(10)} bytes${note ? '  ' + note : ''}`);
  return bytes;
}

function feature(properties, geometry) {
  return { type: 'Feature', properties, geometry };
}

// ---------------------------------------------------------------------------------------------
// Layers

fs.mkdirSync(outDir, { recursive: true });
const notes = {};

// 1. UK outline
{
  const src = readJson('boundaries/uk-outline-2018-sgc.geojson');
  const stats = { droppedRings: 0 };
  const f = src.features[0];
  let polys = roundPolygons(polygonsOf(f.geometry), NATIONAL_DP, stats);
  const partsBefore = polys.length;
  let threshold = 0;
  let build = () => [feature({ name: f.properties.name ?? 'United Kingdom' }, polygonGeometry(polys))];
  let size = Buffer.byteLength(JSON.stringify({ type: 'FeatureCollection', features: build() }));
  // Drop the tiniest islands only if the rounded outline is still too large.
  for (const t of [0.05, 0.1, 0.25, 0.5, 1, 2, 5]) {
    if (size <= OUTLINE_MAX_BYTES) break;
    threshold = t;
    polys = polys.filter((p) => ringAreaKm2(p[0]) >= t);
    size = Buffer.byteLength(JSON.stringify({ type: 'FeatureCollection', features: build() }));
  }
  notes.outline = { partsSource: polygonsOf(f.geometry).length, partsBefore, partsAfter: polys.length, threshold, droppedRings: stats.droppedRings };
  writeCollection('uk-outline.geojson', build(), `(${polys.length} parts; ${stats.droppedRings} rings collapsed by rounding${threshold ? `; parts under ${threshold} km² dropped` : ''})`);
}

// 2. NUTS1 regions
{
  const src = readJson('boundaries/uk-nuts1-regions-2018-sgc.geojson');
  const stats = { droppedRings: 0 };
  const features = src.features.map((f) =>
    feature(
      { code: f.properties.nuts118cd, name: f.properties.nuts118nm },
      roundPolygonGeometry(f.geometry, NATIONAL_DP, stats),
    ),
  );
  notes.regions = stats;
  writeCollection('regions.geojson', features, `(${stats.droppedRings} rings collapsed by rounding)`);
}

// 3. Police force areas (TopoJSON) + 4. labels
{
  const topo = readJson('boundaries/police-force-areas-uk.topojson');
  const objectName = Object.keys(topo.objects)[0];
  if (Object.keys(topo.objects).length !== 1) {
    console.warn(`police-force-areas-uk.topojson has ${Object.keys(topo.objects).length} objects; using "${objectName}"`);
  }
  const fc = topojson.feature(topo, topo.objects[objectName]);
  const stats = { droppedRings: 0 };
  const pfa = fc.features.map((f) => ({
    code: f.properties.PFACD,
    name: f.properties.PFANM,
    polys: roundPolygons(polygonsOf(f.geometry), NATIONAL_DP, stats),
  }));
  // Stable order: by code.
  pfa.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  notes.pfa = { objectName, ...stats };
  writeCollection(
    'police-force-areas.geojson',
    pfa.map((p) => feature({ code: p.code, name: p.name }, polygonGeometry(p.polys))),
    `(object "${objectName}"; ${stats.droppedRings} rings collapsed by rounding)`,
  );

  const ew = readJson('boundaries/police-force-areas-ew-2020.geojson');
  const norm = (s) => String(s ?? '').toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, ' ').trim();
  const byCode = new Map(ew.features.map((f) => [f.properties.PFA20CD, f.properties]));
  const byName = new Map(ew.features.map((f) => [norm(f.properties.PFA20NM), f.properties]));
  const labelNotes = [];
  const labels = pfa.map((p) => {
    const match = byCode.get(p.code) ?? byName.get(norm(p.name));
    let pt = null;
    let how;
    if (match && Number.isFinite(match.LONG) && Number.isFinite(match.LAT)) {
      const x = roundTo(match.LONG, NATIONAL_DP);
      const y = roundTo(match.LAT, NATIONAL_DP);
      if (p.polys.some((poly) => pointInPolygon(x, y, poly))) {
        pt = [x, y];
        how = 'ons';
      } else {
        how = 'ons-outside';
      }
    }
    if (!pt) {
      // Largest polygon by area, then its pole of inaccessibility.
      let largest = p.polys[0];
      for (const poly of p.polys) if (ringAreaKm2(poly[0]) > ringAreaKm2(largest[0])) largest = poly;
      const [x, y] = poleOfInaccessibility(largest);
      pt = [roundTo(x, NATIONAL_DP), roundTo(y, NATIONAL_DP)];
      if (!pointInPolygon(pt[0], pt[1], largest)) throw new Error(`label for ${p.code} is not inside its area`);
      how = how === 'ons-outside' ? 'pole (ONS LONG/LAT fell outside)' : 'pole (no ONS 2020 match)';
    }
    if (how !== 'ons') labelNotes.push(`${p.code} ${p.name}: ${how}`);
    return feature({ code: p.code, name: p.name }, { type: 'Point', coordinates: pt });
  });
  notes.labels = labelNotes;
  writeCollection('police-force-area-labels.geojson', labels, labelNotes.length ? `(fallback: ${labelNotes.join('; ')})` : '');
}

// 5. Local roads (B&NES)
{
  const src = readJson('infrastructure/banes-os-roads.geojson');
  const stats = { droppedLines: 0 };
  const features = [];
  for (const f of src.features) {
    const g = roundLineGeometry(f.geometry, LOCAL_DP, stats);
    if (!g) continue;
    features.push(feature({ class: f.properties.classifica ?? null, number: f.properties.roadnumber ?? null, name: f.properties.distname ?? null }, g));
  }
  notes.roads = { source: src.features.length, ...stats };
  writeCollection('local-roads.geojson', features, stats.droppedLines ? `(${stats.droppedLines} lines collapsed by rounding)` : '');
}

// 6. Local rail (B&NES)
{
  const src = readJson('infrastructure/banes-os-rail-track.geojson');
  const stats = { droppedLines: 0 };
  const features = [];
  for (const f of src.features) {
    const g = roundLineGeometry(f.geometry, LOCAL_DP, stats);
    if (g) features.push(feature({}, g));
  }
  notes.rail = { source: src.features.length, ...stats };
  writeCollection('local-rail.geojson', features, stats.droppedLines ? `(${stats.droppedLines} lines collapsed by rounding)` : '');
}

// ---------------------------------------------------------------------------------------------
// SOURCES.md

const ONS_LICENCE_2018 =
  'ONS Open Geography Portal, "NUTS Level 1 (January 2018) Super Generalised Clipped Boundaries in the United Kingdom", Open Government Licence v3.0; attribution "Source: Office for National Statistics licensed under the Open Government Licence v.3.0; contains OS data © Crown copyright and database right 2018"';
const ONS_PFA =
  'ONS Open Geography (PFA boundaries), OGL v3; "Source: Office for National Statistics licensed under the Open Government Licence v.3.0; contains OS data © Crown copyright and database right"';
const OS_BANES =
  'Ordnance Survey (OS Open Map - Local, retrieved 2017-10-05), OS OpenData licence = Open Government Licence v3.0; attribution "Contains OS data © Crown copyright and database right 2017"; "Powered by Bath: Hacked" requested';

const r = Object.fromEntries(report.map((x) => [x.name, x]));
const fmt = (name) => `${r[name].count} features, ${(r[name].bytes / 1024).toFixed(0)} KB`;
const esc = (s) => s.replace(/\|/g, '\\|');

const outlineChange = notes.outline.threshold
  ? `rounded to ${NATIONAL_DP} dp; ${notes.outline.partsSource - notes.outline.partsBefore} parts collapsed by rounding; to keep the file under 1 MB, island parts smaller than ${notes.outline.threshold} km² were dropped (${notes.outline.partsBefore} -> ${notes.outline.partsAfter} parts)`
  : `rounded to ${NATIONAL_DP} dp; ${notes.outline.partsSource} -> ${notes.outline.partsAfter} parts (parts that collapsed to fewer than 4 positions after rounding were dropped; no size-based island filtering was needed)`;

const rows = [
  [
    'uk-outline.geojson',
    `outline of the United Kingdom, one MultiPolygon (${fmt('uk-outline.geojson')})`,
    'boundaries/uk-outline-2018-sgc.geojson (the NUTS1 2018 SGC regions dissolved by the GitHub project chris-greening/UK-Energy-Consumption, uk.geojson, commit c411210445dabe3d332db17316fa12f6b2828adc)',
    ONS_LICENCE_2018,
    `${outlineChange}; properties {name}`,
  ],
  [
    'regions.geojson',
    `the 12 NUTS level 1 regions of the UK, January 2018, super-generalised clipped (${fmt('regions.geojson')})`,
    'boundaries/uk-nuts1-regions-2018-sgc.geojson (chris-greening/UK-Energy-Consumption, nuts_level_1.geojson, commit c411210445dabe3d332db17316fa12f6b2828adc)',
    ONS_LICENCE_2018,
    `rounded to ${NATIONAL_DP} dp; properties renamed nuts118cd -> code, nuts118nm -> name, others dropped`,
  ],
  [
    'police-force-areas.geojson',
    `the 45 police force areas of the UK (43 England and Wales, Police Scotland, PSNI), quantised to about 1 km by the source (${fmt('police-force-areas.geojson')})`,
    'boundaries/police-force-areas-uk.topojson (GitHub gutofthequantifier/gutofthequantifier.github.io, Police_Force_Areas_UK_Quantized.topojson, commit 63a20a9bfa75ad25ca2155f03eebac876ce149f7)',
    ONS_PFA,
    `TopoJSON object "${notes.pfa.objectName}" converted to GeoJSON with topojson-client; ${notes.pfa.droppedRings} degenerate rings (zero-area artefacts of the source's 1 km quantisation) dropped; rounded to ${NATIONAL_DP} dp; rings rewound to RFC 7946 order; sorted by code; properties renamed PFACD -> code, PFANM -> name (PFAFNM dropped)`,
  ],
  [
    'police-force-area-labels.geojson',
    `one label Point per police force area, inside the area (${fmt('police-force-area-labels.geojson')})`,
    'boundaries/police-force-areas-ew-2020.geojson (LONG/LAT of the 43 England and Wales areas, same GitHub repo, police_force_areas.geojson) and the areas above',
    ONS_PFA,
    `the ONS LONG/LAT when the code (PFA20CD) or name matches and the point lies inside the area; otherwise the pole of inaccessibility of the largest polygon (${notes.labels.length ? notes.labels.join('; ') : 'none'}); ${NATIONAL_DP} dp; properties {code, name}`,
  ],
  [
    'local-roads.geojson',
    `all OS Open Map Local road centrelines in Bath & North East Somerset (${fmt('local-roads.geojson')})`,
    'infrastructure/banes-os-roads.geojson (GitHub BathHacked/banes-geographic-data, os_roads.geojson, commit cd6eed166f84793d921f8b1051005304e734cca4)',
    OS_BANES,
    `all ${notes.roads.source} roads kept except ${notes.roads.droppedLines} stubs shorter than 1 m that collapse to a single point at ${LOCAL_DP} dp; rounded to ${LOCAL_DP} dp; properties renamed classifica -> class, roadnumber -> number, distname -> name (id, drawlevel, override, featcode dropped)`,
  ],
  [
    'local-rail.geojson',
    `OS rail track lines in Bath & North East Somerset (${fmt('local-rail.geojson')})`,
    'infrastructure/banes-os-rail-track.geojson (same repo, os_rail_track.geojson, commit cd6eed166f84793d921f8b1051005304e734cca4)',
    OS_BANES,
    `rounded to ${LOCAL_DP} dp; all properties dropped`,
  ],
];

const md = `# Sources of the basemap layers

Generated by \`scripts/build-basemap.mjs\` (\`npm run basemap\`) from the shared public sample data
(\`SOURCES.md\` / \`SOURCES-2.md\` of that folder). Do not edit by hand; re-run the script.

All files are GeoJSON FeatureCollections in WGS84 longitude/latitude (RFC 7946: no \`crs\` member, exterior
rings counter-clockwise, holes clockwise), written without pretty printing. Coordinates are rounded to
${NATIONAL_DP} decimal places (about 10 m) for the national layers and ${LOCAL_DP} (about 1 m) for the local Bath & North East
Somerset detail; consecutive duplicate vertices left by rounding are removed, and rings that collapse to fewer
than 4 positions or to zero area (degenerate spikes) are dropped, as are lines that collapse to a single point. Keep the licence and attribution lines below with any copy.

| file | what | built from (shared data) | source, licence, attribution | changed by the script |
|---|---|---|---|---|
${rows.map((row) => `| ${row.map(esc).join(' | ')} |`).join('\n')}

Attribution to show on the map: "Source: Office for National Statistics licensed under the Open Government
Licence v.3.0; contains OS data © Crown copyright and database right 2018" (national layers) and "Contains OS
data © Crown copyright and database right 2017" (Bath & North East Somerset roads and rail; Powered by Bath: Hacked).
`;
fs.writeFileSync(path.join(outDir, 'SOURCES.md'), md);

const total = report.reduce((s, x) => s + x.bytes, 0) + Buffer.byteLength(md);
console.log(`SOURCES.md written; total ${(total / 1024 / 1024).toFixed(2)} MB in ${path.relative(repoRoot, outDir)}/`);
