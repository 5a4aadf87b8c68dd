import type { FeatureCollection, Point } from 'geojson';
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { isOperationalNrd } from '../procedure/lifecycle.ts';
import type { Site } from '../domain/site.ts';
import { basemap, siteSectors, type MapState } from './map-style.ts';

/**
 * The regional view's map as data: the offline basemap, then each loaded force's NRDs in use and
 * proposed sites with their coverage, coloured by force, and each force's gaps (uncovered hot spots)
 * as hollow rings in its colour, drawn between the coverage and the sites' dots. Like buildMapStyle it names no glyphs, sprite or remote source.
 */

/**
 * Okabe and Ito's palette (Color Universal Design, 2008), ordered so the first forces get the colours
 * that stand out most on the pale basemap. Its colours stay apart under protanopia, deuteranopia and
 * tritanopia (the style test checks them in CIELAB under each, simulated).
 */
export const FORCE_PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

export interface RegionalMapForce {
  /** The workspace the force's sites carry as their workspaceId. */
  workspaceId: string;
  name: string;
  colour: string;
}

export interface RegionalMapGap {
  workspaceId: string;
  /** The hot spot's id (its LSOA code or grid square). */
  id: string;
  lon: number;
  lat: number;
  crimes: number;
}

/**
 * What the regional map draws. `sites` are the loaded forces' NRDs in use and proposed sites
 * (isRegionalSite), each finding its force by its workspaceId; the map view labels them. `layers` and
 * `selectedSiteId` are not drawn: the regional view has no overlays and no editing.
 */
export interface RegionalMapState extends MapState {
  forces: RegionalMapForce[];
  gaps: RegionalMapGap[];
}

export const REGIONAL_SOURCES = { sectors: 'regional-sectors', positions: 'regional-positions', gaps: 'regional-gaps' } as const;

/** Grey for anything whose force is not loaded; it should not happen, and shows if it does. */
const UNKNOWN_FORCE = '#7a7a7a';
const GAP_OUTLINE = '#1a1a1a';
const GAP_RADIUS: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 6, 3.5, 12, 10];

const inUse: ExpressionSpecification = ['==', ['get', 'role'], 'in-use'];

export function buildRegionalStyle(state: RegionalMapState): StyleSpecification {
  const { sources, layers } = basemap(state.basemapUrl, state.basemapVisible);
  const forces = new Map(state.forces.map((force) => [force.workspaceId, force]));
  const describe = (site: Site) => {
    const force = forces.get(site.workspaceId);
    return { force: force?.name ?? '', colour: force?.colour ?? UNKNOWN_FORCE, role: isOperationalNrd(site) ? 'in-use' : 'proposed' };
  };
  const shapes = siteSectors(state.sites);
  const sectors: typeof shapes = { type: 'FeatureCollection', features: shapes.features.map((feature, i) => ({ ...feature, properties: { ...feature.properties, ...describe(state.sites[i]!) } })) };
  const positions: FeatureCollection<Point> = {
    type: 'FeatureCollection',
    features: state.sites.map((site) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [site.lon, site.lat] },
      properties: { siteId: site.id, reference: site.reference, ...describe(site) },
    })),
  };
  const gaps: FeatureCollection<Point> = {
    type: 'FeatureCollection',
    features: state.gaps.map((gap) => {
      const force = forces.get(gap.workspaceId);
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [gap.lon, gap.lat] },
        properties: { id: gap.id, crimes: gap.crimes, force: force?.name ?? '', colour: force?.colour ?? UNKNOWN_FORCE },
      };
    }),
  };
  sources[REGIONAL_SOURCES.sectors] = { type: 'geojson', data: sectors };
  sources[REGIONAL_SOURCES.positions] = { type: 'geojson', data: positions };
  sources[REGIONAL_SOURCES.gaps] = { type: 'geojson', data: gaps };

  const layout = { visibility: state.sitesVisible ? ('visible' as const) : ('none' as const) };
  const colour: ExpressionSpecification = ['get', 'colour'];
  const regional: LayerSpecification[] = [
    { id: 'regional-sectors-fill', type: 'fill', source: REGIONAL_SOURCES.sectors, layout, paint: { 'fill-color': colour, 'fill-opacity': 0.3 } },
    {
      id: 'regional-sectors-outline-in-use',
      type: 'line',
      source: REGIONAL_SOURCES.sectors,
      filter: inUse,
      layout,
      paint: { 'line-color': colour, 'line-width': 1.5 },
    },
    {
      // Proposed sites are dashed, as on the workspace's own map: a plan, not a camera on a pole.
      id: 'regional-sectors-outline-proposed',
      type: 'line',
      source: REGIONAL_SOURCES.sectors,
      filter: ['!', inUse],
      layout,
      paint: { 'line-color': colour, 'line-width': 2, 'line-dasharray': [2, 1] },
    },
    {
      // A gap is a hollow ring in its force's colour with a dark edge, so that the paler colours show on
      // the pale land; small at a region's scale, where a force's gaps crowd, and bigger than a site's dot
      // from town scale in. Drawn under the dots, so the NRDs stay in sight.
      id: 'regional-gaps-edge',
      type: 'circle',
      source: REGIONAL_SOURCES.gaps,
      paint: { 'circle-radius': GAP_RADIUS, 'circle-opacity': 0, 'circle-stroke-color': GAP_OUTLINE, 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 6, 2.5, 12, 5] },
    },
    {
      id: 'regional-gaps',
      type: 'circle',
      source: REGIONAL_SOURCES.gaps,
      paint: { 'circle-radius': GAP_RADIUS, 'circle-opacity': 0, 'circle-stroke-color': colour, 'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 6, 1.5, 12, 3] },
    },
    {
      // An NRD in use is a dot in its force's colour; a proposed site a white dot ringed in it.
      id: 'regional-positions',
      type: 'circle',
      source: REGIONAL_SOURCES.positions,
      layout,
      paint: {
        'circle-radius': 5.5,
        'circle-color': ['case', inUse, colour, '#ffffff'],
        'circle-stroke-color': ['case', inUse, '#ffffff', colour],
        'circle-stroke-width': ['case', inUse, 1.5, 2.5],
      },
    },
  ];
  return { version: 8, name: 'NRD Planner: regional view', sources, layers: [...layers, ...regional] };
}
