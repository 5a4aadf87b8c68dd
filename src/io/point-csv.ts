import Papa from 'papaparse';
import { CNI_WORDS, SENSITIVE_WORDS, nameWords, type LayerKind } from '../domain/layer.ts';
import { DictionaryBuilder } from '../domain/point-columns.ts';
import { bngToWgs84, isWithinNationalGrid } from '../geo/british-national-grid.ts';
import { ImportNeedsChoice, type FormatDriver, type ImportContext, type ImportQuestion, type ParsedLayer, type SourceFile } from './format-driver.ts';
import { ImportError, ImportReportBuilder, nothingImported, throwIfQuoteNeverCloses } from './import-report.ts';
import { decodeText } from './text-decoding.ts';

/** The id of the question asked when the columns' names and values disagree about what the coordinates are. */
const QUESTION_ID = 'coordinates';

/**
 * Great Britain and Northern Ireland as a box in WGS84 degrees (as the map's UK view). A box, not a coastline:
 * it lets in Ireland and a strip of northern France, but it catches the common mistakes (0,0, a sign lost,
 * degrees read as metres, a point in another country altogether).
 */
export const UK = { west: -8.7, east: 1.9, south: 49.8, north: 60.9 };

/**
 * A plain decimal, optionally with an exponent: R's write.csv writes an easting of 500000 as "5e+05".
 * Number() alone would also take "0x1f", "Infinity" or "" (as 0).
 */
export const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** "51,3815": a spreadsheet set to a continental locale writes a decimal comma (and then ";" between columns). */
export const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** Stored text is capped: a free-text column (a description, a pasted web page) must not swell the layer. */
const MAX_TEXT = 1000;
/** Rows read before the coordinate columns are decided from their values. */
const SAMPLE_ROWS = 200;
const PROGRESS_EVERY_ROWS = 50_000;

const DELIMITERS = [',', ';', '\t'] as const;
type Delimiter = (typeof DELIMITERS)[number];
const EXTENSIONS = ['.csv', '.txt', '.tsv'];
const DELIMITER_NAME: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

const REASON = {
  missing: 'missing coordinate',
  notNumber: 'not a number',
  decimalComma: 'not a number: a decimal comma where a decimal point is needed',
  outsideUk: 'outside the UK',
  fewer: 'fewer values than the header has columns (the row is cut short)',
  more: (delimiter: Delimiter) => `more values than the header has columns (a value with an unquoted ${DELIMITER_NAME[delimiter]}?)`,
};

/*
 * Header names, lower-cased with everything but letters and digits removed ("Longitude (WGS84)" is
 * "longitudewgs84", "BNG_E" is "bnge"). A bare "x" or "y" says nothing about degrees or metres: the values decide.
 */
const LON_NAME = /^(?:wgs84|gps|decimal|site|point|centroid|geo)?(?:lon|long|lng|longitude)(?:wgs84|wgs|dd|deg|degrees|decimal|4326)?$/;
const LAT_NAME = /^(?:wgs84|gps|decimal|site|point|centroid|geo)?(?:lat|latitude)(?:wgs84|wgs|dd|deg|degrees|decimal|4326)?$/;
const GRID_PREFIX = '(?:bng|os|osgb|osgb36|grid|nationalgrid)';
const GRID_SUFFIX = '(?:bng|osgb|osgb36|27700|m|metres|meters)?';
const EASTING_NAME = new RegExp(`^(?:(?:${GRID_PREFIX}|site|point|centroid|location)?eastings?|${GRID_PREFIX}(?:e|x|east))${GRID_SUFFIX}$`);
const NORTHING_NAME = new RegExp(`^(?:(?:${GRID_PREFIX}|site|point|centroid|location)?northings?|${GRID_PREFIX}(?:n|y|north))${GRID_SUFFIX}$`);
const X_NAME = /^(?:x|xcoord|xcoordinate|coordx|pointx)$/;
const Y_NAME = /^(?:y|ycoord|ycoordinate|coordy|pointy)$/;


/**
 * Where the coordinates are: two columns (0-based) and what they hold. "bng" is British National Grid
 * easting and northing in metres (EPSG:27700); "lonlat" is WGS84 longitude and latitude in degrees.
 */
export interface CoordinatePlan {
  system: 'lonlat' | 'bng';
  first: number;
  second: number;
}

