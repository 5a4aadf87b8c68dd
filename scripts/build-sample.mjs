#!/usr/bin/env node
// Builds the bundled sample workspace in data/sample/ (Avon and Somerset, centred on Bath) from the
// shared public sample data.
//
//   node scripts/build-sample.mjs            (reads ../shared/data relative to the repo root)
//   SHARED_DATA=/path/to/data node scripts/build-sample.mjs
//
// Deterministic: the same input always gives byte-identical output. Plain Node ESM, no new deps.
// The crime, population and boundary layers are real public data; the NRD sites are illustrative.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointInPolygon, polygonsOf, roundPolygonGeometry, roundTo } from './geojson-rounding.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedData = path.resolve(repoRoot, process.env.SHARED_DATA ?? '../shared/data');
const outDir = path.join(repoRoot, 'data', 'sample');

const DP = 5;

const SRC = {
  crime: 'police-uk/2023-01-avon-and-somerset-street.csv',
  lsoa: 'boundaries/avon-and-somerset-lsoa-2011.geojson',
  population: 'population/avon-and-somerset-lsoa-2011-population-mid2018.csv',
  banes: 'boundaries/banes-boundary-os.geojson',
  anpr: 'anpr/banes-anpr-survey-sites-2017.csv',
  roads: 'infrastructure/banes-os-roads.geojson',
  buildings: 'infrastructure/banes-os-important-buildings.geojson',
  stations: 'infrastructure/banes-os-rail-stations.geojson',
};

const OUT = {
  crime: 'crime-2023-01-avon-and-somerset.csv',
  population: 'lsoa-population-avon-and-somerset.geojson',
  boundary: 'banes-boundary.geojson',
  sensitive: 'sensitive-places-banes.geojson',
  stations: 'rail-stations-banes.geojson',
  sites: 'sites.json',
  workspace: 'workspace.json',
};

// Existing sites: location_id values of the B&NES Nov 2017 ANPR survey (radial_group 1 = outer ring,
// 2 = inner ring), chosen to spread around Bath on main roads.
const EXISTING_LOCATION_IDS = [2, 3, 5, 8, 10, 11, 14, 20, 22, 23];
const EXISTING_NOTES =
  'Illustrative: position of a Bath & North East Somerset Council ANPR traffic survey site (Nov 2017, OGL v3), used as a stand-in; not a police NRD. No public register of police NRD locations exists.';
/** Road name of an existing site: the nearest A road / primary road within this distance, else the survey description. */
const ROAD_SNAP_METRES = 15;

// Proposed sites: the interior vertex of an A road / primary road (given road number) nearest to the
// target point. Targets were picked by hand on main roads into Bath, away from the survey sites.
const PROPOSED = [
  { reference: 'BANES-P01', place: 'Saltford', roadNumber: 'A4', target: [-2.4567, 51.4016], status: 'proposed' },
  { reference: 'BANES-P02', place: 'Twerton', roadNumber: 'A36', target: [-2.3955, 51.3812], status: 'under-assessment' },
  { reference: 'BANES-P03', place: 'Batheaston', roadNumber: 'A4', target: [-2.337, 51.3989], status: 'proposed' },
];
const PROPOSED_NOTES = 'Illustrative proposed site for the sample workspace; not a real proposal.';
const MAIN_ROAD_CLASSES = new Set(['A Road', 'Primary Road']);

// ---------------------------------------------------------------------------------------------
// Helpers

function fail(message) {
  console.error(`build-sample: ${message}`);
  process.exit(1);
}

function srcPath(rel) {
  const file = path.join(sharedData, rel);
  if (!fs.existsSync(file)) fail(`missing shared data file ${file}\nSet SHARED_DATA to the folder holding the sample data.`);
  return file;
}

const readJson = (rel) => JSON.parse(fs.readFileSync(srcPath(rel), 'utf8'));

/** Minimal RFC 4180 CSV parser (quoted fields, doubled quotes, CRLF/LF). Returns rows of strings. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

function readCsvObjects(rel) {
  const text = fs.readFileSync(srcPath(rel), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function pointInGeometry(x, y, geometry) {
  return polygonsOf(geometry).some((poly) => pointInPolygon(x, y, poly));
}

/** The shared helper throws on a non-polygon geometry; report that like every other input error here. */
function roundPolygonGeometryOrFail(geometry, dp, stats) {
  try {
    return roundPolygonGeometry(geometry, dp, stats);
  } catch (e) {
    fail(e.message);
  }
}

