import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { coverageShape } from '../geo/coverage-shape.ts';

/** What the placement optimiser draws over the map: its area, the corners being drawn, candidates and suggestions. */
export interface PlacementOverlay {
  area: Polygon | MultiPolygon | null;
  /** Corners of an area being drawn, in order. */
  drawing: { lon: number; lat: number }[];
  candidates: { lon: number; lat: number; excluded: boolean }[];
  /** In rank order; each drawn with the circle it was counted with. */
  suggestions: { rank: number; lon: number; lat: number; rangeMetres: number }[];
}

/** Suggestions are green: not yet a site (orange) nor a camera in use (blue). */
export const SUGGESTION_COLOUR = '#1b7837';
const AREA_COLOUR = '#8c510a';

const collection = <G extends FeatureCollection['features'][number]['geometry']>(features: { geometry: G; properties: Record<string, unknown> }[]): FeatureCollection<G> => ({
  type: 'FeatureCollection',
  features: features.map((f) => ({ type: 'Feature', ...f })),
});

const point = (lon: number, lat: number): Point => ({ type: 'Point', coordinates: [lon, lat] });

/** The overlay's sources and layers, drawn above the sites so that suggestions are never hidden. */
export function placementLayers(overlay: PlacementOverlay): { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } {
  const corners = overlay.drawing.map(({ lon, lat }) => [lon, lat]);
  const sources: Record<string, SourceSpecification> = {
    'placement-area': { type: 'geojson', data: collection(overlay.area ? [{ geometry: overlay.area, properties: {} }] : []) },
    'placement-drawing': {
      type: 'geojson',
      data: {
        type: 'FeatureCollection',
        features: [
          ...(corners.length > 1 ? [{ type: 'Feature' as const, properties: {}, geometry: { type: 'LineString' as const, coordinates: corners } }] : []),
          ...overlay.drawing.map(({ lon, lat }) => ({ type: 'Feature' as const, properties: {}, geometry: point(lon, lat) })),
        ],
      },
    },
    'placement-candidates': { type: 'geojson', data: collection(overlay.candidates.map(({ lon, lat, excluded }) => ({ geometry: point(lon, lat), properties: { excluded } }))) },
    'placement-suggestion-coverage': {
      type: 'geojson',
      data: collection(
        overlay.suggestions.map(({ rank, lon, lat, rangeMetres }) => ({
          geometry: coverageShape({ lon, lat, bearingDegrees: null, rangeMetres, fieldOfViewDegrees: 360 }),
          properties: { rank },
        })),
      ),
    },
    'placement-suggestions': { type: 'geojson', data: collection(overlay.suggestions.map(({ rank, lon, lat }) => ({ geometry: point(lon, lat), properties: { rank } }))) },
  };
  const layers: LayerSpecification[] = [
    { id: 'placement-area-fill', type: 'fill', source: 'placement-area', paint: { 'fill-color': AREA_COLOUR, 'fill-opacity': 0.06 } },
    { id: 'placement-area-line', type: 'line', source: 'placement-area', paint: { 'line-color': AREA_COLOUR, 'line-width': 2.5, 'line-dasharray': [3, 2] } },
    { id: 'placement-drawing-line', type: 'line', source: 'placement-drawing', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': AREA_COLOUR, 'line-width': 2 } },
    {
      id: 'placement-drawing-corners',
      type: 'circle',
      source: 'placement-drawing',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-color': '#ffffff', 'circle-radius': 4, 'circle-stroke-color': AREA_COLOUR, 'circle-stroke-width': 2 },
    },
    {
      id: 'placement-candidates',
      type: 'circle',
      source: 'placement-candidates',
      paint: {
        'circle-color': ['case', ['get', 'excluded'], '#b2182b', '#4d4d4d'],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 1.2, 16, 3.5],
        'circle-opacity': 0.7,
      },
    },
    { id: 'placement-suggestion-coverage-fill', type: 'fill', source: 'placement-suggestion-coverage', paint: { 'fill-color': SUGGESTION_COLOUR, 'fill-opacity': 0.25 } },
    { id: 'placement-suggestion-coverage-line', type: 'line', source: 'placement-suggestion-coverage', paint: { 'line-color': SUGGESTION_COLOUR, 'line-width': 2 } },
    {
      id: 'placement-suggestions',
      type: 'circle',
      source: 'placement-suggestions',
      paint: { 'circle-color': SUGGESTION_COLOUR, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
  ];
  return { sources, layers };
}
