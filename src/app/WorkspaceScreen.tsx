import { useCallback, useEffect, useMemo, useState } from 'react';
import type { NrdDatabase } from '../store/database.ts';
import { replaceActiveWorkspace } from '../store/workspace-store.ts';
import type { MapState } from '../map/map-style.ts';
import { AppHeader } from '../ui/AppHeader.tsx';
import { LayerPanel } from '../ui/LayerPanel.tsx';
import { MapPane } from '../ui/MapPane.tsx';
import { SiteList } from '../ui/SiteList.tsx';
import { SitePanel } from '../ui/SitePanel.tsx';
import { StatusBar } from '../ui/StatusBar.tsx';
import { buildSampleWorkspace, emptyWorkspace } from './sample-workspace.ts';
import { readStorageStatus, type StorageStatus } from '../store/storage-status.ts';
import { useActiveWorkspace, useBasemapVisibility, useLayerDataUrls, useLayerVisibility } from './use-workspace.ts';

const basemapUrl = new URL(`${import.meta.env.BASE_URL}basemap/`, document.baseURI).href;

export function WorkspaceScreen({ db }: { db: NrdDatabase }) {
  const view = useActiveWorkspace(db);
  const [basemapVisible, toggleBasemap] = useBasemapVisibility(db);
  const [layers, toggleLayer] = useLayerVisibility(db, view?.layers);
  const sites = useMemo(() => view?.sites ?? [], [view]);
  const dataUrls = useLayerDataUrls(db, layers);
  const [selectedSiteId, setSelectedSiteId] = useState<string | null>(null);
  const [flyToRequest, setFlyToRequest] = useState<{ siteId: string } | null>(null);
  const [sitesVisible, setSitesVisible] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);
  const [storage, setStorage] = useState<StorageStatus | null>(null);

  useEffect(() => {
    void readStorageStatus().then(setStorage);
  }, [view?.workspace?.id, layers.length]);

  const selectedSite = sites.find((site) => site.id === selectedSiteId) ?? null;
  useEffect(() => {
    if (selectedSiteId && !selectedSite && view) setSelectedSiteId(null);
  }, [selectedSiteId, selectedSite, view]);

  const mapState: MapState = useMemo(
    () => ({
      basemapUrl,
      basemapVisible,
      layers: layers.map((layer) => ({ layer, dataUrl: dataUrls[layer.id] ?? null })),
      sites,
      sitesVisible,
      selectedSiteId,
    }),
    [basemapVisible, layers, dataUrls, sites, sitesVisible, selectedSiteId],
  );

  const replaceWorkspace = useCallback(
    async (label: string, build: () => Promise<Parameters<typeof replaceActiveWorkspace>[1]>) => {
      setBusy(label);
      try {
        const contents = await build();
        await replaceActiveWorkspace(db, contents);
        setSelectedSiteId(null);
      } finally {
        setBusy(null);
      }
    },
    [db],
  );

  const selectFromList = (siteId: string) => {
    setSelectedSiteId(siteId);
    setFlyToRequest({ siteId });
  };

  if (!view) return <main className="start-up" aria-busy="true"><p role="status">Opening the workspace…</p></main>;

  return (
    <div className={`workspace${selectedSite ? ' workspace--with-panel' : ''}`}>
      <AppHeader
        workspace={view.workspace}
        busy={busy}
        onResetToSample={() => replaceWorkspace('Loading the sample workspace', () => buildSampleWorkspace(setBusy))}
        onStartEmpty={() => replaceWorkspace('Starting an empty workspace', async () => emptyWorkspace())}
      />
      <nav className="sidebar" aria-label="Layers and sites">
        <LayerPanel
          layers={layers}
          loadedLayerIds={new Set(Object.keys(dataUrls))}
          basemapVisible={basemapVisible}
          sitesVisible={sitesVisible}
          onToggleLayer={toggleLayer}
          onToggleBasemap={toggleBasemap}
          onToggleSites={setSitesVisible}
        />
        <SiteList sites={sites} selectedSiteId={selectedSiteId} onSelect={selectFromList} />
      </nav>
      <main className="map-area" aria-label="Map">
        <MapPane
          state={mapState}
          workspaceId={view.workspace?.id ?? null}
          flyToRequest={flyToRequest}
          onSiteClick={setSelectedSiteId}
        />
        {sites.length === 0 && layers.length === 0 && (
          <div className="empty-state" role="note">
            <h2>This workspace is empty</h2>
            <p>It has no NRD sites and no layers yet. To look around first, load the sample workspace from the header.</p>
          </div>
        )}
      </main>
      {selectedSite && <SitePanel site={selectedSite} onClose={() => setSelectedSiteId(null)} />}
      <StatusBar storage={storage} />
    </div>
  );
}
