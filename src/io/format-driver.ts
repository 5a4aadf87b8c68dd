import type { FeatureCollection } from 'geojson';
import type { Layer, LayerKind, SourceCrs } from '../domain/layer.ts';
import type { SiteDraft } from '../domain/site.ts';
import type { PointColumns } from '../domain/point-columns.ts';
import type { ImportReport } from './import-report.ts';

/** A file as the user gave it: its name and its bytes, not yet decoded. */
export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

/** What a driver made of one file: a layer's data, ready to store, and the report of what happened. */
export type ParsedLayer =
  | {
      geometry: 'point';
      columns: PointColumns;
      kind: LayerKind;
      sourceCrs: SourceCrs;
      report: ImportReport;
    }
  | {
      geometry: Exclude<Layer['geometry'], 'point'>;
      features: FeatureCollection;
      kind: LayerKind;
      sourceCrs: SourceCrs;
      report: ImportReport;
    };

/**
 * An NRD list read from a file: sites for the register rather than a layer. Each keeps the row (CSV,
 * 1-based with the header as row 1) or feature (GeoJSON, 1-based) it came from, so that a later check
 * (a reference already in the register) can be reported against the file.
 */
export interface ParsedRegister {
  geometry: 'register';
  sites: { row: number; site: SiteDraft }[];
  sourceCrs: SourceCrs;
  report: ImportReport;
}

export interface ImportProgress {
  file: string;
  rowsRead: number;
  /** Bytes of this file dealt with so far, for a progress bar and an estimate of the time left. */
  bytesRead: number;
  bytesTotal: number;
}

/**
 * A question only the user can answer (which columns hold the coordinates, which the population),
 * asked when the file does not make it plain. The import stops; the user's answer goes back in
 * `ImportContext.choices[id]` and the import runs again.
 */
export interface ImportQuestion {
  id: string;
  file: string;
  prompt: string;
  options: { value: string; label: string }[];
}

export class ImportNeedsChoice extends Error {
  constructor(readonly question: ImportQuestion) {
    super(`${question.file}: ${question.prompt}`);
    this.name = 'ImportNeedsChoice';
  }
}

export interface ImportContext {
  onProgress(progress: ImportProgress): void;
  /** Answers to earlier ImportQuestions, by question id. */
  choices: Record<string, string>;
  /**
   * State a driver keeps across the files of one layer, under its own id: what the other files have
   * already read, for drivers that merge several files into one layer (police.uk months: a Crime ID
   * seen in one file is a duplicate in the next). New for every layer of an import.
   */
  jobState: Map<string, unknown>;
  /** Files given together with this one, for drivers that join (population CSV to LSOA boundaries). */
  companions: SourceFile[];
}

/** One file format: adding a format is adding one driver to the registry. */
export interface FormatDriver<Result extends ParsedLayer | ParsedRegister = ParsedLayer> {
  id: string;
  label: string;
  /** File name endings it reads, lower case with the dot: ['.csv']. */
  extensions: string[];
  /** The attribution a file of this format carries as published (e.g. data.police.uk's OGL line). */
  attribution?: string;
  /** 'register' for a driver whose sites go into the NRD register rather than onto a map layer. */
  readsInto?: 'register';
  /**
   * How sure the driver is that it reads this file, from 0 (not at all) to 1 (certain), judged from
   * the name and the decoded start of the file (its header line, or the first characters of a JSON file).
   */
  detect(file: { name: string; head: string }): number;
  read(file: SourceFile, context: ImportContext): Promise<Result>;
}

/** A driver of either kind: one that makes a layer, or one that reads an NRD list into the register. */
export type AnyFormatDriver = FormatDriver<ParsedLayer> | FormatDriver<ParsedRegister>;
