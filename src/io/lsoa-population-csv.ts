import Papa from 'papaparse';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { SourceCrs } from '../domain/layer.ts';
import { wgs84ToBng } from '../geo/british-national-grid.ts';
import { ImportNeedsChoice, type FormatDriver, type ImportContext, type ParsedLayer, type SourceFile } from './format-driver.ts';
import { parseGeoJson } from './geojson.ts';
import { ImportError, ImportReportBuilder, nothingImported, type ImportReport } from './import-report.ts';
import { shapefileDriver } from './shapefile.ts';
import { decodeHead, decodeText } from './text-decoding.ts';
import { topoJsonDriver } from './topojson.ts';

/** An LSOA (2011 or 2021) code: E01 for England, W01 for Wales, then six digits. */
const LSOA_CODE = /^[EW]01\d{6}$/;
const LSOA_CODE_IN_TEXT = /\b[EW]01\d{6}\b/;

/**
 * The header of the resident count as ONS, Nomis and the mid-year estimates write it: "population_mid2018",
 * "Age: All usual residents; measures: Value" (Census 2011 KS102EW), "All persons", "All Ages".
 */
const POPULATION_HEADER = /population|all usual residents|all persons|^persons$|^all ages$/i;
/** Headers that mention population but hold a rate or a change, not a head count. */
const NOT_A_HEAD_COUNT = /density|per[\s_]*(sq|km|hect|1,?000)|percent|%|change|rank|decile|score|index/i;
const AREA_SQ_KM_HEADER = /area.*(sq[\s_.]*km|km2|km²|square[\s_]*kilomet)/i;
const AREA_HECTARES_HEADER = /area.*hect|hect.*area|^area[\s_]*ha$/i;
const NAME_HEADER = /^lsoa\d*nmw?$|^lsoa\d*[\s_]*name$|^name$|^geography$/i;
const BOUNDARY_NAME_PROPERTY = /^lsoa\d*nm$|^name$/i;

const WHOLE_NUMBER = /^\d+$/;
/** "1,234" as a spreadsheet saves a formatted number. */
const WHOLE_NUMBER_WITH_COMMAS = /^\d{1,3}(?:,\d{3})+$/;
const DECIMAL = /^\d+\.?\d*$|^\.\d+$/;
/** Enough rows to tell the columns apart without reading a national table twice. */
const SAMPLE_ROWS = 500;

export const NO_BOUNDARY = 'no boundary in this import for this LSOA code';
export const NO_TABLE_ROW = 'boundary has no row in the population table';
export const DUPLICATE_BOUNDARY = 'duplicate LSOA code among the boundaries: the first is kept';

interface TableRow {
  row: number;
  code: string;
  name: string;
  population: number;
  areaSqKm: number | null;
}

interface Boundary {
  /**
   * 1-based position among the features read from its file: the feature's position in the file when its reader
   * rejected none (a rejected feature is reported with its own position, and shifts the ones after it).
   */
  row: number;
  code: string;
  codeProperty: string;
  name: string;
  geometry: Geometry;
}

/**
 * A population table by LSOA as ONS and Nomis publish it (Census 2011 KS102EW, mid-year estimates), joined by
 * LSOA code to the LSOA boundaries given in the same import (GeoJSON, TopoJSON or a zipped shapefile). The
 * layer is one polygon per LSOA with { code, name, population, areaSqKm }; codes found on one side only are
 * reported both ways, never dropped silently.
 */
