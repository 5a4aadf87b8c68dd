import { describe, expect, it } from 'vitest';
import type { StrategicAssessment } from '../domain/procedure-record.ts';
import { newStrategicAssessment } from './strategic-assessment.ts';
import { PRIORITY_WEIGHTS, THREAT_OF_CRIME_TYPE, crimeTypeWeights, latestAssessmentFor, threatOfCrimeType, weightsBasis } from './threat-priorities.ts';

/** data.police.uk's crime types, as its street-level CSVs spell them. */
const POLICE_UK_TYPES = [
  'Anti-social behaviour',
  'Bicycle theft',
  'Burglary',
  'Criminal damage and arson',
  'Drugs',
  'Other crime',
  'Other theft',
  'Possession of weapons',
  'Public order',
  'Robbery',
  'Shoplifting',
  'Theft from the person',
  'Vehicle crime',
  'Violence and sexual offences',
];

const assessment = (priorities: StrategicAssessment['priorities'], overrides: Partial<StrategicAssessment> = {}): StrategicAssessment => ({
  ...newStrategicAssessment('Avon and Somerset', '2026-03-01'),
  ...(priorities === undefined ? {} : { priorities }),
  ...overrides,
});

describe('Assessing the need for ANPR — each crime type under one of the four categories of strategic threat', () => {
  it('places every data.police.uk crime type, and no other', () => {
    expect(Object.keys(THREAT_OF_CRIME_TYPE).sort()).toEqual([...POLICE_UK_TYPES].sort());
  });

  it('Serious, Organised and Major Crime: drugs, weapons and robbery; Community Confidence: anti-social behaviour and public order; the rest Local Crime', () => {
    const by = (category: string) => POLICE_UK_TYPES.filter((type) => threatOfCrimeType(type) === category);
    expect(by('serious-organised-crime')).toEqual(['Drugs', 'Possession of weapons', 'Robbery']);
    expect(by('community-confidence')).toEqual(['Anti-social behaviour', 'Public order']);
    expect(by('local-crime')).toHaveLength(9);
    expect(by('national-security')).toEqual([]);
  });

  it('Local Crime: matches whatever the case and spacing, and takes a type it does not know as local crime', () => {
    expect(threatOfCrimeType('  possession  OF weapons ')).toBe('serious-organised-crime');
    expect(threatOfCrimeType('ANTI-SOCIAL BEHAVIOUR')).toBe('community-confidence');
    expect(threatOfCrimeType('Fraud')).toBe('local-crime');
    expect(threatOfCrimeType('')).toBe('local-crime');
  });
});

describe('Assessing the need for ANPR — crimes weighted by the priorities of the strategic assessment', () => {
  it('weighs high 3, medium 2, low 1 and not a priority 0', () => {
    expect(PRIORITY_WEIGHTS).toEqual({ high: 3, medium: 2, low: 1, 'not-a-priority': 0 });
  });

  it('gives one weight per crime type, in the order given, from the priority of its category', () => {
    const sa = assessment({ 'serious-organised-crime': 'high', 'local-crime': 'medium', 'community-confidence': 'not-a-priority' });
    expect(crimeTypeWeights(sa, ['Vehicle crime', 'drugs', 'Public order', 'Fraud'])).toEqual([
      { crimeType: 'Vehicle crime', category: 'local-crime', priority: 'medium', weight: 2 },
      { crimeType: 'drugs', category: 'serious-organised-crime', priority: 'high', weight: 3 },
      { crimeType: 'Public order', category: 'community-confidence', priority: 'not-a-priority', weight: 0 },
      { crimeType: 'Fraud', category: 'local-crime', priority: 'medium', weight: 2 },
    ]);
  });

  it('weighs a category the assessment does not rate as 1, so that without an assessment crimes are plainly counted', () => {
    const unrated = [null, assessment(undefined), assessment({}), assessment({ 'national-security': 'high' })];
    for (const sa of unrated) {
      expect(crimeTypeWeights(sa, POLICE_UK_TYPES).map(({ priority, weight }) => [priority, weight])).toEqual(POLICE_UK_TYPES.map(() => [null, 1]));
    }
    expect(crimeTypeWeights(assessment({ 'local-crime': 'low' }), ['Robbery', 'Burglary']).map(({ weight }) => weight)).toEqual([1, 1]);
    expect(crimeTypeWeights(null, [])).toEqual([]);
  });
});

describe('Introduction — the strategic assessment as "the essential source of information": saying where the weights come from', () => {
  it('names the assessment and each rated category with its weight', () => {
    expect(weightsBasis(assessment({ 'serious-organised-crime': 'high', 'community-confidence': 'not-a-priority' }))).toBe(
      'From the strategic assessment for Avon and Somerset of 2026-03-01: Serious, Organised and Major Crime high (3); Local Crime not rated (1); Community Confidence and Reassurance/ Crime Prevention and Reduction not a priority (0).',
    );
  });

  it('says when there is no assessment, or it rates none of the threats crimes fall under', () => {
    expect(weightsBasis(null)).toBe('No strategic assessment rates its threats: every crime type weighs 1.');
    expect(weightsBasis(assessment(undefined))).toBe('The strategic assessment for Avon and Somerset of 2026-03-01 rates none of the threats crimes fall under: every crime type weighs 1.');
    expect(weightsBasis(assessment({ 'national-security': 'high' }, { area: ' ', assessedOn: '' }))).toBe('The strategic assessment for an unnamed area rates none of the threats crimes fall under: every crime type weighs 1.');
  });
});

describe('Review of ANPR Infrastructure — the strategic assessment the weights are taken from', () => {
  const record = (recordId: string, area: string, assessedOn: string) => ({ recordId, content: newStrategicAssessment(area, assessedOn) });
  const assessments = [record('a', 'Avon and Somerset', '2025-01-01'), record('b', 'Wiltshire', '2026-06-01'), record('c', ' avon and SOMERSET', '2026-03-01'), record('d', 'Gloucestershire', '')];

  it('takes the newest assessment of the force area, whatever its case and spacing', () => {
    expect(latestAssessmentFor('Avon  and Somerset', assessments)?.recordId).toBe('c');
  });

  it('else the newest of any, a dated one before an undated draft; else none', () => {
    expect(latestAssessmentFor('Dorset', assessments)?.recordId).toBe('b');
    expect(latestAssessmentFor('', [assessments[3]!, assessments[0]!])?.recordId).toBe('a');
    expect(latestAssessmentFor('Avon and Somerset', [])).toBeNull();
  });
});
