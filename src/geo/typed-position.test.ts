import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bngToWgs84 } from './british-national-grid.ts';
import { parseTypedPosition } from './typed-position.ts';

/** ONS publishes each police force area's label point in both BNG and WGS84: an independent check. */
const onsPoints = readFileSync(new URL('../../test/fixtures/ons-police-force-area-points.csv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#') && !line.startsWith('code,'))
  .map((line) => {
    const [code, , easting, northing, lon, lat] = line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    return { code: code!, easting: easting!, northing: northing!, lon: Number(lon), lat: Number(lat) };
  });

/** Metres between two nearby WGS84 positions (equirectangular: good to millimetres over a few metres). */
function metresApart(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const metresPerDegree = 111_320;
  const dx = (a.lon - b.lon) * metresPerDegree * Math.cos((a.lat * Math.PI) / 180);
  const dy = (a.lat - b.lat) * metresPerDegree;
  return Math.hypot(dx, dy);
}

function read(text: string) {
  const result = parseTypedPosition(text);
  if (!result.ok) throw new Error(`expected "${text}" to be read: ${result.message}`);
  return result;
}

function refused(text: string): string {
  const result = parseTypedPosition(text);
  if (result.ok) throw new Error(`expected "${text}" to be refused, got ${result.description}`);
  return result.message;
}

describe('parseTypedPosition: WGS84 degrees', () => {
  it('reads latitude, longitude and says how', () => {
    expect(read('51.3815, -2.3590')).toEqual({
      ok: true,
      lon: -2.359,
      lat: 51.3815,
      enteredAs: { crs: 'EPSG:4326', lon: -2.359, lat: 51.3815 },
      description: 'WGS84 latitude 51.3815, longitude -2.3590',
    });
  });

  it('reads the same place however it is written', () => {
    for (const text of [
      '51.3815 -2.3590',
      '51.3815,-2.3590',
      '51.3815; -2.3590',
      '(51.3815, -2.3590)',
      '51.3815° N, 2.3590° W',
      '51.3815°N 2.3590°W',
      'N 51.3815 W 2.3590',
      'n51.3815 w2.3590',
      '51.3815 north, 2.3590 west',
      '2.3590 W, 51.3815 N',
      '+51.3815, \u22122.3590',
    ]) {
      expect(read(text), text).toMatchObject({ lon: -2.359, lat: 51.3815, enteredAs: { crs: 'EPSG:4326', lon: -2.359, lat: 51.3815 } });
    }
  });

  it('tells the order from the values, since UK latitudes and longitudes do not overlap, and says so', () => {
    expect(read('-2.3590, 51.3815')).toMatchObject({
      lon: -2.359,
      lat: 51.3815,
      description: 'WGS84 latitude 51.3815, longitude -2.3590 (typed longitude first)',
    });
    // East of Greenwich: Norwich.
    expect(read('1.2974, 52.6309')).toMatchObject({ lon: 1.2974, lat: 52.6309 });
  });

  it('refuses positions outside the UK box, naming the box', () => {
    expect(refused('0, 0')).toMatch(/outside the UK.*latitude 49\.8 to 60\.9, longitude -8\.7 to 1\.9/);
    expect(refused('48.8566, 2.3522')).toMatch(/outside the UK.*latitude 49\.8 to 60\.9/);
    expect(refused('40.7128° N, 74.0060° W')).toMatch(/outside the UK/);
  });

  it('points out a lost minus sign on a western longitude', () => {
    expect(refused('51.3815, 2.3590')).toMatch(/did you mean -2\.3590\?/);
  });

  it('refuses hemisphere letters that contradict the numbers or each other', () => {
    expect(refused('51.3815 N, -2.3590 W')).toMatch(/both a minus sign and a hemisphere letter/);
    expect(refused('51.3815 N, 52.1 N')).toMatch(/both numbers as latitudes/);
    expect(refused('51.3815 N, -2.3590')).toMatch(/which letter.*goes with which number/);
  });

  it('explains that degrees, minutes and seconds are not read', () => {
    expect(refused('51° 22\' 53" N, 2° 21\' 32" W')).toMatch(/degrees, minutes and seconds.*is 51\.51/);
    expect(refused('51° 22 53, 2° 21 32')).toMatch(/degrees, minutes and seconds/);
  });
});

