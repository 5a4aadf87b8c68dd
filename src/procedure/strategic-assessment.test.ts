import { describe, expect, it } from 'vitest';
import type { StrategicAssessment } from '../domain/procedure-record.ts';
import { assessmentsForArea, missingFromStrategicAssessment, newStrategicAssessment, strategicAssessmentStanding } from './strategic-assessment.ts';

const complete = (overrides: Partial<StrategicAssessment> = {}): StrategicAssessment => ({
  ...newStrategicAssessment('Avon and Somerset', '2026-01-15'),
  threats: {
    'national-security': 'Port of Bristol and Avonmouth: CNI.',
    'serious-organised-crime': 'County lines along the M5 and A4.',
    'local-crime': 'Vehicle crime and burglary in Bath.',
    'community-confidence': 'Not relevant: no community proposal in this period.',
  },
  evidence: [{ id: 'e1', category: 'local-crime', title: 'Crime 2025', text: 'police.uk crimes for 2025', attachment: null, layer: null, figures: null }],
  retention: 'Kept 6 years after the last NRD it supports is decommissioned.',
  ...overrides,
});

describe('Introduction — the strategic assessment "maintained and reviewed at regular intervals"', () => {
  it('starts dated today, with the four categories empty and the next review 12 months on', () => {
    expect(newStrategicAssessment('Avon and Somerset', '2024-02-29')).toEqual({
      area: 'Avon and Somerset',
      assessedOn: '2024-02-29',
      threats: { 'national-security': '', 'serious-organised-crime': '', 'local-crime': '', 'community-confidence': '' },
      evidence: [],
      retention: '',
      nextReviewOn: '2025-02-28',
    });
  });

  it('is out of date once its next review date has passed', () => {
    const sa = complete({ nextReviewOn: '2027-01-15' });
    expect(strategicAssessmentStanding(sa, '2027-01-15')).toEqual({ current: true, message: null });
    expect(strategicAssessmentStanding(sa, '2027-01-16')).toEqual({
      current: false,
      message: 'The strategic assessment of Avon and Somerset was due for review on 2027-01-15: it is to be "reviewed at regular intervals to ensure that it remains relevant".',
    });
  });
});

describe('Assessing the need for ANPR — what a strategic assessment must have', () => {
  it('a complete assessment lacks nothing; an explicit "not relevant" counts as an assessment', () => {
    expect(missingFromStrategicAssessment(complete())).toEqual([]);
  });

  it('wants the area, the date, each of the four categories and the next review date', () => {
    const missing = missingFromStrategicAssessment({ ...newStrategicAssessment(' ', '2026-01-15'), assessedOn: '', nextReviewOn: '', evidence: complete().evidence });
    expect(missing).toEqual([
      'Name the force or area assessed.',
      'Give the date of the assessment.',
      'Assess "National security and counter terrorism", or say why it is not relevant to the area.',
      'Assess "Serious, Organised and Major Crime", or say why it is not relevant to the area.',
      'Assess "Local Crime", or say why it is not relevant to the area.',
      'Assess "Community Confidence and Reassurance/ Crime Prevention and Reduction", or say why it is not relevant to the area.',
      'Set the date of the next review: the strategic assessment is to be "maintained and reviewed at regular intervals".',
    ]);
  });

  it('"a reference to these categories, in isolation, is unlikely to be sufficient": wants evidence with something in it', () => {
    const empty = { id: 'e1', category: null, title: 'Untitled', text: ' ', attachment: null, layer: null, figures: null };
    for (const evidence of [[], [empty]]) {
      expect(missingFromStrategicAssessment(complete({ evidence }))).toEqual([expect.stringContaining('a reference to these categories, in isolation, is unlikely to be sufficient')]);
    }
    expect(missingFromStrategicAssessment(complete({ evidence: [{ ...empty, layer: { id: 'l1', name: 'Crime 2025' } }] }))).toEqual([]);
  });

  it('wants the next review after the assessment', () => {
    expect(missingFromStrategicAssessment(complete({ nextReviewOn: '2026-01-15' }))).toEqual(['The next review (2026-01-15) must come after the assessment (2026-01-15).']);
  });
});

describe('Review of ANPR Infrastructure — the strategic assessment a site cites', () => {
  const record = (recordId: string, area: string, assessedOn: string) => ({ recordId, content: newStrategicAssessment(area, assessedOn) });

  it('matches the force area whatever its case and spacing, newest first', () => {
    const assessments = [record('a', 'Avon and Somerset', '2025-01-01'), record('b', 'Wiltshire', '2026-01-01'), record('c', ' avon  and SOMERSET ', '2026-03-01'), record('d', 'Avon and Somerset', '')];
    expect(assessmentsForArea('avon  and somerset', assessments).map(({ recordId }) => recordId)).toEqual(['c', 'a', 'd']);
  });

  it('gives nothing for a site with no force area', () => {
    expect(assessmentsForArea(' ', [record('a', '', '2025-01-01')])).toEqual([]);
  });
});
