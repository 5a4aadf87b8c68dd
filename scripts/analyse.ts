// npm run analyse -- --sites F --crime F [F ...] [--lsoa F [--population F]] [--traffic F] [--sensitive F ...]
//                    [--within METRES] [--choice ID=VALUE ...] --out result.json|result.csv
// The site panel's figures for every site of an NRD list, computed by the same functions the app runs,
// on files, in Node: for batch runs and for areas larger than one browser holds. README.md documents it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { Site } from '../src/domain/site.ts';
import { FORMAT_DRIVERS } from '../src/io/format-registry.ts';
import { ImportNeedsChoice, type SourceFile } from '../src/io/format-driver.ts';
import { planFiles, type ImportJob } from '../src/io/import-plan.ts';
import { ImportError } from '../src/io/import-report.ts';
import { runImport } from '../src/io/run-import.ts';
import { decodeHead } from '../src/io/text-decoding.ts';
import { prepareAnalysisInputs, siteFigures, type SiteFigures } from '../src/analysis/site-figures.ts';
import { figureRows } from '../src/analysis/figures-table.ts';

export interface AnalyseOptions {
  sites: string;
  crime: string[];
  lsoa?: string;
  population?: string;
  traffic?: string;
  sensitive: string[];
  withinMetres: number;
  choices: Record<string, string>;
  out: string;
}

const USAGE =
  'usage: npm run analyse -- --sites F --crime F [F ...] [--lsoa F [--population F]] [--traffic F] [--sensitive F ...] [--within METRES] [--choice ID=VALUE] --out result.json|result.csv';

