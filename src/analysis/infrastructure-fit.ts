/**
 * Fit with regional and national infrastructure: how a proposed NRD sits among the existing ones, and
 * how a set of them covers the need of each force area. All in British National Grid metres.
 *
 * Definitions:
 * - Nearest existing NRD: the existing site (other than this one, by siteId) whose position is closest
 *   to this site's, as a straight line on the grid.
 * - Overlap: the area of this site's coverage that is also inside the coverage of at least one existing
 *   NRD: the union, so ground two existing NRDs both cover is counted once. It is exact for the
 *   polygons the coverages are drawn as with 720 steps a circle (each vertex on the arc, so each sits
 *   inside its true area by 0.0013%): every coverage is a convex polygon (a circle, or a sector of up
 *   to 180°) or two (a wider sector, cut in half); the intersection of convex polygons is found exactly,
 *   as that of their edges' half-planes (the tests check it against polygon-clipping, a general
 *   clipper), and the union is inclusion–exclusion over the existing NRDs that reach the site: the
 *   sum of single overlaps, less the sum of pairwise overlaps, plus triple overlaps, and so on,
 *   stopping wherever an intersection is empty. Should that take more
 *   than about 8 ms of clipping (a site under a dozen or more existing NRDs all overlapping one
 *   another), the overlap is measured instead by sampling the site's bounding box at 1/100 of its
 *   range, more coarsely (down to 1/25) when very many NRDs overlap it (`overlapMethod: 'sampled'`,
 *   to within about 1% of the site's area at 1/100).
 * - Overlap share: the overlap over the site's own coverage area (the same polygons).
 * - Crimes: crimes inside the site's coverage passing the filter (crimeCoverage).
 * - Marginal crimes: those of its crimes inside no existing NRD's coverage: what the site adds.
 * - Register fit, per force area: a crime belongs to the force area its crime layer's `forceArea`
 *   column names (police.uk's "Falls within"); without the column every crime is in one area, ''.
 *   Sites name a force area too; names are matched without "Constabulary", "Police" and the like, so
 *   a site in "Avon and Somerset" meets crimes in "Avon and Somerset Constabulary", and the area is
 *   shown by the sites' name for it. A site's coverage counts for every crime inside it, whatever the
 *   area: cameras near a boundary serve both forces, which is the regional view the procedure asks
 *   for. An area named by sites but with no crimes loaded has a row with no crimes, so it shows.
 *   A hot spot belongs to the area most of its crimes are in, and is covered when at least one of its
 *   crimes is covered by any NRD, existing or proposed (hot-spots.ts); the uncovered ones are the gaps.
 *   Last comes 'All loaded areas', everything together.
 */
import type { CoverageArea } from '../geo/coverage-area.ts';
import { coverageContains, coverageRing } from '../geo/coverage-area.ts';
import { ringArea, type Ring } from '../geo/convex-clip.ts';
import { countByType, crimeCoverage, type CrimeCoverage, type CrimeLayer, type TypeCount } from './crime-coverage.ts';
import { byCrimes, type HotSpot } from './hot-spots.ts';
import { passingRows, type PointFilter } from './point-filter.ts';

/** A site as the fit needs it: who it is, the force area it is in, and its coverage. */
export interface FitSite {
  siteId: string;
  reference: string;
  forceArea: string;
  area: CoverageArea;
}

export interface SiteFit {
  nearestExisting: { reference: string; distanceMetres: number } | null;
  /** Square metres of this site's coverage inside any existing NRD's coverage (their union). */
  overlapSquareMetres: number;
  /** overlapSquareMetres over the site's coverage area. */
  overlapShare: number;
  /** How the overlap was found: 'exact' polygon clipping, or 'sampled' (see the module comment). */
  overlapMethod: 'exact' | 'sampled';
  crimes: number;
  /** Crimes covered by this site and by no existing NRD. */
  marginalCrimes: number;
  marginalByType: TypeCount[];
}

/** Steps a whole circle is cut into for the overlap polygons. */
const ARC_STEPS = 720;
/**
 * Work inclusion–exclusion may do (half-planes intersected, about 80 ns each) before the overlap is
 * sampled instead: some 8 ms, so that a site dragged among many overlapping NRDs keeps up with the pointer.
 */
