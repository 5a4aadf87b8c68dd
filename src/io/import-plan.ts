import type { LayerKind } from '../domain/layer.ts';
import type { AnyFormatDriver } from './format-driver.ts';

export interface FileToPlan {
  name: string;
  bytes: number;
  /** The decoded start of the file (decodeHead), empty for binary formats such as a zip. */
  head: string;
}

export interface PlannedFile {
  name: string;
  bytes: number;
  /** The best driver for this file, or null when none recognises it. */
  driverId: string | null;
  /** Every driver that could read it, best first, for the user to overrule the guess. */
  candidates: { driverId: string; label: string; score: number; readsInto: 'layer' | 'register' }[];
}

/** One layer to be made: which files (by index in the drop) it reads and which it joins to. */
export interface ImportJob {
  layerName: string;
  driverId: string;
  /** Null: the kind the driver finds (crime for police.uk, population for a population table, ...). */
  kind: LayerKind | null;
  fileIndexes: number[];
  companionIndexes: number[];
}

const BOUNDARY_FORMATS = new Set(['geojson', 'topojson', 'shapefile-zip']);
const LSOA_CODE = /\b[EW]01\d{6}\b/;

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

export function planFiles(files: FileToPlan[], drivers: AnyFormatDriver[]): PlannedFile[] {
  return files.map((file) => {
    const candidates = drivers
      .filter((driver) => driver.extensions.includes(extensionOf(file.name)))
      .map((driver) => ({ driverId: driver.id, label: driver.label, score: driver.detect(file), readsInto: driver.readsInto ?? ('layer' as const) }))
      .sort((a, b) => b.score - a.score);
    const best = candidates[0];
    // Even a weak claim wins over none: the driver's own error then says what is wrong with the file
    // (empty, wrong delimiter, no coordinate columns), which "not recognised" would not.
    return { name: file.name, bytes: file.bytes, driverId: best && best.score > 0 ? best.driverId : null, candidates };
  });
}

function baseName(name: string): string {
  return name.replace(/\.[^.]+$/, '');
}

/**
 * Groups the files of one drop into layers: every police.uk month into one crime layer, a population
 * table with the LSOA boundary file it is joined to, and each other file a layer of its own.
 */
export function planJobs(planned: PlannedFile[], heads: string[], drivers: AnyFormatDriver[]): ImportJob[] {
  const label = (id: string) => drivers.find((driver) => driver.id === id)?.label ?? id;
  const jobs: ImportJob[] = [];
  const used = new Set<number>();

  const crimeFiles = planned.flatMap((file, i) => (file.driverId === 'police-uk-csv' ? [i] : []));
  if (crimeFiles.length > 0) {
    crimeFiles.forEach((i) => used.add(i));
    const layerName = crimeFiles.length === 1 ? baseName(planned[crimeFiles[0]!]!.name) : `Street crime (${crimeFiles.length} files)`;
    jobs.push({ layerName, driverId: 'police-uk-csv', kind: null, fileIndexes: crimeFiles, companionIndexes: [] });
  }

  for (const [i, file] of planned.entries()) {
    if (file.driverId !== 'lsoa-population-csv') continue;
    used.add(i);
    const boundaries = planned.flatMap((other, j) => (!used.has(j) && other.driverId && BOUNDARY_FORMATS.has(other.driverId) ? [j] : []));
    // Prefer a boundary file that shows LSOA codes; a zip shows nothing until it is read.
    const companion = boundaries.find((j) => LSOA_CODE.test(heads[j] ?? '')) ?? boundaries[0];
    if (companion !== undefined) used.add(companion);
    jobs.push({ layerName: baseName(file.name), driverId: file.driverId, kind: null, fileIndexes: [i], companionIndexes: companion === undefined ? [] : [companion] });
  }

  for (const [i, file] of planned.entries()) {
    if (used.has(i) || !file.driverId) continue;
    jobs.push({ layerName: baseName(file.name) || label(file.driverId), driverId: file.driverId, kind: null, fileIndexes: [i], companionIndexes: [] });
  }
  return jobs;
}
