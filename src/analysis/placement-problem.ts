/**
 * The placement problem as the optimiser solves it, built from the workspace's analysis inputs: each
 * candidate's coverage (a circle of the planned range: a site not yet built has no bearing), the crime
 * it would add to the network, its resident and transient population, and whether it is too near a
 * sensitive place.
 *
 * The privacy cost of a candidate is its residents and its vehicles a day, each as a share of the
 * largest among the candidates, averaged, then scaled to the largest need any one candidate covers:
 *
 *   privacyCost = bestNeed × (residents / maxResidents + vehicles / maxVehicles) / 2
 *
 * so lambda reads the same in any area: at lambda = 1 the most intrusive candidate costs as much as the
 * best candidate is worth. Without a population or a traffic layer the average is of the one share there
 * is (and without both there is no privacy cost).
 */
import { coveredRows, CRIME_TYPE_COLUMN } from './crime-coverage.ts';
import type { PlacementCandidate, PlacementProblem } from './placement-optimiser.ts';
import type { CandidatePosition } from './placement-candidates.ts';
import type { AnalysisInputs } from './site-figures.ts';
import { passingRows } from './point-filter.ts';
import { residentPopulation } from './resident-privacy.ts';
import { sensitivePlaces, type SensitivePlace } from './sensitive-places.ts';
import { transientPopulation } from './transient-privacy.ts';
import type { CoverageArea } from '../geo/coverage-area.ts';

export interface PlanningOptions {
  /** The coverage radius each candidate is counted with. */
  rangeMetres: number;
  /** Weight by crime type; a type not listed weighs 1. */
  crimeTypeWeights: Record<string, number>;
  /** A candidate this close (or closer) to a place of these kinds is excluded; 0 for none. */
  exclusionMetres: number;
  exclusionKinds: SensitivePlace['kind'][];
}

/** A candidate with the figures the suggestions list shows. */
export interface PlanningCandidate extends CandidatePosition {
  /** Crimes inside its coverage (passing the map's filter). */
  crimes: number;
  /** Of those, crimes no operational NRD already covers. */
  unmetCrimes: number;
  /** The unmet crimes weighted by type: what the optimiser maximises. */
  need: number;
  residents: number;
  vehiclesPerDay: number;
  /** The nearest place that excludes it ("St Mary's School, 120 m"), or null. */
  excludedBy: string | null;
}

export interface PlanningProblem {
  problem: Omit<PlacementProblem, 'k' | 'lambda' | 'minSpacingMetres'>;
  candidates: PlanningCandidate[];
  /** `bestNeed` of the formula above: what a privacy cost of 1 share is worth in weighted crime. */
  privacyScale: number;
}

const circle = (position: CandidatePosition, radiusMetres: number): CoverageArea => ({ easting: position.easting, northing: position.northing, radiusMetres, sector: null });

/**
 * The problem for these candidates; `existing` are the coverages of the NRDs in operation, whose crime
 * counts for nothing. `onProgress` hears after each candidate is counted.
 */
export function planningProblem(
  inputs: AnalysisInputs,
  existing: CoverageArea[],
  positions: CandidatePosition[],
  options: PlanningOptions,
  onProgress?: (done: number, of: number) => void,
): PlanningProblem {
  if (!inputs.crime) throw new Error('The workspace has no crime layer: there is no need to place sites against. Import a police.uk street-crime file first.');
  if (!(options.rangeMetres > 0)) throw new Error('The planned range must be more than 0 metres.');
  const { layer, filter } = inputs.crime;
  const columns = layer.columns;
  const pass = passingRows(columns, filter);
  const alreadyCovered = new Uint8Array(columns.count);
  for (const row of coveredRows(layer, existing, filter).rows) alreadyCovered[row] = 1;
  const type = columns.attributes[CRIME_TYPE_COLUMN];
  const codes = type?.kind === 'dictionary' ? type.codes : null;
  const weightOfCode = type?.kind === 'dictionary' ? type.dictionary.map((name) => options.crimeTypeWeights[name] ?? 1) : [];
  const crimeWeights = new Float64Array(columns.count);
  for (let row = 0; row < columns.count; row++) {
    if (pass[row] === 1 && alreadyCovered[row] === 0) crimeWeights[row] = codes ? weightOfCode[codes[row]!]! : 1;
  }

  const candidates: PlanningCandidate[] = [];
  const placement: PlacementCandidate[] = [];
  const excluding = new Set(options.exclusionKinds);
  positions.forEach((position, j) => {
    const area = circle(position, options.rangeMetres);
    const covers = coveredRows(layer, [area], filter).rows;
    let unmetCrimes = 0;
    let need = 0;
    for (const row of covers) {
      need += crimeWeights[row]!;
      unmetCrimes += 1 - alreadyCovered[row]!;
    }
    let excludedBy: string | null = null;
    if (options.exclusionMetres > 0 && excluding.size > 0) {
      const near = sensitivePlaces(inputs.sensitive, circle(position, 0), options.exclusionMetres).find((place) => excluding.has(place.kind) && place.distanceMetres <= options.exclusionMetres);
      if (near) excludedBy = `${near.label}, ${Math.round(near.distanceMetres)} m`;
    }
    candidates.push({
      ...position,
      crimes: covers.length,
      unmetCrimes,
      need,
      residents: inputs.lsoas ? residentPopulation(inputs.lsoas.prepared, area).residents : 0,
      vehiclesPerDay: inputs.traffic ? transientPopulation(inputs.traffic, area).vehiclesPerDay : 0,
      excludedBy,
    });
    placement.push({ id: position.id, easting: position.easting, northing: position.northing, covers, privacyCost: 0, excluded: excludedBy !== null });
    onProgress?.(j + 1, positions.length);
  });

  const max = (pick: (c: PlanningCandidate) => number) => candidates.reduce((most, c) => Math.max(most, pick(c)), 0);
  const maxResidents = max((c) => c.residents);
  const maxVehicles = max((c) => c.vehiclesPerDay);
  const privacyScale = max((c) => (c.excludedBy ? 0 : c.need));
  const shares = Math.max(1, (inputs.lsoas ? 1 : 0) + (inputs.traffic ? 1 : 0));
  placement.forEach((candidate, j) => {
    const { residents, vehiclesPerDay } = candidates[j]!;
    const share = ((maxResidents > 0 ? residents / maxResidents : 0) + (maxVehicles > 0 ? vehiclesPerDay / maxVehicles : 0)) / shares;
    candidate.privacyCost = privacyScale * share;
  });
  return { problem: { candidates: placement, crimeWeights }, candidates, privacyScale };
}
