import { useEffect, useRef } from 'react';
import type { LngLatBoundsLike } from 'maplibre-gl';
import type { Site } from '../domain/site.ts';
import type { MapState } from '../map/map-style.ts';
import { MapView, UK_BOUNDS } from '../map/map-view.ts';

interface Props {
  state: MapState;
  /** The map frames a workspace's sites once, when that workspace opens. */
  workspaceId: string | null;
  flyToRequest: { siteId: string } | null;
  onSiteClick: (siteId: string) => void;
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

export function MapPane({ state, workspaceId, flyToRequest, onSiteClick }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<MapView | null>(null);
  const onSiteClickRef = useRef(onSiteClick);
  onSiteClickRef.current = onSiteClick;

  useEffect(() => {
    const mapView = new MapView(container.current!, state, { onSiteClick: (id) => onSiteClickRef.current(id) }, sitesBounds(state.sites));
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
    if (workspaceId) view.current?.fitBounds(sitesBounds(state.sites));
    // Framing follows the workspace, not every edit of its sites.
  }, [workspaceId]);

  useEffect(() => {
    const site = flyToRequest && state.sites.find((s) => s.id === flyToRequest.siteId);
    if (site) view.current?.flyToSite(site);
  }, [flyToRequest]);

  return <div ref={container} className="map" />;
}
