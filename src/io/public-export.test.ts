import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { FigureRow } from '../analysis/figures-table.ts';
import type { Site } from '../domain/site.ts';
import { bngToWgs84, wgs84ToBng } from '../geo/british-national-grid.ts';
import { formatOsGridReference } from '../geo/os-grid-reference.ts';
import { exampleSite, FIXED_TIME } from '../../test/fixtures/domain.ts';
import { PUBLIC_COLUMNS, publicExport, roundedCount, type Generalisation, type PublicExport } from './public-export.ts';
import { REGISTER_COLUMNS } from './register-export.ts';

const GRID_SIZES = [500, 1000, 2000, 5000, 10000];

function siteAtGrid(id: string, easting: number, northing: number, overrides: Partial<Site> = {}): Site {
  const { lon, lat } = bngToWgs84({ easting, northing });
  return exampleSite({ id, reference: id.toUpperCase(), lon, lat, ...overrides });
}

/** The ring of a feature's polygon (grid squares are single polygons) in grid metres. */
function ringInGrid(feature: Feature<Polygon | MultiPolygon>): { easting: number; northing: number }[] {
  expect(feature.geometry.type).toBe('Polygon');
  return (feature.geometry as Polygon).coordinates[0]!.map(([lon, lat]) => wgs84ToBng({ lon: lon!, lat: lat! }));
}

function expectCornersOnGrid(feature: Feature<Polygon | MultiPolygon>, side: number): void {
  for (const { easting, northing } of ringInGrid(feature)) {
    // Six decimal places of a degree are about 0.1 m: the corner comes back within that of a multiple of the side.
    expect(Math.abs(easting - Math.round(easting / side) * side)).toBeLessThan(0.5);
    expect(Math.abs(northing - Math.round(northing / side) * side)).toBeLessThan(0.5);
  }
}

const csvOf = (csv: string) => {
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed;
};