const MAX_WORK = 1e5;
/** Sampling step, as a share of the site's range: 200 x 200 samples over its bounding box at most. */
const SAMPLES_PER_RANGE = 100;
/** Sample-against-NRD tests the sampling may make (some 20 ms): with very many overlapping NRDs it samples more coarsely. */
const MAX_SAMPLE_TESTS = 1e6;
/** The coarsest sampling step, as a share of the range. */
const MIN_SAMPLES_PER_RANGE = 25;

export function siteFit(
  site: { siteId?: string; reference: string; area: CoverageArea },
  existing: FitSite[],
  layer: CrimeLayer,
  filter: PointFilter | null,
  /** The site's crimes when the caller has counted them already (the site panel has), so they are not counted twice. */
  coverage: CrimeCoverage = crimeCoverage(layer, [site.area], filter),
): SiteFit {
  const others = site.siteId === undefined ? existing : existing.filter((other) => other.siteId !== site.siteId);
  let nearestExisting: SiteFit['nearestExisting'] = null;
  for (const other of others) {
    const distanceMetres = Math.hypot(other.area.easting - site.area.easting, other.area.northing - site.area.northing);
    if (nearestExisting === null || distanceMetres < nearestExisting.distanceMetres) nearestExisting = { reference: other.reference, distanceMetres };
  }
  // Only an existing NRD whose circle reaches this site's can share ground or crimes with it.
  const reaching = others.filter((other) => reaches(site.area, other.area)).map((other) => other.area);
  const { squareMetres, method } = overlapArea(site.area, reaching);
  const sitePieces = convexPieces(site.area);
  const siteSquareMetres = sitePieces.reduce((sum, piece) => sum + ringArea(piece), 0);

  const { easting, northing } = layer.grid;
  // Nearest first, so a covered crime is found covered after few tests; crimes at one map point (police.uk
  // snaps them to a few thousand points a force) are tested once.
  const nearestFirst = [...reaching].sort((a, b) => distanceSquared(a, site.area) - distanceSquared(b, site.area));
  const coveredAt = new Map<string, boolean>();
  const marginal: number[] = [];
  for (const row of coverage.rows) {
    const key = `${easting[row]},${northing[row]}`;
    let covered = coveredAt.get(key);
    if (covered === undefined) coveredAt.set(key, (covered = nearestFirst.some((area) => coverageContains(area, easting[row]!, northing[row]!))));
    if (!covered) marginal.push(row);
  }
  return {
    nearestExisting,
    overlapSquareMetres: squareMetres,
    overlapShare: siteSquareMetres > 0 ? squareMetres / siteSquareMetres : 0,
    overlapMethod: method,
    crimes: coverage.crimes,
    marginalCrimes: marginal.length,
    marginalByType: countByType(layer, marginal),
  };
}

function distanceSquared(a: CoverageArea, b: CoverageArea): number {
  return (a.easting - b.easting) ** 2 + (a.northing - b.northing) ** 2;
}

function reaches(a: CoverageArea, b: CoverageArea): boolean {
  return Math.hypot(a.easting - b.easting, a.northing - b.northing) <= a.radiusMetres + b.radiusMetres;
}

/**
 * The coverage as convex polygons that tile it, each vertex on the arc (coverageRing, 720 steps a
 * circle): itself for a circle (a convex 720-gon) or a sector of up to 180°, else two equal sectors.
 */
export function convexPieces(area: CoverageArea): Ring[] {
  if (area.sector === null || area.sector.spanDegrees <= 180) return [coverageRing(area, ARC_STEPS)];
  const { startGridDegrees, spanDegrees } = area.sector;
  return [0, 1].map((k) => coverageRing({ ...area, sector: { startGridDegrees: startGridDegrees + (k * spanDegrees) / 2, spanDegrees: spanDegrees / 2 } }, ARC_STEPS));
}

/** A convex polygon as [x0, y0, x1, y1, ...], anticlockwise, in metres from the site (small numbers keep the shoelace exact). */
type Flat = Float64Array;

