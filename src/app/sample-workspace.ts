import { z } from 'zod';
import { LayerKind, LayerStyle, SourceCrs, type Layer } from '../domain/layer.ts';
import { Site } from '../domain/site.ts';
import type { WorkspaceContents, LayerData } from '../store/workspace-store.ts';
import { layerWorker } from '../workers/layer-worker-client.ts';
import manifestJson from '../../data/sample/workspace.json';
import sitesJson from '../../data/sample/sites.json';

/** Every file of data/sample, as URLs Vite serves (and copies into the build). */
const SAMPLE_FILES = import.meta.glob('../../data/sample/*.{csv,geojson}', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

const SampleManifest = z.object({
  name: z.string(),
  forceArea: z.string(),
  description: z.string(),
  layers: z.array(
    z.object({
      name: z.string(),
      kind: LayerKind,
      geometry: z.enum(['point', 'polygon', 'line']),
      file: z.string(),
      format: z.enum(['police-uk-csv', 'geojson']),
      sourceCrs: SourceCrs,
      attribution: z.string(),
      style: LayerStyle,
      visible: z.boolean(),
    }),
  ),
});
/** The sample's sites as written by scripts/build-sample.mjs: a Site less what the workspace gives it. */
export const SampleSite = Site.omit({ id: true, workspaceId: true, createdAt: true, updatedAt: true });

async function fetchText(file: string): Promise<{ text: string; bytes: number }> {
  const url = SAMPLE_FILES[`../../data/sample/${file}`];
  if (!url) throw new Error(`The sample file ${file} is missing from this build.`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not read the sample file ${file} (HTTP ${response.status}).`);
  const text = await response.text();
  return { text, bytes: new TextEncoder().encode(text).length };
}

/** Builds the bundled sample workspace through the same parsers a user's files go through. */
export async function buildSampleWorkspace(onProgress: (message: string) => void): Promise<WorkspaceContents> {
  const manifest = SampleManifest.parse(manifestJson);
  const now = new Date().toISOString();
  const workspaceId = crypto.randomUUID();
  const sites = z
    .array(SampleSite)
    .parse(sitesJson)
    .map((site) => ({ ...site, id: crypto.randomUUID(), workspaceId, createdAt: now, updatedAt: now }));

  const layers: WorkspaceContents['layers'] = [];
  for (const [order, entry] of manifest.layers.entries()) {
    onProgress(`Reading ${entry.name} (${order + 1} of ${manifest.layers.length})`);
    const { text, bytes } = await fetchText(entry.file);
    let data: LayerData;
    let rowCounts: Layer['rowCounts'];
    if (entry.format === 'police-uk-csv') {
      const parsed = await layerWorker().policeUkCsv(text, entry.file);
      data = { kind: 'points', columns: parsed.columns };
      rowCounts = { read: parsed.report.rowsRead, imported: parsed.report.rowsImported, rejected: parsed.report.rowsRead - parsed.report.rowsImported };
    } else {
      const parsed = await layerWorker().geoJson(text, entry.file);
      data = { kind: 'features', features: parsed.features };
      rowCounts = { read: parsed.report.rowsRead, imported: parsed.report.rowsImported, rejected: parsed.report.rowsRead - parsed.report.rowsImported };
    }
    layers.push({
      layer: {
        id: crypto.randomUUID(),
        workspaceId,
        name: entry.name,
        kind: entry.kind,
        geometry: entry.geometry,
        sourceFiles: [{ name: entry.file, bytes, attribution: entry.attribution }],
        // Offset by the manifest order so the layers keep their draw order.
        importedAt: new Date(Date.parse(now) + order).toISOString(),
        rowCounts,
        sourceCrs: entry.sourceCrs,
        visible: entry.visible,
        style: entry.style,
      },
      data,
    });
  }
  return {
    workspace: { id: workspaceId, name: manifest.name, forceArea: manifest.forceArea, description: manifest.description, isSample: true, createdAt: now },
    sites,
    layers,
  };
}

export function emptyWorkspace(): WorkspaceContents {
  return {
    workspace: {
      id: crypto.randomUUID(),
      name: 'New workspace',
      forceArea: '',
      description: '',
      isSample: false,
      createdAt: new Date().toISOString(),
    },
    sites: [],
    layers: [],
  };
}
