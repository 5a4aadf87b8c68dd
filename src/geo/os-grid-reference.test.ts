import { describe, expect, it } from 'vitest';
import { formatOsGridReference, parseOsGridReference } from './os-grid-reference.ts';

/**
 * The 100 km squares as OS draws them on its National Grid map, north row first, west to east: an
 * independent check of the letter arithmetic.
 */
const OS_SQUARES_NORTH_FIRST = [
  'HL HM HN HO HP JL JM',
  'HQ HR HS HT HU JQ JR',
  'HV HW HX HY HZ JV JW',
  'NA NB NC ND NE OA OB',
  'NF NG NH NJ NK OF OG',
  'NL NM NN NO NP OL OM',
  'NQ NR NS NT NU OQ OR',
  'NV NW NX NY NZ OV OW',
  'SA SB SC SD SE TA TB',
  'SF SG SH SJ SK TF TG',
  'SL SM SN SO SP TL TM',
  'SQ SR SS ST SU TQ TR',
  'SV SW SX SY SZ TV TW',
].map((row) => row.split(' '));

function parsed(text: string) {
  const result = parseOsGridReference(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.message}`);
  return result;
}

function message(text: string): string {
  const result = parseOsGridReference(text);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result.message;
}

describe('parseOsGridReference', () => {
  it('reads published references to their easting and northing', () => {
    // The point of OS's worked example in "A guide to coordinate systems in Great Britain" (E 651409.903, N 313177.270).
    expect(parsed('TG 51409 13177')).toMatchObject({ easting: 651409, northing: 313177, precisionMetres: 1 });
    // Ben Nevis, Shetland, the Isles of Scilly (the square at the false origin) and a mid-grid square.
    expect(parsed('NN 16650 71250')).toMatchObject({ easting: 216650, northing: 771250 });
    expect(parsed('HU 39775 75150')).toMatchObject({ easting: 439775, northing: 1175150 });
    expect(parsed('SV 90000 10000')).toMatchObject({ easting: 90000, northing: 10000 });
    expect(parsed('SU 12345 67890')).toMatchObject({ easting: 412345, northing: 167890 });
    expect(parsed('ST 75000 64000')).toMatchObject({ easting: 375000, northing: 164000 });
  });

  it('gives every square of the OS map its place, row by row from the north', () => {
    OS_SQUARES_NORTH_FIRST.forEach((row, rowIndex) => {
      row.forEach((letters, column) => {
        expect(parsed(letters), letters).toMatchObject({
          easting: column * 100_000,
          northing: (12 - rowIndex) * 100_000,
          precisionMetres: 100_000,
          normalised: letters,
        });
      });
    });
  });

  it('refuses every other pair of letters, so the grid has exactly the 91 squares of the map', () => {
    const onMap = new Set(OS_SQUARES_NORTH_FIRST.flat());
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let accepted = 0;
    for (const first of letters) {
      for (const second of letters) {
        const ok = parseOsGridReference(`${first}${second}`).ok;
        expect(ok, `${first}${second}`).toBe(onMap.has(`${first}${second}`));
        if (ok) accepted += 1;
      }
    }
    expect(accepted).toBe(91);
  });

  it('takes the digits as the south-west corner of a square of the precision given', () => {
    expect(parsed('SU')).toEqual({ ok: true, easting: 400000, northing: 100000, precisionMetres: 100_000, normalised: 'SU' });
    expect(parsed('SU16')).toEqual({ ok: true, easting: 410000, northing: 160000, precisionMetres: 10_000, normalised: 'SU 1 6' });
    expect(parsed('SU 1267')).toMatchObject({ easting: 412000, northing: 167000, precisionMetres: 1000, normalised: 'SU 12 67' });
    expect(parsed('SU 123 678')).toMatchObject({ easting: 412300, northing: 167800, precisionMetres: 100, normalised: 'SU 123 678' });
    expect(parsed('SU 1234 6789')).toMatchObject({ easting: 412340, northing: 167890, precisionMetres: 10 });
    expect(parsed('SU1234567890')).toMatchObject({ easting: 412345, northing: 167890, precisionMetres: 1, normalised: 'SU 12345 67890' });
  });

  it('accepts lower case and any spacing', () => {
    for (const text of ['su 12345 67890', '  SU12345   67890 ', 'Su 1234567890', 's u 12345 67890', 'SU\t12345 67890']) {
      expect(parsed(text), text).toMatchObject({ easting: 412345, northing: 167890, normalised: 'SU 12345 67890' });
    }
  });

  it('keeps leading zeros, which are part of the position', () => {
    expect(parsed('SV 09 01')).toMatchObject({ easting: 9000, northing: 1000, normalised: 'SV 09 01' });
  });

  it('refuses letters that are not a National Grid square, naming them', () => {
    expect(message('SI 123 456')).toMatch(/letter I is not used/);
    expect(message('XX 123 456')).toMatch(/XX is not a National Grid square.*S, T, N, O, H, J/);
    // Letters that the arithmetic can place, but beyond the grid's edge (east of 700 km, north of 1300 km).
    expect(message('OZ 123 456')).toMatch(/OZ lies outside the National Grid/);
    expect(message('HA 123 456')).toMatch(/HA lies outside the National Grid/);
    expect(message('TC 123 456')).toMatch(/TC lies outside/);
  });

  it('refuses digits it cannot split into an easting and a northing, saying how many it found', () => {
    expect(message('SU 1234 567')).toMatch(/7 digits.*even number/);
    expect(message('SU 123456789012')).toMatch(/12 digits.*at most 10/);
    expect(message('SU 1234 56')).toMatch(/4 digits for the easting and 2 for the northing/);
    expect(message('SU 12 34 56')).toMatch(/3 groups/);
  });

  it('refuses anything but digits after the letters, quoting what was typed', () => {
    expect(message('SU 12a 678')).toMatch(/"SU 12a 678".*"a" is not a digit/);
    expect(message('SU 123.4 678.9')).toMatch(/"\." is not a digit/);
    expect(message('ST 750, 640')).toMatch(/"," is not a digit/);
  });

  it('refuses text without the letters, and empty text, with an example', () => {
    expect(message('')).toMatch(/e\.g\. ST 750 640/);
    expect(message('375000 164000')).toMatch(/does not start with the two letters/);
  });
});

describe('formatOsGridReference', () => {
  it('writes the published references from their easting and northing', () => {
    expect(formatOsGridReference(651409, 313177)).toBe('TG 51409 13177');
    expect(formatOsGridReference(216650, 771250)).toBe('NN 16650 71250');
    expect(formatOsGridReference(439775, 1175150)).toBe('HU 39775 75150');
    expect(formatOsGridReference(90000, 10000)).toBe('SV 90000 10000');
    expect(formatOsGridReference(375000, 164000)).toBe('ST 75000 64000');
    expect(formatOsGridReference(0, 0)).toBe('SV 00000 00000');
  });

  it('truncates to the precision asked for, never rounding into the next square', () => {
    expect(formatOsGridReference(651409.9, 313177.9)).toBe('TG 51409 13177');
    expect(formatOsGridReference(651409, 313177, 8)).toBe('TG 5140 1317');
    expect(formatOsGridReference(651409, 313177, 6)).toBe('TG 514 131');
    expect(formatOsGridReference(651999, 313999, 4)).toBe('TG 51 13');
    expect(formatOsGridReference(651409, 313177, 2)).toBe('TG 5 1');
  });

  it('round-trips with the parser for every square of the grid', () => {
    for (const row of OS_SQUARES_NORTH_FIRST) {
      for (const letters of row) {
        const corner = parsed(letters);
        const text = formatOsGridReference(corner.easting + 12345, corner.northing + 67890);
        expect(text).toBe(`${letters} 12345 67890`);
        expect(parsed(text!)).toMatchObject({ easting: corner.easting + 12345, northing: corner.northing + 67890 });
      }
    }
  });

  it('gives null outside the grid', () => {
    expect(formatOsGridReference(-1, 100)).toBeNull();
    expect(formatOsGridReference(700_000, 100)).toBeNull();
    expect(formatOsGridReference(100, 1_300_000)).toBeNull();
    expect(formatOsGridReference(Number.NaN, 100)).toBeNull();
  });

  it('refuses a digit count that is not an even number from 2 to 10', () => {
    expect(() => formatOsGridReference(375000, 164000, 7)).toThrow(RangeError);
    expect(() => formatOsGridReference(375000, 164000, 12)).toThrow(RangeError);
    expect(() => formatOsGridReference(375000, 164000, 0)).toThrow(RangeError);
  });
});
