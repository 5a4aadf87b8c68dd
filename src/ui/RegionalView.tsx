import { useEffect, useId, useMemo, useRef, useState, type CSSProperties } from 'react';
import { createPortal } from 'react-dom';
import type { LngLatBoundsLike } from 'maplibre-gl';
import { forceAreaKey } from '../analysis/infrastructure-fit.ts';
import { isCountedProposal, isRegionalSite, MAX_REGIONAL_FORCES, regionalForceName, type NearestNrd, type RegionalFigures, type RegionalFit } from '../analysis/regional-fit.ts';
import type { AnalysisLayer } from '../analysis/site-figures.ts';
import type { Site } from '../domain/site.ts';
import type { Workspace } from '../domain/workspace.ts';
import { readBundle, type WorkspaceBundle } from '../io/workspace-bundle.ts';
import { MapView, UK_BOUNDS, type LonLat } from '../map/map-view.ts';
import { buildRegionalStyle, FORCE_PALETTE, type RegionalMapState } from '../map/regional-style.ts';
import { isOperationalNrd } from '../procedure/lifecycle.ts';
import { regionalWorker } from '../workers/regional-worker-client.ts';

interface Props {
  onClose: () => void;
  /** Absolute URL the bundled basemap files are served under, ending in '/'. */
  basemapUrl: string;
  /** Bundles shown from the start, such as the open workspace's own (readWorkspaceBundle). */
  initialBundles?: WorkspaceBundle[];
}

/** One force in the view: what its bundle gave, less what the view does not use. */
interface LoadedForce {
  /** forceAreaKey of its name: a second bundle of the same force is refused. */
  key: string;
  name: string;
  colour: string;
  /** Where it came from: a file's name, or the open workspace. */
  source: string;
  workspace: Workspace;
  /** Its NRDs in use and proposed sites. */
  sites: Site[];
  /** Its crime layers; the first is counted. Its other layers are not kept. */
  crimeLayers: AnalysisLayer[];
}

type Outcome = { kind: 'added' | 'refused'; text: string };

declare global {
  interface Window {
    /** The regional view's map, for browser tests to wait on rendering and read what is drawn. */
    nrdRegionalMap?: MapView<RegionalMapState>['map'];
  }
}

const OPEN_WORKSPACE = 'the open workspace';
const whole = new Intl.NumberFormat('en-GB');
const metres = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
/** A count with its share, to two significant figures, as the register's summary words it. */
const withShare = (part: number, of: number) => `${whole.format(part)} (${of === 0 ? '—' : `${Number(((part / of) * 100).toPrecision(2))}%`})`;
const nearest = (nrd: NearestNrd | null) => (nrd ? `${nrd.reference} (${nrd.force}), ${metres.format(nrd.distanceMetres)} m` : 'none');
/** Gaps listed per force before "Show all". */
const FIRST_GAPS = 10;