/** What the values of a pair of columns look like, taken in the order (first, second). */
type Reading = 'lonlat' | 'latlon' | 'grid' | 'unclear';

interface Candidate {
  /** What the header's names say the pair is; "xy" says nothing. */
  named: 'lonlat' | 'bng' | 'xy';
  first: number;
  second: number;
}

interface SampleRow {
  row: number;
  data: string[];
}

/**
 * A generic CSV of points: an NRD list, CNI sites, schools, places of worship. The coordinate columns are
 * found from the header's names and checked against the values of the first rows; when the two disagree
 * (grid metres under "Longitude", latitude under "lon") the user is asked, never guessed for. Every other
 * column is kept as text, named by its header. Row numbers are records as a spreadsheet shows them: the
 * header is row 1, a blank line is a row, a quoted value with a line break inside stays one row.
 */
export const pointCsvDriver: FormatDriver = {
  id: 'point-csv',
  label: 'Point CSV (NRD list, CNI, sensitive places)',
  extensions: EXTENSIONS,

  detect({ name, head }) {
    if (!EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension))) return 0;
    const delimiter = detectDelimiter(head);
    const header = Papa.parse<string[]>(head, { delimiter, preview: 20 }).data.find((row) => !isBlank(row)) ?? [];
    return candidates(header.map((value) => value.trim())).length > 0 ? 0.5 : 0.1;
  },

  async read(source: SourceFile, context: ImportContext): Promise<ParsedLayer> {
    return readPointCsv(source, context);
  },
};

function readPointCsv(source: SourceFile, context: ImportContext): ParsedLayer {
  const file = source.name;
  const text = decodeText(source.bytes).replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(text);
  const report = new ImportReportBuilder(file);
  const lon: number[] = [];
  const lat: number[] = [];
  let header: string[] | undefined;
  let attributeNames: string[] = [];
  let attributeIndexes: number[] = [];
  let attributes: DictionaryBuilder[] = [];
  let plan: CoordinatePlan | undefined;
  let sample: SampleRow[] = [];
  let row = 0;

  const readRow = (at: number, data: string[], p: CoordinatePlan, names: string[]) => {
    report.rowsRead++;
    if (data.length < names.length) return report.reject(at, '', data.join(delimiter), REASON.fewer);
    if (data.length > names.length && !restIsBlank(data, names.length)) return report.reject(at, '', data.join(delimiter), REASON.more(delimiter));
    const aText = (data[p.first] ?? '').trim();
    const bText = (data[p.second] ?? '').trim();
    const aName = names[p.first]!;
    const bName = names[p.second]!;
    if (aText === '') return report.reject(at, aName, '', REASON.missing);
    if (bText === '') return report.reject(at, bName, '', REASON.missing);
    if (!NUMBER.test(aText)) return report.reject(at, aName, aText, DECIMAL_COMMA.test(aText) ? REASON.decimalComma : REASON.notNumber);
    if (!NUMBER.test(bText)) return report.reject(at, bName, bText, DECIMAL_COMMA.test(bText) ? REASON.decimalComma : REASON.notNumber);
    let x = Number(aText);
    let y = Number(bText);
    if (p.system === 'bng') {
      const position = bngToWgs84({ easting: x, northing: y });
      x = position.lon;
      y = position.lat;
    }
    // Written so that NaN (a grid position proj4 cannot invert) fails too.
    if (!(x >= UK.west && x <= UK.east)) return report.reject(at, aName, aText, REASON.outsideUk);
    if (!(y >= UK.south && y <= UK.north)) return report.reject(at, bName, bText, REASON.outsideUk);
    lon.push(x);
    lat.push(y);
    for (let i = 0; i < attributeIndexes.length; i++) attributes[i]!.push(capped((data[attributeIndexes[i]!] ?? '').trim()));
    report.rowsImported++;
  };

  const decide = (names: string[]) => {
    plan = planCoordinates(names, sample, context.choices[QUESTION_ID], file);
    const p = plan;
    attributeIndexes = names.map((_, i) => i).filter((i) => i !== p.first && i !== p.second);
    attributeNames = uniqueNames(attributeIndexes.map((i) => names[i]!), attributeIndexes);
    attributes = attributeIndexes.map(() => new DictionaryBuilder());
    for (const pending of sample) readRow(pending.row, pending.data, p, names);
    sample = [];
  };

  // Blank lines are not skipped by the parser (skipEmptyLines), because then the row numbers after them
  // would no longer match the file; they are counted here and passed over.
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: ({ data, errors, meta }) => {
      row++;
      throwIfQuoteNeverCloses(errors, data, header, row, file);
      if (isBlank(data)) return;
      if (!header) {
        header = readHeader(data, row, file);
        return;
      }
      if (plan) readRow(row, data, plan, header);
      else {
        sample.push({ row, data });
        if (sample.length === SAMPLE_ROWS) decide(header);
      }
      if (row % PROGRESS_EVERY_ROWS === 0) {
        context.onProgress({ file, rowsRead: report.rowsRead, bytesRead: bytesAt(meta.cursor, text, source.bytes), bytesTotal: source.bytes.length });
      }
    },
  });
  if (!header) throw new ImportError(file, 'the file is empty: expected a CSV with a header row and one point per row under it');
  if (!plan && sample.length === 0) throw new ImportError(file, 'the file has a header row but no rows under it');
  if (!plan) decide(header);
  context.onProgress({ file, rowsRead: report.rowsRead, bytesRead: source.bytes.length, bytesTotal: source.bytes.length });

  const built = report.build();
  if (built.rowsImported === 0) throw new ImportError(file, nothingImported(built, 'rows'));
  return {
    geometry: 'point',
    columns: {
      count: lon.length,
      lon: Float64Array.from(lon),
      lat: Float64Array.from(lat),
      // fromEntries defines own properties, so a column named "__proto__" is a column like any other.
      attributes: Object.fromEntries(attributeNames.map((name, i) => [name, attributes[i]!.build()])),
    },
    kind: guessKind(file, header),
    sourceCrs: plan!.system === 'bng' ? 'EPSG:27700' : 'EPSG:4326',
    report: built,
  };
}

