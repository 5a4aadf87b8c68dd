import type { EnteredCoordinates } from '../domain/site.ts';
import { bngToWgs84, isWithinNationalGrid } from './british-national-grid.ts';
import { parseOsGridReference } from './os-grid-reference.ts';

/** A position typed into the register's "type a position" box, read, or refused with a reason. */
export type TypedPosition =
  | {
      ok: true;
      lon: number;
      lat: number;
      /** What was typed, in its own system, for the site record. */
      enteredAs: EnteredCoordinates;
      /** How the text was read, to show back to the analyst before the site is saved. */
      description: string;
    }
  | { ok: false; message: string };

/**
 * Great Britain and Northern Ireland as a box in WGS84 degrees, the same box the CSV import uses. Its
 * latitudes (49.8 to 60.9) and longitudes (-8.7 to 1.9) do not overlap, so which of two numbers is the
 * latitude can be told from the values alone: "51.38, -2.36" and "-2.36, 51.38" are the same place.
 */
const UK = { west: -8.7, east: 1.9, south: 49.8, north: 60.9 };
const UK_BOX = `latitude ${UK.south} to ${UK.north}, longitude ${UK.west} to ${UK.east}`;

/** Above this a number cannot be degrees, so it is read as metres of the National Grid. */
const MAX_DEGREES = 180;

/** A camera's coverage is tens of metres across: a square coarser than 100 m cannot place one. */
const COARSEST_SQUARE_METRES = 100;

const FORMS =
  'latitude and longitude in decimal degrees (51.3815, -2.3590), British National Grid easting and northing ' +
  'in metres (375000, 164000) or an OS grid reference (ST 750 640)';

interface NumberToken {
  kind: 'number';
  value: number;
  /** As typed (without a leading +), so the description shows the precision that was given. */
  text: string;
}
interface LetterToken {
  kind: 'letter';
  letter: 'N' | 'S' | 'E' | 'W';
}
type Token = NumberToken | LetterToken;

const SEPARATOR = /\s+|[,;]/y;
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)/y;
const DEGREE_MARK = /[°º]/y;
/** A hemisphere (51.38 N) or an axis (E 375000): one letter or the word, not the start of a longer word. */
const LETTER = /(north|south|east|west|[nsew])(?![a-z])/iy;
/** Marks of minutes and seconds, and the apostrophe and quote typed in their place. */
const MINUTES_SECONDS = /['"′″’”]/;

/**
 * "ST 750 640" and "su1234567890" start with two letters; "E 375000 N 164000" and "N51.38 W2.36" start with
 * one, and "Bath" or "North 51.38" with a word.
 */
const GRID_REFERENCE_START = /^[A-Za-z]\s*[A-Za-z](?![A-Za-z])/;

/** A comma with a digit either side is either a separator ("375000,164000") or a decimal comma ("51,38"). */
const COMMA_IN_NUMBER = /\d,\d/g;
const ANY_NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)/g;

function refuse(message: string): TypedPosition {
  return { ok: false, message };
}

export function parseTypedPosition(text: string): TypedPosition {
  // A minus sign copied from a web page or a document is often U+2212, not the hyphen-minus.
  const typed = text.replace(/\u2212/g, '-').trim();
  if (typed === '') return refuse(`No position was given: type ${FORMS}.`);
  if (GRID_REFERENCE_START.test(typed)) return fromGridReference(typed);

  const commasInNumbers = typed.match(COMMA_IN_NUMBER)?.length ?? 0;
  const numbersIfCommasSeparate = typed.match(ANY_NUMBER)?.length ?? 0;
  if (commasInNumbers > 0 && (typed.includes(';') || commasInNumbers > 1 || numbersIfCommasSeparate > 2)) {
    return commaInNumber(typed);
  }
  const read = fromNumbers(typed);
  if (!read.ok && /^[+-]?\d+,\d+$/.test(typed)) {
    return refuse(`${read.message} If "${typed}" is one number, write it with a decimal point: ${typed.replace(',', '.')}.`);
  }
  return read;
}

