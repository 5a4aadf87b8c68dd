import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Site } from '../domain/site.ts';
import { parseOsGridReference } from '../geo/os-grid-reference.ts';
import { exampleSite, FIXED_TIME } from '../../test/fixtures/domain.ts';
import { REGISTER_COLUMNS, registerCsv, registerFileName, registerGeoJson } from './register-export.ts';

const HEADER =
  'reference,name,kind,status,latitude,longitude,easting,northing,os_grid_reference,bearing_degrees,range_metres,' +
  'field_of_view_degrees,lanes,direction_of_travel,road,force_area,region,status_changed_on,status_changed_by,' +
  'status_reason,illustrative,notes';

/** ONS publishes each police force area's label point in both BNG and WGS84: an independent check. */
const onsPoints = readFileSync(new URL('../../test/fixtures/ons-police-force-area-points.csv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#') && !line.startsWith('code,'))
  .map((line) => {
    const [code, , easting, northing, lon, lat] = line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    return { code: code!, easting: Number(easting), northing: Number(northing), lon: Number(lon), lat: Number(lat) };
  });

/** At ONS's label point for Avon and Somerset (BNG 356362, 150274), with a history of two changes. */
const reviewed = exampleSite({
  id: 'site-a',
  reference: 'NRD-10',
  name: 'Bath, London Road "east"',
  lon: -2.62662,
  lat: 51.24995,
  status: 'under-review',
  statusHistory: [
    { from: 'approved', to: 'live', date: '2025-04-01', by: 'PC Smith', reason: 'Installed', recordedAt: FIXED_TIME },
    { from: 'live', to: 'under-review', date: '2026-10-01', by: 'PC Jones', reason: 'Annual review', recordedAt: FIXED_TIME },
  ],
});
/** No known aim and no lane count: the empty cells. */
const unaimed = exampleSite({ id: 'site-b', reference: 'NRD-2', bearingDegrees: null, lanes: null });

/** The lines of a CSV whose every row, the last too, ends with CRLF. */
function csvLines(csv: string): string[] {
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(0, -2).split('\r\n');
}

function parseCsv(csv: string) {
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed;
}

describe('registerCsv', () => {
  it('writes the header exactly, even for an empty register', () => {
    expect(registerCsv([])).toBe(`${HEADER}\r\n`);
    expect(csvLines(registerCsv([reviewed]))[0]).toBe(HEADER);
  });

  it('writes a row with rounded positions, its grid reference and its latest status change', () => {
    const lines = csvLines(registerCsv([reviewed, unaimed]));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      'NRD-10,"Bath, London Road ""east""",existing,under-review,51.249950,-2.626620,356362,150273,ST 56362 50273,' +
        '90,100,30,2,Eastbound,A4,Avon and Somerset,South West,2026-10-01,PC Jones,Annual review,true,',
    );
  });

  it('leaves cells empty for a missing bearing, lane count and status change', () => {
    const [, row] = csvLines(registerCsv([unaimed]));
    // BNG 375041.7, 164611.5: the columns round to the metre; the grid reference truncates, as OS does.
    expect(row).toBe(
      'NRD-2,Example site,existing,live,51.380000,-2.360000,375042,164612,ST 75041 64611,,100,30,,Eastbound,A4,' +
        'Avon and Somerset,South West,,,,true,',
    );
  });

  it('sorts by reference as a person reads it: NRD-2 before NRD-10', () => {
    const references = parseCsv(registerCsv([reviewed, exampleSite({ id: 'c', reference: 'NRD-1' }), unaimed])).data.map(
      (row) => row.reference,
    );
    expect(references).toEqual(['NRD-1', 'NRD-2', 'NRD-10']);
  });

  it('puts an apostrophe before text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    const hostile = exampleSite({
      reference: '=1+1',
      name: '=HYPERLINK("http://example.com","click")',
      road: '-A4',
      directionOfTravel: '@north',
      forceArea: '\tTab',
      region: '\rReturn',
      notes: "=cmd|' /C calc'!A0\nsecond line",
      statusHistory: [{ from: 'live', to: 'under-review', date: '2026-10-01', by: '+PC Jones', reason: 'A - B = C', recordedAt: FIXED_TIME }],
      status: 'under-review',
    });
    const [row] = parseCsv(registerCsv([hostile])).data;
    expect(row).toMatchObject({
      reference: "'=1+1",
      name: '\'=HYPERLINK("http://example.com","click")',
      road: "'-A4",
      direction_of_travel: "'@north",
      force_area: "'\tTab",
      region: "'\rReturn",
      notes: "'=cmd|' /C calc'!A0\nsecond line",
      status_changed_by: "'+PC Jones",
      // Only a leading character is dangerous.
      status_reason: 'A - B = C',
      // A negative longitude is a number, not a formula.
      longitude: '-2.360000',
    });
  });

  it('round-trips through Papa.parse to the same values as the GeoJSON properties', () => {
    const awkward = exampleSite({
      id: 'site-c',
      reference: 'NRD-3',
      name: ' Leading and trailing spaces ',
      notes: 'Line one\r\nline "two", with a comma\nline three',
      road: 'Ffordd Pen-y-bryn – A470',
      lon: -3.1791,
      lat: 51.4816,
      bearingDegrees: 272.5,
    });
    const sites = [reviewed, unaimed, awkward];
    const parsed = parseCsv(registerCsv(sites));
    expect(parsed.meta.fields).toEqual([...REGISTER_COLUMNS]);
    const features = registerGeoJson(sites).features;
    expect(parsed.data).toHaveLength(features.length);
    parsed.data.forEach((row, index) => {
      const properties = features[index]!.properties;
      for (const column of REGISTER_COLUMNS) {
        const value = properties[column];
        const cell = row[column];
        if (value === null) expect(cell, column).toBe('');
        else if (typeof value === 'number') expect(Number(cell), column).toBe(value);
        else expect(cell, column).toBe(String(value));
      }
    });
  });

  it("puts each ONS label point within the Helmert error (5 m) of ONS's own easting and northing", () => {
    const sites = onsPoints.map((point) => exampleSite({ id: point.code, reference: point.code, lon: point.lon, lat: point.lat }));
    const rows = parseCsv(registerCsv(sites)).data;
    expect(rows).toHaveLength(43);
    for (const row of rows) {
      const ons = onsPoints.find((point) => point.code === row.reference)!;
      // 5 m of Helmert error plus ONS's rounding to 1 m and 5 decimal places, plus our rounding to 1 m.
      expect(Math.hypot(Number(row.easting) - ons.easting, Number(row.northing) - ons.northing), ons.code).toBeLessThan(7);
      const reference = parseOsGridReference(row.os_grid_reference!);
      if (!reference.ok) throw new Error(reference.message);
      expect(Math.hypot(reference.easting - ons.easting, reference.northing - ons.northing), ons.code).toBeLessThan(7);
    }
  });
});