// Laid out here, not in styles.css, so that the view is one file; colours come from the app's variables.
const STYLES = {
  page: { position: 'fixed', inset: 0, zIndex: 1000, display: 'grid', gridTemplateRows: 'auto minmax(0, 1fr)', background: 'var(--paper)' },
  header: { display: 'flex', alignItems: 'center', gap: '1rem', flexWrap: 'wrap', padding: '0.6rem 1rem', background: 'var(--panel)', borderBottom: '1px solid var(--line)' },
  headerNote: { margin: 0, flex: '1 1 20rem' },
  body: { display: 'grid', gridTemplateColumns: 'minmax(30rem, 42rem) minmax(0, 1fr)', minHeight: 0 },
  panel: { overflowY: 'auto', padding: '0.75rem 1rem 2rem', borderRight: '1px solid var(--line)' },
  section: { marginBottom: '1.25rem' },
  sectionHeading: { fontSize: '1.05rem', margin: '0 0 0.4rem' },
  forces: { listStyle: 'none', padding: 0, margin: '0.5rem 0' },
  force: { display: 'grid', gridTemplateColumns: 'auto 1fr auto', alignItems: 'start', gap: '0.2rem 0.6rem', padding: '0.4rem 0', borderBottom: '1px solid #e4e4e0' },
  forceSwatch: { width: 18, height: 18, marginTop: 2 },
  forceMeta: { display: 'block', fontSize: '0.85rem', color: 'var(--muted)' },
  table: { fontSize: '0.86rem' },
  wrapHeader: { verticalAlign: 'bottom', whiteSpace: 'normal' },
  noWrap: { whiteSpace: 'nowrap' },
  forceHeader: { minWidth: '7.5rem' },
  gapsHeading: { fontSize: '0.95rem', margin: '0.6rem 0 0.2rem', display: 'flex', alignItems: 'center', gap: '0.4rem' },
  mapBox: { position: 'relative', minHeight: 0 },
  legendBox: {
    position: 'absolute',
    top: '0.75rem',
    left: '0.75rem',
    zIndex: 3,
    maxWidth: '17rem',
    padding: '0.5rem 0.75rem',
    fontSize: '0.85rem',
    background: 'rgba(255, 255, 255, 0.96)',
    border: '1px solid var(--line)',
    borderRadius: 6,
    boxShadow: '0 2px 8px rgba(0, 0, 0, 0.15)',
  },
  legend: { margin: '0.2rem 0', color: 'var(--ink)' },
  proposedSymbol: { background: '#fff', border: '2.5px solid var(--muted)' },
  gapSymbol: { width: 18, height: 18, background: 'transparent', border: '3px solid var(--muted)', boxShadow: '0 0 0 1.5px #1a1a1a' },
} satisfies Record<string, CSSProperties>;

const swatch = (colour: string, style: CSSProperties = {}) => (
  <span className="swatch swatch--circle" style={{ ['--swatch' as string]: colour, ...style }} aria-hidden="true" />
);

function forceOf(bundle: WorkspaceBundle, source: string, colour: string): LoadedForce {
  const name = regionalForceName(bundle.workspace);
  return {
    key: forceAreaKey(name) || name.toLowerCase(),
    name,
    colour,
    source,
    workspace: bundle.workspace,
    sites: bundle.sites.filter(isRegionalSite),
    crimeLayers: bundle.layers.filter(({ layer }) => layer.kind === 'crime'),
  };
}

/** Why a bundle cannot join the forces loaded, or null when it can. */
function refusal(bundle: WorkspaceBundle, loaded: readonly LoadedForce[]): string | null {
  const name = regionalForceName(bundle.workspace);
  const key = forceAreaKey(name) || name.toLowerCase();
  const same = loaded.find((force) => force.workspace.id === bundle.workspace.id || force.key === key);
  if (same) return `${same.name} is already in the regional view (from ${same.source === OPEN_WORKSPACE ? OPEN_WORKSPACE : `“${same.source}”`}). Remove it first to show another bundle of the same force.`;
  if (loaded.length >= MAX_REGIONAL_FORCES) return `The regional view shows at most ${MAX_REGIONAL_FORCES} forces at once, each in its own colour. Remove one to add another.`;
  return null;
}

/** The first colour of the palette no loaded force has: a force keeps its colour when another is removed. */
function freeColour(loaded: readonly LoadedForce[]): string {
  return FORCE_PALETTE.find((colour) => !loaded.some((force) => force.colour === colour)) ?? FORCE_PALETTE[0];
}

function boundsOf(points: readonly LonLat[]): LngLatBoundsLike {
  if (points.length === 0) return UK_BOUNDS;
  const lons = points.map((point) => point.lon);
  const lats = points.map((point) => point.lat);
  // A little margin so that the coverage at the edges is in view too.
  return [
    [Math.min(...lons) - 0.02, Math.min(...lats) - 0.012],
    [Math.max(...lons) + 0.02, Math.max(...lats) + 0.012],
  ];
}

/** Site labels show from town scale in; at a region's scale they would cover each other. */
const SITE_LABELS_FROM_ZOOM = 11;
/** A gap or site is shown with a few kilometres around it, so that the NRDs near it are in view. */
const FLY_TO_ZOOM = 13;

