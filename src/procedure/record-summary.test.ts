import { describe, expect, it } from 'vitest';
import { exampleSite, exampleStrategicAssessment } from '../../test/fixtures/domain.ts';
import { newAnnualReview } from './annual-review.ts';
import { recordSummary } from './record-summary.ts';

const site = exampleSite({ reference: 'BANES-E02', name: 'Swainswick', road: 'A46' });

describe('Appendix A — a review as the evidence pack prints it', () => {
  it('keeps the template\'s questions in order and ticks "Continued Operation of NRD" as the template has it', () => {
    const review = {
      ...newAnnualReview(site, 'first', '2026-11-20', null, null, null),
      relevantAndNeedRemains: 'yes' as const,
      successful: 'yes' as const,
      locationImpact: 'Main road.',
      residentImpact: 'About 40 residents.',
      transientImpact: 'Through traffic.',
      proportionate: 'yes' as const,
      continuedOperation: 'yes' as const,
      reasonOrJustification: 'Still relevant.',
    };
    const rows = recordSummary({ kind: 'annual-review', content: review });
    expect(rows.map((row) => row.label)).toEqual([
      'Location of ANPR NRD (ANPR Camera):',
      'Date of Review:',
      'Is location relevant in the context of the strategic assessment and does a pressing social need for a policing response remain?',
      'Has ANPR been successful in meeting the aims that justified installation at this location?',
      'Review potential privacy impacts in relation to the location, the resident population and the transient population. The location',
      'The resident population',
      'The transient population',
      'Is continued deployment at location a proportionate response to the assessment?',
      'Continued Operation of NRD',
      'Reason for decommissioning or Justification for continued deployment',
    ]);
    expect(rows.find((row) => row.label === 'Continued Operation of NRD')!.value).toBe('Yes [x] No [ ]');
  });

  it('stops at the first "No": a location no longer relevant goes straight to the outcome', () => {
    const review = { ...newAnnualReview(site, 'later', '2026-11-20', null, null, null), relevantAndNeedRemains: 'no' as const, continuedOperation: 'no' as const, reasonOrJustification: 'Bypass opened.' };
    const rows = recordSummary({ kind: 'annual-review', content: review });
    expect(rows.map((row) => row.value).slice(2)).toEqual(['No', 'Yes [ ] No [x]', 'Bypass opened.']);
  });

  it('says the earlier assessment stands in a later review whose privacy considerations have not changed (step 5)', () => {
    const review = { ...newAnnualReview(site, 'later', '2026-11-20', null, null, null), relevantAndNeedRemains: 'yes' as const, successful: 'yes' as const, privacyChanged: 'no' as const };
    const proportionate = recordSummary({ kind: 'annual-review', content: review }).find((row) => row.label.startsWith('Is continued deployment'))!;
    expect(proportionate.value).toBe('Privacy considerations have not changed: the earlier assessment stands');
  });
});

describe('Assessing the need for ANPR — a strategic assessment as the evidence pack prints it', () => {
  it('gives each category of strategic threat its priority, when one is set', () => {
    const content = exampleStrategicAssessment(null, { priorities: { 'serious-organised-crime': 'high', 'local-crime': 'not-a-priority' } });
    const rows = recordSummary({ kind: 'strategic-assessment', content }).slice(2, 6);
    expect(rows).toEqual([
      { label: 'National security and counter terrorism', value: '—' },
      { label: 'Serious, Organised and Major Crime', value: 'Priority: High — County lines along the A36.' },
      { label: 'Local Crime', value: 'Priority: Not a priority' },
      { label: 'Community Confidence and Reassurance/ Crime Prevention and Reduction', value: '—' },
    ]);
  });

  it('prints an assessment saved before priorities existed as it always did', () => {
    const rows = recordSummary({ kind: 'strategic-assessment', content: exampleStrategicAssessment(null) });
    expect(rows.find((row) => row.label === 'Serious, Organised and Major Crime')!.value).toBe('County lines along the A36.');
  });
});
