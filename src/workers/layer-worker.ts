import * as Comlink from 'comlink';
import { pointColumnsToGeoJsonText } from '../geo/point-features.ts';
import { countByPosition } from '../analysis/point-aggregation.ts';
import type { PointFilter } from '../analysis/point-filter.ts';
import type { PointColumns } from '../domain/point-columns.ts';

/** Preparing a layer for the map off the main thread: 10^6 points would stall the page. */
const layerWorker = {
  /** One GeoJSON point per distinct position, weighted by the points there that pass the filter. */
  pointLayerBlob(columns: PointColumns, filter: PointFilter | null): Blob {
    const { columns: drawn } = countByPosition(columns, filter);
    return new Blob([pointColumnsToGeoJsonText(drawn, ['points'])], { type: 'application/geo+json' });
  },
};
export type LayerWorker = typeof layerWorker;

Comlink.expose(layerWorker);
