import Flatbush from 'flatbush';
import type { FeatureCollection, GeoJsonProperties } from 'geojson';
import { nameWords, SENSITIVE_WORDS, type LayerKind } from '../domain/layer.ts';
import type { PointColumns } from '../domain/point-columns.ts';
import { gridBounds, insideRings, projectGeometry } from '../geo/grid-geometry.ts';
import { coverageContains, gridPoints, type CoverageArea, type GridPoints } from '../geo/coverage-area.ts';
import { buildPointIndex } from '../geo/point-index.ts';

/** A layer as the workspace holds it: its description and its data (domain/layer-data.ts). */
export interface PlaceLayerInput {
  layerId: string;
  layerName: string;
  kind: LayerKind;
  data: { kind: 'points'; columns: PointColumns; index?: ArrayBuffer } | { kind: 'features'; features: FeatureCollection };
}

/** A CNI site or sensitive place near a site, with the record it came from for the drill-down. */
export interface SensitivePlace {
  layerId: string;
  layerName: string;
  /** 'cni' for a CNI layer; 'sensitive' for a sensitive layer or one whose name says what it holds (schools, worship, health). */
  kind: 'cni' | 'sensitive';
  /** The place's name from a name-like property (name, Establishment name, distname, ...), else "<layer name> row <n>". */
  label: string;
  /** What kind of place, from properties such as sitetheme and classifica, or type; empty when the layer has none. */
  category: string;
  geometry: 'point' | 'line' | 'polygon';
  /** The point row or feature in the layer's data, 0-based. */
  recordIndex: number;
  /** Grid metres from the site position: to a point; 0 inside a polygon, else to its nearest edge; to a line's nearest segment. */
  distanceMetres: number;
  /** A point inside the coverage, or a line or polygon that meets it (touching counts). */
  insideCoverage: boolean;
}

interface PointLayer {
  layer: LayerMeta;
  grid: GridPoints;
  columns: PointColumns;
  /** Name-like then category-like columns, in the order they are tried. */
  labelColumns: string[];
  themeColumns: string[];
  classColumns: string[];
}

interface LayerMeta {
  layerId: string;
  layerName: string;
  kind: 'cni' | 'sensitive';
}

/** A line or polygon feature in grid metres. Each part is a flat [x0, y0, x1, y1, ...] path; polygon rings are closed. */
interface Shape {
  layer: LayerMeta;
  recordIndex: number;
  geometry: 'point' | 'line' | 'polygon';
  label: string;
  category: string;
  /** Polygons: every ring of every polygon (outer and holes; even-odd decides inside). Lines: each line. Points: one path of the positions. */
  parts: Float64Array[];
}

export interface PreparedSensitivePlaces {
  pointLayers: PointLayer[];
  shapes: Shape[];
  /** Bounding boxes of `shapes`, by their index; null when there are none (Flatbush needs one item). */
  shapeIndex: Flatbush | null;
}

/*
 * Property names, lower case with everything but letters and digits removed, in the order they are tried.
 * OS Open Map names a functional site "distname"; DfE's school list "Establishment name"; OpenStreetMap "name".
 */
const LABEL_NAMES = [
  'name',
  'establishmentname',
  'schoolname',
  'sitename',
  'distname',
  'placename',
  'stationname',
  'buildingname',
  'organisationname',
  'practicename',
  'hospitalname',
  'premisesname',
  'title',
  'label',
];
/** A column ending in "name" that names something else than the place: its area, road or operator. */
const NOT_A_PLACE_NAME = /^(?:localauthority|la|region|county|district|ward|parish|constituency|town|street|road|operator|owner|trust|contact|head|file)/;
const THEME_NAMES = ['sitetheme', 'theme', 'category', 'amenity', 'religion', 'power', 'railway'];
const CLASS_NAMES = ['classifica', 'classification', 'typeofestablishment', 'establishmenttype', 'type', 'subtype', 'featuretype', 'substation'];

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Keys of `names` in the order of `wanted` (then, for labels, any other "...name" that names the place). */
function pick(names: string[], wanted: string[], anyName = false): string[] {
  const byNormal = new Map<string, string>();
  for (const name of names) if (!byNormal.has(normalise(name))) byNormal.set(normalise(name), name);
  const picked = wanted.flatMap((w) => (byNormal.has(w) ? [byNormal.get(w)!] : []));
  if (anyName) {
    for (const [normal, name] of byNormal) {
      if (normal.endsWith('name') && !NOT_A_PLACE_NAME.test(normal) && !picked.includes(name)) picked.push(name);
    }
  }
  return picked;
}

