import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Layer } from '../domain/layer.ts';
import type { PointColumns } from '../domain/point-columns.ts';
import type { LayerData } from '../domain/layer-data.ts';
import type { PointFilter } from '../analysis/point-filter.ts';
import type { NrdDatabase } from '../store/database.ts';
import { getSetting, readActiveWorkspace, readLayerData, setSetting, updateLayerDisplay, type LayerDisplay, type WorkspaceView } from '../store/workspace-store.ts';
import { layerWorker } from '../workers/layer-worker-client.ts';
import { BASEMAP_LAYERS, type BasemapLayerId } from '../map/map-style.ts';

/**
 * The active workspace, kept live: any write (in this tab or another) re-reads it. Every live query's
 * querier here is an async function: Dexie follows native awaits only in a querier it can see is async,
 * and one that merely returns an async function's promise leaks its zone into later writes, whose
 * changes other live queries then miss (found with a site written together with a procedure record;
 * record-store.test.ts keeps the case).
 */
export function useActiveWorkspace(db: NrdDatabase): WorkspaceView | undefined {
  return useLiveQuery(async () => readActiveWorkspace(db), [db]);
}

const BASEMAP_VISIBILITY = 'basemapVisible';
const ALL_BASEMAP_VISIBLE = Object.fromEntries(BASEMAP_LAYERS.map((layer) => [layer.id, true])) as Record<BasemapLayerId, boolean>;

/** Layers as stored, with this tab's display edits (visibility, style) shown at once while they are written behind. */
export function useLayerDisplay(db: NrdDatabase, stored: Layer[] | undefined): [Layer[], (id: string, display: LayerDisplay) => void] {
  const [edits, setEdits] = useState<Record<string, LayerDisplay>>({});
  const layers = useMemo(() => (stored ?? []).map((layer) => ({ ...layer, ...edits[layer.id] })), [stored, edits]);
  const edit = (id: string, display: LayerDisplay) => {
    setEdits((current) => ({ ...current, [id]: { ...current[id], ...display } }));
    void updateLayerDisplay(db, id, display);
  };
  return [layers, edit];
}

/** Basemap layer visibility, stored per browser; a toggle shows at once and is written behind it. */
export function useBasemapVisibility(db: NrdDatabase): [Record<BasemapLayerId, boolean>, (id: BasemapLayerId, visible: boolean) => void] {
  const stored = useLiveQuery(async () => getSetting<Partial<Record<BasemapLayerId, boolean>>>(db, BASEMAP_VISIBILITY), [db]);
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
export interface LoadedLayerData {
  /** blob: URLs of the GeoJSON MapLibre draws, by layer id. */
  urls: Record<string, string>;
  /** Point layers' columns, by layer id, for counts that follow the filters. */
  points: Record<string, PointColumns>;
  /** Every layer's stored data (with a point layer's spatial index), by layer id, for the analysis. */
  data: Record<string, LayerData>;
}

/**
 * blob: URLs of each layer's GeoJSON for MapLibre, made in the worker (a million points would stall
 * the page). A layer is read once; a point layer is written out again only when its filter changes.
 */
export function useLayerData(db: NrdDatabase, layers: Layer[], filters: Record<string, PointFilter>): LoadedLayerData {
  const [loaded, setLoaded] = useState<LoadedLayerData>({ urls: {}, points: {}, data: {} });
  const [failure, setFailure] = useState<{ error: unknown }>();
  const read = useRef(new Map<string, Promise<LayerData>>());
  /** The filter each layer's URL was (or is being) made for, by layer id. */
  const requested = useRef(new Map<string, string>());
  const filterKey = (layer: Layer) => (layer.geometry === 'point' ? JSON.stringify(filters[layer.id] ?? null) : '');
  const wanted = layers.map((layer) => `${layer.id}:${filterKey(layer)}`).join(',');

  useEffect(() => {
    const ids = new Set(layers.map((layer) => layer.id));
    for (const layer of layers) {
      const key = filterKey(layer);
      if (requested.current.get(layer.id) === key) continue;
      requested.current.set(layer.id, key);
      (async () => {
        if (!read.current.has(layer.id)) read.current.set(layer.id, readLayerData(db, layer));
        const data = await read.current.get(layer.id)!;
        const blob =
          data.kind === 'points'
            ? await layerWorker().pointLayerBlob(data.columns, filters[layer.id] ?? null)
            : new Blob([JSON.stringify(data.features)], { type: 'application/geo+json' });
        if (requested.current.get(layer.id) !== key) return; // superseded by a newer filter, or removed
        const url = URL.createObjectURL(blob);
        setLoaded((current) => ({
          urls: { ...current.urls, [layer.id]: url },
          points: data.kind === 'points' ? { ...current.points, [layer.id]: data.columns } : current.points,
          data: current.data[layer.id] === data ? current.data : { ...current.data, [layer.id]: data },
        }));
      })().catch((error: unknown) => setFailure({ error }));
    }
    const gone = [...requested.current.keys()].filter((id) => !ids.has(id));
    gone.forEach((id) => {
      requested.current.delete(id);
      read.current.delete(id);
    });
    if (gone.length > 0) {
      const keep = <T,>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id)));
      setLoaded((current) => ({ urls: keep(current.urls), points: keep(current.points), data: keep(current.data) }));
    }
  }, [db, wanted]);

  // Revoke a URL once MapLibre has moved on to its successor; a moment later, as it may still be reading it.
  const previous = useRef<Record<string, string>>({});
  useEffect(() => {
    const stale = Object.entries(previous.current).filter(([id, url]) => loaded.urls[id] !== url).map(([, url]) => url);
    previous.current = loaded.urls;
    if (stale.length > 0) setTimeout(() => stale.forEach((url) => URL.revokeObjectURL(url)), 10_000);
  }, [loaded.urls]);

  // Unreadable stored data goes to the error boundary and its recovery screen.
  if (failure) throw failure.error;
  return loaded;
}

const USER_NAME = 'userName';

/** The name recorded against lifecycle changes: entered once, then offered every time. */
export function useUserName(db: NrdDatabase): [string, (name: string) => void] {
  const stored = useLiveQuery(async () => getSetting<string>(db, USER_NAME), [db]);
  const save = (name: string) => {
    if (name.trim() && name.trim() !== stored) void setSetting(db, USER_NAME, name.trim());
  };
  return [stored ?? '', save];
}
