import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import type { Layer } from '../domain/layer.ts';
import type { Site } from '../domain/site.ts';
import type { Workspace } from '../domain/workspace.ts';
import type { NrdDatabase } from '../store/database.ts';
import { getActiveWorkspaceId, getSetting, readLayerData, readLayers, readSites, readWorkspace, setLayerVisible, setSetting } from '../store/workspace-store.ts';
import { layerWorker } from '../workers/layer-worker-client.ts';
import { BASEMAP_LAYERS, type BasemapLayerId } from '../map/map-style.ts';

export interface WorkspaceView {
  workspace: Workspace | undefined;
  sites: Site[];
  layers: Layer[];
}

/** The active workspace, kept live: any write (in this tab or another) re-reads it. */
export function useActiveWorkspace(db: NrdDatabase): WorkspaceView | undefined {
  return useLiveQuery(async () => {
    const id = await getActiveWorkspaceId(db);
    if (!id) return { workspace: undefined, sites: [], layers: [] };
    const [workspace, sites, layers] = await Promise.all([readWorkspace(db, id), readSites(db, id), readLayers(db, id)]);
    return { workspace, sites, layers };
  }, [db]);
}

const BASEMAP_VISIBILITY = 'basemapVisible';
const ALL_BASEMAP_VISIBLE = Object.fromEntries(BASEMAP_LAYERS.map((layer) => [layer.id, true])) as Record<BasemapLayerId, boolean>;

/** Layers as stored, with this tab's visibility toggles shown at once while they are written behind. */
export function useLayerVisibility(db: NrdDatabase, stored: Layer[] | undefined): [Layer[], (id: string, visible: boolean) => void] {
  const [shown, setShown] = useState<Record<string, boolean>>({});
  const layers = useMemo(() => (stored ?? []).map((layer) => (layer.id in shown ? { ...layer, visible: shown[layer.id]! } : layer)), [stored, shown]);
  const toggle = (id: string, visible: boolean) => {
    setShown((current) => ({ ...current, [id]: visible }));
    void setLayerVisible(db, id, visible);
  };
  return [layers, toggle];
}

/** Basemap layer visibility, stored per browser; a toggle shows at once and is written behind it. */
export function useBasemapVisibility(db: NrdDatabase): [Record<BasemapLayerId, boolean>, (id: BasemapLayerId, visible: boolean) => void] {
  const stored = useLiveQuery(() => getSetting<Partial<Record<BasemapLayerId, boolean>>>(db, BASEMAP_VISIBILITY), [db]);
  const [shown, setShown] = useState<Partial<Record<BasemapLayerId, boolean>>>({});
  const visible = { ...ALL_BASEMAP_VISIBLE, ...stored, ...shown };
  const toggle = (id: BasemapLayerId, value: boolean) => {
    setShown((current) => ({ ...current, [id]: value }));
    void setSetting(db, BASEMAP_VISIBILITY, { ...stored, ...shown, [id]: value });
  };
  return [visible, toggle];
}

/**
 * blob: URLs of each layer's GeoJSON for the map, made once per layer in the worker (a million points
 * would stall the page if written out here) and released when the layer goes.
 */
export function useLayerDataUrls(db: NrdDatabase, layers: Layer[]): Record<string, string> {
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<{ error: unknown }>();
  const layerIds = layers.map((layer) => layer.id).join(',');

  useEffect(() => {
    let cancelled = false;
    const made: string[] = [];
    for (const layer of layers) {
      (async () => {
        const data = await readLayerData(db, layer);
        const blob =
          data.kind === 'points'
            ? await layerWorker().pointLayerBlob(data.columns)
            : new Blob([JSON.stringify(data.features)], { type: 'application/geo+json' });
        if (cancelled) return;
        const url = URL.createObjectURL(blob);
        made.push(url);
        setUrls((current) => ({ ...current, [layer.id]: url }));
      })().catch((error: unknown) => !cancelled && setFailure({ error }));
    }
    return () => {
      cancelled = true;
      made.forEach((url) => URL.revokeObjectURL(url));
      setUrls({});
    };
    // Layer data never changes in place, so only a change in the set of layers calls for new URLs.
  }, [db, layerIds]);
  // Unreadable stored data goes to the error boundary and its recovery screen.
  if (failure) throw failure.error;
  return urls;
}
