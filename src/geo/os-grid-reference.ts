/**
 * Ordnance Survey grid references ("ST 750 640"): two letters naming a 100 km square of the National
 * Grid, then the easting and northing within it, truncated to the precision given.
 */

export type OsGridReferenceResult =
  | {
      ok: true;
      /** South-west corner of the referenced square, in metres of British National Grid (EPSG:27700). */
      easting: number;
      northing: number;
      /** Side of the referenced square: 1 m for 10 digits, 10 m for 8, ... 100 km for letters alone. */
      precisionMetres: number;
      /** Upper-case letters, a space, the easting digits, a space, the northing digits: "SU 12345 67890". */
      normalised: string;
    }
  | { ok: false; message: string };

/**
 * Grid letters are a 5 x 5 block of the alphabet without I, read in rows from the north-west corner:
 *   A B C D E
 *   F G H J K
 *   L M N O P
 *   Q R S T U
 *   V W X Y Z
 * The first letter picks a 500 km square, the second a 100 km square inside it, by the same layout.
 */
const LETTERS = 'ABCDEFGHJKLMNOPQRSTUVWXYZ';

/**
 * The grid's false origin is the south-west corner of the 500 km square S (row 3, column 2 of the block).
 * Only these six 500 km squares touch the grid's 700 km x 1300 km extent.
 */
const ORIGIN_COLUMN = 2;
const ORIGIN_ROW = 3;
const FIRST_LETTERS = ['S', 'T', 'N', 'O', 'H', 'J'];

const SQUARE_METRES = 100_000;
/** The grid covers eastings 0 to 700 km and northings 0 to 1300 km: 7 x 13 squares of 100 km. */
const GRID_SQUARES_EAST = 7;
const GRID_SQUARES_NORTH = 13;
const MAX_DIGITS = 10;

const EXAMPLE = 'e.g. ST 750 640';

/** The index of a 100 km square east and north of the false origin, from its two letters. */
function squareFromLetters(first: string, second: string): { east: number; north: number } {
  const firstIndex = LETTERS.indexOf(first);
  const secondIndex = LETTERS.indexOf(second);
  const east500 = (firstIndex % 5) - ORIGIN_COLUMN;
  const north500 = ORIGIN_ROW - Math.floor(firstIndex / 5);
  return {
    east: east500 * 5 + (secondIndex % 5),
    north: north500 * 5 + (4 - Math.floor(secondIndex / 5)),
  };
}

/** The two letters of a 100 km square, the inverse of squareFromLetters. */
function lettersFromSquare(east: number, north: number): string {
  const east500 = Math.floor(east / 5);
  const north500 = Math.floor(north / 5);
  const first = LETTERS[(ORIGIN_ROW - north500) * 5 + ORIGIN_COLUMN + east500];
  const second = LETTERS[(4 - (north % 5)) * 5 + (east % 5)];
  return `${first}${second}`;
}

function isGridSquare({ east, north }: { east: number; north: number }): boolean {
  return east >= 0 && east < GRID_SQUARES_EAST && north >= 0 && north < GRID_SQUARES_NORTH;
}