function flatPieces(area: CoverageArea, originE: number, originN: number): Flat[] {
  return convexPieces(area).map((ring) => {
    const flat = new Float64Array(2 * ring.length);
    // coverageRing runs clockwise (bearings grow clockwise): stored reversed, anticlockwise.
    ring.forEach(([x, y], i) => {
      const j = ring.length - 1 - i;
      flat[2 * j] = x - originE;
      flat[2 * j + 1] = y - originN;
    });
    return flat;
  });
}

function flatArea(polygon: Flat): number {
  let twice = 0;
  const n = polygon.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) twice += polygon[2 * j]! * polygon[2 * i + 1]! - polygon[2 * i]! * polygon[2 * j + 1]!;
  return Math.abs(twice) / 2;
}

/** What clipping has cost so far in one overlapArea: half-planes handled. */
let work = 0;

/** Scratch for intersect: half-planes as a point on the edge, its direction and its angle. */
let planeX = new Float64Array(0);
let planeY = new Float64Array(0);
let planeDx = new Float64Array(0);
let planeDy = new Float64Array(0);
let planeAngle = new Float64Array(0);
let planeLength = new Float64Array(0);
let order = new Uint32Array(0);
let deque = new Uint32Array(0);

/** Edges shorter than this (metres, |dx| + |dy|) are left out. */
const MIN_EDGE = 1e-7;
/** A point closer than this (metres) to the wrong side of an edge is on it. */
const ON_EDGE = 1e-9;
/** Edges whose directions differ by less than this (radians, as a sine) are parallel. */
const PARALLEL = 1e-12;

/**
 * The intersection of two convex anticlockwise polygons, exactly: the intersection of all their edges'
 * half-planes, found as half-planes are, in order of direction with a double-ended queue (the
 * Sutherland–Hodgman clip of clipToConvex gives the same polygon, but costs vertices times edges, 0.5 M
 * for two circles, where this costs their sum, 1,444, with no sort).
 */
