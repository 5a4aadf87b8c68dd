/**
 * Where a new NRD could go, for the placement optimiser (issue 9): positions inside the planning area
 * (a boundary the user picks or draws), taken from a point layer (DfT count points, or a list of
 * possible sites the user imported), from points along the lines of a line layer (roads), or from a
 * regular grid. Everything is in British National Grid metres, the plane the coverage is counted in.
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { PointColumns } from '../domain/point-columns.ts';
import type { GridPoints } from '../geo/coverage-area.ts';
import { gridBounds, insideRings, projectGeometry } from '../geo/grid-geometry.ts';
import { formatOsGridReference } from '../geo/os-grid-reference.ts';

export interface CandidatePosition {
  /** Unique within one set of candidates; stable for the same inputs. */
  id: string;
  /** What the user sees: "Count point 74012, A4", "Grid point ST 74000 65500", "London Road, 1.2 km along". */
  label: string;
  easting: number;
  northing: number;
}

export type CandidateSource =
  | { kind: 'points'; layerName: string; columns: PointColumns; grid: GridPoints }
  | { kind: 'lines'; layerName: string; features: FeatureCollection; everyMetres: number }
  | { kind: 'grid'; spacingMetres: number };

/** The planning area in grid metres, with its bounding box. */
export interface GridArea {
  rings: Float64Array[];
  box: [minX: number, minY: number, maxX: number, maxY: number];
}

/** More candidates than this makes the coverage of each slow to count and the map unreadable. */
export const MAX_CANDIDATES = 20_000;

export class CandidateError extends Error {}

export function gridArea(geometry: Polygon | MultiPolygon): GridArea {
  const projected = projectGeometry(geometry);
  if (!projected || projected.parts.length === 0) throw new CandidateError('The planning area has no boundary to place sites in.');
  return { rings: projected.parts, box: gridBounds(projected.parts) };
}

const inside = (area: GridArea, x: number, y: number) =>
  x >= area.box[0] && x <= area.box[2] && y >= area.box[1] && y <= area.box[3] && insideRings(area.rings, x, y);

/** The columns, in the order tried, that name a point: DfT's count point and road, a list's own name or reference. */
const NAME_COLUMNS = ['name', 'reference', 'siteName', 'site', 'location', 'description'];

function pointLabel(columns: PointColumns, layerName: string, row: number): string {
  const text = (name: string) => {
    const column = columns.attributes[name];
    return column?.kind === 'dictionary' ? column.dictionary[column.codes[row]!]!.trim() : '';
  };
  const countPoint = text('countPointId');
  if (countPoint) return [`Count point ${countPoint}`, text('roadName')].filter(Boolean).join(', ');
  const name = NAME_COLUMNS.map(text).find(Boolean);
  return name ? `${name} (${layerName})` : `${layerName} row ${row + 1}`;
}

function fromPoints(area: GridArea, { layerName, columns, grid }: Extract<CandidateSource, { kind: 'points' }>, limit: number): CandidatePosition[] {
  const rows = grid.index.range(...area.box).sort((a, b) => a - b);
  const seen = new Set<string>();
  const found: CandidatePosition[] = [];
  for (const row of rows) {
    const easting = grid.easting[row]!;
    const northing = grid.northing[row]!;
    if (!insideRings(area.rings, easting, northing)) continue;
    // DfT gives a count point a row a year, at the same place: one candidate per place.
    const place = `${Math.round(easting)},${Math.round(northing)}`;
    if (seen.has(place)) continue;
    seen.add(place);
    if (found.length === limit) throw tooMany(limit, 'points of that layer');
    found.push({ id: `p${row}`, label: pointLabel(columns, layerName, row), easting, northing });
  }
  return found;
}

/** A road's number and name as OS and most road files give them ("A4 London Road"), or empty. */
function lineName(properties: Record<string, unknown> | null): string {
  const text = (key: string) => (typeof properties?.[key] === 'string' ? (properties[key] as string).trim() : '');
  const name = text('name') || text('roadName') || text('road');
  const number = text('number') || text('roadNumber') || text('ref');
  return number && !name.startsWith(number) ? [number, name].filter(Boolean).join(' ') : name;
}

