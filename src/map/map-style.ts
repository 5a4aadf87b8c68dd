import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';
import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import type { Layer } from '../domain/layer.ts';
import type { Site } from '../domain/site.ts';
import { aimPoint, coverageShape, type CoverageGeometry } from '../geo/coverage-shape.ts';
import { placementLayers, type PlacementOverlay } from './placement-style.ts';

export const BASEMAP_LAYERS = [
  { id: 'regions', label: 'Regions (ONS NUTS1)' },
  { id: 'force-areas', label: 'Police force areas' },
  { id: 'roads', label: 'Roads (OS, Bath & NE Somerset)' },
  { id: 'rail', label: 'Railways (OS, Bath & NE Somerset)' },
] as const;
export type BasemapLayerId = (typeof BASEMAP_LAYERS)[number]['id'];

const ONS_ATTRIBUTION = 'Boundaries: Source: Office for National Statistics licensed under the Open Government Licence v.3.0; contains OS data © Crown copyright and database right';
const OS_ATTRIBUTION = 'Roads and railways: Contains OS data © Crown copyright and database right 2017 (OGL v3), powered by Bath: Hacked';

export const SITE_COLOURS = {
  existing: '#1f5fbf',
  proposed: '#c45000',
  decommissioned: '#7a7a7a',
  selected: '#111111',
} as const;

/** Residents per km², the steps of the population choropleth and its legend. */
export const POPULATION_DENSITY_STEPS = [
  { from: 0, colour: '#f2f0f7' },
  { from: 500, colour: '#cbc9e2' },
  { from: 2000, colour: '#9e9ac8' },
  { from: 5000, colour: '#756bb1' },
  { from: 10000, colour: '#54278f' },
] as const;

export interface MapLayerState {
  layer: Layer;
  /** Where MapLibre loads the layer's GeoJSON from (a blob: URL made from the stored data); null while loading. */
  dataUrl: string | null;
}

export interface MapState {
  /** Absolute URL the bundled basemap files are served under, ending in '/'. */
  basemapUrl: string;
  basemapVisible: Record<BasemapLayerId, boolean>;
  layers: MapLayerState[];
  sites: Site[];
  sitesVisible: boolean;
  selectedSiteId: string | null;
  /** The placement optimiser's area, candidates and suggestions, while it is open. */
  placement?: PlacementOverlay | null;
}

const visibility = (visible: boolean) => ({ visibility: visible ? ('visible' as const) : ('none' as const) });

function siteColour(): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'status'], 'decommissioned'],
    SITE_COLOURS.decommissioned,
    ['==', ['get', 'kind'], 'existing'],
    SITE_COLOURS.existing,
    SITE_COLOURS.proposed,
  ];
}

/**
 * Coverage shapes by site id, with the geometry they were built from: a register of thousands is
 * re-read whole after every edit, but only the edited site needs its shape built again.
 */
const shapeCache = new Map<string, { key: string; shape: Polygon }>();

function cachedCoverageShape(site: Site): Polygon {
  const geometry: CoverageGeometry = { lon: site.lon, lat: site.lat, bearingDegrees: site.bearingDegrees, rangeMetres: site.rangeMetres, fieldOfViewDegrees: site.fieldOfViewDegrees };
  const key = JSON.stringify(geometry);
  const cached = shapeCache.get(site.id);
  if (cached?.key === key) return cached.shape;
  const shape = coverageShape(geometry);
  shapeCache.set(site.id, { key, shape });
  return shape;
}

const siteProperties = (site: Site) => ({ siteId: site.id, reference: site.reference, kind: site.kind, status: site.status });

export function siteSectors(sites: Site[]): FeatureCollection<Polygon> {
  return {
    type: 'FeatureCollection',
    features: sites.map((site) => ({ type: 'Feature', geometry: cachedCoverageShape(site), properties: siteProperties(site) })),
  };
}

function sitePositions(sites: Site[]): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: sites.map((site) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [site.lon, site.lat] }, properties: siteProperties(site) })),
  };
}

/** The line from the selected site to its aim handle, along its bearing. */
function aimLine(site: Site | undefined): FeatureCollection<LineString> {
  if (!site || site.bearingDegrees === null) return { type: 'FeatureCollection', features: [] };
  const end = aimPoint(site);
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[site.lon, site.lat], [end.lon, end.lat]] }, properties: {} }],
  };
}

