import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { FigureRow } from '../analysis/figures-table.ts';
import { prepareLsoaPopulation, type PreparedLsoas } from '../analysis/resident-privacy.ts';
import { STATUS_LABELS, type Site } from '../domain/site.ts';
import { bngToWgs84, wgs84ToBng } from '../geo/british-national-grid.ts';
import { formatOsGridReference } from '../geo/os-grid-reference.ts';
import { csvDocument, csvValue } from './register-export.ts';

/**
 * A public version of the register and its figures, for consultation (procedure, new infrastructure step 5) and
 * transparency (step 6): "The exact locations for new ANPR infrastructure need not be disclosed" and "specific
 * ANPR camera locations need not be identified". Each site is given only as the area it is in (a grid square or
 * an LSOA), under a label that is not its reference, with the figures that do not place it, rounded.
 */

/** Sides of the grid squares a position may be generalised to; anything finer would place a camera on its road. */
export const GRID_SQUARE_METRES = [500, 1000, 2000, 5000, 10000] as const;

/** The square a site outside every LSOA of the population layer is generalised to instead. */
const FALLBACK_SQUARE_METRES = 1000;

export type Generalisation =
  | { to: 'grid'; /** Side of the square: one of GRID_SQUARE_METRES. */ squareMetres: number }
  | { to: 'lsoa'; /** The population layer's polygons, with the { code, name, population } it is imported with. */ lsoas: FeatureCollection };

/** One site as the public sees it: the CSV's columns, in order. */
export interface PublicRow {
  /** "NRD 7": numbered by area, then in an order set by a hash of the site's id, so it follows neither position nor reference. */
  label: string;
  kind: Site['kind'];
  /** The lifecycle status as the app words it ("Live", "Under review"). */
  status: string;
  force_area: string;
  region: string;
  /** "1 km square ST 75 64" or "Bath and North East Somerset 012A (E01014380)". */
  area: string;
  area_type: 'grid square' | 'LSOA';
  lsoa_code: string | null;
  lsoa_name: string | null;
  square_side_metres: number | null;
  /** British National Grid metres of the square's south-west corner: multiples of its side. */
  square_sw_easting: number | null;
  square_sw_northing: number | null;
  /** To the nearest 10; "fewer than 10" below 10; null when no crime layer was given. */
  crimes_in_coverage: number | string | null;
  /** To the nearest 10; "fewer than 10" below 10; null when no population layer was given. */
  residents_in_coverage: number | string | null;
  /** To the nearest 100; "fewer than 100" below 100; null when no traffic layer was given. */
  vehicles_per_day: number | string | null;
}

export const PUBLIC_COLUMNS = [
  'label',
  'kind',
  'status',
  'force_area',
  'region',
  'area',
  'area_type',
  'lsoa_code',
  'lsoa_name',
  'square_side_metres',
  'square_sw_easting',
  'square_sw_northing',
  'crimes_in_coverage',
  'residents_in_coverage',
  'vehicles_per_day',
] as const;

// A compile-time check that the row and the column list name the same fields.
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : false;
const rowMatchesColumns: SameKeys<PublicRow, (typeof PUBLIC_COLUMNS)[number]> = true;
void rowMatchesColumns;

/** What a generalised area's feature carries: never a point at a site, only the area and who is in it. */
export interface PublicAreaProperties {
  area: string;
  sites: number;
  existing: number;
  proposed: number;
  /** "NRD 1, NRD 4". */
  labels: string;
}

export interface PublicExport {
  rows: PublicRow[];
  csv: string;
  geojson: FeatureCollection<Polygon | MultiPolygon, PublicAreaProperties>;
  /** The site fields and figure columns left out, by the names the record and the figures table give them. */
  removedFields: string[];
  /** For the export dialog: what was generalised and removed, and the procedure's words that allow it. */
  note: string;
}

/** The site fields the public version keeps, each generalised or relabelled (status as its label). */
type KeptSiteField = 'kind' | 'status' | 'forceArea' | 'region';