export const lsoaPopulationCsvDriver: FormatDriver = {
  id: 'lsoa-population-csv',
  label: 'LSOA population (CSV) joined to LSOA boundaries',
  extensions: ['.csv'],

  detect({ head }) {
    const header = head.split(/\r?\n/, 1)[0] ?? '';
    const columns = header.split(',').map((name) => name.replace(/^"|"$/g, '').trim());
    const population = columns.some((name) => POPULATION_HEADER.test(name) && !NOT_A_HEAD_COUNT.test(name));
    if (!population) return 0;
    return LSOA_CODE_IN_TEXT.test(head) ? 0.9 : 0.4;
  },

  async read(file: SourceFile, context: ImportContext): Promise<ParsedLayer> {
    const bytesTotal = file.bytes.length;
    context.onProgress({ file: file.name, rowsRead: 0, bytesRead: 0, bytesTotal });
    const table = readTable(decodeText(file.bytes), file.name, context.choices);
    context.onProgress({ file: file.name, rowsRead: table.report.rowsRead, bytesRead: bytesTotal, bytesTotal });
    if (table.rows.length === 0) throw new ImportError(file.name, nothingImported(table.report.build(), 'rows'));

    if (context.companions.length === 0) {
      throw new ImportError(
        file.name,
        'a population table is drawn on its LSOA boundaries, and none were given: add the LSOA boundary file ' +
          '(GeoJSON, TopoJSON or the zipped shapefile, with LSOA codes such as LSOA11CD) to the same import',
      );
    }
    const boundaryFiles: BoundaryFile[] = [];
    for (const companion of context.companions) boundaryFiles.push(await readBoundaries(companion, context));

    // Boundary-side findings go in a report of their own per boundary file, so their examples name that file.
    const byCode = new Map<string, Boundary>();
    for (const { boundaries, report } of boundaryFiles) {
      for (const boundary of boundaries) {
        if (byCode.has(boundary.code)) report.reject(boundary.row, boundary.codeProperty, boundary.code, DUPLICATE_BOUNDARY);
        else byCode.set(boundary.code, boundary);
      }
    }
    const rowsByCode = new Map(table.rows.map((row) => [row.code, row]));
    for (const row of table.rows) {
      if (!byCode.has(row.code)) table.report.reject(row.row, table.codeColumn, row.code, NO_BOUNDARY);
    }
    const features: Feature[] = [];
    for (const { boundaries, report } of boundaryFiles) {
      for (const boundary of boundaries) {
        if (byCode.get(boundary.code) !== boundary) continue;
        const row = rowsByCode.get(boundary.code);
        if (!row) {
          report.reject(boundary.row, boundary.codeProperty, boundary.code, NO_TABLE_ROW);
          continue;
        }
        features.push({
          type: 'Feature',
          geometry: boundary.geometry,
          properties: {
            code: row.code,
            name: row.name || boundary.name || row.code,
            population: row.population,
            areaSqKm: row.areaSqKm ?? round(planarAreaSqKm(boundary.geometry), 4),
          },
        });
      }
    }
    table.report.rowsImported = features.length;
    const tableReport = table.report.build();
    const report: ImportReport = {
      ...tableReport,
      rejected: mergeRejected([
        ...tableReport.rejected,
        ...boundaryFiles.flatMap((b) => [...b.ownReport.rejected, ...b.report.build().rejected]),
      ]),
    };
    if (features.length === 0) {
      const names = context.companions.map((c) => `"${c.name}"`).join(', ');
      throw new ImportError(
        file.name,
        `none of the ${table.rows.length} LSOA codes in the table (such as ${table.rows[0]!.code}) has a boundary in ` +
          `${names} (${byCode.size} boundaries, such as ${[...byCode.keys()][0] ?? 'none'}): check that the ` +
          'boundaries are LSOAs of the same census (2011 or 2021) and the same area as the table',
      );
    }
    context.onProgress({ file: file.name, rowsRead: report.rowsRead, bytesRead: bytesTotal, bytesTotal });
    const collection: FeatureCollection = { type: 'FeatureCollection', features };
    // The positions are the boundaries': the layer was in the system they were in.
    return { geometry: 'polygon', features: collection, kind: 'population', sourceCrs: boundaryFiles[0]!.sourceCrs, report };
  },
};

const EXAMPLES_PER_REASON = 5;

