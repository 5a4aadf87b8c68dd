import {
  AttributionControl,
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type LngLatBoundsLike,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { FeatureCollection, Point } from 'geojson';
import type { Site } from '../domain/site.ts';
import { buildMapStyle, SITE_LAYER_IDS, type MapState } from './map-style.ts';

setWorkerUrl(workerUrl);

export interface MapViewEvents {
  onSiteClick(siteId: string): void;
}

/** Great Britain and Northern Ireland. */
export const UK_BOUNDS: LngLatBoundsLike = [
  [-8.7, 49.8],
  [1.9, 60.9],
];

/** Force area names show between these zooms: below them they crowd, above them the area fills the screen. */
const FORCE_LABEL_ZOOMS = { min: 5.5, max: 10 };

function labelElement(text: string, className: string): HTMLElement {
  const element = document.createElement('div');
  element.className = className;
  // textContent, never innerHTML: labels come from imported data.
  element.textContent = text;
  return element;
}

/**
 * The one place maplibre-gl is used. The style comes whole from buildMapStyle; MapLibre diffs it
 * against the current one. Text labels are HTML markers, so the map needs no glyph server.
 */
export class MapView {
  readonly map: MapLibreMap;
  private readonly siteLabels = new Map<string, { marker: Marker; text: string; className: string }>();
  private forceLabels: Marker[] = [];
  private forceLabelsVisible = true;
  /** State that arrived before the first style finished loading; MapLibre cannot diff against a half-loaded style. */
  private pendingState: MapState | null = null;
  private styleLoaded = false;

  constructor(container: HTMLElement, state: MapState, events: MapViewEvents, bounds: LngLatBoundsLike = UK_BOUNDS) {
    this.map = new MapLibreMap({
      container,
      style: buildMapStyle(state),
      bounds,
      fitBoundsOptions: { padding: 40 },
      attributionControl: false,
      maxZoom: 18,
      minZoom: 4,
    });
    this.map.addControl(new NavigationControl({ showCompass: true, visualizePitch: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.map.addControl(new AttributionControl({ compact: true }), 'bottom-right');
    this.map.getCanvas().setAttribute('aria-label', 'Map of NRD sites and layers. Use arrow keys to pan, plus and minus to zoom.');

    for (const layerId of SITE_LAYER_IDS) {
      this.map.on('click', layerId, (event) => {
        const siteId = event.features?.[0]?.properties?.siteId;
        if (typeof siteId === 'string') events.onSiteClick(siteId);
      });
      this.map.on('mouseenter', layerId, () => (this.map.getCanvas().style.cursor = 'pointer'));
      this.map.on('mouseleave', layerId, () => (this.map.getCanvas().style.cursor = ''));
    }
    this.map.on('zoom', () => this.showForceLabels());
    this.map.once('load', () => {
      this.styleLoaded = true;
      if (this.pendingState) this.update(this.pendingState);
      this.pendingState = null;
    });
    void this.loadForceLabels(state.basemapUrl);
    this.updateSiteLabels(state.sitesVisible ? state.sites : []);
    this.forceLabelsVisible = state.basemapVisible['force-areas'];
  }

  update(state: MapState): void {
    if (!this.styleLoaded) {
      this.pendingState = state;
      return;
    }
    this.map.setStyle(buildMapStyle(state), { diff: true });
    this.updateSiteLabels(state.sitesVisible ? state.sites : []);
    this.forceLabelsVisible = state.basemapVisible['force-areas'];
    this.showForceLabels();
  }

  flyToSite(site: Site): void {
    this.map.flyTo({ center: [site.lon, site.lat], zoom: Math.max(this.map.getZoom(), 16.5), essential: true });
  }

  fitBounds(bounds: LngLatBoundsLike): void {
    this.map.fitBounds(bounds, { padding: 40, duration: 0 });
  }

  destroy(): void {
    this.map.remove();
  }

  private async loadForceLabels(basemapUrl: string): Promise<void> {
    const response = await fetch(`${basemapUrl}police-force-area-labels.geojson`);
    if (!response.ok) return;
    const labels = (await response.json()) as FeatureCollection<Point, { name: string }>;
    this.forceLabels = labels.features.map((feature) =>
      new Marker({ element: labelElement(feature.properties.name, 'map-label map-label--force-area') })
        .setLngLat(feature.geometry.coordinates as [number, number])
        .addTo(this.map),
    );
    this.showForceLabels();
  }

  private showForceLabels(): void {
    const zoom = this.map.getZoom();
    const show = this.forceLabelsVisible && zoom >= FORCE_LABEL_ZOOMS.min && zoom <= FORCE_LABEL_ZOOMS.max;
    for (const marker of this.forceLabels) marker.getElement().hidden = !show;
  }

  private updateSiteLabels(sites: Site[]): void {
    const seen = new Set<string>();
    for (const site of sites) {
      seen.add(site.id);
      const className = `map-label map-label--site map-label--${site.status === 'decommissioned' ? 'decommissioned' : site.kind}`;
      const existing = this.siteLabels.get(site.id);
      if (existing && existing.text === site.reference && existing.className === className) {
        existing.marker.setLngLat([site.lon, site.lat]);
        continue;
      }
      existing?.marker.remove();
      const marker = new Marker({ element: labelElement(site.reference, className), anchor: 'left', offset: [9, 0] })
        .setLngLat([site.lon, site.lat])
        .addTo(this.map);
      // Labels are pointer-transparent so a click reaches the site underneath; keyboard users use the site list.
      marker.getElement().setAttribute('aria-hidden', 'true');
      this.siteLabels.set(site.id, { marker, text: site.reference, className });
    }
    for (const [id, label] of this.siteLabels) {
      if (!seen.has(id)) {
        label.marker.remove();
        this.siteLabels.delete(id);
      }
    }
  }
}