function intersect(p: Flat, q: Flat): Flat {
  const total = p.length / 2 + q.length / 2 + 4;
  if (p.length < 6 || q.length < 6) return EMPTY;
  if (planeX.length < total) {
    planeX = new Float64Array(total);
    planeY = new Float64Array(total);
    planeDx = new Float64Array(total);
    planeDy = new Float64Array(total);
    planeAngle = new Float64Array(total);
    planeLength = new Float64Array(total);
    order = new Uint32Array(total);
    deque = new Uint32Array(total);
  }
  work += total;
  // Each polygon's edges, anticlockwise, already run in order of direction from one edge round: found,
  // they are merged with the other polygon's and the box's, with no sort.
  let count = 0;
  /** Per polygon: where its edges start in the scratch, how many, and the one of least direction. */
  const runs: { from: number; length: number; first: number }[] = [];
  let minX = -Infinity;
  let minY = -Infinity;
  let maxX = Infinity;
  let maxY = Infinity;
  for (const polygon of [p, q]) {
    const from = count;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    const last = polygon.length - 2;
    for (let e = 0; e <= last; e += 2) {
      const ax = polygon[e]!;
      const ay = polygon[e + 1]!;
      if (ax < x0) x0 = ax;
      if (ax > x1) x1 = ax;
      if (ay < y0) y0 = ay;
      if (ay > y1) y1 = ay;
      const dx = (e === last ? polygon[0]! : polygon[e + 2]!) - ax;
      const dy = (e === last ? polygon[1]! : polygon[e + 3]!) - ay;
      // An edge of a few nanometres (rounding where clipping met a vertex) has no direction worth the name.
      if (Math.abs(dx) + Math.abs(dy) < MIN_EDGE) continue;
      planeX[count] = ax;
      planeY[count] = ay;
      planeDx[count] = dx;
      planeDy[count] = dy;
      planeAngle[count] = pseudoAngle(dx, dy);
      planeLength[count] = Math.sqrt(dx * dx + dy * dy);
      count++;
    }
    minX = Math.max(minX, x0);
    minY = Math.max(minY, y0);
    maxX = Math.min(maxX, x1);
    maxY = Math.min(maxY, y1);
    if (count - from < 3) return EMPTY;
    let first = from;
    for (let i = from + 1; i < count; i++) if (planeAngle[i]! < planeAngle[first]!) first = i;
    runs.push({ from, length: count - from, first });
  }
  if (minX > maxX || minY > maxY) return EMPTY;
  // The two boxes' overlap bounds the answer, and keeps every step of the queue bounded.
  const box = count;
  for (const [x, y, dx, dy] of [[minX, minY, 1, 0], [maxX, minY, 0, 1], [maxX, maxY, -1, 0], [minX, maxY, 0, -1]] as const) {
    planeX[count] = x;
    planeY[count] = y;
    planeDx[count] = dx;
    planeDy[count] = dy;
    planeAngle[count] = pseudoAngle(dx, dy);
    planeLength[count] = 1;
    count++;
  }
  // Merged: p's and q's edges, each from its least direction round, and the box's four (already in order).
  const [pRun, qRun] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const nth = (run: (typeof runs)[0], k: number) => run.from + ((run.first - run.from + k) % run.length);
  const sorted = order;
  for (let k = 0, i = 0, j = 0, b = 0; k < count; k++) {
    const pi = i < pRun.length ? nth(pRun, i) : -1;
    const qi = j < qRun.length ? nth(qRun, j) : -1;
    const bi = b < 4 ? box + b : -1;
    let pick = pi;
    if (pick < 0 || (qi >= 0 && planeAngle[qi]! < planeAngle[pick]!)) pick = qi;
    if (pick < 0 || (bi >= 0 && planeAngle[bi]! < planeAngle[pick]!)) pick = bi;
    if (pick === pi) i++;
    else if (pick === qi) j++;
    else b++;
    sorted[k] = pick;
  }

  let head = 0;
  let tail = 0; // the queue is deque[head..tail)
  for (let k = 0; k < count; k++) {
    const h = sorted[k]!;
    while (tail - head > 1 && outside(h, deque[tail - 1]!, deque[tail - 2]!)) tail--;
    while (tail - head > 1 && outside(h, deque[head]!, deque[head + 1]!)) head++;
    if (tail - head > 0) {
      const g = deque[tail - 1]!;
      const sine = (planeDx[h]! * planeDy[g]! - planeDy[h]! * planeDx[g]!) / (planeLength[h]! * planeLength[g]!);
      if (Math.abs(sine) < PARALLEL) {
        // Opposite and parallel, met in this order only when they leave nothing between them.
        if (planeDx[h]! * planeDx[g]! + planeDy[h]! * planeDy[g]! < 0) return EMPTY;
        // The same direction: keep the stricter.
        if (side(h, planeX[g]!, planeY[g]!) < -ON_EDGE) tail--;
        else continue;
      }
    }
    // The queue only grows at its end, from a start it never passes: room for every half-plane.
    deque[tail++] = h;
  }
  while (tail - head > 2 && outside(deque[head]!, deque[tail - 1]!, deque[tail - 2]!)) tail--;
  while (tail - head > 2 && outside(deque[tail - 1]!, deque[head]!, deque[head + 1]!)) head++;
  const n = tail - head;
  if (n < 3) return EMPTY;
  const result = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    meet(deque[head + i]!, deque[head + ((i + 1) % n)]!);
    result[2 * i] = point[0]!;
    result[2 * i + 1] = point[1]!;
  }
  return result;
}

/** How far (metres) a point is inside half-plane h: negative outside. */
function side(h: number, x: number, y: number): number {
  return (planeDx[h]! * (y - planeY[h]!) - planeDy[h]! * (x - planeX[h]!)) / planeLength[h]!;
}

/** Where the lines of half-planes g and h cross, into `point` (never asked of parallel ones). */
const point = new Float64Array(2);
function meet(g: number, h: number): void {
  const denominator = planeDx[g]! * planeDy[h]! - planeDy[g]! * planeDx[h]!;
  const t = ((planeX[h]! - planeX[g]!) * planeDy[h]! - (planeY[h]! - planeY[g]!) * planeDx[h]!) / denominator;
  point[0] = planeX[g]! + t * planeDx[g]!;
  point[1] = planeY[g]! + t * planeDy[g]!;
}