export function parseOsGridReference(text: string): OsGridReferenceResult {
  const typed = text.trim();
  if (typed === '') {
    return { ok: false, message: `No grid reference was given: type two letters and an even number of digits, ${EXAMPLE}.` };
  }
  const quoted = `"${typed}"`;
  const lettersMatch = /^([A-Za-z])\s*([A-Za-z])(.*)$/s.exec(typed);
  if (!lettersMatch) {
    return {
      ok: false,
      message: `${quoted} does not start with the two letters of a 100 km square: an OS grid reference looks like ST 750 640.`,
    };
  }
  const first = lettersMatch[1]!.toUpperCase();
  const second = lettersMatch[2]!.toUpperCase();
  const rest = lettersMatch[3]!.trim();

  if (first === 'I' || second === 'I') {
    return { ok: false, message: `${quoted} is not a grid reference: the letter I is not used in National Grid squares (${EXAMPLE}).` };
  }
  if (!FIRST_LETTERS.includes(first)) {
    return {
      ok: false,
      message:
        `${quoted} is not a grid reference: ${first}${second} is not a National Grid square. ` +
        `The first letter is one of ${FIRST_LETTERS.join(', ')} (${EXAMPLE}).`,
    };
  }
  const square = squareFromLetters(first, second);
  if (!isGridSquare(square)) {
    return {
      ok: false,
      message:
        `${quoted} is not a grid reference: ${first}${second} lies outside the National Grid ` +
        `(eastings 0 to 700 km, northings 0 to 1300 km), so no such square exists (${EXAMPLE}).`,
    };
  }

  const notDigit = /[^\d\s]/.exec(rest);
  if (notDigit) {
    return {
      ok: false,
      message: `${quoted} is not a grid reference: "${notDigit[0]}" is not a digit. After the two letters come only digits, ${EXAMPLE}.`,
    };
  }
  const groups = rest === '' ? [] : rest.split(/\s+/);
  const digits = groups.join('');
  if (digits.length > MAX_DIGITS) {
    return {
      ok: false,
      message: `${quoted} has ${digits.length} digits; a grid reference has at most ${MAX_DIGITS} (5 for the easting, 5 for the northing: 1 m), e.g. ST 75000 64000.`,
    };
  }
  if (digits.length % 2 !== 0) {
    return {
      ok: false,
      message: `${quoted} has ${digits.length} digits; a grid reference needs an even number, half for the easting and half for the northing, ${EXAMPLE}.`,
    };
  }
  if (groups.length > 2) {
    return {
      ok: false,
      message: `${quoted} has its digits in ${groups.length} groups; write them as one group or as two (the easting, then the northing), ${EXAMPLE}.`,
    };
  }
  if (groups.length === 2 && groups[0]!.length !== groups[1]!.length) {
    return {
      ok: false,
      message:
        `${quoted} has ${groups[0]!.length} digits for the easting and ${groups[1]!.length} for the northing; ` +
        `both halves need the same number of digits, ${EXAMPLE}.`,
    };
  }

  const half = digits.length / 2;
  const eastingDigits = digits.slice(0, half);
  const northingDigits = digits.slice(half);
  const precisionMetres = 10 ** (5 - half);
  // "ST 75 64" means the 1 km square whose south-west corner is 375000, 164000: the digits are leading digits.
  const within = (part: string) => (part === '' ? 0 : Number(part) * precisionMetres);
  return {
    ok: true,
    easting: square.east * SQUARE_METRES + within(eastingDigits),
    northing: square.north * SQUARE_METRES + within(northingDigits),
    precisionMetres,
    normalised: half === 0 ? `${first}${second}` : `${first}${second} ${eastingDigits} ${northingDigits}`,
  };
}

/**
 * The grid reference of the square, of the precision that `digits` (2 to 10, even) gives, that contains a
 * point; null outside the grid. Digits are truncated, not rounded, as OS does: a reference names the
 * square the point is in, and rounding up would name the next square.
 */
export function formatOsGridReference(easting: number, northing: number, digits = 10): string | null {
  if (!Number.isInteger(digits) || digits < 2 || digits > MAX_DIGITS || digits % 2 !== 0) {
    throw new RangeError(`digits must be an even whole number from 2 to ${MAX_DIGITS}, not ${digits}`);
  }
  if (!Number.isFinite(easting) || !Number.isFinite(northing)) return null;
  const east = Math.floor(easting / SQUARE_METRES);
  const north = Math.floor(northing / SQUARE_METRES);
  if (!isGridSquare({ east, north })) return null;
  const half = digits / 2;
  const precisionMetres = 10 ** (5 - half);
  const part = (metres: number, squares: number) =>
    String(Math.floor((metres - squares * SQUARE_METRES) / precisionMetres)).padStart(half, '0');
  return `${lettersFromSquare(east, north)} ${part(easting, east)} ${part(northing, north)}`;
}
