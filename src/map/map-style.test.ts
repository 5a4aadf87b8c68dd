import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import type { Layer } from '../domain/layer.ts';
import type { Site } from '../domain/site.ts';
import { buildMapStyle, type MapState } from './map-style.ts';
import { exampleLayer, exampleSite } from '../../test/fixtures/domain.ts';

const site = (id: string, kind: Site['kind'], extra: Partial<Site> = {}): Site =>
  exampleSite({ id, workspaceId: 'w', reference: id.toUpperCase(), name: id, kind, bearingDegrees: 45, ...extra });
const crimeLayer: Layer = exampleLayer({ id: 'crime1', workspaceId: 'w' });
const state = (overrides: Partial<MapState> = {}): MapState => ({
  basemapUrl: 'http://localhost:4173/basemap/',
  basemapVisible: { regions: true, 'force-areas': true, roads: true, rail: false },
  layers: [{ layer: crimeLayer, dataUrl: 'blob:http://localhost:4173/abc' }],
  sites: [site('a', 'existing'), site('b', 'proposed'), site('c', 'existing', { status: 'decommissioned', bearingDegrees: null })],
  sitesVisible: true,
  selectedSiteId: 'b',
  ...overrides,
});

describe('buildMapStyle', () => {
  it('produces a style that passes the MapLibre style specification', () => {
    expect(validateStyleMin(buildMapStyle(state()))).toEqual([]);
  });

  it('draws the placement optimiser over the sites: its area, candidates and ranked suggestions with their circles', () => {
    const placement = {
      area: { type: 'Polygon' as const, coordinates: [[[-2.4, 51.3], [-2.3, 51.3], [-2.3, 51.4], [-2.4, 51.3]]] },
      drawing: [],
      candidates: [{ lon: -2.35, lat: 51.35, excluded: false }, { lon: -2.34, lat: 51.35, excluded: true }],
      suggestions: [{ rank: 1, lon: -2.35, lat: 51.35, rangeMetres: 500 }],
    };
    const style = buildMapStyle(state({ placement }));
    expect(validateStyleMin(style)).toEqual([]);
    const ids = style.layers.map((layer) => layer.id);
    expect(ids.indexOf('placement-suggestions')).toBeGreaterThan(ids.indexOf('selected-site-positions'));
    const circles = style.sources['placement-suggestion-coverage'] as { data: { features: { geometry: { coordinates: number[][][] } }[] } };
    // A 500 m circle: every vertex about 500 m from the centre (0.0045° of latitude).
    const ring = circles.data.features[0]!.geometry.coordinates[0]!;
    expect(Math.max(...ring.map(([, lat]) => lat!)) - 51.35).toBeCloseTo(500 / 111_250, 4);
    expect(buildMapStyle(state()).layers.some((layer) => layer.id.startsWith('placement-'))).toBe(false);
  });

  it('names no glyphs, sprite or source outside this origin and this browser', () => {
    const style = buildMapStyle(state());
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const source of Object.values(style.sources)) {
      if ('data' in source && typeof source.data === 'string') {
        expect(source.data.startsWith('http://localhost:4173/') || source.data.startsWith('blob:http://localhost:4173/')).toBe(true);
      }
      expect('url' in source || 'tiles' in source).toBe(false);
    }
    expect(style.layers.some((layer) => layer.type === 'symbol')).toBe(false);
  });

  it('draws every site as a coverage shape, the selected one from its own sources with its aim line', () => {
    const style = buildMapStyle(state());
    const references = (source: string) => (style.sources[source] as { data: GeoJSON.FeatureCollection }).data.features.map((f) => f.properties?.reference);
    expect(references('site-sectors')).toEqual(['A', 'C']);
    expect(references('site-positions')).toEqual(['A', 'C']);
    expect(references('selected-site-sectors')).toEqual(['B']);
    const aim = (style.sources['selected-site-aim'] as { data: GeoJSON.FeatureCollection<GeoJSON.LineString> }).data.features;
    expect(aim).toHaveLength(1);
    expect(aim[0]!.geometry.coordinates[0]).toEqual([-2.36, 51.38]);
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf('selected-site-sectors-fill')).toBeGreaterThan(ids.indexOf('site-positions'));
  });

  it('draws no aim line for a selected site without a bearing, and nothing selected when none is', () => {
    const noBearing = buildMapStyle(state({ selectedSiteId: 'c' }));
    expect((noBearing.sources['selected-site-aim'] as { data: GeoJSON.FeatureCollection }).data.features).toEqual([]);
    const none = buildMapStyle(state({ selectedSiteId: null }));
    expect((none.sources['selected-site-sectors'] as { data: GeoJSON.FeatureCollection }).data.features).toEqual([]);
    expect((none.sources['site-sectors'] as { data: GeoJSON.FeatureCollection }).data.features).toHaveLength(3);
  });

  it('outlines existing and proposed sites differently', () => {
    const style = buildMapStyle(state());
    const existing = style.layers.find((l) => l.id === 'site-sectors-outline-existing')!;
    const proposed = style.layers.find((l) => l.id === 'site-sectors-outline-proposed')!;
    expect((existing as { filter?: unknown }).filter).toEqual(['==', ['get', 'kind'], 'existing']);
    expect((proposed.paint as Record<string, unknown>)['line-dasharray']).toBeDefined();
    expect((existing.paint as Record<string, unknown>)['line-dasharray']).toBeUndefined();
  });

  it('hides what the user switched off and skips layers still loading', () => {
    const hidden = buildMapStyle(
      state({
        sitesVisible: false,
        layers: [
          { layer: { ...crimeLayer, visible: false }, dataUrl: 'blob:http://localhost:4173/abc' },
          { layer: { ...crimeLayer, id: 'loading' }, dataUrl: null },
        ],
      }),
    );
    const crime = hidden.layers.filter((l) => l.id.startsWith('layer-crime1'));
    expect(crime.length).toBeGreaterThan(0);
    for (const layer of crime) expect(layer.layout).toMatchObject({ visibility: 'none' });
    expect(hidden.layers.find((l) => l.id === 'site-positions')!.layout).toMatchObject({ visibility: 'none' });
    expect(hidden.layers.find((l) => l.id === 'basemap-rail')!.layout).toMatchObject({ visibility: 'none' });
    expect(hidden.sources['layer-loading']).toBeUndefined();
    expect(hidden.sources['layer-crime1']).toMatchObject({ attribution: 'data.police.uk, OGL v3' });
  });

  it('draws polygon overlays beneath point overlays whatever their import order', () => {
    const population: Layer = { ...crimeLayer, id: 'pop', kind: 'population', geometry: 'polygon', importedAt: '2026-11-26T00:00:00.000Z' };
    const style = buildMapStyle(state({ layers: [{ layer: crimeLayer, dataUrl: 'blob:x' }, { layer: population, dataUrl: 'blob:y' }] }));
    const ids = style.layers.map((l) => l.id);
    expect(ids.indexOf('layer-pop-fill')).toBeLessThan(ids.indexOf('layer-crime1-heat'));
    expect(ids.indexOf('layer-crime1-points')).toBeLessThan(ids.indexOf('site-sectors-fill'));
  });

  it('builds a site’s coverage shape again only when its geometry changes', () => {
    const first = buildMapStyle(state({ selectedSiteId: null }));
    const again = buildMapStyle(state({ selectedSiteId: null, sites: state().sites.map((s) => ({ ...s, name: 'renamed' })) }));
    const shapes = (style: typeof first) => (style.sources['site-sectors'] as { data: GeoJSON.FeatureCollection }).data.features.map((f) => f.geometry);
    expect(shapes(again)[0]).toBe(shapes(first)[0]);
    const turned = buildMapStyle(state({ selectedSiteId: null, sites: state().sites.map((s) => ({ ...s, bearingDegrees: 100 })) }));
    expect(shapes(turned)[0]).not.toBe(shapes(first)[0]);
  });

  it('weights each drawn position by the crimes standing there, in the heat map and the circles', () => {
    const style = buildMapStyle(state());
    const heat = style.layers.find((l) => l.id === 'layer-crime1-heat') as { paint: Record<string, unknown> };
    expect(JSON.stringify(heat.paint['heatmap-weight'])).toContain('["get","points"]');
    const circles = style.layers.find((l) => l.id === 'layer-crime1-points') as { paint: Record<string, unknown> };
    expect(JSON.stringify(circles.paint['circle-radius'])).toContain('"sqrt"');
  });

});
