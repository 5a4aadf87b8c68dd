import { describe, expect, it } from 'vitest';
import { exampleSite, FIXED_TIME } from '../../test/fixtures/domain.ts';
import { crimeLayerAt } from '../../test/fixtures/crime-layer.ts';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import { freezeAreaFit, freezeSiteFigures, siteEvidence } from './frozen-figures.ts';
import { prepareSensitivePlaces } from './sensitive-places.ts';
import { siteFigures, type AnalysisInputs } from './site-figures.ts';

// A circle of 100 m round (375000, 164000), and an NRD in use 1 km east with the same circle.
const at = (easting: number, northing: number) => bngToWgs84({ easting, northing });
const site = exampleSite({ id: 'p', reference: 'P1', name: 'Saltford', kind: 'proposed', status: 'proposed', bearingDegrees: null, rangeMetres: 100, ...at(375000, 164000) });
const inUse = exampleSite({ id: 'e', reference: 'E1', bearingDegrees: null, rangeMetres: 100, ...at(376000, 164000) });
const layer = crimeLayerAt([
  { e: 375010, n: 164010, type: 'Burglary' },
  { e: 374950, n: 164000, type: 'Burglary' },
  { e: 375000, n: 164090, type: 'Vehicle crime' },
  { e: 375500, n: 164000, type: 'Burglary' },
]);
const inputs: AnalysisInputs = { crime: { layerName: 'Street crime', layer, filter: null, hotSpots: [] }, lsoas: null, traffic: null, sensitive: prepareSensitivePlaces([]) };

describe('figures frozen into a procedure record', () => {
  const figures = siteFigures(site, [site, inUse], inputs, { sensitiveWithinMetres: 250 });

  it('writes the crimes in coverage, by type, and the fit as the site panel words them', () => {
    const frozen = freezeSiteFigures('P1 Saltford', figures, FIXED_TIME);
    expect(frozen).toEqual({
      takenAt: FIXED_TIME,
      subject: 'P1 Saltford',
      layers: ['Street crime'],
      rows: [
        { label: 'Crimes in coverage', value: '3 (75% of 4)' },
        { label: '  Burglary', value: '2' },
        { label: '  Vehicle crime', value: '1' },
        { label: 'Nearest NRD in use', value: 'E1, 1,000 m' },
        { label: 'Coverage shared with NRDs in use', value: '0%' },
        { label: 'Crimes no NRD in use covers', value: '3' },
      ],
    });
  });

  it('gives the procedure the same numbers to prefill from', () => {
    expect(siteEvidence(figures)).toEqual({
      crimes: { total: 3, layerName: 'Street crime', byType: [{ type: 'Burglary', crimes: 2 }, { type: 'Vehicle crime', crimes: 1 }], hotSpotsTouched: 0, hotSpotsTotal: 0 },
      residents: null,
      transient: null,
      sensitivePlaces: null,
      fit: { nearestExisting: { reference: 'E1', distanceMetres: expect.closeTo(1000, 3) }, overlapShare: 0, marginalCrimes: 3 },
    });
  });

  it('writes a force area\'s coverage with each share of its crimes', () => {
    const frozen = freezeAreaFit(
      { area: 'Avon and Somerset', crimes: 200, coveredByExisting: 50, coveredByProposed: 30, coveredByBoth: 10, coveredByEither: 70, uncoveredHotSpots: [], hotSpotsCovered: 2, hotSpots: 5 },
      FIXED_TIME,
    );
    expect(frozen.rows).toEqual([
      { label: 'Crimes in the area', value: '200' },
      { label: 'Covered by NRDs in use', value: '50 (25%)' },
      { label: 'Covered by proposed sites', value: '30 (15%)' },
      { label: 'Covered by either', value: '70 (35%)' },
      { label: 'Hot spots covered', value: '2 of 5' },
    ]);
  });
});