/**
 * The map: a MapView drawing the regional style. It frames every force's sites, and their gaps once
 * the figures are in, whenever `frame` changes.
 */
function RegionalMap({ state, frame, flyTo }: { state: RegionalMapState; frame: string; flyTo: LonLat | null }) {
  const container = useRef<HTMLDivElement>(null);
  const view = useRef<MapView<RegionalMapState> | null>(null);
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    const ignore = () => {};
    const mapView = new MapView<RegionalMapState>(
      container.current!,
      latest.current,
      // Read-only: nothing on this map is picked, placed, moved or turned.
      { onSiteClick: ignore, onPlace: ignore, onMoveSite: ignore, onAimSite: ignore },
      boundsOf(latest.current.sites),
      { styleOf: buildRegionalStyle, siteLabelsFromZoom: SITE_LABELS_FROM_ZOOM },
    );
    view.current = mapView;
    window.nrdRegionalMap = mapView.map;
    return () => {
      mapView.destroy();
      view.current = null;
      delete window.nrdRegionalMap;
    };
  }, []);

  useEffect(() => {
    view.current?.update(state);
  }, [state]);

  useEffect(() => {
    view.current?.fitBounds(boundsOf([...latest.current.sites, ...latest.current.gaps]));
  }, [frame]);

  useEffect(() => {
    if (flyTo) view.current?.flyTo(flyTo, FLY_TO_ZOOM);
  }, [flyTo]);

  return <div ref={container} className="map" />;
}

/**
 * The regional view: several forces' workspace bundles side by side, each coloured by force, with the
 * fit figures across them (crime covered by each force's own NRDs and by any force's, proposed sites'
 * nearest NRD in use whichever force it belongs to) and each force's gaps. Everything is read only:
 * bundles are read from their files into memory, the figures are worked out in a worker, and nothing
 * is written to this browser's storage. A page over the app: the app behind it is inert while it is open.
 */