const toRad = (d) => (d * Math.PI) / 180;
const toDeg = (r) => (r * 180) / Math.PI;

/** Initial great-circle bearing from a to b, degrees in [0, 360). */
function bearing(a, b) {
  const [l1, p1] = [toRad(a[0]), toRad(a[1])];
  const [l2, p2] = [toRad(b[0]), toRad(b[1])];
  const y = Math.sin(l2 - l1) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(l2 - l1);
  return (toDeg(Math.atan2(y, x)) + 360) % 360;
}

/** Approximate ground distance in metres (equirectangular; fine at these scales). */
function metres(a, b) {
  const k = Math.cos(toRad((a[1] + b[1]) / 2));
  return Math.hypot((a[0] - b[0]) * k * 111320, (a[1] - b[1]) * 110574);
}

function pointToSegmentMetres(p, a, b) {
  const k = Math.cos(toRad(p[1]));
  const ax = a[0] * k * 111320, ay = a[1] * 110574;
  const bx = b[0] * k * 111320, by = b[1] * 110574;
  const px = p[0] * k * 111320, py = p[1] * 110574;
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - ax - dx * t, py - ay - dy * t);
}

const COMPASS_16 = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'];
const COMPASS_WORD = { N: 'North', S: 'South', E: 'East', W: 'West', NE: 'North-east', NW: 'North-west', SE: 'South-east', SW: 'South-west' };

/** Travel direction (N, NE, ...) -> bearing of a camera facing the oncoming traffic (the opposite way). */
function cameraBearingForTravel(direction) {
  const i = COMPASS_16.indexOf(direction.trim().toUpperCase());
  if (i < 0) fail(`unknown direction of travel "${direction}" in ${SRC.anpr}`);
  return (i * 22.5 + 180) % 360;
}

/** Camera bearing -> "Westbound" etc. for the oncoming traffic it reads (8 points). */
function travelWordForCamera(cameraBearing) {
  const travel = (cameraBearing + 180) % 360;
  const eight = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'][Math.round(travel / 45) % 8];
  return `${COMPASS_WORD[eight]}bound`;
}

function normBearing(b) {
  const r = roundTo(((b % 360) + 360) % 360, 0);
  return r >= 360 ? r - 360 : r;
}

const bytesOf = (s) => Buffer.byteLength(s);
const report = [];
function writeText(name, text, count, what) {
  fs.writeFileSync(path.join(outDir, name), text);
  report.push({ name, bytes: bytesOf(text), count, what });
  console.log(`${name.padEnd(44)} ${String(count).padStart(6)} ${what.padEnd(9)} ${String(bytesOf(text)).padStart(9)} bytes`);
}
const jsonCompact = (v) => JSON.stringify(v) + '\n';

// ---------------------------------------------------------------------------------------------
fs.mkdirSync(outDir, { recursive: true });

// 1. Crime: byte-for-byte copy.
const crimeBytes = fs.readFileSync(srcPath(SRC.crime));
fs.writeFileSync(path.join(outDir, OUT.crime), crimeBytes);
const crimeRows = parseCsv(crimeBytes.toString('utf8')).length - 1;
report.push({ name: OUT.crime, bytes: crimeBytes.length, count: crimeRows, what: 'rows' });
console.log(`${OUT.crime.padEnd(44)} ${String(crimeRows).padStart(6)} rows      ${String(crimeBytes.length).padStart(9)} bytes (byte-for-byte copy)`);
if (!fs.readFileSync(path.join(outDir, OUT.crime)).equals(crimeBytes)) fail('crime copy differs from its source');

