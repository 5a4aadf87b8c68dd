/**
 * Fit across forces: several forces' registers and crime side by side, for the procedure's "fit with
 * existing regional and national infrastructure". Each force comes from its own workspace bundle and
 * is only read. All counting is infrastructure-fit.ts's (registerFit, siteFit) and hot-spots.ts's;
 * this module only decides which sites are counted against which force's crimes.
 *
 * Definitions, all in British National Grid metres:
 * - A force's crimes: every row of its bundle's first crime layer (prepareAnalysisInputs), unfiltered.
 *   A force whose bundle has no crime layer has no crimes of its own (it is counted against an empty
 *   layer), but its NRDs still cover its neighbours' crimes.
 * - NRDs in use: isOperationalNrd. Proposed sites: proposed and not rejected, as the register figures.
 * - Covered by own NRDs: crimes of the force's layer inside the coverage of its own NRDs in use.
 * - Covered by any force's NRDs: inside the coverage of any loaded force's NRDs in use. A camera near
 *   a force boundary covers the crimes on both sides, so this is never less than the own figure.
 * - Hot spots: the force's own (the top tenth of its LSOAs, or grid squares), each force's need judged
 *   from its own data.
 * - Gaps: the force's hot spots that no NRD in use and no proposed site of any loaded force covers
 *   (registerFit's rule: one covered crime covers the hot spot). `gapsWithOwnSitesAlone` counts them
 *   with the force's own sites only, so the difference is what its neighbours' cameras close.
 * - A proposed site: the nearest NRD in use of its own force and of any force (a straight line on the
 *   grid; another force's camera may be nearer), the crimes of its own force's layer in its coverage,
 *   and how many of those no loaded force's NRD in use covers (what it adds to the region).
 * - The region: the sum over the forces. Each crime is counted in the layer it was loaded with, so
 *   two bundles holding the same police.uk file would count its crimes twice.
 */
import type { Site } from '../domain/site.ts';
import type { PointColumns } from '../domain/point-columns.ts';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import { coverageArea } from '../geo/coverage-area.ts';
import { buildPointIndex } from '../geo/point-index.ts';
import { isOperationalNrd } from '../procedure/lifecycle.ts';
import { crimeCoverage, crimeLayer, type CrimeLayer } from './crime-coverage.ts';
import type { HotSpot } from './hot-spots.ts';
import { ALL_LOADED_AREAS, registerFit, siteFit, type AreaFit, type FitSite } from './infrastructure-fit.ts';
import { prepareAnalysisInputs, type AnalysisLayer } from './site-figures.ts';

/** One force as its bundle gives it. */
export interface RegionalForceInput {
  /** The force's name as shown (regionalForceName of its workspace). */
  name: string;
  sites: readonly Site[];
  /** Its layers; the first crime layer is its need, the others are not used. */
  layers: AnalysisLayer[];
}

export interface NearestNrd {
  force: string;
  reference: string;
  distanceMetres: number;
}

export interface RegionalProposedSite {
  siteId: string;
  reference: string;
  /** The nearest NRD in use of the site's own force; null when it has none. */
  nearestOwn: NearestNrd | null;
  /** The nearest NRD in use of any loaded force, its own included. */
  nearestAny: NearestNrd | null;
  /** Crimes of its own force's layer inside its coverage. */
  crimes: number;
  /** Of those, the crimes no loaded force's NRD in use covers. */
  marginalCrimes: number;
}

/** An uncovered hot spot, placed for the map (WGS84) as well as on the grid. */
export interface RegionalGap {
  /** The LSOA code, or the grid square ('grid 250 m E375000 N164000'). */
  id: string;
  kind: HotSpot['kind'];
  crimes: number;
  easting: number;
  northing: number;
  lon: number;
  lat: number;
}

export interface RegionalFigures {
  nrdsInUse: number;
  proposed: number;
  crimes: number;
  coveredByOwnNrds: number;
  coveredByAnyNrds: number;
  hotSpots: number;
  /** Hot spots no NRD in use and no proposed site of any loaded force covers. */
  gapCount: number;
  /** The same, counted with each force's own sites only. */
  gapsWithOwnSitesAlone: number;
}

export interface ForceFit extends RegionalFigures {
  name: string;
  /** The crime layer counted, or null when the bundle has none. */
  crimeLayerName: string | null;
  /** The gaps, most crimes first. */
  gaps: RegionalGap[];
  proposedSites: RegionalProposedSite[];
}

export interface RegionalFit {
  forces: ForceFit[];
  region: RegionalFigures;
}

/** The regional view shows each force in its own colour: at most this many at once. */
export const MAX_REGIONAL_FORCES = 8;

/** A workspace's force as the regional view names it: its force area, or its own name when it gives none. */
export function regionalForceName(workspace: { name: string; forceArea: string }): string {
  return workspace.forceArea.trim() || workspace.name.trim();
}