describe('publicExport to grid squares', () => {
  // Worked by hand: 375432 E, 164987 N is 75 km east and 64 km north into the 100 km square ST (300000, 100000).
  const site = siteAtGrid('a', 375432, 164987);

  it('puts a site at BNG 375432, 164987 in the 1 km square ST 75 64, south-west corner 375000, 164000', () => {
    const out = publicExport([site], null, { to: 'grid', squareMetres: 1000 }, { includeProposed: true });
    expect(out.rows).toHaveLength(1);
    expect(out.rows[0]).toMatchObject({
      label: 'NRD 1',
      area: '1 km square ST 75 64',
      area_type: 'grid square',
      square_side_metres: 1000,
      square_sw_easting: 375000,
      square_sw_northing: 164000,
      lsoa_code: null,
    });
    const [feature] = out.geojson.features;
    const corners = ringInGrid(feature!).map(({ easting, northing }) => [Math.round(easting), Math.round(northing)]);
    // Anticlockwise from the south-west corner, closed.
    expect(corners).toEqual([
      [375000, 164000],
      [376000, 164000],
      [376000, 165000],
      [375000, 165000],
      [375000, 164000],
    ]);
    expect(feature!.properties).toEqual({ area: '1 km square ST 75 64', sites: 1, existing: 1, proposed: 0, labels: 'NRD 1' });
  });

  it.each([
    [500, '500 m square ST 750 645', 375000, 164500],
    [1000, '1 km square ST 75 64', 375000, 164000],
    [2000, '2 km square ST 74 64', 374000, 164000],
    [5000, '5 km square ST 75 60', 375000, 160000],
    [10000, '10 km square ST 7 6', 370000, 160000],
  ])('names the %i m square by its south-west corner: %s', (side, name, easting, northing) => {
    const out = publicExport([site], null, { to: 'grid', squareMetres: side }, { includeProposed: true });
    expect(out.rows[0]).toMatchObject({ area: name, square_sw_easting: easting, square_sw_northing: northing });
    expectCornersOnGrid(out.geojson.features[0]!, side);
  });

  it('gives two sites in one square one feature with sites: 2, and a third elsewhere its own', () => {
    const sites = [
      site,
      siteAtGrid('b', 375900, 164100, { kind: 'proposed', status: 'proposed' }),
      siteAtGrid('c', 377250, 164500),
    ];
    const out = publicExport(sites, null, { to: 'grid', squareMetres: 1000 }, { includeProposed: true });
    expect(out.geojson.features.map((f) => f.properties)).toEqual([
      { area: '1 km square ST 75 64', sites: 2, existing: 1, proposed: 1, labels: 'NRD 1, NRD 2' },
      { area: '1 km square ST 77 64', sites: 1, existing: 1, proposed: 0, labels: 'NRD 3' },
    ]);
    expect(out.geojson.features.every((f) => f.geometry.type === 'Polygon')).toBe(true);
  });

  it('leaves proposed sites out when asked, and says so', () => {
    const sites = [site, siteAtGrid('b', 375900, 164100, { kind: 'proposed', status: 'proposed' })];
    const out = publicExport(sites, null, { to: 'grid', squareMetres: 1000 }, { includeProposed: false });
    expect(out.rows.map((row) => row.kind)).toEqual(['existing']);
    expect(out.geojson.features[0]!.properties).toMatchObject({ sites: 1, proposed: 0 });
    expect(out.note).toContain('1 proposed NRD is left out.');
  });

  it('refuses a square smaller or other than the sizes offered', () => {
    expect(() => publicExport([site], null, { to: 'grid', squareMetres: 100 }, { includeProposed: true })).toThrow(RangeError);
    expect(() => publicExport([site], null, { to: 'grid', squareMetres: 1500 }, { includeProposed: true })).toThrow(RangeError);
  });

  it('numbers by area, then in a fixed order that does not depend on the order the sites come in', () => {
    // The region stands in for the site's identity, which the rows do not carry.
    const sites = Array.from({ length: 8 }, (_, i) => siteAtGrid(`s${i}`, 375100 + 100 * i, 164500 + (i % 2) * 1000, { region: `tracer ${i}` }));
    const labels = (out: PublicExport) => new Map(out.rows.map((row) => [row.region, row.label]));
    const forward = publicExport(sites, null, { to: 'grid', squareMetres: 1000 }, { includeProposed: true });
    const backward = publicExport([...sites].reverse(), null, { to: 'grid', squareMetres: 1000 }, { includeProposed: true });
    expect(labels(backward)).toEqual(labels(forward));
    const areas = forward.rows.map((row) => row.area);
    expect(areas).toEqual([...areas].sort());
  });
});

describe('roundedCount', () => {
  it('rounds to the step and gives a small count as "fewer than" the step', () => {
    expect(roundedCount(0, 10)).toBe('fewer than 10');
    expect(roundedCount(9.9, 10)).toBe('fewer than 10');
    expect(roundedCount(10, 10)).toBe(10);
    expect(roundedCount(14, 10)).toBe(10);
    expect(roundedCount(15, 10)).toBe(20);
    expect(roundedCount(1234.5, 10)).toBe(1230);
    expect(roundedCount(18456, 100)).toBe(18500);
    expect(roundedCount(99, 100)).toBe('fewer than 100');
    expect(roundedCount(null, 10)).toBeNull();
    expect(roundedCount(undefined, 10)).toBeNull();
  });
});

/** A square "LSOA" in WGS84 with the properties the population layer carries (code, name, population, areaSqKm). */
function squareLsoa(code: string, name: string, west: number, south: number, east: number, north: number): Feature<Polygon> {
  return {
    type: 'Feature',
    properties: { code, name, population: 1500, areaSqKm: 0.77 },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [west, south],
          [east, south],
          [east, north],
          [west, north],
          [west, south],
        ],
      ],
    },
  };
}

