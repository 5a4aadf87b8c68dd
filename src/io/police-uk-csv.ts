import {
  DictionaryBuilder,
  Float64ColumnBuilder,
  MonthColumnBuilder,
  detached,
  monthIndex,
  type PointColumns,
} from '../domain/point-columns.ts';
import type { FormatDriver, ImportContext, ParsedLayer, SourceFile } from './format-driver.ts';
import { ImportError, ImportReportBuilder, nothingImported, type ImportReport } from './import-report.ts';
import { decodeText } from './text-decoding.ts';

/** The columns of a data.police.uk street-level crime file that this driver reads. */
const REQUIRED = ['Month', 'Longitude', 'Latitude', 'Crime type'] as const;
/** The columns that make a file recognisably data.police.uk's, not just any CSV of crimes. */
const RECOGNISED = ['Crime ID', 'Month', 'Falls within', 'Longitude', 'Latitude', 'Crime type'] as const;

/** A plain decimal, as police.uk writes coordinates; Number() alone would also take "0x1f", "1e2" or "Infinity". */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const MONTH = /^(\d{4})-(\d{2})$/;
/** Months are stored as a Uint16Array of months since 1970-01. */
const LAST_MONTH = 0xffff;

const REASON = {
  noLocation: 'no location (police.uk could not map this crime)',
  longitude: 'not a longitude in degrees',
  latitude: 'not a latitude in degrees',
  month: 'month is not YYYY-MM',
  // 0xffff months after 1970-01 is April 7431.
  monthRange: 'month is before 1970-01 or after 7431-04',
  more: 'more values than the header has columns (a value with an unquoted comma?)',
  fewer: 'fewer values than the header has columns (the row is cut short)',
  duplicate: 'duplicate Crime ID (already imported from this or another file)',
};

const PROGRESS_EVERY_ROWS = 50_000;
/** police.uk rows are about 240 bytes; a first guess at the row count saves growing the columns. */
const BYTES_PER_ROW_GUESS = 200;

export interface ParsedPointLayer {
  columns: PointColumns;
  report: ImportReport;
}

export interface PoliceUkReadOptions {
  /**
   * The Crime IDs the import has read so far, shared by all its files. A row whose Crime ID is in it is
   * dropped as a duplicate; a new one is added. Without it, no row is a duplicate.
   */
  seenIds?: CrimeIds;
  /** Called every 50,000 rows with the rows read and how far into `text` the reading is. */
  onProgress?: (rowsRead: number, charactersRead: number) => void;
}

/**
 * Reads a data.police.uk street-level crime CSV into columns. Rows without a location are counted and
 * reported (police.uk publishes crimes it could not map with empty coordinates), never silently dropped.
 * Row numbers are records as a spreadsheet shows them: the header is row 1, a blank line is a row, and a
 * quoted value with a line break inside stays one row.
 *
 * Written for 10^6-row files: one pass over the text; a coordinate, a month and a Crime ID are read from
 * their characters, so few strings are made per row; rows are kept a batch at a time (see RowBatch).
 */