/** The groups of several reports as one list: a reason met in two files is one group, its examples from both. */
function mergeRejected(groups: ImportReport['rejected']): ImportReport['rejected'] {
  const byReason = new Map<string, ImportReport['rejected'][number]>();
  for (const group of groups) {
    const merged = byReason.get(group.reason);
    if (!merged) byReason.set(group.reason, { ...group, examples: [...group.examples] });
    else {
      merged.count += group.count;
      merged.examples.push(...group.examples.slice(0, EXAMPLES_PER_REASON - merged.examples.length));
    }
  }
  return [...byReason.values()];
}

interface Table {
  rows: TableRow[];
  codeColumn: string;
  report: ImportReportBuilder;
}

function readTable(text: string, file: string, choices: Record<string, string>): Table {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const unclosed = parsed.errors.find((error) => error.code === 'MissingQuotes');
  if (unclosed) {
    throw new ImportError(
      file,
      `row ${(unclosed.row ?? 0) + 1}: a quoted value starts here but its closing quote is missing, so the rest of ` +
        'the file cannot be read; check the file is complete and was not edited by hand',
    );
  }
  // Records as a spreadsheet numbers them: the header is row 1 and a blank line is a row of its own.
  const records = parsed.data.map((fields, i) => ({ row: i + 1, fields })).filter(({ fields }) => fields.some((v) => v.trim() !== ''));
  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) throw new ImportError(file, 'the file is empty: expected a population table with one row per LSOA');
  const header = headerRecord.fields.map((name) => name.trim());
  if (dataRecords.length === 0) throw new ImportError(file, 'the file has a header row but no LSOA rows under it');
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const sample = dataRecords.slice(0, SAMPLE_ROWS).filter(({ fields }) => fields.length === header.length);
  const valuesOf = (column: number) => sample.map(({ fields }) => (fields[column] ?? '').trim()).filter((v) => v !== '');
  const options = [...index.keys()].map((name) => {
    const first = valuesOf(index.get(name)!)[0];
    return { value: name, label: first === undefined ? name : `${name} (first value: ${first})` };
  });

  const codeColumn = chooseColumn(file, header, index, choices, {
    id: 'lsoaCodeColumn',
    prompt: 'Which column holds the LSOA codes (E01 or W01 and six digits, such as E01014399)?',
    options,
    candidates: [...index].filter(([, i]) => {
      const values = valuesOf(i);
      // Most, not all: a code column can hold a few bad values, which are reported row by row.
      return values.length > 0 && values.filter((v) => LSOA_CODE.test(v)).length > values.length / 2;
    }),
    prefer: /lsoa|code/i,
    none: () =>
      new ImportError(
        file,
        `no column holds LSOA codes (E01 or W01 and six digits, such as E01014399); the columns are ` +
          `${header.map((name) => `"${name}"`).join(', ')}: a population table needs each row's LSOA code to join it to the boundaries`,
      ),
  });
  const populationColumn = chooseColumn(file, header, index, choices, {
    id: 'populationColumn',
    prompt: 'Which column holds the number of residents of each LSOA?',
    options,
    candidates: [...index].filter(([name, i]) => {
      if (!POPULATION_HEADER.test(name) || NOT_A_HEAD_COUNT.test(name) || name === codeColumn) return false;
      const values = valuesOf(i);
      return values.length > 0 && values.filter((v) => WHOLE_NUMBER.test(v) || WHOLE_NUMBER_WITH_COMMAS.test(v)).length > values.length / 2;
    }),
    prefer: null,
    none: null,
  });
  const areaColumn = header.find((name) => index.get(name) !== undefined && (AREA_SQ_KM_HEADER.test(name) || AREA_HECTARES_HEADER.test(name)));
  const areaPerUnit = areaColumn && AREA_HECTARES_HEADER.test(areaColumn) ? 0.01 : 1;
  const nameColumn = header.find((name) => {
    const i = index.get(name);
    return i !== undefined && name !== codeColumn && NAME_HEADER.test(name) && !valuesOf(i).some((v) => LSOA_CODE.test(v));
  });

  const report = new ImportReportBuilder(file);
  const rows: TableRow[] = [];
  const firstRowOf = new Map<string, number>();
  const at = (fields: string[], name: string | undefined) => (name === undefined ? '' : (fields[index.get(name)!] ?? '').trim());
  for (const { row, fields } of dataRecords) {
    report.rowsRead++;
    if (fields.length > header.length) {
      report.reject(row, '', fields.join(','), 'more values than the header has columns (a value with an unquoted comma?)');
      continue;
    }
    if (fields.length < header.length) {
      report.reject(row, '', fields.join(','), 'fewer values than the header has columns (the row is cut short)');
      continue;
    }
    const code = at(fields, codeColumn);
    if (!LSOA_CODE.test(code)) {
      report.reject(row, codeColumn, code, code === '' ? 'no LSOA code' : 'not an LSOA code (E01 or W01 and six digits)');
      continue;
    }
    const populationText = at(fields, populationColumn);
    if (populationText === '') {
      report.reject(row, populationColumn, '', 'no population');
      continue;
    }
    if (!WHOLE_NUMBER.test(populationText) && !WHOLE_NUMBER_WITH_COMMAS.test(populationText)) {
      report.reject(row, populationColumn, populationText, 'population is not a whole number of people');
      continue;
    }
    let areaSqKm: number | null = null;
    if (areaColumn) {
      const areaText = at(fields, areaColumn);
      if (!DECIMAL.test(areaText)) {
        report.reject(row, areaColumn, areaText, areaPerUnit === 1 ? 'area is not a number of square kilometres' : 'area is not a number of hectares');
        continue;
      }
      areaSqKm = Number(areaText) * areaPerUnit;
    }
    const first = firstRowOf.get(code);
    if (first !== undefined) {
      report.reject(row, codeColumn, code, 'duplicate LSOA code: an earlier row has the same code and is the one kept');
      continue;
    }
    firstRowOf.set(code, row);
    rows.push({ row, code, name: at(fields, nameColumn), population: Number(populationText.replaceAll(',', '')), areaSqKm });
  }
  return { rows, codeColumn, report };
}

