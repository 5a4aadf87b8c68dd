import { readFileSync } from 'node:fs';
import turfDistance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { SiteDraft } from '../domain/site.ts';
import type { ImportContext, ImportProgress, ParsedRegister } from './format-driver.ts';
import { FORMAT_DRIVERS } from './format-registry.ts';
import { geoJsonDriver } from './geojson.ts';
import { planFiles } from './import-plan.ts';
import { nrdListCsvDriver, nrdListGeoJsonDriver } from './nrd-list.ts';
import { pointCsvDriver } from './point-csv.ts';
import { decodeHead } from './text-decoding.ts';
import { importError, questionOf } from '../../test/fixtures/import-failures.ts';

const fixtureBytes = (path: string) => new Uint8Array(readFileSync(new URL(`../../test/fixtures/io/${path}`, import.meta.url)));

function context(choices: Record<string, string> = {}, progress: ImportProgress[] = []): ImportContext {
  return { onProgress: (p) => progress.push(p), choices, jobState: new Map(), companions: [] };
}

const readCsvFixture = (name: string) => nrdListCsvDriver.read({ name, bytes: fixtureBytes(`nrd/${name}`) }, context());
const readGeoJsonFixture = (name: string) => nrdListGeoJsonDriver.read({ name, bytes: fixtureBytes(`nrd/${name}`) }, context());
const readCsvText = (text: string, name = 'nrd-sites.csv', choices: Record<string, string> = {}) =>
  nrdListCsvDriver.read({ name, bytes: new TextEncoder().encode(text) }, context(choices));
const readGeoJsonValue = (value: unknown, name = 'nrd-sites.geojson') =>
  nrdListGeoJsonDriver.read({ name, bytes: new TextEncoder().encode(JSON.stringify(value)) }, context());


const siteAt = (parsed: ParsedRegister, row: number) => {
  const found = parsed.sites.find((s) => s.row === row);
  if (!found) throw new Error(`no site from row ${row}`);
  return found.site;
};
const metresBetween = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) =>
  turfDistance([a.lon, a.lat], [b.lon, b.lat], { units: 'kilometers' }) * 1000;

/** A draft with the driver's defaults, for the fields a test does not set. */
function draft(fields: Partial<SiteDraft> & Pick<SiteDraft, 'reference' | 'lon' | 'lat' | 'enteredAs'>): SiteDraft {
  return {
    name: '',
    kind: 'existing',
    bearingDegrees: null,
    rangeMetres: 100,
    fieldOfViewDegrees: 30,
    lanes: null,
    directionOfTravel: '',
    road: '',
    status: 'live',
    forceArea: '',
    region: '',
    notes: '',
    illustrative: false,
    ...fields,
  };
}

/*
 * WGS84 of the invented BNG positions, from ../../test/fixtures/io/point-csv/bng-reference.py: the OS guide's
 * transverse Mercator inverse and Helmert shift written out in Python, no proj4 (bng_to_wgs84(E, N), 8 decimals).
 */
const PYTHON_BNG = {
  '376095,166012': { lon: -2.34496112, lat: 51.39263786 },
  '375600,165200': { lon: -2.35201926, lat: 51.38531562 },
  '374520,163410': { lon: -2.36740971, lat: 51.36917321 },
  '373800,165050': { lon: -2.37787381, lat: 51.38388629 },
} as const;