export function parsePoliceUkCsv(text: string, file: string, options: PoliceUkReadOptions = {}): ParsedPointLayer {
  const { seenIds, onProgress } = options;
  const report = new ImportReportBuilder(file);
  const capacity = Math.ceil(text.length / BYTES_PER_ROW_GUESS);
  const lon = new Float64ColumnBuilder(capacity);
  const lat = new Float64ColumnBuilder(capacity);
  const months = new MonthColumnBuilder(capacity);
  const crimeType = new DictionaryBuilder(capacity);
  const lsoaCode = new DictionaryBuilder(capacity);
  const forceArea = new DictionaryBuilder(capacity);
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const csv = new CsvScanner(text, delimiterOf(text, from), from);
  let header: string[] | undefined;
  let at: ColumnPositions = { month: -1, lon: -1, lat: -1, crimeType: -1, crimeId: -1, lsoaCode: -1, forceArea: -1 };
  let categoryColumns: number[] = [];
  // police.uk rows run to 240 bytes, and 1 in 8 has no Crime ID: a guess at the IDs to come that errs high.
  seenIds?.reserve(Math.ceil(text.length / 240));

  const batch = new RowBatch(text);
  let duplicates = 0;

  /** Keeps or refuses the rows of the batch, in file order, once their Crime IDs are checked. */
  const settle = () => {
    seenIds?.check(batch);
    for (let r = 0; r < batch.length; r++) {
      const row = batch.row[r]!;
      const refusal = batch.duplicate[r] ? { column: 'Crime ID', value: batch.idText(r), reason: REASON.duplicate } : batch.refusal[r];
      if (refusal) {
        if (refusal.reason === REASON.duplicate) duplicates++;
        report.reject(row, refusal.column, refusal.value, refusal.reason);
        continue;
      }
      lon.push(batch.x[r]!);
      lat.push(batch.y[r]!);
      months.push(batch.month[r]!);
      crimeType.push(batch.category(r, 0));
      lsoaCode.push(batch.category(r, 1));
      forceArea.push(batch.category(r, 2));
      report.rowsImported++;
    }
    batch.clear();
  };

  for (;;) {
    try {
      if (!csv.next()) break;
    } catch (error) {
      // A quote that never closes swallows the rest of the file into one value: nothing after it can be trusted.
      if (!(error instanceof UnclosedQuote)) throw error;
      throw new ImportError(
        file,
        `row ${error.row}, column "${header?.[error.field] ?? `column ${error.field + 1}`}": a quoted value starts here but its ` +
          'closing quote is missing, so the rest of the file cannot be read; check the file is complete and was not edited by hand',
      );
    }
    // Blank lines are counted as rows (csv.row), so the rows after them keep their spreadsheet numbers.
    if (csv.isBlank()) continue;
    const row = csv.row;
    if (!header) {
      header = csv.fields().map((name) => name.trim());
      at = indexHeader(header, row, file);
      categoryColumns = [at.crimeType, at.lsoaCode, at.forceArea];
      continue;
    }
    report.rowsRead++;
    if (onProgress && report.rowsRead % PROGRESS_EVERY_ROWS === 0) onProgress(report.rowsRead, csv.position);
    if (batch.length === RowBatch.SIZE) settle();
    const r = batch.add(row);
    // A stray quote inside a quoted value is read leniently; if it cost the row its shape, the count of values shows it.
    if (csv.fieldCount !== header.length) {
      // An unquoted comma inside a value shifts every later column: the crime type would be wrong, silently.
      batch.refuse(r, '', csv.fields().join(','), csv.fieldCount > header.length ? REASON.more : REASON.fewer);
      continue;
    }
    // Anti-social behaviour has no Crime ID: an empty one is never a duplicate. An ID in police.uk's form is
    // checked with the rest of the batch; any other is checked now.
    if (seenIds && !csv.isEmpty(at.crimeId) && !batch.takeId(r, csv, at.crimeId) && !seenIds.addText(csv.cell(at.crimeId))) {
      batch.refuse(r, 'Crime ID', csv.cell(at.crimeId), REASON.duplicate);
      continue;
    }

    // Fast path: plain decimals read from their characters. Anything else, or anything out of range, is
    // judged again below from the text, as a person would read it, with the reason for refusing it.
    let x = csv.decimal(at.lon);
    let y = csv.decimal(at.lat);
    if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) {
      const lonText = csv.cell(at.lon);
      const latText = csv.cell(at.lat);
      if (lonText === '' || latText === '') {
        batch.refuse(r, lonText === '' ? 'Longitude' : 'Latitude', '', REASON.noLocation);
        continue;
      }
      x = Number(lonText);
      y = Number(latText);
      if (!DECIMAL.test(lonText) || x < -180 || x > 180) {
        batch.refuse(r, 'Longitude', lonText, REASON.longitude);
        continue;
      }
      if (!DECIMAL.test(latText) || y < -90 || y > 90) {
        batch.refuse(r, 'Latitude', latText, REASON.latitude);
        continue;
      }
    }
    let month = csv.month(at.month);
    if (month < 0) {
      const monthText = csv.cell(at.month);
      const match = MONTH.exec(monthText);
      const monthOfYear = match ? Number(match[2]) : 0;
      if (!match || monthOfYear < 1 || monthOfYear > 12) {
        batch.refuse(r, 'Month', monthText, REASON.month);
        continue;
      }
      month = monthIndex(Number(match[1]), monthOfYear);
      if (month < 0 || month > LAST_MONTH) {
        batch.refuse(r, 'Month', monthText, REASON.monthRange);
        continue;
      }
    }
    batch.keep(r, x, y, month, csv, categoryColumns);
  }
  settle();
  if (!header) throw new ImportError(file, 'the file is empty: expected a data.police.uk street-level crime CSV');
  if (report.rowsRead === 0) throw new ImportError(file, 'the file has a header row but no crime rows under it');
  const built = report.build();
  // A file whose every crime was already read from another file (the same month given twice) adds nothing,
  // but it is not at fault: the import goes on, and the report says why.
  if (built.rowsImported === 0 && duplicates === 0) throw new ImportError(file, nothingImported(built, 'rows'));

  return {
    columns: {
      count: lon.length,
      lon: lon.build(),
      lat: lat.build(),
      attributes: {
        crimeType: crimeType.build(),
        month: months.build(),
        lsoaCode: lsoaCode.build(),
        forceArea: forceArea.build(),
      },
    },
    report: built,
  };
}

