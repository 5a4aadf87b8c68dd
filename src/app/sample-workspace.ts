import { z } from 'zod';
import { LayerKind, LayerStyle, SourceCrs } from '../domain/layer.ts';
import { SiteDraft } from '../domain/site.ts';
import * as Comlink from 'comlink';
import type { ImportProgress } from '../io/format-driver.ts';
import type { ImportJob } from '../io/import-plan.ts';
import type { WorkspaceContents } from '../store/workspace-store.ts';
import { startImportSession } from '../workers/import-worker-client.ts';
import { layerRecord } from './layer-record.ts';
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

async function fetchFile(file: string): Promise<File> {
  const url = SAMPLE_FILES[`../../data/sample/${file}`];
  if (!url) throw new Error(`The sample file ${file} is missing from this build.`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not read the sample file ${file} (HTTP ${response.status}).`);
  return new File([await response.blob()], file);
}

/** A sample site, with the day an existing one went live where the sample gives one. */
export const SampleSite = SiteDraft.extend({ wentLiveOn: z.iso.date().optional() });

/** Builds the bundled sample workspace through the same import pipeline a user's files go through. */
export async function buildSampleWorkspace(onProgress: (message: string) => void): Promise<WorkspaceContents> {
  const manifest = SampleManifest.parse(manifestJson);
  const now = new Date().toISOString();
  const workspaceId = crypto.randomUUID();
  const sites = z
    .array(SampleSite)
    .parse(sitesJson)
    .map(({ wentLiveOn, ...site }) => ({
      ...site,
      id: crypto.randomUUID(),
      workspaceId,
      // A go-live date gives the sample's annual reviews something to fall due from.
      statusHistory: wentLiveOn
        ? [{ from: 'approved' as const, to: 'live' as const, date: wentLiveOn, by: 'Sample workspace', reason: 'Illustrative go-live date.', recordedAt: now }]
        : [],
      revision: 0,
      createdAt: now,
      updatedAt: now,
    }));

  onProgress('Reading the sample files');
  const files = await Promise.all(manifest.layers.map((entry) => fetchFile(entry.file)));
  const jobs: ImportJob[] = manifest.layers.map((entry, i) => ({ layerName: entry.name, driverId: entry.format, kind: entry.kind, fileIndexes: [i], companionIndexes: [] }));
  const session = startImportSession();
  try {
    const outcome = await session.worker.run(files, jobs, {}, Comlink.proxy((progress: ImportProgress) => onProgress(`Reading ${progress.file}`)));
    if (outcome.status !== 'done') throw new Error(`The sample workspace could not be read: ${outcome.status === 'failed' ? outcome.message : outcome.question.prompt}`);
    const layers = outcome.layers.map((imported, order) => {
      const entry = manifest.layers[order]!;
      // Offset by the manifest order so the layers keep their draw order.
      const layer = layerRecord(imported, workspaceId, new Date(Date.parse(now) + order).toISOString(), entry.style);
      return {
        layer: { ...layer, visible: entry.visible, sourceFiles: layer.sourceFiles.map((f) => ({ ...f, attribution: entry.attribution })) },
        data: imported.data,
      };
    });
    return {
      workspace: { id: workspaceId, name: manifest.name, forceArea: manifest.forceArea, description: manifest.description, isSample: true, createdAt: now },
      sites,
      layers,
    };
  } finally {
    session.cancel();
  }
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