describe('parseTypedPosition: British National Grid metres', () => {
  it('reads easting, northing and converts them with the grid module', () => {
    const { lon, lat } = bngToWgs84({ easting: 375000, northing: 164000 });
    expect(read('375000, 164000')).toEqual({
      ok: true,
      lon,
      lat,
      enteredAs: { crs: 'EPSG:27700', easting: 375000, northing: 164000 },
      description: 'British National Grid easting 375000, northing 164000',
    });
  });

  it('reads the same place however it is written', () => {
    for (const text of ['375000 164000', '375000,164000', 'E 375000 N 164000', '375000E 164000N', 'e375000 n164000', 'N 164000, E 375000']) {
      expect(read(text).enteredAs, text).toEqual({ crs: 'EPSG:27700', easting: 375000, northing: 164000 });
    }
    expect(read('375000.5, 164000.25').enteredAs).toEqual({ crs: 'EPSG:27700', easting: 375000.5, northing: 164000.25 });
  });

  it('lands within the Helmert error (5 m) of the WGS84 positions ONS publishes for the same points', () => {
    expect(onsPoints).toHaveLength(43);
    for (const point of onsPoints) {
      const position = read(`${point.easting}, ${point.northing}`);
      // 5 m of Helmert error plus ONS's rounding to 1 m and 5 decimal places.
      expect(metresApart(position, point), point.code).toBeLessThan(6);
    }
  });

  it('refuses one number, or degrees mixed with metres, saying what each looks like', () => {
    expect(refused('375000')).toMatch(/Only one number in "375000".*ST 750 640/);
    expect(refused('51.38 164000')).toMatch(/51\.38 looks like degrees but 164000 like metres/);
    expect(refused('375000° 164000°')).toMatch(/too large to be a latitude or longitude/);
    expect(refused('375000 164000 200')).toMatch(/3 numbers/);
  });

  it('refuses positions outside the National Grid, and points out a northing typed first', () => {
    expect(refused('375000, 1400000')).toMatch(/outside the National Grid.*0 to 700000.*0 to 1300000/);
    expect(refused('1164000, 375000')).toMatch(/easting comes first; did you mean 375000, 1164000\?/);
    expect(refused('E 375000 E 164000')).toMatch(/both numbers E/);
  });
});

describe('parseTypedPosition: OS grid references', () => {
  it('places a 10-figure reference at its point', () => {
    const { lon, lat } = bngToWgs84({ easting: 375000, northing: 164000 });
    expect(read('ST 75000 64000')).toEqual({
      ok: true,
      lon,
      lat,
      enteredAs: { crs: 'OS-GRID-REF', gridReference: 'ST 75000 64000' },
      description: 'OS grid reference ST 75000 64000 (1 m square)',
    });
  });

  it('places a coarser reference at the centre of its square, and says so', () => {
    const hundred = read('st 750 640');
    expect(hundred.enteredAs).toEqual({ crs: 'OS-GRID-REF', gridReference: 'ST 750 640' });
    expect(hundred.description).toBe('OS grid reference ST 750 640 (100 m square), placed at its centre: easting 375050, northing 164050');
    const centre = bngToWgs84({ easting: 375050, northing: 164050 });
    expect(hundred.lon).toBeCloseTo(centre.lon, 12);
    expect(hundred.lat).toBeCloseTo(centre.lat, 12);
    expect(read('ST 7500 6400').description).toMatch(/\(10 m square\), placed at its centre: easting 375005, northing 164005/);
  });

  it('lands within the Helmert error of an ONS point typed as a grid reference', () => {
    // Avon and Somerset's label point, 356362, 150274, written out by hand.
    const avon = onsPoints.find((point) => point.code === 'E23000036')!;
    expect(metresApart(read('ST 56362 50274'), avon)).toBeLessThan(6);
  });

  it('refuses a square coarser than 100 m: a camera cannot be placed from it', () => {
    expect(refused('ST 75 64')).toMatch(/"ST 75 64" is a 1 km square.*at least a 6-figure reference.*ST 750 640/);
    expect(refused('ST 7 6')).toMatch(/10 km square/);
    expect(refused('ST')).toMatch(/100 km square/);
  });

  it("passes on the grid reference parser's reasons", () => {
    expect(refused('SI 750 640')).toMatch(/letter I is not used/);
    expect(refused('ST 7500 640')).toMatch(/7 digits/);
  });
});

describe('parseTypedPosition: mistakes', () => {
  it('asks for a position when given nothing', () => {
    for (const text of ['', '   ']) {
      expect(refused(text)).toMatch(/No position was given.*51\.3815, -2\.3590.*375000, 164000.*ST 750 640/);
    }
  });

  it('recognises a decimal comma and offers the reading with points', () => {
    expect(refused('51,3815; -2,3590')).toMatch(/comma inside a number.*did you mean "51\.3815, -2\.3590"\?/);
    expect(refused('51,3815 -2,3590')).toMatch(/did you mean "51\.3815 -2\.3590"\?/);
    expect(refused('51,3815')).toMatch(/one number, write it with a decimal point: 51\.3815/);
  });

  it('recognises thousands separators and offers the reading without them', () => {
    expect(refused('375,000, 164,000')).toMatch(/did you mean "375000, 164000"\?/);
  });

  it('names what it could not read', () => {
    expect(refused('Bath')).toMatch(/Could not read "B" in "Bath"/);
    expect(refused('51.3815 / -2.3590')).toMatch(/Could not read "\/"/);
  });
});
