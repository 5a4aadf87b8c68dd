import * as Comlink from 'comlink';
import { pointColumnsToGeoJsonText } from '../geo/point-features.ts';
import type { PointColumns } from '../domain/point-columns.ts';

/** Preparing a layer for the map off the main thread: 10^6 points of GeoJSON text would stall the page. */
const layerWorker = {
  pointLayerBlob(columns: PointColumns, propertyColumns: string[]): Blob {
    return new Blob([pointColumnsToGeoJsonText(columns, propertyColumns)], { type: 'application/geo+json' });
  },
};
export type LayerWorker = typeof layerWorker;

Comlink.expose(layerWorker);