describe('publicExport to LSOAs', () => {
  const a = squareLsoa('E01014380', 'Bath and North East Somerset 012A', -2.37, 51.37, -2.36, 51.38);
  const b = squareLsoa('E01014381', 'Bath and North East Somerset 012B', -2.36, 51.37, -2.35, 51.38);
  const lsoas: FeatureCollection = { type: 'FeatureCollection', features: [a, b] };
  const sites = [
    exampleSite({ id: 'in-a', lon: -2.365, lat: 51.375 }),
    exampleSite({ id: 'in-b-1', lon: -2.355, lat: 51.372 }),
    exampleSite({ id: 'in-b-2', lon: -2.352, lat: 51.378, kind: 'proposed', status: 'under-assessment' }),
    exampleSite({ id: 'outside', lon: -2.3, lat: 51.4 }),
  ];
  const out = publicExport(sites, null, { to: 'lsoa', lsoas }, { includeProposed: true });

  it("gives each site its LSOA's code and name, and each LSOA its own polygon", () => {
    const byArea = new Map(out.geojson.features.map((f) => [f.properties.area, f]));
    const areaA = 'Bath and North East Somerset 012A (E01014380)';
    const areaB = 'Bath and North East Somerset 012B (E01014381)';
    expect(byArea.get(areaA)!.geometry).toEqual(a.geometry);
    expect(byArea.get(areaB)!.geometry).toEqual(b.geometry);
    expect(byArea.get(areaA)!.properties).toMatchObject({ sites: 1, existing: 1, proposed: 0 });
    expect(byArea.get(areaB)!.properties).toMatchObject({ sites: 2, existing: 1, proposed: 1 });
    const lsoaRows = out.rows.filter((row) => row.area_type === 'LSOA');
    expect(lsoaRows.map((row) => [row.lsoa_code, row.lsoa_name, row.square_sw_easting])).toEqual([
      ['E01014380', 'Bath and North East Somerset 012A', null],
      ['E01014381', 'Bath and North East Somerset 012B', null],
      ['E01014381', 'Bath and North East Somerset 012B', null],
    ]);
    expect(lsoaRows.find((row) => row.kind === 'proposed')!.status).toBe('Under assessment');
  });

  it('gives a site outside every LSOA its 1 km square instead, and says so', () => {
    const { easting, northing } = wgs84ToBng({ lon: -2.3, lat: 51.4 });
    const outside = out.rows.filter((row) => row.area_type === 'grid square');
    expect(outside).toHaveLength(1);
    expect(outside[0]).toMatchObject({
      square_side_metres: 1000,
      square_sw_easting: Math.floor(easting / 1000) * 1000,
      square_sw_northing: Math.floor(northing / 1000) * 1000,
      area: `1 km square ${formatOsGridReference(easting, northing, 4)}`,
    });
    expectCornersOnGrid(out.geojson.features.find((f) => f.properties.area === outside[0]!.area)!, 1000);
    expect(out.note).toContain('1 NRD lies outside every LSOA of the population layer and is given as its 1 km grid square instead.');
  });

  it('writes the note with the procedure\'s words', () => {
    expect(out.note).toContain('"The exact locations for new ANPR infrastructure need not be disclosed"');
    expect(out.note).toContain('the LSOA (census area)');
  });
});

describe('publicExport CSV', () => {
  it('writes the columns in order, figures rounded, and guards text a spreadsheet would run', () => {
    const site = exampleSite({ id: 'x', forceArea: '=HYPERLINK("http://example.test")' });
    const figures = new Map<string, FigureRow>([['x', { crimes_total: 4, residents: 1234.5, vehicles_per_day: 18456 }]]);
    const { csv } = publicExport([site], figures, { to: 'grid', squareMetres: 1000 }, { includeProposed: true });
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(PUBLIC_COLUMNS.join(','));
    expect(end).toBe('');
    expect(row).toBe(
      'NRD 1,existing,Live,"\'=HYPERLINK(""http://example.test"")",South West,1 km square ST 75 64,grid square,,,1000,375000,164000,fewer than 10,1230,18500',
    );
  });
});

