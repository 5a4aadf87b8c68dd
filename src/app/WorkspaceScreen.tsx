import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { NrdDatabase } from '../store/database.ts';
import { replaceActiveWorkspace } from '../store/workspace-store.ts';
import type { MapState } from '../map/map-style.ts';
import { AppHeader } from '../ui/AppHeader.tsx';
import { LayerPanel } from '../ui/LayerPanel.tsx';
import { MapPane, type FlyToRequest } from '../ui/MapPane.tsx';
import { RegisterSummary } from '../ui/RegisterSummary.tsx';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import { RegisterPanel } from '../ui/RegisterPanel.tsx';
import { RegisterTable } from '../ui/RegisterTable.tsx';
import { SitePanel } from '../ui/SitePanel.tsx';
import { EditToolbar } from '../ui/EditToolbar.tsx';
import { StatusBar } from '../ui/StatusBar.tsx';
import { ImportButton } from '../ui/ImportButton.tsx';
import { ImportDialog } from '../ui/ImportDialog.tsx';
import { useImport } from './use-import.ts';
import { buildSampleWorkspace, emptyWorkspace } from './sample-workspace.ts';
import { readStorageStatus, type StorageStatus } from '../store/storage-status.ts';
import { useActiveWorkspace, useBasemapVisibility, useLayerData, useLayerDisplay, useUserName } from './use-workspace.ts';
import { countFiltered, monthRange, type PointFilter } from '../analysis/point-filter.ts';
import { useSiteEditing } from './use-site-editing.ts';
import { filterSites, SHOW_ALL, type RegisterFilter, type RegisterSort } from './register-query.ts';
import { localToday, useRegisterActions } from './use-register-actions.ts';
import { useSiteFigures } from './use-site-figures.ts';
import { SiteFiguresView } from '../ui/SiteFiguresView.tsx';
import { useProcedure } from './use-procedure.ts';
import { registerFigureColumns } from '../io/register-export.ts';
import { useWorkspaceBundle } from './use-workspace-bundle.ts';
import { readWorkspaceBundle } from '../store/workspace-bundle-store.ts';
import type { WorkspaceBundle } from '../io/workspace-bundle.ts';
import { BundleDialog } from '../ui/BundleDialog.tsx';
import { PublicExportDialog } from '../ui/PublicExportDialog.tsx';
import { StakeholderFigures } from '../ui/StakeholderFigures.tsx';
import { download } from './use-register-actions.ts';
import { ProcedurePanel } from '../ui/records/ProcedurePanel.tsx';
import { ProcedureRecordDialog } from '../ui/records/ProcedureRecordDialog.tsx';
import { ReviewsDueDialog } from '../ui/records/ReviewsDueDialog.tsx';
import { SiteRecords } from '../ui/records/SiteRecords.tsx';
import { lonLatBounds, usePlacementPlanner } from './use-placement-planner.ts';
import { PlacementPanel } from '../ui/PlacementPanel.tsx';

// The regional view (its own map, analysis and worker) is loaded only when it is opened.
const RegionalView = lazy(async () => ({ default: (await import('../ui/RegionalView.tsx')).RegionalView }));
// The pack's charts (Observable Plot) are loaded only when a pack is opened.
const EvidencePack = lazy(async () => ({ default: (await import('../ui/EvidencePack.tsx')).EvidencePack }));

const basemapUrl = new URL(`${import.meta.env.BASE_URL}basemap/`, document.baseURI).href;