const REMOVED_SITE_FIELDS = [
  'id', // the app's identity of the record: the same in every export, so it would tie public versions to each other and to the register
  'workspaceId', // internal bookkeeping
  'reference', // the force's own reference, used on the register, in records and on the ground
  'name', // names the junction or street
  'lon', // the exact position
  'lat', // the exact position
  'enteredAs', // the exact position as typed (WGS84, BNG or a 10-figure grid reference)
  'bearingDegrees', // the aim of the camera, which with the area points at the road
  'rangeMetres', // with the aim, the shape of the coverage
  'fieldOfViewDegrees', // with the aim, the shape of the coverage
  'lanes', // the size of the road, which narrows it down within the area
  'directionOfTravel', // with the area, picks out one carriageway
  'road', // names the road
  'notes', // free text: may say anything about the place, the kit or the people
  'illustrative', // a flag of the bundled sample, not of a site; the note says when illustrative sites are included
  'statusHistory', // dates of installation and review, and the names of the people who made each change
  'revision', // internal bookkeeping
  'createdAt', // when the record was made, which can be matched to works on the ground
  'updatedAt', // when the record was last edited
] as const;

// Every Site field is either kept or removed: a new field fails to compile here until someone decides which.
const siteFieldsClassified: SameKeys<Site, KeptSiteField | (typeof REMOVED_SITE_FIELDS)[number]> = true;
void siteFieldsClassified;

/** The figures table's columns that stay out; crimes_total, residents and vehicles_per_day go in, rounded. */
const REMOVED_FIGURE_COLUMNS = [
  'site_id', // the record's identity, as id above
  'crimes_share_of_layer', // six places of a share times the published layer total gives the exact count back
  'hot_spots_touched', // hot spots are small cells on the public crime map: which ones a site reaches places it
  'hot_spots_total', // goes with hot_spots_touched
  'lsoas', // how many LSOAs a coverage touches tells a boundary junction from the middle of an area
  'count_points', // DfT count points are published points: with the vehicles figure, they name the road
  'sensitive_places', // schools, places of worship and CNI near a camera point at where it is
  'sensitive_places_in_coverage', // as sensitive_places
  'nearest_existing_nrd', // another camera's reference
  'nearest_existing_nrd_metres', // a distance to another camera: two of them triangulate it
  'overlap_with_existing_share', // says how close it is to other cameras
  'marginal_crimes', // a second crime count of the coverage, and the difference of two rounded counts is not rounded
] as const;
// Each crimes_<type> column is removed too (listed by name when the figures have it): small counts by type, matched
// against the public crime map's categories, pick out a place.

/** The figures kept, each rounded to a step; a value under the step is given as "fewer than" it. */
const KEPT_FIGURES = [
  { from: 'crimes_total', to: 'crimes_in_coverage', step: 10 },
  { from: 'residents', to: 'residents_in_coverage', step: 10 },
  { from: 'vehicles_per_day', to: 'vehicles_per_day', step: 100 },
] as const;

/**
 * A count as the public version gives it: to the nearest `step`, or "fewer than <step>" below it (0 included),
 * because a count of 2 crimes at a camera is a single street's events; null when there is no figure.
 */
export function roundedCount(value: unknown, step: number): number | string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (value < step) return `fewer than ${step}`;
  return Math.round(value / step) * step;
}

interface Area {
  key: string;
  name: string;
  type: PublicRow['area_type'];
  lsoa: { code: string; name: string } | null;
  square: { side: number; easting: number; northing: number } | null;
  geometry: () => Polygon | MultiPolygon;
}