/** The delimiter the header line uses most, outside quotes; a comma when it uses none (one column). */
export function detectDelimiter(text: string): Delimiter {
  const counts = [0, 0, 0];
  let quoted = false;
  let started = false;
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (started) break;
    } else if (!quoted) {
      const d = DELIMITERS.indexOf(c as Delimiter);
      if (d >= 0) counts[d]!++;
      if (c.trim() !== '') started = true;
    }
  }
  const best = counts.indexOf(Math.max(...counts));
  return DELIMITERS[best]!;
}

function readHeader(data: string[], row: number, file: string): string[] {
  const header = data.map((name) => name.trim());
  if (header.length === 1) {
    const only = header[0]!;
    const shown = only.length > 100 ? `${only.slice(0, 100)}…` : only;
    const separator = ['|', ';', '\t', ':'].find((c) => only.includes(c));
    if (separator !== undefined) {
      throw new ImportError(
        file,
        `the header (row ${row}) has only one column, "${shown}": its names seem to be separated by ${separator === '\t' ? 'tabs' : `"${separator}"`}, ` +
          'but NRD Planner splits columns at commas, semicolons or tabs outside quotes; save the file from the spreadsheet as ' +
          '"CSV (comma delimited)" and import it again',
      );
    }
    throw new ImportError(
      file,
      `the header (row ${row}) has only one column, "${shown}"; a point CSV needs at least two (longitude and latitude, or ` +
        'easting and northing), separated by commas, semicolons or tabs',
    );
  }
  if (candidates(header).length === 0) {
    const listed = header.slice(0, 12).map((name) => `"${name}"`).join(', ') + (header.length > 12 ? ` and ${header.length - 12} more` : '');
    throw new ImportError(
      file,
      `no coordinate columns in the header (row ${row}): ${listed}; name them longitude and latitude (WGS84 degrees) ` +
        'or easting and northing (British National Grid metres)',
    );
  }
  return header;
}

export const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Pairs of columns the header's names offer as coordinates, the most telling first. */
export function candidates(header: string[]): Candidate[] {
  const names = header.map(normalise);
  const find = (pattern: RegExp) => names.findIndex((name) => pattern.test(name));
  const found: Candidate[] = [];
  const add = (named: Candidate['named'], first: number, second: number) => {
    if (first >= 0 && second >= 0 && first !== second) found.push({ named, first, second });
  };
  add('lonlat', find(LON_NAME), find(LAT_NAME));
  add('bng', find(EASTING_NAME), find(NORTHING_NAME));
  add('xy', find(X_NAME), find(Y_NAME));
  return found;
}