/** Whether the corner where f and g meet is outside h. */
function outside(h: number, f: number, g: number): boolean {
  meet(f, g);
  return side(h, point[0]!, point[1]!) < -ON_EDGE;
}

const EMPTY = new Float64Array(0);

/** A number that grows with a direction's angle anticlockwise from east, as atan2 does, for sorting: 0 to 4. */
function pseudoAngle(dx: number, dy: number): number {
  const p = dx / (Math.abs(dx) + Math.abs(dy));
  return dy >= 0 ? 1 - p : 3 + p;
}

/** A clipped piece smaller than this (square metres) is a sliver of rounding along a shared edge, not ground. */
const SLIVER = 1e-9;

/**
 * The area of `site` inside the union of `others`, by inclusion–exclusion over convex pieces, or by
 * sampling when that would take more than MAX_WORK.
 */
export function overlapArea(site: CoverageArea, others: CoverageArea[]): { squareMetres: number; method: 'exact' | 'sampled' } {
  const { easting, northing } = site;
  const otherPieces = others.map((other) => flatPieces(other, easting, northing));
  let total = 0;
  work = 0;
  const include = (from: number, current: Flat[], sign: number): boolean => {
    for (let j = from; j < otherPieces.length; j++) {
      if (work > MAX_WORK) return false;
      const next: Flat[] = [];
      let squareMetres = 0;
      for (const polygon of current) {
        for (const piece of otherPieces[j]!) {
          const clipped = intersect(polygon, piece);
          if (clipped.length < 6) continue;
          const a = flatArea(clipped);
          if (a <= SLIVER) continue;
          next.push(clipped);
          squareMetres += a;
        }
      }
      if (next.length === 0) continue;
      total += sign * squareMetres;
      if (!include(j + 1, next, -sign)) return false;
    }
    return true;
  };
  if (include(0, flatPieces(site, easting, northing), 1)) return { squareMetres: Math.max(0, total), method: 'exact' };
  return { squareMetres: sampledOverlap(site, others), method: 'sampled' };
}

/** The overlap by sampling the site's bounding box cell by cell: the cell centres inside both count. */
function sampledOverlap(site: CoverageArea, others: CoverageArea[]): number {
  const perRange = Math.max(MIN_SAMPLES_PER_RANGE, Math.min(SAMPLES_PER_RANGE, Math.floor(Math.sqrt(MAX_SAMPLE_TESTS / Math.max(1, others.length)) / 2)));
  const step = site.radiusMetres / perRange;
  const siteSquareMetres = convexPieces(site).reduce((sum, piece) => sum + ringArea(piece), 0);
  let inSite = 0;
  let inBoth = 0;
  for (let x = site.easting - site.radiusMetres + step / 2; x < site.easting + site.radiusMetres; x += step) {
    for (let y = site.northing - site.radiusMetres + step / 2; y < site.northing + site.radiusMetres; y += step) {
      if (!coverageContains(site, x, y)) continue;
      inSite++;
      if (others.some((other) => coverageContains(other, x, y))) inBoth++;
    }
  }
  // As a share of the samples in the site, applied to the polygon's area, so shares stay within 0..1.
  return inSite > 0 ? (inBoth / inSite) * siteSquareMetres : 0;
}

export interface AreaFit {
  /** The force area's name, or 'All loaded areas'. */
  area: string;
  /** Crimes in the area passing the filter. */
  crimes: number;
  coveredByExisting: number;
  coveredByProposed: number;
  /** Covered by at least one existing and at least one proposed NRD. */
  coveredByBoth: number;
  coveredByEither: number;
  /** The gaps: the area's hot spots no NRD covers, most crimes first. */
  uncoveredHotSpots: HotSpot[];
  hotSpotsCovered: number;
  hotSpots: number;
}

export const ALL_LOADED_AREAS = 'All loaded areas';