// 2. LSOA population.
const lsoaStats = { droppedRings: 0 };
let populationTotal = 0;
let nameMismatches = 0;
{
  const lsoa = readJson(SRC.lsoa);
  const pop = readCsvObjects(SRC.population);
  const popByCode = new Map();
  for (const r of pop) {
    if (popByCode.has(r.LSOA11CD)) fail(`duplicate LSOA11CD ${r.LSOA11CD} in ${SRC.population}`);
    popByCode.set(r.LSOA11CD, r);
  }
  const seen = new Set();
  const unjoinedBoundaries = [];
  const features = [];
  for (const f of lsoa.features) {
    const code = f.properties.LSOA11CD;
    if (seen.has(code)) fail(`duplicate LSOA11CD ${code} in ${SRC.lsoa}`);
    seen.add(code);
    const p = popByCode.get(code);
    if (!p) {
      unjoinedBoundaries.push(code);
      continue;
    }
    const population = Number(p.population_mid2018);
    const areaSqKm = Number(p.area_sq_km);
    if (!Number.isInteger(population) || !Number.isFinite(areaSqKm)) fail(`bad population/area for ${code}: ${JSON.stringify(p)}`);
    if (p.LSOA11NM !== f.properties.LSOA11NM) nameMismatches++;
    const geometry = roundPolygonGeometryOrFail(f.geometry, DP, lsoaStats);
    if (!geometry) fail(`LSOA ${code} collapsed when rounded`);
    populationTotal += population;
    features.push({ type: 'Feature', properties: { code, name: f.properties.LSOA11NM, population, areaSqKm }, geometry });
  }
  const unjoinedPopulation = pop.map((r) => r.LSOA11CD).filter((c) => !seen.has(c));
  if (unjoinedBoundaries.length || unjoinedPopulation.length) {
    console.error(`LSOA boundaries without a population row (${unjoinedBoundaries.length}): ${unjoinedBoundaries.join(', ')}`);
    console.error(`Population rows without a boundary (${unjoinedPopulation.length}): ${unjoinedPopulation.join(', ')}`);
    fail('LSOA join incomplete');
  }
  if (nameMismatches) console.warn(`warning: ${nameMismatches} LSOA names differ between boundary and population files (boundary name kept)`);
  writeText(OUT.population, jsonCompact({ type: 'FeatureCollection', features }), features.length, 'features');
}

// 3. B&NES boundary.
let banesGeometry;
{
  const src = readJson(SRC.banes);
  if (src.features.length !== 1) fail(`expected 1 feature in ${SRC.banes}, got ${src.features.length}`);
  const stats = { droppedRings: 0 };
  banesGeometry = roundPolygonGeometryOrFail(src.features[0].geometry, DP, stats);
  const features = [{ type: 'Feature', properties: { name: 'Bath and North East Somerset' }, geometry: banesGeometry }];
  writeText(OUT.boundary, jsonCompact({ type: 'FeatureCollection', features }), 1, 'features');
}

// 4. Sites.
const roads = readJson(SRC.roads).features;
const mainRoadLines = [];
roads.forEach((f, index) => {
  if (!MAIN_ROAD_CLASSES.has(f.properties.classifica)) return;
  const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const line of lines) mainRoadLines.push({ index, props: f.properties, line });
});
const roadLabel = (props) => [props.roadnumber, props.distname].filter(Boolean).join(' ');

function makeSite(s) {
  const lon = roundTo(s.lon, 6);
  const lat = roundTo(s.lat, 6);
  if (!pointInGeometry(lon, lat, banesGeometry)) fail(`site ${s.reference} (${lon}, ${lat}) is outside the B&NES boundary`);
  return {
    reference: s.reference,
    name: s.name,
    kind: s.kind,
    lon,
    lat,
    enteredAs: { crs: 'EPSG:4326', lon, lat },
    bearingDegrees: s.bearingDegrees,
    rangeMetres: s.rangeMetres,
    fieldOfViewDegrees: s.fieldOfViewDegrees,
    lanes: s.lanes,
    directionOfTravel: s.directionOfTravel,
    road: s.road,
    status: s.status,
    forceArea: 'Avon and Somerset',
    region: 'South West',
    notes: s.notes,
    illustrative: true,
  };
}

