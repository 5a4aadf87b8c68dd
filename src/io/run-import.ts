import type { FeatureCollection } from 'geojson';
import type { LayerKind, SourceCrs } from '../domain/layer.ts';
import type { LayerData } from '../domain/layer-data.ts';
import type { PointColumns } from '../domain/point-columns.ts';
import type { AnyFormatDriver, ImportContext, ParsedLayer, ParsedRegister, SourceFile } from './format-driver.ts';
import type { SiteDraft } from '../domain/site.ts';
import type { ImportJob } from './import-plan.ts';
import type { ImportReport } from './import-report.ts';
import { mergePointColumns } from './merge-point-columns.ts';
import { buildPointIndex } from '../geo/point-index.ts';

/** A layer read from the user's files, not yet stored: the import's result, shown before it is kept. */
export interface ImportedLayer {
  layerName: string;
  kind: LayerKind;
  geometry: 'point' | 'line' | 'polygon';
  sourceCrs: SourceCrs;
  data: LayerData;
  reports: ImportReport[];
  sourceFiles: { name: string; bytes: number; attribution: string }[];
}

function merge(parsed: ParsedLayer[]): LayerData {
  if (parsed[0]!.geometry === 'point') {
    const columns = mergePointColumns(parsed.map((p) => (p as { columns: PointColumns }).columns));
    // Built here, in the import's worker, so that it is stored with the layer and never built on the page.
    return { kind: 'points', columns, index: buildPointIndex(columns) };
  }
  const features: FeatureCollection = { type: 'FeatureCollection', features: parsed.flatMap((p) => (p as { features: FeatureCollection }).features.features) };
  return { kind: 'features', features };
}

/** Sites read from NRD lists for the register, not yet stored; each names the file and row it came from. */
export interface ImportedRegisterSites {
  layerName: string;
  sites: { file: string; row: number; site: SiteDraft }[];
  reports: ImportReport[];
}

export interface ImportResult {
  layers: ImportedLayer[];
  registers: ImportedRegisterSites[];
}

/**
 * Reads every job's files with their drivers. Nothing is stored here: a file that cannot be read
 * stops the whole import with its error, so the workspace only ever receives a complete import.
 */
export async function runImport(
  jobs: ImportJob[],
  files: SourceFile[],
  drivers: AnyFormatDriver[],
  context: Pick<ImportContext, 'onProgress' | 'choices'>,
): Promise<ImportResult> {
  const result: ImportResult = { layers: [], registers: [] };
  for (const job of jobs) {
    const driver = drivers.find((d) => d.id === job.driverId);
    if (!driver) throw new Error(`No reader for the format "${job.driverId}".`);
    const jobContext: ImportContext = { ...context, jobState: new Map(), companions: job.companionIndexes.map((i) => files[i]!) };
    const parsed: (ParsedLayer | ParsedRegister)[] = [];
    for (const index of job.fileIndexes) parsed.push(await driver.read(files[index]!, jobContext));
    const geometries = new Set(parsed.map((p) => p.geometry));
    if (geometries.size > 1) throw new Error(`The files for "${job.layerName}" hold different kinds of geometry (${[...geometries].join(', ')}); import them as separate layers.`);
    const reports = parsed.map((p) => p.report);
    if (parsed.every((p): p is ParsedRegister => p.geometry === 'register')) {
      const sites = parsed.flatMap((p, i) => p.sites.map(({ row, site }) => ({ file: files[job.fileIndexes[i]!]!.name, row, site })));
      result.registers.push({ layerName: job.layerName, sites, reports });
      continue;
    }
    const layerParts = parsed as ParsedLayer[];
    const first = layerParts[0]!;
    result.layers.push({
      layerName: job.layerName,
      kind: job.kind ?? first.kind,
      geometry: first.geometry,
      sourceCrs: first.sourceCrs,
      data: merge(layerParts),
      reports,
      sourceFiles: [...job.fileIndexes, ...job.companionIndexes].map((i) => ({
        name: files[i]!.name,
        bytes: files[i]!.bytes.length,
        // A boundary file joined to a population table is the user's own: its licence is not known here.
        attribution: job.fileIndexes.includes(i) ? (driver.attribution ?? '') : '',
      })),
    });
  }
  return result;
}