describe('nrdListCsvDriver on the real Bath ANPR survey sites (B&NES, OGL v3.0)', () => {
  const file = 'banes-anpr-survey-sites-2017.csv';
  const parsed = readCsvFixture(file);

  it('imports all 66 rows, rejecting none, from WGS84 longitude/latitude', async () => {
    const { report, sites, sourceCrs, geometry } = await parsed;
    expect(geometry).toBe('register');
    expect(report).toEqual({ file, rowsRead: 66, rowsImported: 66, rejected: [] });
    expect(sites).toHaveLength(66);
    expect(sourceCrs).toBe('EPSG:4326');
    for (const { site } of sites) expect(SiteDraft.parse(site)).toEqual(site);
  });

  it('takes the reference from "id", unique in every row, not from "code", which repeats', async () => {
    // Checked by hand: "id" runs 1..67 with 63 missing (the publisher removed site 63), 66 values for 66 rows;
    // "code" holds only a..h (a/b, c/d, e/f, g/h by ring and direction). "id" also ranks above "code" by name.
    const { sites } = await parsed;
    const expected = Array.from({ length: 67 }, (_, i) => String(i + 1)).filter((id) => id !== '63');
    expect(sites.map((s) => s.site.reference)).toEqual(expected);
    // The header is row 1, so a site's row is its line in the file: id 64 is on line 64, after 63 was dropped.
    expect(sites.map((s) => s.row)).toEqual(Array.from({ length: 66 }, (_, i) => i + 2));
  });

  it('reads "direction" (N, S, E, W) as the direction of travel, not as a bearing, and keeps the description in the notes', async () => {
    const p = await parsed;
    // Line 2: 1,ANPR 1,Lansdown,1,N,1,2,b,-2.3942889887132,51.4154719953055
    expect(siteAt(p, 2)).toEqual(
      draft({
        reference: '1',
        name: 'ANPR 1',
        lon: -2.3942889887132,
        lat: 51.4154719953055,
        enteredAs: { crs: 'EPSG:4326', lon: -2.3942889887132, lat: 51.4154719953055 },
        directionOfTravel: 'N',
        notes: 'description: Lansdown',
      }),
    );
    // Line 67: 67,ANPR 33,Temple Cloud,33,S,4,2,h,-2.54405698884979,51.3202899952283
    expect(siteAt(p, 67)).toMatchObject({
      reference: '67',
      name: 'ANPR 33',
      directionOfTravel: 'S',
      lon: -2.54405698884979,
      lat: 51.3202899952283,
      notes: 'description: Temple Cloud',
    });
    // Line 29: 28,ANPR 14b,London Rd,14,E,2,2,d,...
    expect(siteAt(p, 29)).toMatchObject({ reference: '28', name: 'ANPR 14b', directionOfTravel: 'E', notes: 'description: London Rd' });
    expect(p.sites.every((s) => s.site.bearingDegrees === null)).toBe(true);
    expect(new Set(p.sites.map((s) => s.site.directionOfTravel))).toEqual(new Set(['N', 'S', 'E', 'W']));
  });

  it('keeps the two directions of one camera position as two sites, each with its own reference', async () => {
    const p = await parsed;
    const [north, south] = [siteAt(p, 2), siteAt(p, 3)];
    expect([north.lon, north.lat]).toEqual([south.lon, south.lat]);
    expect([north.reference, north.directionOfTravel, south.reference, south.directionOfTravel]).toEqual(['1', 'N', '2', 'S']);
  });

  it('gives every site the defaults: existing, live, 100 m, 30 degrees, not illustrative', async () => {
    const { sites } = await parsed;
    for (const { site } of sites) {
      const defaults = [site.kind, site.status, site.rangeMetres, site.fieldOfViewDegrees, site.lanes, site.illustrative];
      expect(defaults).toEqual(['existing', 'live', 100, 30, null, false]);
    }
  });
});