const sites = [];
const siteNotes = [];
{
  const rows = readCsvObjects(SRC.anpr);
  const byLocation = new Map();
  for (const r of rows) {
    const id = Number(r.location_id);
    if (!byLocation.has(id)) byLocation.set(id, []);
    byLocation.get(id).push(r);
  }
  for (const id of EXISTING_LOCATION_IDS) {
    const group = byLocation.get(id);
    if (!group) fail(`location_id ${id} not found in ${SRC.anpr}`);
    const first = group[0];
    const p = [Number(first.longitude), Number(first.latitude)];
    let best = null;
    for (const r of mainRoadLines) {
      for (let i = 0; i < r.line.length - 1; i++) {
        const d = pointToSegmentMetres(p, r.line[i], r.line[i + 1]);
        if (!best || d < best.d) best = { d, props: r.props };
      }
    }
    const road = best && best.d <= ROAD_SNAP_METRES && roadLabel(best.props) ? roadLabel(best.props) : first.description;
    // Rows at the first row's position (a location read in both directions at one point) or, where the
    // survey used separate "a"/"b" cameras at different positions, only the first row.
    const here = group.filter((r) => r.longitude === first.longitude && r.latitude === first.latitude);
    const directions = [...new Set(here.map((r) => r.direction.trim()))];
    const outer = first.radial_group === '1';
    sites.push(
      makeSite({
        reference: `BANES-E${String(id).padStart(2, '0')}`,
        name: first.description,
        kind: 'existing',
        lon: p[0],
        lat: p[1],
        bearingDegrees: cameraBearingForTravel(first.direction),
        rangeMetres: outer ? 100 : 80,
        fieldOfViewDegrees: 30,
        lanes: null,
        directionOfTravel: directions.length > 1 ? 'Both directions' : `${COMPASS_WORD[directions[0]] ?? directions[0]}bound`,
        road,
        status: 'live',
        notes: EXISTING_NOTES,
      }),
    );
    siteNotes.push(
      `BANES-E${String(id).padStart(2, '0')}: survey location_id ${id} (${first.name}, radial_group ${first.radial_group}), rows ${group.map((r) => `${r.id} ${r.direction}`).join(' / ')}${here.length < group.length ? ' (separate cameras at different positions; direction of travel = row ' + first.id + ' only)' : ''}; position and bearing of row ${first.id}; road ${best && best.d <= ROAD_SNAP_METRES ? `from the nearest OS A/primary road (${best.d.toFixed(0)} m)` : 'from the survey description'}`,
    );
  }

  for (const prop of PROPOSED) {
    let best = null;
    for (const r of mainRoadLines) {
      if (r.props.roadnumber !== prop.roadNumber) continue;
      for (let i = 1; i < r.line.length - 1; i++) {
        const d = metres(r.line[i], prop.target);
        if (!best || d < best.d) best = { d, r, i };
      }
    }
    if (!best) fail(`no interior vertex of ${prop.roadNumber} found for ${prop.reference}`);
    const { line, props } = best.r;
    const v = line[best.i];
    const b = normBearing(bearing(line[best.i - 1], line[best.i + 1]));
    const road = roadLabel(props);
    sites.push(
      makeSite({
        reference: prop.reference,
        name: `${road}, ${prop.place}`,
        kind: 'proposed',
        lon: v[0],
        lat: v[1],
        bearingDegrees: b,
        rangeMetres: 100,
        fieldOfViewDegrees: 30,
        lanes: 1,
        directionOfTravel: travelWordForCamera(b),
        road,
        status: prop.status,
        notes: PROPOSED_NOTES,
      }),
    );
    siteNotes.push(`${prop.reference}: vertex ${best.i} of OS road feature #${best.r.index} (${road}, ${props.classifica}), ${best.d.toFixed(0)} m from the hand-picked target; bearing along the road's digitised direction`);
  }
  const allowedKeys = 'reference,name,kind,lon,lat,enteredAs,bearingDegrees,rangeMetres,fieldOfViewDegrees,lanes,directionOfTravel,road,status,forceArea,region,notes,illustrative';
  for (const s of sites) {
    if (Object.keys(s).join(',') !== allowedKeys) fail(`site ${s.reference} has unexpected keys`);
    if (s.bearingDegrees !== null && !(s.bearingDegrees >= 0 && s.bearingDegrees < 360)) fail(`bad bearing for ${s.reference}`);
  }
  writeText(OUT.sites, JSON.stringify(sites, null, 2) + '\n', sites.length, 'sites');
}

