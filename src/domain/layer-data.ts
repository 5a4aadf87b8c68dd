import type { FeatureCollection } from 'geojson';
import type { PointColumns } from './point-columns.ts';

/** A layer's data: points as columns, or shapes (boundaries, LSOAs) as GeoJSON features. */
export type LayerData = { kind: 'points'; columns: PointColumns } | { kind: 'features'; features: FeatureCollection };