describe('nrdListCsvDriver on a British National Grid list with one fault per bad row', () => {
  const file = 'nrd-bng-with-faults.csv';
  const parsed = readCsvFixture(file);
  const example = (row: number, column: string, value: string) => ({ file, row, column, value });
  const group = (reason: string, ...examples: ReturnType<typeof example>[]) => ({
    reason,
    count: examples.length,
    examples: examples.map((e) => ({ ...e, reason })),
  });

  it('keeps the 5 good rows of 21 and reports each bad one with its row, column, value and reason', async () => {
    const { report } = await parsed;
    const status = 'unknown status: expected one of proposed, under-assessment, approved, rejected, live, under-review, continued, decommissioned';
    expect(report).toEqual({
      file,
      rowsRead: 21,
      rowsImported: 5,
      rejected: [
        group('fewer values than the header has columns (the row is cut short)', example(21, '', 'AS-0019,Cut short,375000')),
        group('missing reference: every NRD site needs its own', example(4, 'Site Ref', '')),
        group('duplicate reference: row 2 has it already and is kept', example(5, 'Site Ref', 'AS-0001')),
        group('coordinate is not a number', example(6, 'Easting', '37609x')),
        group('missing coordinate', example(7, 'Northing', '')),
        group('outside the UK', example(8, 'Easting', '750000')),
        group('bearing must be from 0 to 360 degrees', example(9, 'Bearing', '400')),
        group('bearing is not a number of degrees clockwise from north', example(10, 'Bearing', 'NE')),
        group('lanes must be a whole number from 1 to 20', example(12, 'Lanes', '2.5'), example(13, 'Lanes', '0')),
        group('range must be more than 0 and at most 5000 metres', example(14, 'Range_m', '0'), example(15, 'Range_m', '6000')),
        group('field of view must be more than 0 and at most 360 degrees', example(16, 'FOV', '0'), example(17, 'FOV', '361')),
        group(status, example(19, 'Status', 'installed')),
        group('reference longer than 64 characters', example(20, 'Site Ref', `AS-${'X'.repeat(62)}`)),
      ],
    });
    expect(report.rejected.reduce((sum, g) => sum + g.count, 0)).toBe(16);
  });

  it('reads the good rows with the file values and the defaults for what it leaves empty', async () => {
    const p = await parsed;
    expect(p.sourceCrs).toBe('EPSG:27700');
    expect(p.sites.map((s) => s.row)).toEqual([2, 3, 11, 18, 22]);
    const first = siteAt(p, 2);
    expect(first).toEqual(
      draft({
        reference: 'AS-0001',
        name: 'London Road inbound',
        lon: first.lon,
        lat: first.lat,
        enteredAs: { crs: 'EPSG:27700', easting: 376095, northing: 166012 },
        bearingDegrees: 245,
        rangeMetres: 150,
        fieldOfViewDegrees: 35,
        lanes: 2,
        directionOfTravel: 'Westbound',
        road: 'A4 London Road',
        forceArea: 'Avon and Somerset',
      }),
    );
    // Same position, other direction, its own reference: a second site. Range and FOV empty: 100 m and 30 degrees.
    expect(siteAt(p, 3)).toMatchObject({
      reference: 'AS-0002',
      lon: first.lon,
      lat: first.lat,
      bearingDegrees: 65,
      directionOfTravel: 'Eastbound',
      rangeMetres: 100,
      fieldOfViewDegrees: 30,
    });
    // A bearing of 360 is north, stored as 0; a road without a number is the name alone.
    expect(siteAt(p, 11)).toMatchObject({ reference: 'AS-0009', bearingDegrees: 0, road: 'Pulteney Road', lanes: 1 });
    // "under assessment" is the status under-assessment, and a site being assessed is a proposed one.
    expect(siteAt(p, 18)).toMatchObject({ reference: 'AS-0016', kind: 'proposed', status: 'under-assessment', rangeMetres: 80, road: 'A367 Wells Road' });
    // "Live" (any case) is live.
    expect(siteAt(p, 22)).toMatchObject({ reference: 'AS-0020', kind: 'existing', status: 'live', bearingDegrees: 0, directionOfTravel: 'Northbound' });
  });

  it('converts easting/northing to within 5 cm of an independent Python conversion', async () => {
    const p = await parsed;
    for (const { site } of p.sites) {
      if (site.enteredAs.crs !== 'EPSG:27700') throw new Error('expected BNG');
      const reference = PYTHON_BNG[`${site.enteredAs.easting},${site.enteredAs.northing}` as keyof typeof PYTHON_BNG];
      expect(metresBetween(site, reference), site.reference).toBeLessThan(0.05);
    }
    // And in plain degrees: London Road, Bath.
    expect(siteAt(p, 2).lon).toBeCloseTo(-2.344961, 6);
    expect(siteAt(p, 2).lat).toBeCloseTo(51.392638, 6);
  });
});

