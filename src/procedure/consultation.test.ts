import { describe, expect, it } from 'vitest';
import { missingFromConsultation, newConsultation } from './consultation.ts';

describe('Privacy assessment process, step 5 — the record of a consultation', () => {
  it('starts held today, disclosing the general area: "The exact locations for new ANPR infrastructure need not be disclosed"', () => {
    expect(newConsultation('2026-11-25')).toEqual({ consultees: '', heldOn: '2026-11-25', method: '', said: '', outcome: '', locationDisclosure: 'general-area', transparency: '' });
  });

  it('wants who, when, how, what was said and the outcome', () => {
    expect(missingFromConsultation({ ...newConsultation('2026-11-25'), heldOn: '' })).toEqual([
      'Say who was consulted: persons, organisations or consultation groups.',
      'Give the date of the consultation.',
      'Say how the consultation was conducted.',
      'Record what was said.',
      'Record the outcome of the consultation.',
    ]);
    const held = { ...newConsultation('2026-11-25'), consultees: 'Bath community safety partnership', method: 'Meeting', said: 'Support, with signs asked for.', outcome: 'Signs added to the plan.' };
    expect(missingFromConsultation(held)).toEqual([]);
  });
});
