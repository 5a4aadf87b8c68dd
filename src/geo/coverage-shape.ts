import type { Polygon } from 'geojson';
import { bngToWgs84, gridConvergenceDegrees, wgs84ToBng } from './british-national-grid.ts';
import { coverageArea, coverageRing, type CoverageGeometry } from './coverage-area.ts';
import type { Site } from '../domain/site.ts';

export type { CoverageGeometry };

/**
 * The coverage as the map draws it: the grid-metre ring of `coverageRing` (the area the figures are
 * counted in) turned into WGS84, so the drawn shape and the counted area are the same.
 */
export function coverageShape(site: CoverageGeometry): Polygon {
  const area = coverageArea(site);
  const ring = coverageRing(area).map(([easting, northing]): [number, number] => {
    const { lon, lat } = bngToWgs84({ easting, northing });
    return [lon, lat];
  });
  // The apex exactly where the site is, not where the round trip through the grid puts it.
  if (area.sector) ring[0] = [site.lon, site.lat];
  ring.push(ring[0]!);
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