describe('nrdListCsvDriver on a continental spreadsheet: semicolons, decimal commas, Windows-1252', () => {
  const file = 'anpr-semicolon-decimal-comma.csv';
  const parsed = readCsvFixture(file);

  it('reads decimal commas as decimals when the columns are separated by semicolons', async () => {
    const p = await parsed;
    expect(p.report).toEqual({
      file,
      rowsRead: 4,
      rowsImported: 3,
      rejected: [
        { reason: 'coordinate is not a number', count: 1, examples: [{ file, row: 5, column: 'latitude', value: '51.38.1', reason: 'coordinate is not a number' }] },
      ],
    });
    expect(siteAt(p, 2)).toEqual(
      draft({
        reference: 'BA-P01',
        name: 'Pulteney Bridge east',
        kind: 'proposed',
        status: 'proposed',
        lon: -2.3572,
        lat: 51.3831,
        enteredAs: { crs: 'EPSG:4326', lon: -2.3572, lat: 51.3831 },
        bearingDegrees: 270.5,
        rangeMetres: 80,
        fieldOfViewDegrees: 40,
        notes: 'Near the café; opposite the bus stop',
      }),
    );
    expect(siteAt(p, 3)).toMatchObject({ reference: 'BA-P02', bearingDegrees: 0, fieldOfViewDegrees: 35.5, rangeMetres: 60 });
    expect(siteAt(p, 4)).toMatchObject({ reference: 'BA-E01', kind: 'existing', status: 'live', notes: 'Lamp column 12, north side' });
  });

  it('refuses a decimal comma in a comma-separated file, where it could be a column break', async () => {
    const { report } = await readCsvText('reference,latitude,longitude\nA1,"51,3831",-2.3572\nA2,51.3819,-2.3581\n');
    expect(report.rejected).toEqual([
      {
        reason: 'not a number: a decimal comma where a decimal point is needed',
        count: 1,
        examples: [{ file: 'nrd-sites.csv', row: 2, column: 'latitude', value: '51,3831', reason: 'not a number: a decimal comma where a decimal point is needed' }],
      },
    ]);
  });
});

describe('nrdListCsvDriver reads back the columns register-export writes', () => {
  // Written by hand in the export's column layout, with what an export holds: both position pairs, the grid
  // reference, the last status change, a quoted note with a comma, quotes and a line break, and a note the
  // export guarded with an apostrophe because a spreadsheet would read "-see ..." as a formula.
  const header =
    'reference,name,kind,status,latitude,longitude,easting,northing,os_grid_reference,bearing_degrees,range_metres,field_of_view_degrees,' +
    'lanes,direction_of_travel,road,force_area,region,status_changed_on,status_changed_by,status_reason,illustrative,notes';
  const text = [
    header,
    'ASP-001,"Bath, London Road",existing,live,51.39263787,-2.34496108,376095,166012,ST 76095 66012,245,150,35,2,Westbound,A4 London Road,' +
      'Avon and Somerset,South West,2024-03-01,PC 1234 Smith,Went live after approval,false,"Pole 7, ""hinged"" arm\nsecond line"',
    'ASP-002,Wells Road proposal,proposed,under-assessment,51.36917322,-2.36740968,374520,163410,ST 74520 63410,,100,30,,,,Avon and Somerset,South West,,,,true,',
    // The easting/northing disagree with the latitude/longitude: the latitude/longitude are read, the others ignored.
    'ASP-003,Pulteney Road,existing,decommissioned,51.38531563,-2.35201922,999999,999999,,90,250,60,1,Northbound,Pulteney Road,Avon and Somerset,South West,2025-01-02,Insp Jones,Not renewed,false,\'-see the 2024 review',
  ].join('\r\n');

  it('gives back the sites as they were exported', async () => {
    const parsed = await readCsvText(text, 'register-export.csv');
    expect(parsed.report).toEqual({ file: 'register-export.csv', rowsRead: 3, rowsImported: 3, rejected: [] });
    expect(parsed.sourceCrs).toBe('EPSG:4326');
    expect(parsed.sites).toEqual([
      {
        row: 2,
        site: {
          reference: 'ASP-001',
          name: 'Bath, London Road',
          kind: 'existing',
          lon: -2.34496108,
          lat: 51.39263787,
          enteredAs: { crs: 'EPSG:4326', lon: -2.34496108, lat: 51.39263787 },
          bearingDegrees: 245,
          rangeMetres: 150,
          fieldOfViewDegrees: 35,
          lanes: 2,
          directionOfTravel: 'Westbound',
          road: 'A4 London Road',
          status: 'live',
          forceArea: 'Avon and Somerset',
          region: 'South West',
          notes: 'Pole 7, "hinged" arm\nsecond line',
          illustrative: false,
        },
      },
      // The quoted line break keeps the first site one record, so this is row 3 as a spreadsheet shows it.
      {
        row: 3,
        site: draft({
          reference: 'ASP-002',
          name: 'Wells Road proposal',
          kind: 'proposed',
          status: 'under-assessment',
          lon: -2.36740968,
          lat: 51.36917322,
          enteredAs: { crs: 'EPSG:4326', lon: -2.36740968, lat: 51.36917322 },
          forceArea: 'Avon and Somerset',
          region: 'South West',
          illustrative: true,
        }),
      },
      {
        row: 4,
        site: draft({
          reference: 'ASP-003',
          name: 'Pulteney Road',
          status: 'decommissioned',
          lon: -2.35201922,
          lat: 51.38531563,
          enteredAs: { crs: 'EPSG:4326', lon: -2.35201922, lat: 51.38531563 },
          bearingDegrees: 90,
          rangeMetres: 250,
          fieldOfViewDegrees: 60,
          lanes: 1,
          directionOfTravel: 'Northbound',
          road: 'Pulteney Road',
          forceArea: 'Avon and Somerset',
          region: 'South West',
          notes: '-see the 2024 review',
        }),
      },
    ]);
  });
});