/** The offline basemap's sources and layers (land, regions, force areas, roads, rail), for any style built on it. */
export function basemap(base: string, visible: Record<BasemapLayerId, boolean>) {
  const sources: Record<string, SourceSpecification> = {
    'basemap-outline': { type: 'geojson', data: `${base}uk-outline.geojson`, attribution: ONS_ATTRIBUTION },
    'basemap-regions': { type: 'geojson', data: `${base}regions.geojson` },
    'basemap-force-areas': { type: 'geojson', data: `${base}police-force-areas.geojson` },
    'basemap-roads': { type: 'geojson', data: `${base}local-roads.geojson`, attribution: OS_ATTRIBUTION },
    'basemap-rail': { type: 'geojson', data: `${base}local-rail.geojson` },
  };
  // OS classes come with suffixes such as "A Road, Collapsed Dual Carriageway".
  const majorRoad: ExpressionSpecification = ['any', ...['Motorway', 'Primary Road', 'A Road'].map((c): ExpressionSpecification => ['in', c, ['get', 'class']])];
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#c6dbe9' } },
    { id: 'basemap-land', type: 'fill', source: 'basemap-outline', paint: { 'fill-color': '#f3f1ea' } },
    {
      id: 'basemap-regions',
      type: 'line',
      source: 'basemap-regions',
      layout: visibility(visible.regions),
      paint: { 'line-color': '#8c8c8c', 'line-width': 1.2 },
    },
    {
      id: 'basemap-roads-minor',
      type: 'line',
      source: 'basemap-roads',
      minzoom: 12,
      filter: ['!', majorRoad],
      layout: { ...visibility(visible.roads), 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#d6d1c4', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.5, 16, 4] },
    },
    {
      id: 'basemap-roads-major',
      type: 'line',
      source: 'basemap-roads',
      minzoom: 8,
      filter: majorRoad,
      layout: { ...visibility(visible.roads), 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#e3a23b', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 16, 7] },
    },
    {
      id: 'basemap-rail',
      type: 'line',
      source: 'basemap-rail',
      minzoom: 9,
      layout: visibility(visible.rail),
      paint: { 'line-color': '#6f6f6f', 'line-width': 1.2, 'line-dasharray': [3, 2] },
    },
    {
      id: 'basemap-force-areas',
      type: 'line',
      source: 'basemap-force-areas',
      layout: visibility(visible['force-areas']),
      paint: { 'line-color': '#5b4a8b', 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.8, 12, 2.5], 'line-dasharray': [4, 2] },
    },
  ];
  return { sources, layers };
}

function populationDensityColour(): DataDrivenPropertyValueSpecification<string> {
  const density: ExpressionSpecification = ['/', ['to-number', ['get', 'population'], 0], ['max', ['to-number', ['get', 'areaSqKm'], 1], 0.0001]];
  const [first, ...rest] = POPULATION_DENSITY_STEPS;
  return ['step', density, first.colour, ...rest.flatMap((step) => [step.from, step.colour])] as ExpressionSpecification;
}

/** MapLibre layers for one imported overlay; its id prefix lets the map find them for visibility and clicks. */
function overlayLayers({ layer }: MapLayerState, sourceId: string): LayerSpecification[] {
  const { colour, opacity, size } = layer.style;
  const layout = visibility(layer.visible);
  const id = `layer-${layer.id}`;
  // Point layers arrive one feature per position, weighted by the points standing there (countByPosition).
  const points: ExpressionSpecification = ['to-number', ['get', 'points'], 1];
  if (layer.geometry === 'point' && layer.kind === 'crime') {
    // A heat map reads at force scale; single crimes appear as the user zooms in to street level.
    return [
      {
        id: `${id}-heat`,
        type: 'heatmap',
        source: sourceId,
        maxzoom: 15,
        layout,
        paint: {
          // One crime weighs 1; a busy map point grows with the log of its crimes, so that it reads as hot
          // without burning out the area around it. Fainter at force scale, where thousands overlap.
          'heatmap-weight': ['/', ['ln', ['+', 1, points]], Math.LN2],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 6, 0.25, 11, 1],
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 6, 4, 14, 18],
          'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], 12, opacity, 15, 0],
          'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], 0, 'rgba(255,255,255,0)', 0.2, '#fee391', 0.5, '#fe9929', 0.8, '#ec7014', 1, colour],
        },
      },
      {
        id: `${id}-points`,
        type: 'circle',
        source: sourceId,
        minzoom: 12,
        layout,
        paint: {
          'circle-color': colour,
          // Area grows with the number of crimes at the point: radius with its square root.
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['*', ['sqrt', points], size * 0.6], 17, ['*', ['sqrt', points], size * 2]],
          'circle-opacity': ['interpolate', ['linear'], ['zoom'], 12, 0, 13, opacity],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 0.5,
        },
      },
    ];
  }
  if (layer.geometry === 'point') {
    return [{ id: `${id}-points`, type: 'circle', source: sourceId, layout, paint: { 'circle-color': colour, 'circle-opacity': opacity, 'circle-radius': ['*', ['sqrt', points], size], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } }];
  }
  if (layer.geometry === 'line') {
    return [{ id: `${id}-lines`, type: 'line', source: sourceId, layout, paint: { 'line-color': colour, 'line-opacity': opacity, 'line-width': size } }];
  }
  if (layer.kind === 'population') {
    return [
      { id: `${id}-fill`, type: 'fill', source: sourceId, layout, paint: { 'fill-color': populationDensityColour(), 'fill-opacity': opacity } },
      { id: `${id}-outline`, type: 'line', source: sourceId, minzoom: 10, layout, paint: { 'line-color': '#ffffff', 'line-width': 0.5, 'line-opacity': opacity } },
    ];
  }
  if (layer.kind === 'boundary') {
    return [{ id: `${id}-outline`, type: 'line', source: sourceId, layout, paint: { 'line-color': colour, 'line-width': size, 'line-opacity': opacity } }];
  }
  return [
    { id: `${id}-fill`, type: 'fill', source: sourceId, layout, paint: { 'fill-color': colour, 'fill-opacity': opacity * 0.4 } },
    { id: `${id}-outline`, type: 'line', source: sourceId, layout, paint: { 'line-color': colour, 'line-width': 1.5, 'line-opacity': opacity } },
  ];
}

