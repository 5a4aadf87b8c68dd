// A force-scale data.police.uk file for `npm run bench`, made of the real Avon and Somerset sample's
// rows repeated in order, so every value, the share of rows without a location (6%) and the share of
// rows without a Crime ID (anti-social behaviour, 12%) are real. Only the Crime IDs change: each copy
// of a row gets its own, or the import's de-duplication would drop all but the first copy.
//
//   node --import tsx bench/generate-police-uk.ts [rows]
//
// writes bench/.data/police-uk-<rows>.csv (git-ignored) unless it is already there.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SAMPLE = new URL('../data/sample/crime-2023-01-avon-and-somerset.csv', import.meta.url);
const DATA_DIR = new URL('./.data/', import.meta.url);
/** Bump when the output changes, so a stale file is not reused. */
const FORMAT = 'v1';

/** The path of a police.uk CSV with `rows` data rows, generated first if it is not there yet. */
export function policeUkBenchFile(rows = 1_000_000): string {
  const path = fileURLToPath(new URL(`police-uk-${rows}-${FORMAT}.csv`, DATA_DIR));
  if (existsSync(path)) return path;
  mkdirSync(DATA_DIR, { recursive: true });
  const sample = readFileSync(SAMPLE, 'utf8');
  // The sample is CRLF and has no quotes (checked in src/io/police-uk-csv.test.ts), so lines are records.
  const [header, ...lines] = sample.split('\r\n').filter((line) => line !== '');
  if (!header || lines.length === 0) throw new Error(`${fileURLToPath(SAMPLE)} has no rows`);

  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, `${header}\r\n`);
    let chunk: string[] = [];
    for (let i = 0; i < rows; i++) {
      const line = lines[i % lines.length]!;
      const comma = line.indexOf(',');
      const id = line.slice(0, comma);
      // police.uk IDs are 64 hex digits; the last 8 become the row's number, which makes them unique.
      chunk.push(id === '' ? line : `${id.slice(0, 56)}${i.toString(16).padStart(8, '0')}${line.slice(comma)}`);
      if (chunk.length === 10_000) {
        writeSync(fd, `${chunk.join('\r\n')}\r\n`);
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, `${chunk.join('\r\n')}\r\n`);
  } finally {
    closeSync(fd);
  }
  // Written aside and renamed, so a run stopped half-way never leaves a short file to be reused.
  renameSync(partial, path);
  return path;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`rows must be a positive whole number, not ${process.argv[2]}`);
  console.log(policeUkBenchFile(rows));
}