describe('registerGeoJson', () => {
  it('gives each site a point at [lon, lat] and the CSV columns as typed properties', () => {
    const collection = registerGeoJson([reviewed, unaimed]);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((feature) => feature.properties.reference)).toEqual(['NRD-2', 'NRD-10']);
    expect(collection.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [-2.36, 51.38] },
      properties: {
        reference: 'NRD-2',
        name: 'Example site',
        kind: 'existing',
        status: 'live',
        latitude: 51.38,
        longitude: -2.36,
        easting: 375042,
        northing: 164612,
        os_grid_reference: 'ST 75041 64611',
        bearing_degrees: null,
        range_metres: 100,
        field_of_view_degrees: 30,
        lanes: null,
        direction_of_travel: 'Eastbound',
        road: 'A4',
        force_area: 'Avon and Somerset',
        region: 'South West',
        status_changed_on: null,
        status_changed_by: null,
        status_reason: null,
        illustrative: true,
        notes: '',
      },
    });
    expect(collection.features[1]!.properties).toMatchObject({
      name: 'Bath, London Road "east"',
      easting: 356362,
      northing: 150273,
      status_changed_on: '2026-10-01',
      status_changed_by: 'PC Jones',
      status_reason: 'Annual review',
    });
  });

  it('rounds the position to 6 decimal places and keeps text as entered, unguarded', () => {
    const site: Site = exampleSite({ name: '=SUM(A1)', lon: -2.123456789, lat: 51.987654321 });
    const [feature] = registerGeoJson([site]).features;
    expect(feature!.geometry.coordinates).toEqual([-2.123457, 51.987654]);
    expect(feature!.properties.name).toBe('=SUM(A1)');
  });
});

describe('the register with its evidence figures', () => {
  const figures = {
    columns: ['site_id', 'reference', 'crimes_total', 'residents', 'crimes_burglary'],
    byReference: new Map([['S1', { site_id: 'site-1', reference: 'S1', crimes_total: 12, residents: 340.5, crimes_burglary: 3 }]]),
  };
  it('adds each figure as a column after the register\'s, once per site, empty for a site without figures', () => {
    const csv = registerCsv([exampleSite(), exampleSite({ id: 'site-2', reference: 'S2' })], figures);
    const [header, s1, s2] = Papa.parse<string[]>(csv.trim()).data;
    expect(header).toEqual([...REGISTER_COLUMNS, 'crimes_total', 'residents', 'crimes_burglary']);
    expect(s1!.slice(-3)).toEqual(['12', '340.5', '3']);
    expect(s2!.slice(-3)).toEqual(['', '', '']);
  });
  it('gives the GeoJSON the same figures as properties', () => {
    expect(registerGeoJson([exampleSite()], figures).features[0]!.properties).toMatchObject({ reference: 'S1', crimes_total: 12, residents: 340.5, crimes_burglary: 3 });
  });
});

describe('registerFileName', () => {
  it('names the file after the workspace and the day', () => {
    expect(registerFileName('Avon and Somerset', new Date(2026, 10, 25, 23, 59), 'csv')).toBe('nrd-register-avon-and-somerset-2026-11-25.csv');
    expect(registerFileName('Avon and Somerset', new Date(2027, 0, 5), 'geojson')).toBe('nrd-register-avon-and-somerset-2027-01-05.geojson');
  });

  it('makes a safe slug of any workspace name', () => {
    const day = new Date(2026, 10, 25);
    expect(registerFileName('Avon & Somerset Constabulary', day, 'csv')).toBe('nrd-register-avon-and-somerset-constabulary-2026-11-25.csv');
    expect(registerFileName('../../Ysgol Gŵyr: "draft"?', day, 'csv')).toBe('nrd-register-ysgol-gwyr-draft-2026-11-25.csv');
    expect(registerFileName('   ', day, 'csv')).toBe('nrd-register-workspace-2026-11-25.csv');
    expect(registerFileName('x'.repeat(200), day, 'csv')).toBe(`nrd-register-${'x'.repeat(60)}-2026-11-25.csv`);
  });
});