function fromGridReference(typed: string): TypedPosition {
  const reference = parseOsGridReference(typed);
  if (!reference.ok) return reference;
  const { precisionMetres, normalised } = reference;
  if (precisionMetres > COARSEST_SQUARE_METRES) {
    return refuse(
      `"${typed}" is a ${squareSize(precisionMetres)} square, too coarse to place a camera. ` +
        'Give at least a 6-figure reference (to 100 m), e.g. ST 750 640.',
    );
  }
  // A reference names a square, not a point; its centre is never more than half a diagonal from the truth.
  const offset = precisionMetres > 1 ? precisionMetres / 2 : 0;
  const easting = reference.easting + offset;
  const northing = reference.northing + offset;
  const { lon, lat } = bngToWgs84({ easting, northing });
  const description =
    offset === 0
      ? `OS grid reference ${normalised} (1 m square)`
      : `OS grid reference ${normalised} (${squareSize(precisionMetres)} square), placed at its centre: ` +
        `easting ${easting}, northing ${northing}`;
  return { ok: true, lon, lat, enteredAs: { crs: 'OS-GRID-REF', gridReference: normalised }, description };
}

function squareSize(metres: number): string {
  return metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
}

/**
 * "51,3815; -2,3590" is a spreadsheet set to a continental locale; "375,000, 164,000" has thousands
 * separators. Offer the reading that makes sense, but do not guess it silently.
 */
function commaInNumber(typed: string): TypedPosition {
  const withoutThousands = typed.replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  const withDecimalPoints = typed.replace(/(\d),(?=\d)/g, '$1.').replace(/;/g, ',');
  const suggestion = [withoutThousands, withDecimalPoints].find(
    (candidate) => !/\d,\d/.test(candidate) && fromNumbers(candidate).ok,
  );
  const start = `"${typed}" has a comma inside a number; positions are read with a decimal point and without thousands separators`;
  return refuse(
    suggestion === undefined ? `${start}, e.g. 51.3815, -2.3590 or 375000, 164000.` : `${start}: did you mean "${suggestion}"?`,
  );
}

type Tokens = { ok: true; tokens: Token[]; degreeMark: boolean } | { ok: false; message: string };

function tokenise(typed: string): Tokens {
  // A pasted "(51.3815, -2.3590)" is still a position.
  const inner = /^\((.*)\)$/s.exec(typed)?.[1] ?? typed;
  const tokens: Token[] = [];
  let degreeMark = false;
  let at = 0;
  const matchAt = (pattern: RegExp) => {
    pattern.lastIndex = at;
    const match = pattern.exec(inner);
    if (match) at = pattern.lastIndex;
    return match;
  };
  while (at < inner.length) {
    if (matchAt(SEPARATOR)) continue;
    if (matchAt(DEGREE_MARK)) {
      degreeMark = true;
      continue;
    }
    const number = matchAt(NUMBER);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), text: number[0].replace(/^\+/, '') });
      continue;
    }
    const letter = matchAt(LETTER);
    if (letter) {
      tokens.push({ kind: 'letter', letter: letter[1]!.charAt(0).toUpperCase() as LetterToken['letter'] });
      continue;
    }
    const unread = inner.charAt(at);
    if (MINUTES_SECONDS.test(unread)) {
      return { ok: false, message: degreesMinutesSeconds(typed) };
    }
    return { ok: false, message: `Could not read "${unread}" in "${typed}": type ${FORMS}.` };
  }
  return { ok: true, tokens, degreeMark };
}

function degreesMinutesSeconds(typed: string): string {
  return (
    `"${typed}" looks like degrees, minutes and seconds, which are not read here: ` +
    'give decimal degrees (51° 30\' 36" N is 51.51), e.g. 51.3815, -2.3590.'
  );
}

