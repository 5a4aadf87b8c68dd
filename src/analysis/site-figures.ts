import type { FeatureCollection } from 'geojson';
import type { Layer } from '../domain/layer.ts';
import type { LayerData } from '../domain/layer-data.ts';
import type { Site } from '../domain/site.ts';
import { isOperationalNrd } from '../procedure/lifecycle.ts';
import { coverageArea, gridPoints, type CoverageArea, type GridPoints } from '../geo/coverage-area.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import type { PointColumns } from '../domain/point-columns.ts';
import { crimeCoverage, crimeLayer, type CrimeCoverage, type CrimeLayer } from './crime-coverage.ts';
import { hotSpotCoverage, hotSpots, type HotSpot } from './hot-spots.ts';
import { registerFit, siteFit } from './infrastructure-fit.ts';
import type { PointFilter } from './point-filter.ts';
import { prepareLsoaPopulation, residentPopulation, type PreparedLsoas } from './resident-privacy.ts';
import { prepareSensitivePlaces, sensitivePlaces, type PreparedSensitivePlaces } from './sensitive-places.ts';
import { transientPopulation } from './transient-privacy.ts';

/** The layers the figures are counted from, each prepared once (projected to grid metres, indexed). */
export interface AnalysisInputs {
  crime: { layerName: string; layer: CrimeLayer; filter: PointFilter | null; hotSpots: HotSpot[] } | null;
  lsoas: { layerName: string; prepared: PreparedLsoas } | null;
  traffic: { layerName: string; columns: PointColumns; grid: GridPoints } | null;
  sensitive: PreparedSensitivePlaces;
}

export interface AnalysisLayer {
  layer: Pick<Layer, 'id' | 'name' | 'kind' | 'geometry'>;
  data: LayerData;
}

/** A point layer's index as stored, or built now for a layer stored before indexes were (schema 1). */
function indexOf(data: Extract<LayerData, { kind: 'points' }>): ArrayBuffer {
  return data.index ?? buildPointIndex(data.columns);
}

/**
 * Prepares the workspace's layers for the analysis: the first crime layer (with its filter, as the map
 * shows it), the first population layer, the first traffic layer and every CNI or sensitive-place layer.
 */
export function prepareAnalysisInputs(layers: AnalysisLayer[], filters: Record<string, PointFilter | undefined>): AnalysisInputs {
  const first = (kind: Layer['kind'], geometry: Layer['geometry']) => layers.find(({ layer }) => layer.kind === kind && layer.geometry === geometry);
  const crimeSource = first('crime', 'point');
  const populationSource = first('population', 'polygon');
  const trafficSource = first('traffic', 'point');
  let crime: AnalysisInputs['crime'] = null;
  if (crimeSource?.data.kind === 'points') {
    const layer = crimeLayer(crimeSource.data.columns, indexOf(crimeSource.data));
    const filter = filters[crimeSource.layer.id] ?? null;
    crime = { layerName: crimeSource.layer.name, layer, filter, hotSpots: hotSpots(layer, filter) };
  }
  const lsoas =
    populationSource?.data.kind === 'features' ? { layerName: populationSource.layer.name, prepared: prepareLsoaPopulation(populationSource.data.features as FeatureCollection) } : null;
  const traffic =
    trafficSource?.data.kind === 'points'
      ? { layerName: trafficSource.layer.name, columns: trafficSource.data.columns, grid: gridPoints(indexOf(trafficSource.data)) }
      : null;
  // It takes CNI and sensitive-place layers, and others whose names say schools, worship or health.
  const sensitive = prepareSensitivePlaces(layers.map(({ layer, data }) => ({ layerId: layer.id, layerName: layer.name, kind: layer.kind, data })));
  return { crime, lsoas, traffic, sensitive };
}


export interface SiteFigures {
  coverage: (CrimeCoverage & { layerName: string; hotSpots: ReturnType<typeof hotSpotCoverage> }) | null;
  residents: (ReturnType<typeof residentPopulation> & { layerName: string }) | null;
  transient: (ReturnType<typeof transientPopulation> & { layerName: string }) | null;
  sensitive: ReturnType<typeof sensitivePlaces> | null;
  fit: ReturnType<typeof siteFit> | null;
}

/** Coverage areas by site record: a register re-read after an edit is new records, a drag step is not. */
const areaCache = new WeakMap<Site, CoverageArea>();
function areaOf(site: Site): CoverageArea {
  let area = areaCache.get(site);
  if (!area) areaCache.set(site, (area = coverageArea(site)));
  return area;
}

const withArea = (site: Site) => ({ siteId: site.id, reference: site.reference, forceArea: site.forceArea, area: areaOf(site) });

/** Every figure for one site, each from the records that produced it; quick enough to follow a drag. */
export function siteFigures(site: Site, register: readonly Site[], inputs: AnalysisInputs, options: { sensitiveWithinMetres: number }): SiteFigures {
  const area = areaOf(site);
  const existing = register.filter((other) => other.id !== site.id && isOperationalNrd(other)).map(withArea);
  let coverage: SiteFigures['coverage'] = null;
  let fit: SiteFigures['fit'] = null;
  if (inputs.crime) {
    const { layer, filter, layerName } = inputs.crime;
    const covered = crimeCoverage(layer, [area], filter);
    coverage = { ...covered, layerName, hotSpots: hotSpotCoverage(inputs.crime.hotSpots, covered.rows, layer.columns.count) };
    fit = siteFit({ reference: site.reference, area }, existing, layer, filter, covered);
  }
  return {
    coverage,
    residents: inputs.lsoas ? { ...residentPopulation(inputs.lsoas.prepared, area), layerName: inputs.lsoas.layerName } : null,
    transient: inputs.traffic ? { ...transientPopulation(inputs.traffic, area), layerName: inputs.traffic.layerName } : null,
    sensitive: inputs.sensitive.pointLayers.length + inputs.sensitive.shapes.length > 0 ? sensitivePlaces(inputs.sensitive, area, options.sensitiveWithinMetres) : null,
    fit,
  };
}

/** The register as a whole: need covered by existing and proposed sites, and the hot spots neither covers. */
export function registerFigures(register: readonly Site[], inputs: AnalysisInputs): ReturnType<typeof registerFit> | null {
  if (!inputs.crime) return null;
  const existing = register.filter(isOperationalNrd).map(withArea);
  const proposed = register.filter((site) => site.kind === 'proposed' && site.status !== 'rejected').map(withArea);
  return registerFit(existing, proposed, inputs.crime.layer, inputs.crime.filter, inputs.crime.hotSpots);
}