/** Points every `everyMetres` along each line, the first half a step in, so that a short road still gets one. */
function fromLines(area: GridArea, { layerName, features, everyMetres }: Extract<CandidateSource, { kind: 'lines' }>, limit: number): CandidatePosition[] {
  if (!(everyMetres > 0)) throw new CandidateError('The distance between points along the roads must be more than 0 metres.');
  const found: CandidatePosition[] = [];
  features.features.forEach((feature, featureIndex) => {
    const projected = projectGeometry(feature.geometry);
    if (projected?.geometry !== 'line') return;
    projected.parts.forEach((path, partIndex) => {
      let nextAt = everyMetres / 2;
      let travelled = 0;
      for (let i = 2; i < path.length; i += 2) {
        const [ax, ay, bx, by] = [path[i - 2]!, path[i - 1]!, path[i]!, path[i + 1]!];
        const length = Math.hypot(bx - ax, by - ay);
        while (nextAt <= travelled + length) {
          const t = length === 0 ? 0 : (nextAt - travelled) / length;
          const easting = ax + t * (bx - ax);
          const northing = ay + t * (by - ay);
          if (inside(area, easting, northing)) {
            if (found.length === limit) throw tooMany(limit, 'points along those lines');
            const along = nextAt >= 1000 ? `${(nextAt / 1000).toFixed(1)} km` : `${Math.round(nextAt)} m`;
            found.push({ id: `l${featureIndex}.${partIndex}.${Math.round(nextAt)}`, label: `${lineName(feature.properties) || `${layerName} line ${featureIndex + 1}`}, ${along} along`, easting, northing });
          }
          nextAt += everyMetres;
        }
        travelled += length;
      }
    });
  });
  return found;
}

/** Grid points on whole multiples of the spacing (so the same area and spacing always give the same points). */
function fromGrid(area: GridArea, spacingMetres: number, limit: number): CandidatePosition[] {
  if (!(spacingMetres >= 10)) throw new CandidateError('The grid spacing must be at least 10 metres.');
  const [minX, minY, maxX, maxY] = area.box;
  const columns = Math.floor(maxX / spacingMetres) - Math.ceil(minX / spacingMetres) + 1;
  const rows = Math.floor(maxY / spacingMetres) - Math.ceil(minY / spacingMetres) + 1;
  // The box is tested first: a county at 10 m spacing is 10^8 points, never to be walked.
  if (columns * rows > limit * 50) throw tooMany(limit, `grid points at ${spacingMetres} m`);
  const found: CandidatePosition[] = [];
  for (let y = Math.ceil(minY / spacingMetres) * spacingMetres; y <= maxY; y += spacingMetres) {
    for (let x = Math.ceil(minX / spacingMetres) * spacingMetres; x <= maxX; x += spacingMetres) {
      if (!insideRings(area.rings, x, y)) continue;
      if (found.length === limit) throw tooMany(limit, `grid points at ${spacingMetres} m`);
      found.push({ id: `g${x},${y}`, label: `Grid point ${formatOsGridReference(x, y) ?? `${x} ${y}`}`, easting: x, northing: y });
    }
  }
  return found;
}

function tooMany(limit: number, what: string): CandidateError {
  return new CandidateError(
    `The planning area holds more than ${limit.toLocaleString('en-GB')} ${what}. Choose a smaller area, a wider spacing, or fewer candidates.`,
  );
}

/** The candidate positions inside the area, in a stable order; a CandidateError says why there can be none. */
export function candidatePositions(area: GridArea, source: CandidateSource, limit = MAX_CANDIDATES): CandidatePosition[] {
  switch (source.kind) {
    case 'points':
      return fromPoints(area, source, limit);
    case 'lines':
      return fromLines(area, source, limit);
    case 'grid':
      return fromGrid(area, source.spacingMetres, limit);
  }
}