interface Value {
  number: NumberToken;
  letter: LetterToken['letter'] | null;
}

function fromNumbers(typed: string): TypedPosition {
  const tokenised = tokenise(typed);
  if (!tokenised.ok) return tokenised;
  const { tokens, degreeMark } = tokenised;
  const numbers = tokens.filter((token): token is NumberToken => token.kind === 'number');
  const letters = tokens.filter((token): token is LetterToken => token.kind === 'letter');

  if (numbers.length === 0) return refuse(`No numbers in "${typed}": type ${FORMS}.`);
  if (numbers.length === 1) {
    return refuse(
      `Only one number in "${typed}": a position needs two, e.g. 375000, 164000 (easting, northing) or ` +
        '51.3815, -2.3590 (latitude, longitude). A grid reference starts with its two letters, e.g. ST 750 640.',
    );
  }
  if (numbers.length > 2) {
    if (degreeMark) return refuse(degreesMinutesSeconds(typed));
    return refuse(`${numbers.length} numbers in "${typed}": a position needs two, e.g. 51.3815, -2.3590 or 375000, 164000.`);
  }

  let values: [Value, Value];
  if (letters.length === 0) {
    values = [
      { number: numbers[0]!, letter: null },
      { number: numbers[1]!, letter: null },
    ];
  } else {
    // Letters go all before their numbers (N 51.38 W 2.36, E 375000 N 164000) or all after (51.38 N 2.36 W).
    const kinds = tokens.map((token) => token.kind).join(' ');
    const lettersFirst = kinds === 'letter number letter number';
    if (!lettersFirst && kinds !== 'number letter number letter') {
      return refuse(
        `Could not tell which letter in "${typed}" goes with which number: put one letter by each number, ` +
          'before it or after it, e.g. 51.3815 N, 2.3590 W or E 375000 N 164000.',
      );
    }
    values = [
      { number: numbers[0]!, letter: letters[0]!.letter },
      { number: numbers[1]!, letter: letters[1]!.letter },
    ];
  }

  const looksLikeDegrees = values.map((value) => Math.abs(value.number.value) <= MAX_DEGREES);
  const markedAsDegrees = degreeMark || values.some((value) => value.letter === 'S' || value.letter === 'W');
  if (looksLikeDegrees[0] && looksLikeDegrees[1]) return fromDegrees(typed, values);
  const large = values.find((_, index) => !looksLikeDegrees[index])!.number.text;
  if (markedAsDegrees) {
    return refuse(
      `"${typed}" is marked as degrees, but ${large} is too large to be a latitude or longitude. ` +
        'Give decimal degrees (51.3815° N, 2.3590° W) or metres without degree signs or S and W (375000, 164000).',
    );
  }
  if (!looksLikeDegrees[0] && !looksLikeDegrees[1]) return fromMetres(typed, values);
  const small = values.find((_, index) => looksLikeDegrees[index])!.number.text;
  return refuse(
    `Could not tell what "${typed}" is: ${small} looks like degrees but ${large} like metres. ` +
      'Give latitude and longitude in decimal degrees (51.3815, -2.3590) or British National Grid easting and ' +
      'northing in metres (375000, 164000).',
  );
}

/** The value with its hemisphere applied (south and west are negative); null if a minus sign contradicts or doubles it. */
function signed({ number, letter }: Value): { value: number; text: string } | null {
  if (letter === null) return { value: number.value, text: number.text };
  if (number.text.startsWith('-')) return null;
  return letter === 'S' || letter === 'W' ? { value: -number.value, text: `-${number.text}` } : { value: number.value, text: number.text };
}

