import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analyse, parseArguments, writeResult } from '../../scripts/analyse.ts';
import { SiteDraft, type Site } from '../../src/domain/site.ts';
import { registerCsv } from '../../src/io/register-export.ts';
import { parsePoliceUkCsv } from '../../src/io/police-uk-csv.ts';
import { decodeText } from '../../src/io/text-decoding.ts';
import { wgs84ToBng } from '../../src/geo/british-national-grid.ts';
import { coverageArea, coverageContains } from '../../src/geo/coverage-area.ts';
import { FIXED_TIME } from '../fixtures/domain.ts';

const SAMPLE = new URL('../../data/sample/', import.meta.url).pathname;

describe('npm run analyse', () => {
  it('reads its arguments, several files to a flag, and refuses what cannot work', () => {
    expect(parseArguments(['--sites', 's.csv', '--crime', 'a.csv', 'b.csv', '--within', '100', '--out', 'o.csv'])).toMatchObject({ sites: 's.csv', crime: ['a.csv', 'b.csv'], withinMetres: 100, out: 'o.csv' });
    expect(() => parseArguments(['--sites', 's.csv', '--out', 'o.csv'])).toThrow(/--crime/);
    expect(() => parseArguments(['--sites', 's.csv', '--crime', 'a.csv', '--out', 'o.txt'])).toThrow(/\.json or \.csv/);
    expect(() => parseArguments(['--sites', 's.csv', '--crime', 'a.csv', '--population', 'p.csv', '--out', 'o.csv'])).toThrow(/--lsoa/);
    expect(() => parseArguments(['--bogus'])).toThrow(/Unknown argument --bogus/);
  });

  it('writes one CSV row per site, keyed by its reference, with crime counts a brute-force loop agrees with', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nrd-analyse-'));
    const drafts = z.array(SiteDraft).parse(JSON.parse(readFileSync(`${SAMPLE}sites.json`, 'utf8')));
    // The sample's own sectors catch few crimes: make them 300 m circles so the counts mean something.
    const sites: Site[] = drafts.map((draft) => ({ ...draft, bearingDegrees: null, rangeMetres: 300, id: draft.reference, workspaceId: 'w', statusHistory: [], revision: 0, createdAt: FIXED_TIME, updatedAt: FIXED_TIME }));
    writeFileSync(path.join(dir, 'sites.csv'), registerCsv(sites));
    const crimeFile = `${SAMPLE}crime-2023-01-avon-and-somerset.csv`;
    const options = parseArguments(['--sites', path.join(dir, 'sites.csv'), '--crime', crimeFile, '--lsoa', `${SAMPLE}lsoa-population-avon-and-somerset.geojson`, '--out', path.join(dir, 'out.csv')]);
    const result = await analyse(options);
    writeResult(options.out, result.sites, result.figures);
    const table = Papa.parse<Record<string, string>>(readFileSync(options.out, 'utf8'), { header: true, skipEmptyLines: true });
    expect(table.meta.fields!.slice(0, 4)).toEqual(['site_id', 'reference', 'crimes_total', 'crimes_share_of_layer']);
    expect(table.meta.fields).toContain('crimes_violence_and_sexual_offences');
    expect(table.data.map((row) => row.site_id)).toEqual(sites.map((site) => site.reference).sort());
    // No traffic file was given: its columns are empty, not 0.
    expect(table.data.every((row) => row.vehicles_per_day === '')).toBe(true);

    const crimes = parsePoliceUkCsv(decodeText(new Uint8Array(readFileSync(crimeFile))), 'crime.csv').columns;
    for (const site of sites) {
      const area = coverageArea(site);
      let expected = 0;
      for (let i = 0; i < crimes.count; i++) {
        const { easting, northing } = wgs84ToBng({ lon: crimes.lon[i]!, lat: crimes.lat[i]! });
        if (coverageContains(area, easting, northing)) expected++;
      }
      const row = table.data.find((r) => r.site_id === site.reference)!;
      expect(Number(row.crimes_total), site.reference).toBe(expected);
      expect(Number(row.residents)).toBeGreaterThan(0);
    }
  });
});