/** Which layers hold places: CNI and sensitive layers, and a layer left as 'other' or 'boundary' whose name says schools, worship or health. */
function placeKind(layer: PlaceLayerInput): 'cni' | 'sensitive' | null {
  if (layer.kind === 'cni' || layer.kind === 'sensitive') return layer.kind;
  if ((layer.kind === 'other' || layer.kind === 'boundary') && SENSITIVE_WORDS.test(nameWords(layer.layerName))) return 'sensitive';
  return null;
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return (typeof value === 'object' ? JSON.stringify(value) : String(value)).trim();
}

function describeRecord(get: (key: string) => string, label: string[], theme: string[], kinds: string[], fallback: string): { label: string; category: string } {
  const first = (keys: string[]) => keys.map(get).find((value) => value !== '') ?? '';
  const parts = [first(theme), first(kinds)].filter((value, i, all) => value !== '' && all.indexOf(value) === i);
  return { label: first(label) || fallback, category: parts.join(' / ') };
}

/**
 * Gets every CNI and sensitive place ready for `sensitivePlaces`, once per set of layers: each projected
 * to British National Grid (the plane distances are measured in) and indexed. Point layers reuse their
 * stored kdbush index; lines and polygons are projected vertex by vertex and indexed by bounding box.
 */
export function prepareSensitivePlaces(layers: PlaceLayerInput[]): PreparedSensitivePlaces {
  const pointLayers: PointLayer[] = [];
  const shapes: Shape[] = [];
  for (const input of layers) {
    const kind = placeKind(input);
    if (kind === null) continue;
    const layer: LayerMeta = { layerId: input.layerId, layerName: input.layerName, kind };
    if (input.data.kind === 'points') {
      const { columns } = input.data;
      if (columns.count === 0) continue;
      const names = Object.keys(columns.attributes);
      pointLayers.push({
        layer,
        columns,
        grid: gridPoints(input.data.index ?? buildPointIndex(columns)),
        labelColumns: pick(names, LABEL_NAMES, true),
        themeColumns: pick(names, THEME_NAMES),
        classColumns: pick(names, CLASS_NAMES),
      });
      continue;
    }
    input.data.features.features.forEach((feature, recordIndex) => {
      const projected = projectGeometry(feature.geometry);
      if (!projected) return;
      const properties: NonNullable<GeoJsonProperties> = feature.properties ?? {};
      const names = Object.keys(properties);
      const { label, category } = describeRecord(
        (key) => textOf(properties[key]),
        pick(names, LABEL_NAMES, true),
        pick(names, THEME_NAMES),
        pick(names, CLASS_NAMES),
        `${input.layerName} feature ${recordIndex + 1}`,
      );
      shapes.push({ layer, recordIndex, geometry: projected.geometry, label, category, parts: projected.parts });
    });
  }
  let shapeIndex: Flatbush | null = null;
  if (shapes.length > 0) {
    shapeIndex = new Flatbush(shapes.length);
    for (const shape of shapes) shapeIndex.add(...gridBounds(shape.parts));
    shapeIndex.finish();
  }
  return { pointLayers, shapes, shapeIndex };
}


/**
 * The CNI and sensitive places a site touches: inside its coverage, or within `withinMetres` of the
 * site position (the camera, where a sector's apex is), nearest first. Geometry is planar in grid metres,
 * as the coverage is; the arc is the true arc, not a polygon of chords.
 */
export function sensitivePlaces(prepared: PreparedSensitivePlaces, area: CoverageArea, withinMetres: number): SensitivePlace[] {
  const reach = Math.max(area.radiusMetres, withinMetres);
  const found: SensitivePlace[] = [];
  for (const { layer, grid, columns, labelColumns, themeColumns, classColumns } of prepared.pointLayers) {
    for (const row of grid.index.within(area.easting, area.northing, reach)) {
      const x = grid.easting[row]!;
      const y = grid.northing[row]!;
      const distanceMetres = Math.hypot(x - area.easting, y - area.northing);
      const insideCoverage = coverageContains(area, x, y);
      if (!insideCoverage && distanceMetres > withinMetres) continue;
      const get = (name: string) => {
        const column = columns.attributes[name];
        if (column?.kind === 'dictionary') return column.dictionary[column.codes[row]!]!.trim();
        if (column?.kind === 'number') return Number.isFinite(column.values[row]) ? String(column.values[row]) : '';
        return '';
      };
      const { label, category } = describeRecord(get, labelColumns, themeColumns, classColumns, `${layer.layerName} row ${row + 1}`);
      found.push({ ...layer, label, category, geometry: 'point', recordIndex: row, distanceMetres, insideCoverage });
    }
  }
  if (prepared.shapeIndex) {
    const candidates = prepared.shapeIndex.search(area.easting - reach, area.northing - reach, area.easting + reach, area.northing + reach);
    for (const i of candidates) {
      const shape = prepared.shapes[i]!;
      const distanceMetres = shapeDistance(shape, area.easting, area.northing);
      const insideCoverage = distanceMetres === 0 || shapeMeetsCoverage(shape, area);
      if (!insideCoverage && distanceMetres > withinMetres) continue;
      const { layer, label, category, geometry, recordIndex } = shape;
      found.push({ ...layer, label, category, geometry, recordIndex, distanceMetres, insideCoverage });
    }
  }
  return found.sort((a, b) => a.distanceMetres - b.distanceMetres || a.label.localeCompare(b.label) || a.recordIndex - b.recordIndex);
}