function fromDegrees(typed: string, values: [Value, Value]): TypedPosition {
  let latitude: Value;
  let longitude: Value;
  let longitudeFirst = false;
  const [first, second] = values;
  if (first.letter !== null && second.letter !== null) {
    const isLatitude = (value: Value) => value.letter === 'N' || value.letter === 'S';
    if (isLatitude(first) === isLatitude(second)) {
      return refuse(
        `"${typed}" marks both numbers as ${isLatitude(first) ? 'latitudes (N or S)' : 'longitudes (E or W)'}: ` +
          'give one latitude and one longitude, e.g. 51.3815 N, 2.3590 W.',
      );
    }
    [latitude, longitude] = isLatitude(first) ? [first, second] : [second, first];
    longitudeFirst = !isLatitude(first);
  } else {
    const inLatitudes = (value: Value) => value.number.value >= UK.south && value.number.value <= UK.north;
    if (inLatitudes(first)) {
      [latitude, longitude] = [first, second];
    } else if (inLatitudes(second)) {
      [latitude, longitude] = [second, first];
      longitudeFirst = true;
    } else {
      return refuse(
        `"${typed}" is outside the UK: neither number is a UK latitude. ` +
          `NRD Planner takes ${UK_BOX} (WGS84 decimal degrees), e.g. 51.3815, -2.3590.`,
      );
    }
  }

  const lat = signed(latitude);
  const lon = signed(longitude);
  if (lat === null || lon === null) {
    return refuse(
      `"${typed}" has both a minus sign and a hemisphere letter on one number: give one or the other, ` +
        'e.g. 51.3815, -2.3590 or 51.3815 N, 2.3590 W.',
    );
  }
  const insideUk = (lonValue: number, latValue: number) =>
    latValue >= UK.south && latValue <= UK.north && lonValue >= UK.west && lonValue <= UK.east;
  if (!insideUk(lon.value, lat.value)) {
    // A lost minus sign puts Bath in the North Sea or beyond: the commonest slip in typing a UK longitude.
    const lostMinus = longitude.letter === null && lon.value > 0 && insideUk(-lon.value, lat.value);
    return refuse(
      `"${typed}" (latitude ${lat.text}, longitude ${lon.text}) is outside the UK: NRD Planner takes ${UK_BOX} ` +
        `(WGS84 decimal degrees)${lostMinus ? `. Longitudes west of Greenwich are negative: did you mean -${lon.text}?` : ', e.g. 51.3815, -2.3590.'}`,
    );
  }
  return {
    ok: true,
    lon: lon.value,
    lat: lat.value,
    enteredAs: { crs: 'EPSG:4326', lon: lon.value, lat: lat.value },
    description: `WGS84 latitude ${lat.text}, longitude ${lon.text}${longitudeFirst ? ' (typed longitude first)' : ''}`,
  };
}

function fromMetres(typed: string, values: [Value, Value]): TypedPosition {
  let [easting, northing] = values;
  if (easting.letter !== null && northing.letter !== null) {
    if (easting.letter === northing.letter) {
      return refuse(`"${typed}" marks both numbers ${easting.letter}: give one easting (E) and one northing (N), e.g. E 375000 N 164000.`);
    }
    if (easting.letter === 'N') [easting, northing] = [northing, easting];
  }
  const grid = { easting: easting.number.value, northing: northing.number.value };
  if (!isWithinNationalGrid(grid)) {
    const swapped = easting.letter === null && isWithinNationalGrid({ easting: grid.northing, northing: grid.easting });
    return refuse(
      `"${typed}" (easting ${easting.number.text}, northing ${northing.number.text}) is outside the National Grid, ` +
        'whose eastings run from 0 to 700000 and northings from 0 to 1300000 metres' +
        (swapped ? `: the easting comes first; did you mean ${northing.number.text}, ${easting.number.text}?` : ', e.g. 375000, 164000.'),
    );
  }
  const { lon, lat } = bngToWgs84(grid);
  return {
    ok: true,
    lon,
    lat,
    enteredAs: { crs: 'EPSG:27700', easting: grid.easting, northing: grid.northing },
    description: `British National Grid easting ${easting.number.text}, northing ${northing.number.text}`,
  };
}