/** Polygons first, then lines, then points, so nothing large hides something small. */
const DRAW_ORDER: Record<Layer['geometry'], number> = { polygon: 0, line: 1, point: 2 };

/**
 * The whole map as data: basemap, overlays and NRD sites with their coverage, derived from app state.
 * Everything it references is on this origin (basemap files) or in this browser (blob: URLs); it names
 * no glyphs or sprite, so MapLibre never asks for a font. Labels are drawn as HTML by the map view.
 */
export function buildMapStyle(state: MapState): StyleSpecification {
  const { sources, layers } = basemap(state.basemapUrl, state.basemapVisible);
  const overlays = [...state.layers].sort((a, b) => DRAW_ORDER[a.layer.geometry] - DRAW_ORDER[b.layer.geometry]);
  for (const overlay of overlays) {
    const { layer, dataUrl } = overlay;
    if (dataUrl === null) continue;
    const sourceId = `layer-${layer.id}`;
    const attribution = [...new Set(layer.sourceFiles.map((f) => f.attribution).filter(Boolean))].join('; ');
    sources[sourceId] = { type: 'geojson', data: dataUrl, ...(attribution ? { attribution } : {}) };
    layers.push(...overlayLayers(overlay, sourceId));
  }

  // The selected site has sources of its own: dragging it rewrites a few vertices, not every site's.
  const selected = state.sites.find((site) => site.id === state.selectedSiteId);
  const others = selected ? state.sites.filter((site) => site !== selected) : state.sites;
  sources['site-sectors'] = { type: 'geojson', data: siteSectors(others) };
  sources['site-positions'] = { type: 'geojson', data: sitePositions(others) };
  sources['selected-site-sectors'] = { type: 'geojson', data: siteSectors(selected ? [selected] : []) };
  sources['selected-site-positions'] = { type: 'geojson', data: sitePositions(selected ? [selected] : []) };
  sources['selected-site-aim'] = { type: 'geojson', data: aimLine(selected) };
  const layout = visibility(state.sitesVisible);
  layers.push(...siteLayers('site', layout, false), ...siteLayers('selected-site', layout, true));
  layers.push({
    id: 'selected-site-aim',
    type: 'line',
    source: 'selected-site-aim',
    layout,
    paint: { 'line-color': SITE_COLOURS.selected, 'line-width': 1.5, 'line-dasharray': [1, 1.5] },
  });
  if (state.placement) {
    const placement = placementLayers(state.placement);
    Object.assign(sources, placement.sources);
    layers.push(...placement.layers);
  }
  return { version: 8, name: 'NRD Planner', sources, layers };
}

/** The MapLibre layers a click can pick a site from. */
export const SITE_LAYER_IDS = ['site-positions', 'site-sectors-fill', 'selected-site-positions', 'selected-site-sectors-fill'];

/** Coverage and position layers of one set of sites: all the others, or the selected one drawn over them. */
function siteLayers(prefix: 'site' | 'selected-site', layout: ReturnType<typeof visibility>, selected: boolean): LayerSpecification[] {
  const outlineColour = selected ? SITE_COLOURS.selected : siteColour();
  return [
    {
      id: `${prefix}-sectors-fill`,
      type: 'fill',
      source: `${prefix}-sectors`,
      layout,
      paint: { 'fill-color': siteColour(), 'fill-opacity': selected ? 0.5 : 0.3 },
    },
    {
      id: `${prefix}-sectors-outline-existing`,
      type: 'line',
      source: `${prefix}-sectors`,
      filter: ['==', ['get', 'kind'], 'existing'],
      layout,
      paint: { 'line-color': outlineColour, 'line-width': selected ? 3 : 1.5 },
    },
    {
      // Proposed sites are dashed: a plan, not a camera on a pole.
      id: `${prefix}-sectors-outline-proposed`,
      type: 'line',
      source: `${prefix}-sectors`,
      filter: ['==', ['get', 'kind'], 'proposed'],
      layout,
      paint: { 'line-color': outlineColour, 'line-width': selected ? 3 : 2, 'line-dasharray': [2, 1] },
    },
    {
      id: `${prefix}-positions`,
      type: 'circle',
      source: `${prefix}-positions`,
      layout,
      paint: {
        'circle-color': siteColour(),
        'circle-radius': selected ? 7 : 5,
        'circle-stroke-color': selected ? SITE_COLOURS.selected : '#ffffff',
        'circle-stroke-width': 2,
      },
    },
  ];
}