/** A proposed site the figures take: proposed and not rejected, as the register figures. */
export function isCountedProposal(site: Pick<Site, 'kind' | 'status'>): boolean {
  return site.kind === 'proposed' && site.status !== 'rejected';
}

/** The sites the regional view shows and counts: NRDs in use and proposed sites not rejected. */
export function isRegionalSite(site: Pick<Site, 'kind' | 'status'>): boolean {
  return isOperationalNrd(site) || isCountedProposal(site);
}

/** Counted against when a bundle has no crime layer: no crimes, and one path through the counting. */
function emptyCrimeLayer(): CrimeLayer {
  const columns: PointColumns = { count: 0, lon: new Float64Array(0), lat: new Float64Array(0), attributes: {} };
  return crimeLayer(columns, buildPointIndex(columns));
}

function gapOf(spot: HotSpot): RegionalGap {
  const { lon, lat } = bngToWgs84({ easting: spot.easting, northing: spot.northing });
  return { id: spot.id, kind: spot.kind, crimes: spot.crimes, easting: spot.easting, northing: spot.northing, lon, lat };
}

const allAreas = (areas: AreaFit[]) => areas.find((area) => area.area === ALL_LOADED_AREAS)!;

export function regionalFit(forces: readonly RegionalForceInput[]): RegionalFit {
  // Every force's NRDs in use, each named by its place in this list: siteFit reports the nearest by the
  // reference it was given, and two forces may use the same reference.
  const inUse = forces.flatMap((force, forceIndex) =>
    force.sites.filter(isOperationalNrd).map((site) => ({ force: forceIndex, site, area: coverageArea(site) })),
  );
  const fitSites = inUse.map(({ site, area }, i): FitSite => ({ siteId: String(i), reference: String(i), forceArea: site.forceArea, area }));
  const proposedSites = forces.flatMap((force, forceIndex) => force.sites.filter(isCountedProposal).map((site) => ({ force: forceIndex, site, area: coverageArea(site) })));
  const allProposed = proposedSites.map(({ site, area }, i): FitSite => ({ siteId: `proposed-${i}`, reference: site.reference, forceArea: site.forceArea, area }));

  const nearestNamed = (fit: { reference: string; distanceMetres: number } | null): NearestNrd | null => {
    if (!fit) return null;
    const { force, site } = inUse[Number(fit.reference)]!;
    return { force: forces[force]!.name, reference: site.reference, distanceMetres: fit.distanceMetres };
  };

  const fits = forces.map((force, forceIndex): ForceFit => {
    const crime = prepareAnalysisInputs(force.layers.filter(({ layer }) => layer.kind === 'crime'), {}).crime;
    const layer = crime?.layer ?? emptyCrimeLayer();
    const spots = crime?.hotSpots ?? [];
    const own = fitSites.filter((_, i) => inUse[i]!.force === forceIndex);
    const ownProposed = allProposed.filter((_, i) => proposedSites[i]!.force === forceIndex);
    const alone = allAreas(registerFit(own, ownProposed, layer, null, spots));
    const regional = allAreas(registerFit(fitSites, allProposed, layer, null, spots));
    return {
      name: force.name,
      crimeLayerName: crime?.layerName ?? null,
      nrdsInUse: own.length,
      proposed: ownProposed.length,
      crimes: regional.crimes,
      coveredByOwnNrds: alone.coveredByExisting,
      coveredByAnyNrds: regional.coveredByExisting,
      hotSpots: regional.hotSpots,
      gapCount: regional.uncoveredHotSpots.length,
      gapsWithOwnSitesAlone: alone.uncoveredHotSpots.length,
      gaps: regional.uncoveredHotSpots.map(gapOf),
      proposedSites: proposedSites
        .filter((entry) => entry.force === forceIndex)
        .map(({ site, area }) => {
          const target = { reference: site.reference, area };
          const covered = crimeCoverage(layer, [area], null);
          const any = siteFit(target, fitSites, layer, null, covered);
          return {
            siteId: site.id,
            reference: site.reference,
            nearestOwn: nearestNamed(siteFit(target, own, layer, null, covered).nearestExisting),
            nearestAny: nearestNamed(any.nearestExisting),
            crimes: any.crimes,
            marginalCrimes: any.marginalCrimes,
          };
        }),
    };
  });

  const sum = (figure: keyof RegionalFigures) => fits.reduce((total, force) => total + force[figure], 0);
  return {
    forces: fits,
    region: {
      nrdsInUse: sum('nrdsInUse'),
      proposed: sum('proposed'),
      crimes: sum('crimes'),
      coveredByOwnNrds: sum('coveredByOwnNrds'),
      coveredByAnyNrds: sum('coveredByAnyNrds'),
      hotSpots: sum('hotSpots'),
      gapCount: sum('gapCount'),
      gapsWithOwnSitesAlone: sum('gapsWithOwnSitesAlone'),
    },
  };
}
