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
import { ImportButton } from '../ui/ImportButton.tsx';
import { ImportDialog } from '../ui/ImportDialog.tsx';
import { useImport } from './use-import.ts';
import { buildSampleWorkspace, emptyWorkspace } from './sample-workspace.ts';
import { readStorageStatus, type StorageStatus } from '../store/storage-status.ts';
import { useActiveWorkspace, useBasemapVisibility, useLayerData, useLayerDisplay } from './use-workspace.ts';
import { countFiltered, monthRange, type PointFilter } from '../analysis/point-filter.ts';

const basemapUrl = new URL(`${import.meta.env.BASE_URL}basemap/`, document.baseURI).href;

export function WorkspaceScreen({ db }: { db: NrdDatabase }) {
  const view = useActiveWorkspace(db);
  const [basemapVisible, toggleBasemap] = useBasemapVisibility(db);
  const [layers, editLayer] = useLayerDisplay(db, view?.layers);
  const sites = useMemo(() => view?.sites ?? [], [view]);
  const [filters, setFilters] = useState<Record<string, PointFilter>>({});
  const loaded = useLayerData(db, layers, filters);
  const pointLayerFacts = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(loaded.points).map(([id, columns]) => {
          const filter = filters[id] ?? { categoryColumn: 'crimeType', excludedCategories: [], fromMonth: null, toMonth: null };
          return [id, { filter, counts: countFiltered(columns, filter), months: monthRange(columns) }];
        }),
      ),
    [loaded.points, filters],
  );
  const [selectedSiteId, setSelectedSiteId] = useState<string | null>(null);
  const [flyToRequest, setFlyToRequest] = useState<{ siteId: string } | null>(null);
  const [sitesVisible, setSitesVisible] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  const importer = useImport(db, view?.workspace?.id);
  const [dragging, setDragging] = useState(false);

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
      layers: layers.map((layer) => ({ layer, dataUrl: loaded.urls[layer.id] ?? null })),
      sites,
      sitesVisible,
      selectedSiteId,
    }),
    [basemapVisible, layers, loaded.urls, sites, sitesVisible, selectedSiteId],
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
    <div
      className={`workspace${selectedSite ? ' workspace--with-panel' : ''}`}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.relatedTarget === null) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        void importer.chooseFiles([...event.dataTransfer.files]);
      }}
    >
      <AppHeader
        workspace={view.workspace}
        busy={busy}
        onResetToSample={() => replaceWorkspace('Loading the sample workspace', () => buildSampleWorkspace(setBusy))}
        onStartEmpty={() => replaceWorkspace('Starting an empty workspace', async () => emptyWorkspace())}
      />
      <nav className="sidebar" aria-label="Layers and sites">
        <div className="panel import-panel">
          <ImportButton onFiles={(files) => void importer.chooseFiles(files)} disabled={!view.workspace || importer.state.step !== 'idle'} />
          <p className="hint">or drop files on the map: police.uk crime, NRD/CNI/sensitive place lists, LSOA population with boundaries, DfT traffic counts, GeoJSON, TopoJSON, zipped shapefiles.</p>
        </div>
        <LayerPanel
          layers={layers}
          loadedLayerIds={new Set(Object.keys(loaded.urls))}
          pointLayerFacts={pointLayerFacts}
          onFilterChange={(id, filter) => setFilters((current) => ({ ...current, [id]: filter }))}
          onEditLayer={editLayer}
          basemapVisible={basemapVisible}
          sitesVisible={sitesVisible}
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
            <p>It has no NRD sites and no layers yet. Import files with the button on the left or drop them here; to look around first, load the sample workspace from the header.</p>
          </div>
        )}
        {dragging && (
          <div className="drop-zone" aria-hidden="true">
            Drop files to import them
          </div>
        )}
      </main>
      {selectedSite && <SitePanel site={selectedSite} onClose={() => setSelectedSiteId(null)} />}
      <StatusBar storage={storage} />
      <ImportDialog state={importer.state} onRun={(files, jobs, choices) => void importer.run(files, jobs, choices)} onCancel={importer.cancel} />
    </div>
  );
}