/** Distance from (px, py) to segment (ax, ay)-(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}


function shapeDistance(shape: Shape, x: number, y: number): number {
  if (shape.geometry === 'polygon' && insideRings(shape.parts, x, y)) return 0;
  let nearest = Infinity;
  for (const part of shape.parts) {
    if (shape.geometry === 'point' || part.length === 2) {
      for (let i = 0; i < part.length; i += 2) nearest = Math.min(nearest, Math.hypot(part[i]! - x, part[i + 1]! - y));
      continue;
    }
    for (let i = 2; i < part.length; i += 2) nearest = Math.min(nearest, segmentDistance(x, y, part[i - 2]!, part[i - 1]!, part[i]!, part[i + 1]!));
  }
  return nearest;
}

/**
 * Whether a shape and the coverage share a point. Both are closed sets, so they meet when a vertex of the
 * shape is inside the coverage, the coverage (its apex or centre) is inside a polygon, or an edge of the
 * shape crosses the coverage's boundary: for a sector its two straight edges or its arc, for a circle the
 * circle. The apex test is done by the caller (distance 0).
 */
function shapeMeetsCoverage(shape: Shape, area: CoverageArea): boolean {
  for (const part of shape.parts) {
    for (let i = 0; i < part.length; i += 2) if (coverageContains(area, part[i]!, part[i + 1]!)) return true;
  }
  if (shape.geometry === 'point') return false;
  for (const part of shape.parts) {
    for (let i = 2; i < part.length; i += 2) {
      if (segmentMeetsCoverageBoundary(area, part[i - 2]!, part[i - 1]!, part[i]!, part[i + 1]!)) return true;
    }
  }
  return false;
}

/** Whether a segment with both ends outside the coverage crosses its boundary (and so passes through it). */
function segmentMeetsCoverageBoundary(area: CoverageArea, ax: number, ay: number, bx: number, by: number): boolean {
  const { easting: cx, northing: cy, radiusMetres: r, sector } = area;
  if (sector === null) return segmentDistance(cx, cy, ax, ay, bx, by) <= r;
  for (const degrees of [sector.startGridDegrees, sector.startGridDegrees + sector.spanDegrees]) {
    const radians = (degrees * Math.PI) / 180;
    if (segmentsMeet(ax, ay, bx, by, cx, cy, cx + r * Math.sin(radians), cy + r * Math.cos(radians))) return true;
  }
  // Where the segment's line meets the circle: |a + t(b - a) - c| = r, for t in [0, 1], then is that point in the sector's angle?
  const dx = bx - ax;
  const dy = by - ay;
  const fx = ax - cx;
  const fy = ay - cy;
  const a = dx * dx + dy * dy;
  const b = 2 * (fx * dx + fy * dy);
  const c = fx * fx + fy * fy - r * r;
  const discriminant = b * b - 4 * a * c;
  if (a === 0 || discriminant < 0) return false;
  const root = Math.sqrt(discriminant);
  for (const t of [(-b - root) / (2 * a), (-b + root) / (2 * a)]) {
    if (t < 0 || t > 1) continue;
    const gridBearing = ((Math.atan2(fx + t * dx, fy + t * dy) * 180) / Math.PI + 360) % 360;
    if ((gridBearing - sector.startGridDegrees + 360) % 360 <= sector.spanDegrees) return true;
  }
  return false;
}

/** Whether segments p1-p2 and p3-p4 share a point (touching and collinear overlap included). */
function segmentsMeet(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, x4: number, y4: number): boolean {
  const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const onSegment = (ax: number, ay: number, bx: number, by: number, px: number, py: number) =>
    Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
  const d1 = cross(x3, y3, x4, y4, x1, y1);
  const d2 = cross(x3, y3, x4, y4, x2, y2);
  const d3 = cross(x1, y1, x2, y2, x3, y3);
  const d4 = cross(x1, y1, x2, y2, x4, y4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(x3, y3, x4, y4, x1, y1)) ||
    (d2 === 0 && onSegment(x3, y3, x4, y4, x2, y2)) ||
    (d3 === 0 && onSegment(x1, y1, x2, y2, x3, y3)) ||
    (d4 === 0 && onSegment(x1, y1, x2, y2, x4, y4))
  );
}