interface Refusal {
  column: string;
  value: string;
  reason: string;
}

/**
 * Rows read but not yet kept or refused. Rows wait here, up to 1,024, for their Crime IDs to be
 * checked together: at 10^6 IDs each check reads a table of tens of MB at a random place, and a
 * processor overlaps such reads only when they come close together (on the bench machine, 0.12 s for
 * 880,000 IDs in batches against 0.23 s one after another, and more with a row's parsing between
 * them). Rows are then kept or refused in file order, so the outcome is the same as row by row.
 */
class RowBatch {
  static readonly SIZE = 1024;
  length = 0;
  readonly row = new Int32Array(RowBatch.SIZE);
  readonly x = new Float64Array(RowBatch.SIZE);
  readonly y = new Float64Array(RowBatch.SIZE);
  readonly month = new Uint16Array(RowBatch.SIZE);
  /** Why a row is refused; undefined for a row to keep. */
  readonly refusal: (Refusal | undefined)[] = [];
  /** Row r's Crime ID, when it is in police.uk's form (hasId[r] 1), as 8 words from 8 * r. */
  readonly ids = new Int32Array(8 * RowBatch.SIZE);
  readonly hasId = new Uint8Array(RowBatch.SIZE);
  /** Set by the check: 1 for a row whose Crime ID was read before. */
  readonly duplicate = new Uint8Array(RowBatch.SIZE);
  /** Row r's three categories (crime type, LSOA code, force) as ranges of the text, or, where start is -1, as text. */
  private readonly start = new Int32Array(3 * RowBatch.SIZE);
  private readonly end = new Int32Array(3 * RowBatch.SIZE);
  private readonly values: string[] = [];

  constructor(private readonly text: string) {}

  /** Makes room for a row; returns its place. */
  add(row: number): number {
    const r = this.length++;
    this.row[r] = row;
    this.refusal[r] = undefined;
    this.hasId[r] = 0;
    this.duplicate[r] = 0;
    return r;
  }

  refuse(r: number, column: string, value: string, reason: string): void {
    this.refusal[r] = { column, value, reason };
  }

  /** Takes the Crime ID of row r from the record's field i if it is in police.uk's form; false if not. */
  takeId(r: number, csv: CsvScanner, i: number): boolean {
    return (this.hasId[r] = csv.hexWords(i, this.ids, 8 * r) ? 1 : 0) === 1;
  }

  /** Row r's Crime ID, as it was written (police.uk writes the hex digits in lower case). */
  idText(r: number): string {
    let id = '';
    for (let w = 0; w < 8; w++) id += (this.ids[8 * r + w]! >>> 0).toString(16).padStart(8, '0');
    return id;
  }

