import { useEffect, useMemo, useRef, useState } from 'react';
import * as Comlink from 'comlink';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import turfArea from '@turf/area';
import type { Layer } from '../domain/layer.ts';
import type { LayerData } from '../domain/layer-data.ts';
import type { RecordVersionOf } from '../domain/procedure-record.ts';
import type { Site } from '../domain/site.ts';
import { coverageArea } from '../geo/coverage-area.ts';
import { insideRings } from '../geo/grid-geometry.ts';
import { CRIME_TYPE_COLUMN } from '../analysis/crime-coverage.ts';
import type { CandidateSourceChoice, PlacedCandidate, PlacementPlan, PlacementRequest, PlanningArea, PlanStage } from '../analysis/placement-plan.ts';
import type { PointFilter } from '../analysis/point-filter.ts';
import { isOperationalNrd } from '../procedure/lifecycle.ts';
import { crimeTypeWeights, latestAssessmentFor, weightsBasis } from '../procedure/threat-priorities.ts';
import type { LonLat } from '../map/map-view.ts';
import { startPlacementSession, type PlacementSession } from '../workers/placement-worker-client.ts';

export interface PlannerSettings {
  source: CandidateSourceChoice;
  rangeMetres: number;
  k: number;
  lambda: number;
  minSpacingMetres: number;
  exclusionMetres: number;
  excludeCni: boolean;
}

export type PlannerRun =
  | { step: 'idle' }
  | { step: 'running'; stage: PlanStage; done: number; of: number }
  | { step: 'failed'; message: string }
  | { step: 'cancelled' }
  | { step: 'done'; plan: PlacementPlan; request: PlacementRequest };

/** A suggestion as listed and drawn: its rank in the chosen solution and what it adds. */
export interface Suggestion {
  rank: number;
  candidate: PlacedCandidate;
  marginalGain: number;
  privacyCost: number;
}

/** What a click on the map does while the planner has it: pick a boundary, or add a corner to the drawn area. */
export type PlannerMapMode = 'pick' | 'draw' | null;

/** Lambda from 0 to 2 in steps of 0.1: at 1 the most intrusive candidate costs what the best one covers. */
export const TRADE_OFF_LAMBDAS = Array.from({ length: 21 }, (_, i) => i / 10);

const DEFAULT_SETTINGS: PlannerSettings = {
  source: { kind: 'grid', spacingMetres: 250 },
  rangeMetres: 150,
  k: 5,
  lambda: 0.5,
  minSpacingMetres: 300,
  exclusionMetres: 50,
  excludeCni: false,
};

/** A feature's name from its properties (name, NAME, lsoa11nm, LAD17NM, ...), else its layer and number. */
function featureLabel(feature: Feature, layerName: string, index: number): string {
  const properties = feature.properties ?? {};
  const key = Object.keys(properties).find((name) => /(^|[^a-z])name$|nm$|name$/i.test(name) && typeof properties[name] === 'string' && properties[name].trim());
  return key ? `${String(properties[key]).trim()} (${layerName})` : `${layerName}, shape ${index + 1}`;
}

/** A polygon's south-west and north-east corners in degrees, for framing it on the map. */
export function lonLatBounds(geometry: Polygon | MultiPolygon): [[number, number], [number, number]] {
  const positions = geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
  // A loop, not Math.min(...): a force boundary can have more vertices than a call takes arguments.
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of positions) {
    west = Math.min(west, lon!);
    east = Math.max(east, lon!);
    south = Math.min(south, lat!);
    north = Math.max(north, lat!);
  }
  return [
    [west, south],
    [east, north],
  ];
}

/** A polygon's rings as flat [lon0, lat0, lon1, lat1, ...] paths, as insideRings reads them. */
const lonLatRings = (geometry: Polygon | MultiPolygon): Float64Array[] =>
  (geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat()).map((ring) => Float64Array.from(ring.flat()));

const isPolygon = (feature: Feature): feature is Feature<Polygon | MultiPolygon> => feature.geometry?.type === 'Polygon' || feature.geometry?.type === 'MultiPolygon';