describe('nrdListCsvDriver column choices', () => {
  it('takes the most specific reference name whose values tell the rows apart', async () => {
    // site_ref repeats for the two directions of each camera (2 values in 4 rows): "id" is the reference.
    const repeating = await readCsvText('site_ref,id,direction,lat,lon\nS1,11,N,51.38,-2.36\nS1,12,S,51.38,-2.36\nS2,13,N,51.39,-2.35\nS2,14,S,51.39,-2.35\n');
    expect(repeating.sites.map((s) => s.site.reference)).toEqual(['11', '12', '13', '14']);
    // Both tell the rows apart: the more specific name wins.
    const both = await readCsvText('id,Site Reference,lat,lon\n1,AS-1,51.38,-2.36\n2,AS-2,51.39,-2.35\n');
    expect(both.sites.map((s) => s.site.reference)).toEqual(['AS-1', 'AS-2']);
    // Neither does: the most specific, and its repeats are reported.
    const neither = await readCsvText('code,ref,lat,lon\na,R1,51.38,-2.36\na,R1,51.39,-2.35\n');
    expect(neither.sites.map((s) => s.site.reference)).toEqual(['R1']);
    expect(neither.report.rejected[0]!.reason).toBe('duplicate reference: row 2 has it already and is kept');
  });

  it('reads a numeric "direction" as the bearing and a text one as the direction of travel', async () => {
    const numeric = await readCsvText('ref,direction,lat,lon\nA,245,51.38,-2.36\nB,0,51.39,-2.35\nC,,51.39,-2.35\n');
    expect(numeric.sites.map((s) => [s.site.bearingDegrees, s.site.directionOfTravel])).toEqual([[245, ''], [0, ''], [null, '']]);
    const text = await readCsvText('ref,direction,bearing,lat,lon\nA,Northbound,10,51.38,-2.36\nB,inbound,,51.39,-2.35\n');
    expect(text.sites.map((s) => [s.site.bearingDegrees, s.site.directionOfTravel])).toEqual([[10, 'Northbound'], [null, 'inbound']]);
  });

  it('takes the name from "name" and puts a description beside it in the notes', async () => {
    const parsed = await readCsvText('reference,description,name,notes,lat,lon\nA,Opposite the school,Wells Road,Pole 3,51.38,-2.36\nB,Lay-by,,,51.39,-2.35\n');
    expect(parsed.sites.map((s) => [s.site.name, s.site.notes])).toEqual([
      ['Wells Road', 'Pole 3\ndescription: Opposite the school'],
      ['', 'description: Lay-by'],
    ]);
  });

  it('accepts statuses by their labels and infers a proposed kind from a status before live', async () => {
    const parsed = await readCsvText(
      'ref,kind,status,lat,lon\nA,,Continued after review,51.38,-2.36\nB,,UNDER_REVIEW,51.38,-2.36\nC,,approved,51.38,-2.36\nD,Proposed,,51.38,-2.36\nE,existing,,51.38,-2.36\n',
    );
    expect(parsed.sites.map((s) => [s.site.kind, s.site.status])).toEqual([
      ['existing', 'continued'],
      ['existing', 'under-review'],
      ['proposed', 'approved'],
      ['proposed', 'proposed'],
      ['existing', 'live'],
    ]);
  });

  it('rejects an unknown kind, an unclear illustrative flag and an over-long name, naming the column', async () => {
    const long = 'x'.repeat(201);
    const parsed = await readCsvText(`ref,Kind,Illustrative,Name,lat,lon\nA,planned,,,51.38,-2.36\nB,,maybe,,51.38,-2.36\nC,,,${long},51.38,-2.36\nD,,yes,,51.38,-2.36\n`);
    expect(parsed.report.rejected.map((g) => g.examples[0]).map((e) => [e!.row, e!.column, e!.reason])).toEqual([
      [2, 'Kind', 'unknown kind: expected existing or proposed'],
      [3, 'Illustrative', 'illustrative must be true or false (or yes or no)'],
      [4, 'Name', 'name longer than 200 characters'],
    ]);
    expect(parsed.sites.map((s) => [s.site.reference, s.site.illustrative])).toEqual([['D', true]]);
  });

  it('refuses a file with no reference column, naming the columns it has and the names it takes', async () => {
    const error = await importError(readCsvText('Site Name,Bearing,lat,lon\nWells Road,170,51.38,-2.36\n'));
    expect(error.message).toBe(
      'nrd-sites.csv: no reference column: the file has "Site Name", "Bearing", "lat", "lon"; name the column that tells the sites apart ' +
        'one of nrd_reference, nrd_ref, nrd_id, site_reference, site_ref, camera_reference, camera_ref, camera_id, site_id, reference, ref, id, code ' +
        '(case, spaces and underscores do not matter)',
    );
  });

  it('refuses a file with no coordinate columns', async () => {
    const error = await importError(readCsvText('reference,name,postcode\nA1,Wells Road,BA2 4AA\n'));
    expect(error.message).toMatch(/no coordinate columns in the header: "reference", "name", "postcode"; name them longitude and latitude/);
  });

  it('refuses a file in which every row is rejected, with the commonest reason and where to look', async () => {
    const error = await importError(readCsvText('reference,bearing,lat,lon\nA,500,51.38,-2.36\nB,400,51.38,-2.36\n,10,51.38,-2.36\n'));
    expect(error.message).toBe(
      'nrd-sites.csv: none of the 3 rows could be imported; 2 were rejected for "bearing must be from 0 to 360 degrees", the first at row 2, column "bearing", value "500"',
    );
  });

  it('asks, as the point CSV does, when the coordinate columns hold the other thing, and reads the answer', async () => {
    const text = 'reference,longitude,latitude\nA,51.38,-2.36\nB,51.39,-2.35\n';
    const question = await questionOf(readCsvText(text));
    expect(question.id).toBe('coordinates');
    const answered = await readCsvText(text, 'nrd-sites.csv', { coordinates: question.options[0]!.value });
    expect(answered.sites.map((s) => [s.site.lon, s.site.lat])).toEqual([[-2.36, 51.38], [-2.35, 51.39]]);
  });

  it('reports progress up to the whole file', async () => {
    const progress: ImportProgress[] = [];
    const rows = Array.from({ length: 2500 }, (_, i) => `N${i},51.38,-2.36`).join('\n');
    const bytes = new TextEncoder().encode(`reference,lat,lon\n${rows}\n`);
    const parsed = await nrdListCsvDriver.read({ name: 'nrd.csv', bytes }, context({}, progress));
    expect(parsed.sites).toHaveLength(2500);
    expect(progress.map((p) => p.rowsRead)).toEqual([0, 1000, 2000, 2500]);
    expect(progress.at(-1)).toEqual({ file: 'nrd.csv', rowsRead: 2500, bytesRead: bytes.length, bytesTotal: bytes.length });
  });
});

