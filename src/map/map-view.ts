import {
  AttributionControl,
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type LngLatBoundsLike,
  type StyleSpecification,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { FeatureCollection, Point } from 'geojson';
import type { Site } from '../domain/site.ts';
import { buildMapStyle, SITE_LAYER_IDS, type MapState } from './map-style.ts';
import { aimPoint } from '../geo/coverage-shape.ts';

setWorkerUrl(workerUrl);

export interface MapViewEvents {
  onSiteClick(siteId: string): void;
  /** A click on the map while placing a new site. */
  onPlace(point: LonLat): void;
  /** The selected site's position or aim handle being dragged (`done` on release). */
  onMoveSite(siteId: string, point: LonLat, done: boolean): void;
  onAimSite(siteId: string, point: LonLat, done: boolean): void;
}

/** How a view other than the workspace's map differs from it; the workspace's map gives none. */
export interface MapViewOptions<State extends MapState> {
  /** Builds the style from the state: buildMapStyle unless given. */
  styleOf?: (state: State) => StyleSpecification;
  /** Site labels show from this zoom in: at a region's scale they would cover each other. 0 unless given. */
  siteLabelsFromZoom?: number;
}

export interface LonLat {
  lon: number;
  lat: number;
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
 * The one place maplibre-gl is used. The style comes whole from buildMapStyle, or from the `styleOf`
 * option for a view that draws a MapState-like state its own way (the regional view); MapLibre diffs it
 * against the current one. Text labels are HTML markers, so the map needs no glyph server.
 */
export class MapView<State extends MapState = MapState> {
  readonly map: MapLibreMap;
  private readonly events: MapViewEvents;
  private readonly siteLabels = new Map<string, { marker: Marker; text: string; className: string }>();
  private forceLabels: Marker[] = [];
  /** The placement optimiser's ranks beside its suggestions, and what they were made from. */
  private suggestionLabels: { key: string; markers: Marker[] } = { key: '', markers: [] };
  private forceLabelsVisible = true;
  /** State that arrived before the first style finished loading; MapLibre cannot diff against a half-loaded style. */
  private pendingState: State | null = null;
  private readonly styleOf: (state: State) => StyleSpecification;
  private readonly siteLabelsFromZoom: number;
  private styleLoaded = false;
  private placing = false;
  /** Drag handles on the selected site: one moves it, one turns it. */
  private handles: { siteId: string; move: Marker; aim: Marker; dragging: Marker | null } | null = null;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    container: HTMLElement,
    state: State,
    events: MapViewEvents,
    bounds: LngLatBoundsLike = UK_BOUNDS,
    { styleOf = buildMapStyle, siteLabelsFromZoom = 0 }: MapViewOptions<State> = {},
  ) {
    this.events = events;
    this.styleOf = styleOf;
    this.siteLabelsFromZoom = siteLabelsFromZoom;
    this.map = new MapLibreMap({
      container,
      style: styleOf(state),
      bounds,
      fitBoundsOptions: { padding: 40 },
      attributionControl: false,
      maxZoom: 18,
      minZoom: 4,
    });
    this.map.addControl(new NavigationControl({ showCompass: true, visualizePitch: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.map.addControl(new AttributionControl({ compact: true }), 'bottom-right');
    // MapLibre opens the attribution list whenever a source brings one, until the first pan: it covers a
    // fifth of the map and the sites under it. It stays folded behind its (i) button until the user opens it.
    const attribution = container.querySelector('.maplibregl-ctrl-attrib');
    let attributionOpened = false;
    attribution?.querySelector('summary')?.addEventListener('click', () => (attributionOpened = true));
    this.map.on('idle', () => {
      if (!attributionOpened) attribution?.classList.remove('maplibregl-compact-show');
    });
    this.map.getCanvas().setAttribute('aria-label', 'Map of NRD sites and layers. Use arrow keys to pan, plus and minus to zoom.');

    for (const layerId of SITE_LAYER_IDS) {
      this.map.on('click', layerId, (event) => {
        if (this.placing) return;
        const siteId = event.features?.[0]?.properties?.siteId;
        if (typeof siteId === 'string') events.onSiteClick(siteId);
      });
      this.map.on('mouseenter', layerId, () => {
        if (!this.placing) this.map.getCanvas().style.cursor = 'pointer';
      });
      this.map.on('mouseleave', layerId, () => {
        if (!this.placing) this.map.getCanvas().style.cursor = '';
      });
    }
    this.map.on('click', (event) => {
      if (this.placing) events.onPlace({ lon: event.lngLat.lng, lat: event.lngLat.lat });
    });

    // The map's box changes with the layout (the site panel, the stakeholder view), not only the window.
    this.resizeObserver = new ResizeObserver(() => this.map.resize());
    this.resizeObserver.observe(container);

    this.map.on('zoom', () => {
      this.showForceLabels();
      this.showSiteLabels();
    });
    this.map.once('load', () => {
      this.styleLoaded = true;
      if (this.pendingState) this.update(this.pendingState);
      this.pendingState = null;
    });
    void this.loadForceLabels(state.basemapUrl);
    this.updateSiteLabels(state.sitesVisible ? state.sites : []);
    this.forceLabelsVisible = state.basemapVisible['force-areas'];
  }

  update(state: State): void {
    if (!this.styleLoaded) {
      this.pendingState = state;
      return;
    }
    this.map.setStyle(this.styleOf(state), { diff: true });
    this.updateSiteLabels(state.sitesVisible ? state.sites : []);
    this.updateSuggestionLabels(state.placement?.suggestions ?? []);
    this.forceLabelsVisible = state.basemapVisible['force-areas'];
    this.showForceLabels();
  }

  /** In placing mode a click on the map places a new site instead of picking one. */
  setPlacing(placing: boolean): void {
    this.placing = placing;
    this.map.getCanvas().style.cursor = placing ? 'crosshair' : '';
  }

  /** Shows the drag handles on `site` (the selected site), or removes them. */
  setEditHandles(site: Site | null): void {
    if (this.handles && (!site || this.handles.siteId !== site.id)) {
      this.handles.move.remove();
      this.handles.aim.remove();
      this.handles = null;
    }
    if (!site) return;
    if (!this.handles) this.handles = this.makeHandles(site.id);
    // A handle being dragged stays under the pointer; the other follows the site as it changes.
    const { move, aim, dragging } = this.handles;
    if (dragging !== move) move.setLngLat([site.lon, site.lat]);
    const aimAt = aimPoint(site);
    if (dragging !== aim) aim.setLngLat([aimAt.lon, aimAt.lat]);
  }

  private makeHandles(siteId: string): NonNullable<MapView['handles']> {
    const handle = (className: string, title: string) => {
      const element = document.createElement('div');
      element.className = `map-handle ${className}`;
      element.title = title;
      // Pointer only: keyboard users set the position and bearing in the site panel's fields.
      element.setAttribute('aria-hidden', 'true');
      return element;
    };
    const move = new Marker({ element: handle('map-handle--move', 'Drag to move the site'), draggable: true });
    const aim = new Marker({ element: handle('map-handle--aim', 'Drag to turn the site'), draggable: true });
    const handles: NonNullable<MapView['handles']> = { siteId, move, aim, dragging: null };
    const wire = (marker: Marker, report: MapViewEvents['onMoveSite']) => {
      const at = () => ({ lon: marker.getLngLat().lng, lat: marker.getLngLat().lat });
      marker.on('dragstart', () => (handles.dragging = marker));
      marker.on('drag', () => report(siteId, at(), false));
      marker.on('dragend', () => {
        handles.dragging = null;
        report(siteId, at(), true);
      });
    };
    wire(move, (...args) => this.events.onMoveSite(...args));
    wire(aim, (...args) => this.events.onAimSite(...args));
    move.setLngLat([0, 0]).addTo(this.map);
    aim.setLngLat([0, 0]).addTo(this.map);
    return handles;
  }

  /** Street zoom (or at least `minZoom`) on a site or any other position (a hot spot). */
  flyTo(position: LonLat, minZoom = 16.5): void {
    this.map.flyTo({ center: [position.lon, position.lat], zoom: Math.max(this.map.getZoom(), minZoom), essential: true });
  }

  fitBounds(bounds: LngLatBoundsLike): void {
    this.map.fitBounds(bounds, { padding: 40, duration: 0 });
  }

  /**
   * The map as drawn, as a PNG. WebGL clears its picture after each frame, so it is read inside a render
   * of its own. Site labels are HTML over the map and are not in the picture.
   */
  toPng(): Promise<Blob | null> {
    return new Promise((resolve) => {
      this.map.once('render', () => this.map.getCanvas().toBlob(resolve, 'image/png'));
      this.map.triggerRepaint();
    });
  }

  destroy(): void {
    this.resizeObserver.disconnect();
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
    this.showSiteLabels();
  }

  private updateSuggestionLabels(suggestions: { rank: number; lon: number; lat: number }[]): void {
    const key = JSON.stringify(suggestions.map(({ rank, lon, lat }) => [rank, lon, lat]));
    if (key === this.suggestionLabels.key) return;
    for (const marker of this.suggestionLabels.markers) marker.remove();
    const markers = suggestions.map(({ rank, lon, lat }) => {
      const marker = new Marker({ element: labelElement(String(rank), 'map-label map-label--suggestion'), anchor: 'right', offset: [-9, 0] }).setLngLat([lon, lat]).addTo(this.map);
      marker.getElement().setAttribute('aria-hidden', 'true');
      return marker;
    });
    this.suggestionLabels = { key, markers };
  }

  private showSiteLabels(): void {
    if (this.siteLabelsFromZoom <= 0) return;
    const hidden = this.map.getZoom() < this.siteLabelsFromZoom;
    for (const { marker } of this.siteLabels.values()) marker.getElement().hidden = hidden;
  }
}