// 4b. Sensitive places and CNI for the privacy figures: OS important buildings that are schools,
// places of worship or medical care, and the railway stations, both in B&NES.
const SENSITIVE_THEMES = new Set(['Education', 'Religious', 'Medical Care']);
{
  const buildings = readJson(SRC.buildings);
  const features = buildings.features
    .filter((f) => SENSITIVE_THEMES.has(f.properties.buildgthem))
    .map((f) => ({ type: 'Feature', properties: { name: f.properties.distname ?? '', category: f.properties.buildgthem, type: f.properties.classifica ?? '' }, geometry: roundPolygonGeometry(f.geometry, DP, {}) }));
  writeText(OUT.sensitive, JSON.stringify({ type: 'FeatureCollection', features }) + '\n', features.length, 'places');
  const stations = readJson(SRC.stations);
  const points = stations.features.map((f) => ({
    type: 'Feature',
    properties: { name: f.properties.distname ?? '', category: f.properties.classifica ?? 'Railway Station' },
    geometry: { type: 'Point', coordinates: f.geometry.coordinates.map((c) => roundTo(c, DP)) },
  }));
  writeText(OUT.stations, JSON.stringify({ type: 'FeatureCollection', features: points }) + '\n', points.length, 'stations');
}

// 5. Workspace.
const ATTR = {
  crime: 'Contains public sector information licensed under the Open Government Licence v3.0 (data.police.uk)',
  population: 'Source: Office for National Statistics licensed under the Open Government Licence v.3.0; contains OS data © Crown copyright and database right',
  boundary: 'Contains OS data © Crown copyright and database right 2017 (OS Open Map - Local, Open Government Licence v3.0); Powered by Bath: Hacked',
};
const workspace = {
  name: 'Sample: Avon and Somerset (Bath)',
  forceArea: 'Avon and Somerset',
  description:
    'Real public data for Avon and Somerset: police.uk street crime for January 2023, ONS mid-2018 population by LSOA and the Bath and North East Somerset boundary. The NRD sites around Bath are illustrative stand-ins, not real police NRD locations.',
  layers: [
    {
      name: 'Population by LSOA (mid-2018)',
      kind: 'population',
      geometry: 'polygon',
      file: OUT.population,
      format: 'geojson',
      sourceCrs: 'EPSG:4326',
      attribution: ATTR.population,
      style: { colour: '#6a51a3', opacity: 0.5 },
      visible: true,
    },
    {
      name: 'Bath and North East Somerset boundary',
      kind: 'boundary',
      geometry: 'polygon',
      file: OUT.boundary,
      format: 'geojson',
      sourceCrs: 'EPSG:4326',
      attribution: ATTR.boundary,
      style: { colour: '#222222', opacity: 1 },
      visible: true,
    },
    {
      name: 'Schools, places of worship and medical care (OS, B&NES)',
      kind: 'sensitive',
      geometry: 'polygon',
      file: OUT.sensitive,
      format: 'geojson',
      sourceCrs: 'EPSG:4326',
      attribution: ATTR.boundary,
      style: { colour: '#2ca02c', opacity: 0.8 },
      visible: true,
    },
    {
      name: 'Railway stations (OS, B&NES)',
      kind: 'cni',
      geometry: 'point',
      file: OUT.stations,
      format: 'geojson',
      sourceCrs: 'EPSG:4326',
      attribution: ATTR.boundary,
      style: { colour: '#8c564b', opacity: 1 },
      visible: true,
    },
    {
      name: 'Street crime, January 2023',
      kind: 'crime',
      geometry: 'point',
      file: OUT.crime,
      format: 'police-uk-csv',
      sourceCrs: 'EPSG:4326',
      attribution: ATTR.crime,
      style: { colour: '#d62728', opacity: 0.8 },
      visible: true,
    },
  ],
};
for (const l of workspace.layers) {
  if (!/^#[0-9a-f]{6}$/.test(l.style.colour)) fail(`bad colour ${l.style.colour}`);
  if (!fs.existsSync(path.join(outDir, l.file))) fail(`layer file ${l.file} missing`);
}
writeText(OUT.workspace, JSON.stringify(workspace, null, 2) + '\n', workspace.layers.length, 'layers');

// 6. SOURCES.md
const r = Object.fromEntries(report.map((x) => [x.name, x]));
const sz = (name) => `${(r[name].bytes / 1024).toFixed(0)} KB`;
const esc = (s) => s.replace(/\|/g, '\\|');
const OS_BANES =
  'Ordnance Survey (OS Open Map - Local, retrieved 2017-10-05), OS OpenData licence = Open Government Licence v3.0; attribution "Contains OS data © Crown copyright and database right 2017"; "Powered by Bath: Hacked" requested';
const rows = [
  [
    OUT.crime,
    `street-level crime, Avon and Somerset Constabulary, January 2023, ${r[OUT.crime].count} rows, official police.uk 12-column format (${sz(OUT.crime)})`,
    `${SRC.crime} (GitHub pawar-aa/PSAProj_TSP_MyCode, src/main/resources/2023-01-avon-and-somerset-street.csv, commit abfaf140e9be2cc320776e5fd4f399874e6068ff)`,
    'data.police.uk (Home Office), Open Government Licence v3.0; "Contains public sector information licensed under the Open Government Licence v3.0"',
    'none: byte-for-byte copy',
  ],
  [
    OUT.population,
    `${r[OUT.population].count} LSOA (December 2011) boundaries of the five unitary areas of the Avon and Somerset force area, Generalised Clipped, with mid-2018 resident population (total ${populationTotal.toLocaleString('en-GB')}) and land area (${sz(OUT.population)})`,
    `${SRC.lsoa} (GitHub drkane/geo-lookups, boundaries/lsoa11/E06000022..25, E06000066, commit e20a072d5fc0918437abaa3622be63f40b71d9dd) joined with ${SRC.population} (GitHub samuel-book/stroke_unit_demographics, SAPE21DT11-mid-2018-lsoa-population-density.xlsx, commit 8ff9f37d84462539de577414d97676f6e0309c12)`,
    'boundaries: ONS Open Geography Portal, OGL v3.0; "Source: Office for National Statistics licensed under the Open Government Licence v.3.0; contains OS data © Crown copyright and database right". Population: ONS, table SAPE21DT11 "Mid-2018 Population Density for Lower Layer Super Output Areas in England and Wales" (National Statistics), OGL v3.0. ONS asks that figures be rounded to the nearest 100 when quoted',
    `joined on LSOA11CD (every boundary has a population row and every population row a boundary; the script fails otherwise); properties replaced by {code: LSOA11CD, name: LSOA11NM, population: population_mid2018 (integer), areaSqKm: area_sq_km}; coordinates rounded to ${DP} dp, consecutive duplicates removed, rings rewound to RFC 7946 order${lsoaStats.droppedRings ? `, ${lsoaStats.droppedRings} collapsed rings dropped` : ''}`,
  ],
  [
    OUT.boundary,
    `outline of Bath & North East Somerset unitary authority, 1 polygon (${sz(OUT.boundary)})`,
    `${SRC.banes} (GitHub BathHacked/banes-geographic-data, os_boundary.geojson, commit cd6eed166f84793d921f8b1051005304e734cca4)`,
    OS_BANES,
    `properties replaced by {name: "Bath and North East Somerset"}; coordinates rounded to ${DP} dp, consecutive duplicates removed`,
  ],
  [
    OUT.sensitive,
    `${r[OUT.sensitive].count} OS important buildings in B&NES that are schools and colleges (Education), places of worship (Religious) or medical care (Medical Care): the sensitive places of the privacy figures (${sz(OUT.sensitive)})`,
    `${SRC.buildings} (GitHub BathHacked/banes-geographic-data, os_important_buildings.geojson, commit cd6eed166f84793d921f8b1051005304e734cca4)`,
    OS_BANES,
    `kept where buildgthem is Education, Religious or Medical Care; properties replaced by {name: distname, category: buildgthem, type: classifica}; coordinates rounded to ${DP} dp`,
  ],
  [
    OUT.stations,
    `the ${r[OUT.stations].count} railway stations of B&NES, as critical national infrastructure for the sample (${sz(OUT.stations)})`,
    `${SRC.stations} (GitHub BathHacked/banes-geographic-data, os_rail_station.geojson, commit cd6eed166f84793d921f8b1051005304e734cca4)`,
    OS_BANES,
    `properties replaced by {name: distname, category: classifica}; coordinates rounded to ${DP} dp`,
  ],
  [
    OUT.sites,
    `${sites.length} ILLUSTRATIVE NRD sites around Bath: ${EXISTING_LOCATION_IDS.length} "existing" (status live) at the positions of council ANPR traffic survey sites, ${PROPOSED.length} "proposed" on A roads (${sz(OUT.sites)})`,
    `${SRC.anpr} (Bath & North East Somerset Council via Bath: Hacked; GitHub DaveBathnes/BathHacked-ANPR-Air, data/sites.zip, commit 687091c2622bc9cf5c8810d916981bdf69776d55) and ${SRC.roads} (GitHub BathHacked/banes-geographic-data, os_roads.geojson, commit cd6eed166f84793d921f8b1051005304e734cca4)`,
    `survey sites: Bath & North East Somerset Council via Bath: Hacked, Open Government Licence v3.0; attribution "Contains data published by B&NES Council under the Open Government Licence v3.0". Roads: ${OS_BANES}`,
    'existing: one site per chosen survey location_id, at the position of its first row; bearing = the opposite of that row\'s direction of travel (a camera reading northbound traffic faces south); direction of travel "Both directions" when both survey rows share that position, else the first row\'s direction only; road = the nearest OS A road / primary road within 15 m, else the survey description; range 100 m (outer ring) / 80 m (inner ring), field of view 30°, lanes unknown (null). Proposed: an interior vertex of an OS A road / primary road near a hand-picked target, bearing along the road there, range 100 m, field of view 30°, 1 lane. Ranges, fields of view, lanes and statuses are invented for the sample',
  ],
  [
    OUT.workspace,
    'the sample workspace definition: name, force area, description and the five data layers in draw order (population, boundary, sensitive places, railway stations, crime) with their attribution and style',
    'written by the script',
    'attribution lines as above',
    '-',
  ],
];

const md = `# Sources of the sample workspace

Generated by \`scripts/build-sample.mjs\` (\`npm run sample\`) from the shared public sample data
(\`SOURCES.md\` / \`SOURCES-2.md\` of that folder). Do not edit by hand; re-run the script. Keep the licence and
attribution lines below with any copy.

The crime, population and boundary layers are real public data. **The NRD sites in \`sites.json\` are
illustrative** (every site has \`"illustrative": true\`): no public register of UK police NRD (ANPR camera)
locations exists, forces do not publish them, and the procedure allows exact locations to be withheld. The
"existing" sites sit where Bath & North East Somerset Council ran a temporary ANPR traffic survey in November 2017
(a real ANPR deployment, but not police NRDs); the "proposed" sites are invented positions on main roads. None of
them is a real police camera or a real proposal.

All GeoJSON files are FeatureCollections in WGS84 longitude/latitude (RFC 7946), written without pretty printing.

| file | what | built from (shared data) | source, licence, attribution | changed by the script |
|---|---|---|---|---|
${rows.map((row) => `| ${row.map(esc).join(' | ')} |`).join('\n')}

## How each site was placed

${siteNotes.map((s) => `- ${s}`).join('\n')}
`;
fs.writeFileSync(path.join(outDir, 'SOURCES.md'), md);

// Final check: every JSON output parses.
for (const name of [OUT.population, OUT.boundary, OUT.sites, OUT.workspace]) JSON.parse(fs.readFileSync(path.join(outDir, name), 'utf8'));
const total = report.reduce((s, x) => s + x.bytes, 0) + bytesOf(md);
console.log(`SOURCES.md written; total ${(total / 1024 / 1024).toFixed(2)} MB in ${path.relative(repoRoot, outDir)}/`);
for (const s of sites) console.log(`  ${s.reference.padEnd(10)} ${s.kind.padEnd(8)} ${String(s.lon).padEnd(10)} ${String(s.lat).padEnd(10)} bearing ${String(s.bearingDegrees).padStart(3)}  ${s.road} (${s.name}; ${s.status})`);
