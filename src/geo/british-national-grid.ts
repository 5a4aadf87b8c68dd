import proj4 from 'proj4';

/**
 * OSGB36 / British National Grid with the OS 7-parameter Helmert shift to WGS84. The Helmert shift is
 * good to about 5 m across GB (OSTN15 would be better than 0.1 m but is a 15 MB grid); camera ranges
 * are tens to hundreds of metres, so 5 m is within what a position on a road can be placed to.
 */
const BNG =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';
const toBng = proj4('WGS84', BNG);

export interface GridPosition {
  easting: number;
  northing: number;
}
export interface LonLat {
  lon: number;
  lat: number;
}

export function wgs84ToBng({ lon, lat }: LonLat): GridPosition {
  const [easting, northing] = toBng.forward([lon, lat]) as [number, number];
  return { easting, northing };
}

export function bngToWgs84({ easting, northing }: GridPosition): LonLat {
  const [lon, lat] = toBng.inverse([easting, northing]) as [number, number];
  return { lon, lat };
}

/** The extent of the OS National Grid (its 100 km squares), used to tell BNG metres from degrees. */
export function isWithinNationalGrid({ easting, northing }: GridPosition): boolean {
  return easting >= 0 && easting <= 700_000 && northing >= 0 && northing <= 1_300_000;
}

/**
 * Grid convergence: the angle, clockwise, from grid north to true north at a point, in degrees.
 * A compass bearing becomes a grid bearing by adding it (about +0.3 degrees at Bath, up to
 * 4 degrees at the edges of the grid).
 */
export function gridConvergenceDegrees(at: LonLat): number {
  const here = wgs84ToBng(at);
  const north = wgs84ToBng({ lon: at.lon, lat: at.lat + 0.001 });
  return (Math.atan2(north.easting - here.easting, north.northing - here.northing) * 180) / Math.PI;
}
