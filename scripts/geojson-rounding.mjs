// Coordinate rounding and small planar geometry helpers shared by build-basemap.mjs and
// build-sample.mjs. Both scripts must round and rewind GeoJSON the same way so that their outputs
// stay byte-identical from run to run; keeping one copy here stops the two drifting apart.
// Plain Node ESM, no dependencies. Coordinates are WGS84 [lon, lat] treated as planar.

/** Twice-area below which a rounded ring counts as collapsed (1e-10 deg² is under 1 m² in the UK). */
const ZERO_AREA2 = 1e-10;

/** Rounds to `dp` decimal places; -0 becomes 0 so that it never serialises as "-0". */
export function roundTo(value, dp) {
  const f = 10 ** dp;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** Rounds every position and drops consecutive duplicates that rounding creates. */
export function roundLine(coords, dp) {
  const out = [];
  for (const c of coords) {
    const p = [roundTo(c[0], dp), roundTo(c[1], dp)];
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    out.push(p);
  }
  return out;
}

/** Twice the signed planar area (lon/lat) of a closed ring; positive = counter-clockwise. */
export function signedArea2(ring) {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return s;
}

/**
 * Rounds a ring, keeps it closed and winds it the RFC 7946 way (exterior counter-clockwise, holes
 * clockwise). Returns null when rounding collapses it: fewer than 4 positions, or (practically) zero
 * area, which is a degenerate spike left by quantisation/rounding.
 */
export function roundRing(ring, dp, exterior) {
  const r = roundLine(ring, dp);
  if (r.length > 1) {
    const a = r[0];
    const b = r[r.length - 1];
    if (a[0] !== b[0] || a[1] !== b[1]) r.push([a[0], a[1]]);
  }
  if (r.length < 4) return null;
  const area = signedArea2(r);
  if (Math.abs(area) < ZERO_AREA2) return null;
  if ((exterior && area < 0) || (!exterior && area > 0)) r.reverse();
  return r;
}

/**
 * Rounds an array of polygons (each an array of rings). A polygon whose exterior collapses is dropped
 * with its holes; a collapsed hole is dropped alone. Every dropped ring is counted in
 * `stats.droppedRings` so the scripts can report it.
 */
export function roundPolygons(polygons, dp, stats) {
  const out = [];
  for (const poly of polygons) {
    const ext = roundRing(poly[0], dp, true);
    if (!ext) {
      stats.droppedRings += poly.length;
      continue;
    }
    const rings = [ext];
    for (const hole of poly.slice(1)) {
      const h = roundRing(hole, dp, false);
      if (h) rings.push(h);
      else stats.droppedRings += 1;
    }
    out.push(rings);
  }
  return out;
}

/** The polygons of a Polygon or MultiPolygon geometry (none for a null geometry); throws on any other type. */
export function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  throw new Error(`expected a polygon geometry, got ${geometry.type}`);
}

/** The smallest geometry for a list of polygons: null, a Polygon, or a MultiPolygon. */
export function polygonGeometry(polys) {
  if (polys.length === 0) return null;
  return polys.length === 1
    ? { type: 'Polygon', coordinates: polys[0] }
    : { type: 'MultiPolygon', coordinates: polys };
}

/** Rounds a Polygon/MultiPolygon geometry; null when every part collapses. */
export function roundPolygonGeometry(geometry, dp, stats) {
  return polygonGeometry(roundPolygons(polygonsOf(geometry), dp, stats));
}

/** Even-odd ray-casting test of a point against one ring. */
export function pointInRing(x, y, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when the point is inside the polygon's exterior ring and in none of its holes. */
export function pointInPolygon(x, y, poly) {
  if (!pointInRing(x, y, poly[0])) return false;
  for (let k = 1; k < poly.length; k++) if (pointInRing(x, y, poly[k])) return false;
  return true;
}