describe('nrdListGeoJsonDriver', () => {
  it('reads Points and rejects a LineString, a feature without a reference, grid metres without a crs and a repeated reference', async () => {
    const file = 'anpr-sites.geojson';
    const parsed = await readGeoJsonFixture(file);
    const one = (row: number, column: string, value: string, reason: string) => ({ reason, count: 1, examples: [{ file, row, column, value, reason }] });
    expect(parsed.report).toEqual({
      file,
      rowsRead: 6,
      rowsImported: 2,
      rejected: [
        one(2, 'geometry', 'LineString', 'geometry is a LineString, not a Point: an NRD site is one position'),
        one(3, 'reference', '', 'missing reference: every NRD site needs its own'),
        one(5, 'geometry', '[375600, 165200]', 'coordinates look like British National Grid metres, but the file does not declare EPSG:27700'),
        one(6, 'reference', 'BA-G01', 'duplicate reference: feature 1 has it already and is kept'),
      ],
    });
    expect(parsed.sourceCrs).toBe('EPSG:4326');
    expect(parsed.sites).toEqual([
      {
        row: 1,
        site: draft({
          reference: 'BA-G01',
          name: 'Pulteney Road southbound',
          lon: -2.35202,
          lat: 51.38532,
          enteredAs: { crs: 'EPSG:4326', lon: -2.35202, lat: 51.38532 },
          bearingDegrees: 185,
          lanes: 2,
          directionOfTravel: 'Southbound',
          road: 'A36 Pulteney Road',
        }),
      },
      {
        // A numeric reference is read as text; JSON true is illustrative.
        row: 4,
        site: draft({
          reference: '42',
          name: 'Wells Road proposal',
          kind: 'proposed',
          status: 'proposed',
          lon: -2.36741,
          lat: 51.36917,
          enteredAs: { crs: 'EPSG:4326', lon: -2.36741, lat: 51.36917 },
          rangeMetres: 75,
          illustrative: true,
        }),
      },
    ]);
  });

  it('reads an EPSG:27700 file as grid metres, keeping them as entered and converting to WGS84', async () => {
    const parsed = await readGeoJsonFixture('nrd-sites-bng.geojson');
    expect(parsed.sourceCrs).toBe('EPSG:27700');
    expect(parsed.report.rejected).toEqual([]);
    const [first, second] = parsed.sites.map((s) => s.site) as [SiteDraft, SiteDraft];
    expect(first).toMatchObject({ reference: 'BA-N01', name: 'London Road inbound', bearingDegrees: 245, directionOfTravel: 'Westbound' });
    expect(first.enteredAs).toEqual({ crs: 'EPSG:27700', easting: 376095, northing: 166012 });
    expect(second).toMatchObject({ reference: 'BA-N02', bearingDegrees: 0, directionOfTravel: 'Northbound' });
    expect(metresBetween(first, PYTHON_BNG['376095,166012'])).toBeLessThan(0.05);
    expect(metresBetween(second, PYTHON_BNG['373800,165050'])).toBeLessThan(0.05);
  });

  it('refuses what is not a FeatureCollection, and a coordinate system it cannot convert', async () => {
    expect((await importError(readGeoJsonValue({ type: 'Feature' }))).message).toMatch(/not a GeoJSON FeatureCollection/);
    const mercator = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'EPSG:3857' } },
      features: [{ type: 'Feature', properties: { ref: 'A' }, geometry: { type: 'Point', coordinates: [0, 0] } }],
    };
    expect((await importError(readGeoJsonValue(mercator))).message).toMatch(/declares the coordinate reference system "EPSG:3857"/);
  });

  it('refuses a file whose features are all lines, saying so', async () => {
    const line = { type: 'LineString', coordinates: [[-2.36, 51.38], [-2.35, 51.39]] };
    const lines = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { ref: 'A' }, geometry: line }] };
    expect((await importError(readGeoJsonValue(lines))).message).toBe(
      'nrd-sites.geojson: none of the 1 features could be imported; 1 were rejected for "geometry is a LineString, not a Point: an NRD site is one position", the first at feature 1, column "geometry", value "LineString"',
    );
  });
});

