import type { Geometry, Position } from 'geojson';
import { wgs84ToBng } from './british-national-grid.ts';

/**
 * A GeoJSON geometry in British National Grid metres, the plane distances and areas are measured in.
 * Each part is a flat [x0, y0, x1, y1, ...] path; polygon rings are closed; points are one path of positions.
 */
export interface GridGeometry {
  geometry: 'point' | 'line' | 'polygon';
  /** Polygons: every ring of every polygon (outer and holes; even-odd decides inside). Lines: each line. */
  parts: Float64Array[];
}

function projectPath(positions: Position[], close: boolean): Float64Array {
  const n = positions.length;
  const closed = close && n > 0 && (positions[0]![0] !== positions[n - 1]![0] || positions[0]![1] !== positions[n - 1]![1]);
  const path = new Float64Array((n + (closed ? 1 : 0)) * 2);
  positions.forEach((position, i) => {
    const { easting, northing } = wgs84ToBng({ lon: position[0]!, lat: position[1]! });
    path[2 * i] = easting;
    path[2 * i + 1] = northing;
  });
  if (closed) {
    path[2 * n] = path[0]!;
    path[2 * n + 1] = path[1]!;
  }
  return path;
}

export function projectGeometry(geometry: Geometry | null): GridGeometry | null {
  switch (geometry?.type) {
    case 'Point':
      return { geometry: 'point', parts: [projectPath([geometry.coordinates], false)] };
    case 'MultiPoint':
      return { geometry: 'point', parts: [projectPath(geometry.coordinates, false)] };
    case 'LineString':
      return { geometry: 'line', parts: [projectPath(geometry.coordinates, false)] };
    case 'MultiLineString':
      return { geometry: 'line', parts: geometry.coordinates.map((line) => projectPath(line, false)) };
    case 'Polygon':
      return { geometry: 'polygon', parts: geometry.coordinates.map((ring) => projectPath(ring, true)) };
    case 'MultiPolygon':
      return { geometry: 'polygon', parts: geometry.coordinates.flatMap((polygon) => polygon.map((ring) => projectPath(ring, true))) };
    default:
      // No geometry, or a GeometryCollection (the GeoJSON import refuses them): nothing to measure.
      return null;
  }
}

/** Even-odd over all rings: a point in a hole is outside, in an island in the hole inside again. */
export function insideRings(parts: Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of parts) {
    for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
      const xi = ring[i]!;
      const yi = ring[i + 1]!;
      const xj = ring[j]!;
      const yj = ring[j + 1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** The bounding box [minX, minY, maxX, maxY] of flat [x0, y0, x1, y1, ...] paths. */
export function gridBounds(parts: readonly Float64Array[]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const part of parts) {
    for (let i = 0; i < part.length; i += 2) {
      minX = Math.min(minX, part[i]!);
      maxX = Math.max(maxX, part[i]!);
      minY = Math.min(minY, part[i + 1]!);
      maxY = Math.max(maxY, part[i + 1]!);
    }
  }
  return [minX, minY, maxX, maxY];
}
