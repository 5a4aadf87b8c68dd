import { Map as MapLibreMap, type LngLatBoundsLike } from 'maplibre-gl';
import { coverageShape } from '../geo/coverage-shape.ts';
import type { Site } from '../domain/site.ts';
import { buildMapStyle, type MapState } from './map-style.ts';

/** Longest a snapshot waits for its tiles and layers before it is taken as it stands. */
const IDLE_TIMEOUT_MS = 20_000;

/** The box round a site's coverage, in degrees, with its position in it. */
export function coverageBounds(site: Site): LngLatBoundsLike {
  const ring = coverageShape(site).coordinates[0]!;
  const lons = [site.lon, ...ring.map(([lon]) => lon!)];
  const lats = [site.lat, ...ring.map(([, lat]) => lat!)];
  return [
    [Math.min(...lons), Math.min(...lats)],
    [Math.max(...lons), Math.max(...lats)],
  ];
}

/**
 * A picture of the map round `bounds` as a PNG data URL, drawn by a map of its own off screen from the
 * same style as the workspace map: for a printed evidence pack, which cannot hold a live WebGL map.
 */
export async function mapSnapshot(state: MapState, bounds: LngLatBoundsLike, size: { width: number; height: number }): Promise<string> {
  const container = document.createElement('div');
  Object.assign(container.style, { position: 'fixed', left: '-20000px', top: '0', width: `${size.width}px`, height: `${size.height}px` });
  document.body.append(container);
  const map = new MapLibreMap({
    container,
    style: buildMapStyle(state),
    bounds,
    fitBoundsOptions: { padding: 40, maxZoom: 17.5 },
    interactive: false,
    attributionControl: false,
    // The picture is read back from the canvas after it is drawn.
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, IDLE_TIMEOUT_MS);
      map.once('idle', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return map.getCanvas().toDataURL('image/png');
  } finally {
    map.remove();
    container.remove();
  }
}