  keep(r: number, x: number, y: number, month: number, csv: CsvScanner, categories: readonly number[]): void {
    this.x[r] = x;
    this.y[r] = y;
    this.month[r] = month;
    for (let c = 0; c < 3; c++) {
      const i = categories[c]!;
      const k = 3 * r + c;
      if (i >= 0 && csv.start[i]! >= 0) {
        this.start[k] = csv.trimmedStart(i);
        this.end[k] = csv.trimmedEnd(i);
      } else {
        this.start[k] = -1;
        this.values[k] = csv.cell(i);
      }
    }
  }

  /** Category c (0 crime type, 1 LSOA code, 2 force) of row r. */
  category(r: number, c: number): string {
    const k = 3 * r + c;
    const start = this.start[k]!;
    return start < 0 ? this.values[k]! : this.text.slice(start, this.end[k]!);
  }

  clear(): void {
    this.length = 0;
  }
}

/** data.police.uk street-level crime files (the monthly "-street.csv"), many months into one layer. */
export const policeUkCsvDriver: FormatDriver = {
  id: 'police-uk-csv',
  label: 'data.police.uk street-level crime (CSV)',
  extensions: ['.csv'],
  attribution: 'Contains public sector information licensed under the Open Government Licence v3.0 (data.police.uk)',

  detect({ head }) {
    const header = headerOf(head);
    if (RECOGNISED.every((name) => header.includes(name))) return 0.95;
    // Readable, but it could as well be some other table of crimes with coordinates.
    if (REQUIRED.every((name) => header.includes(name))) return 0.6;
    return 0;
  },

  async read(source: SourceFile, context: ImportContext): Promise<ParsedLayer> {
    const text = decodeText(source.bytes);
    const bytesTotal = source.bytes.length;
    const progress = (rowsRead: number, bytesRead: number) => context.onProgress({ file: source.name, rowsRead, bytesRead, bytesTotal });
    // Characters are not bytes outside ASCII, but police.uk files are nearly all ASCII: close enough for a progress bar.
    const { columns, report } = parsePoliceUkCsv(text, source.name, {
      seenIds: crimeIdsOf(context),
      onProgress: (rowsRead, charactersRead) => progress(rowsRead, Math.min(bytesTotal, Math.round((charactersRead / text.length) * bytesTotal))),
    });
    progress(report.rowsRead, bytesTotal);
    return { geometry: 'point', columns, kind: 'crime', sourceCrs: 'EPSG:4326', report };
  },
};

/** The header's names, trimmed, from the start of a file; [] if there is none. */
function headerOf(head: string): string[] {
  const from = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  const csv = new CsvScanner(head, delimiterOf(head, from), from);
  try {
    while (csv.next()) if (!csv.isBlank()) return csv.fields().map((name) => name.trim());
  } catch (error) {
    if (!(error instanceof UnclosedQuote)) throw error;
  }
  return [];
}

/** The Crime IDs read so far by the layer this file belongs to, kept in the job's state between its files. */
function crimeIdsOf(context: ImportContext): CrimeIds {
  let ids = context.jobState.get(policeUkCsvDriver.id) as CrimeIds | undefined;
  if (!ids) context.jobState.set(policeUkCsvDriver.id, (ids = new CrimeIds()));
  return ids;
}

/**
 * The Crime IDs one import has read. police.uk's IDs are 64 hex digits (a SHA-256): held as 32 bytes in
 * a hash table of typed arrays, 10^6 of them take about 50 MB, where a Set of 10^6 strings takes over
 * 100 MB and, on the bench machine, over a second to fill. Any ID not in that form is kept as text.
 */
export class CrimeIds {
  private readonly hex = new HexIdTable();
  private readonly strings = new Set<string>();

  /** Makes room for about `expected` more IDs, so the table grows once, not twenty times. */
  reserve(expected: number): void {
    this.hex.reserve(expected);
  }

  /** Adds an ID not in police.uk's form; false if it was there already. */
  addText(id: string): boolean {
    if (this.strings.has(id)) return false;
    this.strings.add(detached(id));
    return true;
  }

