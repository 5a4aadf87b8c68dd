import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { Site } from '../domain/site.ts';
import { exampleSite } from '../../test/fixtures/domain.ts';
import { buildMapStyle } from './map-style.ts';
import { FORCE_PALETTE, REGIONAL_SOURCES, buildRegionalStyle, type RegionalMapState } from './regional-style.ts';

const site = (id: string, workspaceId: string, extra: Partial<Site> = {}): Site => exampleSite({ id, workspaceId, reference: id.toUpperCase(), ...extra });

const state = (overrides: Partial<RegionalMapState> = {}): RegionalMapState => ({
  basemapUrl: 'http://localhost:4173/basemap/',
  basemapVisible: { regions: true, 'force-areas': true, roads: true, rail: true },
  layers: [],
  sites: [
    site('a1', 'avon'),
    site('a2', 'avon', { kind: 'proposed', status: 'proposed', bearingDegrees: null }),
    site('e1', 'essex', { lon: 0.54, lat: 51.59 }),
  ],
  sitesVisible: true,
  selectedSiteId: null,
  forces: [
    { workspaceId: 'avon', name: 'Avon and Somerset', colour: FORCE_PALETTE[0] },
    { workspaceId: 'essex', name: 'Essex', colour: FORCE_PALETTE[1] },
  ],
  gaps: [{ workspaceId: 'essex', id: 'E01021237', lon: 0.44, lat: 51.64, crimes: 12 }],
  ...overrides,
});

const features = (style: ReturnType<typeof buildRegionalStyle>, source: string) => (style.sources[source] as { data: FeatureCollection }).data.features;

describe('buildRegionalStyle', () => {
  it('produces a style that passes the MapLibre style specification', () => {
    expect(validateStyleMin(buildRegionalStyle(state()))).toEqual([]);
  });

  it('is drawn on the same offline basemap as the workspace map, and names nothing outside this origin', () => {
    const style = buildRegionalStyle(state());
    const basemapIds = buildMapStyle({ ...state(), sites: [] }).layers.filter((layer) => layer.id === 'background' || layer.id.startsWith('basemap-')).map((layer) => layer.id);
    expect(style.layers.slice(0, basemapIds.length).map((layer) => layer.id)).toEqual(basemapIds);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const source of Object.values(style.sources)) {
      if ('data' in source && typeof source.data === 'string') expect(source.data.startsWith('http://localhost:4173/')).toBe(true);
      expect('url' in source || 'tiles' in source).toBe(false);
    }
    expect(style.layers.some((layer) => layer.type === 'symbol')).toBe(false);
  });

  it('colours each site and its coverage by its force, and tells NRDs in use from proposed sites', () => {
    const style = buildRegionalStyle(state());
    const described = (source: string) => features(style, source).map((f) => [f.properties?.reference, f.properties?.force, f.properties?.colour, f.properties?.role]);
    const expected = [
      ['A1', 'Avon and Somerset', '#0072B2', 'in-use'],
      ['A2', 'Avon and Somerset', '#0072B2', 'proposed'],
      ['E1', 'Essex', '#D55E00', 'in-use'],
    ];
    expect(described(REGIONAL_SOURCES.positions)).toEqual(expected);
    expect(described(REGIONAL_SOURCES.sectors)).toEqual(expected);
    // A sector for a site with a bearing, a closed circle for one without.
    const rings = features(style, REGIONAL_SOURCES.sectors).map((f) => (f.geometry as GeoJSON.Polygon).coordinates[0]!);
    expect(rings[0]![0]).toEqual([-2.36, 51.38]);
    expect(rings[1]!.length).toBeGreaterThan(70);
    const ids = style.layers.map((layer) => layer.id);
    expect(ids).toEqual(expect.arrayContaining(['regional-sectors-fill', 'regional-sectors-outline-in-use', 'regional-sectors-outline-proposed', 'regional-positions']));
    const colourOf = (id: string) => JSON.stringify(style.layers.find((layer) => layer.id === id)!.paint);
    expect(colourOf('regional-sectors-fill')).toContain('["get","colour"]');
  });

  it('draws the gaps as hollow rings in their force’s colour, over the coverage and under the sites’ dots', () => {
    const style = buildRegionalStyle(state());
    expect(features(style, REGIONAL_SOURCES.gaps).map((f) => [f.properties?.id, f.properties?.force, f.properties?.colour, f.properties?.crimes])).toEqual([
      ['E01021237', 'Essex', '#D55E00', 12],
    ]);
    const ring = style.layers.find((layer) => layer.id === 'regional-gaps')!;
    expect(ring).toMatchObject({ type: 'circle', paint: { 'circle-opacity': 0, 'circle-stroke-color': ['get', 'colour'] } });
    const ids = style.layers.map((layer) => layer.id);
    expect(ids.indexOf('regional-gaps-edge')).toBeGreaterThan(ids.indexOf('regional-sectors-outline-proposed'));
    expect(ids.indexOf('regional-gaps')).toBeLessThan(ids.indexOf('regional-positions'));
  });

  it('hides the sites, but not the gaps, when sites are hidden', () => {
    const style = buildRegionalStyle(state({ sitesVisible: false }));
    for (const layer of style.layers.filter((layer) => layer.id.startsWith('regional-') && !layer.id.startsWith('regional-gaps'))) {
      expect(layer.layout).toEqual({ visibility: 'none' });
    }
  });
});

/**
 * Machado, Oliveira and Fernandes (2009), full-severity simulations of the three dichromacies, applied
 * in linear RGB; colours compared in CIELAB (D65) by CIE76 ΔE. About 2.3 is a just-noticeable
 * difference; 15 apart is plainly another colour on a small map symbol.
 */
const SIMULATIONS: Record<string, number[][]> = {
  'normal vision': [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

function labUnder(hex: string, matrix: number[][]): [number, number, number] {
  const linear = [1, 3, 5].map((i) => toLinear(parseInt(hex.slice(i, i + 2), 16) / 255));
  const [r, g, b] = matrix.map((row) => Math.min(1, Math.max(0, row[0]! * linear[0]! + row[1]! * linear[1]! + row[2]! * linear[2]!)));
  const x = (0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047;
  const y = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  const z = (0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

describe('FORCE_PALETTE', () => {
  it('has eight colours', () => {
    expect(new Set(FORCE_PALETTE.map((colour) => colour.toLowerCase())).size).toBe(8);
  });

  it.each(Object.keys(SIMULATIONS))('keeps every pair of forces apart under %s', (simulation) => {
    const labs = FORCE_PALETTE.map((colour) => labUnder(colour, SIMULATIONS[simulation]!));
    let closest = Infinity;
    for (let i = 0; i < labs.length; i++) for (let j = i + 1; j < labs.length; j++) closest = Math.min(closest, Math.hypot(...labs[i]!.map((v, k) => v - labs[j]![k]!)));
    expect(closest).toBeGreaterThan(15);
  });
});