export function WorkspaceScreen({ db }: { db: NrdDatabase }) {
  const view = useActiveWorkspace(db);
  const [basemapVisible, toggleBasemap] = useBasemapVisibility(db);
  const [layers, editLayer] = useLayerDisplay(db, view?.layers);
  const storedSites = useMemo(() => view?.sites ?? [], [view]);
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
  const [flyToRequest, setFlyToRequest] = useState<FlyToRequest | null>(null);
  const [sitesVisible, setSitesVisible] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  const editing = useSiteEditing(db, view?.workspace?.id);
  const importer = useImport(db, view?.workspace, editing.record);
  const [userName, setUserName] = useUserName(db);
  const [registerFilter, setRegisterFilter] = useState<RegisterFilter>(SHOW_ALL);
  const [registerSort, setRegisterSort] = useState<RegisterSort>({ column: 'reference', direction: 'ascending' });
  const [dragging, setDragging] = useState(false);
  const [stakeholder, setStakeholder] = useState(false);
  const [publicExporting, setPublicExporting] = useState(false);
  /** The regional view, opened with the open workspace's own bundle as its first force. */
  const [regional, setRegional] = useState<WorkspaceBundle[] | null>(null);
  const regionalButton = useRef<HTMLButtonElement>(null);
  const plannerButton = useRef<HTMLButtonElement>(null);
  const bundles = useWorkspaceBundle(db, view?.workspace);

  /** Set when the site panel should take focus: a site chosen, not one passed over with the arrow keys. */
  const [panelFocus, setPanelFocus] = useState<{ siteId: string } | null>(null);
  const selectSite = (siteId: string, openPanel = true) => {
    setSelectedSiteId(siteId);
    setPanelFocus(openPanel ? { siteId } : null);
  };
  const selectFromList = (siteId: string, openPanel: boolean) => {
    selectSite(siteId, openPanel);
    setFlyToRequest({ siteId });
  };
  const actions = useRegisterActions({
    workspace: view?.workspace,
    register: storedSites,
    editing,
    showSite: (siteId, flyTo) => (flyTo ? selectFromList(siteId, true) : selectSite(siteId)),
    deselect: () => setSelectedSiteId(null),
    setUserName,
    figureColumns: () => registerFigureColumns(storedSites, analysis.figuresOf),
  });
  const { preview, placing } = actions;
  const sites = useMemo(() => (preview ? storedSites.map((site) => (site.id === preview.id ? preview : site)) : storedSites), [storedSites, preview]);

  useEffect(() => {
    void readStorageStatus().then(setStorage);
  }, [view?.workspace?.id, layers.length]);

  const selectedSite = sites.find((site) => site.id === selectedSiteId) ?? null;
  // A selected site that disappears (deleted here, in another tab, or by undo) is deselected; a site
  // selected as it is added is kept until the register, read again, includes it.
  const selectionSeen = useRef<string | null>(null);
  useEffect(() => {
    if (selectedSite) selectionSeen.current = selectedSite.id;
    else if (selectedSiteId && selectionSeen.current === selectedSiteId) setSelectedSiteId(null);
  }, [selectedSiteId, selectedSite]);
  const analysis = useSiteFigures(layers, loaded.data, filters, selectedSite, sites, storedSites);
  const procedure = useProcedure({
    db,
    workspace: view?.workspace,
    register: storedSites,
    layers,
    selectedSite,
    figures: analysis.figures,
    figuresWaiting: analysis.waiting,
    registerAreas: analysis.registerAreas,
    figuresOf: analysis.figuresOf,
    setUserName,
  });
  const planner = usePlacementPlanner({
    basemapUrl,
    workspaceId: view?.workspace?.id,
    layers,
    data: loaded.data,
    filters,
    register: storedSites,
    forceArea: view?.workspace?.forceArea ?? '',
    strategicAssessments: procedure.strategicAssessments,
    addSite: (candidate, rangeMetres, notes) => actions.placeSuggested(candidate, rangeMetres, notes),
  });
  const placementOverlay = useMemo(
    () =>
      planner.open
        ? {
            area: planner.area?.geometry ?? null,
            drawing: planner.drawing,
            candidates: planner.run.step === 'done' ? planner.run.plan.candidates.map((c) => ({ lon: c.lon, lat: c.lat, excluded: c.excludedBy !== null })) : [],
            suggestions: planner.suggestions.map((s) => ({ rank: s.rank, lon: s.candidate.lon, lat: s.candidate.lat, rangeMetres: planner.run.step === 'done' ? planner.run.request.planning.rangeMetres : 0 })),
          }
        : null,
    [planner.open, planner.area, planner.drawing, planner.run, planner.suggestions],
  );
  // The map shows what the table lists, and the selected site whatever the filter.
  const shownSites = useMemo(() => filterSites(sites, registerFilter), [sites, registerFilter]);
  const mapSites = useMemo(
    () => (selectedSite && !shownSites.includes(selectedSite) ? [...shownSites, selectedSite] : shownSites),
    [shownSites, selectedSite],
  );

  // The consultation-safe export's figures (by site id) and the LSOAs it may generalise to.
  const publicFigures = () => {
    const figures = registerFigureColumns(storedSites, analysis.figuresOf);
    return figures && new Map([...figures.byReference.values()].map((row) => [String(row.site_id), row]));
  };
  const lsoaFeatures = useMemo(() => {
    const population = layers.find((layer) => layer.kind === 'population' && layer.geometry === 'polygon');
    const data = population && loaded.data[population.id];
    return data?.kind === 'features' ? data.features : null;
  }, [layers, loaded.data]);

  const mapState: MapState = useMemo(
    () => ({
      basemapUrl,
      basemapVisible,
      layers: layers.map((layer) => ({ layer, dataUrl: loaded.urls[layer.id] ?? null })),
      sites: mapSites,
      sitesVisible,
      selectedSiteId,
      placement: placementOverlay,
    }),
    [basemapVisible, layers, loaded.urls, mapSites, sitesVisible, selectedSiteId, placementOverlay],
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


  if (!view) return <main className="start-up" aria-busy="true"><p role="status">Opening the workspace…</p></main>;

  return (
    <div
      className={`workspace${stakeholder ? ' workspace--stakeholder' : selectedSite ? ' workspace--with-panel' : ''}${planner.open && !stakeholder ? ' workspace--planning' : ''}`}
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
        tools={
          <>
            <EditToolbar editing={editing} />
            <div className="workspace-tools">
              <button type="button" onClick={() => void bundles.exportBundle()} disabled={!view.workspace}>
                Save bundle
              </button>
              <label className="button-like">
                Open bundle…
                <input
                  type="file"
                  accept=".zip,application/zip"
                  className="visually-hidden"
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    event.target.value = '';
                    if (file) void bundles.openBundle(file);
                  }}
                />
              </label>
              <button type="button" onClick={() => setPublicExporting(true)} disabled={storedSites.length === 0}>
                Public export…
              </button>
              <button type="button" onClick={() => setStakeholder(true)}>
                Stakeholder view
              </button>
              <button type="button" ref={plannerButton} aria-pressed={planner.open} onClick={() => planner.setOpen(!planner.open)} disabled={!view.workspace}>
                Plan placements
              </button>
              <button type="button" ref={regionalButton} onClick={() => void (view.workspace ? readWorkspaceBundle(db, view.workspace.id).then((own) => setRegional([own])) : setRegional([]))}>
                Regional view…
              </button>
            </div>
          </>
        }
      />
      <nav className="sidebar" aria-label="Layers and sites">
        <div className="panel import-panel">
          <ImportButton onFiles={(files) => void importer.chooseFiles(files)} disabled={!view.workspace || importer.state.step !== 'idle'} />
          <p className="hint">or drop files on the map: police.uk crime, NRD/CNI/sensitive place lists, LSOA population with boundaries, DfT traffic counts, GeoJSON, TopoJSON, zipped shapefiles.</p>
        </div>
        {planner.open ? (
          <PlacementPanel
            planner={planner}
            onShowCandidate={(lon, lat) => setFlyToRequest({ lon, lat })}
            onShowSite={(siteId) => selectFromList(siteId, true)}
            onShowArea={(geometry) => setFlyToRequest({ bounds: lonLatBounds(geometry) })}
            onClose={() => {
              planner.setOpen(false);
              setTimeout(() => plannerButton.current?.focus());
            }}
          />
        ) : (
          <>
          <RegisterPanel sites={storedSites} placing={placing} onPlacingChange={actions.setPlacing} onPlace={actions.placeTyped} disabled={!view.workspace} />
          <ProcedurePanel
            strategicAssessments={procedure.strategicAssessments}
            missing={procedure.records.missing}
            reviewsDue={procedure.reviewsDue}
            today={procedure.today}
            onOpenAssessment={(recordId) => procedure.openRecord('strategic-assessment', recordId, null)}
            onShowReviewsDue={() => procedure.setShowingReviewsDue(true)}
            onEvidencePack={(from, to) => procedure.openPack({ kind: 'round', from, to })}
            verification={procedure.records.verification}
            verifying={procedure.records.verifying}
            onVerify={() => void procedure.records.verify()}
            onShowSite={(siteId) => selectFromList(siteId, true)}
            siteReference={(siteId) => storedSites.find((site) => site.id === siteId)?.reference ?? 'a deleted site'}
            unreadable={procedure.records.unreadable}
            disabled={!view.workspace}
          />
          <RegisterSummary areas={analysis.registerAreas} onShowHotSpot={(easting, northing) => setFlyToRequest(bngToWgs84({ easting, northing }))} />
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
          </>
        )}
      </nav>
      <main className="map-area" aria-label="Map">
        <MapPane
          state={mapState}
          workspaceId={view.workspace?.id ?? null}
          flyToRequest={flyToRequest}
          onSiteClick={selectSite}
          placing={placing || planner.mapMode !== null}
          onPlace={planner.mapMode ? planner.mapClick : actions.placeClicked}
          editableSite={selectedSite}
          onMoveSite={actions.moveSite}
          onAimSite={actions.aimSite}
          onSaveImage={(image) => download(`nrd-map-${new Date().toISOString().slice(0, 10)}.png`, 'image/png', image)}
        />
        {stakeholder && <StakeholderFigures register={storedSites} areas={analysis.registerAreas} reviewsDue={procedure.reviewsDue} onLeave={() => setStakeholder(false)} />}
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
      <RegisterTable
        total={storedSites.length}
        shown={shownSites}
        filter={registerFilter}
        onFilterChange={setRegisterFilter}
        sort={registerSort}
        onSortChange={setRegisterSort}
        selectedSiteId={selectedSiteId}
        onSelect={selectFromList}
        onExport={actions.exportRegister}
      />
      {selectedSite && !stakeholder && (
        <SitePanel
          site={selectedSite}
          focusRequest={panelFocus}
          onEdit={actions.saveSite}
          onChangeStatus={actions.changeSiteStatus}
          onDelete={actions.deleteSite}
          onClose={() => setSelectedSiteId(null)}
          userName={userName}
          today={localToday()}
          deleteRefusal={
            procedure.records.latest.some((version) => version.siteId === selectedSite.id)
              ? `${selectedSite.reference} has procedure records, which are kept for good: it cannot be deleted. A camera taken out of use is decommissioned through its annual review.`
              : null
          }
          records={
            procedure.procedureBySite.has(selectedSite.id) && <SiteRecords
              site={selectedSite}
              procedure={procedure.procedureBySite.get(selectedSite.id)!}
              missing={procedure.records.missing}
              reviewDue={procedure.reviewsDue.find((row) => row.siteId === selectedSite.id) ?? null}
              onOpen={(kind, recordId) => procedure.openRecord(kind, recordId, selectedSite)}
              onEvidencePack={() => procedure.openPack({ kind: 'site', siteId: selectedSite.id })}
            />
          }
          figures={
            <SiteFiguresView
              figures={analysis.figures}
              waiting={analysis.waiting}
              sensitiveWithinMetres={analysis.sensitiveWithinMetres}
              onSensitiveWithinChange={analysis.setSensitiveWithinMetres}
            />
          }
        />
      )}
      {procedure.dialog && <ProcedureRecordDialog {...procedure.dialog} userName={userName} />}
      {procedure.showingReviewsDue && (
        <ReviewsDueDialog
          rows={procedure.reviewsDue}
          onShowSite={(siteId) => {
            procedure.setShowingReviewsDue(false);
            selectFromList(siteId, true);
          }}
          onClose={() => procedure.setShowingReviewsDue(false)}
        />
      )}
      {procedure.pack && (
        <Suspense fallback={<p role="status" className="evidence-pack">Opening the evidence pack…</p>}>
          <EvidencePack {...procedure.pack} mapState={mapState} onClose={procedure.closePack} />
        </Suspense>
      )}
      {regional && (
        <Suspense fallback={<p role="status">Opening the regional view…</p>}>
          <RegionalView
            basemapUrl={basemapUrl}
            initialBundles={regional}
            onClose={() => {
              setRegional(null);
              // Back where the user opened it from, once the view has let the page take focus again.
              setTimeout(() => regionalButton.current?.focus());
            }}
          />
        </Suspense>
      )}
      {bundles.state.step !== 'idle' && <BundleDialog key={bundles.state.step} state={bundles.state} onApply={(choices) => void bundles.apply(choices)} onClose={bundles.close} />}
      {publicExporting && (
        <PublicExportDialog
          sites={storedSites}
          figures={publicFigures()}
          lsoas={lsoaFeatures}
          onDownload={download}
          onClose={() => setPublicExporting(false)}
        />
      )}
      <StatusBar storage={storage} />
      <ImportDialog state={importer.state} onRun={(files, jobs, choices) => void importer.run(files, jobs, choices)} onCancel={importer.cancel} />
    </div>
  );
}