  /** Adds the batch's police.uk-form IDs in order, marking each one read before as a duplicate. */
  check(batch: RowBatch): void {
    this.hex.addAll(batch.ids, batch.hasId, batch.length, batch.duplicate);
  }
}

/**
 * A set of 256-bit values (8 words each) by open addressing: no object and no string per value. A slot
 * holds the value's number and its full hash side by side, so a search reads one place in memory, and
 * the value itself only when the hashes match.
 */
class HexIdTable {
  private values = new Int32Array(8 * 1024);
  private count = 0;
  /** Pairs (1 + the value's number, or 0 for an empty slot; the value's hash); never more than half full. */
  private slots = new Int32Array(2 * 2048);
  private readonly hashes = new Int32Array(RowBatch.SIZE);
  /** What the slots read ahead held; kept so that the reads are not optimised away. */
  touched = 0;

  /** Makes room for `more` values. */
  reserve(more: number): void {
    const count = this.count + more;
    if (count * 8 > this.values.length) {
      const values = new Int32Array(Math.max(count * 8, this.values.length * 2));
      values.set(this.values.subarray(0, this.count * 8));
      this.values = values;
    }
    if (count * 2 > this.slots.length / 2) this.rehash(2 ** Math.ceil(Math.log2(count * 2)));
  }

  /**
   * Adds value n of `words` (8 words from 8 * n) for every n below `length` with `take[n]` 1, in order;
   * `duplicate[n]` becomes 1 for a value the table had already (from before, or earlier in `words`).
   */
  addAll(words: Int32Array, take: Uint8Array, length: number, duplicate: Uint8Array): void {
    if (this.count + length > this.values.length / 8) this.reserve(length);
    const { hashes } = this;
    let touched = 0;
    // First every value's slot is read, reads that do not wait on one another and so overlap; then the
    // values are added one by one, finding their slots already in the processor's cache.
    for (let n = 0; n < length; n++) {
      if (take[n] === 0) continue;
      hashes[n] = hashWords(words, 8 * n);
      touched |= this.slots[2 * (hashes[n]! & (this.slots.length / 2 - 1))]!;
    }
    this.touched = touched;
    for (let n = 0; n < length; n++) {
      if (take[n] === 1 && !this.add(words, 8 * n, hashes[n]!)) duplicate[n] = 1;
    }
  }

  /** Adds the 8 words at words[at]; false if the table had them already. */
  private add(words: Int32Array, at: number, hash: number): boolean {
    const { values, slots } = this;
    const mask = slots.length / 2 - 1;
    let slot = hash & mask;
    for (let entry = slots[2 * slot]!; entry !== 0; entry = slots[2 * slot]!) {
      if (slots[2 * slot + 1] === hash) {
        const from = (entry - 1) * 8;
        let same = true;
        for (let k = 0; k < 8 && same; k++) same = values[from + k] === words[at + k];
        if (same) return false;
      }
      slot = (slot + 1) & mask;
    }
    const to = this.count * 8;
    for (let k = 0; k < 8; k++) values[to + k] = words[at + k]!;
    slots[2 * slot] = ++this.count;
    slots[2 * slot + 1] = hash;
    if (this.count * 2 > slots.length / 2) this.rehash(slots.length);
    return true;
  }

  /** Spreads the values over `size` slots. */
  private rehash(size: number): void {
    const slots = new Int32Array(2 * size);
    const mask = size - 1;
    for (let n = 0; n < this.count; n++) {
      const hash = hashWords(this.values, n * 8);
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = n + 1;
      slots[2 * slot + 1] = hash;
    }
    this.slots = slots;
  }
}

/** Mixes all 8 words, so IDs that share most of their digits still spread over the table. */
function hashWords(words: Int32Array, at: number): number {
  let hash = 0x9e3779b9;
  for (let k = 0; k < 8; k++) {
    hash = Math.imul(hash ^ words[at + k]!, 0x85ebca6b);
    hash ^= hash >>> 13;
  }
  return hash | 0;
}

