import type { Polygon } from 'geojson';
import { bngToWgs84, gridConvergenceDegrees, wgs84ToBng } from './british-national-grid.ts';
import type { Site } from '../domain/site.ts';

export type CoverageGeometry = Pick<Site, 'lon' | 'lat' | 'bearingDegrees' | 'rangeMetres' | 'fieldOfViewDegrees'>;

/** Vertices per full circle; a sector gets its share, never fewer than 8 along its arc. */
const STEPS_PER_CIRCLE = 72;

/**
 * The area an NRD reads: a sector of radius `rangeMetres` centred on its compass bearing, `fieldOfViewDegrees`
 * wide, or a circle when it has no bearing (or sees all round). Built in British National Grid metres,
 * the plane the coverage analysis counts in, so the drawn shape and the counted area are the same.
 */
export function coverageShape(site: CoverageGeometry): Polygon {
  const centre = wgs84ToBng(site);
  const isCircle = site.bearingDegrees === null || site.fieldOfViewDegrees >= 360;
  const spanDegrees = isCircle ? 360 : site.fieldOfViewDegrees;
  const startGridBearing = isCircle
    ? 0
    : (site.bearingDegrees as number) + gridConvergenceDegrees(site) - spanDegrees / 2;
  const steps = Math.max(8, Math.ceil((STEPS_PER_CIRCLE * spanDegrees) / 360));

  const ring: [number, number][] = [];
  if (!isCircle) ring.push([site.lon, site.lat]);
  const arcPoints = isCircle ? steps : steps + 1;
  for (let i = 0; i < arcPoints; i++) {
    const radians = ((startGridBearing + (spanDegrees * i) / steps) * Math.PI) / 180;
    const { lon, lat } = bngToWgs84({
      easting: centre.easting + site.rangeMetres * Math.sin(radians),
      northing: centre.northing + site.rangeMetres * Math.cos(radians),
    });
    ring.push([lon, lat]);
  }
  ring.push(ring[0] as [number, number]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** The point `rangeMetres` out along a site's bearing (north when it has none): where its aim handle sits. */
export function aimPoint(site: CoverageGeometry): { lon: number; lat: number } {
  const centre = wgs84ToBng(site);
  const radians = (((site.bearingDegrees ?? 0) + gridConvergenceDegrees(site)) * Math.PI) / 180;
  return bngToWgs84({ easting: centre.easting + site.rangeMetres * Math.sin(radians), northing: centre.northing + site.rangeMetres * Math.cos(radians) });
}

/** The compass bearing, 0 up to (not including) 360, from a site to a point: how a dragged aim handle turns it. */
export function bearingTowards(site: Pick<Site, 'lon' | 'lat'>, point: { lon: number; lat: number }): number {
  const from = wgs84ToBng(site);
  const to = wgs84ToBng(point);
  const gridBearing = (Math.atan2(to.easting - from.easting, to.northing - from.northing) * 180) / Math.PI;
  const bearing = (((gridBearing - gridConvergenceDegrees(site)) % 360) + 360) % 360;
  return bearing >= 360 ? 0 : bearing;
}
