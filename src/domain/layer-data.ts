import type { FeatureCollection } from 'geojson';
import type { PointColumns } from './point-columns.ts';

/** A layer's data: points as columns, or shapes (boundaries, LSOAs) as GeoJSON features. */
export type LayerData =
  | {
      kind: 'points';
      columns: PointColumns;
      /** The layer's spatial index (geo/point-index.ts); absent for layers stored before schema 2, rebuilt when wanted. */
      index?: ArrayBuffer;
    }
  | { kind: 'features'; features: FeatureCollection };