interface ColumnPositions {
  month: number;
  lon: number;
  lat: number;
  crimeType: number;
  /** -1 for a column the header does not have. */
  crimeId: number;
  lsoaCode: number;
  forceArea: number;
}

function indexHeader(header: string[], row: number, file: string): ColumnPositions {
  const index: Record<string, number> = {};
  header.forEach((name, i) => {
    index[name] ??= i;
  });
  const missing = REQUIRED.filter((name) => index[name] === undefined);
  if (missing.length > 0) {
    throw new ImportError(
      file,
      `row ${row}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; ` +
        `a data.police.uk street-level crime file has ${REQUIRED.map((m) => `"${m}"`).join(', ')} in its header row`,
    );
  }
  const at = (name: string) => index[name] ?? -1;
  return {
    month: at('Month'),
    lon: at('Longitude'),
    lat: at('Latitude'),
    crimeType: at('Crime type'),
    crimeId: at('Crime ID'),
    lsoaCode: at('LSOA code'),
    forceArea: at('Falls within'),
  };
}

/**
 * The delimiter, from the first line that is not blank: a comma, as police.uk writes, unless that line
 * has none and has semicolons, tabs or bars (a spreadsheet's export in another locale) instead.
 */
function delimiterOf(text: string, from: number): string {
  let start = from;
  for (let lines = 0; start < text.length && lines < 100; lines++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (line.trim() !== '') {
      if (line.includes(',')) return ',';
      const counts = [';', '\t', '|'].map((d) => ({ d, n: line.split(d).length - 1 })).sort((a, b) => b.n - a.n);
      return counts[0]!.n > 0 ? counts[0]!.d : ',';
    }
    start = end + 1;
  }
  return ',';
}

