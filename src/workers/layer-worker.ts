import * as Comlink from 'comlink';
import { parsePoliceUkCsv } from '../io/police-uk-csv.ts';
import { parseGeoJson } from '../io/geojson.ts';
import { pointColumnsToGeoJsonText } from '../geo/point-features.ts';
import type { PointColumns } from '../domain/point-columns.ts';

function columnBuffers(columns: PointColumns): ArrayBuffer[] {
  const buffers: ArrayBufferLike[] = [columns.lon.buffer, columns.lat.buffer];
  for (const column of Object.values(columns.attributes)) {
    buffers.push(column.kind === 'dictionary' ? column.codes.buffer : column.values.buffer);
  }
  return buffers as ArrayBuffer[];
}

/** Parsing and rendering preparation off the main thread; columns come back as transferables, not copies. */
const layerWorker = {
  policeUkCsv(text: string, file: string) {
    const parsed = parsePoliceUkCsv(text, file);
    return Comlink.transfer(parsed, columnBuffers(parsed.columns));
  },
  geoJson(text: string, file: string) {
    return parseGeoJson(text, file);
  },
  pointLayerBlob(columns: PointColumns): Blob {
    return new Blob([pointColumnsToGeoJsonText(columns)], { type: 'application/geo+json' });
  },
};
export type LayerWorker = typeof layerWorker;

Comlink.expose(layerWorker);
