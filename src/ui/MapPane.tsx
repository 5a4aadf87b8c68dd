import { useEffect, useRef } from 'react';
import type { LngLatBoundsLike } from 'maplibre-gl';
import type { Site } from '../domain/site.ts';
import type { MapState } from '../map/map-style.ts';
import { MapView, UK_BOUNDS, type MapViewEvents } from '../map/map-view.ts';

/** Where the map should go: a site (once it is on the map), a position such as a hot spot, or an area's bounds. */
export type FlyToRequest = { siteId: string } | { lon: number; lat: number } | { bounds: [[number, number], [number, number]] };

interface Props extends MapViewEvents {
  state: MapState;
  /** The map frames a workspace's sites once, when that workspace opens. */
  workspaceId: string | null;
  flyToRequest: FlyToRequest | null;
  /** A click places a new site rather than picking one. */
  placing: boolean;
  /** The site whose drag handles are shown (the selected one, when it can be edited). */
  editableSite: Site | null;
  /** Offers "Save map as PNG" and takes the picture. */
  onSaveImage?: (image: Blob) => void;
}

function sitesBounds(sites: Site[]): LngLatBoundsLike {
  if (sites.length === 0) return UK_BOUNDS;
  const lons = sites.map((s) => s.lon);
  const lats = sites.map((s) => s.lat);
  // A little margin so that the coverage sectors at the edges are in view too.
  return [
    [Math.min(...lons) - 0.01, Math.min(...lats) - 0.006],
    [Math.max(...lons) + 0.01, Math.max(...lats) + 0.006],
  ];
}

declare global {
  interface Window {
    /** The live map, for browser tests to wait on rendering and read what is drawn. */
    nrdMap?: MapView['map'];
  }
}

export function MapPane({ state, workspaceId, flyToRequest, placing, editableSite, onSaveImage, ...events }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<MapView | null>(null);
  // The map is made once; its events call whatever handlers the latest render gave.
  const eventsRef = useRef<MapViewEvents>(events);
  eventsRef.current = events;

  useEffect(() => {
    const latest: MapViewEvents = {
      onSiteClick: (...args) => eventsRef.current.onSiteClick(...args),
      onPlace: (...args) => eventsRef.current.onPlace(...args),
      onMoveSite: (...args) => eventsRef.current.onMoveSite(...args),
      onAimSite: (...args) => eventsRef.current.onAimSite(...args),
    };
    const mapView = new MapView(container.current!, state, latest, sitesBounds(state.sites));
    view.current = mapView;
    window.nrdMap = mapView.map;
    return () => {
      mapView.destroy();
      view.current = null;
      delete window.nrdMap;
    };
    // The map is made once; later state goes through update() below.
  }, []);

  useEffect(() => {
    view.current?.update(state);
  }, [state]);

  useEffect(() => {
    view.current?.setPlacing(placing);
  }, [placing]);

  useEffect(() => {
    view.current?.setEditHandles(state.sitesVisible ? editableSite : null);
  }, [editableSite, state.sitesVisible]);

  useEffect(() => {
    if (workspaceId) view.current?.fitBounds(sitesBounds(state.sites));
    // Framing follows the workspace, not every edit of its sites.
  }, [workspaceId]);

  // A request is met once, as soon as its site is on the map (a new site arrives a moment after it is saved).
  const flown = useRef<Props['flyToRequest']>(null);
  useEffect(() => {
    if (!flyToRequest || flown.current === flyToRequest) return;
    if ('bounds' in flyToRequest) {
      flown.current = flyToRequest;
      view.current?.fitBounds(flyToRequest.bounds);
      return;
    }
    const target = 'siteId' in flyToRequest ? state.sites.find((s) => s.id === flyToRequest.siteId) : flyToRequest;
    if (!target) return;
    flown.current = flyToRequest;
    view.current?.flyTo(target);
  }, [flyToRequest, state.sites]);

  return (
    <>
      <div ref={container} className="map" />
      {onSaveImage && (
        <button
          type="button"
          className="map-save-image"
          onClick={() => void view.current?.toPng().then((image) => image && onSaveImage(image))}
        >
          Save map as PNG
        </button>
      )}
    </>
  );
}