/** A quoted value that runs to the end of the text: where it starts, as a record number and a 0-based field. */
export class UnclosedQuote extends Error {
  constructor(
    readonly row: number,
    readonly field: number,
  ) {
    super(`row ${row}, field ${field + 1}: a quoted value has no closing quote`);
    this.name = 'UnclosedQuote';
  }
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** White space as String.prototype.trim() removes it (ECMAScript WhiteSpace and LineTerminator). */
function isTrimmed(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** The value of each lower-case hex digit by character code, 16 for any other character. */
const HEX_DIGIT = new Int32Array(256).fill(16);
for (let c = 0x30; c <= 0x39; c++) HEX_DIGIT[c] = c - 0x30;
for (let c = 0x61; c <= 0x66; c++) HEX_DIGIT[c] = c - 0x57;

/** Reads the 64 characters at text[at..] into 8 words of 32 bits from into[offset]; false if they are not all lower-case hex digits. */
function hexWordsAt(text: string, at: number, into: Int32Array, offset: number): boolean {
  // Branch-free: a character that is not a hex digit sets a bit above the digit's four.
  let bad = 0;
  for (let w = 0; w < 8; w++) {
    let word = 0;
    const from = at + w * 8;
    for (let k = 0; k < 8; k++) {
      const c = text.charCodeAt(from + k);
      const digit = HEX_DIGIT[c & 0xff]!;
      bad |= digit | (c >> 8);
      word = (word << 4) | (digit & 0xf);
    }
    into[offset + w] = word;
  }
  return (bad & ~0xf) === 0;
}

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * CSV records read one at a time straight from a string, as spreadsheets and RFC 4180 read them: a value
 * in double quotes may hold the delimiter, a line break, or a quote written twice (""); a line ends with
 * CRLF, LF or CR. Like the papaparse reading it replaces, it is lenient where nothing is lost (a stray
 * quote inside a quoted value is kept as a character; spaces between a closing quote and the delimiter are
 * dropped) and stops only at a quote that never closes (UnclosedQuote).
 *
 * A record's values are not cut out of the text unless asked for: field i lies between start[i] and
 * end[i], or, for a quoted value (start[i] -1), is quoted[i] with its doubled quotes undone.
 */
export class CsvScanner {
  /** The 1-based number of the record last read, counting blank lines, as a spreadsheet numbers rows. */
  row = 0;
  /** Where the next record starts. */
  position: number;
  fieldCount = 0;
  start = new Int32Array(32);
  end = new Int32Array(32);
  readonly quoted: string[] = [];
  // Where the next delimiter and line break are, found once and used until passed: a police.uk row is
  // 12 values in 240 characters, and indexOf finds each in far fewer steps than a loop over characters.
  private nextDelimiter = -1;
  private nextLf = -1;
  private nextCr = -1;
  private readonly delimiterCode: number;

  constructor(
    readonly text: string,
    readonly delimiter = ',',
    from = 0,
  ) {
    this.position = from;
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** Reads the next record into start/end/quoted; false when there is none. */
  next(): boolean {
    const text = this.text;
    const length = text.length;
    let p = this.position;
    if (p >= length) return false;
    this.row++;
    let n = 0;
    for (;;) {
      if (n === this.start.length) this.grow();
      let next: number;
      if (text.charCodeAt(p) === QUOTE) {
        next = this.readQuoted(p, n);
      } else {
        let delimiter = this.nextDelimiter;
        if (delimiter < p) delimiter = this.nextDelimiter = this.find(this.delimiter, p);
        let lf = this.nextLf;
        if (lf < p) lf = this.nextLf = this.find('\n', p);
        let cr = this.nextCr;
        if (cr < p) cr = this.nextCr = this.find('\r', p);
        next = delimiter < lf ? delimiter : lf;
        if (cr < next) next = cr;
        this.start[n] = p;
        this.end[n] = next;
      }
      n++;
      if (next >= length) {
        this.position = length;
        break;
      }
      const c = text.charCodeAt(next);
      if (c === this.delimiterCode) {
        p = next + 1;
        continue;
      }
      this.position = c === CR && text.charCodeAt(next + 1) === LF ? next + 2 : next + 1;
      break;
    }
    this.fieldCount = n;
    return true;
  }

  /** indexOf, with the end of the text for "not found". */
  private find(character: string, from: number): number {
    const at = this.text.indexOf(character, from);
    return at < 0 ? this.text.length : at;
  }

  /** Reads the quoted value that opens at `open` into field n; returns where the value's delimiter or line break is. */
  private readQuoted(open: number, n: number): number {
    const text = this.text;
    const length = text.length;
    let q = open + 1;
    for (;;) {
      q = text.indexOf('"', q);
      if (q < 0) throw new UnclosedQuote(this.row, n);
      const c = text.charCodeAt(q + 1);
      if (c === QUOTE) {
        q += 2;
        continue;
      }
      if (q + 1 >= length || c === this.delimiterCode || c === LF || c === CR) break;
      let after = q + 1;
      while (after < length && this.isSpaceInRecord(text.charCodeAt(after))) after++;
      if (after > q + 1) {
        const d = text.charCodeAt(after);
        if (after >= length || d === this.delimiterCode || d === LF || d === CR) {
          this.setQuoted(n, text.slice(open + 1, q));
          return after;
        }
      }
      q++;
    }
    this.setQuoted(n, text.slice(open + 1, q));
    return q + 1;
  }

  private isSpaceInRecord(c: number): boolean {
    return c !== LF && c !== CR && c !== this.delimiterCode && isTrimmed(c);
  }

  private setQuoted(n: number, raw: string): void {
    this.start[n] = -1;
    this.end[n] = -1;
    this.quoted[n] = raw.includes('""') ? raw.replace(/""/g, '"') : raw;
  }

  private grow(): void {
    const start = new Int32Array(this.start.length * 2);
    const end = new Int32Array(this.end.length * 2);
    start.set(this.start);
    end.set(this.end);
    this.start = start;
    this.end = end;
  }

  /** Field i as written (quotes undone), untrimmed. */
  field(i: number): string {
    const start = this.start[i]!;
    return start < 0 ? this.quoted[i]! : this.text.slice(start, this.end[i]!);
  }

  fields(): string[] {
    return Array.from({ length: this.fieldCount }, (_, i) => this.field(i));
  }

  /** Field i without the white space around it; '' for a field the record does not have. */
  cell(i: number): string {
    if (i < 0 || i >= this.fieldCount) return '';
    const start = this.start[i]!;
    if (start < 0) return this.quoted[i]!.trim();
    return this.text.slice(this.trimmedStart(i), this.trimmedEnd(i));
  }

  /** True if field i is empty or white space only; false for a field the record does not have. */
  isEmpty(i: number): boolean {
    if (i < 0 || i >= this.fieldCount) return true;
    if (this.start[i]! < 0) return this.quoted[i]!.trim() === '';
    return this.trimmedStart(i) === this.trimmedEnd(i);
  }

  /** Where unquoted field i starts once white space is passed over, as String.prototype.trim() would. */
  trimmedStart(i: number): number {
    const text = this.text;
    let a = this.start[i]!;
    const b = this.end[i]!;
    while (a < b && isTrimmed(text.charCodeAt(a))) a++;
    return a;
  }

  /** Where unquoted field i ends before white space. */
  trimmedEnd(i: number): number {
    const text = this.text;
    const a = this.start[i]!;
    let b = this.end[i]!;
    while (b > a && isTrimmed(text.charCodeAt(b - 1))) b--;
    return b;
  }

  /** True for a record of nothing but white space and delimiters. */
  isBlank(): boolean {
    for (let i = 0; i < this.fieldCount; i++) if (!this.isEmpty(i)) return false;
    return true;
  }

  /**
   * Reads field i into `into` from `offset` as 8 words of 32 bits if it is 64 lower-case hex digits, as police.uk
   * writes Crime IDs; false otherwise. Upper case is not taken: "AB" and "ab" are different IDs.
   */
  hexWords(i: number, into: Int32Array, offset: number): boolean {
    if (this.start[i]! < 0) {
      const id = this.quoted[i]!.trim();
      return id.length === 64 && hexWordsAt(id, 0, into, offset);
    }
    const a = this.trimmedStart(i);
    return this.trimmedEnd(i) - a === 64 && hexWordsAt(this.text, a, into, offset);
  }

  /**
   * Field i as a plain decimal ([+-]digits[.digits], at most 15 digits), read from its characters; NaN
   * for anything else, which the caller then reads the slow way. Exact: with at most 15 digits the
   * digits are an exact integer and 10^k is exact, so the one division rounds once, as Number() does.
   */
  decimal(i: number): number {
    const text = this.text;
    let a = this.start[i]!;
    if (a < 0) return NaN;
    const b = this.end[i]!;
    let c = text.charCodeAt(a);
    const negative = c === 0x2d;
    if (negative || c === 0x2b) a++;
    let digits = 0;
    let mantissa = 0;
    let fraction = -1;
    for (; a < b; a++) {
      c = text.charCodeAt(a);
      if (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === 0x2e && fraction < 0) {
        fraction = 0;
      } else {
        return NaN;
      }
    }
    if (digits === 0 || digits > 15) return NaN;
    const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction]! : mantissa;
    return negative ? -value : value;
  }

  /** Field i as a month index if it is exactly YYYY-MM with a month 01-12 from 1970-01 on; -1 for anything else. */
  month(i: number): number {
    const text = this.text;
    const a = this.start[i]!;
    if (a < 0 || this.end[i]! - a !== 7 || text.charCodeAt(a + 4) !== 0x2d) return -1;
    let year = 0;
    for (let k = 0; k < 4; k++) {
      const digit = text.charCodeAt(a + k) - 0x30;
      if (!(digit >= 0 && digit <= 9)) return -1;
      year = year * 10 + digit;
    }
    const tens = text.charCodeAt(a + 5) - 0x30;
    const units = text.charCodeAt(a + 6) - 0x30;
    if (!(tens >= 0 && tens <= 9 && units >= 0 && units <= 9)) return -1;
    const month = tens * 10 + units;
    if (month < 1 || month > 12) return -1;
    const index = monthIndex(year, month);
    return index >= 0 && index <= LAST_MONTH ? index : -1;
  }
}