function chooseColumn(
  file: string,
  header: string[],
  index: Map<string, number>,
  choices: Record<string, string>,
  ask: {
    id: string;
    prompt: string;
    options: { value: string; label: string }[];
    candidates: [string, number][];
    /** A header that settles a tie between candidates. */
    prefer: RegExp | null;
    /** What to say when no column could be it (null: ask, the header does not tell). */
    none: (() => ImportError) | null;
  },
): string {
  const chosen = choices[ask.id];
  if (chosen !== undefined) {
    if (!index.has(chosen)) {
      throw new ImportError(file, `the column "${chosen}" chosen for ${ask.id} is not in the header row (${header.map((n) => `"${n}"`).join(', ')})`);
    }
    return chosen;
  }
  if (ask.candidates.length === 1) return ask.candidates[0]![0];
  if (ask.candidates.length > 1 && ask.prefer) {
    const preferred = ask.candidates.filter(([name]) => ask.prefer!.test(name));
    if (preferred.length === 1) return preferred[0]![0];
  }
  if (ask.candidates.length === 0 && ask.none) throw ask.none();
  throw new ImportNeedsChoice({ id: ask.id, file, prompt: ask.prompt, options: ask.options });
}

interface BoundaryFile {
  boundaries: Boundary[];
  sourceCrs: SourceCrs;
  /** What the boundary file's own reader rejected (a feature without a polygon leaves its LSOA without a boundary). */
  ownReport: ImportReport;
  /** What the join finds on the boundary side: no code, a duplicate code, no row in the table. */
  report: ImportReportBuilder;
}

