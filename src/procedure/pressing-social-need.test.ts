import { describe, expect, it } from 'vitest';
import type { PressingSocialNeed } from '../domain/procedure-record.ts';
import { missingFromPressingSocialNeed, newPressingSocialNeed } from './pressing-social-need.ts';
import { privacyImpactPrefill } from './privacy-impact.ts';
import type { SiteEvidence } from './site-evidence.ts';

const evidence: SiteEvidence = {
  crimes: {
    total: 1240,
    layerName: 'Crime 2025',
    byType: [
      { type: 'Burglary', crimes: 200 },
      { type: 'Vehicle crime', crimes: 640 },
      { type: 'Drugs', crimes: 20 },
      { type: 'Anti-social behaviour', crimes: 380 },
    ],
    hotSpotsTouched: 2,
    hotSpotsTotal: 5,
  },
  residents: { residents: 800, lsoas: 1, layerName: 'Population 2022' },
  transient: null,
  sensitivePlaces: null,
  fit: { nearestExisting: { reference: 'BANES-01', distanceMetres: 850 }, overlapShare: 0.125, marginalCrimes: 900 },
};

describe('Pressing Social Need — factors prefilled from the figures', () => {
  const psn = newPressingSocialNeed(evidence, 'sa-1');

  it('"The numbers of people that are, or could be affected": the crimes in coverage, the three most frequent types and the layer they came from', () => {
    expect(psn.factors['people-affected']).toBe(
      '1,240 crimes recorded within the coverage of this location (layer "Crime 2025"); the most frequent: Vehicle crime (640), Anti-social behaviour (380), Burglary (200). The coverage touches 2 of 5 crime hot spots.',
    );
  });

  it('"How the use of ANPR will assist": the crimes no NRD in use covers and the fit with the nearest', () => {
    expect(psn.factors['how-anpr-helps']).toBe('Of the crimes within the coverage, 900 are covered by no NRD in use. The nearest NRD in use is BANES-01, 850 m away; 12.5% of the coverage is shared with NRDs in use.');
    const alone = newPressingSocialNeed({ ...evidence, fit: { nearestExisting: null, overlapShare: 0, marginalCrimes: 1240 } }, null);
    expect(alone.factors['how-anpr-helps']).toBe('Of the crimes within the coverage, 1,240 are covered by no NRD in use. No NRD in use is on the register to share the coverage.');
  });

  it('"The scope of privacy intrusion": residents and vehicles, saying which layer is missing', () => {
    const { residentImpact, transientImpact } = privacyImpactPrefill(evidence);
    expect(psn.factors['privacy-intrusion']).toBe(`${residentImpact} ${transientImpact}`);
    expect(psn.factors['privacy-intrusion']).toContain('No traffic count layer is loaded');
  });

  it('leaves the factors the figures do not bear on, the weighing and the conclusion to the user', () => {
    expect(psn).toMatchObject({ strategicAssessmentId: 'sa-1', weighing: '', needIdentified: null, figures: null });
    for (const factor of ['damage-or-distress', 'local-views', 'societal-views', 'alternative-tactics'] as const) expect(psn.factors[factor]).toBe('');
  });

  it('prefills nothing without figures, or without the layers a factor needs', () => {
    expect(Object.values(newPressingSocialNeed(null, null).factors).every((text) => text === '')).toBe(true);
    expect(Object.values(newPressingSocialNeed({ crimes: null, residents: null, transient: null, sensitivePlaces: null, fit: null }, null).factors).every((text) => text === '')).toBe(true);
  });
});

describe('Pressing Social Need — what is missing', () => {
  it('wants every factor, the weighing and the conclusion', () => {
    const missing = missingFromPressingSocialNeed(newPressingSocialNeed(null, null));
    expect(missing).toHaveLength(9);
    expect(missing[0]).toBe('Consider "People affected": The numbers of people that are, or could be affected by the issues identified within the strategic assessment.');
    expect(missing.slice(7)).toEqual(['Weigh the factors: "All of the factors considered should be weighed against each other".', 'Say whether a pressing social need is identified.']);
  });

  it('a need weighed and concluded, even "no", lacks nothing', () => {
    const filled: PressingSocialNeed = {
      ...newPressingSocialNeed(evidence, 'sa-1'),
      factors: { 'people-affected': 'a', 'damage-or-distress': 'b', 'local-views': 'c', 'societal-views': 'd', 'alternative-tactics': 'e', 'how-anpr-helps': 'f', 'privacy-intrusion': 'g' },
      weighing: 'Weighed.',
      needIdentified: 'no',
    };
    expect(missingFromPressingSocialNeed(filled)).toEqual([]);
  });
});