export function parseArguments(args: string[]): AnalyseOptions {
  const options: AnalyseOptions = { sites: '', crime: [], sensitive: [], withinMetres: 250, choices: {}, out: '' };
  let list: string[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value.\n${USAGE}`);
      return next;
    };
    list = null;
    if (arg === '--sites') options.sites = value();
    else if (arg === '--crime') (list = options.crime).push(value());
    else if (arg === '--sensitive') (list = options.sensitive).push(value());
    else if (arg === '--lsoa') options.lsoa = value();
    else if (arg === '--population') options.population = value();
    else if (arg === '--traffic') options.traffic = value();
    else if (arg === '--out') options.out = value();
    else if (arg === '--within') options.withinMetres = Number(value());
    else if (arg === '--choice') {
      const [id, ...rest] = value().split('=');
      options.choices[id!] = rest.join('=');
    } else throw new Error(`Unknown argument ${arg}.\n${USAGE}`);
    // "--crime a.csv b.csv": further values belong to the same list.
    while (list && args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) list.push(args[++i]!);
  }
  if (!options.sites || options.crime.length === 0 || !options.out) throw new Error(`--sites, --crime and --out are needed.\n${USAGE}`);
  if (options.population && !options.lsoa) throw new Error('--population (the table) needs --lsoa (the LSOA boundaries it is joined to).');
  if (!/\.(json|csv)$/i.test(options.out)) throw new Error('--out must end in .json or .csv.');
  if (!Number.isFinite(options.withinMetres) || options.withinMetres < 0) throw new Error('--within must be a distance in metres, 0 or more.');
  return options;
}

const extension = (name: string) => path.extname(name).toLowerCase();

/** The figures of every site in the sites file, as the app's site panel gives them. */
export async function analyse(options: AnalyseOptions, log: (line: string) => void = () => {}): Promise<{ sites: Site[]; figures: SiteFigures[] }> {
  const files: SourceFile[] = [];
  const add = (file: string) => files.push({ name: path.basename(file), bytes: new Uint8Array(readFileSync(file)) }) - 1;
  const jobs: ImportJob[] = [];
  const sitesIndex = add(options.sites);
  jobs.push({ layerName: 'sites', driverId: extension(options.sites) === '.csv' ? 'nrd-list-csv' : 'nrd-list-geojson', kind: null, fileIndexes: [sitesIndex], companionIndexes: [] });
  jobs.push({ layerName: 'crime', driverId: 'police-uk-csv', kind: 'crime', fileIndexes: options.crime.map(add), companionIndexes: [] });
  if (options.lsoa && options.population) {
    const table = add(options.population);
    jobs.push({ layerName: 'population', driverId: 'lsoa-population-csv', kind: 'population', fileIndexes: [table], companionIndexes: [add(options.lsoa)] });
  } else if (options.lsoa) {
    // LSOA boundaries that carry their population already (as the app's sample and its exports do).
    jobs.push({ layerName: 'population', driverId: 'geojson', kind: 'population', fileIndexes: [add(options.lsoa)], companionIndexes: [] });
  }
  if (options.traffic) jobs.push({ layerName: 'traffic', driverId: 'dft-traffic-csv', kind: 'traffic', fileIndexes: [add(options.traffic)], companionIndexes: [] });
  for (const file of options.sensitive) {
    const index = add(file);
    const head = decodeHead(files[index]!.bytes);
    // The best reader that makes a layer (an NRD list reader would put the places in the register).
    const [planned] = planFiles([{ name: files[index]!.name, bytes: files[index]!.bytes.length, head }], FORMAT_DRIVERS);
    const reader = planned?.candidates.find((candidate) => candidate.readsInto === 'layer' && candidate.score > 0);
    if (!reader) throw new Error(`${file}: not a file NRD Planner reads as sensitive places (point CSV, GeoJSON, TopoJSON or zipped shapefile).`);
    jobs.push({ layerName: path.basename(file), driverId: reader.driverId, kind: 'sensitive', fileIndexes: [index], companionIndexes: [] });
  }

  const result = await runImport(jobs, files, FORMAT_DRIVERS, {
    choices: options.choices,
    onProgress: ({ file, rowsRead }) => log(`reading ${file}: ${rowsRead.toLocaleString('en-GB')} rows`),
  });
  for (const report of [...result.layers.flatMap((layer) => layer.reports), ...result.registers.flatMap((register) => register.reports)]) {
    const rejected = report.rowsRead - report.rowsImported;
    log(`${report.file}: ${report.rowsImported.toLocaleString('en-GB')} of ${report.rowsRead.toLocaleString('en-GB')} imported${rejected > 0 ? `; ${rejected} not (${report.rejected.map((group) => `${group.count} ${group.reason}`).join('; ')})` : ''}`);
  }
  const now = new Date().toISOString();
  // Keyed by the sites file's own reference, which is also the site's id here.
  const sites: Site[] = (result.registers[0]?.sites ?? []).map(({ site }) => ({ ...site, id: site.reference, workspaceId: 'cli', statusHistory: [], revision: 0, createdAt: now, updatedAt: now }));
  const inputs = prepareAnalysisInputs(
    result.layers.map((layer, i) => ({ layer: { id: `layer-${i}`, name: layer.layerName, kind: layer.kind, geometry: layer.geometry }, data: layer.data })),
    {},
  );
  const figures = sites.map((site) => siteFigures(site, sites, inputs, { sensitiveWithinMetres: options.withinMetres }));
  return { sites, figures };
}

export function writeResult(out: string, sites: Site[], figures: SiteFigures[]): void {
  if (extension(out) === '.csv') {
    const { columns, rows } = figureRows(sites.map((site, i) => ({ siteId: site.id, reference: site.reference, figures: figures[i]! })));
    writeFileSync(out, Papa.unparse({ fields: columns, data: rows.map((row) => columns.map((column) => row[column] ?? '')) }, { newline: '\n' }) + '\n');
  } else {
    const strip = (value: unknown): unknown => (value instanceof Uint32Array ? undefined : value);
    writeFileSync(
      out,
      JSON.stringify(
        sites.map((site, i) => ({ site_id: site.id, reference: site.reference, name: site.name, figures: figures[i] })),
        (_key, value) => strip(value),
        1,
      ) + '\n',
    );
  }
}

async function main(): Promise<void> {
  let options: AnalyseOptions;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  try {
    const { sites, figures } = await analyse(options, (line) => console.error(line));
    writeResult(options.out, sites, figures);
    console.error(`wrote the figures of ${sites.length} sites to ${options.out}`);
  } catch (error) {
    if (error instanceof ImportNeedsChoice) {
      const { question } = error;
      console.error(`${question.file}: ${question.prompt}\nAnswer with --choice ${question.id}=VALUE, one of:\n${question.options.map((o) => `  ${o.value}   (${o.label})`).join('\n')}`);
      process.exit(2);
    }
    console.error(error instanceof ImportError ? error.message : `analyse stopped: ${(error as Error).stack ?? error}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