describe('recognising an NRD list', () => {
  const head = (path: string) => decodeHead(fixtureBytes(path));
  const file = (path: string) => ({ name: path.split('/').pop()!, bytes: fixtureBytes(path).length, head: head(path) });

  it('outscores the generic drivers for an NRD list, by name or by its columns, and not for other points', () => {
    const banes = { name: 'banes-anpr-survey-sites-2017.csv', head: head('nrd/banes-anpr-survey-sites-2017.csv') };
    expect(pointCsvDriver.detect(banes)).toBe(0.5);
    expect(nrdListCsvDriver.detect(banes)).toBe(0.75);
    // No telling name, but a reference and camera columns.
    expect(nrdListCsvDriver.detect({ name: 'sites.csv', head: 'Site Ref,Easting,Northing,Bearing\n' })).toBe(0.75);
    expect(nrdListCsvDriver.detect({ name: 'ANPRSites.csv', head: 'x,y\n' })).toBe(0.75);
    const schools = { name: 'schools-england-2017-bng-slice.csv', head: head('point-csv/schools-england-2017-bng-slice.csv') };
    expect(pointCsvDriver.detect(schools)).toBe(0.5);
    expect(nrdListCsvDriver.detect(schools)).toBe(0.2);
    // Without coordinates the point CSV's own error ("no coordinate columns") is the one to show.
    expect(pointCsvDriver.detect({ name: 'notes.csv', head: 'a,b\n' })).toBe(0.1);
    expect(nrdListCsvDriver.detect({ name: 'notes.csv', head: 'a,b\n' })).toBe(0.05);

    const anpr = { name: 'anpr-sites.geojson', head: head('nrd/anpr-sites.geojson') };
    expect(geoJsonDriver.detect(anpr)).toBe(0.9);
    expect(nrdListGeoJsonDriver.detect(anpr)).toBe(0.95);
    expect(nrdListGeoJsonDriver.detect({ name: 'sites.geojson', head: head('nrd/nrd-sites-bng.geojson') })).toBe(0.95);
    const lsoa = { name: 'lsoa-population-avon-and-somerset-3.geojson', head: head('lsoa-population-avon-and-somerset-3.geojson') };
    expect(geoJsonDriver.detect(lsoa)).toBe(0.9);
    expect(nrdListGeoJsonDriver.detect(lsoa)).toBe(0.2);
  });

  it('plans NRD lists into the register and other point files into layers, with every registered driver', () => {
    const planned = planFiles(
      [
        file('nrd/banes-anpr-survey-sites-2017.csv'),
        file('point-csv/schools-england-2017-bng-slice.csv'),
        file('point-csv/gb-railway-stations-slice.csv'),
        file('nrd/anpr-sites.geojson'),
        file('lsoa-population-avon-and-somerset-3.geojson'),
        file('nrd/nrd-bng-with-faults.csv'),
      ],
      FORMAT_DRIVERS,
    );
    expect(planned.map((p) => p.driverId)).toEqual(['nrd-list-csv', 'point-csv', 'point-csv', 'nrd-list-geojson', 'geojson', 'nrd-list-csv']);
    expect(planned[0]!.candidates.slice(0, 2).map((c) => [c.driverId, c.score])).toEqual([
      ['nrd-list-csv', 0.75],
      ['point-csv', 0.5],
    ]);
    expect(planned[1]!.candidates.find((c) => c.driverId === 'nrd-list-csv')?.score).toBe(0.2);
  });
});