/** The public version of `sites` and their `figures` (keyed by site id, as figureRows gives them). */
export function publicExport(
  sites: readonly Site[],
  figures: ReadonlyMap<string, FigureRow> | null,
  generalisation: Generalisation,
  options: { includeProposed: boolean },
): PublicExport {
  const squareMetres = generalisation.to === 'grid' ? generalisation.squareMetres : FALLBACK_SQUARE_METRES;
  if (!(GRID_SQUARE_METRES as readonly number[]).includes(squareMetres)) {
    throw new RangeError(`a grid square's side is one of ${GRID_SQUARE_METRES.join(', ')} metres, not ${squareMetres}`);
  }
  const included = sites.filter((site) => options.includeProposed || site.kind !== 'proposed');
  const areaOfLsoa = generalisation.to === 'lsoa' ? lsoaFinder(generalisation.lsoas) : null;
  let outsideEveryLsoa = 0;
  const placed = included.map((site) => {
    const grid = wgs84ToBng(site);
    let area = areaOfLsoa?.(grid.easting, grid.northing) ?? null;
    if (areaOfLsoa && !area) outsideEveryLsoa++;
    area ??= gridSquare(grid.easting, grid.northing, squareMetres);
    return { site, area, order: hash32(site.id) };
  });
  placed.sort((a, b) => compare(a.area.name, b.area.name) || compare(a.area.key, b.area.key) || a.order - b.order || compare(a.site.id, b.site.id));

  const rows = placed.map(({ site, area }, index): PublicRow => {
    const figureRow = figures?.get(site.id);
    const row: PublicRow = {
      label: `NRD ${index + 1}`,
      kind: site.kind,
      status: STATUS_LABELS[site.status],
      force_area: site.forceArea,
      region: site.region,
      area: area.name,
      area_type: area.type,
      lsoa_code: area.lsoa?.code ?? null,
      lsoa_name: area.lsoa?.name ?? null,
      square_side_metres: area.square?.side ?? null,
      square_sw_easting: area.square?.easting ?? null,
      square_sw_northing: area.square?.northing ?? null,
      crimes_in_coverage: null,
      residents_in_coverage: null,
      vehicles_per_day: null,
    };
    for (const { from, to, step } of KEPT_FIGURES) row[to] = roundedCount(figureRow?.[from], step);
    return row;
  });

  const features: Feature<Polygon | MultiPolygon, PublicAreaProperties>[] = [];
  const featureOf = new Map<string, Feature<Polygon | MultiPolygon, PublicAreaProperties>>();
  const labelsOf = new Map<string, string[]>();
  placed.forEach(({ site, area }, index) => {
    let feature = featureOf.get(area.key);
    if (!feature) {
      feature = { type: 'Feature', geometry: area.geometry(), properties: { area: area.name, sites: 0, existing: 0, proposed: 0, labels: '' } };
      featureOf.set(area.key, feature);
      labelsOf.set(area.key, []);
      features.push(feature);
    }
    feature.properties.sites++;
    feature.properties[site.kind]++;
    labelsOf.get(area.key)!.push(rows[index]!.label);
  });
  for (const [key, feature] of featureOf) feature.properties.labels = labelsOf.get(key)!.join(', ');

  const keptFigureColumns = new Set<string>(KEPT_FIGURES.map(({ from }) => from));
  const knownRemoved = new Set<string>([...REMOVED_SITE_FIELDS, ...REMOVED_FIGURE_COLUMNS, 'reference']);
  const otherFigureColumns = new Set<string>();
  for (const { site } of placed) {
    for (const column of Object.keys(figures?.get(site.id) ?? {})) {
      if (!keptFigureColumns.has(column) && !knownRemoved.has(column)) otherFigureColumns.add(column);
    }
  }
  const removedFields = [...REMOVED_SITE_FIELDS, ...REMOVED_FIGURE_COLUMNS, ...[...otherFigureColumns].sort()];

  return {
    rows,
    csv: csvDocument(
      PUBLIC_COLUMNS,
      rows.map((row) => PUBLIC_COLUMNS.map((column) => csvValue(row[column]))),
    ),
    geojson: { type: 'FeatureCollection', features },
    removedFields,
    note: noteFor(generalisation, squareMetres, {
      outsideEveryLsoa,
      proposedLeftOut: sites.length - included.length,
      illustrative: included.some((site) => site.illustrative),
    }),
  };
}

function noteFor(
  generalisation: Generalisation,
  squareMetres: number,
  { outsideEveryLsoa, proposedLeftOut, illustrative }: { outsideEveryLsoa: number; proposedLeftOut: number; illustrative: boolean },
): string {
  const to = generalisation.to === 'grid' ? `the ${sideLabel(squareMetres)} grid square` : 'the LSOA (census area)';
  const sentences = [
    `Each NRD is given only as ${to} it is in, under a label that is not its reference; references, names, roads, ` +
      'directions, positions, aims, ranges, notes, status history and the figures that could place a camera are removed, ' +
      'and counts are rounded (crimes and residents to 10, vehicles a day to 100). ' +
      'The procedure allows this: "The exact locations for new ANPR infrastructure need not be disclosed".',
  ];
  if (outsideEveryLsoa > 0) {
    const sites = outsideEveryLsoa === 1 ? '1 NRD lies' : `${outsideEveryLsoa} NRDs lie`;
    sentences.push(`${sites} outside every LSOA of the population layer and ${outsideEveryLsoa === 1 ? 'is' : 'are'} given as its ${sideLabel(FALLBACK_SQUARE_METRES)} grid square instead.`);
  }
  if (proposedLeftOut > 0) sentences.push(`${proposedLeftOut} proposed ${proposedLeftOut === 1 ? 'NRD is' : 'NRDs are'} left out.`);
  if (illustrative) sentences.push('Some NRDs are illustrative, made up for the sample: say so if this is published.');
  return sentences.join(' ');
}