/*
 * THE PROOF: eleven sites around Bath with everything a register holds, exported every way; then the text of the
 * CSV and of the GeoJSON is searched for each thing that must not be there.
 */
describe('publicExport leaves out every exact position and every removed field', () => {
  const PEOPLE = ['Sgt Priya Raman', 'PC Tomasz Wojcik', 'Insp Harriet Okonjo-Hale', 'DC Ewan MacLeish'];
  const places: [lon: number, lat: number, name: string, road: string, direction: string, bearing: number][] = [
    [-2.347713, 51.393046, 'Bath, Larkhall Square junction', 'A4 London Road', 'Westbound', 237],
    [-2.330218, 51.389312, 'Bathampton, Warminster Road lay-by', 'A36 Warminster Road', 'Southbound', 113],
    [-2.363547, 51.370128, 'Bath, Bear Flat', 'A367 Wells Road', 'Northbound', 158],
    [-2.401866, 51.396437, 'Kelston Park gates', 'A431 Kelston Road', 'Eastbound', 301],
    [-2.378912, 51.389275, 'Bath, Windsor Bridge Road junction', 'A4 Upper Bristol Road', 'Inbound', 194],
    [-2.384105, 51.379044, 'Bath, Brougham Hayes lights', 'A3039 Lower Bristol Road', 'Outbound', 349],
    [-2.331562, 51.377391, 'Claverton Down, university entrance', 'A3062 Claverton Down Road', 'Uphill', 176],
    [-2.355129, 51.414082, 'Swainswick, Gloucester Road', 'A46 Gloucester Road', 'Northeastbound', 162],
    [-2.356043, 51.362217, 'Combe Down, Midford Road', 'B3110 Midford Road', 'Southeastbound', 283],
    [-2.497741, 51.413698, 'Keynsham, Bath Road bypass', 'A4 Bath Road', 'Westbound carriageway', 141],
    [-2.342684, 51.382931, 'Bath, Pulteney Road gyratory', 'A36 Pulteney Road', 'Clockwise', 218],
  ];
  const sites: Site[] = places.map(([lon, lat, name, road, directionOfTravel, bearingDegrees], i) => {
    const proposed = i % 3 === 2;
    return exampleSite({
      id: `4f6c2a9e-site-${String(i).padStart(2, '0')}`,
      reference: proposed ? `BANES-P${11 + i}` : `AS-E-${1470 + i}`,
      name,
      kind: proposed ? 'proposed' : 'existing',
      status: proposed ? 'under-assessment' : i === 4 ? 'under-review' : 'live',
      lon,
      lat,
      enteredAs: { crs: 'EPSG:4326', lon, lat },
      bearingDegrees,
      rangeMetres: 137,
      fieldOfViewDegrees: 27,
      lanes: 3,
      directionOfTravel,
      road,
      notes: `Mounted on column NOTE-MARKER-${i}-QZX; keyholder at the depot`,
      statusHistory: [
        {
          from: proposed ? 'proposed' : 'approved',
          to: proposed ? 'under-assessment' : 'live',
          date: `2024-0${1 + (i % 9)}-1${i % 10}`,
          by: PEOPLE[i % PEOPLE.length]!,
          reason: `REASON-MARKER-${i}-JWV`,
          recordedAt: FIXED_TIME,
        },
      ],
    });
  });
  const figures = new Map<string, FigureRow>(
    sites.map((site, i) => [
      site.id,
      {
        site_id: site.id,
        reference: site.reference,
        crimes_total: [3, 47, 128, 9, 256, 12, 0, 75, 31, 5, 604][i]!,
        crimes_share_of_layer: 0.004213 + i / 1e6,
        hot_spots_touched: 2,
        hot_spots_total: 38,
        residents: 1234.5 + 111.1 * i,
        lsoas: 3,
        vehicles_per_day: 18456 + 1013 * i,
        count_points: 2,
        sensitive_places: 4,
        sensitive_places_in_coverage: 1,
        nearest_existing_nrd: sites[(i + 1) % sites.length]!.reference,
        nearest_existing_nrd_metres: 412.7 + i,
        overlap_with_existing_share: 0.183421,
        marginal_crimes: 29,
        crimes_burglary: 5,
        crimes_violence_and_sexual_offences: 11,
      },
    ]),
  );

  /*
   * Hand-made LSOAs (cells of 0.02 by 0.01 degrees over Bath, corners at two decimals) carrying the population
   * layer's properties; the Keynsham site lies outside them all and falls back to its 1 km square.
   */
  const cells: Feature<Polygon>[] = [];
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 7; j++) {
      const code = `E0101${4300 + 10 * i + j}`;
      // Whole hundredths divided once, so that each corner is written with two decimals, as typed.
      cells.push(squareLsoa(code, `Bath and North East Somerset 0${10 + i}${'ABCDEFG'[j]}`, (-242 + 2 * i) / 100, (5135 + j) / 100, (-240 + 2 * i) / 100, (5136 + j) / 100));
    }
  }
  const lsoas: FeatureCollection = { type: 'FeatureCollection', features: cells };

  const generalisations: [string, Generalisation][] = [
    ...GRID_SIZES.map((side): [string, Generalisation] => [`${side} m squares`, { to: 'grid', squareMetres: side }]),
    ['LSOAs', { to: 'lsoa', lsoas }],
  ];

  /** Every number written in the text (not the digits inside a word such as an LSOA code), with its decimals. */
  const numbersIn = (text: string) =>
    [...text.matchAll(/(?<![\w.])-?\d+(?:\.(\d+))?(?![\w])/g)].map((m) => ({ text: m[0], value: Number(m[0]), decimals: m[1]?.length ?? 0 }));

  /** A coordinate written to `decimals` places, rounded as toFixed does and truncated as a careless writer would. */
  const written = (value: number, decimals: number): string[] => {
    const [whole, fraction = ''] = String(value).split('.');
    return [value.toFixed(decimals), `${whole}.${fraction.padEnd(decimals, '0').slice(0, decimals)}`];
  };

  const grid = sites.map((site) => wgs84ToBng(site));

  it('uses sites that no grid square corner or square name could match by chance', () => {
    // A site within 10 m of a 500 m grid line would have its position to 10 m equal to a square's corner, and one in
    // the south-west 100 m of a 500 m square a 6-figure reference equal to the square's name: neither is a leak,
    // so the fixture keeps clear of both, and a match below can only be a position written out.
    for (const { easting, northing } of grid) {
      for (const metres of [easting, northing]) {
        const off = metres - Math.round(metres / 500) * 500;
        expect(Math.abs(off)).toBeGreaterThanOrEqual(10);
      }
      expect(easting % 500 < 100 && northing % 500 < 100).toBe(false);
    }
    // Nor may a corner of a site's square, as the GeoJSON writes it (six places), equal a site's longitude or latitude
    // written to 3 to 6 places: one ordinate of a corner tells nothing, but the search below could not tell it apart.
    const siteForms = new Set(sites.flatMap((site) => [site.lon, site.lat].flatMap((c) => [3, 4, 5, 6].flatMap((d) => written(c, d)))));
    for (const side of GRID_SIZES) {
      for (const { easting, northing } of grid) {
        const west = Math.floor(easting / side) * side;
        const south = Math.floor(northing / side) * side;
        for (const [e, n] of [[west, south], [west + side, south], [west + side, south + side], [west, south + side]] as const) {
          const { lon, lat } = bngToWgs84({ easting: e, northing: n });
          for (const ordinate of [lon, lat]) expect(siteForms.has(String(Number(ordinate.toFixed(6)))), `${side} m corner ${ordinate}`).toBe(false);
        }
      }
    }
  });

  describe.each(generalisations)('generalised to %s', (_, generalisation) => {
    for (const includeProposed of [true, false]) {
      const out = publicExport(sites, figures, generalisation, { includeProposed });
      const json = JSON.stringify(out.geojson);
      const texts: [string, string][] = [
        ['csv', out.csv],
        ['geojson', json],
        ['rows', JSON.stringify(out.rows)],
      ];
      const proposedIn = includeProposed ? 'with proposed sites' : 'without proposed sites';

      it(`has a row for every site it includes (${proposedIn})`, () => {
        const expected = sites.filter((site) => includeProposed || site.kind === 'existing').length;
        expect(out.rows).toHaveLength(expected);
        expect(csvOf(out.csv).data).toHaveLength(expected);
        expect(out.geojson.features.reduce((sum, f) => sum + f.properties.sites, 0)).toBe(expected);
      });

      it(`writes no site's longitude or latitude to 3 or more decimal places (${proposedIn})`, () => {
        for (const [where, text] of texts) {
          const numbers = numbersIn(text);
          for (const site of sites) {
            for (const coordinate of [site.lon, site.lat]) {
              for (let decimals = 3; decimals <= 6; decimals++) {
                for (const form of written(coordinate, decimals)) {
                  expect(new RegExp(`(?<![\\d.])${form.replace(/[.-]/g, '\\$&')}(?!\\d)`).test(text), `${form} in the ${where}`).toBe(false);
                }
              }
              // Any number written to more places (a position printed in full) is caught here too.
              const leak = numbers.find((n) => n.decimals >= 3 && written(coordinate, n.decimals).includes(n.text));
              expect(leak?.text, `${coordinate} in the ${where}`).toBeUndefined();
            }
          }
        }
      });

      it(`writes no site's grid position to the metre or to 10 m, nor its grid reference (${proposedIn})`, () => {
        for (const [where, text] of texts) {
          const numbers = numbersIn(text);
          for (const { easting, northing } of grid) {
            for (const metres of [easting, northing]) {
              const forms = [Math.round(metres), Math.trunc(metres), Math.round(metres / 10) * 10, Math.trunc(metres / 10) * 10];
              const leak = numbers.find((n) => forms.includes(n.value) || Math.round(n.value) === Math.round(metres));
              expect(leak?.text, `${metres} in the ${where}`).toBeUndefined();
            }
            for (const digits of [6, 8, 10]) {
              const reference = formatOsGridReference(easting, northing, digits)!;
              expect(text).not.toContain(reference);
              expect(text).not.toContain(reference.replace(/ /g, ''));
            }
          }
        }
      });

      it(`writes no reference, id, name, road, direction, bearing, note, person, date or reason (${proposedIn})`, () => {
        for (const [where, text] of texts) {
          const numbers = numbersIn(text).map((n) => n.value);
          for (const site of sites) {
            const change = site.statusHistory[0]!;
            for (const secret of [site.id, site.reference, site.name, site.road, site.directionOfTravel, change.by, change.date, change.reason]) {
              expect(text.includes(secret), `"${secret}" in the ${where}`).toBe(false);
            }
            expect(text.includes(`NOTE-MARKER-${sites.indexOf(site)}-QZX`), `a note in the ${where}`).toBe(false);
            expect(text.includes('keyholder')).toBe(false);
            expect(numbers, `bearing ${site.bearingDegrees} in the ${where}`).not.toContain(site.bearingDegrees);
            const row = figures.get(site.id)!;
            for (const column of ['crimes_share_of_layer', 'nearest_existing_nrd_metres', 'overlap_with_existing_share'] as const) {
              expect(numbers, `${column} in the ${where}`).not.toContain(row[column]);
            }
          }
        }
      });

      it(`names no removed field as a column or property (${proposedIn})`, () => {
        const csvColumns = csvOf(out.csv).meta.fields!;
        const propertyNames = out.geojson.features.flatMap((f) => Object.keys(f.properties));
        const rowKeys = out.rows.flatMap((row) => Object.keys(row));
        const names = new Set([...csvColumns, ...propertyNames, ...rowKeys, ...Object.keys(out.geojson.features[0]!)]);
        for (const removed of out.removedFields) expect(names.has(removed), removed).toBe(false);
        // Nor any of the register's own columns but the four the public version keeps.
        const kept = new Set(['kind', 'status', 'force_area', 'region']);
        for (const column of REGISTER_COLUMNS) if (!kept.has(column)) expect(names.has(column), column).toBe(false);
        expect(out.removedFields).toEqual(
          expect.arrayContaining([
            'id',
            'reference',
            'name',
            'road',
            'directionOfTravel',
            'lon',
            'lat',
            'enteredAs',
            'bearingDegrees',
            'rangeMetres',
            'fieldOfViewDegrees',
            'lanes',
            'notes',
            'statusHistory',
            'nearest_existing_nrd',
            'nearest_existing_nrd_metres',
            'overlap_with_existing_share',
            'sensitive_places',
            'marginal_crimes',
            'crimes_burglary',
            'crimes_violence_and_sexual_offences',
          ]),
        );
        expect(out.removedFields).not.toContain('region');
      });

      it(`draws areas, never points: grid squares on the grid, LSOAs as given (${proposedIn})`, () => {
        for (const feature of out.geojson.features) {
          expect(['Polygon', 'MultiPolygon']).toContain(feature.geometry.type);
          if (feature.properties.area.includes(' square ')) {
            const side = generalisation.to === 'grid' ? generalisation.squareMetres : 1000;
            expectCornersOnGrid(feature, side);
          } else {
            const lsoa = cells.find((cell) => feature.properties.area.endsWith(`(${String(cell.properties!.code)})`));
            expect(feature.geometry).toEqual(lsoa!.geometry);
          }
        }
        const positions: Position[] = out.geojson.features.flatMap((f) =>
          f.geometry.type === 'Polygon' ? f.geometry.coordinates.flat() : f.geometry.coordinates.flat(2),
        );
        // No vertex anywhere is within 10 m of a site.
        for (const { easting, northing } of grid) {
          for (const [lon, lat] of positions) {
            const vertex = wgs84ToBng({ lon: lon!, lat: lat! });
            expect(Math.hypot(vertex.easting - easting, vertex.northing - northing)).toBeGreaterThan(10);
          }
        }
      });
    }
  });

  it('generalises the Keynsham site, outside every LSOA, to its 1 km square, and the rest to their LSOAs', () => {
    const out = publicExport(sites, figures, { to: 'lsoa', lsoas }, { includeProposed: true });
    expect(out.rows.filter((row) => row.area_type === 'grid square')).toHaveLength(1);
    expect(out.rows.filter((row) => row.area_type === 'LSOA')).toHaveLength(sites.length - 1);
    expect(out.note).toContain('outside every LSOA');
    expect(out.note).toContain('Some NRDs are illustrative');
  });

  it('keeps the rounded figures: crimes and residents to 10, vehicles to 100, small counts as "fewer than"', () => {
    const out = publicExport(sites, figures, { to: 'grid', squareMetres: 1000 }, { includeProposed: true });
    const crimes = out.rows.map((row) => row.crimes_in_coverage).sort();
    expect(crimes.filter((value) => value === 'fewer than 10')).toHaveLength(4);
    for (const row of out.rows) {
      for (const [value, step] of [
        [row.crimes_in_coverage, 10],
        [row.residents_in_coverage, 10],
        [row.vehicles_per_day, 100],
      ] as const) {
        if (typeof value === 'number') expect(value % step).toBe(0);
        else expect(value).toBe(`fewer than ${step}`);
      }
    }
  });
});
