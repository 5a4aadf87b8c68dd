import { describe, expect, it } from 'vitest';
import type { FormatDriver } from './format-driver.ts';
import { planFiles, planJobs } from './import-plan.ts';

/** Drivers that recognise a file by a marker in its head, standing in for the real ones' detect(). */
function driver(id: string, extensions: string[], marker: string): FormatDriver {
  return {
    id,
    label: id,
    extensions,
    detect: ({ head }) => (head.includes(marker) ? 0.9 : 0.1),
    read: () => Promise.reject(new Error('not read in planning')),
  };
}
const drivers = [
  driver('police-uk-csv', ['.csv'], 'Crime ID'),
  driver('lsoa-population-csv', ['.csv'], 'population'),
  driver('point-csv', ['.csv'], 'Easting'),
  driver('geojson', ['.geojson', '.json'], 'FeatureCollection'),
  driver('shapefile-zip', ['.zip'], ''),
];

const file = (name: string, head: string) => ({ name, bytes: head.length, head });

describe('planning an import', () => {
  it('puts every police.uk month into one crime layer and each other file into its own', () => {
    const files = [
      file('2023-01-street.csv', 'Crime ID,Month'),
      file('schools.csv', 'Name,Easting,Northing'),
      file('2023-02-street.csv', 'Crime ID,Month'),
      file('notes.docx', ''),
    ];
    const planned = planFiles(files, drivers);
    expect(planned.map((p) => p.driverId)).toEqual(['police-uk-csv', 'point-csv', 'police-uk-csv', null]);
    expect(planned[0]!.candidates.map((c) => c.driverId)).toEqual(['police-uk-csv', 'lsoa-population-csv', 'point-csv']);
    const jobs = planJobs(planned, files.map((f) => f.head), drivers);
    expect(jobs).toEqual([
      { layerName: 'Street crime (2 files)', driverId: 'police-uk-csv', kind: null, fileIndexes: [0, 2], companionIndexes: [] },
      { layerName: 'schools', driverId: 'point-csv', kind: null, fileIndexes: [1], companionIndexes: [] },
    ]);
  });

  it('joins a population table to the boundary file that shows LSOA codes', () => {
    const files = [
      file('force-areas.geojson', '{"type":"FeatureCollection","features":[{"properties":{"name":"Essex"}'),
      file('population.csv', 'LSOA11CD,population'),
      file('lsoa.geojson', '{"type":"FeatureCollection","features":[{"properties":{"code":"E01014399"}'),
    ];
    const jobs = planJobs(planFiles(files, drivers), files.map((f) => f.head), drivers);
    expect(jobs).toEqual([
      { layerName: 'population', driverId: 'lsoa-population-csv', kind: null, fileIndexes: [1], companionIndexes: [2] },
      { layerName: 'force-areas', driverId: 'geojson', kind: null, fileIndexes: [0], companionIndexes: [] },
    ]);
  });

  it('joins a population table to a zipped shapefile, whose codes cannot be seen before it is read', () => {
    const files = [file('population.csv', 'LSOA11CD,population'), file('lsoa-2011.zip', '')];
    expect(planJobs(planFiles(files, drivers), ['', ''], drivers)[0]!.companionIndexes).toEqual([1]);
  });
});