export function RegionalView({ onClose, basemapUrl, initialBundles }: Props) {
  const id = useId();
  const section = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const forcesHeading = useRef<HTMLHeadingElement>(null);
  const [forces, setForces] = useState<LoadedForce[]>([]);
  /** The forces as they stand after the last change, for checks made before React renders again. */
  const loaded = useRef<LoadedForce[]>([]);
  const [reading, setReading] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [figures, setFigures] = useState<{ forces: LoadedForce[]; fit: RegionalFit } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [flyTo, setFlyTo] = useState<LonLat | null>(null);
  const [allGaps, setAllGaps] = useState<Record<string, boolean>>({});

  const change = (next: LoadedForce[]) => {
    loaded.current = next;
    setForces(next);
  };
  const add = (bundle: WorkspaceBundle, source: string): Outcome => {
    const refused = refusal(bundle, loaded.current);
    if (refused) return { kind: 'refused', text: `${source === OPEN_WORKSPACE ? 'The open workspace' : `“${source}”`} was not added: ${refused}` };
    const force = forceOf(bundle, source, freeColour(loaded.current));
    change([...loaded.current, force]);
    return { kind: 'added', text: `Added ${force.name} from ${source === OPEN_WORKSPACE ? OPEN_WORKSPACE : `“${source}”`}.` };
  };

  // The page takes the focus, Escape leaves it, and the app behind it can be neither reached nor read.
  useEffect(() => {
    heading.current?.focus();
    const own = section.current;
    const behind = [...document.body.children].filter((element): element is HTMLElement => element instanceof HTMLElement && element !== own && !element.inert);
    for (const element of behind) element.inert = true;
    return () => {
      for (const element of behind) element.inert = false;
    };
  }, []);

  const offered = useRef(new Set<WorkspaceBundle>());
  useEffect(() => {
    for (const bundle of initialBundles ?? []) {
      if (offered.current.has(bundle)) continue;
      offered.current.add(bundle);
      add(bundle, OPEN_WORKSPACE);
    }
  }, [initialBundles]);

  useEffect(() => {
    if (forces.length === 0) return;
    let current = true;
    setFailure(null);
    regionalWorker()
      .regionalFit(forces.map((force) => ({ name: force.name, sites: force.sites, layers: force.crimeLayers })))
      .then(
        (fit) => current && setFigures({ forces, fit }),
        (error: unknown) => current && setFailure(`The regional figures could not be worked out: ${error instanceof Error ? error.message : String(error)}`),
      );
    return () => {
      current = false;
    };
  }, [forces]);
  const fit = figures?.forces === forces ? figures.fit : null;

  const addFiles = async (files: File[]) => {
    const results: Outcome[] = [];
    for (const file of files) {
      setReading(file.name);
      const read = await readBundle(new Uint8Array(await file.arrayBuffer()));
      results.push(read.ok ? add(read.bundle, file.name) : { kind: 'refused', text: `“${file.name}” was not added: ${read.message}` });
    }
    setReading(null);
    setOutcomes(results);
  };

  const remove = (force: LoadedForce) => {
    change(loaded.current.filter((other) => other !== force));
    setOutcomes([{ kind: 'added', text: `Removed ${force.name}.` }]);
    forcesHeading.current?.focus();
  };

  const mapState: RegionalMapState = useMemo(() => {
    const gaps = fit ? forces.flatMap((force, i) => fit.forces[i]!.gaps.map((gap) => ({ workspaceId: force.workspace.id, id: gap.id, lon: gap.lon, lat: gap.lat, crimes: gap.crimes }))) : [];
    return {
      basemapUrl,
      basemapVisible: { regions: true, 'force-areas': true, roads: true, rail: true },
      layers: [],
      // Two forces' sites may share an id; the map keys its labels by id.
      sites: forces.flatMap((force) => force.sites.map((site) => ({ ...site, id: `${force.workspace.id}/${site.id}` }))),
      sitesVisible: true,
      selectedSiteId: null,
      forces: forces.map((force) => ({ workspaceId: force.workspace.id, name: force.name, colour: force.colour })),
      gaps,
    };
  }, [basemapUrl, forces, fit]);

  const figureCells = (figures: RegionalFigures) => (
    <>
      <td className="numeric">{whole.format(figures.nrdsInUse)}</td>
      <td className="numeric">{whole.format(figures.proposed)}</td>
      <td className="numeric">{whole.format(figures.crimes)}</td>
      <td className="numeric" style={STYLES.noWrap}>
        {withShare(figures.coveredByOwnNrds, figures.crimes)}
      </td>
      <td className="numeric" style={STYLES.noWrap}>
        {withShare(figures.coveredByAnyNrds, figures.crimes)}
      </td>
      <td className="numeric">{whole.format(figures.hotSpots)}</td>
      <td className="numeric">{whole.format(figures.gapCount)}</td>
      <td className="numeric">{whole.format(figures.gapsWithOwnSitesAlone)}</td>
    </>
  );

  const page = (
    <section
      ref={section}
      role="region"
      aria-labelledby={`${id}-heading`}
      className="regional-view"
      style={STYLES.page}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header style={STYLES.header}>
        <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
          Regional view
        </h2>
        <p className="hint" style={STYLES.headerNote}>
          Forces’ workspace bundles side by side, read only: nothing here is saved in this browser or changes the open workspace.
        </p>
        <button type="button" onClick={onClose}>
          Close the regional view
        </button>
      </header>
      <div style={STYLES.body}>
        <div style={STYLES.panel}>
          <section style={STYLES.section} aria-labelledby={`${id}-forces`}>
            <h3 id={`${id}-forces`} ref={forcesHeading} tabIndex={-1} style={STYLES.sectionHeading}>
              Forces ({forces.length})
            </h3>
            <label className="button-like">
              Add a force’s bundle…
              <input
                type="file"
                accept=".zip,application/zip"
                multiple
                className="visually-hidden"
                disabled={reading !== null}
                onChange={(event) => {
                  const files = [...(event.target.files ?? [])];
                  event.target.value = '';
                  if (files.length > 0) void addFiles(files);
                }}
              />
            </label>
            <p className="hint">A bundle is the .zip file “Save bundle” writes: one per force, up to {MAX_REGIONAL_FORCES}, each in its own colour.</p>
            <div role="status">
              {reading ? <p>Reading {reading}…</p> : outcomes.filter((outcome) => outcome.kind === 'added').map((outcome) => <p key={outcome.text}>{outcome.text}</p>)}
            </div>
            <div role="alert">
              {!reading &&
                outcomes
                  .filter((outcome) => outcome.kind === 'refused')
                  .map((outcome) => (
                    <p key={outcome.text} className="import-error">
                      {outcome.text}
                    </p>
                  ))}
            </div>
            {forces.length > 0 && (
              <ul style={STYLES.forces} aria-label="Forces in the regional view">
                {forces.map((force) => {
                  const crimeLayer = force.crimeLayers[0];
                  return (
                    <li key={force.workspace.id} style={STYLES.force}>
                      {swatch(force.colour, STYLES.forceSwatch)}
                      <span>
                        <strong>{force.name}</strong>
                        <span style={STYLES.forceMeta}>
                          {force.workspace.name} · from {force.source === OPEN_WORKSPACE ? OPEN_WORKSPACE : force.source}
                        </span>
                        <span style={STYLES.forceMeta}>
                          {whole.format(force.sites.filter(isOperationalNrd).length)} NRDs in use · {whole.format(force.sites.filter(isCountedProposal).length)} proposed ·{' '}
                          {crimeLayer && crimeLayer.data.kind === 'points' ? `${whole.format(crimeLayer.data.columns.count)} crimes (${crimeLayer.layer.name})` : 'no crime layer'}
                        </span>
                      </span>
                      <button type="button" onClick={() => remove(force)} aria-label={`Remove ${force.name}`}>
                        Remove
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>

          {forces.length > 0 && (
            <section style={STYLES.section} aria-labelledby={`${id}-figures`}>
              <h3 id={`${id}-figures`} style={STYLES.sectionHeading}>
                Fit figures
              </h3>
              {failure ? (
                <p className="import-error" role="alert">
                  {failure}
                </p>
              ) : !fit ? (
                <p role="status">Working out the regional figures…</p>
              ) : (
                <>
                  <table className="figures__table" style={STYLES.table}>
                    <caption className="visually-hidden">Fit figures by force and for the region</caption>
                    <thead>
                      <tr>
                        <th scope="col" style={STYLES.wrapHeader}>
                          Force
                        </th>
                        {['NRDs in use', 'Proposed sites', 'Crimes', 'Covered by own NRDs', 'Covered by any force’s NRDs', 'Hot spots', 'Gaps', 'Gaps with own sites alone'].map((label) => (
                          <th key={label} scope="col" className="numeric" style={STYLES.wrapHeader}>
                            {label}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {forces.map((force, i) => (
                        <tr key={force.workspace.id}>
                          <th scope="row" style={STYLES.forceHeader}>
                            {swatch(force.colour)} {force.name}
                          </th>
                          {figureCells(fit.forces[i]!)}
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">Region</th>
                        {figureCells(fit.region)}
                      </tr>
                    </tfoot>
                  </table>
                  <p className="hint">
                    Crimes are each force’s own crime layer; covered means inside the coverage of an NRD in use. “Any force’s” counts a camera of any force shown, so a camera
                    near a boundary counts for the crimes across it. Gaps are a force’s hot spots (the top tenth of its LSOAs by crime) that no NRD in use and no proposed site of
                    any force covers.
                  </p>
                </>
              )}
            </section>
          )}

          {fit && (
            <section style={STYLES.section} aria-labelledby={`${id}-gaps`}>
              <h3 id={`${id}-gaps`} style={STYLES.sectionHeading}>
                Gaps
              </h3>
              {forces.map((force, i) => {
                const { gaps } = fit.forces[i]!;
                const shown = allGaps[force.workspace.id] ? gaps : gaps.slice(0, FIRST_GAPS);
                return (
                  <div key={force.workspace.id}>
                    <h4 style={STYLES.gapsHeading}>
                      {swatch(force.colour)} {force.name}: {gaps.length === 1 ? '1 gap' : `${whole.format(gaps.length)} gaps`}
                    </h4>
                    {gaps.length > 0 && (
                      <ol className="figures__places" aria-label={`Gaps in ${force.name}, most crimes first`}>
                        {shown.map((gap) => (
                          <li key={gap.id}>
                            <button type="button" className="link-button" onClick={() => setFlyTo({ lon: gap.lon, lat: gap.lat })}>
                              {gap.id}
                            </button>{' '}
                            {gap.crimes === 1 ? '1 crime' : `${whole.format(gap.crimes)} crimes`}
                          </li>
                        ))}
                      </ol>
                    )}
                    {gaps.length > FIRST_GAPS && !allGaps[force.workspace.id] && (
                      <button type="button" className="link-button" onClick={() => setAllGaps((shownAll) => ({ ...shownAll, [force.workspace.id]: true }))}>
                        Show all {whole.format(gaps.length)} gaps in {force.name}
                      </button>
                    )}
                  </div>
                );
              })}
            </section>
          )}

          {fit && fit.region.proposed > 0 && (
            <section style={STYLES.section} aria-labelledby={`${id}-proposed`}>
              <h3 id={`${id}-proposed`} style={STYLES.sectionHeading}>
                Proposed sites
              </h3>
              <table className="figures__table" style={STYLES.table}>
                <caption className="visually-hidden">Proposed sites and the nearest NRD in use</caption>
                <thead>
                  <tr>
                    <th scope="col" style={STYLES.wrapHeader}>
                      Site
                    </th>
                    <th scope="col" style={STYLES.wrapHeader}>
                      Nearest NRD in use of its force
                    </th>
                    <th scope="col" style={STYLES.wrapHeader}>
                      Nearest NRD in use of any force
                    </th>
                    <th scope="col" className="numeric" style={STYLES.wrapHeader}>
                      Crimes in coverage
                    </th>
                    <th scope="col" className="numeric" style={STYLES.wrapHeader}>
                      Not covered by any NRD in use
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {forces.flatMap((force, i) =>
                    fit.forces[i]!.proposedSites.map((proposed) => {
                      const site = force.sites.find((candidate) => candidate.id === proposed.siteId);
                      return (
                        <tr key={`${force.workspace.id}/${proposed.siteId}`}>
                          <th scope="row" style={STYLES.noWrap}>
                            {swatch(force.colour)}{' '}
                            <button type="button" className="link-button" onClick={() => site && setFlyTo({ lon: site.lon, lat: site.lat })}>
                              {proposed.reference}
                            </button>
                          </th>
                          <td>{nearest(proposed.nearestOwn)}</td>
                          <td>{nearest(proposed.nearestAny)}</td>
                          <td className="numeric">{whole.format(proposed.crimes)}</td>
                          <td className="numeric">{whole.format(proposed.marginalCrimes)}</td>
                        </tr>
                      );
                    }),
                  )}
                </tbody>
              </table>
            </section>
          )}
        </div>

        <div style={STYLES.mapBox}>
          <RegionalMap state={mapState} frame={`${forces.map((force) => force.workspace.id).join('|')}:${fit ? 'with gaps' : 'sites'}`} flyTo={flyTo} />
          <div style={STYLES.legendBox} aria-label="Legend" role="group">
            <strong>Legend</strong>
            <ul className="legend" style={STYLES.legend}>
              {forces.map((force) => (
                <li key={force.workspace.id}>
                  {swatch(force.colour)} {force.name}
                </li>
              ))}
              <li>{swatch('var(--muted)')} NRD in use, with its coverage</li>
              <li>{swatch('var(--muted)', STYLES.proposedSymbol)} Proposed site (coverage dashed)</li>
              <li>{swatch('transparent', STYLES.gapSymbol)} Gap: a hot spot no site covers</li>
            </ul>
          </div>
        </div>
      </div>
    </section>
  );
  return createPortal(page, document.body);
}