export function planCoordinates(header: string[], sample: SampleRow[], choice: string | undefined, file: string): CoordinatePlan {
  if (choice !== undefined) return chosenPlan(choice, header, file);
  const found = candidates(header).map((candidate) => ({ candidate, ...readValues(candidate, sample) }));
  // A pair whose values fit what its names say (or, for x/y, fit either reading) is taken without a question.
  for (const { candidate, reading } of found) {
    const { named, first, second } = candidate;
    if (named === 'lonlat' && reading === 'lonlat') return { system: 'lonlat', first, second };
    if (named === 'bng' && reading === 'grid') return { system: 'bng', first, second };
    if (named === 'xy' && reading === 'lonlat') return { system: 'lonlat', first, second };
    if (named === 'xy' && reading === 'grid') return { system: 'bng', first, second };
  }
  for (const { candidate, reading, example } of found) {
    if (example && (reading !== 'unclear' || candidate.named === 'xy')) {
      throw new ImportNeedsChoice(question(candidate, reading, example, header, file));
    }
  }
  // Names but no values to go by (all empty or not numbers): read as named, and let each row's rejection say why.
  const { named, first, second } = found[0]!.candidate;
  return { system: named === 'bng' ? 'bng' : 'lonlat', first, second };
}

/** What most of the sample rows with two numbers look like; "unclear" without a clear majority. */
function readValues({ first, second }: Candidate, sample: SampleRow[]): { reading: Reading; example: { row: number; a: string; b: string } | undefined } {
  const counts = { lonlat: 0, latlon: 0, grid: 0 };
  const examples: Partial<Record<Reading, { row: number; a: string; b: string }>> = {};
  let numeric = 0;
  for (const { row, data } of sample) {
    const a = (data[first] ?? '').trim();
    const b = (data[second] ?? '').trim();
    if (!NUMBER.test(a) || !NUMBER.test(b)) continue;
    numeric++;
    examples.unclear ??= { row, a, b };
    const reading = readPair(Number(a), Number(b));
    if (reading === 'unclear') continue;
    counts[reading]++;
    examples[reading] ??= { row, a, b };
  }
  const [best, runnerUp] = (Object.entries(counts) as [Reading, number][]).sort((p, q) => q[1] - p[1]) as [[Reading, number], [Reading, number]];
  const reading: Reading = best[1] > 0 && best[1] > runnerUp[1] && best[1] * 2 >= numeric ? best[0] : 'unclear';
  return { reading, example: examples[reading] ?? examples.unclear };
}

function readPair(a: number, b: number): Reading {
  const lonInUk = (x: number) => x >= UK.west && x <= UK.east;
  const latInUk = (y: number) => y >= UK.south && y <= UK.north;
  if (lonInUk(a) && latInUk(b)) return 'lonlat';
  if (latInUk(a) && lonInUk(b)) return 'latlon';
  // Small numbers are within the grid too (its false origin is at sea south-west of Scilly): they are degrees.
  const couldBeDegrees = Math.abs(a) <= 180 && Math.abs(b) <= 90;
  if (!couldBeDegrees && isWithinNationalGrid({ easting: a, northing: b })) return 'grid';
  return 'unclear';
}