function sideLabel(metres: number): string {
  return metres < 1000 ? `${metres} m` : `${metres / 1000} km`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** FNV-1a over the id's UTF-16 units: a fixed shuffle, so that labels follow neither position nor reference. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * The square of side `side` that holds a point, named by the OS grid reference of its south-west corner at the
 * finest precision the side is a multiple of: "500 m square ST 750 645", "1 km square ST 75 64", "10 km square ST 7 6".
 */
function gridSquare(easting: number, northing: number, side: number): Area {
  const west = Math.floor(easting / side) * side;
  const south = Math.floor(northing / side) * side;
  let digits = 10;
  for (let precision = 10; side % precision === 0 && digits > 2; precision *= 10) digits -= 2;
  // The corner is a multiple of the precision, so the reference (which truncates) names it exactly.
  const reference = formatOsGridReference(west, south, digits) ?? `at ${west}, ${south}`;
  return {
    key: `grid:${side}:${west}:${south}`,
    name: `${sideLabel(side)} square ${reference}`,
    type: 'grid square',
    lsoa: null,
    square: { side, easting: west, northing: south },
    geometry: () => ({
      type: 'Polygon',
      // Anticlockwise (RFC 7946), corner to corner: at 10 km a grid line bends less than a metre from the straight line in degrees.
      coordinates: [
        [
          [west, south],
          [west + side, south],
          [west + side, south + side],
          [west, south + side],
          [west, south],
        ].map(([e, n]) => {
          const { lon, lat } = bngToWgs84({ easting: e!, northing: n! });
          // Six places (about 0.1 m), as RFC 7946 advises: more would be noise from the Helmert shift.
          return [Number(lon.toFixed(6)), Number(lat.toFixed(6))];
        }),
      ],
    }),
  };
}

/**
 * Finds the LSOA that holds a point (grid metres), reading the layer's polygons and their code and name as the
 * resident-privacy figure does; the area's polygon is the LSOA's own, from the layer.
 */
function lsoaFinder(lsoas: FeatureCollection): (easting: number, northing: number) => Area | null {
  const prepared = prepareLsoaPopulation(lsoas);
  const geometryOf = new Map<string, Polygon | MultiPolygon>();
  for (const feature of lsoas.features) {
    const code = String(feature.properties?.code ?? '');
    const geometry = feature.geometry;
    if (!geometryOf.has(code) && (geometry?.type === 'Polygon' || geometry?.type === 'MultiPolygon')) geometryOf.set(code, geometry);
  }
  return (easting, northing) => {
    let found = -1;
    for (const i of prepared.index.search(easting, northing, easting, northing)) {
      // On a boundary shared by two LSOAs, the first in the layer, whatever order the index returns them in.
      if (i < prepared.count && (found === -1 || i < found) && insideLsoa(prepared, i, easting, northing)) found = i;
    }
    if (found === -1) return null;
    const code = prepared.code[found]!;
    const name = prepared.name[found]!;
    const geometry = geometryOf.get(code);
    if (!geometry) return null;
    return {
      key: `lsoa:${code}`,
      name: name === code ? code : `${name} (${code})`,
      type: 'LSOA',
      lsoa: { code, name },
      square: null,
      geometry: () => geometry,
    };
  };
}

/** Even-odd over all the LSOA's rings, so that holes and the parts of a multipolygon count as they should. */
function insideLsoa(lsoas: PreparedLsoas, i: number, x: number, y: number): boolean {
  const xy = lsoas.coordinates;
  let inside = false;
  for (let k = lsoas.lsoaRingStart[i]!; k < lsoas.lsoaRingStart[i + 1]!; k++) {
    if (x < lsoas.ringBox[4 * k]! || y < lsoas.ringBox[4 * k + 1]! || x > lsoas.ringBox[4 * k + 2]! || y > lsoas.ringBox[4 * k + 3]!) continue;
    const from = lsoas.ringVertexStart[k]!;
    const to = lsoas.ringVertexStart[k + 1]!;
    for (let v = from, p = to - 1; v < to; p = v++) {
      const ax = xy[2 * p]!;
      const ay = xy[2 * p + 1]!;
      const bx = xy[2 * v]!;
      const by = xy[2 * v + 1]!;
      if (ay > y !== by > y && x < ax + ((y - ay) * (bx - ax)) / (by - ay)) inside = !inside;
    }
  }
  return inside;
}
