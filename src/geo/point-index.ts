import KDBush from 'kdbush';
import type { PointColumns } from '../domain/point-columns.ts';
import { wgs84ToBng, type GridPosition } from './british-national-grid.ts';

/**
 * A point layer's spatial index: a static k-d tree (kdbush) of its rows in British National Grid
 * metres, the plane coverage and distances are counted in. Its ArrayBuffer is what is stored and
 * what crosses to and from workers; `KDBush.from` reopens it without copying.
 *
 * Precision: positions are Float64 metres from proj4's Helmert transformation, so two points' distance
 * is exact to well under a millimetre, and their absolute place good to about 5 m (as the BNG module says).
 * Rows without a finite position are indexed far outside the grid, so no query finds them.
 */
export function buildPointIndex(columns: PointColumns): ArrayBuffer {
  const index = new KDBush(columns.count, 64, Float64Array);
  for (let i = 0; i < columns.count; i++) {
    const lon = columns.lon[i]!;
    const lat = columns.lat[i]!;
    if (Number.isFinite(lon) && Number.isFinite(lat)) {
      const { easting, northing } = wgs84ToBng({ lon, lat });
      index.add(easting, northing);
    } else {
      index.add(-1e9, -1e9);
    }
  }
  return index.finish().data as ArrayBuffer;
}

/** Rows within `radiusMetres` of a grid position, in no particular order. */
export function rowsWithinMetres(indexData: ArrayBuffer, centre: GridPosition, radiusMetres: number): number[] {
  return KDBush.from(indexData).within(centre.easting, centre.northing, radiusMetres);
}