/** A force's name as sites and police.uk both know it: "Avon and Somerset Constabulary" is "avon and somerset". */
export function forceAreaKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/^\s*police service of\s+/, '')
    .replace(/\b(constabulary|police service|police force|police)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Need covered by existing NRDs, by proposed ones, by both and by either, with the uncovered hot spots,
 * for each force area and for all loaded areas together. Areas are in name order, 'All loaded areas' last.
 */
export function registerFit(existing: FitSite[], proposed: FitSite[], layer: CrimeLayer, filter: PointFilter | null, spots: HotSpot[]): AreaFit[] {
  const count = layer.columns.count;
  const column = layer.columns.attributes.forceArea;
  const forces = column?.kind === 'dictionary' ? column : null;

  // Areas by key, each with the name shown: the sites' name for it when a site has one.
  const areaByKey = new Map<string, number>();
  const names: string[] = [];
  const areaOf = (key: string, name: string) => {
    let area = areaByKey.get(key);
    if (area === undefined) {
      area = names.length;
      areaByKey.set(key, area);
      names.push(name);
    }
    return area;
  };
  const areaByCode = forces ? forces.dictionary.map((name) => areaOf(forceAreaKey(name), name)) : [];
  if (!forces) areaOf('', '');
  else {
    const named = new Set<number>();
    for (const site of [...existing, ...proposed]) {
      if (site.forceArea.trim() === '') continue;
      const area = areaOf(forceAreaKey(site.forceArea), site.forceArea);
      if (!named.has(area)) names[area] = site.forceArea;
      named.add(area);
    }
  }
  const rowArea = (row: number) => (forces ? areaByCode[forces.codes[row]!]! : 0);

  const areas = names.length;
  const crimes = new Float64Array(areas);
  const pass = passingRows(layer.columns, filter);
  for (let row = 0; row < count; row++) if (pass[row] === 1) crimes[rowArea(row)]!++;

  const byExisting = crimeCoverage(layer, existing.map((site) => site.area), filter).rows;
  const byProposed = crimeCoverage(layer, proposed.map((site) => site.area), filter).rows;
  const inExisting = new Uint8Array(count);
  for (const row of byExisting) inExisting[row] = 1;
  const inEither = inExisting.slice();
  const coveredByExisting = new Float64Array(areas);
  const coveredByProposed = new Float64Array(areas);
  const coveredByBoth = new Float64Array(areas);
  for (const row of byExisting) coveredByExisting[rowArea(row)]!++;
  for (const row of byProposed) {
    const area = rowArea(row);
    coveredByProposed[area]!++;
    if (inExisting[row] === 1) coveredByBoth[area]!++;
    inEither[row] = 1;
  }

  const spotsIn: HotSpot[][] = Array.from({ length: areas }, () => []);
  const coveredSpots = new Float64Array(areas);
  const uncovered: HotSpot[][] = Array.from({ length: areas }, () => []);
  for (const spot of spots) {
    const area = majorityArea(spot.rows, rowArea, areas);
    spotsIn[area]!.push(spot);
    if (spot.rows.some((row) => inEither[row] === 1)) coveredSpots[area]!++;
    else uncovered[area]!.push(spot);
  }

  const fit = (area: string, i: number | null): AreaFit => {
    const sum = (values: Float64Array) => (i === null ? values.reduce((a, b) => a + b, 0) : values[i]!);
    const existingCrimes = sum(coveredByExisting);
    const proposedCrimes = sum(coveredByProposed);
    const both = sum(coveredByBoth);
    return {
      area,
      crimes: sum(crimes),
      coveredByExisting: existingCrimes,
      coveredByProposed: proposedCrimes,
      coveredByBoth: both,
      coveredByEither: existingCrimes + proposedCrimes - both,
      uncoveredHotSpots: (i === null ? uncovered.flat() : uncovered[i]!).sort(byCrimes),
      hotSpotsCovered: sum(coveredSpots),
      hotSpots: i === null ? spots.length : spotsIn[i]!.length,
    };
  };
  const order = names.map((_, i) => i).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  return [...order.map((i) => fit(names[i]!, i)), fit(ALL_LOADED_AREAS, null)];
}

/** The area most of the rows are in; a tie goes to the area met first. */
function majorityArea(rows: Uint32Array, rowArea: (row: number) => number, areas: number): number {
  if (areas === 1) return 0;
  const votes = new Uint32Array(areas);
  for (const row of rows) votes[rowArea(row)]!++;
  let best = 0;
  for (let area = 1; area < areas; area++) if (votes[area]! > votes[best]!) best = area;
  return best;
}