/** Reads one boundary file with the driver of its format and finds its LSOA codes by their shape. */
async function readBoundaries(companion: SourceFile, context: ImportContext): Promise<BoundaryFile> {
  const head = decodeHead(companion.bytes, 1024);
  const name = companion.name.toLowerCase();
  const isZip = companion.bytes[0] === 0x50 && companion.bytes[1] === 0x4b;
  const driverContext: ImportContext = { ...context, companions: [] };
  let parsed: { geometry: string; features?: FeatureCollection; sourceCrs: SourceCrs; report: ImportReport };
  if (isZip || name.endsWith('.zip')) parsed = await shapefileDriver.read(companion, driverContext);
  else if (name.endsWith('.topojson') || topoJsonDriver.detect({ name: companion.name, head }) >= 0.9) {
    parsed = await topoJsonDriver.read(companion, driverContext);
  } else parsed = parseGeoJson(decodeText(companion.bytes), companion.name);
  if (parsed.geometry !== 'polygon' || !parsed.features) {
    throw new ImportError(
      companion.name,
      `the boundary file holds ${parsed.geometry}s, not LSOA boundary polygons: a population table is drawn on the LSOA polygons`,
    );
  }

  const features = parsed.features.features;
  const matches = new Map<string, number>();
  for (const feature of features) {
    for (const [key, value] of Object.entries(feature.properties ?? {})) {
      if (typeof value === 'string' && LSOA_CODE.test(value.trim())) matches.set(key, (matches.get(key) ?? 0) + 1);
    }
  }
  const named = (key: string) => Number(/^lsoa\d*cd$|^code$/i.test(key));
  const codeProperty = [...matches].sort((a, b) => b[1] - a[1] || named(b[0]) - named(a[0]))[0]?.[0];
  if (codeProperty === undefined) {
    const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
    throw new ImportError(
      companion.name,
      'no property of the boundaries holds LSOA codes (E01 or W01 and six digits, as LSOA11CD does); the properties are ' +
        `${keys.length > 0 ? keys.map((k) => `"${k}"`).join(', ') : 'none'}: use the ONS LSOA boundaries, which carry the code`,
    );
  }
  const nameProperty = Object.keys(features[0]?.properties ?? {}).find((key) => BOUNDARY_NAME_PROPERTY.test(key));
  const report = new ImportReportBuilder(companion.name);
  const boundaries: Boundary[] = [];
  features.forEach((feature, i) => {
    const value: unknown = feature.properties?.[codeProperty];
    const code = typeof value === 'string' ? value.trim() : '';
    if (!LSOA_CODE.test(code)) {
      report.reject(i + 1, codeProperty, value == null ? '' : String(value), 'boundary has no LSOA code');
      return;
    }
    const boundaryName: unknown = nameProperty === undefined ? '' : feature.properties?.[nameProperty];
    boundaries.push({ row: i + 1, code, codeProperty, name: typeof boundaryName === 'string' ? boundaryName : '', geometry: feature.geometry });
  });
  return { boundaries, sourceCrs: parsed.sourceCrs, ownReport: parsed.report, report };
}

/**
 * Area in square kilometres measured on the British National Grid plane, as the app measures distances: the
 * grid's scale error is under 0.1% of an area anywhere in Britain, far below the generalisation of the boundaries.
 */
function planarAreaSqKm(geometry: Geometry): number {
  const ringArea = (ring: Position[]) => {
    let twice = 0;
    const grid = ring.map(([lon, lat]) => wgs84ToBng({ lon: lon!, lat: lat! }));
    for (let i = 0, j = grid.length - 1; i < grid.length; j = i++) {
      twice += (grid[j]!.easting - grid[i]!.easting) * (grid[j]!.northing + grid[i]!.northing);
    }
    return Math.abs(twice) / 2;
  };
  const polygonArea = (rings: Position[][]) => rings.reduce((sum, ring, i) => sum + (i === 0 ? ringArea(ring) : -ringArea(ring)), 0);
  const squareMetres =
    geometry.type === 'Polygon'
      ? polygonArea(geometry.coordinates)
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates.reduce((sum, polygon) => sum + polygonArea(polygon), 0)
        : 0;
  return squareMetres / 1e6;
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