function question(candidate: Candidate, reading: Reading, example: { row: number; a: string; b: string }, header: string[], file: string): ImportQuestion {
  const { named, first, second } = candidate;
  const a = header[first]!;
  const b = header[second]!;
  const values = `values such as ${example.a} and ${example.b} (row ${example.row})`;
  const lonlat = (lonColumn: number, latColumn: number, label: string) => ({ value: `lonlat:${lonColumn + 1},${latColumn + 1}`, label });
  const bng = (label: string) => ({ value: `bng:${first + 1},${second + 1}`, label });
  const rejectedNote = '(rows outside the UK are rejected)';
  const ask = (prompt: string, options: ImportQuestion['options']): ImportQuestion => ({ id: QUESTION_ID, file, prompt, options });

  if (reading === 'latlon') {
    const asNamed =
      named === 'bng'
        ? bng(`No: easting from "${a}", northing from "${b}" ${rejectedNote}`)
        : lonlat(first, second, `No: longitude from "${a}", latitude from "${b}" ${rejectedNote}`);
    return ask(
      `the columns "${a}" and "${b}" hold ${values}, which look like latitude and longitude in that order. ` +
        `Read "${a}" as latitude and "${b}" as longitude?`,
      [lonlat(second, first, `Yes: longitude from "${b}", latitude from "${a}" (WGS84 degrees)`), asNamed],
    );
  }
  if (reading === 'grid') {
    return ask(
      `the columns "${a}" and "${b}" hold ${values}, too large for degrees: they look like British National Grid ` +
        `easting and northing in metres. Read them as easting and northing?`,
      [bng(`Yes: easting from "${a}", northing from "${b}" (British National Grid)`), lonlat(first, second, `No: longitude from "${a}", latitude from "${b}" ${rejectedNote}`)],
    );
  }
  if (reading === 'lonlat') {
    return ask(
      `the columns "${a}" and "${b}" hold ${values}, too small for grid metres: they look like longitude and latitude ` +
        'in degrees. Read them as longitude and latitude?',
      [lonlat(first, second, `Yes: longitude from "${a}", latitude from "${b}" (WGS84 degrees)`), bng(`No: easting from "${a}", northing from "${b}" ${rejectedNote}`)],
    );
  }
  return ask(
    `the columns "${a}" and "${b}" could hold longitude and latitude or British National Grid easting and northing, ` +
      `and ${values} do not make it plain. Which are they?`,
    [lonlat(first, second, `Longitude from "${a}", latitude from "${b}" (WGS84 degrees)`), bng(`Easting from "${a}", northing from "${b}" (British National Grid metres)`)],
  );
}

/** The user's answer to the coordinates question: "lonlat:2,3" or "bng:2,3", columns counted from 1 as offered. */
function chosenPlan(choice: string, header: string[], file: string): CoordinatePlan {
  const match = /^(lonlat|bng):(\d+),(\d+)$/.exec(choice);
  const first = Number(match?.[2]) - 1;
  const second = Number(match?.[3]) - 1;
  if (!match || first === second || !(first >= 0 && first < header.length) || !(second >= 0 && second < header.length)) {
    throw new ImportError(
      file,
      `the answer "${choice}" to the question about coordinates does not name two columns of this file; ` +
        'import the file again and choose one of the answers offered',
    );
  }
  return { system: match[1] as CoordinatePlan['system'], first, second };
}

/** Attribute names as the header gives them; an empty name becomes "column 4", a repeated one "name (2)". */
function uniqueNames(names: string[], indexes: number[]): string[] {
  const seen = new Set<string>();
  return names.map((name, i) => {
    const base = name === '' ? `column ${indexes[i]! + 1}` : name;
    let unique = base;
    for (let n = 2; seen.has(unique); n++) unique = `${base} (${n})`;
    seen.add(unique);
    return unique;
  });
}


function guessKind(file: string, header: string[]): LayerKind {
  for (const text of [nameWords(file), nameWords(header.join(' '))]) {
    if (SENSITIVE_WORDS.test(text)) return 'sensitive';
    if (CNI_WORDS.test(text)) return 'cni';
  }
  return 'other';
}

function capped(value: string): string {
  if (value.length <= MAX_TEXT) return value;
  // Never cut a character in half: a lone surrogate is not text.
  const code = value.charCodeAt(MAX_TEXT - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_TEXT - 1 : MAX_TEXT);
}

function isBlank(data: string[]): boolean {
  for (let i = 0; i < data.length; i++) if (data[i]!.trim() !== '') return false;
  return true;
}

/** A trailing delimiter ("a,b,c,") adds an empty value but shifts nothing. */
function restIsBlank(data: string[], from: number): boolean {
  for (let i = from; i < data.length; i++) if (data[i]!.trim() !== '') return false;
  return true;
}

/** Papa's cursor counts characters of the decoded text; bytes are what the progress bar shows. */
function bytesAt(cursor: number, text: string, bytes: Uint8Array): number {
  return text.length === 0 ? bytes.length : Math.min(bytes.length, Math.round((cursor / text.length) * bytes.length));
}