/** The basemap's own roads, offered as a line layer to place candidates along: ANPR cameras stand on main roads. */
export const BASEMAP_ROADS_ID = 'basemap:main-roads';
const MAIN_ROAD = /^(motorway|primary road|a road|b road)/i;

interface Wiring {
  /** Where the basemap's files are served; its road centrelines (where it has them) are a source of candidates. */
  basemapUrl: string;
  /** Another workspace starts the planner afresh: its area, weights and suggestions were of the last one. */
  workspaceId: string | undefined;
  layers: Layer[];
  data: Record<string, LayerData>;
  filters: Record<string, PointFilter>;
  register: readonly Site[];
  forceArea: string;
  strategicAssessments: readonly RecordVersionOf<'strategic-assessment'>[];
  /** Adds a suggestion to the register as a proposed site; the site, or null when it was not saved. */
  addSite: (candidate: PlacedCandidate, rangeMetres: number, notes: string) => Promise<Site | null>;
}

/**
 * The placement optimiser's state: the planning area, the settings, the crime-type weights (from the
 * strategic assessment until the user edits them), and a run in a worker with progress and cancel.
 */
export function usePlacementPlanner({ basemapUrl, workspaceId, layers, data, filters, register, forceArea, strategicAssessments, addSite }: Wiring) {
  const [open, setOpen] = useState(false);
  const [area, setArea] = useState<PlanningArea | null>(null);
  const [mapMode, setMapMode] = useState<PlannerMapMode>(null);
  const [drawing, setDrawing] = useState<LonLat[]>([]);
  const [settings, setSettings] = useState<PlannerSettings>(DEFAULT_SETTINGS);
  const [weightEdits, setWeightEdits] = useState<Record<string, number>>({});
  const [run, setRun] = useState<PlannerRun>({ step: 'idle' });
  const [solution, setSolution] = useState<'greedy' | 'exact'>('greedy');
  const [added, setAdded] = useState<Record<string, Pick<Site, 'id' | 'reference'>>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const session = useRef<{ session: PlacementSession; preparedKey: string } | null>(null);

  // Boundaries offered in the list: every polygon of a boundary layer. LSOAs and the like are picked on the map.
  const boundaries = useMemo(
    () =>
      layers.flatMap((layer) => {
        const layerData = data[layer.id];
        if (layer.kind !== 'boundary' || layerData?.kind !== 'features') return [];
        return layerData.features.features.flatMap((feature, index) => (isPolygon(feature) ? [{ boundaryId: `${layer.id}:${index}`, label: featureLabel(feature, layer.name, index), geometry: feature.geometry }] : []));
      }),
    [layers, data],
  );

  const crimeLayer = layers.find((layer) => layer.kind === 'crime' && layer.geometry === 'point');
  const crimeData = crimeLayer && data[crimeLayer.id];
  const crimeTypes = useMemo(() => {
    const column = crimeData?.kind === 'points' ? crimeData.columns.attributes[CRIME_TYPE_COLUMN] : undefined;
    return column?.kind === 'dictionary' ? [...column.dictionary].sort() : [];
  }, [crimeData]);
  const assessment = latestAssessmentFor(forceArea, strategicAssessments);
  const assessed = useMemo(() => crimeTypeWeights(assessment?.content ?? null, crimeTypes), [assessment, crimeTypes]);
  const weights = assessed.map((row) => ({ ...row, edited: row.crimeType in weightEdits, weight: weightEdits[row.crimeType] ?? row.weight }));

  // Read once, when the planner is first opened; a basemap without local roads offers none.
  const [basemapRoads, setBasemapRoads] = useState<FeatureCollection | null>(null);
  useEffect(() => {
    if (!open || basemapRoads) return;
    let current = true;
    void fetch(`${basemapUrl}local-roads.geojson`)
      .then((response) => (response.ok ? (response.json() as Promise<FeatureCollection>) : null))
      .then((roads) => {
        const main = roads?.features.filter((feature) => MAIN_ROAD.test(String(feature.properties?.class ?? '')));
        if (current && main && main.length > 0) setBasemapRoads({ type: 'FeatureCollection', features: main });
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, [open, basemapUrl, basemapRoads]);

  const candidateLayers = useMemo(
    () => ({
      points: layers.filter((layer) => layer.geometry === 'point' && layer.kind !== 'crime'),
      lines: [
        ...(basemapRoads ? [{ id: BASEMAP_ROADS_ID, name: 'the basemap’s main roads (OS, Bath & NE Somerset)' }] : []),
        ...layers.filter((layer) => layer.geometry === 'line'),
      ],
    }),
    [layers, basemapRoads],
  );

  // The worker's layers: prepared again when the layers or the crime filter change.
  const layerKey = layers.map((layer) => `${layer.id}:${layer.kind}:${layer.geometry}:${layer.name}:${data[layer.id] ? 1 : 0}`).join('|') + JSON.stringify(filters) + (basemapRoads ? '+roads' : '');
  const endSession = () => {
    session.current?.session.end();
    session.current = null;
  };
  useEffect(() => endSession, []);
  // Esc stops picking or drawing wherever the focus is (after a click it is on the map).
  useEffect(() => {
    if (!mapMode) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMapMode(null);
      setDrawing([]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mapMode]);
  useEffect(() => {
    endSession();
    setArea(null);
    setMapMode(null);
    setDrawing([]);
    setWeightEdits({});
    setRun({ step: 'idle' });
    setAdded({});
  }, [workspaceId]);

  const start = async () => {
    if (!area) return;
    const missing = layers.filter((layer) => !data[layer.id]);
    if (missing.length > 0) {
      setRun({ step: 'failed', message: `Still reading ${missing.map((layer) => layer.name).join(', ')}; run again in a moment.` });
      return;
    }
    setRun({ step: 'running', stage: 'candidates', done: 0, of: 1 });
    setAdded({});
    setSolution('greedy');
    // Progress comes through a port of its own, so its last messages can arrive after the answer: they are ignored,
    // as are a cancelled run's.
    let answered = false;
    try {
      if (!session.current) session.current = { session: startPlacementSession(), preparedKey: '' };
      const current = session.current;
      if (current.preparedKey !== layerKey) {
        await current.session.worker.prepare(
          [
            ...layers.map((layer) => ({ layer: { id: layer.id, name: layer.name, kind: layer.kind, geometry: layer.geometry }, data: data[layer.id]! })),
            // Kind 'other': candidates may be placed along it, the figures never count it.
            ...(basemapRoads ? [{ layer: { id: BASEMAP_ROADS_ID, name: 'Roads', kind: 'other' as const, geometry: 'line' as const }, data: { kind: 'features' as const, features: basemapRoads } }] : []),
          ],
          filters,
        );
        current.preparedKey = layerKey;
      }
      const request: PlacementRequest = {
        area,
        source: settings.source,
        planning: {
          rangeMetres: settings.rangeMetres,
          crimeTypeWeights: Object.fromEntries(weights.map((row) => [row.crimeType, row.weight])),
          exclusionMetres: settings.exclusionMetres,
          exclusionKinds: settings.excludeCni ? ['sensitive', 'cni'] : ['sensitive'],
        },
        existing: register.filter(isOperationalNrd).map(coverageArea),
        k: settings.k,
        lambda: settings.lambda,
        minSpacingMetres: settings.minSpacingMetres,
        lambdas: TRADE_OFF_LAMBDAS,
      };
      const plan = await current.session.worker.plan(
        request,
        Comlink.proxy((stage: PlanStage, done: number, of: number) => {
          if (!answered && session.current === current) setRun({ step: 'running', stage, done, of });
        }),
      );
      answered = true;
      if (session.current === current) setRun({ step: 'done', plan, request });
    } catch (error) {
      answered = true;
      // Ended by cancel: the state already says so.
      if (session.current === null) return;
      setRun({ step: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const cancel = () => {
    endSession();
    setRun({ step: 'cancelled' });
  };

  const suggestions: Suggestion[] = useMemo(() => {
    if (run.step !== 'done') return [];
    const { plan } = run;
    const placement = solution === 'exact' && plan.exact.kind === 'solved' ? plan.exact.placement : plan.greedy;
    const byId = new Map(plan.candidates.map((candidate) => [candidate.id, candidate]));
    return placement.chosen.map((choice, i) => ({ rank: i + 1, candidate: byId.get(choice.id)!, marginalGain: choice.marginalGain, privacyCost: choice.privacyCost }));
  }, [run, solution]);

  /** A map click while picking or drawing. */
  const mapClick = (point: LonLat) => {
    if (mapMode === 'draw') {
      setDrawing((corners) => [...corners, point]);
      return;
    }
    if (mapMode !== 'pick') return;
    // The smallest polygon under the click, of any boundary or population layer shown. Tested in degrees, not
    // projected: which shape holds a point does not change with the projection, and a click need not project every vertex.
    let picked: (PlanningArea & { squareMetres: number }) | null = null;
    for (const layer of layers) {
      const layerData = data[layer.id];
      if (layer.geometry !== 'polygon' || !layer.visible || layerData?.kind !== 'features') continue;
      for (const [index, feature] of layerData.features.features.entries()) {
        if (!isPolygon(feature) || !insideRings(lonLatRings(feature.geometry), point.lon, point.lat)) continue;
        const squareMetres = turfArea(feature);
        if (!picked || squareMetres < picked.squareMetres) picked = { label: featureLabel(feature, layer.name, index), geometry: feature.geometry, squareMetres };
      }
    }
    if (!picked) {
      setNotice('No boundary or population shape shown on the map lies under that point: show one in the layers list, or draw the area.');
      return;
    }
    setNotice(null);
    chooseArea({ label: picked.label, geometry: picked.geometry });
    setMapMode(null);
  };

  const chooseArea = (next: PlanningArea | null) => {
    setArea(next);
    setRun({ step: 'idle' });
  };

  const finishDrawing = () => {
    if (drawing.length < 3) return;
    const ring = [...drawing, drawing[0]!].map(({ lon, lat }) => [lon, lat]);
    chooseArea({ label: 'the area drawn on the map', geometry: { type: 'Polygon', coordinates: [ring] } });
    setDrawing([]);
    setMapMode(null);
  };

  const add = async (suggestion: Suggestion) => {
    if (run.step !== 'done') return;
    const { candidate } = suggestion;
    const { request } = run;
    const notes = [
      `Suggested by the placement optimiser on ${new Date().toISOString().slice(0, 10)} (${solution === 'exact' ? 'exact optimum' : 'greedy'}, rank ${suggestion.rank} of ${suggestions.length}; k ${request.k}, lambda ${request.lambda}, ${request.planning.rangeMetres} m range, in ${request.area.label}).`,
      `Adds ${Math.round(suggestion.marginalGain * 10) / 10} weighted crime to the network; ${candidate.unmetCrimes} of its ${candidate.crimes} crimes are not covered by an NRD in operation.`,
      `Privacy: ${Math.round(candidate.residents)} residents, ${Math.round(candidate.vehiclesPerDay)} vehicles a day (cost ${Math.round(suggestion.privacyCost * 100) / 100}).`,
    ].join(' ');
    const site = await addSite(candidate, request.planning.rangeMetres, notes);
    if (site) setAdded((current) => ({ ...current, [candidate.id]: { id: site.id, reference: site.reference } }));
  };

  return {
    open,
    setOpen: (next: boolean) => {
      setOpen(next);
      if (!next) {
        setMapMode(null);
        setDrawing([]);
      }
    },
    area,
    chooseArea,
    boundaries,
    mapMode,
    setMapMode: (mode: PlannerMapMode) => {
      setMapMode(mode);
      setDrawing([]);
      setNotice(null);
    },
    drawing,
    undoCorner: () => setDrawing((corners) => corners.slice(0, -1)),
    finishDrawing,
    mapClick,
    notice,
    settings,
    changeSettings: (change: Partial<PlannerSettings>) => setSettings((current) => ({ ...current, ...change })),
    candidateLayers,
    weights,
    weightsBasis: weightsBasis(assessment?.content ?? null),
    setWeight: (crimeType: string, weight: number) => setWeightEdits((current) => ({ ...current, [crimeType]: weight })),
    resetWeights: () => setWeightEdits({}),
    run,
    start: () => void start(),
    cancel,
    solution,
    setSolution,
    suggestions,
    added,
    add: (suggestion: Suggestion) => void add(suggestion),
  };
}

export type PlacementPlanner = ReturnType<typeof usePlacementPlanner>;
